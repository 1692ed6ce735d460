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
}

impl Kind for Sections {
    fn body(&self, env: &Env<'_>, id: PageId, _prefix: &str) -> Option<Body> {
        let site = env.site;
        let section = &site.sections[site.section_of_index(id)?];
        Some(Box::new(SectionBody {
            pages: section.pages.iter().map(|&p| card(site, p)).collect(),
            subsections: section
                .subsections
                .iter()
                .map(|&s| card(site, site.sections[s].page))
                .collect(),
        }))
    }
}
