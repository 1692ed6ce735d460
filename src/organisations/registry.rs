//! The registry as written, and its checks: every problem at its line, in words a
//! business manager can act on.

use std::collections::HashMap;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::config::Visibility;
use crate::diagnostics::Diagnostic;
use crate::yaml::{Pos, YamlSource, key_pos, pos};

/// `kind: organisations`: the organisations that make returns and report figures,
/// and the partnerships they belong to.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "The organisations registry")]
pub struct Registry {
    /// `organisations`: this document is the site's registry of organisations.
    #[allow(dead_code)]
    #[schemars(extend("const" = "organisations"))]
    kind: String,
    /// The registry page's title (default `Organisations`).
    #[serde(default)]
    pub title: Option<String>,
    /// A few words shown at the top of the registry page.
    #[serde(default)]
    pub description: Option<String>,
    /// `public` or `private`. The registry names organisations, not people, so it is
    /// usually public; a public build cannot use a private one.
    #[serde(default)]
    pub visibility: Option<Visibility>,
    /// Each organisation, once.
    #[schemars(with = "Vec<Organisation>")]
    pub organisations: Spanned<Vec<Spanned<Organisation>>>,
    /// The partnerships organisations belong to (a safeguarding partnership, a
    /// safeguarding adults board).
    #[serde(default)]
    #[schemars(with = "Vec<Partnership>")]
    pub partnerships: Vec<Spanned<Partnership>>,
}

/// One organisation.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// A short name that never changes: lower case letters, digits and hyphens
    /// (`wolverhampton-ccg`). Its page is at this name.
    #[schemars(
        with = "String",
        regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"),
        length(max = 255)
    )]
    pub id: Spanned<String>,
    /// Its full name, as pages show it (`Wolverhampton CCG`).
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// Its NHS Organisation Data Service code (`06A`), if it has one.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub ods: Option<Spanned<String>>,
    /// What sort of organisation it is, in a word or two (`icb`, `trust`, `police`).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// The day it was set up (YYYY-MM-DD).
    #[serde(default)]
    pub established: Option<Date>,
    /// The day it ceased (YYYY-MM-DD), if it has.
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub closed: Option<Spanned<Date>>,
    /// The ids of the organisations it replaced: one for a rename, several for a
    /// merger.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub predecessors: Vec<Spanned<String>>,
    /// The ids of the partnerships it belongs to.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub partnerships: Vec<Spanned<String>>,
}

/// One partnership: the organisations that work together under it.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Partnership {
    /// A short name that never changes: lower case letters, digits and hyphens
    /// (`wolverhampton-sp`). Its page is at this name.
    #[schemars(
        with = "String",
        regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"),
        length(max = 255)
    )]
    pub id: Spanned<String>,
    /// Its full name (`Wolverhampton Safeguarding Together`).
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// What sort of partnership it is (`safeguarding partnership`, `lscb`).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// The day it was set up (YYYY-MM-DD).
    #[serde(default)]
    pub established: Option<Date>,
    /// The day it ceased (YYYY-MM-DD), if it has.
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub closed: Option<Spanned<Date>>,
    /// The ids of the partnerships it replaced (an LSCB, for a safeguarding
    /// partnership).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub predecessors: Vec<Spanned<String>>,
}

/// What the checks need of an organisation or a partnership alike.
#[derive(Clone, Copy)]
pub struct Body<'a> {
    pub id: &'a Spanned<String>,
    pub name: &'a Spanned<String>,
    pub established: Option<Date>,
    pub closed: Option<&'a Spanned<Date>>,
    pub predecessors: &'a [Spanned<String>],
}

impl Organisation {
    pub fn body(&self) -> Body<'_> {
        Body {
            id: &self.id,
            name: &self.name,
            established: self.established,
            closed: self.closed.as_ref(),
            predecessors: &self.predecessors,
        }
    }
}

impl Partnership {
    pub fn body(&self) -> Body<'_> {
        Body {
            id: &self.id,
            name: &self.name,
            established: self.established,
            closed: self.closed.as_ref(),
            predecessors: &self.predecessors,
        }
    }
}

/// How a name, id or code is matched: case and runs of spaces do not matter.
pub fn key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The longest an id may be: the longest name of a folder most file systems allow.
const ID_MAX: usize = 255;

