//! One figure (an organisation's, or a total's, for one period or year) with its true
//! values, and the figure as a build shows it: true in an internal build; in a public
//! one with small numbers protected (SPEC "Small numbers in public builds").
//!
//! Invariant: in a public build no count from 1 to `suppress_below` − 1 and no count
//! that is not a multiple of 5 leaves this module, and no percentage whose numerator,
//! denominator or difference is small; a change is the difference of figures as
//! shown, so nothing true can be recovered by subtraction.

use rust_decimal::Decimal;

use super::period::Period;
use super::rules::{Judge, Status, Unit};

/// A figure with its true values.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// Whose figure: an index into the dataset's bodies; `None` for a total over them.
    pub who: Option<usize>,
    pub period: Period,
    /// A roll-up of a financial year's periods.
    pub year: bool,
    /// The exact value; `None` where there is none (nobody eligible).
    pub value: Option<Decimal>,
    /// A ratio's parts (counts).
    pub numerator: Option<u64>,
    pub denominator: Option<u64>,
    /// For a year's roll-up: how many of its periods made it, of how many it has.
    pub periods: Option<(u8, u8)>,
    pub note: Option<String>,
    /// The same series' figure for the previous period, and for the same period a
    /// year before: indices into the same list.
    pub previous: Option<usize>,
    pub year_before: Option<usize>,
    /// For a total: the organisations that make it, in order. A total is compared
    /// only with one made by the same organisations, so a change is never one
    /// organisation's missing return.
    pub cohort: Option<std::sync::Arc<[usize]>>,
}

/// How a count is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    /// From 1 to `suppress_below` − 1: shown as `*`.
    Small,
    Is(u64),
}

/// The small-number rule of a public build: `below` is `suppress_below` (never 0:
/// a setting of 0 is no rule at all).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Smalls {
    pub below: u64,
}

impl Smalls {
    /// The rule for a build: none in an internal build, or with `suppress_below: 0`.
    pub fn new(public: bool, suppress_below: u64) -> Option<Smalls> {
        (public && suppress_below > 0).then_some(Smalls {
            below: suppress_below,
        })
    }

    fn small(self, n: u64) -> bool {
        n >= 1 && n < self.below
    }

    /// A count as shown: `*` when small, else to the nearest 5.
    pub fn count(self, n: u64) -> Count {
        if self.small(n) {
            Count::Small
        } else {
            Count::Is(n.saturating_add(2) / 5 * 5)
        }
    }

    /// Whether a percentage of `part` in `whole` must be left out: either count, or
    /// those not in the part, is small.
    pub fn hides(self, part: u64, whole: u64) -> bool {
        self.small(part) || self.small(whole) || self.small(whole.saturating_sub(part))
    }
}

/// A figure as this build shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    /// The value shown (true in an internal build); `None` where left out or there is
    /// none.
    pub value: Option<Decimal>,
    /// Left out to protect small numbers (shown as `*`), rather than missing.
    pub withheld: bool,
    pub numerator: Option<Count>,
    pub denominator: Option<Count>,
    pub status: Option<Status>,
    pub change: Option<Decimal>,
    pub change_year: Option<Decimal>,
    /// A total whose change (since the previous period, since a year before) is not
    /// given because other organisations made the figure it would be compared with.
    pub not_comparable: [bool; 2],
}

/// What a series' figures are, for showing them.
#[derive(Clone, Copy)]
pub struct Meaning<'a> {
    pub unit: Unit,
    /// Whether a percentage is made from the numerator and denominator.
    pub ratio: bool,
    /// The judge of every figure, or each figure's own (training rows).
    pub judge: &'a dyn Fn(usize) -> Judge,
}

/// Every figure of a series as shown: true values in an internal build (`smalls`
/// `None`), protected ones in a public build.
pub fn present(figures: &[Figure], meaning: Meaning<'_>, smalls: Option<Smalls>) -> Vec<Shown> {
    let mut shown: Vec<Shown> = figures
        .iter()
        .enumerate()
        .map(|(i, f)| one(f, meaning, (meaning.judge)(i), smalls))
        .collect();
    // Changes are between figures as shown: in a public build, rounded from rounded.
    for (i, f) in figures.iter().enumerate() {
        let value = shown[i].value;
        let same = |o: usize| figures[o].cohort == f.cohort;
        let diff = |other: Option<usize>| {
            let o = other?;
            if !same(o) {
                return None;
            }
            Some(value? - shown[o].value?)
        };
        let (change, change_year) = (diff(f.previous), diff(f.year_before));
        shown[i].not_comparable = [f.previous, f.year_before].map(|o| o.is_some_and(|o| !same(o)));
        shown[i].change = change;
        shown[i].change_year = change_year;
    }
    shown
}

