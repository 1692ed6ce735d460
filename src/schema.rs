//! `safeguard schema DIR`: JSON Schemas (draft 2020-12) of `site.yaml`, front matter
//! and each kind of YAML document, derived from the very types the parser reads them
//! into, so an editor checks a file as the build will.

use std::path::Path;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Value, json};

use crate::assurance::audit::AuditReturn;
use crate::assurance::framework::Framework;
use crate::config::SiteConfig;
use crate::content::data::Glossary;
use crate::content::frontmatter::FrontMatter;
use crate::figures::indicators::IndicatorSet;
use crate::figures::training::TrainingSet;
use crate::organisations::Registry;

/// The schema a site's `content/**/*.yaml` files are checked against: any kind of data
/// document, told apart by `kind`.
pub const CONTENT: &str = "content.schema.json";
/// The schema of `site.yaml`.
pub const SITE: &str = "site.schema.json";

/// Every schema file, by name, as pretty JSON ending in a newline.
pub fn all() -> Vec<(&'static str, String)> {
    let schemas = [
        (SITE, root::<SiteConfig>()),
        ("front-matter.schema.json", root::<FrontMatter>()),
        ("glossary.schema.json", root::<Glossary>()),
        ("framework.schema.json", root::<Framework>()),
        ("audit.schema.json", root::<AuditReturn>()),
        ("organisations.schema.json", root::<Registry>()),
        ("indicators.schema.json", root::<IndicatorSet>()),
        ("training.schema.json", root::<TrainingSet>()),
        (CONTENT, content()),
    ];
    schemas
        .into_iter()
        .map(|(name, schema)| {
            let mut schema = schema.to_value();
            tidy(&mut schema);
            if let Some(fields) = schema.as_object_mut() {
                fields.insert("$comment".to_string(), Value::String(MARK.to_string()));
            }
            let mut text = serde_json::to_string_pretty(&schema).expect("a schema is JSON");
            text.push('\n');
            (name, text)
        })
        .collect()
}

/// What each schema file says of itself, so that a later run knows the file for its
/// own: `schema` replaces a file only if it carries this.
const MARK: &str = "Written by safeguard schema, which replaces this file when run again.";

/// Writes every schema into `dir` (made if missing), replacing the schema files an
/// earlier run wrote there and nothing else: a file of the same name that is not one
/// (or a link, which is never written through) stops it before anything is written.
/// Each file is written whole, then put in place. Returns the names written.
pub fn write(dir: &Path) -> Result<Vec<&'static str>, String> {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(format!(
                "{} is a shortcut (a link) to somewhere else; `schema` writes only into a real folder, so nothing is written through it: give the folder itself",
                dir.display()
            ));
        }
        Ok(m) if !m.is_dir() => {
            return Err(format!(
                "{} is a file, not a folder: give `schema` the path of a folder",
                dir.display()
            ));
        }
        _ => {}
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let schemas = all();
    for (name, _) in &schemas {
        ours(&dir.join(name))?;
    }
    let mut names = Vec::new();
    for (name, text) in schemas {
        let path = dir.join(name);
        let failed = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
        let mut file = tempfile::NamedTempFile::new_in(dir).map_err(failed)?;
        std::io::Write::write_all(&mut file, text.as_bytes()).map_err(failed)?;
        // Replaces the name, not what a link there would lead to.
        file.persist(&path).map_err(|e| failed(e.error))?;
        names.push(name);
    }
    Ok(names)
}

/// Whether `path` is free for a schema: missing, or a schema an earlier run wrote.
fn ours(path: &Path) -> Result<(), String> {
    let refuse = |what: &str| {
        Err(format!(
            "{} is {what}, not a schema safeguard wrote, so it is left as it is: move it away, or give `schema` another folder",
            path.display()
        ))
    };
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        Ok(m) if m.file_type().is_symlink() => refuse("a link"),
        Ok(m) if m.is_dir() => refuse("a folder"),
        Ok(m) if !m.is_file() => refuse("a special file (a pipe or a device)"),
        Ok(_) => match std::fs::read_to_string(path) {
            Ok(text) if text.contains(MARK) => Ok(()),
            _ => refuse("a file of yours"),
        },
    }
}

