//! Where a build's files go as they are rendered, and writing the output folder safely.
//!
//! - A build keeps each file as soon as it is rendered: `serve` keeps the bytes in
//!   memory; `check` keeps only sizes and digests; `build` compares the bytes with the
//!   output folder and stages those that differ in `.safeguard-staging/` inside it, so
//!   a site never has to fit in memory at once.
//! - Only once the whole site has rendered are staged files moved into place (a
//!   folder that is new moves in one rename). A build that fails removes its staging
//!   folder, so the output stays exactly as it was.
//! - A manifest of what we wrote is kept in the folder; files we wrote before and no
//!   longer make are removed; nothing else is ever deleted or overwritten.
//! - A folder that holds files but no manifest is not ours: it is refused.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

/// How the names of safeguard's own files in the output folder begin (the manifest,
/// the staging folder, the build stamp): no site file may have such a name.
pub const OWN_PREFIX: &str = ".safeguard-";
/// The manifest of files this tool wrote, one path per line, inside the output folder.
pub const MANIFEST: &str = ".safeguard-output";
const MANIFEST_HEADER: &str =
    "# Files written by safeguard. Do not edit: it decides what safeguard may replace or remove.";
/// Where a build stages the files it changes, inside the output folder (so that moving
/// them into place is a rename). Only safeguard writes here; a build that was stopped
/// may leave it behind, and the next build removes it.
pub const STAGING: &str = ".safeguard-staging";

/// The bytes of one output file, shared: `serve` keeps unchanged pages from one
/// rebuild to the next without copying them, and sees at a glance which are new.
pub type Bytes = std::sync::Arc<[u8]>;

/// A whole site in memory, as `serve` holds it: output-relative path (with `/`) →
/// bytes.
pub type Files = BTreeMap<String, Bytes>;

#[derive(Debug, Default)]
pub struct WriteReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Why the output folder cannot be written.
#[derive(Debug)]
pub struct OutputError(pub String);

/// Every file of a build, sorted by path (so the manifests are deterministic), each
/// kept as the plan's store keeps it.
pub struct Plan {
    files: BTreeMap<String, Kept>,
    store: Store,
    /// Sees every file as it is kept, before it can reach the output (the
    /// personal-data gate of a public build).
    inspector: Option<Inspector>,
}

/// A look at each file kept: its output path and bytes. Called from many threads.
pub type Inspector = Box<dyn Fn(&str, &[u8]) + Send + Sync>;

/// One file of a plan.
pub struct Kept {
    len: usize,
    held: Held,
    /// Staged to replace what the output folder holds; otherwise the folder holds
    /// these very bytes already.
    staged: bool,
}

/// What a plan holds of a file.
pub enum Held {
    /// The bytes (a plan kept in memory).
    Bytes(Bytes),
    /// The SHA-256, worked out as the file was kept (its bytes were not).
    Digest([u8; 32]),
}

impl Kept {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn held(&self) -> &Held {
        &self.held
    }
}

enum Store {
    Memory,
    Digests,
    Disk(Staging),
}

struct Staging {
    output: PathBuf,
    dir: PathBuf,
    /// What the manifest listed before this build.
    previous: BTreeSet<String>,
    /// The output folder held nothing: no file can be in the way or already the same.
    was_empty: bool,
    /// The output folder did not exist before this build.
    created: bool,
    /// The first file that could not be kept, and why.
    failure: Mutex<Option<String>>,
    committed: bool,
}

impl Plan {
    /// A plan that keeps every file's bytes (`serve`).
    pub fn in_memory() -> Plan {
        Plan {
            files: BTreeMap::new(),
            store: Store::Memory,
            inspector: None,
        }
    }

    /// A plan that keeps only each file's size and digest (`check`).
    pub fn digests_only() -> Plan {
        Plan {
            files: BTreeMap::new(),
            store: Store::Digests,
            inspector: None,
        }
    }

