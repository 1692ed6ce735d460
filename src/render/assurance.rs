//! What the assurance templates see: audit returns, frameworks, the index of returns
//! and the action tracker, with scores already labelled and charts already drawn.
//! URLs are site-relative; templates prefix them with `root`.

use jiff::civil::Date;
use serde::Serialize;

use super::context::{DateCtx, Link};
use crate::assurance::chart::{self, Bar, Stack};
use crate::assurance::framework::{Framework, number};
use crate::assurance::scoring::{Mean, level_for, share_text, shares, ulps};
use crate::assurance::{Assurance, AuditId, FrameworkId, anchor};
use crate::site::Site;

#[derive(Clone, Serialize)]
pub struct ScaleLevelCtx {
    /// The value as written: `75`.
    pub value: String,
    pub label: String,
    pub colour: &'static str,
}

#[derive(Clone, Serialize)]
pub struct ScoreCtx {
    /// Unrounded.
    pub value: f64,
    /// One decimal place: `68.3`.
    pub text: String,
    /// The best level at or below the score.
    pub label: String,
    pub colour: &'static str,
}

#[derive(Serialize)]
pub struct CountCtx {
    pub level: ScaleLevelCtx,
    pub count: usize,
    /// Per cent of graded results, whole: `40%`.
    pub share: String,
}

#[derive(Serialize)]
pub struct AuditCtx {
    pub framework: Link,
    pub framework_id: String,
    pub organisation: String,
    pub period: String,
    pub url: String,
    pub submitted: Option<DateCtx>,
    pub completed_by: Option<String>,
    pub signed_off_by: Option<String>,
    pub moderated_by: Option<String>,
    pub note: Option<String>,
    pub score: Option<ScoreCtx>,
    pub graded: usize,
    pub not_applicable: usize,
    pub criteria: usize,
    pub scale: Vec<ScaleLevelCtx>,
    pub counts: Vec<CountCtx>,
    /// Inline SVG: results at each grade.
    pub grades_chart: String,
    /// Inline SVG: each standard's score.
    pub standards_chart: String,
    pub standards: Vec<StandardCtx>,
    pub actions: Vec<TrackedActionCtx>,
    pub open_actions: usize,
    pub overdue_actions: usize,
    pub previous: Option<PreviousCtx>,
    pub csv: String,
    pub json: String,
}

#[derive(Serialize)]
pub struct StandardCtx {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub description: Option<String>,
    pub score: Option<ScoreCtx>,
    pub previous_score: Option<ScoreCtx>,
    pub criteria: Vec<CriterionCtx>,
}

#[derive(Serialize)]
pub struct CriterionCtx {
    pub id: String,
    pub anchor: String,
    pub text: String,
    /// Shown only when it is not 1.
    pub weight: Option<String>,
    /// The effective grade.
    pub grade: Option<ScaleLevelCtx>,
    /// The self-assessed grade, when moderation changed it.
    pub self_assessed: Option<ScaleLevelCtx>,
    pub not_applicable: Option<String>,
    /// What the effective grade looks like, from the framework.
    pub descriptor: Option<String>,
    pub evidence: Vec<String>,
    pub comment: Option<String>,
    pub previous: Option<ScaleLevelCtx>,
    /// `up`, `down` or `same` against the previous return; `None` if not comparable.
    pub change: Option<&'static str>,
    /// The actions on this criterion.
    pub actions: Vec<ActionRefCtx>,
}

#[derive(Serialize)]
pub struct ActionRefCtx {
    pub id: String,
    pub anchor: String,
}

#[derive(Serialize)]
pub struct TrackedActionCtx {
    pub id: String,
    pub anchor: String,
    pub criterion: String,
    pub criterion_anchor: String,
    pub action: String,
    pub owner: Option<String>,
    pub due: Option<DateCtx>,
    pub status: &'static str,
    pub status_label: &'static str,
    pub overdue: bool,
    /// For the tracker: which return it belongs to.
    pub organisation: String,
    pub period: String,
    pub framework: String,
    pub audit_url: String,
}

