//! A dataset's figures placed in a page by an `indicators` or `training` block: one
//! compact table for one period, made from the same contexts as the dataset's own
//! page, so every figure is the one that page shows in the same build.

use serde::Serialize;

use super::indicators::RowCtx;
use super::training::{TRowCtx, training_rows};
use super::{indicators_ctx, public_note};
use crate::figures::period::{Period, PeriodKind};
use crate::site::{FigureEmbed, Figures, Site, TrainingBy};

#[derive(Serialize)]
pub struct IndicatorsEmbedCtx {
    /// The set's page and title.
    pub url: String,
    pub title: String,
    pub caption: String,
    /// The periods changes are measured from: the previous one, and the same period
    /// a year before (none for a year).
    pub previous: String,
    pub year_before: Option<String>,
    pub public_note: Option<String>,
    pub rows: Vec<EmbedRowCtx>,
}

#[derive(Serialize)]
pub struct EmbedRowCtx {
    pub title: String,
    /// The indicator's section on the set's page.
    pub anchor: String,
    pub target: Option<String>,
    /// Whose figure, where the rows do not all show the same.
    pub whose: Option<String>,
    /// The figure for the period; none where the set has none for this indicator.
    pub figure: Option<RowCtx>,
    /// Why there is no figure.
    pub missing: Option<String>,
}

#[derive(Serialize)]
pub struct TrainingEmbedCtx {
    pub url: String,
    pub title: String,
    pub caption: String,
    /// The heading of the first column.
    pub first: &'static str,
    /// The period changes are measured from.
    pub previous: String,
    pub public_note: Option<String>,
    pub rows: Vec<TRowCtx>,
}

/// A period as a caption names it: `2025-26 Q2 (July to September 2025)`.
fn period_words(p: Period) -> String {
    match p.kind {
        PeriodKind::Year => format!("the financial year {p} ({})", p.words()),
        _ => format!("{p} ({})", p.words()),
    }
}

/// An `indicators` block's figures: each chosen indicator's headline figure for the
/// period asked for, or the set's latest.
pub fn indicators_embed(site: &Site, e: &FigureEmbed) -> Option<IndicatorsEmbedCtx> {
    let f = &site.figures[e.figures];
    let Figures::Indicators(data) = &f.data else {
        return None;
    };
    let page = &site.pages[f.page];
    let set = indicators_ctx(site, data, &page.url);
    let period = match e.period {
        Some(p) => p,
        None => data
            .series
            .iter()
            .flatten()
            .filter(|f| !f.year)
            .map(|f| f.period)
            .max()?,
    };
    let text = period.to_string();
    let year = period.kind == PeriodKind::Year && data.kind != Some(PeriodKind::Year);
    let chosen: Vec<usize> = match &e.indicators {
        Some(list) => list.clone(),
        None => (0..set.indicators.len()).collect(),
    };
    let mut whose: Vec<Option<&String>> = chosen
        .iter()
        .map(|&i| set.indicators[i].headline.as_ref())
        .collect();
    whose.dedup();
    let common = match whose.as_slice() {
        [Some(one)] => Some((*one).clone()),
        _ => None,
    };
    let rows = chosen
        .iter()
        .map(|&i| {
            let ind = &set.indicators[i];
            let figure = ind
                .rows
                .iter()
                .find(|r| r.period == text && r.year == year)
                .cloned();
            let missing = match (&ind.headline, &figure) {
                (None, _) => Some("Not added up over organisations: see each organisation's figure on the set's page".to_string()),
                (Some(_), None) => Some(format!("No figure for {text}")),
                _ => None,
            };
            EmbedRowCtx {
                title: ind.title.clone(),
                anchor: ind.anchor.clone(),
                target: ind.target.clone(),
                whose: ind.headline.clone().filter(|_| common.is_none()),
                figure,
                missing,
            }
        })
        .collect();
    let caption = format!(
        "{}: {}{}",
        page.title,
        period_words(period),
        common.map_or(String::new(), |w| format!(", {w}"))
    );
    Some(IndicatorsEmbedCtx {
        url: page.url.clone(),
        title: page.title.clone(),
        caption,
        previous: period.previous().to_string(),
        year_before: period.year_before().map(|p| p.to_string()),
        public_note: set.public_note,
        rows,
    })
}

/// A `training` block's figures: the breakdown asked for, for the period asked for
/// or the dataset's latest.
pub fn training_embed(site: &Site, e: &FigureEmbed) -> Option<TrainingEmbedCtx> {
    let f = &site.figures[e.figures];
    let Figures::Training(data) = &f.data else {
        return None;
    };
    let page = &site.pages[f.page];
    let period = match e.period {
        Some(p) => p,
        None => data.training.figures.iter().map(|f| f.period).max()?,
    };
    let (what, first) = match e.by {
        TrainingBy::Level => (
            "compliance by strand and intercollegiate level",
            "Strand and level",
        ),
        TrainingBy::Organisation => (
            "compliance of each organisation's eligible staff",
            "Organisation",
        ),
        TrainingBy::StaffGroup => ("compliance by staff group", "Staff group"),
        TrainingBy::Overall => ("compliance of all eligible staff", "Staff"),
    };
    Some(TrainingEmbedCtx {
        url: page.url.clone(),
        title: page.title.clone(),
        caption: format!("{}: {what} in {}", page.title, period_words(period)),
        first,
        previous: period.previous().to_string(),
        public_note: public_note(site),
        rows: training_rows(site, data, period, e.by),
    })
}
