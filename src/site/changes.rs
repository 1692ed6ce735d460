//! What an edit changed as the rest of the site sees it. `serve` uses it to make
//! again only the contexts of the pages that were edited, and to take every other
//! page as the last build made it.
//!
//! A page's context is made from the model alone (and the theme, which the render
//! cache keys apart). So if every source but some pages is as it was, and each of
//! those pages shows the rest of the site what it showed before (its address, title,
//! front matter, headings and links: not its text, nor where in the file things
//! are), the model is the same for every other page.

use std::sync::Arc;

use super::{Page, PageId, Site};
use crate::content::markdown::{Heading, LinkRef};
use crate::content::source::{Source, SourceKind};

impl Site {
    /// The pages whose sources changed since `before`, an earlier model of the same
    /// site, when nothing else another page could see did; `None` when something did:
    /// a file added, removed or changed that is not a published page, the settings,
    /// what is published, or a page's address, title, front matter, headings or
    /// links. (An asset's bytes are not in the model: pages do not read them, and a
    /// PDF, which does, is taken as it was only while every picture it shows has
    /// the same bytes.)
    pub fn edited_since(&self, before: &Site) -> Option<Vec<PageId>> {
        let edited = self.edited_before_linking(before)?;
        // What each edited page's links were resolved to; no offsets unless one
        // failed, and then the build stops before any page is made.
        edited
            .iter()
            .all(|&id| {
                format!("{:?}", self.pages[id].links) == format!("{:?}", before.pages[id].links)
            })
            .then_some(edited)
    }

    /// By `PageId`, whether each page is not one of `edited`.
    pub fn unchanged_except(&self, edited: &[PageId]) -> Vec<bool> {
        let mut unchanged = vec![true; self.pages.len()];
        for &id in edited {
            unchanged[id] = false;
        }
        unchanged
    }

    /// [`Site::edited_since`] for a model whose links are not resolved yet: when it
    /// says which pages were edited, every other page's links lead where they led
    /// in `before` (everything they can lead to is as it was).
    pub(super) fn edited_before_linking(&self, before: &Site) -> Option<Vec<PageId>> {
        let same_settings = self.config.text == before.config.text
            && self.selection.audience == before.selection.audience
            && self.selection.drafts == before.selection.drafts
            && self.selection.as_of == before.selection.as_of
            && self.selection.preview == before.selection.preview;
        if !same_settings
            || self.sources.len() != before.sources.len()
            || self.pages.len() != before.pages.len()
        {
            return None;
        }
        let mut edited = Vec::new();
        // A page not published in this build (a draft, a private page in a public
        // build) is compared whole: what it is still shows elsewhere (a meeting's
        // agenda says a paper is a draft).
        let mut published = vec![false; self.sources.len()];
        for s in self.pages.iter().filter_map(|p| p.source) {
            published[s] = true;
        }
        for (i, (now, was)) in self.sources.iter().zip(&before.sources).enumerate() {
            if !same_file(now, was, published[i]) {
                return None;
            }
        }
        for (id, (now, was)) in self.pages.iter().zip(&before.pages).enumerate() {
            if now.source != was.source {
                return None;
            }
            let Some(s) = now.source else { continue };
            let (text, old) = (&self.sources[s].text, &before.sources[s].text);
            if Arc::ptr_eq(text, old) || text == old {
                continue;
            }
            if !shows_the_same(now, was, text, old) {
                return None;
            }
            edited.push(id);
        }
        Some(edited)
    }
}

/// The same file in the same place, with the same text unless it is a published
/// page (whose pages are compared by [`shows_the_same`]).
fn same_file(now: &Source, was: &Source, published: bool) -> bool {
    now.rel == was.rel
        && now.kind == was.kind
        && now.bom == was.bom
        && now.undecoded.is_none()
        && was.undecoded.is_none()
        && ((published && now.kind == SourceKind::Page)
            || Arc::ptr_eq(&now.text, &was.text)
            || now.text == was.text)
}

