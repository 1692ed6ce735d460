//! Links between sources: written as relative paths to source files
//! (`../training/01-legislation.md#children-act-2004`), resolved to site URLs.

use rayon::prelude::*;

use super::{Asset, PageId, PageKind, Site, Withheld};
use crate::assurance::AuditId;
use crate::content::markdown::LinkRef;
use crate::content::slug::{percent_decode, url_segment};

/// What a published source is, for a link to it.
#[derive(Clone, Debug)]
pub enum LinkTarget {
    Page(PageId),
    Glossary,
    /// A file copied as it is, at this site-relative URL.
    Asset(String),
}

/// A link after resolution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResolvedLink {
    /// Points into the site: a site-relative URL with its `#fragment`, if any.
    Internal(String),
    /// Left as written: external, absolute or otherwise not ours to change.
    AsWritten,
}

/// One link of a page, resolved: where it leads, or why it leads nowhere.
#[derive(Clone, Debug)]
pub enum Resolved {
    Link(Result<ResolvedLink, String>),
    /// An `audit-summary` block: the return it names and the caption written for its
    /// table, or each of its problems at its byte offset in the file.
    Embed(Result<(AuditId, Option<String>), super::embed::Problems>),
    /// An `indicators` or `training` block: what it shows, or each of its problems
    /// at its byte offset in the file.
    Figures(Result<super::FigureEmbed, super::embed::Problems>),
    /// An `actions`, `trend` or `organisation` block: what it shows, or each of its
    /// problems at its byte offset in the file.
    Block(Result<super::BlockEmbed, super::embed::Problems>),
    /// Leads to a source that failed to load: its own errors are reported, and
    /// nothing is rendered while they stand, so the link says nothing more.
    Quiet,
}

impl Resolved {
    pub fn error(&self) -> Option<&str> {
        match self {
            Resolved::Link(Err(e)) => Some(e),
            Resolved::Figures(Err(all)) | Resolved::Block(Err(all)) | Resolved::Embed(Err(all)) => {
                all.first().map(|(_, e)| e.as_str())
            }
            _ => None,
        }
    }
}

impl Site {
    /// Resolves every link of every published page, once: the validate stage reports
    /// the ones that lead nowhere, and the renderer writes where the others lead.
    /// With `before`, the last model of the same site (`serve`), a page that
    /// cannot lead anywhere new takes its links as they were resolved there.
    pub(super) fn resolve_links(&mut self, before: Option<&Site>) {
        let taken = before.and_then(|b| {
            let edited = self.edited_before_linking(b)?;
            Some((b, self.unchanged_except(&edited)))
        });
        let resolved: Vec<Vec<Resolved>> = self
            .pages
            .par_iter()
            .enumerate()
            .map(|(id, page)| match (self.source_of(page), &taken) {
                (None, _) => Vec::new(),
                (Some(_), Some((before, unchanged))) if unchanged[id] => {
                    before.pages[id].links.clone()
                }
                (Some(source), _) => self.resolve_all(&source.content_rel, &page.outline.links),
            })
            .collect();
        for (page, links) in self.pages.iter_mut().zip(resolved) {
            page.links = links;
        }
    }

    /// Once the files of `content/` that are published are settled (see
    /// `withhold_unused_assets`), the links that lead nowhere are explained against
    /// what is published, and the links of pages that failed to load are resolved.
    pub(super) fn settle_links(&mut self) {
        for id in 0..self.pages.len() {
            let Some(source) = self.pages[id].source else {
                continue;
            };
            let from = self.sources[source].content_rel.clone();
            let again: Vec<(usize, Resolved)> = self.pages[id]
                .links
                .iter()
                .enumerate()
                .filter(|(_, r)| r.error().is_some())
                .map(|(i, _)| (i, self.resolve_one(&from, &self.pages[id].outline.links[i])))
                .collect();
            for (i, r) in again {
                self.pages[id].links[i] = r;
            }
        }
        let broken: Vec<Vec<Resolved>> = self
            .broken_pages
            .iter()
            .map(|b| self.resolve_all(&self.sources[b.source].content_rel, &b.outline.links))
            .collect();
        for (b, links) in self.broken_pages.iter_mut().zip(broken) {
            b.links = links;
        }
    }

