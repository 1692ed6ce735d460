//! A meeting's board pack: one PDF with the agenda first (each item with the page
//! its paper starts on), then each paper's cover sheet and body in agenda order,
//! each from a new page under a running header naming the item, with one page
//! numbering throughout. A paper this build leaves out (private, or a draft) is
//! not in the pack, and the agenda says so.

use crate::content::meeting::Meeting;
use crate::pdf::{AgendaRow, Block, Doc, Inline, Mark};
use crate::render::context::{DateCtx, PageCtx};
use crate::render::kind::Env;
use crate::render::page::Placement;
use crate::render::pdf as page_pdf;
use crate::render::root_of;
use crate::site::{AgendaPaper, PageId, Site};

use super::paper_pdf;

/// What the agenda says of a private paper the pack leaves out.
pub const LEFT_OUT: &str = "Private paper: not in this pack";

/// What it says of a draft this build leaves out.
pub const DRAFT_LEFT_OUT: &str = "Draft paper: not in this pack";

pub fn doc(env: &Env<'_>, id: PageId, page: &PageCtx) -> Option<Doc> {
    let site = env.site;
    let m: &Meeting = &site.pages[id].front.as_ref()?.meeting.as_ref()?.value;
    let from = &site.source_of(&site.pages[id])?.content_rel;
    let date = DateCtx::new(m.date).text;
    let header = Mark {
        text: format!("{} · {date} · Meeting pack", m.body),
        draft: None,
    };
    let (rows, papers) = agenda(site, m, from);
    let left_out = rows.iter().filter(|r| r.note.is_some()).count();
    let mut front = vec![Block::Terms(facts(m, &date))];
    front.push(Block::Heading {
        level: 2,
        label: Some("sg-agenda".to_string()),
        text: Inline::text("Agenda"),
    });
    front.push(Block::Agenda(rows));
    if left_out > 0 {
        let words = match left_out {
            1 => "1 item's paper is not in this pack: it is private, or a draft.".to_string(),
            n => format!("{n} items' papers are not in this pack: they are private, or drafts."),
        };
        front.push(Block::Para(Inline::text(words)));
    }
    front.push(Block::Html(page.content.clone()));
    let mut blocks = vec![
        Block::Mark(header.clone()),
        Block::Cover {
            kicker: format!("{} · {date}", m.body),
            title: site.pages[id].title.clone(),
            label: Some("sg-title".to_string()),
            draft: None,
            blocks: front,
        },
    ];
    let root = root_of(&page.url);
    for (pid, label, n) in papers {
        let prefix = format!("i{n}-");
        let placement = Placement {
            root: root.clone(),
            anchor_prefix: &prefix,
            heading_shift: 0,
            local: None,
        };
        let paper = paper_pdf::paper_of(site, pid)?;
        let body = env.page_context(pid, &placement).ok()?;
        let (mark, cover) = paper_pdf::cover(site, pid, paper, &prefix, Some(label))?;
        blocks.push(Block::Break);
        blocks.push(Block::Mark(mark));
        blocks.push(cover);
        blocks.push(Block::Html(body.content));
    }
    Some(page_pdf::doc(
        site,
        &page.url,
        &site.pages[id].title,
        header,
        Some(m.date),
        blocks,
    ))
}

/// The agenda's rows, and each paper the pack holds with the name of its cover
/// sheet and its item's number among the agenda's.
fn agenda(site: &Site, m: &Meeting, from: &str) -> (Vec<AgendaRow>, Vec<(PageId, String, usize)>) {
    let mut rows = Vec::new();
    let mut papers = Vec::new();
    for (n, a) in m.agenda.iter().enumerate() {
        let a = &a.value;
        let paper = a.paper.as_ref().map(|p| site.agenda_paper(from, &p.value));
        let item = a.item.clone().unwrap_or_else(|| (n + 1).to_string());
        let mut row = AgendaRow {
            item: item.clone(),
            title: a.title.clone().unwrap_or_default(),
            label: None,
            presenter: a.presenter.clone(),
            minutes: a.minutes,
            note: None,
        };
        match paper {
            Some(Ok(AgendaPaper::Paper(pid))) => {
                let label = format!("sg-item-{}", n + 1);
                if row.title.is_empty() {
                    row.title = site.pages[pid].title.clone();
                }
                row.label = Some(label.clone());
                papers.push((pid, label, n + 1));
            }
            // Nothing of a paper left out is shown, not even the title given here.
            Some(paper) => {
                let draft = matches!(paper, Ok(AgendaPaper::LeftOut { draft: true }));
                row.title = match draft {
                    true => "Draft paper",
                    false => "Private item",
                }
                .to_string();
                row.presenter = None;
                row.note = Some(if draft { DRAFT_LEFT_OUT } else { LEFT_OUT }.to_string());
            }
            None => {}
        }
        rows.push(row);
    }
    (rows, papers)
}

/// When and where the meeting is, and who attends.
fn facts(m: &Meeting, date: &str) -> Vec<(Vec<Inline>, Vec<Block>)> {
    let mut rows = vec![(Inline::text("Date"), vec![Block::Plain(Inline::text(date))])];
    if let Some(l) = &m.location {
        rows.push((
            Inline::text("Location"),
            vec![Block::Plain(Inline::text(l))],
        ));
    }
    if !m.attendees.is_empty() {
        rows.push((
            Inline::text("Attendees"),
            vec![Block::Plain(Inline::text(m.attendees.join(", ")))],
        ));
    }
    rows
}
