//! Building the model: each parsed source is given its place (a URL, a section, a
//! page of its kind), the draft and audience filters are applied, and the whole is
//! linked (frameworks and returns, then every link of every page) and put in order.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::links::LinkTarget;
use super::parse::{ParseCache, ParseResult, Parsed, parse_source};
use super::{
    Asset, BrokenPage, GlossaryEntry, GlossaryPage, Page, PageKind, Section, SectionId, Selection,
    Site, Withheld,
};
use crate::assurance::{Assurance, anchor};
use crate::config::{SiteConfig, Visibility};
use crate::content::Source;
use crate::content::data::{DataDoc, Glossary};
use crate::content::frontmatter::{FrontMatter, PageType};
use crate::content::markdown::{self, Outline};
use crate::content::slug::{IdAllocator, github_slug, order_prefix, url_segment};
use crate::diagnostics::{Diagnostic, Diagnostics};
use rayon::prelude::*;

mod assurance;
mod figures;
pub(super) use figures::FiguresMemo;
mod registry;

use figures::Dataset;

/// The model while it is being built.
struct Builder<'s> {
    site: Site,
    sources: &'s [Source],
    section_of_dir: HashMap<String, SectionId>,
    /// Frameworks left out of this build, so a return to one is explained.
    withheld_frameworks: Vec<String>,
    /// Frameworks that failed to load: their errors are reported already.
    broken_frameworks: Vec<String>,
    /// A registry left out of this build (private, in a public one): its source.
    withheld_registry: Option<usize>,
    /// Registries refused as a second one: returns naming their organisations are quiet.
    refused_registries: Vec<crate::organisations::Directory>,
    /// Datasets placed, whose files are read once the registry is known.
    datasets: Vec<figures::Placed>,
    /// Datasets left out of this build: their files are left out too.
    datasets_withheld: Vec<(usize, String, Dataset)>,
    /// The last folder placed and its URL: sources come folder by folder.
    last_dir: (String, String),
}

/// Where a source goes: its folder, its file name without the extension, and the
/// folder's URL.
struct Place<'s> {
    index: usize,
    dir: &'s str,
    stem: &'s str,
    dir_url: String,
}

impl Place<'_> {
    /// The URL of a page made from this source: `dir/stem/`.
    fn page_url(&self) -> String {
        format!("{}{}/", self.dir_url, url_segment(self.stem))
    }
}

impl Site {
    /// Builds the model. Problems go to `diags`; the model is still returned so that
    /// every later check can run and report too.
    pub fn build(
        config: SiteConfig,
        sources: Vec<Source>,
        selection: Selection,
        cache: Option<&ParseCache>,
        before: Option<&Site>,
        diags: &mut Diagnostics,
    ) -> Site {
        let parsed: Vec<ParseResult> = match cache {
            Some(cache) => cache.parse_all(&sources),
            None => sources.par_iter().map(parse_source).collect(),
        };
        let mut b = Builder {
            site: Site::empty(config, selection),
            sources: &sources,
            section_of_dir: HashMap::new(),
            withheld_frameworks: Vec::new(),
            broken_frameworks: Vec::new(),
            withheld_registry: None,
            refused_registries: Vec::new(),
            datasets: Vec::new(),
            datasets_withheld: Vec::new(),
            last_dir: (String::new(), String::new()),
        };
        b.add_section("", None);
        for (index, result) in parsed.into_iter().enumerate() {
            b.add(index, result, diags);
        }
        b.registry_withheld(diags);
        let Builder {
            mut site,
            withheld_frameworks,
            broken_frameworks,
            refused_registries,
            datasets,
            datasets_withheld,
            withheld_registry,
            ..
        } = b;
        // Without the registry its figures name, a dataset's rows cannot be read:
        // the registry's own error says why.
        if withheld_registry.is_none() {
            let memo = cache.map(|c| &c.figures);
            figures::load(
                &mut site,
                &sources,
                (datasets, datasets_withheld),
                memo,
                diags,
            );
        }
        let dir = site.registry.as_ref().map(|r| &r.directory);
        site.assurance.link(
            |i| (&sources[i].rel, &sources[i].text),
            (dir, &refused_registries),
            &withheld_frameworks,
            &broken_frameworks,
            diags,
        );
        registry::after_linking(&mut site);
        site.share_outlines();
        site.sources = sources;
        site.resolve_links(before);
        site.withhold_unused_assets();
        site.settle_links();
        super::order::sort(&mut site);
        site.tags = super::tags::gather(&site, diags);
        // Once, here: every page's context reads it.
        site.has_public = (0..site.pages.len())
            .any(|id| site.visibility_of(id) == crate::config::Visibility::Public);
        site
    }

