//! A checked registry, indexed: which organisation a name, id or ODS code means; what
//! each replaced and what replaced it; who belongs to each partnership.

use std::collections::HashMap;

use super::registry::{Organisation, Partnership, Registry, key};

/// An organisation's place in the registry's list.
pub type OrgId = usize;
/// A partnership's place in the registry's list.
pub type PartnershipId = usize;

#[derive(Debug)]
pub struct Directory {
    pub registry: Registry,
    /// Every name, id and ODS code (by `key`), and the organisation it names.
    lookup: HashMap<String, OrgId>,
    predecessors: Vec<Vec<OrgId>>,
    successors: Vec<Vec<OrgId>>,
    members: Vec<Vec<OrgId>>,
    partnerships_of: Vec<Vec<PartnershipId>>,
}

impl Directory {
    /// Indexes a registry that passed its checks (`Registry::parse`). Names are
    /// shown with single spaces (`Wolverhampton  CCG ` as `Wolverhampton CCG`), as
    /// they are matched.
    pub fn new(mut registry: Registry) -> Directory {
        let tidy = |s: &mut String| *s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        for o in &mut registry.organisations.value {
            tidy(&mut o.value.name.value);
        }
        for p in &mut registry.partnerships {
            tidy(&mut p.value.name.value);
        }
        let orgs = &registry.organisations.value;
        let mut lookup = HashMap::new();
        for (i, o) in orgs.iter().enumerate() {
            let o = &o.value;
            let ways = [Some(&o.id), Some(&o.name), o.ods.as_ref()];
            for text in ways.into_iter().flatten() {
                lookup.entry(key(&text.value)).or_insert(i);
            }
        }
        let by_id = |id: &str| {
            orgs.iter()
                .position(|o| o.value.id.value.trim() == id.trim())
        };
        let predecessors: Vec<Vec<OrgId>> = orgs
            .iter()
            .map(|o| {
                o.value
                    .predecessors
                    .iter()
                    .filter_map(|p| by_id(&p.value))
                    .collect()
            })
            .collect();
        let mut successors = vec![Vec::new(); orgs.len()];
        for (i, preds) in predecessors.iter().enumerate() {
            for &p in preds {
                successors[p].push(i);
            }
        }
        let parts = &registry.partnerships;
        let mut members = vec![Vec::new(); parts.len()];
        let mut partnerships_of = vec![Vec::new(); orgs.len()];
        for (i, o) in orgs.iter().enumerate() {
            for p in &o.value.partnerships {
                if let Some(pi) = parts
                    .iter()
                    .position(|x| x.value.id.value.trim() == p.value.trim())
                {
                    members[pi].push(i);
                    partnerships_of[i].push(pi);
                }
            }
        }
        Directory {
            registry,
            lookup,
            predecessors,
            successors,
            members,
            partnerships_of,
        }
    }

