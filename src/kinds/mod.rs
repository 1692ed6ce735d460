//! The kinds of page and data a site is made of, each in its own module: what its
//! pages show (the body of the model's pages it owns), which pages and files it makes
//! itself, its entry in the main navigation, the addresses it takes and the
//! templates it needs. How each is parsed and checked lives with its source type
//! (`content/`, `assurance/`), what it adds to the model in `site/`.
//!
//! The renderer and the validate stage see only [`ALL`]: a new kind is a module here,
//! its templates, and one line in that list.

mod assurance;
mod figures;
mod glossary;
mod meeting;
mod meeting_pdf;
mod module;
mod news;
mod not_found;
mod organisations;
mod paper;
mod paper_pdf;
mod report;
mod report_pdf;
mod review;
mod sections;
mod statement;
mod tags;

use crate::render::kind::Kind;

/// Every kind. The order is the order of the pages they make (and so of the search
/// index, which reads them in turn) and of their entries in the main navigation.
pub const ALL: &[&dyn Kind] = &[
    &sections::Sections,
    &module::Modules,
    &paper::Papers,
    &report::Reports,
    &meeting::Meetings,
    &glossary::Terms,
    &statement::Statement,
    &assurance::Audits,
    &figures::FiguresKind,
    &organisations::Organisations,
    &review::Reviews,
    &tags::Tags,
    &not_found::NotFound,
];
