//! The index of returns and the action tracker.

use jiff::civil::Date;
use serde::Serialize;

use super::{ScoreCtx, TrackedActionCtx, score_ctx, status_label};
use crate::assurance::{AuditId, anchor};
use crate::render::context::DateCtx;
use crate::site::Site;

#[derive(Serialize)]
pub struct IndexCtx {
    pub frameworks: Vec<IndexFrameworkCtx>,
    pub open_actions: usize,
    pub overdue_actions: usize,
}

#[derive(Serialize)]
pub struct IndexFrameworkCtx {
    pub title: String,
    pub url: String,
    pub periods: Vec<String>,
    pub rows: Vec<IndexRowCtx>,
}

#[derive(Serialize)]
pub struct IndexRowCtx {
    pub organisation: String,
    /// One per period: the return, if one was made.
    pub cells: Vec<Option<IndexCellCtx>>,
}

#[derive(Serialize)]
pub struct IndexCellCtx {
    pub url: String,
    pub score: Option<ScoreCtx>,
}

/// Returns by framework, organisation and period.
pub fn index_ctx(site: &Site) -> IndexCtx {
    let a = &site.assurance;
    let frameworks = a
        .frameworks
        .iter()
        .map(|f| {
            // Each return by (organisation, period), so the table is linear in returns.
            let by_key: std::collections::HashMap<(String, &str), AuditId> = f
                .audits
                .iter()
                .map(|x| {
                    let e = &a.audits[*x];
                    ((e.organisation_key(), e.period()), *x)
                })
                .collect();
            let mut orgs: Vec<&str> = f
                .audits
                .iter()
                .map(|x| a.audits[*x].organisation())
                .collect();
            orgs.sort_by_key(|o| crate::assurance::organisation_key(o));
            orgs.dedup_by(|x, y| {
                crate::assurance::organisation_key(x) == crate::assurance::organisation_key(y)
            });
            IndexFrameworkCtx {
                title: f.fw.title.clone(),
                url: site.pages[f.page].url.clone(),
                periods: f.periods.clone(),
                rows: orgs
                    .iter()
                    .map(|org| IndexRowCtx {
                        organisation: org.to_string(),
                        cells: f
                            .periods
                            .iter()
                            .map(|p| {
                                by_key
                                    .get(&(crate::assurance::organisation_key(org), p.as_str()))
                                    .map(|x| &a.audits[*x])
                                    .map(|e| IndexCellCtx {
                                        url: site.pages[e.page].url.clone(),
                                        score: e
                                            .score
                                            .as_ref()
                                            .and_then(|s| s.overall)
                                            .map(|v| score_ctx(&f.fw, v)),
                                    })
                            })
                            .collect(),
                    })
                    .collect(),
            }
        })
        .collect();
    let actions = tracker_actions(site);
    IndexCtx {
        frameworks,
        open_actions: actions.len(),
        overdue_actions: actions.iter().filter(|x| x.overdue).count(),
    }
}

/// Every action not done across all returns: overdue first, then by due date (none
/// last), organisation and id.
pub fn tracker_actions(site: &Site) -> Vec<TrackedActionCtx> {
    let a = &site.assurance;
    let as_of = site.selection.as_of;
    let mut out: Vec<(bool, Option<Date>, TrackedActionCtx)> = Vec::new();
    for entry in &a.audits {
        let Some(fid) = entry.framework else { continue };
        let fw = &a.frameworks[fid].fw;
        let url = &site.pages[entry.page].url;
        for act in &entry.ret.actions {
            let act = &act.value;
            if act.status == crate::assurance::audit::ActionStatus::Done {
                continue;
            }
            let overdue = act.is_overdue(as_of);
            out.push((
                overdue,
                act.due,
                TrackedActionCtx {
                    id: act.id.value.trim().to_string(),
                    anchor: anchor("action", &act.id.value),
                    criterion: act.criterion.value.trim().to_string(),
                    criterion_anchor: anchor("criterion", &act.criterion.value),
                    action: act.action.clone(),
                    owner: act.owner.clone(),
                    due: act.due.map(DateCtx::new),
                    status: act.status.as_str(),
                    status_label: status_label(act.status),
                    overdue,
                    organisation: entry.organisation().to_string(),
                    period: entry.period().to_string(),
                    framework: fw.title.clone(),
                    audit_url: url.clone(),
                },
            ));
        }
    }
    out.sort_by(|x, y| {
        y.0.cmp(&x.0)
            .then_with(|| match (x.1, y.1) {
                (Some(a), Some(b)) => a.cmp(&b),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| x.2.organisation.cmp(&y.2.organisation))
            .then_with(|| x.2.period.cmp(&y.2.period))
            .then_with(|| x.2.id.cmp(&y.2.id))
    });
    out.into_iter().map(|(_, _, a)| a).collect()
}
