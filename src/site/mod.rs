//! The site model: pages, sections, the glossary and assets, each with its URL, in
//! reading order. Built once per build from the parsed sources, after the audience
//! and draft filters, so later stages never see an item that is not published.

mod links;
mod order;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::assurance::{Assurance, AuditEntry, AuditId, FrameworkEntry, FrameworkId, anchor};
use crate::config::{SiteConfig, Visibility};

/// Where the index of audit returns and the action tracker are published.
pub const ASSURANCE_URL: &str = "assurance/";
pub const ACTIONS_URL: &str = "assurance/actions/";
/// Where the list of pages by review date is published (internal builds only).
pub const REVIEW_URL: &str = "review/";
/// Files about the site, published at its root.
pub const SITEMAP_URL: &str = "sitemap.xml";
pub const FEED_URL: &str = "papers.xml";
pub const MANIFEST_URL: &str = "manifest.json";
/// The search page, and beside it the pieces of the index it loads.
pub const SEARCH_URL: &str = "search/";
/// Under a section with modules: the whole course as one document, to print.
pub const PRINT_SEGMENT: &str = "print/";
use crate::content::data::{DataDoc, Glossary};
use crate::content::frontmatter::{self, FrontMatter, PageType};
use crate::content::markdown::{self, Outline};
use crate::content::slug::{github_slug, order_prefix, url_segment};
use crate::content::wellformed;
use crate::content::{Source, SourceKind};
use crate::diagnostics::{Diagnostic, Diagnostics};

pub use links::{LinkTarget, ResolvedLink};

/// Who the build is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Audience {
    /// Everything that is not a draft.
    #[default]
    Internal,
    /// Only items whose visibility is `public`.
    Public,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Internal => "internal",
            Audience::Public => "public",
        }
    }
}

/// What a build publishes.
#[derive(Clone, Copy, Debug)]
pub struct Selection {
    pub audience: Audience,
    pub drafts: bool,
    pub as_of: Date,
    /// Built for `serve`, which publishes the site at `/` whatever `base_url` says.
    pub preview: bool,
}

pub type PageId = usize;
pub type SectionId = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageKind {
    Plain,
    Module,
    Paper,
    /// A folder's `_index.md`, or the page made for a folder without one.
    SectionIndex,
    /// A `kind: framework` document.
    Framework(FrameworkId),
    /// A `kind: audit` document: one return.
    Audit(AuditId),
}

#[derive(Debug)]
pub struct Page {
    /// Index into `Site::sources`; `None` for a section page made without `_index.md`.
    pub source: Option<usize>,
    /// Site-relative URL: `training/legislation/`, or `` for the home page.
    pub url: String,
    pub title: String,
    pub front: Option<Arc<FrontMatter>>,
    pub kind: PageKind,
    /// Byte offset of the Markdown body in the source text.
    pub body_offset: usize,
    pub outline: Arc<Outline>,
    /// The section the page is listed in; for a section page, its own section.
    pub section: SectionId,
    /// The number prefix of its file name.
    pub order: Option<u64>,
    /// The `weight` of a data document, which has no front matter.
    pub data_weight: Option<i64>,
}

impl Page {
    pub fn weight(&self) -> Option<i64> {
        self.front
            .as_ref()
            .and_then(|f| f.weight)
            .or(self.data_weight)
    }
}

#[derive(Debug)]
pub struct Section {
    /// The folder, relative to `content/` (`` for the root).
    pub dir: String,
    pub parent: Option<SectionId>,
    /// Its own page (from `_index.md`, or made for it).
    pub page: PageId,
    /// Pages listed in it, in reading order (not including its own page).
    pub pages: Vec<PageId>,
    /// Sections inside it, in reading order.
    pub subsections: Vec<SectionId>,
}

