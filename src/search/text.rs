//! What a rendered page says, for the index: its words by weight, its headings with
//! their anchors, a summary, its text section by section (for excerpts), and the
//! entries on it that are results of their own. Read from the page's HTML, so the
//! index holds exactly what was published, whatever the theme put on the page.
//!
//! Only `<main>` is read. Skipped inside it: `<nav>` (contents, previous and next),
//! `<script>`, `<style>`, `<svg>` (charts have tables beside them), `<template>`, and
//! any element with a `data-search-ignore` attribute (listings, page metadata).
//!
//! An element with a `data-search-entry` attribute and an `id` (a glossary entry) is a
//! result of its own, linked by that id: its first `<dt>` or heading is its title, the
//! rest its text, and none of it counts for the page around it.

/// How much a word counts, by where it stands.
pub const WEIGHT_TITLE: u32 = 8;
const WEIGHT_HEADING: u32 = 3;
const WEIGHT_MINOR_HEADING: u32 = 2;
pub const WEIGHT_BODY: u32 = 1;

/// The longest summary, in characters.
const SUMMARY_CHARS: usize = 200;
/// A paragraph shorter than this is a label, not a summary.
const SUMMARY_MIN_CHARS: usize = 40;
/// The most sections a page is cut into: past them, text stays in the last.
const MAX_SECTIONS: usize = 60;
const HEADING_CHARS: usize = 120;
/// How much of a page's text is kept for excerpts, in characters: enough for most
/// pages whole, and a bound on what showing one result loads.
const EXCERPT_CHARS: usize = 6000;

#[derive(Debug, Default)]
pub struct PageText {
    /// Runs of text, each with the weight of its words; blocks within a run are on
    /// lines of their own.
    pub runs: Vec<(u32, String)>,
    /// The first real paragraph, shortened.
    pub summary: String,
    /// The text, cut at headings with anchors: the first section has none.
    pub sections: Vec<Section>,
    /// Entries that are results of their own.
    pub entries: Vec<Entry>,
}

/// A part of a page under one heading.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Section {
    /// Empty for the text before the first heading with an anchor.
    pub anchor: String,
    pub heading: String,
    pub text: String,
}

/// A part of a page that is a result of its own (see the module's comment).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Entry {
    pub anchor: String,
    pub title: String,
    pub text: String,
}

// Element classes, as `matches!` (a switch on the name): every tag is classified.

/// Elements whose text is never read, and whose contents are not markup.
fn is_raw(name: &str) -> bool {
    matches!(name, "script" | "style" | "template")
}

/// Elements skipped with everything in them.
fn is_skipped(name: &str) -> bool {
    matches!(name, "nav" | "svg")
}

/// Elements that do not break a word: everything else puts a space between its text
/// and its neighbours'.
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "cite"
            | "code"
            | "dfn"
            | "em"
            | "i"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
    )
}

/// Elements with no end tag.
pub fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

struct Tag<'a> {
    /// Lower case.
    name: std::borrow::Cow<'a, str>,
    closing: bool,
    attrs: &'a str,
}

impl Tag<'_> {
    /// The value of an attribute (`None` if absent, `Some("")` if it has no value).
    fn attr(&self, name: &str) -> Option<String> {
        // Most tags have no such attribute: say so without parsing them.
        find_ascii_ci(self.attrs, name)?;
        let mut rest = self.attrs;
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
            if rest.is_empty() {
                return None;
            }
            let end = rest
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
                .unwrap_or(rest.len());
            let key = &rest[..end];
            rest = rest[end..].trim_start();
            let mut value = "";
            if let Some(after) = rest.strip_prefix('=') {
                let after = after.trim_start();
                let (v, next) = match after.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let body = &after[1..];
                        let close = body.find(q).unwrap_or(body.len());
                        (&body[..close], &body[(close + 1).min(body.len())..])
                    }
                    _ => {
                        let close = after
                            .find(|c: char| c.is_ascii_whitespace())
                            .unwrap_or(after.len());
                        (&after[..close], &after[close..])
                    }
                };
                value = v;
                rest = next;
            }
            if key.eq_ignore_ascii_case(name) {
                return Some(decode_entities(value).into_owned());
            }
        }
    }
}

