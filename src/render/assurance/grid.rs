//! The grid of a period's returns (a row per return, a column per criterion), on a
//! framework's page or, for a large period, split over pages of its own.

use serde::Serialize;

use super::{ScaleLevelCtx, ScoreCtx, coverage, grade_ctx, level_ctx, score_ctx, share_text};
use crate::assurance::framework::Framework;
use crate::assurance::scoring::is_share;
use crate::assurance::stats::PeriodStats;
use crate::assurance::{AuditId, FrameworkId, anchor};
use crate::render::context::Link;
use crate::site::Site;

#[derive(Serialize)]
pub struct GridCtx {
    /// What the score column holds: `Score`, or on a scale of two levels the
    /// share at its top level, `Share at Yes`.
    pub score_header: String,
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
    /// Its latest name: a renamed organisation is one row everywhere.
    pub organisation: String,
    /// The name the return was made under, when that was an earlier one.
    pub made_as: Option<String>,
    pub url: String,
    pub score: Option<ScoreCtx>,
    /// How much of the framework the return is graded on, when not all of it.
    pub coverage: Option<String>,
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

/// The shares under a period's grid: for each level, each criterion's share of the
/// returns at it.
pub(super) fn share_rows(fw: &Framework, stats: &PeriodStats) -> Vec<GridShareRowCtx> {
    let shares = stats.criterion_shares();
    (0..fw.scale.value.len())
        .map(|li| GridShareRowCtx {
            level: level_ctx(fw, li),
            cells: shares
                .iter()
                .map(|s| match s {
                    Some(s) => share_text(s[li]),
                    // Not applicable everywhere: there is no share to give.
                    None => "—".to_string(),
                })
                .collect(),
        })
        .collect()
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
    let levels = fw.values();
    GridCtx {
        score_header: if is_share(&levels) {
            format!("Share at {}", fw.level(1).label.value.trim())
        } else {
            "Score".to_string()
        },
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
                    organisation: entry.who.row_name.clone(),
                    made_as: (entry.who.row_name != entry.organisation())
                        .then(|| entry.organisation().to_string()),
                    url: site.pages[entry.page].url.clone(),
                    score: score.overall.map(|v| score_ctx(fw, &v)),
                    coverage: coverage(fw, score),
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
    /// Whether scores are shares at the top of a scale of two levels.
    pub share: bool,
    /// Every page of this period's grid; `url` of the current one is this page's.
    pub pages: Vec<Link>,
    pub grid: GridCtx,
}

pub fn grid_page_ctx(site: &Site, fid: FrameworkId, period: &str, page: usize) -> GridPageCtx {
    let a = &site.assurance;
    let f = &a.frameworks[fid];
    let returns = a.returns_in(fid, period);
    let stats = a.period_stats(fid, &returns);
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
        share: is_share(&f.fw.values()),
        pages: grid_page_links(site, fid, period, &returns),
        grid: grid(site, fid, chunk, share_rows(&f.fw, &stats)),
    }
}
