//! An indicator's figures: each organisation's periods and years, and totals where
//! figures add (SPEC "Indicators"; the design is in ARCHITECTURE.md).
//!
//! Invariant: a year is made from its periods by the indicator's measure, never by
//! averaging percentages: a ratio adds numerators and denominators, then divides.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use rust_decimal::Decimal;

use super::figure::Figure;
use super::observe::Observation;
use super::period::{Period, PeriodKind};
use super::rules::{Measure, Unit, percent};

/// Whether an indicator's figures add up across organisations into a total.
pub fn adds(measure: Measure, unit: Unit) -> bool {
    match measure {
        Measure::Ratio | Measure::Sum => true,
        Measure::Last => unit == Unit::Count,
        Measure::Mean => false,
    }
}

/// The figures of one indicator: for each body in `order` (ids sorted), its periods
/// in time order, each year's roll-up after its periods; then the totals, where
/// figures add and more than one body `in_total` reports. A partnership's own figures
/// are never in a total: its members' would be counted twice.
pub fn figures(
    obs: &BTreeMap<(usize, Period), Observation>,
    order: &[usize],
    (kind, measure, unit): (PeriodKind, Measure, Unit),
    in_total: impl Fn(usize) -> bool,
) -> Vec<Figure> {
    let mut by_body: HashMap<usize, Vec<(Period, &Observation)>> = HashMap::new();
    for ((b, p), o) in obs {
        by_body.entry(*b).or_default().push((*p, o));
    }
    let mut out = Vec::new();
    let mut years_of: Vec<BTreeMap<Period, Figure>> = Vec::new();
    for &b in order {
        let Some(periods) = by_body.get(&b) else {
            continue;
        };
        let mut years = BTreeMap::new();
        series(Some(b), periods, kind, measure, &mut out, &mut years);
        if in_total(b) {
            years_of.push(years);
        }
    }
    if adds(measure, unit) && years_of.len() > 1 {
        let obs: BTreeMap<(usize, Period), Observation> = obs
            .iter()
            .filter(|((b, _), _)| in_total(*b))
            .map(|(k, o)| (*k, o.clone()))
            .collect();
        let obs = &obs;
        let total = totals(obs, measure);
        let refs: Vec<(Period, &Observation)> = total.iter().map(|(p, o)| (*p, o)).collect();
        let mut years = BTreeMap::new();
        let start = out.len();
        series(None, &refs, kind, measure, &mut out, &mut years);
        // Who made each total: for a period, the bodies with a figure for it; for a
        // year, those with a figure in any of its periods.
        let mut cohorts: BTreeMap<(Period, bool), Vec<usize>> = BTreeMap::new();
        for (b, p) in obs.keys() {
            for key in [(*p, false), (p.financial_year(), true)] {
                let c = cohorts.entry(key).or_default();
                if !c.contains(b) {
                    c.push(*b);
                }
            }
        }
        for f in out[start..].iter_mut() {
            let mut c = cohorts.remove(&(f.period, f.year)).unwrap_or_default();
            c.sort_unstable();
            f.cohort = Some(c.into());
        }
        // A count at the end of a period, over a year: each body's own latest, added.
        if measure == Measure::Last {
            for f in out[start..].iter_mut().filter(|f| f.year) {
                let sum: Decimal = years_of
                    .iter()
                    .filter_map(|y| y.get(&f.period)?.value)
                    .sum();
                f.value = Some(sum);
            }
        }
    }
    link(&mut out);
    out
}

/// One series' period figures and year roll-ups, appended to `out`.
fn series(
    who: Option<usize>,
    periods: &[(Period, &Observation)],
    kind: PeriodKind,
    measure: Measure,
    out: &mut Vec<Figure>,
    years: &mut BTreeMap<Period, Figure>,
) {
    let mut i = 0;
    while i < periods.len() {
        let fy = periods[i].0.financial_year();
        let mut j = i;
        while j < periods.len() && periods[j].0.financial_year() == fy {
            j += 1;
        }
        let year = &periods[i..j];
        for (p, o) in year {
            out.push(Figure {
                who,
                period: *p,
                year: false,
                value: o.value,
                numerator: o.numerator,
                denominator: o.denominator,
                periods: None,
                note: o.note.clone(),
                previous: None,
                year_before: None,
                cohort: None,
            });
        }
        if kind != PeriodKind::Year {
            let f = roll_up(who, fy, year, kind, measure);
            years.insert(fy, f.clone());
            out.push(f);
        }
        i = j;
    }
}