/// Reads the text of a page's `<main>`.
pub fn extract(html: &str) -> PageText {
    let Some(start) = find_ascii_ci(html, "<main") else {
        return PageText::default();
    };
    let html = &html[start..];
    let mut i = 0;
    let bytes = html.as_bytes();
    let mut reader = Reader::default();
    while i < bytes.len() {
        if bytes[i] != b'<' {
            let end = html[i..].find('<').map_or(html.len(), |n| i + n);
            reader.text(&html[i..end]);
            i = end;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = crate::content::comment::at(bytes, i).1;
            continue;
        }
        let Some(close) = tag_end(&html[i..]) else {
            break;
        };
        let raw = &html[i + 1..i + close];
        i += close + 1;
        let Some(tag) = parse_tag(raw) else {
            continue;
        };
        if !tag.closing && is_raw(&tag.name) {
            // Jump past the end tag; the contents are not text.
            let end_tag = format!("</{}", tag.name);
            i = find_ascii_ci(&html[i..], &end_tag).map_or(html.len(), |n| i + n);
            continue;
        }
        if !reader.tag(&tag, raw) {
            break;
        }
    }
    reader.end_run();
    reader.out
}

/// What has been read of a page so far, and where the reading is.
#[derive(Default)]
struct Reader {
    out: PageText,
    /// An element being skipped: its name and how deep inside it we are.
    skipping: Option<(String, usize)>,
    /// The heading being read: its tag, anchor, and text so far.
    heading: Option<(String, Option<String>, String)>,
    /// The paragraph being read, while no summary has been found.
    paragraph: Option<String>,
    /// The run of text being read.
    text: String,
    /// The entry being read, if any.
    entry: Option<EntryRead>,
    /// Characters of text kept in sections so far.
    kept: usize,
}

/// An entry being read: the element it is, how deep inside it the reading is, and
/// the element its title is being read from.
struct EntryRead {
    name: String,
    depth: usize,
    entry: Entry,
    title_tag: Option<String>,
}

impl Reader {
    /// Text between tags (`raw`, its references not yet decoded).
    fn text(&mut self, raw: &str) {
        if self.skipping.is_some() {
            return;
        }
        let decoded = decode_entities(raw);
        if let Some(e) = &mut self.entry {
            match e.title_tag {
                Some(_) => push_spaced(&mut e.entry.title, &decoded),
                None => push_spaced(&mut e.entry.text, &decoded),
            }
            return;
        }
        push_spaced(&mut self.text, &decoded);
        if let Some((_, _, h)) = &mut self.heading {
            push_spaced(h, &decoded);
        }
        if let Some(p) = &mut self.paragraph {
            push_spaced(p, &decoded);
        }
    }

    /// A tag (`raw`, as written between `<` and `>`); `false` once `<main>` ends.
    fn tag(&mut self, tag: &Tag, raw: &str) -> bool {
        let name = tag.name.as_ref();
        if let Some((skipped, depth)) = &mut self.skipping {
            if name == skipped && !is_void(name) && !raw.ends_with('/') {
                if tag.closing {
                    *depth -= 1;
                    if *depth == 0 {
                        self.skipping = None;
                    }
                } else {
                    *depth += 1;
                }
            }
            return true;
        }
        if tag.closing && name == "main" {
            return false;
        }
        if self.entry.is_some() {
            self.in_entry(tag, raw);
            return true;
        }
        if !is_inline(name) {
            self.end_run();
            if let Some(p) = &mut self.paragraph {
                p.push(' ');
            }
        }
        if tag.closing {
            self.close(name);
        } else {
            self.open(tag, raw.ends_with('/'));
        }
        true
    }