    pub fn len(&self) -> usize {
        self.registry.organisations.value.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn org(&self, id: OrgId) -> &Organisation {
        &self.registry.organisations.value[id].value
    }

    pub fn id(&self, id: OrgId) -> &str {
        self.org(id).id.value.trim()
    }

    pub fn name(&self, id: OrgId) -> &str {
        self.org(id).name.value.trim()
    }

    pub fn partnership(&self, id: PartnershipId) -> &Partnership {
        &self.registry.partnerships[id].value
    }

    pub fn partnership_count(&self) -> usize {
        self.registry.partnerships.len()
    }

    /// The organisation `text` names by its id, name or ODS code; case and runs of
    /// spaces do not matter.
    pub fn resolve(&self, text: &str) -> Option<OrgId> {
        self.lookup.get(&key(text)).copied()
    }

    /// The partnership `text` names by its id or name, for a message about a return
    /// that names a partnership where an organisation belongs.
    pub fn partnership_named(&self, text: &str) -> Option<PartnershipId> {
        let wanted = key(text);
        self.registry
            .partnerships
            .iter()
            .position(|p| key(&p.value.id.value) == wanted || key(&p.value.name.value) == wanted)
    }

    /// The registered names nearest `text`, closest first, for a message; at most
    /// three, and only those close enough to be what was meant.
    pub fn nearest(&self, text: &str) -> Vec<&str> {
        let wanted = key(text);
        let mut scored: Vec<(f64, OrgId)> = (0..self.len())
            .map(|i| {
                let o = self.org(i);
                let ways = [Some(&o.name), Some(&o.id), o.ods.as_ref()];
                let best = ways
                    .into_iter()
                    .flatten()
                    .map(|t| strsim::jaro_winkler(&wanted, &key(&t.value)))
                    .fold(0.0, f64::max);
                (best, i)
            })
            .filter(|(s, _)| *s >= 0.75)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        // Those about as near as the nearest: a clear best is named alone.
        let best = scored.first().map_or(0.0, |s| s.0);
        scored
            .into_iter()
            .take_while(|(s, _)| *s >= best - 0.02)
            .take(3)
            .map(|(_, i)| self.name(i))
            .collect()
    }

    /// What `id` replaced, in the registry's order.
    pub fn predecessors(&self, id: OrgId) -> &[OrgId] {
        &self.predecessors[id]
    }

    /// What replaced `id`.
    pub fn successors(&self, id: OrgId) -> &[OrgId] {
        &self.successors[id]
    }

    /// Whether `id` was renamed into its one successor: it has one successor, which
    /// has no other predecessor.
    fn renamed(&self, id: OrgId) -> Option<OrgId> {
        match self.successors[id][..] {
            [s] if self.predecessors[s].len() == 1 => Some(s),
            _ => None,
        }
    }

    /// The organisation a chain of renames through `id` ends in: the row its returns
    /// are shown in, beside those of every earlier name.
    pub fn line(&self, id: OrgId) -> OrgId {
        let mut at = id;
        // Checked registries have no cycles; the bound is a second guard.
        for _ in 0..self.len() {
            match self.renamed(at) {
                Some(next) => at = next,
                None => break,
            }
        }
        at
    }

    /// The earlier names of `id`'s line, latest first (each renamed into the next).
    pub fn former(&self, id: OrgId) -> Vec<OrgId> {
        let mut out = Vec::new();
        let mut at = id;
        while let [p] = self.predecessors[at][..] {
            if out.contains(&p) || self.renamed(p) != Some(at) {
                break;
            }
            out.push(p);
            at = p;
        }
        out
    }

    /// `id` and its earlier names, latest first: whose returns its page shows.
    pub fn with_former(&self, id: OrgId) -> Vec<OrgId> {
        let mut out = vec![id];
        out.extend(self.former(id));
        out
    }

    /// Whether `id` or anything that (directly or through others) replaced it
    /// satisfies `done`: a closed organisation whose successor made a return.
    pub fn succeeded_by(&self, id: OrgId, done: impl Fn(OrgId) -> bool) -> bool {
        let mut seen = vec![false; self.len()];
        let mut stack: Vec<OrgId> = self.successors[id].clone();
        while let Some(s) = stack.pop() {
            if std::mem::replace(&mut seen[s], true) {
                continue;
            }
            if done(s) {
                return true;
            }
            stack.extend(&self.successors[s]);
        }
        false
    }

    /// The organisations in partnership `id`, in the registry's order.
    pub fn members(&self, id: PartnershipId) -> &[OrgId] {
        &self.members[id]
    }

    /// The partnerships `id` belongs to.
    pub fn partnerships_of(&self, id: OrgId) -> &[PartnershipId] {
        &self.partnerships_of[id]
    }

    /// The partnerships `id` replaced, and those that replaced it.
    pub fn partnership_lineage(
        &self,
        id: PartnershipId,
    ) -> (Vec<PartnershipId>, Vec<PartnershipId>) {
        let parts = &self.registry.partnerships;
        let pid = parts[id].value.id.value.trim();
        let before = parts[id]
            .value
            .predecessors
            .iter()
            .filter_map(|p| {
                parts
                    .iter()
                    .position(|x| x.value.id.value.trim() == p.value.trim())
            })
            .collect();
        let after = (0..parts.len())
            .filter(|&i| {
                parts[i]
                    .value
                    .predecessors
                    .iter()
                    .any(|p| p.value.trim() == pid)
            })
            .collect();
        (before, after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::YamlSource;

    /// a → b (a rename), then b, c and d merge into e; f stands alone.
    fn directory() -> Directory {
        let text = "kind: organisations\norganisations:\n  - { id: a, name: Alpha CCG, ods: 01A }\n  - { id: b, name: Beta CCG, predecessors: [a], partnerships: [sp] }\n  - { id: c, name: Gamma CCG }\n  - { id: d, name: Delta CCG }\n  - { id: e, name: The ICB, ods: QUA, predecessors: [b, c, d], partnerships: [sp] }\n  - { id: f, name: Foxtrot Trust }\npartnerships:\n  - { id: sp, name: The partnership }\n";
        let source = YamlSource {
            path: "o.yaml",
            file_text: text,
            yaml: text,
            line_offset: 0,
        };
        Directory::new(Registry::parse(&source).unwrap_or_else(|e| panic!("{e:?}")))
    }

    #[test]
    fn names_ids_and_codes_all_resolve() {
        let d = directory();
        assert_eq!(d.resolve("Alpha CCG"), Some(0));
        assert_eq!(d.resolve("  alpha   ccg "), Some(0));
        assert_eq!(d.resolve("01a"), Some(0));
        assert_eq!(d.resolve("e"), Some(4));
        assert_eq!(d.resolve("QUA"), Some(4));
        assert_eq!(d.resolve("Alpha"), None);
        assert_eq!(d.nearest("Alfa CCG")[0], "Alpha CCG");
        assert!(d.nearest("Zzzz").is_empty());
    }

    #[test]
    fn a_rename_is_one_line_and_a_merger_is_not() {
        let d = directory();
        assert_eq!(d.line(0), 1, "Alpha was renamed Beta");
        assert_eq!(d.line(1), 1, "Beta merged into the ICB with others");
        assert_eq!((d.line(2), d.line(4), d.line(5)), (2, 4, 5));
        assert_eq!(d.former(1), [0]);
        assert_eq!(d.with_former(1), [1, 0]);
        assert!(d.former(4).is_empty());
        assert_eq!(d.successors(2), [4]);
        assert!(d.succeeded_by(0, |o| o == 4), "through Beta to the ICB");
        assert!(!d.succeeded_by(5, |_| true));
        assert_eq!(d.members(0), [1, 4]);
        assert_eq!(d.partnerships_of(4), [0]);
    }
}
