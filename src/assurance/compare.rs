//! One return against an earlier one, criterion by criterion: within one framework,
//! each criterion with itself; across framework versions, each with what the map
//! says it carries on from. A direction is given only where both sides are graded
//! and agree on which way it went; everything else says why there is none.

use rust_decimal::Decimal;

use super::scoring::AuditScore;
use super::stats::{Changes, Direction, direction};
use super::versions;
use super::{Assurance, FrameworkId};

/// Why a criterion has no direction against the earlier return.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotCompared {
    /// Nothing in the earlier framework corresponds to it.
    New,
    /// It is not applicable in this return.
    NotApplicableNow,
    /// What it compares with was not applicable in the earlier return.
    NotApplicableThen,
    /// It merges earlier criteria that moved different ways against it.
    Mixed,
}

/// A criterion against the earlier return.
#[derive(Clone, Debug, PartialEq)]
pub struct CriterionChange {
    /// The indexes (framework order) of the earlier criteria it compares with.
    pub with: Vec<usize>,
    /// The effective grades of what it compares with (`None` where not applicable);
    /// empty for a new criterion.
    pub before: Vec<Option<Decimal>>,
    pub change: Option<Direction>,
    pub not_compared: Option<NotCompared>,
}

/// The whole of one return against an earlier one.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// For each criterion (framework order).
    pub criteria: Vec<CriterionChange>,
    /// How many criteria have something to compare with.
    pub compared: usize,
    /// How many went up, down or stayed the same.
    pub changes: Changes,
}

/// `now` (a grade or not applicable) against the grades it compares with.
pub fn criterion_change(now: Option<Decimal>, before: Vec<Option<Decimal>>) -> CriterionChange {
    criterion_change_with(now, before, Vec::new())
}

fn criterion_change_with(
    now: Option<Decimal>,
    before: Vec<Option<Decimal>>,
    with: Vec<usize>,
) -> CriterionChange {
    let graded: Vec<Decimal> = before.iter().flatten().copied().collect();
    let (change, not_compared) = match now {
        _ if before.is_empty() => (None, Some(NotCompared::New)),
        None => (None, Some(NotCompared::NotApplicableNow)),
        Some(_) if graded.is_empty() => (None, Some(NotCompared::NotApplicableThen)),
        Some(g) => {
            let first = direction(g, graded[0]);
            match graded.iter().all(|b| direction(g, *b) == first) {
                true => (Some(first), None),
                false => (None, Some(NotCompared::Mixed)),
            }
        }
    };
    CriterionChange {
        with,
        before,
        change,
        not_compared,
    }
}

/// `now` against `before`, through `counterparts` (for each criterion of `now`'s
/// framework, the criteria of `before`'s it compares with).
pub fn compare(now: &AuditScore, before: &AuditScore, counterparts: &[Vec<usize>]) -> Comparison {
    let mut changes = Changes::default();
    let mut compared = 0;
    let criteria = now
        .grades
        .iter()
        .zip(counterparts)
        .map(|(g, with)| {
            let grades = with
                .iter()
                .map(|&j| before.grades.get(j).copied().flatten())
                .collect();
            let c = criterion_change_with(*g, grades, with.clone());
            compared += usize::from(!with.is_empty());
            if let Some(d) = c.change {
                changes.add(d);
            }
            c
        })
        .collect();
    Comparison {
        criteria,
        compared,
        changes,
    }
}

impl Assurance {
    /// For each criterion of framework `from`, the criteria of `to` it compares with:
    /// itself when they are one framework; through each version's map when `to` is
    /// one `from` replaces, directly or through others. `None` otherwise.
    pub fn counterparts(&self, from: FrameworkId, to: FrameworkId) -> Option<Vec<Vec<usize>>> {
        let n = self.frameworks[from].fw.criterion_count();
        let mut sets: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
        let mut at = from;
        while at != to {
            let next = self.frameworks[at].replaces?;
            let step = versions::counterparts(&self.frameworks[at].fw, &self.frameworks[next].fw);
            sets = sets
                .iter()
                .map(|set| {
                    let mut out: Vec<usize> =
                        set.iter().flat_map(|&i| step[i].iter().copied()).collect();
                    out.sort_unstable();
                    out.dedup();
                    out
                })
                .collect();
            at = next;
            if at == from {
                return None;
            }
        }
        Some(sets)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_direction_only_where_both_are_graded_and_agree() {
        use Direction::*;
        let d = |v: i64| Some(Decimal::from(v));
        let c = |now: Option<Decimal>, before: &[Option<Decimal>]| {
            let c = criterion_change(now, before.to_vec());
            (c.change, c.not_compared)
        };
        assert_eq!(c(d(75), &[d(50)]), (Some(Up), None));
        assert_eq!(c(d(50), &[d(75)]), (Some(Down), None));
        assert_eq!(c(d(50), &[d(50)]), (Some(Same), None));
        // The reported fault: not applicable before is no change, not "No change".
        assert_eq!(
            c(d(50), &[None]),
            (None, Some(NotCompared::NotApplicableThen))
        );
        assert_eq!(
            c(None, &[d(50)]),
            (None, Some(NotCompared::NotApplicableNow))
        );
        assert_eq!(c(d(50), &[]), (None, Some(NotCompared::New)));
        // Merged from 25 and 50: 75 is up on both; 50 is up on one and level with the
        // other, so it has no one direction.
        assert_eq!(c(d(75), &[d(25), d(50)]), (Some(Up), None));
        assert_eq!(c(d(50), &[d(25), d(50)]), (None, Some(NotCompared::Mixed)));
        // One of the two not applicable then: compared with the other.
        assert_eq!(c(d(50), &[None, d(75)]), (Some(Down), None));
    }
}
