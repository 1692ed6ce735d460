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
//! percent-decoded. Binary files (images, fonts, PDFs, archives) are not read: their
//! text would need a decoder of its own (a PDF's text is compressed), which is for
//! later.
//!
//! A number found is traced back to where it was written (the sources, `site.yaml`,
//! `static/`, templates), digits matched whatever lies between them, and reported
//! there; else at the output path. A number the source check reported, or found
//! marked as an example, is left to it.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::content::personal::{self, ALLOW, Class, Detector, Finding, Spelled, classify};
use crate::content::slug::percent_decode;
use crate::diagnostics::Diagnostic;
use crate::site::Site;
use crate::walk::Bounds;

/// What a public build's files held, collected as they are kept.
#[derive(Default)]
pub struct Gate {
    /// Every number found, with the output paths it was found in.
    found: Mutex<BTreeMap<Spelled, Vec<String>>>,
    /// The hashes naming the search index's pieces (`search/d-2657474756.js`): ten
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
        Box::new(move |path, bytes| gate.inspect(path, bytes))
    }

    /// Reads one output file and its path; whether nothing was found.
    pub fn inspect(&self, path: &str, bytes: &[u8]) -> bool {
        if let Some(hash) = piece_hash(path) {
            self.own_names
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(hash.to_string());
        }
        let mut found = personal::scan_plain(&percent_decode(path));
        found.extend(scan_file(path, bytes));
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

    /// What the files held that the source check did not report, as errors at the
    /// place each was written, where that can be found.
    pub fn diagnostics(&self, site: &Site, root: &Path) -> Vec<Diagnostic> {
        let found = std::mem::take(&mut *self.found.lock().unwrap_or_else(|p| p.into_inner()));
        let own = std::mem::take(&mut *self.own_names.lock().unwrap_or_else(|p| p.into_inner()));
        let mut out = Vec::new();
        let mut written: Option<Written> = None;
        for ((kind, value), mut paths) in found {
            if site.personal_seen.contains(&(kind, value.clone())) || own.contains(&value) {
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

/// A file a number may have been written in.
struct File {
    rel: String,
    text: String,
}

/// Everything published that a person wrote: read only when a number needs tracing.
struct Written {
    files: Vec<File>,
    /// Index into `files` of each published source, by its URL's output file.
    by_output: HashMap<String, usize>,
    /// Each number as the source check would find it in these files (`site.yaml`, a
    /// static file, a template are not read by it): file, start, end, marked.
    plain: HashMap<Spelled, Vec<(usize, usize, usize, bool)>>,
}

enum Located<'a> {
    At(&'a File, usize),
    /// Found marked as an example.
    Example,
}

impl Written {
    fn read(site: &Site, root: &Path) -> Written {
        let mut files = Vec::new();
        let mut of_source = HashMap::new();
        for (i, s) in site.sources.iter().enumerate() {
            if !site.is_published(&s.content_rel) {
                continue;
            }
            let text = if s.text.is_empty() {
                match std::fs::read(&s.abs)
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok())
                {
                    Some(t) => t,
                    None => continue,
                }
            } else {
                s.text.to_string()
            };
            of_source.insert(i, files.len());
            files.push(File {
                rel: s.rel.clone(),
                text,
            });
        }
        if let Ok(text) = std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)) {
            files.push(File {
                rel: crate::config::CONFIG_FILE.to_string(),
                text,
            });
        }
        site_files(root, &site.config.bounds(root), &mut files);
        let mut by_output = HashMap::new();
        for page in &site.pages {
            if let Some(&f) = page.source.and_then(|s| of_source.get(&s)) {
                by_output.insert(crate::render::file_of(&page.url), f);
            }
        }
        let mut plain: HashMap<Spelled, Vec<(usize, usize, usize, bool)>> = HashMap::new();
        for (i, f) in files.iter().enumerate() {
            for found in personal::scan_all(&f.text) {
                plain.entry((found.kind, found.value)).or_default().push((
                    i,
                    found.offset,
                    found.end,
                    found.allowed,
                ));
            }
        }
        Written {
            files,
            by_output,
            plain,
        }
    }

    /// Where the number was written: as the source check would read it (in the page
    /// the output file is, then anywhere), else with anything between its digits
    /// (markup, say), in the same order.
    fn locate(&self, kind: personal::Kind, value: &str, output: &str) -> Option<Located<'_>> {
        let own = self.by_output.get(output).copied();
        let plainly = self.plain.get(&(kind, value.to_string())).and_then(|at| {
            at.iter()
                .find(|a| Some(a.0) == own)
                .or_else(|| at.first())
                .copied()
        });
        let (file, start, end, marked) = match plainly {
            Some(at) => at,
            None => {
                let (file, (start, end)) =
                    own.into_iter().chain(0..self.files.len()).find_map(|i| {
                        find_loosely(&self.files[i].text, kind, value).map(|at| (i, at))
                    })?;
                let marked = personal::is_marked(&self.files[file].text, start, end);
                (file, start, end, marked)
            }
        };
        let _ = end;
        Some(if marked {
            Located::Example
        } else {
            Located::At(&self.files[file], start)
        })
    }
}

