//! One register of addresses: a source published where safeguard publishes
//! something of its own is an error naming the file. (A file of `content/` or
//! `static/` at the path of a file safeguard makes is caught as the plan is filled:
//! `render::site_files::add_site_files` and `Theme::add_site_static`.)

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::kind::Kind;
use crate::site::{MANIFEST_URL, SEARCH_URL, SITEMAP_URL, SectionId, Site, dir_url};

pub fn check(site: &Site, kinds: &[&dyn Kind], diags: &mut Diagnostics) {
    statement(site, diags);
    beside_folders(site, diags);
    for (url, what) in reserved(site, kinds) {
        let Some(index) = culprit(site, &url) else {
            continue;
        };
        let at = if url.ends_with('/') {
            "at or under"
        } else {
            "at"
        };
        diags.push(
            Diagnostic::error(
                &site.sources[index].rel,
                format!("this would be published {at} /{url}, where safeguard {what}: rename the file or folder"),
            )
            .at(1, 1),
        );
    }
}

/// A file published at the address of a folder beside it that has no `_index.md`
/// (`organisations.yaml` beside `organisations/`): the folder's page, listing what
/// is in it, would be published there too, and one of the two would be lost.
fn beside_folders(site: &Site, diags: &mut Diagnostics) {
    for s in site.sections.iter().filter(|s| !s.dir.is_empty()) {
        if site.pages[s.page].source.is_some() {
            continue;
        }
        let url = dir_url(&s.dir);
        let Some(&index) = site.owners.get(&url) else {
            continue;
        };
        let source = &site.sources[index];
        let how = if source.rel.ends_with(".md") {
            format!(
                "rename one of them, or move this page into the folder as `content/{}/_index.md`, to be its page",
                s.dir
            )
        } else {
            "rename the file or the folder".to_string()
        };
        diags.push(
            Diagnostic::error(
                &source.rel,
                format!(
                    "this file and the folder `content/{}/` would both be published at /{url}, where the folder's page lists what is in it: {how}",
                    s.dir
                ),
            )
            .at(1, 1),
        );
    }
}

/// The accessibility statement of `site.yaml` has its address too.
fn statement(site: &Site, diags: &mut Diagnostics) {
    let Some(url) = site.config.statement_url() else {
        return;
    };
    if let Some(&index) = site.owners.get(&url) {
        diags.push(
            Diagnostic::error(
                &site.sources[index].rel,
                format!(
                    "this file would be published at /{url}, where the accessibility statement of site.yaml goes: rename the file, or give the statement another `url` under `accessibility:`"
                ),
            )
            .at(1, 1),
        );
    }
}

/// The addresses safeguard itself publishes in this build, each with what it puts
/// there.
fn reserved(site: &Site, kinds: &[&dyn Kind]) -> Vec<(String, &'static str)> {
    let mut reserved = vec![
        (
            MANIFEST_URL.to_string(),
            "writes the build's manifest of sources and outputs",
        ),
        (SEARCH_URL.to_string(), "puts the search page and its index"),
    ];
    if site.config.absolute_base().is_some() {
        reserved.push((SITEMAP_URL.to_string(), "writes the sitemap"));
    }
    reserved.extend(kinds.iter().flat_map(|k| k.reserved(site)));
    for s in site.print_sections() {
        reserved.push((
            site.print_url(s),
            "puts the whole course on one page to print",
        ));
    }
    reserved
}

/// The source published at `url`: the one that claimed it, or for a folder without
/// `_index.md` (whose page claims nothing) the first file found in it or, if it has
/// none of its own, under it.
fn culprit(site: &Site, url: &str) -> Option<usize> {
    if let Some(&index) = site.owners.get(url) {
        return Some(index);
    }
    let section = site.sections.iter().position(|s| dir_url(&s.dir) == url)?;
    first_in(site, section)
}

/// The first source found in a section: its pages', else its first folder's own page
/// or, without one, the first found under that. Every section holds a source
/// somewhere, or it would not have been made.
fn first_in(site: &Site, section: SectionId) -> Option<usize> {
    let section = &site.sections[section];
    // Sources are added in the order they were found, so the smallest is the first.
    let first_page = section
        .pages
        .iter()
        .filter_map(|&p| site.pages[p].source)
        .min();
    first_page.or_else(|| {
        let sub = *section.subsections.iter().min()?;
        site.pages[site.sections[sub].page]
            .source
            .or_else(|| first_in(site, sub))
    })
}
