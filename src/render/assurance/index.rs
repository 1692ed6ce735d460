//! The index of returns and the action tracker.

use serde::Serialize;

use super::{ScoreCtx, TrackedActionCtx, coverage, score_ctx, tracked_action_ctx};
use crate::assurance::scoring::is_share;
use crate::site::Site;

#[derive(Serialize)]
pub struct IndexCtx {
    pub frameworks: Vec<IndexFrameworkCtx>,
    /// The organisations registry's page, where the site has one.
    pub registry: Option<crate::render::context::Link>,
    pub open_actions: usize,
    pub overdue_actions: usize,
}

#[derive(Serialize)]
pub struct IndexFrameworkCtx {
    pub title: String,
    pub url: String,
    pub periods: Vec<String>,
    /// Whether scores are shares at the top of a scale of two levels.
    pub share: bool,
    pub rows: Vec<IndexRowCtx>,
}

#[derive(Serialize)]
pub struct IndexRowCtx {
    pub organisation: String,
    /// The organisation's page, where the site has a registry.
    pub url: Option<String>,
    /// One per period: the return, if one was made.
    pub cells: Vec<Option<IndexCellCtx>>,
}

#[derive(Serialize)]
pub struct IndexCellCtx {
    pub url: String,
    pub score: Option<ScoreCtx>,
    /// How much of the framework the return is graded on, when not all of it.
    pub coverage: Option<String>,
}

/// Returns by framework, organisation and period.
pub fn index_ctx(site: &Site) -> IndexCtx {
    let a = &site.assurance;
    let frameworks = a
        .frameworks
        .iter()
        .enumerate()
        .map(|(fid, f)| IndexFrameworkCtx {
            title: f.fw.title.clone(),
            url: site.pages[f.page].url.clone(),
            periods: f.periods.clone(),
            share: is_share(&f.fw.values()),
            rows: a
                .by_organisation(fid)
                .into_iter()
                .map(|(row, organisation, returns)| IndexRowCtx {
                    organisation: organisation.to_string(),
                    url: site.registry.as_ref().map(|r| r.url_of(site, row)),
                    cells: returns
                        .into_iter()
                        .map(|r| {
                            r.map(|r| {
                                let e = &a.audits[r];
                                let score = e.score.as_ref();
                                IndexCellCtx {
                                    url: site.pages[e.page].url.clone(),
                                    score: score
                                        .and_then(|s| s.overall)
                                        .map(|v| score_ctx(&f.fw, &v)),
                                    coverage: score.and_then(|s| coverage(&f.fw, s)),
                                }
                            })
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let actions = a.open_actions(site.selection.as_of);
    IndexCtx {
        frameworks,
        registry: site
            .registry
            .as_ref()
            .map(|r| crate::render::context::Link {
                title: site.pages[r.page].title.clone(),
                url: site.pages[r.page].url.clone(),
            }),
        open_actions: actions.len(),
        overdue_actions: actions.iter().filter(|t| t.action.overdue).count(),
    }
}

/// The action tracker: every action not done, across all returns, most pressing
/// first (`Assurance::open_actions`).
pub fn tracker_actions(site: &Site) -> Vec<TrackedActionCtx> {
    site.assurance
        .open_actions(site.selection.as_of)
        .into_iter()
        .map(|t| tracked_action_ctx(site, t.audit, &t.framework.fw, t.action))
        .collect()
}

/// The first `shown` overdue actions, most overdue first, and how many are overdue:
/// only those shown are made into contexts.
pub fn overdue_actions(site: &Site, shown: usize) -> (Vec<TrackedActionCtx>, usize) {
    let overdue: Vec<_> = site
        .assurance
        .open_actions(site.selection.as_of)
        .into_iter()
        .filter(|t| t.action.overdue)
        .collect();
    let count = overdue.len();
    let first = overdue
        .into_iter()
        .take(shown)
        .map(|t| tracked_action_ctx(site, t.audit, &t.framework.fw, t.action))
        .collect();
    (first, count)
}

/// A framework's latest period at a glance, for the home page.
#[derive(Serialize)]
pub struct HeadlineCtx {
    pub title: String,
    pub url: String,
    pub period: String,
    pub returns: usize,
    /// How many of the returns have a score: the mean is of these.
    pub scored: usize,
    /// The mean of the period's scores, each return counting once.
    pub mean: Option<ScoreCtx>,
    /// How many organisations that made a return the period before have not yet.
    pub missing: usize,
}

/// Each framework with returns that no other replaces, at its latest period.
pub fn headlines(site: &Site) -> Vec<HeadlineCtx> {
    let a = &site.assurance;
    a.frameworks
        .iter()
        .enumerate()
        // A framework replaced by a newer one is history: its successor's headline
        // carries on its trend.
        .filter(|(fid, _)| !a.frameworks.iter().any(|g| g.replaces == Some(*fid)))
        .filter_map(|(fid, f)| {
            let period = f.periods.last()?;
            let returns = a.returns_in(fid, period);
            let stats = a.period_stats(fid, &returns);
            Some(HeadlineCtx {
                title: f.fw.title.clone(),
                url: site.pages[f.page].url.clone(),
                period: period.clone(),
                returns: returns.len(),
                scored: stats.scored,
                mean: stats.mean.map(|v| score_ctx(&f.fw, &v)),
                missing: a.missing_in(fid, period, site.directory()).len(),
            })
        })
        .collect()
}