#[derive(Serialize)]
pub struct PreviousCtx {
    pub period: String,
    pub url: String,
    pub score: Option<ScoreCtx>,
    /// The change in score, signed, one decimal place: `+6.3`.
    pub change: Option<String>,
    pub direction: Option<&'static str>,
    /// How many criteria went up, down or stayed the same.
    pub up: usize,
    pub down: usize,
    pub same: usize,
}

fn level_ctx(fw: &Framework, index: usize) -> ScaleLevelCtx {
    let l = fw.level(index);
    ScaleLevelCtx {
        value: number(l.value.value),
        label: l.label.value.clone(),
        colour: l.colour.as_str(),
    }
}

fn grade_ctx(fw: &Framework, value: f64) -> Option<ScaleLevelCtx> {
    fw.level_of(value).map(|i| level_ctx(fw, i))
}

/// A score as shown: tenths, rounded down.
fn shown(score: f64) -> f64 {
    one_decimal_down(score).parse().unwrap_or(score)
}

/// A score to one decimal place, rounded down like its label: 74.96 is shown as 74.9
/// beside "Partially met", never as 75.0, which would read as "Mostly met".
pub fn one_decimal_down(score: f64) -> String {
    // The tolerance keeps 81.25 − ε (floating-point error) at 81.2, not 81.1, and
    // no more: 74.999999975 stays 74.9.
    let tenths = (score * 10.0 + ulps(score * 10.0)).floor();
    format!("{:.1}", tenths / 10.0)
}

pub fn score_ctx(fw: &Framework, score: f64) -> ScoreCtx {
    let level = level_for(&fw.values(), score);
    let l = fw.level(level);
    ScoreCtx {
        value: score,
        text: one_decimal_down(score),
        label: l.label.value.clone(),
        colour: l.colour.as_str(),
    }
}

fn scale_ctx(fw: &Framework) -> Vec<ScaleLevelCtx> {
    (0..fw.scale.value.len())
        .map(|i| level_ctx(fw, i))
        .collect()
}

fn counts_ctx(fw: &Framework, counts: &[usize]) -> Vec<CountCtx> {
    let share = shares(counts);
    counts
        .iter()
        .enumerate()
        .map(|(i, c)| CountCtx {
            level: level_ctx(fw, i),
            count: *c,
            share: share_text(share[i]),
        })
        .collect()
}

fn direction(now: f64, before: f64) -> &'static str {
    if now > before {
        "up"
    } else if now < before {
        "down"
    } else {
        "same"
    }
}

