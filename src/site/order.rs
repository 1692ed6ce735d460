//! Reading order: by `weight`, then the file's number prefix, then title.

use super::{Page, Site};

/// What a page is ordered by: items with a weight come before items without;
/// likewise number prefixes; then the title, without case, then the address.
type Key<'p> = (bool, Option<i64>, bool, Option<u64>, String, &'p str);

fn key(p: &Page) -> Key<'_> {
    (
        p.weight().is_none(),
        p.weight(),
        p.order.is_none(),
        p.order,
        p.title.to_lowercase(),
        &p.url,
    )
}

pub(super) fn sort(site: &mut Site) {
    // Each page's key made once: a title lowered for every comparison costs a
    // large section more than the sort.
    let keys: Vec<Key> = site.pages.iter().map(key).collect();
    for section in &mut site.sections {
        section.pages.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    }
    let by_page: Vec<usize> = site.sections.iter().map(|s| s.page).collect();
    for section in &mut site.sections {
        section
            .subsections
            .sort_by(|&a, &b| keys[by_page[a]].cmp(&keys[by_page[b]]));
    }
}
