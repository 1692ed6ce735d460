//! Framework versions: a framework may replace an earlier one (`replaces:`), saying
//! which of its criteria carry on from which earlier ones. Returns to the two are
//! then compared criterion by criterion where the map says they correspond, and
//! nowhere else.
//!
//! Invariant: once linked, `replaces` chains have no cycles and every framework in a
//! chain has the same scale values, so a grade in one means the same in the other;
//! every criterion the map names exists on its side.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::framework::Framework;
use super::{FrameworkEntry, FrameworkId};
use crate::diagnostics::Diagnostic;
use crate::yaml::{Pos, YamlSource, key_lines, key_pos, pos};

/// `replaces:`: the earlier framework this one replaces, and how criteria map.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Replaces {
    /// The `id` of the framework this one replaces (`section-11`).
    #[schemars(with = "String")]
    pub framework: Spanned<String>,
    /// For each criterion here that does not simply carry on from the earlier
    /// criterion with its id: the earlier criterion it compares with (`"1.2": "1.3"`),
    /// the earlier criteria it merges (`"3.1": ["3.1", "3.2"]`), or nothing, for a new
    /// criterion (`"1.4": ~`).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Option<Counterpart>>")]
    pub map: BTreeMap<String, Spanned<Option<Counterpart>>>,
}

/// What a criterion compares with in the earlier framework. Read as written: an id
/// left unquoted would be read as a number, and `1.10` as `1.1`, so it is refused.
#[derive(Clone, Debug, JsonSchema)]
#[serde(untagged)]
pub enum Counterpart {
    /// One earlier criterion.
    One(String),
    /// Several earlier criteria merged into this one.
    Many(Vec<String>),
}

/// What to say of an earlier criterion's id written as a number.
const QUOTE: &str = "write the earlier criterion's id in quotes, such as `\"1.3\"`: without them it is read as a number, and `1.10` would be read as `1.1`";

/// What to say of `true`, `false`, `yes` or `no` where an id belongs.
const NOT_AN_ID: &str = "write the earlier criterion's id here, in quotes, such as `\"1.3\"`, or `~` for a new criterion";

/// One earlier criterion's id, as text.
struct Id(String);

struct IdVisitor;

