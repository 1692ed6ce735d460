//! Walking `content/` and reading its files.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

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
}

/// One file of `content/`.
#[derive(Debug)]
pub struct Source {
    /// Path relative to the site root, with `/` separators (`content/training/a.md`):
    /// what diagnostics show.
    pub rel: String,
    /// Path relative to `content/` (`training/a.md`): what links resolve against.
    pub content_rel: String,
    pub kind: SourceKind,
    /// The text of pages and data documents; empty for assets.
    pub text: String,
    pub abs: PathBuf,
}

/// Files an editor leaves while saving, and files hidden on purpose.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

/// Walks `ROOT/content` and reads every page and data document, in parallel.
/// Symbolic links are followed; a link that loops back is reported, not followed.
pub fn load_sources(root: &Path, diags: &mut Diagnostics) -> Vec<Source> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        diags.push(Diagnostic::error(
            CONTENT_DIR,
            "there is no `content/` folder: put the site's pages in ROOT/content/ (or pass --root)",
        ));
        return Vec::new();
    }
    let mut found = Vec::new();
    let walker = WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let at = e
                    .path()
                    .map(|p| rel_to(root, p))
                    .unwrap_or_else(|| CONTENT_DIR.to_string());
                let message = if e.loop_ancestor().is_some() {
                    "this symbolic link loops back to a folder that contains it: it was skipped; point it elsewhere or remove it".to_string()
                } else {
                    format!(
                        "cannot be read: {}",
                        e.io_error()
                            .map_or_else(|| e.to_string(), |io| io.to_string())
                    )
                };
                diags.push(Diagnostic::error(at, message));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let kind = match path.extension().and_then(|e| e.to_str()) {
            Some("md") => SourceKind::Page,
            Some("yaml" | "yml") => SourceKind::Data,
            _ => SourceKind::Asset,
        };
        let Ok(content_rel) = path.strip_prefix(&content) else {
            continue;
        };
        found.push((path.to_path_buf(), slashed(content_rel), kind));
    }

    let read: Vec<Result<Source, Diagnostic>> = found
        .into_par_iter()
        .map(|(abs, content_rel, kind)| {
            let rel = format!("{CONTENT_DIR}/{content_rel}");
            let text = if kind == SourceKind::Asset {
                String::new()
            } else {
                let bytes = std::fs::read(&abs)
                    .map_err(|e| Diagnostic::error(&rel, format!("cannot be read: {e}")))?;
                let text = String::from_utf8(bytes).map_err(|e| {
                    let (line, col) = crate::diagnostics::line_col(
                        &String::from_utf8_lossy(e.as_bytes()),
                        e.utf8_error().valid_up_to(),
                    );
                    Diagnostic::error(&rel, "is not UTF-8 text: save it as UTF-8 in your editor")
                        .at(line, col)
                })?;
                // A byte-order mark is invisible in editors; it must not break front matter.
                text.strip_prefix('\u{feff}')
                    .map(str::to_string)
                    .unwrap_or(text)
            };
            Ok(Source {
                rel,
                content_rel,
                kind,
                text,
                abs,
            })
        })
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
