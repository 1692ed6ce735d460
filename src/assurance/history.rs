//! Returns over time: which organisation each return is from (by the registry, where
//! the site has one), what each return is compared with, how a framework's returns
//! are laid out by organisation, and who has not made a return.
//!
//! Invariants: with a registry, two returns are from the same organisation only if
//! they name the same registered organisation (by id, name or ODS code); a return's
//! previous return is always from an earlier period, to its framework or one its
//! framework replaces; an organisation renamed (one successor, which replaced only
//! it) shares one row with what it became.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;

use super::{Assurance, AuditId, FrameworkId, organisation_key};
use crate::diagnostics::Diagnostics;
use crate::organisations::{Directory, OrgId};
use crate::yaml::{YamlSource, pos};

/// Which organisation a return is from.
#[derive(Clone, Debug, Default)]
pub struct Who {
    /// The registered organisation, where the site has a registry.
    pub org: Option<OrgId>,
    /// Its name as shown: the registered name, or the name as written.
    pub name: String,
    /// Returns with the same key are the same organisation's: its registry id, or
    /// its name with case and spacing set aside.
    pub key: String,
    /// Returns with the same row are one row of a list: the id of the organisation a
    /// chain of renames ends in, or `key`.
    pub row: String,
    /// That row's name: the latest name in the chain.
    pub row_name: String,
}

/// What a return is compared with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Previous {
    /// Nothing: a first return.
    #[default]
    None,
    /// The organisation's own previous return, or that of the one organisation it
    /// continues (a rename).
    One(AuditId),
    /// The organisations it was formed from (a merger), each with its latest earlier
    /// return, if it made one.
    Merged(Vec<(OrgId, Option<AuditId>)>),
}

impl Previous {
    /// The returns compared with, in order.
    pub fn returns(&self) -> Vec<AuditId> {
        match self {
            Previous::None => Vec::new(),
            Previous::One(p) => vec![*p],
            Previous::Merged(list) => list.iter().filter_map(|(_, p)| *p).collect(),
        }
    }
}

/// A row of a framework's table of returns: its key, its name, and its return in
/// each period.
pub type Row<'a> = (&'a str, &'a str, Vec<Option<AuditId>>);

/// An organisation that made a return in the previous period and not in this one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    pub name: String,
    /// The day it closed, where the registry says it has.
    pub closed: Option<Date>,
}