/// The text files of `static/`, templates and themes, found as the build finds them
/// (the one walker, its bounds and its scratch rule), so a number is never traced to
/// a file the build did not read. What the walker reports, the build reports.
fn site_files(root: &Path, bounds: &Bounds, files: &mut Vec<File>) {
    for dir in ["static", "templates", "themes"] {
        let base = root.join(dir);
        if !base.is_dir() {
            continue;
        }
        let (found, _) = crate::walk::files(&base, bounds, crate::walk::is_scratch_file);
        for file in found {
            let Some(text) = std::fs::read(&file.path)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
            else {
                continue;
            };
            let rel = file
                .path
                .strip_prefix(root)
                .unwrap_or(&file.path)
                .to_string_lossy()
                .replace('\\', "/");
            files.push(File { rel, text });
        }
    }
}

/// The longest stretch of other characters (markup, say) allowed between two of a
/// number's characters when tracing it to its source.
const MAX_GAP: usize = 200;

/// Where `value` is written in `text` with anything but letters and digits (and any
/// tags) between its characters: `943<b>476</b>5919`,
/// `943 *476* 5919`. Character references are read as what they stand for.
fn find_loosely(text: &str, kind: personal::Kind, value: &str) -> Option<(usize, usize)> {
    let want: Vec<u8> = value
        .bytes()
        .map(|c| if c.is_ascii_digit() { c - b'0' } else { c })
        .collect();
    let ni = kind == personal::Kind::NationalInsurance;
    // The text as symbols: (value, start, end), other characters left out but their
    // place kept by a break in the offsets.
    let mut syms: Vec<(u8, usize, usize)> = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'<'
            && b.get(i + 1)
                .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'/')
            && let Some(close) = tag_end(b, i)
        {
            // Markup between the parts: `943<b>476</b>5919`.
            i = close + 1;
            continue;
        }
        let (c, len) = if b[i] == b'&' {
            personal::char_ref(&b[i..]).unwrap_or(('&', 1))
        } else {
            let c = text[i..].chars().next().expect("a char boundary");
            (c, c.len_utf8())
        };
        match classify(c) {
            Class::Digit(v) => syms.push((v, i, i + len)),
            Class::Letter(l) => syms.push((if ni { l } else { u8::MAX }, i, i + len)),
            _ => {}
        }
        i += len;
    }
    let adjacent = |a: &(u8, usize, usize), b: &(u8, usize, usize)| a.2 == b.1;
    'start: for s in 0..syms.len() {
        if s > 0 && adjacent(&syms[s - 1], &syms[s]) {
            continue;
        }
        // Where each wanted character is; an NHS number's digits may have words
        // between them (a link's address, say), a National Insurance number's not.
        let mut at = s;
        let mut last: Option<(u8, usize, usize)> = None;
        for &w in &want {
            loop {
                let sym = *syms.get(at)?;
                if let Some(l) = last
                    && sym.1 - l.2 > MAX_GAP
                {
                    continue 'start;
                }
                at += 1;
                if sym.0 == w {
                    last = Some(sym);
                    break;
                }
                if ni || sym.0 != u8::MAX || last.is_none() {
                    continue 'start;
                }
            }
        }
        let last = last.expect("a character matched");
        let mut end = last.2;
        let next = syms.get(at);
        if let Some(n) = next
            && adjacent(&last, n)
        {
            // A suffix letter ends a National Insurance number; anything else makes
            // this part of something longer.
            let suffix = ni && matches!(n.0, b'A'..=b'D');
            let after = syms.get(at + 1);
            if !suffix || after.is_some_and(|a| adjacent(n, a)) {
                continue;
            }
            end = n.2;
        }
        return Some((syms[s].1, end));
    }
    None
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
    let mut lower = [0u8; 12];
    if ext.len() > lower.len() {
        return Format::Unknown;
    }
    lower[..ext.len()].copy_from_slice(ext.as_bytes());
    lower[..ext.len()].make_ascii_lowercase();
    match &lower[..ext.len()] {
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

/// Elements that do not end the text around them: a reader sees their text run on
/// into their neighbours'. Any other element (a block, a table cell, a list item, a
/// control) stands apart. Elements unknown to HTML are shown inline, so they join too.
fn stands_apart(name: &[u8]) -> bool {
    matches!(
        name,
        b"address"
            | b"area"
            | b"article"
            | b"aside"
            | b"audio"
            | b"base"
            | b"blockquote"
            | b"body"
            | b"button"
            | b"canvas"
            | b"caption"
            | b"col"
            | b"colgroup"
            | b"dd"
            | b"details"
            | b"dialog"
            | b"div"
            | b"dl"
            | b"dt"
            | b"embed"
            | b"fieldset"
            | b"figcaption"
            | b"figure"
            | b"footer"
            | b"form"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"head"
            | b"header"
            | b"hgroup"
            | b"hr"
            | b"html"
            | b"iframe"
            | b"img"
            | b"input"
            | b"legend"
            | b"li"
            | b"link"
            | b"main"
            | b"map"
            | b"menu"
            | b"meta"
            | b"meter"
            | b"nav"
            | b"noscript"
            | b"object"
            | b"ol"
            | b"optgroup"
            | b"option"
            | b"output"
            | b"p"
            | b"picture"
            | b"pre"
            | b"progress"
            | b"script"
            | b"search"
            | b"section"
            | b"select"
            | b"source"
            | b"style"
            | b"summary"
            | b"svg"
            | b"table"
            | b"tbody"
            | b"td"
            | b"template"
            | b"textarea"
            | b"tfoot"
            | b"th"
            | b"thead"
            | b"title"
            | b"tr"
            | b"track"
            | b"ul"
            | b"video"
    )
}

/// Attributes that hold drawing, not words (an SVG chart's coordinates, a digest).
fn is_geometry(name: &[u8]) -> bool {
    matches!(
        name,
        b"d" | b"points"
            | b"viewbox"
            | b"transform"
            | b"x"
            | b"y"
            | b"x1"
            | b"x2"
            | b"y1"
            | b"y2"
            | b"cx"
            | b"cy"
            | b"r"
            | b"rx"
            | b"ry"
            | b"dx"
            | b"dy"
            | b"width"
            | b"height"
            | b"offset"
            | b"stroke-width"
            | b"stroke-dasharray"
            | b"font-size"
            | b"integrity"
    )
}

/// The index of the `>` ending the tag that starts at `from`, minding quotes.
fn tag_end(b: &[u8], from: usize) -> Option<usize> {
    let mut at = from + 1;
    loop {
        let n = at + memchr::memchr3(b'>', b'"', b'\'', b.get(at..)?)?;
        if b[n] == b'>' {
            return Some(n);
        }
        at = n + 1 + memchr::memchr(b[n], b.get(n + 1..)?)? + 1;
    }
}

/// Finds `needle` (lower case ASCII) in `hay`, ignoring case.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut from = 0;
    while let Some(n) = memchr::memchr2(first, first.to_ascii_uppercase(), &hay[from..]) {
        let at = from + n;
        if hay.len() - at >= needle.len() && hay[at..at + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Reads a tag's attributes (`raw`, at `base`), each value on its own.
fn attributes(d: &mut Detector, s: &str, raw: std::ops::Range<usize>) {
    let b = s.as_bytes();
    let mut i = raw.start;
    let end = raw.end;
    while i < end {
        while i < end && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < end && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        let mut name = [0u8; 20];
        let n = (i - name_start).min(name.len());
        name[..n].copy_from_slice(&b[name_start..name_start + n]);
        name[..n].make_ascii_lowercase();
        while i < end && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= end || b[i] != b'=' {
            continue;
        }
        i += 1;
        while i < end && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let (v_start, v_end) = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) if i < end => {
                let close = memchr::memchr(q, &b[i + 1..end]).map_or(end, |n| i + 1 + n);
                let v = (i + 1, close);
                i = close + 1;
                v
            }
            _ => {
                let start = i;
                while i < end && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                (start, i)
            }
        };
        if is_geometry(&name[..n]) || v_start >= v_end {
            continue;
        }
        let value = &s[v_start..v_end];
        let mut space = false;
        if value.contains('%') && matches!(&name[..n], b"href" | b"src" | b"action" | b"cite") {
            let decoded = percent_decode(value);
            feed_decoded(d, &decoded, v_start, false, &mut space);
        } else {
            feed_decoded(d, value, v_start, false, &mut space);
        }
        d.brk();
    }
}

/// HTML (or, with `xml`, XML, where every element stands apart) as a reader gets it.
fn markup(s: &str, xml: bool) -> Vec<Finding> {
    let b = s.as_bytes();
    let mut text = Detector::new();
    let mut attrs = Detector::new();
    // Inside `<pre>` or `<textarea>`, whitespace is shown as it is.
    let mut keep_space = 0usize;
    // Inside an `<svg>`, elements are drawn apart.
    let mut svg = 0usize;
    let mut space = false;
    let mut i = 0;
    while i < b.len() {
        let next = memchr::memchr(b'<', &b[i..]).map_or(b.len(), |n| i + n);
        if next > i {
            feed_decoded(
                &mut text,
                &s[i..next],
                i,
                !xml && keep_space == 0,
                &mut space,
            );
        }
        i = next;
        if i >= b.len() {
            break;
        }
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            // Not shown, but in the file: read on its own.
            let end = memchr::memmem::find(&rest[4..], b"-->").map_or(b.len(), |n| i + 4 + n);
            text.brk();
            feed(&mut text, &s[i + 4..end], i + 4, false, &mut space);
            text.brk();
            i = (end + 3).min(b.len());
            continue;
        }
        if rest.starts_with(b"<![CDATA[") {
            let end = memchr::memmem::find(&rest[9..], b"]]>").map_or(b.len(), |n| i + 9 + n);
            text.brk();
            feed(&mut text, &s[i + 9..end], i + 9, false, &mut space);
            text.brk();
            i = (end + 3).min(b.len());
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = i + 1 + usize::from(closing);
        let is_tag = b.get(name_start).is_some_and(u8::is_ascii_alphabetic)
            || (!closing && matches!(rest.get(1), Some(b'!' | b'?')));
        if !is_tag {
            space = false;
            text.push(Class::Other, i, 1);
            i += 1;
            continue;
        }
        let Some(close) = tag_end(b, i) else {
            // An unfinished tag: the rest is text.
            feed(&mut text, &s[i..], i, false, &mut space);
            break;
        };
        let mut name_end = name_start;
        while name_end < close && !b[name_end].is_ascii_whitespace() && b[name_end] != b'/' {
            name_end += 1;
        }
        let mut lower = [0u8; 16];
        let n = (name_end - name_start).min(lower.len());
        lower[..n].copy_from_slice(&b[name_start..name_start + n]);
        lower[..n].make_ascii_lowercase();
        let name = &lower[..n];
        if !closing {
            attributes(&mut attrs, s, name_end..close);
        }
        i = close + 1;
        if xml || svg > 0 || matches!(rest.get(1), Some(b'!' | b'?')) {
            text.brk();
        } else if name == b"br" {
            space = false;
            text.push(Class::LineBreak, close, 1);
        } else if stands_apart(name) {
            text.brk();
        }
        let self_closing = b[close - 1] == b'/';
        match name {
            b"pre" | b"textarea" | b"listing" if !xml => {
                if closing {
                    keep_space = keep_space.saturating_sub(1);
                } else {
                    keep_space += 1;
                }
            }
            b"svg" if !xml && !self_closing => {
                if closing {
                    svg = svg.saturating_sub(1);
                } else {
                    svg += 1;
                }
            }
            b"script" | b"style" if !xml && !closing && !self_closing => {
                // Code, not markup: read as it is, on its own, up to its end tag.
                let end_tag: &[u8] = if name == b"script" {
                    b"</script"
                } else {
                    b"</style"
                };
                let end = find_ci(&b[i..], end_tag).map_or(b.len(), |n| i + n);
                feed(&mut text, &s[i..end], i, false, &mut space);
                text.brk();
                i = end;
            }
            _ => {}
        }
    }
    let mut found = text.finish();
    found.extend(attrs.finish());
    found
}

/// JSON, or a script: each string on its own with its escapes decoded, and what lies
/// between the strings (numbers, code) as it is.
fn json(s: &str) -> Vec<Finding> {
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
fn csv(s: &str) -> Vec<Finding> {
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

    #[test]
    fn a_number_is_traced_to_where_it_was_written() {
        let k = personal::Kind::NhsNumber;
        let src = "Seen: 943<b>476</b>5919.\n";
        assert_eq!(find_loosely(src, k, NHS), Some((6, 23)));
        assert_eq!(find_loosely("a 943 *476* 5919", k, NHS), Some((2, 16)));
        assert_eq!(
            find_loosely("`943` [476](https://a.org/) 5919", k, NHS),
            Some((1, 32))
        );
        assert_eq!(find_loosely("ref9434765919", k, NHS), None);
        assert_eq!(
            find_loosely("943&#160;476&#160;5919", k, NHS).map(|r| r.0),
            Some(0)
        );
        // Not inside a longer number.
        assert_eq!(find_loosely("19434765919", k, NHS), None);
        assert_eq!(find_loosely("94347659190", k, NHS), None);
        let ni = personal::Kind::NationalInsurance;
        assert_eq!(
            find_loosely("NI: a<i>b</i>123456c", ni, "AB123456"),
            Some((4, 20))
        );
    }
}
