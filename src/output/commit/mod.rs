//! Commit: the output folder goes from the old site to the new one all at once, or
//! not at all.
//!
//! Everything that can be checked is checked before the first change (every file in
//! the way, every link on the way: [`preflight`]). Then a journal of the steps is
//! written to the state folder, and the steps run: files the new site replaces or
//! drops are moved to `backup/`, folders they leave empty are removed, and the new
//! files move in from `staging/` (a folder the output lacks in one rename). Writing
//! the new record is the moment the new site is in place; after it, the journal and
//! the backups go.
//!
//! Every step is a rename (or making or removing an empty folder), so each can be
//! undone, and whether it was done can be seen on disk. If a step fails, the steps
//! done are undone, last first. If the process is killed, the next build finds the
//! journal: a journal whose build the record names was committed, and is tidied;
//! any other is undone. Either way the output is the old site or the new one.

mod preflight;

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::confined::{Dir, RelPath};
use super::record::{self, Record, Written};
use super::state::Target;
use super::{OutputError, WriteReport};
use preflight::{Changes, preflight};

/// One step of a commit.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "step", rename_all = "kebab-case", deny_unknown_fields)]
enum Step {
    /// Move a file of the old site to `backup/`.
    Stash { path: String },
    /// Remove a folder the stashing left empty (made again with `mode` to undo).
    RemoveDir { path: String, mode: u32 },
    /// Move a new file, or a whole new folder, in from `staging/`. `ino` is what
    /// it was in staging: undoing moves back only that, never a file of the same name
    /// that is someone else's.
    Place { path: String, ino: u64 },
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Journal {
    format: String,
    build: String,
    /// The work folders were in the output (it is on another file system).
    work_in_output: bool,
    steps: Vec<Step>,
}

const JOURNAL_FORMAT: &str = "safeguard commit journal 2";

/// Counts the changes a commit makes to the file system, and makes one of them fail
/// (`SAFEGUARD_FAULTS=fail@N`) or the process stop dead (`kill@N`), so that tests can
/// show that every one of them leaves the old site or the new. `count` prints how
/// many there were. Read only by debug builds.
pub struct Faults {
    plan: Option<(bool, usize)>,
    count: bool,
    done: std::sync::atomic::AtomicUsize,
}

impl Faults {
    pub fn from_env() -> Faults {
        let mut faults = Faults {
            plan: None,
            count: false,
            done: Default::default(),
        };
        if cfg!(debug_assertions)
            && let Ok(spec) = std::env::var("SAFEGUARD_FAULTS")
        {
            faults.count = spec == "count";
            if let Some((mode, n)) = spec.split_once('@')
                && let Ok(n) = n.parse()
            {
                faults.plan = Some((mode == "kill", n));
            }
        }
        faults
    }

