//! JSON (and scripts, whose strings are JSON's) and CSV, by their strings and cells.

use super::feed;
use crate::content::personal::{Class, Detector, Finding, classify};

/// JSON, or a script: each string on its own with its escapes decoded, and what lies
/// between the strings (numbers, code) as it is.
pub(super) fn json(s: &str) -> Vec<Finding> {
    let b = s.as_bytes();
    let mut outside = Detector::new();
    let mut strings = Detector::new();
    let mut space = false;
    let mut i = 0;
    while i < b.len() {
        let Some(n) = memchr::memchr(b'"', &b[i..]) else {
            feed(&mut outside, &s[i..], i, false, &mut space);
            break;
        };
        feed(&mut outside, &s[i..i + n], i, false, &mut space);
        outside.brk();
        i += n + 1;
        while i < b.len() {
            i = strings.skip_quiet(b, i);
            let Some(&c) = b.get(i) else { break };
            match c {
                b'"' => {
                    i += 1;
                    break;
                }
                b'\\' => {
                    let (class, len) = match b.get(i + 1) {
                        Some(b'n') => (Class::LineBreak, 2),
                        Some(b'r') => (Class::Invisible, 2),
                        Some(b'u') => match json_unicode(b, i) {
                            Some((c, len)) => (classify(c), len),
                            None => (Class::Other, 2),
                        },
                        Some(_) => (Class::Other, 2),
                        None => (Class::Other, 1),
                    };
                    strings.push(class, i, len);
                    i += len;
                }
                c if c < 0x80 => {
                    strings.push(classify(c as char), i, 1);
                    i += 1;
                }
                _ => {
                    let ch = s[i..].chars().next().expect("a char boundary");
                    strings.push(classify(ch), i, ch.len_utf8());
                    i += ch.len_utf8();
                }
            }
        }
        strings.brk();
    }
    let mut found = outside.finish();
    found.extend(strings.finish());
    found
}

/// The character of a `\uXXXX` escape at `i` (a surrogate pair as one), and its length.
fn json_unicode(b: &[u8], i: usize) -> Option<(char, usize)> {
    let hex4 = |at: usize| {
        let h = std::str::from_utf8(b.get(at..at + 4)?).ok()?;
        u32::from_str_radix(h, 16).ok()
    };
    let hi = hex4(i + 2)?;
    if (0xd800..0xdc00).contains(&hi) {
        if b.get(i + 6..i + 8) == Some(b"\\u") {
            let lo = hex4(i + 8)?;
            let c = 0x10000 + ((hi - 0xd800) << 10) + (lo.checked_sub(0xdc00)?);
            return Some((char::from_u32(c)?, 12));
        }
        return None;
    }
    Some((char::from_u32(hi)?, 6))
}

/// CSV: each cell on its own (a row of figures is not one number).
pub(super) fn csv(s: &str) -> Vec<Finding> {
    let mut d = Detector::new();
    let mut quoted = false;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek().is_some_and(|&(_, n)| n == '"') {
                    chars.next();
                    d.push(Class::Other, i, 2);
                } else {
                    quoted = false;
                }
            } else {
                d.push(classify(c), i, c.len_utf8());
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' | ';' | '\n' => d.brk(),
            '\r' => {}
            _ => d.push(classify(c), i, c.len_utf8()),
        }
    }
    d.finish()
}
