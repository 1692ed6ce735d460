//! `safeguard add indicators` and `add training`: beside the new YAML file, a starter
//! CSV file with the columns it reads and a few illustrative rows, naming the
//! registry's first organisation where the site has a registry, so it builds as it is.

use std::path::{Path, PathBuf};

use super::add::{Kind, Refused, yaml_text};

/// The CSV file a new dataset at `rel` names as its data, if `kind` is a dataset;
/// refused if something is there already, so nothing is replaced.
pub fn beside(
    root: &Path,
    kind: Kind,
    rel: &Path,
    shown: &str,
) -> Result<Option<PathBuf>, Refused> {
    if !matches!(kind, Kind::Indicators | Kind::Training) {
        return Ok(None);
    }
    let csv = rel.with_extension("csv");
    if std::fs::symlink_metadata(root.join(&csv)).is_ok() {
        return Err(Refused::Usage(format!(
            "{} already exists, and {shown} would name it as its data: give the new file another name",
            slashed(&csv)
        )));
    }
    Ok(Some(csv))
}

/// The CSV file's name as `data:` writes it: bare where YAML reads it as written.
pub fn data_name(csv: &Path) -> String {
    let n = csv
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bare = n.starts_with(|c: char| c.is_ascii_alphabetic())
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    if bare { n } else { yaml_text(&n) }
}

/// Writes the starter CSV file (created new); returns what `add` says it wrote.
pub fn write(root: &Path, kind: Kind, csv: &Path, shown: &str) -> Result<String, Refused> {
    let rows = match kind {
        Kind::Indicators => include_str!("kinds/indicators.csv"),
        _ => include_str!("kinds/training.csv"),
    };
    let org = super::registry::first_organisation(root);
    super::write_new(&root.join(csv), &rows.replace("{organisation}", &org))
        .map_err(Refused::Failed)?;
    Ok(format!(
        "{shown} ({}) and {}, its figures",
        kind.name(),
        slashed(csv)
    ))
}

fn slashed(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}
