//! The downloads beside a dataset's page: `indicators.json` and `indicators.csv`,
//! `training.json` and `training.csv`, every figure as this build shows it (true in
//! an internal build; protected in a public one, with null where a figure is left
//! out).

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::{Value, json};

use super::figure::{Count, Figure, Shown};
use super::training::{Breakdown, LEVELS};
use super::{IndicatorData, TrainingData};

/// A decimal as a JSON number: whole numbers as integers, others the nearest float.
pub fn number(v: Decimal) -> Value {
    let v = v.normalize();
    if v.fract().is_zero()
        && let Some(i) = v.to_i64()
    {
        return json!(i);
    }
    v.to_f64().map_or(Value::Null, |f| json!(f))
}

fn opt(v: Option<Decimal>) -> Value {
    v.map_or(Value::Null, number)
}

fn count(c: Option<Count>) -> Value {
    match c {
        Some(Count::Is(n)) => json!(n),
        _ => Value::Null,
    }
}

/// `indicators.json`.
pub fn indicators_json(data: &IndicatorData, public: bool, k: u64) -> Value {
    let shown = &data.shown;
    let indicators: Vec<Value> = data
        .set
        .indicators
        .value
        .iter()
        .zip(&data.series)
        .zip(shown)
        .map(|((i, figures), shown)| {
            let i = &i.value;
            let judge = i.judge();
            let rows: Vec<Value> = figures
                .iter()
                .zip(shown)
                .map(|(f, s)| figure_json(data, f, s))
                .collect();
            json!({
                "id": i.key(),
                "title": i.title,
                "unit": i.unit.as_str(),
                "better": i.better.as_str(),
                "measure": i.measure.as_str(),
                "target": opt(judge.target),
                "amber": opt(judge.amber),
                "definition": i.definition,
                "owner": i.owner,
                "figures": rows,
            })
        })
        .collect();
    json!({
        "id": data.set.key(),
        "title": data.set.title,
        "audience": if public { "public" } else { "internal" },
        "suppress_below": k,
        "period_kind": data.kind.map(|k| k.as_str()),
        "indicators": indicators,
    })
}

fn figure_json(data: &IndicatorData, f: &Figure, s: &Shown) -> Value {
    let body = f.who.map(|b| &data.bodies.list[b]);
    json!({
        "organisation": body.map(|b| b.id.as_str()),
        "organisation_name": body.map(|b| b.name.as_str()),
        "period": f.period.to_string(),
        "year": f.year,
        "value": opt(s.value),
        "numerator": count(s.numerator),
        "denominator": count(s.denominator),
        "periods": f.periods.map(|p| p.0),
        "of": f.periods.map(|p| p.1),
        "status": s.status.map(|s| s.as_str()),
        "change": opt(s.change),
        "change_year": opt(s.change_year),
        "note": f.note,
    })
}

/// `training.json`.
pub fn training_json(data: &TrainingData, public: bool, k: u64) -> Value {
    let shown = &data.shown;
    let t = &data.training;
    let strands: Vec<&str> = data
        .set
        .strands
        .value
        .iter()
        .map(|s| s.value.trim())
        .collect();
    let judge = data.set.judge();
    let figures: Vec<Value> = t
        .figures
        .iter()
        .zip(&t.about)
        .zip(shown)
        .zip(&t.targets)
        .map(|(((f, b), s), target)| {
            let about = about(data, b, &strands);
            json!({
                "period": f.period.to_string(),
                "organisation": about.0,
                "organisation_name": about.1,
                "strand": about.2,
                "level": about.3,
                "staff_group": about.4,
                "eligible": count(s.denominator),
                "compliant": count(s.numerator),
                "compliance": opt(s.value),
                "target": opt(*target),
                "status": s.status.map(|s| s.as_str()),
                "change": opt(s.change),
            })
        })
        .collect();
    json!({
        "id": data.set.key(),
        "title": data.set.title,
        "audience": if public { "public" } else { "internal" },
        "suppress_below": k,
        "target": opt(judge.target),
        "amber": opt(judge.amber),
        "strands": strands,
        "figures": figures,
    })
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

/// A JSON download as CSV: `columns` of each object of `rows`, with `lead` columns
/// first; null is an empty cell.
pub fn csv(lead: &[(&str, &str)], columns: &[&str], rows: &[(Vec<String>, &Value)]) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let header: Vec<&str> = lead
        .iter()
        .map(|(h, _)| *h)
        .chain(columns.iter().copied())
        .collect();
    let _ = w.write_record(&header);
    for (leading, row) in rows {
        let mut record: Vec<String> = leading.clone();
        for c in columns {
            record.push(match &row[*c] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            });
        }
        let _ = w.write_record(&record);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// `indicators.csv`, from its JSON.
pub fn indicators_csv(json: &Value) -> String {
    let mut rows = Vec::new();
    for i in json["indicators"].as_array().into_iter().flatten() {
        let id = i["id"].as_str().unwrap_or("").to_string();
        for f in i["figures"].as_array().into_iter().flatten() {
            rows.push((vec![id.clone()], f));
        }
    }
    csv(
        &[("indicator", "")],
        &[
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
        ],
        &rows,
    )
}

/// `training.csv`, from its JSON.
pub fn training_csv(json: &Value) -> String {
    let rows: Vec<(Vec<String>, &Value)> = json["figures"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| (Vec::new(), f))
        .collect();
    csv(
        &[],
        &[
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
        ],
        &rows,
    )
}
