//! The last gate of a public build: every file it is about to publish is read for
//! personal data, as a reader (or a program) would get it, after templates, Markdown,
//! glossary links, data documents, the search index and `site.yaml` have all had
//! their say. The source check (`content::personal`, from `Site::build`) finds what
//! is plainly in a source, at its line; this finds what only the output shows: a
//! number split by markup (`943<b>476</b>5919`), one from `site.yaml`, a template or
//! a static file, one in an address.
//!
//! Each file is read once, as the plan keeps it (from many threads): HTML and XML with
//! references decoded, tags removed, text joined within an element but not across
//! blocks (table cells, list items, paragraphs), attribute values each on their own;
//! JSON and the search index's scripts by their strings, escapes decoded; CSV by its
//! cells; anything else that is text as it is. Every output path is read too,
//! percent-decoded. A PDF safeguard made is read by its text as laid out (every
//! page's text, headers and footers, alternative texts, link addresses, the text of
//! its charts), which the plan hands over with it, since the PDF holds it compressed.
//! Other binary files (images, fonts, archives) are not read.
//!
//! A number found is traced back to where it was written (the sources, `site.yaml`,
//! `static/`, templates), digits matched whatever lies between them, and reported
//! there; else at the output path. A number the source check reported, or found
//! marked as an example, is left to it.

mod data;
mod html;
mod trace;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::content::personal::{self, ALLOW, Class, Detector, Finding, Spelled, classify};
use crate::content::slug::percent_decode;
use crate::diagnostics::Diagnostic;
use crate::site::Site;
use data::{csv, json};
use html::markup;
use trace::{Located, Written};

/// What a public build's files held, collected as they are kept.
#[derive(Default)]
pub struct Gate {
    /// Every number found, with the output paths it was found in.
    found: Mutex<BTreeMap<Spelled, Vec<String>>>,
    /// The hashes naming the search index's pieces (`search/w-2657474756.js`): ten
    /// hex digits are sometimes all digits, and some of those pass the check.
    own_names: Mutex<std::collections::HashSet<String>>,
}

impl Gate {
    pub fn new() -> Arc<Gate> {
        Arc::new(Gate::default())
    }

    /// The plan's inspector: it reads every file kept, and says whether it found
    /// nothing (a file with something found is kept back from the output folder,
    /// even its work folders, until the build is known to be sound).
    pub fn inspector(self: &Arc<Self>) -> crate::output::Inspector {
        let gate = Arc::clone(self);
        Box::new(move |path, bytes, text| gate.inspect(path, bytes, text))
    }

    /// Reads one output file (or, for a PDF, `text`, all a reader gets of it) and its
    /// path; whether nothing was found.
    pub fn inspect(&self, path: &str, bytes: &[u8], text: Option<&str>) -> bool {
        if let Some(hash) = piece_hash(path) {
            self.own_names
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(hash.to_string());
        }
        let mut found = personal::scan_plain(&percent_decode(path));
        match text {
            Some(text) => found.extend(personal::scan_plain(text)),
            None => found.extend(scan_file(path, bytes)),
        }
        if found.is_empty() {
            return true;
        }
        let mut all = self.found.lock().unwrap_or_else(|p| p.into_inner());
        for f in found {
            all.entry((f.kind, f.value))
                .or_default()
                .push(path.to_string());
        }
        false
    }

    /// What the files held that the source check did not report (`seen`: what it
    /// reported, or found marked as an example), as errors at the place each was
    /// written, where that can be found.
    pub fn diagnostics(
        &self,
        site: &Site,
        root: &Path,
        seen: &std::collections::HashSet<crate::content::personal::Spelled>,
    ) -> Vec<Diagnostic> {
        let found = std::mem::take(&mut *self.found.lock().unwrap_or_else(|p| p.into_inner()));
        let own = std::mem::take(&mut *self.own_names.lock().unwrap_or_else(|p| p.into_inner()));
        let mut out = Vec::new();
        let mut written: Option<Written> = None;
        for ((kind, value), mut paths) in found {
            if seen.contains(&(kind, value.clone())) || own.contains(&value) {
                continue;
            }
            paths.sort();
            paths.dedup();
            let written = written.get_or_insert_with(|| Written::read(site, root));
            let what = kind.describe();
            let first = &paths[0];
            let others = match paths.len() - 1 {
                0 => String::new(),
                1 => " and 1 other file".to_string(),
                n => format!(" and {n} other files"),
            };
            match written.locate(kind, &value, first) {
                Some(Located::Example) => {}
                Some(Located::At(file, offset)) => out.push(
                    Diagnostic::error(
                        &file.rel,
                        format!("this looks like {what}, and the public site would show it (in {first}{others}): remove it; if it is a made-up example, write `{ALLOW}` on its line or the line above"),
                    )
                    .at_offset(&file.text, offset),
                ),
                None => {
                    let mut d = Diagnostic::error(
                        format!("output path {first}"),
                        format!("the public site would publish what looks like {what} in this file{others}, and safeguard cannot tell where it was written: find it (in site.yaml, a template, a static file or the content) and remove it"),
                    );
                    d.line = 0;
                    d.col = 0;
                    out.push(d);
                }
            }
        }
        out
    }
}

