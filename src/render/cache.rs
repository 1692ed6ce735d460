//! What `serve` keeps between rebuilds so that an edit re-renders only what it
//! touched. Every entry is keyed by a hash of *all* the inputs of what it holds, so a
//! hit gives the bytes a fresh render would: the cache can only save work, never
//! change output.

use rustc_hash::FxHashMap as HashMap;
use std::hash::{DefaultHasher, Hasher};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::output::Bytes;
use crate::search::Document;
use crate::site::{PageId, Site};

/// What a build may take from earlier ones.
pub struct Reuse<'a> {
    pub cache: &'a RenderCache,
    /// By `PageId`: whether the page's body and context are known to be as the last
    /// build made them (see `Site::edited_since`). Empty when nothing is known.
    pub unchanged: Vec<bool>,
}

impl Reuse<'_> {
    /// Whether a page that read the bodies of `reads` (and nothing of the model but
    /// what `Site::edited_since` compares) is as the last build made it.
    pub fn still(&self, reads: &[PageId]) -> bool {
        !self.unchanged.is_empty()
            && reads
                .iter()
                .all(|&id| self.unchanged.get(id).copied().unwrap_or(false))
    }
}

#[derive(Default)]
pub struct RenderCache {
    /// Output path → the page last made there, keyed by a hash of the template set,
    /// template and full context.
    pages: Mutex<HashMap<String, CachedPage>>,
    /// Hash of a page body and everything its HTML depends on → the HTML.
    content: Mutex<HashMap<Key, Arc<str>>>,
    /// Output path of a PDF → (hash of its document, the PDF, and each picture it
    /// asked for with what it was given).
    pdfs: Mutex<HashMap<String, CachedPdf>>,
    /// Output paths rendered afresh since `take_rendered` was last called.
    rendered: Mutex<Vec<String>>,
    /// The search index, patched where pages changed.
    search: Mutex<crate::search::Live>,
    /// Each kind's files (by its place in the kinds' list), as the last build made
    /// them.
    files: Mutex<Vec<Option<KindFiles>>>,
    /// Set when a page's body was read where no rendering was recording what it
    /// read (see `reads`): the pages of that build are not taken by what they read.
    pub(super) untracked: AtomicBool,
}

impl RenderCache {
    pub fn page(&self, path: &str, key: Key) -> Option<(Bytes, Option<Arc<Document>>)> {
        let pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        pages
            .get(path)
            .filter(|page| page.key == key)
            .map(|page| (page.bytes.clone(), page.doc.clone()))
    }

    /// Each page of `site` whose last making read only pages `reuse` knows
    /// unchanged (its own body among them), as last made with the shared part of its
    /// context keyed `shared`: for pages whose context is known to be as it was. One
    /// look at the cache for them all, not one each from every render thread.
    pub fn last_pages(&self, site: &Site, reuse: &Reuse, shared: Key) -> Vec<Option<Taken>> {
        let pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        let pdfs = self.pdfs.lock().unwrap_or_else(|p| p.into_inner());
        (0..site.pages.len())
            .map(|id| {
                if !reuse.unchanged.get(id).copied().unwrap_or(false) {
                    return None;
                }
                let path = super::file_of(&site.pages[id].url);
                let page = pages.get(&path)?;
                taken(page, path, reuse, shared, &pdfs)
            })
            .collect()
    }

    /// The page a kind made at `path`, if it read only pages `reuse` knows unchanged
    /// (see [`RenderCache::last_pages`]).
    pub fn last_made(&self, path: &str, reuse: &Reuse, shared: Key) -> Option<Taken> {
        let pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        let pdfs = self.pdfs.lock().unwrap_or_else(|p| p.into_inner());
        taken(pages.get(path)?, path.to_string(), reuse, shared, &pdfs)
    }

    /// The files kind `n` made last, if it made any yet.
    pub fn last_files(&self, n: usize) -> Option<KindFiles> {
        let files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        files.get(n)?.clone()
    }

    pub fn store_files(&self, n: usize, made: &[(String, Bytes)]) {
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        if files.len() <= n {
            files.resize(n + 1, None);
        }
        files[n] = Some(made.to_vec());
    }

