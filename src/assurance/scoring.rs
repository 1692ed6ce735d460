//! Scores, exactly as SPEC defines them. A wrong score in front of a board is worse
//! than none, so this module is small, pure and tested with hand-computed values.
//!
//! - A result's effective grade is its moderated grade where given, else its grade.
//! - A standard's score is the weighted mean of its graded criteria; the audit's score
//!   the weighted mean of all graded criteria. Not-applicable criteria count in
//!   neither; nothing graded means no score.
//! - A score is labelled with the best level at or below it, never rounded up.
//! - Shares at each grade are of graded results.

use super::audit::{AuditReturn, Checked};
use super::framework::Framework;

/// The figures of one return.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditScore {
    /// The weighted mean of all graded criteria; `None` if nothing is graded.
    pub overall: Option<f64>,
    /// Each standard's weighted mean, in framework order.
    pub standards: Vec<Option<f64>>,
    /// Each criterion's effective grade (framework order), `None` if not applicable.
    pub grades: Vec<Option<f64>>,
    /// How many graded results sit at each level of the scale (worst to best).
    pub counts: Vec<usize>,
    pub graded: usize,
    pub not_applicable: usize,
}

/// Accumulates a weighted mean. Sums are kept, not running means, so a score is as
/// exact as the inputs allow.
#[derive(Clone, Copy, Debug, Default)]
pub struct Mean {
    sum: f64,
    weight: f64,
}

impl Mean {
    pub fn add(&mut self, value: f64, weight: f64) {
        self.sum += value * weight;
        self.weight += weight;
    }

    pub fn value(&self) -> Option<f64> {
        (self.weight > 0.0).then(|| self.sum / self.weight)
    }
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
        overall: overall.value(),
        standards: standards.iter().map(Mean::value).collect(),
        graded: counts.iter().sum(),
        grades,
        counts,
        not_applicable,
    }
}

/// The index of the best level at or below `score`, never rounding up. Scores are
/// means of scale values, so a tiny tolerance absorbs floating-point error (a mean
/// of 75s is 75, not 74.99999).
pub fn level_for(levels: &[f64], score: f64) -> usize {
    levels
        .iter()
        .rposition(|v| *v <= score + ulps(score))
        .unwrap_or(0)
}

/// A few units in the last place of `x`: the error a mean of exact values can carry,
/// and no more, so a genuine shortfall (74.99999997) is never lifted to the level.
pub fn ulps(x: f64) -> f64 {
    x.abs().max(1.0) * 8.0 * f64::EPSILON
}

