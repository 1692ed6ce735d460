//! Where safeguard keeps what it needs between builds into one output folder, and the
//! folder itself, opened once, locked, recovered and judged before anything is
//! rendered.
//!
//! The state lives in `ROOT/.safeguard/outputs/KEY/` (KEY from the output folder's
//! resolved path), never in the output folder, which holds the site and nothing else:
//! `record.json` (what was written there), `stamp.json` (the build stamp),
//! `journal.json` (while a commit is under way), `lock`, and the `staging/` and
//! `backup/` folders a commit moves files through. Every file of it is reached through
//! a [`Dir`], so no link planted there is followed. The work folders must be on the
//! output's file system, so that moving is a rename; when `.safeguard/` is not, they
//! are made inside the output folder for the length of one build, under names no site
//! file can have, and a marker in the state folder says they are safeguard's.

use std::fs::File;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use super::OutputError;
use super::commit;
use super::confined::{Dir, Kind, RelPath};
use super::record::{self, Record};

/// The folder of the site root where safeguard keeps its state.
pub const STATE_DIR: &str = ".safeguard";
/// How the names of safeguard's own files in an output folder begin (its work
/// folders, when it must make them there, and the files older versions kept there).
pub const OWN_PREFIX: &str = ".safeguard-";
/// The work folders, in the state folder or (named with [`IN_OUTPUT`]) in the output.
const WORK: [&str; 2] = ["staging", "backup"];
const IN_OUTPUT: &str = ".safeguard-work-";
/// In the state folder while work folders are in the output: they are safeguard's.
const MARKER: &str = "work-in-output";
pub(super) const RECORD: &str = "record.json";
pub(super) const JOURNAL: &str = "journal.json";
/// The list an earlier safeguard kept in the output folder, and its stamp and
/// staging folder there.
const LEGACY_RECORD: &str = ".safeguard-output";
const LEGACY_STAMP: &str = ".safeguard-build";
const LEGACY_STAGING: &str = ".safeguard-staging";

fn rel(name: &str) -> RelPath {
    RelPath::new(name).expect("a plain name")
}

/// An output folder, ready to be written: resolved, locked, any interrupted build
/// finished or undone, and what safeguard wrote there before known.
pub struct Target {
    /// As the user named it, for messages.
    pub shown: PathBuf,
    /// Its links resolved.
    pub resolved: PathBuf,
    /// This output's state folder (for messages), and the folder itself.
    pub state: PathBuf,
    pub state_dir: Dir,
    pub dir: Dir,
    pub staging: Dir,
    pub backup: Dir,
    /// Where the staging folder is, for messages.
    pub staging_path: PathBuf,
    /// The work folders are inside the output (it is on another file system).
    pub work_in_output: bool,
    /// What the last build wrote (empty for a folder new to safeguard).
    pub previous: Record,
    /// The folder held nothing when this build began.
    pub was_empty: bool,
    /// The folders this build made to have an output folder, deepest first.
    created: Vec<PathBuf>,
    /// The commit has happened (or was never going to): nothing to tidy on drop.
    pub(super) done: std::sync::atomic::AtomicBool,
    /// This site's lock on the output; the lock on the output folder itself is held
    /// by `dir`'s handle.
    _lock: File,
}

impl Target {
    pub fn journal_at(&self) -> PathBuf {
        self.state.join(JOURNAL)
    }

    pub fn record_at(&self) -> PathBuf {
        self.state.join(RECORD)
    }

    /// Writes one of the state folder's files (`record.json`, `journal.json`, …).
    pub fn write_state(&self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.state_dir.replace_file(&rel(name), bytes)
    }

    /// Reads one of the state folder's files, if it is there.
    pub fn read_state(&self, name: &str) -> std::io::Result<Option<Vec<u8>>> {
        self.state_dir.read_if_there(&rel(name))
    }

    pub fn remove_state(&self, name: &str) {
        let _ = self.state_dir.remove_file(&rel(name));
    }

    pub fn has_journal(&self) -> bool {
        self.state_dir.kind(&rel(JOURNAL)).ok().flatten().is_some()
    }

