//! The glossary (`kind: glossary`): a page of its terms, each with an anchor; the
//! first use of a term on any page explains itself and links there.

use crate::render::Theme;
use crate::render::context::visibility_name;
use crate::render::kind::{Kind, One, PageSpec};
use crate::render::page::{crumbs, generated};
use crate::site::{GlossaryEntry, Site};

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
            pdf: None,
            make: Box::new(move |_| {
                let mut ctx = generated(g.title().to_string(), g.url.clone(), "glossary");
                ctx.description = g.glossary.description.clone();
                ctx.breadcrumbs = crumbs(&[]);
                ctx.visibility = visibility_name(
                    g.glossary
                        .visibility
                        .unwrap_or(site.config.default_visibility),
                );
                ctx.body = One::boxed("terms", a_to_z(&g.entries));
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

/// The entries in A–Z order, as a reader looks a term up: by letters and digits
/// alone, ignoring case, then as written, so the order never depends on the file's.
fn a_to_z(entries: &[GlossaryEntry]) -> Vec<GlossaryEntry> {
    let key = |e: &GlossaryEntry| -> (String, String) {
        let letters = e.term.chars().filter(|c| c.is_alphanumeric());
        (
            letters.flat_map(char::to_lowercase).collect(),
            e.term.clone(),
        )
    };
    let mut sorted = entries.to_vec();
    sorted.sort_by_cached_key(key);
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_sort_by_letters_whatever_their_case_or_punctuation() {
        let entry = |term: &str| GlossaryEntry {
            term: term.to_string(),
            definition: String::new(),
            id: String::new(),
        };
        let terms = ["MASH", "A&E", "dbs", "Child in Need", "ACPC", "CiN"];
        let sorted: Vec<String> = a_to_z(&terms.map(entry))
            .into_iter()
            .map(|e| e.term)
            .collect();
        assert_eq!(
            sorted,
            ["ACPC", "A&E", "Child in Need", "CiN", "dbs", "MASH"]
        );
    }
}
