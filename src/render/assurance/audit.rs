//! An audit return's page, and the summary of one embedded in another page.

use serde::Serialize;

use super::chart::{self, Bar};
use super::{
    CountCtx, ScaleLevelCtx, ScoreCtx, TrackedActionCtx, change_text, counts_ctx, coverage,
    direction_name, grade_ctx, scale_ctx, score_ctx, tracked_action_ctx,
};
use crate::assurance::compare::NotCompared;
use crate::assurance::framework::{Framework, number};
use crate::assurance::number::to_f64;
use crate::assurance::view::{AuditView, CriterionView, PreviousView, StandardView};
use crate::assurance::{AuditId, anchor};
use crate::render::context::{DateCtx, Link};
use crate::site::Site;

#[derive(Serialize)]
pub struct AuditCtx {
    pub framework: Link,
    pub framework_id: String,
    pub organisation: String,
    /// The organisation's page, where the site has a registry.
    pub organisation_url: Option<String>,
    pub period: String,
    pub url: String,
    pub submitted: Option<DateCtx>,
    pub completed_by: Option<String>,
    pub signed_off_by: Option<String>,
    pub moderated_by: Option<String>,
    pub note: Option<String>,
    pub score: Option<ScoreCtx>,
    /// How much of the framework it is graded on, when not all of it.
    pub coverage: Option<String>,
    pub graded: usize,
    pub not_applicable: usize,
    pub criteria: usize,
    pub scale: Vec<ScaleLevelCtx>,
    pub counts: Vec<CountCtx>,
    /// Inline SVG: results at each grade.
    pub grades_chart: String,
    /// Inline SVG: each standard's score.
    pub standards_chart: String,
    pub standards: Vec<StandardCtx>,
    pub actions: Vec<TrackedActionCtx>,
    pub open_actions: usize,
    pub overdue_actions: usize,
    pub previous: Option<PreviousCtx>,
    /// For an organisation formed by a merger: each organisation it was formed from,
    /// with its latest earlier return.
    pub merged: Vec<MergedCtx>,
    pub csv: String,
    pub json: String,
}

#[derive(Serialize)]
pub struct StandardCtx {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub description: Option<String>,
    pub score: Option<ScoreCtx>,
    pub previous_score: Option<ScoreCtx>,
    pub criteria: Vec<CriterionCtx>,
}

#[derive(Serialize)]
pub struct CriterionCtx {
    pub id: String,
    pub anchor: String,
    pub text: String,
    /// Shown only when it is not 1.
    pub weight: Option<String>,
    /// The effective grade.
    pub grade: Option<ScaleLevelCtx>,
    /// The self-assessed grade, when moderation changed it.
    pub self_assessed: Option<ScaleLevelCtx>,
    /// Whether moderation gave the grade the organisation gave itself.
    pub confirmed: bool,
    pub not_applicable: Option<String>,
    /// What the effective grade looks like, from the framework.
    pub descriptor: Option<String>,
    pub evidence: Vec<String>,
    pub comment: Option<String>,
    /// What it compares with in the previous return: one grade, or several for a
    /// criterion merged from several.
    pub previous: Vec<PreviousGradeCtx>,
    /// `up`, `down` or `same` against the previous return; `None` if not comparable.
    pub change: Option<&'static str>,
    /// Why there is no change, in words, when there is a previous return.
    pub not_compared: Option<String>,
    /// The actions on this criterion.
    pub actions: Vec<ActionRefCtx>,
}

#[derive(Serialize)]
pub struct PreviousGradeCtx {
    /// The earlier criterion's id, when the previous return is to the framework this
    /// one replaces.
    pub criterion: Option<String>,
    /// Its grade; `None` if it was not applicable.
    pub grade: Option<ScaleLevelCtx>,
}

#[derive(Serialize)]
pub struct ActionRefCtx {
    pub id: String,
    pub anchor: String,
}

#[derive(Serialize)]
pub struct MergedCtx {
    pub organisation: String,
    pub url: Option<String>,
    pub previous: Option<PreviousCtx>,
}

#[derive(Serialize)]
pub struct PreviousCtx {
    pub period: String,
    /// Whose return it is: this organisation's, or the one it continues.
    pub organisation: String,
    pub other_organisation: bool,
    /// Its framework, when that is the one this return's framework replaces.
    pub framework: Option<Link>,
    /// How much of its framework it was graded on, when not all of it.
    pub coverage: Option<String>,
    /// How many of this return's criteria it has a counterpart for, of how many.
    pub compared: usize,
    pub criteria: usize,
    pub url: String,
    pub score: Option<ScoreCtx>,
    /// The change in score, signed, one decimal place: `+6.3`.
    pub change: Option<String>,
    pub direction: Option<&'static str>,
    /// How many criteria went up, down or stayed the same.
    pub up: usize,
    pub down: usize,
    pub same: usize,
}

