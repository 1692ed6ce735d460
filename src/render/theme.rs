//! The theme: Tera templates and static files.
//!
//! The default theme is built into the binary from `themes/default/`, so a site needs
//! no theme folder. `theme: NAME` in site.yaml picks `themes/NAME/` of the site, and
//! every file in the site's `templates/` replaces the theme's file of the same name.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use tera::{Context, ErrorKind, Tera};

use crate::walk::Bounds;

use crate::config::{CONFIG_FILE, SiteConfig};
use crate::content::source::rel_to;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{Bytes, Plan};
use crate::site::{PageId, PageKind, Site};

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
    "module.html",
    "page.html",
    "paper.html",
    "print.html",
    "review.html",
    "search.html",
    "section.html",
    "tag.html",
    "tags.html",
    "partials/action-table.html",
    "partials/audit-headline.html",
    "partials/audit-summary.html",
    "partials/breadcrumbs.html",
    "partials/card.html",
    "partials/contact.html",
    "partials/grid-nav.html",
    "partials/grid.html",
    "partials/meta.html",
    "partials/module-body.html",
    "partials/pagenav.html",
    "partials/standards-table.html",
    "partials/toc.html",
    "partials/topics.html",
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
    tera: Tera,
    origins: BTreeMap<String, Origin>,
    static_files: Vec<(String, Bytes)>,
    /// Where links in the site's folders may lead.
    bounds: Bounds,
    /// A hash of every template's name and text: a rendered page depends on them all.
    pub fingerprint: super::cache::Key,
}

