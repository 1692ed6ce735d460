//! The site model: pages, sections, the glossary and assets, each with its URL, in
//! reading order. Built once per build from the parsed sources, after the audience
//! and draft filters, so later stages never see an item that is not published.

mod address;
mod blocks;
mod blocks_named;
mod build;
mod changes;
mod embed;
mod links;
pub use links::join as join_path;
mod meeting;
mod order;
mod parse;
mod report;
mod tags;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use jiff::civil::Date;

use crate::assurance::{Assurance, AuditId, FrameworkId};
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
use crate::content::Source;
use crate::content::data::Glossary;
use crate::content::frontmatter::FrontMatter;
use crate::content::markdown::Outline;

pub use blocks::{ActionsEmbed, BlockEmbed, ProfileEmbed, TrendEmbed, Whose};
pub use build::dir_url;
pub use embed::{FigureEmbed, TrainingBy};
pub use links::{LinkTarget, Resolved, ResolvedLink};
pub use meeting::AgendaPaper;
pub use parse::ParseCache;
pub use report::{At, Claims};
pub use tags::{TAGS_URL, Tag};

/// Who the build is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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
    /// A `type: report` page: an annual report.
    Report,
    /// A `type: meeting` page: one meeting and its agenda.
    Meeting,
    /// A folder's `_index.md`, or the page made for a folder without one.
    SectionIndex,
    /// A `kind: framework` document.
    Framework(FrameworkId),
    /// A `kind: audit` document: one return.
    Audit(AuditId),
    /// The `kind: organisations` document: the registry.
    Organisations,
    /// A `kind: indicators` or `kind: training` document: an index into `Site::figures`.
    Figures(usize),
}

/// An indicator set or a training dataset: its source, its page, and its figures.
#[derive(Clone, Debug)]
pub struct FiguresPage {
    pub source: usize,
    pub page: PageId,
    /// The CSV files it read, by source.
    pub files: Vec<usize>,
    /// Its files had errors (reported against them): blocks that embed it say
    /// nothing of its figures.
    pub failed: bool,
    pub data: Figures,
}

/// Shared: `serve` keeps a dataset's figures while none of its inputs change.
#[derive(Clone, Debug)]
pub enum Figures {
    Indicators(Arc<crate::figures::IndicatorData>),
    Training(Arc<crate::figures::TrainingData>),
}

impl Figures {
    /// The dataset's id, as embedding blocks name it.
    pub fn id(&self) -> &str {
        match self {
            Figures::Indicators(d) => d.set.key(),
            Figures::Training(d) => d.set.key(),
        }
    }
}

/// The organisations registry: its source, its page, and who is who.
#[derive(Debug)]
pub struct RegistryPage {
    pub source: usize,
    pub page: PageId,
    pub directory: crate::organisations::Directory,
    /// Each organisation's linked returns, in the model's order (made once the
    /// returns are linked): every organisation's page reads it.
    pub returns: Vec<Vec<crate::assurance::AuditId>>,
}

impl Site {
    /// Who is who, where the site has a registry in this build.
    pub fn directory(&self) -> Option<&crate::organisations::Directory> {
        self.registry.as_ref().map(|r| &r.directory)
    }
}

impl RegistryPage {
    /// The linked returns of organisation `o`, in the model's order.
    pub fn returns_of(&self, o: usize) -> &[crate::assurance::AuditId] {
        self.returns.get(o).map_or(&[], Vec::as_slice)
    }

    /// The page of the organisation or partnership with registry id `id`.
    pub fn url_of(&self, site: &Site, id: &str) -> String {
        format!("{}{id}/", site.pages[self.page].url)
    }
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
    /// Each of `outline.links`, resolved once the whole model is known.
    pub links: Vec<Resolved>,
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

impl GlossaryPage {
    /// Its title: the glossary's own, or "Glossary".
    pub fn title(&self) -> &str {
        self.glossary.title.as_deref().unwrap_or("Glossary")
    }
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct GlossaryEntry {
    pub term: String,
    pub definition: String,
    pub id: String,
}

/// A page that failed to load, by source, with its outline and links.
#[derive(Debug)]
pub struct BrokenPage {
    pub source: usize,
    pub outline: Arc<Outline>,
    pub links: Vec<Resolved>,
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
    /// A data file of the dataset at this source: its figures are published on the
    /// dataset's page, never the file itself.
    Data(usize),
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
    /// The organisations registry, if the site has one in this build.
    pub registry: Option<RegistryPage>,
    /// Why the site's registry is not in this build, where it has one that is not:
    /// it failed to load, or it is private or a draft.
    pub registry_left_out: Option<Withheld>,
    /// Indicator sets and training datasets, with their figures.
    pub figures: Vec<FiguresPage>,
    /// Every tag of the published pages, by name.
    pub tags: Vec<Tag>,
    /// Whether the site has a public side (a page a public build would publish):
    /// only then is a private page labelled internal, since otherwise every page is.
    pub has_public: bool,
    /// How many items the audience filter withheld.
    pub withheld: usize,
    /// The source that claimed each URL, by URL.
    pub owners: BTreeMap<String, usize>,
    /// Published sources by their path under `content/`, for link resolution.
    targets: HashMap<String, LinkTarget>,
    /// Sources that exist but are not published in this build.
    unpublished: HashMap<String, Withheld>,
    /// Pages that failed to load: their links are checked all the same.
    pub broken_pages: Vec<BrokenPage>,
}

impl Site {
    /// Whether the source at `content_rel` (its path under `content/`) is published in
    /// this build.
    pub fn is_published(&self, content_rel: &str) -> bool {
        self.targets.contains_key(content_rel)
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

    /// The committee papers, newest first by their date (else their meeting's), each
    /// with that date; the URL settles ties, so the order never depends on the walk.
    pub fn papers_newest_first(&self) -> Vec<(Date, PageId)> {
        let mut papers: Vec<(Date, PageId)> = self
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind == PageKind::Paper)
            .filter_map(|(id, p)| {
                let front = p.front.as_ref()?;
                let paper = front.paper.as_ref()?;
                Some((front.date.unwrap_or(paper.value.meeting_date), id))
            })
            .collect();
        papers.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| self.pages[a.1].url.cmp(&self.pages[b.1].url))
        });
        papers
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

    /// The small-number rule of this build's figures: a public build's, unless
    /// `statistics.suppress_below` is 0.
    pub fn smalls(&self) -> Option<crate::figures::figure::Smalls> {
        crate::figures::figure::Smalls::new(
            self.selection.audience == Audience::Public,
            self.config.statistics.suppress_below,
        )
    }

    /// Whether this build's audience may see an item of this visibility.
    pub fn audience_sees(&self, visibility: Visibility) -> bool {
        self.selection.audience == Audience::Internal || visibility == Visibility::Public
    }

    /// Who may see a page: its own `visibility`, else the site's default.
    pub fn visibility_of(&self, id: PageId) -> Visibility {
        let page = &self.pages[id];
        page.front
            .as_ref()
            .and_then(|f| f.visibility)
            .or(match page.kind {
                PageKind::Audit(a) => self.assurance.audits[a].ret.visibility,
                PageKind::Framework(f) => self.assurance.frameworks[f].fw.visibility,
                PageKind::Figures(f) => match &self.figures[f].data {
                    Figures::Indicators(d) => d.set.visibility,
                    Figures::Training(d) => d.set.visibility,
                },
                _ => None,
            })
            .unwrap_or(self.config.default_visibility)
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
