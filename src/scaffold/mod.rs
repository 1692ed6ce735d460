//! Starting points: `safeguard new DIR`, a small site that builds with no warnings
//! (training, a paper, audit data and a report embedding it), and `safeguard add`
//! (`add.rs`), one new file of a kind with every setting explained (and for a
//! dataset, its starter CSV file: `dataset.rs`).

use std::io::Write;
use std::path::Path;

mod add;
mod dataset;
mod registry;
mod report;
mod text;

pub use add::{Kind, Refused, add};

/// Where `new` puts the JSON Schemas its editor settings point at.
pub const SCHEMA_DIR: &str = ".safeguard/schemas";

macro_rules! starter {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("starter/", $path)))),*]
    };
}

/// The starter site's sources, kept as files beside this module so they read as a
/// site does.
const FILES: &[(&str, &str)] = starter![
    "site.yaml",
    "content/_index.md",
    "content/glossary.yaml",
    "content/training/_index.md",
    "content/training/01-first-module.md",
    "content/papers/_index.md",
    "content/papers/2026-board-assurance.md",
    "content/audits/_index.md",
    "content/audits/safeguarding-standards.yaml",
    "content/audits/2025/your-organisation.yaml",
    "content/audits/2026/your-organisation.yaml",
    "content/reports/_index.md",
    "content/reports/2026-annual-report.md",
];

const GITIGNORE: &str = "# What safeguard makes (output/) and keeps for itself between builds (.safeguard/).\n/output/\n/.safeguard/\n";

/// VS Code's YAML extension (`yaml.schemas`): which schema checks which files.
fn vscode_settings() -> String {
    let settings = serde_json::json!({
        "yaml.schemas": {
            format!("./{SCHEMA_DIR}/{}", crate::schema::SITE): ["/site.yaml"],
            format!("./{SCHEMA_DIR}/{}", crate::schema::CONTENT): ["/content/**/*.yaml", "/content/**/*.yml"],
        }
    });
    let mut text = serde_json::to_string_pretty(&settings).expect("settings are JSON");
    text.push('\n');
    text
}

/// Writes the starter site into `dir`, which must not exist or be empty. Each file
/// is created new, so nothing already there is ever replaced.
pub fn create(dir: &Path) -> Result<(), String> {
    let meta = std::fs::symlink_metadata(dir).ok();
    if meta.as_ref().is_some_and(|m| m.file_type().is_symlink()) {
        return Err(format!(
            "{} is a shortcut (a link) to somewhere else; `safeguard new` writes only into a real folder, so nothing is written through it: give the path of a new folder",
            dir.display()
        ));
    }
    if meta.as_ref().is_some_and(|m| !m.is_dir()) {
        return Err(format!(
            "{} is a file, not a folder: give the path of a new folder for the site",
            dir.display()
        ));
    }
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "{} already holds files; `safeguard new` only writes into a new or empty folder, so that nothing is overwritten",
                dir.display()
            ));
        }
    }
    let schemas = crate::schema::all();
    let generated = [
        (".gitignore".to_string(), GITIGNORE.to_string()),
        (".vscode/settings.json".to_string(), vscode_settings()),
    ]
    .into_iter()
    .chain(
        schemas
            .into_iter()
            .map(|(name, text)| (format!("{SCHEMA_DIR}/{name}"), text)),
    );
    let files = FILES
        .iter()
        .map(|(path, text)| (path.to_string(), text.to_string()))
        .chain(generated);
    for (path, text) in files {
        write_new(&dir.join(path), &text)?;
    }
    Ok(())
}

/// Creates `path` (and its folders) with `text`, failing if it already exists.
pub(crate) fn write_new(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                format!("{} already exists; nothing was changed", path.display())
            }
            _ => format!("cannot write {}: {e}", path.display()),
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}