/// Everything an audit page (or an embedded summary) shows. `chart_id` keeps chart
/// ids unique when a page embeds more than one summary.
pub fn audit_ctx(site: &Site, id: AuditId, chart_id: &str) -> Option<AuditCtx> {
    let a: &Assurance = &site.assurance;
    let as_of: Date = site.selection.as_of;
    let entry = &a.audits[id];
    let fid = entry.framework?;
    let f = &a.frameworks[fid];
    let fw = &f.fw;
    let checked = entry.checked.as_ref()?;
    let score = entry.score.as_ref()?;
    let ret = &entry.ret;
    let url = site.pages[entry.page].url.clone();
    let previous = entry.previous.map(|p| &a.audits[p]);
    let previous_score = previous.and_then(|p| p.score.as_ref());

    let mut criteria_ctx: Vec<Vec<CriterionCtx>> =
        fw.standards.value.iter().map(|_| Vec::new()).collect();
    let (mut up, mut down, mut same) = (0, 0, 0);
    for (i, (cref, c)) in fw.all_criteria().enumerate() {
        let r = &ret.results.value[checked.result_of[i]].value;
        let grade = score.grades[i];
        let before = previous_score.and_then(|p| p.grades.get(i).copied().flatten());
        let change = match (grade, before) {
            (Some(g), Some(b)) => Some(direction(g, b)),
            _ => None,
        };
        match change {
            Some("up") => up += 1,
            Some("down") => down += 1,
            Some(_) => same += 1,
            None => {}
        }
        let descriptor = grade.and_then(|g| {
            c.descriptors.as_ref().and_then(|d| {
                d.value
                    .iter()
                    .find(|(k, _)| k.trim().parse::<f64>().ok() == Some(g))
                    .map(|(_, v)| v.clone())
            })
        });
        let self_assessed = match (&r.grade, &r.moderated) {
            (Some(g), Some(m)) if g.value != m.value => grade_ctx(fw, g.value),
            _ => None,
        };
        criteria_ctx[cref.standard].push(CriterionCtx {
            id: c.id.value.trim().to_string(),
            anchor: anchor("criterion", &c.id.value),
            text: c.text.clone(),
            weight: (c.weight() != 1.0).then(|| number(c.weight())),
            grade: grade.and_then(|g| grade_ctx(fw, g)),
            self_assessed,
            not_applicable: r
                .not_applicable
                .as_ref()
                .map(|n| n.value.trim().to_string()),
            descriptor,
            evidence: r.evidence.clone(),
            comment: r.comment.clone(),
            previous: before.and_then(|b| grade_ctx(fw, b)),
            change,
            actions: ret
                .actions
                .iter()
                .zip(&checked.action_criteria)
                .filter(|(_, ac)| **ac == cref)
                .map(|(act, _)| ActionRefCtx {
                    id: act.value.id.value.trim().to_string(),
                    anchor: anchor("action", &act.value.id.value),
                })
                .collect(),
        });
    }
    let standards: Vec<StandardCtx> = fw
        .standards
        .value
        .iter()
        .zip(criteria_ctx)
        .enumerate()
        .map(|(i, (s, criteria))| StandardCtx {
            id: s.value.id.value.trim().to_string(),
            anchor: anchor("standard", &s.value.id.value),
            title: s.value.title.clone(),
            description: s.value.description.clone(),
            score: score.standards[i].map(|v| score_ctx(fw, v)),
            previous_score: previous_score
                .and_then(|p| p.standards.get(i).copied().flatten())
                .map(|v| score_ctx(fw, v)),
            criteria,
        })
        .collect();

    let actions: Vec<TrackedActionCtx> = ret
        .actions
        .iter()
        .map(|act| {
            let act = &act.value;
            TrackedActionCtx {
                id: act.id.value.trim().to_string(),
                anchor: anchor("action", &act.id.value),
                criterion: act.criterion.value.trim().to_string(),
                criterion_anchor: anchor("criterion", &act.criterion.value),
                action: act.action.clone(),
                owner: act.owner.clone(),
                due: act.due.map(DateCtx::new),
                status: act.status.as_str(),
                status_label: act.status.label(),
                overdue: act.is_overdue(as_of),
                organisation: entry.organisation().to_string(),
                period: entry.period().to_string(),
                framework: fw.title.clone(),
                audit_url: url.clone(),
            }
        })
        .collect();

    let counts = counts_ctx(fw, &score.counts);
    let max = score.counts.iter().copied().max().unwrap_or(0) as f64;
    let grades_chart = chart::bars(
        &format!("{chart_id}-grades"),
        &format!(
            "Results at each grade, {} {}",
            entry.organisation(),
            entry.period()
        ),
        &format!(
            "Bar chart of how many of the {} graded criteria are at each grade; the table beside it gives the same figures.",
            score.graded
        ),
        &counts
            .iter()
            .map(|c| Bar {
                label: c.level.label.clone(),
                value: c.count as f64,
                text: format!("{} ({})", c.count, c.share),
                class: format!("grade-{}", c.level.colour),
            })
            .collect::<Vec<_>>(),
        max,
    );
    let top = fw.values().last().copied().unwrap_or(1.0);
    let bottom = fw.values().first().copied().unwrap_or(0.0).min(0.0);
    let standards_chart = chart::bars(
        &format!("{chart_id}-standards"),
        &format!(
            "Score of each standard, {} {}",
            entry.organisation(),
            entry.period()
        ),
        "Bar chart of each standard's score on the framework's scale; the standards table gives the same figures.",
        &standards
            .iter()
            .map(|s| Bar {
                label: format!("Standard {}", s.id),
                value: s.score.as_ref().map_or(0.0, |sc| sc.value - bottom),
                text: s.score.as_ref().map_or("not applicable".to_string(), |sc| {
                    format!("{} {}", sc.text, sc.label)
                }),
                class: s.score.as_ref().map_or("grade-none".to_string(), |sc| {
                    format!("grade-{}", sc.colour)
                }),
            })
            .collect::<Vec<_>>(),
        top - bottom,
    );

    Some(AuditCtx {
        framework: Link {
            title: fw.title.clone(),
            url: site.pages[f.page].url.clone(),
        },
        framework_id: fw.id.value.trim().to_string(),
        organisation: entry.organisation().to_string(),
        period: entry.period().to_string(),
        url: url.clone(),
        submitted: ret.submitted.map(DateCtx::new),
        completed_by: ret.completed_by.clone(),
        signed_off_by: ret.signed_off_by.clone(),
        moderated_by: ret.moderated_by.clone(),
        note: ret.note.clone(),
        score: score.overall.map(|v| score_ctx(fw, v)),
        graded: score.graded,
        not_applicable: score.not_applicable,
        criteria: checked.result_of.len(),
        scale: scale_ctx(fw),
        counts,
        grades_chart,
        standards_chart,
        standards,
        open_actions: actions.iter().filter(|x| x.status != "done").count(),
        overdue_actions: actions.iter().filter(|x| x.overdue).count(),
        actions,
        previous: previous.map(|p| {
            let before = p.score.as_ref().and_then(|s| s.overall);
            let change = match (score.overall, before) {
                // The change between the scores as shown, so it never contradicts them.
                (Some(n), Some(b)) => {
                    let (n, b) = (shown(n), shown(b));
                    Some((n - b, direction(n, b)))
                }
                _ => None,
            };
            PreviousCtx {
                period: p.period().to_string(),
                url: site.pages[p.page].url.clone(),
                score: before.map(|v| score_ctx(fw, v)),
                change: change.map(|(d, _)| format!("{d:+.1}")),
                direction: change.map(|(_, dir)| dir),
                up,
                down,
                same,
            }
        }),
        csv: format!("{url}audit.csv"),
        json: format!("{url}audit.json"),
    })
}

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
        let stats = period_stats(site, fid, &returns);
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
            grid: (!paged).then(|| grid(site, fid, &returns, stats.share_rows)),
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

