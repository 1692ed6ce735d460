//! An indicator set's page: what the set covers, a summary of each indicator's
//! latest figure, then each indicator with its chart and its table.

use serde::Serialize;

use super::chart::{self, Point};
use super::{FigureCtx, Format, MANY, StatusCtx, body_url, kind_words, public_note};
use crate::figures::IndicatorData;
use crate::figures::figure::{Figure, Shown};
use crate::figures::indicators::Indicator;
use crate::figures::period::Period;
use crate::figures::rules::{Better, Measure, Unit};
use crate::render::context::Link;
use crate::site::Site;

#[derive(Serialize)]
pub struct IndicatorsCtx {
    pub id: String,
    pub description: Option<String>,
    /// `quarter`, `month` or `financial year`.
    pub period_kind: &'static str,
    pub first_period: Option<String>,
    pub last_period: Option<String>,
    pub organisations: usize,
    pub public_note: Option<String>,
    pub downloads: Vec<Link>,
    pub indicators: Vec<IndicatorCtx>,
}

#[derive(Serialize)]
pub struct IndicatorCtx {
    pub id: String,
    /// The anchor of its section.
    pub anchor: String,
    pub title: String,
    pub unit: &'static str,
    pub better: &'static str,
    /// How its year is made, in words.
    pub measure: &'static str,
    pub target: Option<String>,
    pub amber: Option<String>,
    pub definition: Option<String>,
    pub owner: Option<String>,
    /// Whose figures the chart and table show: the total, or the one organisation.
    pub headline: Option<String>,
    pub ratio: bool,
    /// The latest period's figure of the headline, for the summary.
    pub latest: Option<RowCtx>,
    pub chart: Option<String>,
    /// Why there is no chart, where there is none.
    pub no_chart: Option<String>,
    /// How many organisations report it.
    pub organisations: usize,
    pub rows: Vec<RowCtx>,
    /// Each organisation's latest period and year (when there are not too many).
    pub by_organisation: Vec<OrgRowCtx>,
    /// How organisations spread against the target in the latest period.
    pub spread: Vec<SpreadCtx>,
    pub spread_period: Option<String>,
}

#[derive(Clone, Serialize)]
pub struct RowCtx {
    pub period: String,
    /// The period in words (`April to June 2025`), for its header cell.
    pub words: String,
    pub year: bool,
    /// For a year made from fewer periods than it has: `3 of 4 quarters`.
    pub partial: Option<String>,
    pub note: Option<String>,
    #[serde(flatten)]
    pub figure: FigureCtx,
}

#[derive(Serialize)]
pub struct OrgRowCtx {
    pub id: String,
    pub name: String,
    pub url: Option<String>,
    pub latest: Option<RowCtx>,
    pub year: Option<RowCtx>,
    /// Every figure of its own, periods and years.
    pub rows: Vec<RowCtx>,
}

#[derive(Serialize)]
pub struct SpreadCtx {
    pub status: Option<StatusCtx>,
    pub words: &'static str,
    pub count: usize,
}

pub fn indicators_ctx(site: &Site, data: &IndicatorData, url: &str) -> IndicatorsCtx {
    let smalls = site.smalls();
    let periods: Vec<Period> = data
        .series
        .iter()
        .flatten()
        .filter(|f| !f.year)
        .map(|f| f.period)
        .collect();
    let indicators = data
        .set
        .indicators
        .value
        .iter()
        .enumerate()
        .map(|(n, _)| indicator_ctx(site, data, n, smalls.is_some()))
        .collect();
    IndicatorsCtx {
        id: data.set.key().to_string(),
        description: data.set.description.clone(),
        period_kind: kind_words(data.kind),
        first_period: periods.iter().min().map(|p| p.to_string()),
        last_period: periods.iter().max().map(|p| p.to_string()),
        organisations: data.bodies.list.len(),
        public_note: public_note(site),
        downloads: downloads(url, "indicators"),
        indicators,
    }
}

pub fn downloads(url: &str, stem: &str) -> Vec<Link> {
    vec![
        Link {
            title: format!("{stem}.csv (for a spreadsheet)"),
            url: format!("{url}{stem}.csv"),
        },
        Link {
            title: format!("{stem}.json (for other tools)"),
            url: format!("{url}{stem}.json"),
        },
    ]
}