impl Assurance {
    /// Gives each linked return its organisation. With a registry, a return naming
    /// no registered organisation is an error at its line, and is left unlinked;
    /// quietly, when it names one of a `refused` registry (a second one, reported on
    /// its own).
    pub(super) fn identify<'s>(
        &mut self,
        (dir, refused): (Option<&Directory>, &[Directory]),
        yaml_of: &impl Fn(usize) -> YamlSource<'s>,
        diags: &mut Diagnostics,
    ) {
        for a in &mut self.audits {
            let written = a.ret.organisation.value.trim();
            let Some(dir) = dir else {
                let key = organisation_key(written);
                a.who = Who {
                    org: None,
                    name: written.to_string(),
                    key: key.clone(),
                    row: key,
                    row_name: written.to_string(),
                };
                continue;
            };
            let Some(org) = dir.resolve(written) else {
                let elsewhere = refused.iter().any(|r| r.resolve(written).is_some());
                if a.framework.take().is_some() && !elsewhere {
                    diags.push(yaml_of(a.source).at(
                        pos(a.ret.organisation.referenced),
                        not_registered(dir, written),
                    ));
                }
                continue;
            };
            let line = dir.line(org);
            a.who = Who {
                org: Some(org),
                name: dir.name(org).to_string(),
                key: dir.id(org).to_string(),
                row: dir.id(line).to_string(),
                row_name: dir.name(line).to_string(),
            };
        }
    }

    /// The framework and those it replaces, newest first.
    pub fn family(&self, fid: FrameworkId) -> Vec<FrameworkId> {
        let mut out = vec![fid];
        while let Some(next) = self.frameworks[*out.last().expect("not empty")].replaces {
            if out.contains(&next) {
                break;
            }
            out.push(next);
        }
        out
    }

    /// The periods of a framework and of those it replaces, oldest first, each with
    /// the framework it is a period of (the newest, where two share a period).
    pub fn family_periods(&self, fid: FrameworkId) -> Vec<(String, FrameworkId)> {
        let mut out: Vec<(String, FrameworkId)> = Vec::new();
        for f in self.family(fid) {
            for p in &self.frameworks[f].periods {
                if !out.iter().any(|(q, _)| q == p) {
                    out.push((p.clone(), f));
                }
            }
        }
        out.sort();
        out
    }

    /// Each framework's returns by period and organisation; each return's previous
    /// one.
    pub(super) fn order_returns(&mut self, dir: Option<&Directory>) {
        let mut by_key: HashMap<String, Vec<AuditId>> = HashMap::new();
        for (i, a) in self.audits.iter().enumerate() {
            if let Some(fid) = a.framework {
                self.frameworks[fid].audits.push(i);
                by_key.entry(a.who.key.clone()).or_default().push(i);
            }
        }
        let previous: Vec<Previous> = (0..self.audits.len())
            .map(|i| match self.audits[i].framework {
                Some(_) => self.find_previous(i, &by_key, dir),
                None => Previous::None,
            })
            .collect();
        for (a, p) in self.audits.iter_mut().zip(previous) {
            a.previous = p;
        }
        for f in &mut self.frameworks {
            let audits = &self.audits;
            f.audits.sort_by(|x, y| {
                let (a, b) = (&audits[*x], &audits[*y]);
                (a.period(), &a.who.row, &a.who.key).cmp(&(b.period(), &b.who.row, &b.who.key))
            });
            f.periods = f
                .audits
                .iter()
                .map(|a| audits[*a].period().to_string())
                .collect();
            f.periods.dedup();
        }
    }

    /// What return `i` is compared with (see `Previous`).
    fn find_previous(
        &self,
        i: AuditId,
        by_key: &HashMap<String, Vec<AuditId>>,
        dir: Option<&Directory>,
    ) -> Previous {
        let a = &self.audits[i];
        let family = self.family(a.framework.expect("linked"));
        let period = a.period();
        // The latest return by `key` before this period, to this framework or one it
        // replaces; of two in one period, the one to the newer framework.
        let latest = |key: &str| -> Option<AuditId> {
            by_key
                .get(key)?
                .iter()
                .copied()
                .filter(|&p| self.audits[p].period() < period)
                .filter_map(|p| {
                    let f = self.audits[p].framework?;
                    let rank = family.iter().position(|x| *x == f)?;
                    Some((self.audits[p].period(), std::cmp::Reverse(rank), p))
                })
                .max()
                .map(|(_, _, p)| p)
        };
        if let Some(p) = latest(&a.who.key) {
            return Previous::One(p);
        }
        let (Some(dir), Some(mut at)) = (dir, a.who.org) else {
            return Previous::None;
        };
        // Back through renames, to the first organisation with a return or a merger.
        for _ in 0..dir.len() {
            match dir.predecessors(at) {
                [] => return Previous::None,
                [one] => {
                    if let Some(p) = latest(dir.id(*one)) {
                        return Previous::One(p);
                    }
                    at = *one;
                }
                many => {
                    let mut out = Vec::new();
                    let mut seen = HashSet::new();
                    merged_from(dir, many, &latest, &mut seen, &mut out);
                    return Previous::Merged(out);
                }
            }
        }
        Previous::None
    }

    /// Organisations that made a return in the period before `period` (among the
    /// periods of the framework and those it replaces) but not in it. One that has
    /// closed and whose successor (or its successor's) made a return in `period` is
    /// not missing.
    pub fn missing_in(
        &self,
        fid: FrameworkId,
        period: &str,
        dir: Option<&Directory>,
    ) -> Vec<Missing> {
        let periods = self.family_periods(fid);
        let Some(i) = periods.iter().position(|(p, _)| p == period) else {
            return Vec::new();
        };
        let Some((before, _)) = i.checked_sub(1).map(|b| &periods[b]) else {
            return Vec::new();
        };
        let family = self.family(fid);
        let in_period = |p: &str| -> Vec<AuditId> {
            family.iter().flat_map(|&f| self.returns_in(f, p)).collect()
        };
        let now = in_period(period);
        let rows: HashSet<&str> = now
            .iter()
            .map(|&a| self.audits[a].who.row.as_str())
            .collect();
        let keys: HashSet<&str> = now
            .iter()
            .map(|&a| self.audits[a].who.key.as_str())
            .collect();
        let mut missing: Vec<(&str, Missing)> = Vec::new();
        for a in in_period(before) {
            let who = &self.audits[a].who;
            if rows.contains(who.row.as_str()) || missing.iter().any(|(k, _)| *k == who.key) {
                continue;
            }
            // Only a closed one: one that carries on beside a successor (part of it
            // split off) still owes its own return.
            let closed = match (dir, who.org) {
                (Some(d), Some(o)) => d.org(o).closed.as_ref().map(|c| c.value),
                _ => None,
            };
            let succeeded = match (dir, who.org, closed) {
                (Some(d), Some(o), Some(_)) => d.succeeded_by(o, |s| keys.contains(d.id(s))),
                _ => false,
            };
            if !succeeded {
                missing.push((
                    &who.key,
                    Missing {
                        name: who.name.clone(),
                        closed,
                    },
                ));
            }
        }
        let mut out: Vec<Missing> = missing.into_iter().map(|(_, m)| m).collect();
        out.sort_by(|x, y| x.name.cmp(&y.name));
        out
    }

    /// A framework's returns as a table: a row per organisation (a renamed one is one
    /// row, under its latest name), in order of registry id (or name, without a
    /// registry), each with its return in each of the framework's periods.
    /// Each row is (its row key, its name, its cells); the key is the registry id of
    /// the organisation, where there is a registry.
    pub fn by_organisation(&self, fid: FrameworkId) -> Vec<Row<'_>> {
        let f = &self.frameworks[fid];
        let mut rows: Vec<(&str, &str, Vec<Option<AuditId>>)> = Vec::new();
        let mut row_of: HashMap<&str, usize> = HashMap::new();
        for &x in &f.audits {
            let who = &self.audits[x].who;
            let r = *row_of.entry(who.row.as_str()).or_insert_with(|| {
                rows.push((
                    who.row.as_str(),
                    who.row_name.as_str(),
                    vec![None; f.periods.len()],
                ));
                rows.len() - 1
            });
            if let Some(p) = f.periods.iter().position(|p| p == self.audits[x].period()) {
                // One per row and period: `one_return_per_period` refuses a second.
                rows[r].2[p] = Some(x);
            }
        }
        rows.sort_by(|a, b| a.0.cmp(b.0));
        rows
    }
}

