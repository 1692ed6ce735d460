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

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::site::SEARCH_URL;

/// A word shard ends after a word whose hash is a multiple of `CUT_EVERY` once it
/// holds `SHARD_MIN` bytes, and at `SHARD_MAX` bytes whatever. The cuts depend on the
/// words near them, not on everything before, so an edit to one page changes only the
/// shards that hold its words (and their names), not every shard after them.
const SHARD_MIN: usize = 12 * 1024;
const SHARD_MAX: usize = 64 * 1024;
const CUT_EVERY: u64 = 16;
/// How many pages a doc shard describes.
const DOC_SHARD_PAGES: usize = 25;
/// BM25's constants: how fast repeats stop counting, and how much length matters.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// The length a page is measured against: fixed, not the site's average, so that an
/// edit to one page changes only that page's scores.
const PIVOT: f64 = 400.0;

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
    /// The words on the page, sorted, one per line: one allocation, not one a word,
    /// since a large site keeps millions of them until the index is built.
    words: Box<str>,
    /// Each word's score, in the same order: BM25 against a fixed length, with a word
    /// in the title worth more than one in the text, scaled to a small whole number
    /// (at most 10 × (K1 + 1) = 22).
    scores: Box<[u8]>,
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
        let mut words: FxHashMap<String, u32> = FxHashMap::default();
        let mut length = 0;
        let mut count = |text: &str, weight: u32| {
            text::words(text, |w| {
                match words.get_mut(w) {
                    Some(n) => *n += weight,
                    None => {
                        words.insert(w.to_string(), weight);
                    }
                }
                length += weight;
            });
        };
        count(&title, text::WEIGHT_TITLE);
        for (weight, run) in &page.runs {
            count(run, *weight);
        }
        let norm = K1 * (1.0 - B + B * f64::from(length) / PIVOT);
        // Sorted, so that the index is the same whatever order a hash map gave.
        let mut words: Vec<(String, u32)> = words.into_iter().collect();
        words.sort_unstable();
        let scores = words
            .iter()
            .map(|(_, tf)| {
                let tf = f64::from(*tf);
                (10.0 * tf * (K1 + 1.0) / (tf + norm))
                    .round()
                    .clamp(1.0, 255.0) as u8
            })
            .collect();
        let words: Vec<String> = words.into_iter().map(|(w, _)| w).collect();
        Document {
            url,
            title,
            place,
            summary: description.map_or(page.summary, str::to_string),
            headings: page.headings,
            words: words.join("\n").into_boxed_str(),
            scores,
        }
    }

    /// Each word on the page with its score.
    fn scored(&self) -> impl Iterator<Item = (&str, u32)> {
        // Text words never hold a line break; a page with none has no words at all.
        self.words
            .split('\n')
            .filter(|w| !w.is_empty())
            .zip(self.scores.iter().map(|&s| u32::from(s)))
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
    let word_shards: Vec<(&str, Piece)> = shard_bodies(postings(docs))
        .into_par_iter()
        .map(|(first, json)| (first, Piece::new("w", &json)))
        .collect();
    let doc_shards = doc_shards(docs);
    let meta = Meta {
        version: 1,
        pages: docs.len(),
        per_doc_shard: DOC_SHARD_PAGES,
        docs: doc_shards.iter().map(|p| p.name.as_str()).collect(),
        words: word_shards
            .iter()
            .map(|(w, piece)| (*w, piece.name.as_str()))
            .collect(),
    };
    let entry = Piece::new(
        "index",
        &serde_json::to_string(&meta).expect("the index serialises"),
    );
    let entry_path = entry.path.clone();
    let files = word_shards
        .into_iter()
        .map(|(_, piece)| piece)
        .chain(doc_shards)
        .chain([entry])
        .map(|p| (p.path, p.bytes))
        .collect();
    Index {
        files,
        entry: entry_path,
    }
}

