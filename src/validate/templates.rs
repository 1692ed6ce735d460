//! The site against its theme: templates pages name, templates the kinds of this
//! build need (a site's own theme may lack them), and heading ids the theme
//! already uses on a page.

use std::collections::BTreeMap;

use crate::config::CONFIG_FILE;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::Theme;
use crate::render::kind::Kind;
use crate::render::theme::ThemeId;
use crate::site::{PageKind, Site};

/// Pages whose `template:` names a template the theme does not have.
pub fn named_by_pages(site: &Site, theme: &Theme, diags: &mut Diagnostics) {
    for page in &site.pages {
        let (Some(source), Some(t)) = (
            site.source_of(page),
            page.front.as_ref().and_then(|f| f.template.as_ref()),
        ) else {
            continue;
        };
        if !theme.has_template(&t.value) {
            diags.push(
                Diagnostic::error(
                    &source.rel,
                    format!(
                        "there is no template `{}`: the theme has {}",
                        t.value,
                        theme.page_templates().join(", ")
                    ),
                )
                .at_line_col(
                    &source.text,
                    t.referenced.line() as usize + 1,
                    t.referenced.column() as usize,
                ),
            );
        }
    }
}

/// Pages safeguard makes itself need templates a site's own theme may not have.
pub fn needed_by_kinds(site: &Site, theme: &Theme, kinds: &[&dyn Kind], diags: &mut Diagnostics) {
    let name = theme.name(&site.config);
    for (template, what, line) in kinds.iter().flat_map(|k| k.templates(site)) {
        if !theme.has_template(template) {
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!(
                        "{what} need{} a template `{template}`, and theme `{name}` has none: add one to themes/{name}/templates/ or the site's templates/",
                        if what.ends_with('s') { "" } else { "s" }
                    ),
                )
                .at_line_col(&site.config.text, line, 1),
            );
        }
    }
}

/// The start of the ids safeguard writes into a page itself (its title, the figures,
/// tables and summaries of embedding blocks, a report's sign-off and checklist): no
/// heading may take one.
const OWN: &str = "sg-";

fn own_id(h: &crate::content::markdown::Heading) -> String {
    let id = &h.id;
    let fresh = &id[OWN.len()..];
    let fresh = if fresh.is_empty() { "section" } else { fresh };
    match h.explicit {
        true => format!(
            "the heading id `{id}` starts with `{OWN}`, which safeguard keeps for the ids it writes itself (figures, tables, sign-off), so two parts of the page could share it: choose another id, such as `{{#{fresh}}}`"
        ),
        false => format!(
            "this heading gets the id `{id}`, and ids starting with `{OWN}` are kept for the ones safeguard writes itself (figures, tables, sign-off): give the heading an id of its own, such as `{{#{fresh}}}` at the end of the heading"
        ),
    }
}

/// Headings whose id the theme already uses on their page (`main`, the search
/// box's, the cover sheet's): one id twice on a page sends links, skip links and
/// screen readers to the wrong place. The ids are read from the templates the page
/// is rendered with (its template, what it extends and includes), so a site's own
/// theme is checked against its own ids; and headings whose id starts `sg-`.
pub fn heading_ids(site: &Site, theme: &Theme, diags: &mut Diagnostics) {
    let mut by_template: BTreeMap<String, Vec<(ThemeId, String)>> = BTreeMap::new();
    for (id, page) in site.pages.iter().enumerate() {
        let Some(source) = site.source_of(page) else {
            continue;
        };
        // Data pages' anchors are made by safeguard, not written by the author.
        if matches!(page.kind, PageKind::Framework(_) | PageKind::Audit(_)) {
            continue;
        }
        let template = theme.template_for(site, id);
        let used = by_template
            .entry(template.clone())
            .or_insert_with(|| theme.ids_of(&template));
        for h in &page.outline.headings {
            if h.id.starts_with(OWN) {
                diags.push(
                    Diagnostic::error(&source.rel, own_id(h)).at_offset(&source.text, h.offset),
                );
                continue;
            }
            let Some((_, file)) = used.iter().find(|(t, _)| t.matches(&h.id)) else {
                continue;
            };
            let message = if h.explicit {
                format!(
                    "the heading id `{}` is already used by the theme on this page (in {file}), so links to it would go to the wrong place: choose another id, such as `{{#{}-section}}`",
                    h.id, h.id
                )
            } else {
                format!(
                    "this heading gets the id `{}`, which the theme already uses on this page (in {file}), so links to it would go to the wrong place: give the heading an id of its own, such as `{{#{}-section}}` at the end of the heading",
                    h.id, h.id
                )
            };
            diags.push(Diagnostic::error(&source.rel, message).at_offset(&source.text, h.offset));
        }
    }
}
