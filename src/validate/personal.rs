//! Text that looks like a person's identifier: an error in anything a public build
//! publishes, a warning anywhere else (an intranet is not the place either, and a
//! private item may be made public one day). File names are read too: they become
//! addresses.

use std::collections::HashSet;

use rayon::prelude::*;

use crate::content::SourceKind;
use crate::content::personal::{self, Spelled};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::{Audience, Site};

/// Reports what it finds; returns what a public build reported, or found marked as
/// an example, so the output gate does not report it again.
pub fn check(site: &Site, diags: &mut Diagnostics) -> HashSet<Spelled> {
    let public_build = site.selection.audience == Audience::Public;
    // A published dataset's CSV files are not published as files, but their notes
    // are, on its page.
    let data: HashSet<usize> = site.figures.iter().flat_map(|f| f.files.clone()).collect();
    let found: Vec<(Option<Diagnostic>, Option<personal::Spelled>)> = site
        .sources
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, source)| {
            let public = public_build
                && (site.is_published(&source.content_rel) || data.contains(&i));
            let text = match source.kind {
                SourceKind::Asset => &[][..],
                _ => source.findings(),
            };
            let named = personal::scan_plain(&source.content_rel);
            // Reported as errors, or marked as examples, in what is published.
            let seen =
                move |f: &personal::Finding| public.then(|| (f.kind, f.value.clone()));
            let in_text = text.iter().map(move |f| {
                let what = f.kind.describe();
                let d = if f.allowed {
                    None
                } else if public {
                    Some(Diagnostic::error(
                        &source.rel,
                        format!("this looks like {what}, and this page is published to the public: remove it; if it is a made-up example, write `{}` on its line or the line above", personal::ALLOW),
                    ))
                } else {
                    Some(Diagnostic::warning(
                        &source.rel,
                        format!("this looks like {what}: personal details of a child or patient do not belong on this site; if it is a made-up example, write `{}` on its line or the line above", personal::ALLOW),
                    ))
                };
                (d.map(|d| d.at_offset(&source.text, f.offset)), seen(f))
            });
            let in_name = named.into_iter().map(move |f| {
                let what = f.kind.describe();
                let d = if public {
                    Diagnostic::error(
                        &source.rel,
                        format!("this file's name contains what looks like {what}, and it is published to the public (the name is part of its address): rename the file"),
                    )
                } else {
                    Diagnostic::warning(
                        &source.rel,
                        format!("this file's name contains what looks like {what}: personal details of a child or patient do not belong on this site, nor in its addresses; rename the file"),
                    )
                };
                (Some(d.at(1, 1)), seen(&f))
            });
            in_text.chain(in_name)
        })
        .collect();
    let mut all_seen = HashSet::new();
    for (d, seen) in found {
        diags.extend(d);
        all_seen.extend(seen);
    }
    all_seen
}
