//! Where a build's files go as they are rendered, and writing the output folder safely.
//!
//! - A build keeps each file as soon as it is rendered: `serve` keeps the bytes in
//!   memory; `check` keeps only sizes and digests; `build` compares the bytes with the
//!   output folder and stages those that differ, so a site never has to fit in memory.
//! - Only once the whole site has rendered does [`commit`] put the staged files in
//!   place, all or nothing; a build that fails before leaves the output as it was.
//! - Every change to the output goes through [`confined::Dir`], which cannot reach
//!   outside the folder and never follows a link.
//! - What safeguard wrote is recorded outside the output ([`state`], [`record`]); it
//!   replaces or removes only what the record names, and refuses a folder of files it
//!   has no record of.

mod commit;
pub mod confined;
mod record;
pub mod state;

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

pub use confined::FileState;
use confined::{Kind, RelPath};
pub use state::{OWN_PREFIX, STATE_DIR, Target};

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

/// A look at each file kept: its output path, its bytes, and what a reader gets of
/// it as text where the bytes do not say it plainly (a PDF's text, which the PDF
/// holds compressed); `false` keeps the file out of the output folder (and its work
/// folders) until commit, when a sound build stages it after all. Called from many
/// threads.
pub type Inspector = Box<dyn Fn(&str, &[u8], Option<&str>) -> bool + Send + Sync>;

/// One file of a plan.
pub struct Kept {
    len: usize,
    held: Held,
    /// Staged to replace what the output folder holds; otherwise the folder holds
    /// these very bytes already.
    staged: bool,
    /// The staged file's size and modification time as written, for the build
    /// stamp (a rename into place keeps both).
    written: Option<FileState>,
    /// Kept back by the inspector: staged only at commit.
    deferred: Option<Bytes>,
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
    target: Arc<Target>,
    /// Files that could not be staged, and why.
    failures: Mutex<Vec<String>>,
    /// Folders of the staging folder made so far (it starts empty): a file in one
    /// is written in one call, not after a failed try and the folder's making.
    folders: Mutex<rustc_hash::FxHashSet<RelPath>>,
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

    /// A plan that stages every file that differs from what the output folder holds,
    /// to be put in place by [`Plan::commit`].
    pub fn staged(target: Arc<Target>) -> Plan {
        Plan {
            files: BTreeMap::new(),
            store: Store::Disk(Staging {
                target,
                failures: Mutex::new(Vec::new()),
                folders: Mutex::default(),
            }),
            inspector: None,
        }
    }

    /// Keeps one file of the plan; safe to call from many threads at once. Insert
    /// what it returns with [`Plan::insert`]. A file that cannot be staged is
    /// reported by [`Plan::failure`].
    pub fn keep(&self, path: &str, bytes: Bytes) -> Kept {
        self.keep_read(path, bytes, None)
    }

    /// Keeps a file whose text a reader gets is `text` (a PDF's), which the
    /// inspector reads instead of its bytes.
    pub fn keep_read(&self, path: &str, bytes: Bytes, text: Option<&str>) -> Kept {
        let clean = self
            .inspector
            .as_ref()
            .is_none_or(|inspect| inspect(path, &bytes, text));
        let len = bytes.len();
        if !clean && let Store::Disk(_) = &self.store {
            return Kept {
                len,
                held: Held::Digest(Sha256::digest(&bytes).into()),
                staged: false,
                written: None,
                deferred: Some(bytes),
            };
        }
        let (held, (staged, written)) = match &self.store {
            Store::Memory => (Held::Bytes(bytes), (false, None)),
            Store::Digests => (Held::Digest(Sha256::digest(&bytes).into()), (false, None)),
            Store::Disk(st) => (
                Held::Digest(Sha256::digest(&bytes).into()),
                st.stage(path, &bytes),
            ),
        };
        Kept {
            len,
            held,
            staged,
            written,
            deferred: None,
        }
    }

