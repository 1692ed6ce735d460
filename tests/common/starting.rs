//! Sites made by `safeguard new`, for the tests of the starting points.

use std::path::{Path, PathBuf};

use super::{Run, run_binary};

/// Runs the binary in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_binary(args, Some(dir))
}

/// A site made by `safeguard new` in a temporary folder.
pub fn new_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    run_binary(&["new", site.to_str().unwrap()], None).ok();
    (dir, site)
}

/// Builds `site` and asserts it built with no warning.
pub fn builds_cleanly(site: &Path) {
    let run = run_in(site, &["build", "--as-of", "2026-11-22"]);
    run.ok();
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
    assert!(run.stderr.contains(" 0 warnings"), "{}", run.stderr);
}
