//! One return joined with everything shown or exported about it: its framework, its
//! results and scores in framework order beside the previous return's, its actions,
//! and what changed. The audit page (render) and its downloads (`export.rs`) are both
//! made from an `AuditView`, so the join is made in one place.

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::audit::{Action, ResultEntry};
use super::framework::{Criterion, Standard};
use super::scoring::{AuditScore, Score, shares};
use super::stats::{Changes, CriterionChange, ScoreChange, score_change};
use super::{Assurance, AuditEntry, AuditId, FrameworkEntry};

pub struct AuditView<'a> {
    pub entry: &'a AuditEntry,
    pub framework: &'a FrameworkEntry,
    pub score: &'a AuditScore,
    /// The date overdue actions are judged against.
    pub as_of: Date,
    /// Per cent of graded results at each level of the scale, unrounded.
    pub shares: Vec<f64>,
    /// In framework order, each with its criteria.
    pub standards: Vec<StandardView<'a>>,
    /// In the return's order.
    pub actions: Vec<ActionView<'a>>,
    /// The same organisation's previous return, if it made one.
    pub previous: Option<PreviousView<'a>>,
}

pub struct StandardView<'a> {
    pub standard: &'a Standard,
    pub score: Option<Score>,
    /// Its score in the previous return.
    pub previous: Option<Score>,
    pub criteria: Vec<CriterionView<'a>>,
}

pub struct CriterionView<'a> {
    pub criterion: &'a Criterion,
    pub result: &'a ResultEntry,
    /// The effective grade; `None` if not applicable.
    pub grade: Option<Decimal>,
    /// The self-assessed grade, when moderation changed it.
    pub self_assessed: Option<Decimal>,
    /// Whether moderation gave the grade the organisation gave itself.
    pub confirmed: bool,
    /// What the framework says the effective grade looks like.
    pub descriptor: Option<&'a str>,
    /// The effective grade in the previous return.
    pub previous: Option<Decimal>,
    /// Against the previous return: the way it moved, or why it cannot be compared;
    /// `None` with no previous return, or not applicable in both.
    pub change: Option<CriterionChange>,
    /// The actions on this criterion, in the return's order.
    pub actions: Vec<&'a Action>,
}

#[derive(Clone, Copy)]
pub struct ActionView<'a> {
    pub action: &'a Action,
    pub overdue: bool,
}

impl<'a> ActionView<'a> {
    pub fn new(action: &'a Action, as_of: Date) -> Self {
        ActionView {
            action,
            overdue: action.is_overdue(as_of),
        }
    }
}

/// An action with the return it belongs to, for the tracker.
pub struct TrackedAction<'a> {
    pub audit: &'a AuditEntry,
    pub framework: &'a FrameworkEntry,
    pub action: ActionView<'a>,
}

pub struct PreviousView<'a> {
    pub entry: &'a AuditEntry,
    /// Its score; `None` if nothing in it was graded (or it was not scored).
    pub score: Option<Score>,
    /// This return's score against it, when both have one.
    pub change: Option<ScoreChange>,
    /// How many criteria went up, down or stayed the same since.
    pub changes: Changes,
}

