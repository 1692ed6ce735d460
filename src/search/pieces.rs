//! The index's files. Word pieces and the entry are named by a hash of their contents,
//! so a browser never mixes pieces of two builds and unchanged pieces keep their
//! names; a result's piece is named by its number, and asked for with the build's
//! *generation* (a hash of every result piece) after a `?`, so an edit to one page
//! rewrites one file but no browser keeps an old one.
//!
//! A term's results are written one of two ways, whichever is shorter:
//! - a list: `[gap, score, gap, score, …]`, each result's number as the gap from the one
//!   before;
//! - for a term on many pages, a bitmap of every result it is in (base64, result N in
//!   bit N % 8 of byte N / 8) with the scores of only its best [`TOP`] results; the rest
//!   share one score, the best of theirs (`{"b": …, "n": count, "p": [top], "r": score}`).
//!
//! Either way a query learns exactly which results have a term, and a common term
//! costs at most a bit a result.

use std::fmt::Write as _;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{Document, Record};
use crate::output::Bytes;
use crate::site::SEARCH_URL;

/// A word piece ends after a term whose hash is a multiple of `CUT_EVERY` once it
/// holds `SHARD_MIN` bytes, and at `SHARD_MAX` bytes whatever. The cuts depend on the
/// terms near them, not on everything before, so an edit to one page changes only the
/// pieces that hold its terms (and their names), not every piece after them.
const SHARD_MIN: usize = 3 * 1024;
const SHARD_MAX: usize = 8 * 1024;
const CUT_EVERY: u64 = 8;
/// How many of a common term's results keep their own scores.
const TOP: usize = 100;
/// Results in one result piece. Two, not one: a piece for each result doubled the
/// files a large site writes, and making files is much of a build's time; a query
/// that shows ten results still loads only a few kilobytes of them.
pub(super) const PER_PIECE: usize = 2;

#[derive(Serialize)]
struct Meta<'a> {
    /// The format.
    v: u32,
    /// How many results.
    n: usize,
    /// How many results a result piece holds: result N is item N % r of piece N / r.
    r: usize,
    /// The generation of the result pieces.
    g: &'a str,
    /// [first term, or as much of it as tells it from the piece before; piece name],
    /// in term order.
    w: Vec<(&'a str, &'a str)>,
}

/// One result a term is in: the result's number and the term's score there. Eight
/// bytes, since a large site has millions.
pub(super) type Posting = (u32, u8);

/// Every term's results: each term's run of postings (in result order) and of the
/// forms its results write it in, laid end to end in term order. Flat, so a large
/// site's millions of postings cost eight bytes each and no allocation of their own.
struct Inverted<'a> {
    /// The terms, in code point order (byte order of UTF-8), which `search.js`
    /// compares by too.
    terms: Vec<&'a str>,
    /// Where each term's postings and forms start, and one past the last.
    starts: Vec<(u32, u32)>,
    pages: Vec<Posting>,
    /// Each form by its number in `names`, four bytes instead of sixteen.
    forms: Vec<u32>,
    names: Vec<&'a str>,
}

/// Builds the index of `docs`, their results in the order given (which breaks ties
/// in score), handing each file (output path, bytes) to `keep` as soon as it is
/// made, so that a large site never holds all its pieces at once. Returns what
/// `keep` gave for each file, and the path of the entry file (for the search page
/// to load).
pub fn build<K: Send>(
    docs: &[Arc<Document>],
    keep: impl Fn(String, Bytes) -> K + Sync,
) -> (Vec<K>, String) {
    let records: Vec<&Record> = docs.iter().flat_map(|d| d.records.iter()).collect();
    let total = records.len();
    let bodies = shard_bodies(postings(&records), total);
    let mut kept = Vec::with_capacity(bodies.len() + total.div_ceil(PER_PIECE) + 1);
    let (words, word_files): (Vec<Word>, Vec<K>) = bodies
        .into_par_iter()
        .map(|(ends, json)| {
            let piece = Piece::named("w", &json);
            ((ends, piece.name), keep(piece.path, piece.bytes))
        })
        .unzip();
    let (fragment_files, hashes): (Vec<K>, Vec<[u8; 32]>) = records
        .par_chunks(PER_PIECE)
        .enumerate()
        .map(|(n, chunk)| {
            let (piece, hash) = fragment_piece(n, chunk);
            (keep(piece.path, piece.bytes), hash)
        })
        .unzip();
    let entry = entry(total, &words, &hashes);
    let entry_path = entry.path.clone();
    kept.extend(word_files);
    kept.extend(fragment_files);
    kept.push(keep(entry.path, entry.bytes));
    (kept, entry_path)
}

