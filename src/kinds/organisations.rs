//! The organisations registry (`kind: organisations`): its own page, listing every
//! organisation and partnership, and a page for each at `REGISTRY/ID/`. The domain
//! is `crate::organisations`; what templates see of it is
//! `crate::render::organisations`.

use crate::content::markdown::EmbedKind;
use crate::render::Theme;
use crate::render::context::Link;
use crate::render::kind::{Body, Env, Kind, One, PageSpec};
use crate::render::organisations as view;
use crate::render::page::{breadcrumbs, generated};
use crate::site::{PageId, PageKind, RegistryPage, Site};

pub struct Organisations;

const WHAT: &str = "puts a page for each organisation and partnership of the registry";

impl Kind for Organisations {
    fn body(&self, env: &Env<'_>, id: PageId, _prefix: &str) -> Option<Body> {
        let site = env.site;
        match (site.pages[id].kind, &site.registry) {
            (PageKind::Organisations, Some(r)) => {
                Some(One::boxed("registry", view::registry_ctx(site, r)))
            }
            _ => None,
        }
    }

    fn pages<'a>(&self, site: &'a Site, _theme: &'a Theme) -> Vec<PageSpec<'a>> {
        let Some(r) = &site.registry else {
            return Vec::new();
        };
        let d = &r.directory;
        let orgs = (0..d.len()).map(|o| {
            let make = move || One::boxed("organisation", view::organisation_ctx(site, r, o));
            member_page(site, r, d.id(o), d.name(o), "organisation", make)
        });
        let parts = (0..d.partnership_count()).map(|p| {
            let part = d.partnership(p);
            let make = move || One::boxed("partnership", view::partnership_ctx(site, r, p));
            let (id, name) = (part.id.value.trim(), part.name.value.trim());
            member_page(site, r, id, name, "partnership", make)
        });
        orgs.chain(parts).collect()
    }

    fn reserved(&self, site: &Site) -> Vec<(String, &'static str)> {
        let Some(r) = &site.registry else {
            return Vec::new();
        };
        let d = &r.directory;
        (0..d.len())
            .map(|o| d.id(o).to_string())
            .chain((0..d.partnership_count()).map(|p| d.partnership(p).id.value.trim().to_string()))
            .map(|id| (r.url_of(site, &id), WHAT))
            .collect()
    }

    fn templates(&self, site: &Site) -> Vec<(&'static str, &'static str, usize)> {
        let mut out: Vec<(&'static str, &'static str, usize)> = match site.registry {
            None => Vec::new(),
            Some(_) => [
                "organisations.html",
                "organisation.html",
                "partnership.html",
            ]
            .into_iter()
            .map(|t| (t, "the organisations registry", 1))
            .collect(),
        };
        // Pages that embed an organisation's profile.
        if site
            .pages
            .iter()
            .flat_map(|p| &p.outline.links)
            .any(|l| l.embed == Some(EmbedKind::Organisation))
        {
            out.push((
                "partials/organisation-embed.html",
                "`organisation` blocks",
                1,
            ));
        }
        out
    }
}

/// The page of one organisation or partnership, under the registry's page.
fn member_page<'a>(
    site: &'a Site,
    r: &'a RegistryPage,
    id: &str,
    name: &str,
    kind: &'static str,
    body: impl Fn() -> Body + Send + Sync + 'a,
) -> PageSpec<'a> {
    let url = r.url_of(site, id);
    let name = name.to_string();
    PageSpec {
        url: url.clone(),
        template: if kind == "organisation" {
            "organisation.html"
        } else {
            "partnership.html"
        },
        searched: true,
        placed: None,
        pdf: None,
        make: Box::new(move |_| {
            let mut ctx = generated(name.clone(), url.clone(), kind);
            let registry = &site.pages[r.page];
            ctx.breadcrumbs = breadcrumbs(site, r.page);
            ctx.breadcrumbs.push(Link {
                title: registry.title.clone(),
                url: registry.url.clone(),
            });
            ctx.body = body();
            Ok(ctx)
        }),
    }
}
