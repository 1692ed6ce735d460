//! Links written as the site's own addresses (`/training/legislation/#duties`): found
//! among the site's pages, glossary and files, checked like a link to the source
//! (a missing page or heading is an error), and written relative, so they work under
//! any base path and from disk like every other link.

use super::links::{LinkTarget, ResolvedLink};
use super::{
    ACTIONS_URL, ASSURANCE_URL, FEED_URL, MANIFEST_URL, PRINT_SEGMENT, REVIEW_URL, SEARCH_URL,
    SITEMAP_URL, Site, TAGS_URL, Withheld, dir_url,
};
use crate::content::slug::{percent_decode, url_segment};

impl Site {
    /// Resolves `dest`, a path from the site's home starting with `/`.
    pub(super) fn resolve_address(&self, dest: &str) -> Result<ResolvedLink, String> {
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        let url = address_url(&percent_decode(path));
        let Some(target) = self.at_address(&url) else {
            if self.is_registry_member(&url) {
                // An organisation's or partnership's page: made by the registry.
                return Ok(ResolvedLink::Internal(match fragment {
                    Some(f) => format!("{url}#{f}"),
                    None => url,
                }));
            }
            if self.made_by_safeguard(&url) {
                return Ok(ResolvedLink::AsWritten);
            }
            // A source that would be there but is not published in this build.
            if let Some((rel, why)) = self
                .unpublished
                .iter()
                .find(|(rel, _)| would_be_at(rel) == url)
            {
                return match why {
                    Withheld::Broken => Ok(ResolvedLink::AsWritten),
                    _ => Err(self.missing(rel, path)),
                };
            }
            return Err(match self.nearest_address(&url) {
                Some(near) => format!(
                    "there is no page at `{path}` in this site (did you mean `/{near}`?): check the address, which starts from the site's home"
                ),
                None => format!(
                    "there is no page at `{path}` in this site: check the address, which starts from the site's home, or link to the page's source by its path from this file (such as `../training/legislation.md`)"
                ),
            });
        };
        match fragment {
            Some(f) => {
                self.check_fragment(&target, f, &format!("`{path}`"))?;
                Ok(ResolvedLink::Internal(format!("{url}#{f}")))
            }
            None => Ok(ResolvedLink::Internal(url)),
        }
    }

    /// The page, glossary or file of `content/` published at `url`.
    fn at_address(&self, url: &str) -> Option<LinkTarget> {
        if let Some(&source) = self.owners.get(url) {
            return self.targets.get(&self.sources[source].content_rel).cloned();
        }
        // A folder without `_index.md` has a page, which claims no address.
        self.sections
            .iter()
            .find(|s| dir_url(&s.dir) == url)
            .map(|s| LinkTarget::Page(s.page))
    }

    /// The page address nearest `url` in spelling, if one is near enough to be meant.
    fn nearest_address(&self, url: &str) -> Option<&str> {
        let (distance, near) = self
            .pages
            .iter()
            .map(|p| (strsim::damerau_levenshtein(url, &p.url), p.url.as_str()))
            .min()?;
        (distance > 0 && distance <= 2.max(url.len() / 8)).then_some(near)
    }

    /// Whether `url` is the page of an organisation or partnership of the registry.
    fn is_registry_member(&self, url: &str) -> bool {
        let Some(r) = &self.registry else {
            return false;
        };
        let Some(id) = url
            .strip_prefix(self.pages[r.page].url.as_str())
            .and_then(|rest| rest.strip_suffix('/'))
        else {
            return false;
        };
        let d = &r.directory;
        (0..d.len()).any(|o| d.id(o) == id)
            || (0..d.partnership_count()).any(|p| d.partnership(p).id.value.trim() == id)
    }

    /// Whether safeguard itself publishes something at `url` (search, the assurance
    /// index, tags, print pages, the feed …), or it names a file, which may be one of
    /// `static/`: those are left as written.
    fn made_by_safeguard(&self, url: &str) -> bool {
        let under = [SEARCH_URL, ASSURANCE_URL, ACTIONS_URL, TAGS_URL, REVIEW_URL];
        let files = [SITEMAP_URL, FEED_URL, MANIFEST_URL];
        let last = url.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        under.iter().any(|u| url.starts_with(u))
            || files.contains(&url)
            || url.ends_with(PRINT_SEGMENT)
            || self.config.statement_url().as_deref() == Some(url)
            || (!url.ends_with('/') && last.contains('.'))
    }
}

/// Where the source at `rel` (its path under `content/`) is published when it is.
pub(super) fn would_be_at(rel: &str) -> String {
    let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    match file.rsplit_once('.') {
        Some(("_index", "md")) => dir_url(dir),
        Some((stem, "md" | "yaml" | "yml")) => format!("{}{}/", dir_url(dir), url_segment(stem)),
        _ => format!("{}{file}", dir_url(dir)),
    }
}

/// The site-relative URL an address names: `/training/legislation` →
/// `training/legislation/`; `/` → `` (the home page); a file keeps its name.
pub(super) fn address_url(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    let last = trimmed.rsplit('/').next().unwrap_or("");
    if trimmed.is_empty() || trimmed.ends_with('/') || last.contains('.') {
        trimmed.to_string()
    } else {
        format!("{trimmed}/")
    }
}

#[cfg(test)]
mod tests {
    use super::address_url;

    #[test]
    fn addresses_name_pages_or_files() {
        assert_eq!(address_url("/"), "");
        assert_eq!(
            address_url("/training/legislation"),
            "training/legislation/"
        );
        assert_eq!(
            address_url("/training/legislation/"),
            "training/legislation/"
        );
        assert_eq!(address_url("/files/policy.pdf"), "files/policy.pdf");
    }
}
