//! Where safeguard keeps what it needs between builds into one output folder, and the
//! folder itself, opened once, locked, recovered and judged before anything is
//! rendered.
//!
//! The state lives in `ROOT/.safeguard/outputs/KEY/` (KEY from the output folder's
//! resolved path), never in the output folder, which holds the site and nothing else:
//! `record.json` (what was written there), `stamp.json` (the build stamp),
//! `journal.json` (while a commit is under way), `lock`, and the `staging/` and
//! `backup/` folders a commit moves files through. Those two must be on the output's
//! file system, so that moving is a rename; when `.safeguard/` is not, they are made
//! inside the output folder for the length of one build, under names no site file can
//! have.

use std::fs::File;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use super::OutputError;
use super::commit;
use super::confined::{Dir, Kind, RelPath, shown};
use super::record::{self, Record};

/// The folder of the site root where safeguard keeps its state.
pub const STATE_DIR: &str = ".safeguard";
/// How the names of safeguard's own files in an output folder begin (its work
/// folders, when it must make them there, and the files older versions kept there).
pub const OWN_PREFIX: &str = ".safeguard-";
const STAGING: &str = "staging";
const BACKUP: &str = "backup";
/// The list an earlier safeguard kept in the output folder, and its stamp there.
const LEGACY_MANIFEST: &str = ".safeguard-output";
const LEGACY_STAMP: &str = ".safeguard-build";

/// An output folder, ready to be written: resolved, locked, any interrupted build
/// finished or undone, and what safeguard wrote there before known.
pub struct Target {
    /// As the user named it, for messages.
    pub shown: PathBuf,
    /// Its links resolved.
    pub resolved: PathBuf,
    /// This output's state folder.
    pub state: PathBuf,
    pub dir: Dir,
    pub staging: Dir,
    pub backup: Dir,
    /// Where the work folders are, for the journal: inside the state folder or
    /// inside the output.
    pub work_in_output: bool,
    /// What the last build wrote (empty for a folder new to safeguard).
    pub previous: Record,
    /// The folder held nothing when this build began.
    pub was_empty: bool,
    /// This build made the folder.
    created: bool,
    /// The commit has happened (or was never going to): nothing to tidy on drop.
    pub(super) done: std::sync::atomic::AtomicBool,
    _lock: File,
}

impl Target {
    pub fn record_path(&self) -> PathBuf {
        self.state.join("record.json")
    }

    pub fn journal_path(&self) -> PathBuf {
        self.state.join("journal.json")
    }

    /// Opens `output` for a build of the site at `root`; refuses a folder that is not
    /// safeguard's to write.
    pub fn open(output: &Path, root: &Path) -> Result<Target, OutputError> {
        let root = resolve(root).map_err(|e| {
            OutputError(format!(
                "cannot find the site folder {}: {e}",
                root.display()
            ))
        })?;
        let resolved = resolve(output).map_err(|e| {
            OutputError(format!(
                "cannot find the output folder {}: {e}",
                output.display()
            ))
        })?;
        check_place(output, &resolved, &root)?;

        let state = state_dir(&root, &resolved)?;
        let lock = lock(&state, output)?;

        let created = match std::fs::symlink_metadata(&resolved) {
            Ok(meta) if meta.is_dir() => false,
            Ok(_) => {
                return Err(OutputError(format!(
                    "{} exists and is not a folder: choose another output folder with --output",
                    output.display()
                )));
            }
            Err(_) => {
                std::fs::create_dir_all(&resolved).map_err(|e| {
                    OutputError(format!(
                        "cannot create the output folder {}: {e}",
                        output.display()
                    ))
                })?;
                true
            }
        };
        let dir = Dir::open(&resolved).map_err(|e| {
            OutputError(format!(
                "cannot open the output folder {}: {e}",
                output.display()
            ))
        })?;

        // The work folders must be on the output's file system.
        let same_fs = dir
            .identity()
            .ok()
            .zip(Dir::open(&state).and_then(|d| d.identity()).ok())
            .is_some_and(|((a, _), (b, _))| a == b);
        let work_in_output = !same_fs;
        let (work, work_names) = if work_in_output {
            (
                Dir::open(&resolved),
                [
                    format!("{OWN_PREFIX}{STAGING}"),
                    format!("{OWN_PREFIX}{BACKUP}"),
                ],
            )
        } else {
            (Dir::open(&state), [STAGING.to_string(), BACKUP.to_string()])
        };
        let work =
            work.map_err(|e| OutputError(format!("cannot open {}: {e}", state.display())))?;
        let open_work = |name: &str, fresh: bool| -> Result<Dir, OutputError> {
            let rel = RelPath::new(name).expect("a plain name");
            let at = if work_in_output {
                resolved.join(name)
            } else {
                state.join(name)
            };
            if fresh {
                remove_work(&work, &rel, &at)?;
            }
            match work.create_dir(&rel, 0o700) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(OutputError(format!("cannot create {}: {e}", at.display()))),
            }
            Dir::open(&at).map_err(|e| OutputError(format!("cannot open {}: {e}", at.display())))
        };