    /// Opens `output` for a build of the site at `root`; refuses a folder that is not
    /// safeguard's to write.
    pub fn open(output: &Path, root: &Path) -> Result<Target, OutputError> {
        let root = resolve(root).map_err(|e| cannot("find the site folder", root, e))?;
        let resolved = resolve(output).map_err(|e| cannot("find the output folder", output, e))?;
        check_place(output, &resolved, &root)?;

        let (state, state_dir) = state_dir(&root, &resolved)?;
        let state_lock = lock(&state_dir, &state, output)?;
        let created = make_output(output, &resolved)?;
        let dir = open_output(output, &resolved)?;
        let at = Opening {
            output,
            resolved,
            state,
            state_dir,
            dir,
        };
        // The work folders must be on the output's file system.
        let work_in_output = !at.same_file_system();
        at.recover()?;
        let previous = at.read_record()?;
        let theirs = at.judge(work_in_output)?;
        let previous = match previous {
            Some(r) => r,
            None => legacy(&at.dir, &at.resolved, output, &theirs)?,
        };
        let (staging, backup) = at.fresh_work(work_in_output)?;
        Ok(Target {
            shown: output.to_path_buf(),
            staging_path: at.work_path(WORK[0], work_in_output),
            resolved: at.resolved,
            state: at.state,
            state_dir: at.state_dir,
            dir: at.dir,
            staging,
            backup,
            work_in_output,
            previous,
            was_empty: theirs.is_empty(),
            created,
            done: std::sync::atomic::AtomicBool::new(false),
            _lock: state_lock,
        })
    }

    /// Empties the work folders, and removes them (and the marker) if they are in the
    /// output.
    pub fn tidy(&self) {
        let _ = clear(&self.staging);
        let _ = clear(&self.backup);
        if self.work_in_output {
            let gone = WORK
                .iter()
                .map(|w| self.dir.remove_empty_dir(&rel(&work_name(w, true))))
                .all(|r| r.is_ok());
            if gone {
                let _ = self.state_dir.remove_file(&rel(MARKER));
            }
        }
    }
}

impl Drop for Target {
    /// A build that did not commit leaves the output as it found it: its work folders
    /// go (unless an interrupted commit's journal still needs them), and the folders
    /// this build made to have an output folder, if they are still empty.
    fn drop(&mut self) {
        if self.done.load(std::sync::atomic::Ordering::SeqCst) || self.has_journal() {
            return;
        }
        self.tidy();
        for made in &self.created {
            if std::fs::remove_dir(made).is_err() {
                break;
            }
        }
    }
}

/// An output folder and its state folder, open and locked, while [`Target::open`]
/// recovers and judges them.
struct Opening<'a> {
    /// As the user named it, for messages.
    output: &'a Path,
    resolved: PathBuf,
    state: PathBuf,
    state_dir: Dir,
    dir: Dir,
}

