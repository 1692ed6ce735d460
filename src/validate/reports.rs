//! Reports against their checklists: a warning at the report's `kind` for every
//! item nothing claims, an error at every claim that meets nothing, and warnings
//! for dates that do not add up (sent later than the law allows, approved after
//! publication). A claim in a page that is not a report is an error.

use crate::content::Source;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::reports::{Coverage, Item, Place, Wrong, coverage, days_late};
use crate::site::{At, Claims, Site};

pub fn check(site: &Site, diags: &mut Diagnostics) {
    for page in &site.pages {
        let Some(source) = site.source_of(page) else {
            continue;
        };
        if let Some(at) = page.stray_claim() {
            diags.push(
                Diagnostic::error(
                    &source.rel,
                    "only a report's sections claim checklist items: add `type: report` and a `report:` block to this page, or remove `covers=` from the heading",
                )
                .at_offset(&source.text, at),
            );
        }
        if let Some(claims) = page.claims() {
            report(source, &claims, diags);
        }
    }
}

fn report(source: &Source, claims: &Claims<'_>, diags: &mut Diagnostics) {
    let kind = claims.kind();
    let c = coverage(kind, &claims.claims);
    let place = |d: Diagnostic, at: At| at.on(d, &source.text);
    for (n, wrong) in &c.wrong {
        let id = &claims.claims[*n].id;
        let message = match wrong {
            // Planned, not wrong: a warning until the date it was sent is added.
            Wrong::NotYetSent(item) => {
                let to = &claims.report.circulation[claims.claims[*n].index].value.to;
                let d = Diagnostic::warning(
                    &source.rel,
                    format!(
                        "`{id}` is met once the report is sent to {to} ({}): add the `date` it was sent",
                        item.source
                    ),
                );
                diags.push(place(d, claims.at[*n]));
                continue;
            }
            Wrong::NoChecklist => format!(
                "a report of `kind: other` has no checklist, so `{id}` claims nothing: remove it, or give the report the kind whose checklist it meets (scp-yearly, sab-annual, icb-annual or wales-annual)"
            ),
            Wrong::Unknown { .. } if id.is_empty() => empty(kind, claims.claims[*n].place),
            Wrong::Unknown { nearest } => {
                let hint = nearest.map_or(String::new(), |n| format!(" (did you mean `{n}`?)"));
                let ids: Vec<String> = kind
                    .checklist()
                    .iter()
                    .filter(|i| i.place == claims.claims[*n].place)
                    .map(|i| format!("`{}`", i.id))
                    .collect();
                format!(
                    "`{id}` is not an item of the {} checklist{hint}: the items met {} are {}",
                    kind.words(),
                    where_met(claims.claims[*n].place),
                    ids.join(", ")
                )
            }
            Wrong::Misplaced(item) => misplaced(item),
            Wrong::Twice => format!("`{id}` is claimed twice here: keep one"),
            Wrong::Spaced(item) => format!(
                "an id has no spaces: write `{}`, with a hyphen, for the item this section meets",
                item.id
            ),
        };
        diags.push(place(
            Diagnostic::error(&source.rel, message),
            claims.at[*n],
        ));
    }
    let kind_at = At::front(claims.report.kind.referenced);
    for item in c.missing() {
        diags.push(place(
            Diagnostic::warning(&source.rel, missing(kind.words(), item)),
            kind_at,
        ));
    }
    dates(source, claims, &c, diags);
    one_signs_for_one(source, claims, &c, diags);
}

/// A sign-off meets one item: one person signing for two partners is a slip (or
/// two partners without their own sign-off).
fn one_signs_for_one(source: &Source, claims: &Claims<'_>, c: &Coverage, diags: &mut Diagnostics) {
    for (i, a) in claims.report.approved_by.iter().enumerate() {
        let met: Vec<&str> = c
            .items
            .iter()
            .filter(|(_, m)| m.iter().any(|x| x.place == Place::Approval && x.index == i))
            .map(|(item, _)| item.id)
            .collect();
        if met.len() > 1 {
            let d = Diagnostic::warning(
                &source.rel,
                format!(
                    "{} signs off for {}: each lead partner signs for their own organisation, so give each their own entry in `approved_by`",
                    a.value.name,
                    met.iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            );
            diags.push(At::front(a.referenced).on(d, &source.text));
        }
    }
}

/// A `covers` that names nothing: in a heading or in the front matter.
fn empty(kind: crate::reports::ReportKind, place: Place) -> String {
    let first = kind
        .checklist()
        .iter()
        .find(|i| i.place == place)
        .or(kind.checklist().first())
        .map_or("…", |i| i.id);
    match place {
        Place::Section => format!(
            "`covers=` names no checklist item: write the ids of the items this section meets, separated by commas, such as `covers={first}`"
        ),
        _ => format!(
            "`covers:` names no checklist item: write the id of the item this entry meets, such as `covers: {first}`"
        ),
    }
}

/// Where items of a place are met, for a message.
fn where_met(place: Place) -> &'static str {
    match place {
        Place::Section => "by a section",
        Place::Approval => "by a sign-off",
        Place::Circulation => "by sending the report",
    }
}

