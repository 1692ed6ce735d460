//! Audit returns: one organisation's self-assessment against a framework in one cycle,
//! with its action plan. A return is parsed on its own, then checked against its
//! framework once every framework is known.

use std::collections::HashMap;

use jiff::civil::Date;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::framework::{CriterionRef, Framework, number};
use super::number::exact;
use crate::config::Visibility;
use crate::diagnostics::Diagnostic;
use crate::yaml::{Pos, YamlSource, key_pos, pos};

/// `kind: audit`: one organisation's return for one period against a framework.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "An audit return")]
pub struct AuditReturn {
    /// `audit`: this document is one organisation's audit return.
    #[allow(dead_code)]
    #[schemars(extend("const" = "audit"))]
    kind: String,
    /// The `id` of the framework this return answers (`section-11`).
    #[schemars(with = "String")]
    pub framework: Spanned<String>,
    /// The organisation making the return.
    #[schemars(with = "String")]
    pub organisation: Spanned<String>,
    /// The period the return covers, in quotes (`"2016"`, `"2016-17"`); periods sort
    /// as text.
    #[schemars(with = "String")]
    pub period: Spanned<String>,
    /// When the return was submitted (YYYY-MM-DD).
    #[serde(default)]
    pub submitted: Option<Date>,
    /// Who filled it in.
    #[serde(default)]
    pub completed_by: Option<String>,
    /// Who signed it off.
    #[serde(default)]
    pub signed_off_by: Option<String>,
    /// Who moderated the grades.
    #[serde(default)]
    pub moderated_by: Option<String>,
    /// `public` or `private`: a public build leaves private returns out.
    #[serde(default)]
    pub visibility: Option<Visibility>,
    /// Where the return comes in lists: smallest first.
    #[serde(default)]
    pub weight: Option<i64>,
    /// A note shown at the top of the return's page (for example, that the data is
    /// illustrative).
    #[serde(default)]
    pub note: Option<String>,
    /// Every criterion of the framework, once: its grade, or why it does not apply.
    #[schemars(with = "Vec<ResultEntry>")]
    pub results: Spanned<Vec<Spanned<ResultEntry>>>,
    /// The action plan: what will be done about criteria below the top grade.
    #[serde(default)]
    #[schemars(with = "Vec<Action>")]
    pub actions: Vec<Spanned<Action>>,
}

/// One criterion's result.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResultEntry {
    /// The criterion's number, as the framework writes it, in quotes (`"1.1"`).
    #[schemars(with = "String")]
    pub criterion: Spanned<String>,
    /// The grade the organisation gave itself: a `value` of the framework's scale,
    /// or its label (`Mostly met`).
    #[serde(default)]
    #[schemars(with = "Option<Grade>")]
    pub grade: Option<Spanned<Grade>>,
    /// The grade after moderation, if it changed; scores use it where given.
    #[serde(default)]
    #[schemars(with = "Option<Grade>")]
    pub moderated: Option<Spanned<Grade>>,
    /// Instead of a grade: why the criterion does not apply to this organisation.
    /// Present even when left empty, so an empty reason is reported as one.
    #[serde(default, deserialize_with = "written_even_if_empty")]
    #[schemars(with = "Option<String>")]
    pub not_applicable: Option<Spanned<String>>,
    /// The evidence for the grade, one item each (`Board minutes`).
    #[serde(default)]
    pub evidence: Vec<String>,
    /// Any comment on the result.
    #[serde(default)]
    pub comment: Option<String>,
}

impl ResultEntry {
    /// The grade every figure uses: the moderated grade where given, else the grade.
    pub fn effective(&self) -> Option<Decimal> {
        if self.not_applicable.is_some() {
            return None;
        }
        self.moderated
            .as_ref()
            .or(self.grade.as_ref())
            .and_then(|g| g.value.value)
    }
}

/// A grade as written: a value of the framework's scale, or its label (`Mostly met`),
/// which is given its value once the return's framework is known (`Assurance::link`).
#[derive(Clone, Debug)]
pub struct Grade {
    /// The scale's value, exactly as written; `None` while a label is not matched.
    pub value: Option<Decimal>,
    /// The label as written, if the grade was written as one.
    pub label: Option<String>,
}

impl<'de> Deserialize<'de> for Grade {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let written = String::deserialize(d)?;
        let text = written.trim();
        let value = exact(text);
        Ok(Grade {
            value,
            label: value.is_none().then(|| text.to_string()),
        })
    }
}

// A grade: a value of the framework's scale, or its label (`Mostly met`); which
// values and labels depends on the framework, so only the form is checked here.
impl JsonSchema for Grade {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Grade".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": ["number", "string"] })
    }
}

