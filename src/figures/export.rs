//! The downloads beside a dataset's page: `indicators.json` and `indicators.csv`,
//! `training.json` and `training.csv`, every figure as this build shows it (true in
//! an internal build; protected in a public one, with null where a figure is left
//! out).
//!
//! A dataset may hold hundreds of thousands of figures, so each is written straight
//! from a typed row, one figure to a line of the JSON, never through a tree of values.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use super::figure::{Count, Figure, Shown};
use super::training::{Breakdown, LEVELS};
use super::{IndicatorData, TrainingData};

/// A decimal as a JSON number: whole numbers as integers, others the nearest float.
#[derive(Clone, Copy)]
pub struct Num(pub Decimal);

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0.normalize();
        match v.to_i64() {
            Some(i) if v.fract().is_zero() => s.serialize_i64(i),
            _ => match v.to_f64() {
                Some(f) => s.serialize_f64(f),
                None => s.serialize_none(),
            },
        }
    }
}

fn num(v: Option<Decimal>) -> Option<Num> {
    v.map(Num)
}

fn count(c: Option<Count>) -> Option<u64> {
    match c {
        Some(Count::Is(n)) => Some(n),
        _ => None,
    }
}

/// A value as a CSV cell: as JSON writes it, empty for none.
fn cell<T: Serialize>(v: &Option<T>) -> String {
    match v {
        None => String::new(),
        Some(v) => serde_json::to_string(v).unwrap_or_default(),
    }
}

/// Words as a CSV cell. Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`
/// first) is written after an apostrophe, which spreadsheets show as text.
fn text(v: Option<&str>) -> String {
    let v = v.unwrap_or("");
    if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{v}")
    } else {
        v.to_string()
    }
}

#[derive(Serialize)]
struct IndicatorRow<'a> {
    organisation: Option<&'a str>,
    organisation_name: Option<&'a str>,
    period: String,
    year: bool,
    value: Option<Num>,
    numerator: Option<u64>,
    denominator: Option<u64>,
    periods: Option<u8>,
    of: Option<u8>,
    status: Option<&'static str>,
    change: Option<Num>,
    change_year: Option<Num>,
    note: Option<&'a str>,
    /// For a total: how many organisations made it.
    organisations: Option<usize>,
}

impl<'a> IndicatorRow<'a> {
    fn new(data: &'a IndicatorData, f: &'a Figure, s: &Shown) -> IndicatorRow<'a> {
        let body = f.who.map(|b| &data.bodies.list[b]);
        IndicatorRow {
            organisation: body.map(|b| b.id.as_str()),
            organisation_name: body.map(|b| b.name.as_str()),
            period: f.period.to_string(),
            year: f.year,
            value: num(s.value),
            numerator: count(s.numerator),
            denominator: count(s.denominator),
            periods: f.periods.map(|p| p.0),
            of: f.periods.map(|p| p.1),
            status: s.status.map(|s| s.as_str()),
            change: num(s.change),
            change_year: num(s.change_year),
            note: f.note.as_deref(),
            organisations: f.cohort.as_ref().map(|c| c.len()),
        }
    }

    fn cells(&self, indicator: &str) -> Vec<String> {
        vec![
            indicator.to_string(),
            text(self.organisation),
            text(self.organisation_name),
            self.period.clone(),
            self.year.to_string(),
            cell(&self.value),
            cell(&self.numerator),
            cell(&self.denominator),
            cell(&self.periods),
            cell(&self.of),
            text(self.status),
            cell(&self.change),
            cell(&self.change_year),
            text(self.note),
            cell(&self.organisations),
        ]
    }
}

const INDICATOR_COLUMNS: [&str; 15] = [
    "indicator",
    "organisation",
    "organisation_name",
    "period",
    "year",
    "value",
    "numerator",
    "denominator",
    "periods",
    "of",
    "status",
    "change",
    "change_year",
    "note",
    "organisations",
];