    /// A plan that stages every file that differs from what `output` holds, to be
    /// moved into place by [`Plan::commit`]. Call [`check_folder`] first.
    pub fn staged(output: &Path) -> Result<Plan, OutputError> {
        let created = !output.exists();
        std::fs::create_dir_all(output).map_err(|e| io("create", output, e))?;
        let dir = output.join(STAGING);
        // Left by a build that was stopped before it finished.
        match std::fs::remove_dir_all(&dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(io("remove", &dir, e));
            }
            _ => {}
        }
        let was_empty = std::fs::read_dir(output)
            .map_err(|e| io("read", output, e))?
            .next()
            .is_none();
        Ok(Plan {
            files: BTreeMap::new(),
            store: Store::Disk(Staging {
                output: output.to_path_buf(),
                dir,
                previous: read_manifest(output),
                was_empty,
                created,
                failure: Mutex::new(None),
                committed: false,
            }),
            inspector: None,
        })
    }

    /// Keeps one file of the plan; safe to call from many threads at once. Insert
    /// what it returns with [`Plan::insert`]. A file that cannot be staged is
    /// reported by [`Plan::failure`].
    pub fn keep(&self, path: &str, bytes: Bytes) -> Kept {
        if let Some(inspect) = &self.inspector {
            inspect(path, &bytes);
        }
        let len = bytes.len();
        let (held, staged) = match &self.store {
            Store::Memory => (Held::Bytes(bytes), false),
            Store::Digests => (Held::Digest(Sha256::digest(&bytes).into()), false),
            Store::Disk(st) => (
                Held::Digest(Sha256::digest(&bytes).into()),
                st.stage(path, &bytes),
            ),
        };
        Kept { len, held, staged }
    }

    /// Has `inspect` see every file kept from now on.
    pub fn set_inspector(&mut self, inspect: Inspector) {
        self.inspector = Some(inspect);
    }

    /// Adds a kept file, replacing any of the same path.
    pub fn insert(&mut self, path: String, kept: Kept) {
        let staged = kept.staged;
        if let Some(old) = self.files.insert(path.clone(), kept)
            && old.staged
            && !staged
            && let Store::Disk(st) = &self.store
        {
            // The file it replaces was staged; these bytes are the output's already.
            let _ = std::fs::remove_file(st.dir.join(&path));
        }
    }

    /// Keeps and inserts one file.
    pub fn put(&mut self, path: String, bytes: Bytes) {
        let kept = self.keep(&path, bytes);
        self.insert(path, kept);
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Every path, in order.
    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.files.keys()
    }

    /// Every file, in order.
    pub fn files(&self) -> &BTreeMap<String, Kept> {
        &self.files
    }

    /// Why a file could not be staged, if one could not.
    pub fn failure(&self) -> Option<String> {
        match &self.store {
            Store::Disk(st) => st.failure.lock().unwrap_or_else(|p| p.into_inner()).clone(),
            _ => None,
        }
    }

    /// The site in memory, for a plan made by [`Plan::in_memory`] (empty otherwise).
    pub fn into_files(mut self) -> Files {
        std::mem::take(&mut self.files)
            .into_iter()
            .filter_map(|(path, kept)| match kept.held {
                Held::Bytes(bytes) => Some((path, bytes)),
                Held::Digest(_) => None,
            })
            .collect()
    }

    /// Moves the staged files into place, removes the files we wrote before and no
    /// longer make, and records what the folder now holds. For a plan that was not
    /// staged, only counts.
    pub fn commit(mut self) -> Result<WriteReport, OutputError> {
        let written = self.files.values().filter(|k| k.staged).count();
        let mut report = WriteReport {
            written,
            unchanged: self.files.len() - written,
            removed: 0,
        };
        let Store::Disk(st) = &mut self.store else {
            return Ok(report);
        };
        if let Some(f) = st.failure.lock().unwrap_or_else(|p| p.into_inner()).take() {
            return Err(OutputError(f));
        }
        let output = st.output.clone();
        let now: BTreeSet<String> = self.files.keys().cloned().collect();

        // Record the union first: if we are stopped half way, every file on disk that
        // we wrote is still listed, so the next build may replace or remove it.
        let mut union = st.previous.clone();
        union.extend(now.iter().cloned());
        if union != st.previous {
            write_manifest(&output, &union).map_err(|e| io("write", &output.join(MANIFEST), e))?;
        }

        // Remove what we wrote before and no longer make, and folders that leaves
        // empty, before new files move in (a page may become a folder).
        let mut dirs = BTreeSet::new();
        for stale in st.previous.difference(&now) {
            let target = output.join(stale);
            match std::fs::remove_file(&target) {
                Ok(()) => report.removed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io("remove", &target, e)),
            }
            let mut dir = Path::new(stale).parent();
            while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
                dirs.insert(d.to_path_buf());
                dir = d.parent();
            }
        }
        // Deepest first; `remove_dir` only removes empty folders, so foreign files stay.
        for d in dirs.iter().rev() {
            let _ = std::fs::remove_dir(output.join(d));
        }

        if written > 0 {
            move_into(&st.dir, &output)?;
        }
        st.committed = true;
        let _ = std::fs::remove_dir_all(&st.dir);
        if now != union {
            write_manifest(&output, &now).map_err(|e| io("write", &output.join(MANIFEST), e))?;
        }
        Ok(report)
    }
}

impl Staging {
    /// Stages `bytes` for `path` unless the output holds them already; whether it did.
    fn stage(&self, path: &str, bytes: &[u8]) -> bool {
        let target = self.output.join(path);
        if !self.was_empty {
            if self.previous.contains(path) {
                if let Ok(meta) = std::fs::metadata(&target)
                    && meta.len() == bytes.len() as u64
                    && std::fs::read(&target).is_ok_and(|old| *old == *bytes)
                {
                    return false;
                }
            } else if std::fs::symlink_metadata(&target)
                .is_ok_and(|meta| !meta.is_dir() || !self.only_ours(&target))
            {
                // Refuse to replace a file we did not write (an author's own file). A
                // folder of files we wrote is going: a page became a file.
                self.fail(format!(
                    "{} is in the way: safeguard did not write it and will not replace it; move it out of the output folder",
                    target.display()
                ));
                return true;
            }
        }
        let staged = self.dir.join(path);
        let write = || -> std::io::Result<()> {
            if let Some(dir) = staged.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::File::create(&staged)?.write_all(bytes)
        };
        if let Err(e) = write() {
            self.fail(format!("cannot write {}: {e}", staged.display()));
        }
        true
    }

