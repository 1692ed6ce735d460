//! `site.yaml`: the settings of a site.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::yaml::YamlSource;

pub const CONFIG_FILE: &str = "site.yaml";

/// Who an item may be shown to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    Public,
    /// The safe default: an item nobody marked public stays off the public site.
    #[default]
    Private,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default)]
    pub default_visibility: Visibility,
    /// A free map for a site's own templates.
    #[serde(default)]
    pub extra: Option<serde_json::Value>,
}

fn default_base_url() -> String {
    "/".to_string()
}

fn default_language() -> String {
    "en-GB".to_string()
}

impl SiteConfig {
    /// Reads `site.yaml` from the site root.
    pub fn load(root: &Path) -> Result<SiteConfig, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            let what = if e.kind() == std::io::ErrorKind::NotFound {
                "is missing: every site needs one with at least a `title` (run `safeguard new DIR` for a starting point)".to_string()
            } else {
                format!("cannot be read: {e}")
            };
            Diagnostic::error(CONFIG_FILE, format!("{CONFIG_FILE} {what}"))
        })?;
        Self::parse(&text)
    }

    pub fn parse(text: &str) -> Result<SiteConfig, Diagnostic> {
        let source = YamlSource {
            path: CONFIG_FILE,
            file_text: text,
            yaml: text,
            line_offset: 0,
        };
        let config: SiteConfig = source.parse()?;
        if config.title.trim().is_empty() {
            return Err(
                Diagnostic::error(CONFIG_FILE, "`title` is empty: give the site a title")
                    .at_line_col(text, line_of_key(text, "title"), 1),
            );
        }
        if !(config.base_url.starts_with('/') || config.base_url.contains("://")) {
            return Err(Diagnostic::error(
                CONFIG_FILE,
                "`base_url` must be an absolute URL (https://…/) or a path starting with `/`",
            )
            .at_line_col(text, line_of_key(text, "base_url"), 1));
        }
        Ok(config)
    }

    /// The path part of `base_url`, always ending in `/` (`/safeguarding/`).
    pub fn base_path(&self) -> String {
        let after_scheme = match self.base_url.find("://") {
            Some(i) => {
                let rest = &self.base_url[i + 3..];
                rest.find('/').map_or("/", |j| &rest[j..])
            }
            None => &self.base_url,
        };
        let mut path = after_scheme.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        path
    }
}

/// The 1-based line where a top-level key is set, for errors found after parsing.
fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(key) && l[key.len()..].trim_start().starts_with(':'))
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_of_urls_and_paths() {
        let mut c = SiteConfig::parse("title: T\n").unwrap();
        assert_eq!(c.base_path(), "/");
        c.base_url = "https://intranet.example.nhs.uk/safeguarding".into();
        assert_eq!(c.base_path(), "/safeguarding/");
        c.base_url = "https://example.org".into();
        assert_eq!(c.base_path(), "/");
    }

    #[test]
    fn unknown_key_is_reported_at_its_line() {
        let e = SiteConfig::parse("title: T\ntitel: U\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 1), "{e}");
        assert!(e.message.contains("titel"), "{e}");
    }

    #[test]
    fn missing_title_is_reported() {
        let e = SiteConfig::parse("language: en\n").unwrap_err();
        assert!(e.message.contains("title"), "{e}");
    }
}
