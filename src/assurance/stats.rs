//! Figures across returns: a period's returns taken together, and how a return
//! changed since the same organisation's previous one. Pure, like `scoring.rs`, and
//! tested with hand-computed values.

use super::scoring::{AuditScore, Mean, shares, shown};

/// Which way a grade or score moved since the previous return.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Same,
}

pub fn direction(now: f64, before: f64) -> Direction {
    if now > before {
        Direction::Up
    } else if now < before {
        Direction::Down
    } else {
        Direction::Same
    }
}

/// A return's score against its previous one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScoreChange {
    /// Signed: the score now less the score before.
    pub by: f64,
    pub direction: Direction,
}

/// The change between the scores as shown (`scoring::shown`), so it never
/// contradicts them: 74.96 after 74.91 is no change, since both read 74.9.
pub fn score_change(now: f64, before: f64) -> ScoreChange {
    let (now, before) = (shown(now), shown(before));
    ScoreChange {
        by: now - before,
        direction: direction(now, before),
    }
}

/// How many criteria went up, down or stayed the same.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub up: usize,
    pub down: usize,
    pub same: usize,
}

impl Changes {
    pub fn add(&mut self, d: Direction) {
        match d {
            Direction::Up => self.up += 1,
            Direction::Down => self.down += 1,
            Direction::Same => self.same += 1,
        }
    }
}

/// The scored returns of one period, taken together.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodStats {
    /// The mean of the returns' scores, each return counting once.
    pub mean: Option<f64>,
    /// Graded results at each level of the scale, all returns together.
    pub counts: Vec<usize>,
    /// For each criterion (framework order), how many returns grade it at each level.
    pub per_criterion: Vec<Vec<usize>>,
}

impl PeriodStats {
    /// `levels` are the scale's values, worst to best; `criteria` how many the
    /// framework has.
    pub fn of<'a>(
        levels: &[f64],
        criteria: usize,
        scores: impl IntoIterator<Item = &'a AuditScore>,
    ) -> PeriodStats {
        let mut mean = Mean::default();
        let mut counts = vec![0usize; levels.len()];
        let mut per_criterion = vec![vec![0usize; levels.len()]; criteria];
        for score in scores {
            if let Some(v) = score.overall {
                mean.add(v, 1.0);
            }
            for (c, n) in counts.iter_mut().zip(&score.counts) {
                *c += n;
            }
            for (ci, g) in score.grades.iter().enumerate() {
                if let Some(level) = g.and_then(|g| levels.iter().position(|v| *v == g)) {
                    per_criterion[ci][level] += 1;
                }
            }
        }
        PeriodStats {
            mean: mean.value(),
            counts,
            per_criterion,
        }
    }

    /// For each criterion, the share of the returns grading it that sit at each
    /// level, in per cent; `None` where no return grades it (not applicable
    /// everywhere), so there is no share to give.
    pub fn criterion_shares(&self) -> Vec<Option<Vec<f64>>> {
        self.per_criterion
            .iter()
            .map(|pc| (pc.iter().sum::<usize>() > 0).then(|| shares(pc)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(overall: Option<f64>, grades: &[Option<f64>], counts: &[usize]) -> AuditScore {
        AuditScore {
            overall,
            standards: vec![overall],
            grades: grades.to_vec(),
            counts: counts.to_vec(),
            graded: counts.iter().sum(),
            not_applicable: grades.iter().filter(|g| g.is_none()).count(),
        }
    }

    #[test]
    fn directions_and_changes_are_counted() {
        assert_eq!(direction(3.0, 2.0), Direction::Up);
        assert_eq!(direction(1.0, 2.0), Direction::Down);
        assert_eq!(direction(2.0, 2.0), Direction::Same);
        let mut c = Changes::default();
        for d in [
            Direction::Up,
            Direction::Same,
            Direction::Up,
            Direction::Down,
        ] {
            c.add(d);
        }
        assert_eq!(
            c,
            Changes {
                up: 2,
                down: 1,
                same: 1
            }
        );
    }

    #[test]
    fn a_score_change_is_between_the_scores_as_shown() {
        // 68.37 shows as 68.3 and 62.05 as 62.0: up by 6.3.
        let c = score_change(68.37, 62.05);
        assert_eq!(c.direction, Direction::Up);
        assert!((c.by - 6.3).abs() < 1e-9, "{}", c.by);
        // Both show as 74.9: no change, though the unrounded scores differ.
        let c = score_change(74.96, 74.91);
        assert_eq!((c.by, c.direction), (0.0, Direction::Same));
        // 74.99 after 75 shows as 74.9 after 75.0: down by 0.1.
        let c = score_change(74.99, 75.0);
        assert_eq!(c.direction, Direction::Down);
        assert!((c.by + 0.1).abs() < 1e-9, "{}", c.by);
    }

    #[test]
    fn a_period_by_hand() {
        // A scale of 1, 2, 3 and two criteria; three returns, the last not scored.
        let levels = [1.0, 2.0, 3.0];
        let scores = [
            score(Some(2.5), &[Some(3.0), Some(2.0)], &[0, 1, 1]),
            score(Some(1.0), &[Some(1.0), Some(1.0)], &[2, 0, 0]),
            score(None, &[None, None], &[0, 0, 0]),
        ];
        let s = PeriodStats::of(&levels, 2, &scores);
        // Each return counts once: (2.5 + 1) / 2, the third has no score.
        assert_eq!(s.mean, Some(1.75));
        assert_eq!(s.counts, [2, 1, 1]);
        assert_eq!(s.per_criterion, [[1, 0, 1], [1, 1, 0]]);
        assert_eq!(
            s.criterion_shares(),
            [Some(vec![50.0, 0.0, 50.0]), Some(vec![50.0, 50.0, 0.0])]
        );
    }

    #[test]
    fn a_criterion_no_return_grades_has_no_shares() {
        let levels = [1.0, 2.0];
        let scores = [score(Some(2.0), &[Some(2.0), None], &[0, 1])];
        let s = PeriodStats::of(&levels, 2, &scores);
        assert_eq!(s.criterion_shares(), [Some(vec![0.0, 100.0]), None]);
        let empty = PeriodStats::of(&levels, 2, []);
        assert_eq!((empty.mean, empty.counts), (None, vec![0, 0]));
    }
}
