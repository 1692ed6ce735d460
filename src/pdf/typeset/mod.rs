//! A [`Doc`] laid out by Typst and written as a tagged PDF/UA-1 file: A4, fonts
//! embedded, bookmarks from its headings, the same bytes for the same document.

mod html;
mod world;

use serde::Serialize;
use serde_json::Value;
use typst::diag::SourceDiagnostic;
use typst::foundations::Smart;
use typst::layout::{Frame, FrameItem};
use typst::model::Destination;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use super::{Block, Doc, Mark, Pdf};
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
    base: &'a Option<String>,
    blocks: Vec<Value>,
}

pub fn typeset(doc: &Doc, images: &dyn Fn(&str) -> Option<Vec<u8>>) -> Result<Pdf, String> {
    let mut reader = html::Reader::new(images, doc.base.as_deref());
    let mut blocks = expand(&doc.blocks, &mut reader)?;
    // A link to a place in the document works only where that place has a name.
    for b in &mut blocks {
        unlink_missing(b, &reader.labels, doc);
    }
    let expanded = Expanded {
        title: &doc.title,
        lang: &doc.lang,
        region: &doc.region,
        author: &doc.author,
        date: doc.date,
        header: &doc.header,
        base: &doc.base,
        blocks,
    };
    let json = serde_json::to_vec(&expanded).map_err(|e| e.to_string())?;
    let drawn = std::mem::take(&mut reader.drawn);
    let world = DocWorld::new(json, reader.pictures);
    let document: PagedDocument = typst::compile(&world).output.map_err(|e| words(&e))?;
    let options = |standards: &[PdfStandard]| -> Result<PdfOptions, String> {
        Ok(PdfOptions {
            // Named by the document's title and address, so a new build of the same
            // document keeps its identity (and its bytes).
            ident: Smart::Custom(format!("safeguard {} {:?}", doc.title, doc.base)),
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
    Ok(Pdf {
        bytes,
        short,
        pages: document.pages().len(),
        text: text_of(&document, doc) + &drawn,
    })
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
fn unlink_missing(v: &mut Value, labels: &std::collections::HashSet<String>, doc: &Doc) {
    let named = |name: &str| labels.contains(name) || doc.labels().any(|l| l == name);
    match v {
        Value::Array(items) => {
            for item in items.iter_mut() {
                unlink_missing(item, labels, doc);
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
                    unlink_missing(c, labels, doc);
                }
                return;
            }
            for item in map.values_mut() {
                unlink_missing(item, labels, doc);
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

fn frame_text(frame: &Frame, out: &mut String) {
    let mut last_y = None;
    for (point, item) in frame.items() {
        match item {
            FrameItem::Group(g) => frame_text(&g.frame, out),
            FrameItem::Text(t) => {
                // Runs on one line are joined by a space, lines by a line break, as
                // a reader copying the text gets them.
                if let Some(y) = last_y {
                    out.push(if y == point.y { ' ' } else { '\n' });
                }
                last_y = Some(point.y);
                out.push_str(&t.text);
            }
            FrameItem::Image(image, _, _) => {
                if let Some(alt) = image.alt() {
                    out.push('\n');
                    out.push_str(alt);
                    out.push('\n');
                }
            }
            FrameItem::Link(Destination::Url(url), _) => {
                out.push('\n');
                out.push_str(url.as_str());
                out.push('\n');
            }
            _ => {}
        }
    }
}

/// Forgets what typesetting remembered that the last ten builds did not use.
pub fn evict() {
    typst::comemo::evict(10);
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
        std::fs::write("/tmp/sample.pdf", &pdf.bytes).unwrap();
        assert!(pdf.pages >= 2);
        assert!(pdf.text.contains("Background"), "{}", pdf.text);
    }
}
