//! Tags: a page for each tag (`/tags/NAME/`) listing every published page, module
//! and paper that has it, and an index of tags (`/tags/`); the tags shown on a page
//! link to their pages. The model is `site::tags`. A theme without `tag.html` and
//! `tags.html` makes no tag pages, as one without `search.html` makes no search.

use serde::Serialize;

use crate::render::Theme;
use crate::render::context::PageCtx;
use crate::render::context::{Card, TagLink, card};
use crate::render::kind::{Env, Kind, One, PageSpec};
use crate::render::page::{crumbs, generated, listing};
use crate::site::{PageId, Site, TAGS_URL, Tag};

pub struct Tags;

/// The templates tag pages need.
const TEMPLATES: [&str; 2] = ["tag.html", "tags.html"];

/// Whether this build has tag pages.
fn made(site: &Site, theme: &Theme) -> bool {
    !site.tags.is_empty() && TEMPLATES.iter().all(|t| theme.has_template(t))
}

/// A tag as the index lists it.
#[derive(Serialize)]
struct TagCtx {
    name: String,
    url: String,
    /// How many pages have it.
    count: usize,
}

#[derive(Serialize)]
struct TagBody {
    pages: Vec<Card>,
}

impl Kind for Tags {
    fn pages<'a>(&self, site: &'a Site, theme: &'a Theme) -> Vec<PageSpec<'a>> {
        if !made(site, theme) {
            return Vec::new();
        }
        let index = listing(
            (TAGS_URL, "tags.html", "tags"),
            "Topics",
            &[],
            false,
            || {
                let tags: Vec<TagCtx> = site
                    .tags
                    .iter()
                    .map(|t| TagCtx {
                        name: t.name.clone(),
                        url: t.url.clone(),
                        count: t.pages.len(),
                    })
                    .collect();
                One::boxed("tags", tags)
            },
        );
        std::iter::once(index)
            .chain(site.tags.iter().map(|tag| tag_page(site, tag)))
            .collect()
    }

    fn adorn(&self, env: &Env<'_>, id: PageId, page: &mut PageCtx) {
        let site = env.site;
        let Some(front) = &site.pages[id].front else {
            return;
        };
        if made(site, env.theme) {
            page.tag_links = front
                .tags
                .iter()
                .map(|name| TagLink {
                    name: name.clone(),
                    url: site.tag(name).map(|t| t.url.clone()),
                })
                .collect();
        }
    }

    /// The index, and each tag's page: a source that makes no folder's page (the
    /// glossary) may be at a tag's address without being at the index's.
    fn reserved(&self, site: &Site) -> Vec<(String, &'static str)> {
        if site.tags.is_empty() {
            return Vec::new();
        }
        let index = (TAGS_URL.to_string(), "lists pages by topic (their `tags`)");
        let pages = site
            .tags
            .iter()
            .map(|t| (t.url.clone(), "lists the pages on the topic"));
        std::iter::once(index).chain(pages).collect()
    }
}

fn tag_page<'a>(site: &'a Site, tag: &'a Tag) -> PageSpec<'a> {
    PageSpec {
        url: tag.url.clone(),
        template: "tag.html",
        searched: false,
        placed: None,
        pdf: None,
        make: Box::new(move |_| {
            let mut ctx = generated(format!("Topic: {}", tag.name), tag.url.clone(), "tag");
            ctx.breadcrumbs = crumbs(&[("Topics", TAGS_URL)]);
            ctx.body = Box::new(TagBody {
                pages: tag.pages.iter().map(|&p| card(site, p)).collect(),
            });
            Ok(ctx)
        }),
    }
}
