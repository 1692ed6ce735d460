//! Figures over time: indicator sets (`kind: indicators`) and training compliance
//! (`kind: training`), each a page with its charts and tables, and its downloads
//! beside it (`indicators.csv` and `.json`, `training.csv` and `.json`), every figure
//! as this build shows it. The domain is `crate::figures`; what templates see of it
//! is `crate::render::figures`.

use crate::content::markdown::EmbedKind;
use rayon::prelude::*;

use crate::figures::export;
use crate::output::Bytes;
use crate::render::figures as view;
use crate::render::kind::{Body, Env, Kind, One};
use crate::site::{Audience, Figures, PageId, PageKind, Site};

pub struct FiguresKind;

impl Kind for FiguresKind {
    fn body(&self, env: &Env<'_>, id: PageId, _prefix: &str) -> Option<Body> {
        let site = env.site;
        let PageKind::Figures(f) = site.pages[id].kind else {
            return None;
        };
        let url = &site.pages[id].url;
        Some(match &site.figures[f].data {
            Figures::Indicators(d) => One::boxed("indicators", view::indicators_ctx(site, d, url)),
            Figures::Training(d) => One::boxed("training", view::training_ctx(site, d, url)),
        })
    }

    fn files(&self, site: &Site) -> Vec<(String, Bytes)> {
        let public = site.selection.audience == Audience::Public;
        let k = site.config.statistics.suppress_below;
        // Datasets are written side by side; each is large where it matters.
        site.figures
            .par_iter()
            .flat_map_iter(|f| {
                let url = &site.pages[f.page].url;
                let (stem, (json, csv)) = match &f.data {
                    Figures::Indicators(d) => ("indicators", export::indicators(d, public, k)),
                    Figures::Training(d) => ("training", export::training(d, public, k)),
                };
                [
                    (format!("{url}{stem}.csv"), csv.into_bytes().into()),
                    (format!("{url}{stem}.json"), json.into_bytes().into()),
                ]
            })
            .collect()
    }

    fn templates(&self, site: &Site) -> Vec<(&'static str, &'static str, usize)> {
        let mut out = Vec::new();
        let has = |training: bool| {
            site.figures
                .iter()
                .any(|f| matches!(f.data, Figures::Training(_)) == training)
        };
        if has(false) {
            out.push(("indicators.html", "indicator sets", 1));
        }
        if has(true) {
            out.push(("training.html", "training compliance", 1));
        }
        // Pages that embed a dataset's figures.
        let embeds = |kind: EmbedKind| {
            site.pages
                .iter()
                .flat_map(|p| &p.outline.links)
                .any(|l| l.embed == Some(kind))
        };
        if embeds(EmbedKind::Indicators) {
            out.push(("partials/indicators-embed.html", "`indicators` blocks", 1));
        }
        if embeds(EmbedKind::Training) {
            out.push(("partials/training-embed.html", "`training` blocks", 1));
        }
        out
    }
}