/// The opening of a JSON object: `fields`, then `key` whose value the caller writes.
fn open<T: Serialize>(fields: &T, key: &str) -> String {
    let mut head = serde_json::to_string(fields).unwrap_or_else(|_| "{}".into());
    head.pop();
    if head.len() > 1 {
        head.push(',');
    }
    head.push_str(&format!("\"{key}\":["));
    head
}

#[derive(Serialize)]
struct Head<'a> {
    id: &'a str,
    title: &'a str,
    audience: &'static str,
    suppress_below: u64,
}

fn audience(public: bool) -> &'static str {
    if public { "public" } else { "internal" }
}

/// `indicators.json` and `indicators.csv`.
pub fn indicators(data: &IndicatorData, public: bool, k: u64) -> (String, String) {
    #[derive(Serialize)]
    struct SetHead<'a> {
        #[serde(flatten)]
        head: Head<'a>,
        period_kind: Option<&'static str>,
    }
    #[derive(Serialize)]
    struct IndicatorHead<'a> {
        id: &'a str,
        title: &'a str,
        unit: &'static str,
        better: &'static str,
        measure: &'static str,
        target: Option<Num>,
        amber: Option<Num>,
        definition: Option<&'a str>,
        owner: Option<&'a str>,
    }
    let set = SetHead {
        head: Head {
            id: data.set.key(),
            title: &data.set.title,
            audience: audience(public),
            suppress_below: k,
        },
        period_kind: data.kind.map(|k| k.as_str()),
    };
    let mut json = open(&set, "indicators");
    let mut csv = csv::Writer::from_writer(Vec::new());
    let _ = csv.write_record(INDICATOR_COLUMNS);
    let indicators = data.set.indicators.value.iter().enumerate();
    for (n, (i, ind)) in indicators.enumerate() {
        let ind = &ind.value;
        let judge = ind.judge();
        let head = IndicatorHead {
            id: ind.key(),
            title: &ind.title,
            unit: ind.unit.as_str(),
            better: ind.better.as_str(),
            measure: ind.measure.as_str(),
            target: num(judge.target),
            amber: num(judge.amber),
            definition: ind.definition.as_deref(),
            owner: ind.owner.as_deref(),
        };
        json.push_str(if n == 0 { "\n" } else { ",\n" });
        json.push_str(&open(&head, "figures"));
        for (m, (f, s)) in data.series[i].iter().zip(&data.shown[i]).enumerate() {
            let row = IndicatorRow::new(data, f, s);
            json.push_str(if m == 0 { "\n" } else { ",\n" });
            json.push_str(&serde_json::to_string(&row).unwrap_or_default());
            let _ = csv.write_record(row.cells(ind.key()));
        }
        json.push_str("\n]}");
    }
    json.push_str("\n]}\n");
    (json, finish(csv))
}

fn finish(csv: csv::Writer<Vec<u8>>) -> String {
    String::from_utf8(csv.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[derive(Serialize)]
struct TrainingRow<'a> {
    period: String,
    organisation: Option<&'a str>,
    organisation_name: Option<&'a str>,
    strand: Option<&'a str>,
    level: Option<&'static str>,
    staff_group: Option<&'a str>,
    eligible: Option<u64>,
    compliant: Option<u64>,
    compliance: Option<Num>,
    target: Option<Num>,
    status: Option<&'static str>,
    change: Option<Num>,
    /// For a total over organisations: how many made it.
    organisations: Option<usize>,
}

impl TrainingRow<'_> {
    fn cells(&self) -> Vec<String> {
        vec![
            self.period.clone(),
            text(self.organisation),
            text(self.organisation_name),
            text(self.strand),
            text(self.level),
            text(self.staff_group),
            cell(&self.eligible),
            cell(&self.compliant),
            cell(&self.compliance),
            cell(&self.target),
            text(self.status),
            cell(&self.change),
            cell(&self.organisations),
        ]
    }
}

