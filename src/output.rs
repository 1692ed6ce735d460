//! Writing the output folder safely.
//!
//! - Only files whose bytes changed are rewritten, each atomically (temp file + rename).
//! - A manifest of what we wrote is kept in the folder; files we wrote before and no
//!   longer make are removed; nothing else is ever deleted or overwritten.
//! - A folder that holds files but no manifest is not ours: it is refused.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// The manifest of files this tool wrote, one path per line, inside the output folder.
pub const MANIFEST: &str = ".safeguard-output";
const MANIFEST_HEADER: &str =
    "# Files written by safeguard. Do not edit: it decides what safeguard may replace or remove.";

/// The bytes of one output file, shared: `serve` keeps unchanged pages from one
/// rebuild to the next without copying them, and sees at a glance which are new.
pub type Bytes = std::sync::Arc<[u8]>;

/// Every file of a build: output-relative path (with `/`) → bytes. Sorted, so writing
/// and the manifest are deterministic.
pub type Plan = std::collections::BTreeMap<String, Bytes>;

#[derive(Debug, Default)]
pub struct WriteReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Why the output folder cannot be written.
#[derive(Debug)]
pub struct OutputError(pub String);

/// Checks, before anything is rendered, that `output` may be written by us.
pub fn check_folder(output: &Path, root: &Path) -> Result<(), OutputError> {
    let out = absolute(output);
    let root = absolute(root);
    if root.starts_with(&out) {
        return Err(OutputError(format!(
            "the output folder {} contains the site itself: choose a folder of its own, like {}",
            output.display(),
            root.join("output").display()
        )));
    }
    for source_dir in ["content", "templates", "themes", "static"] {
        if out.starts_with(root.join(source_dir)) {
            return Err(OutputError(format!(
                "the output folder {} is inside the site's {source_dir}/ folder: choose a folder outside it",
                output.display()
            )));
        }
    }
    if out.exists() && !out.is_dir() {
        return Err(OutputError(format!(
            "{} exists and is not a folder",
            output.display()
        )));
    }
    if out.is_dir() && !out.join(MANIFEST).is_file() {
        let mut entries = std::fs::read_dir(&out).map_err(|e| {
            OutputError(format!(
                "cannot read the output folder {}: {e}",
                output.display()
            ))
        })?;
        if entries.next().is_some() {
            return Err(OutputError(format!(
                "the output folder {} holds files that safeguard did not write, and safeguard never deletes or replaces what it did not write: empty it, or choose another with --output",
                output.display()
            )));
        }
    }
    Ok(())
}

fn absolute(p: &Path) -> PathBuf {
    let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    // Resolve links where the path exists, so two spellings of one folder compare equal.
    p.canonicalize().unwrap_or(p)
}

fn read_manifest(output: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(output.join(MANIFEST))
        .map(|text| {
            text.lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn write_manifest(output: &Path, paths: &BTreeSet<String>) -> std::io::Result<()> {
    let mut text = String::from(MANIFEST_HEADER);
    text.push('\n');
    for p in paths {
        text.push_str(p);
        text.push('\n');
    }
    write_atomic(&output.join(MANIFEST), text.as_bytes())
}

fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().expect("output files live in a folder");
    let mut tmp = tempfile::Builder::new().prefix(".sg-").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes `plan` into `output`. Call only once the whole site has rendered.
pub fn write(output: &Path, plan: &Plan) -> Result<WriteReport, OutputError> {
    let io = |what: &str, p: &Path, e: std::io::Error| {
        OutputError(format!("cannot {what} {}: {e}", p.display()))
    };
    std::fs::create_dir_all(output).map_err(|e| io("create", output, e))?;
    let previous = read_manifest(output);

    // Refuse to replace a file we did not write (an author's own file in output/).
    for path in plan.keys() {
        let target = output.join(path);
        if !previous.contains(path) && target.exists() {
            return Err(OutputError(format!(
                "{} is in the way: safeguard did not write it and will not replace it; move it out of the output folder",
                target.display()
            )));
        }
    }

    // Record the union first: if we are stopped half way, every file on disk that we
    // wrote is still listed, so the next build may replace or remove it.
    let mut union: BTreeSet<String> = previous.clone();
    union.extend(plan.keys().cloned());
    if union != previous {
        write_manifest(output, &union).map_err(|e| io("write", &output.join(MANIFEST), e))?;
    }

    let results: Vec<Result<bool, OutputError>> = plan
        .par_iter()
        .map(|(path, bytes)| {
            let target = output.join(path);
            if let Ok(meta) = std::fs::metadata(&target)
                && meta.len() == bytes.len() as u64
                && std::fs::read(&target).is_ok_and(|old| *old == **bytes)
            {
                return Ok(false);
            }
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir).map_err(|e| io("create", dir, e))?;
            }
            write_atomic(&target, bytes).map_err(|e| io("write", &target, e))?;
            Ok(true)
        })
        .collect();
    let mut report = WriteReport::default();
    for r in results {
        if r? {
            report.written += 1;
        } else {
            report.unchanged += 1;
        }
    }

    // Remove what we wrote before and no longer make, and folders that leaves empty.
    let mut dirs = BTreeSet::new();
    for stale in previous.iter().filter(|p| !plan.contains_key(*p)) {
        let target = output.join(stale);
        match std::fs::remove_file(&target) {
            Ok(()) => report.removed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io("remove", &target, e)),
        }
        let mut dir = Path::new(stale).parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            dirs.insert(d.to_path_buf());
            dir = d.parent();
        }
    }
    // Deepest first; `remove_dir` only removes empty folders, so foreign files stay.
    for d in dirs.iter().rev() {
        let _ = std::fs::remove_dir(output.join(d));
    }

    let now: BTreeSet<String> = plan.keys().cloned().collect();
    if now != union {
        write_manifest(output, &now).map_err(|e| io("write", &output.join(MANIFEST), e))?;
    }
    Ok(report)
}