    /// Whether every file under `dir` (in the output) is one we wrote.
    fn only_ours(&self, dir: &Path) -> bool {
        walkdir::WalkDir::new(dir).into_iter().all(|entry| {
            entry.is_ok_and(|e| {
                e.file_type().is_dir()
                    || e.path().strip_prefix(&self.output).is_ok_and(|rel| {
                        rel.to_str()
                            .is_some_and(|rel| self.previous.contains(&rel.replace('\\', "/")))
                    })
            })
        })
    }

    fn fail(&self, why: String) {
        self.failure
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get_or_insert(why);
    }
}

impl Drop for Plan {
    /// A plan dropped before it was committed is a build that failed: its staged
    /// files go, and the output folder if the build made it.
    fn drop(&mut self) {
        if let Store::Disk(st) = &self.store
            && !st.committed
        {
            let _ = std::fs::remove_dir_all(&st.dir);
            if st.created {
                let _ = std::fs::remove_dir(&st.output);
            }
        }
    }
}

/// Moves everything under `from` into `to`: an entry `to` lacks moves in one rename
/// (a whole new folder at once); a folder both have is merged, in parallel.
fn move_into(from: &Path, to: &Path) -> Result<(), OutputError> {
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(from)
        .and_then(|d| d.collect())
        .map_err(|e| io("read", from, e))?;
    entries.par_iter().try_for_each(|entry| {
        let source = entry.path();
        let target = to.join(entry.file_name());
        let is_dir = entry
            .file_type()
            .map_err(|e| io("read", &source, e))?
            .is_dir();
        if is_dir {
            match std::fs::symlink_metadata(&target) {
                Ok(meta) if meta.is_dir() => return move_into(&source, &target),
                Ok(_) => {
                    return Err(OutputError(format!(
                        "{} is in the way: safeguard needs a folder there; move it out of the output folder",
                        target.display()
                    )));
                }
                Err(_) => {}
            }
        }
        std::fs::rename(&source, &target).map_err(|e| io("write", &target, e))
    })
}

fn io(what: &str, p: &Path, e: std::io::Error) -> OutputError {
    OutputError(format!("cannot {what} {}: {e}", p.display()))
}

/// Checks, before anything is rendered, that `output` may be written by us.
pub fn check_folder(output: &Path, root: &Path) -> Result<(), OutputError> {
    let out = absolute(output);
    let root = absolute(root);
    if root.starts_with(&out) {
        return Err(OutputError(format!(
            "the output folder {} contains the site itself: choose a folder of its own, like {}",
            output.display(),
            root.join("output").display()
        )));
    }
    for source_dir in ["content", "templates", "themes", "static"] {
        if out.starts_with(root.join(source_dir)) {
            return Err(OutputError(format!(
                "the output folder {} is inside the site's {source_dir}/ folder: choose a folder outside it",
                output.display()
            )));
        }
    }
    if out.exists() && !out.is_dir() {
        return Err(OutputError(format!(
            "{} exists and is not a folder",
            output.display()
        )));
    }
    if out.is_dir() && !out.join(MANIFEST).is_file() {
        let entries = std::fs::read_dir(&out).map_err(|e| {
            OutputError(format!(
                "cannot read the output folder {}: {e}",
                output.display()
            ))
        })?;
        // A first build that was stopped leaves only its staging folder.
        if entries
            .filter_map(Result::ok)
            .any(|e| e.file_name() != STAGING)
        {
            return Err(OutputError(format!(
                "the output folder {} holds files that safeguard did not write, and safeguard never deletes or replaces what it did not write: empty it, or choose another with --output",
                output.display()
            )));
        }
    }
    Ok(())
}

fn absolute(p: &Path) -> PathBuf {
    let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    // Resolve links where the path exists, so two spellings of one folder compare equal.
    p.canonicalize().unwrap_or(p)
}

fn read_manifest(output: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(output.join(MANIFEST))
        .map(|text| {
            text.lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn write_manifest(output: &Path, paths: &BTreeSet<String>) -> std::io::Result<()> {
    let mut text = String::from(MANIFEST_HEADER);
    text.push('\n');
    for p in paths {
        text.push_str(p);
        text.push('\n');
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".sg-")
        .tempfile_in(output)?;
    tmp.write_all(text.as_bytes())?;
    tmp.persist(output.join(MANIFEST)).map_err(|e| e.error)?;
    Ok(())
}
