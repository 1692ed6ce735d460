//! A report as a PDF: a title page (its kind and year, when it was published and
//! approved, its sign-off and circulation), the contents with its figures and
//! tables, the body, and the table of how it meets its checklist.

use super::report::{ReportCtx, report_ctx};
use crate::pdf::{Block, Cell, Doc, Inline, Table};
use crate::render::context::{DateCtx, PageCtx};
use crate::render::kind::Env;
use crate::render::pdf as page_pdf;
use crate::site::PageId;

pub fn doc(env: &Env<'_>, id: PageId, page: &PageCtx) -> Option<Doc> {
    let site = env.site;
    let r = report_ctx(site, id, "")?;
    let title = &site.pages[id].title;
    let mut header = page_pdf::header(site, title);
    header.draft = r.is_draft.then(|| "DRAFT: not for publication".to_string());
    let mut blocks = vec![Block::Mark(header.clone()), title_page(&r, page, title)];
    blocks.push(Block::Contents { depth: 3 });
    blocks.extend(numbered(page));
    blocks.push(Block::Break);
    blocks.push(Block::Html(page.content.clone()));
    if let Some(c) = &r.checklist {
        blocks.push(Block::Heading {
            level: 2,
            label: Some("sg-checklist".to_string()),
            text: Inline::text(format!("How this report meets {}", c.law)),
        });
        if c.missing > 0 {
            let s = if c.missing > 1 { "s" } else { "" };
            blocks.push(Block::Para(vec![Inline::Strong(Inline::text(format!(
                "{} item{s} not yet covered.",
                c.missing
            )))]));
        }
        blocks.push(Block::Table(Table::of(
            &["What is asked", "Source", "Where this report meets it"],
            c.items
                .iter()
                .map(|item| {
                    let met = match item.met.is_empty() {
                        true => vec![Block::Plain(vec![Inline::Strong(Inline::text(
                            "Not yet covered",
                        ))])],
                        false => vec![Block::List {
                            ordered: false,
                            start: 1,
                            items: item
                                .met
                                .iter()
                                .map(|m| {
                                    vec![Block::Plain(vec![Inline::Link(
                                        m.href.clone(),
                                        Inline::text(&m.title),
                                    )])]
                                })
                                .collect(),
                        }],
                    };
                    vec![
                        Cell::header(item.asks, "row"),
                        Cell::text(item.source),
                        Cell {
                            blocks: met,
                            ..Cell::text("")
                        },
                    ]
                })
                .collect(),
        )));
    }
    let date = r
        .published
        .as_ref()
        .and_then(|d| d.iso.parse::<jiff::civil::Date>().ok());
    Some(page_pdf::doc(site, &page.url, title, header, date, blocks))
}

/// The title page: what the report is, its facts, its sign-off and circulation.
fn title_page(r: &ReportCtx, page: &PageCtx, title: &str) -> Block {
    let mut blocks = Vec::new();
    if let Some(d) = &page.description {
        blocks.push(Block::Para(Inline::text(d)));
    }
    blocks.push(Block::Terms(facts(r, page)));
    blocks.extend(sign_off(r));
    let kicker = match &r.period {
        Some(p) => format!("{} · {p}", r.kind),
        None => r.kind.clone(),
    };
    Block::Cover {
        kicker,
        title: title.to_string(),
        label: Some("sg-title".to_string()),
        draft: r
            .is_draft
            .then(|| "Draft report: it may change before it is approved".to_string()),
        blocks,
    }
}

/// What the title page says of the report: its year, publication, approval,
/// status and owner.
fn facts(r: &ReportCtx, page: &PageCtx) -> Vec<(Vec<Inline>, Vec<Block>)> {
    let mut facts: Vec<(Vec<Inline>, Vec<Block>)> = Vec::new();
    let mut fact =
        |k: &str, v: String| facts.push((Inline::text(k), vec![Block::Plain(Inline::text(v))]));
    if let Some(w) = &r.period_words {
        fact("Covers", w.clone());
    }
    fact(
        "Published",
        r.published
            .as_ref()
            .map(|d| d.text.clone())
            .unwrap_or_else(|| "Not yet published".to_string()),
    );
    if let Some(m) = &r.approved_at {
        let mut s = m.meeting.clone();
        if let Some(d) = &m.date {
            s.push_str(&format!(", {}", d.text));
        }
        if let Some(minute) = &m.minute {
            s.push_str(&format!(" ({minute})"));
        }
        fact("Approved at", s);
    }
    if !r.status.is_empty() {
        let mut s = r.status.to_string();
        s[..1].make_ascii_uppercase();
        fact("Status", s);
    }
    if let Some(o) = &page.owner {
        fact("Owner", o.clone());
    }
    facts
}

/// The sign-off and circulation tables, each under its heading, where there are any.
fn sign_off(r: &ReportCtx) -> Vec<Block> {
    let date_or = |d: &Option<DateCtx>, none: &str| {
        d.as_ref()
            .map(|d| d.text.clone())
            .unwrap_or_else(|| none.to_string())
    };
    let section = |label: &str, title: &str, head: &[&str], body: Vec<Vec<Cell>>| {
        [
            Block::Heading {
                level: 2,
                label: Some(label.to_string()),
                text: Inline::text(title),
            },
            Block::Table(Table::of(head, body)),
        ]
    };
    let mut out = Vec::new();
    if !r.approved_by.is_empty() {
        let rows = r.approved_by.iter().map(|a| {
            vec![
                Cell::header(&a.name, "row"),
                Cell::text(a.role.clone().unwrap_or_default()),
                Cell::text(date_or(&a.date, "Not dated")),
            ]
        });
        out.extend(section(
            "sg-signoff",
            "Sign-off",
            &["Approved by", "Role", "Date"],
            rows.collect(),
        ));
    }
    if !r.circulation.is_empty() {
        let rows = r.circulation.iter().map(|c| {
            vec![
                Cell::header(&c.to, "row"),
                Cell::text(date_or(&c.date, "Not yet sent")),
            ]
        });
        out.extend(section(
            "sg-circulation",
            "Circulation",
            &["Sent to", "Date sent"],
            rows.collect(),
        ));
    }
    out
}

/// The report's figures and tables, listed after the contents.
fn numbered(page: &PageCtx) -> Vec<Block> {
    let mut out = Vec::new();
    for (figure, title) in [(true, "Figures"), (false, "Tables")] {
        let items: Vec<Vec<Block>> = page
            .numbered
            .iter()
            .filter(|n| n.figure == figure)
            .map(|n| {
                vec![Block::Plain(vec![Inline::Link(
                    format!("#{}", n.anchor),
                    Inline::text(format!("{}: {}", n.label, n.caption)),
                )])]
            })
            .collect();
        if items.is_empty() {
            continue;
        }
        out.push(Block::Heading {
            level: 2,
            label: None,
            text: Inline::text(title),
        });
        out.push(Block::List {
            ordered: false,
            start: 1,
            items,
        });
    }
    out
}
