//! What a kind of page or data tells the renderer, and what the renderer gives it.
//!
//! Each kind (`src/kinds/`) implements [`Kind`]: the body of the model's pages it
//! owns, the pages it makes itself, its other files, its entry in the main
//! navigation, the addresses it takes and the templates it needs. The renderer and
//! the validate stage iterate over the kinds they are given; neither names one.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use serde::ser::SerializeMap;

use super::RenderCache;
use super::context::PageCtx;
use super::markdown::Parsed;
use super::theme::Theme;
use crate::diagnostics::Diagnostic;
use crate::output::Bytes;
use crate::pdf::Doc;
use crate::site::{PageId, Site};

/// What a page's template sees of its kind, beside the head every page has
/// (`PageCtx`): its fields sit in `page` with the head's.
pub type Body = Box<dyn erased_serde::Serialize + Send + Sync>;

/// The body of a page that has nothing of its own.
pub fn no_body() -> Body {
    Box::new(Nothing {})
}

#[derive(Serialize)]
struct Nothing {}

/// A body of one field, `name: value`, so a kind need not name a struct for it.
pub struct One<T>(pub &'static str, pub T);

impl<T: Serialize> Serialize for One<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry(self.0, &self.1)?;
        map.end()
    }
}

impl<T: Serialize + Send + Sync + 'static> One<T> {
    pub fn boxed(name: &'static str, value: T) -> Body {
        Box::new(One(name, value))
    }
}

/// A page a kind makes itself (not one of the model's pages): where it goes, the
/// template it is rendered with, and how its context is made.
pub struct PageSpec<'a> {
    /// Site-relative: `assurance/actions/`.
    pub url: String,
    pub template: &'static str,
    /// Whether the search index reads it.
    pub searched: bool,
    /// The file it is written to, when not `URL/index.html`, and the prefix its links
    /// start from, when not back to the root from its URL (the 404 page, served for
    /// any missing address, links from the site's base).
    pub placed: Option<(String, String)>,
    /// The PDF it is also published as, if any (a course's print page, where its
    /// section asks for one).
    pub pdf: Option<MakePdf<'a>>,
    pub make: Make<'a>,
}

/// How a page's context is made, once its turn comes.
pub type Make<'a> = Box<dyn Fn(&Env<'a>) -> Result<PageCtx, Diagnostic> + Send + Sync + 'a>;

/// How a page's PDF is described, from the page's context.
pub type MakePdf<'a> = Box<dyn Fn(&Env<'a>, &PageCtx) -> Option<Doc> + Send + Sync + 'a>;

/// A kind of page or data, as the renderer and the validate stage see it. Every
/// method has a default that makes nothing, so a kind says only what it does.
pub trait Kind: Sync {
    /// The body of a page of the model, when this kind owns it; `prefix` goes before
    /// every id it writes (see `PageCtx::anchor_prefix`).
    fn body(&self, _env: &Env<'_>, _id: PageId, _prefix: &str) -> Option<Body> {
        None
    }

    /// The PDF a page of the model it owns is also published as (`page` is the
    /// page's context, its body made): papers, reports, board packs.
    fn pdf(&self, _env: &Env<'_>, _id: PageId, _page: &PageCtx) -> Option<Doc> {
        None
    }

    /// What it adds to the head of a page of the model, whoever owns the page (the
    /// tags kind links each of a page's tags to the tag's page).
    fn adorn(&self, _env: &Env<'_>, _id: PageId, _page: &mut PageCtx) {}

    /// The pages this kind makes itself in this build. What one shows of a page's
    /// body it reads through `Env::page_context` (see `render/reads.rs`).
    fn pages<'a>(&self, _site: &'a Site, _theme: &'a Theme) -> Vec<PageSpec<'a>> {
        Vec::new()
    }

    /// Files that are not pages (downloads, feeds), by output path, made from the
    /// model without the pages' bodies: `serve` takes them as they were while only
    /// bodies change.
    fn files(&self, _site: &Site) -> Vec<(String, Bytes)> {
        Vec::new()
    }

    /// An entry of the main navigation, after the site's own sections and pages: its
    /// rank (entries of rank 1 close the menu, after those of rank 0), title and
    /// site-relative URL.
    fn nav(&self, _site: &Site) -> Option<(u8, String, String)> {
        None
    }

    /// The addresses it takes in this build, each with what it puts there, in words
    /// that finish "where safeguard …": no source may take one.
    fn reserved(&self, _site: &Site) -> Vec<(String, &'static str)> {
        Vec::new()
    }

    /// The templates its pages need in this build, each with what needs it and the
    /// line of `site.yaml` that asks for it (1 if none): a site's own theme may lack
    /// them.
    fn templates(&self, _site: &Site) -> Vec<(&'static str, &'static str, usize)> {
        Vec::new()
    }
}

/// What every page's context is made with.
pub struct Env<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub kinds: &'a [&'a dyn Kind],
    pub cache: Option<&'a RenderCache>,
    /// The parsed body of each page shown again on its course's print page (by
    /// `PageId`), made by whichever showing comes first and let go after both.
    pub parsed: Vec<Mutex<Option<Arc<Parsed>>>>,
    /// The print page of each page that has one: a course's own page and every page
    /// its print page holds.
    pub print_urls: HashMap<PageId, String>,
}

impl Env<'_> {
    /// Lets go of a page's parsed body, once every showing of it is made.
    pub fn let_go(&self, id: PageId) {
        *self.parsed[id].lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// The body the owning kind gives a page of the model.
    pub fn body_of(&self, id: PageId, prefix: &str) -> Body {
        self.kinds
            .iter()
            .find_map(|k| k.body(self, id, prefix))
            .unwrap_or_else(no_body)
    }
}
