//! What the independent checks share: running their Python scripts, and building a
//! generated site for one audience.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::run_binary;

/// A script of `tests/independent/`.
pub fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/independent")
        .join(name)
}

/// Runs a Python script; returns its exit status and its output (stdout, then stderr).
/// The scripts exit 3 without PyYAML, and the test then fails saying so.
pub fn python(name: &str, args: &[&str]) -> (i32, String) {
    let out = Command::new("python3")
        .arg(script(name))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 ({e}): install Python 3 and PyYAML"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let code = out.status.code().unwrap_or(-1);
    assert_ne!(
        code, 3,
        "the independent check needs Python's PyYAML: python3 -m pip install pyyaml\n{text}"
    );
    (code, text)
}

/// Builds `site` into `output` for `audience`, as of the fixtures' date.
pub fn build(site: &Path, output: &Path, audience: &str) {
    let run = run_binary(
        &[
            "build",
            "--root",
            site.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
            "--audience",
            audience,
            "--as-of",
            "2026-11-22",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{audience} build failed:\n{}", run.stderr);
}