/// Rows of a framework's grid per page: beyond this a period's grid is split over
/// pages of its own, so it stays readable with a thousand returns.
pub const GRID_PAGE: usize = 50;

struct PeriodStats {
    mean: Option<f64>,
    counts: Vec<usize>,
    share_rows: Vec<GridShareRowCtx>,
}

/// The mean score, the counts at each grade and each criterion's shares of a period.
fn period_stats(site: &Site, fid: FrameworkId, returns: &[AuditId]) -> PeriodStats {
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
fn grid(
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

fn grid_page_links(site: &Site, fid: FrameworkId, period: &str, returns: &[AuditId]) -> Vec<Link> {
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
                    status_label: act.status.label(),
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

#[cfg(test)]
mod tests {
    use super::one_decimal_down;

    #[test]
    fn scores_are_shown_rounded_down_like_their_labels() {
        assert_eq!(one_decimal_down(74.96), "74.9");
        assert_eq!(one_decimal_down(75.0), "75.0");
        assert_eq!(one_decimal_down(81.25), "81.2");
        assert_eq!(one_decimal_down(5.0 / 3.0), "1.6");
        assert_eq!(one_decimal_down(2.9999999999999996), "3.0");
        assert_eq!(one_decimal_down(0.0), "0.0");
        assert_eq!(one_decimal_down(74.999999975), "74.9");
    }
}
