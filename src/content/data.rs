//! YAML data documents under `content/`: each names its `kind`.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::assurance::audit::AuditReturn;
use crate::assurance::framework::Framework;
use crate::config::Visibility;
use crate::content::frontmatter::OrderedMap;
use crate::diagnostics::Diagnostic;
use crate::figures::indicators::IndicatorSet;
use crate::figures::training::TrainingSet;
use crate::organisations::Registry;
use crate::yaml::{YamlSource, key_lines, pos};

/// The kinds of data document a site may hold.
pub const KINDS: &str = "glossary, framework, audit, organisations, indicators, training";

/// A parsed data document.
#[derive(Clone, Debug)]
pub enum DataDoc {
    Glossary(Glossary),
    Framework(Box<Framework>),
    Audit(Box<AuditReturn>),
    Organisations(Box<Registry>),
    Indicators(Box<IndicatorSet>),
    Training(Box<TrainingSet>),
}

#[derive(Deserialize)]
struct KindProbe {
    kind: Option<Spanned<String>>,
}

/// `kind: glossary`: terms and what they stand for.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "The glossary")]
pub struct Glossary {
    /// `glossary`: this document lists abbreviations and what they stand for.
    #[allow(dead_code)]
    #[schemars(extend("const" = "glossary"))]
    kind: String,
    /// The glossary page's title (default `Glossary`).
    #[serde(default)]
    pub title: Option<String>,
    /// A few words shown at the top of the glossary page.
    #[serde(default)]
    pub description: Option<String>,
    /// `public` or `private`: a public build leaves a private glossary out.
    #[serde(default)]
    pub visibility: Option<Visibility>,
    /// Each abbreviation and what it stands for (`LSCB: Local Safeguarding Children
    /// Board`); its first use on a page is explained and linked here.
    pub terms: OrderedMap,
}

#[derive(Deserialize)]
struct FrameworkProbe {
    id: Option<String>,
}

/// A data document that did not load: what is wrong with it, and, for a framework,
/// the `id` it gives (empty if it cannot be read), so that returns to it are not also
/// reported as returns to a framework that does not exist.
#[derive(Clone, Debug)]
pub struct Broken {
    pub problems: Vec<Diagnostic>,
    pub framework: Option<String>,
    /// It says it is the organisations registry.
    pub registry: bool,
}

/// The `id` of a framework document that failed to load, read as leniently as
/// possible (anything else in it may be wrong, even its YAML): empty if none can be
/// read, so that returns to any framework the site lacks are left unreported while it
/// stands.
fn broken_framework_id(text: &str) -> String {
    let probe: Option<FrameworkProbe> = serde_saphyr::from_str(text).ok();
    let id = match probe {
        Some(p) => p.id,
        None => loose_top_value(text, "id"),
    };
    id.map(|id| id.trim().to_string()).unwrap_or_default()
}

/// Whether a document has a framework's top-level `scale:` and `standards:`.
fn looks_like_framework(text: &str) -> bool {
    ["scale:", "standards:"]
        .iter()
        .all(|key| text.lines().any(|l| l.trim_end() == *key))
}

/// The value of a top-level `key: value` line, quotes and comment aside, for a
/// document whose YAML does not parse.
fn loose_top_value(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        let value = rest.split(" #").next().unwrap_or("").trim();
        let value = value.trim_matches(|c| c == '"' || c == '\'');
        (!value.is_empty()).then(|| value.to_string())
    })
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum DataKind {
    Glossary,
    Framework,
    Audit,
    Organisations,
    Indicators,
    Training,
}

impl DataKind {
    fn named(name: &str) -> Option<DataKind> {
        match name {
            "glossary" => Some(DataKind::Glossary),
            "framework" => Some(DataKind::Framework),
            "audit" => Some(DataKind::Audit),
            "organisations" => Some(DataKind::Organisations),
            "indicators" => Some(DataKind::Indicators),
            "training" => Some(DataKind::Training),
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
    /// Parses a document: once, as the kind its `kind:` line names, when it has a
    /// plain one; else, or if that fails, by first reading what kind it says it is.
    pub fn parse(path: &str, text: &str) -> Result<DataDoc, Broken> {
        let source = YamlSource {
            path,
            file_text: text,
            yaml: text,
            line_offset: 0,
        };
        let plain = plain_kind(text);
        let first = match plain.map(|kind| Self::parse_as(&source, kind)) {
            Some(Ok(doc)) => return Ok(doc),
            first => first,
        };
        // What a document that does not parse at all says it is, as far as it can be
        // read; one with no kind it can name is a framework if it has a scale.
        let loose =
            plain.or_else(|| loose_top_value(text, "kind").and_then(|k| DataKind::named(&k)));
        let unnamed = looks_like_framework(text).then_some(DataKind::Framework);
        let broken = |problems: Vec<Diagnostic>, kind: Option<DataKind>| Broken {
            problems,
            framework: (kind == Some(DataKind::Framework)).then(|| broken_framework_id(text)),
            registry: kind == Some(DataKind::Organisations),
        };
        // The careful path, which reports exactly as it always has: a document whose
        // kind cannot be read is reported as such.
        let probe: KindProbe = source.parse().map_err(|d| broken(vec![d], loose))?;
        let Some(kind) = probe.kind else {
            let message = format!(
                "a YAML document in content/ must say what it is with `kind:` (one of {KINDS})"
            );
            return Err(broken(vec![source.at((1, 1), message)], unnamed));
        };
        let Some(known) = DataKind::named(&kind.value) else {
            let names: Vec<&str> = KINDS.split(", ").collect();
            let message = crate::yaml::unknown_value(&kind.value, &names, Some("kind".into()));
            return Err(broken(
                vec![source.at(pos(kind.referenced), message)],
                unnamed,
            ));
        };
        // Parsed as this kind already: its problems stand.
        let result = match first {
            Some(Err(problems)) if plain == Some(known) => Err(problems),
            _ => Self::parse_as(&source, known),
        };
        result.map_err(|problems| broken(problems, Some(known)))
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
            DataKind::Organisations => {
                Registry::parse(source).map(|r| DataDoc::Organisations(Box::new(r)))
            }
            DataKind::Indicators => {
                IndicatorSet::parse(source).map(|s| DataDoc::Indicators(Box::new(s)))
            }
            DataKind::Training => {
                TrainingSet::parse(source).map(|s| DataDoc::Training(Box::new(s)))
            }
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
                Err(b) => b.problems,
                Ok(_) => panic!("an unknown field must be refused"),
            };
            let shown = problems[0].to_string();
            assert!(shown.contains("content/g.yaml:4:1"), "{shown}");
            assert!(shown.contains("titel"), "{shown}");
        }
    }
}