#[derive(Debug)]
pub struct GlossaryPage {
    pub source: usize,
    pub url: String,
    pub glossary: Glossary,
    /// Each term with its anchor id on the glossary page.
    pub entries: Vec<GlossaryEntry>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct GlossaryEntry {
    pub term: String,
    pub definition: String,
    pub id: String,
}

#[derive(Debug)]
pub struct Asset {
    pub source: usize,
    pub url: String,
}

/// Why a source that exists is not in this build.
#[derive(Clone, Debug)]
pub enum Withheld {
    Draft,
    Private,
    /// It failed to load; its own errors say why.
    Broken,
}

#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub selection: Selection,
    pub sources: Vec<Source>,
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    pub glossary: Option<GlossaryPage>,
    pub assets: Vec<Asset>,
    /// Frameworks and audit returns, linked and scored.
    pub assurance: Assurance,
    /// How many items the audience filter withheld.
    pub withheld: usize,
    /// Published sources by their path under `content/`, for link resolution.
    targets: HashMap<String, LinkTarget>,
    /// Sources that exist but are not published in this build.
    unpublished: HashMap<String, Withheld>,
    /// Pages that failed to load, by source, with their outlines: their links are
    /// checked all the same.
    pub broken_pages: Vec<(usize, Arc<Outline>)>,
    /// Personal data the source check reported in a public build, or found marked as
    /// an example, by kind and plain spelling: the output gate leaves these to it.
    pub personal_seen: HashSet<crate::content::personal::Spelled>,
}

/// A source after parsing, before it has a place in the site.
#[derive(Clone)]
pub enum Parsed {
    /// Shared: `serve` keeps them between rebuilds.
    Page(Arc<FrontMatter>, usize, Arc<Outline>),
    Data(DataDoc),
    Asset,
    /// A page that cannot be published, with its errors, and its outline so that
    /// its links are still checked.
    Broken(Vec<Diagnostic>, Arc<Outline>),
}

