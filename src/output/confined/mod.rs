//! Every change safeguard makes to the output folder goes through a [`Dir`]: a handle
//! on one folder that reaches only what is beneath it and never follows a link.
//!
//! Paths are [`RelPath`]s, checked once to be plain relative paths (no `..`, no
//! absolute part, no control characters). Each folder on the way is opened with
//! `O_NOFOLLOW | O_DIRECTORY`, relative to the one before, and the last name is acted
//! on with the `*at` calls, which do not follow a link in it either. So neither a
//! tampered record nor a link planted in the output can turn a write or a removal
//! towards anything outside the folder, or inside it through a link.

mod path;
mod read;
mod write;

use std::io;
use std::os::fd::{AsFd, OwnedFd};
use std::path::Path;

use rustix::fs::{AtFlags, FileType, Mode, OFlags};

pub use path::{BadPath, RelPath, is_control};

/// A plain file's size and modification time (ns since the epoch): what the build
/// stamp records of each file it vouches for.
pub type FileState = (u64, u128);

/// What is at a path, without following a link there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    /// A link, or anything else that is neither a plain file nor a folder.
    Other,
}

/// An open folder that everything beneath it is reached through.
pub struct Dir {
    fd: OwnedFd,
}

/// Whether `openat2` may be tried (cleared the first time the system says no).
#[cfg(any(target_os = "linux", target_os = "android"))]
static HAS_OPENAT2: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

const DIR_FLAGS: OFlags = OFlags::DIRECTORY
    .union(OFlags::NOFOLLOW)
    .union(OFlags::CLOEXEC)
    .union(OFlags::RDONLY);

impl Dir {
    /// Opens the folder at `path`, which must be a folder and not a link (pass a path
    /// with its links resolved).
    pub fn open(path: &Path) -> io::Result<Dir> {
        let fd = rustix::fs::open(path, DIR_FLAGS, Mode::empty())?;
        Ok(Dir { fd })
    }

    /// The device and inode of the folder, to tell whether a path still names it.
    pub fn identity(&self) -> io::Result<(u64, u64)> {
        let st = rustix::fs::fstat(&self.fd)?;
        Ok((st.st_dev as u64, st.st_ino as u64))
    }

    /// Opens `path` (plain names joined by `/`) beneath this folder, following no
    /// link on the way: in one call where the system has `openat2` (Linux 5.6), else
    /// a name at a time with `O_NOFOLLOW`. Either way a link on the way is `ELOOP`,
    /// a file on the way `ENOTDIR`.
    fn open_beneath(&self, path: &str, flags: OFlags, mode: Mode) -> io::Result<OwnedFd> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if HAS_OPENAT2.load(std::sync::atomic::Ordering::Relaxed) {
            use rustix::fs::ResolveFlags;
            let resolve =
                ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS | ResolveFlags::NO_MAGICLINKS;
            match rustix::fs::openat2(&self.fd, path, flags | OFlags::NOFOLLOW, mode, resolve) {
                Err(e) if e == rustix::io::Errno::NOSYS || e == rustix::io::Errno::PERM => {
                    // Not on this kernel, or refused by a sandbox's filter.
                    HAS_OPENAT2.store(false, std::sync::atomic::Ordering::Relaxed);
                }
                other => return other.map_err(io::Error::from),
            }
        }
        let (dirs, last) = split_last(path);
        let mut fd: Option<OwnedFd> = None;
        for part in dirs.into_iter().flat_map(|d| d.split('/')) {
            let next = match &fd {
                Some(f) => rustix::fs::openat(f, part, DIR_FLAGS, Mode::empty())?,
                None => rustix::fs::openat(&self.fd, part, DIR_FLAGS, Mode::empty())?,
            };
            fd = Some(next);
        }
        let at = match &fd {
            Some(f) => f.as_fd(),
            None => self.fd.as_fd(),
        };
        Ok(rustix::fs::openat(
            at,
            last,
            flags | OFlags::NOFOLLOW,
            mode,
        )?)
    }

    /// Calls `f` with the folder `path` is in, opened through every name on the way
    /// without following a link, and the path's last name.
    fn with_parent<T>(
        &self,
        path: &RelPath,
        f: impl FnOnce(std::os::fd::BorrowedFd<'_>, &str) -> io::Result<T>,
    ) -> io::Result<T> {
        match split_last(path.as_str()) {
            (Some(dirs), name) => f(
                self.open_beneath(dirs, DIR_FLAGS, Mode::empty())?.as_fd(),
                name,
            ),
            (None, name) => f(self.fd.as_fd(), name),
        }
    }

    /// What is at `path` (a link there is not followed), or `None` if nothing we
    /// could reach is: a missing name, or a name on the way that is a file or a link.
    fn stat(&self, path: &RelPath) -> io::Result<Option<rustix::fs::Stat>> {
        let found = self.with_parent(path, |dir, name| {
            rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW).map_err(io::Error::from)
        });
        match found {
            Ok(st) => Ok(Some(st)),
            Err(e) if is_absent(&e) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// A path's folders, if it has any, and its last name: `a/b/c` is `a/b` and `c`.
fn split_last(path: &str) -> (Option<&str>, &str) {
    match path.rsplit_once('/') {
        Some((dirs, name)) => (Some(dirs), name),
        None => (None, path),
    }
}

/// What a file's status says it is.
fn kind_of(st: &rustix::fs::Stat) -> Kind {
    match FileType::from_raw_mode(st.st_mode) {
        FileType::RegularFile => Kind::File,
        FileType::Directory => Kind::Dir,
        _ => Kind::Other,
    }
}

/// Nothing reachable is at the path: it is missing, or a name on the way is a file or
/// a link (`O_NOFOLLOW` on a link gives `ELOOP`, a file gives `ENOTDIR`).
fn is_absent(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::NotFound
        || e.raw_os_error() == Some(rustix::io::Errno::NOTDIR.raw_os_error())
}

/// A name on the way to a path is a link, which safeguard does not follow.
pub fn is_link_on_the_way(e: &io::Error) -> bool {
    e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_never_followed() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("keep.txt"), "mine").unwrap();
        let out = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), out.path().join("linked")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("keep.txt"), out.path().join("file"))
            .unwrap();
        let dir = Dir::open(out.path()).unwrap();
        let p = |s| RelPath::new(s).unwrap();
        assert_eq!(dir.kind(&p("linked")).unwrap(), Some(Kind::Other));
        assert_eq!(dir.kind(&p("linked/keep.txt")).unwrap(), None);
        assert!(dir.read(&p("file")).is_err());
        assert!(dir.remove_file(&p("linked/keep.txt")).is_err());
        assert!(dir.write_new(&p("linked/new.txt"), b"x").is_err());
        assert!(dir.write_new(&p("file"), b"x").is_err());
        // Removing the link removes the link, not what it points to.
        dir.remove_file(&p("file")).unwrap();
        assert_eq!(
            std::fs::read_to_string(outside.path().join("keep.txt")).unwrap(),
            "mine"
        );
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 1);
    }
}