/// A year's figure from its periods (at least one), by the measure.
fn roll_up(
    who: Option<usize>,
    fy: Period,
    year: &[(Period, &Observation)],
    kind: PeriodKind,
    measure: Measure,
) -> Figure {
    let values = || year.iter().filter_map(|(_, o)| o.value);
    let (value, numerator, denominator) = match measure {
        Measure::Ratio => {
            let n: u64 = year.iter().filter_map(|(_, o)| o.numerator).sum();
            let d: u64 = year.iter().filter_map(|(_, o)| o.denominator).sum();
            (percent(n, d), Some(n), Some(d))
        }
        Measure::Sum => (Some(values().sum()), None, None),
        Measure::Mean => {
            let n = values().count();
            let sum: Decimal = values().sum();
            ((n > 0).then(|| sum / Decimal::from(n)), None, None)
        }
        Measure::Last => (year.last().and_then(|(_, o)| o.value), None, None),
    };
    Figure {
        who,
        period: fy,
        year: true,
        value,
        numerator,
        denominator,
        periods: Some((year.len() as u8, kind.per_year())),
        note: None,
        previous: None,
        year_before: None,
        cohort: None,
    }
}

/// Each period's total over bodies: numerators and denominators, or values, added.
fn totals(
    obs: &BTreeMap<(usize, Period), Observation>,
    measure: Measure,
) -> BTreeMap<Period, Observation> {
    let mut total: BTreeMap<Period, Observation> = BTreeMap::new();
    for ((_, p), o) in obs {
        let t = total.entry(*p).or_insert(Observation {
            value: Some(Decimal::ZERO),
            numerator: (measure == Measure::Ratio).then_some(0),
            denominator: (measure == Measure::Ratio).then_some(0),
            note: None,
            note_at: None,
        });
        if measure == Measure::Ratio {
            t.numerator = Some(t.numerator.unwrap_or(0) + o.numerator.unwrap_or(0));
            t.denominator = Some(t.denominator.unwrap_or(0) + o.denominator.unwrap_or(0));
            t.value = percent(t.numerator.unwrap_or(0), t.denominator.unwrap_or(0));
        } else {
            t.value = Some(t.value.unwrap_or_default() + o.value.unwrap_or_default());
        }
    }
    total
}

/// Each figure's previous period and same period a year before, in its own series.
pub fn link(figures: &mut [Figure]) {
    let at: HashMap<(Option<usize>, Period, bool), usize> = figures
        .iter()
        .enumerate()
        .map(|(i, f)| ((f.who, f.period, f.year), i))
        .collect();
    for f in figures.iter_mut() {
        f.previous = at.get(&(f.who, f.period.previous(), f.year)).copied();
        f.year_before = f
            .period
            .year_before()
            .and_then(|p| at.get(&(f.who, p, f.year)).copied());
    }
}

/// Where each series (an organisation's, or the total's) lies in a list of figures,
/// which holds each series in one run.
pub type Runs = HashMap<Option<usize>, Range<usize>>;

/// The figures of `who` (a body, or `None` for the total) in a list `runs` describes.
pub fn run(runs: &Runs, who: Option<usize>) -> Range<usize> {
    runs.get(&who).cloned().unwrap_or(0..0)
}

pub fn runs(figures: &[Figure]) -> Runs {
    let mut out: Runs = HashMap::new();
    for (k, f) in figures.iter().enumerate() {
        out.entry(f.who)
            .and_modify(|r| r.end = k + 1)
            .or_insert(k..k + 1);
    }
    out
}
