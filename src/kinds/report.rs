//! Reports (`type: report`): the report's front (its kind, year, sign-off, the
//! meeting that approved it, who it was sent to) and the "How this report meets …"
//! table, each checklist item linked to the section, sign-off or circulation entry
//! that meets it. The figures and tables it embeds are numbered by the page
//! renderer (`render/page.rs`), which hands their list to `page.numbered`.

use serde::Serialize;

use crate::content::report::{Report, ReportStatus};
use crate::render::context::{DateCtx, PageCtx};
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

    fn pdf(&self, env: &Env<'_>, id: PageId, page: &PageCtx) -> Option<crate::pdf::Doc> {
        match env.site.pages[id].kind {
            PageKind::Report => super::report_pdf::doc(env, id, page),
            _ => None,
        }
    }

    fn templates(&self, site: &Site) -> Vec<(&'static str, &'static str, usize)> {
        match site.pages.iter().any(|p| p.kind == PageKind::Report) {
            true => vec![("report.html", "reports (`type: report`)", 1)],
            false => Vec::new(),
        }
    }
}

#[derive(Serialize)]
pub(super) struct ApprovalCtx {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) role: Option<String>,
    pub(super) date: Option<DateCtx>,
}

#[derive(Serialize)]
pub(super) struct MeetingCtx {
    pub(super) meeting: String,
    pub(super) date: Option<DateCtx>,
    pub(super) minute: Option<String>,
}

#[derive(Serialize)]
pub(super) struct SentCtx {
    pub(super) id: String,
    pub(super) to: String,
    pub(super) date: Option<DateCtx>,
}

/// Where an item is met: a section's heading, a sign-off or a circulation entry.
#[derive(Serialize)]
pub(super) struct MetCtx {
    pub(super) title: String,
    pub(super) href: String,
}

#[derive(Serialize)]
pub(super) struct ItemCtx {
    pub(super) id: &'static str,
    pub(super) asks: &'static str,
    pub(super) source: &'static str,
    pub(super) met: Vec<MetCtx>,
}

#[derive(Serialize)]
pub(super) struct ChecklistCtx {
    /// "How this report meets {law}".
    pub(super) law: &'static str,
    pub(super) items: Vec<ItemCtx>,
    /// How many items nothing meets.
    pub(super) missing: usize,
}

#[derive(Serialize)]
pub(super) struct ReportCtx {
    pub(super) kind: String,
    pub(super) period: Option<String>,
    /// The year in words: `1 April 2024 to 31 March 2025`.
    pub(super) period_words: Option<String>,
    pub(super) published: Option<DateCtx>,
    pub(super) status: &'static str,
    pub(super) is_draft: bool,
    pub(super) approved_by: Vec<ApprovalCtx>,
    pub(super) approved_at: Option<MeetingCtx>,
    pub(super) circulation: Vec<SentCtx>,
    pub(super) checklist: Option<ChecklistCtx>,
}

pub(super) fn report_ctx(site: &Site, id: PageId, prefix: &str) -> Option<ReportCtx> {
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
