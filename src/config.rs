//! `site.yaml`: the settings of a site.

use std::path::Path;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::{YamlSource, key_lines, key_pos, pos};

pub const CONFIG_FILE: &str = "site.yaml";

/// Who an item may be shown to: `public` (on the public site too) or `private`
/// (only on the internal site).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Published on the public site as well as the internal one.
    Public,
    /// Only on the internal site (the safe default: an item nobody marked public stays
    /// off the public site).
    #[default]
    Private,
}

/// `site.yaml`: the site's title, organisation and settings.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "site.yaml")]
pub struct SiteConfig {
    /// The site's name, shown at the top of every page.
    pub title: String,
    /// Where the site will be published, such as
    /// `https://intranet.example.nhs.uk/safeguarding/` (`/` if you do not know yet).
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// One sentence about the site, for search engines and link previews.
    #[serde(default)]
    pub description: Option<String>,
    /// Your organisation's name, shown in the footer.
    #[serde(default)]
    pub organisation: Option<String>,
    /// The language pages are written in (`en-GB`), so screen readers speak them right.
    #[serde(default = "default_language")]
    pub language: String,
    /// The folder of `themes/` to use instead of the built-in theme.
    #[serde(default)]
    pub theme: Option<String>,
    /// Who an item without its own `visibility` is for: `private` (internal site only)
    /// or `public`.
    #[serde(default)]
    pub default_visibility: Visibility,
    /// Anything your own templates need (free-form).
    #[serde(default)]
    pub extra: Option<serde_json::Value>,
    /// The accessibility statement published at `/accessibility/`; leave it out and no
    /// statement is published.
    #[serde(default)]
    #[schemars(with = "Option<AccessibilitySettings>")]
    pub accessibility: Option<Spanned<AccessibilitySettings>>,
    /// Folders outside the site (absolute, or relative to the site folder) that
    /// shortcuts in it may lead into, such as a shared folder of logos. No other
    /// shortcut leaving the site is followed.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub outside_folders: Vec<Spanned<String>>,
    /// How figures from indicator and training data protect small numbers in a
    /// public build.
    #[serde(default)]
    pub statistics: Statistics,
    /// The text of `site.yaml`, read once: messages about a setting point into it,
    /// and the manifest and the build stamp take its bytes from here.
    #[serde(skip)]
    pub text: String,
}

/// How figures protect small numbers.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Statistics {
    /// In a public build, counts from 1 to one below this are shown as `*`, others
    /// rounded to the nearest 5, and percentages that could point at so few people
    /// are left out (the convention of NHS England's Safeguarding Adults
    /// Collection). The default is 5; 0 turns this off.
    #[serde(default = "default_suppress_below")]
    pub suppress_below: u64,
}

impl Default for Statistics {
    fn default() -> Self {
        Statistics {
            suppress_below: default_suppress_below(),
        }
    }
}

fn default_suppress_below() -> u64 {
    5
}

/// What the accessibility statement says, in the order of the GOV.UK model statement.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessibilitySettings {
    /// Where the statement is published, relative to the site (default `accessibility/`).
    #[serde(default = "default_statement_url")]
    #[schemars(with = "String", default = "default_statement_path")]
    pub url: Spanned<String>,
    /// How far the site meets WCAG 2.2 AA, as you have judged it: `full`, `partial`
    /// or `not`.
    #[schemars(with = "Compliance")]
    pub compliance: Spanned<Compliance>,
    /// How to ask for another format or report a problem: at least one of `email`,
    /// `phone`, `post`.
    #[serde(default)]
    #[schemars(with = "Option<Contact>")]
    pub contact: Option<Spanned<Contact>>,
    /// How many working days you take to answer a request for another format.
    #[serde(default)]
    pub response_days: Option<u32>,
    /// What fails WCAG 2.2 AA, each with the criterion it fails and when it will be
    /// fixed. Needed when `compliance` is `partial` or `not`.
    #[serde(default)]
    #[schemars(with = "Vec<KnownIssue>")]
    pub known_issues: Vec<Spanned<KnownIssue>>,
    /// What you will not fix because it would cost too much, and why.
    #[serde(default)]
    pub disproportionate_burden: Vec<String>,
    /// Content the regulations do not cover (old PDFs, live video, maps).
    #[serde(default)]
    pub out_of_scope: Vec<String>,
    /// What you are doing to improve accessibility.
    #[serde(default)]
    pub improvements: Option<String>,
    /// When the statement was first prepared (YYYY-MM-DD).
    #[schemars(with = "Date")]
    pub prepared: Spanned<Date>,
    /// When the statement was last reviewed (YYYY-MM-DD).
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub reviewed: Option<Spanned<Date>>,
    /// When the site was last tested, and by whom.
    #[serde(default)]
    pub tested: Option<Tested>,
}