    /// A site of `config` with nothing in it yet, for the builder to fill.
    fn empty(config: SiteConfig, selection: Selection) -> Site {
        Site {
            config,
            selection,
            sources: Vec::new(),
            pages: Vec::new(),
            sections: Vec::new(),
            glossary: None,
            assets: Vec::new(),
            assurance: Assurance::default(),
            registry: None,
            registry_left_out: None,
            figures: Vec::new(),
            tags: Vec::new(),
            has_public: false,
            withheld: 0,
            owners: BTreeMap::new(),
            targets: HashMap::new(),
            unpublished: HashMap::new(),
            broken_pages: Vec::new(),
        }
    }

    /// A return's page has the anchors of its framework's standards and criteria.
    fn share_outlines(&mut self) {
        for a in &self.assurance.audits {
            if let Some(fid) = a.framework {
                let f = &self.assurance.frameworks[fid];
                self.pages[a.page].outline = Arc::clone(&self.pages[f.page].outline);
            }
        }
    }
}

impl Builder<'_> {
    /// Gives one parsed source its place in the model, or says why it has none.
    fn add(&mut self, index: usize, result: ParseResult, diags: &mut Diagnostics) {
        let source = &self.sources[index];
        let parsed = match result {
            Ok(p) => p,
            Err(problems) => {
                diags.extend(problems);
                self.unpublish(source, Withheld::Broken);
                return;
            }
        };
        let (dir, file) = split_dir(&source.content_rel);
        let place = Place {
            index,
            dir,
            stem: file.rsplit_once('.').map_or(file, |(s, _)| s),
            dir_url: self.dir_url(dir),
        };
        match parsed {
            Parsed::Broken(problems, outline) => {
                diags.extend(problems);
                self.unpublish(source, Withheld::Broken);
                self.site.broken_pages.push(BrokenPage {
                    source: index,
                    outline,
                    links: Vec::new(),
                });
            }
            Parsed::BrokenData(broken) => {
                diags.extend(broken.problems);
                self.unpublish(source, Withheld::Broken);
                self.broken_frameworks.extend(broken.framework);
                if broken.registry {
                    self.site.registry_left_out.get_or_insert(Withheld::Broken);
                }
            }
            Parsed::Asset => self.add_asset(&place, file, diags),
            Parsed::Data(DataDoc::Framework(fw)) => self.add_framework(&place, *fw, diags),
            Parsed::Data(DataDoc::Audit(ret)) => self.add_audit(&place, *ret, diags),
            Parsed::Data(DataDoc::Glossary(g)) => self.add_glossary(&place, g, diags),
            Parsed::Data(DataDoc::Organisations(r)) => self.add_registry(&place, *r, diags),
            Parsed::Data(DataDoc::Indicators(set)) => {
                self.add_dataset(&place, Dataset::Indicators(set), diags)
            }
            Parsed::Data(DataDoc::Training(set)) => {
                self.add_dataset(&place, Dataset::Training(set), diags)
            }
            Parsed::Page(front, body_offset, outline) => {
                self.add_markdown(&place, front, body_offset, outline, diags)
            }
        }
    }

    /// [`dir_url`], made once for each run of sources in one folder.
    fn dir_url(&mut self, dir: &str) -> String {
        if self.last_dir.0 != dir {
            self.last_dir = (dir.to_string(), dir_url(dir));
        }
        self.last_dir.1.clone()
    }

    fn add_asset(&mut self, place: &Place, file: &str, diags: &mut Diagnostics) {
        let url = format!("{}{file}", place.dir_url);
        if !self.claim(&url, place.index, diags) {
            return;
        }
        let rel = self.sources[place.index].content_rel.clone();
        self.site
            .targets
            .insert(rel, LinkTarget::Asset(url.clone()));
        self.site.assets.push(Asset {
            source: place.index,
            url,
        });
    }

    fn add_glossary(&mut self, place: &Place, glossary: Glossary, diags: &mut Diagnostics) {
        if self.withholds(glossary.visibility, place.index) {
            return;
        }
        let source = &self.sources[place.index];
        if let Some(first) = &self.site.glossary {
            diags.push(
                Diagnostic::error(
                    &source.rel,
                    format!(
                        "a site has one glossary, and `{}` is already it: move these terms there",
                        self.sources[first.source].rel
                    ),
                )
                .at_line_col(&source.text, 1, 1),
            );
            // Its error says it all: links to it are quiet.
            self.unpublish(source, Withheld::Broken);
            return;
        }
        let url = place.page_url();
        if !self.claim(&url, place.index, diags) {
            return;
        }
        let mut ids = IdAllocator::default();
        let entries = glossary
            .terms
            .0
            .iter()
            .map(|(term, definition)| GlossaryEntry {
                term: term.clone(),
                definition: definition.clone(),
                id: ids.unique(&github_slug(term)),
            })
            .collect();
        self.site
            .targets
            .insert(source.content_rel.clone(), LinkTarget::Glossary);
        self.site.glossary = Some(GlossaryPage {
            source: place.index,
            url,
            glossary,
            entries,
        });
    }

    fn add_markdown(
        &mut self,
        place: &Place,
        front: Arc<FrontMatter>,
        body_offset: usize,
        outline: Arc<Outline>,
        diags: &mut Diagnostics,
    ) {
        let source = &self.sources[place.index];
        for (offset, message) in &outline.problems {
            diags.push(Diagnostic::error(&source.rel, message).at_offset(&source.text, *offset));
        }
        for (offset, message) in &outline.warnings {
            diags.push(Diagnostic::warning(&source.rel, message).at_offset(&source.text, *offset));
        }
        if front.draft && !self.site.selection.drafts {
            self.unpublish(source, Withheld::Draft);
            return;
        }
        if self.withholds(front.visibility, place.index) {
            return;
        }
        let is_index = place.stem == "_index";
        let url = match is_index {
            true => place.dir_url.clone(),
            false => place.page_url(),
        };
        if !self.claim(&url, place.index, diags) {
            return;
        }
        if is_index && front.page_type == Some(PageType::Report) {
            let source = &self.sources[place.index];
            let (line, col) = crate::yaml::top_value_pos(&source.text, "type").unwrap_or((1, 1));
            diags.push(
                crate::diagnostics::Diagnostic::error(
                    &source.rel,
                    "a section's own page (`_index.md`) lists what is in its folder, so it cannot be a report: put the report in a file of its own beside it, such as `annual-report.md`",
                )
                .at_line_col(&source.text, line, col),
            );
        }
        let kind = match (is_index, front.page_type) {
            (true, _) => PageKind::SectionIndex,
            (false, Some(PageType::Module)) => PageKind::Module,
            (false, Some(PageType::Paper)) => PageKind::Paper,
            (false, Some(PageType::Report)) => PageKind::Report,
            (false, Some(PageType::Meeting)) => PageKind::Meeting,
            (false, None) => PageKind::Plain,
        };
        let section = self.ensure_section(place.dir);
        let page = Page {
            source: Some(place.index),
            url,
            title: front.title.clone(),
            front: Some(front),
            kind,
            body_offset,
            outline,
            section,
            order: order_prefix(place.stem),
            data_weight: None,
            links: Vec::new(),
        };
        if is_index {
            // The section's placeholder page gives way to its `_index.md`.
            let placeholder = self.site.sections[section].page;
            let order = order_prefix(place.dir.rsplit('/').next().unwrap_or(""));
            self.site.pages[placeholder] = Page { order, ..page };
            self.site
                .targets
                .insert(source.content_rel.clone(), LinkTarget::Page(placeholder));
        } else {
            self.add_page(page);
        }
    }

    /// A page made from a data document, without its outline or weight yet.
    fn data_page(&mut self, place: &Place, url: String, title: String, kind: PageKind) -> Page {
        Page {
            source: Some(place.index),
            url,
            title,
            front: None,
            kind,
            body_offset: 0,
            outline: Outline::default().into(),
            section: self.ensure_section(place.dir),
            order: order_prefix(place.stem),
            data_weight: None,
            links: Vec::new(),
        }
    }

    /// Adds a page listed in its section, as the target of links to its source.
    fn add_page(&mut self, page: Page) -> super::PageId {
        let section = page.section;
        let source = page.source;
        self.site.pages.push(page);
        let id = self.site.pages.len() - 1;
        self.site.sections[section].pages.push(id);
        if let Some(index) = source {
            self.site.targets.insert(
                self.sources[index].content_rel.clone(),
                LinkTarget::Page(id),
            );
        }
        id
    }

    fn unpublish(&mut self, source: &Source, why: Withheld) {
        self.site
            .unpublished
            .insert(source.content_rel.clone(), why);
    }

    /// Whether an item of this visibility (or the site's default) is left out of
    /// this build; if so, it is counted and remembered for link messages.
    fn withholds(&mut self, visibility: Option<Visibility>, index: usize) -> bool {
        let visibility = visibility.unwrap_or(self.site.config.default_visibility);
        if self.site.audience_sees(visibility) {
            return false;
        }
        self.site.withheld += 1;
        self.unpublish(&self.sources[index], Withheld::Private);
        true
    }

    /// Records that `url` comes from source `index`; reports a clash naming both.
    fn claim(&mut self, url: &str, index: usize, diags: &mut Diagnostics) -> bool {
        // A file or folder name with no letters or digits (`!!.md`) makes no URL segment.
        if url.starts_with('/') || url.contains("//") {
            diags.push(
                Diagnostic::error(
                    &self.sources[index].rel,
                    "this file's name, or a folder's it is in, has no letters or digits, so it would have no web address: rename it with letters in it, such as `02-next-module.md`",
                )
                .at(1, 1),
            );
            self.unpublish(&self.sources[index], Withheld::Broken);
            return false;
        }
        if let Some(&first) = self.site.owners.get(url) {
            diags.push(
                Diagnostic::error(
                    &self.sources[index].rel,
                    format!(
                        "this file and `{}` would both be published at /{url}: rename or move one of them",
                        self.sources[first].rel
                    ),
                )
                .at(1, 1),
            );
            // Its error says it all: links to it are quiet.
            self.unpublish(&self.sources[index], Withheld::Broken);
            return false;
        }
        self.site.owners.insert(url.to_string(), index);
        true
    }

    /// The section for a folder, creating it and its parents as needed.
    fn ensure_section(&mut self, dir: &str) -> SectionId {
        if let Some(&id) = self.section_of_dir.get(dir) {
            return id;
        }
        let parent_dir = dir.rsplit_once('/').map_or("", |(p, _)| p);
        let parent = self.ensure_section(parent_dir);
        let id = self.add_section(dir, Some(parent));
        self.site.sections[parent].subsections.push(id);
        id
    }

    fn add_section(&mut self, dir: &str, parent: Option<SectionId>) -> SectionId {
        let site = &mut self.site;
        let id = site.sections.len();
        let name = dir.rsplit('/').next().unwrap_or("");
        // A folder without `_index.md` still gets a page listing what is in it.
        site.pages.push(Page {
            source: None,
            url: dir_url(dir),
            title: if dir.is_empty() {
                site.config.title.clone()
            } else {
                title_from_name(name)
            },
            front: None,
            kind: PageKind::SectionIndex,
            body_offset: 0,
            outline: Outline::default().into(),
            section: id,
            order: order_prefix(name),
            data_weight: None,
            links: Vec::new(),
        });
        site.sections.push(Section {
            dir: dir.to_string(),
            parent,
            page: site.pages.len() - 1,
            pages: Vec::new(),
            subsections: Vec::new(),
        });
        self.section_of_dir.insert(dir.to_string(), id);
        id
    }
}

