//! What templates see: plain data made from the model, serialised for Tera.
//!
//! URLs here are site-relative (`training/legislation/`); templates put the page's
//! `root` (`../../`) in front, so the output works under any base path and from disk.

use jiff::civil::Date;
use serde::Serialize;

use crate::config::{AccessibilitySettings, SiteConfig, Visibility};
use crate::content::frontmatter::{ActionRequired, FrontMatter, PaperStatus};
use crate::site::{GlossaryEntry, PageId, PageKind, Site};

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
}

#[derive(Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Serialize)]
pub struct QuestionCtx {
    pub number: usize,
    pub id: String,
    pub question: String,
    pub options: Vec<OptionCtx>,
    pub answer: String,
    pub explanation: Option<String>,
}

#[derive(Serialize)]
pub struct OptionCtx {
    pub id: String,
    pub text: String,
    pub correct: bool,
}

#[derive(Serialize)]
pub struct ModuleCtx {
    pub level: Option<&'static str>,
    pub duration_minutes: Option<u32>,
    pub learning_outcomes: Vec<String>,
    pub questions: Vec<QuestionCtx>,
}

#[derive(Serialize)]
pub struct ActionCtx {
    pub label: &'static str,
    pub selected: bool,
}

#[derive(Serialize)]
pub struct ImplicationCtx {
    pub area: String,
    pub text: String,
    pub not_applicable: bool,
}

#[derive(Serialize)]
pub struct SignoffCtx {
    pub check: String,
    pub name: Option<String>,
    pub date: Option<DateCtx>,
    pub not_applicable: bool,
}

#[derive(Serialize)]
pub struct PaperCtx {
    pub meeting: String,
    pub meeting_date: DateCtx,
    pub agenda_item: Option<String>,
    pub report_of: Option<String>,
    pub author: Option<String>,
    pub contact: Option<String>,
    /// Every kind of action, each marked as asked for or not, as the cover sheet shows it.
    pub action_required: Vec<ActionCtx>,
    pub purpose: String,
    pub baf_domains: Vec<String>,
    pub implications: Vec<ImplicationCtx>,
    pub recommendations: Vec<String>,
    pub signoff: Vec<SignoffCtx>,
    pub version: Option<String>,
    pub status: &'static str,
    pub is_draft: bool,
}

/// One page on the list of pages by review date.
#[derive(Serialize)]
pub struct ReviewCtx {
    pub title: String,
    pub url: String,
    pub owner: Option<String>,
    pub date: DateCtx,
    /// `overdue`, `soon` (within 30 days) or `later`.
    pub status: &'static str,
    pub status_text: &'static str,
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
    pub draft: bool,
    pub visibility: &'static str,
    pub extra: Option<serde_json::Value>,
    pub breadcrumbs: Vec<Link>,
    pub previous: Option<Link>,
    pub next: Option<Link>,
    pub module: Option<ModuleCtx>,
    pub paper: Option<PaperCtx>,
    /// For section pages: what is in the section.
    pub pages: Vec<Card>,
    pub subsections: Vec<Card>,
    /// For the glossary page.
    pub terms: Vec<GlossaryEntry>,
    /// For the accessibility statement.
    pub statement: Option<StatementCtx>,
    /// For an audit return's page.
    pub audit: Option<super::assurance::AuditCtx>,
    /// For a framework's page.
    pub framework: Option<super::assurance::FrameworkCtx>,
    /// For the index of returns.
    pub assurance: Option<super::assurance::IndexCtx>,
    /// For the action tracker.
    pub actions: Vec<super::assurance::ActionCtx>,
    /// For one page of a split framework grid.
    pub grid_page: Option<super::assurance::GridPageCtx>,
    /// For the list of pages by review date.
    pub reviews: Vec<ReviewCtx>,
    /// For the search page: the site-relative path of the index it loads.
    pub search_index: Option<String>,
    /// Put before the ids the template writes, as the content's ids have it:
    /// empty, except for a page shown inside the whole-course print page.
    pub anchor_prefix: String,
    /// The print page of the course this page is in or introduces, if any.
    pub print_url: Option<String>,
    /// For the print page: the pages it holds.
    pub print: Option<PrintCtx>,
    /// A hash of everything `content` was made from, when known: cheaper to hash
    /// than the content itself.
    #[serde(skip)]
    pub content_key: Option<super::cache::Key>,
}

/// The whole course on one page.
#[derive(Serialize)]
pub struct PrintCtx {
    /// The text of the section's own page.
    pub intro: std::sync::Arc<str>,
    /// Every page, in order, each as its own page would see it.
    pub pages: Vec<PageCtx>,
}

/// The accessibility statement's settings, as its template needs them.
#[derive(Serialize)]
pub struct StatementCtx {
    /// `full`, `partial` or `not`.
    pub compliance: &'static str,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub hours: Option<String>,
    pub post: Option<String>,
    pub response_days: Option<u32>,
    pub known_issues: Vec<KnownIssueCtx>,
    pub disproportionate_burden: Vec<String>,
    pub out_of_scope: Vec<String>,
    pub improvements: Option<String>,
    pub prepared: DateCtx,
    pub reviewed: Option<DateCtx>,
    pub tested: Option<TestedCtx>,
}

