//! A fixture site in a temporary folder, built with the real binary.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

pub mod independent;
pub mod plain;
pub mod preview;
pub mod starting;

pub struct Fixture {
    dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the run failed as a site error (exit 1) and printed `needle` in a
    /// `PATH:LINE:COL: error:` line. Returns that line.
    pub fn error_at(&self, location: &str, needle: &str) -> String {
        assert_eq!(self.code, 1, "expected exit 1; stderr:\n{}", self.stderr);
        let line = self
            .stderr
            .lines()
            .find(|l| {
                // `location` may stop after the line number: then any column matches.
                l.strip_prefix(location).is_some_and(|rest| {
                    rest.starts_with(": error: ")
                        || (rest.starts_with(':') && rest.contains(": error: "))
                }) && l.contains(needle)
            })
            .unwrap_or_else(|| {
                panic!(
                    "no `{location}: error: …{needle}…` line in:\n{}",
                    self.stderr
                )
            });
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        line.to_string()
    }

    pub fn ok(&self) -> &Self {
        assert_eq!(self.code, 0, "expected success; stderr:\n{}", self.stderr);
        self
    }
}

/// Every template a theme must have (`REQUIRED` in src/render/theme/mod.rs).
pub const THEME_TEMPLATES: [&str; 9] = [
    "base.html",
    "page.html",
    "section.html",
    "module.html",
    "paper.html",
    "glossary.html",
    "framework.html",
    "audit.html",
    "404.html",
];

/// A public framework with one standard of two criteria (1.1 and 1.2), for returns.
pub const FRAMEWORK: &str = r#"kind: framework
id: s11
title: Section 11 self-assessment
visibility: public
scale:
  - { value: 25, label: Not met, colour: red }
  - { value: 50, label: Partially met, colour: blue }
  - { value: 75, label: Mostly met, colour: amber }
  - { value: 100, label: Fully met, colour: green }
standards:
  - id: "1"
    title: Leadership
    criteria:
      - { id: "1.1", text: A board-level lead for safeguarding. }
      - { id: "1.2", text: A safeguarding policy. }
"#;

/// The text of `html` from `from` to the next `to` after it.
pub fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html
        .find(from)
        .unwrap_or_else(|| panic!("no `{from}` in:\n{html}"))
        + from.len();
    let rest = &html[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

/// Copies the folder `from` and everything in it to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Builds this repository's example site into `out`, as of the fixtures' date, with
/// `more` arguments (`--audience public`).
pub fn build_example(out: &Path, more: &[&str]) -> Run {
    let repo = env!("CARGO_MANIFEST_DIR");
    let out = out.to_str().unwrap();
    let mut args = vec![
        "build",
        "--root",
        repo,
        "--output",
        out,
        "--as-of",
        "2026-11-22",
    ];
    args.extend_from_slice(more);
    run_binary(&args, None)
}

pub const MINIMAL_CONFIG: &str = "title: Fixture site\ndefault_visibility: public\n";

impl Fixture {
    /// An empty site with a `site.yaml` and a home page.
    pub fn new() -> Fixture {
        let f = Fixture::bare();
        f.write("site.yaml", MINIMAL_CONFIG);
        f.write("content/_index.md", "---\ntitle: Home\n---\n\nWelcome.\n");
        f
    }

    /// A folder with nothing in it.
    pub fn bare() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.path(rel)).unwrap();
        self
    }

    /// Runs `safeguard ARGS… --root ROOT` (for build and check).
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all: Vec<&str> = args.to_vec();
        let root = self.root().to_str().unwrap().to_string();
        if matches!(args.first(), Some(&"build") | Some(&"check")) {
            all.push("--root");
            all.push(&root);
            all.push("--as-of");
            all.push("2026-11-22");
            return run_binary(&all, None);
        }
        run_binary(&all, None)
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path(rel).exists()
    }

    /// safeguard's state folder for this site's `output/` (outside it), if made.
    pub fn state(&self) -> Option<PathBuf> {
        let outputs = self.path(".safeguard/outputs");
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(outputs)
            .ok()?
            .map(|e| e.unwrap().path())
            .filter(|p| {
                std::fs::read_to_string(p.join("output.txt"))
                    .is_ok_and(|t| t.trim_end().ends_with("/output"))
            })
            .collect();
        assert!(dirs.len() <= 1, "one state folder for output/: {dirs:?}");
        dirs.pop()
    }

    /// Whether safeguard's work folders for `output/` hold anything (a staged or
    /// backed-up file left behind).
    pub fn leftovers(&self) -> Vec<String> {
        let Some(state) = self.state() else {
            return Vec::new();
        };
        ["staging", "backup"]
            .iter()
            .flat_map(|w| {
                snapshot(&state.join(w))
                    .into_keys()
                    .map(move |k| format!("{w}/{k}"))
            })
            .collect()
    }

    /// Every file under `output/` with its bytes and modification time.
    pub fn snapshot(&self) -> BTreeMap<String, (Vec<u8>, std::time::SystemTime)> {
        snapshot(&self.path("output"))
    }
}

pub fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                let meta = std::fs::metadata(&p).unwrap();
                out.insert(rel, (std::fs::read(&p).unwrap(), meta.modified().unwrap()));
            }
        }
    }
    out
}

/// Runs the binary with a time limit, so a hang fails the test instead of the suite.
pub fn run_binary(args: &[&str], cwd: Option<&Path>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_safeguard"));
    cmd.args(args).env_remove("SOURCE_DATE_EPOCH");
    if let Some(cwd) = cwd {
        cmd.current_dir(cwd);
    }
    let child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("binary runs");
    let pid = child.id();
    // Read the pipes on another thread so a full pipe can never stall the wait.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let out = match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(out) => out.expect("binary output"),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("safeguard {args:?} did not finish within 60 s");
        }
    };
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
