//! Before a commit changes anything: every file in the way and every link on the way
//! is looked for, and the steps are worked out. Nothing here changes the file system;
//! it only looks (kinds, contents, listings, modes, inodes). If anything is in the
//! way, the commit is refused with all of it named, and the output is as it was.

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use sha2::{Digest, Sha256};

use super::{NewFile, Step};
use crate::output::OutputError;
use crate::output::confined::{Kind, RelPath, is_link_on_the_way};
use crate::output::state::Target;

/// The steps of a commit, found before the first change, and what they come to.
pub(super) struct Changes {
    /// In the order they run: old files stashed, emptied folders removed (deepest
    /// first), new files and folders placed.
    pub steps: Vec<Step>,
    /// What the steps take out of the output: stashed files and removed folders.
    pub gone: BTreeSet<RelPath>,
    /// What they move in: files, and whole folders the output lacks.
    pub placed: BTreeSet<RelPath>,
    /// Files the new site drops (not those it replaces).
    pub removed: usize,
}

/// The steps that put `files` in place of the old site; an error, with nothing
/// changed, if anything is in the way.
pub(super) fn preflight(
    target: &Target,
    files: &BTreeMap<RelPath, NewFile>,
) -> Result<Changes, OutputError> {
    let mut check = Check {
        target,
        files,
        in_the_way: Vec::new(),
        reported: BTreeSet::new(),
    };
    let (stash, removed) = check.what_goes()?;
    let mut changes = Changes {
        steps: stash
            .iter()
            .map(|p| Step::Stash {
                path: p.to_string(),
            })
            .collect(),
        gone: stash.clone(),
        placed: BTreeSet::new(),
        removed,
    };
    check.emptied_folders(&stash, &mut changes)?;
    check.what_comes(&mut changes)?;
    check.nothing_in_the_way()?;
    Ok(changes)
}

/// The checks, and what they have found in the way so far.
struct Check<'a> {
    target: &'a Target,
    files: &'a BTreeMap<RelPath, NewFile>,
    in_the_way: Vec<String>,
    /// Paths already said to be in the way, said once.
    reported: BTreeSet<RelPath>,
}

