//! Commit: the output folder goes from the old site to the new one all at once, or
//! not at all.
//!
//! Everything that can be checked is checked before the first change (every file in
//! the way, every link on the way). Then a journal of the steps is written to the
//! state folder, and the steps run: files the new site replaces or drops are moved to
//! `backup/`, folders they leave empty are removed, and the new files move in from
//! `staging/` (a folder the output lacks in one rename). Writing the new record is the
//! moment the new site is in place; after it, the journal and the backups go.
//!
//! Every step is a rename (or making or removing an empty folder), so each can be
//! undone, and whether it was done can be seen on disk. If a step fails, the steps
//! done are undone, last first. If the process is killed, the next build finds the
//! journal: a journal whose build the record names was committed, and is tidied;
//! any other is undone. Either way the output is the old site or the new one.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::confined::{Dir, Kind, RelPath, is_link_on_the_way};
use super::record::{self, Record, Written};
use super::state::Target;
use super::{OutputError, WriteReport};

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

/// Puts the staged site in place of the old one.
pub fn commit(
    target: &Target,
    files: &BTreeMap<RelPath, NewFile>,
    faults: &Faults,
) -> Result<WriteReport, OutputError> {
    let out = &target.dir;
    let previous = &target.previous.files;
    let shown = |p: &RelPath| target.shown.join(p.as_str()).display().to_string();
    let mut in_the_way: Vec<String> = Vec::new();
    // Paths already said to be in the way, said once.
    let mut reported: BTreeSet<RelPath> = BTreeSet::new();
    let read_err =
        |p: &RelPath, e: io::Error| OutputError(format!("cannot read {}: {e}", shown(p)));

    // What goes: files we wrote before that the new site drops or replaces.
    let mut stash: BTreeSet<RelPath> = BTreeSet::new();
    let mut removed = 0;
    for old in previous.keys() {
        let replaced = files.get(old).is_some_and(|f| f.staged);
        if files.contains_key(old) && !replaced {
            continue;
        }
        match out.kind(old) {
            Ok(Some(Kind::File)) => {
                if !files.contains_key(old) {
                    // Removed only if it is still what safeguard wrote there.
                    let wrote = &previous[old].sha256;
                    let now = out.read(old).map_err(|e| read_err(old, e))?;
                    if !wrote.is_empty() && crate::digest::hex(&Sha256::digest(&now)) != *wrote {
                        in_the_way.push(format!(
                            "{} was changed after safeguard wrote it, so safeguard will not remove it",
                            shown(old)
                        ));
                        reported.insert(old.clone());
                        continue;
                    }
                    removed += 1;
                }
                stash.insert(old.clone());
            }
            // Safeguard writes only plain files: a link or a pipe there is someone's.
            Ok(Some(Kind::Other)) => {
                in_the_way.push(format!(
                    "{} is a link or a special file, not a file safeguard wrote",
                    shown(old)
                ));
                reported.insert(old.clone());
            }
            // A folder where we wrote a file is not ours; a missing file is gone.
            Ok(Some(Kind::Dir)) | Ok(None) => {}
            Err(e) if is_link_on_the_way(&e) => {}
            Err(e) => return Err(read_err(old, e)),
        }
    }
    // Folders the stashing leaves empty (or that a file gone by itself left empty),
    // deepest first.
    let mut candidates: BTreeSet<RelPath> = BTreeSet::new();
    let stale = previous
        .keys()
        .filter(|p| !files.contains_key(*p) && !reported.contains(*p));
    for p in stash.iter().chain(stale) {
        let mut d = p.parent();
        while let Some(dir) = d {
            d = dir.parent();
            candidates.insert(dir);
        }
    }
    let mut gone: BTreeSet<RelPath> = stash.clone();
    let mut steps: Vec<Step> = stash
        .iter()
        .map(|p| Step::Stash {
            path: p.to_string(),
        })
        .collect();
    for d in candidates.iter().rev() {
        // Only a folder safeguard made: one the user made stays, empty or not.
        if !target.previous.dirs.contains(d)
            || out.kind(d).map_err(|e| read_err(d, e))? != Some(Kind::Dir)
        {
            continue;
        }
        let entries = out.list(Some(d)).map_err(|e| read_err(d, e))?;
        let empty = entries
            .iter()
            .all(|(name, _)| RelPath::new(&format!("{d}/{name}")).is_ok_and(|p| gone.contains(&p)));
        if empty {
            let mode = out.mode(d).map_err(|e| read_err(d, e))?;
            steps.push(Step::RemoveDir {
                path: d.to_string(),
                mode,
            });
            gone.insert(d.clone());
        }
    }
    // What comes: each staged file moves in, or the first folder on its way that the
    // output lacks (after the steps above) moves in whole.
    let exists_after = |p: &RelPath| -> Result<Option<Kind>, OutputError> {
        if gone.contains(p) {
            return Ok(None);
        }
        match out.kind(p) {
            Err(e) if is_link_on_the_way(&e) => Ok(Some(Kind::Other)),
            other => other.map_err(|e| read_err(p, e)),
        }
    };
    let mut placed: BTreeSet<RelPath> = BTreeSet::new();
    let mut written = 0;
    'files: for (path, file) in files {
        if !file.staged {
            continue;
        }
        written += 1;
        for prefix in path.prefixes() {
            if placed.contains(&prefix) {
                continue 'files;
            }
            let last = &prefix == path;
            if reported.contains(&prefix) {
                continue 'files;
            }
            match exists_after(&prefix)? {
                None => {
                    let ino = target.staging.inode(&prefix).map_err(|e| {
                        OutputError(format!(
                            "cannot read {}: {e}",
                            target.staging_path.join(prefix.as_str()).display()
                        ))
                    })?;
                    steps.push(Step::Place {
                        path: prefix.to_string(),
                        ino,
                    });
                    placed.insert(prefix);
                    continue 'files;
                }
                Some(Kind::Dir) if !last => {}
                Some(Kind::Dir) => {
                    in_the_way.push(format!(
                        "{} is a folder that safeguard did not make, where the new site has a file",
                        shown(&prefix)
                    ));
                    continue 'files;
                }
                Some(Kind::Other) => {
                    in_the_way.push(format!(
                        "{} is a link, and safeguard never writes through a link",
                        shown(&prefix)
                    ));
                    continue 'files;
                }
                Some(Kind::File) => {
                    in_the_way.push(format!(
                        "{} is a file that safeguard did not write, where the new site needs {}",
                        shown(&prefix),
                        if last { "its own file" } else { "a folder" }
                    ));
                    continue 'files;
                }
            }
        }
    }
    if !in_the_way.is_empty() {
        in_the_way.sort();
        in_the_way.dedup();
        return Err(OutputError(format!(
            "nothing was changed, because {}: move {} out of the output folder, then build again",
            list(&in_the_way),
            if in_the_way.len() == 1 { "it" } else { "them" }
        )));
    }

    let build = build_id();
    // The folders safeguard has made: those it made before and keeps, and every
    // folder that moves in with a new folder.
    let holding: BTreeSet<RelPath> = previous
        .keys()
        .flat_map(|f| f.prefixes().filter(move |p| p != f))
        .collect();
    let mut dirs: BTreeSet<RelPath> = target
        .previous
        .dirs
        .iter()
        .filter(|d| holding.contains(*d) && !gone.contains(*d))
        .cloned()
        .collect();
    for path in files.iter().filter(|(_, f)| f.staged).map(|(p, _)| p) {
        let mut inside = false;
        for p in path.prefixes().filter(|p| p != path) {
            inside = inside || placed.contains(&p);
            if inside {
                dirs.insert(p);
            }
        }
    }
    let record = Record {
        build: build.clone(),
        files: files
            .iter()
            .map(|(p, f)| (p.clone(), f.written.clone()))
            .collect(),
        dirs,
    };
    if steps.is_empty()
        && previous.keys().eq(record.files.keys())
        && record.files.values().eq(previous.values())
        && record.dirs == target.previous.dirs
    {
        // Nothing changes, not even the record.
        target.done.store(true, std::sync::atomic::Ordering::SeqCst);
        return Ok(WriteReport {
            written,
            unchanged: files.len() - written,
            removed,
        });
    }
    let journal = Journal {
        format: JOURNAL_FORMAT.to_string(),
        build,
        work_in_output: target.work_in_output,
        steps,
    };
    let journal_at = target.journal_at();
    let fail = |what: String, e: io::Error| OutputError(format!("cannot {what}: {e}"));
    faults
        .tick()
        .and_then(|()| {
            target.write_state(
                super::state::JOURNAL,
                &serde_json::to_vec(&journal).expect("a journal serialises"),
            )
        })
        .map_err(|e| fail(format!("write {}", journal_at.display()), e))?;

    for (n, step) in journal.steps.iter().enumerate() {
        if let Err(e) = faults.tick().and_then(|()| apply(target, step)) {
            let what = describe(step, &target.shown);
            return Err(match undo(target, &journal.steps[..=n]) {
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

    // The new site is in place once the record says so.
    let record_at = target.record_at();
    let committed = faults.tick().and_then(|()| {
        target.write_state(
            super::state::RECORD,
            &record::to_bytes(&record, &target.resolved),
        )
    });
    if let Err(e) = committed {
        let what = format!("write {}", record_at.display());
        return Err(match undo(target, &journal.steps) {
            Ok(()) => {
                let _ = std::fs::remove_file(&journal_at);
                OutputError(format!(
                    "cannot {what}: {e}; the output folder was put back as it was"
                ))
            }
            Err(why) => OutputError(format!(
                "cannot {what}: {e}; and safeguard could not put the output folder back ({why}); the next build will try again"
            )),
        });
    }
    target.done.store(true, std::sync::atomic::Ordering::SeqCst);
    // Tidying: if it is stopped here, the next build finishes it.
    if faults.tick().is_ok() {
        target.remove_state(super::state::JOURNAL);
    }
    if faults.tick().is_ok() {
        target.tidy();
    }
    Ok(WriteReport {
        written,
        unchanged: files.len() - written,
        removed,
    })
}

fn apply(target: &Target, step: &Step) -> io::Result<()> {
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

fn list(items: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut text = items
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    if items.len() > SHOWN {
        text.push_str(&format!("; and {} more", items.len() - SHOWN));
    }
    text
}

fn build_id() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{}-{now}", std::process::id())
}
