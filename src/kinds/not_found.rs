//! The page a server shows for an address the site does not have.

use crate::render::Theme;
use crate::render::kind::{Kind, PageSpec};
use crate::render::page::generated;
use crate::site::Site;

pub struct NotFound;

impl Kind for NotFound {
    fn pages<'a>(&self, site: &'a Site, _theme: &'a Theme) -> Vec<PageSpec<'a>> {
        // Served for any missing path, so it links from the site's base.
        let root = if site.selection.preview {
            "/".to_string()
        } else {
            site.config.base_path()
        };
        vec![PageSpec {
            url: "404".to_string(),
            template: "404.html",
            searched: false,
            placed: Some(("404.html".to_string(), root)),
            pdf: None,
            make: Box::new(|_| {
                Ok(generated(
                    "Page not found".to_string(),
                    String::new(),
                    "404",
                ))
            }),
        }]
    }
}