fn one(f: &Figure, meaning: Meaning<'_>, judge: Judge, smalls: Option<Smalls>) -> Shown {
    let mut s = Shown {
        value: f.value,
        withheld: false,
        numerator: f.numerator.map(Count::Is),
        denominator: f.denominator.map(Count::Is),
        status: None,
        change: None,
        change_year: None,
        not_comparable: [false; 2],
    };
    if let Some(rule) = smalls {
        s.numerator = f.numerator.map(|n| rule.count(n));
        s.denominator = f.denominator.map(|n| rule.count(n));
        s.value = match (meaning.unit, f.value) {
            (_, None) => None,
            (Unit::Count, Some(v)) => match rule.count(whole(v)) {
                Count::Small => None,
                Count::Is(n) => Some(Decimal::from(n)),
            },
            (Unit::Percent, Some(v)) => {
                let hidden = meaning.ratio
                    && match (f.numerator, f.denominator) {
                        (Some(n), Some(d)) => rule.hides(n, d),
                        _ => true,
                    };
                (!hidden).then(|| judge.round(v, 0))
            }
            (Unit::Number | Unit::Days, Some(v)) => Some(judge.round(v, 1)),
        };
        s.withheld = f.value.is_some() && s.value.is_none();
    }
    s.status = s.value.and_then(|v| judge.status(v));
    s
}

/// A count held as a decimal (whole by the checks), as a whole number.
fn whole(v: Decimal) -> u64 {
    use rust_decimal::prelude::ToPrimitive;
    v.trunc().to_u64().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::rules::Better;

    fn rule() -> Smalls {
        Smalls::new(true, 5).unwrap()
    }

    #[test]
    fn small_counts_are_starred_and_others_rounded_to_five() {
        let r = rule();
        assert_eq!(r.count(0), Count::Is(0));
        for n in 1..=4 {
            assert_eq!(r.count(n), Count::Small, "{n}");
        }
        assert_eq!(r.count(5), Count::Is(5));
        assert_eq!(r.count(7), Count::Is(5));
        assert_eq!(r.count(8), Count::Is(10));
        assert_eq!(r.count(12), Count::Is(10));
        assert_eq!(r.count(13), Count::Is(15));
        assert_eq!(r.count(1_002), Count::Is(1_000));
        assert_eq!(Smalls::new(false, 5), None);
        assert_eq!(Smalls::new(true, 0), None);
        // A higher threshold stars more, and still rounds to 5.
        let ten = Smalls::new(true, 10).unwrap();
        assert_eq!(ten.count(9), Count::Small);
        assert_eq!(ten.count(11), Count::Is(10));
    }

    #[test]
    fn a_percentage_that_could_point_at_a_person_is_left_out() {
        let r = rule();
        assert!(r.hides(11, 12)); // one person not compliant
        assert!(r.hides(3, 40)); // three compliant
        assert!(r.hides(3, 3)); // three eligible
        assert!(!r.hides(0, 40)); // nobody compliant, forty eligible: 0%
        assert!(!r.hides(40, 40)); // everyone: 100%
        assert!(!r.hides(30, 40));
    }

    fn fig(value: &str, n: Option<u64>, d: Option<u64>, previous: Option<usize>) -> Figure {
        Figure {
            who: Some(0),
            period: Period::parse("2025-26 Q1").unwrap(),
            year: false,
            value: Some(value.parse().unwrap()),
            numerator: n,
            denominator: d,
            periods: None,
            note: None,
            previous,
            year_before: None,
            cohort: None,
        }
    }

    #[test]
    fn public_figures_are_rounded_and_changes_are_between_shown_figures() {
        let judge = |_: usize| Judge {
            better: Better::Higher,
            target: Some(90.into()),
            amber: Some(80.into()),
        };
        let meaning = Meaning {
            unit: Unit::Percent,
            ratio: true,
            judge: &judge,
        };
        // 179 of 200 is 89.5%: amber, shown as 89 in public (never as 90).
        let figures = vec![
            fig("89.5", Some(179), Some(200), None),
            fig("91.25", Some(73), Some(80), Some(0)),
            fig("91.666666", Some(11), Some(12), Some(1)),
        ];
        let internal = present(&figures, meaning, None);
        assert_eq!(internal[0].status, Some(Status::Amber));
        assert_eq!(internal[1].change, Some("1.75".parse().unwrap()));
        let public = present(&figures, meaning, Some(rule()));
        assert_eq!(public[0].value, Some(89.into()));
        assert_eq!(public[0].numerator, Some(Count::Is(180)));
        assert_eq!(public[1].value, Some(91.into()));
        assert_eq!(public[1].change, Some(2.into()));
        // 11 of 12 is left out: one person is not compliant.
        assert_eq!(public[2].value, None);
        assert!(public[2].withheld);
        assert_eq!(public[2].status, None);
        assert_eq!(public[2].change, None);
        assert_eq!(public[2].numerator, Some(Count::Is(10)));
    }

    #[test]
    fn public_counts_are_protected() {
        let judge = |_: usize| Judge {
            better: Better::Lower,
            target: Some(10.into()),
            amber: None,
        };
        let meaning = Meaning {
            unit: Unit::Count,
            ratio: false,
            judge: &judge,
        };
        let figures = vec![fig("3", None, None, None), fig("12", None, None, Some(0))];
        let public = present(&figures, meaning, Some(rule()));
        assert_eq!(public[0].value, None);
        assert!(public[0].withheld);
        // 12 is shown as 10, and judged as shown: on the target.
        assert_eq!(public[1].value, Some(10.into()));
        assert_eq!(public[1].status, Some(Status::Green));
        assert_eq!(public[1].change, None);
        let internal = present(&figures, meaning, None);
        assert_eq!(internal[1].status, Some(Status::Red));
        assert_eq!(internal[1].change, Some(9.into()));
    }
}