    /// A tag inside an entry: its title starts or ends, or the entry ends.
    fn in_entry(&mut self, tag: &Tag, raw: &str) {
        let name = tag.name.as_ref();
        let e = self.entry.as_mut().expect("called in an entry");
        if !is_inline(name) {
            e.entry.text.push(' ');
        }
        if is_void(name) || raw.ends_with('/') {
            return;
        }
        if !tag.closing && (is_skipped(name) || tag.attr("data-search-ignore").is_some()) {
            self.skipping = Some((name.to_string(), 1));
            return;
        }
        if name == e.name {
            if !tag.closing {
                e.depth += 1;
            } else if e.depth > 1 {
                e.depth -= 1;
            } else {
                let mut entry = self.entry.take().expect("checked").entry;
                entry.title = collapse(&entry.title);
                entry.text = collapse(&entry.text);
                if entry.title.is_empty() {
                    // Not an entry after all: its text is the page's.
                    self.text.push(' ');
                    self.text.push_str(&entry.text);
                } else {
                    self.out.entries.push(entry);
                }
                return;
            }
        }
        if tag.closing {
            if e.title_tag.as_deref() == Some(name) {
                e.title_tag = None;
            }
        } else if e.entry.title.is_empty()
            && e.title_tag.is_none()
            && matches!(name, "dt" | "h2" | "h3" | "h4" | "h5" | "h6")
        {
            e.title_tag = Some(name.to_string());
        }
    }

    /// An end tag: a heading or paragraph it ends is kept.
    fn close(&mut self, name: &str) {
        if self.heading.as_ref().is_some_and(|(h, _, _)| h == name) {
            let (_, anchor, words) = self.heading.take().expect("checked");
            let words = collapse(&words);
            if let Some(anchor) = anchor
                && !words.is_empty()
                && self.out.sections.len() < MAX_SECTIONS
            {
                self.out.sections.push(Section {
                    anchor,
                    heading: shorten(&words, HEADING_CHARS),
                    text: String::new(),
                });
            }
        }
        if name == "p"
            && let Some(p) = self.paragraph.take()
        {
            let p = collapse(&p);
            if p.chars().count() >= SUMMARY_MIN_CHARS {
                self.out.summary = shorten(&p, SUMMARY_CHARS);
            }
        }
    }

    /// A start tag: skipping begins, or a heading, or a paragraph that may be the
    /// summary.
    fn open(&mut self, tag: &Tag, self_closing: bool) {
        let name = tag.name.as_ref();
        if is_void(name) || self_closing {
            return;
        }
        if is_skipped(name) || tag.attr("data-search-ignore").is_some() {
            self.skipping = Some((name.to_string(), 1));
            return;
        }
        if tag.attr("data-search-entry").is_some()
            && let Some(anchor) = tag.attr("id").filter(|a| !a.is_empty())
        {
            self.entry = Some(EntryRead {
                name: name.to_string(),
                depth: 1,
                entry: Entry {
                    anchor,
                    ..Entry::default()
                },
                title_tag: None,
            });
            return;
        }
        if self.heading.is_none() {
            let marked = tag.attr("data-search-heading");
            if marked.is_some() || matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                let anchor = marked.filter(|a| !a.is_empty()).or_else(|| {
                    matches!(name, "h2" | "h3")
                        .then(|| tag.attr("id"))
                        .flatten()
                });
                self.heading = Some((name.to_string(), anchor, String::new()));
            }
        }
        if name == "p" && self.out.summary.is_empty() && self.heading.is_none() {
            self.paragraph = Some(String::new());
        }
    }

    /// Ends the current run of text, weighted by the heading it is in, if any.
    fn end_run(&mut self) {
        let text = &mut self.text;
        if text.trim().is_empty() {
            text.clear();
            return;
        }
        // A heading that starts a section is that section's heading, not its text.
        let anchored = self.heading.as_ref().is_some_and(|(_, a, _)| a.is_some())
            && self.out.sections.len() < MAX_SECTIONS;
        let weight = match self.heading.as_ref().map(|(h, _, _)| h.as_str()) {
            // The title is indexed from the page's own title, not its `<h1>`.
            Some("h1") => {
                text.clear();
                return;
            }
            Some("h2" | "h3") => WEIGHT_HEADING,
            Some(_) => WEIGHT_MINOR_HEADING,
            None => WEIGHT_BODY,
        };
        if !anchored && self.kept < EXCERPT_CHARS {
            if self.out.sections.is_empty() {
                self.out.sections.push(Section::default());
            }
            let section = self.out.sections.last_mut().expect("one at least");
            let words = shorten(&collapse(text), EXCERPT_CHARS - self.kept);
            if !section.text.is_empty() {
                let gap = block_break(&section.text, &words);
                section.text.push_str(gap);
                self.kept += gap.chars().count();
            }
            self.kept += words.chars().count();
            section.text.push_str(&words);
        }
        match self.out.runs.last_mut() {
            Some((w, t)) if *w == weight => {
                t.push('\n');
                t.push_str(text);
            }
            _ => self.out.runs.push((weight, std::mem::take(text))),
        }
        text.clear();
    }
}

