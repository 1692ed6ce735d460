//! The index as `search.js` reads it: pieces parsed back from their scripts.

use std::sync::Arc;

use serde_json::Value;

use super::*;

/// The index's files, kept in memory: output path → bytes, and the entry's path.
struct Index {
    files: Vec<(String, crate::output::Bytes)>,
    entry: String,
}

fn build(docs: &[Arc<Document>]) -> Index {
    let (files, entry) = super::build(docs, |path, bytes| (path, bytes));
    Index { files, entry }
}

fn doc(url: &str, title: &str, body: &str) -> Arc<Document> {
    Arc::new(Document::new(
        url.to_string(),
        title.to_string(),
        vec!["Home".to_string()],
        None,
        &format!("<main><p>{body}</p></main>"),
    ))
}

/// A piece's data, from its script.
fn data(bytes: &[u8]) -> Value {
    let script = std::str::from_utf8(bytes).unwrap();
    let args = script
        .strip_prefix("sgSearch.loaded(")
        .and_then(|s| s.strip_suffix(");\n"))
        .unwrap();
    let comma = args.find(",").unwrap();
    serde_json::from_str(&args[comma + 1..]).unwrap()
}

/// Every term of the index with its value, in piece order, and the entry.
fn terms(index: &Index) -> (Value, Vec<(String, Value)>) {
    let file = |path: &str| &index.files.iter().find(|(p, _)| p == path).unwrap().1;
    let meta = data(file(&index.entry));
    let mut out = Vec::new();
    for piece in meta["w"].as_array().unwrap() {
        let name = piece[1].as_str().unwrap();
        let body = data(file(&format!("search/{name}.js")));
        for (term, value) in body.as_object().unwrap() {
            out.push((term.clone(), value.clone()));
        }
    }
    (meta, out)
}

/// Each result and its score for a term's value, decoded as `search.js` does.
fn results(value: &Value) -> Vec<(usize, u64)> {
    let list = |v: &Value| -> Vec<(usize, u64)> {
        let n: Vec<u64> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap())
            .collect();
        let mut page = 0;
        n.chunks(2)
            .map(|c| {
                page += c[0] as usize;
                (page, c[1])
            })
            .collect()
    };
    if value.is_array() {
        return list(value);
    }
    let top = list(&value["p"]);
    let Some(bits) = value.get("b") else {
        return top;
    };
    let bytes = unbase64(bits.as_str().unwrap());
    let rest = value["r"].as_u64().unwrap();
    (0..bytes.len() * 8)
        .filter(|n| bytes[n / 8] & (1 << (n % 8)) != 0)
        .map(|n| {
            (
                n,
                top.iter().find(|(p, _)| *p == n).map_or(rest, |(_, s)| *s),
            )
        })
        .collect()
}

/// An independent base64 decoder.
fn unbase64(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let mut out = Vec::new();
    for chunk in s.as_bytes().chunks(4) {
        let n = chunk
            .iter()
            .filter(|&&c| c != b'=')
            .enumerate()
            .fold(0u32, |n, (i, &c)| n | u32::from(value(c)) << (18 - 6 * i));
        let len = chunk.iter().filter(|&&c| c != b'=').count() - 1;
        out.extend((0..len).map(|i| (n >> (16 - 8 * i)) as u8));
    }
    out
}

fn lookup<'a>(terms: &'a [(String, Value)], term: &str) -> &'a Value {
    &terms
        .iter()
        .find(|(t, _)| t == term)
        .unwrap_or_else(|| panic!("{term} not indexed"))
        .1
}

#[test]
fn title_words_outscore_body_words_and_pieces_are_named_by_content() {
    let docs = [
        doc("a/", "Mental capacity", "Nothing about the duty here."),
        doc(
            "b/",
            "Duties",
            "A page about capacity, capacity and capacity.",
        ),
    ];
    let index = build(&docs);
    assert!(index.entry.starts_with("search/index-"), "{}", index.entry);
    let (meta, terms) = terms(&index);
    assert_eq!(meta["n"], 2);
    let capacity = results(lookup(&terms, "capac"));
    assert_eq!(capacity.iter().map(|r| r.0).collect::<Vec<_>>(), [0, 1]);
    assert!(
        capacity[0].1 > capacity[1].1,
        "title beats body: {capacity:?}"
    );
    // "Duties" and "duty" are one term.
    assert_eq!(results(lookup(&terms, "duti")).len(), 2);
    // Each result's piece says what it shows: results 0 and 1 share the first.
    assert_eq!(meta["r"], 2);
    let fragment = index
        .files
        .iter()
        .find(|(p, _)| p == "search/f/0.js")
        .unwrap();
    let fragment = &data(&fragment.1)[1];
    assert_eq!(fragment["u"], "b/");
    assert_eq!(fragment["t"], "Duties");
    assert_eq!(
        fragment["x"][0][2],
        "A page about capacity, capacity and capacity."
    );
    // The same pages, the same files.
    assert_eq!(index.files, build(&docs).files);
}

#[test]
fn words_side_by_side_are_indexed_as_pairs_but_not_across_blocks() {
    let docs = [Arc::new(Document::new(
        "a/".into(),
        "The duty to cooperate".into(),
        vec![],
        None,
        "<main><p>Multi-agency working</p><p>arrangements matter</p></main>",
    ))];
    let (_, terms) = terms(&build(&docs));
    let has = |t: &str| terms.iter().any(|(k, _)| k == t);
    assert!(has("duti cooper"), "a stop word between does not part them");
    assert!(has("multi agenc"));
    assert!(!has("work arrang"), "the end of a paragraph parts words");
}

