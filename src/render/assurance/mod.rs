//! What the assurance templates see: audit returns, frameworks, the index of returns
//! and the action tracker, with scores already labelled and charts already drawn.
//! URLs are site-relative; templates prefix them with `root`.

mod audit;
mod chart;
mod embed;
mod framework;
mod grid;
mod index;

use rust_decimal::Decimal;
use serde::Serialize;

use super::context::DateCtx;
use crate::assurance::audit::ActionStatus;
use crate::assurance::framework::{Framework, number};
use crate::assurance::number::to_f64;
use crate::assurance::scoring::{AuditScore, Score, is_share, level_for, shown};
use crate::assurance::stats::Direction;
use crate::assurance::view::ActionView;
use crate::assurance::{AuditEntry, anchor};
use crate::site::Site;

pub use audit::{AuditCtx, audit_ctx};
pub use embed::{ActionsEmbedCtx, TrendEmbedCtx, actions_embed, trend_embed};
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
    /// Unrounded (for charts).
    pub value: f64,
    /// One decimal place, rounded down: `68.3`; on a scale of two levels, the share
    /// at the top level: `80%`, `99.9%`.
    pub text: String,
    /// The best level at or below the score; on a scale of two levels, the top
    /// level's label, which the share is of (`Yes`), not a level the score is at.
    pub label: String,
    pub colour: &'static str,
    /// Whether `text` is a share at the top level (`80% Yes`), not a score.
    pub share: bool,
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
        value: number(l.value()),
        label: l.label.value.clone(),
        colour: l.colour.as_str(),
    }
}

fn grade_ctx(fw: &Framework, value: Decimal) -> Option<ScaleLevelCtx> {
    fw.level_of(value).map(|i| level_ctx(fw, i))
}

/// A score as `scoring::shown` has it: to one decimal place, rounded down (`68.3`),
/// or on a scale of two levels the share at the top (`80%`, `99.9%`).
fn score_text(levels: &[Decimal], score: &Score) -> String {
    let shown = shown(levels, score);
    if is_share(levels) {
        format!("{}%", number(shown))
    } else {
        format!("{shown:.1}")
    }
}

/// A change between shown scores, signed: `+6.3`, or `+6.3 percentage points` on a
/// scale of two levels.
pub(crate) fn change_text(levels: &[Decimal], by: Decimal) -> String {
    let sign = if by >= Decimal::ZERO { "+" } else { "" };
    if is_share(levels) {
        format!("{sign}{} percentage points", number(by))
    } else {
        format!("{sign}{by:.1}")
    }
}

/// How much of the framework a return is graded on, when not all of it:
/// `graded on 2 of 17 criteria (15 not applicable)`.
fn coverage(fw: &Framework, score: &AuditScore) -> Option<String> {
    let all = fw.criterion_count();
    (score.graded < all).then(|| {
        format!(
            "graded on {} of {all} criteri{} ({} not applicable)",
            score.graded,
            if all == 1 { "on" } else { "a" },
            score.not_applicable
        )
    })
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

pub(crate) fn score_ctx(fw: &Framework, score: &Score) -> ScoreCtx {
    let levels = fw.values();
    let share = is_share(&levels);
    let l = fw.level(if share {
        levels.len() - 1
    } else {
        level_for(&levels, score)
    });
    ScoreCtx {
        value: to_f64(score.value()),
        text: score_text(&levels, score),
        label: l.label.value.clone(),
        colour: if share { "none" } else { l.colour.as_str() },
        share,
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

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn scores_show_one_decimal_rounded_down() {
        let ragb = [d("25"), d("50"), d("75"), d("100")];
        assert_eq!(score_text(&ragb, &Score::of(d("75"))), "75.0");
        assert_eq!(score_text(&ragb, &Score::of(d("74.96"))), "74.9");
        assert_eq!(change_text(&ragb, d("6.3")), "+6.3");
        assert_eq!(change_text(&ragb, d("-0.1")), "-0.1");
        assert_eq!(change_text(&ragb, d("0")), "+0.0");
    }

    #[test]
    fn a_scale_of_two_levels_shows_the_share_at_the_top() {
        let no_yes = [d("0"), d("1")];
        // 0.8 on 0 (No) to 1 (Yes) is 80% at Yes; 0.9999 is 99.99%, shown 99.9%.
        assert_eq!(score_text(&no_yes, &Score::of(d("0.8"))), "80%");
        assert_eq!(score_text(&no_yes, &Score::of(d("0.9999"))), "99.9%");
        assert_eq!(change_text(&no_yes, d("12.5")), "+12.5 percentage points");
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
