//! Search: an index of the published pages, built from their rendered HTML, in small
//! pieces a browser loads only when a query needs them. It works with no server and
//! no internet access: every piece is a script file, so a site opened from a shared
//! drive searches as well as one on a web server.
//!
//! The pieces, all under `search/`, each named by a hash of its contents (so a browser
//! never mixes pieces of two builds, and unchanged pieces keep their names):
//!
//! - `index-HASH.js`: how many pages, the first word of each word shard, and the
//!   doc shards' names. About 1 KB per 1,000 pages.
//! - `w-HASH.js`: a run of words in sorted order, each with the pages it is on and a
//!   score for each (BM25, with a word in the title worth more than one in the text).
//! - `d-HASH.js`: the title, place, summary and headings of a run of pages.
//!
//! A query loads the index, the word shards its words fall in, and the doc shards of
//! the results it shows. `search.js` in the theme reads them.

pub mod text;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::site::SEARCH_URL;

/// Roughly how many bytes a word shard holds.
const WORD_SHARD_BYTES: usize = 24 * 1024;
/// How many pages a doc shard describes.
const DOC_SHARD_PAGES: usize = 25;
/// BM25's constants: how fast repeats stop counting, and how much length matters.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// One page to index.
#[derive(Debug)]
pub struct Document {
    /// Site-relative URL.
    pub url: String,
    pub title: String,
    /// Where the page sits: its breadcrumbs' titles.
    pub place: Vec<String>,
    /// Its description, or its first paragraph.
    pub summary: String,
    pub headings: Vec<(String, String)>,
    /// Each word with its weighted count.
    pub words: HashMap<String, u32>,
    /// The sum of the weighted counts.
    pub length: u32,
}

impl Document {
    /// Reads a rendered page.
    pub fn new(
        url: String,
        title: String,
        place: Vec<String>,
        description: Option<&str>,
        html: &str,
    ) -> Self {
        let page = text::extract(html);
        let mut words: HashMap<String, u32> = HashMap::new();
        let mut length = 0;
        let mut count = |text: &str, weight: u32| {
            text::words(text, |w| {
                *words.entry(w.to_string()).or_default() += weight;
                length += weight;
            });
        };
        count(&title, text::WEIGHT_TITLE);
        for (weight, run) in &page.runs {
            count(run, *weight);
        }
        Document {
            url,
            title,
            place,
            summary: description.map_or(page.summary, str::to_string),
            headings: page.headings,
            words,
            length,
        }
    }
}

/// What a doc shard says about a page.
#[derive(Serialize)]
struct DocEntry<'a> {
    /// URL
    u: &'a str,
    /// title
    t: &'a str,
    /// place
    p: String,
    /// summary
    s: &'a str,
    /// headings: [anchor, text]
    h: &'a [(String, String)],
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    pages: usize,
    /// Pages per doc shard.
    per_doc_shard: usize,
    docs: Vec<&'a str>,
    /// [first word, shard name] in word order.
    words: Vec<(&'a str, &'a str)>,
}

/// The index's files: output path → bytes, and the path of the entry file (for the
/// search page to load).
pub struct Index {
    pub files: Vec<(String, Vec<u8>)>,
    pub entry: String,
}

