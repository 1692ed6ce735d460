//! Numbers as authors write them: scale values, grades and weights are read from
//! their text into exact decimals (`rust_decimal`), never through a binary float, so
//! `0.1` is one tenth and a mean of 75s is exactly 75.
//!
//! Every figure is worked out exactly as long as the numbers stay within the limits
//! below, which `framework.rs` holds authors to: a scale value is at most a million
//! either side of 0 with at most 4 digits after the point, a weight at most a million
//! with at most 9; and the largest weighted sum a return could have, counted in its
//! smallest digit, is at most 10^25 (`Framework::fits_exactly`), so every sum,
//! product and comparison scoring makes fits a decimal's 28 digits with room to spare
//! and nothing is ever rounded. A framework of 100 criteria on a scale of 0 to 100
//! with weights of 1 to 10 in two decimal places uses about 10^7 of that.

use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Deserialize;

/// The largest scale value either side of 0.
pub const MAX_VALUE: i64 = 1_000_000;
/// The most digits a scale value may have after the decimal point.
pub const VALUE_PLACES: u32 = 4;
/// The largest weight.
pub const MAX_WEIGHT: i64 = 1_000_000;
/// The most digits a weight may have after the decimal point.
pub const WEIGHT_PLACES: u32 = 9;

/// A number as written: its text, and its exact value if it is a number.
#[derive(Clone, Debug)]
pub struct Written {
    pub value: Option<Decimal>,
    pub text: String,
}

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?.trim().to_string();
        Ok(Written {
            value: exact(&text),
            text,
        })
    }
}

/// The exact value of a number written as text (`75`, `2.5`, `1e-7`), with no
/// trailing zeros (`75.0` is `75`); `None` for anything else.
pub fn exact(text: &str) -> Option<Decimal> {
    let t = text.trim();
    // Only digits, a sign, a point and an exponent: `Decimal` would take `1_000`.
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c)) {
        return None;
    }
    Decimal::from_str(t)
        .or_else(|_| Decimal::from_scientific(t))
        .ok()
        .map(|d| d.normalize())
}

/// Whether text that is not an exact number still reads as one (`1e40`, beyond what a
/// decimal holds), so it is called too large rather than not a number.
pub fn too_large(text: &str) -> bool {
    text.trim().parse::<f64>().is_ok_and(f64::is_finite)
}

/// Whether `v` is within `max` either side of 0, with at most `places` digits after
/// the point.
pub fn within(v: Decimal, max: i64, places: u32) -> bool {
    v.abs() <= Decimal::from(max) && v.normalize().scale() <= places
}

/// A number as people write it: `75`, not `75.0`; `2.5` stays `2.5`.
pub fn number(v: Decimal) -> String {
    v.normalize().to_string()
}

/// A decimal as a JSON number: the nearest binary float.
pub fn to_f64(v: Decimal) -> f64 {
    v.to_f64().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn numbers_are_read_as_written() {
        assert_eq!(exact("0.1"), Some(d("0.1")));
        assert_eq!(exact(" 75.0 "), Some(d("75")));
        // Scientific forms: 1e-7 is one ten-millionth, 2.5E2 is 250.
        assert_eq!(exact("1e-7"), Some(d("0.0000001")));
        assert_eq!(exact("2.5E2"), Some(d("250")));
        for not in ["low", "", "1_000", ".inf", "nan", "0x10", "1,5"] {
            assert_eq!(exact(not), None, "{not}");
        }
        assert!(exact("1e40").is_none() && too_large("1e40") && !too_large("low"));
        assert_eq!(number(d("75.000")), "75");
        assert_eq!(number(d("0.0000001")), "0.0000001");
    }

    #[test]
    fn limits_keep_every_figure_exact() {
        assert!(within(d("1000000"), MAX_VALUE, VALUE_PLACES));
        assert!(!within(d("1000000.5"), MAX_VALUE, VALUE_PLACES));
        assert!(within(d("-2.1234"), MAX_VALUE, VALUE_PLACES));
        assert!(!within(d("2.12345"), MAX_VALUE, VALUE_PLACES));
        // 75.00000 is 75: trailing zeros are not digits of the value.
        assert!(within(d("75.00000"), MAX_VALUE, VALUE_PLACES));
        assert!(within(d("0.000000001"), MAX_WEIGHT, WEIGHT_PLACES));
        assert!(!within(d("1000001"), MAX_WEIGHT, WEIGHT_PLACES));
        assert!(!within(d("0.0000000001"), MAX_WEIGHT, WEIGHT_PLACES));
    }
}
