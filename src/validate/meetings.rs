//! Each meeting's agenda against the site: every `paper:` names a committee paper,
//! at its line when it does not.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::{At, Site};

pub fn check(site: &Site, diags: &mut Diagnostics) {
    for page in &site.pages {
        let (Some(source), Some(m)) = (
            site.source_of(page),
            page.front.as_ref().and_then(|f| f.meeting.as_ref()),
        ) else {
            continue;
        };
        let at = |d: Diagnostic, loc| At::front(loc).on(d, &source.text);
        if m.value.body.trim().is_empty() {
            diags.push(at(
                Diagnostic::error(&source.rel, "`body` is empty: write the board or committee that meets, such as `body: Quality and Safety Committee`"),
                m.referenced,
            ));
        }
        for item in &m.value.agenda {
            let paper = item
                .value
                .paper
                .as_ref()
                .filter(|p| !p.value.trim().is_empty());
            let titled = item
                .value
                .title
                .as_ref()
                .is_some_and(|t| !t.trim().is_empty());
            let Some(paper) = paper else {
                if !titled {
                    diags.push(at(
                        Diagnostic::error(&source.rel, "this agenda item has neither a `paper` nor a `title`: name the paper taken here by its path, such as `paper: ../papers/our-paper.md`, or give the item a `title`"),
                        item.referenced,
                    ));
                }
                continue;
            };
            if let Err(why) = site.agenda_paper(&source.content_rel, &paper.value) {
                diags.push(at(Diagnostic::error(&source.rel, why), paper.referenced));
            }
        }
    }
}