impl<'a> AuditView<'a> {
    /// The view of a linked, scored return; `None` for any other, which only a build
    /// that has already failed has.
    pub fn new(a: &'a Assurance, id: AuditId, as_of: Date) -> Option<AuditView<'a>> {
        let entry = &a.audits[id];
        let framework = &a.frameworks[entry.framework?];
        let score = entry.score.as_ref()?;
        let ret = &entry.ret;
        let previous = entry.previous.map(|p| &a.audits[p]);
        let previous_score = previous.and_then(|p| p.score.as_ref());
        let (standards, changes) = Self::standards(entry, framework, score, previous_score)?;
        Some(AuditView {
            entry,
            framework,
            score,
            as_of,
            shares: shares(&score.counts),
            standards,
            actions: ret
                .actions
                .iter()
                .map(|act| ActionView::new(&act.value, as_of))
                .collect(),
            previous: previous.map(|p| {
                let before = p.score.as_ref().and_then(|s| s.overall);
                PreviousView {
                    entry: p,
                    score: before,
                    change: match (&score.overall, &before) {
                        (Some(now), Some(before)) => {
                            Some(score_change(&framework.fw.values(), now, before))
                        }
                        _ => None,
                    },
                    changes,
                }
            }),
        })
    }

    /// Each standard with its criteria, beside the previous return's; and how many
    /// criteria changed since.
    fn standards(
        entry: &'a AuditEntry,
        framework: &'a FrameworkEntry,
        score: &'a AuditScore,
        previous_score: Option<&'a AuditScore>,
    ) -> Option<(Vec<StandardView<'a>>, Changes)> {
        let fw = &framework.fw;
        let ret = &entry.ret;
        let checked = entry.checked.as_ref()?;
        let mut standards: Vec<StandardView> = fw
            .standards
            .value
            .iter()
            .enumerate()
            .map(|(i, s)| StandardView {
                standard: &s.value,
                score: score.standards[i],
                previous: previous_score.and_then(|p| p.standards.get(i).copied().flatten()),
                criteria: Vec::new(),
            })
            .collect();
        let mut changes = Changes::default();
        for (i, (cref, c)) in fw.all_criteria().enumerate() {
            let result = &ret.results.value[checked.result_of[i]].value;
            let grade = score.grades[i];
            // The previous return's result for the criterion: `Some(None)` where it
            // was not applicable there.
            let slot = previous_score.and_then(|p| p.grades.get(i).copied());
            let before = slot.flatten();
            let change = slot.and_then(|b| CriterionChange::of(grade, b));
            if let Some(CriterionChange::Moved(d)) = change {
                changes.add(d);
            }
            standards[cref.standard].criteria.push(CriterionView {
                criterion: c,
                result,
                grade,
                self_assessed: match (&result.grade, &result.moderated) {
                    (Some(g), Some(m)) if g.value.value != m.value.value => g.value.value,
                    _ => None,
                },
                confirmed: match (&result.grade, &result.moderated) {
                    (Some(g), Some(m)) => g.value.value == m.value.value,
                    _ => false,
                },
                descriptor: grade.and_then(|g| c.descriptor(g)),
                previous: before,
                change,
                actions: ret
                    .actions
                    .iter()
                    .zip(&checked.action_criteria)
                    .filter(|(_, ac)| **ac == cref)
                    .map(|(act, _)| &act.value)
                    .collect(),
            });
        }
        Some((standards, changes))
    }

    /// Every criterion in framework order, with its standard.
    pub fn criteria(&self) -> impl Iterator<Item = (&StandardView<'a>, &CriterionView<'a>)> {
        self.standards
            .iter()
            .flat_map(|s| s.criteria.iter().map(move |c| (s, c)))
    }

    /// How many actions are not done.
    pub fn open_actions(&self) -> usize {
        self.actions
            .iter()
            .filter(|a| a.action.status != super::audit::ActionStatus::Done)
            .count()
    }

    pub fn overdue_actions(&self) -> usize {
        self.actions.iter().filter(|a| a.overdue).count()
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::assurance::audit::AuditReturn;
    use crate::assurance::framework::Framework;
    use crate::assurance::stats::Direction;
    use crate::diagnostics::Diagnostics;
    use crate::yaml::YamlSource;

    const FRAMEWORK: &str = "kind: framework\nid: f\ntitle: F\nscale:\n  - { value: 1, label: Not met, colour: red }\n  - { value: 2, label: Met, colour: green }\nstandards:\n  - id: \"1\"\n    title: One\n    criteria:\n      - { id: \"1.1\", text: a, descriptors: { \"1\": Nothing yet, \"2\": In place } }\n      - { id: \"1.2\", text: b }\n";

    /// A framework, then Org's returns for 2015 and 2016 and Another's for 2016,
    /// linked as a build links them.
    fn linked() -> Assurance {
        let files = [
            ("f.yaml", FRAMEWORK),
            (
                "org-2015.yaml",
                "kind: audit\nframework: f\norganisation: Org\nperiod: \"2015\"\nresults:\n  - { criterion: \"1.1\", grade: 1 }\n  - { criterion: \"1.2\", grade: 1 }\nactions:\n  - { id: B1, criterion: \"1.1\", action: x, status: open }\n",
            ),
            (
                "org-2016.yaml",
                "kind: audit\nframework: f\norganisation: Org\nperiod: \"2016\"\nresults:\n  - { criterion: \"1.1\", grade: 2, moderated: 1 }\n  - { criterion: \"1.2\", grade: 2 }\nactions:\n  - { id: A1, criterion: \"1.1\", action: y, status: open, due: 2016-06-01 }\n  - { id: A2, criterion: \"1.2\", action: z, status: done, due: 2016-01-01 }\n",
            ),
            (
                "another.yaml",
                "kind: audit\nframework: f\norganisation: Another\nperiod: \"2016\"\nresults:\n  - { criterion: \"1.1\", grade: 2 }\n  - { criterion: \"1.2\", not_applicable: Not a provider }\n",
            ),
        ];
        let mut a = Assurance::default();
        for (i, (path, text)) in files.iter().enumerate() {
            let source = YamlSource {
                path,
                file_text: text,
                yaml: text,
                line_offset: 0,
            };
            if i == 0 {
                a.frameworks.push(FrameworkEntry {
                    source: i,
                    page: i,
                    fw: Framework::parse(&source).unwrap_or_else(|e| panic!("{e:?}")),
                    audits: Vec::new(),
                    periods: Vec::new(),
                });
            } else {
                a.audits.push(AuditEntry {
                    source: i,
                    page: i,
                    ret: AuditReturn::parse(&source).unwrap_or_else(|e| panic!("{e:?}")),
                    framework: None,
                    checked: None,
                    score: None,
                    previous: None,
                });
            }
        }
        let mut diags = Diagnostics::new();
        a.link(|i| files[i], &[], &[], &mut diags);
        assert!(!diags.has_errors(), "{diags:?}");
        a
    }

    #[test]
    fn a_return_beside_its_previous_one() {
        let a = linked();
        let v = AuditView::new(&a, 1, date(2016, 9, 1)).unwrap();
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        // (1 + 2) / 2 = 1.5.
        assert_eq!(v.score.overall, Some(Score::of(d("1.5"))));
        assert_eq!(v.shares, [50.0, 50.0]);
        let [c11, c12] = &v.standards[0].criteria[..] else {
            panic!("two criteria")
        };
        // 1.1: self-assessed 2, moderated to 1, as in 2015.
        assert_eq!((c11.grade, c11.self_assessed), (Some(d("1")), Some(d("2"))));
        assert!(!c11.confirmed);
        assert_eq!(c11.descriptor, Some("Nothing yet"));
        assert_eq!(
            (c11.previous, c11.change),
            (Some(d("1")), Some(CriterionChange::Moved(Direction::Same)))
        );
        // 1.2: 1 in 2015, 2 now.
        assert_eq!((c12.self_assessed, c12.descriptor), (None, None));
        assert_eq!(
            (c12.previous, c12.change),
            (Some(d("1")), Some(CriterionChange::Moved(Direction::Up)))
        );
        let ids = |c: &CriterionView| -> Vec<String> {
            c.actions.iter().map(|a| a.id.value.clone()).collect()
        };
        assert_eq!((ids(c11), ids(c12)), (vec!["A1".into()], vec!["A2".into()]));
        // 1.5 after 1.0, one criterion up and one the same.
        let p = v.previous.as_ref().unwrap();
        assert_eq!(
            (p.entry.period(), p.score),
            ("2015", Some(Score::of(d("1"))))
        );
        // A scale of two levels, so shown as shares at Met: 1.5 is
        // (1.5 − 1) / (2 − 1) = 50%, 1 is 0%: up 50 percentage points.
        assert_eq!(
            p.change,
            Some(ScoreChange {
                by: d("50"),
                direction: Direction::Up
            })
        );
        assert_eq!(
            p.changes,
            Changes {
                up: 1,
                down: 0,
                same: 1
            }
        );
        // A1 is overdue; A2 is done, so neither open nor overdue.
        assert_eq!((v.open_actions(), v.overdue_actions()), (1, 1));
        assert_eq!(v.criteria().count(), 2);
    }

    #[test]
    fn a_first_return_has_no_previous_one() {
        let a = linked();
        let v = AuditView::new(&a, 0, date(2016, 9, 1)).unwrap();
        assert!(v.previous.is_none());
        assert!(v.criteria().all(|(_, c)| c.change.is_none()));
    }

    #[test]
    fn the_tracker_and_the_index_table() {
        let a = linked();
        // A1 is overdue, B1 has no date; A2 is done.
        let open: Vec<&str> = a
            .open_actions(date(2016, 9, 1))
            .iter()
            .map(|t| t.action.action.id.value.as_str())
            .collect();
        assert_eq!(open, ["A1", "B1"]);
        assert_eq!(a.frameworks[0].periods, ["2015", "2016"]);
        assert_eq!(
            a.by_organisation(0),
            [
                ("Another", vec![None, Some(2)]),
                ("Org", vec![Some(0), Some(1)])
            ]
        );
    }
}
