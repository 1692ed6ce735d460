//! `safeguard add organisations`, and what a site's registry means for a new return:
//! it names a registered organisation, so that it builds as it is.

use std::path::Path;

use super::add::{Refused, documents, id, title, yaml_text};
use crate::content::data::DataDoc;
use crate::organisations::{Directory, Registry};

/// The site's registry and its path, if it has one that builds.
fn registry(root: &Path) -> Option<(String, Registry)> {
    documents(root)
        .into_iter()
        .find_map(|(path, doc)| match doc {
            DataDoc::Organisations(r) => Some((path, *r)),
            _ => None,
        })
}

/// Refuses a second registry: a site has one.
pub fn only_one(root: &Path) -> Result<(), Refused> {
    match registry(root) {
        Some((path, _)) => Err(Refused::Usage(format!(
            "{path} is already the site's organisations registry, and a site has one: add the organisations to it"
        ))),
        None => Ok(()),
    }
}

/// What a new return at a file named `stem` writes as its `organisation:`: with a
/// registry, the id of the organisation the name means (by id or name), and its name
/// for the comment; without one, a name made from the file's.
pub fn organisation(root: &Path, stem: &str) -> Result<(String, Option<String>), Refused> {
    let Some((path, r)) = registry(root) else {
        return Ok((title(stem), None));
    };
    let d = Directory::new(r);
    let found = d.resolve(&id(stem)).or_else(|| d.resolve(&title(stem)));
    match found {
        Some(o) => Ok((d.id(o).to_string(), Some(d.name(o).to_string()))),
        None => {
            let near = d.nearest(&title(stem));
            let hint = match near.first() {
                Some(n) => {
                    let o = d.resolve(n).expect("a registered name");
                    format!(", such as {} for {n}", d.id(o))
                }
                None => String::new(),
            };
            Err(Refused::Usage(format!(
                "{path} has no organisation `{}`: name the file by an organisation's registry id{hint}, or add the organisation to the registry first",
                id(stem)
            )))
        }
    }
}

/// What a new dataset's starter rows name as their organisation: the registry's
/// first organisation, by its id, so that they build; without a registry, a name.
pub fn first_organisation(root: &Path) -> String {
    registry(root)
        .and_then(|(_, r)| {
            r.organisations
                .value
                .first()
                .map(|o| o.value.id.value.trim().to_string())
        })
        .unwrap_or_else(|| "Your organisation".to_string())
}

/// Whether two `organisation:` texts name the same organisation: by the registry,
/// where the site has one, else by name (case and spacing aside).
pub fn same_organisation(root: &Path) -> impl Fn(&str, &str) -> bool {
    let dir = registry(root).map(|(_, r)| Directory::new(r));
    move |a: &str, b: &str| {
        let key = crate::assurance::organisation_key;
        match &dir {
            Some(d) => match (d.resolve(a), d.resolve(b)) {
                (Some(x), Some(y)) => x == y,
                _ => key(a) == key(b),
            },
            None => key(a) == key(b),
        }
    }
}

/// One entry of a new registry, every setting explained.
const EXAMPLE: &str = "  - id: example-icb                # a short name that never changes: small letters, digits and hyphens
    name: NHS Example Integrated Care Board  # its full name, as pages show it
    # ods: QXX                     # its NHS Organisation Data Service code
    # type: icb                    # a word or two: icb, trust, police, school
    # established: 2022-07-01      # the day it was set up (YYYY-MM-DD)
    # closed: 2030-03-31           # the day it ceased, if it has
    # predecessors: [example-ccg]  # the ids of what it replaced: one for a rename, several for a merger
    partnerships: [example-partnership]  # the ids of the partnerships it belongs to
";

/// The organisations of a new registry: every organisation the site's returns name
/// already (so the site still builds), each with an id made from its name; or an
/// example, for a site with no returns.
pub fn organisations(root: &Path) -> String {
    let key = crate::assurance::organisation_key;
    let mut names: Vec<String> = documents(root)
        .into_iter()
        .filter_map(|(_, doc)| match doc {
            DataDoc::Audit(a) => Some(
                a.organisation
                    .value
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            _ => None,
        })
        .collect();
    names.sort_by_key(|n| key(n));
    names.dedup_by(|a, b| key(a) == key(b));
    if names.is_empty() {
        return EXAMPLE.to_string();
    }
    let mut ids: Vec<String> = Vec::new();
    let mut out = String::new();
    for (i, name) in names.iter().enumerate() {
        let base = match crate::organisations::registry::id_from(name) {
            made if made.is_empty() => "organisation".to_string(),
            made => made,
        };
        // Two names that make one id (`St. Mary's` and `St Marys`) get a number.
        let mut made = base.clone();
        let mut n = 2;
        while ids.contains(&made) {
            made = format!("{base}-{n}");
            n += 1;
        }
        let comments = if i == 0 {
            [
                "  # a short name that never changes: small letters, digits and hyphens",
                "  # its full name, as your returns write it",
                "\n    # ods: QXX                     # its NHS Organisation Data Service code\n    # predecessors: [other-id]     # the ids of what it replaced: one for a rename, several for a merger",
            ]
        } else {
            ["", "", ""]
        };
        out.push_str(&format!(
            "  - id: {made}{}\n    name: {}{}{}\n",
            comments[0],
            yaml_text(name),
            comments[1],
            comments[2]
        ));
        ids.push(made);
    }
    out
}
