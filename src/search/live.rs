//! The index `serve` keeps between rebuilds. Each term's results are held apart,
//! so an edit to one page re-encodes only the terms that page had or has, and
//! re-makes only the result pieces that hold it, instead of inverting every page of
//! the site again. What it writes is byte for byte what [`super::build`] writes
//! for the same documents: the word pieces are cut by the same [`Cutter`] from the
//! same `"term":value` text, and the tests compare the two after random edits.
//!
//! A patch needs the results to keep their numbers: the same documents in the same
//! places, each with as many results as before. Anything else (a page added,
//! removed or moved, a glossary entry added) builds the kept index afresh.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::pieces::{self, Cutter, PER_PIECE, Piece, Posting, Word};
use super::{Document, Record};
use crate::output::Bytes;

/// The index of the last build, if there was one.
#[derive(Default)]
pub struct Live {
    state: Option<State>,
}

struct State {
    docs: Vec<Arc<Document>>,
    /// Each document's first result number, then one past the last result.
    firsts: Vec<u32>,
    terms: BTreeMap<Box<str>, Entry>,
    forms: Forms,
    /// The word pieces last written, by name (a hash of their text).
    words: FxHashMap<String, Bytes>,
    /// Each result piece's script and the hash of its text.
    fragments: Vec<(Bytes, [u8; 32])>,
}

/// One term's results.
#[derive(Default)]
struct Entry {
    /// In result order.
    pages: Vec<Posting>,
    /// The results that write the term otherwise, in result order, each with its
    /// form's number in [`Forms`].
    forms: Vec<(u32, u32)>,
    /// `"term":value`, as its word piece holds it.
    written: String,
}

/// Forms, numbered as first met. Numbers are never reused in a session: a form no
/// result writes any more costs a few bytes.
#[derive(Default)]
struct Forms {
    names: Vec<Box<str>>,
    ids: FxHashMap<Box<str>, u32>,
}

impl Forms {
    fn id(&mut self, form: &str) -> u32 {
        if let Some(&id) = self.ids.get(form) {
            return id;
        }
        let id = u32::try_from(self.names.len()).expect("under 4 billion forms");
        self.names.push(form.into());
        self.ids.insert(form.into(), id);
        id
    }
}

impl Live {
    /// The index of `docs`, as [`super::build`] makes it, patched from the last one
    /// where the results kept their numbers. Hands each file to `keep`; returns what
    /// it gave and the entry file's path.
    pub fn update<K: Send>(
        &mut self,
        docs: &[Arc<Document>],
        keep: impl Fn(String, Bytes) -> K + Sync,
    ) -> (Vec<K>, String) {
        // Taken out while it is worked on: if anything panics half way, the next
        // build starts afresh instead of from a half-patched index.
        let mut state = match self.state.take() {
            Some(mut state) if state.same_numbers(docs) => {
                state.patch(docs);
                state
            }
            _ => State::new(docs),
        };
        let files = state.files(keep);
        self.state = Some(state);
        files
    }
}

/// Every result of `docs`, in order.
fn records(docs: &[Arc<Document>]) -> Vec<&Record> {
    docs.iter().flat_map(|d| d.records.iter()).collect()
}

fn number(n: usize) -> u32 {
    u32::try_from(n).expect("under 4 billion results")
}

impl State {
    fn new(docs: &[Arc<Document>]) -> State {
        let records = records(docs);
        let mut forms = Forms::default();
        let mut found: FxHashMap<&str, Entry> = FxHashMap::default();
        for (n, record) in records.iter().enumerate() {
            let n = number(n);
            for (term, form, score) in record.lines() {
                let entry = found.entry(term).or_default();
                entry.pages.push((n, score));
                if let Some(form) = form {
                    entry.forms.push((n, forms.id(form)));
                }
            }
        }
        let mut terms: Vec<(&str, Entry)> = found.into_iter().collect();
        terms.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        let fragments = records
            .par_chunks(PER_PIECE)
            .enumerate()
            .map(|(n, chunk)| {
                let (piece, hash) = pieces::fragment_piece(n, chunk);
                (piece.bytes, hash)
            })
            .collect();
        let mut firsts = Vec::with_capacity(docs.len() + 1);
        let mut first = 0;
        for doc in docs {
            firsts.push(number(first));
            first += doc.records.len();
        }
        firsts.push(number(first));
        let mut state = State {
            docs: docs.to_vec(),
            firsts,
            terms: terms.into_iter().map(|(t, e)| (t.into(), e)).collect(),
            forms,
            words: FxHashMap::default(),
            fragments,
        };
        let total = state.total();
        let names = &state.forms.names;
        state
            .terms
            .par_iter_mut()
            .for_each(|(term, entry)| entry.write(term, total, names));
        state
    }

    fn total(&self) -> usize {
        *self.firsts.last().expect("one past the last result") as usize
    }

    /// Whether every result of `docs` has the number it had in the last build.
    fn same_numbers(&self, docs: &[Arc<Document>]) -> bool {
        self.docs.len() == docs.len()
            && self
                .docs
                .iter()
                .zip(docs)
                .all(|(old, new)| Arc::ptr_eq(old, new) || old.records.len() == new.records.len())
    }

