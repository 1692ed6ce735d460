//! Problems found in a site, reported as `PATH:LINE:COL: error: MESSAGE` with a
//! short excerpt of the offending line.
//!
//! Every stage pushes into a [`Diagnostics`] collector instead of returning at the
//! first problem, so one build reports everything that is wrong.

use std::fmt::{self, Write as _};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem at one place in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub path: String,
    /// 1-based line; 0 when the problem concerns the file as a whole.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
    pub message: String,
    /// The source line the problem is on, when we have the text.
    pub excerpt: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, path, message)
    }

    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, path, message)
    }

    fn new(severity: Severity, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            path: path.into(),
            line: 1,
            col: 1,
            message: message.into(),
            excerpt: None,
        }
    }

    /// Points the diagnostic at a byte offset of `text`, the whole file's text.
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        let (line, col) = line_col(text, offset);
        self.at_line_col(text, line, col)
    }

    /// Points the diagnostic at a 1-based line and column of `text`.
    pub fn at_line_col(mut self, text: &str, line: usize, col: usize) -> Self {
        self.line = line.max(1);
        self.col = col.max(1);
        self.excerpt = text
            .lines()
            .nth(self.line - 1)
            .map(|l| l.trim_end().to_string());
        self
    }

    /// Points at a line and column without an excerpt (for files we did not keep).
    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.line = line.max(1);
        self.col = col.max(1);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Whether `c` must never reach a terminal or a log as it is: a control character
/// other than tab (C0, DEL, C1: an ESC starts a terminal command) or a character
/// that reorders the text around it (bidi controls: "Trojan Source").
pub fn is_unprintable(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `c` as it is printed: itself, or `\u{1b}` for one that must not be.
fn push_shown(out: &mut String, c: char) {
    if is_unprintable(c) {
        let _ = write!(out, "\\u{{{:x}}}", c as u32);
    } else {
        out.push(c);
    }
}

/// `text` with every unprintable character written as an escape (`\u{1b}`).
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unprintable) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_shown(&mut out, c);
    }
    out.into()
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            // Not in a file we can point into (an output path): no line to show.
            return write!(
                f,
                "{}: {}: {}",
                printable(&self.path),
                self.severity,
                printable(&self.message)
            );
        }
        // Paths and messages may quote what a file holds: never a raw control.
        write!(
            f,
            "{}:{}:{}: {}: {}",
            printable(&self.path),
            self.line,
            self.col,
            self.severity,
            printable(&self.message)
        )?;
        if let Some(excerpt) = &self.excerpt {
            if excerpt.trim().is_empty() {
                return Ok(());
            }
            let number = self.line.to_string();
            let gutter = " ".repeat(number.len());
            // Tabs would misalign the caret, so show them as single spaces; a control
            // character is shown escaped, and the caret moves past its escape.
            let mut shown = String::with_capacity(excerpt.len());
            let mut caret_at = None;
            for (i, c) in excerpt.chars().enumerate() {
                if i + 1 == self.col {
                    caret_at = Some(shown.chars().count());
                }
                push_shown(&mut shown, if c == '\t' { ' ' } else { c });
            }
            let caret_pad = " ".repeat(caret_at.unwrap_or_else(|| shown.chars().count()));
            write!(
                f,
                "\n{gutter} |\n{number} | {shown}\n{gutter} | {caret_pad}^"
            )?;
        }
        Ok(())
    }
}

/// Converts a byte offset into a 1-based (line, column), the column in characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// Collects the problems of one build.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The diagnostics in a stable order: by file, then position, then text.
    /// Stages run in parallel, so the order they were found in is not stable.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.path, a.line, a.col, a.severity, &a.message)
                .cmp(&(&b.path, b.line, b.col, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }

    /// Renders every diagnostic, one after the other, as the terminal shows them.
    pub fn render(self) -> String {
        let mut out = String::new();
        for d in self.sorted() {
            let _ = writeln!(out, "{d}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\ncé d\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // 'é' is two bytes: the space after it is the third character.
        assert_eq!(line_col(text, 6), (2, 3));
        assert_eq!(line_col(text, 999), (3, 1));
    }

    #[test]
    fn renders_path_line_col_and_caret() {
        let d = Diagnostic::error("content/a.md", "bad key").at_line_col("x: 1\nyy: 2\n", 2, 2);
        assert_eq!(
            d.to_string(),
            "content/a.md:2:2: error: bad key\n  |\n2 | yy: 2\n  |  ^"
        );
    }

    #[test]
    fn printable_text_escapes_controls_and_keeps_the_rest() {
        assert_eq!(printable("a\nb\u{1b}[31m"), "a\\u{a}b\\u{1b}[31m");
        assert_eq!(printable("plain é"), "plain é");
    }

    #[test]
    fn control_characters_are_shown_escaped_and_the_caret_follows() {
        let text = "title: a\u{1b}[31mb\u{202e}c\u{85}d: x\n";
        let d = Diagnostic::error("content/\u{1b}.md", "bad `\u{7}` key").at_line_col(text, 1, 17);
        let shown = d.to_string();
        assert!(
            !shown.lines().any(|l| l.chars().any(is_unprintable)),
            "{shown:?}"
        );
        assert_eq!(
            shown,
            "content/\\u{1b}.md:1:17: error: bad `\\u{7}` key\n  |\n1 | title: a\\u{1b}[31mb\\u{202e}c\\u{85}d: x\n  |                             ^"
        );
    }
}