/// Whether an edited page shows the rest of the site what it did.
fn shows_the_same(now: &Page, was: &Page, text: &str, old: &str) -> bool {
    // Every field, so that a new one is a compile error here until it is weighed.
    let Page {
        source: _,
        url,
        title,
        front: _,
        kind,
        body_offset,
        outline,
        section,
        order,
        data_weight,
        // Compared once resolved, by `edited_since`.
        links: _,
    } = now;
    // The front matter as written: the same text parses to the same values.
    let front_same = *body_offset == was.body_offset
        && text.get(..*body_offset).is_some()
        && text.get(..*body_offset) == old.get(..*body_offset);
    front_same
        && *url == was.url
        && *title == was.title
        && *kind == was.kind
        && *section == was.section
        && *order == was.order
        && *data_weight == was.data_weight
        && outline.problems.is_empty()
        && was.outline.problems.is_empty()
        && same_headings(&outline.headings, &was.outline.headings)
        && same_links(&outline.links, &was.outline.links)
}

fn same_headings(now: &[Heading], was: &[Heading]) -> bool {
    now.len() == was.len()
        && now.iter().zip(was).all(|(a, b)| {
            let Heading {
                level,
                id,
                text,
                offset: _,
                explicit,
                covers,
            } = a;
            *level == b.level
                && *id == b.id
                && *text == b.text
                && *explicit == b.explicit
                && covers.len() == b.covers.len()
                && covers.iter().zip(&b.covers).all(|(x, y)| x.0 == y.0)
        })
}