        // A commit that was interrupted is finished or undone before anything else.
        let journal = state.join("journal.json");
        if journal.exists() {
            let staging = open_work(&work_names[0], false)?;
            let backup = open_work(&work_names[1], false)?;
            commit::recover(&journal, &state.join("record.json"), &resolved, &dir, &staging, &backup)
                .map_err(|why| OutputError(format!(
                    "a build into {} was interrupted, and safeguard could not put the folder back as it was: {why}. Nothing more was changed. Fix what it names and build again",
                    output.display()
                )))?;
        }
        let staging = open_work(&work_names[0], true)?;
        let backup = open_work(&work_names[1], true)?;

        let entries = dir.list(None).map_err(|e| {
            OutputError(format!(
                "cannot read the output folder {}: {e}",
                output.display()
            ))
        })?;
        let theirs: Vec<&String> = entries
            .iter()
            .map(|(name, _)| name)
            .filter(|name| !(work_in_output && work_names.contains(name)))
            .collect();
        let was_empty = theirs.is_empty();
        let previous =
            match record::read(&state.join("record.json"), &resolved).map_err(OutputError)? {
                Some(r) => r,
                None => legacy(&dir, &resolved, output, &theirs)?,
            };
        Ok(Target {
            shown: output.to_path_buf(),
            resolved,
            state,
            dir,
            staging,
            backup,
            work_in_output,
            previous,
            was_empty,
            created,
            done: std::sync::atomic::AtomicBool::new(false),
            _lock: lock,
        })
    }
}

impl Target {
    /// Empties the work folders, and removes them if they are in the output.
    pub fn tidy(&self) {
        let _ = clear(&self.staging);
        let _ = clear(&self.backup);
        if self.work_in_output {
            for name in [STAGING, BACKUP] {
                let _ = self.dir.remove_empty_dir(
                    &RelPath::new(&format!("{OWN_PREFIX}{name}")).expect("plain"),
                );
            }
        }
    }
}

impl Drop for Target {
    /// A build that did not commit leaves the output as it found it: its work folders
    /// go (unless an interrupted commit's journal still needs them), and the output
    /// folder too if this build made it and it is still empty.
    fn drop(&mut self) {
        if self.done.load(std::sync::atomic::Ordering::SeqCst) || self.journal_path().exists() {
            return;
        }
        self.tidy();
        if self.created {
            let _ = std::fs::remove_dir(&self.resolved);
        }
    }
}

/// Empties one of safeguard's own work folders.
pub fn clear(dir: &Dir) -> std::io::Result<()> {
    fn clear_under(dir: &Dir, at: Option<&RelPath>) -> std::io::Result<()> {
        for (name, kind) in dir.list(at)? {
            let path = match at {
                Some(p) => RelPath::new(&format!("{p}/{name}")),
                None => RelPath::new(&name),
            };
            let Ok(path) = path else { continue };
            if kind == Kind::Dir {
                clear_under(dir, Some(&path))?;
                dir.remove_empty_dir(&path)?;
            } else {
                dir.remove_file(&path)?;
            }
        }
        Ok(())
    }
    clear_under(dir, None)
}

fn remove_work(work: &Dir, rel: &RelPath, at: &Path) -> Result<(), OutputError> {
    match work.kind(rel) {
        Ok(None) => Ok(()),
        Ok(Some(Kind::Dir)) => {
            let d = Dir::open(at)
                .map_err(|e| OutputError(format!("cannot open {}: {e}", at.display())))?;
            clear(&d).map_err(|e| OutputError(format!("cannot empty {}: {e}", at.display())))?;
            work.remove_empty_dir(rel)
                .map_err(|e| OutputError(format!("cannot remove {}: {e}", at.display())))
        }
        Ok(Some(_)) => Err(OutputError(format!(
            "{} is not a folder, and safeguard keeps a folder there: move it away",
            at.display()
        ))),
        Err(e) => Err(OutputError(format!("cannot read {}: {e}", at.display()))),
    }
}

