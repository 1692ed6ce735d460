//! Figures over time, pure: performance indicators (`kind: indicators`) and training
//! compliance (`kind: training`), defined in YAML with their data in CSV files.
//! No HTML; nothing imported from `content`, `site` or `render`.
//!
//! - `table.rs` reads a CSV file as spreadsheets save it, each cell with its place;
//! - `period.rs` quarters, months and financial years, in time order;
//! - `rules.rs` units, directions, measures, status against target and amber, and
//!   rounding that never flatters;
//! - `cells.rs` numbers and organisations in cells; `observe.rs` an indicator set's
//!   rows, every problem at its cell; `series.rs` its figures (years rolled up by the
//!   measure, totals where figures add); `training.rs` training data and its totals;
//! - `figure.rs` a figure, and the figure as a build shows it (small numbers
//!   protected in a public build).

pub mod cells;
pub mod export;
pub mod figure;
pub mod indicators;
pub mod observe;
pub mod period;
pub mod rules;
pub mod series;
pub mod table;
pub mod training;

use cells::Bodies;
use figure::{Figure, Meaning, Shown, Smalls, present};
use indicators::Indicator;
use indicators::IndicatorSet;
use observe::DataFile;
use period::PeriodKind;
use rules::{Measure, Unit};
use training::{Training, TrainingSet};

use crate::diagnostics::Diagnostic;
use crate::organisations::Directory;

/// An indicator set with its figures.
#[derive(Debug)]
pub struct IndicatorData {
    pub set: IndicatorSet,
    pub bodies: Bodies,
    /// The body indices in order of id.
    pub order: Vec<usize>,
    pub kind: Option<PeriodKind>,
    /// Each indicator's figures, in the set's order.
    pub series: Vec<Vec<Figure>>,
    /// The same figures as this build shows them (small numbers protected in a
    /// public build): what every page, chart and download shows.
    pub shown: Vec<Vec<Shown>>,
    /// The observations, for totals over a partnership's members.
    pub observations: observe::Observations,
    /// Where each series lies in each indicator's figures.
    pub runs: Vec<series::Runs>,
}

impl IndicatorData {
    /// The figures of `who` (a body, or `None` for the total) for indicator `i`.
    pub fn series_of(&self, i: usize, who: Option<usize>) -> std::ops::Range<usize> {
        series::run(&self.runs[i], who)
    }
}

/// Reads an indicator set's files and makes its figures.
pub fn indicators(
    set: IndicatorSet,
    files: &[DataFile<'_>],
    dir: Option<&Directory>,
    smalls: Option<Smalls>,
) -> (IndicatorData, Vec<Diagnostic>) {
    let mut bodies = Bodies::default();
    let (obs, problems) = observe::read(&set, files, &mut bodies, dir);
    let order = bodies.sorted();
    let kind = obs.kind;
    let by_indicator = &obs.by_indicator;
    let series = set
        .indicators
        .value
        .iter()
        .zip(by_indicator)
        .map(|(i, o)| {
            series::figures(
                o,
                &order,
                (
                    kind.unwrap_or(PeriodKind::Quarter),
                    i.value.measure,
                    i.value.unit,
                ),
                |b| !bodies.list[b].partnership,
            )
        })
        .collect::<Vec<_>>();
    let shown: Vec<Vec<Shown>> = set
        .indicators
        .value
        .iter()
        .zip(&series)
        .map(|(i, figures)| present_indicator(&i.value, figures, smalls))
        .collect();
    let mut problems = problems;
    let mut series = series;
    problems.extend(withhold_notes(&mut series, &shown, &obs, files));
    let runs = series.iter().map(|f| series::runs(f)).collect();
    (
        IndicatorData {
            set,
            bodies,
            order,
            kind,
            series,
            shown,
            observations: obs,
            runs,
        },
        problems,
    )
}

/// Training compliance with its figures.
#[derive(Debug)]
pub struct TrainingData {
    pub set: TrainingSet,
    pub bodies: Bodies,
    pub training: Training,
    /// Its figures as this build shows them.
    pub shown: Vec<Shown>,
    /// Each organisation's own figures (its totals, and by strand and level).
    pub of_body: std::collections::HashMap<usize, Vec<usize>>,
}

/// Reads a training dataset's files and makes its figures.
pub fn training(
    set: TrainingSet,
    files: &[DataFile<'_>],
    dir: Option<&Directory>,
    smalls: Option<Smalls>,
) -> (TrainingData, Vec<Diagnostic>) {
    let mut bodies = Bodies::default();
    let (training, problems) = training::read(&set, files, &mut bodies, dir);
    let shown = present_training(&set, &training, smalls);
    let mut of_body: std::collections::HashMap<usize, Vec<usize>> = Default::default();
    for (k, b) in training.about.iter().enumerate() {
        if let (Some(o), None) = (b.org, b.group) {
            of_body.entry(o).or_default().push(k);
        }
    }
    (
        TrainingData {
            set,
            bodies,
            training,
            shown,
            of_body,
        },
        problems,
    )
}

/// A note beside a figure hidden to protect small numbers could give the number away
/// ("one review took longer"): it is left out of the build, with a warning at it.
fn withhold_notes(
    series: &mut [Vec<Figure>],
    shown: &[Vec<Shown>],
    obs: &observe::Observations,
    files: &[DataFile<'_>],
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (i, figures) in series.iter_mut().enumerate() {
        for (f, s) in figures.iter_mut().zip(&shown[i]) {
            if !s.withheld || f.note.is_none() {
                continue;
            }
            f.note = None;
            let at = f
                .who
                .and_then(|w| obs.by_indicator[i].get(&(w, f.period))?.note_at);
            if let Some((file, line, col)) = at
                && let Some(file) = files.get(file)
            {
                warnings.push(
                    Diagnostic::warning(
                        file.path,
                        "this note is left out of the public build, since its figure is hidden to protect small numbers and a note could give the number away: say it in the page's text, in a way that names no count, if it matters",
                    )
                    .at_line_col(file.text, line, col),
                );
            }
        }
    }
    warnings
}

/// An indicator's figures as shown.
pub fn present_indicator(i: &Indicator, figures: &[Figure], smalls: Option<Smalls>) -> Vec<Shown> {
    let judge = i.judge();
    let j = move |_: usize| judge;
    let meaning = Meaning {
        unit: i.unit,
        ratio: i.measure == Measure::Ratio,
        judge: &j,
    };
    present(figures, meaning, smalls)
}

/// Training figures as shown, each judged against its own target.
pub fn present_training(set: &TrainingSet, t: &Training, smalls: Option<Smalls>) -> Vec<Shown> {
    let base = set.judge();
    let j = |i: usize| rules::Judge {
        target: t.targets[i],
        ..base
    };
    let meaning = Meaning {
        unit: Unit::Percent,
        ratio: true,
        judge: &j,
    };
    present(&t.figures, meaning, smalls)
}
