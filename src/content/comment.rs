//! HTML comments as a browser reads them, for everything that must see a page's text
//! as a reader does (the personal-data checks and search): a comment hides its text
//! and joins what is either side of it.

use std::ops::Range;

/// The comment whose `<!--` is at `at` in `b`: the range of its text, and where what
/// follows it starts. As the HTML tokenizer reads it: `<!-->` and `<!--->` are empty
/// comments; any other ends at the first `-->` or `--!>`; one never closed runs to the
/// end.
pub fn at(b: &[u8], at: usize) -> (Range<usize>, usize) {
    let from = at + 4;
    let rest = &b[from..];
    if rest.starts_with(b">") {
        return (from..from, from + 1);
    }
    if rest.starts_with(b"->") {
        return (from..from, from + 2);
    }
    let close = memchr::memmem::find(rest, b"-->").map(|n| (n, 3));
    let bang = memchr::memmem::find(rest, b"--!>").map(|n| (n, 4));
    match close.into_iter().chain(bang).min() {
        Some((n, len)) => (from..from + n, from + n + len),
        None => (from..b.len(), b.len()),
    }
}

#[cfg(test)]
mod tests {
    fn read(html: &str) -> (&str, &str) {
        let (inside, next) = super::at(html.as_bytes(), 0);
        (&html[inside], &html[next..])
    }

    #[test]
    fn a_comment_ends_where_a_browser_ends_it() {
        assert_eq!(read("<!-- a -->b"), (" a ", "b"));
        assert_eq!(read("<!-- a --!>b -->c"), (" a ", "b -->c"));
        assert_eq!(read("<!-- a -->b --!>c"), (" a ", "b --!>c"));
        assert_eq!(read("<!-->b-->"), ("", "b-->"));
        assert_eq!(read("<!--->b-->"), ("", "b-->"));
        assert_eq!(read("<!---->b"), ("", "b"));
        assert_eq!(read("<!-- never closed"), (" never closed", ""));
        assert_eq!(read("<!--"), ("", ""));
    }
}