impl Site {
    /// Builds the model. Problems go to `diags`; the model is still returned so that
    /// every later check can run and report too.
    pub fn build(
        config: SiteConfig,
        sources: Vec<Source>,
        selection: Selection,
        cache: Option<&ParseCache>,
        diags: &mut Diagnostics,
    ) -> Site {
        let parsed: Vec<ParseResult> = match cache {
            Some(cache) => cache.parse_all(&sources),
            None => sources.par_iter().map(parse_source).collect(),
        };

        let mut site = Site {
            config,
            selection,
            sources: Vec::new(),
            pages: Vec::new(),
            sections: Vec::new(),
            glossary: None,
            assets: Vec::new(),
            assurance: Assurance::default(),
            withheld: 0,
            targets: HashMap::new(),
            unpublished: HashMap::new(),
            broken_pages: Vec::new(),
            personal_seen: HashSet::new(),
        };
        // Which source claimed each URL first, to report two sources for one URL.
        let mut claimed: BTreeMap<String, usize> = BTreeMap::new();
        let mut section_of_dir: HashMap<String, SectionId> = HashMap::new();
        // Frameworks left out of this build, so a return to one is explained.
        let mut withheld_frameworks: Vec<String> = Vec::new();
        // Frameworks that failed to load: their errors are reported already.
        let mut broken_frameworks: Vec<String> = Vec::new();
        site.add_section("", None, &mut section_of_dir);

        for (index, result) in parsed.into_iter().enumerate() {
            let source = &sources[index];
            let parsed = match result {
                Ok(p) => p,
                Err(problems) => {
                    diags.extend(problems);
                    site.unpublished
                        .insert(source.content_rel.clone(), Withheld::Broken);
                    if source.kind == SourceKind::Data
                        && let Some(id) = crate::content::data::broken_framework_id(&source.text)
                    {
                        broken_frameworks.push(id);
                    }
                    continue;
                }
            };
            let (dir, file) = split_dir(&source.content_rel);
            let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
            let dir_url = dir_url(dir);
            match parsed {
                Parsed::Broken(problems, outline) => {
                    diags.extend(problems);
                    site.unpublished
                        .insert(source.content_rel.clone(), Withheld::Broken);
                    site.broken_pages.push((index, outline));
                }
                Parsed::Asset => {
                    let url = format!("{dir_url}{file}");
                    if !site.claim(&mut claimed, &url, index, &sources, diags) {
                        continue;
                    }
                    site.targets
                        .insert(source.content_rel.clone(), LinkTarget::Asset(url.clone()));
                    site.assets.push(Asset { source: index, url });
                }
                Parsed::Data(DataDoc::Framework(fw)) => {
                    if site.withholds(fw.visibility, &source.content_rel) {
                        withheld_frameworks.push(fw.id.value.trim().to_string());
                        continue;
                    }
                    let url = format!("{dir_url}{}/", url_segment(stem));
                    if !site.claim(&mut claimed, &url, index, &sources, diags) {
                        continue;
                    }
                    let fid = site.assurance.frameworks.len();
                    let mut outline = Outline::default();
                    for standard in &fw.standards.value {
                        outline.headings.push(anchor_heading(
                            2,
                            "standard",
                            &standard.value.id.value,
                            &standard.value.title,
                        ));
                        for c in &standard.value.criteria.value {
                            outline.headings.push(anchor_heading(
                                3,
                                "criterion",
                                &c.value.id.value,
                                &c.value.text,
                            ));
                        }
                    }
                    let section = site.ensure_section(dir, &mut section_of_dir);
                    let id = site.add_page(Page {
                        source: Some(index),
                        url,
                        title: fw.title.clone(),
                        front: None,
                        kind: PageKind::Framework(fid),
                        body_offset: 0,
                        outline: outline.into(),
                        section,
                        order: order_prefix(stem),
                        data_weight: fw.weight,
                    });
                    site.targets
                        .insert(source.content_rel.clone(), LinkTarget::Page(id));
                    site.assurance.frameworks.push(FrameworkEntry {
                        source: index,
                        page: id,
                        fw: *fw,
                        audits: Vec::new(),
                        periods: Vec::new(),
                    });
                }
                Parsed::Data(DataDoc::Audit(ret)) => {
                    if site.withholds(ret.visibility, &source.content_rel) {
                        continue;
                    }
                    let url = format!("{dir_url}{}/", url_segment(stem));
                    if !site.claim(&mut claimed, &url, index, &sources, diags) {
                        continue;
                    }
                    let aid = site.assurance.audits.len();
                    let section = site.ensure_section(dir, &mut section_of_dir);
                    let id = site.add_page(Page {
                        source: Some(index),
                        url,
                        title: format!(
                            "{}, {}",
                            ret.organisation.value.trim(),
                            ret.period.value.trim()
                        ),
                        front: None,
                        kind: PageKind::Audit(aid),
                        body_offset: 0,
                        // Filled in once the framework is known.
                        outline: Outline::default().into(),
                        section,
                        order: order_prefix(stem),
                        data_weight: ret.weight,
                    });
                    site.targets
                        .insert(source.content_rel.clone(), LinkTarget::Page(id));
                    site.assurance.audits.push(AuditEntry {
                        source: index,
                        page: id,
                        ret: *ret,
                        framework: None,
                        checked: None,
                        score: None,
                        previous: None,
                    });
                }
                Parsed::Data(DataDoc::Glossary(glossary)) => {
                    if site.withholds(glossary.visibility, &source.content_rel) {
                        continue;
                    }
                    if let Some(first) = &site.glossary {
                        diags.push(
                            Diagnostic::error(
                                &source.rel,
                                format!(
                                    "a site has one glossary, and `{}` is already it: move these terms there",
                                    sources[first.source].rel
                                ),
                            )
                            .at_line_col(&source.text, 1, 1),
                        );
                        continue;
                    }
                    let url = format!("{dir_url}{}/", url_segment(stem));
                    if !site.claim(&mut claimed, &url, index, &sources, diags) {
                        continue;
                    }
                    let mut ids = crate::content::slug::IdAllocator::default();
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
                    site.targets
                        .insert(source.content_rel.clone(), LinkTarget::Glossary);
                    site.glossary = Some(GlossaryPage {
                        source: index,
                        url,
                        glossary,
                        entries,
                    });
                }
                Parsed::Page(front, body_offset, outline) => {
                    for (offset, message) in &outline.problems {
                        diags.push(
                            Diagnostic::error(&source.rel, message)
                                .at_offset(&source.text, *offset),
                        );
                    }
                    for (offset, message) in &outline.warnings {
                        diags.push(
                            Diagnostic::warning(&source.rel, message)
                                .at_offset(&source.text, *offset),
                        );
                    }
                    if front.draft && !site.selection.drafts {
                        site.unpublished
                            .insert(source.content_rel.clone(), Withheld::Draft);
                        continue;
                    }
                    if site.withholds(front.visibility, &source.content_rel) {
                        continue;
                    }
                    let is_index = stem == "_index";
                    let url = if is_index {
                        dir_url.clone()
                    } else {
                        format!("{dir_url}{}/", url_segment(stem))
                    };
                    if !site.claim(&mut claimed, &url, index, &sources, diags) {
                        continue;
                    }
                    let kind = match (is_index, front.page_type) {
                        (true, _) => PageKind::SectionIndex,
                        (false, Some(PageType::Module)) => PageKind::Module,
                        (false, Some(PageType::Paper)) => PageKind::Paper,
                        (false, None) => PageKind::Plain,
                    };
                    let section = site.ensure_section(dir, &mut section_of_dir);
                    let page = Page {
                        source: Some(index),
                        url,
                        title: front.title.clone(),
                        front: Some(front),
                        kind,
                        body_offset,
                        outline,
                        section,
                        order: order_prefix(stem),
                        data_weight: None,
                    };
                    let id = if is_index {
                        // The section's placeholder page gives way to its `_index.md`.
                        let placeholder = site.sections[section].page;
                        let mut page = page;
                        page.order = order_prefix(dir.rsplit('/').next().unwrap_or(""));
                        site.pages[placeholder] = page;
                        placeholder
                    } else {
                        site.pages.push(page);
                        let id = site.pages.len() - 1;
                        site.sections[section].pages.push(id);
                        id
                    };
                    site.targets
                        .insert(source.content_rel.clone(), LinkTarget::Page(id));
                }
            }
        }
        if let Some(url) = site.config.statement_url()
            && let Some(&index) = claimed.get(&url)
        {
            diags.push(
                Diagnostic::error(
                    &sources[index].rel,
                    format!(
                        "this file would be published at /{url}, where the accessibility statement of site.yaml goes: rename the file, or give the statement another `url` under `accessibility:`"
                    ),
                )
                .at(1, 1),
            );
        }
        site.assurance.link(
            |i| (&sources[i].rel, &sources[i].text),
            &withheld_frameworks,
            &broken_frameworks,
            diags,
        );
        for (url, what) in site.reserved_urls() {
            let url = url.as_str();
            let culprit = claimed.get(url).copied().or_else(|| {
                // A folder without `_index.md` makes a page that claims nothing.
                site.sections
                    .iter()
                    .find(|s| dir_url(&s.dir) == url)
                    .and_then(|s| {
                        s.pages
                            .first()
                            .or(s.subsections.first().map(|x| &site.sections[*x].page))
                    })
                    .and_then(|p| site.pages[*p].source)
            });
            if let Some(index) = culprit {
                let at = if url.ends_with('/') {
                    "at or under"
                } else {
                    "at"
                };
                diags.push(
                    Diagnostic::error(
                        &sources[index].rel,
                        format!("this would be published {at} /{url}, where safeguard {what}: rename the file or folder"),
                    )
                    .at(1, 1),
                );
            }
        }
        // A return's page has the anchors of its framework's standards and criteria.
        for a in &site.assurance.audits {
            if let Some(fid) = a.framework {
                let f = &site.assurance.frameworks[fid];
                site.pages[a.page].outline = Arc::clone(&site.pages[f.page].outline);
            }
        }
        site.sources = sources;
        site.withhold_unused_assets();
        site.guard_personal_data(diags);
        order::sort(&mut site);
        site
    }

