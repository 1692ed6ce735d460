//! Walking `content/` and reading its files.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use crate::walk::Bounds;
use rayon::prelude::*;

use crate::content::personal::{self, Finding};
use crate::diagnostics::{Diagnostic, Diagnostics};

pub const CONTENT_DIR: &str = "content";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// A Markdown page (`.md`).
    Page,
    /// A YAML data document (`.yaml` / `.yml`).
    Data,
    /// Any other file: copied beside the pages as it is (images, PDFs).
    Asset,
    /// A CSV file: read, since it may be a dataset's figures; published as an asset
    /// only if no dataset names it.
    Table,
}

/// One file of `content/`.
#[derive(Clone, Debug)]
pub struct Source {
    /// Path relative to the site root, with `/` separators (`content/training/a.md`):
    /// what diagnostics show.
    pub rel: String,
    /// Path relative to `content/` (`training/a.md`): what links resolve against.
    pub content_rel: String,
    pub kind: SourceKind,
    /// The text of pages and data documents; empty for assets. Shared, so `serve`
    /// keeps unchanged files between rebuilds without copying them.
    pub text: Arc<str>,
    /// The file began with a byte-order mark, left out of `text`.
    pub bom: bool,
    /// A table that is not UTF-8: its bytes, so its first odd letter can be shown
    /// (`text` is then empty).
    pub undecoded: Option<Arc<[u8]>>,
    pub abs: PathBuf,
    /// What the personal-data check finds in `text`, read the first time it is asked
    /// for and shared with every copy of this source, so `serve` reads an unchanged
    /// file once. Made with the text, never apart from it.
    findings: Arc<OnceLock<Vec<Finding>>>,
}

impl Source {
    /// Every finding of the personal-data check in the text (see
    /// [`personal::scan_all`]).
    pub fn findings(&self) -> &[Finding] {
        self.findings.get_or_init(|| personal::scan_all(&self.text))
    }
}

/// Walks `ROOT/content` and reads every page and data document, in parallel.
/// Symbolic links are followed; a link that loops back is reported, not followed.
/// `read` holds files already read (by absolute path), taken instead of reading them
/// again.
pub fn load_sources(
    root: &Path,
    bounds: &Bounds,
    mut read: HashMap<PathBuf, Vec<u8>>,
    diags: &mut Diagnostics,
) -> Vec<Source> {
    let Some(found) = walk(root, bounds, diags) else {
        return Vec::new();
    };
    read_all(found, &mut read, diags)
        .into_iter()
        .map(|(source, _)| source)
        .collect()
}

/// Whether the loader reads the file's text (a page or a data document), rather
/// than copying it (an asset).
pub fn is_read(path: &Path) -> bool {
    kind_of(path) != SourceKind::Asset
}

fn kind_of(path: &Path) -> SourceKind {
    match path.extension().and_then(|e| e.to_str()) {
        Some("md") => SourceKind::Page,
        Some("yaml" | "yml") => SourceKind::Data,
        Some(e) if e.eq_ignore_ascii_case("csv") => SourceKind::Table,
        _ => SourceKind::Asset,
    }
}

/// The size and modification time of a file when it was read (not the build stamp).
type Observed = Option<(u64, SystemTime)>;

/// A source as read, with the size and time it had.
type Loaded = (Source, Observed);

/// A file `walk` found: absolute path, path under `content/`, kind.
type Found = (PathBuf, String, SourceKind);

