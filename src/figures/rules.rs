//! What a figure means and how it is judged and shown: units, directions, measures,
//! status against a target, and the rounding of a figure for a page.
//!
//! Invariant: every judgement is made on exact decimals, so a figure on its target or
//! amber line is at it (7 of 25 is 28%, never 28.000000000000004); and a figure is
//! never shown as better than it is: where it must be rounded for a page it is
//! rounded toward the unfavourable side, so a figure that misses a whole-number
//! target is never shown on it.

use rust_decimal::{Decimal, RoundingStrategy};
use schemars::JsonSchema;
use serde::Deserialize;

/// What a figure counts or measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// A percentage (`84.3%`).
    Percent,
    /// A number of people or events: a whole number, protected in public builds.
    Count,
    /// Any other number (a rate, a score).
    Number,
    /// A number of days.
    Days,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Percent => "percent",
            Unit::Count => "count",
            Unit::Number => "number",
            Unit::Days => "days",
        }
    }
}

/// Which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// A higher figure is better (a share done on time).
    Higher,
    /// A lower figure is better (days waited).
    Lower,
}

impl Better {
    pub fn as_str(self) -> &'static str {
        match self {
            Better::Higher => "higher",
            Better::Lower => "lower",
        }
    }

    /// Rounding toward the unfavourable side: down where higher is better.
    fn unfavourable(self) -> RoundingStrategy {
        match self {
            Better::Higher => RoundingStrategy::ToNegativeInfinity,
            Better::Lower => RoundingStrategy::ToPositiveInfinity,
        }
    }
}

/// How a year's figure is made from its periods, and a total from organisations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// Numerator over denominator: the year adds both, then divides.
    Ratio,
    /// The year is the sum of its periods.
    Sum,
    /// The year is the mean of its periods.
    Mean,
    /// The year is its latest period (a figure at the end of a period).
    Last,
}

impl Measure {
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Ratio => "ratio",
            Measure::Sum => "sum",
            Measure::Mean => "mean",
            Measure::Last => "last",
        }
    }
}

/// A figure's status against its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Green,
    Amber,
    Red,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Green => "green",
            Status::Amber => "amber",
            Status::Red => "red",
        }
    }

    /// In words, so status is never carried by colour alone.
    pub fn words(self) -> &'static str {
        match self {
            Status::Green => "Meets target",
            Status::Amber => "Below target",
            Status::Red => "Well below target",
        }
    }
}

/// A target and its amber line, with the direction they are read in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Judge {
    pub better: Better,
    pub target: Option<Decimal>,
    pub amber: Option<Decimal>,
}

impl Judge {
    /// Green at or beyond the target; amber short of it but not beyond the amber line;
    /// red beyond that (or short of the target with no amber line); none without a
    /// target.
    pub fn status(&self, value: Decimal) -> Option<Status> {
        let target = self.target?;
        let meets = |line: Decimal| match self.better {
            Better::Higher => value >= line,
            Better::Lower => value <= line,
        };
        Some(if meets(target) {
            Status::Green
        } else if self.amber.is_some_and(meets) {
            Status::Amber
        } else {
            Status::Red
        })
    }

    /// Rounds `value` to `places` decimals toward the unfavourable side.
    pub fn round(&self, value: Decimal, places: u32) -> Decimal {
        value
            .round_dp_with_strategy(places, self.better.unfavourable())
            .normalize()
    }
}

/// `numerator × 100 / denominator`, exact to a decimal's 28 digits; none for a
/// denominator of 0.
pub fn percent(numerator: u64, denominator: u64) -> Option<Decimal> {
    if denominator == 0 {
        return None;
    }
    Some(Decimal::from(numerator) * Decimal::ONE_HUNDRED / Decimal::from(denominator))
}

/// A number as a page shows it: `84.3`, `90` (a trailing `.0` dropped), with
/// thousands apart (`1,234`).
pub fn decimal_text(v: Decimal) -> String {
    let v = v.normalize();
    let text = v.abs().to_string();
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if v.is_sign_negative() && !v.is_zero() {
        "−"
    } else {
        ""
    };
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn judge(better: Better, target: &str, amber: Option<&str>) -> Judge {
        Judge {
            better,
            target: Some(d(target)),
            amber: amber.map(d),
        }
    }

    #[test]
    fn status_at_above_and_below_target_and_amber_for_higher() {
        let j = judge(Better::Higher, "90", Some("80"));
        assert_eq!(j.status(d("90")), Some(Status::Green)); // on the target
        assert_eq!(j.status(d("95.5")), Some(Status::Green));
        assert_eq!(j.status(d("89.99")), Some(Status::Amber));
        assert_eq!(j.status(d("80")), Some(Status::Amber)); // on the amber line
        assert_eq!(j.status(d("79.9")), Some(Status::Red));
        // No amber line: anything short of the target is red.
        let j = judge(Better::Higher, "90", None);
        assert_eq!(j.status(d("89.9")), Some(Status::Red));
        // 7 of 25 is exactly 28%: on a target of 28 it is green.
        let j = judge(Better::Higher, "28", Some("20"));
        assert_eq!(j.status(percent(7, 25).unwrap()), Some(Status::Green));
        // One third is just short of 33.34, and exactly above 33.33.
        assert_eq!(
            judge(Better::Higher, "33.34", None).status(percent(1, 3).unwrap()),
            Some(Status::Red)
        );
        assert_eq!(
            judge(Better::Higher, "33.33", None).status(percent(1, 3).unwrap()),
            Some(Status::Green)
        );
    }

    #[test]
    fn status_at_above_and_below_target_and_amber_for_lower() {
        let j = judge(Better::Lower, "10", Some("15"));
        assert_eq!(j.status(d("10")), Some(Status::Green));
        assert_eq!(j.status(d("2")), Some(Status::Green));
        assert_eq!(j.status(d("10.01")), Some(Status::Amber));
        assert_eq!(j.status(d("15")), Some(Status::Amber));
        assert_eq!(j.status(d("15.01")), Some(Status::Red));
        let none = Judge {
            better: Better::Lower,
            target: None,
            amber: None,
        };
        assert_eq!(none.status(d("3")), None);
    }

    #[test]
    fn rounding_never_flatters() {
        let up = judge(Better::Higher, "90", None);
        assert_eq!(up.round(d("89.96"), 1), d("89.9"));
        assert_eq!(up.round(d("89.96"), 0), d("89"));
        assert_eq!(up.round(percent(2, 3).unwrap(), 1), d("66.6"));
        let down = judge(Better::Lower, "10", None);
        assert_eq!(down.round(d("10.01"), 1), d("10.1"));
        assert_eq!(down.round(d("10.01"), 0), d("11"));
        assert_eq!(down.round(d("10"), 0), d("10"));
    }

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(decimal_text(d("84.30")), "84.3");
        assert_eq!(decimal_text(d("90.0")), "90");
        assert_eq!(decimal_text(d("1234567")), "1,234,567");
        assert_eq!(decimal_text(d("-2.5")), "−2.5");
        assert_eq!(decimal_text(d("0")), "0");
        assert_eq!(percent(1, 0), None);
    }
}
