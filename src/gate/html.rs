//! HTML and XML as a reader gets them: references decoded, tags removed, text joined
//! within an element but not across blocks, attribute values each on their own.

use std::borrow::Cow;

use super::{feed, feed_decoded, lowered};
use crate::content::personal::{Class, Detector, Finding};
use crate::content::slug::percent_decode;

/// Elements that do not end the text around them: a reader sees their text run on
/// into their neighbours'. Any other element (a block, a table cell, a list item, a
/// control) stands apart. Elements unknown to HTML are shown inline, so they join too.
fn stands_apart(name: &[u8]) -> bool {
    matches!(
        name,
        b"address"
            | b"area"
            | b"article"
            | b"aside"
            | b"audio"
            | b"base"
            | b"blockquote"
            | b"body"
            | b"button"
            | b"canvas"
            | b"caption"
            | b"col"
            | b"colgroup"
            | b"dd"
            | b"details"
            | b"dialog"
            | b"div"
            | b"dl"
            | b"dt"
            | b"embed"
            | b"fieldset"
            | b"figcaption"
            | b"figure"
            | b"footer"
            | b"form"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"head"
            | b"header"
            | b"hgroup"
            | b"hr"
            | b"html"
            | b"iframe"
            | b"img"
            | b"input"
            | b"legend"
            | b"li"
            | b"link"
            | b"main"
            | b"map"
            | b"menu"
            | b"meta"
            | b"meter"
            | b"nav"
            | b"noscript"
            | b"object"
            | b"ol"
            | b"optgroup"
            | b"option"
            | b"output"
            | b"p"
            | b"picture"
            | b"pre"
            | b"progress"
            | b"script"
            | b"search"
            | b"section"
            | b"select"
            | b"source"
            | b"style"
            | b"summary"
            | b"svg"
            | b"table"
            | b"tbody"
            | b"td"
            | b"template"
            | b"textarea"
            | b"tfoot"
            | b"th"
            | b"thead"
            | b"title"
            | b"tr"
            | b"track"
            | b"ul"
            | b"video"
    )
}

/// Attributes that hold drawing, not words (an SVG chart's coordinates, a digest).
fn is_geometry(name: &[u8]) -> bool {
    matches!(
        name,
        b"d" | b"points"
            | b"viewbox"
            | b"transform"
            | b"x"
            | b"y"
            | b"x1"
            | b"x2"
            | b"y1"
            | b"y2"
            | b"cx"
            | b"cy"
            | b"r"
            | b"rx"
            | b"ry"
            | b"dx"
            | b"dy"
            | b"width"
            | b"height"
            | b"offset"
            | b"stroke-width"
            | b"stroke-dasharray"
            | b"font-size"
            | b"integrity"
    )
}

/// The index of the `>` ending the tag that starts at `from`, minding quotes.
pub(super) fn tag_end(b: &[u8], from: usize) -> Option<usize> {
    let mut at = from + 1;
    loop {
        let n = at + memchr::memchr3(b'>', b'"', b'\'', b.get(at..)?)?;
        if b[n] == b'>' {
            return Some(n);
        }
        at = n + 1 + memchr::memchr(b[n], b.get(n + 1..)?)? + 1;
    }
}

/// Finds `needle` (lower case ASCII) in `hay`, ignoring case.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut from = 0;
    while let Some(n) = memchr::memchr2(first, first.to_ascii_uppercase(), &hay[from..]) {
        let at = from + n;
        if hay.len() - at >= needle.len() && hay[at..at + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Reads a tag's attributes (`raw`, at `base`), each value on its own.
fn attributes(d: &mut Detector, s: &str, raw: std::ops::Range<usize>) {
    let b = s.as_bytes();
    let mut i = raw.start;
    let end = raw.end;
    while i < end {
        while i < end && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < end && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        let (name, n) = lowered::<20>(&b[name_start..i]);
        while i < end && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= end || b[i] != b'=' {
            continue;
        }
        i += 1;
        while i < end && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let (v_start, v_end) = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) if i < end => {
                let close = memchr::memchr(q, &b[i + 1..end]).map_or(end, |n| i + 1 + n);
                let v = (i + 1, close);
                i = close + 1;
                v
            }
            _ => {
                let start = i;
                while i < end && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                (start, i)
            }
        };
        if is_geometry(&name[..n]) || v_start >= v_end {
            continue;
        }
        let mut value = Cow::Borrowed(&s[v_start..v_end]);
        if value.contains('%') && matches!(&name[..n], b"href" | b"src" | b"action" | b"cite") {
            value = percent_decode(&s[v_start..v_end]);
        }
        feed_decoded(d, &value, v_start, false, &mut false);
        d.brk();
    }
}