impl Opening<'_> {
    fn same_file_system(&self) -> bool {
        self.dir
            .identity()
            .ok()
            .zip(self.state_dir.identity().ok())
            .is_some_and(|((a, _), (b, _))| a == b)
    }

    /// Where work folder `w` is, for messages.
    fn work_path(&self, w: &str, in_output: bool) -> PathBuf {
        if in_output {
            self.resolved.join(work_name(w, true))
        } else {
            self.state.join(w)
        }
    }

    /// Work folder `w`, made if missing.
    fn open_work(&self, w: &str, in_output: bool) -> Result<Dir, OutputError> {
        let home = if in_output {
            &self.dir
        } else {
            &self.state_dir
        };
        home.sub_made(&rel(&work_name(w, in_output)), 0o700)
            .map_err(|e| cannot("open", &self.work_path(w, in_output), e))
    }

    /// A commit that was interrupted is finished or undone before anything else,
    /// with the work folders it used; its journal goes only once that is done.
    fn recover(&self) -> Result<(), OutputError> {
        let Some(journal) = self
            .state_dir
            .read_if_there(&rel(JOURNAL))
            .map_err(|e| cannot("read", &self.state.join(JOURNAL), e))?
        else {
            return Ok(());
        };
        let record = self.state_dir.read_if_there(&rel(RECORD)).ok().flatten();
        commit::recover(&journal, &self.state.join(JOURNAL), record.as_deref(), &self.resolved, &self.dir, |in_output| {
            Ok((self.open_work(WORK[0], in_output)?, self.open_work(WORK[1], in_output)?))
        })
        .map_err(|why| OutputError(format!(
            "a build into {} was interrupted, and safeguard could not put the folder back as it was: {why}. Nothing more was changed. Fix what it names and build again",
            self.output.display()
        )))?;
        let _ = self.state_dir.remove_file(&rel(JOURNAL));
        Ok(())
    }

    /// What the last build wrote, if there is a record; a damaged one is refused.
    fn read_record(&self) -> Result<Option<Record>, OutputError> {
        let at = self.state.join(RECORD);
        match self
            .state_dir
            .read_if_there(&rel(RECORD))
            .map_err(|e| cannot("read", &at, e))?
        {
            Some(bytes) => Ok(Some(
                record::parse(&bytes, &at, &self.resolved).map_err(OutputError)?,
            )),
            None => Ok(None),
        }
    }

    /// The names in the output folder other than safeguard's work folders. Work
    /// folders there go if the marker says they are safeguard's; if not, and this
    /// build must keep its work there, one of their names is refused.
    fn judge(&self, work_in_output: bool) -> Result<Vec<String>, OutputError> {
        let ours_in_output = self.state_dir.kind(&rel(MARKER)).ok().flatten().is_some();
        let entries = self
            .dir
            .list(None)
            .map_err(|e| cannot("read the output folder", self.output, e))?;
        let mut theirs = Vec::new();
        for (name, _) in &entries {
            let is_work = WORK.iter().any(|w| *name == work_name(w, true));
            if is_work && ours_in_output {
                remove_work(&self.dir, &rel(name), &self.resolved.join(name))?;
            } else if is_work && work_in_output {
                return Err(OutputError(format!(
                    "{} is in the way: safeguard keeps its work there while it builds; move it out of the output folder",
                    self.resolved.join(name).display()
                )));
            } else {
                theirs.push(name.clone());
            }
        }
        if ours_in_output && !work_in_output {
            let _ = self.state_dir.remove_file(&rel(MARKER));
        }
        Ok(theirs)
    }

    /// Fresh work folders, staging and backup: in the output, the marker is written
    /// before they are made; in the state folder, old ones go first.
    fn fresh_work(&self, work_in_output: bool) -> Result<(Dir, Dir), OutputError> {
        if work_in_output {
            self.state_dir
                .replace_file(
                    &rel(MARKER),
                    format!("{}\n", self.resolved.display()).as_bytes(),
                )
                .map_err(|e| cannot("write", &self.state.join(MARKER), e))?;
        }
        for w in WORK {
            if !work_in_output {
                remove_work(&self.state_dir, &rel(w), &self.state.join(w))?;
            }
        }
        Ok((
            self.open_work(WORK[0], work_in_output)?,
            self.open_work(WORK[1], work_in_output)?,
        ))
    }
}

/// The name of work folder `w` where it is kept.
fn work_name(w: &str, in_output: bool) -> String {
    if in_output {
        format!("{IN_OUTPUT}{w}")
    } else {
        w.to_string()
    }
}

fn cannot(what: &str, at: &Path, e: std::io::Error) -> OutputError {
    OutputError(format!("cannot {what} {}: {e}", at.display()))
}

/// The output folder, made if missing (with the folders above it); the folders it
/// made, deepest first, for a build that does not commit to remove again.
fn make_output(output: &Path, resolved: &Path) -> Result<Vec<PathBuf>, OutputError> {
    let mut created = Vec::new();
    match std::fs::symlink_metadata(resolved) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            return Err(OutputError(format!(
                "{} exists and is not a folder: choose another output folder with --output",
                output.display()
            )));
        }
        Err(_) => {
            let mut missing = Some(resolved);
            while let Some(m) = missing.filter(|m| std::fs::symlink_metadata(m).is_err()) {
                created.push(m.to_path_buf());
                missing = m.parent();
            }
            std::fs::create_dir_all(resolved)
                .map_err(|e| cannot("create the output folder", output, e))?;
        }
    }
    Ok(created)
}

/// The output folder, opened and locked: one build at a time into it, whatever site
/// it is from. A build that had to wait makes sure the folder is still the one it
/// opened.
fn open_output(output: &Path, resolved: &Path) -> Result<Dir, OutputError> {
    let dir = Dir::open(resolved).map_err(|e| cannot("open the output folder", output, e))?;
    if !dir.lock(false).map_err(|e| cannot("lock", output, e))? {
        say_waiting(output);
        dir.lock(true).map_err(|e| cannot("lock", output, e))?;
        let still = std::fs::symlink_metadata(resolved).map(|m| {
            use std::os::unix::fs::MetadataExt;
            (m.dev(), m.ino())
        });
        if still.ok() != dir.identity().ok() {
            return Err(OutputError(format!(
                "the output folder {} was moved or removed while this build waited for another: build again",
                output.display()
            )));
        }
    }
    Ok(dir)
}