/// How far the site meets WCAG 2.2 AA.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Compliance {
    /// Fully compliant: nothing fails.
    Full,
    /// Partially compliant: list what fails in `known_issues`.
    Partial,
    /// Not compliant: list what fails in `known_issues`.
    Not,
}

impl Compliance {
    pub fn as_str(self) -> &'static str {
        match self {
            Compliance::Full => "full",
            Compliance::Partial => "partial",
            Compliance::Not => "not",
        }
    }
}

/// How people reach you about the site's accessibility.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// An email address.
    #[serde(default)]
    pub email: Option<String>,
    /// A phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// When the phone is answered (`Monday to Friday, 9am to 5pm`).
    #[serde(default)]
    pub hours: Option<String>,
    /// A postal address, for those who can use neither.
    #[serde(default)]
    pub post: Option<String>,
}

/// Something on the site that fails WCAG 2.2 AA.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KnownIssue {
    /// What is not accessible, in plain words.
    pub issue: String,
    /// The WCAG success criterion it fails (`1.1.1 Non-text content`).
    #[serde(default)]
    pub criterion: Option<String>,
    /// When it will be fixed (YYYY-MM-DD).
    #[serde(default)]
    pub fix_by: Option<Date>,
}

/// When and how the site was last tested for accessibility.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tested {
    /// The day of the test (YYYY-MM-DD).
    pub date: Date,
    /// Who tested, and how.
    pub by: String,
}

fn default_statement_path() -> String {
    "accessibility/".to_string()
}

fn default_statement_url() -> Spanned<String> {
    Spanned::new(
        default_statement_path(),
        serde_saphyr::Location::UNKNOWN,
        serde_saphyr::Location::UNKNOWN,
    )
}

fn default_base_url() -> String {
    "/".to_string()
}

/// Whether `tag` is a language code as HTML and PDF take it: a language of two or
/// three letters, then parts of letters or digits (`en-GB`, `cy`, `sr-Latn-RS`).
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or_default();
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn default_language() -> String {
    "en-GB".to_string()
}