    /// Text that looks like a person's identifier: an error in anything a public build
    /// publishes, a warning anywhere else (an intranet is not the place either, and a
    /// private item may be made public one day). File names are read too: they become
    /// addresses. What a public build reports, or finds marked as an example, is kept
    /// in `personal_seen` so the output gate does not report it again.
    fn guard_personal_data(&mut self, diags: &mut Diagnostics) {
        use crate::content::personal;
        let public_build = self.selection.audience == Audience::Public;
        let found: Vec<(Option<Diagnostic>, Option<personal::Spelled>)> = self
            .sources
            .par_iter()
            .flat_map_iter(|source| {
                let public = public_build && self.targets.contains_key(&source.content_rel);
                let text = if source.kind == SourceKind::Asset {
                    Vec::new()
                } else {
                    personal::scan_all(&source.text)
                };
                let named = personal::scan_plain(&source.content_rel);
                // Reported as errors, or marked as examples, in what is published.
                let seen =
                    move |f: &personal::Finding| public.then(|| (f.kind, f.value.clone()));
                let in_text = text.into_iter().map(move |f| {
                    let what = f.kind.describe();
                    let d = if f.allowed {
                        None
                    } else if public {
                        Some(Diagnostic::error(
                            &source.rel,
                            format!("this looks like {what}, and this page is published to the public: remove it; if it is a made-up example, write `{}` on its line or the line above", personal::ALLOW),
                        ))
                    } else {
                        Some(Diagnostic::warning(
                            &source.rel,
                            format!("this looks like {what}: personal details of a child or patient do not belong on this site; if it is a made-up example, write `{}` on its line or the line above", personal::ALLOW),
                        ))
                    };
                    (d.map(|d| d.at_offset(&source.text, f.offset)), seen(&f))
                });
                let in_name = named.into_iter().map(move |f| {
                    let what = f.kind.describe();
                    let d = if public {
                        Diagnostic::error(
                            &source.rel,
                            format!("this file's name contains what looks like {what}, and it is published to the public (the name is part of its address): rename the file"),
                        )
                    } else {
                        Diagnostic::warning(
                            &source.rel,
                            format!("this file's name contains what looks like {what}: personal details of a child or patient do not belong on this site, nor in its addresses; rename the file"),
                        )
                    };
                    (Some(d.at(1, 1)), seen(&f))
                });
                in_text.chain(in_name)
            })
            .collect();
        for (d, seen) in found {
            diags.extend(d);
            self.personal_seen.extend(seen);
        }
    }

