//! What is new, on the home page: the latest committee papers, each framework's latest
//! figures and the actions that are overdue, so a board member sees at once what
//! needs them. Only what the build publishes is in the model, so a public home page
//! shows only public items.

use serde::Serialize;

use crate::render::assurance::TrackedActionCtx;
use crate::render::assurance::{HeadlineCtx, headlines, overdue_actions};
use crate::render::context::{Card, DateCtx, card};
use crate::site::{ACTIONS_URL, Site};

/// How many papers and overdue actions the home page lists; the rest are a link away.
const SHOWN: usize = 3;

#[derive(Serialize)]
pub struct News {
    pub papers: Vec<Card>,
    /// The papers' own page, for the rest of them.
    pub papers_url: Option<String>,
    pub assurance: Vec<HeadlineCtx>,
    /// The first overdue actions, most overdue first, and how many there are.
    pub overdue: Vec<TrackedActionCtx>,
    pub overdue_count: usize,
    pub tracker_url: Option<&'static str>,
}

/// What is new in this build, or `None` if there is nothing to tell.
pub fn news(site: &Site) -> Option<News> {
    let papers = site.papers_newest_first();
    // The section of the newest paper lists the others.
    let papers_url = papers.first().map(|&(_, id)| {
        let section = site.pages[id].section;
        site.pages[site.sections[section].page].url.clone()
    });
    let (overdue, overdue_count) = overdue_actions(site, SHOWN);
    let news = News {
        papers: papers
            .iter()
            .take(SHOWN)
            .map(|&(date, id)| Card {
                // The date the papers are ordered by: the paper's, else its meeting's.
                date: Some(DateCtx::new(date)),
                ..card(site, id)
            })
            .collect(),
        papers_url,
        assurance: headlines(site),
        overdue,
        overdue_count,
        tracker_url: (!site.assurance.audits.is_empty()).then_some(ACTIONS_URL),
    };
    let empty = news.papers.is_empty() && news.assurance.is_empty();
    (!empty).then_some(news)
}