/// Everything an audit page (or an embedded summary) shows. `chart_id` keeps chart
/// ids unique when a page embeds more than one summary.
pub fn audit_ctx(site: &Site, id: AuditId, chart_id: &str) -> Option<AuditCtx> {
    let v = AuditView::new(&site.assurance, id, site.selection.as_of, site.directory())?;
    let fw = &v.framework.fw;
    let entry = v.entry;
    let ret = &entry.ret;
    let url = site.pages[entry.page].url.clone();
    let period = v.previous.as_ref().map(|p| p.entry.period());
    let standards: Vec<StandardCtx> = v
        .standards
        .iter()
        .map(|s| standard_ctx(fw, s, period))
        .collect();
    let counts = counts_ctx(fw, &v.score.counts, &v.shares);
    Some(AuditCtx {
        framework: Link {
            title: fw.title.clone(),
            url: site.pages[v.framework.page].url.clone(),
        },
        framework_id: fw.id.value.trim().to_string(),
        organisation: entry.organisation().to_string(),
        organisation_url: org_url(site, entry),
        period: entry.period().to_string(),
        url: url.clone(),
        submitted: ret.submitted.map(DateCtx::new),
        completed_by: ret.completed_by.clone(),
        signed_off_by: ret.signed_off_by.clone(),
        moderated_by: ret.moderated_by.clone(),
        note: ret.note.clone(),
        score: v.score.overall.map(|s| score_ctx(fw, &s)),
        coverage: coverage(fw, v.score),
        graded: v.score.graded,
        not_applicable: v.score.not_applicable,
        criteria: fw.criterion_count(),
        scale: scale_ctx(fw),
        grades_chart: grades_chart(&v, chart_id, &counts),
        standards_chart: standards_chart(&v, chart_id, &standards),
        counts,
        standards,
        open_actions: v.open_actions(),
        overdue_actions: v.overdue_actions(),
        actions: v
            .actions
            .iter()
            .map(|act| tracked_action_ctx(site, entry, fw, *act))
            .collect(),
        previous: v.previous.as_ref().map(|p| previous_ctx(site, &v, p)),
        merged: v
            .merged
            .iter()
            .map(|m| MergedCtx {
                organisation: m.name.to_string(),
                url: site.registry.as_ref().and_then(|r| {
                    let d = &r.directory;
                    d.resolve(m.name).map(|o| r.url_of(site, d.id(o)))
                }),
                previous: m.previous.as_ref().map(|p| previous_ctx(site, &v, p)),
            })
            .collect(),
        csv: format!("{url}audit.csv"),
        json: format!("{url}audit.json"),
    })
}

fn standard_ctx(fw: &Framework, s: &StandardView, period: Option<&str>) -> StandardCtx {
    StandardCtx {
        id: s.standard.id.value.trim().to_string(),
        anchor: anchor("standard", &s.standard.id.value),
        title: s.standard.title.clone(),
        description: s.standard.description.clone(),
        score: s.score.map(|v| score_ctx(fw, &v)),
        previous_score: s.previous.map(|v| score_ctx(fw, &v)),
        criteria: s
            .criteria
            .iter()
            .map(|c| criterion_ctx(fw, c, period))
            .collect(),
    }
}

/// `period` is the previous return's, for saying why a criterion is not compared.
fn criterion_ctx(fw: &Framework, c: &CriterionView, period: Option<&str>) -> CriterionCtx {
    let (criterion, result) = (c.criterion, c.result);
    CriterionCtx {
        id: criterion.id.value.trim().to_string(),
        anchor: anchor("criterion", &criterion.id.value),
        text: criterion.text.clone(),
        weight: (criterion.weight() != rust_decimal::Decimal::ONE)
            .then(|| number(criterion.weight())),
        grade: c.grade.and_then(|g| grade_ctx(fw, g)),
        self_assessed: c.self_assessed.and_then(|g| grade_ctx(fw, g)),
        confirmed: c.confirmed,
        not_applicable: result
            .not_applicable
            .as_ref()
            .map(|n| n.value.trim().to_string()),
        descriptor: c.descriptor.map(str::to_string),
        evidence: result.evidence.clone(),
        comment: result.comment.clone(),
        previous: c
            .previous
            .iter()
            .enumerate()
            .map(|(i, g)| PreviousGradeCtx {
                criterion: c.previous_ids.get(i).map(|s| s.to_string()),
                grade: g.and_then(|g| grade_ctx(fw, g)),
            })
            .collect(),
        change: c.change.map(direction_name),
        not_compared: c
            .not_compared
            .map(|n| not_compared_text(n, period.unwrap_or("the previous return"))),
        actions: c
            .actions
            .iter()
            .map(|act| ActionRefCtx {
                id: act.id.value.trim().to_string(),
                anchor: anchor("action", &act.id.value),
            })
            .collect(),
    }
}

