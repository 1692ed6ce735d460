//! Pages past their review date: a warning at the page's `review_date`.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::Site;

pub fn check(site: &Site, diags: &mut Diagnostics) {
    for page in &site.pages {
        let (Some(front), Some(source)) = (&page.front, site.source_of(page)) else {
            continue;
        };
        let Some(date) = front.review_date.filter(|d| *d < site.selection.as_of) else {
            continue;
        };
        let owner = front
            .owner
            .as_deref()
            .map(|o| format!(" by its owner, {o},"))
            .unwrap_or_default();
        // The line of `review_date:` in the front matter, at its value.
        let offset = source
            .text
            .match_indices("review_date:")
            .find(|(i, _)| *i == 0 || source.text.as_bytes()[i - 1] == b'\n')
            .map(|(i, key)| {
                let after = i + key.len();
                after
                    + (source.text[after..].len()
                        - source.text[after..].trim_start_matches(' ').len())
            })
            .unwrap_or(0);
        diags.push(
            Diagnostic::warning(
                &source.rel,
                format!("this page was due for review{owner} on {date}: review it, then set the next `review_date` (it shows a notice until then)"),
            )
            .at_offset(&source.text, offset),
        );
    }
}
