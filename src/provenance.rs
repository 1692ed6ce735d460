//! `manifest.json`: what a build was made from and what it made, each file with its
//! SHA-256, so a board pack or a published site can be traced to its sources.
//!
//! It lists only what this build publishes (sources of withheld items are not named:
//! a file name can say too much), and it is deterministic: no timestamps, sorted.

use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;

use crate::digest::{hex, sha256_hex};
use crate::output::{Bytes, Held, Plan};
use crate::site::Site;

/// One file of the manifest, and its lines as the manifest writes them.
struct Written<T> {
    path: String,
    bytes: usize,
    sha256: String,
    /// What it was written from (a text or file shared with the last build), by
    /// which `serve` knows it unchanged; `None` if it cannot tell.
    from: Option<T>,
    text: String,
}

/// Each file of the last build's manifest, sorted by path, kept between `serve`
/// rebuilds: a file whose bytes are shared with the last build (the same
/// allocation, held here so that it cannot be another's) has the same entry.
#[derive(Default)]
pub struct DigestCache {
    outputs: Mutex<Vec<Arc<Written<Bytes>>>>,
    sources: Mutex<Vec<Arc<Written<Arc<str>>>>>,
}

/// A source file that shaped this build, by its path relative to the root.
pub enum SourceBytes<'a> {
    /// Text shared with the model (pages and data documents), and whether the file
    /// began with a byte-order mark, which the text leaves out.
    Shared(&'a Arc<str>, bool),
    Raw(std::borrow::Cow<'a, [u8]>),
    /// Copied to the output as it is, at this output path.
    Copied(&'a str),
}

/// The manifest of a build whose every other output is in `plan`.
pub fn manifest(
    site: &Site,
    sources: Vec<(String, SourceBytes<'_>)>,
    plan: &Plan,
    cache: Option<&DigestCache>,
) -> String {
    let outputs = output_entries(plan, cache);
    let sources = source_entries(sources, &outputs, cache);
    let head = Head {
        generator: concat!("safeguard ", env!("CARGO_PKG_VERSION")),
        audience: site.selection.audience.as_str(),
        as_of: site.selection.as_of.to_string(),
        withheld: site.withheld,
    };
    let text = write(&head, &sources, &outputs);
    if let Some(c) = cache {
        *c.outputs.lock().unwrap_or_else(|p| p.into_inner()) = outputs;
        *c.sources.lock().unwrap_or_else(|p| p.into_inner()) = sources;
    }
    text
}

/// What the manifest says of the build as a whole.
#[derive(Serialize)]
struct Head {
    generator: &'static str,
    audience: &'static str,
    as_of: String,
    /// Items left out of this build by the audience filter (counted, not named).
    withheld: usize,
}

/// The manifest's text: `head`'s fields, then `sources` and `outputs`, each a list
/// of `{path, bytes, sha256}`, pretty-printed as serde_json does it (a test holds
/// the two together), from each entry's lines as written once.
fn write<S, O>(head: &Head, sources: &[Arc<Written<S>>], outputs: &[Arc<Written<O>>]) -> String {
    let head = serde_json::to_string_pretty(head).expect("the manifest serialises");
    let size = sources.iter().map(|w| w.text.len() + 2).sum::<usize>()
        + outputs.iter().map(|w| w.text.len() + 2).sum::<usize>();
    let mut out = String::with_capacity(head.len() + size + 64);
    out.push_str(head.strip_suffix("\n}").expect("an object of fields"));
    out.push_str(",\n  \"sources\": ");
    list(&mut out, sources.iter().map(|w| w.text.as_str()));
    out.push_str(",\n  \"outputs\": ");
    list(&mut out, outputs.iter().map(|w| w.text.as_str()));
    out.push_str("\n}\n");
    out
}

fn list<'a>(out: &mut String, entries: impl Iterator<Item = &'a str>) {
    let mut any = false;
    for text in entries {
        out.push_str(if any { ",\n" } else { "[\n" });
        out.push_str(text);
        any = true;
    }
    out.push_str(if any { "\n  ]" } else { "[]" });
}

impl<T> Written<T> {
    fn new(path: String, bytes: usize, sha256: String, from: Option<T>) -> Arc<Self> {
        let mut text = String::with_capacity(path.len() + sha256.len() + 80);
        text.push_str("    {\n      \"path\": ");
        text.push_str(&serde_json::to_string(&path).expect("a path serialises"));
        text.push_str(",\n      \"bytes\": ");
        text.push_str(itoa::Buffer::new().format(bytes));
        text.push_str(",\n      \"sha256\": ");
        text.push_str(&serde_json::to_string(&sha256).expect("a digest serialises"));
        text.push_str("\n    }");
        Arc::new(Written {
            path,
            bytes,
            sha256,
            from,
            text,
        })
    }
}

/// For each of `paths` (sorted), the entry of the same path in `last` (sorted), if
/// any.
fn matched<'l, T>(paths: &[&str], last: &'l [Arc<Written<T>>]) -> Vec<Option<&'l Arc<Written<T>>>> {
    let mut at = 0;
    paths
        .iter()
        .map(|path| {
            while at < last.len() && last[at].path.as_str() < *path {
                at += 1;
            }
            last.get(at).filter(|w| w.path == *path)
        })
        .collect()
}

