//! The theme: Tera templates and static files.
//!
//! The default theme is built into the binary from `themes/default/`, so a site needs
//! no theme folder. `theme: NAME` in site.yaml picks `themes/NAME/` of the site, and
//! every file in the site's `templates/` replaces the theme's file of the same name.

mod errors;
mod ids;
mod read;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use tera::{Context, Tera};

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{Bytes, Plan};
use crate::site::{PageId, PageKind, Site};
use crate::walk::Bounds;
use errors::{diagnostics, report_of};
pub use ids::ThemeId;
use read::{compile, read_theme, read_tree};

/// Templates every theme must have.
pub const REQUIRED: &[&str] = &[
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

macro_rules! embed {
    ($kind:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $kind, "/", $name)) as &[u8])),*]
    };
}

/// The default theme's templates, as built into the binary.
pub const DEFAULT_TEMPLATES: &[(&str, &[u8])] = embed!("templates":
    "404.html",
    "accessibility.html",
    "actions.html",
    "assurance.html",
    "audit.html",
    "base.html",
    "framework.html",
    "glossary.html",
    "grid-page.html",
    "index.html",
    "indicators.html",
    "meeting.html",
    "module.html",
    "organisation.html",
    "organisations.html",
    "page.html",
    "paper.html",
    "partnership.html",
    "print.html",
    "report.html",
    "review.html",
    "search.html",
    "section.html",
    "tag.html",
    "tags.html",
    "training.html",
    "partials/action-table.html",
    "partials/actions-embed.html",
    "partials/audit-headline.html",
    "partials/audit-summary.html",
    "partials/breadcrumbs.html",
    "partials/card.html",
    "partials/contact.html",
    "partials/figure-rows.html",
    "partials/grid-nav.html",
    "partials/grid.html",
    "partials/held-figures.html",
    "partials/indicators-embed.html",
    "partials/meta.html",
    "partials/module-body.html",
    "partials/organisation-embed.html",
    "partials/pagenav.html",
    "partials/pdf-link.html",
    "partials/registry-table.html",
    "partials/return-rows.html",
    "partials/rounding.html",
    "partials/score.html",
    "partials/standards-table.html",
    "partials/toc.html",
    "partials/training-embed.html",
    "partials/training-rows.html",
    "partials/topics.html",
    "partials/trend-embed.html",
    "partials/trend-table.html",
);

/// The default theme's static files, as built into the binary.
pub const DEFAULT_STATIC: &[(&str, &[u8])] = embed!("static":
    "favicon.svg",
    "search.js",
    "selfcheck.js",
    "style.css",
);

/// Where a template came from, for diagnostics.
struct Origin {
    /// Path relative to the site root, or `<default theme>/templates/NAME`.
    path: String,
    text: String,
}

pub struct Theme {
    tera: Arc<Tera>,
    origins: BTreeMap<String, Origin>,
    static_files: Vec<(String, Bytes)>,
    /// Where links in the site's folders may lead.
    bounds: Bounds,
    /// A hash of every template's name and text: a rendered page depends on them all.
    pub fingerprint: super::cache::Key,
}

/// The templates as last compiled, kept by `serve` (compiling is a tenth of a
/// save on a small site): taken again only for the very same template texts.
#[derive(Default)]
pub struct Compiled {
    last: std::sync::Mutex<Option<(super::cache::Key, Arc<Tera>)>>,
}

impl Compiled {
    fn get(&self, fingerprint: super::cache::Key) -> Option<Arc<Tera>> {
        let last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        last.as_ref()
            .filter(|(k, _)| *k == fingerprint)
            .map(|(_, tera)| Arc::clone(tera))
    }

    fn keep(&self, fingerprint: super::cache::Key, tera: &Arc<Tera>) {
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) =
            Some((fingerprint, Arc::clone(tera)));
    }
}