    /// Whether the source at `content_rel` (its path under `content/`) is published in
    /// this build.
    pub fn is_published(&self, content_rel: &str) -> bool {
        self.targets.contains_key(content_rel)
    }

    /// In a public build, a file of `content/` that is not a page (an image, a PDF) is
    /// published only if a published page links to it. It has no visibility of its
    /// own, so it is as private as the pages that use it: the slides of a private paper
    /// stay with the paper.
    fn withhold_unused_assets(&mut self) {
        if self.selection.audience != Audience::Public || self.assets.is_empty() {
            return;
        }
        let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
        for page in &self.pages {
            let Some(source) = page.source else { continue };
            let from = &self.sources[source].content_rel;
            for link in &page.outline.links {
                if let Ok(ResolvedLink::Internal(url)) = self.resolve_link(from, &link.dest) {
                    let url = url.split_once('#').map_or(url.as_str(), |(u, _)| u);
                    used.insert(url.to_string());
                }
            }
        }
        let assets = std::mem::take(&mut self.assets);
        for asset in assets {
            if used.contains(&asset.url) {
                self.assets.push(asset);
                continue;
            }
            let rel = self.sources[asset.source].content_rel.clone();
            self.targets.remove(&rel);
            self.unpublished.insert(rel, Withheld::Private);
            self.withheld += 1;
        }
    }

