//! One return joined with everything shown or exported about it: its framework, its
//! results and scores in framework order beside the previous return's, its actions,
//! and what changed. The audit page (render) and its downloads (`export.rs`) are both
//! made from an `AuditView`, so the join is made in one place.

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::audit::{Action, ResultEntry};
use super::compare::{Comparison, NotCompared, compare};
use super::framework::{Criterion, Framework, Standard};
use super::scoring::{AuditScore, Score, shares};
use super::stats::{Changes, Direction, ScoreChange, score_change};
use super::{Assurance, AuditEntry, AuditId, FrameworkEntry, Previous};
use crate::organisations::Directory;

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
    /// The return it is compared with: the same organisation's previous return, or
    /// that of the one it continues (a rename).
    pub previous: Option<PreviousView<'a>>,
    /// For a return by an organisation formed by a merger: each organisation it was
    /// formed from, with its latest earlier return, if it made one. There is then no
    /// single previous return and no single change.
    pub merged: Vec<MergedView<'a>>,
}

/// One organisation a merged organisation was formed from.
pub struct MergedView<'a> {
    pub name: &'a str,
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
    /// The effective grades of what it compares with in the previous return (one,
    /// or several for a merged criterion); empty if nothing.
    pub previous: Vec<Option<Decimal>>,
    /// Against the previous return; `None` unless both are graded and agree.
    pub change: Option<Direction>,
    /// Why there is no change, when there is a previous return.
    pub not_compared: Option<NotCompared>,
    /// The ids of the criteria it compares with, when the previous return is to
    /// another framework (the one this framework replaces).
    pub previous_ids: Vec<&'a str>,
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
    /// Its framework: this return's, or one this return's framework replaces.
    pub framework: &'a FrameworkEntry,
    /// Its score; `None` if nothing in it was graded (or it was not scored).
    pub score: Option<Score>,
    /// This return's score against it, when both have one, it is to the same
    /// framework, and it is the only return compared with.
    pub change: Option<ScoreChange>,
    /// How many criteria went up, down or stayed the same since.
    pub changes: Changes,
    /// How many of this return's criteria have a counterpart in it: all of them
    /// within one framework, those the map carries across versions.
    pub compared: usize,
    /// Whether it is another organisation's: the one this continues, or one it was
    /// formed from.
    pub other_organisation: bool,
}

impl PreviousView<'_> {
    pub fn same_framework(&self, v: &AuditView) -> bool {
        std::ptr::eq(self.framework, v.framework)
    }
}

