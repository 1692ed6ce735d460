//! The list of pages by review date, for the people who keep the site: internal
//! builds only, and only when some page has a `review_date`.

use serde::Serialize;

use crate::render::Theme;
use crate::render::context::DateCtx;
use crate::render::kind::{Kind, One, PageSpec};
use crate::render::page::listing;
use crate::site::{REVIEW_URL, Site};

pub struct Reviews;

impl Kind for Reviews {
    fn pages<'a>(&self, site: &'a Site, _theme: &'a Theme) -> Vec<PageSpec<'a>> {
        if !site.has_review_page() {
            return Vec::new();
        }
        vec![listing(
            (REVIEW_URL, "review.html", "review"),
            "Pages by review date",
            &[],
            false,
            || One::boxed("reviews", rows(site)),
        )]
    }

    fn reserved(&self, site: &Site) -> Vec<(String, &'static str)> {
        match site.has_review_page() {
            true => vec![(REVIEW_URL.to_string(), "lists pages by review date")],
            false => Vec::new(),
        }
    }

    fn templates(&self, site: &Site) -> Vec<(&'static str, &'static str, usize)> {
        match site.has_review_page() {
            true => vec![("review.html", "pages with a `review_date`", 1)],
            false => Vec::new(),
        }
    }
}

/// One page on the list of pages by review date.
#[derive(Serialize)]
struct ReviewCtx {
    title: String,
    url: String,
    owner: Option<String>,
    date: DateCtx,
    /// `overdue`, `soon` (within 30 days) or `later`.
    status: &'static str,
    status_text: &'static str,
}

/// Every page with a review date, the earliest first.
fn rows(site: &Site) -> Vec<ReviewCtx> {
    let soon = site
        .selection
        .as_of
        .saturating_add(jiff::Span::new().days(30));
    site.review_list()
        .into_iter()
        .filter_map(|id| {
            let page = &site.pages[id];
            let front = page.front.as_ref()?;
            let date = front.review_date?;
            let (status, status_text) = if date < site.selection.as_of {
                ("overdue", "Overdue")
            } else if date <= soon {
                ("soon", "Due within 30 days")
            } else {
                ("later", "Scheduled")
            };
            Some(ReviewCtx {
                title: page.title.clone(),
                url: page.url.clone(),
                owner: front.owner.clone(),
                date: DateCtx::new(date),
                status,
                status_text,
            })
        })
        .collect()
}