impl Grade {
    /// Gives a grade written as a label its value on `fw`'s scale; case and runs of
    /// spaces do not matter.
    pub fn resolve(&mut self, fw: &Framework) {
        if let Some(label) = &self.label {
            let wanted = label_key(label);
            if let Some(level) = fw
                .scale
                .value
                .iter()
                .find(|l| label_key(&l.value.label.value) == wanted)
            {
                self.value = level.value.value.value.value;
            }
        }
    }

    /// The scale's label nearest a label that matched none, if one is close.
    fn nearest_label<'f>(&self, fw: &'f Framework) -> Option<&'f str> {
        let wanted = label_key(self.label.as_deref()?);
        let (distance, near) = fw
            .scale
            .value
            .iter()
            .map(|l| l.value.label.value.trim())
            .map(|l| (strsim::damerau_levenshtein(&wanted, &label_key(l)), l))
            .min()?;
        (distance <= 2.max(wanted.len() / 5)).then_some(near)
    }

    /// How the grade was written, for messages.
    fn written(&self) -> String {
        self.label
            .clone()
            .or_else(|| self.value.map(number))
            .unwrap_or_default()
    }
}

fn label_key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// `not_applicable:` with nothing after it is kept, as an empty reason.
fn written_even_if_empty<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Spanned<String>>, D::Error> {
    let s = Spanned::<Option<String>>::deserialize(d)?;
    Ok(Some(Spanned::new(
        s.value.unwrap_or_default(),
        s.referenced,
        s.defined,
    )))
}

/// Whether a `not_applicable` reason says something: words, not `yes`, `true` or a
/// number, which YAML would otherwise let through as text.
fn is_reason(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    let says_nothing = [
        "yes", "no", "y", "n", "true", "false", "on", "off", "n/a", "na", "none",
    ];
    t.chars().any(char::is_alphabetic) && !says_nothing.contains(&t.as_str())
}

/// One action of the action plan.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// The action's short name, unique in the return (`A1`).
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The criterion it answers, in quotes (`"1.1"`).
    #[schemars(with = "String")]
    pub criterion: Spanned<String>,
    /// What will be done.
    pub action: String,
    /// Who will do it.
    #[serde(default)]
    pub owner: Option<String>,
    /// When it is due (YYYY-MM-DD); not done by then, it is overdue.
    #[serde(default)]
    pub due: Option<Date>,
    /// `open`, `in-progress` or `done`.
    pub status: ActionStatus,
}

/// How far an action has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ActionStatus {
    /// Not started.
    Open,
    /// Under way.
    InProgress,
    /// Done.
    Done,
}

impl ActionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in-progress",
            ActionStatus::Done => "done",
        }
    }
}

impl Action {
    /// Not done, and due before the as-of date.
    pub fn is_overdue(&self, as_of: Date) -> bool {
        self.status != ActionStatus::Done && self.due.is_some_and(|d| d < as_of)
    }
}

/// A return checked against its framework: each criterion's result, in framework order.
#[derive(Clone, Debug)]
pub struct Checked {
    /// For each criterion of the framework (in `Framework::all_criteria` order), the
    /// index of its result in `results`.
    pub result_of: Vec<usize>,
    /// Each action's criterion.
    pub action_criteria: Vec<CriterionRef>,
}

impl AuditReturn {
    pub fn parse(source: &YamlSource) -> Result<AuditReturn, Vec<Diagnostic>> {
        let a: AuditReturn = source.parse().map_err(|d| vec![d])?;
        let mut problems = Vec::new();
        for (name, field) in [
            ("framework", &a.framework),
            ("organisation", &a.organisation),
            ("period", &a.period),
        ] {
            if field.value.trim().is_empty() {
                problems.push(source.at(
                    pos(field.referenced),
                    format!("`{name}` is empty: every return names its framework, organisation and period"),
                ));
            }
        }
        if problems.is_empty() {
            Ok(a)
        } else {
            Err(problems)
        }
    }

    /// Checks the return against its framework. Errors make it unusable; warnings
    /// (a shortfall without an action) do not.
    pub fn check(
        &self,
        fw: &Framework,
        source: &YamlSource,
    ) -> (Result<Checked, ()>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut error = |at: Pos, message: String| diags.push(source.at(at, message));
        let by_id = fw.criteria_by_id();
        let result_of = self.check_results(fw, &by_id, source.yaml, &mut error);
        let action_criteria = self.check_actions(fw, &by_id, &mut error);
        // Only errors are reported up to here.
        if !diags.is_empty() {
            return (Err(()), diags);
        }
        let result_of: Vec<usize> = result_of.into_iter().map(|r| r.unwrap_or(0)).collect();
        diags.extend(self.warnings(fw, source, &result_of, &action_criteria));
        (
            Ok(Checked {
                result_of,
                action_criteria,
            }),
            diags,
        )
    }