/// Descriptions as one paragraph (doc comments break lines where the source does), no
/// `default: null`, which an editor would offer to type in, and no `writeOnly`.
fn tidy(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if map.get("default") == Some(&Value::Null) {
                map.remove("default");
            }
            // Serde's `skip_serializing` shows as writeOnly: true of every value read.
            map.remove("writeOnly");
            if let Some(Value::String(d)) = map.get_mut("description") {
                *d = d
                    .split("\n\n")
                    .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                    .collect::<Vec<_>>()
                    .join("\n\n");
            }
            map.values_mut().for_each(tidy);
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}

fn generator() -> SchemaGenerator {
    SchemaSettings::draft2020_12().into_generator()
}

fn root<T: JsonSchema>() -> Schema {
    generator().into_root_schema_for::<T>()
}

/// Glossary, framework, audit, registry, indicators and training in one: `kind` picks which the rest must be.
fn content() -> Schema {
    let mut generator = generator();
    let kinds = [
        ("glossary", generator.subschema_for::<Glossary>()),
        ("framework", generator.subschema_for::<Framework>()),
        ("audit", generator.subschema_for::<AuditReturn>()),
        ("organisations", generator.subschema_for::<Registry>()),
        ("indicators", generator.subschema_for::<IndicatorSet>()),
        ("training", generator.subschema_for::<TrainingSet>()),
    ];
    let names: Vec<&str> = kinds.iter().map(|(name, _)| *name).collect();
    let branches: Vec<Value> = kinds
        .iter()
        .map(|(name, schema)| {
            json!({
                "if": { "properties": { "kind": { "const": name } }, "required": ["kind"] },
                "then": schema,
            })
        })
        .collect();
    let mut schema = json_schema!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "A YAML document of content/",
        "description": "A glossary, an audit framework, an audit return, the organisations registry, a set of performance indicators or training compliance figures: `kind` says which.",
        "type": "object",
        "required": ["kind"],
        "properties": {
            "kind": {
                "description": "What this document is: `glossary` (abbreviations), `framework` (what organisations are assessed against), `audit` (one organisation's return for one period), `organisations` (the registry of organisations and partnerships), `indicators` (performance indicators, with their figures in CSV files) or `training` (training compliance, with its counts in CSV files).",
                "enum": names,
            }
        },
        "allOf": branches,
    });
    let defs: serde_json::Map<String, Value> = generator.take_definitions(true);
    schema.insert("$defs".into(), Value::Object(defs));
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every setting a user writes is explained: a key without a description would
    /// leave the editor's hover empty.
    #[test]
    fn every_property_has_a_description() {
        fn walk(at: &str, v: &Value, missing: &mut Vec<String>) {
            match v {
                Value::Object(map) => {
                    if let Some(Value::Object(props)) = map.get("properties") {
                        for (key, prop) in props {
                            if prop.get("description").is_none() {
                                missing.push(format!("{at}.{key}"));
                            }
                        }
                    }
                    // An `if` only tests a value; it is not a setting.
                    for (key, child) in map.iter().filter(|(k, _)| *k != "if") {
                        walk(&format!("{at}/{key}"), child, missing);
                    }
                }
                Value::Array(items) => items.iter().for_each(|i| walk(at, i, missing)),
                _ => {}
            }
        }
        let mut missing = Vec::new();
        for (name, text) in all() {
            let v: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(
                v["$schema"], "https://json-schema.org/draft/2020-12/schema",
                "{name}"
            );
            walk(name, &v, &mut missing);
        }
        assert!(
            missing.is_empty(),
            "settings with no description: {missing:?}"
        );
    }
}
