//! The kept index against a fresh one: after every kind of edit, each file is the
//! same, byte for byte, and an edit that keeps the results' numbers is a patch.

use std::sync::Arc;

use super::Live;
use crate::output::Bytes;
use crate::search::{Document, build};

/// A small generator, so that the edits are many and varied but the same each run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Words that stem together, are written with accents or plurals, or are common
/// enough for a term to be written as a bitmap.
const WORDS: &[&str] = &[
    "the",
    "the",
    "the",
    "duty",
    "duties",
    "Climbié",
    "Climbie",
    "inquiry",
    "inquiries",
    "safeguarding",
    "Safeguarding",
    "board",
    "boards",
    "6.4",
    "1.2",
    "partnership",
    "capacity",
    "consent",
    "neglect",
    "neglected",
    "review",
    "reviews",
    "Children",
    "Act",
    "2004",
    "section",
    "11",
    "audit",
    "audits",
    "Care",
    "strategy",
];

fn text(rng: &mut Rng, words: usize) -> String {
    (0..words)
        .map(|_| WORDS[rng.below(WORDS.len())])
        .collect::<Vec<_>>()
        .join(" ")
}

/// A page with `entries` glossary entries, each a result of its own.
fn page(rng: &mut Rng, n: usize, entries: usize) -> Arc<Document> {
    let words = 8 + rng.below(40);
    let mut html = format!("<main><h1>Page {n}</h1><p>{}</p>", text(rng, words));
    if entries > 0 {
        html.push_str("<dl>");
        for e in 0..entries {
            html.push_str(&format!(
                "<div id=\"e{e}\" data-search-entry><dt>{}</dt><dd>{}</dd></div>",
                text(rng, 1),
                text(rng, 6)
            ));
        }
        html.push_str("</dl>");
    }
    html.push_str("</main>");
    let title = text(rng, 2);
    Arc::new(Document::new(
        format!("p{n}/"),
        title,
        vec!["Home".to_string()],
        None,
        &html,
    ))
}

type Files = Vec<(String, Bytes)>;

fn fresh(docs: &[Arc<Document>]) -> (Files, String) {
    build(docs, |path, bytes| (path, bytes))
}

fn kept(live: &mut Live, docs: &[Arc<Document>]) -> (Files, String) {
    live.update(docs, |path, bytes| (path, bytes))
}

/// How many files of `now` are the very bytes (not a copy) of `before`'s.
fn shared(before: &Files, now: &Files) -> usize {
    now.iter()
        .filter(|(path, bytes)| {
            before
                .iter()
                .any(|(p, b)| p == path && Arc::ptr_eq(b, bytes))
        })
        .count()
}

#[test]
fn the_kept_index_is_the_fresh_index_after_every_kind_of_edit() {
    let mut rng = Rng(0x5eed_cafe_f00d);
    // Enough pages for a common term to be written as a bitmap.
    let mut docs: Vec<Arc<Document>> = (0..260).map(|n| page(&mut rng, n, n % 7 / 6)).collect();
    let mut live = Live::default();
    let mut last = kept(&mut live, &docs);
    assert_eq!(last, fresh(&docs));
    assert!(
        last.0
            .iter()
            .any(|(_, b)| b.windows(4).any(|w| w == b"\"b\":")),
        "no term was written as a bitmap: the test would not cover that path"
    );
    let mut patched = 0;
    for round in 0..60 {
        let numbers_kept = match round % 6 {
            // Pages edited in place, entries and all.
            0..=2 => {
                for _ in 0..1 + rng.below(3) {
                    let n = rng.below(docs.len());
                    let entries = docs[n].records.len() - 1;
                    docs[n] = page(&mut rng, n, entries);
                }
                true
            }
            // An entry more on a page: every later result moves along.
            3 => {
                let n = rng.below(docs.len());
                let entries = docs[n].records.len();
                docs[n] = page(&mut rng, n, entries);
                false
            }
            // A page gone, or a new one.
            4 => {
                if rng.below(2) == 0 {
                    docs.remove(rng.below(docs.len()));
                } else {
                    let n = docs.len();
                    docs.insert(rng.below(n), page(&mut rng, n + 1000, 0));
                }
                false
            }
            // Nothing changed.
            _ => true,
        };
        let now = kept(&mut live, &docs);
        assert_eq!(now, fresh(&docs), "round {round}");
        if numbers_kept {
            // Result pieces of pages not edited are kept, not made again: a patch.
            assert!(
                shared(&last.0, &now.0) > now.0.len() / 2,
                "round {round}: the index was built afresh, not patched"
            );
            patched += 1;
        }
        last = now;
    }
    assert!(patched >= 30);
}

#[test]
fn a_term_no_page_has_any_more_leaves_the_index() {
    let mut rng = Rng(7);
    let mut docs: Vec<Arc<Document>> = (0..5).map(|n| page(&mut rng, n, 0)).collect();
    let unique = |word: &str| {
        Arc::new(Document::new(
            "p2/".to_string(),
            "Two".to_string(),
            Vec::new(),
            None,
            &format!("<main><p>{word}</p></main>"),
        ))
    };
    docs[2] = unique("zygote");
    let mut live = Live::default();
    let (files, _) = kept(&mut live, &docs);
    let holds = |files: &Files, word: &[u8]| {
        files
            .iter()
            .any(|(p, b)| p.starts_with("search/w-") && b.windows(word.len()).any(|w| w == word))
    };
    assert!(holds(&files, b"\"zygot\""));
    docs[2] = unique("xylophone");
    let now = kept(&mut live, &docs);
    assert!(!holds(&now.0, b"\"zygot\""));
    assert!(holds(&now.0, b"\"xylophon\""));
    assert_eq!(now, fresh(&docs));
}
