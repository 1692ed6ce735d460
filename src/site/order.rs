//! Reading order: by `weight`, then the file's number prefix, then title.

use std::cmp::Ordering;

use super::{Page, Site};

/// Items with a weight come before items without; likewise number prefixes.
fn compare(a: &Page, b: &Page) -> Ordering {
    let key = |p: &Page| (p.weight().is_none(), p.weight(), p.order.is_none(), p.order);
    key(a)
        .cmp(&key(b))
        .then_with(|| a.title.to_lowercase().cmp(&b.title.to_lowercase()))
        .then_with(|| a.url.cmp(&b.url))
}

pub(super) fn sort(site: &mut Site) {
    for s in 0..site.sections.len() {
        let mut pages = std::mem::take(&mut site.sections[s].pages);
        pages.sort_by(|&a, &b| compare(&site.pages[a], &site.pages[b]));
        site.sections[s].pages = pages;
        let mut subs = std::mem::take(&mut site.sections[s].subsections);
        subs.sort_by(|&a, &b| {
            compare(
                &site.pages[site.sections[a].page],
                &site.pages[site.sections[b].page],
            )
        });
        site.sections[s].subsections = subs;
    }
}
