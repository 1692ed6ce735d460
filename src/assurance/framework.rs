//! Frameworks: the standards and criteria an organisation is assessed against, and the
//! ordered scale it is graded on. The scale is data (RAG, RAGB, 0–3, percentages), so
//! nothing here knows what a "good" grade is beyond its place on the scale.

use std::collections::{BTreeMap, HashMap};

use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

use rust_decimal::Decimal;

use super::number;
pub use super::number::number;
use super::number::{
    MAX_VALUE, MAX_WEIGHT, VALUE_PLACES, WEIGHT_PLACES, Written, exact, too_large, within,
};
use crate::config::Visibility;
use crate::diagnostics::Diagnostic;
use crate::yaml::{Pos, YamlSource, key_lines, key_pos, pos};

/// `kind: framework`: what organisations are assessed against, and on what scale.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "An audit framework")]
pub struct Framework {
    /// `framework`: this document is an audit framework.
    #[allow(dead_code)]
    #[schemars(extend("const" = "framework"))]
    kind: String,
    /// A short name returns use to name this framework (`section-11`).
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The framework's title, shown on its page.
    pub title: String,
    /// A few words about the framework, shown on its page.
    #[serde(default)]
    pub description: Option<String>,
    /// `public` or `private`: a public build leaves private frameworks out.
    #[serde(default)]
    pub visibility: Option<Visibility>,
    /// Where the framework comes in lists: smallest first.
    #[serde(default)]
    pub weight: Option<i64>,
    /// The grades, worst first, best last: each with its value, label and colour.
    #[schemars(with = "Vec<ScaleLevel>", length(min = 1))]
    pub scale: Spanned<Vec<Spanned<ScaleLevel>>>,
    /// The standards, each with its criteria.
    #[schemars(with = "Vec<Standard>")]
    pub standards: Spanned<Vec<Spanned<Standard>>>,
    /// The earlier framework this one replaces, and which criteria carry on from
    /// which (`replaces: { framework: section-11, map: { "1.2": "1.3" } }`).
    #[serde(default)]
    #[schemars(with = "Option<super::versions::Replaces>")]
    pub replaces: Option<Spanned<super::versions::Replaces>>,
}

/// One grade of the scale.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleLevel {
    /// The grade's number, which returns write as `grade` (`25`, `100`).
    #[schemars(with = "f64")]
    pub value: Spanned<Written>,
    /// The grade's name, shown beside it (`Fully met`).
    #[schemars(with = "String")]
    pub label: Spanned<String>,
    /// The colour it is shown in: red, amber, yellow, green, blue or grey (always with
    /// its label, never alone).
    pub colour: Colour,
}

/// The colours a grade may be shown in. Colour never carries meaning alone: every
/// grade is also shown by its label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Colour {
    Red,
    Amber,
    Yellow,
    Green,
    Blue,
    Grey,
}

impl Colour {
    pub fn as_str(self) -> &'static str {
        match self {
            Colour::Red => "red",
            Colour::Amber => "amber",
            Colour::Yellow => "yellow",
            Colour::Green => "green",
            Colour::Blue => "blue",
            Colour::Grey => "grey",
        }
    }
}

/// A standard of the framework: a group of criteria scored together.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    /// The standard's number or short name, in quotes (`"1"`).
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The standard's title.
    pub title: String,
    /// A few words about the standard.
    #[serde(default)]
    pub description: Option<String>,
    /// The criteria of this standard.
    #[schemars(with = "Vec<Criterion>")]
    pub criteria: Spanned<Vec<Spanned<Criterion>>>,
}

/// One criterion: a statement every return grades.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// The criterion's number, in quotes (`"1.1"`); returns name it as `criterion`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// What is expected, in a sentence.
    pub text: String,
    /// How much the criterion counts in its standard's score (default 1).
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub weight: Option<Spanned<Written>>,
    /// What each grade looks like, keyed by the grade's value
    /// (`{ 25: No named lead., 100: Named lead who reports yearly. }`).
    #[serde(default)]
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub descriptors: Option<Spanned<BTreeMap<String, String>>>,
}

impl ScaleLevel {
    /// The level's value; 0 only in a framework that failed its checks.
    pub fn value(&self) -> Decimal {
        self.value.value.value.unwrap_or_default()
    }
}

impl Criterion {
    /// The weight as written, default 1; 1 also for one that failed its checks.
    pub fn weight(&self) -> Decimal {
        self.weight
            .as_ref()
            .and_then(|w| w.value.value)
            .unwrap_or(Decimal::ONE)
    }