/// A word piece as the entry names it: its first and last terms, and its name.
pub(super) type Word<'a> = (Ends<'a>, String);

/// Result piece `n`, holding `chunk`, and its SHA-256 (for the generation).
pub(super) fn fragment_piece(n: usize, chunk: &[&Record]) -> (Piece, [u8; 32]) {
    let mut json = String::from("[");
    for (i, r) in chunk.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&r.fragment);
    }
    json.push(']');
    let hash: [u8; 32] = Sha256::digest(json.as_bytes()).into();
    (Piece::numbered(n, &json), hash)
}

/// The entry file: how many results, the generation of the result pieces (from
/// each one's hash, in order), and where each word piece starts.
pub(super) fn entry(total: usize, words: &[Word], fragments: &[[u8; 32]]) -> Piece {
    let mut generation = Sha256::new();
    for hash in fragments {
        generation.update(hash);
    }
    // In letters only, a to p for each half byte: ten digits in a row would look like
    // an NHS number to the public gate.
    let generation: String = generation.finalize()[..5]
        .iter()
        .flat_map(|b| [b >> 4, b & 15])
        .map(|half| char::from(b'a' + half))
        .collect();
    let keys = separators(words.iter().map(|(ends, _)| *ends));
    let meta = Meta {
        v: 3,
        n: total,
        r: PER_PIECE,
        g: &generation,
        w: keys
            .iter()
            .zip(words)
            .map(|(key, (_, name))| (*key, name.as_str()))
            .collect(),
    };
    Piece::named(
        "index",
        &serde_json::to_string(&meta).expect("the index serialises"),
    )
}

/// Every term's postings: counted in one pass over the results, placed in a second.
fn postings<'a>(records: &[&'a Record]) -> Inverted<'a> {
    // Each term's number, in the order first met, and how many postings and forms
    // it has.
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut counts: Vec<(u32, u32)> = Vec::new();
    // The forms, numbered likewise.
    let mut form_ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut names: Vec<&str> = Vec::new();
    for record in records {
        for (term, form, _) in record.lines() {
            let next = u32::try_from(counts.len()).expect("under 4 billion terms");
            let id = *ids.entry(term).or_insert(next);
            if id == next {
                counts.push((0, 0));
            }
            let c = &mut counts[id as usize];
            c.0 += 1;
            if let Some(form) = form {
                c.1 += 1;
                form_ids.entry(form).or_insert_with(|| {
                    names.push(form);
                    u32::try_from(names.len() - 1).expect("under 4 billion forms")
                });
            }
        }
    }
    let mut terms: Vec<(&str, u32)> = ids.iter().map(|(&t, &id)| (t, id)).collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    // Where each term's runs start, by its number.
    let mut at = vec![(0u32, 0u32); counts.len()];
    let mut starts = Vec::with_capacity(terms.len() + 1);
    let (mut pages, mut forms) = (0u32, 0u32);
    for &(_, id) in &terms {
        at[id as usize] = (pages, forms);
        starts.push((pages, forms));
        pages += counts[id as usize].0;
        forms += counts[id as usize].1;
    }
    starts.push((pages, forms));
    drop(counts);
    let mut inverted = Inverted {
        terms: terms.into_iter().map(|(t, _)| t).collect(),
        starts,
        pages: vec![(0, 0); pages as usize],
        forms: vec![0; forms as usize],
        names,
    };
    // Results in order, so each term's run is in result order.
    for (n, record) in records.iter().enumerate() {
        let n = u32::try_from(n).expect("under 4 billion results");
        for (term, form, score) in record.lines() {
            let slot = &mut at[ids[term] as usize];
            inverted.pages[slot.0 as usize] = (n, score);
            slot.0 += 1;
            if let Some(form) = form {
                inverted.forms[slot.1 as usize] = form_ids[form];
                slot.1 += 1;
            }
        }
    }
    inverted
}

