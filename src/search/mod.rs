//! Search: an index of the published pages, built from their rendered HTML, in small
//! pieces a browser loads only when a query needs them. It works with no server and
//! no internet access: every piece is a script file, so a site opened from a shared
//! drive searches as well as one on a web server.
//!
//! What is indexed is *terms* (`words.rs`: folded, stemmed words) and *pairs* of terms
//! next to each other ("duti cooper"), which answer quoted phrases and lift a page
//! whose title or headings hold the query's words together. Each result is a page, or
//! an entry on one (a glossary entry), numbered in the order given.
//!
//! The pieces, all under `search/` (see `pieces.rs`):
//!
//! - `index-HASH.js`: how many results there are, and where each word piece starts.
//! - `w-HASH.js`: a run of terms in sorted order, each with the results it is in and
//!   a score for each (BM25, with a word in the title worth more than one in the
//!   text), and the word as most pages write it where that is not the term.
//! - `f/N.js`: what results 2N and 2N + 1 show: each one's address, title, place,
//!   summary and text section by section, for excerpts.
//!
//! A query loads the index, the word pieces its terms fall in, and the pieces of the
//! results it shows. `search.js` in the theme reads them.

mod live;
mod pieces;
pub mod text;
pub mod words;

use hashbrown::HashTable;
use serde::Serialize;

pub use live::Live;
pub use pieces::build;
use text::{WEIGHT_BODY, WEIGHT_TITLE};
use words::Token;

/// BM25's constants: how fast repeats stop counting, and how much length matters.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// The length a page is measured against: fixed, not the site's average, so that an
/// edit to one page changes only that page's scores.
const PIVOT: f64 = 400.0;
/// The longest summary of an entry, in characters.
const ENTRY_SUMMARY_CHARS: usize = 200;

/// What search read from one rendered page: the page, and the entries on it that are
/// results of their own.
#[derive(Debug)]
pub struct Document {
    records: Vec<Record>,
}

/// One result: what it shows and the terms it is found by.
#[derive(Debug)]
struct Record {
    /// What the result shows, as JSON (see [`Fragment`]).
    fragment: Box<str>,
    /// Its terms, sorted, one per line; a term most often written otherwise on the
    /// page is followed by a tab and that form. One allocation, not one a term, since
    /// a large site keeps millions of them until the index is built.
    terms: Box<str>,
    /// Each term's score, in the same order: BM25 against a fixed length, scaled to a
    /// small whole number (at most 10 × (K1 + 1) = 22).
    scores: Box<[u8]>,
}

/// What a result shows.
#[derive(Serialize)]
struct Fragment<'a> {
    /// URL, site-relative.
    u: &'a str,
    /// title
    t: &'a str,
    /// place: breadcrumbs' titles
    p: &'a str,
    /// summary: the description or first paragraph
    s: &'a str,
    /// sections: [anchor, heading, text]
    x: Vec<(&'a str, &'a str, &'a str)>,
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
        let place_text = place.join(" › ");
        let summary = description.unwrap_or(&page.summary);
        let mut terms = Terms::default();
        terms.count(&title, WEIGHT_TITLE);
        for (weight, run) in &page.runs {
            terms.count(run, *weight);
        }
        let fragment = Fragment {
            u: &url,
            t: &title,
            p: &place_text,
            s: summary,
            x: page
                .sections
                .iter()
                .map(|s| (s.anchor.as_str(), s.heading.as_str(), s.text.as_str()))
                .collect(),
        };
        let mut records = vec![terms.record(&fragment)];
        let entry_place = if place_text.is_empty() {
            title.clone()
        } else {
            format!("{place_text} › {title}")
        };
        for entry in &page.entries {
            let mut terms = Terms::default();
            terms.count(&entry.title, WEIGHT_TITLE);
            terms.count(&entry.text, WEIGHT_BODY);
            let url = format!("{url}#{}", entry.anchor);
            let summary = text::shorten(&entry.text, ENTRY_SUMMARY_CHARS);
            records.push(terms.record(&Fragment {
                u: &url,
                t: &entry.title,
                p: &entry_place,
                s: &summary,
                x: vec![("", "", &entry.text)],
            }));
        }
        Document { records }
    }
}

