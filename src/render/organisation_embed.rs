//! An organisation's profile placed in a page by an `organisation` block: one table
//! of its latest return to each framework, its actions not done and its latest
//! figures in each dataset, made from what its own page shows.

use serde::Serialize;

use super::assurance::{ScoreCtx, change_text};
use super::context::DateCtx;
use super::figures::members::figures_of;
use super::figures::{StatusCtx, public_note};
use super::organisations::{latest_returns, open_actions, return_row};
use crate::assurance::view::AuditView;
use crate::site::{ProfileEmbed, RegistryPage, Site};

#[derive(Serialize)]
pub struct ProfileCtx {
    pub caption: String,
    pub name: String,
    /// The organisation's own page.
    pub url: String,
    pub rows: Vec<ProfileRowCtx>,
    pub public_note: Option<String>,
}

/// One line of a profile: a return, the actions, or a dataset's figure.
#[derive(Serialize)]
pub struct ProfileRowCtx {
    pub what: String,
    pub url: String,
    pub period: String,
    /// A return's score; otherwise `figure` says it.
    pub score: Option<ScoreCtx>,
    pub figure: String,
    pub status: Option<StatusCtx>,
    /// Said in the status column where there is no status: `2 overdue`.
    pub note: Option<String>,
    pub change: String,
}

/// The profile of the organisation an `organisation` block names.
pub fn profile_embed(site: &Site, e: &ProfileEmbed) -> Option<ProfileCtx> {
    let r = site.registry.as_ref()?;
    let d = &r.directory;
    let (id, name) = (d.id(e.org), d.name(e.org));
    let url = r.url_of(site, id);
    let mut rows = return_rows(site, r, e);
    rows.push(actions_row(site, r, e, &url));
    for held in figures_of(site, id) {
        rows.extend(held.rows.into_iter().map(|f| ProfileRowCtx {
            what: format!("{}: {}", held.title, f.label),
            url: f.url.unwrap_or_else(|| held.url.clone()),
            period: f.period,
            score: None,
            figure: f.value,
            status: f.status,
            note: None,
            change: f.change,
        }));
    }
    Some(ProfileCtx {
        caption: e.caption.clone().unwrap_or_else(|| {
            format!("{name}: latest audit returns, actions not done and latest figures")
        }),
        name: name.to_string(),
        url,
        rows,
        public_note: public_note(site),
    })
}

/// Its latest return to each framework, with the change since its previous one.
fn return_rows(site: &Site, r: &RegistryPage, e: &ProfileEmbed) -> Vec<ProfileRowCtx> {
    let a = &site.assurance;
    latest_returns(site, r, e.org)
        .into_iter()
        .filter_map(|id| {
            let row = return_row(site, id, e.org)?;
            let view = AuditView::new(a, id, site.selection.as_of, site.directory());
            let fw = &a.frameworks[a.audits[id].framework?].fw;
            let change = view
                .as_ref()
                .and_then(|v| v.previous.as_ref())
                .and_then(|p| Some((p.change?, p.entry.period())))
                .map(|(c, since)| format!("{} since {since}", change_text(&fw.values(), c.by)));
            Some(ProfileRowCtx {
                what: match &row.made_as {
                    Some(made) => format!("{} (as {made})", row.framework.title),
                    None => row.framework.title.clone(),
                },
                url: row.url,
                period: row.period,
                figure: "No score".to_string(),
                score: row.score,
                status: None,
                note: (row.graded < row.criteria)
                    .then(|| format!("graded on {} of {} criteria", row.graded, row.criteria)),
                change: change.unwrap_or_else(|| "–".to_string()),
            })
        })
        .collect()
}

/// Its actions not done, as its page counts them.
fn actions_row(site: &Site, r: &RegistryPage, e: &ProfileEmbed, url: &str) -> ProfileRowCtx {
    let as_of = site.selection.as_of;
    let open = open_actions(site, &r.directory.with_former(e.org));
    let overdue = open.iter().filter(|t| t.action.overdue).count();
    ProfileRowCtx {
        what: "Actions not done".to_string(),
        url: format!("{url}#sg-actions"),
        period: format!("at {}", DateCtx::new(as_of).text),
        score: None,
        figure: open.len().to_string(),
        status: None,
        note: (overdue > 0).then(|| format!("{overdue} overdue")),
        change: "–".to_string(),
    }
}
