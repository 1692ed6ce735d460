//! Figures on the registry's pages: an organisation's (or partnership's) own latest
//! figures in each dataset, and on a partnership's page its members' figures added
//! together where figures add. Every figure is one the build shows, protected in a
//! public build like any other.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Format, StatusCtx};
use crate::figures::figure::{Figure, Shown};
use crate::figures::indicators::IndicatorSet;
use crate::figures::observe::Observation;
use crate::figures::period::Period;
use crate::figures::rules::{Judge, Unit};
use crate::figures::series;
use crate::figures::training::{Breakdown, totals_over};
use crate::figures::{IndicatorData, TrainingData, present_indicator, present_training};
use crate::site::{Figures, FiguresPage, Site};

/// One dataset's figures about one body (or a partnership's members).
#[derive(Serialize)]
pub struct HeldCtx {
    pub title: String,
    pub url: String,
    pub training: bool,
    pub rows: Vec<HeldRowCtx>,
}

#[derive(Serialize)]
pub struct HeldRowCtx {
    pub label: String,
    pub url: Option<String>,
    pub period: String,
    pub value: String,
    pub numerator: String,
    pub denominator: String,
    pub target: Option<String>,
    pub status: Option<StatusCtx>,
    pub change: String,
}

fn held_row(
    format: &Format,
    label: String,
    url: Option<String>,
    f: &Figure,
    s: &Shown,
) -> HeldRowCtx {
    let c = format.figure(s);
    HeldRowCtx {
        label,
        url,
        period: f.period.to_string(),
        value: c.value,
        numerator: c.numerator,
        denominator: c.denominator,
        target: format.judge.target.map(|t| format.number(t)),
        status: c.status,
        change: c.change,
    }
}

/// The latest period figures of the body with id `id`, in each dataset naming it.
pub fn figures_of(site: &Site, id: &str) -> Vec<HeldCtx> {
    site.figures
        .iter()
        .filter_map(|page| {
            let (bodies, training) = match &page.data {
                Figures::Indicators(d) => (&d.bodies, false),
                Figures::Training(d) => (&d.bodies, true),
            };
            let b = bodies.index_of(id)?;
            let rows = match &page.data {
                Figures::Indicators(d) => {
                    let own = Series {
                        series: &d.series,
                        shown: &d.shown,
                        runs: &d.runs,
                    };
                    indicator_rows(site, page, &d.set, own, Some(b))
                }
                Figures::Training(d) => {
                    let ks = d.of_body.get(&b).map_or(&[][..], Vec::as_slice);
                    training_rows(
                        site,
                        d,
                        &d.training.figures,
                        &d.training.about,
                        &d.shown,
                        &d.training.targets,
                        ks,
                    )
                }
            };
            held(site, page, training, rows)
        })
        .collect()
}

fn held(site: &Site, page: &FiguresPage, training: bool, rows: Vec<HeldRowCtx>) -> Option<HeldCtx> {
    (!rows.is_empty()).then(|| HeldCtx {
        title: site.pages[page.page].title.clone(),
        url: site.pages[page.page].url.clone(),
        training,
        rows,
    })
}

/// An indicator set's figures: the set's own, or its members' totals.
struct Series<'a> {
    series: &'a [Vec<Figure>],
    shown: &'a [Vec<Shown>],
    runs: &'a [series::Runs],
}

/// Each indicator's latest period figure of `who` (a body, or the total).
fn indicator_rows(
    site: &Site,
    page: &FiguresPage,
    set: &IndicatorSet,
    d: Series<'_>,
    who: Option<usize>,
) -> Vec<HeldRowCtx> {
    let public = site.smalls().is_some();
    let url = &site.pages[page.page].url;
    set.indicators
        .value
        .iter()
        .enumerate()
        .filter_map(|(i, ind)| {
            let ind = &ind.value;
            let figures = &d.series[i];
            let k = series::run(&d.runs[i], who)
                .rev()
                .find(|&k| !figures[k].year)?;
            let format = Format {
                unit: ind.unit,
                judge: ind.judge(),
                public,
            };
            Some(held_row(
                &format,
                ind.title.clone(),
                Some(format!("{url}#indicator-{}", ind.key())),
                &figures[k],
                &d.shown[i][k],
            ))
        })
        .collect()
}