impl Theme {
    /// Loads the theme and the site's overrides. Every template with an error is
    /// reported and loaded empty, so the site can still be checked against the rest
    /// (its own errors reported in the same run); `None` if the theme could not be
    /// loaded at all. Nothing is rendered while any error stands.
    pub fn load(root: &Path, config: &SiteConfig, diags: &mut Diagnostics) -> Option<Theme> {
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
        let tera = compile(&files, diags)?;
        // A template missing or unreadable would make every page naming it fail too.
        if diags.error_count() > errors_before && files.is_empty() {
            return None;
        }
        let mut fingerprint = super::cache::Fingerprint::new();
        for (name, origin) in &files {
            fingerprint.add(name).add(&origin.text);
        }
        Some(Theme {
            bounds,
            tera,
            origins: files,
            static_files,
            fingerprint: fingerprint.finish(),
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
            PageKind::Plain => "page.html".to_string(),
            PageKind::Framework(_) => "framework.html".to_string(),
            PageKind::Audit(_) => "audit.html".to_string(),
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

    /// The ids `template` and the templates it extends and includes put on a page,
    /// each with the template it is in.
    pub fn ids_of(&self, template: &str) -> Vec<(ThemeId, String)> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        let mut todo = vec![template.to_string()];
        while let Some(name) = todo.pop() {
            let Some(origin) = self.origins.get(&name) else {
                continue;
            };
            if !seen.insert(name.clone()) {
                continue;
            }
            for id in template_ids(&origin.text) {
                out.push((id, name.clone()));
            }
            todo.extend(referenced_templates(&origin.text));
        }
        out
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
    pub fn add_site_static(&self, root: &Path, plan: &mut Plan, diags: &mut Diagnostics) {
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

/// The theme's templates (the site's own `templates/` replacing them file by file)
/// and static files; `None` if there is no such theme.
type Templates = BTreeMap<String, Origin>;

fn read_theme(
    root: &Path,
    config: &SiteConfig,
    bounds: &Bounds,
    diags: &mut Diagnostics,
) -> Option<(Templates, Vec<(String, Bytes)>)> {
    let mut files: Templates = BTreeMap::new();
    let mut static_files = Vec::new();
    let mut bad_utf8 = Vec::new();
    let name = config.theme.as_deref().unwrap_or("default");
    let theme_dir = root.join("themes").join(name);
    // Templates from a folder: a file that is not UTF-8 is reported, not loaded.
    let mut read_templates =
        |dir: &Path, diags: &mut Diagnostics, files: &mut BTreeMap<String, Origin>| {
            read_tree(
                root,
                bounds,
                dir,
                diags,
                |rel, path, bytes| match String::from_utf8(bytes) {
                    Ok(text) => {
                        files.insert(rel, Origin { path, text });
                    }
                    Err(_) => bad_utf8.push(path),
                },
            );
        };
    if theme_dir.join("templates").is_dir() {
        read_templates(&theme_dir.join("templates"), diags, &mut files);
        read_tree(
            root,
            bounds,
            &theme_dir.join("static"),
            diags,
            |rel, _, bytes| static_files.push((rel, bytes.into())),
        );
    } else if name == "default" {
        for (rel, bytes) in DEFAULT_TEMPLATES {
            files.insert(
                rel.to_string(),
                Origin {
                    path: format!("<default theme>/templates/{rel}"),
                    text: String::from_utf8_lossy(bytes).into_owned(),
                },
            );
        }
        static_files.extend(
            DEFAULT_STATIC
                .iter()
                .map(|(n, b)| (n.to_string(), Bytes::from(*b))),
        );
    } else {
        let text = &config.text;
        let line = text
            .lines()
            .position(|l| l.starts_with("theme"))
            .map_or(1, |i| i + 1);
        diags.push(
            Diagnostic::error(
                CONFIG_FILE,
                format!("there is no theme `{name}`: expected its templates in themes/{name}/templates/ (or remove `theme:` to use the default theme)"),
            )
            .at_line_col(text, line, 8),
        );
        return None;
    }

    // The site's own templates replace the theme's, file by file.
    read_templates(&root.join("templates"), diags, &mut files);
    for path in bad_utf8 {
        diags.push(Diagnostic::error(
            path,
            "is not UTF-8 text: save it as UTF-8",
        ));
    }

    Some((files, static_files))
}

/// The templates compiled. One with a syntax error is reported and replaced by an
/// empty one, so that the others still load and report their own errors.
fn compile(files: &Templates, diags: &mut Diagnostics) -> Option<Tera> {
    let mut tera = None;
    let mut texts: BTreeMap<String, String> = files
        .iter()
        .map(|(k, o)| (k.clone(), o.text.clone()))
        .collect();
    for _ in 0..=files.len() {
        let mut attempt = Tera::new();
        attempt.autoescape_on([".html", ".htm", ".xml"]);
        // Before the templates, as Tera asks: `range` counted, so a runaway stops.
        attempt.register_function("range", super::limits::range);
        match attempt.add_raw_templates(texts.iter().map(|(k, v)| (k.as_str(), v.as_str()))) {
            Ok(()) => {
                tera = Some(attempt);
                break;
            }
            Err(e) => {
                let mut progressed = false;
                for (d, culprit) in diagnostics(&e, files, None) {
                    diags.push(d);
                    if let Some(name) = culprit
                        && texts.get(&name).is_some_and(|t| !t.is_empty())
                    {
                        texts.insert(name, String::new());
                        progressed = true;
                    }
                }
                if !progressed {
                    break;
                }
            }
        }
    }
    tera
}

/// An id a template writes: as it is, or the fixed start of one made from data.
#[derive(Debug, PartialEq)]
pub enum ThemeId {
    Exact(String),
    Prefix(String),
}

impl ThemeId {
    pub fn matches(&self, id: &str) -> bool {
        match self {
            ThemeId::Exact(e) => e == id,
            ThemeId::Prefix(p) => id.starts_with(p.as_str()),
        }
    }
}

/// The ids a template writes (`id="main"`). One made from data with a fixed start
/// (`id="sg-fw-{{ loop.index }}"`) reserves the start; one with a fixed end after a
/// prefix that is empty on a page of its own (`id="{{ prefix }}title"`) reserves the
/// end; one wholly from data (a criterion's anchor) is the model's, checked there.
fn template_ids(text: &str) -> Vec<ThemeId> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("id=\"") {
        if !text[..i].ends_with(char::is_whitespace) {
            continue;
        }
        let value_start = i + 4;
        let Some(len) = text[value_start..].find('"') else {
            continue;
        };
        let value = &text[value_start..value_start + len];
        match value.find(['{', '}']) {
            None if !value.is_empty() => out.push(ThemeId::Exact(value.to_string())),
            Some(0) => {
                let rest = value.rsplit("}}").next().unwrap_or("");
                if value.starts_with("{{")
                    && !rest.is_empty()
                    && !rest.contains(['{', '}'])
                    && rest.starts_with(|c: char| c.is_alphanumeric())
                {
                    out.push(ThemeId::Exact(rest.to_string()));
                }
            }
            Some(n) if n > 0 => out.push(ThemeId::Prefix(value[..n].to_string())),
            _ => {}
        }
    }
    out
}

/// The templates a template extends, includes or imports, by name.
fn referenced_templates(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in text.split("{%").skip(1) {
        let tag = tag.trim_start_matches('-').trim_start();
        if !["extends", "include", "import"]
            .iter()
            .any(|k| tag.starts_with(k))
        {
            continue;
        }
        let tag = tag.split("%}").next().unwrap_or("");
        for quote in ['"', '\''] {
            let mut parts = tag.split(quote);
            parts.next();
            if let Some(name) = parts.next() {
                out.push(name.to_string());
                break;
            }
        }
    }
    out
}

/// Reads every file under `dir` (if it exists), calling `each(rel_to_dir, rel_to_root, bytes)`.
/// Links are followed only inside the site's bounds (see [`crate::walk`]).
fn read_tree(
    root: &Path,
    bounds: &Bounds,
    dir: &Path,
    diags: &mut Diagnostics,
    mut each: impl FnMut(String, String, Vec<u8>),
) {
    if !dir.is_dir() {
        return;
    }
    let (files, problems) = crate::walk::files(dir, bounds, crate::walk::is_scratch_file);
    for p in problems {
        diags.push(Diagnostic::error(rel_to(root, &p.path), p.message));
    }
    for file in files {
        match std::fs::read(&file.path) {
            Ok(bytes) => each(rel_to(dir, &file.path), rel_to(root, &file.path), bytes),
            Err(e) => diags.push(Diagnostic::error(
                rel_to(root, &file.path),
                format!("cannot be read: {e}"),
            )),
        }
    }
}

/// The located report inside a Tera error, wherever in its chain it is.
fn report_of(e: &tera::Error) -> Option<&tera::ReportError> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = current {
        if let Some(te) = err.downcast_ref::<tera::Error>()
            && let ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) = te.kind()
        {
            return Some(r);
        }
        current = err.source();
    }
    None
}

/// A Tera error as diagnostics at the template's line and column, each with the
/// name of the template it is in (where known).
fn diagnostics(
    e: &tera::Error,
    origins: &BTreeMap<String, Origin>,
    rendering: Option<&str>,
) -> Vec<(Diagnostic, Option<String>)> {
    let located = |name: &str, line: usize, col: usize, message: &str| {
        let origin = origins
            .get(name)
            .or_else(|| rendering.and_then(|t| origins.get(t)));
        let path = origin.map_or_else(|| name.to_string(), |o| o.path.clone());
        let mut message = message.to_string();
        if let Some(t) = rendering
            && t != name
        {
            message = format!("{message} (while rendering {t})");
        }
        let d = Diagnostic::error(path, format!("template error: {message}"));
        let d = match origin {
            Some(o) => d.at_line_col(&o.text, line, col),
            None => d.at(line, col),
        };
        (d, Some(name.to_string()))
    };
    if let Some(r) = report_of(e) {
        let span = r.span();
        return vec![located(
            r.filename(),
            span.start_line,
            span.start_col + 1,
            r.message(),
        )];
    }
    // Problems found while linking templates together (an unknown filter or included
    // template) come as text holding one or more reports: `error: …` then ` --> name:line:col`.
    if let ErrorKind::Msg(text) = e.kind() {
        let mut found = Vec::new();
        let mut message = None;
        for line in text.lines() {
            if let Some(m) = line.strip_prefix("error: ") {
                message = Some(m.to_string());
            } else if let Some(at) = line.trim_start().strip_prefix("--> ")
                && let Some(m) = message.take()
            {
                let mut parts = at.rsplitn(3, ':');
                let col = parts.next().and_then(|c| c.parse().ok());
                let line_no = parts.next().and_then(|l| l.parse().ok());
                if let (Some(col), Some(line_no), Some(name)) = (col, line_no, parts.next()) {
                    found.push(located(name, line_no, col, &m));
                }
            }
        }
        if !found.is_empty() {
            return found;
        }
    }
    let name = match e.kind() {
        ErrorKind::MissingParent { current, .. } => Some(current.as_str()),
        ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => {
            Some(tpl.as_str())
        }
        _ => rendering,
    };
    let origin = name.and_then(|n| origins.get(n));
    let path = origin.map_or_else(|| "templates".to_string(), |o| o.path.clone());
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    let d = Diagnostic::error(path, format!("template error: {message}"));
    let d = match origin {
        Some(o) => d.at_line_col(&o.text, 1, 1),
        None => d,
    };
    vec![(d, name.map(str::to_string))]
}

#[cfg(test)]
mod tests {
    use super::*;

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
