//! `manifest.json`: what a build was made from and what it made, each file with its
//! SHA-256, so a board pack or a published site can be traced to its sources.
//!
//! It lists only what this build publishes (sources of withheld items are not named:
//! a file name can say too much), and it is deterministic: no timestamps, sorted.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;

use crate::digest::{hex, sha256_hex};
use crate::output::{Bytes, Held, Plan};
use crate::site::Site;

#[derive(Serialize)]
struct Manifest {
    generator: &'static str,
    audience: &'static str,
    as_of: String,
    /// Items left out of this build by the audience filter (counted, not named).
    withheld: usize,
    sources: Vec<FileEntry>,
    outputs: Vec<FileEntry>,
}

#[derive(Serialize)]
struct FileEntry {
    path: String,
    bytes: usize,
    sha256: String,
}

/// Digests kept between `serve` rebuilds: a page whose bytes are shared with the
/// last build (the same allocation) has the same digest.
#[derive(Default)]
pub struct DigestCache {
    outputs: Mutex<HashMap<String, (Bytes, String)>>,
    sources: Mutex<HashMap<String, (Arc<str>, String)>>,
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
    let manifest = Manifest {
        generator: concat!("safeguard ", env!("CARGO_PKG_VERSION")),
        audience: site.selection.audience.as_str(),
        as_of: site.selection.as_of.to_string(),
        withheld: site.withheld,
        sources,
        outputs: outputs.into_iter().map(|(e, _)| e).collect(),
    };
    let mut text = serde_json::to_string_pretty(&manifest).expect("the manifest serialises");
    text.push('\n');
    text
}

/// Every output file, in the plan's order, with its bytes when the plan holds them
/// (`serve`): their digests are kept in `cache` for the next build.
fn output_entries(plan: &Plan, cache: Option<&DigestCache>) -> Vec<(FileEntry, Option<Bytes>)> {
    let previous =
        cache.map(|c| std::mem::take(&mut *c.outputs.lock().unwrap_or_else(|p| p.into_inner())));
    let outputs: Vec<(FileEntry, Option<Bytes>)> = plan
        .files()
        .par_iter()
        .map(|(path, kept)| {
            let (sha256, bytes) = match kept.held() {
                Held::Digest(digest) => (hex(digest), None),
                Held::Bytes(bytes) => (
                    previous
                        .as_ref()
                        .and_then(|m| m.get(path))
                        .filter(|(old, _)| Arc::ptr_eq(old, bytes))
                        .map(|(_, d)| d.clone())
                        .unwrap_or_else(|| sha256_hex(&[bytes])),
                    Some(Bytes::clone(bytes)),
                ),
            };
            (
                FileEntry {
                    path: path.clone(),
                    bytes: kept.len(),
                    sha256,
                },
                bytes,
            )
        })
        .collect();
    if let Some(c) = cache {
        *c.outputs.lock().unwrap_or_else(|p| p.into_inner()) = outputs
            .iter()
            .filter_map(|(e, b)| {
                Some((
                    e.path.clone(),
                    (Bytes::clone(b.as_ref()?), e.sha256.clone()),
                ))
            })
            .collect();
    }
    outputs
}

/// Every source file, sorted by path; a file copied to the output has its output's
/// digest, and the digests of shared texts are kept in `cache` for the next build.
fn source_entries(
    sources: Vec<(String, SourceBytes<'_>)>,
    outputs: &[(FileEntry, Option<Bytes>)],
    cache: Option<&DigestCache>,
) -> Vec<FileEntry> {
    let copied: HashMap<&str, (usize, &str)> = outputs
        .iter()
        .map(|(e, _)| (e.path.as_str(), (e.bytes, e.sha256.as_str())))
        .collect();
    let previous =
        cache.map(|c| std::mem::take(&mut *c.sources.lock().unwrap_or_else(|p| p.into_inner())));
    let mut kept: Vec<(String, (Arc<str>, String))> = Vec::new();
    let mut entries: Vec<FileEntry> = sources
        .into_iter()
        .map(|(path, bytes)| match bytes {
            SourceBytes::Shared(text, bom) => {
                const BOM: &[u8] = "\u{feff}".as_bytes();
                let sha256 = previous
                    .as_ref()
                    .and_then(|m| m.get(&path))
                    .filter(|(old, _)| Arc::ptr_eq(old, text))
                    .map(|(_, d)| d.clone())
                    .unwrap_or_else(|| sha256_hex(&[if bom { BOM } else { b"" }, text.as_bytes()]));
                kept.push((path.clone(), (Arc::clone(text), sha256.clone())));
                FileEntry {
                    path,
                    bytes: text.len() + if bom { BOM.len() } else { 0 },
                    sha256,
                }
            }
            SourceBytes::Raw(bytes) => FileEntry {
                sha256: sha256_hex(&[&bytes]),
                bytes: bytes.len(),
                path,
            },
            SourceBytes::Copied(output) => {
                let (bytes, sha256) = copied
                    .get(output)
                    .map_or((0, String::new()), |(n, d)| (*n, (*d).to_string()));
                FileEntry {
                    path,
                    bytes,
                    sha256,
                }
            }
        })
        .collect();
    if let Some(c) = cache {
        *c.sources.lock().unwrap_or_else(|p| p.into_inner()) = kept.into_iter().collect();
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    entries
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