/// Whether `id` is a registry id: lower case letters and digits in words joined by
/// single hyphens.
pub fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// An id made from a name, for a message that suggests one.
pub fn id_from(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

impl Registry {
    /// Parses and checks a registry; every problem is reported.
    pub fn parse(source: &YamlSource) -> Result<Registry, Vec<Diagnostic>> {
        let r: Registry = source.parse().map_err(|d| vec![d])?;
        let mut problems = Vec::new();
        let mut error = |at: Pos, message: String| problems.push(source.at(at, message));
        r.check(source.yaml, &mut error);
        if problems.is_empty() {
            Ok(r)
        } else {
            Err(problems)
        }
    }

    fn check(&self, yaml: &str, error: &mut impl FnMut(Pos, String)) {
        if self.title.as_ref().is_some_and(|t| t.trim().is_empty()) {
            error(
                crate::yaml::top_value_pos(yaml, "title").unwrap_or((1, 1)),
                "`title` is empty: give the registry page a title, or remove `title` to call it Organisations".into(),
            );
        }
        if self.organisations.value.is_empty() {
            error(
                key_pos(yaml, "organisations", pos(self.organisations.referenced)),
                "the registry lists no organisations: add each under `organisations:`, such as `- { id: wolverhampton-ccg, name: Wolverhampton CCG }`".into(),
            );
        }
        let orgs: Vec<Body> = self
            .organisations
            .value
            .iter()
            .map(|o| o.value.body())
            .collect();
        let parts: Vec<Body> = self.partnerships.iter().map(|p| p.value.body()).collect();
        check_names(&self.organisations.value, &parts, error);
        for (list, what, other) in [
            (&orgs, "organisation", &parts),
            (&parts, "partnership", &orgs),
        ] {
            check_dates(list, error);
            check_predecessors(list, what, other, error);
        }
        let partnership_ids: Vec<&str> = parts.iter().map(|p| p.id.value.trim()).collect();
        for o in &self.organisations.value {
            let list = &o.value.partnerships;
            for (n, p) in list.iter().enumerate() {
                let id = p.value.trim();
                if list[..n].iter().any(|q| q.value.trim() == id) {
                    let owner = o.value.id.value.trim();
                    error(pos(p.referenced), twice(id, "partnerships", owner));
                    continue;
                }
                if partnership_ids.contains(&id) {
                    continue;
                }
                let message = if orgs.iter().any(|b| b.id.value.trim() == id) {
                    format!(
                        "`{id}` is an organisation, not a partnership: list only the partnerships `{}` belongs to",
                        o.value.id.value.trim()
                    )
                } else {
                    unknown("partnership", id, &partnership_ids)
                };
                error(pos(p.referenced), message);
            }
        }
    }
}

/// What to say of an id listed again in one list.
fn twice(id: &str, list: &str, owner: &str) -> String {
    format!("`{id}` is listed twice in the `{list}` of `{owner}`: list it once")
}

/// What to say of an id the registry does not have, with the nearest it has.
fn unknown(what: &str, id: &str, known: &[&str]) -> String {
    match crate::yaml::nearest(id, known) {
        Some(near) => format!("there is no {what} `{id}` in the registry: did you mean `{near}`?"),
        None if known.is_empty() => format!(
            "there is no {what} `{id}` in the registry: add it under `{what}s:` with `id: {id}`"
        ),
        None => format!(
            "there is no {what} `{id}` in the registry: use the id of one listed under `{what}s:`"
        ),
    }
}

/// Ids well formed and unique across organisations and partnerships (they share one
/// set of page addresses); every name, id and ODS code naming one body only, so a
/// return's `organisation:` can never mean two.
fn check_names(
    orgs: &[Spanned<Organisation>],
    parts: &[Body],
    error: &mut impl FnMut(Pos, String),
) {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    // Every way a body may be named, with the line it is named on and what it is.
    let mut names: HashMap<String, (usize, &str, &str)> = HashMap::new();
    let bodies = orgs
        .iter()
        .map(|o| (o.value.body(), o.value.ods.as_ref()))
        .chain(parts.iter().map(|p| (*p, None)));
    for (b, ods) in bodies {
        let id = b.id.value.trim();
        let at = pos(b.id.referenced);
        if !is_id(id) {
            let suggested = id_from(if id.is_empty() { &b.name.value } else { id });
            error(
                at,
                format!(
                    "`{id}` cannot be an id: an id is lower case letters, digits and hyphens{}",
                    if suggested.is_empty() {
                        String::new()
                    } else {
                        format!(", such as `{suggested}`")
                    }
                ),
            );
        } else if id.len() > ID_MAX {
            let shown: String = id.chars().take(40).collect();
            error(
                at,
                format!(
                    "the id `{shown}…` is too long: it has {} letters, and an id may have at most {ID_MAX}, since it is the name of its page's folder; shorten it",
                    id.len()
                ),
            );
        } else if let Some(line) = ids.insert(id, at.0) {
            error(
                at,
                format!("the id `{id}` is already used on line {line}: give each its own id"),
            );
            continue;
        }
        if b.name.value.trim().is_empty() {
            error(
                pos(b.name.referenced),
                format!("`{id}` has no `name`: give its full name, as pages will show it"),
            );
        }
        let mut ways = vec![("name", b.name), ("id", b.id)];
        ways.extend(ods.map(|o| ("ODS code", o)));
        let mut own: Vec<String> = Vec::new();
        for (what, text) in ways {
            let k = key(&text.value);
            if k.is_empty() || own.contains(&k) {
                continue;
            }
            own.push(k.clone());
            let at = pos(text.referenced);
            if let Some(&(line, first, owner)) = names.get(&k) {
                error(
                    at,
                    format!(
                        "`{}` is already the {first} of `{owner}` on line {line}: give `{id}` {} of its own, so that a name, id or code in a return means one organisation",
                        text.value.trim(),
                        match what {
                            "name" => "a name",
                            "id" => "an id",
                            _ => "an ODS code",
                        }
                    ),
                );
            } else {
                names.insert(k, (at.0, what, id));
            }
        }
    }
}

/// A body cannot close before it was set up.
fn check_dates(list: &[Body], error: &mut impl FnMut(Pos, String)) {
    for b in list {
        if let (Some(open), Some(closed)) = (b.established, b.closed)
            && closed.value < open
        {
            error(
                pos(closed.referenced),
                format!(
                    "`{}` closed on {} but was established on {open}: correct one of the dates",
                    b.id.value.trim(),
                    closed.value
                ),
            );
        }
    }
}

/// `organisation` or `partnership` with its article, for a sentence.
fn a(what: &str) -> String {
    match what {
        "organisation" => "an organisation".into(),
        _ => format!("a {what}"),
    }
}

/// Each predecessor is another body of the same list (`other` is the other list:
/// organisations for partnerships and the reverse), and following predecessors
/// never comes back where it started.
fn check_predecessors(
    list: &[Body],
    what: &str,
    other: &[Body],
    error: &mut impl FnMut(Pos, String),
) {
    let other_what = if what == "organisation" {
        "partnership"
    } else {
        "organisation"
    };
    let index: HashMap<&str, usize> = list
        .iter()
        .enumerate()
        .map(|(i, b)| (b.id.value.trim(), i))
        .collect();
    let known: Vec<&str> = list.iter().map(|b| b.id.value.trim()).collect();
    for b in list {
        let id = b.id.value.trim();
        for (n, p) in b.predecessors.iter().enumerate() {
            let pid = p.value.trim();
            let earlier = &b.predecessors[..n];
            if earlier.iter().any(|q| q.value.trim() == pid) {
                error(pos(p.referenced), twice(pid, "predecessors", id));
            } else if pid == id {
                error(
                    pos(p.referenced),
                    format!("`{id}` names itself as its predecessor: list what it replaced"),
                );
            } else if index.contains_key(pid) {
                continue;
            } else if other.iter().any(|o| o.id.value.trim() == pid) {
                error(
                    pos(p.referenced),
                    format!(
                        "`{pid}` is {}, not {}: list only the {what}s that `{id}` replaced",
                        a(other_what),
                        a(what)
                    ),
                );
            } else {
                error(pos(p.referenced), unknown(what, pid, &known));
            }
        }
    }
    // A cycle is reported once, at the first body on it (in the file's order).
    let mut reported = vec![false; list.len()];
    for start in 0..list.len() {
        if reported[start] {
            continue;
        }
        if let Some(cycle) = cycle_from(list, &index, start) {
            for &i in &cycle {
                reported[i] = true;
            }
            let names: Vec<&str> = cycle.iter().map(|&i| list[i].id.value.trim()).collect();
            let first = list[start].id.value.trim();
            error(
                pos(list[start].id.referenced),
                format!(
                    "following predecessors from `{first}` comes back to it ({} → {first}): {} cannot replace one that replaced it, so remove one of these predecessors",
                    names.join(" → "),
                    a(what)
                ),
            );
        }
    }
}

/// The bodies on a cycle of predecessors through `start`, if there is one.
fn cycle_from(list: &[Body], index: &HashMap<&str, usize>, start: usize) -> Option<Vec<usize>> {
    // Depth-first over predecessors, keeping the path, so the cycle can be named.
    let mut path = vec![start];
    let mut next = vec![0usize];
    let mut seen = vec![false; list.len()];
    seen[start] = true;
    while let Some(&at) = path.last() {
        let depth = path.len() - 1;
        let preds = list[at].predecessors;
        if next[depth] >= preds.len() {
            path.pop();
            next.pop();
            continue;
        }
        let p = preds[next[depth]].value.trim();
        next[depth] += 1;
        let Some(&pi) = index.get(p) else { continue };
        // Naming itself is reported on its own (`check_predecessors`).
        if pi == at {
            continue;
        }
        if pi == start {
            return Some(path);
        }
        if !seen[pi] {
            seen[pi] = true;
            path.push(pi);
            next.push(0);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        let source = YamlSource {
            path: "content/organisations.yaml",
            file_text: text,
            yaml: text,
            line_offset: 0,
        };
        match Registry::parse(&source) {
            Ok(_) => Vec::new(),
            Err(d) => d.iter().map(|d| d.to_string()).collect(),
        }
    }

    #[test]
    fn ids_are_checked_for_form() {
        assert!(is_id("wolverhampton-ccg") && is_id("06a") && is_id("a"));
        for bad in ["", "-a", "a-", "a--b", "Wolverhampton CCG", "a_b", "ä"] {
            assert!(!is_id(bad), "{bad}");
        }
        assert_eq!(
            id_from("The Royal Wolverhampton NHS Trust"),
            "the-royal-wolverhampton-nhs-trust"
        );
    }

    #[test]
    fn a_sound_registry_has_no_problems() {
        let text = "kind: organisations\norganisations:\n  - { id: icb, name: The ICB, ods: QUA, predecessors: [a, b], partnerships: [sp] }\n  - { id: a, name: A CCG, ods: 06A, closed: 2022-06-30 }\n  - { id: b, name: B CCG }\npartnerships:\n  - { id: sp, name: The partnership, predecessors: [lscb] }\n  - { id: lscb, name: The LSCB }\n";
        assert_eq!(problems(text), Vec::<String>::new());
    }

    #[test]
    fn every_problem_is_at_its_line() {
        let text = "kind: organisations\norganisations:\n  - { id: Big Trust, name: Big }\n  - { id: a, name: A, ods: X1, predecessors: [c], partnerships: [sq] }\n  - { id: a, name: A again }\n  - { id: d, name: x1, predecessors: [d] }\npartnerships:\n  - { id: sp, name: SP }\n";
        let p = problems(text);
        let has = |at: &str, words: &str| {
            assert!(
                p.iter().any(|m| m.contains(at) && m.contains(words)),
                "no `{words}` at {at} in {p:#?}"
            )
        };
        has(":3:", "`Big Trust` cannot be an id");
        has(":3:", "such as `big-trust`");
        has(":5:", "the id `a` is already used on line 4");
        has(":6:", "`x1` is already the ODS code of `a` on line 4");
        has(":6:", "`d` names itself as its predecessor");
        has(":4:", "there is no organisation `c`");
        has(
            ":4:",
            "there is no partnership `sq` in the registry: did you mean `sp`?",
        );
    }

    #[test]
    fn a_cycle_of_predecessors_is_named_once() {
        let text = "kind: organisations\norganisations:\n  - { id: a, name: A, predecessors: [b] }\n  - { id: b, name: B, predecessors: [c] }\n  - { id: c, name: C, predecessors: [a] }\n";
        let p = problems(text);
        assert_eq!(p.len(), 1, "{p:#?}");
        assert!(
            p[0].contains(":3:") && p[0].contains("(a → b → c → a)"),
            "{}",
            p[0]
        );
    }

    #[test]
    fn closing_before_opening_is_refused() {
        let text = "kind: organisations\norganisations:\n  - { id: a, name: A, established: 2022-07-01, closed: 2021-01-01 }\n";
        let p = problems(text);
        assert!(
            p[0].contains(":3:")
                && p[0].contains("closed on 2021-01-01 but was established on 2022-07-01"),
            "{p:?}"
        );
    }
}