    /// What the grade with this value looks like, if the framework says.
    pub fn descriptor(&self, value: Decimal) -> Option<&str> {
        self.descriptors
            .as_ref()?
            .value
            .iter()
            .find(|(k, _)| exact(k) == Some(value))
            .map(|(_, text)| text.as_str())
    }
}

/// Where a criterion sits: its standard's index and its own index within it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CriterionRef {
    pub standard: usize,
    pub criterion: usize,
}

impl Framework {
    /// Parses and checks a framework document; every problem is reported.
    pub fn parse(source: &YamlSource) -> Result<Framework, Vec<Diagnostic>> {
        let fw: Framework = source.parse().map_err(|d| vec![d])?;
        let problems = fw.check(source);
        if problems.is_empty() {
            Ok(fw)
        } else {
            Err(problems)
        }
    }

    fn check(&self, source: &YamlSource) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let mut error = |at: Pos, message: String| problems.push(source.at(at, message));
        if self.id.value.trim().is_empty() {
            error(
                pos(self.id.referenced),
                "the framework's `id` is empty: give it a short name, such as `section-11`".into(),
            );
        }
        if self.title.trim().is_empty() {
            error(
                crate::yaml::top_value_pos(source.yaml, "title").unwrap_or((1, 1)),
                "the framework's `title` is empty: give it the title its page will show".into(),
            );
        }
        self.check_scale(source.yaml, &mut error);
        self.check_standards(source.yaml, &mut error);
        // Only of numbers that passed their own checks, so one slip is one message.
        if problems.is_empty() && !self.fits_exactly() {
            problems.push(source.at(
                key_pos(source.yaml, "standards", pos(self.standards.referenced)),
                "the weights and scale values together are too large for scores to be worked out exactly: use smaller weights or scale values (halving every weight changes no score)",
            ));
        }
        problems
    }

    /// The scale: at least one level, values strictly increasing, labels distinct.
    fn check_scale(&self, yaml: &str, error: &mut impl FnMut(Pos, String)) {
        let scale = &self.scale.value;
        if scale.is_empty() {
            error(
                key_pos(yaml, "scale", pos(self.scale.referenced)),
                "the scale is empty: list its levels from worst to best, such as `- { value: 1, label: Not met, colour: red }`".into(),
            );
        }
        let mut labels: HashMap<String, usize> = HashMap::new();
        let mut before: Option<Decimal> = None;
        for (i, level) in scale.iter().enumerate() {
            let l = &level.value;
            before = check_value(&l.value, before, error).or(before);
            let label = l.label.value.trim().to_lowercase();
            if label.is_empty() {
                error(
                    pos(l.label.referenced),
                    "a scale level needs a `label` that says what it means".into(),
                );
            } else if let Some(first) = labels.insert(label, i) {
                error(
                    pos(l.label.referenced),
                    format!(
                        "the label `{}` is already used by the level with value {}: give each level its own label",
                        l.label.value, scale[first].value.value.value.text
                    ),
                );
            }
        }
    }

    /// Standards and criteria: ids unique across the framework, weights above 0,
    /// descriptors for grades on the scale.
    fn check_standards(&self, yaml: &str, error: &mut impl FnMut(Pos, String)) {
        if self.standards.value.is_empty() {
            error(
                key_pos(yaml, "standards", pos(self.standards.referenced)),
                "the framework has no standards: list them under `standards:`".into(),
            );
        }
        let mut standard_ids: HashMap<&str, usize> = HashMap::new();
        let mut criterion_ids: HashMap<&str, usize> = HashMap::new();
        let mut anchors: HashMap<String, (&str, usize)> = HashMap::new();
        for standard in &self.standards.value {
            let s = &standard.value;
            let id = s.id.value.trim();
            let at = pos(s.id.referenced);
            check_id("standard", id, at, &mut anchors, &mut standard_ids, error);
            if s.criteria.value.is_empty() {
                error(
                    key_pos(yaml, "criteria", pos(s.criteria.referenced)),
                    format!(
                        "standard `{id}` has no criteria: list what it is assessed on under `criteria:`"
                    ),
                );
            }
            for criterion in &s.criteria.value {
                let c = &criterion.value;
                let cid = c.id.value.trim();
                let at = pos(c.id.referenced);
                check_id(
                    "criterion",
                    cid,
                    at,
                    &mut anchors,
                    &mut criterion_ids,
                    error,
                );
                if let Some(w) = &c.weight {
                    check_weight(cid, w, error);
                }
                if let Some(d) = &c.descriptors {
                    self.check_descriptors(yaml, cid, d, error);
                }
            }
        }
    }

    /// A criterion's descriptors: one per grade, each for a grade on the scale.
    fn check_descriptors(
        &self,
        yaml: &str,
        cid: &str,
        d: &Spanned<BTreeMap<String, String>>,
        error: &mut impl FnMut(Pos, String),
    ) {
        let start = pos(d.referenced);
        let mut seen: Vec<Decimal> = Vec::new();
        for key in d.value.keys() {
            if let Some(v) = exact(key) {
                if seen.contains(&v) {
                    error(
                        find_key_from(yaml, key, start),
                        format!(
                            "criterion `{cid}` has two descriptors for the grade {}: keep one",
                            number(v)
                        ),
                    );
                }
                seen.push(v);
            }
            let on_scale = exact(key).is_some_and(|v| self.level_of(v).is_some());
            if !on_scale {
                error(
                    find_key_from(yaml, key, start),
                    format!(
                        "`{key}` is not a value of the scale, so no grade can use this descriptor: use one of {}",
                        self.scale_values()
                    ),
                );
            }
        }
    }

    /// Whether every score of this framework can be worked out exactly: the largest
    /// possible weighted sum, in units of its smallest digit, within 10^25, which
    /// leaves a decimal's 28 digits room for the ×1000 a share in tenths takes
    /// (`number.rs`). Floats only to check the limit, never for a figure.
    fn fits_exactly(&self) -> bool {
        let values = self.values();
        let largest = values.iter().map(|v| v.abs()).max().unwrap_or_default();
        let places = |v: Decimal| v.normalize().scale() as i32;
        let value_places = values.iter().map(|v| places(*v)).max().unwrap_or(0);
        let (mut total, mut weight_places) = (0.0, 0);
        for (_, c) in self.all_criteria() {
            total += number::to_f64(c.weight());
            weight_places = weight_places.max(places(c.weight()));
        }
        total * number::to_f64(largest) * 10f64.powi(value_places + weight_places) <= 1e25
    }

    /// The scale's values, written out for messages: `25, 50, 75 or 100`.
    pub fn scale_values(&self) -> String {
        let values: Vec<String> = self
            .scale
            .value
            .iter()
            .map(|l| number(l.value.value()))
            .collect();
        match values.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            Some((last, _)) => last.clone(),
            None => String::new(),
        }
    }

    /// The scale as a grade may be written: `25 (Not met), 50 (Partially met) or …`.
    pub fn scale_values_and_labels(&self) -> String {
        let levels: Vec<String> = self
            .scale
            .value
            .iter()
            .map(|l| {
                format!(
                    "{} ({})",
                    number(l.value.value()),
                    l.value.label.value.trim()
                )
            })
            .collect();
        match levels.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            Some((last, _)) => last.clone(),
            None => String::new(),
        }
    }

    /// The scale's values, worst to best.
    pub fn values(&self) -> Vec<Decimal> {
        self.scale.value.iter().map(|l| l.value.value()).collect()
    }

    pub fn level(&self, index: usize) -> &ScaleLevel {
        &self.scale.value[index].value
    }

    /// The index of the level with exactly this value.
    pub fn level_of(&self, value: Decimal) -> Option<usize> {
        self.scale
            .value
            .iter()
            .position(|l| l.value.value.value.value == Some(value))
    }

    /// Every criterion by id.
    pub fn criteria_by_id(&self) -> HashMap<&str, CriterionRef> {
        let mut map = HashMap::new();
        for (s, standard) in self.standards.value.iter().enumerate() {
            for (c, criterion) in standard.value.criteria.value.iter().enumerate() {
                map.insert(
                    criterion.value.id.value.trim(),
                    CriterionRef {
                        standard: s,
                        criterion: c,
                    },
                );
            }
        }
        map
    }

    pub fn criterion(&self, r: CriterionRef) -> &Criterion {
        &self.standards.value[r.standard].value.criteria.value[r.criterion].value
    }

    /// Every criterion in framework order.
    pub fn all_criteria(&self) -> impl Iterator<Item = (CriterionRef, &Criterion)> {
        self.standards
            .value
            .iter()
            .enumerate()
            .flat_map(|(s, standard)| {
                standard
                    .value
                    .criteria
                    .value
                    .iter()
                    .enumerate()
                    .map(move |(c, criterion)| {
                        (
                            CriterionRef {
                                standard: s,
                                criterion: c,
                            },
                            &criterion.value,
                        )
                    })
            })
    }

    pub fn criterion_count(&self) -> usize {
        self.standards
            .value
            .iter()
            .map(|s| s.value.criteria.value.len())
            .sum()
    }
}

