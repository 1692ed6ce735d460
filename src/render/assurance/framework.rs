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
    /// Every period of this framework and of those it replaces, newest first.
    pub trend: Vec<TrendCtx>,
    /// Inline SVG: the share at each grade in each period.
    pub trend_chart: Option<String>,
    /// The caption of the trend's table.
    pub trend_caption: String,
    /// The framework this one replaces, and how its criteria carry on.
    pub replaces: Option<VersionCtx>,
    /// The frameworks that replace this one.
    pub replaced_by: Vec<Link>,
}

/// One period of the trend: this framework's, or an earlier one's.
#[derive(Serialize)]
pub struct TrendCtx {
    pub period: String,
    /// Where its returns are listed: an anchor on this page, or the earlier
    /// framework's page.
    pub url: String,
    /// The earlier framework it is a period of; `None` for this one.
    pub framework: Option<Link>,
    pub returns: usize,
    pub scored: usize,
    pub mean_score: Option<ScoreCtx>,
    pub shares: Vec<CountCtx>,
}

/// How this framework's criteria carry on from those of the one it replaces.
#[derive(Serialize)]
pub struct VersionCtx {
    pub framework: Link,
    /// Criteria compared with the earlier criterion of the same id.
    pub carried: usize,
    /// Criteria compared with earlier criteria as the map says (renumbered, split
    /// or merged), each with what it compares with.
    pub mapped: Vec<MappedCtx>,
    /// Criteria with nothing to compare with.
    pub new: Vec<IdCtx>,
    /// Earlier criteria nothing here compares with.
    pub dropped: Vec<IdCtx>,
}

/// A criterion by id, with its anchor on its framework's page.
#[derive(Serialize)]
pub struct IdCtx {
    pub id: String,
    pub anchor: String,
}

fn id_ctx(id: &str) -> IdCtx {
    IdCtx {
        id: id.to_string(),
        anchor: anchor("criterion", id),
    }
}

#[derive(Serialize)]
pub struct MappedCtx {
    pub id: String,
    pub anchor: String,
    /// The earlier criteria.
    pub with: Vec<IdCtx>,
}

#[derive(Serialize)]
pub struct MissingCtx {
    pub name: String,
    pub closed: Option<crate::render::context::DateCtx>,
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
    pub missing: Vec<MissingCtx>,
    pub previous_period: Option<String>,
    /// The grid of returns, when it fits one page.
    pub grid: Option<GridCtx>,
    /// Otherwise, the pages the grid is split over.
    pub grid_pages: Vec<Link>,
}

pub fn framework_ctx(site: &Site, fid: FrameworkId) -> FrameworkCtx {
    let f = &site.assurance.frameworks[fid];
    let fw = &f.fw;
    let mut periods: Vec<PeriodCtx> = (0..f.periods.len())
        .map(|pi| period_ctx(site, fid, pi))
        .collect();
    periods.reverse();
    let (trend_rows, trend_chart) = trend(site, fid, "sg-trend", &trend_title(fw));
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
        trend: trend_rows,
        trend_chart,
        trend_caption: trend_caption(f.replaces.is_some()),
        replaces: f.replaces.map(|earlier| version_ctx(site, fid, earlier)),
        replaced_by: site
            .assurance
            .frameworks
            .iter()
            .filter(|g| g.replaces == Some(fid))
            .map(|g| Link {
                title: g.fw.title.clone(),
                url: site.pages[g.page].url.clone(),
            })
            .collect(),
    }
}

/// The caption of a framework's trend table.
pub(super) fn trend_caption(replaces: bool) -> String {
    format!(
        "Returns, the mean of the scores of those with one, and the share of all graded results at each grade, by period{}",
        match replaces {
            true => ", with the periods of the framework this one replaces",
            false => "",
        }
    )
}

/// The title of a framework's trend chart.
pub(super) fn trend_title(fw: &Framework) -> String {
    format!(
        "Share of graded results at each grade by period, {}",
        fw.title
    )
}

/// A framework's trend: each period of it and of those it replaces, newest first,
/// and the chart of the share at each grade in each (oldest first), with `id`.
pub(super) fn trend(
    site: &Site,
    fid: FrameworkId,
    id: &str,
    title: &str,
) -> (Vec<TrendCtx>, Option<String>) {
    let (mut rows, bars): (Vec<TrendCtx>, Vec<Stack>) = site
        .assurance
        .family_periods(fid)
        .into_iter()
        .map(|(period, of)| trend_ctx(site, fid, of, &period))
        .unzip();
    rows.reverse();
    let chart = (!bars.is_empty()).then(|| {
        chart::stacks(
            id,
            title,
            "Stacked bars, one per period, worst grade on the left; the trend table gives the same figures.",
            &bars,
        )
    });
    (rows, chart)
}

