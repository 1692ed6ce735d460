//! What the lines of `actions`, `trend` and `organisation` blocks name: a framework
//! or a return by its path, a framework by its id, an organisation by its registry
//! id, name or ODS code (or, without a registry, by the name its returns use).

use super::blocks::{Named, Whose};
use super::embed::{a_block, nearest, relative};
use super::links::is_external;
use super::{PageKind, Site, Withheld};
use crate::assurance::{FrameworkId, organisation_key};

/// A problem at its byte offset in the page's file.
type Problem = (usize, String);

impl Site {
    /// The organisations `value` (at byte `at`) names; a partnership (its members)
    /// only where `partnership`.
    pub(super) fn whose(
        &self,
        value: &str,
        at: usize,
        partnership: bool,
    ) -> Result<Option<Whose>, Problem> {
        let Some(d) = self.directory() else {
            return match self.registry_left_out() {
                Some(Withheld::Broken) => Ok(None),
                Some(_) => Err((at, self.registry_private())),
                None => self.whose_by_returns(value, at).map(Some),
            };
        };
        if let Some(o) = d.resolve(value) {
            return Ok(Some(Whose {
                name: d.name(o).to_string(),
                orgs: d.with_former(o),
                key: None,
            }));
        }
        if let Some(p) = d.partnership_named(value) {
            let members = d.members(p);
            if !partnership {
                let example = members
                    .first()
                    .map_or(String::new(), |&m| format!(", such as `{}`", d.name(m)));
                return Err((
                    at,
                    format!(
                        "`{value}` is a partnership, not one organisation: name one of its members{example}"
                    ),
                ));
            }
            return Ok(Some(Whose {
                name: d.partnership(p).name.value.trim().to_string(),
                orgs: members.iter().flat_map(|&m| d.with_former(m)).collect(),
                key: None,
            }));
        }
        let near = d.nearest(value);
        let hint = match near.as_slice() {
            [] => String::new(),
            names => format!(
                " (did you mean {}?)",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        };
        Err((
            at,
            format!(
                "there is no organisation `{value}` in the organisations registry{hint}: write an organisation's registry id, name or ODS code as the registry has them"
            ),
        ))
    }

    /// Why a site whose pages name a registry has none in this build: it failed to
    /// load, or it is not published in it; `None` where it has none at all.
    pub(super) fn registry_left_out(&self) -> Option<&Withheld> {
        self.registry_left_out.as_ref()
    }

    /// The message for a block naming an organisation when the registry is private.
    pub(super) fn registry_private(&self) -> String {
        format!(
            "the organisations registry is not published in this {} build, so no organisation can be named here: publish the registry, or leave the block out",
            self.selection.audience.as_str()
        )
    }

    /// Without a registry, an organisation is the name its returns are made under.
    fn whose_by_returns(&self, value: &str, at: usize) -> Result<Whose, Problem> {
        let wanted = organisation_key(value);
        let mut names: Vec<(&str, &str)> = self
            .assurance
            .audits
            .iter()
            .map(|a| (a.who.key.as_str(), a.organisation()))
            .collect();
        names.sort_unstable();
        names.dedup_by_key(|(k, _)| *k);
        if let Some((key, name)) = names.iter().find(|(k, _)| *k == wanted) {
            return Ok(Whose {
                name: name.to_string(),
                orgs: Vec::new(),
                key: Some(key.to_string()),
            });
        }
        let shown: Vec<&str> = names.iter().map(|(_, n)| *n).collect();
        let lower: Vec<String> = shown.iter().map(|n| n.to_lowercase()).collect();
        let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
        let hint = nearest(value, &lower)
            .and_then(|n| lower.iter().position(|l| *l == n))
            .map_or(String::new(), |i| {
                format!(" (did you mean `{}`?)", shown[i])
            });
        Err((
            at,
            match shown.is_empty() {
                true => {
                    format!("no audit return is from `{value}`: this site has no audit returns yet")
                }
                false => format!(
                    "no audit return is from `{value}`{hint}: write the organisation's name as its returns write it"
                ),
            },
        ))
    }

    /// The framework with id `value` (at byte `at`); `Ok(None)` for one that failed
    /// to load (its returns, which name it, say nothing either).
    pub(super) fn framework_by_id(
        &self,
        value: &str,
        at: usize,
    ) -> Result<Option<FrameworkId>, Problem> {
        let a = &self.assurance;
        if let Some(f) = a
            .frameworks
            .iter()
            .position(|f| f.fw.id.value.trim() == value)
        {
            return Ok(Some(f));
        }
        if a.audits
            .iter()
            .any(|r| r.framework.is_none() && r.ret.framework.value.trim() == value)
        {
            return Ok(None);
        }
        let mut ids: Vec<&str> = a.frameworks.iter().map(|f| f.fw.id.value.trim()).collect();
        ids.sort_unstable();
        let hint =
            nearest(value, &ids).map_or(String::new(), |n| format!(" (did you mean `{n}`?)"));
        Err((
            at,
            match ids.is_empty() {
                true => format!("there is no framework `{value}`: this site has no frameworks"),
                false => format!(
                    "there is no framework `{value}`{hint}: write the `id` of one of this site's frameworks, {}",
                    super::embed::one_of(&ids)
                ),
            },
        ))
    }

    /// The framework (or, where `returns`, the audit return) a block's first line
    /// names by its path; `Ok(None)` for a return whose framework failed to load.
    pub(super) fn named_framework_or_return(
        &self,
        from: &str,
        dest: &str,
        returns: bool,
    ) -> Result<Option<Named>, String> {
        let (block, what) = match returns {
            true => (
                a_block("actions"),
                "a framework (`kind: framework`) or an audit return (`kind: audit`)",
            ),
            false => (a_block("trend"), "a framework (`kind: framework`)"),
        };
        let example = "../audits/section-11.yaml";
        if is_external(dest) || dest.starts_with('/') {
            return Err(format!(
                "`{dest}` is not a file of this site: {block} names {what} by its path from this file, such as `{example}`"
            ));
        }
        let page = self
            .block_target(from, dest, |j| self.nearest_framework(from, j))
            .map_err(|why| format!("{block} cannot show `{dest}`: {why}"))?;
        match page.map(|id| self.pages[id].kind) {
            Some(PageKind::Framework(f)) => Ok(Some(Named::Framework(f))),
            Some(PageKind::Audit(a)) if returns => {
                Ok(self.assurance.audits[a].framework.map(|_| Named::Return(a)))
            }
            Some(PageKind::Audit(a)) => Err(match self.assurance.audits[a].framework {
                Some(f) => format!(
                    "`{dest}` is an audit return, not a framework: {block} names the framework's file, here `{}`",
                    relative(
                        from,
                        &self.sources[self.assurance.frameworks[f].source].content_rel
                    )
                ),
                None => format!(
                    "`{dest}` is an audit return, not a framework: {block} names a `kind: framework` file"
                ),
            }),
            _ => Err(format!(
                "`{dest}` is not {what}: {block} names one by its path from this file, such as `{example}`"
            )),
        }
    }

    /// The path, from `from`, of the framework whose path is nearest `joined`.
    fn nearest_framework(&self, from: &str, joined: &str) -> Option<String> {
        let (d, rel) = self
            .assurance
            .frameworks
            .iter()
            .map(|f| &self.sources[f.source].content_rel)
            .map(|rel| (strsim::damerau_levenshtein(joined, rel), rel))
            .min()?;
        (d <= 3.max(joined.len() / 4)).then(|| relative(from, rel))
    }
}
