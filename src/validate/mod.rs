//! Validate: the model checked as a whole, between model and render. Each check
//! looks only at what loaded, so one run reports every problem without knock-on
//! noise; the model is not changed.
//!
//! - `links`: every link and `audit-summary` block of every page, resolved once
//!   while the model was built, reported where it leads nowhere.
//! - `addresses`: one register of addresses: no source takes one safeguard or a
//!   kind publishes at.
//! - `personal`: what looks like an NHS or National Insurance number, at its line.
//! - `reviews`: pages past their review date.
//! - `reports`: each report against its kind's checklist.
//! - `meetings`: each agenda item's paper.
//! - `templates`: the site against its theme (templates named by pages, templates
//!   the kinds need, heading ids the theme already uses).

mod addresses;
mod links;
mod meetings;
mod pdf;
mod personal;
mod reports;
mod reviews;
mod templates;

use std::collections::HashSet;

use crate::content::personal::Spelled;
use crate::diagnostics::Diagnostics;
use crate::render::Theme;
use crate::render::kind::Kind;
use crate::site::Site;

/// The checks of the model on its own. Returns the personal data the source check
/// reported in a public build or found marked as an example, which the output gate
/// leaves to it.
pub fn site(site: &Site, kinds: &[&dyn Kind], diags: &mut Diagnostics) -> HashSet<Spelled> {
    links::check(site, diags);
    addresses::check(site, kinds, diags);
    reviews::check(site, diags);
    reports::check(site, diags);
    meetings::check(site, diags);
    pdf::check(site, diags);
    personal::check(site, diags)
}

/// The site against its theme, whatever else is wrong.
pub fn theme(site: &Site, theme: &Theme, kinds: &[&dyn Kind], diags: &mut Diagnostics) {
    templates::named_by_pages(site, theme, diags);
    templates::needed_by_kinds(site, theme, kinds, diags);
    templates::heading_ids(site, theme, diags);
}