    pub fn store_page(&self, path: &str, made: CachedPage) {
        self.pages
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.to_string(), made);
        self.rendered
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(path.to_string());
    }

    /// Forgets every page and PDF at a path `made` does not hold.
    pub fn keep_only(&self, made: impl Fn(&str) -> bool) {
        let mut pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        pages.retain(|path, _| made(path));
        let mut pdfs = self.pdfs.lock().unwrap_or_else(|p| p.into_inner());
        pdfs.retain(|path, _| made(path));
    }

    /// Notes what the page at `path` read and which PDF it has, made again to the
    /// same bytes as it last was (these may differ where the making reads more than
    /// the page's context: a board pack, its papers).
    pub fn made_again(&self, path: &str, reads: Vec<PageId>, pdf: Option<(String, Key)>) {
        let mut pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(page) = pages.get_mut(path) {
            page.reads = Some(reads);
            page.pdf = pdf;
        }
    }

    /// The pages rendered afresh (not taken from the cache) since the last call, sorted.
    pub fn take_rendered(&self) -> Vec<String> {
        let mut rendered =
            std::mem::take(&mut *self.rendered.lock().unwrap_or_else(|p| p.into_inner()));
        rendered.sort();
        rendered
    }

    /// The PDF kept at `path` for a document of hash `key`, with the pictures it read.
    pub fn pdf(&self, path: &str, key: Key) -> Option<(Arc<crate::pdf::Pdf>, Pictures)> {
        let pdfs = self.pdfs.lock().unwrap_or_else(|p| p.into_inner());
        pdfs.get(path)
            .filter(|(k, _, _)| *k == key)
            .map(|(_, pdf, read)| (Arc::clone(pdf), read.clone()))
    }

    pub fn store_pdf(&self, path: &str, key: Key, pdf: &Arc<crate::pdf::Pdf>, read: Pictures) {
        self.pdfs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.to_string(), (key, Arc::clone(pdf), read));
    }

    /// The search index of `docs`, as `search::build` makes it, from the last one.
    pub fn search<K: Send>(
        &self,
        docs: &[Arc<Document>],
        keep: impl Fn(String, Bytes) -> K + Sync,
    ) -> (Vec<K>, String) {
        let mut live = self.search.lock().unwrap_or_else(|p| p.into_inner());
        live.update(docs, keep)
    }

    pub fn content(&self, key: Key) -> Option<Arc<str>> {
        self.content
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
            .cloned()
    }

    pub fn store_content(&self, key: Key, html: &Arc<str>) {
        let mut content = self.content.lock().unwrap_or_else(|p| p.into_inner());
        // Old versions of edited pages would pile up over a long session.
        if content.len() > 200_000 {
            content.clear();
        }
        content.insert(key, Arc::clone(html));
    }
}

/// Each picture a PDF asked for (its `src`), with a hash of the bytes it was given,
/// or none if there was no such picture.
pub type Pictures = Vec<(String, Option<u64>)>;

/// A kind's files: output path and bytes.
pub type KindFiles = Vec<(String, Bytes)>;

/// A PDF's document hash, the PDF, and the pictures it read.
type CachedPdf = (Key, Arc<crate::pdf::Pdf>, Pictures);

/// A page as last made, if it stands: made with the same shared context, reading
/// only pages known unchanged, and its PDF (if any) still kept.
fn taken(
    page: &CachedPage,
    path: String,
    reuse: &Reuse,
    shared: Key,
    pdfs: &HashMap<String, CachedPdf>,
) -> Option<Taken> {
    if page.shared != shared || !reuse.still(page.reads.as_deref()?) {
        return None;
    }
    let pdf = match &page.pdf {
        Some((at, key)) => {
            let (_, made, read) = pdfs.get(at).filter(|(k, _, _)| k == key)?;
            Some((at.clone(), Arc::clone(made), read.clone()))
        }
        None => None,
    };
    Some(Taken {
        key: page.key,
        bytes: Bytes::clone(&page.bytes),
        doc: page.doc.clone(),
        pdf,
        path,
    })
}

/// A page taken as the last build made it, with its output path, and its PDF with
/// the pictures the PDF read (which the taker checks are as they were).
pub struct Taken {
    pub path: String,
    pub key: Key,
    pub bytes: Bytes,
    pub doc: Option<Arc<Document>>,
    pub pdf: Option<(String, Arc<crate::pdf::Pdf>, Pictures)>,
}

/// A page as last made.
pub struct CachedPage {
    pub key: Key,
    /// The key of the shared part of its context (the theme and the site's settings).
    pub shared: Key,
    /// The output path of its PDF, if it had one, and the PDF's document hash.
    pub pdf: Option<(String, Key)>,
    /// The pages whose bodies its making read (see `reads`), its own among them;
    /// `None` if that is not known.
    pub reads: Option<Vec<PageId>>,
    pub bytes: Bytes,
    /// What search read from it.
    pub doc: Option<Arc<Document>>,
}

/// A hash of everything a cached value was made from.
pub type Key = u64;

/// Serializes values into a buffer and hashes it. (Feeding serde_json's many small
/// writes straight into the hasher costs more than the buffer.)
pub struct Fingerprint {
    buffer: Vec<u8>,
}

impl Fingerprint {
    pub fn new() -> Self {
        Fingerprint { buffer: Vec::new() }
    }

    pub fn add<T: Serialize + ?Sized>(&mut self, value: &T) -> &mut Self {
        // A separator keeps ("ab", "c") apart from ("a", "bc"): 0xff is never in
        // JSON text.
        let _ = serde_json::to_writer(&mut self.buffer, value);
        self.buffer.push(0xff);
        self
    }

    pub fn finish(&self) -> Key {
        let mut h = DefaultHasher::new();
        h.write(&self.buffer);
        h.finish()
    }
}

impl Default for Fingerprint {
    fn default() -> Self {
        Self::new()
    }
}