    /// Before each change: fails it, or stops the process, if this is the one.
    fn tick(&self) -> io::Result<()> {
        let n = self.done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        match self.plan {
            Some((true, at)) if at == n => std::process::exit(99),
            Some((false, at)) if at == n => {
                Err(io::Error::other(format!("fault injected at change {n}")))
            }
            _ => Ok(()),
        }
    }
}

impl Drop for Faults {
    fn drop(&mut self) {
        if self.count {
            eprintln!(
                "safeguard-faults: {} changes",
                self.done.load(std::sync::atomic::Ordering::SeqCst)
            );
        }
    }
}

/// The new site's files, with their sizes and digests, and which are staged.
pub struct NewFile {
    pub written: Written,
    pub staged: bool,
}

/// Puts the staged site in place of the old one: checked, journalled, applied,
/// recorded and tidied, in that order.
pub fn commit(
    target: &Target,
    files: &BTreeMap<RelPath, NewFile>,
    faults: &Faults,
) -> Result<WriteReport, OutputError> {
    let changes = preflight(target, files)?;
    let written = files.values().filter(|f| f.staged).count();
    let report = WriteReport {
        written,
        unchanged: files.len() - written,
        removed: changes.removed,
    };
    let build = build_id();
    let record = new_record(target, files, &changes, build.clone());
    if changes.steps.is_empty()
        && record.files == target.previous.files
        && record.dirs == target.previous.dirs
    {
        // Nothing changes, not even the record.
        target.done.store(true, std::sync::atomic::Ordering::SeqCst);
        return Ok(report);
    }
    let journal = Journal {
        format: JOURNAL_FORMAT.to_string(),
        build,
        work_in_output: target.work_in_output,
        steps: changes.steps,
    };
    write_journal(target, &journal, faults)?;
    apply(target, &journal.steps, faults)?;
    write_record(target, &record, &journal.steps, faults)?;
    finish(target, faults);
    Ok(report)
}

/// The record of the new site: its files, and the folders safeguard has made (those
/// it made before and keeps, and every folder that moves in with a new folder).
fn new_record(
    target: &Target,
    files: &BTreeMap<RelPath, NewFile>,
    changes: &Changes,
    build: String,
) -> Record {
    let holding: BTreeSet<RelPath> = target
        .previous
        .files
        .keys()
        .flat_map(|f| f.prefixes().filter(move |p| p != f))
        .collect();
    let mut dirs: BTreeSet<RelPath> = target
        .previous
        .dirs
        .iter()
        .filter(|d| holding.contains(*d) && !changes.gone.contains(*d))
        .cloned()
        .collect();
    for path in files.iter().filter(|(_, f)| f.staged).map(|(p, _)| p) {
        let mut inside = false;
        for p in path.prefixes().filter(|p| p != path) {
            inside = inside || changes.placed.contains(&p);
            if inside {
                dirs.insert(p);
            }
        }
    }
    Record {
        build,
        files: files
            .iter()
            .map(|(p, f)| (p.clone(), f.written.clone()))
            .collect(),
        dirs,
    }
}

/// The first change: the journal, written before any step, so that from here a
/// failure or a kill leaves what the next build needs to undo the steps. If it
/// cannot be written, nothing has changed.
fn write_journal(target: &Target, journal: &Journal, faults: &Faults) -> Result<(), OutputError> {
    faults
        .tick()
        .and_then(|()| {
            target.write_state(
                super::state::JOURNAL,
                &serde_json::to_vec(journal).expect("a journal serialises"),
            )
        })
        .map_err(|e| {
            OutputError(format!(
                "cannot write {}: {e}",
                target.journal_at().display()
            ))
        })
}

/// The steps, in order. If one fails, the steps up to it and itself are undone, last
/// first; the journal goes only if the undo succeeded, so otherwise the next build
/// tries again.
fn apply(target: &Target, steps: &[Step], faults: &Faults) -> Result<(), OutputError> {
    for (n, step) in steps.iter().enumerate() {
        if let Err(e) = faults.tick().and_then(|()| apply_one(target, step)) {
            let what = describe(step, &target.shown);
            return Err(match undo(target, &steps[..=n]) {
                Ok(()) => {
                    target.remove_state(super::state::JOURNAL);
                    OutputError(format!(
                        "cannot {what}: {e}; the output folder was put back as it was, so it still holds the last site"
                    ))
                }
                Err(why) => OutputError(format!(
                    "cannot {what}: {e}; and safeguard could not put the output folder back as it was ({why}); the next build will try again"
                )),
            });
        }
    }
    Ok(())
}

/// The moment the new site is in place: the new record written. If it cannot be,
/// every step is undone, and the journal goes only if the undo succeeded.
fn write_record(
    target: &Target,
    record: &Record,
    steps: &[Step],
    faults: &Faults,
) -> Result<(), OutputError> {
    let committed = faults.tick().and_then(|()| {
        target.write_state(
            super::state::RECORD,
            &record::to_bytes(record, &target.resolved),
        )
    });
    let Err(e) = committed else {
        return Ok(());
    };
    let what = format!("write {}", target.record_at().display());
    Err(match undo(target, steps) {
        Ok(()) => {
            // Through the state folder's handle, as everywhere else: a path could lead
            // through a link planted in `.safeguard/`.
            target.remove_state(super::state::JOURNAL);
            OutputError(format!(
                "cannot {what}: {e}; the output folder was put back as it was"
            ))
        }
        Err(why) => OutputError(format!(
            "cannot {what}: {e}; and safeguard could not put the output folder back ({why}); the next build will try again"
        )),
    })
}

/// After the record: the commit stands (dropping the target undoes nothing), and
/// the journal and the work folders' contents go. If it is stopped here, the next
/// build finds the journal, sees the record names its build, and tidies.
fn finish(target: &Target, faults: &Faults) {
    target.done.store(true, std::sync::atomic::Ordering::SeqCst);
    if faults.tick().is_ok() {
        target.remove_state(super::state::JOURNAL);
    }
    if faults.tick().is_ok() {
        target.tidy();
    }
}

/// Does one step.
fn apply_one(target: &Target, step: &Step) -> io::Result<()> {
    let out = &target.dir;
    match step {
        Step::Stash { path } => {
            let p = rel(path)?;
            if let Some(parent) = p.parent() {
                target.backup.create_dirs(&parent)?;
            }
            out.move_to(&p, &target.backup, &p)
        }
        Step::RemoveDir { path, .. } => out.remove_empty_dir(&rel(path)?),
        Step::Place { path, .. } => {
            let p = rel(path)?;
            target.staging.move_to(&p, out, &p)
        }
    }
}

/// Undoes `steps`, last first; each undo looks at the disk to see whether its step
/// was done, so it is right after a failure and after a kill alike.
fn undo_with(out: &Dir, staging: &Dir, backup: &Dir, steps: &[Step]) -> Result<(), String> {
    let mut problems = Vec::new();
    for step in steps.iter().rev() {
        let result = (|| -> io::Result<()> {
            match step {
                Step::Place { path, ino } => {
                    let p = rel(path)?;
                    if staging.kind(&p)?.is_none() && out.kind(&p)?.is_some() {
                        if out.inode(&p)? != *ino {
                            return Err(io::Error::other(
                                "it is not what safeguard put there, so it was left as it is",
                            ));
                        }
                        out.move_to(&p, staging, &p)?;
                    }
                }
                Step::RemoveDir { path, mode } => {
                    let p = rel(path)?;
                    if out.kind(&p)?.is_none() {
                        out.recreate_dir(&p, *mode)?;
                    }
                }
                Step::Stash { path } => {
                    let p = rel(path)?;
                    if backup.kind(&p)?.is_some() {
                        backup.move_to(&p, out, &p)?;
                    }
                }
            }
            Ok(())
        })();
        if let Err(e) = result {
            let path = match step {
                Step::Place { path, .. } | Step::RemoveDir { path, .. } | Step::Stash { path } => {
                    path
                }
            };
            problems.push(format!("{path}: {e}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

fn undo(target: &Target, steps: &[Step]) -> Result<(), String> {
    undo_with(&target.dir, &target.staging, &target.backup, steps)
}

/// Finishes or undoes a commit that was interrupted, from its journal (`bytes`, read
/// from `journal_at`), with the work folders it names (`open_work(in_output)` gives
/// staging and backup). A journal that is damaged, or names anything that is not a
/// path inside the output, is refused and acted on never.
pub fn recover(
    bytes: &[u8],
    journal_at: &Path,
    record: Option<&[u8]>,
    resolved: &Path,
    out: &Dir,
    open_work: impl Fn(bool) -> Result<(Dir, Dir), OutputError>,
) -> Result<(), String> {
    let damaged = |why: &str| {
        format!(
            "its journal {} is damaged ({why}); safeguard will not act on it. Delete the journal and safeguard's record beside it, empty the output folder, and build again",
            journal_at.display()
        )
    };
    let journal: Journal = serde_json::from_slice(bytes).map_err(|e| damaged(&e.to_string()))?;
    if journal.format != JOURNAL_FORMAT {
        return Err(damaged("unknown format"));
    }
    for step in &journal.steps {
        let (Step::Place { path, .. } | Step::RemoveDir { path, .. } | Step::Stash { path }) = step;
        RelPath::new(path).map_err(|e| damaged(&format!("it names {}", e.0)))?;
    }
    let committed = record
        .and_then(|r| record::parse(r, journal_at, resolved).ok())
        .is_some_and(|r| r.build == journal.build);
    if !committed {
        let (staging, backup) = open_work(journal.work_in_output).map_err(|e| e.0)?;
        undo_with(out, &staging, &backup, &journal.steps)?;
    }
    Ok(())
}

fn rel(path: &str) -> io::Result<RelPath> {
    RelPath::new(path).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.0))
}

fn describe(step: &Step, output: &Path) -> String {
    match step {
        Step::Stash { path } => format!("move {} aside", output.join(path).display()),
        Step::RemoveDir { path, .. } => {
            format!("remove the emptied folder {}", output.join(path).display())
        }
        Step::Place { path, .. } => {
            format!("move the new {} into place", output.join(path).display())
        }
    }
}

fn build_id() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{}-{now}", std::process::id())
}
