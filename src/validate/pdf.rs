//! `pdf: true` where it does something: on the `_index.md` of a folder with training
//! modules, whose whole-course print page it publishes as a PDF too.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::Site;

pub fn check(site: &Site, diags: &mut Diagnostics) {
    let courses: Vec<usize> = site
        .print_sections()
        .into_iter()
        .map(|s| site.sections[s].page)
        .collect();
    for (id, page) in site.pages.iter().enumerate() {
        let (Some(source), true) = (
            site.source_of(page),
            page.front.as_ref().is_some_and(|f| f.pdf),
        ) else {
            continue;
        };
        if courses.contains(&id) {
            continue;
        }
        let message = "`pdf: true` makes a PDF only on the `_index.md` of a folder with training modules (of its whole course); papers, reports and meetings always have one, and other pages have none: take this line out";
        let mut d = Diagnostic::warning(&source.rel, message);
        if let Some((line, col)) = crate::yaml::key_lines(&source.text, "pdf").find(|at| at.1 == 1)
        {
            d = d.at_line_col(&source.text, line, col);
        }
        diags.push(d);
    }
}
