//! A [`Doc`] laid out by Typst and written as a tagged PDF/UA-1 file: A4, fonts
//! embedded, bookmarks from its headings, the same bytes for the same document.

mod html;
mod world;

use serde::Serialize;
use serde_json::Value;
use typst::diag::SourceDiagnostic;
use typst::foundations::Smart;
use typst::layout::{Frame, FrameItem, Point};
use typst::model::Destination;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use super::{Block, Doc, Mark, Pdf, Warning};
use world::DocWorld;

/// The document as the template reads it: every body read into blocks.
#[derive(Serialize)]
struct Expanded<'a> {
    title: &'a str,
    lang: &'a str,
    region: &'a Option<String>,
    author: &'a Option<String>,
    date: Option<(i16, i8, i8)>,
    header: &'a Mark,
    blocks: &'a [Value],
}

/// Whether anything was typeset since the last [`evict`].
static TYPESET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn typeset(doc: &Doc, images: &dyn Fn(&str) -> Option<Vec<u8>>) -> Result<Pdf, String> {
    TYPESET.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut reader = html::Reader::new(images, doc.base.as_deref());
    // The template's own name for its running-header marks, and the names the
    // document's blocks give places, are no body's to take.
    reader.labels.insert("sg-mark".to_string());
    for label in doc.labels() {
        reader.labels.insert(label.to_string());
    }
    let mut blocks = expand(&doc.blocks, &mut reader)?;
    // A link to a place in the document works only where that place has a name.
    for b in &mut blocks {
        unlink_missing(b, &reader.labels);
    }
    let mut warnings = Vec::new();
    let mut pictures = std::mem::take(&mut reader.pictures);
    // Typst lays out in the build's thread pool, sharing its work (the binary gives
    // those threads deep stacks: `main.rs`).
    let mut made = lay_out(doc, &blocks, &pictures);
    if made.is_err() && !pictures.is_empty() {
        // A picture Typst cannot read (a damaged file, an SVG linking files of its
        // own) is left out, its text alternative shown instead, and named.
        for (n, src) in reader.sources.iter().enumerate() {
            if let Some(why) = picture_fails(&blocks, n, &pictures) {
                replace_picture(&mut blocks, n);
                pictures[n] = Vec::new();
                // The page links the file relative to where it is published; its
                // source names it by its file name.
                let name = src
                    .as_deref()
                    .map(|s| s.rsplit('/').next().unwrap_or(s).to_string());
                let what = match &name {
                    Some(name) => format!("the picture `{name}`"),
                    None => "a chart".to_string(),
                };
                warnings.push(Warning {
                    find: name.clone(),
                    message: format!("{what} could not be put in this page's PDF ({why}), so the PDF shows its text alternative instead: check that the file opens, and save it again as PNG, JPEG or SVG"),
                });
            }
        }
        made = lay_out(doc, &blocks, &pictures);
    }
    let (bytes, document_text, pages, short) = made?;
    warnings.extend(short.map(|why| short_of_ua(&why)).unwrap_or_default());
    Ok(Pdf {
        bytes: bytes.into(),
        warnings,
        pages,
        text: document_text + &reader.drawn,
    })
}

/// The bytes, the text a reader gets, the pages, and why the PDF falls short of
/// PDF/UA-1 if it does.
type LaidOut = (Vec<u8>, String, usize, Option<String>);