impl<'de> Visitor<'de> for IdVisitor {
    type Value = Id;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an earlier criterion's id, in quotes")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
        Ok(Id(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Id, E> {
        Err(E::custom(QUOTE))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Id, E> {
        Err(E::custom(QUOTE))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Id, E> {
        Err(E::custom(QUOTE))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Id, E> {
        Err(E::custom(NOT_AN_ID))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Id, A::Error> {
        Err(de::Error::custom(
            "a list inside the list: write each earlier criterion's id in the one list, such as `[\"1.2\", \"2.2\"]`",
        ))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Id, A::Error> {
        Err(de::Error::custom(
            "write an earlier criterion's id here, in quotes, such as `\"1.3\"`, not `key: value` lines",
        ))
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Id, D::Error> {
        d.deserialize_any(IdVisitor)
    }
}

struct CounterpartVisitor;

impl<'de> Visitor<'de> for CounterpartVisitor {
    type Value = Counterpart;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an earlier criterion's id in quotes, a list of them, or `~`")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Counterpart, E> {
        Ok(Counterpart::One(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Counterpart, E> {
        Err(E::custom(QUOTE))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Counterpart, E> {
        Err(E::custom(QUOTE))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Counterpart, E> {
        Err(E::custom(QUOTE))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Counterpart, E> {
        Err(E::custom(NOT_AN_ID))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Counterpart, A::Error> {
        let mut ids = Vec::new();
        while let Some(Id(id)) = seq.next_element()? {
            ids.push(id);
        }
        Ok(Counterpart::Many(ids))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Counterpart, A::Error> {
        Err(de::Error::custom(
            "write an earlier criterion's id here, in quotes, such as `\"1.3\"`, a list of them, or `~` for a new criterion, not `key: value` lines",
        ))
    }
}

impl<'de> Deserialize<'de> for Counterpart {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Counterpart, D::Error> {
        d.deserialize_any(CounterpartVisitor)
    }
}

impl Counterpart {
    fn ids(&self) -> Vec<&str> {
        match self {
            Counterpart::One(id) => vec![id.trim()],
            Counterpart::Many(ids) => ids.iter().map(|i| i.trim()).collect(),
        }
    }
}

/// Where a map key is written: after `replaces:` (keys carry no position).
fn map_key_pos(yaml: &str, key: &str, r: &Spanned<Replaces>) -> Pos {
    let from = pos(r.referenced);
    key_lines(yaml, key)
        .chain(key_lines(yaml, &format!("\"{key}\"")))
        .chain(key_lines(yaml, &format!("'{key}'")))
        .filter(|at| at.0 >= from.0)
        .min()
        .unwrap_or(from)
}

/// The map's keys are criteria of this framework.
fn check_keys(fw: &Framework, yaml: &str, error: &mut impl FnMut(Pos, String)) {
    let Some(r) = &fw.replaces else { return };
    let here = fw.criteria_by_id();
    let keys: Vec<&String> = r.value.map.keys().collect();
    for (n, key) in keys.iter().enumerate() {
        if let Some(first) = keys[..n].iter().find(|k| k.trim() == key.trim()) {
            // At the later of the two as written.
            let at = map_key_pos(yaml, key, r).max(map_key_pos(yaml, first, r));
            error(
                at,
                format!("`{}` is set twice in `map`: keep one", key.trim()),
            );
        } else if !here.contains_key(key.trim()) {
            error(
                map_key_pos(yaml, key, r),
                format!(
                    "`{key}` in `map` is not a criterion of `{}`: the map's keys are this framework's criteria, its values the earlier framework's",
                    fw.id.value.trim()
                ),
            );
        }
    }
}

/// For each criterion of `fw` (framework order), the indexes of the criteria of
/// `earlier` (its order) it compares with: as mapped, else the one with its id.
pub fn counterparts(fw: &Framework, earlier: &Framework) -> Vec<Vec<usize>> {
    let there: HashMap<&str, usize> = earlier
        .all_criteria()
        .enumerate()
        .map(|(i, (_, c))| (c.id.value.trim(), i))
        .collect();
    let map = fw.replaces.as_ref().map(|r| &r.value.map);
    fw.all_criteria()
        .map(|(_, c)| {
            let id = c.id.value.trim();
            match map.and_then(|m| m.iter().find(|(k, _)| k.trim() == id)) {
                Some((_, to)) => to
                    .value
                    .as_ref()
                    .map(|t| {
                        t.ids()
                            .iter()
                            .filter_map(|i| there.get(i).copied())
                            .collect()
                    })
                    .unwrap_or_default(),
                None => there.get(id).map(|&i| vec![i]).unwrap_or_default(),
            }
        })
        .collect()
}

/// Links each framework to the one it replaces, reporting what cannot be linked.
/// `withheld` and `broken` frameworks are left unlinked quietly: the first are not in
/// this build, the second are reported on their own.
pub fn link<'s>(
    frameworks: &mut [FrameworkEntry],
    by_id: &HashMap<String, FrameworkId>,
    yaml_of: &impl Fn(usize) -> YamlSource<'s>,
    (withheld, broken): (&[String], &[String]),
    diags: &mut Vec<Diagnostic>,
) {
    let mut links: Vec<Option<FrameworkId>> = vec![None; frameworks.len()];
    for (i, f) in frameworks.iter().enumerate() {
        let Some(r) = &f.fw.replaces else { continue };
        let source = yaml_of(f.source);
        check_keys(&f.fw, source.yaml, &mut |at, message| {
            diags.push(source.at(at, message))
        });
        let id = r.value.framework.value.trim();
        let at = pos(r.value.framework.referenced);
        if id.is_empty() {
            diags.push(source.at(
                at,
                "`framework` under `replaces` is empty: write the id of the framework this one replaces",
            ));
            continue;
        }
        let Some(&earlier) = by_id.get(id) else {
            if !withheld.iter().chain(broken).any(|w| w == id) {
                let mut known: Vec<&str> = by_id
                    .keys()
                    .map(String::as_str)
                    .filter(|k| *k != f.fw.id.value.trim())
                    .collect();
                known.sort_unstable();
                diags.push(source.at(at, unknown_framework(id, &known)));
            }
            continue;
        };
        if earlier == i {
            diags.push(source.at(
                at,
                "a framework cannot replace itself: name the earlier framework's id",
            ));
            continue;
        }
        let before = &frameworks[earlier].fw;
        // The map is checked whatever the scales, so all its slips are told at once.
        check_values(before, r, &source, diags);
        if let Some(problem) = different_scales(&f.fw, before) {
            diags.push(source.at(at, problem));
            continue;
        }
        links[i] = Some(earlier);
    }
    break_cycles(frameworks, &mut links, yaml_of, diags);
    for (f, link) in frameworks.iter_mut().zip(links) {
        f.replaces = link;
    }
}

fn unknown_framework(id: &str, known: &[&str]) -> String {
    match crate::yaml::nearest(id, known) {
        Some(near) => format!("there is no framework `{id}` to replace: did you mean `{near}`?"),
        None if known.is_empty() => format!(
            "there is no framework `{id}` to replace: add the earlier framework under content/, with `id: {id}`"
        ),
        None => format!(
            "there is no framework `{id}` to replace: the site has {}",
            known.join(", ")
        ),
    }
}

/// Why two frameworks' grades cannot be compared, if their scales differ.
fn different_scales(fw: &Framework, earlier: &Framework) -> Option<String> {
    let (now, then) = (fw.values(), earlier.values());
    (now != then).then(|| {
        format!(
            "`{}` replaces `{}`, but their scales differ ({} against {}), so grades in one cannot be compared with grades in the other: give both the same scale values, or remove `replaces`",
            fw.id.value.trim(),
            earlier.id.value.trim(),
            fw.scale_values(),
            earlier.scale_values()
        )
    })
}

/// Every earlier criterion the map names exists, once for each criterion here.
fn check_values(
    earlier: &Framework,
    r: &Spanned<Replaces>,
    source: &YamlSource,
    diags: &mut Vec<Diagnostic>,
) {
    let there = earlier.criteria_by_id();
    for (key, to) in &r.value.map {
        let Some(to) = &to.value else { continue };
        let at = key_pos(source.yaml, key, map_key_pos(source.yaml, key, r));
        let ids = to.ids();
        if ids.is_empty() {
            diags.push(source.at(
                at,
                format!(
                    "`{key}` lists no earlier criterion: list those it compares with, or write `~` if it is new"
                ),
            ));
        }
        let mut seen: Vec<&str> = Vec::new();
        for id in ids {
            if seen.contains(&id) {
                if seen.iter().filter(|s| **s == id).count() == 1 {
                    diags.push(source.at(
                        at,
                        format!(
                            "`{id}` is listed twice for `{key}`: list each earlier criterion once"
                        ),
                    ));
                }
                seen.push(id);
                continue;
            }
            seen.push(id);
            if id.is_empty() {
                diags.push(source.at(
                    at,
                    format!("`{key}` maps to empty text: write the earlier criterion's id, or `~` if it is new"),
                ));
            } else if !there.contains_key(id) {
                let ids: Vec<&str> = earlier
                    .all_criteria()
                    .map(|(_, c)| c.id.value.trim())
                    .collect();
                let near = crate::yaml::nearest(id, &ids)
                    .map(|n| format!(": did you mean `{n}`?"))
                    .unwrap_or_else(|| {
                        ": the map's values are the earlier framework's criteria".into()
                    });
                diags.push(source.at(
                    at,
                    format!(
                        "`{key}` maps to `{id}`, but `{}` has no criterion `{id}`{near}",
                        earlier.id.value.trim()
                    ),
                ));
            }
        }
    }
}

/// A chain of `replaces` that comes back on itself is reported once, and unlinked.
fn break_cycles<'s>(
    frameworks: &[FrameworkEntry],
    links: &mut [Option<FrameworkId>],
    yaml_of: &impl Fn(usize) -> YamlSource<'s>,
    diags: &mut Vec<Diagnostic>,
) {
    for start in 0..links.len() {
        let mut path = vec![start];
        let mut at = start;
        while let Some(next) = links[at] {
            if next == start {
                let names: Vec<&str> = path
                    .iter()
                    .map(|&i| frameworks[i].fw.id.value.trim())
                    .collect();
                let f = &frameworks[start];
                let r =
                    f.fw.replaces
                        .as_ref()
                        .expect("a linked framework replaces one");
                diags.push(yaml_of(f.source).at(
                    pos(r.value.framework.referenced),
                    format!(
                        "following `replaces` from `{}` comes back to it ({} → {}): a framework cannot replace one that replaced it, so remove `replaces` from one of them",
                        names[0],
                        names.join(" → "),
                        names[0]
                    ),
                ));
                for &i in &path {
                    links[i] = None;
                }
                break;
            }
            if path.contains(&next) {
                break;
            }
            path.push(next);
            at = next;
        }
    }
}
