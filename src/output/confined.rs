//! Every change safeguard makes to the output folder goes through a [`Dir`]: a handle
//! on one folder that reaches only what is beneath it and never follows a link.
//!
//! Paths are [`RelPath`]s, checked once to be plain relative paths (no `..`, no
//! absolute part, no control characters). Each folder on the way is opened with
//! `O_NOFOLLOW | O_DIRECTORY`, relative to the one before, and the last name is acted
//! on with the `*at` calls, which do not follow a link in it either. So neither a
//! tampered record nor a link planted in the output can turn a write or a removal
//! towards anything outside the folder, or inside it through a link.

use std::fmt;
use std::io;
use std::os::fd::{AsFd, OwnedFd};
use std::path::Path;

use rustix::fs::{AtFlags, FileType, Mode, OFlags};

/// A plain path relative to a folder: names joined by `/`, none empty, `.` or `..`,
/// none with a control character or a backslash.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RelPath(String);

/// Why a path is not a plain relative path, in words for the person who sees it.
#[derive(Debug, PartialEq, Eq)]
pub struct BadPath(pub String);

impl RelPath {
    pub fn new(path: &str) -> Result<RelPath, BadPath> {
        let bad = |why: &str| Err(BadPath(format!("`{path}` (it {why})")));
        if path.is_empty() {
            return bad("is empty");
        }
        if path.len() > 4000 {
            return bad("is too long");
        }
        if path.starts_with('/') {
            return bad("is an absolute path");
        }
        if let Some(c) = path.chars().find(|c| is_control(*c)) {
            return bad(&format!("has a control character ({})", c.escape_unicode()));
        }
        if path.contains('\\') {
            return bad("has a backslash");
        }
        for name in path.split('/') {
            match name {
                "" => return bad("has an empty part (`//` or a trailing `/`)"),
                "." | ".." => return bad("has a `.` or `..` part"),
                _ if name.len() > 255 => return bad("has a name longer than 255 bytes"),
                _ => {}
            }
        }
        Ok(RelPath(path.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The names of the path, first to last.
    pub fn names(&self) -> impl DoubleEndedIterator<Item = &str> {
        self.0.split('/')
    }

    /// The folder the path is in, if it is not at the top.
    pub fn parent(&self) -> Option<RelPath> {
        self.0.rsplit_once('/').map(|(p, _)| RelPath(p.to_string()))
    }

    /// The path and every folder above it, shortest first (`a`, `a/b`, `a/b/c`).
    pub fn prefixes(&self) -> impl Iterator<Item = RelPath> + '_ {
        self.0
            .match_indices('/')
            .map(|(i, _)| RelPath(self.0[..i].to_string()))
            .chain(std::iter::once(self.clone()))
    }
}

impl fmt::Display for RelPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A character no file name of a site may hold: one that may not be printed as it is
/// (a control character, a bidirectional override), a tab, or a line separator.
pub fn is_control(c: char) -> bool {
    crate::diagnostics::is_unprintable(c) || matches!(c, '\t' | '\u{2028}' | '\u{2029}')
}

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

    /// The folder a path is in, opened through every name on the way without
    /// following a link, and the path's last name.
    fn parent_of<'p>(&self, path: &'p RelPath) -> io::Result<(Option<OwnedFd>, &'p str)> {
        let (dirs, name) = match path.as_str().rsplit_once('/') {
            Some((dirs, name)) => (Some(dirs), name),
            None => (None, path.as_str()),
        };
        let Some(dirs) = dirs else {
            return Ok((None, name));
        };
        Ok((
            Some(self.open_beneath(dirs, DIR_FLAGS, Mode::empty())?),
            name,
        ))
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
        let (dirs, last) = match path.rsplit_once('/') {
            Some((d, l)) => (Some(d), l),
            None => (None, path),
        };
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

    fn with_parent<T>(
        &self,
        path: &RelPath,
        f: impl FnOnce(std::os::fd::BorrowedFd<'_>, &str) -> io::Result<T>,
    ) -> io::Result<T> {
        let (fd, name) = self.parent_of(path)?;
        match &fd {
            Some(fd) => f(fd.as_fd(), name),
            None => f(self.fd.as_fd(), name),
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

    /// What is at `path`, if anything; a link is [`Kind::Other`], never followed.
    pub fn kind(&self, path: &RelPath) -> io::Result<Option<Kind>> {
        Ok(self.stat(path)?.map(|st| kind_of(&st)))
    }

    /// The size of the plain file at `path`, if there is one.
    pub fn file_len(&self, path: &RelPath) -> io::Result<Option<u64>> {
        Ok(self.len_and_mtime(path)?.map(|(len, _)| len))
    }

    /// The size and modification time (ns since the epoch) of the plain file at
    /// `path`, if there is one.
    pub fn len_and_mtime(&self, path: &RelPath) -> io::Result<Option<(u64, u128)>> {
        Ok(self
            .stat(path)?
            .filter(|st| kind_of(st) == Kind::File)
            .map(|st| {
                (
                    st.st_size as u64,
                    st.st_mtime as u128 * 1_000_000_000 + st.st_mtime_nsec as u128,
                )
            }))
    }

    /// The bytes of the plain file at `path` (a link there is not read).
    pub fn read(&self, path: &RelPath) -> io::Result<Vec<u8>> {
        let fd = self.open_beneath(
            path.as_str(),
            OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NONBLOCK,
            Mode::empty(),
        )?;
        let mut file = std::fs::File::from(fd);
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut file, &mut bytes)?;
        Ok(bytes)
    }

    /// The inode of what is at `path` (not following a link there).
    pub fn inode(&self, path: &RelPath) -> io::Result<u64> {
        let st = self
            .stat(path)?
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))?;
        // `st_ino` is narrower than u64 on some systems.
        #[allow(clippy::unnecessary_cast)]
        Ok(st.st_ino as u64)
    }

    /// Whether the plain file at `path` holds exactly `bytes` (a link, a pipe or a
    /// device there does not, and is not opened).
    pub fn holds(&self, path: &RelPath, bytes: &[u8]) -> bool {
        if self.file_len(path).ok().flatten() != Some(bytes.len() as u64) {
            return false;
        }
        let Ok(fd) = self.open_beneath(
            path.as_str(),
            OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NONBLOCK,
            Mode::empty(),
        ) else {
            return false;
        };
        // Looked at again once open: it may have changed since.
        let same_size = rustix::fs::fstat(&fd)
            .is_ok_and(|st| kind_of(&st) == Kind::File && st.st_size as u64 == bytes.len() as u64);
        if !same_size {
            return false;
        }
        let mut file = std::fs::File::from(fd);
        let mut old = Vec::with_capacity(bytes.len());
        io::Read::read_to_end(&mut file, &mut old).is_ok() && old == bytes
    }

    /// Writes a new file at `path`, making the folders on the way; fails if anything
    /// is there already.
    pub fn write_new(&self, path: &RelPath, bytes: &[u8]) -> io::Result<()> {
        let create = || {
            self.open_beneath(
                path.as_str(),
                OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::CLOEXEC,
                Mode::from_raw_mode(0o666),
            )
        };
        let fd = match create() {
            Err(e) if e.kind() == io::ErrorKind::NotFound && path.parent().is_some() => {
                self.create_dirs(&path.parent().expect("a parent"))?;
                create()?
            }
            other => other?,
        };
        io::Write::write_all(&mut std::fs::File::from(fd), bytes)
    }

    /// The folder at `path`, opened as a `Dir` of its own (no link followed).
    pub fn sub(&self, path: &RelPath) -> io::Result<Dir> {
        Ok(Dir {
            fd: self.open_beneath(path.as_str(), DIR_FLAGS, Mode::empty())?,
        })
    }

    /// The folder at `path`, made if missing, opened as a `Dir` of its own.
    pub fn sub_made(&self, path: &RelPath, mode: u32) -> io::Result<Dir> {
        match self.create_dir(path, mode) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
        self.sub(path)
    }

    /// The bytes of the plain file at `path`, or `None` if nothing is there; a link
    /// or anything but a plain file there is an error.
    pub fn read_if_there(&self, path: &RelPath) -> io::Result<Option<Vec<u8>>> {
        match self.kind(path)? {
            None => Ok(None),
            Some(Kind::File) => self.read(path).map(Some),
            Some(_) => Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{path} is not a plain file (a link, say)"),
            )),
        }
    }

    /// Replaces the file at `path` with `bytes` in one step: a new file beside it,
    /// flushed to disk, renamed over it (a link there is replaced, not followed).
    pub fn replace_file(&self, path: &RelPath, bytes: &[u8]) -> io::Result<()> {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = RelPath::new(&format!("{path}.tmp-{}-{n}", std::process::id()))
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.0))?;
        let fd = self.open_beneath(
            tmp.as_str(),
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::CLOEXEC,
            Mode::from_raw_mode(0o600),
        )?;
        let mut file = std::fs::File::from(fd);
        let written = io::Write::write_all(&mut file, bytes).and_then(|()| file.sync_data());
        let renamed = written.and_then(|()| {
            self.with_parent(&tmp, |dir, from| {
                self.with_parent(path, |to_dir, to| {
                    rustix::fs::renameat(dir, from, to_dir, to).map_err(io::Error::from)
                })
            })
        });
        if renamed.is_err() {
            let _ = self.remove_file(&tmp);
        }
        renamed
    }

    /// Opens (making it if missing) the plain file at `path` to lock it; a link or a
    /// pipe there is refused, so opening it can neither leave the folder nor block.
    pub fn lock_file(&self, path: &RelPath) -> io::Result<std::fs::File> {
        let fd = self.open_beneath(
            path.as_str(),
            OFlags::RDWR | OFlags::CREATE | OFlags::CLOEXEC | OFlags::NONBLOCK,
            Mode::from_raw_mode(0o600),
        )?;
        if kind_of(&rustix::fs::fstat(&fd)?) != Kind::File {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{path} is not a plain file"),
            ));
        }
        Ok(std::fs::File::from(fd))
    }

    /// Takes the lock on this folder itself (shared by every build into it, whatever
    /// site it is from); `false` if another holds it and `wait` is not set.
    pub fn lock(&self, wait: bool) -> io::Result<bool> {
        use rustix::fs::FlockOperation;
        let op = if wait {
            FlockOperation::LockExclusive
        } else {
            FlockOperation::NonBlockingLockExclusive
        };
        match rustix::fs::flock(&self.fd, op) {
            Ok(()) => Ok(true),
            Err(e) if e == rustix::io::Errno::WOULDBLOCK => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Makes the folder at `path` and those above it, where missing.
    pub fn create_dirs(&self, path: &RelPath) -> io::Result<()> {
        for prefix in path.prefixes() {
            match self.create_dir(&prefix, 0o777) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    if self.kind(&prefix)? != Some(Kind::Dir) {
                        return Err(io::Error::new(
                            io::ErrorKind::AlreadyExists,
                            format!("{prefix} is not a folder"),
                        ));
                    }
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Makes one folder (`mode` narrowed by the umask, as for any new folder).
    pub fn create_dir(&self, path: &RelPath, mode: u32) -> io::Result<()> {
        self.with_parent(path, |dir, name| {
            rustix::fs::mkdirat(dir, name, Mode::from_raw_mode(mode as _)).map_err(io::Error::from)
        })
    }

    /// Makes one folder again with exactly the permissions `mode` it had (to undo
    /// its removal: the umask must not narrow them).
    pub fn recreate_dir(&self, path: &RelPath, mode: u32) -> io::Result<()> {
        self.with_parent(path, |dir, name| {
            rustix::fs::mkdirat(dir, name, Mode::from_raw_mode(mode as _))?;
            rustix::fs::chmodat(dir, name, Mode::from_raw_mode(mode as _), AtFlags::empty())
                .map_err(io::Error::from)
        })
    }

    /// Removes the file (or link) at `path`; never a folder.
    pub fn remove_file(&self, path: &RelPath) -> io::Result<()> {
        self.with_parent(path, |dir, name| {
            rustix::fs::unlinkat(dir, name, AtFlags::empty()).map_err(io::Error::from)
        })
    }

    /// Removes the folder at `path` if it is empty.
    pub fn remove_empty_dir(&self, path: &RelPath) -> io::Result<()> {
        self.with_parent(path, |dir, name| {
            rustix::fs::unlinkat(dir, name, AtFlags::REMOVEDIR).map_err(io::Error::from)
        })
    }

    /// The permission bits of the folder at `path` (to make it again as it was).
    pub fn mode(&self, path: &RelPath) -> io::Result<u32> {
        let st = self
            .stat(path)?
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))?;
        // `st_mode` is narrower than u32 on some systems.
        #[allow(clippy::unnecessary_cast)]
        Ok(st.st_mode as u32 & 0o7777)
    }

    /// The names in the folder at `path` (or in this folder), with what each is.
    pub fn list(&self, path: Option<&RelPath>) -> io::Result<Vec<(String, Kind)>> {
        let fd = match path {
            Some(p) => self.with_parent(p, |dir, name| {
                rustix::fs::openat(dir, name, DIR_FLAGS, Mode::empty()).map_err(io::Error::from)
            })?,
            None => rustix::fs::openat(&self.fd, ".", DIR_FLAGS, Mode::empty())?,
        };
        let mut dir = rustix::fs::Dir::read_from(&fd)?;
        let mut names = Vec::new();
        while let Some(entry) = dir.read() {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name == "." || name == ".." {
                continue;
            }
            let kind = match entry.file_type() {
                FileType::RegularFile => Kind::File,
                FileType::Directory => Kind::Dir,
                FileType::Unknown => kind_of(&rustix::fs::statat(
                    &fd,
                    entry.file_name(),
                    AtFlags::SYMLINK_NOFOLLOW,
                )?),
                _ => Kind::Other,
            };
            names.push((name, kind));
        }
        names.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(names)
    }

    /// Moves `from` (beneath `self`) to `to` (beneath `target`), never replacing
    /// anything at `to`.
    pub fn move_to(&self, from: &RelPath, target: &Dir, to: &RelPath) -> io::Result<()> {
        self.with_parent(from, |from_dir, from_name| {
            target.with_parent(to, |to_dir, to_name| {
                rename_no_replace(from_dir, from_name, to_dir, to_name)
            })
        })
    }
}

#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
fn rename_no_replace(
    from_dir: std::os::fd::BorrowedFd<'_>,
    from: &str,
    to_dir: std::os::fd::BorrowedFd<'_>,
    to: &str,
) -> io::Result<()> {
    rustix::fs::renameat_with(
        from_dir,
        from,
        to_dir,
        to,
        rustix::fs::RenameFlags::NOREPLACE,
    )
    .map_err(io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "macos")))]
fn rename_no_replace(
    from_dir: std::os::fd::BorrowedFd<'_>,
    from: &str,
    to_dir: std::os::fd::BorrowedFd<'_>,
    to: &str,
) -> io::Result<()> {
    // Without an atomic "no replace", look first: only safeguard writes here while it
    // holds the output's lock.
    match rustix::fs::statat(to_dir, to, AtFlags::SYMLINK_NOFOLLOW) {
        Ok(_) => return Err(io::Error::from(io::ErrorKind::AlreadyExists)),
        Err(e) if e == rustix::io::Errno::NOENT => {}
        Err(e) => return Err(e.into()),
    }
    rustix::fs::renameat(from_dir, from, to_dir, to).map_err(io::Error::from)
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
    fn only_plain_relative_paths_are_paths() {
        for good in ["a", "a/b/index.html", ".well-known/x", "é/ü.html", "a b/c"] {
            assert!(RelPath::new(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a/./b",
            "a//b",
            "a/",
            "a\nb",
            "a\\b",
            "x\u{1b}[2J",
            "a\u{202e}b",
            "a\0b",
        ] {
            assert!(RelPath::new(bad).is_err(), "{bad:?}");
        }
    }

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
