//! What the figures' templates see: an indicator set's page (a summary, then each
//! indicator with its chart and a table of every figure the chart shows) and a
//! training dataset's page (compliance by strand and level, by organisation and by
//! staff group). Every figure is the one the build shows (`figures::figure::Shown`):
//! worded, formatted, its status in words. URLs are site-relative.

pub mod chart;
mod embed;
mod indicators;
pub mod members;
mod training;

pub use embed::{indicators_embed, training_embed};
pub use indicators::{IndicatorsCtx, indicators_ctx};
pub use training::{TrainingCtx, training_ctx};

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::figures::cells::Body;
use crate::figures::figure::{Count, Shown};
use crate::figures::period::PeriodKind;
use crate::figures::rules::{Judge, Status, Unit, decimal_text};
use crate::site::Site;

/// More organisations than this, and a page shows how they spread against the
/// target instead of a row for each: each one's figures are on its own page and in
/// the downloads.
pub const MANY: usize = 20;

#[derive(Clone, Serialize)]
pub struct StatusCtx {
    /// `green`, `amber` or `red`, for a class.
    pub class: &'static str,
    pub words: &'static str,
}

pub fn status_ctx(s: Option<Status>) -> Option<StatusCtx> {
    s.map(|s| StatusCtx {
        class: s.as_str(),
        words: s.words(),
    })
}

/// How many of `statuses` are green, amber, red and none (`none` says what none
/// means), in that order, for a table of how organisations stand.
pub fn spread(
    statuses: impl Iterator<Item = Option<Status>>,
    none: &'static str,
) -> Vec<indicators::SpreadCtx> {
    let order = [
        Some(Status::Green),
        Some(Status::Amber),
        Some(Status::Red),
        None,
    ];
    let mut counts = [0usize; 4];
    for s in statuses {
        counts[order.iter().position(|o| *o == s).unwrap_or(3)] += 1;
    }
    order
        .iter()
        .zip(counts)
        .map(|(s, count)| indicators::SpreadCtx {
            status: status_ctx(*s),
            words: s.map_or(none, |s| s.words()),
            count,
        })
        .collect()
}

/// One figure as a table row shows it.
#[derive(Clone, Serialize)]
pub struct FigureCtx {
    pub value: String,
    pub numerator: String,
    pub denominator: String,
    pub status: Option<StatusCtx>,
    pub change: String,
    pub change_year: String,
    /// Left out to protect small numbers.
    pub withheld: bool,
}

/// How figures of a unit are written.
#[derive(Clone, Copy)]
pub struct Format {
    pub unit: Unit,
    pub judge: Judge,
    pub public: bool,
}

impl Format {
    /// A value as shown: one decimal internally (never flattering), whole percentages
    /// in public; `*` where left out, a dash where there is none.
    pub fn value(&self, s: &Shown) -> String {
        match s.value {
            None if s.withheld => "*".into(),
            None => "–".into(),
            Some(v) => self.number(v),
        }
    }

    pub fn number(&self, v: Decimal) -> String {
        let v = match (self.unit, self.public) {
            (Unit::Count, _) | (_, true) => v,
            _ => self.judge.round(v, 1),
        };
        let suffix = match self.unit {
            Unit::Percent => "%",
            Unit::Days => {
                if v == Decimal::ONE {
                    " day"
                } else {
                    " days"
                }
            }
            _ => "",
        };
        format!("{}{suffix}", decimal_text(v))
    }

    /// A change: `+2.5 points` for a percentage, `−3` for a count; a dash for none.
    pub fn change(&self, c: Option<Decimal>) -> String {
        let Some(c) = c else { return "–".into() };
        let exact = c;
        let c = c.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
        if c.is_zero() {
            // A change too small for one decimal is still a change.
            let unit = match self.unit {
                Unit::Percent => " points",
                Unit::Days => " days",
                _ => "",
            };
            return match exact.is_zero() {
                true => "No change".into(),
                false if exact.is_sign_positive() => format!("Up, under 0.1{unit}"),
                false => format!("Down, under 0.1{unit}"),
            };
        }
        let sign = if c.is_sign_positive() { "+" } else { "" };
        let unit = match self.unit {
            Unit::Percent => {
                if c.abs() == Decimal::ONE {
                    " point"
                } else {
                    " points"
                }
            }
            Unit::Days => {
                if c.abs() == Decimal::ONE {
                    " day"
                } else {
                    " days"
                }
            }
            _ => "",
        };
        format!("{sign}{}{unit}", decimal_text(c))
    }