impl Theme {
    /// Loads the theme and the site's overrides. Every template with an error is
    /// reported and loaded empty, so the site can still be checked against the rest
    /// (its own errors reported in the same run); `None` if the theme could not be
    /// loaded at all. Nothing is rendered while any error stands.
    pub fn load(
        root: &Path,
        config: &SiteConfig,
        compiled: Option<&Compiled>,
        diags: &mut Diagnostics,
    ) -> Option<Theme> {
        let errors_before = diags.error_count();
        let bounds = config.bounds(root);
        let (files, static_files) = read_theme(root, config, &bounds, diags)?;
        let name = config.theme.as_deref().unwrap_or("default");
        for required in REQUIRED {
            if !files.contains_key(*required) {
                diags.push(Diagnostic::error(
                    format!("themes/{name}/templates"),
                    format!(
                        "the theme has no `{required}`: every theme needs {}",
                        REQUIRED.join(", ")
                    ),
                ));
            }
        }
        let mut fingerprint = super::cache::Fingerprint::new();
        for (name, origin) in &files {
            fingerprint.add(name).add(&origin.text);
        }
        let fingerprint = fingerprint.finish();
        let tera = match compiled.and_then(|c| c.get(fingerprint)) {
            Some(tera) => tera,
            None => {
                let said = diags.len();
                let tera = Arc::new(compile(&files, diags)?);
                // Kept only if it said nothing: what it said is said by every build.
                if let Some(c) = compiled.filter(|_| diags.len() == said) {
                    c.keep(fingerprint, &tera);
                }
                tera
            }
        };
        // A template missing or unreadable would make every page naming it fail too.
        if diags.error_count() > errors_before && files.is_empty() {
            return None;
        }
        Some(Theme {
            bounds,
            tera,
            origins: files,
            static_files,
            fingerprint,
        })
    }

    /// The template a page renders with.
    pub fn template_for(&self, site: &Site, id: PageId) -> String {
        let page = &site.pages[id];
        if let Some(t) = page.front.as_ref().and_then(|f| f.template.as_ref()) {
            return t.value.clone();
        }
        match page.kind {
            PageKind::SectionIndex
                if page.url.is_empty() && self.tera.contains_template("index.html") =>
            {
                "index.html".to_string()
            }
            PageKind::SectionIndex => "section.html".to_string(),
            PageKind::Module => "module.html".to_string(),
            PageKind::Paper => "paper.html".to_string(),
            PageKind::Report => "report.html".to_string(),
            PageKind::Meeting => "meeting.html".to_string(),
            PageKind::Plain => "page.html".to_string(),
            PageKind::Framework(_) => "framework.html".to_string(),
            PageKind::Audit(_) => "audit.html".to_string(),
            PageKind::Organisations => "organisations.html".to_string(),
            PageKind::Figures(f) => match site.figures[f].data {
                crate::site::Figures::Indicators(_) => "indicators.html".to_string(),
                crate::site::Figures::Training(_) => "training.html".to_string(),
            },
        }
    }