    /// Has `inspect` see every file kept from now on.
    pub fn set_inspector(&mut self, inspect: Inspector) {
        self.inspector = Some(inspect);
    }

    /// Adds a kept file, replacing any of the same path.
    pub fn insert(&mut self, path: String, kept: Kept) {
        match self.files.entry(path) {
            Entry::Vacant(slot) => {
                slot.insert(kept);
            }
            Entry::Occupied(mut slot) => {
                let staged = kept.staged;
                let old = slot.insert(kept);
                if old.staged
                    && !staged
                    && let Store::Disk(st) = &self.store
                    && let Ok(rel) = RelPath::new(slot.key())
                {
                    // The file it replaced was staged; these bytes are the output's
                    // already.
                    let _ = st.target.staging.remove_file(&rel);
                }
            }
        }
    }

    /// Adds many kept files, as [`Plan::insert`] does one by one. Into an empty plan
    /// they go in one sorted pass (a large site's pages, built into a tree at once
    /// rather than found a place each).
    pub fn insert_all(&mut self, mut files: Vec<(String, Kept)>) {
        if !self.files.is_empty() {
            for (path, kept) in files {
                self.insert(path, kept);
            }
            return;
        }
        // Stable, so of two files at one path the later still wins, as `insert` has it.
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let mut kept: Vec<(String, Kept)> = Vec::with_capacity(files.len());
        let mut again = Vec::new();
        for file in files {
            match kept.last() {
                Some(last) if last.0 == file.0 => again.push(file),
                _ => kept.push(file),
            }
        }
        self.files = kept.into_iter().collect();
        for (path, file) in again {
            self.insert(path, file);
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

    /// Every path, in order, with the size and modification time of the file this
    /// build wrote there, where it wrote one (see [`Kept`]).
    pub fn written(&self) -> impl Iterator<Item = (&String, Option<FileState>)> {
        self.files.iter().map(|(p, k)| (p, k.written))
    }

    /// Every file, in order.
    pub fn files(&self) -> &BTreeMap<String, Kept> {
        &self.files
    }

    /// Why files could not be staged, if any could not.
    pub fn failure(&self) -> Option<String> {
        match &self.store {
            Store::Disk(st) => {
                let mut all = st
                    .failures
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .clone();
                all.sort();
                all.dedup();
                match all.len() {
                    0 => None,
                    1 => all.pop(),
                    n => {
                        let more = if n > 10 {
                            format!("; and {} more", n - 10)
                        } else {
                            String::new()
                        };
                        all.truncate(10);
                        Some(format!("{}{more}", all.join("\n")))
                    }
                }
            }
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

    /// Puts the staged files in place and removes the files we wrote before and no
    /// longer make, all or nothing (see [`commit`]). For a plan that was not staged,
    /// only counts.
    pub fn commit(mut self) -> Result<WriteReport, OutputError> {
        // What the inspector kept back, now that the build is known to be sound.
        if let Store::Disk(st) = &self.store {
            for (path, kept) in self.files.iter_mut() {
                if let Some(bytes) = kept.deferred.take() {
                    (kept.staged, kept.written) = st.stage(path, &bytes);
                }
            }
        }
        let Store::Disk(st) = &self.store else {
            let written = self.files.values().filter(|k| k.staged).count();
            return Ok(WriteReport {
                written,
                unchanged: self.files.len() - written,
                removed: 0,
            });
        };
        if let Some(f) = self.failure() {
            return Err(OutputError(f));
        }
        let mut files = BTreeMap::new();
        for (path, kept) in &self.files {
            let rel = RelPath::new(path)
                .map_err(|e| OutputError(format!("safeguard cannot write {}", e.0)))?;
            let Held::Digest(digest) = &kept.held else {
                unreachable!("a staged plan keeps digests")
            };
            files.insert(
                rel,
                commit::NewFile {
                    written: record::Written {
                        len: kept.len as u64,
                        sha256: crate::digest::hex(digest),
                    },
                    staged: kept.staged,
                },
            );
        }
        commit::commit(&st.target, &files, &commit::Faults::from_env())
    }
}

impl Staging {
    /// Stages `bytes` for `path` unless the output holds them already: whether it did,
    /// and the staged file's size and modification time if it was written.
    fn stage(&self, path: &str, bytes: &[u8]) -> (bool, Option<FileState>) {
        let target = &self.target;
        let rel = match RelPath::new(path) {
            Ok(r) => r,
            Err(e) => {
                self.fail(format!(
                    "safeguard cannot write {}: it is not a plain path inside the output folder",
                    e.0
                ));
                return (true, None);
            }
        };
        if !target.was_empty {
            if target.previous.files.contains_key(&rel) {
                if target.dir.holds(&rel, bytes) {
                    return (false, None);
                }
            } else {
                match target.dir.kind(&rel) {
                    // A new file: nothing of anyone else's may be on its way.
                    Ok(None) => {
                        if let Some(blocked) = rel.prefixes().find(|p| {
                            p != &rel
                                && !target.previous.files.contains_key(p)
                                && matches!(target.dir.kind(p), Ok(Some(Kind::File | Kind::Other)) | Err(_))
                        }) {
                            self.fail(format!(
                                "{} is in the way: safeguard did not write it and needs a folder there; move it out of the output folder",
                                target.shown.join(blocked.as_str()).display()
                            ));
                        }
                    }
                    // A folder of files we wrote is going: a page became a file.
                    Ok(Some(Kind::Dir)) if self.only_ours(&rel) => {}
                    Ok(Some(_)) => self.fail(format!(
                        "{} is in the way: safeguard did not write it and will not replace it; move it out of the output folder",
                        target.shown.join(path).display()
                    )),
                    Err(e) if confined::is_link_on_the_way(&e) => self.fail(format!(
                        "{} is in the way: a folder on its way is a link, and safeguard never writes through a link; move it out of the output folder",
                        target.shown.join(path).display()
                    )),
                    Err(e) => self.fail(format!("cannot read {}: {e}", target.shown.join(path).display())),
                }
            }
        }
        if let Some(parent) = rel.parent() {
            self.folder(&parent);
        }
        // A file kept twice (a site's style sheet over the theme's) replaces the first.
        let mut staged = target.staging.write_new_stated(&rel, bytes);
        if staged
            .as_ref()
            .is_err_and(|e| e.kind() == std::io::ErrorKind::AlreadyExists)
        {
            staged = target
                .staging
                .remove_file(&rel)
                .and_then(|()| target.staging.write_new_stated(&rel, bytes));
        }
        match staged {
            Ok(written) => (true, Some(written)),
            Err(e) => {
                self.fail(format!(
                    "cannot write {}: {e}",
                    target.staging_path.join(path).display()
                ));
                (true, None)
            }
        }
    }

    /// Makes the staging folder `dir` unless it was made already. A failure is left
    /// to the write after it, which tries again and reports it.
    fn folder(&self, dir: &RelPath) {
        let lock = || self.folders.lock().unwrap_or_else(|p| p.into_inner());
        if lock().contains(dir) {
            return;
        }
        if self.target.staging.create_dirs(dir).is_ok() {
            lock().extend(dir.prefixes());
        }
    }

    /// Whether every file under `dir` (in the output) is one we wrote.
    fn only_ours(&self, dir: &RelPath) -> bool {
        let Ok(entries) = self.target.dir.list(Some(dir)) else {
            return false;
        };
        entries.iter().all(|(name, kind)| {
            let Ok(p) = RelPath::new(&format!("{dir}/{name}")) else {
                return false;
            };
            match kind {
                Kind::Dir => self.only_ours(&p),
                Kind::File => self.target.previous.files.contains_key(&p),
                Kind::Other => false,
            }
        })
    }

    fn fail(&self, why: String) {
        self.failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(why);
    }
}