/// Builds the index of `docs`, in the order given (which breaks ties in score).
pub fn build(docs: &[Arc<Document>]) -> Index {
    let mut files = Vec::new();
    let average = if docs.is_empty() {
        1.0
    } else {
        docs.iter().map(|d| f64::from(d.length)).sum::<f64>() / docs.len() as f64
    }
    .max(1.0);

    // Every word, with (page, score) for each page it is on, pages in order.
    let mut postings: HashMap<&str, Vec<(usize, u32)>> = HashMap::new();
    for (id, doc) in docs.iter().enumerate() {
        let norm = K1 * (1.0 - B + B * f64::from(doc.length) / average);
        for (word, &tf) in &doc.words {
            let tf = f64::from(tf);
            // Scaled to a small whole number: plenty to rank by, and short to write.
            let score = (10.0 * tf * (K1 + 1.0) / (tf + norm)).round().max(1.0) as u32;
            postings.entry(word).or_default().push((id, score));
        }
    }
    let mut words: Vec<(&str, Vec<(usize, u32)>)> = postings.into_iter().collect();
    // The browser compares strings by UTF-16 code unit, so the shards are cut in
    // that order.
    words.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));

    let mut word_shards: Vec<(&str, String)> = Vec::new();
    let mut body = String::new();
    let mut first: Option<&str> = None;
    for (word, mut pages) in words {
        pages.sort_unstable();
        if body.is_empty() {
            first = Some(word);
        } else {
            body.push(',');
        }
        body.push_str(&serde_json::to_string(word).expect("a string serialises"));
        body.push_str(":[");
        // Page numbers as gaps from the one before: shorter.
        let mut previous = 0;
        for (n, (page, score)) in pages.iter().enumerate() {
            if n > 0 {
                body.push(',');
            }
            let _ = write!(body, "{},{score}", page - previous);
            previous = *page;
        }
        body.push(']');
        if body.len() >= WORD_SHARD_BYTES {
            let name = shard(&mut files, "w", &format!("{{{body}}}"));
            word_shards.push((first.take().expect("set with the body"), name));
            body.clear();
        }
    }
    if !body.is_empty() {
        let name = shard(&mut files, "w", &format!("{{{body}}}"));
        word_shards.push((first.take().expect("set with the body"), name));
    }

    let mut doc_shards = Vec::new();
    for chunk in docs.chunks(DOC_SHARD_PAGES) {
        let entries: Vec<DocEntry> = chunk
            .iter()
            .map(|d| DocEntry {
                u: &d.url,
                t: &d.title,
                p: d.place.join(" › "),
                s: &d.summary,
                h: &d.headings,
            })
            .collect();
        let json = serde_json::to_string(&entries).expect("entries serialise");
        doc_shards.push(shard(&mut files, "d", &json));
    }

    let meta = Meta {
        version: 1,
        pages: docs.len(),
        per_doc_shard: DOC_SHARD_PAGES,
        docs: doc_shards.iter().map(String::as_str).collect(),
        words: word_shards
            .iter()
            .map(|(w, name)| (*w, name.as_str()))
            .collect(),
    };
    let json = serde_json::to_string(&meta).expect("the index serialises");
    let entry = shard(&mut files, "index", &json);
    Index {
        files,
        entry: format!("{SEARCH_URL}{entry}.js"),
    }
}

/// Adds a piece named by its kind and a hash of its contents; returns the name.
fn shard(files: &mut Vec<(String, Vec<u8>)>, kind: &str, json: &str) -> String {
    let hash = Sha256::digest(json.as_bytes());
    let mut name = format!("{kind}-");
    for b in &hash[..5] {
        let _ = write!(name, "{b:02x}");
    }
    // A script, not JSON, so that it loads from disk too; it hands its data to
    // `search.js`, which asked for it by name.
    let script = format!(
        "sgSearch.loaded({},{json});\n",
        serde_json::to_string(&name).expect("a string serialises")
    );
    files.push((format!("{SEARCH_URL}{name}.js"), script.into_bytes()));
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(url: &str, title: &str, body: &str) -> Arc<Document> {
        Arc::new(Document::new(
            url.to_string(),
            title.to_string(),
            vec!["Home".to_string()],
            None,
            &format!("<main><p>{body}</p></main>"),
        ))
    }

    #[test]
    fn title_words_outscore_body_words_and_shards_are_named_by_content() {
        let docs = [
            doc("a/", "Mental capacity", "Nothing about the duty here."),
            doc(
                "b/",
                "Duties",
                "A page about capacity, capacity and capacity.",
            ),
        ];
        let index = build(&docs);
        let names: Vec<&str> = index.files.iter().map(|(p, _)| p.as_str()).collect();
        assert!(index.entry.starts_with("search/index-"), "{}", index.entry);
        assert!(names.contains(&index.entry.as_str()));
        let words = index
            .files
            .iter()
            .find(|(p, _)| p.starts_with("search/w-"))
            .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
            .unwrap();
        // "capacity": page 0 in the title once, page 1 in the body three times.
        let at = words.find("\"capacity\":[").unwrap();
        let list: Vec<u32> = words[at + 12..]
            .split(']')
            .next()
            .unwrap()
            .split(',')
            .map(|n| n.parse().unwrap())
            .collect();
        assert_eq!(list[0], 0);
        assert_eq!(list[2], 1, "page gaps: {list:?}");
        assert!(list[1] > list[3], "title beats body: {list:?}");
        // The same pages, the same files.
        let again = build(&docs);
        assert_eq!(index.files, again.files);
    }

    #[test]
    fn many_words_make_many_shards_in_order() {
        let body: String = (0..6000).map(|n| format!("word{n} ")).collect();
        let index = build(&[doc("a/", "A", &body)]);
        let word_shards = index
            .files
            .iter()
            .filter(|(p, _)| p.starts_with("search/w-"))
            .count();
        assert!(word_shards > 2, "{word_shards} shards");
        let meta = &index.files.last().unwrap().1;
        let meta = String::from_utf8(meta.clone()).unwrap();
        assert!(meta.contains("[\"word0\","), "{meta}");
    }
}
