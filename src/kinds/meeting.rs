//! Meetings (`type: meeting`): the body that meets, when and where, and the agenda,
//! each item linked to its paper (with the paper's purpose and what the meeting is
//! asked to do). A paper this build does not publish is shown as a private item,
//! with nothing of it but its number.

use serde::Serialize;

use crate::content::frontmatter::{ActionRequired, PaperStatus};
use crate::content::meeting::Meeting;
use crate::render::context::{DateCtx, PageCtx};
use crate::render::kind::{Body, Env, Kind, One};
use crate::site::{AgendaPaper, PageId, PageKind, Site};

pub struct Meetings;

impl Kind for Meetings {
    fn body(&self, env: &Env<'_>, id: PageId, _prefix: &str) -> Option<Body> {
        let page = &env.site.pages[id];
        if page.kind != PageKind::Meeting {
            return None;
        }
        Some(One::boxed("meeting", meeting_ctx(env.site, id)))
    }

    fn pdf(&self, env: &Env<'_>, id: PageId, page: &PageCtx) -> Option<crate::pdf::Doc> {
        match env.site.pages[id].kind {
            PageKind::Meeting => super::meeting_pdf::doc(env, id, page),
            _ => None,
        }
    }

    fn templates(&self, site: &Site) -> Vec<(&'static str, &'static str, usize)> {
        match site.pages.iter().any(|p| p.kind == PageKind::Meeting) {
            true => vec![("meeting.html", "meetings (`type: meeting`)", 1)],
            false => Vec::new(),
        }
    }
}

#[derive(Serialize)]
struct ItemCtx {
    item: Option<String>,
    /// None for a paper this build leaves out.
    title: Option<String>,
    /// The paper's page, site-relative.
    url: Option<String>,
    purpose: Option<String>,
    /// What the meeting is asked to do with the paper.
    action: Vec<&'static str>,
    presenter: Option<String>,
    minutes: Option<u32>,
    draft: bool,
    left_out: bool,
    /// Left out as a draft (not as a private paper).
    left_out_draft: bool,
}

#[derive(Serialize)]
struct MeetingCtx {
    body: String,
    date: DateCtx,
    location: Option<String>,
    attendees: Vec<String>,
    items: Vec<ItemCtx>,
    /// The minutes the agenda gives, added up.
    minutes: u32,
    /// How many items' papers this build leaves out.
    left_out: usize,
}

fn meeting_ctx(site: &Site, id: PageId) -> Option<MeetingCtx> {
    let page = &site.pages[id];
    let m: &Meeting = &page.front.as_ref()?.meeting.as_ref()?.value;
    let from = &site.source_of(page)?.content_rel;
    let items: Vec<ItemCtx> = m
        .agenda
        .iter()
        .map(|a| {
            let a = &a.value;
            let paper = a.paper.as_ref().map(|p| site.agenda_paper(from, &p.value));
            let mut ctx = ItemCtx {
                item: a.item.clone(),
                title: a.title.clone(),
                url: None,
                purpose: None,
                action: Vec::new(),
                presenter: a.presenter.clone(),
                minutes: a.minutes,
                draft: false,
                left_out: false,
                left_out_draft: false,
            };
            match paper {
                Some(Ok(AgendaPaper::Paper(pid))) => {
                    let p = &site.pages[pid];
                    let paper = p.front.as_ref().and_then(|f| f.paper.as_ref());
                    ctx.title.get_or_insert_with(|| p.title.clone());
                    ctx.url = Some(p.url.clone());
                    if let Some(paper) = paper.map(|s| &s.value) {
                        ctx.purpose = Some(paper.purpose.clone());
                        ctx.action = ActionRequired::ALL
                            .iter()
                            .filter(|x| paper.action_required.contains(x))
                            .map(|x| x.label())
                            .collect();
                        ctx.draft = paper.status == Some(PaperStatus::Draft);
                    }
                }
                // Nothing of a paper left out is shown, not even the title given here.
                Some(paper) => {
                    ctx.title = None;
                    ctx.presenter = None;
                    ctx.left_out = true;
                    ctx.left_out_draft = matches!(paper, Ok(AgendaPaper::LeftOut { draft: true }));
                }
                None => {}
            }
            ctx
        })
        .collect();
    Some(MeetingCtx {
        body: m.body.clone(),
        date: DateCtx::new(m.date),
        location: m.location.clone(),
        attendees: m.attendees.clone(),
        minutes: items.iter().filter_map(|i| i.minutes).sum(),
        left_out: items.iter().filter(|i| i.left_out).count(),
        items,
    })
}
