//! Text that cannot be published: control characters. XML 1.0 forbids most of them
//! (a sitemap or feed holding one is not XML at all, and readers reject it), HTML
//! does too, and they are invisible in an editor, so one is always a mistake, most
//! often pasted in with text copied from another program. Each is an error at its
//! line and column, before anything is rendered.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::YamlSource;
use crate::diagnostics::Diagnostic;

/// A character no page, sitemap or feed may hold: a control character other than
/// tab, line feed and carriage return (C0, DEL, C1), or one of the two
/// non-characters XML forbids.
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// `U+001B, escape`: what a nurse can search for, and its name where it has one.
fn describe(c: char) -> String {
    let name = match c {
        '\0' => ", zero character",
        '\u{7}' => ", bell",
        '\u{8}' => ", backspace",
        '\u{b}' => ", vertical tab",
        '\u{c}' => ", form feed",
        '\u{1b}' => ", escape",
        '\u{7f}' => ", delete",
        '\u{85}' => ", next line",
        _ => "",
    };
    format!("U+{:04X}{name}", c as u32)
}

const WHY: &str = "which cannot be published in a web page, the sitemap or the feed";

/// One error for each line of `text[start..]` that holds a forbidden character, at
/// the first of them. `text` is the whole file.
pub fn raw(path: &str, text: &str, start: usize) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Most text has none: look at bytes first (C0, DEL, and the lead bytes of C1
    // controls and of U+FFFE/U+FFFF).
    if !text.as_bytes()[start..].iter().any(|&b| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || matches!(b, 0x7f | 0xc2 | 0xef)
    }) {
        return out;
    }
    let mut last_line = None;
    for (i, c) in text[start..].char_indices() {
        if !is_forbidden(c) {
            continue;
        }
        let d = Diagnostic::error(
            path,
            format!(
                "there is an invisible control character here ({}), {WHY}: delete it (retype the text around it if you cannot see it)",
                describe(c)
            ),
        )
        .at_offset(text, start + i);
        if last_line != Some(d.line) {
            last_line = Some(d.line);
            out.push(d);
        }
    }
    out
}

/// An error for a double-quoted YAML escape (`"\e"`, `"\x07"`, `"\u001b"`) that
/// makes a forbidden character, if the parsed YAML holds one. Found from the values
/// the parser made, so a backslash in plain text (`C:\new`) is never mistaken for one.
pub fn escaped(source: &YamlSource<'_>) -> Option<Diagnostic> {
    if !source.yaml.contains('\\') {
        return None;
    }
    let options = serde_saphyr::options! { with_snippet: false };
    let found: Found = serde_saphyr::from_str_with_options(source.yaml, options).ok()?;
    let c = found.0?;
    let message = |escape: &str| {
        format!(
            "`{escape}` makes an invisible control character ({}), {WHY}: remove it",
            describe(c)
        )
    };
    for (n, line) in source.yaml.lines().enumerate() {
        let mut chars = line.char_indices().peekable();
        while let Some((i, ch)) = chars.next() {
            if ch != '\\' {
                continue;
            }
            let rest = &line[i + 1..];
            let (made, len) = decode_escape(rest);
            if made.is_some_and(is_forbidden) {
                let col = line[..i].chars().count() + 1;
                return Some(source.at((n + 1, col), message(&line[i..i + 1 + len])));
            }
            // `\\` is a backslash: the next one starts nothing.
            if rest.starts_with('\\') {
                chars.next();
            }
        }
    }
    Some(source.at((1, 1), message("an escape")))
}

/// What the YAML escape after a backslash makes, and how long it is.
fn decode_escape(rest: &str) -> (Option<char>, usize) {
    let simple = match rest.chars().next() {
        Some('0') => Some('\0'),
        Some('a') => Some('\u{7}'),
        Some('b') => Some('\u{8}'),
        Some('v') => Some('\u{b}'),
        Some('f') => Some('\u{c}'),
        Some('e') => Some('\u{1b}'),
        Some('N') => Some('\u{85}'),
        _ => None,
    };
    if simple.is_some() {
        return (simple, 1);
    }
    let digits = match rest.chars().next() {
        Some('x') => 2,
        Some('u') => 4,
        Some('U') => 8,
        _ => return (None, 0),
    };
    let hex = rest.get(1..1 + digits);
    let made = hex
        .and_then(|h| u32::from_str_radix(h, 16).ok())
        .and_then(char::from_u32);
    (made, 1 + digits)
}

/// The first forbidden character in any string (key or value) of a YAML document.
struct Found(Option<char>);

impl<'de> Deserialize<'de> for Found {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FoundVisitor)
    }
}

struct FoundVisitor;

impl<'de> Visitor<'de> for FoundVisitor {
    type Value = Found;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_str<E>(self, v: &str) -> Result<Found, E> {
        Ok(Found(v.chars().find(|&c| is_forbidden(c))))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Found, E> {
        Ok(Found(None))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Found, E> {
        Ok(Found(None))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Found, E> {
        Ok(Found(None))
    }
    fn visit_i128<E>(self, _: i128) -> Result<Found, E> {
        Ok(Found(None))
    }
    fn visit_u128<E>(self, _: u128) -> Result<Found, E> {
        Ok(Found(None))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Found, E> {
        Ok(Found(None))
    }
    fn visit_bytes<E>(self, _: &[u8]) -> Result<Found, E> {
        Ok(Found(None))
    }
    fn visit_unit<E>(self) -> Result<Found, E> {
        Ok(Found(None))
    }
    fn visit_none<E>(self) -> Result<Found, E> {
        Ok(Found(None))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Found, D::Error> {
        Found::deserialize(d)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Found, D::Error> {
        Found::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Found, A::Error> {
        let mut first = None;
        while let Some(Found(c)) = seq.next_element()? {
            first = first.or(c);
        }
        Ok(Found(first))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Found, A::Error> {
        let mut first = None;
        while let Some((Found(k), Found(v))) = map.next_entry()? {
            first = first.or(k).or(v);
        }
        Ok(Found(first))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(yaml: &str) -> YamlSource<'_> {
        YamlSource {
            path: "a.yaml",
            file_text: yaml,
            yaml,
            line_offset: 0,
        }
    }

    #[test]
    fn escapes_that_make_control_characters_are_found_where_written() {
        let d = escaped(&source("a: 'C:\\new'\nb: \"x\\\\e \\e[31m\"\n")).unwrap();
        assert_eq!((d.line, d.col), (2, 10));
        assert!(d.message.starts_with("`\\e` makes"), "{}", d.message);
        let d = escaped(&source("t: \"\\u001B\"\n")).unwrap();
        assert!(d.message.contains("(U+001B, escape)"), "{}", d.message);
        assert!(escaped(&source("a: C:\\evil\nb: \"tab\\t\"\n")).is_none());
    }

    #[test]
    fn raw_control_characters_are_found_once_a_line() {
        let text = "ok\na\u{1b}b\u{7}\n\u{85}\n";
        let ds = raw("a.md", text, 0);
        let at: Vec<_> = ds.iter().map(|d| (d.line, d.col)).collect();
        assert_eq!(at, [(2, 2), (3, 1)]);
    }
}
