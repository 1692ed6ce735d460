//! Committee papers (`type: paper`): the governing-body cover sheet, and the Atom
//! feed of papers when the site has a full `base_url`.

use std::sync::Arc;

use jiff::civil::Date;
use serde::Serialize;

use super::paper_pdf::{self, is_not_applicable};
use crate::content::frontmatter::{ActionRequired, FrontMatter, PaperStatus};
use crate::output::Bytes;
use crate::render::context::DateCtx;
use crate::render::context::PageCtx;
use crate::render::escape_html as escape;
use crate::render::kind::{Body, Env, Kind, One};
use crate::site::{FEED_URL as FEED, PageId, PageKind, Site};

pub struct Papers;

impl Kind for Papers {
    fn body(&self, env: &Env<'_>, id: PageId, _prefix: &str) -> Option<Body> {
        let page = &env.site.pages[id];
        if page.kind != PageKind::Paper {
            return None;
        }
        Some(One::boxed("paper", page.front.as_ref().and_then(paper_ctx)))
    }

    fn pdf(&self, env: &Env<'_>, id: PageId, page: &PageCtx) -> Option<crate::pdf::Doc> {
        match env.site.pages[id].kind {
            PageKind::Paper => paper_pdf::doc(env, id, page),
            _ => None,
        }
    }

    fn files(&self, site: &Site) -> Vec<(String, Bytes)> {
        papers_feed(site)
            .map(|xml| (FEED.to_string(), xml.into_bytes().into()))
            .into_iter()
            .collect()
    }

    fn reserved(&self, site: &Site) -> Vec<(String, &'static str)> {
        match site.has_feed() {
            true => vec![(FEED.to_string(), "writes the feed of committee papers")],
            false => Vec::new(),
        }
    }
}

#[derive(Serialize)]
struct ActionCtx {
    label: &'static str,
    selected: bool,
}

#[derive(Serialize)]
struct ImplicationCtx {
    area: String,
    text: String,
    not_applicable: bool,
}

#[derive(Serialize)]
struct SignoffCtx {
    check: String,
    name: Option<String>,
    date: Option<DateCtx>,
    not_applicable: bool,
}

/// The cover sheet as its template sees it: the paper as written, and what is
/// worked out from it.
#[derive(Serialize)]
struct PaperCtx {
    #[serde(flatten)]
    paper: AsWritten,
    meeting_date: DateCtx,
    /// Every kind of action, each marked as asked for or not, as the cover sheet shows it.
    action_required: Vec<ActionCtx>,
    implications: Vec<ImplicationCtx>,
    signoff: Vec<SignoffCtx>,
    status: &'static str,
    is_draft: bool,
}

/// A page's `paper:` block, serialised as the model has it (shared, not copied).
struct AsWritten(Arc<FrontMatter>);

impl Serialize for AsWritten {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.paper.as_ref().map(|p| &p.value).serialize(s)
    }
}

fn paper_ctx(front: &Arc<FrontMatter>) -> Option<PaperCtx> {
    let p = &front.paper.as_ref()?.value;
    Some(PaperCtx {
        meeting_date: DateCtx::new(p.meeting_date),
        action_required: ActionRequired::ALL
            .iter()
            .map(|a| ActionCtx {
                label: a.label(),
                selected: p.action_required.contains(a),
            })
            .collect(),
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
        status: match p.status {
            Some(PaperStatus::Draft) => "draft",
            Some(PaperStatus::Final) => "final",
            None => "",
        },
        is_draft: p.status == Some(PaperStatus::Draft),
        paper: AsWritten(Arc::clone(front)),
    })
}

/// The Atom feed of committee papers, newest meeting first.
fn papers_feed(site: &Site) -> Option<String> {
    if !site.has_feed() {
        return None;
    }
    let base = site.config.absolute_base()?;
    let papers: Vec<(Date, &str, &str, String)> = site
        .papers_newest_first()
        .into_iter()
        .filter_map(|(date, id)| {
            let p = &site.pages[id];
            let front = p.front.as_ref()?;
            let paper = front.paper.as_ref()?;
            let summary = front
                .description
                .clone()
                .unwrap_or_else(|| paper.value.purpose.clone());
            Some((date, p.url.as_str(), p.title.as_str(), summary))
        })
        .collect();
    let updated = papers.first()?.0;
    let author = site
        .config
        .organisation
        .as_deref()
        .unwrap_or(&site.config.title);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}: committee papers</title>\n  <id>{}</id>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <updated>{updated}T00:00:00Z</updated>\n  <author><name>{}</name></author>\n  <generator>safeguard</generator>\n",
        escape(&site.config.language),
        escape(&site.config.title),
        escape(&format!("{base}{FEED}")),
        escape(&format!("{base}{FEED}")),
        escape(&base),
        escape(author),
    );
    for (date, url, title, summary) in papers {
        let href = escape(&format!("{base}{url}"));
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{href}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{href}\"/>\n    <updated>{date}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape(title),
            escape(&summary),
        ));
    }
    out.push_str("</feed>\n");
    Some(out)
}