#[derive(Serialize)]
pub struct KnownIssueCtx {
    pub issue: String,
    pub criterion: Option<String>,
    pub fix_by: Option<DateCtx>,
}

#[derive(Serialize)]
pub struct TestedCtx {
    pub date: DateCtx,
    pub by: String,
}

impl StatementCtx {
    pub fn new(a: &AccessibilitySettings) -> Self {
        let contact = a
            .contact
            .as_ref()
            .map(|c| c.value.clone())
            .unwrap_or_default();
        let given = |v: Option<String>| v.filter(|v| !v.trim().is_empty());
        StatementCtx {
            compliance: a.compliance.value.as_str(),
            email: given(contact.email),
            phone: given(contact.phone),
            hours: given(contact.hours),
            post: given(contact.post),
            response_days: a.response_days,
            known_issues: a
                .known_issues
                .iter()
                .map(|k| KnownIssueCtx {
                    issue: k.value.issue.clone(),
                    criterion: k.value.criterion.clone(),
                    fix_by: k.value.fix_by.map(DateCtx::new),
                })
                .collect(),
            disproportionate_burden: a.disproportionate_burden.clone(),
            out_of_scope: a.out_of_scope.clone(),
            improvements: a.improvements.clone(),
            prepared: DateCtx::new(a.prepared.value),
            reviewed: a.reviewed.as_ref().map(|r| DateCtx::new(r.value)),
            tested: a.tested.as_ref().map(|t| TestedCtx {
                date: DateCtx::new(t.date),
                by: t.by.clone(),
            }),
        }
    }
}

pub fn kind_name(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Plain => "page",
        PageKind::Module => "module",
        PageKind::Paper => "paper",
        PageKind::SectionIndex => "section",
        PageKind::Framework(_) => "framework",
        PageKind::Audit(_) => "audit",
    }
}

/// Whether `s` says "not applicable" (`n/a`, `N/A`, `NA`, `not applicable`).
pub fn is_not_applicable(s: &str) -> bool {
    matches!(
        s.trim().to_lowercase().as_str(),
        "n/a" | "na" | "not applicable"
    )
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
    }
}

/// A module's questions and facts; `prefix` goes before each id (see `PageCtx`).
pub fn module_ctx(f: &FrontMatter, prefix: &str) -> ModuleCtx {
    let questions = f
        .questions
        .as_ref()
        .map(|qs| {
            qs.value
                .iter()
                .enumerate()
                .map(|(i, q)| {
                    let q = &q.value;
                    // Prefixed so they cannot clash with heading ids from the Markdown.
                    let id = format!("{prefix}sg-q{}", i + 1);
                    QuestionCtx {
                        number: i + 1,
                        options: q
                            .options
                            .iter()
                            .enumerate()
                            .map(|(j, o)| OptionCtx {
                                id: format!("{id}-o{}", j + 1),
                                text: o.clone(),
                                correct: j == q.answer,
                            })
                            .collect(),
                        id,
                        question: q.question.clone(),
                        answer: q.options.get(q.answer).cloned().unwrap_or_default(),
                        explanation: q.explanation.clone(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    ModuleCtx {
        level: f.level.as_ref().map(|l| l.value.label()),
        duration_minutes: f.duration_minutes.as_ref().map(|d| d.value),
        learning_outcomes: f
            .learning_outcomes
            .as_ref()
            .map(|l| l.value.clone())
            .unwrap_or_default(),
        questions,
    }
}

pub fn paper_ctx(f: &FrontMatter) -> Option<PaperCtx> {
    let p = &f.paper.as_ref()?.value;
    let is_draft = p.status == Some(PaperStatus::Draft);
    Some(PaperCtx {
        meeting: p.meeting.clone(),
        meeting_date: DateCtx::new(p.meeting_date),
        agenda_item: p.agenda_item.clone(),
        report_of: p.report_of.clone(),
        author: p.author.clone(),
        contact: p.contact.clone(),
        action_required: ActionRequired::ALL
            .iter()
            .map(|a| ActionCtx {
                label: a.label(),
                selected: p.action_required.contains(a),
            })
            .collect(),
        purpose: p.purpose.clone(),
        baf_domains: p.baf_domains.clone(),
        implications: p
            .implications
            .0
            .iter()
            .map(|(area, text)| ImplicationCtx {
                area: area.clone(),
                text: text.clone(),
                not_applicable: is_not_applicable(text),
            })
            .collect(),
        recommendations: p.recommendations.clone(),
        signoff: p
            .signoff
            .iter()
            .map(|s| SignoffCtx {
                check: s.check.clone(),
                not_applicable: s.name.as_deref().is_none_or(is_not_applicable),
                name: s.name.clone(),
                date: s.date.map(DateCtx::new),
            })
            .collect(),
        version: p.version.clone(),
        status: match p.status {
            Some(PaperStatus::Draft) => "draft",
            Some(PaperStatus::Final) => "final",
            None => "",
        },
        is_draft,
    })
}

pub fn visibility_name(v: Visibility) -> &'static str {
    match v {
        Visibility::Public => "public",
        Visibility::Private => "private",
    }
}
