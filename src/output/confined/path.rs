//! [`RelPath`]: a path checked once to be a plain relative path, the only kind of
//! path a [`super::Dir`] takes.

use std::fmt;

/// A plain path relative to a folder: names joined by `/`, none empty, `.` or `..`,
/// none with a control character or a backslash.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RelPath(String);

/// Why a path is not a plain relative path, in words for the person who sees it.
#[derive(Debug, PartialEq, Eq)]
pub struct BadPath(pub String);

impl RelPath {
    pub fn new(path: &str) -> Result<RelPath, BadPath> {
        let bad = |why: &str| Err(BadPath(format!("`{path}` (it {why})")));
        if path.is_empty() {
            return bad("is empty");
        }
        if path.len() > 4000 {
            return bad("is too long");
        }
        if path.starts_with('/') {
            return bad("is an absolute path");
        }
        if let Some(c) = path.chars().find(|c| is_control(*c)) {
            return bad(&format!("has a control character ({})", c.escape_unicode()));
        }
        if path.contains('\\') {
            return bad("has a backslash");
        }
        for name in path.split('/') {
            match name {
                "" => return bad("has an empty part (`//` or a trailing `/`)"),
                "." | ".." => return bad("has a `.` or `..` part"),
                _ if name.len() > 255 => return bad("has a name longer than 255 bytes"),
                _ => {}
            }
        }
        Ok(RelPath(path.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The names of the path, first to last.
    pub fn names(&self) -> impl DoubleEndedIterator<Item = &str> {
        self.0.split('/')
    }

    /// The folder the path is in, if it is not at the top.
    pub fn parent(&self) -> Option<RelPath> {
        self.0.rsplit_once('/').map(|(p, _)| RelPath(p.to_string()))
    }

    /// The path and every folder above it, shortest first (`a`, `a/b`, `a/b/c`).
    pub fn prefixes(&self) -> impl Iterator<Item = RelPath> + '_ {
        self.0
            .match_indices('/')
            .map(|(i, _)| RelPath(self.0[..i].to_string()))
            .chain(std::iter::once(self.clone()))
    }
}

impl fmt::Display for RelPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A character no file name of a site may hold: one that may not be printed as it is
/// (a control character, a bidirectional override), a tab, or a line separator.
pub fn is_control(c: char) -> bool {
    crate::diagnostics::is_unprintable(c) || matches!(c, '\t' | '\u{2028}' | '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_paths() {
        for good in ["a", "a/b/index.html", ".well-known/x", "é/ü.html", "a b/c"] {
            assert!(RelPath::new(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a/./b",
            "a//b",
            "a/",
            "a\nb",
            "a\\b",
            "x\u{1b}[2J",
            "a\u{202e}b",
            "a\0b",
        ] {
            assert!(RelPath::new(bad).is_err(), "{bad:?}");
        }
    }
}
