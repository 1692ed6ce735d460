//! The build stamp: what the output folder was last built from, so that building
//! again with nothing changed costs reading the sources, not rendering the site.
//!
//! `stamp.json` in the output's state folder (beside safeguard's record of what it
//! wrote, outside the output) holds a hash of every input (each file
//! under `content/`, `templates/`, `static/` and `themes/`, `site.yaml`, the options,
//! the as-of date and the binary itself), the warnings and counts the build reported,
//! and the size and modification time of every file it wrote. A build whose inputs
//! hash the same, into a folder whose files are all as written, reports the same and
//! does nothing else. Anything else — an edited or new source, a changed option, a new
//! safeguard, an output file touched or deleted — builds in full.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::output::Target;
use crate::output::confined::RelPath;
use crate::walk::Bounds;

const STAMP: &str = "stamp.json";

/// The folders of the site root whose files are inputs, beside `site.yaml`.
const INPUT_DIRS: [&str; 4] = ["content", "templates", "static", "themes"];

#[derive(Serialize, Deserialize)]
struct Stamp {
    version: u32,
    inputs: String,
    said: Said,
    /// Every file written: path, size, modification time (ns since the epoch).
    outputs: Vec<(String, u64, u128)>,
}

/// What a build reported, to report again when nothing changed.
#[derive(Serialize, Deserialize)]
pub struct Said {
    /// The warnings the build printed, as printed, and how many.
    pub warnings: usize,
    pub report: String,
    pub pages: usize,
    pub sections: usize,
    pub files: usize,
    pub withheld: usize,
}

const VERSION: u32 = 1;

/// The inputs of a build, hashed.
pub struct Inputs {
    pub hash: String,
    /// The bytes of each source the loader reads (by absolute path), so that a full
    /// build reads each file once.
    pub read: HashMap<PathBuf, Vec<u8>>,
}

/// A hash of every input of a build, or `None` if any cannot be read (the build will
/// say why).
pub fn inputs(
    root: &Path,
    config: &crate::config::SiteConfig,
    bounds: &Bounds,
    options: &str,
) -> Option<Inputs> {
    let mut files: Vec<PathBuf> = Vec::new();
    for name in INPUT_DIRS {
        let dir = root.join(name);
        if !dir.exists() {
            continue;
        }
        // Only the files a build would read, left out as the build leaves them out (an
        // editor's swap file changes nothing): a link leaving the site, or any other
        // problem, means a full build, which says what is wrong.
        let skip: fn(&str, bool) -> bool = match name == crate::content::source::CONTENT_DIR {
            true => |name, _| crate::walk::is_scratch(name),
            false => crate::walk::is_scratch_file,
        };
        let (found, problems) = crate::walk::files(&dir, bounds, skip);
        if !problems.is_empty() {
            return None;
        }
        files.extend(found.into_iter().map(|f| f.path));
    }
    files.sort();
    let content = root.join(crate::content::source::CONTENT_DIR);
    let read: Vec<([u8; 32], Option<Vec<u8>>)> = files
        .par_iter()
        .map(|p| {
            let bytes = std::fs::read(p).ok()?;
            let digest = Sha256::digest(&bytes).into();
            let keep = p.starts_with(&content) && crate::content::source::is_read(p);
            Some((digest, keep.then_some(bytes)))
        })
        .collect::<Option<_>>()?;
    let mut all = Sha256::new();
    all.update(concat!("safeguard ", env!("CARGO_PKG_VERSION"), "\n"));
    // A rebuilt binary may render differently under the same version number.
    if let Some(meta) = std::env::current_exe().ok().and_then(|e| e.metadata().ok()) {
        all.update(format!("{} {:?}\n", meta.len(), meta.modified().ok()));
    }
    all.update(options.as_bytes());
    // `site.yaml` as the build read it.
    all.update(crate::config::CONFIG_FILE.as_bytes());
    all.update([0]);
    all.update(Sha256::digest(config.text.as_bytes()));
    let mut kept = HashMap::new();
    for (path, (digest, bytes)) in files.into_iter().zip(read) {
        all.update(
            path.strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .as_bytes(),
        );
        all.update([0]);
        all.update(digest);
        if let Some(bytes) = bytes {
            kept.insert(path, bytes);
        }
    }
    Some(Inputs {
        hash: crate::digest::hex(&all.finalize()),
        read: kept,
    })
}

/// What the last build into `output` said, if its inputs were `inputs` and every
/// file it wrote is still as it was.
pub fn unchanged(target: &Target, inputs: &str) -> Option<Said> {
    let text = target.read_state(STAMP).ok()??;
    let stamp: Stamp = serde_json::from_slice(&text).ok()?;
    if stamp.version != VERSION || stamp.inputs != inputs {
        return None;
    }
    // The stamp vouches only for what the record says was written.
    if stamp.outputs.len() != target.previous.files.len() {
        return None;
    }
    let intact = stamp.outputs.par_iter().all(|(path, len, mtime)| {
        RelPath::new(path).is_ok_and(|p| {
            target.previous.files.contains_key(&p) && file_state(target, &p) == Some((*len, *mtime))
        })
    });
    intact.then_some(stamp.said)
}

fn file_state(target: &Target, path: &RelPath) -> Option<crate::output::FileState> {
    target.dir.len_and_mtime(path).ok().flatten()
}

/// Records a build just written into `output`: its inputs, what it said, and the
/// files it wrote, each with its size and modification time: as the build wrote it
/// where it wrote one (so the stamp vouches for what this build wrote, not for what
/// may have changed since), and as the folder holds it otherwise. A stamp that
/// cannot be written only costs the next build its shortcut.
pub fn save(
    target: &Target,
    inputs: String,
    said: Said,
    paths: Vec<(String, Option<crate::output::FileState>)>,
) {
    let states: Option<Vec<(String, u64, u128)>> = paths
        .into_par_iter()
        .map(|(p, written)| {
            let (len, t) = match written {
                Some(w) => w,
                None => file_state(target, &RelPath::new(&p).ok()?)?,
            };
            Some((p, len, t))
        })
        .collect();
    let Some(outputs) = states else {
        forget(target);
        return;
    };
    let stamp = Stamp {
        version: VERSION,
        inputs,
        said,
        outputs,
    };
    let Ok(json) = serde_json::to_vec(&stamp) else {
        return;
    };
    if target.write_state(STAMP, &json).is_err() {
        forget(target);
    }
}

/// Forgets the last build, before the folder is written: a build that fails halfway
/// must not leave a stamp that vouches for files it changed.
pub fn forget(target: &Target) {
    target.remove_state(STAMP);
}
