//! Assurance figures placed in a page by an `actions` or `trend` block, made by the
//! same functions as the action tracker and the framework page, so a block always
//! shows what those pages show in the same build.

use serde::Serialize;

use super::chart::{self, Bar};
use super::framework::{TrendCtx, trend, trend_caption, trend_title};
use super::{ScaleLevelCtx, ScoreCtx, TrackedActionCtx, scale_ctx, score_ctx, tracked_action_ctx};
use crate::assurance::number::to_f64;
use crate::assurance::{AuditEntry, FrameworkId};
use crate::render::context::Link;
use crate::site::{ACTIONS_URL, ActionsEmbed, Site, TrendEmbed, Whose};

#[derive(Serialize)]
pub struct ActionsEmbedCtx {
    pub caption: String,
    /// Most pressing first, as the tracker lists them.
    pub actions: Vec<TrackedActionCtx>,
    /// Said instead of the table when no action is open.
    pub none: String,
    /// The action tracker's page, where the site has one.
    pub tracker: Option<String>,
}

/// The open actions an `actions` block asks for, in the tracker's order.
pub fn actions_embed(site: &Site, e: &ActionsEmbed) -> ActionsEmbedCtx {
    let a = &site.assurance;
    let page = e.audit.map(|id| a.audits[id].page);
    let keep = |x: &AuditEntry| {
        page.is_none_or(|p| x.page == p)
            && e.framework.is_none_or(|f| x.framework == Some(f))
            && e.who.as_ref().is_none_or(|w| w.matches(x))
            && e.period.as_deref().is_none_or(|p| x.period() == p)
    };
    let actions: Vec<TrackedActionCtx> = a
        .open_actions_of(site.selection.as_of, keep)
        .into_iter()
        .map(|t| tracked_action_ctx(site, t.audit, &t.framework.fw, t.action))
        .collect();
    let scope = actions_scope(site, e);
    ActionsEmbedCtx {
        caption: e
            .caption
            .clone()
            .unwrap_or_else(|| format!("Actions not done: {scope}, overdue first")),
        actions,
        none: format!("No open actions for {scope}."),
        tracker: (!a.audits.is_empty()).then(|| ACTIONS_URL.to_string()),
    }
}