    /// A change, or why a total has none: other organisations made the other figure.
    pub fn change_of(&self, c: Option<Decimal>, not_comparable: bool) -> String {
        match c {
            None if not_comparable => "Not comparable".into(),
            c => self.change(c),
        }
    }

    pub fn figure(&self, s: &Shown) -> FigureCtx {
        FigureCtx {
            value: self.value(s),
            numerator: count_text(s.numerator),
            denominator: count_text(s.denominator),
            status: status_ctx(s.status),
            change: self.change_of(s.change, s.not_comparable[0]),
            change_year: self.change_of(s.change_year, s.not_comparable[1]),
            withheld: s.withheld,
        }
    }

    /// A value for a chart: its height, none for a gap.
    pub fn height(&self, s: &Shown) -> Option<f64> {
        use rust_decimal::prelude::ToPrimitive;
        s.value.and_then(|v| v.to_f64())
    }
}

pub fn count_text(c: Option<Count>) -> String {
    match c {
        None => String::new(),
        Some(Count::Small) => "*".into(),
        Some(Count::Is(n)) => decimal_text(Decimal::from(n)),
    }
}

/// What a public build says about its figures, once per page.
pub fn public_note(site: &Site) -> Option<String> {
    let k = site.smalls()?.below;
    Some(format!(
        "To protect people's privacy, counts from 1 to {} are shown as *, other counts are rounded to the nearest 5, and a percentage that could point at so few people is left out (also shown as *). Percentages are worked out from the true figures and shown as whole numbers.",
        k - 1
    ))
}

/// A link to a body's page in the registry, where there is one.
pub fn body_url(site: &Site, body: &Body) -> Option<String> {
    let r = site.registry.as_ref()?;
    let d = &r.directory;
    let known = d.resolve(&body.id).is_some() || d.partnership_named(&body.id).is_some();
    known.then(|| r.url_of(site, &body.id))
}

pub fn kind_words(kind: Option<PeriodKind>) -> &'static str {
    match kind {
        Some(PeriodKind::Month) => "month",
        Some(PeriodKind::Year) => "financial year",
        _ => "quarter",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::rules::Better;

    fn format(unit: Unit, better: Better, public: bool) -> Format {
        Format {
            unit,
            judge: Judge {
                better,
                target: None,
                amber: None,
            },
            public,
        }
    }

    fn shown(v: Option<&str>, withheld: bool) -> Shown {
        Shown {
            value: v.map(|v| v.parse().unwrap()),
            withheld,
            numerator: None,
            denominator: None,
            status: None,
            change: None,
            change_year: None,
            not_comparable: [false; 2],
        }
    }

    #[test]
    fn figures_are_written_as_a_board_reads_them() {
        let p = format(Unit::Percent, Better::Higher, false);
        assert_eq!(p.value(&shown(Some("89.96"), false)), "89.9%");
        assert_eq!(p.value(&shown(Some("90"), false)), "90%");
        assert_eq!(p.value(&shown(None, true)), "*");
        assert_eq!(p.value(&shown(None, false)), "–");
        assert_eq!(p.change(Some("1.75".parse().unwrap())), "+1.8 points");
        assert_eq!(p.change(Some("-1".parse().unwrap())), "−1 point");
        assert_eq!(p.change(Some(Decimal::ZERO)), "No change");
        assert_eq!(
            p.change(Some("0.01".parse().unwrap())),
            "Up, under 0.1 points"
        );
        assert_eq!(
            p.change(Some("-0.04".parse().unwrap())),
            "Down, under 0.1 points"
        );
        let d = format(Unit::Days, Better::Lower, false);
        assert_eq!(d.value(&shown(Some("12.01"), false)), "12.1 days");
        let c = format(Unit::Count, Better::Lower, true);
        assert_eq!(c.value(&shown(Some("1250"), false)), "1,250");
    }
}
