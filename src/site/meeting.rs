//! A meeting's agenda in the model: the paper each item names, found by its path
//! like a link, or left out of this build (a private or draft paper), which the
//! agenda then says without naming it.

use super::links::{LinkTarget, target_path};
use super::{PageId, PageKind, Site, Withheld};

/// What an agenda item's `paper:` leads to in this build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgendaPaper {
    Paper(PageId),
    /// A paper not published in this build: private in a public build, or (`draft`)
    /// a draft in a build without drafts.
    LeftOut {
        draft: bool,
    },
    /// A source that failed to load: its own errors say it all.
    Broken,
}

impl Site {
    /// The path, from `from`, of the paper whose path is nearest `joined` in
    /// spelling, if one is near enough to be meant.
    fn nearest_paper(&self, from: &str, joined: &str) -> Option<String> {
        let (d, rel) = self
            .pages
            .iter()
            .filter(|p| p.kind == PageKind::Paper)
            .filter_map(|p| self.source_of(p))
            .map(|s| {
                (
                    strsim::damerau_levenshtein(joined, &s.content_rel),
                    &s.content_rel,
                )
            })
            .min()?;
        (d <= 3.max(joined.len() / 4)).then(|| super::embed::relative(from, rel))
    }

    /// The paper `dest`, written in the meeting at `from` (a path under `content/`),
    /// names; `Err` says in plain words why it names none.
    pub fn agenda_paper(&self, from: &str, dest: &str) -> Result<AgendaPaper, String> {
        let dest = dest.trim();
        let joined = target_path(from, dest);
        match joined.as_ref().and_then(|j| self.targets.get(j)) {
            Some(LinkTarget::Page(id)) if self.pages[*id].kind == PageKind::Paper => {
                Ok(AgendaPaper::Paper(*id))
            }
            Some(_) => Err(format!(
                "`{dest}` is not a committee paper: an agenda item's `paper:` names a page of `type: paper`, or give the item a `title` instead"
            )),
            None => match self.unpublished.get(joined.as_deref().unwrap_or(dest)) {
                Some(Withheld::Broken) => Ok(AgendaPaper::Broken),
                Some(Withheld::Private) => Ok(AgendaPaper::LeftOut { draft: false }),
                Some(Withheld::Draft) => Ok(AgendaPaper::LeftOut { draft: true }),
                _ => {
                    let why = self
                        .block_target(from, dest, |j| self.nearest_paper(from, j))
                        .err()
                        .unwrap_or_default();
                    Err(format!("cannot find the paper for this item: {why}"))
                }
            },
        }
    }
}
