//! Tracing a number found in the output to where it was written: the published
//! sources, `site.yaml`, `static/`, templates and themes, read only when a number
//! needs it; as the source check reads them first, then with anything between the
//! number's characters.

use std::collections::HashMap;
use std::path::Path;

use super::html::tag_end;
use crate::content::personal::{self, Class, Spelled, classify};
use crate::site::Site;
use crate::walk::Bounds;

/// A file a number may have been written in.
pub(super) struct File {
    pub(super) rel: String,
    pub(super) text: String,
}

/// Everything published that a person wrote: read only when a number needs tracing.
pub(super) struct Written {
    files: Vec<File>,
    /// Index into `files` of each published source, by its URL's output file.
    by_output: HashMap<String, usize>,
    /// Each number as the source check would find it in these files (`site.yaml`, a
    /// static file, a template are not read by it): file, start, marked.
    plain: HashMap<Spelled, Vec<(usize, usize, bool)>>,
}

pub(super) enum Located<'a> {
    At(&'a File, usize),
    /// Found marked as an example.
    Example,
}

impl Written {
    pub(super) fn read(site: &Site, root: &Path) -> Written {
        let mut files = Vec::new();
        let mut of_source = HashMap::new();
        for (i, s) in site.sources.iter().enumerate() {
            if !site.is_published(&s.content_rel) {
                continue;
            }
            // An asset's text is not kept: read it, if it is text.
            let text = if s.text.is_empty() {
                match read_text(&s.abs) {
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
        let mut plain: HashMap<Spelled, Vec<(usize, usize, bool)>> = HashMap::new();
        for (i, f) in files.iter().enumerate() {
            for found in personal::scan_all(&f.text) {
                plain.entry((found.kind, found.value)).or_default().push((
                    i,
                    found.offset,
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
    pub(super) fn locate(
        &self,
        kind: personal::Identifier,
        value: &str,
        output: &str,
    ) -> Option<Located<'_>> {
        let own = self.by_output.get(output).copied();
        let plainly = self.plain.get(&(kind, value.to_string())).and_then(|at| {
            at.iter()
                .find(|a| Some(a.0) == own)
                .or_else(|| at.first())
                .copied()
        });
        let (file, start, marked) = match plainly {
            Some(at) => at,
            None => {
                let (file, (start, end)) =
                    own.into_iter().chain(0..self.files.len()).find_map(|i| {
                        find_loosely(&self.files[i].text, kind, value).map(|at| (i, at))
                    })?;
                let marked = personal::is_marked(&self.files[file].text, start, end);
                (file, start, marked)
            }
        };
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
            let Some(text) = read_text(&file.path) else {
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

/// The file at `path` if it can be read and is UTF-8 text (a number is never traced
/// into anything else).
fn read_text(path: &Path) -> Option<String> {
    String::from_utf8(std::fs::read(path).ok()?).ok()
}

/// A letter or digit of a text, as tracing reads it: (value, start, end).
type Sym = (u8, usize, usize);

/// `text` as symbols: digits by value, letters as upper-case ASCII (for a National
/// Insurance number, `ni`) or all alike; tags and other characters left out, their
/// place kept by a break in the offsets.
fn symbols(text: &str, ni: bool) -> Vec<Sym> {
    let mut syms = Vec::new();
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
    syms
}

/// The longest stretch of other characters (markup, say) allowed between two of a
/// number's characters when tracing it to its source.
const MAX_GAP: usize = 200;

/// Where `value` is written in `text` with anything but letters and digits (and any
/// tags) between its characters: `943<b>476</b>5919`,
/// `943 *476* 5919`. Character references are read as what they stand for.
fn find_loosely(text: &str, kind: personal::Identifier, value: &str) -> Option<(usize, usize)> {
    let want: Vec<u8> = value
        .bytes()
        .map(|c| if c.is_ascii_digit() { c - b'0' } else { c })
        .collect();
    let ni = kind == personal::Identifier::NationalInsurance;
    let syms = symbols(text, ni);
    let adjacent = |a: &Sym, b: &Sym| a.2 == b.1;
    'start: for s in 0..syms.len() {
        if s > 0 && adjacent(&syms[s - 1], &syms[s]) {
            continue;
        }
        // Where each wanted character is; an NHS number's digits may have words
        // between them (a link's address, say), a National Insurance number's not.
        let mut at = s;
        let mut last: Option<Sym> = None;
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

#[cfg(test)]
mod tests {
    use super::*;

    const NHS: &str = "9434765919";

    #[test]
    fn a_number_is_traced_to_where_it_was_written() {
        let k = personal::Identifier::NhsNumber;
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
        let ni = personal::Identifier::NationalInsurance;
        assert_eq!(
            find_loosely("NI: a<i>b</i>123456c", ni, "AB123456"),
            Some((4, 20))
        );
    }
}
