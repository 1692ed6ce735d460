//! Reports (`type: report`): the report's front (its kind, year, sign-off, the
//! meeting that approved it, who it was sent to) and the "How this report meets …"
//! table, each checklist item linked to the section, sign-off or circulation entry
//! that meets it. The figures and tables it embeds are numbered by the page
//! renderer (`render/page.rs`), which hands their list to `page.numbered`.

use serde::Serialize;

use crate::content::report::{Report, ReportStatus};
use crate::render::context::DateCtx;
use crate::render::kind::{Body, Env, Kind, One};
use crate::reports::{Place, coverage};
use crate::site::{PageId, PageKind, Site};

pub struct Reports;

impl Kind for Reports {
    fn body(&self, env: &Env<'_>, id: PageId, prefix: &str) -> Option<Body> {
        let page = &env.site.pages[id];
        if page.kind != PageKind::Report {
            return None;
        }
        Some(One::boxed("report", report_ctx(env.site, id, prefix)))
    }

    fn templates(&self, site: &Site) -> Vec<(&'static str, &'static str, usize)> {
        match site.pages.iter().any(|p| p.kind == PageKind::Report) {
            true => vec![("report.html", "reports (`type: report`)", 1)],
            false => Vec::new(),
        }
    }
}

#[derive(Serialize)]
struct ApprovalCtx {
    id: String,
    name: String,
    role: Option<String>,
    date: Option<DateCtx>,
}

#[derive(Serialize)]
struct MeetingCtx {
    meeting: String,
    date: Option<DateCtx>,
    minute: Option<String>,
}

#[derive(Serialize)]
struct SentCtx {
    id: String,
    to: String,
    date: Option<DateCtx>,
}

/// Where an item is met: a section's heading, a sign-off or a circulation entry.
#[derive(Serialize)]
struct MetCtx {
    title: String,
    href: String,
}

#[derive(Serialize)]
struct ItemCtx {
    id: &'static str,
    asks: &'static str,
    source: &'static str,
    met: Vec<MetCtx>,
}

#[derive(Serialize)]
struct ChecklistCtx {
    /// "How this report meets {law}".
    law: &'static str,
    items: Vec<ItemCtx>,
    /// How many items nothing meets.
    missing: usize,
}

#[derive(Serialize)]
struct ReportCtx {
    kind: String,
    period: Option<String>,
    /// The year in words: `1 April 2024 to 31 March 2025`.
    period_words: Option<String>,
    published: Option<DateCtx>,
    status: &'static str,
    is_draft: bool,
    approved_by: Vec<ApprovalCtx>,
    approved_at: Option<MeetingCtx>,
    circulation: Vec<SentCtx>,
    checklist: Option<ChecklistCtx>,
}

fn report_ctx(site: &Site, id: PageId, prefix: &str) -> Option<ReportCtx> {
    let page = &site.pages[id];
    let r: &Report = page.report()?;
    let kind = r.kind.value;
    let year = r.year();
    Some(ReportCtx {
        kind: kind.label(),
        period: r.period.as_ref().map(|p| p.value.trim().to_string()),
        period_words: year.map(|y| y.words()),
        published: r.published.as_ref().map(|p| DateCtx::new(p.value)),
        status: match r.status {
            Some(ReportStatus::Draft) => "draft",
            Some(ReportStatus::Final) => "final",
            None => "",
        },
        is_draft: r.status == Some(ReportStatus::Draft),
        approved_by: r
            .approved_by
            .iter()
            .enumerate()
            .map(|(i, a)| ApprovalCtx {
                id: approval_id(prefix, i),
                name: a.value.name.clone(),
                role: a.value.role.clone(),
                date: a.value.date.map(DateCtx::new),
            })
            .collect(),
        approved_at: r
            .approved_at
            .as_ref()
            .map(|m| &m.value)
            .map(|m| MeetingCtx {
                meeting: m.meeting.clone(),
                date: m.date.map(DateCtx::new),
                minute: m.minute.clone(),
            }),
        circulation: r
            .circulation
            .iter()
            .enumerate()
            .map(|(i, c)| SentCtx {
                id: sent_id(prefix, i),
                to: c.value.to.clone(),
                date: c.value.date.map(DateCtx::new),
            })
            .collect(),
        checklist: checklist(site, id, prefix),
    })
}

fn approval_id(prefix: &str, i: usize) -> String {
    format!("{prefix}sg-approval-{}", i + 1)
}

fn sent_id(prefix: &str, i: usize) -> String {
    format!("{prefix}sg-sent-{}", i + 1)
}

/// The checklist, each item with where it is met; none for a kind without one.
fn checklist(site: &Site, id: PageId, prefix: &str) -> Option<ChecklistCtx> {
    let page = &site.pages[id];
    let claims = page.claims()?;
    let kind = claims.kind();
    if kind.checklist().is_empty() {
        return None;
    }
    let r = claims.report;
    let c = coverage(kind, &claims.claims);
    let items: Vec<ItemCtx> = c
        .items
        .iter()
        .map(|(item, met)| ItemCtx {
            id: item.id,
            asks: item.asks,
            source: item.source,
            met: met
                .iter()
                .map(|m| match m.place {
                    Place::Section => {
                        let h = &page.outline.headings[m.index];
                        MetCtx {
                            title: h.text.clone(),
                            href: format!("#{prefix}{}", h.id),
                        }
                    }
                    Place::Approval => {
                        let a = &r.approved_by[m.index].value;
                        MetCtx {
                            title: match &a.role {
                                Some(role) => format!("Signed off by {}, {role}", a.name),
                                None => format!("Signed off by {}", a.name),
                            },
                            href: format!("#{}", approval_id(prefix, m.index)),
                        }
                    }
                    Place::Circulation => {
                        let c = &r.circulation[m.index].value;
                        MetCtx {
                            title: match c.date {
                                Some(d) => format!("Sent to {} on {}", c.to, DateCtx::new(d).text),
                                None => format!("Sent to {}", c.to),
                            },
                            href: format!("#{}", sent_id(prefix, m.index)),
                        }
                    }
                })
                .collect(),
        })
        .collect();
    Some(ChecklistCtx {
        law: kind.law(),
        missing: c.unmet(),
        items,
    })
}
