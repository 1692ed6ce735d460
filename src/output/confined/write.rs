//! Changing what is beneath a [`Dir`]: files written new or replaced in one step,
//! folders made and removed, names moved, locks taken; a link is never followed.

use std::io;

use rustix::fs::{AtFlags, Mode, OFlags};

use super::{DIR_FLAGS, Dir, Kind, RelPath, kind_of};

/// A file made new: it fails if anything (a link too) is at the name already.
const NEW_FILE: OFlags = OFlags::WRONLY
    .union(OFlags::CREATE)
    .union(OFlags::EXCL)
    .union(OFlags::CLOEXEC);

impl Dir {
    /// Writes a new file at `path`, making the folders on the way; fails if anything
    /// is there already.
    pub fn write_new(&self, path: &RelPath, bytes: &[u8]) -> io::Result<()> {
        self.write_new_stated(path, bytes).map(|_| ())
    }

    /// [`Dir::write_new`], returning the new file's size and modification time (as
    /// [`Dir::len_and_mtime`] gives them), read from the file just written rather
    /// than looked up again by name.
    pub fn write_new_stated(&self, path: &RelPath, bytes: &[u8]) -> io::Result<super::FileState> {
        let create = || self.open_beneath(path.as_str(), NEW_FILE, Mode::from_raw_mode(0o666));
        let fd = match create() {
            Err(e) if e.kind() == io::ErrorKind::NotFound && path.parent().is_some() => {
                self.create_dirs(&path.parent().expect("a parent"))?;
                create()?
            }
            other => other?,
        };
        let mut file = std::fs::File::from(fd);
        io::Write::write_all(&mut file, bytes)?;
        Ok(super::read::len_and_mtime_of(&rustix::fs::fstat(&file)?))
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

    /// Replaces the file at `path` with `bytes` in one step: a new file beside it,
    /// flushed to disk, renamed over it (a link there is replaced, not followed).
    pub fn replace_file(&self, path: &RelPath, bytes: &[u8]) -> io::Result<()> {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = RelPath::new(&format!("{path}.tmp-{}-{n}", std::process::id()))
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.0))?;
        let fd = self.open_beneath(tmp.as_str(), NEW_FILE, Mode::from_raw_mode(0o600))?;
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

    /// Makes the folder at `path` and those above it, where missing. The folder
    /// itself is tried first: most often only it is missing, and then one call
    /// makes it, where going down from the top would try every folder above.
    pub fn create_dirs(&self, path: &RelPath) -> io::Result<()> {
        match self.create_dir(path, 0o777) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                if self.kind(path)? == Some(Kind::Dir) {
                    Ok(())
                } else {
                    Err(io::Error::new(
                        io::ErrorKind::AlreadyExists,
                        format!("{path} is not a folder"),
                    ))
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let parent = path.parent().ok_or(e)?;
                self.create_dirs(&parent)?;
                match self.create_dir(path, 0o777) {
                    // Made meanwhile by another thread: `kind` says whether a folder.
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => self.create_dirs(path),
                    other => other,
                }
            }
            Err(e) => Err(e),
        }
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
