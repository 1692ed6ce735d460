//! YAML data documents under `content/`: each names its `kind`.

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::assurance::audit::AuditReturn;
use crate::assurance::framework::Framework;
use crate::config::Visibility;
use crate::content::frontmatter::OrderedMap;
use crate::diagnostics::Diagnostic;
use crate::yaml::{YamlSource, key_lines, pos};

/// The kinds of data document a site may hold.
pub const KINDS: &str = "glossary, framework, audit";

/// A parsed data document.
#[derive(Clone, Debug)]
pub enum DataDoc {
    Glossary(Glossary),
    Framework(Box<Framework>),
    Audit(Box<AuditReturn>),
}

#[derive(Deserialize)]
struct KindProbe {
    kind: Option<Spanned<String>>,
}

/// `kind: glossary`: terms and what they stand for.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Glossary {
    #[allow(dead_code)]
    kind: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub visibility: Option<Visibility>,
    pub terms: OrderedMap,
}

#[derive(Deserialize)]
struct FrameworkProbe {
    kind: Option<String>,
    id: Option<String>,
}

/// The `id` of a framework document that failed to load, so that returns to it are
/// not also reported as returns to a framework that does not exist.
pub fn broken_framework_id(text: &str) -> Option<String> {
    let probe: FrameworkProbe = serde_saphyr::from_str(text).ok()?;
    (probe.kind.as_deref() == Some("framework"))
        .then_some(probe.id)
        .flatten()
        .map(|id| id.trim().to_string())
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum DataKind {
    Glossary,
    Framework,
    Audit,
}

impl DataKind {
    fn named(name: &str) -> Option<DataKind> {
        match name {
            "glossary" => Some(DataKind::Glossary),
            "framework" => Some(DataKind::Framework),
            "audit" => Some(DataKind::Audit),
            _ => None,
        }
    }
}

/// The kind a document names on one top-level line `kind: NAME` (a known kind, plain,
/// perhaps with a comment), if exactly one line does.
fn plain_kind(text: &str) -> Option<DataKind> {
    let mut found = None;
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("kind:") else {
            continue;
        };
        let kind = DataKind::named(rest.split(" #").next().unwrap_or("").trim())?;
        if found.replace(kind).is_some() {
            return None;
        }
    }
    found
}

impl DataDoc {
    pub fn parse(path: &str, text: &str) -> Result<DataDoc, Vec<Diagnostic>> {
        let source = YamlSource {
            path,
            file_text: text,
            yaml: text,
            line_offset: 0,
        };
        // Most documents say `kind: …` on a line of its own: parse them as that kind
        // straight away, instead of parsing the whole document twice. Anything else,
        // and any document that does not parse that way, takes the careful path below,
        // which reports exactly as it always has.
        if let Some(kind) = plain_kind(text)
            && let Ok(doc) = Self::parse_as(&source, kind)
        {
            return Ok(doc);
        }
        let probe: KindProbe = source.parse().map_err(|d| vec![d])?;
        let Some(kind) = probe.kind else {
            return Err(vec![source.at(
                (1, 1),
                format!(
                    "a YAML document in content/ must say what it is with `kind:` (one of {KINDS})"
                ),
            )]);
        };
        match DataKind::named(&kind.value) {
            Some(known) => Self::parse_as(&source, known),
            None => Err(vec![source.at(
                pos(kind.referenced),
                format!("unknown kind `{}`: use one of {KINDS}", kind.value),
            )]),
        }
    }

    /// Parses a document as `kind`, one of the known kinds.
    fn parse_as(source: &YamlSource<'_>, kind: DataKind) -> Result<DataDoc, Vec<Diagnostic>> {
        let text = source.yaml;
        match kind {
            DataKind::Glossary => {
                let g: Glossary = source.parse().map_err(|d| vec![d])?;
                let mut problems = Vec::new();
                for (term, definition) in &g.terms.0 {
                    if term.trim().is_empty() || definition.trim().is_empty() {
                        let at = key_lines(text, term).next().unwrap_or((1, 3));
                        problems.push(source.at(
                            at,
                            format!("the glossary term `{term}` needs both a term and what it stands for"),
                        ));
                    }
                }
                if problems.is_empty() {
                    Ok(DataDoc::Glossary(g))
                } else {
                    Err(problems)
                }
            }
            DataKind::Framework => {
                Framework::parse(source).map(|f| DataDoc::Framework(Box::new(f)))
            }
            DataKind::Audit => AuditReturn::parse(source).map(|a| DataDoc::Audit(Box::new(a))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_top_level_kind_line_is_read_without_parsing() {
        assert_eq!(
            plain_kind("kind: audit\nperiod: 2025\n"),
            Some(DataKind::Audit)
        );
        assert_eq!(
            plain_kind("id: s11\nkind: framework # the standards\n"),
            Some(DataKind::Framework)
        );
        // Anything less plain takes the careful path.
        assert_eq!(plain_kind("notes:\n  kind: audit\n"), None);
        assert_eq!(plain_kind("kind: \"audit\"\n"), None);
        assert_eq!(plain_kind("kind: audit\nkind: glossary\n"), None);
        assert_eq!(plain_kind("kind: report\n"), None);
        assert_eq!(plain_kind("title: no kind\n"), None);
    }

    #[test]
    fn a_document_that_fails_as_its_plain_kind_is_reported_as_before() {
        // Quoted: the careful path; plain: the quick path, which falls back to it.
        for kind in ["\"glossary\"", "glossary"] {
            let text = format!("kind: {kind}\nterms:\n  ICB: Integrated Care Board\ntitel: x\n");
            let problems = match DataDoc::parse("content/g.yaml", &text) {
                Err(p) => p,
                Ok(_) => panic!("an unknown field must be refused"),
            };
            let shown = problems[0].to_string();
            assert!(shown.contains("content/g.yaml:4:1"), "{shown}");
            assert!(shown.contains("titel"), "{shown}");
        }
    }
}
