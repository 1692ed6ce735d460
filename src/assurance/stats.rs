//! Figures across returns: a period's returns taken together, and how a return
//! changed since the same organisation's previous one. Pure, like `scoring.rs`, and
//! tested with hand-computed values.

use rust_decimal::Decimal;

use super::scoring::{AuditScore, Mean, Score, shares, shown};

/// Which way a grade or score moved since the previous return.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Same,
}

pub fn direction(now: Decimal, before: Decimal) -> Direction {
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
    /// Signed: the score now less the score before, as shown (tenths; percentage
    /// points on a scale of two levels).
    pub by: Decimal,
    pub direction: Direction,
}

/// The change between the scores as shown (`scoring::shown`), so it never
/// contradicts them: 74.96 after 74.91 is no change, since both read 74.9. Exact:
/// the difference of two numbers in tenths is itself in tenths.
pub fn score_change(levels: &[Decimal], now: &Score, before: &Score) -> ScoreChange {
    let (now, before) = (shown(levels, now), shown(levels, before));
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
    pub mean: Option<Score>,
    /// How many of the returns have a score (the mean is of these).
    pub scored: usize,
    /// Graded results at each level of the scale, all returns together.
    pub counts: Vec<usize>,
    /// For each criterion (framework order), how many returns grade it at each level.
    pub per_criterion: Vec<Vec<usize>>,
}

impl PeriodStats {
    /// `levels` are the scale's values, worst to best; `criteria` how many the
    /// framework has.
    pub fn of<'a>(
        levels: &[Decimal],
        criteria: usize,
        scores: impl IntoIterator<Item = &'a AuditScore>,
    ) -> PeriodStats {
        let mut mean = Mean::default();
        let mut scored = 0;
        let mut counts = vec![0usize; levels.len()];
        let mut per_criterion = vec![vec![0usize; levels.len()]; criteria];
        for score in scores {
            // Each return's score is its quotient (to a decimal's 28 digits) rounded to
            // 15 places: within 10^-15 of the exact score, so the mean of them is too,
            // and reads a level or a tenth differently from the exact mean only if
            // that lies within 10^-15 of one. Summed and counted exactly from there:
            // 15 places leave room for 79,000 returns of a million, 790 million of 100.
            if let Some(v) = score.overall {
                mean.add(v.value().round_dp(15), Decimal::ONE);
                scored += 1;
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
            mean: mean.score(),
            scored,
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

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn g(v: &str) -> Option<Decimal> {
        Some(d(v))
    }

    fn score(overall: Option<&str>, grades: &[Option<Decimal>], counts: &[usize]) -> AuditScore {
        let overall = overall.map(|v| Score::of(d(v)));
        AuditScore {
            overall,
            standards: vec![overall],
            grades: grades.to_vec(),
            counts: counts.to_vec(),
            graded: counts.iter().sum(),
            not_applicable: grades.iter().filter(|g| g.is_none()).count(),
        }
    }

    const RAGB: [&str; 4] = ["25", "50", "75", "100"];

    fn ragb() -> Vec<Decimal> {
        RAGB.iter().map(|v| d(v)).collect()
    }

    #[test]
    fn directions_and_changes_are_counted() {
        assert_eq!(direction(d("3"), d("2")), Direction::Up);
        assert_eq!(direction(d("1"), d("2")), Direction::Down);
        assert_eq!(direction(d("2"), d("2.0")), Direction::Same);
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
        let levels = ragb();
        let change = |now: &str, before: &str| {
            score_change(&levels, &Score::of(d(now)), &Score::of(d(before)))
        };
        // 68.37 shows as 68.3 and 62.05 as 62.0: up by exactly 6.3.
        let c = change("68.37", "62.05");
        assert_eq!((c.by, c.direction), (d("6.3"), Direction::Up));
        // Both show as 74.9: no change, though the unrounded scores differ.
        let c = change("74.96", "74.91");
        assert_eq!((c.by, c.direction), (d("0"), Direction::Same));
        // 74.99 after 75 shows as 74.9 after 75.0: down by exactly 0.1.
        let c = change("74.99", "75");
        assert_eq!((c.by, c.direction), (d("-0.1"), Direction::Down));
    }

    #[test]
    fn on_a_scale_of_two_levels_a_change_is_in_percentage_points() {
        let no_yes = [d("0"), d("1")];
        // 4 of 5 at Yes (80%) after 3 of 4 (75%): up 5 percentage points.
        let c = score_change(&no_yes, &Score::of(d("0.8")), &Score::of(d("0.75")));
        assert_eq!((c.by, c.direction), (d("5"), Direction::Up));
        // 0.9999 (99.99%, shown 99.9%) after 0.999 (99.9%): no change as shown.
        let c = score_change(&no_yes, &Score::of(d("0.9999")), &Score::of(d("0.999")));
        assert_eq!((c.by, c.direction), (d("0"), Direction::Same));
    }

    #[test]
    fn a_period_by_hand() {
        // A scale of 1, 2, 3 and two criteria; three returns, the last not scored.
        let levels = [d("1"), d("2"), d("3")];
        let scores = [
            score(Some("2.5"), &[g("3"), g("2")], &[0, 1, 1]),
            score(Some("1"), &[g("1"), g("1")], &[2, 0, 0]),
            score(None, &[None, None], &[0, 0, 0]),
        ];
        let s = PeriodStats::of(&levels, 2, &scores);
        // Each return counts once: (2.5 + 1) / 2 = 1.75; the third has no score, so
        // the mean is of 2 of the 3.
        assert_eq!(s.mean, Some(Score::of(d("1.75"))));
        assert_eq!(s.scored, 2);
        assert_eq!(s.counts, [2, 1, 1]);
        assert_eq!(s.per_criterion, [[1, 0, 1], [1, 1, 0]]);
        assert_eq!(
            s.criterion_shares(),
            [Some(vec![50.0, 0.0, 50.0]), Some(vec![50.0, 50.0, 0.0])]
        );
    }

    #[test]
    fn a_period_mean_of_thirds_is_within_its_bound() {
        // 224/3 and 226/3 (74.666… and 75.333…) have a mean of exactly 75: from
        // their 15-place quotients, 74.666666666666667 + 75.333333333333333 = 150,
        // over 2. The error bound (10^-15) is what lets it differ at all.
        let levels = ragb();
        let third = |sum: &str| {
            let mut m = Mean::default();
            m.add(d(sum), d("1"));
            m.add(d("0"), d("2"));
            m.score()
        };
        let mut a = score(None, &[], &[0, 0, 0, 0]);
        a.overall = third("224");
        let mut b = score(None, &[], &[0, 0, 0, 0]);
        b.overall = third("226");
        let s = PeriodStats::of(&levels, 0, [&a, &b]);
        assert_eq!(s.mean.unwrap().value(), d("75"));
    }

    #[test]
    fn a_criterion_no_return_grades_has_no_shares() {
        let levels = [d("1"), d("2")];
        let scores = [score(Some("2"), &[g("2"), None], &[0, 1])];
        let s = PeriodStats::of(&levels, 2, &scores);
        assert_eq!(s.criterion_shares(), [Some(vec![0.0, 100.0]), None]);
        let empty = PeriodStats::of(&levels, 2, []);
        assert_eq!(
            (empty.mean, empty.scored, empty.counts),
            (None, 0, vec![0, 0])
        );
    }
}
