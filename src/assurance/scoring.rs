//! Scores, exactly as SPEC defines them. A wrong score in front of a board is worse
//! than none, so this module is small, pure and tested with hand-computed values.
//!
//! - A result's effective grade is its moderated grade where given, else its grade.
//! - A standard's score is the weighted mean of its graded criteria; the audit's score
//!   the weighted mean of all graded criteria. Not-applicable criteria count in
//!   neither; nothing graded means no score.
//! - A score is labelled with the best level at or below it, never rounded up.
//! - Shares at each grade are of graded results.

use rust_decimal::Decimal;

use super::audit::{AuditReturn, Checked};
use super::framework::Framework;
use super::number::to_f64;

/// The figures of one return.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditScore {
    /// The weighted mean of all graded criteria; `None` if nothing is graded.
    pub overall: Option<Score>,
    /// Each standard's weighted mean, in framework order.
    pub standards: Vec<Option<Score>>,
    /// Each criterion's effective grade (framework order), `None` if not applicable.
    pub grades: Vec<Option<Decimal>>,
    /// How many graded results sit at each level of the scale (worst to best).
    pub counts: Vec<usize>,
    pub graded: usize,
    pub not_applicable: usize,
}

/// Accumulates a weighted mean. The sum and the weight are kept, exact, and never
/// divided: a score is exactly at a level or not.
#[derive(Clone, Copy, Debug, Default)]
pub struct Mean {
    sum: Decimal,
    weight: Decimal,
}

impl Mean {
    pub fn add(&mut self, value: Decimal, weight: Decimal) {
        self.sum += value * weight;
        self.weight += weight;
    }

    /// The mean, if anything with a weight was added.
    pub fn score(&self) -> Option<Score> {
        (self.weight > Decimal::ZERO).then_some(Score {
            sum: self.sum,
            weight: self.weight,
        })
    }
}

/// A weighted mean as its exact sum and weight (above 0): the score is
/// `sum / weight`, which is never worked out where it decides anything.
#[derive(Clone, Copy, Debug)]
pub struct Score {
    sum: Decimal,
    weight: Decimal,
}

/// Two scores are equal when their means are: `150 / 2` is `75 / 1`. (Exactly,
/// unless the cross products overflow, when their quotients are compared.)
impl PartialEq for Score {
    fn eq(&self, other: &Score) -> bool {
        match (
            self.sum.checked_mul(other.weight),
            other.sum.checked_mul(self.weight),
        ) {
            (Some(a), Some(b)) => a == b,
            _ => self.value() == other.value(),
        }
    }
}

impl Score {
    /// The score of a single value.
    pub fn of(value: Decimal) -> Score {
        Score {
            sum: value,
            weight: Decimal::ONE,
        }
    }

    /// Whether the score is at or above `v`: `v × weight ≤ sum`, no division.
    pub fn at_least(&self, v: Decimal) -> bool {
        v * self.weight <= self.sum
    }

    /// The score to tenths, rounded down, exactly: `floor(sum × 10 / weight) / 10`.
    pub fn tenths(&self) -> Decimal {
        floor_tenths(self.sum, self.weight)
    }

    /// On a scale of two levels, `low` and `high`: the share at the top level, in
    /// per cent to tenths, rounded down, exactly:
    /// `floor(1000 × (sum − low × weight) / ((high − low) × weight)) / 10`.
    pub fn share_tenths(&self, low: Decimal, high: Decimal) -> Decimal {
        floor_tenths(
            (self.sum - low * self.weight) * Decimal::ONE_HUNDRED,
            (high - low) * self.weight,
        )
    }

    /// The score itself, to a decimal's 28 digits: for JSON, charts and a period's
    /// mean, never for a label or a shown figure.
    pub fn value(&self) -> Decimal {
        self.sum / self.weight
    }

    /// The score as a JSON number (unrounded, as SPEC says, to a float's precision).
    pub fn to_f64(&self) -> f64 {
        to_f64(self.value())
    }
}

/// `num / den` (`den` above 0) in tenths, rounded down, exactly: a first guess by
/// division, then corrected until `q × den ≤ num × 10 < (q + 1) × den`.
fn floor_tenths(num: Decimal, den: Decimal) -> Decimal {
    let ten = Decimal::TEN;
    let target = num * ten;
    let mut q = (target / den).floor();
    while q * den > target {
        q -= Decimal::ONE;
    }
    while (q + Decimal::ONE) * den <= target {
        q += Decimal::ONE;
    }
    q / ten
}

