//! What `serve` keeps between rebuilds so that an edit re-renders only what it
//! touched. Every entry is keyed by a hash of *all* the inputs of what it holds, so a
//! hit gives the bytes a fresh render would: the cache can only save work, never
//! change output.

use rustc_hash::FxHashMap as HashMap;
use std::hash::{DefaultHasher, Hasher};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::output::Bytes;
use crate::search::Document;
use crate::site::Site;

/// What a build may take from earlier ones.
pub struct Reuse<'a> {
    pub cache: &'a RenderCache,
    /// By `PageId`: whether the page's context is known to be as the last build made
    /// it (see `Site::edited_since`). Empty when nothing is known.
    pub unchanged: Vec<bool>,
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
}

impl RenderCache {
    pub fn page(&self, path: &str, key: Key) -> Option<(Bytes, Option<Arc<Document>>)> {
        let pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        pages
            .get(path)
            .filter(|page| page.key == key)
            .map(|page| (page.bytes.clone(), page.doc.clone()))
    }

    /// Each page of `site` marked in `unchanged` (by `PageId`), as last made with the
    /// shared part of its context keyed `shared`, unless it had a PDF (which is made
    /// from its context): for pages whose context is known to be as it was. One look
    /// at the cache for them all, not one each from every render thread.
    pub fn last_pages(&self, site: &Site, unchanged: &[bool], shared: Key) -> Vec<Option<Taken>> {
        let pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        unchanged
            .iter()
            .enumerate()
            .map(|(id, &same)| {
                let path = super::file_of(&site.pages.get(id).filter(|_| same)?.url);
                let page = pages.get(&path).filter(|p| p.shared == shared && !p.pdf)?;
                Some(Taken {
                    key: page.key,
                    bytes: Bytes::clone(&page.bytes),
                    doc: page.doc.clone(),
                    path,
                })
            })
            .collect()
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

/// A PDF's document hash, the PDF, and the pictures it read.
type CachedPdf = (Key, Arc<crate::pdf::Pdf>, Pictures);

/// A page taken as the last build made it, with its output path.
pub struct Taken {
    pub path: String,
    pub key: Key,
    pub bytes: Bytes,
    pub doc: Option<Arc<Document>>,
}

/// A page as last made.
pub struct CachedPage {
    pub key: Key,
    /// The key of the shared part of its context (the theme and the site's settings).
    pub shared: Key,
    /// Whether it had a PDF.
    pub pdf: bool,
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
