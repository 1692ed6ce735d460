//! Looking at what is beneath a [`Dir`]: what a path is, its size, its bytes, the
//! names in a folder; a link is never followed.

use std::io;

use rustix::fs::{AtFlags, FileType, Mode, OFlags};

use super::{DIR_FLAGS, Dir, FileState, Kind, RelPath, kind_of};

impl Dir {
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
    pub fn len_and_mtime(&self, path: &RelPath) -> io::Result<Option<FileState>> {
        Ok(self
            .stat(path)?
            .filter(|st| kind_of(st) == Kind::File)
            .map(|st| len_and_mtime_of(&st)))
    }

    /// The bytes of the plain file at `path` (a link there is not read).
    pub fn read(&self, path: &RelPath) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut self.open_to_read(path)?, &mut bytes)?;
        Ok(bytes)
    }

    /// The file at `path`, opened to be read (not through a link, and without waiting
    /// on a pipe).
    fn open_to_read(&self, path: &RelPath) -> io::Result<std::fs::File> {
        let flags = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NONBLOCK;
        Ok(self
            .open_beneath(path.as_str(), flags, Mode::empty())?
            .into())
    }

    /// What is at `path` (a link there is not followed); nothing there is `NotFound`.
    fn stat_there(&self, path: &RelPath) -> io::Result<rustix::fs::Stat> {
        self.stat(path)?
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
    }

    /// The inode of what is at `path` (not following a link there).
    pub fn inode(&self, path: &RelPath) -> io::Result<u64> {
        let st = self.stat_there(path)?;
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
        let Ok(mut file) = self.open_to_read(path) else {
            return false;
        };
        // Looked at again once open: it may have changed since.
        let same_size = rustix::fs::fstat(&file)
            .is_ok_and(|st| kind_of(&st) == Kind::File && st.st_size as u64 == bytes.len() as u64);
        if !same_size {
            return false;
        }
        let mut old = Vec::with_capacity(bytes.len());
        io::Read::read_to_end(&mut file, &mut old).is_ok() && old == bytes
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

    /// The permission bits of the folder at `path` (to make it again as it was).
    pub fn mode(&self, path: &RelPath) -> io::Result<u32> {
        let st = self.stat_there(path)?;
        // `st_mode` is narrower than u32 on some systems.
        #[allow(clippy::unnecessary_cast)]
        Ok(st.st_mode as u32 & 0o7777)
    }

    /// The names in the folder at `path` (or in this folder), with what each is.
    pub fn list(&self, path: Option<&RelPath>) -> io::Result<Vec<(String, Kind)>> {
        let fd = match path {
            Some(p) => self.open_beneath(p.as_str(), DIR_FLAGS, Mode::empty())?,
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
}

/// A file's size and modification time (ns since the epoch), as the build stamp
/// records them.
pub(super) fn len_and_mtime_of(st: &rustix::fs::Stat) -> FileState {
    (
        st.st_size as u64,
        st.st_mtime as u128 * 1_000_000_000 + st.st_mtime_nsec as u128,
    )
}