    /// Whether the theme has a template of this name.
    pub fn has_template(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// The theme's templates that a page may name, sorted (not its partials).
    pub fn page_templates(&self) -> Vec<&str> {
        let mut known: Vec<&str> = self
            .tera
            .get_template_names()
            .filter(|n| !n.starts_with("partials/"))
            .collect();
        known.sort();
        known
    }

    /// The theme's name, as `site.yaml` gives it.
    pub fn name<'c>(&self, config: &'c SiteConfig) -> &'c str {
        config.theme.as_deref().unwrap_or("default")
    }

    /// Whether the theme has a search page; without one, no index is built.
    pub fn has_search(&self) -> bool {
        self.tera.contains_template("search.html")
    }

    /// Whether the theme has a whole-course print page.
    pub fn has_print(&self) -> bool {
        self.tera.contains_template("print.html")
    }

    /// Renders `template`, within the bounds of [`super::limits`]: a render that runs
    /// away is stopped with an error naming the template.
    pub fn render(&self, template: &str, ctx: &Context) -> Result<String, Diagnostic> {
        use super::limits;
        limits::start();
        let mut out = limits::Bounded::new(Vec::with_capacity(16 * 1024));
        let result = self.tera.render_to(template, ctx, &mut out);
        if let Some(why) = limits::stopped() {
            // Where in which template, if Tera knows (a `range` call); else the start
            // of the template rendered.
            let at = result
                .as_ref()
                .err()
                .and_then(report_of)
                .filter(|_| why == limits::Stopped::Range)
                .map(|r| {
                    let span = r.span();
                    (
                        r.filename().to_string(),
                        span.start_line,
                        span.start_col + 1,
                    )
                });
            let (name, line, col) = at.unwrap_or_else(|| (template.to_string(), 1, 1));
            let origin = self.origins.get(&name);
            let path = origin.map_or_else(|| name.clone(), |o| o.path.clone());
            let mut message = format!("template error: {}", why.explain());
            if name != template {
                message.push_str(&format!(" (while rendering {template})"));
            }
            let d = Diagnostic::error(path, message);
            return Err(match origin {
                Some(o) => d.at_line_col(&o.text, line, col),
                None => d.at(line, col),
            });
        }
        result.map_err(|e| {
            diagnostics(&e, &self.origins, Some(template))
                .into_iter()
                .map(|(d, _)| d)
                .next()
                .unwrap_or_else(|| Diagnostic::error(template, format!("template error: {e}")))
        })?;
        String::from_utf8(out.inner)
            .map_err(|_| Diagnostic::error(template, "template error: the page is not UTF-8 text"))
    }

    /// The templates read from the site's folder (not built in): (path, text).
    pub fn site_templates(&self) -> impl Iterator<Item = (&str, &str)> {
        self.origins
            .values()
            .filter(|o| !o.path.starts_with('<'))
            .map(|o| (o.path.as_str(), o.text.as_str()))
    }

    pub fn static_files(&self) -> &[(String, Bytes)] {
        &self.static_files
    }

    /// Copies the site's `static/` folder into the plan. A file there may replace a
    /// theme's static file, but never a page.
    /// `tables` are CSV files of content/ that this build does not publish (a
    /// dataset's figures): a copy of one in `static/` is an error.
    pub fn add_site_static(
        &self,
        root: &Path,
        plan: &mut Plan,
        tables: &[(&str, &[u8])],
        diags: &mut Diagnostics,
    ) {
        let theme_static: HashSet<&str> =
            self.static_files.iter().map(|(n, _)| n.as_str()).collect();
        let mut found = Vec::new();
        read_tree(
            root,
            &self.bounds,
            &root.join("static"),
            diags,
            |rel, path, bytes| found.push((rel, path, bytes)),
        );
        for (rel, path, bytes) in found {
            // The output folder's own files (`.safeguard-staging/`, say) are ours.
            if rel.starts_with(crate::output::OWN_PREFIX) {
                diags.push(Diagnostic::error(
                    path,
                    "is in a folder whose name safeguard keeps for its own files in the output folder: rename the folder".to_string(),
                ));
                continue;
            }
            let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
            if let Some((table, _)) = tables.iter().find(|(_, t)| *t == text) {
                diags.push(Diagnostic::error(
                    path,
                    format!("is a copy of {table}, the figures of a dataset, which a public build never publishes as a file (a public dataset shows them on its page, small numbers protected): remove it from static/"),
                ));
                continue;
            }
            // The manifest is added once everything else is in the plan.
            let generated = (plan.contains(&rel) && !theme_static.contains(rel.as_str()))
                || rel == crate::site::MANIFEST_URL;
            if generated {
                diags.push(Diagnostic::error(
                    path,
                    format!(
                        "would be published at /{rel}, where safeguard makes {}: rename or move it",
                        super::made_at(&rel, self)
                    ),
                ));
                continue;
            }
            plan.put(rel, bytes.into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ids::{referenced_templates, template_ids};
    use super::*;
    use crate::content::source::rel_to;

    /// The embedded list must name every file of `themes/default/`, or a file added
    /// there would silently be missing from the built-in theme.
    #[test]
    fn every_default_theme_file_is_built_in() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for (kind, list) in [("templates", DEFAULT_TEMPLATES), ("static", DEFAULT_STATIC)] {
            let mut on_disk: Vec<String> = walkdir::WalkDir::new(dir.join(kind))
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| rel_to(&dir.join(kind), e.path()))
                .collect();
            on_disk.sort();
            let mut embedded: Vec<String> = list.iter().map(|(n, _)| n.to_string()).collect();
            embedded.sort();
            assert_eq!(
                on_disk, embedded,
                "themes/default/{kind} and the built-in list differ"
            );
        }
    }

    #[test]
    fn ids_are_read_from_templates() {
        let ids = template_ids(
            "<main id=\"main\"><p data-id=\"x\"> <b id=\"sg-fw-{{ loop.index }}\"> <h1 id=\"{{ item.anchor_prefix }}title\"> <i id=\"{{ c.anchor }}\"> <i id=\"{{ g }}-caption\">",
        );
        assert_eq!(
            ids,
            [
                ThemeId::Exact("main".into()),
                ThemeId::Prefix("sg-fw-".into()),
                ThemeId::Exact("title".into()),
            ]
        );
        assert_eq!(
            referenced_templates(
                "{% extends \"base.html\" %}{%- include 'partials/toc.html' -%}{% if x %}"
            ),
            ["base.html", "partials/toc.html"]
        );
    }

    #[test]
    fn the_default_theme_has_every_required_template() {
        for required in REQUIRED {
            assert!(
                DEFAULT_TEMPLATES.iter().any(|(n, _)| n == required),
                "{required}"
            );
        }
    }
}
