//! The glossary (`kind: glossary`): a page of its terms, each with an anchor; the
//! first use of a term on any page explains itself and links there.

use crate::render::Theme;
use crate::render::context::visibility_name;
use crate::render::kind::{Kind, One, PageSpec};
use crate::render::page::{crumbs, generated};
use crate::site::Site;

pub struct Terms;

impl Kind for Terms {
    fn pages<'a>(&self, site: &'a Site, _theme: &'a Theme) -> Vec<PageSpec<'a>> {
        let Some(g) = &site.glossary else {
            return Vec::new();
        };
        vec![PageSpec {
            url: g.url.clone(),
            template: "glossary.html",
            searched: true,
            placed: None,
            make: Box::new(move |_| {
                let mut ctx = generated(g.title().to_string(), g.url.clone(), "glossary");
                ctx.description = g.glossary.description.clone();
                ctx.breadcrumbs = crumbs(&[]);
                ctx.visibility = visibility_name(
                    g.glossary
                        .visibility
                        .unwrap_or(site.config.default_visibility),
                );
                ctx.body = One::boxed("terms", g.entries.clone());
                Ok(ctx)
            }),
        }]
    }

    fn nav(&self, site: &Site) -> Option<(u8, String, String)> {
        let g = site.glossary.as_ref()?;
        // Last in the menu, after everything else.
        Some((1, g.title().to_string(), g.url.clone()))
    }
}