/// The form most of a term's results write it in, if that is not the term itself:
/// what "Did you mean" offers. Ties go to the first in code point order.
pub(super) fn usual_form<'a>(
    term: &str,
    results: usize,
    forms: &mut [u32],
    names: impl Fn(u32) -> &'a str,
) -> Option<&'a str> {
    forms.sort_unstable();
    let mut best: Option<(&str, usize)> = None;
    for group in forms.chunk_by(|a, b| a == b) {
        let form = names(group[0]);
        if best.is_none_or(|(b, n)| group.len() > n || (group.len() == n && form < b)) {
            best = Some((form, group.len()));
        }
    }
    // Results that write it as the term itself.
    let plain = results - forms.len();
    best.filter(|(form, n)| *n > plain && *form != term)
        .map(|(form, _)| form)
}

/// The word pieces' text, each with its first and last terms, cut where the terms
/// say (see [`SHARD_MIN`]).
fn shard_bodies<'a>(mut inverted: Inverted<'a>, total: usize) -> Vec<(Ends<'a>, String)> {
    let mut cutter = Cutter::default();
    for (i, &term) in inverted.terms.iter().enumerate() {
        let ((p0, f0), (p1, f1)) = (inverted.starts[i], inverted.starts[i + 1]);
        let pages = &inverted.pages[p0 as usize..p1 as usize];
        let forms = &mut inverted.forms[f0 as usize..f1 as usize];
        let names = &inverted.names;
        let form = usual_form(term, pages.len(), forms, |id| names[id as usize]);
        cutter.push(term, |out| write_term(term, pages, form, total, out));
    }
    cutter.finish()
}

/// Writes `"term":value`, the term's results the shorter way (see the module's
/// comment).
pub(super) fn write_term(
    term: &str,
    pages: &[Posting],
    form: Option<&str>,
    total: usize,
    out: &mut String,
) {
    push_json_string(out, term);
    out.push(':');
    encode(pages, form, total, out);
}

/// Lays terms end to end into word pieces, cutting where the terms say (see
/// [`SHARD_MIN`]).
#[derive(Default)]
pub(super) struct Cutter<'a> {
    bodies: Vec<(Ends<'a>, String)>,
    body: String,
    first: Option<&'a str>,
    last: &'a str,
}

impl<'a> Cutter<'a> {
    /// Adds the next term, in term order; `write` writes it (see [`write_term`]).
    pub fn push(&mut self, term: &'a str, write: impl FnOnce(&mut String)) {
        if self.first.is_none() {
            self.body.push('{');
            self.first = Some(term);
        } else {
            self.body.push(',');
        }
        self.last = term;
        write(&mut self.body);
        if self.body.len() >= SHARD_MAX
            || (self.body.len() >= SHARD_MIN && fnv1a(term).is_multiple_of(CUT_EVERY))
        {
            self.cut();
        }
    }

    fn cut(&mut self) {
        if let Some(first) = self.first.take() {
            let mut body = std::mem::take(&mut self.body);
            body.push('}');
            self.bodies.push(((first, self.last), body));
        }
    }

    /// Every piece, each with its first and last terms.
    pub fn finish(mut self) -> Vec<(Ends<'a>, String)> {
        self.cut();
        self.bodies
    }
}

/// A piece's first and last terms.
pub(super) type Ends<'a> = (&'a str, &'a str);