/// The content hash in the name of a piece of the search index, if `path` is one.
fn piece_hash(path: &str) -> Option<&str> {
    let name = path
        .strip_prefix(crate::site::SEARCH_URL)?
        .strip_suffix(".js")?;
    let (_, hash) = name.rsplit_once('-')?;
    (hash.len() == 10 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hash)
}

/// How a file is read, by its name.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Format {
    Html,
    Xml,
    /// JSON, and scripts (the search index's pieces are JSON in a call).
    Json,
    Csv,
    Text,
    /// Not read (see the module's comment).
    Binary,
    /// Read as text if it is text.
    Unknown,
}

fn format_of(path: &str) -> Format {
    let name = path.rsplit('/').next().unwrap_or(path);
    let Some((_, ext)) = name.rsplit_once('.') else {
        return Format::Unknown;
    };
    let (lower, n) = lowered::<12>(ext.as_bytes());
    match &lower[..n] {
        b"html" | b"htm" | b"xhtml" => Format::Html,
        b"xml" | b"svg" | b"atom" | b"rss" => Format::Xml,
        b"json" | b"js" | b"mjs" | b"map" | b"webmanifest" => Format::Json,
        b"csv" => Format::Csv,
        b"txt" | b"md" | b"markdown" | b"css" | b"yaml" | b"yml" | b"tsv" | b"ics" | b"vtt"
        | b"srt" | b"text" => Format::Text,
        b"png" | b"jpg" | b"jpeg" | b"gif" | b"webp" | b"avif" | b"ico" | b"bmp" | b"tif"
        | b"tiff" | b"pdf" | b"woff" | b"woff2" | b"ttf" | b"otf" | b"eot" | b"zip" | b"gz"
        | b"br" | b"docx" | b"xlsx" | b"pptx" | b"odt" | b"ods" | b"mp3" | b"mp4" | b"webm"
        | b"ogg" | b"wav" | b"mov" => Format::Binary,
        _ => Format::Unknown,
    }
}

/// `name` in ASCII lower case, in `N` bytes, and its length: a longer name is cut
/// to `N`, which is longer than any name it is compared with.
fn lowered<const N: usize>(name: &[u8]) -> ([u8; N], usize) {
    let mut lower = [0u8; N];
    let n = name.len().min(N);
    lower[..n].copy_from_slice(&name[..n]);
    lower[..n].make_ascii_lowercase();
    (lower, n)
}

/// Whether there are digits enough for a number: a National Insurance number has six.
/// Counts every byte that could begin a non-ASCII digit too, so it never skips one.
fn enough_digits(bytes: &[u8]) -> bool {
    let n: usize = bytes
        .iter()
        .map(|&b| usize::from(b.is_ascii_digit() || b >= 0xc0))
        .sum();
    n >= 6
}

/// Every number in one output file.
fn scan_file(path: &str, bytes: &[u8]) -> Vec<Finding> {
    let format = match format_of(path) {
        Format::Binary => return Vec::new(),
        Format::Unknown if bytes.iter().take(4096).any(|&b| b == 0) => return Vec::new(),
        Format::Unknown => Format::Text,
        f => f,
    };
    if !enough_digits(bytes) {
        return Vec::new();
    }
    let text = String::from_utf8_lossy(bytes);
    match format {
        Format::Html => markup(&text, false),
        Format::Xml => markup(&text, true),
        Format::Json => json(&text),
        Format::Csv => csv(&text),
        _ => personal::scan_plain(&text),
    }
}

