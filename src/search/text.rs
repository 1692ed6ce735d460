//! What a rendered page says, for the index: its words by weight, its headings with
//! their anchors, and a summary. Read from the page's HTML, so the index holds exactly
//! what was published, whatever the theme put on the page.
//!
//! Only `<main>` is read. Skipped inside it: `<nav>` (contents, previous and next),
//! `<script>`, `<style>`, `<svg>` (charts have tables beside them), `<template>`, and
//! any element with a `data-search-ignore` attribute (listings, page metadata).

/// How much a word counts, by where it stands.
pub const WEIGHT_TITLE: u32 = 8;
const WEIGHT_HEADING: u32 = 3;
const WEIGHT_MINOR_HEADING: u32 = 2;
const WEIGHT_BODY: u32 = 1;

/// The longest summary, in characters.
const SUMMARY_CHARS: usize = 200;
/// A paragraph shorter than this is a label, not a summary.
const SUMMARY_MIN_CHARS: usize = 40;
const MAX_HEADINGS: usize = 60;
const HEADING_CHARS: usize = 120;

#[derive(Debug, Default)]
pub struct PageText {
    /// Runs of text, each with the weight of its words.
    pub runs: Vec<(u32, String)>,
    /// Headings a result can link to: (anchor, text).
    pub headings: Vec<(String, String)>,
    /// The first real paragraph, shortened.
    pub summary: String,
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
            i = html[i..].find("-->").map_or(html.len(), |n| i + n + 3);
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
}

impl Reader {
    /// Text between tags (`raw`, its references not yet decoded).
    fn text(&mut self, raw: &str) {
        if self.skipping.is_some() {
            return;
        }
        let decoded = decode_entities(raw);
        self.text.push_str(&decoded);
        if let Some((_, _, h)) = &mut self.heading {
            h.push_str(&decoded);
        }
        if let Some(p) = &mut self.paragraph {
            p.push_str(&decoded);
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
        if !is_inline(name) {
            self.end_run();
            if let Some(p) = &mut self.paragraph {
                p.push(' ');
            }
        }
        if tag.closing {
            self.close(name);
        } else {
            self.open(tag);
        }
        true
    }

    /// An end tag: a heading or paragraph it ends is kept.
    fn close(&mut self, name: &str) {
        if self.heading.as_ref().is_some_and(|(h, _, _)| h == name) {
            let (_, anchor, words) = self.heading.take().expect("checked");
            let words = collapse(&words);
            if let Some(anchor) = anchor
                && !words.is_empty()
                && self.out.headings.len() < MAX_HEADINGS
            {
                self.out
                    .headings
                    .push((anchor, shorten(&words, HEADING_CHARS)));
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
    fn open(&mut self, tag: &Tag) {
        let name = tag.name.as_ref();
        if is_void(name) {
            return;
        }
        if is_skipped(name) || tag.attr("data-search-ignore").is_some() {
            self.skipping = Some((name.to_string(), 1));
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
        match self.out.runs.last_mut() {
            Some((w, t)) if *w == weight => {
                t.push(' ');
                t.push_str(text);
            }
            _ => self.out.runs.push((weight, std::mem::take(text))),
        }
        text.clear();
    }
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

/// Runs of white space become one space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max` characters, cut at a word and marked with an ellipsis.
fn shorten(s: &str, max: usize) -> String {
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

/// Words as the index and the search box both see them: lower case, letters and
/// digits only, apostrophes dropped so that "child's" is "childs". Single letters and
/// common words are left out; a word of more than 40 characters is not a word.
/// `search.js` does the same to a query: change both together.
pub fn words(text: &str, mut each: impl FnMut(&str)) {
    let mut word = String::new();
    let mut flush = |word: &mut String| {
        let len = word.chars().count();
        let single_letter = len == 1 && !word.as_bytes()[0].is_ascii_digit();
        if len > 0 && len <= 40 && !single_letter && !STOP_WORDS.contains(&word.as_str()) {
            each(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !matches!(c, '\'' | '’') || word.is_empty() {
            flush(&mut word);
        }
    }
    flush(&mut word);
}

/// Words too common to find anything with. `search.js` has the same list.
pub const STOP_WORDS: [&str; 33] = [
    "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "if", "in",
    "into", "is", "it", "its", "no", "not", "of", "on", "or", "so", "such", "that", "the", "their",
    "then", "there", "this", "to", "with",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn all_words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        words(text, |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn words_are_lower_case_without_apostrophes_single_letters_or_stop_words() {
        assert_eq!(
            all_words("The Children’s Act (s. 11) of 2004: a DUTY"),
            ["childrens", "act", "11", "2004", "duty"]
        );
        assert_eq!(
            all_words("Standard 8 — 'quoted'"),
            ["standard", "8", "quoted"]
        );
    }

    #[test]
    fn reads_main_only_skipping_navigation_and_ignored_parts() {
        let html = r#"<!doctype html><html><head><title>Not this</title></head><body>
<nav>Menu words</nav><main id="main"><h1>The title</h1>
<dl data-search-ignore><dt>Owner</dt><dd><dl><dd>Nested</dd></dl>Owner name</dd></dl>
<nav class="toc"><h2>Contents</h2></nav>
<p>Short.</p>
<p>A paragraph long enough to be the summary of the page, with <a href="x">a link</a> &amp; more.</p>
<h2 id="duty">The <em>duty</em> to cooperate</h2><script>var hidden = 1;</script>
<svg><text>42%</text></svg><dl><div id="cp" ><dt data-search-heading="cp">CP</dt><dd>Child protection</dd></div></dl>
</main><footer>Footer words</footer></body></html>"#;
        let t = extract(html);
        let all: String = t
            .runs
            .iter()
            .map(|(_, s)| s.as_str())
            .collect::<Vec<_>>()
            .join("|");
        for absent in [
            "Not this", "Menu", "title", "Owner", "Nested", "Contents", "hidden", "42", "Footer",
        ] {
            assert!(!all.contains(absent), "{absent} in {all}");
        }
        assert!(all.contains("a link & more"), "{all}");
        assert_eq!(
            t.headings,
            [
                ("duty".to_string(), "The duty to cooperate".to_string()),
                ("cp".to_string(), "CP".to_string())
            ]
        );
        assert!(
            t.runs
                .contains(&(WEIGHT_HEADING, "The duty to cooperate".to_string()))
        );
        assert!(
            t.summary.starts_with("A paragraph long enough"),
            "{}",
            t.summary
        );
    }

    #[test]
    fn a_long_summary_is_cut_at_a_word() {
        let long = "word ".repeat(100);
        let t = extract(&format!("<main><p>{long}</p></main>"));
        assert!(t.summary.ends_with("word…"), "{}", t.summary);
        assert!(t.summary.chars().count() <= SUMMARY_CHARS + 1);
    }

    #[test]
    fn entities_decode_and_unknown_ones_stay() {
        assert_eq!(
            decode_entities("a &amp; b &#x2F; &#39;c&#39; &bogus; & &#39;s duty”"),
            "a & b / 'c' &bogus; & 's duty”"
        );
        assert_eq!(decode_entities("&”"), "&”");
    }
}
