//! YAML parsing with errors that point into the file they came from.
//!
//! serde-saphyr reports a line and column relative to the text it was given; front
//! matter starts a line or more into its file, so callers pass where the YAML starts.

mod dates;
mod lines;
mod moved;
mod slips;
pub mod wellformed;
mod words;

pub use lines::either;
pub use words::{nearest, unknown_value};

use serde::de::DeserializeOwned;

use crate::diagnostics::Diagnostic;

/// A piece of YAML inside a file: the file's path and text, and where the YAML starts.
pub struct YamlSource<'a> {
    pub path: &'a str,
    /// The whole file, for excerpts.
    pub file_text: &'a str,
    /// The YAML itself.
    pub yaml: &'a str,
    /// How many lines of the file come before `yaml`.
    pub line_offset: usize,
}

impl YamlSource<'_> {
    /// Deserializes the YAML, or returns one diagnostic at the place it went wrong.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        // A control character is reported in plain words at its place, before the
        // parser's terser message about it; one made by an escape, once parsed.
        // The YAML is a slice of its file (front matter) or the whole file.
        let start = (self.yaml.as_ptr() as usize).wrapping_sub(self.file_text.as_ptr() as usize);
        let end = start.checked_add(self.yaml.len());
        if let Some(upto) = end.and_then(|e| self.file_text.get(..e))
            && upto.get(start..) == Some(self.yaml)
            && let Some(d) = wellformed::raw(self.path, upto, start).into_iter().next()
        {
            return Err(d);
        }
        let options = || {
            serde_saphyr::options! {
                with_snippet: false,
            }
        };
        let retry = |text: &str| serde_saphyr::from_str_with_options::<T>(text, options()).err();
        let value = serde_saphyr::from_str_with_options(self.yaml, options())
            .map_err(|e| self.error(&e, &retry))?;
        match wellformed::escaped(self) {
            Some(d) => Err(d),
            None => Ok(value),
        }
    }

    /// The parser's error in plain words, at the place of the slip.
    fn error(&self, e: &serde_saphyr::Error, retry: moved::Retry) -> Diagnostic {
        let explained = words::explain(e, self.yaml, self.line_offset, retry);
        self.at(explained.at.unwrap_or((1, 1)), explained.message)
    }

    /// A diagnostic at a (line, column) of this YAML, both 1-based.
    pub fn at(&self, (line, col): Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.path, message).at_line_col(
            self.file_text,
            line + self.line_offset,
            col,
        )
    }
}

/// A 1-based (line, column) inside a piece of YAML.
pub type Pos = (usize, usize);

/// Where a `Spanned` value was written.
pub fn pos(loc: serde_saphyr::Location) -> Pos {
    (loc.line() as usize, loc.column() as usize)
}

/// Every place `key` is set in `yaml`, first to last: a line that is `key:`, `"key":`
/// or `'key':`, indented or as a list item (`- key:`), at the key's (line, column).
/// Map keys carry no position of their own, so this is how a message about a key
/// finds its line; the top level is column 1.
pub fn key_lines<'a>(yaml: &'a str, key: &'a str) -> impl Iterator<Item = Pos> + 'a {
    yaml.lines().enumerate().filter_map(move |(i, line)| {
        let trimmed = line.trim_start().trim_start_matches("- ");
        let rest = trimmed.strip_prefix(key).or_else(|| {
            ['"', '\'']
                .into_iter()
                .find_map(|q| trimmed.strip_prefix(q)?.strip_prefix(key)?.strip_prefix(q))
        })?;
        rest.trim_start()
            .starts_with(':')
            .then_some((i + 1, line.len() - trimmed.len() + 1))
    })
}

/// Where the value of the top-level `key:` is written, the first time it is: for a
/// message about a value the types could not place (a date judged later, say).
pub fn top_value_pos(yaml: &str, key: &str) -> Option<Pos> {
    let (line, _) = key_lines(yaml, key).find(|at| at.1 == 1)?;
    let text = yaml.lines().nth(line - 1)?;
    let after = text.split_once(':')?.1;
    let value = after.trim_start_matches(' ');
    Some((line, text.chars().count() - value.chars().count() + 1))
}

/// Where `key:` is written, searching back from the line of its value: `Spanned`
/// points at a value, but errors about a key read better pointing at the key, and the
/// value of a block starts on the line after it.
pub fn key_pos(yaml: &str, key: &str, value_at: Pos) -> Pos {
    key_lines(yaml, key)
        .take_while(|at| at.0 <= value_at.0)
        .last()
        .unwrap_or(value_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_plain_quoted_indented_and_as_list_items() {
        let yaml = "title: T\nnav:\n  - title: A\n    url: /a/\n\"url\" : x\ntitles: no\n";
        assert_eq!(
            key_lines(yaml, "title").collect::<Vec<_>>(),
            [(1, 1), (3, 5)]
        );
        assert_eq!(key_lines(yaml, "url").collect::<Vec<_>>(), [(4, 5), (5, 1)]);
        assert_eq!(key_pos(yaml, "title", (4, 10)), (3, 5));
        assert_eq!(key_pos(yaml, "missing", (4, 10)), (4, 10));
    }
}