    /// The addresses safeguard itself publishes in this build, each with what it puts
    /// there: no source may take one.
    fn reserved_urls(&self) -> Vec<(String, &'static str)> {
        const ASSURANCE: &str = "puts the index of audit returns and the action tracker";
        let mut reserved: Vec<(&str, &str)> = vec![
            (
                MANIFEST_URL,
                "writes the build's manifest of sources and outputs",
            ),
            (SEARCH_URL, "puts the search page and its index"),
        ];
        if !self.assurance.audits.is_empty() {
            reserved.push((ASSURANCE_URL, ASSURANCE));
            reserved.push((ACTIONS_URL, ASSURANCE));
        }
        if self.has_review_page() {
            reserved.push((REVIEW_URL, "lists pages by review date"));
        }
        if self.config.absolute_base().is_some() {
            reserved.push((SITEMAP_URL, "writes the sitemap"));
        }
        if self.has_feed() {
            reserved.push((FEED_URL, "writes the feed of committee papers"));
        }
        let mut reserved: Vec<(String, &str)> = reserved
            .into_iter()
            .map(|(url, what)| (url.to_string(), what))
            .collect();
        for s in self.print_sections() {
            reserved.push((
                self.print_url(s),
                "puts the whole course on one page to print",
            ));
        }
        reserved
    }

    /// Sections with a training module among their pages: each has a print page with
    /// every page of the section in order.
    pub fn print_sections(&self) -> Vec<SectionId> {
        (0..self.sections.len())
            .filter(|&s| {
                self.sections[s]
                    .pages
                    .iter()
                    .any(|&p| self.pages[p].kind == PageKind::Module)
            })
            .collect()
    }

    /// The pages a section's print page holds: its modules and plain pages, in order
    /// (papers and assurance pages have print styles of their own).
    pub fn print_pages(&self, section: SectionId) -> Vec<PageId> {
        self.sections[section]
            .pages
            .iter()
            .copied()
            .filter(|&p| matches!(self.pages[p].kind, PageKind::Module | PageKind::Plain))
            .collect()
    }

    pub fn print_url(&self, section: SectionId) -> String {
        format!(
            "{}{PRINT_SEGMENT}",
            self.pages[self.sections[section].page].url
        )
    }

    /// Whether this build has a feed of papers: a full `base_url` and a published paper.
    pub fn has_feed(&self) -> bool {
        self.config.absolute_base().is_some()
            && self.pages.iter().any(|p| p.kind == PageKind::Paper)
    }

    /// Pages with a review date, the earliest first.
    pub fn review_list(&self) -> Vec<PageId> {
        let mut ids: Vec<(Date, &str, PageId)> = self
            .pages
            .iter()
            .enumerate()
            .filter_map(|(id, p)| Some((p.front.as_ref()?.review_date?, p.url.as_str(), id)))
            .collect();
        ids.sort();
        ids.into_iter().map(|(_, _, id)| id).collect()
    }

    /// The list of pages by review date is for the people who keep the site, so only
    /// internal builds have it, and only when some page has a review date.
    pub fn has_review_page(&self) -> bool {
        self.selection.audience == Audience::Internal
            && self
                .pages
                .iter()
                .any(|p| p.front.as_ref().is_some_and(|f| f.review_date.is_some()))
    }

