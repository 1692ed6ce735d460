//! What the assurance templates see: audit returns, frameworks, the index of returns
//! and the action tracker, with scores already labelled and charts already drawn.
//! URLs are site-relative; templates prefix them with `root`.

mod audit;
mod chart;
mod framework;
mod grid;
mod index;

use serde::Serialize;

use super::context::DateCtx;
use crate::assurance::audit::ActionStatus;
use crate::assurance::framework::{Framework, number};
use crate::assurance::scoring::{level_for, shown};
use crate::assurance::stats::Direction;
use crate::assurance::view::ActionView;
use crate::assurance::{AuditEntry, anchor};
use crate::site::Site;

pub use audit::{AuditCtx, audit_ctx};
pub use framework::{FrameworkCtx, framework_ctx};
pub use grid::{GridPageCtx, grid_page_ctx, grid_page_url, grid_pages};
pub use index::{HeadlineCtx, IndexCtx, headlines, index_ctx, overdue_actions, tracker_actions};

#[derive(Clone, Serialize)]
pub struct ScaleLevelCtx {
    /// The value as written: `75`.
    pub value: String,
    pub label: String,
    pub colour: &'static str,
}

#[derive(Clone, Serialize)]
pub struct ScoreCtx {
    /// Unrounded.
    pub value: f64,
    /// One decimal place: `68.3`.
    pub text: String,
    /// The best level at or below the score.
    pub label: String,
    pub colour: &'static str,
}

#[derive(Serialize)]
pub struct CountCtx {
    pub level: ScaleLevelCtx,
    pub count: usize,
    /// Per cent of graded results, whole: `40%`.
    pub share: String,
}

#[derive(Serialize)]
pub struct TrackedActionCtx {
    pub id: String,
    pub anchor: String,
    pub criterion: String,
    pub criterion_anchor: String,
    pub action: String,
    pub owner: Option<String>,
    pub due: Option<DateCtx>,
    pub status: &'static str,
    pub status_label: &'static str,
    pub overdue: bool,
    /// For the tracker: which return it belongs to.
    pub organisation: String,
    pub period: String,
    pub framework: String,
    pub audit_url: String,
}

fn level_ctx(fw: &Framework, index: usize) -> ScaleLevelCtx {
    let l = fw.level(index);
    ScaleLevelCtx {
        value: number(l.value.value),
        label: l.label.value.clone(),
        colour: l.colour.as_str(),
    }
}

fn grade_ctx(fw: &Framework, value: f64) -> Option<ScaleLevelCtx> {
    fw.level_of(value).map(|i| level_ctx(fw, i))
}

/// A score to one decimal place, rounded down as `scoring::shown` has it.
fn score_text(score: f64) -> String {
    format!("{:.1}", shown(score))
}

/// A share in whole per cent as a board reads it: a share that is not exactly 0 or
/// 100 never shows as `0%` or `100%`.
fn share_text(share: f64) -> String {
    if share > 0.0 && share < 0.5 {
        "<1%".to_string()
    } else if (99.5..100.0).contains(&share) {
        ">99%".to_string()
    } else {
        format!("{share:.0}%")
    }
}

pub(crate) fn score_ctx(fw: &Framework, score: f64) -> ScoreCtx {
    let level = level_for(&fw.values(), score);
    let l = fw.level(level);
    ScoreCtx {
        value: score,
        text: score_text(score),
        label: l.label.value.clone(),
        colour: l.colour.as_str(),
    }
}

fn scale_ctx(fw: &Framework) -> Vec<ScaleLevelCtx> {
    (0..fw.scale.value.len())
        .map(|i| level_ctx(fw, i))
        .collect()
}

/// `counts` at each level of the scale, with their `shares` (per cent).
fn counts_ctx(fw: &Framework, counts: &[usize], shares: &[f64]) -> Vec<CountCtx> {
    counts
        .iter()
        .enumerate()
        .map(|(i, c)| CountCtx {
            level: level_ctx(fw, i),
            count: *c,
            share: share_text(shares[i]),
        })
        .collect()
}

/// An action as the audit page and the tracker show it.
pub(crate) fn tracked_action_ctx(
    site: &Site,
    audit: &AuditEntry,
    fw: &Framework,
    act: ActionView,
) -> TrackedActionCtx {
    let a = act.action;
    TrackedActionCtx {
        id: a.id.value.trim().to_string(),
        anchor: anchor("action", &a.id.value),
        criterion: a.criterion.value.trim().to_string(),
        criterion_anchor: anchor("criterion", &a.criterion.value),
        action: a.action.clone(),
        owner: a.owner.clone(),
        due: a.due.map(DateCtx::new),
        status: a.status.as_str(),
        status_label: status_label(a.status),
        overdue: act.overdue,
        organisation: audit.organisation().to_string(),
        period: audit.period().to_string(),
        framework: fw.title.clone(),
        audit_url: site.pages[audit.page].url.clone(),
    }
}

/// What templates test a change by (and its class, `change-up`).
fn direction_name(d: Direction) -> &'static str {
    match d {
        Direction::Up => "up",
        Direction::Down => "down",
        Direction::Same => "same",
    }
}

fn status_label(s: ActionStatus) -> &'static str {
    match s {
        ActionStatus::Open => "Open",
        ActionStatus::InProgress => "In progress",
        ActionStatus::Done => "Done",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_show_one_decimal_rounded_down() {
        assert_eq!(score_text(75.0), "75.0");
        assert_eq!(score_text(74.96), "74.9");
    }

    #[test]
    fn shares_near_the_ends_say_so() {
        assert_eq!(share_text(0.0), "0%");
        assert_eq!(share_text(0.44), "<1%");
        assert_eq!(share_text(99.6), ">99%");
        assert_eq!(share_text(100.0), "100%");
        assert_eq!(share_text(40.0), "40%");
    }
}
