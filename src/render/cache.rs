//! What `serve` keeps between rebuilds so that an edit re-renders only what it
//! touched. Every entry is keyed by a hash of *all* the inputs of what it holds, so a
//! hit gives the bytes a fresh render would: the cache can only save work, never
//! change output.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;

use serde::Serialize;

#[derive(Default)]
pub struct RenderCache {
    /// Output path → (hash of the template set, template and full context, bytes).
    pages: Mutex<HashMap<String, (u64, Vec<u8>)>>,
    /// Hash of a page body and everything its HTML depends on → the HTML.
    content: Mutex<HashMap<u64, String>>,
}

impl RenderCache {
    pub fn page(&self, path: &str, key: u64) -> Option<Vec<u8>> {
        let pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        pages
            .get(path)
            .filter(|(k, _)| *k == key)
            .map(|(_, bytes)| bytes.clone())
    }

    pub fn store_page(&self, path: &str, key: u64, bytes: &[u8]) {
        self.pages
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.to_string(), (key, bytes.to_vec()));
    }

    pub fn content(&self, key: u64) -> Option<String> {
        self.content
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
            .cloned()
    }

    pub fn store_content(&self, key: u64, html: &str) {
        let mut content = self.content.lock().unwrap_or_else(|p| p.into_inner());
        // Old versions of edited pages would pile up over a long session.
        if content.len() > 200_000 {
            content.clear();
        }
        content.insert(key, html.to_string());
    }
}

/// Feeds serialized values straight into a hasher, without building the JSON.
pub struct Fingerprint(DefaultHasher);

impl Fingerprint {
    pub fn new() -> Self {
        Fingerprint(DefaultHasher::new())
    }

    pub fn add<T: Serialize + ?Sized>(&mut self, value: &T) -> &mut Self {
        // A separator keeps ("ab", "c") apart from ("a", "bc").
        let _ = serde_json::to_writer(&mut *self, value);
        0xffu8.hash(&mut self.0);
        self
    }

    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}

impl Default for Fingerprint {
    fn default() -> Self {
        Self::new()
    }
}

impl std::io::Write for Fingerprint {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