/// Feeds `text` (at byte offset `base` of its file) to `d`, one character at a time.
/// `collapse`: runs of HTML whitespace count as one space, as a browser shows them.
#[inline]
fn feed(d: &mut Detector, text: &str, base: usize, collapse: bool, space: &mut bool) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let skipped = d.skip_quiet(b, i);
        if skipped > i {
            *space = false;
            i = skipped;
            if i >= b.len() {
                break;
            }
        }
        let c = b[i];
        if c < 0x80 {
            if collapse && matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
                if !*space {
                    d.push(Class::Space, base + i, 1);
                    *space = true;
                }
            } else {
                *space = false;
                d.push(classify(c as char), base + i, 1);
            }
            i += 1;
        } else {
            let ch = text[i..].chars().next().expect("a char boundary");
            *space = false;
            d.push(classify(ch), base + i, ch.len_utf8());
            i += ch.len_utf8();
        }
    }
}

/// Feeds `text` with its character references decoded.
fn feed_decoded(d: &mut Detector, text: &str, base: usize, collapse: bool, space: &mut bool) {
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(n) = memchr::memchr(b'&', &b[from..]) {
        let at = from + n;
        feed(d, &text[from..at], base + from, collapse, space);
        match personal::char_ref(&b[at..]) {
            Some((c, len)) => {
                *space = false;
                d.push(classify(c), base + at, len);
                from = at + len;
            }
            None => {
                *space = false;
                d.push(Class::Other, base + at, 1);
                from = at + 1;
            }
        }
    }
    feed(d, &text[from..], base + from, collapse, space);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(path: &str, text: &str) -> Vec<String> {
        let mut v: Vec<String> = scan_file(path, text.as_bytes())
            .into_iter()
            .map(|f| f.value)
            .collect();
        v.extend(
            personal::scan_plain(&percent_decode(path))
                .into_iter()
                .map(|f| f.value),
        );
        v
    }

    const NHS: &str = "9434765919";

    #[test]
    fn a_number_split_across_an_svg_texts_spans_is_read_whole() {
        let svg = "<svg><title>T</title><text x=\"1\" y=\"50\"><tspan>943 476 </tspan><tspan>5919</tspan></text></svg>";
        assert_eq!(
            values("papers/x/index.html", &format!("<p>a</p>{svg}")),
            [NHS]
        );
        assert_eq!(values("papers/chart.svg", svg), [NHS]);
    }

    #[test]
    fn a_pdf_is_read_by_the_text_it_comes_with_and_not_its_bytes() {
        let gate = Gate::default();
        // Its bytes say nothing plainly; the text a reader gets of it does.
        assert!(!gate.inspect(
            "papers/x/x.pdf",
            b"%PDF-1.7 compressed",
            Some("NHS 943 476 5919")
        ));
        assert!(gate.inspect("papers/y/y.pdf", NHS.as_bytes(), Some("Nothing here.")));
        let found = gate.found.lock().unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(
            found.values().next().unwrap(),
            &vec!["papers/x/x.pdf".to_string()]
        );
    }

    #[test]
    fn html_is_read_as_a_reader_gets_it() {
        for html in [
            "<p>NHS 943<b>476</b>5919</p>",
            "<p>943<span class=x>476</span><em>5919</em></p>",
            "<p>943&nbsp;476&#160;5919</p>",
            "<p>&#57;&#52;&#51; 476 5919</p>",
            "<p>943\n      476\n     5919</p>",
            "<p>943<br>476<br>5919</p>",
            "<p>943<wbr>476<wbr>5919</p>",
            "<p>943<x-part>476</x-part>5919</p>",
            "<p><a href=\"x\">943</a> <a href=\"y\">476</a> 5919</p>",
        ] {
            assert_eq!(values("a/index.html", html), vec![NHS], "{html}");
        }
    }

    #[test]
    fn a_comment_inside_the_number_is_not_shown_so_the_text_around_it_joins() {
        for html in [
            "<p>9<!-- -->43 476 5919</p>",
            "<p>943<!-- a -->476<!--\n-->5919</p>",
            "<p>943 <!-- x --> 476 5919</p>",
            "<p>943<![CDATA[ hidden ]]> 476 5919</p>",
            // A browser ends a comment at `--!>` too, and reads `<!-->` as one.
            "<div>NHS 9<!-- --!>43 476 5919 seen</div>",
            "<p>9<!-->43 476 5919</p>",
            "<p>9<!--->43 476 5919</p>",
            // In HTML a CDATA section is a comment that ends at the first `>`.
            "<p>943<![CDATA[> 476 5919 ]]></p>",
            "<svg><text>943 <![CDATA[476]]> 5919</text></svg>",
        ] {
            assert_eq!(values("a/index.html", html), vec![NHS], "{html}");
        }
        assert_eq!(
            values("a.xml", "<a>943<![CDATA[ 476 ]]>5919</a>"),
            vec![NHS]
        );
        // A comment inside a block does not join it to the next block.
        assert!(values("a/index.html", "<p>943 476<!-- x --></p><p>5919</p>").is_empty());
    }

    #[test]
    fn html_blocks_cells_and_items_stand_apart() {
        for html in [
            "<table><tr><td>943</td><td>476</td><td>5919</td></tr></table>",
            "<table><tr><th>943</th>\n<th>476</th> <th>5919</th></tr></table>",
            "<ul><li>943</li><li>476</li><li>5919</li></ul>",
            "<p>943</p><p>476 5919</p>",
            "<div>943 476</div><div>5919</div>",
            "<svg><text x=\"1\">943</text> <text>476</text> <text>5919</text></svg>",
            "<pre>943\t476\t5919</pre>",
            "<p>sha256-3f9434765919a0b1c2d3e4f5</p>",
        ] {
            assert!(values("a/index.html", html).is_empty(), "{html}");
        }
    }

    #[test]
    fn attributes_shown_or_carried_are_read() {
        for html in [
            "<abbr title=\"NHS 943 476 5919\">x</abbr>",
            "<img alt='943 476 5919' src=a.png>",
            "<a aria-label=\"943&#xa0;476&#xa0;5919\">x</a>",
            "<meta name=description content=\"9434765919\">",
            "<a href=\"case/943%20476%205919/\">x</a>",
        ] {
            assert_eq!(values("a/index.html", html), vec![NHS], "{html}");
        }
        // Drawing is not words.
        assert!(values("c.svg", "<svg><path d=\"M 943 476 5919\"/></svg>").is_empty());
    }

    #[test]
    fn comments_and_scripts_are_in_the_file() {
        assert_eq!(values("a.html", "<!-- 943 476 5919 -->"), vec![NHS]);
        assert_eq!(
            values("a.html", "<p>Ref <!-- 943 476 5919 --> seen</p>"),
            vec![NHS]
        );
        assert_eq!(
            values("a.html", "<script>var n = \"9434765919\";</script>"),
            vec![NHS]
        );
    }

    #[test]
    fn json_strings_are_decoded() {
        assert_eq!(
            values("a/audit.json", r#"{"e": "943\u0020476\u00a05919"}"#),
            vec![NHS]
        );
        assert_eq!(values("a/audit.json", r#"{"e": 9434765919}"#), vec![NHS]);
        assert_eq!(
            values(
                "search/w-ab12.js",
                r#"sgSearch.loaded("w",{"9434765919":[1]})"#
            ),
            vec![NHS]
        );
        // Separate strings are separate.
        assert!(values("a.json", r#"["943", "476", "5919"]"#).is_empty());
        assert!(values("a.json", r#"[943, 476, 5919]"#).is_empty());
    }

    #[test]
    fn csv_cells_stand_apart() {
        assert!(values("a/audit.csv", "a,b,c\n943,476,5919\n").is_empty());
        assert!(values("a/audit.csv", "943\n476\n5919\n").is_empty());
        assert_eq!(
            values("a/audit.csv", "a,\"Case 943 476 5919\"\n"),
            vec![NHS]
        );
    }

    #[test]
    fn paths_are_read_percent_decoded() {
        assert_eq!(
            values("case-943-476-5919/index.html", "<p>x</p>"),
            vec![NHS]
        );
        assert_eq!(values("case%20943%20476%205919/index.html", ""), vec![NHS]);
        assert!(values("search/words-3f94347659.js", "").is_empty());
        assert_eq!(piece_hash("search/d-2657474756.js"), Some("2657474756"));
        assert_eq!(piece_hash("papers/d-2657474756.js"), None);
    }

    #[test]
    fn binary_files_are_not_read() {
        assert!(values("a.png", "943 476 5919").is_empty());
        assert_eq!(values("a.txt", "943 476 5919"), vec![NHS]);
    }
}
