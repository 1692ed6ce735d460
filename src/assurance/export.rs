//! The data behind an audit page, downloadable beside it: `audit.json` and
//! `audit.csv` (a row per criterion), made from the page's `AuditView`. Scores are
//! not rounded.

use jiff::civil::Date;
use serde::Serialize;

use rust_decimal::Decimal;

use super::framework::{Framework, number};
use super::number::to_f64;
use super::scoring::{Score, is_share, level_for};
use super::view::{ActionView, AuditView, PreviousView};
use super::{Assurance, AuditId};
use crate::organisations::Directory;

#[derive(Serialize)]
pub struct AuditJson<'a> {
    pub framework: &'a str,
    pub framework_title: &'a str,
    pub organisation: &'a str,
    /// The organisation's registry id, where the site has a registry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<&'a str>,
    pub period: &'a str,
    pub submitted: Option<String>,
    pub completed_by: Option<&'a str>,
    pub signed_off_by: Option<&'a str>,
    pub moderated_by: Option<&'a str>,
    /// The date overdue actions were judged against.
    pub as_of: String,
    pub score: Option<f64>,
    /// The best level at or below the score; none on a scale of two levels, where
    /// the score is read as the share at the top level, not as a level.
    pub score_label: Option<&'a str>,
    pub graded: usize,
    pub not_applicable: usize,
    pub counts: Vec<CountJson<'a>>,
    pub standards: Vec<StandardJson<'a>>,
    pub results: Vec<ResultJson<'a>>,
    pub actions: Vec<ActionJson<'a>>,
    pub previous: Option<PreviousJson<'a>>,
}

#[derive(Serialize)]
pub struct CountJson<'a> {
    pub value: f64,
    pub label: &'a str,
    pub count: usize,
    /// Per cent of graded results.
    pub share: f64,
}

#[derive(Serialize)]
pub struct StandardJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub score: Option<f64>,
    pub score_label: Option<&'a str>,
}

#[derive(Serialize)]
pub struct ResultJson<'a> {
    pub criterion: &'a str,
    pub standard: &'a str,
    /// Kept exact for the CSV; written to JSON as a number.
    #[serde(serialize_with = "decimal_number")]
    pub weight: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "decimal_numbers")]
    pub grade: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "decimal_numbers")]
    pub moderated: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_applicable: Option<&'a str>,
    /// The grade every figure uses: moderated where given, else the grade.
    #[serde(serialize_with = "decimal_numbers")]
    pub effective: Option<Decimal>,
    pub label: Option<&'a str>,
    pub evidence: &'a [String],
    pub comment: Option<&'a str>,
    /// The effective grade of what it compares with in the return it is compared
    /// with: a number, a list for a criterion merged from several, or null.
    pub previous: PreviousGrade,
    /// The criteria it compares with, when that return is to the framework this one
    /// replaces.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub previous_criteria: Vec<&'a str>,
}

/// A criterion's grade in the return it is compared with.
#[derive(Serialize)]
#[serde(untagged)]
pub enum PreviousGrade {
    One(#[serde(serialize_with = "decimal_numbers")] Option<Decimal>),
    Several(#[serde(serialize_with = "decimal_list")] Vec<Option<Decimal>>),
}

impl PreviousGrade {
    fn of(before: &[Option<Decimal>]) -> PreviousGrade {
        match before {
            [] => PreviousGrade::One(None),
            [one] => PreviousGrade::One(*one),
            many => PreviousGrade::Several(many.to_vec()),
        }
    }

    /// As a CSV cell: `75`, `25; 50`, or empty (`n/a` for one not applicable).
    fn cell(&self) -> String {
        let one = |g: &Option<Decimal>| g.map(number).unwrap_or_else(|| "n/a".into());
        match self {
            PreviousGrade::One(g) => g.map(number).unwrap_or_default(),
            PreviousGrade::Several(gs) => gs.iter().map(one).collect::<Vec<_>>().join("; "),
        }
    }
}

#[derive(Serialize)]
pub struct ActionJson<'a> {
    pub id: &'a str,
    pub criterion: &'a str,
    pub action: &'a str,
    pub owner: Option<&'a str>,
    pub due: Option<String>,
    pub status: &'static str,
    pub overdue: bool,
}

/// What a return is compared with: one return, or, for an organisation formed by a
/// merger, a list of one per organisation it was formed from that made a return.
#[derive(Serialize)]
#[serde(untagged)]
pub enum PreviousJson<'a> {
    One(ComparedJson<'a>),
    Merged(Vec<ComparedJson<'a>>),
}

#[derive(Serialize)]
pub struct ComparedJson<'a> {
    pub framework: &'a str,
    pub organisation: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<&'a str>,
    pub period: &'a str,
    /// That return's own score.
    pub score: Option<f64>,
    /// How many of this return's criteria have a counterpart there.
    pub compared: usize,
}

impl<'a> ComparedJson<'a> {
    fn new(p: &PreviousView<'a>) -> ComparedJson<'a> {
        ComparedJson {
            framework: p.framework.fw.id.value.trim(),
            organisation: p.entry.organisation(),
            organisation_id: p.entry.who.org.map(|_| p.entry.who.key.as_str()),
            period: p.entry.period(),
            score: p.score.map(|s| s.to_f64()),
            compared: p.compared,
        }
    }
}

/// The JSON document of a linked, scored return.
pub fn audit_json<'a>(
    a: &'a Assurance,
    id: AuditId,
    as_of: Date,
    dir: Option<&'a Directory>,
) -> Option<AuditJson<'a>> {
    AuditView::new(a, id, as_of, dir).map(|v| AuditJson::new(&v))
}