pub fn score(fw: &Framework, ret: &AuditReturn, checked: &Checked) -> AuditScore {
    let levels = fw.values();
    let mut overall = Mean::default();
    let mut standards = vec![Mean::default(); fw.standards.value.len()];
    let mut grades = Vec::with_capacity(checked.result_of.len());
    let mut counts = vec![0; levels.len()];
    let mut not_applicable = 0;
    for ((cref, criterion), &index) in fw.all_criteria().zip(&checked.result_of) {
        let grade = ret.results.value[index].value.effective();
        match grade {
            Some(g) => {
                overall.add(g, criterion.weight());
                standards[cref.standard].add(g, criterion.weight());
                if let Some(level) = levels.iter().position(|v| *v == g) {
                    counts[level] += 1;
                }
            }
            None => not_applicable += 1,
        }
        grades.push(grade);
    }
    AuditScore {
        overall: overall.score(),
        standards: standards.iter().map(Mean::score).collect(),
        graded: counts.iter().sum(),
        grades,
        counts,
        not_applicable,
    }
}

/// The index of the best level at or below `score`, never rounding up: exactly, so
/// 69.99999999999993 is below 70, however small the weight that made it.
pub fn level_for(levels: &[Decimal], score: &Score) -> usize {
    levels.iter().rposition(|v| score.at_least(*v)).unwrap_or(0)
}

/// Whether scores on this scale are shown as the share at its top level: a scale of
/// exactly two levels (No and Yes) is read as how much is at Yes, not as a grade.
pub fn is_share(levels: &[Decimal]) -> bool {
    levels.len() == 2
}

/// A score as shown: to tenths, rounded down like its label, so 74.96 is shown as
/// 74.9 beside "Partially met", never as 75.0, which would read as "Mostly met". On
/// a scale of two levels, the share at the top level in per cent, rounded down the
/// same way. Changes between scores are worked out from these, so they agree.
pub fn shown(levels: &[Decimal], score: &Score) -> Decimal {
    match levels {
        [low, high] => score.share_tenths(*low, *high),
        _ => score.tenths(),
    }
}