fn indicator_ctx(site: &Site, data: &IndicatorData, n: usize, public: bool) -> IndicatorCtx {
    let i: &Indicator = &data.set.indicators.value[n].value;
    let (figures, shown) = (&data.series[n], &data.shown[n]);
    let judge = i.judge();
    let format = Format {
        unit: i.unit,
        judge,
        public,
    };
    // The headline: the total where figures add, else the one organisation.
    let mut whose: Vec<Option<usize>> = figures.iter().map(|f| f.who).collect();
    whose.dedup();
    let headline = headline_of(&whose);
    let row = |k: usize| row_ctx(&format, &figures[k], &shown[k], data.kind);
    let series: Vec<usize> = match headline {
        Some(h) => data.series_of(n, h).collect(),
        None => Vec::new(),
    };
    let rows: Vec<RowCtx> = series.iter().map(|&k| row(k)).collect();
    let latest = series
        .iter()
        .rev()
        .find(|&&k| !figures[k].year)
        .map(|&k| row(k));
    let headline_name = headline.map(|h| match h {
        None => format!("All {} organisations together", whose.len() - 1),
        Some(b) => data.bodies.list[b].name.clone(),
    });
    let chart =
        (!series.is_empty()).then(|| chart_of(i, &format, figures, shown, &series, &headline_name));
    let bodies: Vec<usize> = data
        .order
        .iter()
        .copied()
        .filter(|b| whose.contains(&Some(*b)))
        .collect();
    let no_chart = series.is_empty().then(|| no_chart_words(bodies.len()));
    let mut by_organisation = Vec::new();
    let mut spread = Vec::new();
    let last_period = figures.iter().filter(|f| !f.year).map(|f| f.period).max();
    if bodies.len() > 1 {
        if bodies.len() <= MANY {
            by_organisation = by_organisation_rows(site, data, n, &bodies, &row);
        }
        if let Some(p) = last_period.filter(|_| judge.target.is_some()) {
            spread = spread_of(data, n, shown, &bodies, p);
        }
    }
    IndicatorCtx {
        id: i.key().to_string(),
        anchor: format!("indicator-{}", i.key()),
        title: i.title.clone(),
        unit: i.unit.as_str(),
        better: better_words(i.better),
        measure: measure_words(i.measure),
        target: judge.target.map(|t| format.number(t)),
        amber: judge.amber.map(|a| format.number(a)),
        definition: i.definition.clone(),
        owner: i.owner.clone(),
        headline: headline_name,
        ratio: i.measure == Measure::Ratio,
        latest,
        chart,
        no_chart,
        organisations: bodies.len(),
        rows,
        by_organisation,
        spread_period: (!spread.is_empty())
            .then(|| last_period.map(|p| p.to_string()))
            .flatten(),
        spread,
    }
}

/// Whose figures head an indicator: `Some(None)` for the total where figures add,
/// `Some(b)` for its one organisation, `None` for neither.
fn headline_of(whose: &[Option<usize>]) -> Option<Option<usize>> {
    if whose.contains(&None) {
        Some(None)
    } else if whose.len() == 1 {
        Some(whose[0])
    } else {
        None
    }
}

/// What is said in place of a chart when the organisations' figures are not added.
fn no_chart_words(bodies: usize) -> String {
    let below = if bodies <= MANY {
        "each organisation's figures are below"
    } else {
        "how the organisations compare with the target is below, and each one's figures are on its page and in the downloads"
    };
    format!(
        "The organisations' figures are not added together for this indicator (its year is a mean, or a figure at a point in time), so there is no chart of a total: {below}."
    )
}