impl SiteConfig {
    /// Reads and checks `site.yaml` from the site root; `None` if it cannot be used.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<SiteConfig> {
        let text = match Self::read(root) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                return None;
            }
        };
        match Self::parse(&text) {
            Ok(config) => {
                config.check(root, &text, diags);
                Some(config)
            }
            Err(d) => {
                diags.push(d);
                None
            }
        }
    }

    fn read(root: &Path) -> Result<String, Diagnostic> {
        // Read only from the site: a link leading out of it is not followed.
        let at = root.join(CONFIG_FILE);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            let inside = at
                .canonicalize()
                .ok()
                .zip(root.canonicalize().ok())
                .is_some_and(|(target, root)| target.starts_with(root));
            if !inside {
                return Err(Diagnostic::error(
                    CONFIG_FILE,
                    "site.yaml is a link to a file outside the site folder, so safeguard does not read it: put the site's own site.yaml here",
                ));
            }
        }
        std::fs::read_to_string(at).map_err(|e| {
            let what = if e.kind() == std::io::ErrorKind::NotFound {
                "is missing: every site needs one with at least a `title` (run `safeguard new DIR` for a starting point)".to_string()
            } else {
                format!("cannot be read: {e}")
            };
            Diagnostic::error(CONFIG_FILE, format!("{CONFIG_FILE} {what}"))
        })
    }

    pub fn parse(text: &str) -> Result<SiteConfig, Diagnostic> {
        let source = YamlSource {
            path: CONFIG_FILE,
            file_text: text,
            yaml: text,
            line_offset: 0,
        };
        let mut config: SiteConfig = source.parse()?;
        config.text = text.to_string();
        if config.title.trim().is_empty() {
            return Err(
                Diagnostic::error(CONFIG_FILE, "`title` is empty: give the site a title")
                    .at_line_col(text, line_of_key(text, "title"), 1),
            );
        }
        if !is_language_tag(&config.language) {
            return Err(Diagnostic::error(
                CONFIG_FILE,
                format!(
                    "`language` is `{}`, which is not a language code: write the code of the language pages are in, such as `en-GB` (English, as written in the UK) or `cy` (Welsh), so screen readers speak them right",
                    config.language
                ),
            )
            .at_line_col(text, line_of_key(text, "language"), 1));
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

    /// Where links in the site's folders may lead: the site, and `outside_folders`.
    pub fn bounds(&self, root: &Path) -> crate::walk::Bounds {
        let outside: Vec<String> = self
            .outside_folders
            .iter()
            .map(|f| f.value.clone())
            .collect();
        crate::walk::Bounds::new(root, &outside)
    }

    /// Every outside folder named must be a folder.
    fn check_outside_folders(&self, root: &Path, diags: &mut Diagnostics) {
        for folder in &self.outside_folders {
            let at = root.join(&folder.value);
            if !at.is_dir() {
                let (line, col) = pos(folder.referenced);
                diags.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        format!(
                            "`outside_folders` names {}, which is not a folder: give the path of a folder (absolute, or relative to the site folder), or remove it",
                            folder.value
                        ),
                    )
                    .at(line, col),
                );
            }
        }
    }

    /// Checks what the types cannot: a statement must say how to reach someone, and
    /// its compliance status must agree with its known issues.
    pub fn check(&self, root: &Path, text: &str, diags: &mut Diagnostics) {
        self.check_outside_folders(root, diags);
        let Some(a) = &self.accessibility else {
            return;
        };
        let source = YamlSource {
            path: CONFIG_FILE,
            file_text: text,
            yaml: text,
            line_offset: 0,
        };
        let block = key_pos(text, "accessibility", pos(a.referenced));
        let a = &a.value;
        let reachable = a.contact.as_ref().is_some_and(|c| {
            let c = &c.value;
            [&c.email, &c.phone, &c.post]
                .iter()
                .any(|v| v.as_deref().is_some_and(|v| !v.trim().is_empty()))
        });
        if !reachable {
            let at = a
                .contact
                .as_ref()
                .map_or(block, |c| key_pos(text, "contact", pos(c.referenced)));
            diags.push(source.at(
                at,
                "the accessibility statement needs a way to ask for another format: give `contact:` an `email`, `phone` or `post`",
            ));
        }
        let compliance = a.compliance.value;
        let compliance_at = pos(a.compliance.referenced);
        match compliance {
            Compliance::Full if !a.known_issues.is_empty() => {
                let first = key_pos(text, "issue", pos(a.known_issues[0].referenced));
                diags.push(source.at(
                    first,
                    "`compliance: full` says nothing fails WCAG 2.2 AA, but `known_issues` lists problems: make it `partial`, or move fixed issues out",
                ));
            }
            Compliance::Partial | Compliance::Not if a.known_issues.is_empty() => {
                diags.push(source.at(
                    compliance_at,
                    format!(
                        "`compliance: {}` needs `known_issues`: list what fails WCAG 2.2 AA, so readers know what to expect",
                        compliance.as_str()
                    ),
                ));
            }
            _ => {}
        }
        let url = &a.url.value;
        let valid = !url.is_empty()
            && !url.starts_with('/')
            && !url.contains("://")
            && url.split('/').all(|seg| seg != ".." && seg != ".");
        if !valid {
            diags.push(source.at(
                pos(a.url.referenced),
                "`url` must be a path inside the site, such as `accessibility/`",
            ));
        }
        if let Some(r) = &a.reviewed
            && r.value < a.prepared.value
        {
            diags.push(source.at(
                pos(r.referenced),
                "`reviewed` is before `prepared`: a statement is reviewed after it is written",
            ));
        }
    }

    /// Where the accessibility statement is published, when the site has one
    /// (`accessibility/`, always ending in `/`).
    pub fn statement_url(&self) -> Option<String> {
        self.accessibility.as_ref().map(|a| {
            let mut url = a.value.url.value.trim_matches('/').to_string();
            url.push('/');
            url
        })
    }

    /// `base_url` when it is a full address (`https://…/`), ending in `/`: what
    /// sitemaps and feeds need.
    pub fn absolute_base(&self) -> Option<String> {
        if !self.base_url.contains("://") {
            return None;
        }
        Some(if self.base_url.ends_with('/') {
            self.base_url.clone()
        } else {
            format!("{}/", self.base_url)
        })
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
    key_lines(text, key)
        .find(|at| at.1 == 1)
        .map_or(1, |at| at.0)
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
        for bad in ["english", "e", "x-klingon", "en GB", "en_GB", "en-"] {
            let e = SiteConfig::parse(&format!("title: T\nlanguage: {bad}\n")).unwrap_err();
            assert!(
                e.message.contains("is not a language code"),
                "{bad}: {}",
                e.message
            );
            assert_eq!((e.line, e.col), (2, 1));
        }
        for good in ["en-GB", "cy", "sr-Latn-RS", "en"] {
            SiteConfig::parse(&format!("title: T\nlanguage: {good}\n")).unwrap();
        }
        let e = SiteConfig::parse("language: en\n").unwrap_err();
        assert!(e.message.contains("title"), "{e}");
    }
}