#[test]
fn a_term_on_many_pages_is_a_bitmap_with_its_best_scores() {
    let docs: Vec<Arc<Document>> = (0..1000)
        .map(|n| {
            let extra = if n % 250 == 7 { " duty duty duty" } else { "" };
            doc(
                &format!("p{n}/"),
                &format!("Page {n}"),
                &format!("The duty{extra}"),
            )
        })
        .collect();
    let index = build(&docs);
    let (_, terms) = terms(&index);
    let duty = lookup(&terms, "duti");
    assert!(duty.get("b").is_some(), "a bitmap: {duty}");
    assert_eq!(duty["n"], 1000);
    let all = results(duty);
    assert_eq!(all.len(), 1000);
    assert!(all.iter().enumerate().all(|(i, r)| r.0 == i));
    // The pages that say it most keep their higher scores; the rest share one.
    let best = all.iter().map(|r| r.1).max().unwrap();
    for n in [7, 257, 507, 757] {
        assert_eq!(all[n].1, best, "page {n}");
    }
    assert!(all[0].1 < best);
    // The whole term costs about a bit a page, not a list.
    assert!(
        duty.to_string().len() < 1000 / 8 * 4 / 3 + 100 * 8,
        "{}",
        duty.to_string().len()
    );
}

#[test]
fn the_usual_form_of_a_term_is_kept_for_did_you_mean() {
    let docs = [
        doc("a/", "A", "Inquiries are held."),
        doc("b/", "B", "More inquiries."),
        doc("c/", "C", "One inquiry."),
        doc("d/", "D", "Safeguard, safeguard."),
    ];
    let (_, terms) = terms(&build(&docs));
    assert_eq!(lookup(&terms, "inquiri")["f"], "inquiries");
    assert!(
        lookup(&terms, "safeguard").is_array(),
        "its own form: no form kept"
    );
}

#[test]
fn forms_written_equally_often_go_to_the_first_in_code_point_order() {
    // Met first on the first page, but "inquiries" sorts before "inquiry".
    let docs = [
        doc("a/", "A", "One inquiry."),
        doc("b/", "B", "Two inquiries."),
    ];
    let (_, terms) = terms(&build(&docs));
    assert_eq!(lookup(&terms, "inquiri")["f"], "inquiries");
}

#[test]
fn an_entry_is_a_result_of_its_own_and_not_part_of_its_page() {
    let html = r#"<main><h1>Glossary</h1><p>The abbreviations used here, and what they stand for.</p>
<dl><div class="glossary-entry" id="lscb" data-search-entry><dt><abbr title="x">LSCB</abbr></dt>
<dd>Local Safeguarding Children Board</dd></div></dl></main>"#;
    let docs = [Arc::new(Document::new(
        "glossary/".into(),
        "Glossary".into(),
        vec!["Home".into()],
        None,
        html,
    ))];
    let index = build(&docs);
    let (meta, terms) = terms(&index);
    assert_eq!(meta["n"], 2);
    assert_eq!(
        results(lookup(&terms, "lscb"))
            .iter()
            .map(|r| r.0)
            .collect::<Vec<_>>(),
        [1]
    );
    assert_eq!(
        results(lookup(&terms, "board"))
            .iter()
            .map(|r| r.0)
            .collect::<Vec<_>>(),
        [1]
    );
    let entry = &data(
        &index
            .files
            .iter()
            .find(|(p, _)| p == "search/f/0.js")
            .unwrap()
            .1,
    )[1];
    assert_eq!(entry["u"], "glossary/#lscb");
    assert_eq!(entry["t"], "LSCB");
    assert_eq!(entry["p"], "Home › Glossary");
    assert_eq!(entry["s"], "Local Safeguarding Children Board");
}

#[test]
fn every_term_is_found_in_the_piece_its_key_names() {
    let body: String = (0..6000).map(|n| format!("word{n} ")).collect();
    let index = build(&[doc("a/", "A", &body)]);
    let (meta, _) = terms(&index);
    let keys: Vec<&str> = meta["w"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k[0].as_str().unwrap())
        .collect();
    assert!(keys.len() > 5, "{} pieces", keys.len());
    assert_eq!(keys[0], "");
    let file = |path: &str| &index.files.iter().find(|(p, _)| p == path).unwrap().1;
    for (i, piece) in meta["w"].as_array().unwrap().iter().enumerate() {
        let body = data(file(&format!("search/{}.js", piece[1].as_str().unwrap())));
        for term in body.as_object().unwrap().keys() {
            // The last key not after the term is this piece's.
            let at = keys.iter().rposition(|k| *k <= term.as_str()).unwrap();
            assert_eq!(at, i, "{term} is in piece {i}, its key says {at}");
        }
        assert!(file(&format!("search/{}.js", piece[1].as_str().unwrap())).len() <= 8 * 1024 + 200);
    }
    // Keys are short: as much of a term as tells it from the piece before.
    assert!(keys.iter().all(|k| k.len() <= 10), "{keys:?}");
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
    let changed: Vec<&str> = after
        .files
        .iter()
        .filter(|f| !before.files.contains(f))
        .map(|(p, _)| p.as_str())
        .collect();
    let words = before
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("search/w-"))
        .count();
    assert!(words > 20, "{words} word pieces");
    // The page's own piece (with result 56), the entry, and the pieces its new
    // words fall in.
    assert!(changed.contains(&"search/f/28.js"), "{changed:?}");
    assert!(
        changed.len() <= 6,
        "{} of {} pieces changed: {changed:?}",
        changed.len(),
        after.files.len()
    );
}