/// Period `period` of framework `of` (`fid` itself, or one it replaces) as a row and
/// a bar of `fid`'s trend.
fn trend_ctx(site: &Site, fid: FrameworkId, of: FrameworkId, period: &str) -> (TrendCtx, Stack) {
    let a = &site.assurance;
    let g = &a.frameworks[of];
    let returns = a.returns_in(of, period);
    let stats = a.period_stats(of, &returns);
    let shares = shares(&stats.counts);
    let other = (of != fid).then(|| Link {
        title: g.fw.title.clone(),
        url: site.pages[g.page].url.clone(),
    });
    let anchor = anchor("period", period);
    let stack = Stack {
        label: match &other {
            Some(_) => format!("{period} ({})", g.fw.id.value.trim()),
            None => period.to_string(),
        },
        segments: shares
            .iter()
            .enumerate()
            .map(|(i, s)| (*s, format!("grade-{}", g.fw.level(i).colour.as_str())))
            .collect(),
    };
    let row = TrendCtx {
        period: period.to_string(),
        url: match &other {
            Some(l) => format!("{}#{anchor}", l.url),
            None => format!("#{anchor}"),
        },
        framework: other,
        returns: returns.len(),
        scored: returns
            .iter()
            .filter(|&&r| {
                a.audits[r]
                    .score
                    .as_ref()
                    .is_some_and(|s| s.overall.is_some())
            })
            .count(),
        mean_score: stats.mean.map(|v| score_ctx(&g.fw, &v)),
        shares: counts_ctx(&g.fw, &stats.counts, &shares),
    };
    (row, stack)
}

/// How `fid`'s criteria carry on from those of `earlier`, which it replaces.
fn version_ctx(site: &Site, fid: FrameworkId, earlier: FrameworkId) -> VersionCtx {
    let a = &site.assurance;
    let (fw, before) = (&a.frameworks[fid].fw, &a.frameworks[earlier].fw);
    let ids: Vec<&str> = before
        .all_criteria()
        .map(|(_, c)| c.id.value.trim())
        .collect();
    let sets = crate::assurance::versions::counterparts(fw, before);
    let mut v = VersionCtx {
        framework: Link {
            title: before.title.clone(),
            url: site.pages[a.frameworks[earlier].page].url.clone(),
        },
        carried: 0,
        mapped: Vec::new(),
        new: Vec::new(),
        dropped: Vec::new(),
    };
    let mut used = vec![false; ids.len()];
    for ((_, c), set) in fw.all_criteria().zip(&sets) {
        let id = c.id.value.trim();
        for &j in set {
            used[j] = true;
        }
        match set.as_slice() {
            [] => v.new.push(id_ctx(id)),
            [j] if ids[*j] == id => v.carried += 1,
            _ => v.mapped.push(MappedCtx {
                id: id.to_string(),
                anchor: anchor("criterion", id),
                with: set.iter().map(|&j| id_ctx(ids[j])).collect(),
            }),
        }
    }
    v.dropped = ids
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(id, _)| id_ctx(id))
        .collect();
    v
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
fn period_ctx(site: &Site, fid: FrameworkId, pi: usize) -> PeriodCtx {
    let a = &site.assurance;
    let f = &a.frameworks[fid];
    let fw = &f.fw;
    let period = &f.periods[pi];
    let returns = a.returns_in(fid, period);
    let stats = a.period_stats(fid, &returns);
    let shares = shares(&stats.counts);
    let paged = returns.len() > GRID_PAGE;
    let family = a.family_periods(fid);
    let previous_period = family
        .iter()
        .position(|(p, _)| p == period)
        .and_then(|i| i.checked_sub(1))
        .map(|i| family[i].0.clone());
    PeriodCtx {
        period: period.clone(),
        anchor: anchor("period", period),
        returns: returns.len(),
        scored: stats.scored,
        mean_score: stats.mean.map(|v| score_ctx(fw, &v)),
        shares: counts_ctx(fw, &stats.counts, &shares),
        missing: a
            .missing_in(fid, period, site.directory())
            .into_iter()
            .map(|m| MissingCtx {
                name: m.name,
                closed: m.closed.map(crate::render::context::DateCtx::new),
            })
            .collect(),
        previous_period,
        grid_pages: if paged {
            grid_page_links(site, fid, period, &returns)
        } else {
            Vec::new()
        },
        grid: (!paged).then(|| grid(site, fid, &returns, share_rows(fw, &stats))),
    }
}