/// A standard's or criterion's id (`what`): present, and unique, also as an anchor.
/// Ids become anchors (`1.2` and `1-2` are both `#criterion-1-2`): two ids with one
/// anchor would send links and actions to the wrong place.
fn check_id<'a>(
    what: &str,
    id: &'a str,
    at: Pos,
    anchors: &mut HashMap<String, (&'a str, usize)>,
    ids: &mut HashMap<&'a str, usize>,
    error: &mut impl FnMut(Pos, String),
) {
    if id.is_empty() {
        error(at, format!("a {what} needs an `id`"));
    } else if let Some((other, line)) = anchors
        .insert(super::anchor(what, id), (id, at.0))
        .filter(|(o, _)| *o != id)
    {
        error(
            at,
            format!(
                "the {what} ids `{id}` and `{other}` (line {line}) would have the same link target: make them differ by more than punctuation"
            ),
        );
    } else if let Some(line) = ids.insert(id, at.0) {
        error(
            at,
            format!(
                "the {what} id `{id}` is already used on line {line}: give each {what} its own id"
            ),
        );
    }
}

/// A scale level's value: a number, within the limits that keep scores exact, above
/// the value `before` it. Its value, if it is a number.
fn check_value(
    value: &Spanned<Written>,
    before: Option<Decimal>,
    error: &mut impl FnMut(Pos, String),
) -> Option<Decimal> {
    let at = pos(value.referenced);
    let limits = format!(
        "is too large or too finely divided: a scale value is between -{MAX_VALUE} and {MAX_VALUE}, with at most {VALUE_PLACES} digits after the decimal point, so every score can be worked out exactly"
    );
    let text = &value.value.text;
    let Some(v) = value.value.value else {
        error(
            at,
            if too_large(text) {
                format!("the scale value {text} {limits}")
            } else {
                format!("`value` is a number, such as `25` or `1.5`: `{text}` is not")
            },
        );
        return None;
    };
    if !within(v, MAX_VALUE, VALUE_PLACES) {
        error(at, format!("the scale value {} {limits}", number(v)));
    }
    match before {
        Some(b) if v == b => error(
            at,
            format!(
                "the scale has the value {} twice: each level needs its own value",
                number(b)
            ),
        ),
        Some(b) if v < b => error(
            at,
            format!(
                "scale values must increase from worst to best, but {} comes after {}: reorder the levels",
                number(v),
                number(b)
            ),
        ),
        _ => {}
    }
    Some(v)
}

