//! A framework's page: its standards and scale, and each period's returns.

use serde::Serialize;

use super::chart::{self, Stack};
use super::grid::{GRID_PAGE, GridCtx, grid, grid_page_links, share_rows};
use super::{CountCtx, ScaleLevelCtx, ScoreCtx, counts_ctx, level_ctx, scale_ctx, score_ctx};
use crate::assurance::framework::{Framework, Standard, number};
use crate::assurance::scoring::{is_share, shares};
use crate::assurance::{FrameworkId, anchor};
use crate::render::context::Link;
use crate::site::Site;

#[derive(Serialize)]
pub struct FrameworkCtx {
    pub id: String,
    pub description: Option<String>,
    pub scale: Vec<ScaleLevelCtx>,
    pub standards: Vec<FwStandardCtx>,
    pub criteria: usize,
    /// Whether scores are shares at the top of a scale of two levels.
    pub share: bool,
    /// Newest first.
    pub periods: Vec<PeriodCtx>,
    /// Inline SVG: the share at each grade in each period.
    pub trend_chart: Option<String>,
}

#[derive(Serialize)]
pub struct FwStandardCtx {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub description: Option<String>,
    pub criteria: Vec<FwCriterionCtx>,
}

#[derive(Serialize)]
pub struct FwCriterionCtx {
    pub id: String,
    pub anchor: String,
    pub text: String,
    pub weight: Option<String>,
    pub descriptors: Vec<DescriptorCtx>,
}

#[derive(Serialize)]
pub struct DescriptorCtx {
    pub level: ScaleLevelCtx,
    pub text: String,
}

#[derive(Serialize)]
pub struct PeriodCtx {
    pub period: String,
    pub anchor: String,
    pub returns: usize,
    /// How many of the returns have a score: the mean is of these.
    pub scored: usize,
    /// The mean of the returns' scores.
    pub mean_score: Option<ScoreCtx>,
    /// Shares at each grade of all graded results in the period.
    pub shares: Vec<CountCtx>,
    /// Organisations that made a return last period but not this one.
    pub missing: Vec<String>,
    pub previous_period: Option<String>,
    /// The grid of returns, when it fits one page.
    pub grid: Option<GridCtx>,
    /// Otherwise, the pages the grid is split over.
    pub grid_pages: Vec<Link>,
}

pub fn framework_ctx(site: &Site, fid: FrameworkId) -> FrameworkCtx {
    let f = &site.assurance.frameworks[fid];
    let fw = &f.fw;
    let (mut periods, trend): (Vec<PeriodCtx>, Vec<Stack>) = (0..f.periods.len())
        .map(|pi| period_ctx(site, fid, pi))
        .unzip();
    periods.reverse();
    let trend_chart = (!trend.is_empty()).then(|| {
        chart::stacks(
            "sg-trend",
            &format!("Share of graded results at each grade by period, {}", fw.title),
            "Stacked bars, one per period, worst grade on the left; the trend table gives the same figures.",
            &trend,
        )
    });
    FrameworkCtx {
        id: fw.id.value.trim().to_string(),
        description: fw.description.clone(),
        scale: scale_ctx(fw),
        standards: fw
            .standards
            .value
            .iter()
            .map(|s| standard_ctx(fw, &s.value))
            .collect(),
        criteria: fw.criterion_count(),
        share: is_share(&fw.values()),
        periods,
        trend_chart,
    }
}

fn standard_ctx(fw: &Framework, s: &Standard) -> FwStandardCtx {
    let levels = fw.values();
    FwStandardCtx {
        id: s.id.value.trim().to_string(),
        anchor: anchor("standard", &s.id.value),
        title: s.title.clone(),
        description: s.description.clone(),
        criteria: s
            .criteria
            .value
            .iter()
            .map(|c| {
                let c = &c.value;
                FwCriterionCtx {
                    id: c.id.value.trim().to_string(),
                    anchor: anchor("criterion", &c.id.value),
                    text: c.text.clone(),
                    weight: (c.weight() != rust_decimal::Decimal::ONE).then(|| number(c.weight())),
                    // In scale order, whatever order they were written in.
                    descriptors: levels
                        .iter()
                        .enumerate()
                        .filter_map(|(i, v)| {
                            Some(DescriptorCtx {
                                text: c.descriptor(*v)?.to_string(),
                                level: level_ctx(fw, i),
                            })
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}

/// The framework's period `pi` (from the oldest), and its bar of the trend chart.
fn period_ctx(site: &Site, fid: FrameworkId, pi: usize) -> (PeriodCtx, Stack) {
    let a = &site.assurance;
    let f = &a.frameworks[fid];
    let fw = &f.fw;
    let period = &f.periods[pi];
    let returns = a.returns_in(fid, period);
    let stats = a.period_stats(fid, &returns);
    let shares = shares(&stats.counts);
    let trend = Stack {
        label: period.clone(),
        segments: shares
            .iter()
            .enumerate()
            .map(|(i, s)| (*s, format!("grade-{}", fw.level(i).colour.as_str())))
            .collect(),
    };
    let paged = returns.len() > GRID_PAGE;
    let ctx = PeriodCtx {
        period: period.clone(),
        anchor: anchor("period", period),
        returns: returns.len(),
        scored: stats.scored,
        mean_score: stats.mean.map(|v| score_ctx(fw, &v)),
        shares: counts_ctx(fw, &stats.counts, &shares),
        missing: a.missing_in(fid, period),
        previous_period: pi.checked_sub(1).map(|p| f.periods[p].clone()),
        grid_pages: if paged {
            grid_page_links(site, fid, period, &returns)
        } else {
            Vec::new()
        },
        grid: (!paged).then(|| grid(site, fid, &returns, share_rows(fw, &stats))),
    };
    (ctx, trend)
}