/// Each organisation's own rows of indicator `n`, with its latest period and its year.
fn by_organisation_rows(
    site: &Site,
    data: &IndicatorData,
    n: usize,
    bodies: &[usize],
    row: &impl Fn(usize) -> RowCtx,
) -> Vec<OrgRowCtx> {
    let i: &Indicator = &data.set.indicators.value[n].value;
    let figures = &data.series[n];
    let mut rows = Vec::new();
    for &b in bodies {
        let own: Vec<usize> = data.series_of(n, Some(b)).collect();
        let body = &data.bodies.list[b];
        rows.push(OrgRowCtx {
            id: format!(
                "{}-{}",
                i.key(),
                crate::content::slug::url_segment(&body.id)
            ),
            rows: own.iter().map(|&k| row(k)).collect(),
            name: body.name.clone(),
            url: body_url(site, body),
            latest: own
                .iter()
                .rev()
                .find(|&&k| !figures[k].year)
                .map(|&k| row(k)),
            year: own
                .iter()
                .rev()
                .find(|&&k| figures[k].year)
                .map(|&k| row(k)),
        });
    }
    rows
}

/// Which way an indicator is better, as its page says it.
fn better_words(better: Better) -> &'static str {
    match better {
        Better::Higher => "Higher is better",
        Better::Lower => "Lower is better",
    }
}

/// How an indicator's year is made from its periods.
fn measure_words(measure: Measure) -> &'static str {
    match measure {
        Measure::Ratio => "the numerators and denominators of its periods added, then divided",
        Measure::Sum => "the sum of its periods",
        Measure::Mean => "the mean of its periods",
        Measure::Last => "its latest period",
    }
}

pub(super) fn row_ctx(
    format: &Format,
    f: &Figure,
    s: &Shown,
    kind: Option<crate::figures::period::PeriodKind>,
) -> RowCtx {
    let partial = f
        .periods
        .filter(|(n, of)| n < of)
        .map(|(n, of)| format!("{n} of {of} {}", kind.map_or("quarters", |k| k.plural())));
    RowCtx {
        period: f.period.to_string(),
        words: f.period.words(),
        year: f.year,
        partial,
        note: f.note.clone(),
        figure: format.figure(s),
    }
}

fn chart_of(
    i: &Indicator,
    format: &Format,
    figures: &[Figure],
    shown: &[Shown],
    series: &[usize],
    headline: &Option<String>,
) -> String {
    let mut last_year = None;
    let periods: Vec<usize> = series
        .iter()
        .copied()
        .filter(|&k| !figures[k].year)
        .collect();
    let points: Vec<Point> = periods
        .iter()
        .map(|&k| {
            let p = figures[k].period;
            let fy = p.financial_year();
            let year = (last_year != Some(fy)).then(|| fy.to_string());
            last_year = Some(fy);
            Point {
                label: p.short(),
                year: year.filter(|_| p.kind != crate::figures::period::PeriodKind::Year),
                value: format.height(&shown[k]),
                text: format.value(&shown[k]),
            }
        })
        .collect();
    let max = points.iter().filter_map(|p| p.value).fold(0.0, f64::max);
    let max = if i.unit == Unit::Percent { 100.0 } else { max };
    let target = format.judge.target.map(|t| {
        (
            crate::assurance::number::to_f64(t),
            format!("Target {}", format.number(t)),
        )
    });
    let whose = headline.clone().unwrap_or_default();
    let description = format!(
        "{} for {whose}, by period: {}.{}",
        i.title,
        points
            .iter()
            .zip(&periods)
            .map(|(p, &k)| format!(
                "{} {}",
                figures[k].period,
                if p.text.is_empty() { "none" } else { &p.text }
            ))
            .collect::<Vec<_>>()
            .join(", "),
        format.judge.target.map_or(String::new(), |t| format!(
            " The target is {}.",
            format.number(t)
        ))
    );
    chart::line(
        &format!("chart-{}", i.key()),
        &i.title,
        &description,
        &points,
        max,
        target,
    )
}

/// How the organisations' figures of period `p` stand against the target.
fn spread_of(
    data: &IndicatorData,
    n: usize,
    shown: &[Shown],
    bodies: &[usize],
    p: Period,
) -> Vec<SpreadCtx> {
    let figures = &data.series[n];
    let statuses = bodies.iter().map(|&b| {
        data.series_of(n, Some(b))
            .find(|&k| figures[k].period == p && !figures[k].year)
            .and_then(|k| shown[k].status)
    });
    super::spread(statuses, "No figure for this period, or left out")
}
