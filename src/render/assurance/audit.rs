//! An audit return's page, and the summary of one embedded in another page.

use jiff::civil::Date;
use serde::Serialize;

use super::chart::{self, Bar};
use super::{
    CountCtx, ScaleLevelCtx, ScoreCtx, TrackedActionCtx, counts_ctx, direction_name, grade_ctx,
    scale_ctx, score_ctx, status_label,
};
use crate::assurance::framework::number;
use crate::assurance::stats::{Changes, direction, score_change};
use crate::assurance::{Assurance, AuditId, anchor};
use crate::render::context::{DateCtx, Link};
use crate::site::Site;

#[derive(Serialize)]
pub struct AuditCtx {
    pub framework: Link,
    pub framework_id: String,
    pub organisation: String,
    pub period: String,
    pub url: String,
    pub submitted: Option<DateCtx>,
    pub completed_by: Option<String>,
    pub signed_off_by: Option<String>,
    pub moderated_by: Option<String>,
    pub note: Option<String>,
    pub score: Option<ScoreCtx>,
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
    pub not_applicable: Option<String>,
    /// What the effective grade looks like, from the framework.
    pub descriptor: Option<String>,
    pub evidence: Vec<String>,
    pub comment: Option<String>,
    pub previous: Option<ScaleLevelCtx>,
    /// `up`, `down` or `same` against the previous return; `None` if not comparable.
    pub change: Option<&'static str>,
    /// The actions on this criterion.
    pub actions: Vec<ActionRefCtx>,
}

#[derive(Serialize)]
pub struct ActionRefCtx {
    pub id: String,
    pub anchor: String,
}

#[derive(Serialize)]
pub struct PreviousCtx {
    pub period: String,
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
    let a: &Assurance = &site.assurance;
    let as_of: Date = site.selection.as_of;
    let entry = &a.audits[id];
    let fid = entry.framework?;
    let f = &a.frameworks[fid];
    let fw = &f.fw;
    let checked = entry.checked.as_ref()?;
    let score = entry.score.as_ref()?;
    let ret = &entry.ret;
    let url = site.pages[entry.page].url.clone();
    let previous = entry.previous.map(|p| &a.audits[p]);
    let previous_score = previous.and_then(|p| p.score.as_ref());

    let mut criteria_ctx: Vec<Vec<CriterionCtx>> =
        fw.standards.value.iter().map(|_| Vec::new()).collect();
    let mut changes = Changes::default();
    for (i, (cref, c)) in fw.all_criteria().enumerate() {
        let r = &ret.results.value[checked.result_of[i]].value;
        let grade = score.grades[i];
        let before = previous_score.and_then(|p| p.grades.get(i).copied().flatten());
        let change = match (grade, before) {
            (Some(g), Some(b)) => Some(direction(g, b)),
            _ => None,
        };
        if let Some(d) = change {
            changes.add(d);
        }
        let descriptor = grade.and_then(|g| {
            c.descriptors.as_ref().and_then(|d| {
                d.value
                    .iter()
                    .find(|(k, _)| k.trim().parse::<f64>().ok() == Some(g))
                    .map(|(_, v)| v.clone())
            })
        });
        let self_assessed = match (&r.grade, &r.moderated) {
            (Some(g), Some(m)) if g.value != m.value => grade_ctx(fw, g.value),
            _ => None,
        };
        criteria_ctx[cref.standard].push(CriterionCtx {
            id: c.id.value.trim().to_string(),
            anchor: anchor("criterion", &c.id.value),
            text: c.text.clone(),
            weight: (c.weight() != 1.0).then(|| number(c.weight())),
            grade: grade.and_then(|g| grade_ctx(fw, g)),
            self_assessed,
            not_applicable: r
                .not_applicable
                .as_ref()
                .map(|n| n.value.trim().to_string()),
            descriptor,
            evidence: r.evidence.clone(),
            comment: r.comment.clone(),
            previous: before.and_then(|b| grade_ctx(fw, b)),
            change: change.map(direction_name),
            actions: ret
                .actions
                .iter()
                .zip(&checked.action_criteria)
                .filter(|(_, ac)| **ac == cref)
                .map(|(act, _)| ActionRefCtx {
                    id: act.value.id.value.trim().to_string(),
                    anchor: anchor("action", &act.value.id.value),
                })
                .collect(),
        });
    }
    let standards: Vec<StandardCtx> = fw
        .standards
        .value
        .iter()
        .zip(criteria_ctx)
        .enumerate()
        .map(|(i, (s, criteria))| StandardCtx {
            id: s.value.id.value.trim().to_string(),
            anchor: anchor("standard", &s.value.id.value),
            title: s.value.title.clone(),
            description: s.value.description.clone(),
            score: score.standards[i].map(|v| score_ctx(fw, v)),
            previous_score: previous_score
                .and_then(|p| p.standards.get(i).copied().flatten())
                .map(|v| score_ctx(fw, v)),
            criteria,
        })
        .collect();

