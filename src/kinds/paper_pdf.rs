//! A committee paper as a PDF: its cover sheet alone on the first page, the
//! contents, then its body. The board pack (`meeting_pdf.rs`) puts the same cover
//! sheet and body after its agenda, item by item.

use crate::content::frontmatter::{ActionRequired, PaperStatus};
use crate::content::paper::Paper;
use crate::pdf::{Block, Cell, Doc, Inline, Mark, Table};
use crate::render::context::{DateCtx, PageCtx};
use crate::render::kind::Env;
use crate::render::pdf as page_pdf;
use crate::site::{PageId, Site};

/// The paper's PDF: its cover sheet, the contents (when it has headings), its body.
pub fn doc(env: &Env<'_>, id: PageId, page: &PageCtx) -> Option<Doc> {
    let site = env.site;
    let paper = paper_of(site, id)?;
    let (mark, cover) = cover(site, id, paper, "", Some("sg-title".into()))?;
    let mut blocks = vec![Block::Mark(mark.clone()), cover];
    if !page.toc.is_empty() {
        blocks.push(Block::Contents { depth: 3 });
    }
    blocks.push(Block::Html(page.content.clone()));
    Some(page_pdf::doc(
        site,
        &page.url,
        &site.pages[id].title,
        mark,
        Some(paper.meeting_date),
        blocks,
    ))
}

pub fn paper_of(site: &Site, id: PageId) -> Option<&Paper> {
    site.pages[id]
        .front
        .as_ref()?
        .paper
        .as_ref()
        .map(|p| &p.value)
}

/// What a draft paper says at the top of its cover and of every page.
fn draft_words(site: &Site, id: PageId, paper: &Paper) -> Option<String> {
    let draft = paper.status == Some(PaperStatus::Draft)
        || site.pages[id].front.as_ref().is_some_and(|f| f.draft);
    draft.then(|| match &paper.version {
        Some(v) => format!("Draft paper (version {v}): not for circulation"),
        None => "Draft paper: not for circulation".to_string(),
    })
}

/// The running header of a paper's pages, and its cover sheet: the meeting, the
/// title (a first-level heading, named `label`), the cover table, implications,
/// recommendations and sign-off. `prefix` goes before the names of its headings.
pub fn cover(
    site: &Site,
    id: PageId,
    paper: &Paper,
    prefix: &str,
    label: Option<String>,
) -> Option<(Mark, Block)> {
    let title = &site.pages[id].title;
    let date = DateCtx::new(paper.meeting_date).text;
    let item = paper
        .agenda_item
        .as_ref()
        .map(|i| format!(" · Agenda item {i}"))
        .unwrap_or_default();
    let draft = draft_words(site, id, paper);
    let mark = Mark {
        text: format!("{} · {date}{item} · {title}", paper.meeting),
        draft: draft.as_ref().map(|_| "DRAFT".to_string()),
    };
    let mut blocks = vec![Block::Terms(rows(site, id, paper))];
    blocks.extend(sections(paper, prefix));
    let cover = Block::Cover {
        kicker: format!("{} · {date}{item}", paper.meeting),
        title: title.clone(),
        label,
        draft,
        blocks,
    };
    Some((mark, cover))
}

/// The cover sheet's sections after its table: implications, recommendations and
/// sign-off, each where the paper has it.
fn sections(paper: &Paper, prefix: &str) -> Vec<Block> {
    let heading = |name: &str, text: &str| Block::Heading {
        level: 2,
        label: Some(format!("{prefix}sg-{name}")),
        text: Inline::text(text),
    };
    let shown = |text: &str| match is_not_applicable(text) {
        true => "Not applicable".to_string(),
        false => text.to_string(),
    };
    let mut blocks = Vec::new();
    if !paper.implications.0.is_empty() {
        blocks.push(heading("implications", "Implications"));
        blocks.push(Block::Table(Table::of(
            &["Area", "Implications"],
            paper
                .implications
                .0
                .iter()
                .map(|(area, text)| vec![Cell::header(area, "row"), Cell::text(shown(text))])
                .collect(),
        )));
    }
    if !paper.recommendations.is_empty() {
        blocks.push(heading("recommendations", "Recommendations"));
        blocks.push(Block::Para(Inline::text(format!(
            "The {} is asked to:",
            paper.meeting
        ))));
        blocks.push(Block::List {
            ordered: true,
            start: 1,
            items: paper
                .recommendations
                .iter()
                .map(|r| vec![Block::Plain(Inline::text(r))])
                .collect(),
        });
    }
    if !paper.signoff.is_empty() {
        blocks.push(heading("signoff", "Report sign-off"));
        blocks.push(Block::Table(Table::of(
            &["Check", "Name", "Date"],
            paper
                .signoff
                .iter()
                .map(|s| {
                    let name = shown(s.name.as_deref().unwrap_or("n/a"));
                    let date = s.date.map(|d| DateCtx::new(d).text).unwrap_or_default();
                    vec![
                        Cell::header(&s.check, "row"),
                        Cell::text(name),
                        Cell::text(date),
                    ]
                })
                .collect(),
        )));
    }
    blocks
}

/// The cover table's rows, as the page's cover sheet has them.
fn rows(site: &Site, id: PageId, paper: &Paper) -> Vec<(Vec<Inline>, Vec<Block>)> {
    let mut rows = Vec::new();
    let mut row = |key: &str, value: Vec<Block>| rows.push((Inline::text(key), value));
    let plain = |s: &str| vec![Block::Plain(Inline::text(s))];
    if let Some(v) = &paper.report_of {
        row("Report of", plain(v));
    }
    if let Some(v) = &paper.author {
        row("Author", plain(v));
    }
    if let Some(v) = &paper.contact {
        row("Contact", plain(v));
    }
    let actions = ActionRequired::ALL
        .iter()
        .map(|a| {
            let chosen = paper.action_required.contains(a);
            let text = match chosen {
                true => format!("☒ {} (required)", a.label()),
                false => format!("☐ {} (not required)", a.label()),
            };
            vec![Block::Plain(match chosen {
                true => vec![Inline::Strong(Inline::text(text))],
                false => Inline::text(text),
            })]
        })
        .collect();
    row(
        "Action required",
        vec![Block::List {
            ordered: false,
            start: 1,
            items: actions,
        }],
    );
    row("Purpose of the report", plain(&paper.purpose));
    let visibility = crate::render::context::visibility_name(site.visibility_of(id));
    let mut shown = visibility.to_string();
    if let Some(first) = shown.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    row("Public or private", plain(&shown));
    if !paper.baf_domains.is_empty() {
        row(
            "Relevance to the Board Assurance Framework",
            vec![Block::List {
                ordered: false,
                start: 1,
                items: paper.baf_domains.iter().map(|d| plain(d)).collect(),
            }],
        );
    }
    let status = match paper.status {
        Some(PaperStatus::Draft) => " (draft)",
        Some(PaperStatus::Final) => " (final)",
        None => "",
    };
    if paper.version.is_some() || paper.status.is_some() {
        let version = paper.version.clone().unwrap_or_default();
        row("Version", plain(format!("{version}{status}").trim()));
    }
    rows
}

/// Whether `s` says "not applicable" (`n/a`, `N/A`, `NA`, `not applicable`).
pub fn is_not_applicable(s: &str) -> bool {
    matches!(
        s.trim().to_lowercase().as_str(),
        "n/a" | "na" | "not applicable"
    )
}