fn misplaced(item: &Item) -> String {
    let id = item.id;
    match item.place {
        Place::Section => format!(
            "`{id}` is met by a section of the report, not here: claim it in the heading of the section that covers it, `## … {{covers={id}}}`"
        ),
        Place::Approval => format!(
            "`{id}` is met by a sign-off, not here: put `covers: {id}` on the approval in `approved_by` of the person who signed for it"
        ),
        Place::Circulation => format!(
            "`{id}` is met by sending the report, not here: put `covers: {id}` on the entry in `circulation` for whoever it was sent to"
        ),
    }
}

/// The warning for an item nothing claims: what the law asks, and how to meet it.
fn missing(words: &str, item: &Item) -> String {
    let (id, source, suggested) = (item.id, item.source, item.suggested);
    let asks = lower_first(item.asks);
    match item.place {
        Place::Section => format!(
            "this {words} has no section for `{id}` ({source}): {asks} Write one and claim it in its heading, `## {suggested} {{covers={id}}}`"
        ),
        Place::Approval => format!(
            "this {words} has no sign-off for `{id}` in `approved_by` ({source}): {asks} Once it is signed, add `{{ name: …, role: {suggested}, date: …, covers: {id} }}` to `approved_by`"
        ),
        Place::Circulation => format!(
            "this {words} has no record of a copy sent for `{id}` in `circulation` ({source}): {asks} Once it is sent, add `{{ to: {suggested}, date: …, covers: {id} }}` to `circulation`"
        ),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        // "A copy sent to …" reads on after a colon; a name ("Schedule") would not
        // start a sentence here.
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Dates that do not add up, judged against the day the report was published.
fn dates(source: &Source, claims: &Claims<'_>, c: &Coverage, diags: &mut Diagnostics) {
    let r = claims.report;
    let Some(published) = &r.published else {
        return;
    };
    let warn =
        |message: String, at: At| at.on(Diagnostic::warning(&source.rel, message), &source.text);
    let on = published.value;
    let at_published = At::front(published.referenced);
    if let Some(year) = r.year() {
        let end = jiff::civil::Date::new(i16::try_from(year.year + 1).unwrap_or(i16::MAX), 3, 31);
        if let Ok(end) = end
            && on < end
        {
            diags.push(warn(
                format!("the report is published on {on}, before the year it covers ends on {end}: check `published` and `period`"),
                at_published,
            ));
            // Every date judged against it would be warned too: the one slip is said.
            return;
        }
        if let Some((due, law)) = claims.kind().due(year.year)
            && on > due
        {
            diags.push(warn(
                format!("the report is published on {on}, after {due}, the day {law} says it must be published by"),
                at_published,
            ));
        }
    }
    for (item, met) in &c.items {
        for claim in met.iter().filter(|m| m.place == Place::Circulation) {
            let entry = &r.circulation[claim.index];
            if let Some(sent) = entry.value.date
                && let Some(days) = days_late(item, on, sent)
            {
                diags.push(warn(
                    format!(
                        "this was sent to {} on {sent}, {days} days after the report was published on {on}: {} asks for it within {} days",
                        entry.value.to,
                        item.source,
                        item.within_days.unwrap_or(days)
                    ),
                    At::front(entry.referenced),
                ));
            }
        }
    }
    let meeting = r
        .approved_at
        .iter()
        .map(|m| (&m.value.meeting, m.value.date, m.referenced));
    let people = r
        .approved_by
        .iter()
        .map(|a| (&a.value.name, a.value.date, a.referenced));
    for (who, date, at) in meeting.chain(people) {
        if let Some(date) = date.filter(|d| *d > on) {
            diags.push(warn(
                format!("{who} approved the report on {date}, after it was published on {on}: check the dates"),
                At::front(at),
            ));
        }
    }
}
