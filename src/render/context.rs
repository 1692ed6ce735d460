//! What templates see: plain data made from the model, serialised for Tera.
//!
//! URLs here are site-relative (`training/legislation/`); templates put the page's
//! `root` (`../../`) in front, so the output works under any base path and from disk.

use jiff::civil::Date;
use serde::Serialize;

use crate::config::{SiteConfig, Visibility};
use crate::site::{PageId, PageKind, Site};

#[derive(Serialize)]
pub struct SiteCtx<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub organisation: Option<&'a str>,
    pub language: &'a str,
    pub base_url: &'a str,
    pub extra: Option<&'a serde_json::Value>,
    pub audience: &'static str,
    pub as_of: DateCtx,
    pub generator: &'static str,
    /// The Atom feed of papers, site-relative, when this build has one.
    pub feed: Option<&'static str>,
    /// Whether the site has a public side (`Site::has_public`).
    pub has_public: bool,
}

impl<'a> SiteCtx<'a> {
    pub fn new(site: &'a Site) -> Self {
        let c: &SiteConfig = &site.config;
        SiteCtx {
            title: &c.title,
            description: c.description.as_deref(),
            organisation: c.organisation.as_deref(),
            language: &c.language,
            base_url: &c.base_url,
            extra: c.extra.as_ref(),
            audience: site.selection.audience.as_str(),
            as_of: DateCtx::new(site.selection.as_of),
            generator: concat!("safeguard ", env!("CARGO_PKG_VERSION")),
            feed: site.has_feed().then_some(crate::site::FEED_URL),
            has_public: site.has_public,
        }
    }
}

/// A date as templates need it: ISO for `<time datetime>`, words for people.
#[derive(Clone, Serialize)]
pub struct DateCtx {
    pub iso: String,
    pub text: String,
}

impl DateCtx {
    pub fn new(d: Date) -> Self {
        DateCtx {
            iso: d.to_string(),
            // No padding: `5 March 2024`, and a year as it is.
            text: d.strftime("%-d %B %-Y").to_string(),
        }
    }
}

#[derive(Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// One of a page's tags, and its page.
#[derive(Serialize)]
pub struct TagLink {
    pub name: String,
    pub url: Option<String>,
}

/// A page as a listing shows it.
#[derive(Serialize)]
pub struct Card {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    pub kind: &'static str,
    pub level: Option<&'static str>,
    pub duration_minutes: Option<u32>,
    pub date: Option<DateCtx>,
    pub draft: bool,
    /// A report's kind and year, and how many items of its checklist it leaves out.
    pub report: Option<ReportCard>,
}

#[derive(Serialize)]
pub struct ReportCard {
    pub kind: String,
    pub period: Option<String>,
    /// Whether its kind has a checklist.
    pub checklist: bool,
    pub missing: usize,
}

#[derive(Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A page's PDF, as its link shows it: `x.pdf`, "PDF, 34 KB, 6 pages".
#[derive(Serialize, Clone)]
pub struct PdfLink {
    /// Relative to the page: the file name.
    pub url: String,
    pub size: String,
    pub pages: usize,
}

#[derive(Serialize)]
pub struct PageCtx {
    pub title: String,
    pub description: Option<String>,
    pub url: String,
    pub kind: &'static str,
    /// Shared with the render cache, which may hand the same HTML to many rebuilds.
    pub content: std::sync::Arc<str>,
    pub toc: Vec<TocEntry>,
    pub date: Option<DateCtx>,
    pub review_date: Option<DateCtx>,
    /// Past its review date at the build's as-of date.
    pub review_due: bool,
    pub owner: Option<String>,
    pub tags: Vec<String>,
    /// Each of `tags` with the URL of its page (none for a tag without letters or
    /// digits), when the build has tag pages.
    pub tag_links: Vec<TagLink>,
    pub draft: bool,
    pub visibility: &'static str,
    pub extra: Option<serde_json::Value>,
    pub breadcrumbs: Vec<Link>,
    pub previous: Option<Link>,
    pub next: Option<Link>,
    /// Put before the ids the template writes, as the content's ids have it:
    /// empty, except for a page shown inside the whole-course print page.
    pub anchor_prefix: String,
    /// The print page of the course this page is in or introduces, if any.
    pub print_url: Option<String>,
    /// A hash of everything `content` was made from, when known: cheaper to hash
    /// than the content itself.
    #[serde(skip)]
    pub content_key: Option<super::cache::Key>,
    /// A report's figures and tables, numbered, in the order of the text.
    pub numbered: Vec<super::numbering::NumberedCtx>,
    /// The PDF the page is also published as, beside it in its folder.
    pub pdf: Option<PdfLink>,
    /// What the page's kind adds (a module's questions, a paper's cover sheet, an
    /// audit return, …), in `page` beside the fields above.
    #[serde(flatten)]
    pub body: super::kind::Body,
}

pub fn kind_name(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Plain => "page",
        PageKind::Module => "module",
        PageKind::Paper => "paper",
        PageKind::Report => "report",
        PageKind::Meeting => "meeting",
        PageKind::SectionIndex => "section",
        PageKind::Framework(_) => "framework",
        PageKind::Audit(_) => "audit",
        PageKind::Organisations => "organisations",
        PageKind::Figures(_) => "figures",
    }
}

pub fn card(site: &Site, id: PageId) -> Card {
    let p = &site.pages[id];
    let f = p.front.as_ref();
    Card {
        title: p.title.clone(),
        url: p.url.clone(),
        description: f.and_then(|f| f.description.clone()),
        kind: kind_name(p.kind),
        level: f.and_then(|f| f.level.as_ref()).map(|l| l.value.label()),
        duration_minutes: f.and_then(|f| f.duration_minutes.as_ref()).map(|d| d.value),
        date: f.and_then(|f| f.date).map(DateCtx::new),
        draft: f.is_some_and(|f| f.draft),
        report: p.claims().map(|c| ReportCard {
            kind: c.kind().label(),
            period: c.report.period.as_ref().map(|p| p.value.trim().to_string()),
            checklist: !c.kind().checklist().is_empty(),
            missing: crate::reports::coverage(c.kind(), &c.claims).unmet(),
        }),
    }
}

pub fn visibility_name(v: Visibility) -> &'static str {
    match v {
        Visibility::Public => "public",
        Visibility::Private => "private",
    }
}