/// A score as shown: to tenths, rounded down like its label, so 74.96 is shown as
/// 74.9 beside "Partially met", never as 75.0, which would read as "Mostly met".
/// Changes between scores are worked out from these, so they agree with them.
pub fn shown(score: f64) -> f64 {
    // The tolerance keeps 81.25 − ε (floating-point error) at 81.2, not 81.1, and
    // no more: 74.999999975 stays 74.9.
    let tenths = (score * 10.0 + ulps(score * 10.0)).floor();
    tenths / 10.0
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

    #[test]
    fn weighted_means_by_hand() {
        let fw = framework(RAGB, TWO_STANDARDS);
        let s = scored(
            &fw,
            "  - { criterion: \"1.1\", grade: 25 }\n  - { criterion: \"1.2\", grade: 100 }\n  - { criterion: \"2.1\", grade: 50 }\n  - { criterion: \"2.2\", grade: 75 }\n",
        );
        // Standard 1: (25×1 + 100×3) / 4 = 81.25. Standard 2: (50 + 75) / 2 = 62.5.
        assert_eq!(s.standards, [Some(81.25), Some(62.5)]);
        // Overall: (25 + 300 + 50 + 75) / 6 = 75, the weighted mean of all criteria,
        // not the mean of the standards (71.875).
        assert_eq!(s.overall, Some(75.0));
        assert_eq!(s.counts, [1, 1, 1, 1]);
        assert_eq!(level_for(&fw.values(), 75.0), 2);
        assert_eq!(level_for(&fw.values(), 81.25), 2, "never rounded up");
        assert_eq!(level_for(&fw.values(), 62.5), 1);
    }

    #[test]
    fn moderated_grades_replace_self_assessed_ones() {
        let fw = framework(RAGB, TWO_STANDARDS);
        let s = scored(
            &fw,
            "  - { criterion: \"1.1\", grade: 100, moderated: 50 }\n  - { criterion: \"1.2\", grade: 100 }\n  - { criterion: \"2.1\", grade: 75, moderated: 100 }\n  - { criterion: \"2.2\", grade: 75 }\n",
        );
        // Standard 1: (50 + 300) / 4 = 87.5; standard 2: (100 + 75) / 2 = 87.5.
        assert_eq!(s.standards, [Some(87.5), Some(87.5)]);
        // Overall: (50 + 300 + 100 + 75) / 6 = 87.5.
        assert_eq!(s.overall, Some(87.5));
        assert_eq!(s.grades, [Some(50.0), Some(100.0), Some(100.0), Some(75.0)]);
        assert_eq!(s.counts, [0, 1, 1, 2]);
    }

    #[test]
    fn not_applicable_counts_in_neither_and_nothing_graded_is_no_score() {
        let fw = framework(RAGB, TWO_STANDARDS);
        let s = scored(
            &fw,
            "  - { criterion: \"1.1\", grade: 25 }\n  - { criterion: \"1.2\", not_applicable: Not a provider }\n  - { criterion: \"2.1\", not_applicable: Not a provider }\n  - { criterion: \"2.2\", not_applicable: Not a provider }\n",
        );
        assert_eq!(s.standards, [Some(25.0), None]);
        assert_eq!(s.overall, Some(25.0));
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
        // (2 + 2 + 1) / 3 = 1.666…: labelled Requires improvement, not Good.
        let overall = s.overall.unwrap();
        assert!((overall - 5.0 / 3.0).abs() < 1e-12);
        assert_eq!(level_for(&fw.values(), overall), 1);
        assert_eq!(level_for(&fw.values(), 0.0), 0);
    }

    #[test]
    fn one_to_four_and_percentages_and_float_error() {
        let fw = framework(
            "  - { value: 1, label: One, colour: red }\n  - { value: 2, label: Two, colour: amber }\n  - { value: 3, label: Three, colour: yellow }\n  - { value: 4, label: Four, colour: green }\n",
            "  - id: S\n    title: S\n    criteria:\n      - { id: S1, text: a, weight: 0.1 }\n      - { id: S2, text: b, weight: 0.2 }\n",
        );
        let s = scored(
            &fw,
            "  - { criterion: S1, grade: 3 }\n  - { criterion: S2, grade: 3 }\n",
        );
        // 0.1×3 + 0.2×3 over 0.3 is 3 in exact arithmetic, 2.9999999999999996 in f64:
        // still labelled Three.
        assert_eq!(level_for(&fw.values(), s.overall.unwrap()), 2);
        let percent = [0.0, 40.0, 70.0, 90.0];
        assert_eq!(level_for(&percent, 89.9), 2);
        assert_eq!(level_for(&percent, 90.0), 3);
    }

    #[test]
    fn a_genuine_shortfall_is_not_lifted_to_the_level() {
        let levels = [25.0, 50.0, 75.0, 100.0];
        assert_eq!(level_for(&levels, 74.999999975), 1);
        assert_eq!(level_for(&levels, 75.0 - 1e-14), 2, "float error only");
    }

    #[test]
    fn scores_are_shown_rounded_down_like_their_labels() {
        assert_eq!(shown(74.96), 74.9);
        assert_eq!(shown(75.0), 75.0);
        assert_eq!(shown(81.25), 81.2);
        assert_eq!(shown(5.0 / 3.0), 1.6);
        assert_eq!(shown(2.9999999999999996), 3.0);
        assert_eq!(shown(0.0), 0.0);
        assert_eq!(shown(74.999999975), 74.9);
    }

    #[test]
    fn a_shown_score_is_the_number_its_text_says() {
        // Printed to one decimal and read back, a shown score is itself, so a change
        // worked out from shown scores is the change between the figures printed.
        for i in 0..100_000 {
            let score = f64::from(i) * 0.0137;
            let s = shown(score);
            assert_eq!(format!("{s:.1}").parse::<f64>(), Ok(s), "{score}");
        }
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
        assert_eq!(s.overall, Some(2.5));
        assert_eq!(level_for(&fw.values(), 2.5), 1);
        assert_eq!(shares(&s.counts), [0.0, 50.0, 50.0]);
    }
}