/// The page of a return's organisation, where the site has a registry.
fn org_url(site: &Site, entry: &crate::assurance::AuditEntry) -> Option<String> {
    let r = site.registry.as_ref()?;
    entry.who.org.map(|_| r.url_of(site, &entry.who.key))
}

/// Why a criterion has no direction, as a board member reads it.
fn not_compared_text(n: NotCompared, period: &str) -> String {
    match n {
        NotCompared::New => "New in this framework, so there is nothing to compare with".into(),
        NotCompared::NotApplicableNow => "Not applicable now, so not compared".into(),
        NotCompared::NotApplicableThen => format!("Not applicable in {period}, so not compared"),
        NotCompared::Mixed => {
            "Merged from earlier criteria that compare differently, so no one direction".into()
        }
    }
}

fn previous_ctx(site: &Site, v: &AuditView, p: &PreviousView) -> PreviousCtx {
    let fw = &p.framework.fw;
    PreviousCtx {
        period: p.entry.period().to_string(),
        organisation: p.entry.organisation().to_string(),
        other_organisation: p.other_organisation,
        framework: (!p.same_framework(v)).then(|| Link {
            title: fw.title.clone(),
            url: site.pages[p.framework.page].url.clone(),
        }),
        coverage: p.entry.score.as_ref().and_then(|s| coverage(fw, s)),
        compared: p.compared,
        criteria: v.framework.fw.criterion_count(),
        url: site.pages[p.entry.page].url.clone(),
        score: p.score.map(|v| score_ctx(fw, &v)),
        change: p.change.map(|c| change_text(&fw.values(), c.by)),
        direction: p.change.map(|c| direction_name(c.direction)),
        up: p.changes.up,
        down: p.changes.down,
        same: p.changes.same,
    }
}

/// Results at each grade, as bars.
fn grades_chart(v: &AuditView, chart_id: &str, counts: &[CountCtx]) -> String {
    let max = v.score.counts.iter().copied().max().unwrap_or(0) as f64;
    chart::bars(
        &format!("{chart_id}-grades"),
        &format!(
            "Results at each grade, {} {}",
            v.entry.organisation(),
            v.entry.period()
        ),
        &format!(
            "Bar chart of how many of the {} graded criteria are at each grade; the table beside it gives the same figures.",
            v.score.graded
        ),
        &counts
            .iter()
            .map(|c| Bar {
                label: c.level.label.clone(),
                value: c.count as f64,
                text: format!("{} ({})", c.count, c.share),
                class: format!("grade-{}", c.level.colour),
            })
            .collect::<Vec<_>>(),
        max,
    )
}

/// Each standard's score, as bars measured from the scale's bottom (or 0, if that
/// is lower) to its top.
fn standards_chart(v: &AuditView, chart_id: &str, standards: &[StandardCtx]) -> String {
    let fw = &v.framework.fw;
    let values: Vec<f64> = fw.values().into_iter().map(to_f64).collect();
    let top = values.last().copied().unwrap_or(1.0);
    let bottom = values.first().copied().unwrap_or(0.0).min(0.0);
    chart::bars(
        &format!("{chart_id}-standards"),
        &format!(
            "Score of each standard, {} {}",
            v.entry.organisation(),
            v.entry.period()
        ),
        "Bar chart of each standard's score on the framework's scale; the standards table gives the same figures.",
        &standards
            .iter()
            .map(|s| Bar {
                label: format!("Standard {}", s.id),
                value: s.score.as_ref().map_or(0.0, |sc| sc.value - bottom),
                text: s.score.as_ref().map_or("not applicable".to_string(), |sc| {
                    format!("{} {}", sc.text, sc.label)
                }),
                class: s.score.as_ref().map_or("grade-none".to_string(), |sc| {
                    format!("grade-{}", sc.colour)
                }),
            })
            .collect::<Vec<_>>(),
        top - bottom,
    )
}
