//! `kind: indicators`: a set of performance indicators, defined in YAML, with their
//! observations in CSV files beside it. This file types and checks the definitions.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::rules::{Better, Judge, Measure, Unit};
use crate::assurance::number::{Written, exact};
use crate::config::Visibility;
use crate::diagnostics::Diagnostic;
use crate::yaml::{Pos, YamlSource, key_pos, pos, top_value_pos};

/// `kind: indicators`: performance indicators reported over periods, such as a
/// partnership's quarterly figures.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "A set of performance indicators")]
pub struct IndicatorSet {
    /// `indicators`: this document defines a set of indicators.
    #[allow(dead_code)]
    #[schemars(extend("const" = "indicators"))]
    kind: String,
    /// A short name for the set, in lower case letters, digits and hyphens
    /// (`partnership-kpis`); embedding blocks and downloads name it.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The set's page title.
    pub title: String,
    /// A few words shown at the top of its page.
    #[serde(default)]
    pub description: Option<String>,
    /// `public` or `private`. A public build shows a public set's figures with small
    /// numbers protected.
    #[serde(default)]
    pub visibility: Option<Visibility>,
    /// Orders the page among its section's pages (lower first).
    #[serde(default)]
    pub weight: Option<i64>,
    /// The CSV file of observations, or a list of them, beside this file
    /// (`kpis-2025-26.csv`). Columns: `indicator`, `organisation`, `period`, then
    /// `value`, or `numerator` and `denominator` for a ratio, and optionally `note`.
    #[schemars(with = "DataFiles")]
    pub data: Spanned<DataFiles>,
    /// Each indicator of the set, in the order pages show them.
    #[schemars(with = "Vec<Indicator>")]
    pub indicators: Spanned<Vec<Spanned<Indicator>>>,
}

/// One CSV file, or a list of them.
#[derive(Clone, Debug, JsonSchema)]
#[serde(untagged)]
pub enum DataFiles {
    /// The name of one CSV file beside this one (`kpis-2025-26.csv`).
    One(String),
    /// The names of several CSV files beside this one, such as one a year.
    Many(Vec<String>),
}