    fn resolve_all(&self, from: &str, links: &[LinkRef]) -> Vec<Resolved> {
        links.iter().map(|l| self.resolve_one(from, l)).collect()
    }

    fn resolve_one(&self, from: &str, link: &LinkRef) -> Resolved {
        use crate::content::markdown::EmbedKind;
        match link.embed {
            Some(_) if self.leads_to_broken(from, &link.dest) => Resolved::Quiet,
            Some(EmbedKind::Audit) => Resolved::Embed(self.audit_block(from, link)),
            Some(kind @ (EmbedKind::Actions | EmbedKind::Trend | EmbedKind::Organisation)) => {
                self.embedded_block(from, link, kind)
            }
            Some(_)
                if link.dest.starts_with('/')
                    && super::embed::address_is_broken(self, &link.dest) =>
            {
                Resolved::Quiet
            }
            Some(kind) => match self.embedded_figures(from, link, kind) {
                Ok(Some(e)) => Resolved::Figures(Ok(e)),
                Ok(None) => Resolved::Quiet,
                Err(e) => Resolved::Figures(Err(e)),
            },
            None => Resolved::Link(self.resolve_link(from, &link.dest)),
        }
    }

    /// Whether `dest`, written at `from`, names a source that failed to load.
    fn leads_to_broken(&self, from: &str, dest: &str) -> bool {
        target_path(from, dest)
            .is_some_and(|j| matches!(self.unpublished.get(&j), Some(Withheld::Broken)))
    }

    /// In a public build, a file of `content/` that is not a page (an image, a PDF) is
    /// published only if a published page links to it. It has no visibility of its
    /// own, so it is as private as the pages that use it: the slides of a private paper
    /// stay with the paper.
    pub(super) fn withhold_unused_assets(&mut self) {
        if self.selection.audience != super::Audience::Public || self.assets.is_empty() {
            return;
        }
        let used: std::collections::HashSet<&str> = self
            .pages
            .iter()
            .flat_map(|page| &page.links)
            .filter_map(|link| match link {
                Resolved::Link(Ok(ResolvedLink::Internal(url))) => {
                    Some(url.split_once('#').map_or(url.as_str(), |(u, _)| u))
                }
                _ => None,
            })
            .collect();
        let (kept, unused): (Vec<Asset>, Vec<Asset>) = std::mem::take(&mut self.assets)
            .into_iter()
            .partition(|a| used.contains(a.url.as_str()));
        self.assets = kept;
        for asset in unused {
            let rel = self.sources[asset.source].content_rel.clone();
            self.targets.remove(&rel);
            self.unpublished.insert(rel, Withheld::Private);
            self.withheld += 1;
        }
    }