fn same_links(now: &[LinkRef], was: &[LinkRef]) -> bool {
    now.len() == was.len()
        && now.iter().zip(was).all(|(a, b)| {
            let LinkRef {
                dest,
                is_image,
                embed,
                options,
                offset: _,
            } = a;
            *dest == b.dest
                && *is_image == b.is_image
                && *embed == b.embed
                && options.len() == b.options.len()
                && options
                    .iter()
                    .zip(&b.options)
                    .all(|(x, y)| x.key == y.key && x.value == y.value)
        })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::SiteConfig;
    use crate::diagnostics::Diagnostics;
    use crate::site::{Audience, Selection, Site};

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn model(root: &Path) -> Site {
        model_after(root, None)
    }

    /// The model of the site at `root`, taking what it can from `before`, as `serve`
    /// does.
    fn model_after(root: &Path, before: Option<&Site>) -> Site {
        let mut diags = Diagnostics::new();
        let config = SiteConfig::load(root, &mut diags).unwrap();
        let bounds = config.bounds(root);
        let sources =
            crate::content::source::load_sources(root, &bounds, Default::default(), &mut diags);
        let selection = Selection {
            audience: Audience::Internal,
            drafts: false,
            as_of: jiff::civil::date(2026, 12, 4),
            preview: true,
        };
        let site = Site::build(config, sources, selection, None, before, &mut diags);
        if before.is_none() {
            assert!(!diags.has_errors(), "{:?}", diags.sorted());
        }
        site
    }

    /// Every page's resolved links, by URL.
    fn links(site: &Site) -> Vec<(String, String)> {
        site.pages
            .iter()
            .map(|p| (p.url.clone(), format!("{:?}", p.links)))
            .collect()
    }

    const PAGE: &str = "---\ntitle: Duties\ndescription: What the law asks\n---\n\nSee [the act](act.md#section-11).\n\n## Who\n\nEvery agency.\n";

    /// A site, and what `edited_since` says of it after `edit`, by page URL.
    fn after(edit: impl FnOnce(&Path)) -> Option<Vec<String>> {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "site.yaml", "title: Test\n");
        write(root, "content/duties.md", PAGE);
        write(
            root,
            "content/act.md",
            "---\ntitle: Act\n---\n\n## Section 11\n\nText.\n",
        );
        write(
            root,
            "content/glossary.yaml",
            "kind: glossary\nterms:\n  LSCB: Local Safeguarding Children Board\n",
        );
        let before = model(root);
        edit(root);
        let now = model(root);
        now.edited_since(&before).map(|ids| {
            ids.into_iter()
                .map(|id| now.pages[id].url.clone())
                .collect()
        })
    }

    #[test]
    fn an_edit_to_a_page_that_only_its_own_page_shows_is_that_page_alone() {
        assert_eq!(after(|_| {}), Some(vec![]));
        // Words added before a link and a heading move them in the file, which no
        // other page sees.
        let moved = PAGE
            .replace("See [", "Partners must see [")
            .replace("Every", "Each and every");
        assert_eq!(
            after(|root| write(root, "content/duties.md", &moved)),
            Some(vec!["duties/".to_string()])
        );
    }

    #[test]
    fn an_edit_another_page_can_see_is_everything() {
        let edits: [(&str, &str, String); 6] = [
            (
                "title",
                "content/duties.md",
                PAGE.replace("title: Duties", "title: Our duties"),
            ),
            (
                "description",
                "content/duties.md",
                PAGE.replace("What the law", "What law"),
            ),
            (
                "heading",
                "content/duties.md",
                PAGE.replace("## Who", "## Who must"),
            ),
            ("link", "content/duties.md", PAGE.replace("#section-11", "")),
            (
                "heading linked to",
                "content/act.md",
                "---\ntitle: Act\n---\n\n## Section 11 {#section-11}\n\nText.\n".to_string(),
            ),
            (
                "data",
                "content/glossary.yaml",
                "kind: glossary\nterms:\n  MASH: Multi-Agency Safeguarding Hub\n".to_string(),
            ),
        ];
        for (what, rel, text) in edits {
            assert_eq!(after(|root| write(root, rel, &text)), None, "{what}");
        }
        assert_eq!(
            after(|root| write(root, "content/new.md", "---\ntitle: New\n---\n")),
            None,
            "a page added"
        );
        assert_eq!(
            after(|root| std::fs::remove_file(root.join("content/act.md")).unwrap()),
            None,
            "a page removed"
        );
        assert_eq!(
            after(|root| write(root, "site.yaml", "title: Renamed\n")),
            None,
            "the settings"
        );
    }

    #[test]
    fn a_page_not_published_is_compared_whole() {
        // A draft is not published, but what it is shows elsewhere.
        let draft = |text: &str| format!("---\ntitle: Plan\ndraft: true\n---\n\n{text}\n");
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "site.yaml", "title: Test\n");
        write(root, "content/plan.md", &draft("First words."));
        let before = model(root);
        assert!(
            before.pages.iter().all(|p| p.url != "plan/"),
            "the draft is left out"
        );
        write(root, "content/plan.md", &draft("Other words."));
        assert_eq!(model(root).edited_since(&before), None);
    }

    #[test]
    fn links_taken_from_the_last_model_are_the_links_a_fresh_one_resolves() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "site.yaml", "title: Test\n");
        write(root, "content/duties.md", PAGE);
        let act = |heading: &str| format!("---\ntitle: Act\n---\n\n## {heading}\n\nText.\n");
        write(root, "content/act.md", &act("Section 11"));
        let mut before = model(root);
        // Text alone, a heading linked to, then back: each model with the last one
        // beside it resolves what a model made afresh does.
        let edits = [
            act("Section 11").replace("Text.", "Other text."),
            act("Section 12"),
            act("Section 11"),
        ];
        for text in edits {
            write(root, "content/act.md", &text);
            let now = model_after(root, Some(&before));
            assert_eq!(links(&now), links(&model_after(root, None)), "{text}");
            before = now;
        }
        // The link to the heading that went was reported, not taken as it was.
        write(root, "content/act.md", &act("Section 12"));
        let now = model_after(root, Some(&before));
        let duties = now.pages.iter().find(|p| p.url == "duties/").unwrap();
        assert!(
            duties.links.iter().any(|l| l.error().is_some()),
            "{:?}",
            duties.links
        );
    }
}
