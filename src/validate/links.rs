//! Links that lead nowhere, each reported at its place.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::{Resolved, Site};

/// Every link of every published page, and of every page that failed to load (its
/// broken links are reported now rather than once its own errors are fixed).
pub fn check(site: &Site, diags: &mut Diagnostics) {
    let published = site
        .pages
        .iter()
        .filter_map(|p| Some((site.source_of(p)?, &p.outline.links, &p.links)));
    let broken = site
        .broken_pages
        .iter()
        .map(|b| (&site.sources[b.source], &b.outline.links, &b.links));
    for (source, links, resolved) in published.chain(broken) {
        for (link, resolved) in links.iter().zip(resolved) {
            let message = match resolved {
                Resolved::Figures(Err(problems))
                | Resolved::Block(Err(problems))
                | Resolved::Embed(Err(problems)) => {
                    for (offset, message) in problems {
                        diags.push(
                            Diagnostic::error(&source.rel, message.clone())
                                .at_offset(&source.text, *offset),
                        );
                    }
                    continue;
                }
                Resolved::Link(Err(message)) => {
                    let what = if link.is_image { "image" } else { "link" };
                    format!("broken {what}: {message}")
                }
                _ => continue,
            };
            diags
                .push(Diagnostic::error(&source.rel, message).at_offset(&source.text, link.offset));
        }
    }
}