const TRAINING_COLUMNS: [&str; 13] = [
    "period",
    "organisation",
    "organisation_name",
    "strand",
    "level",
    "staff_group",
    "eligible",
    "compliant",
    "compliance",
    "target",
    "status",
    "change",
    "organisations",
];

/// `training.json` and `training.csv`.
pub fn training(data: &TrainingData, public: bool, k: u64) -> (String, String) {
    #[derive(Serialize)]
    struct SetHead<'a> {
        #[serde(flatten)]
        head: Head<'a>,
        target: Option<Num>,
        amber: Option<Num>,
        strands: &'a [&'a str],
    }
    let t = &data.training;
    let strands: Vec<&str> = data
        .set
        .strands
        .value
        .iter()
        .map(|s| s.value.trim())
        .collect();
    let judge = data.set.judge();
    let head = SetHead {
        head: Head {
            id: data.set.key(),
            title: &data.set.title,
            audience: audience(public),
            suppress_below: k,
        },
        target: num(judge.target),
        amber: num(judge.amber),
        strands: &strands,
    };
    let mut json = open(&head, "figures");
    let mut csv = csv::Writer::from_writer(Vec::new());
    let _ = csv.write_record(TRAINING_COLUMNS);
    let rows = t
        .figures
        .iter()
        .zip(&t.about)
        .zip(&data.shown)
        .zip(&t.targets);
    for (m, (((f, b), s), target)) in rows.enumerate() {
        let about = about(data, b, &strands);
        let row = TrainingRow {
            period: f.period.to_string(),
            organisation: about.0,
            organisation_name: about.1,
            strand: about.2,
            level: about.3,
            staff_group: about.4,
            eligible: count(s.denominator),
            compliant: count(s.numerator),
            compliance: num(s.value),
            target: num(*target),
            status: s.status.map(|s| s.as_str()),
            change: num(s.change),
            organisations: f.cohort.as_ref().map(|c| c.len()),
        };
        json.push_str(if m == 0 { "\n" } else { ",\n" });
        json.push_str(&serde_json::to_string(&row).unwrap_or_default());
        let _ = csv.write_record(row.cells());
    }
    json.push_str("\n]}\n");
    (json, finish(csv))
}

type About<'a> = (
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'static str>,
    Option<&'a str>,
);

/// What a training figure is about, as named in downloads.
pub fn about<'a>(data: &'a TrainingData, b: &Breakdown, strands: &[&'a str]) -> About<'a> {
    let body = b.org.map(|o| &data.bodies.list[o]);
    (
        body.map(|b| b.id.as_str()),
        body.map(|b| b.name.as_str()),
        b.strand.map(|s| strands[s]),
        b.level.map(|l| LEVELS[l]),
        b.group.map(|g| data.training.groups[g].as_str()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_json_numbers() {
        let j = |d: &str| serde_json::to_string(&Num(d.parse().unwrap())).unwrap();
        assert_eq!(j("90.000"), "90");
        assert_eq!(j("87.5"), "87.5");
        assert_eq!(j("-3"), "-3");
        assert_eq!(cell::<Num>(&None), "");
    }

    #[test]
    fn text_a_spreadsheet_would_run_is_kept_as_text() {
        assert_eq!(text(Some("=HYPERLINK(\"x\")")), "'=HYPERLINK(\"x\")");
        assert_eq!(text(Some("@SUM(A1)")), "'@SUM(A1)");
        assert_eq!(text(Some("Royal Trust")), "Royal Trust");
        assert_eq!(text(None), "");
    }

    #[test]
    fn an_object_is_opened_for_a_list_written_after_it() {
        #[derive(Serialize)]
        struct A {
            id: &'static str,
        }
        assert_eq!(open(&A { id: "x" }, "figures"), r#"{"id":"x","figures":["#);
    }
}