fn lay_out(doc: &Doc, blocks: &[Value], pictures: &[Vec<u8>]) -> Result<LaidOut, String> {
    let expanded = Expanded {
        title: &doc.title,
        lang: &doc.lang,
        region: &doc.region,
        author: &doc.author,
        date: doc.date,
        header: &doc.header,
        blocks,
    };
    let json = serde_json::to_vec(&expanded).map_err(|e| e.to_string())?;
    let world = DocWorld::new(json, pictures.to_vec());
    let document: PagedDocument = typst::compile(&world).output.map_err(|e| words(&e))?;
    let options = |standards: &[PdfStandard]| -> Result<PdfOptions, String> {
        Ok(PdfOptions {
            // Named by the document's title and address, so a new build of the same
            // document keeps its identity (and its bytes).
            ident: Smart::Custom(format!("safeguard {} {}", doc.path, doc.title)),
            creator: Smart::Custom(Some("safeguard".to_string())),
            timestamp: None,
            page_ranges: None,
            standards: PdfStandards::new(standards).map_err(|e| e.message().to_string())?,
            tagged: true,
            pretty: false,
        })
    };
    // PDF/UA-1, or, where the document cannot meet it (a character none of the
    // fonts has), a tagged PDF all the same, and why it falls short.
    let (bytes, short) = match typst_pdf::pdf(&document, &options(&[PdfStandard::Ua_1])?) {
        Ok(bytes) => (bytes, None),
        Err(why) => {
            let bytes = typst_pdf::pdf(&document, &options(&[])?).map_err(|e| words(&e))?;
            (bytes, Some(words(&why)))
        }
    };
    Ok((
        bytes,
        text_of(&document, doc),
        document.pages().len(),
        short,
    ))
}

/// Why the `n`th picture cannot be laid out on its own, if it cannot.
fn picture_fails(blocks: &[Value], n: usize, pictures: &[Vec<u8>]) -> Option<String> {
    let figure = find_picture(blocks, n)?.clone();
    let doc = Doc {
        title: "Picture".to_string(),
        lang: "en".to_string(),
        region: None,
        author: None,
        date: None,
        header: Mark {
            text: String::new(),
            draft: None,
        },
        path: String::new(),
        base: None,
        blocks: Vec::new(),
    };
    let only: Vec<Vec<u8>> = (0..pictures.len())
        .map(|i| {
            if i == n {
                pictures[i].clone()
            } else {
                Vec::new()
            }
        })
        .collect();
    lay_out(&doc, &[figure], &only).err()
}

/// The figure block showing the `n`th picture.
fn find_picture(blocks: &[Value], n: usize) -> Option<&Value> {
    let mut stack: Vec<&Value> = blocks.iter().collect();
    while let Some(v) = stack.pop() {
        if is_picture(v, n) {
            return Some(v);
        }
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    None
}

fn is_picture(v: &Value, n: usize) -> bool {
    v.get("t").and_then(Value::as_str) == Some("figure")
        && v.pointer("/c/picture").and_then(Value::as_u64) == Some(n as u64)
}

/// Puts the `n`th picture's text alternative in its place.
fn replace_picture(blocks: &mut [Value], n: usize) {
    let mut stack: Vec<&mut Value> = blocks.iter_mut().collect();
    while let Some(v) = stack.pop() {
        if is_picture(v, n) {
            let alt = v
                .pointer("/c/alt")
                .and_then(Value::as_str)
                .unwrap_or_default();
            *v = serde_json::json!({ "t": "para", "c": [{ "t": "emph", "c": [format!("[Picture: {alt}]")] }] });
            continue;
        }
        match v {
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(map) => stack.extend(map.values_mut()),
            _ => {}
        }
    }
}

/// What keeps a PDF short of PDF/UA, in words: each character none of the fonts
/// has (Typst names them), to be placed where the page writes it, and anything else.
fn short_of_ua(why: &str) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut rest = Vec::new();
    for part in why.split("; ") {
        let missing = part
            .split_once("the text `\"")
            .and_then(|(_, after)| after.split_once("\"` could not be displayed"))
            .map(|(text, _)| unescape(text));
        match missing {
            Some(text) => out.push(Warning {
                message: format!("`{}` cannot be shown in this page's PDF: none of its fonts has this character, so the PDF shows an empty box there and falls short of PDF/UA, the standard for accessible PDFs. Write it another way (a word, or a picture with a text alternative) if the PDF needs it", text.escape_debug()),
                find: Some(text),
            }),
            None => rest.push(part),
        }
    }
    if !rest.is_empty() {
        out.push(Warning {
            find: None,
            message: format!(
                "the PDF of this page is tagged for screen readers but falls short of PDF/UA, the standard for accessible PDFs: {}",
                rest.join("; ")
            ),
        });
    }
    out
}

