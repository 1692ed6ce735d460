//! `safeguard add report`: a report of a kind, with a section for each item of the
//! kind's checklist, its heading already claiming the item, and the sign-offs and
//! circulation the checklist asks for written out as comments to fill in once they
//! happen.

use crate::reports::{Place, ReportKind};

/// The financial year that ended last before `today`: `2025-26` from December 2026.
fn last_year(today: jiff::civil::Date) -> String {
    let start = match today.month() >= 4 {
        true => today.year() - 1,
        false => today.year() - 2,
    };
    format!("{start}-{:02}", (start + 1) % 100)
}

/// The new report's text, before `fill` puts in its title and dates.
pub(super) fn text(kind: ReportKind, today: jiff::civil::Date) -> String {
    let items = kind.checklist();
    let entries = |place: Place, line: &dyn Fn(&str, &str) -> String| -> String {
        items
            .iter()
            .filter(|i| i.place == place)
            .map(|i| line(i.id, i.suggested))
            .collect()
    };
    let approvals = entries(Place::Approval, &|id, role| {
        format!("  #  - {{ name: …, role: {role}, date: YYYY-MM-DD, covers: {id} }}\n")
    });
    let sent = entries(Place::Circulation, &|id, to| {
        format!("  #  - {{ to: {to}, date: YYYY-MM-DD, covers: {id} }}\n")
    });
    let sections: String = items
        .iter()
        .filter(|i| i.place == Place::Section)
        .map(|i| {
            format!(
                "\n## {} {{covers={}}}\n\n{} ({})\n",
                i.suggested, i.id, i.asks, i.source
            )
        })
        .collect();
    let sections = match sections.is_empty() {
        true => "\n## Summary\n\nWrite the report here in Markdown.\n".to_string(),
        false => sections,
    };
    include_str!("kinds/report.md")
        .replace("{kind}", kind.as_str())
        .replace("{period}", &last_year(today))
        .replace("{approvals}", &approvals)
        .replace("{circulation}", &sent)
        .replace("{sections}", &sections)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_year_is_the_one_that_ended_last() {
        assert_eq!(last_year(jiff::civil::date(2026, 12, 2)), "2025-26");
        assert_eq!(last_year(jiff::civil::date(2026, 3, 31)), "2024-25");
        assert_eq!(last_year(jiff::civil::date(2000, 4, 1)), "1999-00");
    }
}