fn observe(path: &Path) -> Observed {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// What `serve` keeps of `content/` between rebuilds, so that a save re-reads the
/// file saved rather than the whole site.
#[derive(Default)]
pub struct SourceCache {
    /// The sources of the last load that had no problems, each with its size and time.
    last: Mutex<Option<Vec<Loaded>>>,
}

impl SourceCache {
    /// Loads like [`load_sources`], reusing what the last load read. `changed` are the
    /// paths (relative to the root) the watcher saw change; `None` if not known.
    ///
    /// When every changed file under `content/` is one we read last time and is still
    /// a file, only those are re-read: no walk at all. Anything else (a new, removed
    /// or renamed file, a folder) walks `content/` and re-reads each file that was
    /// named, is new, or whose size or modification time differs.
    pub fn load(
        &self,
        root: &Path,
        bounds: &Bounds,
        changed: Option<&[PathBuf]>,
        diags: &mut Diagnostics,
    ) -> Vec<Source> {
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        let named: HashSet<String> = changed
            .unwrap_or_default()
            .iter()
            .filter_map(|p| p.strip_prefix(CONTENT_DIR).ok())
            .map(slashed)
            .collect();
        let loaded = match (last.take(), changed) {
            (Some(previous), Some(_)) => Self::reload(root, bounds, previous, &named, diags),
            _ => None,
        };
        let (loaded, problems) = match loaded {
            Some(loaded) => (loaded, false),
            None => {
                let before = diags.len();
                let loaded = match walk(root, bounds, diags) {
                    Some(found) => read_all(found, &mut HashMap::new(), diags),
                    None => Vec::new(),
                };
                (loaded, diags.len() > before)
            }
        };
        let sources = loaded.iter().map(|(s, _)| s.clone()).collect();
        // A load with problems is not kept: its messages must show on every rebuild.
        if !problems {
            *last = Some(loaded);
        }
        sources
    }

    /// Reuses `previous` for every file not named in `named`. `None` if that is not
    /// enough: a file could not be read again, or the walk found a problem.
    fn reload(
        root: &Path,
        bounds: &Bounds,
        previous: Vec<Loaded>,
        named: &HashSet<String>,
        diags: &mut Diagnostics,
    ) -> Option<Vec<Loaded>> {
        if let Some(indices) = in_place(root, &previous, named) {
            return reread(previous, indices);
        }
        // A walk, re-reading what is named, new, or changed in size or time.
        let before = diags.len();
        let found = walk(root, bounds, diags)?;
        if diags.len() > before {
            return None;
        }
        let mut previous: HashMap<String, Loaded> = previous
            .into_iter()
            .map(|(s, st)| (s.content_rel.clone(), (s, st)))
            .collect();
        let mut keep = Vec::with_capacity(found.len());
        let mut read = Vec::new();
        for (i, (abs, content_rel, kind)) in found.into_iter().enumerate() {
            match previous.remove(&content_rel) {
                Some((source, st))
                    if source.kind == kind
                        && !named.contains(&content_rel)
                        && st.is_some()
                        && st == observe(&abs) =>
                {
                    keep.push((i, (source, st)));
                }
                _ => read.push((i, (abs, content_rel, kind))),
            }
        }
        let fresh: Vec<(usize, Result<Loaded, Diagnostic>)> = read
            .into_par_iter()
            .map(|(i, (abs, rel, kind))| (i, read_one(abs, rel, kind, None)))
            .collect();
        let mut all: Vec<(usize, Loaded)> = keep;
        for (i, r) in fresh {
            match r {
                Ok(s) => all.push((i, s)),
                Err(d) => diags.push(d),
            }
        }
        if diags.len() > before {
            return None;
        }
        all.sort_by_key(|(i, _)| *i);
        Some(all.into_iter().map(|(_, s)| s).collect())
    }
}

/// The index in `previous` of each named file, if each is a file we read last time
/// and is a file still.
fn in_place(root: &Path, previous: &[Loaded], named: &HashSet<String>) -> Option<Vec<usize>> {
    let known: HashMap<&str, usize> = previous
        .iter()
        .enumerate()
        .map(|(i, (s, _))| (s.content_rel.as_str(), i))
        .collect();
    named
        .iter()
        .map(|rel| {
            let i = *known.get(rel.as_str())?;
            std::fs::symlink_metadata(root.join(CONTENT_DIR).join(rel))
                .is_ok_and(|m| m.is_file())
                .then_some(i)
        })
        .collect()
}

/// `loaded` with the files at `indices` read again; `None` if one has gone
/// unreadable since it was saved (a full load says why).
fn reread(mut loaded: Vec<Loaded>, indices: Vec<usize>) -> Option<Vec<Loaded>> {
    let mut scratch = Diagnostics::new();
    for i in indices {
        let (source, _) = &loaded[i];
        let fresh = read_one(
            source.abs.clone(),
            source.content_rel.clone(),
            source.kind,
            None,
        );
        match fresh {
            Ok(fresh) => loaded[i] = fresh,
            Err(d) => scratch.push(d),
        }
    }
    scratch.is_empty().then_some(loaded)
}

/// Every file under `ROOT/content` that is not hidden or an editor's scratch file, in
/// file-name order: (absolute path, path under `content/`, kind). `None` if there is
/// no `content/` folder.
fn walk(root: &Path, bounds: &Bounds, diags: &mut Diagnostics) -> Option<Vec<Found>> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        diags.push(Diagnostic::error(
            CONTENT_DIR,
            "there is no `content/` folder: put the site's pages in ROOT/content/ (or pass --root)",
        ));
        return None;
    }
    let (files, problems) =
        crate::walk::files(&content, bounds, |name, _| crate::walk::is_scratch(name));
    for p in problems {
        diags.push(Diagnostic::error(rel_to(root, &p.path), p.message));
    }
    let mut found = Vec::new();
    for file in files {
        let path = file.path;
        let kind = kind_of(&path);
        let Ok(content_rel) = path.strip_prefix(&content) else {
            continue;
        };
        found.push((path.clone(), slashed(content_rel), kind));
    }
    Some(found)
}