/// Every output file, in the plan's order (by path). A file the plan holds the
/// bytes of (`serve`) is digested unless the last build's entry was written from
/// the very same bytes.
fn output_entries(plan: &Plan, cache: Option<&DigestCache>) -> Vec<Arc<Written<Bytes>>> {
    let last = cache
        .map(|c| std::mem::take(&mut *c.outputs.lock().unwrap_or_else(|p| p.into_inner())))
        .unwrap_or_default();
    let files: Vec<(&String, &crate::output::Kept)> = plan.files().iter().collect();
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    let matched = matched(&paths, &last);
    files
        .par_iter()
        .zip(matched)
        .map(|((path, kept), old)| match kept.held() {
            Held::Digest(digest) => Written::new(path.to_string(), kept.len(), hex(digest), None),
            Held::Bytes(bytes) => {
                match old.filter(|w| w.from.as_ref().is_some_and(|b| Arc::ptr_eq(b, bytes))) {
                    Some(w) => Arc::clone(w),
                    None => Written::new(
                        path.to_string(),
                        kept.len(),
                        sha256_hex(&[bytes]),
                        Some(Bytes::clone(bytes)),
                    ),
                }
            }
        })
        .collect()
}

/// Every source file, sorted by path; a file copied to the output has its output's
/// digest, and a shared text written as it was in the last build has its entry.
fn source_entries(
    mut sources: Vec<(String, SourceBytes<'_>)>,
    outputs: &[Arc<Written<Bytes>>],
    cache: Option<&DigestCache>,
) -> Vec<Arc<Written<Arc<str>>>> {
    sources.sort_by(|a, b| a.0.cmp(&b.0));
    let last = cache
        .map(|c| std::mem::take(&mut *c.sources.lock().unwrap_or_else(|p| p.into_inner())))
        .unwrap_or_default();
    let paths: Vec<&str> = sources.iter().map(|(p, _)| p.as_str()).collect();
    let matched = matched(&paths, &last);
    let output = |path: &str| {
        outputs
            .binary_search_by(|w| w.path.as_str().cmp(path))
            .ok()
            .map(|i| &outputs[i])
    };
    sources
        .into_iter()
        .zip(matched)
        .map(|((path, bytes), old)| match bytes {
            SourceBytes::Shared(text, bom) => {
                if let Some(w) =
                    old.filter(|w| w.from.as_ref().is_some_and(|t| Arc::ptr_eq(t, text)))
                {
                    return Arc::clone(w);
                }
                const BOM: &[u8] = "\u{feff}".as_bytes();
                let sha256 = sha256_hex(&[if bom { BOM } else { b"" }, text.as_bytes()]);
                let bytes = text.len() + if bom { BOM.len() } else { 0 };
                Written::new(path, bytes, sha256, Some(Arc::clone(text)))
            }
            SourceBytes::Raw(bytes) => Written::new(path, bytes.len(), sha256_hex(&[&bytes]), None),
            SourceBytes::Copied(to) => {
                let (bytes, sha256) =
                    output(to).map_or((0, String::new()), |w| (w.bytes, w.sha256.clone()));
                Written::new(path, bytes, sha256, None)
            }
        })
        .collect()
}

/// Every source file of what `site` publishes, with `site.yaml` and the site's own
/// templates (the default theme is named by the generator's version).
pub fn sources<'a>(
    site: &'a Site,
    templates: impl Iterator<Item = (&'a str, &'a str)>,
) -> Vec<(String, SourceBytes<'a>)> {
    let mut out: Vec<(String, SourceBytes<'a>)> = vec![(
        crate::config::CONFIG_FILE.to_string(),
        SourceBytes::Raw(site.config.text.as_bytes().into()),
    )];
    let mut seen = std::collections::HashSet::new();
    let published = site
        .pages
        .iter()
        .filter_map(|p| p.source)
        .chain(site.glossary.as_ref().map(|g| g.source));
    for index in published {
        if seen.insert(index) {
            let s = &site.sources[index];
            out.push((s.rel.clone(), SourceBytes::Shared(&s.text, s.bom)));
        }
    }
    for asset in &site.assets {
        out.push((
            site.sources[asset.source].rel.clone(),
            SourceBytes::Copied(&asset.url),
        ));
    }
    for (path, text) in templates {
        out.push((path.to_string(), SourceBytes::Raw(text.as_bytes().into())));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The manifest as serde_json would print it whole.
    #[derive(Serialize)]
    struct Whole<'a> {
        #[serde(flatten)]
        head: &'a Head,
        sources: Vec<Entry<'a>>,
        outputs: Vec<Entry<'a>>,
    }

    #[derive(Serialize)]
    struct Entry<'a> {
        path: &'a str,
        bytes: usize,
        sha256: &'a str,
    }

    fn entries<T>(written: &[Arc<Written<T>>]) -> Vec<Entry<'_>> {
        written
            .iter()
            .map(|w| Entry {
                path: &w.path,
                bytes: w.bytes,
                sha256: &w.sha256,
            })
            .collect()
    }

    #[test]
    fn the_manifest_is_written_as_serde_json_pretty_prints_it() {
        let head = Head {
            generator: "safeguard 0.1.0",
            audience: "public",
            as_of: "2026-12-04".to_string(),
            withheld: 3,
        };
        let entry =
            |path: &str, bytes| Written::<Bytes>::new(path.into(), bytes, hex(&[7; 32]), None);
        let sources = [
            entry("content/a \"quoted\" \\ name é.md", 12),
            entry("site.yaml", 0),
        ];
        let outputs = [entry("index.html", 4096)];
        for (sources, outputs) in [(&sources[..], &outputs[..]), (&[][..], &[][..])] {
            let whole = Whole {
                head: &head,
                sources: entries(sources),
                outputs: entries(outputs),
            };
            let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
            assert_eq!(write(&head, sources, outputs), expected);
        }
    }
}