/// A criterion's weight: a number above 0, within the limits that keep scores exact.
fn check_weight(cid: &str, w: &Spanned<Written>, error: &mut impl FnMut(Pos, String)) {
    let at = pos(w.referenced);
    match w.value.value {
        None if too_large(&w.value.text) => error(
            at,
            format!(
                "criterion `{cid}` has weight {}: a weight is at most {MAX_WEIGHT}, with at most {WEIGHT_PLACES} digits after the decimal point, so every score can be worked out exactly",
                w.value.text
            ),
        ),
        None => error(
            at,
            format!(
                "`weight` is a number, such as `1` or `2.5`: `{}` is not",
                w.value.text
            ),
        ),
        Some(v) if v <= Decimal::ZERO => error(
            at,
            format!(
                "criterion `{cid}` has weight {}: a weight must be a number above 0",
                number(v)
            ),
        ),
        Some(v) if !within(v, MAX_WEIGHT, WEIGHT_PLACES) => error(
            at,
            format!(
                "criterion `{cid}` has weight {}: a weight is at most {MAX_WEIGHT}, with at most {WEIGHT_PLACES} digits after the decimal point, so every score can be worked out exactly",
                number(v)
            ),
        ),
        Some(_) => {}
    }
}

/// Where `key:` is written at or after `from`: map keys carry no position of their own.
fn find_key_from(yaml: &str, key: &str, from: Pos) -> Pos {
    key_lines(yaml, key)
        .find(|at| at.0 >= from.0)
        .unwrap_or(from)
}