/// Says, before waiting for a lock, why nothing happens yet.
fn say_waiting(output: &Path) {
    eprintln!(
        "waiting: another build into {} is running; this one starts when it ends",
        output.display()
    );
    let _ = std::io::stderr().flush();
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

/// Removes one of safeguard's work folders, `rel` in `home` (at `at`), if it is there.
fn remove_work(home: &Dir, rel: &RelPath, at: &Path) -> Result<(), OutputError> {
    match home.kind(rel) {
        Ok(None) => Ok(()),
        Ok(Some(Kind::Dir)) => {
            let d = home.sub(rel).map_err(|e| cannot("open", at, e))?;
            clear(&d).map_err(|e| cannot("empty", at, e))?;
            home.remove_empty_dir(rel)
                .map_err(|e| cannot("remove", at, e))
        }
        Ok(Some(_)) => Err(OutputError(format!(
            "{} is not a folder, and safeguard keeps a folder there: move it away",
            at.display()
        ))),
        Err(e) => Err(cannot("read", at, e)),
    }
}

/// A folder without a record: one an earlier safeguard wrote (its list is in the
/// folder), an empty one, or someone else's, which is refused.
fn legacy(
    dir: &Dir,
    resolved: &Path,
    output: &Path,
    theirs: &[String],
) -> Result<Record, OutputError> {
    if theirs.is_empty() {
        return Ok(Record::default());
    }
    let listed = rel(LEGACY_RECORD);
    if dir.kind(&listed).ok().flatten() == Some(Kind::File) {
        let text = dir
            .read(&listed)
            .map_err(|e| cannot("read", &resolved.join(LEGACY_RECORD), e))?;
        let mut record =
            record::read_legacy(&String::from_utf8_lossy(&text), &output.join(LEGACY_RECORD))
                .map_err(OutputError)?;
        // The older version's own files go with the next commit.
        for own in [LEGACY_RECORD, LEGACY_STAMP] {
            record.files.insert(rel(own), Default::default());
        }
        if dir.kind(&rel(LEGACY_STAGING)).ok().flatten() == Some(Kind::Dir) {
            remove_work(dir, &rel(LEGACY_STAGING), &resolved.join(LEGACY_STAGING))?;
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
            output.display()
        )));
    }
    Ok(())
}

/// The state folder of one output folder, made if missing, every folder on the way
/// opened without following a link.
fn state_dir(root: &Path, resolved: &Path) -> Result<(PathBuf, Dir), OutputError> {
    let base = root.join(STATE_DIR);
    let refuse = |at: &Path, e: std::io::Error| {
        OutputError(format!(
            "{} is not a plain folder, or cannot be made ({e}): safeguard keeps what it needs between builds there; move whatever is there away",
            at.display()
        ))
    };
    let root_dir = Dir::open(root).map_err(|e| refuse(root, e))?;
    let fresh = root_dir.kind(&rel(STATE_DIR)).ok().flatten().is_none();
    let base_dir = root_dir
        .sub_made(&rel(STATE_DIR), 0o777)
        .map_err(|e| refuse(&base, e))?;
    if fresh {
        // Version control leaves it alone without anyone having to say so.
        let _ = base_dir.write_new(&rel(".gitignore"), b"*\n");
        let _ = base_dir.write_new(
            &rel("README.txt"),
            b"safeguard keeps here what it needs between builds: for each output folder, the\nlist of files it wrote there (so it can remove pages you withdraw) and the build\nstamp. Do not publish this folder. If you delete it, empty your output folder too:\nsafeguard will not write into a folder of files it has no record of writing.\n",
        );
    }
    let key = crate::digest::hex(&Sha256::digest(resolved.as_os_str().as_encoded_bytes()));
    let outputs = base_dir
        .sub_made(&rel("outputs"), 0o777)
        .map_err(|e| refuse(&base.join("outputs"), e))?;
    let path = base.join("outputs").join(&key[..16]);
    let dir = outputs
        .sub_made(&rel(&key[..16]), 0o777)
        .map_err(|e| refuse(&path, e))?;
    dir.replace_file(
        &rel("output.txt"),
        format!("{}\n", resolved.display()).as_bytes(),
    )
    .map_err(|e| refuse(&path.join("output.txt"), e))?;
    Ok((path, dir))
}

/// One build at a time from this site into an output folder: the second waits.
fn lock(state: &Dir, at: &Path, output: &Path) -> Result<File, OutputError> {
    let file = state
        .lock_file(&rel("lock"))
        .map_err(|e| cannot("open", &at.join("lock"), e))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            say_waiting(output);
            file.lock()
                .map_err(|e| cannot("lock", &at.join("lock"), e))?;
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(cannot("lock", &at.join("lock"), e));
        }
    }
    Ok(file)
}