/// Reads the files `walk` found, in parallel, keeping their order; those in `given`
/// are taken from it instead.
fn read_all(
    found: Vec<Found>,
    given: &mut HashMap<PathBuf, Vec<u8>>,
    diags: &mut Diagnostics,
) -> Vec<Loaded> {
    let found: Vec<(Found, Option<Vec<u8>>)> = found
        .into_iter()
        .map(|f| {
            let bytes = given.remove(&f.0);
            (f, bytes)
        })
        .collect();
    let read: Vec<Result<Loaded, Diagnostic>> = found
        .into_par_iter()
        .map(|((abs, content_rel, kind), bytes)| read_one(abs, content_rel, kind, bytes))
        .collect();
    let mut sources = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(s) => sources.push(s),
            Err(d) => diags.push(d),
        }
    }
    sources
}

/// Reads one source, unless its bytes are given (then it has no size and time: only `serve`
/// uses them, and it never gives bytes).
fn read_one(
    abs: PathBuf,
    content_rel: String,
    kind: SourceKind,
    given: Option<Vec<u8>>,
) -> Result<Loaded, Diagnostic> {
    let rel = format!("{CONTENT_DIR}/{content_rel}");
    // Taken before reading: if the file changes while we read, the next load sees
    // a different size or time and reads it again.
    let st = if given.is_some() { None } else { observe(&abs) };
    let mut bom = false;
    let mut undecoded = None;
    let text = if kind == SourceKind::Asset {
        String::new()
    } else {
        let bytes = match given {
            Some(bytes) => bytes,
            None => std::fs::read(&abs)
                .map_err(|e| Diagnostic::error(&rel, format!("cannot be read: {e}")))?,
        };
        // A table in another encoding is explained where a dataset reads it.
        let bytes = match (kind, String::from_utf8(bytes)) {
            (SourceKind::Table, Err(e)) => {
                undecoded = Some(e.into_bytes().into());
                Ok(String::new())
            }
            (_, text) => text,
        };
        let text = bytes.map_err(|e| {
            let (line, col) = crate::diagnostics::line_col(
                &String::from_utf8_lossy(e.as_bytes()),
                e.utf8_error().valid_up_to(),
            );
            Diagnostic::error(&rel, "is not UTF-8 text: save it as UTF-8 in your editor")
                .at(line, col)
        })?;
        // A byte-order mark is invisible in editors; it must not break front matter.
        match text.strip_prefix('\u{feff}') {
            Some(rest) => {
                bom = true;
                rest.to_string()
            }
            None => text,
        }
    };
    Ok((
        Source {
            rel,
            content_rel,
            kind,
            text: text.into(),
            bom,
            undecoded,
            abs,
            findings: Arc::default(),
        },
        st,
    ))
}

/// A path relative to `base`, with `/` separators whatever the platform.
pub fn rel_to(base: &Path, path: &Path) -> String {
    slashed(path.strip_prefix(base).unwrap_or(path))
}

fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