impl<'a> AuditView<'a> {
    /// The view of a linked, scored return; `None` for any other, which only a build
    /// that has already failed has. `dir` names the organisations of a merger.
    pub fn new(
        a: &'a Assurance,
        id: AuditId,
        as_of: Date,
        dir: Option<&'a Directory>,
    ) -> Option<AuditView<'a>> {
        let entry = &a.audits[id];
        let framework = &a.frameworks[entry.framework?];
        let score = entry.score.as_ref()?;
        let (previous, comparison, merged) = Self::compared(a, entry, framework, score, dir);
        let same = previous
            .as_ref()
            .filter(|p| std::ptr::eq(p.framework, framework));
        let across = previous
            .as_ref()
            .filter(|p| !std::ptr::eq(p.framework, framework))
            .map(|p| &p.framework.fw);
        let standards = Self::standards(
            entry,
            framework,
            score,
            comparison.as_ref().map(|c| (c, across)),
            same.and_then(|p| p.entry.score.as_ref()),
        )?;
        let ret = &entry.ret;
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
            previous,
            merged,
        })
    }

    /// What a return is compared with: one previous return (with the score change
    /// when it is to the same framework) and the criterion-by-criterion comparison,
    /// or, after a merger, each predecessor's return on its own.
    fn compared(
        a: &'a Assurance,
        entry: &'a AuditEntry,
        framework: &'a FrameworkEntry,
        score: &'a AuditScore,
        dir: Option<&'a Directory>,
    ) -> (
        Option<PreviousView<'a>>,
        Option<Comparison>,
        Vec<MergedView<'a>>,
    ) {
        let against = |p: AuditId| -> Option<(PreviousView<'a>, Comparison)> {
            let before = &a.audits[p];
            let bf = before.framework?;
            let bs = before.score.as_ref()?;
            let counterparts = a.counterparts(entry.framework?, bf)?;
            let comparison = compare(score, bs, &counterparts);
            let view = PreviousView {
                entry: before,
                framework: &a.frameworks[bf],
                score: bs.overall,
                change: None,
                changes: comparison.changes,
                compared: comparison.compared,
                other_organisation: before.who.key != entry.who.key,
            };
            Some((view, comparison))
        };
        match &entry.previous {
            Previous::None => (None, None, Vec::new()),
            Previous::One(p) => match against(*p) {
                Some((mut view, comparison)) => {
                    if std::ptr::eq(view.framework, framework)
                        && let (Some(now), Some(before)) = (&score.overall, &view.score)
                    {
                        view.change = Some(score_change(&framework.fw.values(), now, before));
                    }
                    (Some(view), Some(comparison), Vec::new())
                }
                None => (None, None, Vec::new()),
            },
            Previous::Merged(list) => {
                let merged = list
                    .iter()
                    .map(|(org, p)| MergedView {
                        name: dir.map_or("", |d| d.name(*org)),
                        previous: p.and_then(&against).map(|(v, _)| v),
                    })
                    .collect();
                (None, None, merged)
            }
        }
    }

    /// Each standard with its criteria, beside the previous return's: criteria
    /// through `comparison`; standards only when `same_framework` gives the earlier
    /// return's scores, since standards differ between versions.
    fn standards(
        entry: &'a AuditEntry,
        framework: &'a FrameworkEntry,
        score: &'a AuditScore,
        comparison: Option<(&Comparison, Option<&'a Framework>)>,
        same_framework: Option<&'a AuditScore>,
    ) -> Option<Vec<StandardView<'a>>> {
        let fw = &framework.fw;
        let earlier: Vec<&str> = comparison
            .and_then(|(_, across)| across)
            .map(|e| e.all_criteria().map(|(_, c)| c.id.value.trim()).collect())
            .unwrap_or_default();
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
                previous: same_framework.and_then(|p| p.standards.get(i).copied().flatten()),
                criteria: Vec::new(),
            })
            .collect();
        for (i, (cref, c)) in fw.all_criteria().enumerate() {
            let result = &ret.results.value[checked.result_of[i]].value;
            let grade = score.grades[i];
            let change = comparison.and_then(|(cmp, _)| cmp.criteria.get(i));
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
                previous: change.map(|c| c.before.clone()).unwrap_or_default(),
                change: change.and_then(|c| c.change),
                not_compared: change.and_then(|c| c.not_compared),
                previous_ids: match earlier.is_empty() {
                    true => Vec::new(),
                    false => change
                        .map(|c| {
                            c.with
                                .iter()
                                .filter_map(|&j| earlier.get(j).copied())
                                .collect()
                        })
                        .unwrap_or_default(),
                },
                actions: ret
                    .actions
                    .iter()
                    .zip(&checked.action_criteria)
                    .filter(|(_, ac)| **ac == cref)
                    .map(|(act, _)| &act.value)
                    .collect(),
            });
        }
        Some(standards)
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
                    replaces: None,
                });
            } else {
                a.audits.push(AuditEntry {
                    source: i,
                    page: i,
                    ret: AuditReturn::parse(&source).unwrap_or_else(|e| panic!("{e:?}")),
                    framework: None,
                    checked: None,
                    score: None,
                    who: Default::default(),
                    previous: Default::default(),
                });
            }
        }
        let mut diags = Diagnostics::new();
        a.link(|i| files[i], (None, &[]), &[], &[], &mut diags);
        assert!(!diags.has_errors(), "{diags:?}");
        a
    }

    #[test]
    fn a_return_beside_its_previous_one() {
        let a = linked();
        let v = AuditView::new(&a, 1, date(2016, 9, 1), None).unwrap();
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
            (c11.previous.clone(), c11.change),
            (vec![Some(d("1"))], Some(Direction::Same))
        );
        // 1.2: 1 in 2015, 2 now.
        assert_eq!((c12.self_assessed, c12.descriptor), (None, None));
        assert_eq!(
            (c12.previous.clone(), c12.change),
            (vec![Some(d("1"))], Some(Direction::Up))
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
        let v = AuditView::new(&a, 0, date(2016, 9, 1), None).unwrap();
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
                ("another", "Another", vec![None, Some(2)]),
                ("org", "Org", vec![Some(0), Some(1)])
            ]
        );
    }
}