/// HTML (or, with `xml`, XML, where every element stands apart) as a reader gets it.
pub(super) fn markup(s: &str, xml: bool) -> Vec<Finding> {
    let b = s.as_bytes();
    let mut text = Detector::new();
    let mut attrs = Detector::new();
    let mut unshown_text = Detector::new();
    let mut nesting = Nesting::default();
    let mut space = false;
    let mut i = 0;
    while i < b.len() {
        let next = memchr::memchr(b'<', &b[i..]).map_or(b.len(), |n| i + n);
        if next > i {
            let collapse = !xml && nesting.keep_space == 0;
            feed_decoded(&mut text, &s[i..next], i, collapse, &mut space);
        }
        i = next;
        if i >= b.len() {
            break;
        }
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            let (inside, next) = crate::content::comment::at(b, i);
            unshown(&mut unshown_text, s, inside);
            i = next;
            continue;
        }
        if rest.starts_with(b"<![CDATA[") {
            if xml || nesting.svg > 0 {
                // In XML and drawing, a CDATA section is text shown in its run.
                let from = i + 9;
                let end = memchr::memmem::find(&b[from..], b"]]>").map_or(b.len(), |n| from + n);
                feed(&mut text, &s[from..end], from, false, &mut space);
                i = (end + 3).min(b.len());
            } else {
                // In HTML a browser takes it for a comment that ends at the first `>`,
                // and shows what is around it joined.
                let from = i + 2;
                let end = memchr::memchr(b'>', &b[from..]).map_or(b.len(), |n| from + n);
                unshown(&mut unshown_text, s, from..end);
                i = (end + 1).min(b.len());
            }
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = i + 1 + usize::from(closing);
        let is_tag = b.get(name_start).is_some_and(u8::is_ascii_alphabetic)
            || (!closing && matches!(rest.get(1), Some(b'!' | b'?')));
        if !is_tag {
            space = false;
            text.push(Class::Other, i, 1);
            i += 1;
            continue;
        }
        let Some(close) = tag_end(b, i) else {
            // An unfinished tag: the rest is text.
            feed(&mut text, &s[i..], i, false, &mut space);
            break;
        };
        let mut name_end = name_start;
        while name_end < close && !b[name_end].is_ascii_whitespace() && b[name_end] != b'/' {
            name_end += 1;
        }
        let (lower, n) = lowered::<16>(&b[name_start..name_end]);
        let name = &lower[..n];
        if !closing {
            attributes(&mut attrs, s, name_end..close);
        }
        i = close + 1;
        // Drawing's elements stand apart, but for a `tspan`, which runs on within
        // its `text` as a reader sees it.
        if (xml || nesting.svg > 0 || matches!(rest.get(1), Some(b'!' | b'?'))) && name != b"tspan"
        {
            text.brk();
        } else if name == b"br" {
            space = false;
            text.push(Class::LineBreak, close, 1);
        } else if stands_apart(name) {
            text.brk();
        }
        if xml {
            continue;
        }
        let self_closing = b[close - 1] == b'/';
        nesting.tag(name, closing, self_closing);
        if matches!(name, b"script" | b"style") && !closing && !self_closing {
            i = code(&mut text, s, i, name, &mut space);
        }
    }
    let mut found = text.finish();
    found.extend(attrs.finish());
    found.extend(unshown_text.finish());
    found
}

/// The inside of a `script` or `style` element from `i`: code, not markup, read as
/// it is, on its own, up to its end tag. Returns where the end tag starts.
fn code(text: &mut Detector, s: &str, i: usize, name: &[u8], space: &mut bool) -> usize {
    let end_tag: &[u8] = if name == b"script" {
        b"</script"
    } else {
        b"</style"
    };
    let b = s.as_bytes();
    let end = find_ci(&b[i..], end_tag).map_or(b.len(), |n| i + n);
    feed(text, &s[i..end], i, false, space);
    text.brk();
    end
}

/// How deep in an HTML page the reader is, in the elements that change how text
/// inside them is read.
#[derive(Default)]
struct Nesting {
    /// Inside `<pre>` or `<textarea>`, whitespace is shown as it is.
    keep_space: usize,
    /// Inside an `<svg>`, elements are drawn apart.
    svg: usize,
}

impl Nesting {
    /// A tag named `name` (lower case) opens or closes.
    fn tag(&mut self, name: &[u8], closing: bool, self_closing: bool) {
        let depth = match name {
            b"pre" | b"textarea" | b"listing" => &mut self.keep_space,
            b"svg" if !self_closing => &mut self.svg,
            _ => return,
        };
        if closing {
            *depth = depth.saturating_sub(1);
        } else {
            *depth += 1;
        }
    }
}

/// The text of a comment at `inside`: not shown, so the
/// text either side runs on as one, but in the file, so read on its own into `d`.
fn unshown(d: &mut Detector, s: &str, inside: std::ops::Range<usize>) {
    feed(d, &s[inside.clone()], inside.start, false, &mut false);
    d.brk();
}
