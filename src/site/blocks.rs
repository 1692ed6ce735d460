//! The blocks that embed assurance and registry figures in a page (`actions`,
//! `trend`, `organisation`): what the first line names (a framework, a return, an
//! organisation), resolved like a link, and each `key: value` line after it checked,
//! every problem at its own place. What each shows is left to the pages that
//! already show it (the tracker, the framework page, the organisation page).

use super::Site;
use super::embed::{Problems, a_block, list, nearest, unknown_key};
use super::links::Resolved;
use crate::assurance::{AuditEntry, AuditId, FrameworkId};
use crate::content::markdown::{BlockLine, EmbedKind, LinkRef};
use crate::organisations::OrgId;

/// What an `actions`, `trend` or `organisation` block shows, checked.
#[derive(Clone, Debug, PartialEq)]
pub enum BlockEmbed {
    Actions(ActionsEmbed),
    Trend(TrendEmbed),
    Organisation(ProfileEmbed),
}

impl BlockEmbed {
    /// The caption written with `caption:`, replacing the default.
    pub fn caption(&self) -> Option<&str> {
        match self {
            BlockEmbed::Actions(e) => e.caption.as_deref(),
            BlockEmbed::Trend(e) => e.caption.as_deref(),
            BlockEmbed::Organisation(e) => e.caption.as_deref(),
        }
    }
}

/// Which open actions an `actions` block lists.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActionsEmbed {
    pub framework: Option<FrameworkId>,
    /// One return's, named on the first line.
    pub audit: Option<AuditId>,
    pub who: Option<Whose>,
    pub period: Option<String>,
    pub caption: Option<String>,
}

/// A framework's trend, the framework's own or one organisation's.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendEmbed {
    pub framework: FrameworkId,
    pub who: Option<Whose>,
    pub caption: Option<String>,
}

/// An organisation's profile.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileEmbed {
    pub org: OrgId,
    pub caption: Option<String>,
}

/// The organisations a block's `organisation:` means.
#[derive(Clone, Debug, PartialEq)]
pub struct Whose {
    /// As captions name it: the registered name, or the name the returns use.
    pub name: String,
    /// The registered organisations meant, each with its earlier names (a
    /// partnership's members, or one organisation).
    pub orgs: Vec<OrgId>,
    /// Without a registry: the returns' name, as `organisation_key` has it.
    pub key: Option<String>,
}

impl Whose {
    /// Whether the return is from an organisation meant.
    pub fn matches(&self, a: &AuditEntry) -> bool {
        match &self.key {
            Some(key) => a.who.org.is_none() && &a.who.key == key,
            None => a.who.org.is_some_and(|o| self.orgs.contains(&o)),
        }
    }
}

impl Site {
    /// An `actions`, `trend` or `organisation` block at `from` (a path under
    /// `content/`).
    pub(super) fn embedded_block(&self, from: &str, link: &LinkRef, kind: EmbedKind) -> Resolved {
        let result = match kind {
            EmbedKind::Actions => self
                .actions_block(from, link)
                .map(|e| e.map(BlockEmbed::Actions)),
            EmbedKind::Trend => self
                .trend_block(from, link)
                .map(|e| e.map(BlockEmbed::Trend)),
            _ => self
                .profile_block(link)
                .map(|e| e.map(BlockEmbed::Organisation)),
        };
        match result {
            Ok(Some(e)) => Resolved::Block(Ok(e)),
            Ok(None) => Resolved::Quiet,
            Err(problems) => Resolved::Block(Err(problems)),
        }
    }

    /// `Ok(None)`: the block names a source that failed to load.
    fn actions_block(&self, from: &str, link: &LinkRef) -> Result<Option<ActionsEmbed>, Problems> {
        let mut out = ActionsEmbed::default();
        let mut problems = Vec::new();
        let mut quiet = false;
        if !link.dest.is_empty() {
            match self.named_framework_or_return(from, &link.dest, true) {
                Ok(Some(Named::Framework(f))) => out.framework = Some(f),
                Ok(Some(Named::Return(a))) => out.audit = Some(a),
                Ok(None) => quiet = true,
                Err(e) => problems.push((link.offset, e)),
            }
        }
        let keys = ["organisation", "framework", "period", "caption"];
        let named_on_first = !link.dest.is_empty();
        for (line, value) in self.settings(link, EmbedKind::Actions, &keys, &mut problems) {
            let said = match line.key.as_str() {
                "organisation" => self.whose(value, line.value_offset, true).map(|w| match w {
                    Some(w) => out.who = Some(w),
                    None => quiet = true,
                }),
                "framework" if named_on_first => Err((
                    line.offset,
                    format!(
                        "this block already names {} on its first line: keep that or this `framework:` line, not both",
                        if out.audit.is_some() {
                            "a return"
                        } else {
                            "a framework"
                        }
                    ),
                )),
                "framework" => self
                    .framework_by_id(value, line.value_offset)
                    .map(|f| match f {
                        Some(f) => out.framework = Some(f),
                        None => quiet = true,
                    }),
                "period" => Ok(()),
                _ => {
                    out.caption = Some(value.to_string());
                    Ok(())
                }
            };
            if let Err(p) = said {
                problems.push(p);
            }
        }
        // The period is checked against the framework, wherever it was named.
        if let Some(line) = link.options.iter().find(|l| l.key == "period")
            && let Some(value) = &line.value
            && !value.is_empty()
            && !quiet
        {
            match self.audit_period(value, line.value_offset, &out) {
                Ok(p) => out.period = Some(p),
                Err(p) => problems.push(p),
            }
        }
        match (problems.is_empty(), quiet) {
            (false, _) => Err(problems),
            (true, true) => Ok(None),
            (true, false) => Ok(Some(out)),
        }
    }