/// The latest period's rows among `ks`: all staff first, then by strand and level.
fn training_rows(
    site: &Site,
    d: &TrainingData,
    figures: &[Figure],
    about: &[Breakdown],
    shown: &[Shown],
    targets: &[Option<Decimal>],
    ks: &[usize],
) -> Vec<HeldRowCtx> {
    let Some(latest) = ks.iter().map(|&k| figures[k].period).max() else {
        return Vec::new();
    };
    let public = site.smalls().is_some();
    let judge = d.set.judge();
    let strands: Vec<&str> = d.set.strands.value.iter().map(|s| s.value.trim()).collect();
    let mut rows: Vec<(bool, HeldRowCtx)> = ks
        .iter()
        .filter(|&&k| figures[k].period == latest)
        .map(|&k| {
            let b = &about[k];
            let label = match (b.strand, b.level) {
                (Some(s), Some(l)) => super::training::strand_level(strands[s], l),
                _ => "All staff".to_string(),
            };
            let format = Format {
                unit: Unit::Percent,
                judge: Judge {
                    target: targets[k],
                    ..judge
                },
                public,
            };
            (
                b.strand.is_some(),
                held_row(&format, label, None, &figures[k], &shown[k]),
            )
        })
        .collect();
    rows.sort_by_key(|(detail, _)| *detail);
    rows.into_iter().map(|(_, r)| r).collect()
}

/// A partnership's members' figures added together, in each dataset where two or
/// more of them report and figures add.
pub fn member_totals(site: &Site, members: &[&str]) -> Vec<HeldCtx> {
    site.figures
        .iter()
        .filter_map(|page| {
            let bodies = match &page.data {
                Figures::Indicators(d) => &d.bodies,
                Figures::Training(d) => &d.bodies,
            };
            let mut ours: Vec<usize> = members.iter().filter_map(|m| bodies.index_of(m)).collect();
            ours.sort_unstable();
            if ours.len() < 2 {
                return None;
            }
            let rows = match &page.data {
                Figures::Indicators(d) => indicator_totals(site, page, d, &ours),
                Figures::Training(d) => training_totals(site, d, &ours),
            };
            held(site, page, matches!(page.data, Figures::Training(_)), rows)
        })
        .collect()
}

fn indicator_totals(
    site: &Site,
    page: &FiguresPage,
    d: &IndicatorData,
    ours: &[usize],
) -> Vec<HeldRowCtx> {
    let kind = d
        .kind
        .unwrap_or(crate::figures::period::PeriodKind::Quarter);
    let mut series_of = Vec::new();
    let mut shown_of = Vec::new();
    for (i, ind) in d.set.indicators.value.iter().enumerate() {
        let ind = &ind.value;
        let obs: BTreeMap<(usize, Period), Observation> = d.observations.by_indicator[i]
            .iter()
            .filter(|((b, _), _)| ours.contains(b))
            .map(|(k, o)| (*k, o.clone()))
            .collect();
        let figures = if series::adds(ind.measure, ind.unit) {
            series::figures(&obs, ours, (kind, ind.measure, ind.unit), |_| true)
        } else {
            Vec::new()
        };
        shown_of.push(present_indicator(ind, &figures, site.smalls()));
        series_of.push(figures);
    }
    let runs: Vec<series::Runs> = series_of.iter().map(|f| series::runs(f)).collect();
    let totals = Series {
        series: &series_of,
        shown: &shown_of,
        runs: &runs,
    };
    indicator_rows(site, page, &d.set, totals, None)
}

/// The members' training rows added together: all staff, and by strand and level.
fn training_totals(site: &Site, d: &TrainingData, ours: &[usize]) -> Vec<HeldRowCtx> {
    let t = totals_over(&d.training, &d.bodies, d.set.judge().target, |o| {
        ours.contains(&o)
    });
    let shown = present_training(&d.set, &t, site.smalls());
    let ks: Vec<usize> = (0..t.figures.len())
        .filter(|&k| t.about[k].org.is_none() && t.about[k].group.is_none())
        .collect();
    training_rows(site, d, &t.figures, &t.about, &shown, &t.targets, &ks)
}
