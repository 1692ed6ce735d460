//! Assurance: frameworks (`kind: framework`) and audit returns (`kind: audit`), each
//! a page of its own; the index of returns, the action tracker and the pages of a
//! framework's grid for a period with many returns; each return's `audit.json` and
//! `audit.csv`. The domain is `crate::assurance`; what templates see of it is
//! `crate::render::assurance`.

use crate::content::markdown::EmbedKind;
use crate::output::Bytes;
use crate::render::Theme;
use crate::render::assurance as view;
use crate::render::context::Link;
use crate::render::kind::{Body, Env, Kind, One, PageSpec};
use crate::render::page::{breadcrumbs, generated, listing};
use crate::site::{ACTIONS_URL, ASSURANCE_URL, PageId, PageKind, Site};

pub struct Audits;

const WHAT: &str = "puts the index of audit returns and the action tracker";

impl Kind for Audits {
    fn body(&self, env: &Env<'_>, id: PageId, _prefix: &str) -> Option<Body> {
        let site = env.site;
        match site.pages[id].kind {
            PageKind::Audit(aid) => {
                Some(One::boxed("audit", view::audit_ctx(site, aid, "sg-audit")))
            }
            PageKind::Framework(fid) => {
                Some(One::boxed("framework", view::framework_ctx(site, fid)))
            }
            _ => None,
        }
    }

    fn pages<'a>(&self, site: &'a Site, _theme: &'a Theme) -> Vec<PageSpec<'a>> {
        if site.assurance.audits.is_empty() {
            return Vec::new();
        }
        let mut pages = vec![
            listing(
                (ASSURANCE_URL, "assurance.html", "assurance"),
                "Assurance",
                &[],
                true,
                || One::boxed("assurance", view::index_ctx(site)),
            ),
            listing(
                (ACTIONS_URL, "actions.html", "actions"),
                "Action tracker",
                &[("Assurance", ASSURANCE_URL)],
                true,
                || One::boxed("actions", view::tracker_actions(site)),
            ),
        ];
        pages.extend(
            view::grid_pages(site)
                .into_iter()
                .map(|(fid, period, n)| grid_page(site, fid, period, n)),
        );
        pages
    }

    fn files(&self, site: &Site) -> Vec<(String, Bytes)> {
        let mut files = Vec::new();
        for (id, entry) in site.assurance.audits.iter().enumerate() {
            let Some(json) = crate::assurance::export::audit_json(
                &site.assurance,
                id,
                site.selection.as_of,
                site.directory(),
            ) else {
                continue;
            };
            let url = &site.pages[entry.page].url;
            let mut text = serde_json::to_string_pretty(&json).expect("audit JSON serialises");
            text.push('\n');
            let csv = crate::assurance::export::audit_csv(&json);
            files.push((format!("{url}audit.csv"), csv.into_bytes().into()));
            files.push((format!("{url}audit.json"), text.into_bytes().into()));
        }
        files
    }

    fn nav(&self, site: &Site) -> Option<(u8, String, String)> {
        (!site.assurance.audits.is_empty())
            .then(|| (0, "Assurance".to_string(), ASSURANCE_URL.to_string()))
    }

    fn reserved(&self, site: &Site) -> Vec<(String, &'static str)> {
        match site.assurance.audits.is_empty() {
            true => Vec::new(),
            false => vec![
                (ASSURANCE_URL.to_string(), WHAT),
                (ACTIONS_URL.to_string(), WHAT),
            ],
        }
    }

    fn templates(&self, site: &Site) -> Vec<(&'static str, &'static str, usize)> {
        let mut out: Vec<(&'static str, &'static str, usize)> =
            match site.assurance.audits.is_empty() {
                true => Vec::new(),
                false => [
                    "assurance.html",
                    "actions.html",
                    "partials/audit-summary.html",
                ]
                .into_iter()
                .map(|t| (t, "audit returns", 1))
                .collect(),
            };
        // Pages that embed open actions or a trend.
        let embeds = |kind: EmbedKind| {
            site.pages
                .iter()
                .flat_map(|p| &p.outline.links)
                .any(|l| l.embed == Some(kind))
        };
        if embeds(EmbedKind::Actions) {
            out.push(("partials/actions-embed.html", "`actions` blocks", 1));
        }
        if embeds(EmbedKind::Trend) {
            out.push(("partials/trend-embed.html", "`trend` blocks", 1));
        }
        out
    }
}

/// One page of a framework's grid for a period with many returns.
fn grid_page(
    site: &Site,
    fid: crate::assurance::FrameworkId,
    period: String,
    n: usize,
) -> PageSpec<'_> {
    let url = view::grid_page_url(site, fid, &period, n);
    PageSpec {
        url: url.clone(),
        template: "grid-page.html",
        searched: false,
        placed: None,
        pdf: None,
        make: Box::new(move |_| {
            let grid = view::grid_page_ctx(site, fid, &period, n);
            let mut ctx = generated(
                format!("{}: returns for {period}, page {n}", grid.framework.title),
                url.clone(),
                "grid",
            );
            let f = &site.assurance.frameworks[fid];
            ctx.breadcrumbs = breadcrumbs(site, f.page);
            ctx.breadcrumbs.push(Link {
                title: grid.framework.title.clone(),
                url: grid.framework.url.clone(),
            });
            ctx.body = One::boxed("grid_page", grid);
            Ok(ctx)
        }),
    }
}
