//! Sections: a folder of `content/`, its own page (`_index.md`, or one made for it)
//! listing what is in it.

use serde::Serialize;

use crate::render::context::{Card, card};
use crate::render::kind::{Body, Env, Kind};
use crate::site::PageId;

pub struct Sections;

#[derive(Serialize)]
struct SectionBody {
    pages: Vec<Card>,
    subsections: Vec<Card>,
    /// On the home page only: what is new.
    #[serde(skip_serializing_if = "Option::is_none")]
    news: Option<super::news::News>,
}

impl Kind for Sections {
    fn body(&self, env: &Env<'_>, id: PageId, _prefix: &str) -> Option<Body> {
        let site = env.site;
        let sid = site.section_of_index(id)?;
        let section = &site.sections[sid];
        Some(Box::new(SectionBody {
            news: (sid == 0).then(|| super::news::news(site)).flatten(),
            pages: section.pages.iter().map(|&p| card(site, p)).collect(),
            subsections: section
                .subsections
                .iter()
                .map(|&s| card(site, site.sections[s].page))
                .collect(),
        }))
    }
}