impl Check<'_> {
    fn shown(&self, p: &RelPath) -> String {
        self.target.shown.join(p.as_str()).display().to_string()
    }

    fn read_err(&self, p: &RelPath, e: io::Error) -> OutputError {
        OutputError(format!("cannot read {}: {e}", self.shown(p)))
    }

    /// What goes: files safeguard wrote before that the new site drops or replaces,
    /// each still a plain file and, if dropped, still what safeguard wrote; and how
    /// many are dropped.
    fn what_goes(&mut self) -> Result<(BTreeSet<RelPath>, usize), OutputError> {
        let (target, files) = (self.target, self.files);
        let previous = &target.previous.files;
        let mut stash: BTreeSet<RelPath> = BTreeSet::new();
        let mut removed = 0;
        for old in previous.keys() {
            let replaced = files.get(old).is_some_and(|f| f.staged);
            if files.contains_key(old) && !replaced {
                continue;
            }
            match target.dir.kind(old) {
                Ok(Some(Kind::File)) => {
                    if !files.contains_key(old) {
                        // Removed only if it is still what safeguard wrote there.
                        let wrote = &previous[old].sha256;
                        let now = target.dir.read(old).map_err(|e| self.read_err(old, e))?;
                        if !wrote.is_empty() && crate::digest::hex(&Sha256::digest(&now)) != *wrote
                        {
                            self.in_the_way.push(format!(
                                "{} was changed after safeguard wrote it, so safeguard will not remove it",
                                self.shown(old)
                            ));
                            self.reported.insert(old.clone());
                            continue;
                        }
                        removed += 1;
                    }
                    stash.insert(old.clone());
                }
                // Safeguard writes only plain files: a link or a pipe there is someone's.
                Ok(Some(Kind::Other)) => {
                    self.in_the_way.push(format!(
                        "{} is a link or a special file, not a file safeguard wrote",
                        self.shown(old)
                    ));
                    self.reported.insert(old.clone());
                }
                // A folder where we wrote a file is not ours; a missing file is gone.
                Ok(Some(Kind::Dir)) | Ok(None) => {}
                Err(e) if is_link_on_the_way(&e) => {}
                Err(e) => return Err(self.read_err(old, e)),
            }
        }
        Ok((stash, removed))
    }

    /// Folders the stashing leaves empty (or that a file gone by itself left empty),
    /// deepest first, each removed only if safeguard made it.
    fn emptied_folders(
        &self,
        stash: &BTreeSet<RelPath>,
        changes: &mut Changes,
    ) -> Result<(), OutputError> {
        let (target, files) = (self.target, self.files);
        let out = &target.dir;
        let mut candidates: BTreeSet<RelPath> = BTreeSet::new();
        let stale = target
            .previous
            .files
            .keys()
            .filter(|p| !files.contains_key(*p) && !self.reported.contains(*p));
        for p in stash.iter().chain(stale) {
            let mut d = p.parent();
            while let Some(dir) = d {
                d = dir.parent();
                candidates.insert(dir);
            }
        }
        for d in candidates.iter().rev() {
            // Only a folder safeguard made: one the user made stays, empty or not.
            if !target.previous.dirs.contains(d)
                || out.kind(d).map_err(|e| self.read_err(d, e))? != Some(Kind::Dir)
            {
                continue;
            }
            let entries = out.list(Some(d)).map_err(|e| self.read_err(d, e))?;
            let empty = entries.iter().all(|(name, _)| {
                RelPath::new(&format!("{d}/{name}")).is_ok_and(|p| changes.gone.contains(&p))
            });
            if empty {
                let mode = out.mode(d).map_err(|e| self.read_err(d, e))?;
                changes.steps.push(Step::RemoveDir {
                    path: d.to_string(),
                    mode,
                });
                changes.gone.insert(d.clone());
            }
        }
        Ok(())
    }

    /// What comes: each staged file moves in, or the first folder on its way that the
    /// output lacks (after the steps above) moves in whole.
    fn what_comes(&mut self, changes: &mut Changes) -> Result<(), OutputError> {
        let files = self.files;
        for (path, file) in files {
            if file.staged {
                self.place(path, changes)?;
            }
        }
        Ok(())
    }

    /// The step that brings in the staged `path`, unless a step already brings in a
    /// folder on its way, or something is in its way.
    fn place(&mut self, path: &RelPath, changes: &mut Changes) -> Result<(), OutputError> {
        for prefix in path.prefixes() {
            if changes.placed.contains(&prefix) || self.reported.contains(&prefix) {
                return Ok(());
            }
            let last = &prefix == path;
            let why = match self.exists_after(&changes.gone, &prefix)? {
                None => {
                    let target = self.target;
                    let ino = target.staging.inode(&prefix).map_err(|e| {
                        OutputError(format!(
                            "cannot read {}: {e}",
                            target.staging_path.join(prefix.as_str()).display()
                        ))
                    })?;
                    changes.steps.push(Step::Place {
                        path: prefix.to_string(),
                        ino,
                    });
                    changes.placed.insert(prefix);
                    return Ok(());
                }
                Some(Kind::Dir) if !last => continue,
                Some(Kind::Dir) => format!(
                    "{} is a folder that safeguard did not make, where the new site has a file",
                    self.shown(&prefix)
                ),
                Some(Kind::Other) => format!(
                    "{} is a link, and safeguard never writes through a link",
                    self.shown(&prefix)
                ),
                Some(Kind::File) => format!(
                    "{} is a file that safeguard did not write, where the new site needs {}",
                    self.shown(&prefix),
                    if last { "its own file" } else { "a folder" }
                ),
            };
            self.in_the_way.push(why);
            return Ok(());
        }
        Ok(())
    }

    /// What is at `p` once the steps that take things away have run (a link on the
    /// way counts as a link there).
    fn exists_after(
        &self,
        gone: &BTreeSet<RelPath>,
        p: &RelPath,
    ) -> Result<Option<Kind>, OutputError> {
        if gone.contains(p) {
            return Ok(None);
        }
        match self.target.dir.kind(p) {
            Err(e) if is_link_on_the_way(&e) => Ok(Some(Kind::Other)),
            other => other.map_err(|e| self.read_err(p, e)),
        }
    }

    /// Refuses the commit if anything is in the way, naming each thing once.
    fn nothing_in_the_way(mut self) -> Result<(), OutputError> {
        if self.in_the_way.is_empty() {
            return Ok(());
        }
        self.in_the_way.sort();
        self.in_the_way.dedup();
        Err(OutputError(format!(
            "nothing was changed, because {}: move {} out of the output folder, then build again",
            list(&self.in_the_way),
            if self.in_the_way.len() == 1 {
                "it"
            } else {
                "them"
            }
        )))
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