    fn trend_block(&self, from: &str, link: &LinkRef) -> Result<Option<TrendEmbed>, Problems> {
        let mut problems = Vec::new();
        let framework = match link.dest.is_empty() {
            true => Err("this `trend` block is empty: write the path of a framework (`kind: framework`) on its first line, such as `../audits/section-11.yaml`".to_string()),
            false => self.named_framework_or_return(from, &link.dest, false).map(|n| match n {
                Some(Named::Framework(f)) => Some(f),
                _ => None,
            }),
        };
        let framework = framework.unwrap_or_else(|e| {
            problems.push((link.offset, e));
            None
        });
        let mut who = None;
        let mut caption = None;
        let mut quiet = false;
        let keys = ["organisation", "caption"];
        for (line, value) in self.settings(link, EmbedKind::Trend, &keys, &mut problems) {
            match line.key.as_str() {
                "organisation" => match self.whose(value, line.value_offset, false) {
                    Ok(Some(w)) => who = Some(w),
                    Ok(None) => quiet = true,
                    Err(p) => problems.push(p),
                },
                _ => caption = Some(value.to_string()),
            }
        }
        match (problems.is_empty(), framework.filter(|_| !quiet)) {
            (false, _) => Err(problems),
            (true, None) => Ok(None),
            (true, Some(framework)) => Ok(Some(TrendEmbed {
                framework,
                who,
                caption,
            })),
        }
    }

    fn profile_block(&self, link: &LinkRef) -> Result<Option<ProfileEmbed>, Problems> {
        let mut problems = Vec::new();
        let org = match (link.dest.is_empty(), self.directory()) {
            (true, _) => Err((link.offset, "this `organisation` block is empty: write the registry id, name or ODS code of an organisation on its first line, such as `Wolverhampton CCG`".to_string())),
            (false, None) if self.registry_left_out().is_none() => Err((link.offset, "an `organisation` block shows an organisation of the organisations registry, and this site has none: add a `kind: organisations` document under content/, or leave the block out".to_string())),
            (false, _) => self.whose(&link.dest, link.offset, false).map(|w| {
                w.and_then(|w| w.orgs.first().copied())
            }),
        };
        let org = org.unwrap_or_else(|p| {
            problems.push(p);
            None
        });
        let mut caption = None;
        for (_, value) in self.settings(link, EmbedKind::Organisation, &["caption"], &mut problems)
        {
            caption = Some(value.to_string());
        }
        match (problems.is_empty(), org) {
            (false, _) => Err(problems),
            (true, None) => Ok(None),
            (true, Some(org)) => Ok(Some(ProfileEmbed { org, caption })),
        }
    }

    /// The block's `key: value` lines with their values, each once and each a known
    /// key with a value; what is not is a problem at its place.
    fn settings<'l>(
        &self,
        link: &'l LinkRef,
        kind: EmbedKind,
        keys: &[&str],
        problems: &mut Problems,
    ) -> Vec<(&'l BlockLine, &'l str)> {
        let block = a_block(kind.name());
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for line in &link.options {
            let key = line.key.as_str();
            let Some(value) = line.value.as_deref() else {
                problems.push((line.offset, format!(
                    "`{key}` is not a setting of {block}: write one setting a line as `key: value`, with {}",
                    list(keys)
                )));
                continue;
            };
            if !keys.contains(&key) {
                problems.push((line.offset, unknown_key(key, keys, kind.name())));
            } else if seen.contains(&key) {
                problems.push((
                    line.offset,
                    format!("`{key}:` is given twice in this block: keep one"),
                ));
            } else if value.is_empty() {
                seen.push(key);
                problems.push((
                    line.offset,
                    format!("`{key}:` has nothing after it: {}", what_to_write(key)),
                ));
            } else {
                seen.push(key);
                out.push((line, value));
            }
        }
        out
    }

    /// A `period:` line's audit cycle: one the framework named has returns for, or
    /// (with none named) one any framework has.
    fn audit_period(
        &self,
        value: &str,
        at: usize,
        e: &ActionsEmbed,
    ) -> Result<String, (usize, String)> {
        let a = &self.assurance;
        let framework = e
            .framework
            .or_else(|| e.audit.and_then(|id| a.audits[id].framework));
        let mut periods: Vec<&str> = match framework {
            Some(f) => a.frameworks[f].periods.iter().map(String::as_str).collect(),
            None => a
                .frameworks
                .iter()
                .flat_map(|f| f.periods.iter().map(String::as_str))
                .collect(),
        };
        periods.sort_unstable();
        periods.dedup();
        if periods.contains(&value) {
            return Ok(value.to_string());
        }
        let whose = match framework {
            Some(f) => format!("`{}`", a.frameworks[f].fw.id.value.trim()),
            None => "this site's frameworks".to_string(),
        };
        let hint =
            nearest(value, &periods).map_or(String::new(), |n| format!(" (did you mean `{n}`?)"));
        Err((
            at,
            match periods.is_empty() {
                true => format!("there are no returns for `{value}`: {whose} has no returns yet"),
                false => format!(
                    "there are no returns to {whose} for `{value}`{hint}: write one of its periods, {}",
                    super::embed::one_of(&periods)
                ),
            },
        ))
    }
}

/// What to write after a key left empty.
fn what_to_write(key: &str) -> &'static str {
    match key {
        "organisation" => {
            "write an organisation's registry id, name or ODS code, or leave the line out"
        }
        "framework" => "write a framework's id, such as `s11`, or leave the line out",
        "period" => "write an audit cycle, such as `2016`, or leave the line out",
        _ => "write the caption the table should have, or leave the line out for the usual one",
    }
}

/// What a block's first line names.
pub(super) enum Named {
    Framework(FrameworkId),
    Return(AuditId),
}