/// Read by hand rather than `untagged`, so that a value of the wrong kind
/// (`data: 5`, `data: {a: b}`) is told in words: what `data` should be.
impl<'de> Deserialize<'de> for DataFiles {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<DataFiles, D::Error> {
        struct Files;
        impl<'de> serde::de::Visitor<'de> for Files {
            type Value = DataFiles;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the name of a CSV file, or a list of them")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DataFiles, E> {
                Ok(DataFiles::One(v.to_string()))
            }
            // A bare number or `true` is a file name this tool cannot read, which
            // the checks of `data` say at its place.
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<DataFiles, E> {
                Ok(DataFiles::One(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<DataFiles, E> {
                Ok(DataFiles::One(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<DataFiles, E> {
                Ok(DataFiles::One(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<DataFiles, E> {
                Ok(DataFiles::One(v.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<DataFiles, A::Error> {
                let mut files = Vec::new();
                while let Some(f) = seq.next_element::<String>()? {
                    files.push(f);
                }
                Ok(DataFiles::Many(files))
            }
        }
        d.deserialize_any(Files)
    }
}

impl DataFiles {
    pub fn files(&self) -> Vec<&str> {
        match self {
            DataFiles::One(f) => vec![f.as_str()],
            DataFiles::Many(fs) => fs.iter().map(String::as_str).collect(),
        }
    }
}

/// One indicator.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// A short name, in lower case letters, digits and hyphens (`iha-20-days`): the CSV's
    /// `indicator` column names it.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// What it measures, as a heading (`Initial health assessments within 20 working
    /// days`).
    pub title: String,
    /// `percent`, `count` (of people or events: protected in public builds), `number`
    /// or `days`.
    pub unit: Unit,
    /// `higher` or `lower`: which way is better.
    pub better: Better,
    /// How a year is made from its periods: `ratio` (numerators and denominators
    /// added, then divided), `sum`, `mean` or `last` (the latest period).
    pub measure: Measure,
    /// The figure to meet (for `higher`, at or above it; for `lower`, at or below).
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub target: Option<Spanned<Written>>,
    /// Between the target and this is amber; beyond it, red. Needs a `target`.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub amber: Option<Spanned<Written>>,
    /// What is counted, in a sentence.
    #[serde(default)]
    pub definition: Option<String>,
    /// Who answers for it (`Designated Nurse, Looked After Children`).
    #[serde(default)]
    pub owner: Option<String>,
}

impl Indicator {
    /// The judge of its figures (target and amber as checked).
    pub fn judge(&self) -> Judge {
        let value = |w: &Option<Spanned<Written>>| w.as_ref().and_then(|w| w.value.value);
        Judge {
            better: self.better,
            target: value(&self.target),
            amber: value(&self.amber),
        }
    }

    pub fn key(&self) -> &str {
        self.id.value.trim()
    }
}

/// The largest target or value either side of 0, and the most decimals one may have:
/// well beyond any real figure, and well within what a decimal holds exactly.
pub const MAX_VALUE: i64 = 1_000_000_000_000;
pub const VALUE_PLACES: u32 = 6;

impl IndicatorSet {
    pub fn parse(source: &YamlSource) -> Result<IndicatorSet, Vec<Diagnostic>> {
        let set: IndicatorSet = source.parse().map_err(|d| vec![d])?;
        let mut problems = Vec::new();
        let mut error = |at: Pos, message: String| problems.push(source.at(at, message));
        set.check(source.yaml, &mut error);
        if problems.is_empty() {
            Ok(set)
        } else {
            Err(problems)
        }
    }

    pub fn key(&self) -> &str {
        self.id.value.trim()
    }

    fn check(&self, yaml: &str, error: &mut impl FnMut(Pos, String)) {
        check_id(&self.id, "set", yaml, "id", error);
        check_files(&self.data, yaml, error);
        if self.indicators.value.is_empty() {
            error(
                key_pos(yaml, "indicators", pos(self.indicators.referenced)),
                "the set defines no indicators: add each under `indicators:`, with its `id`, `title`, `unit`, `better` and `measure`".into(),
            );
        }
        let mut seen: Vec<&str> = Vec::new();
        for i in &self.indicators.value {
            let at = pos(i.referenced);
            let ind = &i.value;
            check_id(&ind.id, "indicator", yaml, "id", error);
            if seen.contains(&ind.key()) {
                error(
                    pos(ind.id.referenced),
                    format!(
                        "the set has two indicators with the id `{}`: give each its own",
                        ind.key()
                    ),
                );
            }
            seen.push(ind.key());
            check_measure(ind, at, error);
            check_lines(ind, error);
        }
    }
}

/// An id is lower case letters, digits and hyphens.
pub(super) fn check_id(
    id: &Spanned<String>,
    what: &str,
    yaml: &str,
    key: &str,
    error: &mut impl FnMut(Pos, String),
) {
    let text = id.value.trim();
    if !crate::organisations::registry::is_id(text) {
        let at = if id.referenced.line() == 0 {
            top_value_pos(yaml, key).unwrap_or((1, 1))
        } else {
            pos(id.referenced)
        };
        let suggestion = crate::organisations::registry::id_from(text);
        let such = if suggestion.is_empty() {
            "such as `partnership-kpis`".to_string()
        } else {
            format!("such as `{suggestion}`")
        };
        error(
            at,
            format!(
                "the {what}'s id `{text}` must be lower case letters, digits and hyphens, {such}"
            ),
        );
    }
}

pub(super) fn check_files(
    data: &Spanned<DataFiles>,
    yaml: &str,
    error: &mut impl FnMut(Pos, String),
) {
    let at = top_value_pos(yaml, "data").unwrap_or(pos(data.referenced));
    let files = data.value.files();
    if files.is_empty() {
        error(
            at,
            "`data` names no file: give the CSV file of figures beside this one, such as `data: kpis-2025-26.csv`".into(),
        );
    }
    let mut seen = std::collections::HashSet::new();
    for f in files {
        let f = f.trim();
        if !seen.insert(f) {
            error(
                at,
                format!(
                    "`{f}` is named twice in `data`: name each file once, or its rows are read twice"
                ),
            );
            continue;
        }
        let plain = !f.is_empty()
            && !f.starts_with('/')
            && !f.contains('\\')
            && f.split('/')
                .all(|part| !part.is_empty() && part != "." && part != "..");
        if !plain {
            error(
                at,
                format!(
                    "`{f}` is not a file name this tool can read: name a CSV file in this folder or one below it, such as `kpis-2025-26.csv`"
                ),
            );
        } else if !f.to_ascii_lowercase().ends_with(".csv") {
            error(
                at,
                format!(
                    "`{f}` is not a CSV file: save the figures from the spreadsheet as CSV (comma separated) and name that file here"
                ),
            );
        }
    }
}

fn check_measure(ind: &Indicator, at: Pos, error: &mut impl FnMut(Pos, String)) {
    let id = ind.key();
    match (ind.measure, ind.unit) {
        (Measure::Ratio, Unit::Percent) => {}
        (Measure::Ratio, _) => error(
            at,
            format!(
                "`{id}` is a ratio, which is shown as a percentage: give it `unit: percent`, or another measure"
            ),
        ),
        (Measure::Mean, Unit::Count) => error(
            at,
            format!(
                "`{id}` counts people or events, and counts add up: give it `measure: sum` (the year is the total) or `measure: last` (the year is its latest figure); for an average, use `unit: number`"
            ),
        ),
        _ => {}
    }
}

/// Target and amber: numbers within the limits, amber only with a target and on the
/// far side of it.
fn check_lines(ind: &Indicator, error: &mut impl FnMut(Pos, String)) {
    let id = ind.key();
    let target = ind
        .target
        .as_ref()
        .and_then(|t| line_value(t, "target", id, error));
    let amber = ind
        .amber
        .as_ref()
        .and_then(|a| line_value(a, "amber line", id, error));
    if let (Some(w), None) = (&ind.amber, &ind.target) {
        error(
            pos(w.referenced),
            format!(
                "`{id}` has an amber line but no target: give it a `target` (amber is between the target and this line)"
            ),
        );
    }
    check_range(ind, target, amber, error);
    if let (Some(t), Some(a), Some(w)) = (target, amber, &ind.amber) {
        let wrong = match ind.better {
            Better::Higher => a > t,
            Better::Lower => a < t,
        };
        if wrong {
            let side = match ind.better {
                Better::Higher => "below",
                Better::Lower => "above",
            };
            error(
                pos(w.referenced),
                format!(
                    "the amber line of `{id}` ({a}) must be {side} its target ({t}), since {} is better: amber is a figure short of the target but not far short",
                    ind.better.as_str()
                ),
            );
        }
    }
}

/// A target's or amber line's number (`name` says which), if it is one this tool reads;
/// a number written with a `%` is told to drop it.
fn line_value(
    w: &Spanned<Written>,
    name: &str,
    id: &str,
    error: &mut dyn FnMut(Pos, String),
) -> Option<Decimal> {
    let at = pos(w.referenced);
    match w.value.value.filter(|v| within(*v)) {
        Some(v) => Some(v),
        None => {
            let percent = w
                .value
                .text
                .trim()
                .strip_suffix('%')
                .filter(|n| exact(n.trim()).is_some());
            if let Some(n) = percent {
                error(
                    at,
                    format!(
                        "`{}`, the {name} of `{id}`, is written with a `%`: write the number alone, such as `{}`",
                        w.value.text,
                        n.trim()
                    ),
                );
                return None;
            }
            let why = if exact(&w.value.text).is_some() {
                format!(
                    "is beyond what this tool reads (at most {MAX_VALUE} either side of 0, with at most {VALUE_PLACES} decimals)"
                )
            } else {
                "is not a number".into()
            };
            error(
                at,
                format!(
                    "`{}`, the {name} of `{id}`, {why}: write it as a number, such as `90`",
                    w.value.text
                ),
            );
            None
        }
    }
}

/// Target and amber within what the unit allows: a count 0 or more, a percentage from 0
/// to 100.
fn check_range(
    ind: &Indicator,
    target: Option<Decimal>,
    amber: Option<Decimal>,
    error: &mut impl FnMut(Pos, String),
) {
    let id = ind.key();
    if ind.unit == Unit::Count {
        for (w, v, name) in [
            (&ind.target, target, "target"),
            (&ind.amber, amber, "amber line"),
        ] {
            if let (Some(w), Some(v)) = (w, v)
                && v.is_sign_negative()
                && !v.is_zero()
            {
                error(
                    pos(w.referenced),
                    format!("the {name} of `{id}` is {v}, and a count is 0 or more"),
                );
            }
        }
    }
    if ind.unit == Unit::Percent {
        for (w, v, name) in [
            (&ind.target, target, "target"),
            (&ind.amber, amber, "amber line"),
        ] {
            if let (Some(w), Some(v)) = (w, v)
                && !(Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(&v)
            {
                error(
                    pos(w.referenced),
                    format!("the {name} of `{id}` is {v}%, and a percentage is from 0 to 100"),
                );
            }
        }
    }
}

pub(super) fn within(v: Decimal) -> bool {
    crate::assurance::number::within(v, MAX_VALUE, VALUE_PLACES)
}
