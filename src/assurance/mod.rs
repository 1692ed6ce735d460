//! The assurance domain: frameworks, audit returns, scores and action plans.
//!
//! Documents are parsed and checked one by one (`framework.rs`, `audit.rs`); this
//! module links them once all are known: each return to its framework, each return
//! to the same organisation's previous one, and each framework to its periods; and
//! answers what the pages ask of them all (a period's returns, the open actions).
//! `view.rs` joins one return with all it is shown beside.

pub mod audit;
pub mod compare;
pub mod export;
pub mod framework;
pub mod history;
pub mod number;
pub mod scoring;
pub mod stats;
pub mod versions;
pub mod view;

use std::cmp::Ordering;
use std::collections::HashMap;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::{YamlSource, pos};
use audit::{ActionStatus, AuditReturn, Checked};
use framework::Framework;
use scoring::AuditScore;
use stats::PeriodStats;
use view::{ActionView, TrackedAction};

use crate::organisations::Directory;
pub use history::{Missing, Previous, Who};

/// The id of an element for a standard or criterion: `criterion-1-1` for `1.1`.
pub fn anchor(prefix: &str, id: &str) -> String {
    let mut out = format!("{prefix}-");
    for c in id.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

pub type FrameworkId = usize;

/// A return after checking: its framework, its checked results and score, and what
/// was reported on the way.
type LinkedReturn = (
    Option<FrameworkId>,
    Option<(Checked, AuditScore)>,
    Vec<Diagnostic>,
);
pub type AuditId = usize;

#[derive(Debug)]
pub struct FrameworkEntry {
    pub source: usize,
    pub page: usize,
    pub fw: Framework,
    /// Its returns, by period then organisation.
    pub audits: Vec<AuditId>,
    /// The periods it has returns for, in order (text order, as SPEC says).
    pub periods: Vec<String>,
    /// The earlier framework it replaces, once linked (`versions.rs`).
    pub replaces: Option<FrameworkId>,
}

#[derive(Debug)]
pub struct AuditEntry {
    pub source: usize,
    pub page: usize,
    pub ret: AuditReturn,
    /// Set once linked; `None` only in a build that already failed.
    pub framework: Option<FrameworkId>,
    pub checked: Option<Checked>,
    pub score: Option<AuditScore>,
    /// Which organisation it is from, once linked.
    pub who: Who,
    /// What it is compared with, once linked (`history.rs`).
    pub previous: Previous,
}

impl AuditEntry {
    /// The organisation's name as shown: as the registry has it, where there is
    /// one, else as the return writes it.
    pub fn organisation(&self) -> &str {
        match self.who.name.as_str() {
            "" => self.ret.organisation.value.trim(),
            name => name,
        }
    }

    pub fn period(&self) -> &str {
        self.ret.period.value.trim()
    }
}

/// How organisations are matched by name, without a registry as with one: case and
/// runs of spaces do not make a different organisation.
pub use crate::organisations::registry::key as organisation_key;

#[derive(Debug, Default)]
pub struct Assurance {
    pub frameworks: Vec<FrameworkEntry>,
    pub audits: Vec<AuditEntry>,
}

impl Assurance {
    pub fn is_empty(&self) -> bool {
        self.frameworks.is_empty() && self.audits.is_empty()
    }

    /// Links returns to frameworks and to each other, checks each return against its
    /// framework and scores it. `file` gives the path and text of the source an entry
    /// was read from (its `source`), for messages. `withheld_frameworks` are
    /// frameworks that exist but are not in this build, for a better message.
    pub fn link<'s>(
        &mut self,
        file: impl Fn(usize) -> (&'s str, &'s str) + Sync,
        (dir, refused): (Option<&Directory>, &[Directory]),
        withheld_frameworks: &[String],
        broken_frameworks: &[String],
        diags: &mut Diagnostics,
    ) {
        let yaml_of = |index: usize| {
            let (path, text) = file(index);
            YamlSource {
                path,
                file_text: text,
                yaml: text,
                line_offset: 0,
            }
        };
        self.resolve_labels();
        let checks = {
            let by_id = self.framework_ids(&yaml_of, diags);
            let mut problems = Vec::new();
            let frameworks = (withheld_frameworks, broken_frameworks);
            versions::link(
                &mut self.frameworks,
                &by_id,
                &yaml_of,
                frameworks,
                &mut problems,
            );
            diags.extend(problems);
            self.check_returns(&by_id, &yaml_of, withheld_frameworks, broken_frameworks)
        };
        for (a, (fid, scored, problems)) in self.audits.iter_mut().zip(checks) {
            diags.extend(problems);
            a.framework = fid;
            if let Some((c, s)) = scored {
                a.checked = Some(c);
                a.score = Some(s);
            }
        }
        self.identify((dir, refused), &yaml_of, diags);
        self.one_return_per_period(&yaml_of, diags);
        self.order_returns(dir);
    }

    /// Grades written as labels get their values from their framework's scale, before
    /// any return is checked or scored.
    fn resolve_labels(&mut self) {
        let mut by_id: HashMap<&str, FrameworkId> = HashMap::new();
        for (i, f) in self.frameworks.iter().enumerate() {
            by_id.entry(f.fw.id.value.trim()).or_insert(i);
        }
        for a in &mut self.audits {
            let Some(&fid) = by_id.get(a.ret.framework.value.trim()) else {
                continue;
            };
            let fw = &self.frameworks[fid].fw;
            for r in &mut a.ret.results.value {
                let r = &mut r.value;
                for g in [&mut r.grade, &mut r.moderated].into_iter().flatten() {
                    g.value.resolve(fw);
                }
            }
        }
    }

    /// Each framework by its id; a second framework with an id is reported.
    fn framework_ids<'s>(
        &self,
        yaml_of: &impl Fn(usize) -> YamlSource<'s>,
        diags: &mut Diagnostics,
    ) -> HashMap<String, FrameworkId> {
        let mut by_id: HashMap<String, FrameworkId> = HashMap::new();
        for (i, f) in self.frameworks.iter().enumerate() {
            let id = f.fw.id.value.trim();
            if let Some(&first) = by_id.get(id) {
                diags.push(yaml_of(f.source).at(
                    pos(f.fw.id.referenced),
                    format!(
                        "the framework id `{id}` is already used by {}: give each framework its own id",
                        yaml_of(self.frameworks[first].source).path
                    ),
                ));
            } else {
                by_id.insert(id.to_string(), i);
            }
        }
        by_id
    }

    /// Each return against its framework, in parallel: a large site has thousands.
    fn check_returns<'s>(
        &self,
        by_id: &HashMap<String, FrameworkId>,
        yaml_of: &(impl Fn(usize) -> YamlSource<'s> + Sync),
        withheld_frameworks: &[String],
        broken_frameworks: &[String],
    ) -> Vec<LinkedReturn> {
        self.audits
            .par_iter()
            .map(|a| {
                let source = yaml_of(a.source);
                let id = a.ret.framework.value.trim();
                let Some(&fid) = by_id.get(id) else {
                    // A framework that failed to load is reported on its own; one whose
                    // id could not be read may be any of them.
                    if broken_frameworks.iter().any(|b| b == id || b.is_empty()) {
                        return (None, None, Vec::new());
                    }
                    let message = if withheld_frameworks.iter().any(|w| w == id) {
                        format!("framework `{id}` is not published in this build (it is private or a draft), so this return cannot be shown: publish the framework, or make this return private too")
                    } else {
                        let mut known: Vec<&str> = by_id.keys().map(String::as_str).collect();
                        known.sort_unstable();
                        if known.is_empty() {
                            format!("there is no framework `{id}`: add a `kind: framework` document with `id: {id}` under content/")
                        } else {
                            format!("there is no framework `{id}`: the site has {}", known.join(", "))
                        }
                    };
                    return (None, None, vec![source.at(pos(a.ret.framework.referenced), message)]);
                };
                let fw = &self.frameworks[fid].fw;
                let (checked, diags) = a.ret.check(fw, &source);
                let scored = checked.ok().map(|c| {
                    let s = scoring::score(fw, &a.ret, &c);
                    (c, s)
                });
                (Some(fid), scored, diags)
            })
            .collect()
    }

    /// One return per organisation, framework and period.
    fn one_return_per_period<'s>(
        &self,
        yaml_of: &impl Fn(usize) -> YamlSource<'s>,
        diags: &mut Diagnostics,
    ) {
        let mut seen: HashMap<(FrameworkId, &str, &str), AuditId> = HashMap::new();
        for (i, a) in self.audits.iter().enumerate() {
            let Some(fid) = a.framework else { continue };
            // By row: an organisation and the one it was renamed from are one row.
            let key = (fid, a.who.row.as_str(), a.period());
            if let Some(&first) = seen.get(&key) {
                let other = &self.audits[first];
                // Two names of one organisation (one renamed into the other) too.
                let who = match other.who.key == a.who.key {
                    true => a.organisation().to_string(),
                    false => format!(
                        "{} (the same organisation as {}, under its other name)",
                        a.organisation(),
                        other.organisation()
                    ),
                };
                diags.push(yaml_of(a.source).at(
                    pos(a.ret.period.referenced),
                    format!(
                        "{who} already has a {} return to `{}` in {}: one organisation makes one return per period, so merge them or correct the period",
                        a.period(),
                        self.frameworks[fid].fw.id.value,
                        yaml_of(self.audits[first].source).path
                    ),
                ));
            } else {
                seen.insert(key, i);
            }
        }
    }

    /// The returns of a framework in one period, by organisation.
    pub fn returns_in(&self, fid: FrameworkId, period: &str) -> Vec<AuditId> {
        self.frameworks[fid]
            .audits
            .iter()
            .copied()
            .filter(|a| self.audits[*a].period() == period)
            .collect()
    }

    /// Every action not done across all linked returns, with its return: overdue
    /// first, then by due date (none last), organisation (by registry id, where there is a registry), period, framework and id.
    pub fn open_actions(&self, as_of: Date) -> Vec<TrackedAction<'_>> {
        self.open_actions_of(as_of, |_| true)
    }

    /// The open actions of the returns `keep` keeps, in the same order: one
    /// organisation's, without sorting every other's.
    pub fn open_actions_of(
        &self,
        as_of: Date,
        keep: impl Fn(&AuditEntry) -> bool,
    ) -> Vec<TrackedAction<'_>> {
        let mut out: Vec<TrackedAction> = Vec::new();
        for audit in self.audits.iter().filter(|a| keep(a)) {
            let Some(fid) = audit.framework else { continue };
            for act in &audit.ret.actions {
                if act.value.status != ActionStatus::Done {
                    out.push(TrackedAction {
                        audit,
                        framework: &self.frameworks[fid],
                        action: ActionView::new(&act.value, as_of),
                    });
                }
            }
        }
        out.sort_by(|x, y| {
            let (xa, ya) = (x.action.action, y.action.action);
            y.action
                .overdue
                .cmp(&x.action.overdue)
                .then_with(|| match (xa.due, ya.due) {
                    (Some(a), Some(b)) => a.cmp(&b),
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                })
                .then_with(|| x.audit.who.row.cmp(&y.audit.who.row))
                .then_with(|| x.audit.organisation().cmp(y.audit.organisation()))
                .then_with(|| x.audit.period().cmp(y.audit.period()))
                .then_with(|| x.framework.fw.title.cmp(&y.framework.fw.title))
                .then_with(|| xa.id.value.trim().cmp(ya.id.value.trim()))
        });
        out
    }

    /// The figures of `returns`, returns to framework `fid`, taken together.
    pub fn period_stats(&self, fid: FrameworkId, returns: &[AuditId]) -> PeriodStats {
        let fw = &self.frameworks[fid].fw;
        PeriodStats::of(
            &fw.values(),
            fw.criterion_count(),
            returns
                .iter()
                .filter_map(|&r| self.audits[r].score.as_ref()),
        )
    }
}