    /// A warning for each page past its review date, at its `review_date`.
    pub fn check_reviews(&self, diags: &mut Diagnostics) {
        for page in &self.pages {
            let (Some(front), Some(source)) = (&page.front, self.source_of(page)) else {
                continue;
            };
            let Some(date) = front.review_date.filter(|d| *d < self.selection.as_of) else {
                continue;
            };
            let owner = front
                .owner
                .as_deref()
                .map(|o| format!(" by its owner, {o},"))
                .unwrap_or_default();
            // The line of `review_date:` in the front matter, at its value.
            let offset = source
                .text
                .match_indices("review_date:")
                .find(|(i, _)| *i == 0 || source.text.as_bytes()[i - 1] == b'\n')
                .map(|(i, key)| {
                    let after = i + key.len();
                    after
                        + (source.text[after..].len()
                            - source.text[after..].trim_start_matches(' ').len())
                })
                .unwrap_or(0);
            diags.push(
                Diagnostic::warning(
                    &source.rel,
                    format!("this page was due for review{owner} on {date}: review it, then set the next `review_date` (it shows a notice until then)"),
                )
                .at_offset(&source.text, offset),
            );
        }
    }

    /// Whether an item of this visibility (or the site's default) is left out of
    /// this build; if so, it is counted and remembered for link messages.
    fn withholds(&mut self, visibility: Option<Visibility>, content_rel: &str) -> bool {
        let visibility = visibility.unwrap_or(self.config.default_visibility);
        if self.audience_sees(visibility) {
            return false;
        }
        self.withheld += 1;
        self.unpublished
            .insert(content_rel.to_string(), Withheld::Private);
        true
    }

    /// Whether this build's audience may see an item of this visibility.
    fn audience_sees(&self, visibility: Visibility) -> bool {
        self.selection.audience == Audience::Internal || visibility == Visibility::Public
    }

    /// Records that `url` comes from source `index`; reports a clash naming both.
    fn claim(
        &self,
        claimed: &mut BTreeMap<String, usize>,
        url: &str,
        index: usize,
        sources: &[Source],
        diags: &mut Diagnostics,
    ) -> bool {
        if let Some(&first) = claimed.get(url) {
            diags.push(
                Diagnostic::error(
                    &sources[index].rel,
                    format!(
                        "this file and `{}` would both be published at /{url}: rename or move one of them",
                        sources[first].rel
                    ),
                )
                .at(1, 1),
            );
            return false;
        }
        claimed.insert(url.to_string(), index);
        true
    }

    /// Adds a page listed in its section; returns its id.
    fn add_page(&mut self, page: Page) -> PageId {
        let section = page.section;
        self.pages.push(page);
        let id = self.pages.len() - 1;
        self.sections[section].pages.push(id);
        id
    }

    /// The section for a folder, creating it and its parents as needed.
    fn ensure_section(&mut self, dir: &str, of_dir: &mut HashMap<String, SectionId>) -> SectionId {
        if let Some(&id) = of_dir.get(dir) {
            return id;
        }
        let parent_dir = dir.rsplit_once('/').map_or("", |(p, _)| p);
        let parent = self.ensure_section(parent_dir, of_dir);
        let id = self.add_section(dir, Some(parent), of_dir);
        self.sections[parent].subsections.push(id);
        id
    }

