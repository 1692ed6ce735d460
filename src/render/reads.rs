//! Which pages' bodies the making of a page read, so that `serve` can take a page as
//! it was after an edit to a body it did not read.
//!
//! A body is read only by `Env::page_context` (its HTML, numbered figures and
//! contents), so that is where every read is noted: on the thread making the page,
//! which [`recording`] marks. A read on a thread that is not recording is noted in
//! the render cache, and none of that build's pages is then taken by what it read.
//!
//! **Invariant:** a page's making reads other pages' bodies on its own thread. It
//! must not hand such reads to rayon: a worker busy recording another page's making
//! could run them, and the read would be noted for the wrong page.

use std::cell::RefCell;
use std::sync::atomic::Ordering;

use super::RenderCache;
use crate::site::PageId;

thread_local! {
    static READING: RefCell<Option<Vec<PageId>>> = const { RefCell::new(None) };
}

/// Notes that page `id`'s body was read.
pub fn note(id: PageId, cache: Option<&RenderCache>) {
    READING.with(|r| match r.borrow_mut().as_mut() {
        Some(read) => read.push(id),
        None => {
            if let Some(cache) = cache {
                cache.untracked.store(true, Ordering::Relaxed);
            }
        }
    });
}

/// Runs `make`, and returns the pages whose bodies it read, sorted. What it read is
/// noted for any recording around this one too (a page made inside another's
/// making).
pub fn recording<T>(make: impl FnOnce() -> T) -> (T, Vec<PageId>) {
    let outer = READING.with(|r| r.borrow_mut().replace(Vec::new()));
    let made = make();
    let mut read = READING.with(|r| r.borrow_mut().take()).unwrap_or_default();
    read.sort_unstable();
    read.dedup();
    if let Some(mut outer) = outer {
        outer.extend_from_slice(&read);
        READING.with(|r| *r.borrow_mut() = Some(outer));
    }
    (made, read)
}

/// Whether the last build read a body where nothing was recording, and forgets it.
pub fn untracked_since_last(cache: &RenderCache) -> bool {
    cache.untracked.swap(false, Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_noted_by_the_making_around_them_and_outside_any_in_the_cache() {
        let cache = RenderCache::default();
        let ((), outer) = recording(|| {
            note(3, Some(&cache));
            let ((), inner) = recording(|| note(1, Some(&cache)));
            assert_eq!(inner, vec![1]);
            note(3, Some(&cache));
        });
        assert_eq!(outer, vec![1, 3]);
        assert!(!untracked_since_last(&cache));
        note(2, Some(&cache));
        assert!(untracked_since_last(&cache));
        assert!(!untracked_since_last(&cache), "forgotten once asked");
    }
}