/// Writes a term's results the shorter way (see the module's comment).
fn encode(pages: &[Posting], form: Option<&str>, total: usize, out: &mut String) {
    let list = gaps(pages.iter().copied());
    let bitmap_len = total.div_ceil(8).div_ceil(3) * 4;
    if pages.len() > TOP && bitmap_len + TOP * 5 < list.len() {
        let mut by_score: Vec<Posting> = pages.to_vec();
        // Best first; the earlier result breaks a tie.
        by_score.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let rest = by_score[TOP].1;
        let mut top = by_score[..TOP].to_vec();
        top.sort_unstable();
        let mut bits = vec![0u8; total.div_ceil(8)];
        for &(page, _) in pages {
            let page = page as usize;
            bits[page / 8] |= 1 << (page % 8);
        }
        out.push('{');
        if let Some(form) = form {
            out.push_str("\"f\":");
            push_json_string(out, form);
            out.push(',');
        }
        let _ = write!(
            out,
            "\"b\":\"{}\",\"n\":{},\"p\":{},\"r\":{rest}}}",
            base64(&bits),
            pages.len(),
            gaps(top.into_iter())
        );
    } else if let Some(form) = form {
        out.push_str("{\"f\":");
        push_json_string(out, form);
        let _ = write!(out, ",\"p\":{list}}}");
    } else {
        out.push_str(&list);
    }
}

/// `[gap, score, …]`: each result's number as the gap from the one before, shorter.
fn gaps(pages: impl Iterator<Item = Posting>) -> String {
    let mut out = String::from("[");
    let mut number = itoa::Buffer::new();
    let mut previous = 0;
    for (n, (page, score)) in pages.enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(number.format(page - previous));
        out.push(',');
        out.push_str(number.format(score));
        previous = page;
    }
    out.push(']');
    out
}

/// Each piece's key: as little of its first term as sorts after the last term of the
/// piece before (a whole number of characters), so the index names a piece in a few
/// bytes. A term is in the last piece whose key is not after it; the first key is
/// empty.
fn separators<'a>(pieces: impl Iterator<Item = Ends<'a>>) -> Vec<&'a str> {
    let mut before: Option<&str> = None;
    pieces
        .map(|(first, last)| {
            let key = match before {
                None => "",
                Some(before) => first
                    .char_indices()
                    .map(|(at, c)| &first[..at + c.len_utf8()])
                    .find(|key| *key > before)
                    .unwrap_or(first),
            };
            before = Some(last);
            key
        })
        .collect()
}

fn push_json_string(out: &mut String, s: &str) {
    out.push_str(&serde_json::to_string(s).expect("a string serialises"));
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// One file of the index: a script that hands its data to `search.js` by name.
pub(super) struct Piece {
    pub name: String,
    pub path: String,
    pub bytes: Bytes,
}

impl Piece {
    /// Named by its kind and a hash of its contents.
    pub fn named(kind: &str, json: &str) -> Piece {
        let name = Piece::name(kind, json);
        let path = Piece::path_of(&name);
        Piece::new(name, path, json)
    }

    /// The name of a piece of `kind` holding `json`.
    pub fn name(kind: &str, json: &str) -> String {
        let hash = Sha256::digest(json.as_bytes());
        format!("{kind}-{}", crate::digest::hex(&hash[..5]))
    }

    /// Where the piece named `name` is written.
    pub fn path_of(name: &str) -> String {
        format!("{SEARCH_URL}{name}.js")
    }

    /// Result piece `n`.
    fn numbered(n: usize, json: &str) -> Piece {
        Piece::new(format!("f{n}"), Piece::numbered_path(n), json)
    }

    /// Where result piece `n` is written.
    pub fn numbered_path(n: usize) -> String {
        format!("{SEARCH_URL}f/{n}.js")
    }

    pub fn new(name: String, path: String, json: &str) -> Piece {
        // A script, not JSON, so that it loads from disk too.
        let mut script = String::with_capacity(json.len() + name.len() + 24);
        script.push_str("sgSearch.loaded(");
        push_json_string(&mut script, &name);
        script.push(',');
        script.push_str(json);
        script.push_str(");\n");
        Piece {
            name,
            path,
            bytes: script.into_bytes().into(),
        }
    }
}

/// FNV-1a: a small hash whose values never change, for choosing where pieces end.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