/// A folder without a record: one an earlier safeguard wrote (its list is in the
/// folder), an empty one, or someone else's, which is refused.
fn legacy(
    dir: &Dir,
    resolved: &Path,
    output: &Path,
    theirs: &[&String],
) -> Result<Record, OutputError> {
    if theirs.is_empty() {
        return Ok(Record::default());
    }
    let manifest = RelPath::new(LEGACY_MANIFEST).expect("plain");
    if dir.kind(&manifest).ok().flatten() == Some(Kind::File) {
        let text = dir.read(&manifest).map_err(|e| {
            OutputError(format!(
                "cannot read {}: {e}",
                resolved.join(LEGACY_MANIFEST).display()
            ))
        })?;
        let mut record = record::read_legacy(
            &String::from_utf8_lossy(&text),
            &output.join(LEGACY_MANIFEST),
        )
        .map_err(OutputError)?;
        // The older version's own files go with the next commit.
        for own in [LEGACY_MANIFEST, LEGACY_STAMP] {
            record
                .files
                .insert(RelPath::new(own).expect("plain"), Default::default());
        }
        let old_staging = RelPath::new(".safeguard-staging").expect("plain");
        if dir.kind(&old_staging).ok().flatten() == Some(Kind::Dir) {
            remove_work(dir, &old_staging, &resolved.join(".safeguard-staging"))?;
        }
        return Ok(record);
    }
    Err(OutputError(format!(
        "the output folder {} holds files that safeguard did not write, and safeguard never deletes or replaces what it did not write: empty it, or choose another with --output (safeguard's record of what it wrote is kept in {STATE_DIR}/ in the site folder; if you deleted that, empty the output folder)",
        output.display()
    )))
}

/// `path` made absolute with every link in it resolved, including where the end of it
/// does not exist yet (the part that exists is resolved, the rest is plain names).
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut out = PathBuf::new();
    let mut exists = true;
    for part in absolute.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => out.push(part.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => {
                out.push(name);
                if exists {
                    match out.canonicalize() {
                        Ok(real) => out = real,
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => exists = false,
                        Err(e) => return Err(e),
                    }
                }
            }
        }
    }
    Ok(out)
}

/// The output folder may not hold the site, nor be inside the folders the site is
/// made from or safeguard's state, however it is written.
fn check_place(output: &Path, resolved: &Path, root: &Path) -> Result<(), OutputError> {
    if root.starts_with(resolved) {
        return Err(OutputError(format!(
            "the output folder {} contains the site itself: choose a folder of its own, like {}",
            output.display(),
            root.join("output").display()
        )));
    }
    for source_dir in ["content", "templates", "themes", "static", STATE_DIR] {
        if resolved.starts_with(root.join(source_dir)) {
            return Err(OutputError(format!(
                "the output folder {} is inside the site's {source_dir}/ folder: choose a folder outside it, like {}",
                output.display(),
                root.join("output").display()
            )));
        }
    }
    if resolved
        .to_string_lossy()
        .chars()
        .any(super::confined::is_control)
    {
        return Err(OutputError(format!(
            "the output folder's name {} has a control character in it: choose another",
            shown(&output.to_string_lossy())
        )));
    }
    Ok(())
}

/// The state folder of one output folder, made if missing.
fn state_dir(root: &Path, resolved: &Path) -> Result<PathBuf, OutputError> {
    let base = root.join(STATE_DIR);
    match std::fs::symlink_metadata(&base) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            return Err(OutputError(format!(
                "{} is not a folder: safeguard keeps what it needs between builds there; move it away",
                base.display()
            )));
        }
        Err(_) => {
            std::fs::create_dir(&base)
                .map_err(|e| OutputError(format!("cannot create {}: {e}", base.display())))?;
            // Version control leaves it alone without anyone having to say so.
            let _ = std::fs::write(base.join(".gitignore"), "*\n");
            let _ = std::fs::write(
                base.join("README.txt"),
                "safeguard keeps here what it needs between builds: for each output folder, the\nlist of files it wrote there (so it can remove pages you withdraw) and the build\nstamp. Do not publish this folder. If you delete it, empty your output folder too:\nsafeguard will not write into a folder of files it has no record of writing.\n",
            );
        }
    }
    let key = crate::provenance::hex(&Sha256::digest(resolved.as_os_str().as_encoded_bytes()));
    let dir = base.join("outputs").join(&key[..16]);
    std::fs::create_dir_all(&dir)
        .map_err(|e| OutputError(format!("cannot create {}: {e}", dir.display())))?;
    if std::fs::symlink_metadata(&dir).map(|m| m.is_dir()).ok() != Some(true)
        || std::fs::symlink_metadata(base.join("outputs"))
            .map(|m| m.is_dir())
            .ok()
            != Some(true)
    {
        return Err(OutputError(format!(
            "{} is not a plain folder: safeguard keeps what it needs between builds there; move it away",
            dir.display()
        )));
    }
    let _ = std::fs::write(dir.join("output.txt"), format!("{}\n", resolved.display()));
    Ok(dir)
}

/// One build at a time into an output folder: the second waits for the first.
fn lock(state: &Path, output: &Path) -> Result<File, OutputError> {
    let at = state.join("lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&at)
        .map_err(|e| OutputError(format!("cannot open {}: {e}", at.display())))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!(
                "waiting: another build into {} is running; this one starts when it ends",
                output.display()
            );
            let _ = std::io::stderr().flush();
            file.lock()
                .map_err(|e| OutputError(format!("cannot lock {}: {e}", at.display())))?;
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(OutputError(format!("cannot lock {}: {e}", at.display())));
        }
    }
    Ok(file)
}