/// Each count as a share of the total, in per cent (unrounded); zeros when empty.
pub fn shares(counts: &[usize]) -> Vec<f64> {
    let total: usize = counts.iter().sum();
    counts
        .iter()
        .map(|c| {
            if total == 0 {
                0.0
            } else {
                *c as f64 * 100.0 / total as f64
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::YamlSource;

    fn framework(scale: &str, criteria: &str) -> Framework {
        let text =
            format!("kind: framework\nid: f\ntitle: F\nscale:\n{scale}standards:\n{criteria}");
        Framework::parse(&YamlSource {
            path: "f.yaml",
            file_text: &text,
            yaml: &text,
            line_offset: 0,
        })
        .unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn scored(fw: &Framework, results: &str) -> AuditScore {
        let text = format!(
            "kind: audit\nframework: f\norganisation: O\nperiod: \"2016\"\nresults:\n{results}"
        );
        let source = YamlSource {
            path: "a.yaml",
            file_text: &text,
            yaml: &text,
            line_offset: 0,
        };
        let ret = AuditReturn::parse(&source).unwrap_or_else(|e| panic!("{e:?}"));
        let (checked, diags) = ret.check(fw, &source);
        let checked = checked.unwrap_or_else(|_| panic!("{diags:?}"));
        score(fw, &ret, &checked)
    }

    const RAGB: &str = "  - { value: 25, label: Not met, colour: red }\n  - { value: 50, label: Partially met, colour: blue }\n  - { value: 75, label: Mostly met, colour: amber }\n  - { value: 100, label: Fully met, colour: green }\n";

    /// Two standards: 1 has 1.1 (weight 1) and 1.2 (weight 3); 2 has 2.1 and 2.2.
    const TWO_STANDARDS: &str = "  - id: \"1\"\n    title: One\n    criteria:\n      - { id: \"1.1\", text: a }\n      - { id: \"1.2\", text: b, weight: 3 }\n  - id: \"2\"\n    title: Two\n    criteria:\n      - { id: \"2.1\", text: c }\n      - { id: \"2.2\", text: d }\n";

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// The exact score `sum / weight`.
    fn exactly(sum: &str, weight: &str) -> Option<Score> {
        Some(Score {
            sum: d(sum),
            weight: d(weight),
        })
    }

    #[test]
    fn weighted_means_by_hand() {
        let fw = framework(RAGB, TWO_STANDARDS);
        let s = scored(
            &fw,
            "  - { criterion: \"1.1\", grade: 25 }\n  - { criterion: \"1.2\", grade: 100 }\n  - { criterion: \"2.1\", grade: 50 }\n  - { criterion: \"2.2\", grade: 75 }\n",
        );
        // Standard 1: (25×1 + 100×3) / 4 = 325 / 4 = 81.25. Standard 2: (50 + 75) / 2.
        assert_eq!(s.standards, [exactly("325", "4"), exactly("125", "2")]);
        assert_eq!(s.standards[0].unwrap().value(), d("81.25"));
        // Overall: (25 + 300 + 50 + 75) / 6 = 75, the weighted mean of all criteria,
        // not the mean of the standards (71.875).
        assert_eq!(s.overall, exactly("450", "6"));
        assert_eq!(s.overall, Some(Score::of(d("75"))));
        assert_eq!(s.counts, [1, 1, 1, 1]);
        let levels = fw.values();
        assert_eq!(level_for(&levels, &s.overall.unwrap()), 2);
        assert_eq!(
            level_for(&levels, &s.standards[0].unwrap()),
            2,
            "never rounded up"
        );
        assert_eq!(level_for(&levels, &s.standards[1].unwrap()), 1);
    }

    #[test]
    fn moderated_grades_replace_self_assessed_ones() {
        let fw = framework(RAGB, TWO_STANDARDS);
        let s = scored(
            &fw,
            "  - { criterion: \"1.1\", grade: 100, moderated: 50 }\n  - { criterion: \"1.2\", grade: 100 }\n  - { criterion: \"2.1\", grade: 75, moderated: 100 }\n  - { criterion: \"2.2\", grade: 75 }\n",
        );
        // Standard 1: (50 + 300) / 4 = 87.5; standard 2: (100 + 75) / 2 = 87.5.
        assert_eq!(s.standards, [exactly("87.5", "1"), exactly("87.5", "1")]);
        // Overall: (50 + 300 + 100 + 75) / 6 = 525 / 6 = 87.5.
        assert_eq!(s.overall, exactly("525", "6"));
        let g = |v: &str| Some(d(v));
        assert_eq!(s.grades, [g("50"), g("100"), g("100"), g("75")]);
        assert_eq!(s.counts, [0, 1, 1, 2]);
    }

    #[test]
    fn not_applicable_counts_in_neither_and_nothing_graded_is_no_score() {
        let fw = framework(RAGB, TWO_STANDARDS);
        let s = scored(
            &fw,
            "  - { criterion: \"1.1\", grade: 25 }\n  - { criterion: \"1.2\", not_applicable: Not a provider }\n  - { criterion: \"2.1\", not_applicable: Not a provider }\n  - { criterion: \"2.2\", not_applicable: Not a provider }\n",
        );
        assert_eq!(s.standards, [exactly("25", "1"), None]);
        assert_eq!(s.overall, exactly("25", "1"));
        assert_eq!((s.graded, s.not_applicable), (1, 3));
        assert_eq!(shares(&s.counts), [100.0, 0.0, 0.0, 0.0]);
    }

    #[test]
    fn zero_to_three_scale_with_three_criteria() {
        let scale = "  - { value: 0, label: Inadequate, colour: red }\n  - { value: 1, label: Requires improvement, colour: amber }\n  - { value: 2, label: Good, colour: green }\n  - { value: 3, label: Outstanding, colour: blue }\n";
        let criteria = "  - id: A\n    title: A\n    criteria:\n      - { id: A1, text: a }\n      - { id: A2, text: b }\n      - { id: A3, text: c }\n";
        let fw = framework(scale, criteria);
        let s = scored(
            &fw,
            "  - { criterion: A1, grade: 2 }\n  - { criterion: A2, grade: 2 }\n  - { criterion: A3, grade: 1 }\n",
        );
        // (2 + 2 + 1) / 3 = 1.666…: labelled Requires improvement, not Good, and
        // shown as 1.6 (5 × 10 / 3 = 16.67, rounded down to 16 tenths).
        let overall = s.overall.unwrap();
        assert_eq!(overall, exactly("5", "3").unwrap());
        assert_eq!(level_for(&fw.values(), &overall), 1);
        assert_eq!(shown(&fw.values(), &overall), d("1.6"));
        assert_eq!(level_for(&fw.values(), &Score::of(d("0"))), 0);
    }

    #[test]
    fn what_floats_got_wrong_is_exact() {
        let fw = framework(
            "  - { value: 1, label: One, colour: red }\n  - { value: 2, label: Two, colour: amber }\n  - { value: 3, label: Three, colour: yellow }\n  - { value: 4, label: Four, colour: green }\n",
            "  - id: S\n    title: S\n    criteria:\n      - { id: S1, text: a, weight: 0.1 }\n      - { id: S2, text: b, weight: 0.2 }\n",
        );
        let s = scored(
            &fw,
            "  - { criterion: S1, grade: 3 }\n  - { criterion: S2, grade: 3 }\n",
        );
        // 0.1×3 + 0.2×3 over 0.3 is 0.9 / 0.3 = 3 exactly (2.9999999999999996 in
        // f64): labelled Three and shown as 3.0.
        let overall = s.overall.unwrap();
        assert_eq!(overall, exactly("0.9", "0.3").unwrap());
        assert_eq!(overall.value(), d("3"));
        assert_eq!(level_for(&fw.values(), &overall), 2);
        assert_eq!(shown(&fw.values(), &overall), d("3.0"));
        let percent = [d("0"), d("40"), d("70"), d("90")];
        assert_eq!(level_for(&percent, &Score::of(d("89.9"))), 2);
        assert_eq!(level_for(&percent, &Score::of(d("90"))), 3);
    }

    /// The reported fault: a tiny weight made a score of 69.99999999999993, which
    /// floats (with their tolerance) labelled and showed as 70.0 "Established", a
    /// level up.
    #[test]
    fn a_score_a_hair_below_a_level_is_below_it() {
        let fw = framework(
            "  - { value: 0, label: Absent, colour: red }\n  - { value: 40, label: Developing, colour: amber }\n  - { value: 70, label: Established, colour: green }\n  - { value: 100, label: Embedded, colour: blue }\n",
            "  - id: S\n    title: S\n    criteria:\n      - { id: S1, text: a, weight: 1000000 }\n      - { id: S2, text: b, weight: 0.000000001 }\n",
        );
        let s = scored(
            &fw,
            "  - { criterion: S1, grade: 70 }\n  - { criterion: S2, grade: 0 }\n",
        );
        // (70 × 10^6 + 0 × 10^-9) / (10^6 + 10^-9) = 70 / (1 + 10^-15)
        // = 69.99999999999993…, below 70: 70 × 1000000.000000001 = 70000000.00000007
        // is more than the sum, 70000000. In tenths: 700 / (1 + 10^-15) is
        // 699.9999999999993…, so 699 tenths, shown 69.9, not 70.0.
        let overall = s.overall.unwrap();
        assert_eq!(overall, exactly("70000000", "1000000.000000001").unwrap());
        assert!(!overall.at_least(d("70")));
        assert!(overall.at_least(d("69.9999999999999")));
        assert_eq!(level_for(&fw.values(), &overall), 1, "Developing");
        assert_eq!(shown(&fw.values(), &overall), d("69.9"));
        // The old arithmetic: the same mean in floats reads as 70.
        let float = 70e6 / (1e6 + 1e-9);
        assert!(70.0 - float < 1e-13 && float < 70.0, "{float}");
        // A score of exactly 70 reached with the same weights is at the level:
        // (70 × 10^6 + 70 × 10^-9) / (10^6 + 10^-9) = 70.
        let at = exactly("70000000.00000007", "1000000.000000001").unwrap();
        assert_eq!(level_for(&fw.values(), &at), 2, "Established");
        assert_eq!(shown(&fw.values(), &at), d("70.0"));
    }

    #[test]
    fn a_genuine_shortfall_is_not_lifted_to_the_level() {
        let levels = [d("25"), d("50"), d("75"), d("100")];
        // 74.999999975 and 75 − 10^-14 are below 75, however close.
        assert_eq!(level_for(&levels, &Score::of(d("74.999999975"))), 1);
        assert_eq!(
            level_for(&levels, &exactly("74.99999999999999", "1").unwrap()),
            1
        );
        assert_eq!(level_for(&levels, &Score::of(d("75"))), 2);
        // Below the scale's bottom is labelled with the bottom.
        assert_eq!(level_for(&levels, &Score::of(d("10"))), 0);
    }

    #[test]
    fn scores_are_shown_rounded_down_like_their_labels() {
        let ragb = [d("25"), d("50"), d("75"), d("100")];
        let shown = |sum: &str, weight: &str| shown(&ragb, &exactly(sum, weight).unwrap());
        assert_eq!(shown("74.96", "1"), d("74.9"));
        assert_eq!(shown("75", "1"), d("75.0"));
        // 325 / 4 = 81.25: 812.5 tenths, down to 812.
        assert_eq!(shown("325", "4"), d("81.2"));
        assert_eq!(shown("0", "1"), d("0.0"));
        assert_eq!(shown("74.999999975", "1"), d("74.9"));
        // 2 / 3 = 0.666…: 6 tenths. −1 / 3 = −0.333…: down is −4 tenths, not −3.
        assert_eq!(shown("2", "3"), d("0.6"));
        assert_eq!(shown("-1", "3"), d("-0.4"));
        // A tenth exactly reached by a weight that does not divide evenly:
        // 7 × 0.3 / 0.3 = 7.0, 0.21 / 0.3 = 0.7.
        assert_eq!(shown("0.21", "0.3"), d("0.7"));
    }

    #[test]
    fn a_shown_score_is_the_number_its_text_says() {
        // Shown scores are whole tenths, so a change between two of them is the
        // change between the figures printed, exactly.
        for i in 0..10_000 {
            let s = exactly(&format!("{}", i * 137), "10000").unwrap();
            let t = s.tenths();
            assert_eq!(t * Decimal::TEN, (t * Decimal::TEN).floor(), "{i}");
            // t ≤ s < t + 0.1: t × 10000 ≤ i × 137 < (t + 0.1) × 10000.
            assert!(s.at_least(t) && !s.at_least(t + d("0.1")), "{i}");
        }
    }

    #[test]
    fn a_scale_of_two_levels_is_read_as_a_share() {
        let no_yes = [d("0"), d("1")];
        // Four of five criteria at Yes: 4 / 5 = 0.8, 80% at Yes.
        assert_eq!(shown(&no_yes, &exactly("4", "5").unwrap()), d("80.0"));
        // 999 of 1000: 99.9%; 9999 of 10000 is 99.99%, shown 99.9%, never 100%.
        assert_eq!(shown(&no_yes, &exactly("999", "1000").unwrap()), d("99.9"));
        assert_eq!(
            shown(&no_yes, &exactly("9999", "10000").unwrap()),
            d("99.9")
        );
        // On 1 (Not met) and 3 (Met), 2.5 is (2.5 − 1) / (3 − 1) = 75%.
        assert_eq!(shown(&[d("1"), d("3")], &Score::of(d("2.5"))), d("75.0"));
        // 1 / 3 at Yes: 33.333…%, shown 33.3%.
        assert_eq!(shown(&no_yes, &exactly("1", "3").unwrap()), d("33.3"));
        assert!(is_share(&no_yes) && !is_share(&[d("1"), d("2"), d("3")]));
    }

    #[test]
    fn rag_scale_of_three_levels() {
        let fw = framework(
            "  - { value: 1, label: Red, colour: red }\n  - { value: 2, label: Amber, colour: amber }\n  - { value: 3, label: Green, colour: green }\n",
            "  - id: S\n    title: S\n    criteria:\n      - { id: S1, text: a }\n      - { id: S2, text: b }\n",
        );
        let s = scored(
            &fw,
            "  - { criterion: S1, grade: 3 }\n  - { criterion: S2, grade: 2 }\n",
        );
        // (3 + 2) / 2 = 2.5: Amber.
        assert_eq!(s.overall, exactly("5", "2"));
        assert_eq!(level_for(&fw.values(), &s.overall.unwrap()), 1);
        assert_eq!(shares(&s.counts), [0.0, 50.0, 50.0]);
    }
}