    /// Takes the results of the documents that changed out of their terms, and puts
    /// in what they hold now.
    fn patch(&mut self, docs: &[Arc<Document>]) {
        let changed: Vec<usize> = (0..docs.len())
            .filter(|&i| !Arc::ptr_eq(&self.docs[i], &docs[i]))
            .collect();
        let mut touched: Vec<Box<str>> = Vec::new();
        for &i in &changed {
            let first = self.firsts[i];
            for (k, (was, now)) in self.docs[i]
                .records
                .iter()
                .zip(&docs[i].records)
                .enumerate()
            {
                let n = first + number(k);
                // Both in term order: a term the result has with the same score and
                // form as before is left alone, so an edit re-encodes only the terms
                // whose results it changed.
                let (mut was, mut now) = (was.lines().peekable(), now.lines().peekable());
                loop {
                    let (gone, came) = match (was.peek(), now.peek()) {
                        (None, None) => break,
                        (Some(a), Some(b)) if a.0 == b.0 => {
                            let same = a == b;
                            let pair = (was.next(), now.next());
                            if same {
                                continue;
                            }
                            pair
                        }
                        (Some(a), Some(b)) if a.0 < b.0 => (was.next(), None),
                        (Some(_), None) => (was.next(), None),
                        _ => (None, now.next()),
                    };
                    if let Some((term, _, _)) = gone {
                        let entry = self.terms.get_mut(term).expect("the last build had it");
                        if let Ok(at) = entry.pages.binary_search_by_key(&n, |p| p.0) {
                            entry.pages.remove(at);
                        }
                        if let Ok(at) = entry.forms.binary_search_by_key(&n, |f| f.0) {
                            entry.forms.remove(at);
                        }
                        touched.push(term.into());
                    }
                    if let Some((term, form, score)) = came {
                        let entry = match self.terms.get_mut(term) {
                            Some(entry) => entry,
                            None => self.terms.entry(term.into()).or_default(),
                        };
                        let at = entry.pages.partition_point(|p| p.0 < n);
                        entry.pages.insert(at, (n, score));
                        if let Some(form) = form {
                            let id = self.forms.id(form);
                            let at = entry.forms.partition_point(|f| f.0 < n);
                            entry.forms.insert(at, (n, id));
                        }
                        touched.push(term.into());
                    }
                }
            }
        }
        touched.sort_unstable();
        touched.dedup();
        let total = self.total();
        for term in touched {
            let entry = self.terms.get_mut(&term).expect("touched above");
            if entry.pages.is_empty() {
                self.terms.remove(&term);
            } else {
                entry.write(&term, total, &self.forms.names);
            }
        }
        let records = records(docs);
        for &i in &changed {
            let (first, end) = (self.firsts[i] as usize, self.firsts[i + 1] as usize);
            if first == end {
                continue;
            }
            for n in first / PER_PIECE..=(end - 1) / PER_PIECE {
                let chunk = &records[n * PER_PIECE..((n + 1) * PER_PIECE).min(records.len())];
                let (piece, hash) = pieces::fragment_piece(n, chunk);
                self.fragments[n] = (piece.bytes, hash);
            }
        }
        self.docs = docs.to_vec();
    }

    /// Every file of the index, in the order [`super::build`] hands them over.
    fn files<K: Send>(&mut self, keep: impl Fn(String, Bytes) -> K + Sync) -> (Vec<K>, String) {
        let mut cutter = Cutter::default();
        for (term, entry) in &self.terms {
            cutter.push(term, |out| out.push_str(&entry.written));
        }
        let bodies = cutter.finish();
        let last = &self.words;
        let made: Vec<(Word, Bytes)> = bodies
            .into_par_iter()
            .map(|(ends, json)| {
                let name = Piece::name("w", &json);
                let bytes = match last.get(&name) {
                    Some(bytes) => Bytes::clone(bytes),
                    None => Piece::new(name.clone(), Piece::path_of(&name), &json).bytes,
                };
                ((ends, name), bytes)
            })
            .collect();
        let hashes: Vec<[u8; 32]> = self.fragments.iter().map(|(_, hash)| *hash).collect();
        let words: Vec<Word> = made.iter().map(|(word, _)| word.clone()).collect();
        let entry = pieces::entry(self.total(), &words, &hashes);
        let entry_path = entry.path.clone();
        let mut kept: Vec<K> = made
            .par_iter()
            .map(|((_, name), bytes)| keep(Piece::path_of(name), Bytes::clone(bytes)))
            .collect();
        kept.par_extend(
            self.fragments
                .par_iter()
                .enumerate()
                .map(|(n, (bytes, _))| keep(Piece::numbered_path(n), Bytes::clone(bytes))),
        );
        kept.push(keep(entry.path, entry.bytes));
        let words = made.into_iter().map(|((_, name), bytes)| (name, bytes));
        let words = words.collect();
        self.words = words;
        (kept, entry_path)
    }
}

impl Entry {
    fn write(&mut self, term: &str, total: usize, names: &[Box<str>]) {
        let mut forms: Vec<u32> = self.forms.iter().map(|&(_, id)| id).collect();
        let form = pieces::usual_form(term, self.pages.len(), &mut forms, |id| &names[id as usize]);
        self.written.clear();
        pieces::write_term(term, &self.pages, form, total, &mut self.written);
    }
}

#[cfg(test)]
#[path = "live_tests.rs"]
mod tests;