/// Every word, with (page, score) for each page it is on, pages in order: each
/// thread takes a run of pages, and the runs are joined in order. Words in code point
/// order (byte order of UTF-8), which `search.js` compares by too.
fn postings(docs: &[Arc<Document>]) -> Vec<(&str, Vec<(usize, u32)>)> {
    let run = docs.len().div_ceil(rayon::current_num_threads()).max(1);
    let mut postings: FxHashMap<&str, Vec<(usize, u32)>> = docs
        .par_chunks(run)
        .enumerate()
        .map(|(n, chunk)| {
            let mut map: FxHashMap<&str, Vec<(usize, u32)>> = FxHashMap::default();
            for (i, doc) in chunk.iter().enumerate() {
                for (word, score) in doc.scored() {
                    map.entry(word).or_default().push((n * run + i, score));
                }
            }
            map
        })
        .collect::<Vec<_>>()
        .into_iter()
        .reduce(|mut all, next| {
            for (word, pages) in next {
                all.entry(word).or_default().extend(pages);
            }
            all
        })
        .unwrap_or_default();
    let mut words: Vec<(&str, Vec<(usize, u32)>)> = postings.drain().collect();
    words.sort_unstable_by(|a, b| a.0.cmp(b.0));
    words
}

/// The word shards' text, each with its first word, cut where the words say (see
/// [`SHARD_MIN`]).
fn shard_bodies(words: Vec<(&str, Vec<(usize, u32)>)>) -> Vec<(&str, String)> {
    let mut bodies: Vec<(&str, String)> = Vec::new();
    let mut body = String::from("{");
    let mut first: Option<&str> = None;
    let mut number = itoa::Buffer::new();
    for (word, pages) in words {
        if first.is_none() {
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
            body.push_str(number.format(page - previous));
            body.push(',');
            body.push_str(number.format(*score));
            previous = *page;
        }
        body.push(']');
        if body.len() >= SHARD_MAX
            || (body.len() >= SHARD_MIN && fnv1a(word).is_multiple_of(CUT_EVERY))
        {
            body.push('}');
            bodies.push((first.take().expect("set with the body"), body));
            body = String::from("{");
        }
    }
    if let Some(first) = first {
        body.push('}');
        bodies.push((first, body));
    }
    bodies
}

/// The doc shards: [`DOC_SHARD_PAGES`] pages each, in order.
fn doc_shards(docs: &[Arc<Document>]) -> Vec<Piece> {
    docs.par_chunks(DOC_SHARD_PAGES)
        .map(|chunk| {
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
            Piece::new(
                "d",
                &serde_json::to_string(&entries).expect("entries serialise"),
            )
        })
        .collect()
}

/// One file of the index: a script that hands its data to `search.js` by name.
struct Piece {
    name: String,
    path: String,
    bytes: Vec<u8>,
}

impl Piece {
    /// Named by its kind and a hash of its contents.
    fn new(kind: &str, json: &str) -> Piece {
        let hash = Sha256::digest(json.as_bytes());
        let name = format!("{kind}-{}", crate::digest::hex(&hash[..5]));
        // A script, not JSON, so that it loads from disk too.
        let script = format!(
            "sgSearch.loaded({},{json});\n",
            serde_json::to_string(&name).expect("a string serialises")
        );
        Piece {
            path: format!("{SEARCH_URL}{name}.js"),
            name,
            bytes: script.into_bytes(),
        }
    }
}

/// FNV-1a: a small hash whose values never change, for choosing where shards end.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
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
    fn an_edit_to_one_page_changes_few_pieces() {
        let page = |n: usize, extra: &str| {
            let body: String = (0..300)
                .map(|w| format!("w{} ", (n * 37 + w * 11) % 5000))
                .collect();
            doc(
                &format!("p{n}/"),
                &format!("Page {n}"),
                &format!("{body}{extra}"),
            )
        };
        let mut docs: Vec<Arc<Document>> = (0..200).map(|n| page(n, "")).collect();
        let before = build(&docs);
        docs[57] = page(57, "an added sentence");
        let after = build(&docs);
        let changed = after
            .files
            .iter()
            .filter(|f| !before.files.contains(f))
            .count();
        let words = before
            .files
            .iter()
            .filter(|(p, _)| p.starts_with("search/w-"))
            .count();
        assert!(words > 20, "{words} word shards");
        // The page's doc shard, the entry, and the shards its new words fall in.
        assert!(
            changed <= 6,
            "{changed} of {} pieces changed",
            after.files.len()
        );
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