impl<'a> AuditJson<'a> {
    pub fn new(v: &AuditView<'a>) -> AuditJson<'a> {
        let fw: &'a Framework = &v.framework.fw;
        let values = fw.values();
        let label = |s: Score| fw.level(level_for(&values, &s)).label.value.as_str();
        let score_label = |s: Score| (!is_share(&values)).then(|| label(s));
        let grade_label = |g: Decimal| label(Score::of(g));
        let json = |s: Option<Score>| s.map(|s| s.to_f64());
        let ret = &v.entry.ret;
        AuditJson {
            framework: fw.id.value.trim(),
            framework_title: &fw.title,
            organisation: v.entry.organisation(),
            organisation_id: v.entry.who.org.map(|_| v.entry.who.key.as_str()),
            period: v.entry.period(),
            submitted: ret.submitted.map(|d| d.to_string()),
            completed_by: ret.completed_by.as_deref(),
            signed_off_by: ret.signed_off_by.as_deref(),
            moderated_by: ret.moderated_by.as_deref(),
            as_of: v.as_of.to_string(),
            score: json(v.score.overall),
            score_label: v.score.overall.and_then(score_label),
            graded: v.score.graded,
            not_applicable: v.score.not_applicable,
            counts: fw
                .scale
                .value
                .iter()
                .enumerate()
                .map(|(i, l)| CountJson {
                    value: to_f64(l.value.value()),
                    label: &l.value.label.value,
                    count: v.score.counts[i],
                    share: v.shares[i],
                })
                .collect(),
            standards: v
                .standards
                .iter()
                .map(|s| StandardJson {
                    id: s.standard.id.value.trim(),
                    title: &s.standard.title,
                    score: json(s.score),
                    score_label: s.score.and_then(score_label),
                })
                .collect(),
            results: v
                .criteria()
                .map(|(s, c)| ResultJson {
                    criterion: c.criterion.id.value.trim(),
                    standard: s.standard.id.value.trim(),
                    weight: c.criterion.weight(),
                    grade: c.result.grade.as_ref().and_then(|g| g.value.value),
                    moderated: c.result.moderated.as_ref().and_then(|g| g.value.value),
                    not_applicable: c.result.not_applicable.as_ref().map(|n| n.value.trim()),
                    effective: c.grade,
                    label: c.grade.map(grade_label),
                    evidence: &c.result.evidence,
                    comment: c.result.comment.as_deref(),
                    previous: PreviousGrade::of(&c.previous),
                    previous_criteria: c.previous_ids.clone(),
                })
                .collect(),
            actions: v.actions.iter().map(ActionJson::new).collect(),
            previous: PreviousJson::of(v),
        }
    }
}

impl<'a> ActionJson<'a> {
    fn new(act: &ActionView<'a>) -> ActionJson<'a> {
        let a = act.action;
        ActionJson {
            id: a.id.value.trim(),
            criterion: a.criterion.value.trim(),
            action: &a.action,
            owner: a.owner.as_deref(),
            due: a.due.map(|d| d.to_string()),
            status: a.status.as_str(),
            overdue: act.overdue,
        }
    }
}

impl<'a> PreviousJson<'a> {
    /// The one return compared with, or the list after a merger (those that made
    /// one); none for a first return.
    fn of(v: &AuditView<'a>) -> Option<PreviousJson<'a>> {
        match (&v.previous, v.merged.is_empty()) {
            (Some(p), _) => Some(PreviousJson::One(ComparedJson::new(p))),
            (None, false) => Some(PreviousJson::Merged(
                v.merged
                    .iter()
                    .filter_map(|m| m.previous.as_ref().map(ComparedJson::new))
                    .collect(),
            )),
            (None, true) => None,
        }
    }
}

/// `audit.csv`: a header, then a row per criterion in framework order.
pub fn audit_csv(json: &AuditJson) -> String {
    let mut out = String::new();
    row(
        &mut out,
        &[
            "framework",
            "organisation",
            "period",
            "standard",
            "criterion",
            "weight",
            "grade",
            "moderated",
            "effective",
            "label",
            "not_applicable",
            "evidence",
            "comment",
            "previous",
        ],
    );
    let opt = |v: Option<Decimal>| v.map(number).unwrap_or_default();
    for r in &json.results {
        let evidence = r.evidence.join("; ");
        row(
            &mut out,
            &[
                &text(json.framework),
                &text(json.organisation),
                &text(json.period),
                &text(r.standard),
                &text(r.criterion),
                &number(r.weight),
                &opt(r.grade),
                &opt(r.moderated),
                &opt(r.effective),
                &text(r.label.unwrap_or("")),
                &text(r.not_applicable.unwrap_or("")),
                &text(&evidence),
                &text(r.comment.unwrap_or("")),
                &r.previous.cell(),
            ],
        );
    }
    out
}

/// Decimals, each if any, as JSON numbers.
fn decimal_list<S: serde::Serializer>(v: &[Option<Decimal>], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|d| d.map(to_f64)))
}

/// A decimal as a JSON number.
fn decimal_number<S: serde::Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(to_f64(*v))
}

/// A decimal, if any, as a JSON number.
fn decimal_numbers<S: serde::Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_f64(to_f64(*v)),
        None => s.serialize_none(),
    }
}

/// RFC 4180: quote a field holding a comma, quote or line break; double its quotes.
fn row(out: &mut String, fields: &[&str]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if f.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push_str("\r\n");
}

/// Free text that a spreadsheet would run as a formula gets a leading apostrophe,
/// as OWASP advises for CSV files people open in Excel.
fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        let mut out = String::new();
        row(&mut out, &["a,b", "say \"hi\"", "plain", &text("=SUM(A1)")]);
        assert_eq!(out, "\"a,b\",\"say \"\"hi\"\"\",plain,'=SUM(A1)\r\n");
    }
}