/// `training/sub/a.md` → (`training/sub`, `a.md`).
fn split_dir(content_rel: &str) -> (&str, &str) {
    content_rel.rsplit_once('/').unwrap_or(("", content_rel))
}

/// The URL of a folder under `content/`: `01-training/sub` → `training/sub/`.
pub fn dir_url(dir: &str) -> String {
    if dir.is_empty() {
        return String::new();
    }
    let mut url = String::new();
    for part in dir.split('/') {
        url.push_str(&url_segment(part));
        url.push('/');
    }
    url
}

/// A title for a folder without `_index.md`, as README explains:
/// `02-serious-case-reviews` → "Serious case reviews", `2025-26` → "2025-26",
/// `section-11-audits` → "Section 11 audits". An order number is dropped when words
/// follow it; a hyphen between two digits stays (a span of years), other hyphens and
/// underscores are spaces; the first letter is a capital, the rest as written.
fn title_from_name(name: &str) -> String {
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    let name = match order_prefix(name) {
        Some(_) if name[digits + 1..].chars().any(char::is_alphabetic) => &name[digits + 1..],
        _ => name,
    };
    let chars: Vec<char> = name.chars().collect();
    let mut title = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let between_digits = i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        match c {
            '-' if between_digits => title.push('-'),
            '-' | '_' => title.push(' '),
            c if title.trim().is_empty() => title.extend(c.to_uppercase()),
            c => title.push(c),
        }
    }
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        name.to_string()
    } else {
        title
    }
}

/// A heading entry for an anchor on a data page, so links to it can be checked.
fn anchor_heading(level: u8, prefix: &str, id: &str, text: &str) -> markdown::Heading {
    markdown::Heading {
        level,
        id: anchor(prefix, id),
        text: text.to_string(),
        offset: 0,
        explicit: false,
        covers: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::title_from_name;

    #[test]
    fn folder_titles_keep_what_was_written() {
        for (name, title) in [
            ("02-serious-case-reviews", "Serious case reviews"),
            ("2025-26", "2025-26"),
            ("25-26", "25-26"),
            ("section-11-audits", "Section 11 audits"),
            ("01-legislation", "Legislation"),
            ("NHS-England_returns", "NHS England returns"),
        ] {
            assert_eq!(title_from_name(name), title, "{name}");
        }
    }
}
