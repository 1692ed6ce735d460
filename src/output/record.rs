//! safeguard's record of what it wrote into an output folder, kept with its state
//! outside that folder (see [`super::state`]).
//!
//! The record decides what a build may replace or remove, so it is read as strictly
//! as it is written: JSON, naming the folder it is for, every path a plain relative
//! path inside it. A record that is damaged, or names another folder or anything that
//! is not such a path, is refused with a message and never acted on.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::confined::RelPath;

const FORMAT: &str = "safeguard record of written files";
const VERSION: u32 = 2;

/// One file safeguard wrote: its size and SHA-256.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub len: u64,
    pub sha256: String,
}

/// What one build wrote into one output folder.
#[derive(Clone, Debug, Default)]
pub struct Record {
    /// Which build wrote it: a commit that was interrupted is finished, not undone,
    /// when the record already names it.
    pub build: String,
    pub files: BTreeMap<RelPath, Written>,
    /// The folders safeguard made, and so may remove once they are empty.
    pub dirs: BTreeSet<RelPath>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OnDisk {
    format: String,
    version: u32,
    /// The output folder, its links resolved.
    output: String,
    build: String,
    files: Vec<FileOnDisk>,
    /// The folders safeguard made.
    dirs: Vec<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileOnDisk {
    path: String,
    len: u64,
    sha256: String,
}

/// Reads a record (`bytes`, read from `at`), which must be for `output`.
pub fn parse(bytes: &[u8], at: &Path, output: &Path) -> Result<Record, String> {
    let damaged = |why: String| {
        Err(format!(
            "safeguard's record of what it wrote to {} ({}) is damaged: {why}. safeguard will not act on it. Delete that record and empty the output folder (or choose another with --output), then build again",
            output.display(),
            at.display()
        ))
    };
    let disk: OnDisk = match serde_json::from_slice(bytes) {
        Ok(d) => d,
        Err(e) => return damaged(e.to_string()),
    };
    if disk.format != FORMAT || disk.version != VERSION {
        return damaged(format!(
            "it is not a record this version of safeguard writes (format {:?}, version {})",
            disk.format, disk.version
        ));
    }
    if Path::new(&disk.output) != output {
        return damaged(format!(
            "it is the record of another folder, {}",
            disk.output
        ));
    }
    let mut files = BTreeMap::new();
    for f in disk.files {
        let path = match RelPath::new(&f.path) {
            Ok(p) => p,
            Err(e) => {
                return damaged(format!(
                    "it names {}, which is not a file inside the output folder",
                    e.0
                ));
            }
        };
        if f.sha256.len() != 64 || !f.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return damaged(format!("the digest of {path} is not a SHA-256"));
        }
        if files
            .insert(
                path.clone(),
                Written {
                    len: f.len,
                    sha256: f.sha256,
                },
            )
            .is_some()
        {
            return damaged(format!("it names {path} twice"));
        }
    }
    let mut dirs = BTreeSet::new();
    for d in disk.dirs {
        match RelPath::new(&d) {
            Ok(p) => {
                dirs.insert(p);
            }
            Err(e) => {
                return damaged(format!(
                    "it names {}, which is not a folder inside the output folder",
                    e.0
                ));
            }
        }
    }
    Ok(Record {
        build: disk.build,
        files,
        dirs,
    })
}

/// The record as written to disk: deterministic (sorted), one file an entry.
pub fn to_bytes(record: &Record, output: &Path) -> Vec<u8> {
    let disk = OnDisk {
        format: FORMAT.to_string(),
        version: VERSION,
        output: output.to_string_lossy().into_owned(),
        build: record.build.clone(),
        files: record
            .files
            .iter()
            .map(|(p, w)| FileOnDisk {
                path: p.as_str().to_string(),
                len: w.len,
                sha256: w.sha256.clone(),
            })
            .collect(),
        dirs: record.dirs.iter().map(|d| d.as_str().to_string()).collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&disk).expect("a record serialises");
    bytes.push(b'\n');
    bytes
}

/// The list earlier versions of safeguard kept in the output folder itself
/// (`.safeguard-output`, one path a line), read as strictly as a record, so that a
/// folder built by them can be taken over. Digests are unknown: empty.
pub fn read_legacy(text: &str, at: &Path) -> Result<Record, String> {
    let mut files = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let path = RelPath::new(line).map_err(|e| {
            format!(
                "{}:{}: the list of files an earlier safeguard wrote names {}, which is not a file inside the output folder; safeguard will not act on it. Empty the output folder (or choose another with --output), then build again",
                at.display(),
                n + 1,
                e.0
            )
        })?;
        files.insert(
            path,
            Written {
                len: 0,
                sha256: String::new(),
            },
        );
    }
    // An older version did not say which folders it made: every folder its files
    // are in.
    let dirs = files
        .keys()
        .flat_map(|f: &RelPath| f.prefixes().filter(move |p| p != f))
        .collect();
    Ok(Record {
        build: String::new(),
        files,
        dirs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(paths: &[&str]) -> Record {
        Record {
            build: "b1".into(),
            files: paths
                .iter()
                .map(|p| {
                    (
                        RelPath::new(p).unwrap(),
                        Written {
                            len: 1,
                            sha256: "ab".repeat(32),
                        },
                    )
                })
                .collect(),
            dirs: [RelPath::new("a").unwrap()].into(),
        }
    }

    #[test]
    fn a_record_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("record.json");
        let out = Path::new("/srv/site");
        let bytes = to_bytes(&record(&["index.html", "a/index.html"]), out);
        let back = parse(&bytes, &at, out).unwrap();
        assert_eq!(back.files.len(), 2);
        assert!(back.dirs.contains(&RelPath::new("a").unwrap()));
        assert_eq!(back.build, "b1");
    }

    #[test]
    fn a_record_that_names_anything_else_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("record.json");
        let out = Path::new("/srv/site");
        let good = String::from_utf8(to_bytes(&record(&["index.html"]), out)).unwrap();
        for bad in [
            good.replace("index.html", "../x"),
            good.replace("index.html", "/etc/passwd"),
            good.replace("index.html", "a\\nb"),
            good.replace("/srv/site", "/srv/other"),
            good.replace("\"version\": 2", "\"version\": 9"),
            good.replace(&"ab".repeat(32), "zz"),
            good[..good.len() / 2].to_string(),
            "index.html\n".to_string(),
        ] {
            let e = parse(bad.as_bytes(), &at, out).unwrap_err();
            assert!(
                e.contains("is damaged") && e.contains("will not act"),
                "{e}"
            );
        }
    }

    #[test]
    fn a_legacy_list_with_a_path_leaving_the_folder_is_refused() {
        let at = Path::new("out/.safeguard-output");
        assert_eq!(
            read_legacy("# header\na/index.html\n", at)
                .unwrap()
                .files
                .len(),
            1
        );
        for bad in ["/etc/passwd\n", "../../x\n", "a/../../b\n"] {
            assert!(
                read_legacy(bad, at).unwrap_err().contains("will not act"),
                "{bad}"
            );
        }
    }
}
