//! Tags: what the pages' `tags` say they are about, gathered from every published
//! page, module and paper (so a public build gathers only public ones).

use std::collections::BTreeMap;

use super::{PageId, Site};
use crate::content::slug::github_slug;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Where the index of tags is published; each tag's page is under it.
pub const TAGS_URL: &str = "tags/";

/// The longest name, in bytes, of a file or folder on the file systems a site is
/// written to: a tag's page is a folder of its name.
const NAME_MAX: usize = 255;

/// One tag and the pages that have it.
#[derive(Debug)]
pub struct Tag {
    /// As written: the spelling most pages use (the first in order, on a tie).
    pub name: String,
    /// Site-relative: `tags/section-11/`.
    pub url: String,
    /// In reading order by title.
    pub pages: Vec<PageId>,
}

/// The address part of a tag, as a heading's id is made (`Section 11` →
/// `section-11`) with runs of hyphens made one (`Drafts & ideas` → `drafts-ideas`),
/// so spellings that differ only in case or punctuation share a page. `None` for a
/// tag with no letters or digits, which gets no page, and for one too long to be a
/// folder's name (an error: see `gather`).
pub fn slug(name: &str) -> Option<String> {
    words(name).filter(|s| s.len() <= NAME_MAX)
}

/// The address part of a tag, however long.
fn words(name: &str) -> Option<String> {
    let slug = github_slug(name);
    let words: Vec<&str> = slug.split('-').filter(|w| !w.is_empty()).collect();
    words
        .iter()
        .any(|w| w.chars().any(char::is_alphanumeric))
        .then(|| words.join("-"))
}

/// Every tag of the site's pages, by name. A tag too long to be an address is an
/// error at its line.
pub(super) fn gather(site: &Site, diags: &mut Diagnostics) -> Vec<Tag> {
    // Slug → (spellings with how many pages use each, pages).
    let mut found: BTreeMap<String, (BTreeMap<&str, usize>, Vec<PageId>)> = BTreeMap::new();
    for (id, page) in site.pages.iter().enumerate() {
        let Some(front) = &page.front else { continue };
        for name in &front.tags {
            let Some(slug) = slug(name) else {
                too_long(site, id, name, diags);
                continue;
            };
            let (spellings, pages) = found.entry(slug).or_default();
            *spellings.entry(name.trim()).or_default() += 1;
            if pages.last() != Some(&id) {
                pages.push(id);
            }
        }
    }
    let mut tags: Vec<Tag> = found
        .into_iter()
        .map(|(slug, (spellings, mut pages))| {
            let name = spellings
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map_or_else(String::new, |(n, _)| n.to_string());
            pages.sort_by(|&a, &b| {
                let (a, b) = (&site.pages[a], &site.pages[b]);
                (a.title.to_lowercase(), &a.url).cmp(&(b.title.to_lowercase(), &b.url))
            });
            Tag {
                name,
                url: format!("{TAGS_URL}{slug}/"),
                pages,
            }
        })
        .collect();
    tags.sort_by(|a, b| (a.name.to_lowercase(), &a.url).cmp(&(b.name.to_lowercase(), &b.url)));
    tags
}

/// Reports `name`, a tag of page `id` with no page, if that is because it is too long.
fn too_long(site: &Site, id: PageId, name: &str, diags: &mut Diagnostics) {
    let Some(words) = words(name) else { return };
    let page = &site.pages[id];
    let Some(source) = site.source_of(page) else {
        return;
    };
    let shown: String = name.trim().chars().take(40).collect();
    let message = format!(
        "the topic `{shown}…` is too long to have a page: its address would be a name of {} bytes, and a name may be at most {NAME_MAX}; shorten it",
        words.len()
    );
    let d = Diagnostic::error(&source.rel, message);
    // At the tag as written in the front matter, else at `tags:`.
    let front = &source.text[..page.body_offset.min(source.text.len())];
    diags.push(match front.find(name.trim()) {
        Some(offset) => d.at_offset(&source.text, offset),
        None => {
            let (line, col) = crate::yaml::top_value_pos(&source.text, "tags").unwrap_or((1, 1));
            d.at_line_col(&source.text, line, col)
        }
    });
}

impl Site {
    /// The tag a page's `tags` entry belongs to.
    pub fn tag(&self, name: &str) -> Option<&Tag> {
        let url = format!("{TAGS_URL}{}/", slug(name)?);
        self.tags.iter().find(|t| t.url == url)
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn spellings_that_differ_in_case_or_punctuation_share_a_slug() {
        assert_eq!(slug("Section 11").as_deref(), Some("section-11"));
        assert_eq!(slug("section-11").as_deref(), Some("section-11"));
        assert_eq!(slug("s.11").as_deref(), Some("s11"));
        assert_eq!(slug("Climbié").as_deref(), Some("climbié"));
        assert_eq!(slug(" -care act- ").as_deref(), Some("care-act"));
        assert_eq!(slug("Drafts & ideas").as_deref(), Some("drafts-ideas"));
        assert_eq!(slug("a_b").as_deref(), Some("a_b"));
        assert_eq!(slug("!!!"), None);
        assert_eq!(slug("- -"), None);
        // A folder's name is at most 255 bytes.
        assert!(slug(&"é".repeat(127)).is_some());
        assert_eq!(slug(&"é".repeat(128)), None);
    }
}