    /// Resolves `dest`, written in the source at `from` (path under `content/`).
    pub fn resolve_link(&self, from: &str, dest: &str) -> Result<ResolvedLink, String> {
        if is_external(dest) {
            return Ok(ResolvedLink::AsWritten);
        }
        if dest.starts_with('/') {
            return self.resolve_address(dest);
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        if path.is_empty() {
            // Same page: `#fragment`.
            let Some(fragment) = fragment else {
                return Ok(ResolvedLink::AsWritten);
            };
            let target = self.targets.get(from).cloned();
            return match target {
                Some(t) => self
                    .check_fragment(&t, fragment, "this page")
                    .map(|()| ResolvedLink::AsWritten),
                None => Ok(ResolvedLink::AsWritten),
            };
        }
        let Some(joined) = target_path(from, path) else {
            return Err(format!(
                "`{path}` points outside content/: link to a file inside it"
            ));
        };
        let target = match self.targets.get(&joined) {
            Some(t) => t.clone(),
            None => {
                // A folder: link to its section page.
                let index = if joined.is_empty() {
                    "_index.md".to_string()
                } else {
                    format!("{joined}/_index.md")
                };
                match self.targets.get(&index) {
                    Some(t) => t.clone(),
                    None => match self.sections.iter().position(|s| s.dir == joined) {
                        Some(s) => LinkTarget::Page(self.sections[s].page),
                        // A file that failed to load: its own errors are reported, and
                        // nothing is rendered while they stand, so saying so again at
                        // every link to it would only be noise.
                        None if matches!(self.unpublished.get(&joined), Some(Withheld::Broken)) => {
                            return Ok(ResolvedLink::AsWritten);
                        }
                        None => return Err(self.missing(&joined, path)),
                    },
                }
            }
        };
        let url = match &target {
            LinkTarget::Page(id) => self.pages[*id].url.clone(),
            LinkTarget::Glossary => self
                .glossary
                .as_ref()
                .map(|g| g.url.clone())
                .unwrap_or_default(),
            LinkTarget::Asset(url) => url.clone(),
        };
        match fragment {
            Some(f) => {
                self.check_fragment(&target, f, &format!("`{path}`"))?;
                Ok(ResolvedLink::Internal(format!("{url}#{f}")))
            }
            None => Ok(ResolvedLink::Internal(url)),
        }
    }

    /// The return an `audit-summary` block at `from` names, and its `caption:`, the one
    /// setting it takes.
    fn audit_block(
        &self,
        from: &str,
        link: &LinkRef,
    ) -> Result<(AuditId, Option<String>), super::embed::Problems> {
        let mut problems = Vec::new();
        let audit = self
            .embedded_audit(from, &link.dest)
            .map_err(|e| problems.push((link.offset, e)));
        let mut caption = None;
        for line in &link.options {
            match (line.key.as_str(), line.value.as_deref()) {
                ("caption", Some("")) => problems.push((
                    line.value_offset,
                    "`caption:` is empty: write the standards table's caption after it, or leave the line out for the one made from the return".to_string(),
                )),
                ("caption", Some(_)) if caption.is_some() => problems.push((
                    line.offset,
                    "`caption:` is given twice in this block: keep one".to_string(),
                )),
                ("caption", Some(v)) => caption = Some(v.to_string()),
                (key, _) => problems.push((
                    line.offset,
                    format!(
                        "`{key}` is not a setting of an `audit-summary` block: after the return's path it takes only `caption:`, the caption of its standards table"
                    ),
                )),
            }
        }
        match (audit, problems.is_empty()) {
            (Ok(a), true) => Ok((a, caption)),
            _ => Err(problems),
        }
    }

    /// The audit an `audit-summary` block at `from` names.
    pub fn embedded_audit(&self, from: &str, dest: &str) -> Result<AuditId, String> {
        if dest.is_empty() {
            return Err("this `audit-summary` block is empty: write the path of an audit return in it, such as `../audits/2016/our-return.yaml`".to_string());
        }
        if is_external(dest) || dest.starts_with('/') {
            return Err(format!(
                "`{dest}` is not a file of this site: an `audit-summary` block names an audit return by its path from this file"
            ));
        }
        let joined = target_path(from, dest);
        let audit = match joined.as_ref().and_then(|j| self.targets.get(j)) {
            Some(LinkTarget::Page(id)) => match self.pages[*id].kind {
                PageKind::Audit(a) => Some(a),
                _ => None,
            },
            Some(_) => None,
            None => {
                return Err(format!(
                    "cannot embed the summary of `{dest}`: {}",
                    self.missing(joined.as_deref().unwrap_or(dest), dest)
                ));
            }
        };
        audit.ok_or_else(|| format!(
            "`{dest}` is not an audit return: an `audit-summary` block names a `kind: audit` file"
        ))
    }

    pub(super) fn check_fragment(
        &self,
        target: &LinkTarget,
        fragment: &str,
        what: &str,
    ) -> Result<(), String> {
        let fragment = percent_decode(fragment);
        let found = match target {
            // A return's anchors are its framework's: without one (its own error, or
            // its framework's), there is nothing to check against.
            LinkTarget::Page(id) if self.lacks_framework(*id) => true,
            LinkTarget::Page(id) => self.pages[*id].outline.has_anchor(&fragment),
            LinkTarget::Glossary => self
                .glossary
                .as_ref()
                .is_some_and(|g| g.entries.iter().any(|e| e.id == fragment)),
            LinkTarget::Asset(_) => true,
        };
        if found {
            return Ok(());
        }
        let known: Vec<String> = match target {
            LinkTarget::Page(id) => self.pages[*id]
                .outline
                .headings
                .iter()
                .map(|h| format!("#{}", h.id))
                .collect(),
            LinkTarget::Glossary => self
                .glossary
                .as_ref()
                .map(|g| g.entries.iter().map(|e| format!("#{}", e.id)).collect())
                .unwrap_or_default(),
            LinkTarget::Asset(_) => Vec::new(),
        };
        let hint = if known.is_empty() {
            " (it has no headings)".to_string()
        } else {
            let shown: Vec<&str> = known.iter().take(8).map(String::as_str).collect();
            format!(
                ": it has {}{}",
                shown.join(", "),
                if known.len() > 8 { ", …" } else { "" }
            )
        };
        Err(format!("{what} has no heading `#{fragment}`{hint}"))
    }

    /// Whether a page is a return that was not linked to a framework.
    fn lacks_framework(&self, id: PageId) -> bool {
        matches!(self.pages[id].kind, PageKind::Audit(a) if self.assurance.audits[a].framework.is_none())
    }

    /// Why a path resolves to nothing, with a suggestion where we have one.
    pub(super) fn missing(&self, joined: &str, written: &str) -> String {
        match self.unpublished.get(joined) {
            Some(Withheld::Draft) => {
                return format!(
                    "`{written}` is a draft, so it is not published: build with --drafts, or link to it once it is ready"
                );
            }
            Some(Withheld::Private) => {
                return format!(
                    "`{written}` is private, so it is not in this {} build: make it `visibility: public` or remove the link",
                    self.selection.audience.as_str()
                );
            }
            Some(Withheld::Broken) => {
                return format!(
                    "`{written}` has errors of its own (reported against it), so it is not in the site: fix those first"
                );
            }
            Some(Withheld::Data(source)) => {
                return format!(
                    "`{written}` holds the figures of `{}`, which are published on its page with downloads made from them, not as the file itself: link to that page (its `.yaml` file) instead",
                    self.sources[*source].rel
                );
            }
            None => {}
        }
        // Authors often leave out the number prefix: `legislation.md` for `01-legislation.md`.
        let (dir, file) = joined.rsplit_once('/').unwrap_or(("", joined));
        let wanted = url_segment(file);
        let mut candidates: Vec<&String> = self
            .targets
            .keys()
            .filter(|k| {
                let (kd, kf) = k.rsplit_once('/').unwrap_or(("", k));
                kd == dir && url_segment(kf) == wanted && *k != joined
            })
            .collect();
        candidates.sort();
        let suggestion = candidates.first();
        match suggestion {
            Some(s) => format!(
                "`{written}` does not exist (did you mean `{}`?)",
                s.rsplit('/').next().unwrap_or(s)
            ),
            None => format!(
                "`{written}` does not exist: check the path, which is relative to this file"
            ),
        }
    }
}

/// `https:`, `mailto:`, `tel:`, `//host`: anything with a scheme is not ours.
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        }
        None => false,
    }
}

/// The path under `content/` that `dest`, written in the source at `from` (escapes
/// and all), names; `None` if it climbs out of `content/`.
pub(super) fn target_path(from: &str, dest: &str) -> Option<String> {
    let from_dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    join(from_dir, &percent_decode(dest))
}

/// Joins a relative path onto a folder under `content/`, folding `.` and `..`.
/// `None` if it climbs out of `content/`.
pub fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_relative_paths() {
        assert_eq!(
            join("training", "../papers/a.md").as_deref(),
            Some("papers/a.md")
        );
        assert_eq!(join("training", "./b.md").as_deref(), Some("training/b.md"));
        assert_eq!(join("", "../x.md"), None);
    }

    #[test]
    fn schemes_are_external() {
        assert!(is_external("https://example.org"));
        assert!(is_external("mailto:a@b"));
        assert!(!is_external("a.md"));
        assert!(!is_external("a.md#x:y"));
    }
}