/// Each of `orgs` with its latest return; one that made none, through what it was
/// formed from, as far back as there are returns.
fn merged_from(
    dir: &Directory,
    orgs: &[OrgId],
    latest: &impl Fn(&str) -> Option<AuditId>,
    seen: &mut HashSet<OrgId>,
    out: &mut Vec<(OrgId, Option<AuditId>)>,
) {
    for &q in orgs {
        if !seen.insert(q) {
            continue;
        }
        match latest(dir.id(q)) {
            Some(p) => out.push((q, Some(p))),
            None if !dir.predecessors(q).is_empty() => {
                merged_from(dir, dir.predecessors(q), latest, seen, out)
            }
            None => out.push((q, None)),
        }
    }
}

/// What to say of an `organisation:` the registry does not have.
fn not_registered(dir: &Directory, written: &str) -> String {
    if let Some(p) = dir.partnership_named(written) {
        let names: Vec<&str> = dir.members(p).iter().map(|&o| dir.name(o)).collect();
        let which = match names.as_slice() {
            [] => String::new(),
            [one] => format!(" ({one})"),
            [rest @ .., last] => format!(" ({} or {last})", rest.join(", ")),
        };
        return format!(
            "`{written}` is a partnership, not an organisation: a return is made by one organisation, so name the member that made it{which}"
        );
    }
    let near = dir.nearest(written);
    let hint = match near.as_slice() {
        [] => "name it by its id, name or ODS code as the registry writes them, or add it to the registry".to_string(),
        [one] => format!("did you mean {one}?"),
        many => format!("did you mean one of {}?", many.join(", ")),
    };
    // `É` may be written as `E` and a separate accent, which looks the same but
    // does not match: said, since the name shown may look exactly like the one meant.
    let accents = if written
        .chars()
        .any(|c| ('\u{300}'..='\u{36f}').contains(&c))
    {
        " (its accented letters are each written as a letter followed by a separate accent, which looks the same but does not match: type them again)"
    } else {
        ""
    };
    format!("`{written}` is not an organisation in the registry: {hint}{accents}")
}