    fn add_section(
        &mut self,
        dir: &str,
        parent: Option<SectionId>,
        of_dir: &mut HashMap<String, SectionId>,
    ) -> SectionId {
        let id = self.sections.len();
        let name = dir.rsplit('/').next().unwrap_or("");
        // A folder without `_index.md` still gets a page listing what is in it.
        self.pages.push(Page {
            source: None,
            url: dir_url(dir),
            title: if dir.is_empty() {
                self.config.title.clone()
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
        });
        self.sections.push(Section {
            dir: dir.to_string(),
            parent,
            page: self.pages.len() - 1,
            pages: Vec::new(),
            subsections: Vec::new(),
        });
        of_dir.insert(dir.to_string(), id);
        id
    }

    pub fn source_of(&self, page: &Page) -> Option<&Source> {
        page.source.map(|i| &self.sources[i])
    }

    /// The section whose own page this is, if it is one.
    pub fn section_of_index(&self, page: PageId) -> Option<SectionId> {
        let p = &self.pages[page];
        (p.kind == PageKind::SectionIndex && self.sections[p.section].page == page)
            .then_some(p.section)
    }

    /// The chain of sections from the root down to `section`.
    pub fn ancestry(&self, section: SectionId) -> Vec<SectionId> {
        let mut chain = vec![section];
        let mut at = section;
        while let Some(parent) = self.sections[at].parent {
            chain.push(parent);
            at = parent;
        }
        chain.reverse();
        chain
    }
}

/// Parsed sources kept between builds by `serve`: a source whose path, kind and text
/// are unchanged parses to the same result. Sources the last load did not re-read
/// share their text with it, so most checks are a pointer comparison.
#[derive(Default)]
pub struct ParseCache {
    entries: std::sync::Mutex<HashMap<String, CachedParse>>,
}

struct CachedParse {
    kind: SourceKind,
    text: std::sync::Arc<str>,
    result: ParseResult,
}

type ParseResult = Result<Parsed, Vec<Diagnostic>>;

impl ParseCache {
    /// Parses every source, reusing what the last call parsed; keeps only this call's
    /// results, so deleted and renamed files do not linger.
    fn parse_all(&self, sources: &[Source]) -> Vec<ParseResult> {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let results: Vec<ParseResult> = sources
            .par_iter()
            .map(|s| match entries.get(&s.rel) {
                Some(hit)
                    if hit.kind == s.kind
                        && (std::sync::Arc::ptr_eq(&hit.text, &s.text) || hit.text == s.text) =>
                {
                    hit.result.clone()
                }
                _ => parse_source(s),
            })
            .collect();
        *entries = sources
            .iter()
            .zip(&results)
            .map(|(s, result)| {
                (
                    s.rel.clone(),
                    CachedParse {
                        kind: s.kind,
                        text: std::sync::Arc::clone(&s.text),
                        result: result.clone(),
                    },
                )
            })
            .collect();
        results
    }
}

fn parse_source(source: &Source) -> Result<Parsed, Vec<Diagnostic>> {
    match source.kind {
        SourceKind::Asset => Ok(Parsed::Asset),
        SourceKind::Data => DataDoc::parse(&source.rel, &source.text).map(Parsed::Data),
        SourceKind::Page => {
            let split = frontmatter::split(&source.rel, &source.text).map_err(|d| vec![d])?;
            let front = FrontMatter::parse(&source.rel, &source.text, &split);
            let mut outline = markdown::outline(split.body, split.body_offset);
            let controls = wellformed::raw(&source.rel, &source.text, split.body_offset);
            match front {
                Ok(front) if controls.is_empty() => Ok(Parsed::Page(
                    Arc::new(front),
                    split.body_offset,
                    Arc::new(outline),
                )),
                // The page cannot be published, but its links are still checked, so
                // one build reports everything wrong with it.
                front => {
                    let mut problems = front.err().unwrap_or_default();
                    problems.extend(controls);
                    for (offset, message) in std::mem::take(&mut outline.problems) {
                        problems.push(
                            Diagnostic::error(&source.rel, message).at_offset(&source.text, offset),
                        );
                    }
                    Ok(Parsed::Broken(problems, Arc::new(outline)))
                }
            }
        }
    }
}

/// `training/sub/a.md` → (`training/sub`, `a.md`).
fn split_dir(content_rel: &str) -> (&str, &str) {
    content_rel.rsplit_once('/').unwrap_or(("", content_rel))
}

/// The URL of a folder under `content/`: `01-training/sub` → `training/sub/`.
fn dir_url(dir: &str) -> String {
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

/// A title for a folder without `_index.md`: `02-serious-case-reviews` → `Serious case reviews`.
fn title_from_name(name: &str) -> String {
    let seg = url_segment(name).replace(['-', '_'], " ");
    let mut chars = seg.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => name.to_string(),
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
    }
}
