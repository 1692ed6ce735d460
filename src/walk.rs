//! Walking the folders a site is made from (`content/`, `static/`, `templates/`,
//! `themes/`), the one way every stage finds its files.
//!
//! - A link is followed only where it stays inside the site folder, or inside a
//!   folder `site.yaml` names under `outside_folders`; a link that leaves is an error
//!   at the link's path, and nothing behind it is read. So a site cannot publish a
//!   system file or a folder of keys by linking to it.
//! - A link that loops back to a folder that holds it is an error, not followed.
//! - A name with a control character (a newline, an escape) is an error at its path:
//!   such a name can disguise itself in a listing or a terminal, and no page needs one.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::output::confined::is_control;

/// Where links may lead: the site folder, and the outside folders it names.
#[derive(Clone, Debug, Default)]
pub struct Bounds {
    inside: Vec<PathBuf>,
}

impl Bounds {
    /// The site folder `root` and `outside` (each absolute, or relative to `root`).
    pub fn new(root: &Path, outside: &[String]) -> Bounds {
        let mut inside = vec![real(root)];
        inside.extend(outside.iter().map(|o| real(&root.join(o))));
        Bounds { inside }
    }

    fn allows(&self, target: &Path) -> bool {
        self.inside.iter().any(|i| target.starts_with(i))
    }
}

fn real(p: &Path) -> PathBuf {
    p.canonicalize()
        .unwrap_or_else(|_| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()))
}

/// Whether a name is left out of a site wherever it is (`content/`, `static/`,
/// templates, themes) and its changes do not rebuild the preview: a file an editor
/// leaves while saving (`#a.md#`, `a.md~`, `.a.md.swp`, `a.tmp`, `a.bak`, and `4913`,
/// the file Vim makes to test that a folder is writable) or one hidden on purpose.
pub fn is_scratch(name: &str) -> bool {
    name.starts_with(['.', '#'])
        || name.ends_with('~')
        || [".swp", ".swx", ".tmp", ".bak"]
            .iter()
            .any(|ext| name.ends_with(ext))
        || name == "4913"
}

/// [`files`]' `skip` for `static/`, templates and themes: scratch files, but not
/// hidden folders (`static/.well-known/` is published).
pub fn is_scratch_file(name: &str, is_dir: bool) -> bool {
    !is_dir && is_scratch(name)
}

/// A file found by [`files`].
pub struct Found {
    /// The path as found under the folder walked (links not resolved).
    pub path: PathBuf,
    /// How deep below the folder walked (1 for a file in it).
    pub depth: usize,
}

/// Why the link at `path` may not be followed, if it may not: it leads out of
/// `bounds`, or nowhere.
fn leaves(path: &Path, bounds: &Bounds) -> Option<Problem> {
    let message = match std::fs::canonicalize(path) {
        Ok(t) if bounds.allows(&t) => return None,
        Ok(t) => format!(
            "is a link to {}, outside the site folder, so safeguard does not read it: copy what you need into the site, or name that folder under `outside_folders:` in site.yaml",
            t.display()
        ),
        Err(err) => {
            format!("is a link that leads nowhere ({err}): remove it or point it elsewhere")
        }
    };
    Some(Problem {
        path: path.to_path_buf(),
        message,
    })
}

/// Why a path was left out, for a diagnostic at it.
pub struct Problem {
    pub path: PathBuf,
    pub message: String,
}

/// Every plain file under `dir`, in file-name order, whose name `skip` does not
/// reject (`skip(name, is_folder)`; a skipped folder is not entered), with the
/// problems met on the way.
pub fn files(
    dir: &Path,
    bounds: &Bounds,
    skip: impl Fn(&str, bool) -> bool,
) -> (Vec<Found>, Vec<Problem>) {
    let problems = RefCell::new(Vec::new());
    let mut found = Vec::new();
    // The folder itself may be a link (`static -> /somewhere`): judged like any other.
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink())
        && let Some(problem) = leaves(dir, bounds)
    {
        return (found, vec![problem]);
    }
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            let name = e.file_name().to_string_lossy();
            if skip(&name, e.file_type().is_dir()) {
                return false;
            }
            if name.chars().any(is_control) {
                problems.borrow_mut().push(Problem {
                    path: e.path().to_path_buf(),
                    message: format!(
                        "the name `{}` has a control character in it (a line break, a tab or an escape): rename it with letters, digits, spaces and dashes",
                        name
                    ),
                });
                return false;
            }
            if e.path_is_symlink()
                && let Some(problem) = leaves(e.path(), bounds)
            {
                problems.borrow_mut().push(problem);
                return false;
            }
            true
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => found.push(Found {
                depth: e.depth(),
                path: e.into_path(),
            }),
            Ok(_) => {}
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                let message = if e.loop_ancestor().is_some() {
                    "this symbolic link loops back to a folder that contains it: it was skipped; point it elsewhere or remove it".to_string()
                } else {
                    format!(
                        "cannot be read: {}",
                        e.io_error()
                            .map_or_else(|| e.to_string(), |io| io.to_string())
                    )
                };
                problems.borrow_mut().push(Problem { path, message });
            }
        }
    }
    (found, problems.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_leaving_the_site_are_not_followed() {
        let site = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "key").unwrap();
        let dir = site.path().join("static");
        std::fs::create_dir_all(dir.join("inner")).unwrap();
        std::fs::write(dir.join("inner/a.txt"), "a").unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.join("keys")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), dir.join("s.txt")).unwrap();
        std::os::unix::fs::symlink(dir.join("inner"), dir.join("again")).unwrap();
        std::fs::write(dir.join("bad\nname.txt"), "x").unwrap();

        let (found, problems) = files(&dir, &Bounds::new(site.path(), &[]), |_, _| false);
        let names: Vec<String> = found
            .iter()
            .map(|f| f.path.strip_prefix(&dir).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["again/a.txt", "inner/a.txt"]);
        let mut said: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
        said.sort();
        assert_eq!(said.len(), 3, "{said:?}");
        assert!(
            said.iter()
                .filter(|m| m.contains("outside the site folder"))
                .count()
                == 2
        );
        assert!(
            said.iter()
                .any(|m| crate::diagnostics::printable(m).contains("bad\\u{a}name.txt"))
        );

        // Named in site.yaml, the outside folder may be linked to.
        let allowed = Bounds::new(site.path(), &[outside.path().display().to_string()]);
        let (found, _) = files(&dir, &allowed, |n, _| n.contains('\n'));
        assert_eq!(found.len(), 4);
    }

    #[test]
    fn scratch_files_are_known_by_name() {
        for name in [
            ".a.md.swp",
            ".#a.md",
            "#a.md#",
            "a.md~",
            "a.tmp",
            "a.bak",
            "4913",
        ] {
            assert!(is_scratch(name), "{name}");
        }
        for name in ["a.md", "49130.png", "tmp.md", "bak", "a~b.md"] {
            assert!(!is_scratch(name), "{name}");
        }
    }
}
