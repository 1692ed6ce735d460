//! YAML data documents under `content/`: each names its `kind`.

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::assurance::audit::AuditReturn;
use crate::assurance::framework::Framework;
use crate::config::Visibility;
use crate::content::frontmatter::OrderedMap;
use crate::diagnostics::Diagnostic;
use crate::yaml::{YamlSource, pos};

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

impl DataDoc {
    pub fn parse(path: &str, text: &str) -> Result<DataDoc, Vec<Diagnostic>> {
        let source = YamlSource {
            path,
            file_text: text,
            yaml: text,
            line_offset: 0,
        };
        let probe: KindProbe = source.parse().map_err(|d| vec![d])?;
        let Some(kind) = probe.kind else {
            return Err(vec![source.at(
                (1, 1),
                format!(
                    "a YAML document in content/ must say what it is with `kind:` (one of {KINDS})"
                ),
            )]);
        };
        match kind.value.as_str() {
            "glossary" => {
                let g: Glossary = source.parse().map_err(|d| vec![d])?;
                let mut problems = Vec::new();
                for (term, definition) in &g.terms.0 {
                    if term.trim().is_empty() || definition.trim().is_empty() {
                        let line = text
                            .lines()
                            .position(|l| {
                                l.trim_start().starts_with(term.as_str()) && l.contains(':')
                            })
                            .map_or(1, |i| i + 1);
                        problems.push(source.at(
                            (line, 3),
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
            "framework" => Framework::parse(&source).map(|f| DataDoc::Framework(Box::new(f))),
            "audit" => AuditReturn::parse(&source).map(|a| DataDoc::Audit(Box::new(a))),
            other => Err(vec![source.at(
                pos(kind.referenced),
                format!("unknown kind `{other}`: use one of {KINDS}"),
            )]),
        }
    }
}