    /// Each result against its criterion; for each criterion (framework order), the
    /// index of its result, if it has one.
    fn check_results(
        &self,
        fw: &Framework,
        by_id: &HashMap<&str, CriterionRef>,
        yaml: &str,
        error: &mut impl FnMut(Pos, String),
    ) -> Vec<Option<usize>> {
        let order: HashMap<CriterionRef, usize> = fw
            .all_criteria()
            .enumerate()
            .map(|(i, (r, _))| (r, i))
            .collect();
        let mut result_of: Vec<Option<usize>> = vec![None; order.len()];
        // Results naming no criterion, or one already answered: most often a slip
        // for a criterion left without a result, so that one message tells both.
        let mut misplaced: Vec<(Pos, String)> = Vec::new();
        for (index, entry) in self.results.value.iter().enumerate() {
            let r = &entry.value;
            let id = r.criterion.value.trim();
            let at = pos(r.criterion.referenced);
            let Some(cref) = by_id.get(id) else {
                misplaced.push((at, unknown_criterion(fw, id)));
                continue;
            };
            let slot = order[cref];
            if let Some(first) = result_of[slot] {
                let line = pos(self.results.value[first].value.criterion.referenced).0;
                misplaced.push((
                    at,
                    format!(
                        "criterion `{id}` already has a result on line {line}: each criterion has exactly one"
                    ),
                ));
                continue;
            }
            result_of[slot] = Some(index);
            check_result(fw, r, yaml, error);
        }
        if misplaced.is_empty() {
            self.check_missing(fw, &result_of, yaml, error);
        }
        let missing = missing_criteria(fw, &result_of);
        for (at, message) in misplaced {
            match missing.is_empty() {
                true => error(at, message),
                false => error(
                    at,
                    format!(
                        "{message} (the criteria with no result yet are {}{}: is it one of those?)",
                        missing[..missing.len().min(10)].join(", "),
                        if missing.len() > 10 { ", …" } else { "" }
                    ),
                ),
            }
        }
        result_of
    }

    /// Every criterion has a result.
    fn check_missing(
        &self,
        fw: &Framework,
        result_of: &[Option<usize>],
        yaml: &str,
        error: &mut impl FnMut(Pos, String),
    ) {
        let fw_id = &fw.id.value;
        let missing = missing_criteria(fw, result_of);
        if !missing.is_empty() {
            let shown: Vec<&str> = missing.iter().take(10).copied().collect();
            error(
                key_pos(yaml, "results", pos(self.results.referenced)),
                format!(
                    "{} criteri{} of `{fw_id}` ha{} no result: {}{}. Every criterion needs a grade or `not_applicable` with a reason",
                    missing.len(),
                    if missing.len() == 1 { "on" } else { "a" },
                    if missing.len() == 1 { "s" } else { "ve" },
                    shown.join(", "),
                    if missing.len() > shown.len() {
                        ", …"
                    } else {
                        ""
                    }
                ),
            );
        }
    }

    /// Each action: its id unique, its criterion in the framework (returned, in the
    /// actions' order).
    fn check_actions(
        &self,
        fw: &Framework,
        by_id: &HashMap<&str, CriterionRef>,
        error: &mut impl FnMut(Pos, String),
    ) -> Vec<CriterionRef> {
        let mut action_ids: HashMap<&str, usize> = HashMap::new();
        let mut action_criteria = Vec::new();
        for action in &self.actions {
            let a = &action.value;
            let id = a.id.value.trim();
            let at = pos(a.id.referenced);
            if id.is_empty() {
                error(at, "an action needs an `id`, such as `A1`".into());
            } else if let Some(line) = action_ids.insert(id, at.0) {
                error(
                    at,
                    format!(
                        "the action id `{id}` is already used on line {line}: give each action its own id"
                    ),
                );
            }
            let cid = a.criterion.value.trim();
            match by_id.get(cid) {
                Some(r) => action_criteria.push(*r),
                None => error(
                    pos(a.criterion.referenced),
                    format!("action `{id}`: {}", unknown_criterion(fw, cid)),
                ),
            }
        }
        action_criteria
    }

    /// What a sound return may still be asked about.
    fn warnings(
        &self,
        fw: &Framework,
        source: &YamlSource,
        result_of: &[usize],
        action_criteria: &[CriterionRef],
    ) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        // An open action without a date can never be overdue, so it would drop out of
        // every overdue count unnoticed.
        for action in &self.actions {
            let a = &action.value;
            if a.due.is_none() && a.status != ActionStatus::Done {
                let at = pos(a.id.referenced);
                diags.push(
                    Diagnostic::warning(
                        source.path,
                        format!(
                            "action `{}` is not done and has no `due` date, so it can never show as overdue: give it one",
                            a.id.value.trim()
                        ),
                    )
                    .at_line_col(source.file_text, at.0 + source.line_offset, at.1),
                );
            }
        }