    let actions: Vec<TrackedActionCtx> = ret
        .actions
        .iter()
        .map(|act| {
            let act = &act.value;
            TrackedActionCtx {
                id: act.id.value.trim().to_string(),
                anchor: anchor("action", &act.id.value),
                criterion: act.criterion.value.trim().to_string(),
                criterion_anchor: anchor("criterion", &act.criterion.value),
                action: act.action.clone(),
                owner: act.owner.clone(),
                due: act.due.map(DateCtx::new),
                status: act.status.as_str(),
                status_label: status_label(act.status),
                overdue: act.is_overdue(as_of),
                organisation: entry.organisation().to_string(),
                period: entry.period().to_string(),
                framework: fw.title.clone(),
                audit_url: url.clone(),
            }
        })
        .collect();

    let counts = counts_ctx(fw, &score.counts);
    let max = score.counts.iter().copied().max().unwrap_or(0) as f64;
    let grades_chart = chart::bars(
        &format!("{chart_id}-grades"),
        &format!(
            "Results at each grade, {} {}",
            entry.organisation(),
            entry.period()
        ),
        &format!(
            "Bar chart of how many of the {} graded criteria are at each grade; the table beside it gives the same figures.",
            score.graded
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
    );
    let top = fw.values().last().copied().unwrap_or(1.0);
    let bottom = fw.values().first().copied().unwrap_or(0.0).min(0.0);
    let standards_chart = chart::bars(
        &format!("{chart_id}-standards"),
        &format!(
            "Score of each standard, {} {}",
            entry.organisation(),
            entry.period()
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
    );

    Some(AuditCtx {
        framework: Link {
            title: fw.title.clone(),
            url: site.pages[f.page].url.clone(),
        },
        framework_id: fw.id.value.trim().to_string(),
        organisation: entry.organisation().to_string(),
        period: entry.period().to_string(),
        url: url.clone(),
        submitted: ret.submitted.map(DateCtx::new),
        completed_by: ret.completed_by.clone(),
        signed_off_by: ret.signed_off_by.clone(),
        moderated_by: ret.moderated_by.clone(),
        note: ret.note.clone(),
        score: score.overall.map(|v| score_ctx(fw, v)),
        graded: score.graded,
        not_applicable: score.not_applicable,
        criteria: checked.result_of.len(),
        scale: scale_ctx(fw),
        counts,
        grades_chart,
        standards_chart,
        standards,
        open_actions: actions.iter().filter(|x| x.status != "done").count(),
        overdue_actions: actions.iter().filter(|x| x.overdue).count(),
        actions,
        previous: previous.map(|p| {
            let before = p.score.as_ref().and_then(|s| s.overall);
            let change = match (score.overall, before) {
                (Some(n), Some(b)) => Some(score_change(n, b)),
                _ => None,
            };
            PreviousCtx {
                period: p.period().to_string(),
                url: site.pages[p.page].url.clone(),
                score: before.map(|v| score_ctx(fw, v)),
                change: change.map(|c| format!("{:+.1}", c.by)),
                direction: change.map(|c| direction_name(c.direction)),
                up: changes.up,
                down: changes.down,
                same: changes.same,
            }
        }),
        csv: format!("{url}audit.csv"),
        json: format!("{url}audit.json"),
    })
}