/// What stands between two blocks of a section's text (`before` and `after`): a space
/// after a sentence that ends where the next does not start with a digit, and a
/// middle dot otherwise. An excerpt must not run two blocks into what reads as one
/// thing: table cells "943 476" and "5919" are not one NHS number, and the public
/// gate reads the excerpt text as the page would show it.
fn block_break(before: &str, after: &str) -> &'static str {
    let sentence = before.ends_with(['.', '!', '?', ':']);
    let letter = after.chars().next().is_some_and(|c| !c.is_numeric());
    if sentence && letter { " " } else { " · " }
}

/// The index of the `>` that ends the tag at the start of `s`, minding quotes.
fn tag_end(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut at = 1;
    loop {
        let n = at + memchr::memchr3(b'>', b'"', b'\'', b.get(at..)?)?;
        if b[n] == b'>' {
            return Some(n);
        }
        // Past the closing quote.
        at = n + 2 + memchr::memchr(b[n], &b[n + 1..])?;
    }
}

fn parse_tag(raw: &str) -> Option<Tag<'_>> {
    let (closing, body) = match raw.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    let end = body
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(body.len());
    let name = &body[..end];
    // `<!doctype>`, `<?xml>` and a stray `<` are not elements.
    if name.is_empty() || !name.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    Some(Tag {
        name: if name.bytes().any(|b| b.is_ascii_uppercase()) {
            name.to_ascii_lowercase().into()
        } else {
            name.into()
        },
        closing,
        attrs: &body[end..],
    })
}

/// Where `needle` (not empty) first stands in `haystack`, in any case.
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    let first = needle[0];
    let mut from = 0;
    while let Some(n) = memchr::memchr2(
        first.to_ascii_lowercase(),
        first.to_ascii_uppercase(),
        &hay[from..],
    ) {
        let at = from + n;
        if hay
            .get(at..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Decodes character references (`content::charref`); one it does not know is left
/// as written.
pub fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match crate::content::charref::char_ref(rest.as_bytes()) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// Appends `s` to `out` with each line break a space: a line break in the HTML is a
/// space, and a break in the text is only where a block ends (see `end_run`), so
/// words wrapped in the source stay side by side.
fn push_spaced(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(n) = memchr::memchr2(b'\n', b'\r', rest.as_bytes()) {
        out.push_str(&rest[..n]);
        out.push(' ');
        rest = &rest[n + 1..];
    }
    out.push_str(rest);
}

/// Runs of white space become one space.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// At most `max` characters, cut at a word and marked with an ellipsis.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(n) if n > max / 2 => &cut[..n],
        _ => cut.as_str(),
    };
    format!(
        "{}…",
        cut.trim_end_matches(|c: char| c.is_ascii_punctuation())
    )
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