/// Text as Typst's messages quote it (`\u{200d}` for an invisible character).
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\\u{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        match after.split_once('}').and_then(|(hex, tail)| {
            Some((char::from_u32(u32::from_str_radix(hex, 16).ok()?)?, tail))
        }) {
            Some((c, tail)) => {
                out.push(c);
                rest = tail;
            }
            None => {
                out.push_str("\\u{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The blocks as the template reads them, every body read into blocks of its own
/// (a cover sheet's too).
fn expand(blocks: &[Block], reader: &mut html::Reader<'_>) -> Result<Vec<Value>, String> {
    let json = |b: &Block| serde_json::to_value(b).map_err(|e| e.to_string());
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        match block {
            Block::Html(body) => {
                for b in reader.read(body) {
                    out.push(json(&b)?);
                }
            }
            Block::Cover {
                kicker,
                title,
                label,
                draft,
                blocks,
            } => out.push({
                reader.heading(1);
                serde_json::json!({
                "t": "cover",
                "c": {
                    "kicker": kicker,
                    "title": title,
                    "label": label,
                    "draft": draft,
                    "blocks": expand(blocks, reader)?,
                },
                })
            }),
            Block::Heading { level, label, text } => {
                let level = reader.heading(*level);
                out.push(json(&Block::Heading {
                    level,
                    label: label.clone(),
                    text: text.clone(),
                })?);
            }
            // The contents list's own title is a first-level heading.
            Block::Contents { .. } => {
                reader.heading(1);
                out.push(json(block)?);
            }
            b => out.push(json(b)?),
        }
    }
    Ok(out)
}

/// Turns links to places no block is named by into their text.
fn unlink_missing(v: &mut Value, labels: &std::collections::HashSet<String>) {
    let named = |name: &str| labels.contains(name);
    match v {
        Value::Array(items) => {
            for item in items.iter_mut() {
                unlink_missing(item, labels);
            }
        }
        Value::Object(map) => {
            let dead = map.get("t").and_then(Value::as_str) == Some("link")
                && map
                    .get("c")
                    .and_then(|c| c.get(0))
                    .and_then(Value::as_str)
                    .and_then(|href| href.strip_prefix('#'))
                    .is_some_and(|name| !named(name));
            if dead {
                let inner = map
                    .get_mut("c")
                    .and_then(|c| c.get_mut(1))
                    .map(Value::take)
                    .unwrap_or(Value::Array(Vec::new()));
                *v = serde_json::json!({ "t": "span", "c": inner });
                if let Some(c) = v.get_mut("c") {
                    unlink_missing(c, labels);
                }
                return;
            }
            for item in map.values_mut() {
                unlink_missing(item, labels);
            }
        }
        _ => {}
    }
}

/// Typst's errors, for a message: they should not happen, since the template is
/// fixed and every text is data; one that does is a fault of safeguard's.
fn words(errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Everything a reader of the PDF can get as text: its title and author, the text
/// of every page (headers and footers too), pictures' alternative texts, and the
/// addresses of its links. The public gate reads this.
fn text_of(document: &PagedDocument, doc: &Doc) -> String {
    let mut out = String::new();
    out.push_str(&doc.title);
    out.push('\n');
    if let Some(author) = &doc.author {
        out.push_str(author);
        out.push('\n');
    }
    for page in document.pages() {
        frame_text(&page.frame, &mut out);
        out.push('\n');
    }
    out
}

/// A page's text as a reader copying it gets it: runs on one line joined by a
/// space, left to right, lines top to bottom (table cells side by side run on, as
/// `pdftotext` gives them); then alternative texts and link addresses.
fn frame_text(frame: &Frame, out: &mut String) {
    let mut runs: Vec<(i64, i64, &str)> = Vec::new();
    let mut other = String::new();
    collect(frame, Point::zero(), &mut runs, &mut other);
    // Rounded to a tenth of a point, so runs on one baseline sort as one line.
    runs.sort_by_key(|&(y, x, _)| (y, x));
    let mut last = None;
    for (y, _, text) in runs {
        if let Some(l) = last {
            out.push(if l == y { ' ' } else { '\n' });
        }
        last = Some(y);
        out.push_str(text);
    }
    out.push('\n');
    out.push_str(&other);
}

fn collect<'f>(
    frame: &'f Frame,
    at: Point,
    runs: &mut Vec<(i64, i64, &'f str)>,
    other: &mut String,
) {
    for (point, item) in frame.items() {
        let here = at + *point;
        match item {
            FrameItem::Group(g) => {
                let shift = Point::new(g.transform.tx, g.transform.ty);
                collect(&g.frame, here + shift, runs, other);
            }
            FrameItem::Text(t) => {
                let tenth = |v: typst::layout::Abs| (v.to_pt() * 10.0).round() as i64;
                runs.push((tenth(here.y), tenth(here.x), t.text.as_str()));
            }
            FrameItem::Image(image, _, _) => {
                if let Some(alt) = image.alt() {
                    other.push_str(alt);
                    other.push('\n');
                }
            }
            FrameItem::Link(Destination::Url(url), _) => {
                other.push_str(url.as_str());
                other.push('\n');
            }
            _ => {}
        }
    }
}

/// Forgets what typesetting remembered that the last ten builds that typeset
/// anything did not use. A build that typeset nothing added nothing to forget, and
/// walking the memo (a tenth of a preview save on the example site) is skipped.
pub fn evict() {
    if TYPESET.swap(false, std::sync::atomic::Ordering::Relaxed) {
        typst::comemo::evict(10);
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;

    pub fn sample() -> Doc {
        Doc {
            title: "Section 11 audit".into(),
            lang: "en".into(),
            region: Some("GB".into()),
            author: Some("NHS Example ICB".into()),
            date: Some((2016, 9, 13)),
            header: Mark {
                text: "Quality and Safety Committee · 13 September 2016".into(),
                draft: None,
            },
            path: "papers/s11/".into(),
            base: None,
            blocks: vec![
                Block::Cover {
                    kicker: "Quality and Safety Committee · 13 September 2016 · Item 7".into(),
                    title: "Section 11 audit".into(),
                    label: Some("sg-title".into()),
                    draft: Some("Draft paper: version 0.3".into()),
                    blocks: vec![Block::Terms(vec![(
                        Inline::text("Purpose"),
                        vec![Block::Plain(Inline::text("To assure the committee."))],
                    )])],
                },
                Block::Contents { depth: 3 },
                Block::Html(
                    "<h2 id=\"a\">Background</h2><p>Some <strong>bold</strong> and a <a href=\"#a\">link</a> and <a href=\"https://example.org/\">out</a>.</p><table><caption>Table 1</caption><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><th scope=\"row\">x</th><td class=\"num\">1</td></tr></tbody></table><figure><svg class=\"chart\" width=\"400\" height=\"100\" viewBox=\"0 0 400 100\"><title>Bars</title><rect class=\"chart-bar grade-green\" x=\"0\" y=\"0\" width=\"100\" height=\"20\"/><text class=\"chart-label\" x=\"5\" y=\"50\">Label</text></svg><figcaption>Figure 1. Bars</figcaption></figure><ul><li>one</li><li>two</li></ul>".into(),
                ),
            ],
        }
    }

    #[test]
    fn a_sample_typesets() {
        let none = |_: &str| None;
        let pdf = sample().typeset(&none).unwrap_or_else(|e| panic!("{e}"));
        assert!(pdf.pages >= 2);
        assert!(pdf.text.contains("Background"), "{}", pdf.text);
    }
}