/// Whose actions a block lists, in words: `Org A, Section 11 self-assessment, 2016`.
fn actions_scope(site: &Site, e: &ActionsEmbed) -> String {
    let a = &site.assurance;
    if let Some(id) = e.audit {
        let r = &a.audits[id];
        let fw = r
            .framework
            .map_or("", |f| a.frameworks[f].fw.title.as_str());
        return format!(
            "the return of {} for {} to {fw}",
            r.organisation(),
            r.period()
        );
    }
    let parts: Vec<&str> = [
        e.who.as_ref().map(|w| w.name.as_str()),
        e.framework.map(|f| a.frameworks[f].fw.title.as_str()),
        e.period.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    match parts.is_empty() {
        true => "every audit return".to_string(),
        false => parts.join(", "),
    }
}

#[derive(Serialize)]
pub struct TrendEmbedCtx {
    /// The table's caption and the chart's.
    pub caption: String,
    pub chart_caption: String,
    /// Inline SVG, oldest period first.
    pub chart: Option<String>,
    pub framework: Link,
    /// Whether the periods of a framework it replaces are shown too.
    pub replaces: bool,
    pub scale: Vec<ScaleLevelCtx>,
    /// Without an organisation: each period's returns, newest first, as the
    /// framework page has them.
    pub rows: Vec<TrendCtx>,
    /// With one: its score in each period, newest first.
    pub whose: Option<String>,
    pub scores: Vec<ScoreRowCtx>,
}

/// One organisation's return in one period of a trend.
#[derive(Serialize)]
pub struct ScoreRowCtx {
    pub period: String,
    /// The earlier framework it is a period of; `None` for this one.
    pub framework: Option<Link>,
    /// Its return's page, if it made one.
    pub url: Option<String>,
    /// The name it was made under, when not the one asked for.
    pub made_as: Option<String>,
    pub score: Option<ScoreCtx>,
    /// The id of the framework it is a period of, for the chart's label.
    #[serde(skip)]
    framework_id: String,
}

/// A `trend` block: the framework's trend, or one organisation's scores.
pub fn trend_embed(site: &Site, e: &TrendEmbed, id: &str) -> TrendEmbedCtx {
    let f = &site.assurance.frameworks[e.framework];
    let fw = &f.fw;
    let mut ctx = TrendEmbedCtx {
        caption: String::new(),
        chart_caption: String::new(),
        chart: None,
        framework: Link {
            title: fw.title.clone(),
            url: site.pages[f.page].url.clone(),
        },
        replaces: f.replaces.is_some(),
        scale: scale_ctx(fw),
        rows: Vec::new(),
        whose: e.who.as_ref().map(|w| w.name.clone()),
        scores: Vec::new(),
    };
    let chart_id = format!("{id}-chart");
    match &e.who {
        None => {
            let title = trend_title(fw);
            (ctx.rows, ctx.chart) = trend(site, e.framework, &chart_id, &title);
            ctx.chart_caption = title;
            ctx.caption = format!("{}: {}", trend_caption(ctx.replaces), fw.title);
        }
        Some(w) => {
            let title = format!("Score of {} by period, {}", w.name, fw.title);
            let scores = scores_of(site, e.framework, w);
            ctx.chart = (!scores.is_empty())
                .then(|| score_chart(site, e.framework, &chart_id, &title, &scores));
            ctx.scores = scores.into_iter().rev().collect();
            ctx.chart_caption = title;
            ctx.caption = format!("The score of {} in each period: {}", w.name, fw.title);
        }
    }
    // As in every block, `caption:` is its table's; the chart keeps its own, so the
    // two are told apart in a report's list.
    if let Some(c) = &e.caption {
        ctx.caption = c.clone();
    }
    ctx
}

/// `w`'s return in each period of framework `fid` and those it replaces, oldest
/// first, under its earlier names too.
fn scores_of(site: &Site, fid: FrameworkId, w: &Whose) -> Vec<ScoreRowCtx> {
    let a = &site.assurance;
    a.family_periods(fid)
        .into_iter()
        .map(|(period, of)| {
            let g = &a.frameworks[of];
            let made = g
                .audits
                .iter()
                .map(|&r| &a.audits[r])
                .find(|r| r.period() == period && w.matches(r));
            ScoreRowCtx {
                framework: (of != fid).then(|| Link {
                    title: g.fw.title.clone(),
                    url: site.pages[g.page].url.clone(),
                }),
                url: made.map(|r| site.pages[r.page].url.clone()),
                made_as: made
                    .map(|r| r.organisation())
                    .filter(|n| *n != w.name)
                    .map(str::to_string),
                score: made
                    .and_then(|r| r.score.as_ref())
                    .and_then(|s| s.overall)
                    .map(|v| score_ctx(&g.fw, &v)),
                framework_id: g.fw.id.value.trim().to_string(),
                period,
            }
        })
        .collect()
}

/// One bar a period, oldest first, as long as the score on the framework's scale.
fn score_chart(
    site: &Site,
    fid: FrameworkId,
    id: &str,
    title: &str,
    rows: &[ScoreRowCtx],
) -> String {
    let fw = &site.assurance.frameworks[fid].fw;
    let max = fw.values().last().map_or(0.0, |v| to_f64(*v));
    let bars: Vec<Bar> = rows
        .iter()
        .map(|r| Bar {
            label: match &r.framework {
                Some(_) => format!("{} ({})", r.period, r.framework_id),
                None => r.period.clone(),
            },
            value: r.score.as_ref().map_or(0.0, |s| s.value),
            text: r.score.as_ref().map_or_else(
                || "No return".to_string(),
                |s| format!("{} {}", s.text, s.label),
            ),
            class: r
                .score
                .as_ref()
                .map_or("grade-none".to_string(), |s| format!("grade-{}", s.colour)),
        })
        .collect();
    chart::bars(
        id,
        title,
        "Bars, one per period, oldest first, each as long as the score; the table gives the same figures.",
        &bars,
        max,
    )
}
