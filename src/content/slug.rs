//! Ids and URL segments made from text, and addresses read back.

use std::borrow::Cow;
use std::collections::HashMap;

/// A heading id as GitHub makes it: lower case, spaces to hyphens, and everything
/// but letters, marks, digits, `_` and `-` dropped. Non-Latin letters are kept.
pub fn github_slug(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// Hands out unique ids on one page: `intro`, then `intro-1`, `intro-2`, …
#[derive(Default)]
pub struct IdAllocator {
    used: HashMap<String, usize>,
}

impl IdAllocator {
    /// Marks an id as taken (an explicit `{#id}`). Returns false if it already was.
    pub fn reserve(&mut self, id: &str) -> bool {
        if self.used.contains_key(id) {
            return false;
        }
        self.used.insert(id.to_string(), 0);
        true
    }

    /// A unique id made from `base` (which may be empty: then `section`).
    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        if !self.used.contains_key(base) {
            self.used.insert(base.to_string(), 0);
            return base.to_string();
        }
        loop {
            let n = {
                let count = self.used.get_mut(base).expect("present");
                *count += 1;
                *count
            };
            let candidate = format!("{base}-{n}");
            if !self.used.contains_key(&candidate) {
                self.used.insert(candidate.clone(), 0);
                return candidate;
            }
        }
    }
}

/// The number a file or folder name starts with (`01-legislation` → 1), if any.
///
/// Only one to three digits count: a leading year (`2016-annual-report`) is part of
/// the name, not an ordering number, and stays in the URL.
pub fn order_prefix(name: &str) -> Option<u64> {
    let digits: &str = &name[..name.bytes().take_while(u8::is_ascii_digit).count()];
    let rest = &name[digits.len()..];
    if digits.is_empty()
        || digits.len() > 3
        || !(rest.starts_with('-') || rest.starts_with('_'))
        || rest.len() < 2
    {
        return None;
    }
    digits.parse().ok()
}

/// The URL segment for a file or folder name (without extension): the order prefix
/// dropped, lower case, spaces to hyphens.
pub fn url_segment(name: &str) -> String {
    let name = match order_prefix(name) {
        Some(_) => {
            let skip = name.bytes().take_while(u8::is_ascii_digit).count() + 1;
            &name[skip..]
        }
        None => name,
    };
    name.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            c if c.is_whitespace() => Some('-'),
            '-' | '_' | '.' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// A URL path or fragment with its `%XX` escapes read: the one rule for a link's
/// path and fragment and for an output path. Escapes are the percent-encoding
/// crate's (`%` and two hex digits; a stray `%` stays as it is), and bytes that are
/// not UTF-8 read as U+FFFD (no file of a site has such a name).
pub fn percent_decode(s: &str) -> Cow<'_, str> {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_like_github() {
        assert_eq!(github_slug("Children Act 2004"), "children-act-2004");
        assert_eq!(github_slug("What's new? (2016)"), "whats-new-2016");
        assert_eq!(
            github_slug("Roles & accountability"),
            "roles--accountability"
        );
        assert_eq!(github_slug("Säkerhet för barn"), "säkerhet-för-barn");
    }

    #[test]
    fn repeats_get_numbers() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.unique("a"), "a");
        assert_eq!(ids.unique("a"), "a-1");
        assert!(ids.reserve("a-2"));
        assert_eq!(ids.unique("a"), "a-3");
        assert!(!ids.reserve("a"));
    }

    #[test]
    fn order_prefixes_are_dropped() {
        assert_eq!(order_prefix("01-legislation"), Some(1));
        assert_eq!(order_prefix("2016"), None);
        assert_eq!(order_prefix("12-"), None);
        assert_eq!(url_segment("01-legislation"), "legislation");
        assert_eq!(order_prefix("2016-annual-report"), None);
        assert_eq!(url_segment("2016-09-section-11"), "2016-09-section-11");
        assert_eq!(url_segment("100_last"), "last");
        assert_eq!(
            url_segment("Learning From Reviews"),
            "learning-from-reviews"
        );
    }

    #[test]
    fn percent_escapes_are_read_and_strays_kept() {
        assert_eq!(percent_decode("my%20file.md"), "my file.md");
        assert_eq!(percent_decode("caf%C3%A9.md"), "café.md");
        assert_eq!(percent_decode("100%"), "100%");
        // Two hex digits or nothing: not `%+1`, and never a cut through a character.
        assert_eq!(percent_decode("a%+1b"), "a%+1b");
        assert_eq!(percent_decode("%aé"), "%aé");
        assert_eq!(percent_decode("a%FF.md"), "a\u{fffd}.md");
    }
}
