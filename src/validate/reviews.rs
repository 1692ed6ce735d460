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
        // At the value of `review_date:` in the front matter.
        let (line, col) = crate::yaml::top_value_pos(&source.text, "review_date").unwrap_or((1, 1));
        diags.push(
            Diagnostic::warning(
                &source.rel,
                format!("this page was due for review{owner} on {date}: review it, then set the next `review_date` (it shows a notice until then)"),
            )
            .at_line_col(&source.text, line, col),
        );
    }
}
