//! A framework's page: its standards and scale, and each period's returns.

use serde::Serialize;

use super::chart::{self, Stack};
use super::grid::{GRID_PAGE, GridCtx, grid, grid_page_links, share_rows};
use super::{CountCtx, ScaleLevelCtx, ScoreCtx, counts_ctx, level_ctx, scale_ctx, score_ctx};
use crate::assurance::framework::number;
use crate::assurance::scoring::shares;
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
    let a = &site.assurance;
    let f = &a.frameworks[fid];
    let fw = &f.fw;
    let levels = fw.values();
    let standards: Vec<FwStandardCtx> = fw
        .standards
        .value
        .iter()
        .map(|s| FwStandardCtx {
            id: s.value.id.value.trim().to_string(),
            anchor: anchor("standard", &s.value.id.value),
            title: s.value.title.clone(),
            description: s.value.description.clone(),
            criteria: s
                .value
                .criteria
                .value
                .iter()
                .map(|c| {
                    let c = &c.value;
                    FwCriterionCtx {
                        id: c.id.value.trim().to_string(),
                        anchor: anchor("criterion", &c.id.value),
                        text: c.text.clone(),
                        weight: (c.weight() != 1.0).then(|| number(c.weight())),
                        // In scale order, whatever order they were written in.
                        descriptors: (0..levels.len())
                            .filter_map(|i| {
                                let d = c.descriptors.as_ref()?;
                                let text = d.value.iter().find(|(k, _)| {
                                    k.trim().parse::<f64>().ok() == Some(levels[i])
                                })?;
                                Some(DescriptorCtx {
                                    level: level_ctx(fw, i),
                                    text: text.1.clone(),
                                })
                            })
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect();

    let mut periods = Vec::new();
    let mut trend = Vec::new();
    for (pi, period) in f.periods.iter().enumerate() {
        let returns = a.returns_in(fid, period);
        let stats = a.period_stats(fid, &returns);
        trend.push(Stack {
            label: period.clone(),
            segments: shares(&stats.counts)
                .into_iter()
                .enumerate()
                .map(|(i, s)| (s, format!("grade-{}", fw.level(i).colour.as_str())))
                .collect(),
        });
        let paged = returns.len() > GRID_PAGE;
        periods.push(PeriodCtx {
            period: period.clone(),
            anchor: anchor("period", period),
            returns: returns.len(),
            mean_score: stats.mean.map(|v| score_ctx(fw, v)),
            shares: counts_ctx(fw, &stats.counts),
            missing: a.missing_in(fid, period),
            previous_period: pi.checked_sub(1).map(|p| f.periods[p].clone()),
            grid_pages: if paged {
                grid_page_links(site, fid, period, &returns)
            } else {
                Vec::new()
            },
            grid: (!paged).then(|| grid(site, fid, &returns, share_rows(fw, &stats))),
        });
    }
    periods.reverse();
    let trend_chart = (!trend.is_empty()).then(|| {
        chart::stacks(
            "sg-trend",
            &format!("Share of results at each grade by period, {}", fw.title),
            "Stacked bars, one per period, worst grade on the left; the trend table gives the same figures.",
            &trend,
        )
    });
    FrameworkCtx {
        id: fw.id.value.trim().to_string(),
        description: fw.description.clone(),
        scale: scale_ctx(fw),
        standards,
        criteria: fw.criterion_count(),
        periods,
        trend_chart,
    }
}
