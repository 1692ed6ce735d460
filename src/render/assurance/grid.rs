//! The grid of a period's returns (a row per return, a column per criterion), on a
//! framework's page or, for a large period, split over pages of its own.

use serde::Serialize;

use super::{ScaleLevelCtx, ScoreCtx, grade_ctx, level_ctx, score_ctx};
use crate::assurance::scoring::{Mean, share_text, shares};
use crate::assurance::{AuditId, FrameworkId, anchor};
use crate::render::context::Link;
use crate::site::Site;

#[derive(Serialize)]
pub struct GridCtx {
    pub standards: Vec<GridStandardCtx>,
    pub columns: Vec<GridColumnCtx>,
    pub rows: Vec<GridRowCtx>,
    /// For each level, the share of returns at it, per criterion.
    pub share_rows: Vec<GridShareRowCtx>,
}

#[derive(Serialize)]
pub struct GridStandardCtx {
    pub id: String,
    pub span: usize,
}

#[derive(Serialize)]
pub struct GridColumnCtx {
    pub id: String,
    pub anchor: String,
}

#[derive(Serialize)]
pub struct GridRowCtx {
    pub organisation: String,
    pub url: String,
    pub score: Option<ScoreCtx>,
    /// One per criterion; `None` where not applicable.
    pub cells: Vec<Option<ScaleLevelCtx>>,
}

#[derive(Serialize)]
pub struct GridShareRowCtx {
    pub level: ScaleLevelCtx,
    pub cells: Vec<String>,
}

/// Rows of a framework's grid per page: beyond this a period's grid is split over
/// pages of its own, so it stays readable with a thousand returns.
pub const GRID_PAGE: usize = 50;

pub(super) struct PeriodStats {
    pub(super) mean: Option<f64>,
    pub(super) counts: Vec<usize>,
    pub(super) share_rows: Vec<GridShareRowCtx>,
}

/// The mean score, the counts at each grade and each criterion's shares of a period.
pub(super) fn period_stats(site: &Site, fid: FrameworkId, returns: &[AuditId]) -> PeriodStats {
    let a = &site.assurance;
    let fw = &a.frameworks[fid].fw;
    let levels = fw.scale.value.len();
    let mut mean = Mean::default();
    let mut counts = vec![0usize; levels];
    let mut per_criterion = vec![vec![0usize; levels]; fw.criterion_count()];
    for &r in returns {
        let Some(score) = &a.audits[r].score else {
            continue;
        };
        if let Some(v) = score.overall {
            mean.add(v, 1.0);
        }
        for (c, n) in counts.iter_mut().zip(&score.counts) {
            *c += n;
        }
        for (ci, g) in score.grades.iter().enumerate() {
            if let Some(level) = g.and_then(|g| fw.level_of(g)) {
                per_criterion[ci][level] += 1;
            }
        }
    }
    let share_rows = (0..levels)
        .map(|li| GridShareRowCtx {
            level: level_ctx(fw, li),
            cells: per_criterion
                .iter()
                .map(|pc| {
                    if pc.iter().sum::<usize>() == 0 {
                        // Not applicable everywhere: there is no share to give.
                        "—".to_string()
                    } else {
                        share_text(shares(pc)[li])
                    }
                })
                .collect(),
        })
        .collect();
    PeriodStats {
        mean: mean.value(),
        counts,
        share_rows,
    }
}

/// The grid of `rows` (returns of one period), with the period's shares below it.
pub(super) fn grid(
    site: &Site,
    fid: FrameworkId,
    rows: &[AuditId],
    share_rows: Vec<GridShareRowCtx>,
) -> GridCtx {
    let a = &site.assurance;
    let fw = &a.frameworks[fid].fw;
    GridCtx {
        standards: fw
            .standards
            .value
            .iter()
            .map(|s| GridStandardCtx {
                id: s.value.id.value.trim().to_string(),
                span: s.value.criteria.value.len(),
            })
            .collect(),
        columns: fw
            .all_criteria()
            .map(|(_, c)| GridColumnCtx {
                id: c.id.value.trim().to_string(),
                anchor: anchor("criterion", &c.id.value),
            })
            .collect(),
        rows: rows
            .iter()
            .filter_map(|&r| {
                let entry = &a.audits[r];
                let score = entry.score.as_ref()?;
                Some(GridRowCtx {
                    organisation: entry.organisation().to_string(),
                    url: site.pages[entry.page].url.clone(),
                    score: score.overall.map(|v| score_ctx(fw, v)),
                    cells: score
                        .grades
                        .iter()
                        .map(|g| g.and_then(|g| grade_ctx(fw, g)))
                        .collect(),
                })
            })
            .collect(),
        share_rows,
    }
}

/// Where page `page` (from 1) of a period's grid is published.
pub fn grid_page_url(site: &Site, fid: FrameworkId, period: &str, page: usize) -> String {
    let base = &site.pages[site.assurance.frameworks[fid].page].url;
    let period = anchor("period", period);
    if page <= 1 {
        format!("{base}{period}/")
    } else {
        format!("{base}{period}/{page}/")
    }
}

pub(super) fn grid_page_links(
    site: &Site,
    fid: FrameworkId,
    period: &str,
    returns: &[AuditId],
) -> Vec<Link> {
    let a = &site.assurance;
    returns
        .chunks(GRID_PAGE)
        .enumerate()
        .map(|(i, chunk)| {
            let first = a.audits[chunk[0]].organisation();
            let last = a.audits[chunk[chunk.len() - 1]].organisation();
            Link {
                title: format!("{first} to {last}"),
                url: grid_page_url(site, fid, period, i + 1),
            }
        })
        .collect()
}

/// Every split grid page: (framework, period, page from 1).
pub fn grid_pages(site: &Site) -> Vec<(FrameworkId, String, usize)> {
    let a = &site.assurance;
    let mut out = Vec::new();
    for (fid, f) in a.frameworks.iter().enumerate() {
        for period in &f.periods {
            let n = a.returns_in(fid, period).len();
            if n > GRID_PAGE {
                out.extend((1..=n.div_ceil(GRID_PAGE)).map(|p| (fid, period.clone(), p)));
            }
        }
    }
    out
}

#[derive(Serialize)]
pub struct GridPageCtx {
    pub framework: Link,
    pub period: String,
    pub anchor: String,
    pub page: usize,
    pub returns: usize,
    /// Every page of this period's grid; `url` of the current one is this page's.
    pub pages: Vec<Link>,
    pub grid: GridCtx,
}

pub fn grid_page_ctx(site: &Site, fid: FrameworkId, period: &str, page: usize) -> GridPageCtx {
    let a = &site.assurance;
    let f = &a.frameworks[fid];
    let returns = a.returns_in(fid, period);
    let stats = period_stats(site, fid, &returns);
    let chunk = returns
        .chunks(GRID_PAGE)
        .nth(page.saturating_sub(1))
        .unwrap_or(&[]);
    GridPageCtx {
        framework: Link {
            title: f.fw.title.clone(),
            url: site.pages[f.page].url.clone(),
        },
        period: period.to_string(),
        anchor: anchor("period", period),
        page,
        returns: returns.len(),
        pages: grid_page_links(site, fid, period, &returns),
        grid: grid(site, fid, chunk, stats.share_rows),
    }
}