        // A shortfall with no action is allowed, but a board will ask about it.
        let top = fw.values().last().copied();
        for ((cref, c), &index) in fw.all_criteria().zip(result_of) {
            let r = &self.results.value[index].value;
            if let Some(g) = r.effective()
                && top.is_some_and(|top| g < top)
                && !action_criteria.contains(&cref)
            {
                let label = fw
                    .level_of(g)
                    .map(|l| fw.level(l).label.value.clone())
                    .unwrap_or_default();
                diags.push(
                    Diagnostic::warning(
                        source.path,
                        format!(
                            "criterion `{}` is graded {} ({label}), below the top of the scale, and has no action: add one under `actions:` saying how it will improve",
                            c.id.value.trim(),
                            number(g)
                        ),
                    )
                    .at_line_col(source.file_text, pos(r.criterion.referenced).0 + source.line_offset, pos(r.criterion.referenced).1),
                );
            }
        }
        diags
    }
}

/// One result on its own: a grade or a reason it is not applicable, never both;
/// grades on the scale.
fn check_result(fw: &Framework, r: &ResultEntry, yaml: &str, error: &mut impl FnMut(Pos, String)) {
    let id = r.criterion.value.trim();
    let at = pos(r.criterion.referenced);
    let fw_id = &fw.id.value;
    match (&r.grade, &r.not_applicable) {
        (Some(g), Some(_)) => error(
            key_pos(yaml, "grade", pos(g.referenced)),
            format!("criterion `{id}` has both a `grade` and `not_applicable`: keep one"),
        ),
        (None, None) => error(
            key_pos(yaml, "criterion", at),
            format!(
                "criterion `{id}` has no `grade`: give one of {}, or `not_applicable` with the reason",
                fw.scale_values()
            ),
        ),
        (None, Some(na)) if !is_reason(&na.value) => error(
            key_pos(yaml, "not_applicable", pos(na.referenced)),
            format!(
                "criterion `{id}` is not applicable but {}: say why in words, such as `not_applicable: Not a provider of direct services`",
                match na.value.trim() {
                    "" => "gives no reason".to_string(),
                    t => format!("`{t}` is not a reason"),
                }
            ),
        ),
        _ => {}
    }
    for grade in [&r.grade, &r.moderated] {
        if let Some(g) = grade
            && g.value.value.is_none_or(|v| fw.level_of(v).is_none())
        {
            error(
                pos(g.referenced),
                format!(
                    "`{}` is not a grade of `{fw_id}`{}: use one of its values or labels, {}",
                    g.value.written(),
                    g.value
                        .nearest_label(fw)
                        .map(|l| format!(" (did you mean `{l}`?)"))
                        .unwrap_or_default(),
                    fw.scale_values_and_labels()
                ),
            );
        }
    }
    if let (Some(m), Some(_)) = (&r.moderated, &r.not_applicable) {
        error(
            key_pos(yaml, "moderated", pos(m.referenced)),
            format!("criterion `{id}` is not applicable, so it cannot have a `moderated` grade"),
        );
    }
}

fn unknown_criterion(fw: &Framework, id: &str) -> String {
    let ids: Vec<&str> = fw.all_criteria().map(|(_, c)| c.id.value.trim()).collect();
    // The nearest ids by shared prefix, to catch `1.10` for `1.1` and the like.
    let prefix = id.split('.').next().unwrap_or(id);
    let near: Vec<&str> = ids
        .iter()
        .filter(|c| c.split('.').next() == Some(prefix))
        .take(8)
        .copied()
        .collect();
    let hint = if near.is_empty() {
        format!(
            "it has {}{}",
            ids.iter().take(8).copied().collect::<Vec<_>>().join(", "),
            if ids.len() > 8 { ", …" } else { "" }
        )
    } else {
        format!("standard {prefix} has {}", near.join(", "))
    };
    format!(
        "framework `{}` has no criterion `{id}`: {hint}",
        fw.id.value
    )
}

/// The ids of `fw`'s criteria that have no result, in the framework's order.
fn missing_criteria<'f>(fw: &'f Framework, result_of: &[Option<usize>]) -> Vec<&'f str> {
    fw.all_criteria()
        .zip(result_of)
        .filter(|(_, r)| r.is_none())
        .map(|((_, c), _)| c.id.value.trim())
        .collect()
}
