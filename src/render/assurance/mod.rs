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
use crate::assurance::framework::Framework;
use crate::assurance::framework::number;
use crate::assurance::scoring::{level_for, share_text, shares, ulps};

pub use audit::{AuditCtx, audit_ctx};
pub use framework::{FrameworkCtx, framework_ctx};
pub use grid::{GridPageCtx, grid_page_ctx, grid_page_url, grid_pages};
pub use index::{IndexCtx, index_ctx, tracker_actions};

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

/// A score as shown: tenths, rounded down.
fn shown(score: f64) -> f64 {
    one_decimal_down(score).parse().unwrap_or(score)
}

/// A score to one decimal place, rounded down like its label: 74.96 is shown as 74.9
/// beside "Partially met", never as 75.0, which would read as "Mostly met".
pub fn one_decimal_down(score: f64) -> String {
    // The tolerance keeps 81.25 − ε (floating-point error) at 81.2, not 81.1, and
    // no more: 74.999999975 stays 74.9.
    let tenths = (score * 10.0 + ulps(score * 10.0)).floor();
    format!("{:.1}", tenths / 10.0)
}

pub fn score_ctx(fw: &Framework, score: f64) -> ScoreCtx {
    let level = level_for(&fw.values(), score);
    let l = fw.level(level);
    ScoreCtx {
        value: score,
        text: one_decimal_down(score),
        label: l.label.value.clone(),
        colour: l.colour.as_str(),
    }
}

fn scale_ctx(fw: &Framework) -> Vec<ScaleLevelCtx> {
    (0..fw.scale.value.len())
        .map(|i| level_ctx(fw, i))
        .collect()
}

fn counts_ctx(fw: &Framework, counts: &[usize]) -> Vec<CountCtx> {
    let share = shares(counts);
    counts
        .iter()
        .enumerate()
        .map(|(i, c)| CountCtx {
            level: level_ctx(fw, i),
            count: *c,
            share: share_text(share[i]),
        })
        .collect()
}

fn direction(now: f64, before: f64) -> &'static str {
    if now > before {
        "up"
    } else if now < before {
        "down"
    } else {
        "same"
    }
}

#[cfg(test)]
mod tests {
    use super::one_decimal_down;

    #[test]
    fn scores_are_shown_rounded_down_like_their_labels() {
        assert_eq!(one_decimal_down(74.96), "74.9");
        assert_eq!(one_decimal_down(75.0), "75.0");
        assert_eq!(one_decimal_down(81.25), "81.2");
        assert_eq!(one_decimal_down(5.0 / 3.0), "1.6");
        assert_eq!(one_decimal_down(2.9999999999999996), "3.0");
        assert_eq!(one_decimal_down(0.0), "0.0");
        assert_eq!(one_decimal_down(74.999999975), "74.9");
    }
}