/// The terms of one result as they are counted: each with its weighted count and
/// the first form it was written in where that is not the term. Their text is kept
/// end to end in one string, not a string a term: a page has hundreds of terms.
#[derive(Default)]
struct Terms {
    /// Every term and form met, end to end.
    text: String,
    counts: HashTable<Counted>,
    /// Words counted, by weight: the result's length.
    length: u32,
}

/// A term counted: where it and its form are in [`Terms::text`], and its count.
struct Counted {
    term: Span,
    form: Option<Span>,
    count: u32,
}

/// A stretch of [`Terms::text`]: start and length.
#[derive(Clone, Copy)]
struct Span(u32, u32);

impl Span {
    fn of(self, text: &str) -> &str {
        &text[self.0 as usize..(self.0 + self.1) as usize]
    }
}

fn hash_of(term: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(term)
}

impl Terms {
    /// Counts the words of `text`, and each pair of words next to each other.
    fn count(&mut self, text: &str, weight: u32) {
        let mut before = String::new();
        let mut pair = String::new();
        words::scan(text, |token| match token {
            Token::Break => before.clear(),
            Token::Word { form, term } => {
                self.add(term, (form != term).then_some(form), weight);
                self.length += weight;
                if !before.is_empty() {
                    pair.clear();
                    pair.push_str(&before);
                    pair.push(' ');
                    pair.push_str(term);
                    self.add(&pair, None, weight);
                }
                before.clear();
                before.push_str(term);
            }
        });
    }

    fn add(&mut self, term: &str, form: Option<&str>, weight: u32) {
        let text = &mut self.text;
        let hash = hash_of(term);
        let keep = |text: &mut String, s: &str| {
            let start = u32::try_from(text.len()).expect("a result's terms under 4 GB");
            text.push_str(s);
            Span(start, s.len() as u32)
        };
        match self.counts.find_mut(hash, |c| c.term.of(text) == term) {
            Some(c) => {
                c.count += weight;
                if c.form.is_none() {
                    c.form = form.map(|f| keep(text, f));
                }
            }
            None => {
                let counted = Counted {
                    term: keep(text, term),
                    form: form.map(|f| keep(text, f)),
                    count: weight,
                };
                self.counts
                    .insert_unique(hash, counted, |c| hash_of(c.term.of(text)));
            }
        }
    }

    fn record(self, fragment: &Fragment) -> Record {
        let norm = K1 * (1.0 - B + B * f64::from(self.length) / PIVOT);
        let text = &self.text;
        // Sorted, so that the index is the same whatever order a hash table gave.
        let mut counts: Vec<Counted> = self.counts.into_iter().collect();
        counts.sort_unstable_by(|a, b| a.term.of(text).cmp(b.term.of(text)));
        let scores = counts
            .iter()
            .map(|c| {
                let tf = f64::from(c.count);
                (10.0 * tf * (K1 + 1.0) / (tf + norm))
                    .round()
                    .clamp(1.0, 255.0) as u8
            })
            .collect();
        let mut terms = String::with_capacity(text.len() + 2 * counts.len());
        for c in &counts {
            if !terms.is_empty() {
                terms.push('\n');
            }
            terms.push_str(c.term.of(text));
            if let Some(form) = c.form {
                terms.push('\t');
                terms.push_str(form.of(text));
            }
        }
        Record {
            fragment: serde_json::to_string(fragment)
                .expect("a fragment serialises")
                .into_boxed_str(),
            terms: terms.into_boxed_str(),
            scores,
        }
    }
}

impl Record {
    /// Each term of the result with its form (if written otherwise) and score.
    fn lines(&self) -> Lines<'_> {
        Lines {
            // Terms never hold a line break; a result with none has no terms at all.
            rest: (!self.terms.is_empty()).then_some(&*self.terms),
            scores: &self.scores,
        }
    }
}

/// A result's terms, in order, read one by one: each with its form (if written
/// otherwise) and score.
struct Lines<'a> {
    rest: Option<&'a str>,
    scores: &'a [u8],
}

impl<'a> Iterator for Lines<'a> {
    type Item = (&'a str, Option<&'a str>, u8);

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.rest?;
        let (line, after) = match rest.split_once('\n') {
            Some((line, after)) => (line, Some(after)),
            None => (rest, None),
        };
        self.rest = after;
        let (&score, scores) = self.scores.split_first()?;
        self.scores = scores;
        Some(match line.split_once('\t') {
            Some((term, form)) => (term, Some(form), score),
            None => (line, None, score),
        })
    }
}

#[cfg(test)]
mod tests;
