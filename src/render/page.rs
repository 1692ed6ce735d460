//! The context of one page of the model: the head every page has (title, place,
//! dates, contents, the HTML of its body), then the body its kind gives it.

use std::collections::HashMap;
use std::sync::Arc;

use tera::Context;

use super::cache::Fingerprint;
use super::context::{self, DateCtx, Link, PageCtx, SiteCtx, TocEntry};
use super::kind::{Body, Env, PageSpec, no_body};
use super::numbering::{NumberedCtx, Numbering};
use super::{markdown, root_of};
use crate::assurance::AuditId;
use crate::diagnostics::Diagnostic;
use crate::site::{FigureEmbed, Figures, Page, PageId, PageKind, Resolved, ResolvedLink, Site};

/// A page body's HTML, the key it is cached by, and a report's numbered figures
/// and tables.
type Content = (Arc<str>, Option<super::cache::Key>, Vec<NumberedCtx>);

/// Where a page's content is shown: on its own page, or as a part of another (the
/// whole-course print page), which needs its own ids and a level more on headings.
pub struct Placement<'a> {
    /// Where the showing page's relative links start from.
    pub root: String,
    pub anchor_prefix: &'a str,
    pub heading_shift: u8,
    /// Pages shown in the same document, by URL, with their anchor prefixes: links
    /// to them stay in the document.
    pub local: Option<&'a std::collections::HashMap<String, String>>,
}

impl<'a> Env<'a> {
    /// A page of the model on its own page.
    pub fn own_page(&self, id: PageId) -> Result<PageCtx, Diagnostic> {
        let page = &self.site.pages[id];
        let placement = Placement {
            root: root_of(&page.url),
            anchor_prefix: "",
            heading_shift: 0,
            local: None,
        };
        let mut ctx = self.page_context(id, &placement)?;
        ctx.print_url = self.print_urls.get(&id).cloned();
        Ok(ctx)
    }

    /// A page of the model, placed: its head, then its kind's body.
    pub fn page_context(&self, id: PageId, placement: &Placement) -> Result<PageCtx, Diagnostic> {
        let site = self.site;
        let page = &site.pages[id];
        let prefix = placement.anchor_prefix;
        let front = page.front.as_deref();
        super::reads::note(id, self.cache);
        let (content, content_key, numbered) = self.content(id, placement)?;
        let (previous, next) = neighbours(site, id);
        let mut ctx = PageCtx {
            title: page.title.clone(),
            description: front.and_then(|f| f.description.clone()),
            url: page.url.clone(),
            kind: if page.url.is_empty() {
                "home"
            } else {
                context::kind_name(page.kind)
            },
            content,
            toc: page
                .outline
                .headings
                .iter()
                .filter(|h| h.level == 2 || (h.level == 3 && page.front.is_some()))
                .map(|h| TocEntry {
                    level: h.level,
                    id: format!("{prefix}{}", h.id),
                    title: h.text.clone(),
                })
                .collect(),
            date: front.and_then(|f| f.date).map(DateCtx::new),
            review_date: front.and_then(|f| f.review_date).map(DateCtx::new),
            review_due: front
                .and_then(|f| f.review_date)
                .is_some_and(|d| d < site.selection.as_of),
            owner: front.and_then(|f| f.owner.clone()),
            tags: front.map(|f| f.tags.clone()).unwrap_or_default(),
            draft: front.is_some_and(|f| f.draft),
            visibility: context::visibility_name(site.visibility_of(id)),
            extra: front.and_then(|f| f.extra.clone()),
            breadcrumbs: breadcrumbs(site, id),
            previous,
            next,
            anchor_prefix: prefix.to_string(),
            // Set by the caller, which knows where the page is shown.
            print_url: None,
            content_key,
            numbered,
            // Set by the renderer, once the PDF is made.
            pdf: None,
            tag_links: Vec::new(),
            body: self.body_of(id, prefix),
        };
        for kind in self.kinds {
            kind.adorn(self, id, &mut ctx);
        }
        Ok(ctx)
    }

    /// The HTML of a page's Markdown body, with the key it is cached by (none for a
    /// page that embeds a summary, which depends on much more than its text), and,
    /// for a report, its figures and tables as numbered.
    fn content(&self, id: PageId, placement: &Placement) -> Result<Content, Diagnostic> {
        let site = self.site;
        let page = &site.pages[id];
        let (Some(source), Some(_)) = (site.source_of(page), page.front.as_deref()) else {
            return Ok(Default::default());
        };
        let root = &placement.root;
        let prefix = placement.anchor_prefix;
        let body = &source.text[page.body_offset..];
        let leads = leads(page);
        let link = |dest: &str| link_to(dest, &leads, placement);
        let glossary = site
            .glossary
            .as_ref()
            .map(|g| (g.entries.as_slice(), format!("{root}{}", g.url)));
        // An embedded summary renders with the theme; its first error is kept.
        let embed_error: std::cell::RefCell<Option<Diagnostic>> = Default::default();
        let counts = [std::cell::Cell::new(0usize), std::cell::Cell::new(0usize)];
        let embedded = embedded(page);
        let numbering = (page.kind == PageKind::Report).then(Numbering::default);
        let embed = |i: usize, text: &str| -> String {
            // The block's first line with text is the path its outline read.
            let Some(&(dest, resolved)) = embedded.get(i) else {
                return String::new();
            };
            let first = text.lines().map(str::trim).find(|l| !l.is_empty());
            // (An `actions` block may start with a setting: its path is empty.)
            if !dest.is_empty() && first.unwrap_or("") != dest {
                return String::new();
            }
            self.embed_html(resolved, root, prefix, &counts, numbering.as_ref())
                .unwrap_or_else(|d| {
                    embed_error.borrow_mut().get_or_insert(d);
                    String::new()
                })
        };
        let key = self.content_key(page, body, placement, &link, &glossary);
        if let Some(html) = self.cache.zip(key).and_then(|(c, k)| c.content(k)) {
            return Ok((html, key, Vec::new()));
        }
        let number_table = |caption: &str, anchor: &str| {
            let n = numbering.as_ref()?;
            Some(n.add(false, caption.to_string(), anchor.to_string()).label)
        };
        let env = markdown::MarkdownEnv {
            link: &link,
            glossary: glossary.clone(),
            embed: &embed,
            number_table: &number_table,
            anchor_prefix: prefix,
            heading_shift: placement.heading_shift,
        };
        let terms = glossary.as_ref().map_or(&[][..], |(e, _)| e);
        let parsed = self.parsed(id, || markdown::parse(body, terms));
        let html: Arc<str> = markdown::to_html(&parsed, &page.outline, &env).into();
        if let Some(d) = embed_error.into_inner() {
            return Err(d);
        }
        if let (Some(cache), Some(key)) = (self.cache, key) {
            cache.store_content(key, &html);
        }
        let numbered = numbering.map(Numbering::into_list).unwrap_or_default();
        Ok((html, key, numbered))
    }

    /// What a body's HTML is cached by, for `serve`: its text, where the page is (for
    /// relative links), where each link leads and the glossary. None for a page that
    /// embeds blocks (they depend on much more than its text) or is a report (its
    /// HTML carries its numbers, and their list is made with it).
    fn content_key(
        &self,
        page: &Page,
        body: &str,
        placement: &Placement,
        link: &dyn Fn(&str) -> String,
        glossary: &Option<(&[crate::site::GlossaryEntry], String)>,
    ) -> Option<super::cache::Key> {
        self.cache
            .filter(|_| page.kind != PageKind::Report)
            .filter(|_| !page.outline.links.iter().any(|l| l.is_embed()))
            .map(|_| {
                let mut f = Fingerprint::new();
                f.add(body)
                    .add(&placement.root)
                    .add(placement.anchor_prefix)
                    .add(&placement.heading_shift);
                for l in &page.outline.links {
                    f.add(&link(&l.dest));
                }
                f.add(glossary).finish()
            })
    }

    /// A page's body parsed by `parse`: kept for the build if the page is shown
    /// again (on its course's print page), so that whichever showing comes first
    /// parses it for both.
    fn parsed(
        &self,
        id: PageId,
        parse: impl FnOnce() -> markdown::Parsed,
    ) -> Arc<markdown::Parsed> {
        match self.print_urls.contains_key(&id) {
            true => {
                let mut kept = self.parsed[id].lock().unwrap_or_else(|p| p.into_inner());
                Arc::clone(kept.get_or_insert_with(|| Arc::new(parse())))
            }
            false => Arc::new(parse()),
        }
    }

    /// The HTML of one embedding block; `counts` numbers the summaries and the
    /// figures on the page, so each has its own ids.
    fn embed_html(
        &self,
        resolved: &Resolved,
        root: &str,
        prefix: &str,
        counts: &[std::cell::Cell<usize>; 2],
        numbering: Option<&Numbering>,
    ) -> Result<String, Diagnostic> {
        let next = |c: &std::cell::Cell<usize>| {
            c.set(c.get() + 1);
            c.get()
        };
        match resolved {
            Resolved::Embed(Ok((aid, caption))) => {
                let id = format!("{prefix}sg-summary-{}", next(&counts[0]));
                self.summary(*aid, caption.as_deref(), root, &id, numbering)
            }
            Resolved::Figures(Ok(e)) => {
                let id = format!("{prefix}sg-figures-{}", next(&counts[1]));
                self.figures_embed(e, root, &id, numbering)
            }
            Resolved::Block(Ok(e)) => {
                self.block_embed(e, root, prefix, next(&counts[1]), numbering)
            }
            _ => Ok(String::new()),
        }
    }

    /// What every embedding block's template starts from: the site, and the prefix
    /// the page's links start from.
    pub(super) fn embed_context(&self, root: &str) -> Context {
        let mut ctx = Context::new();
        ctx.insert("site", &SiteCtx::new(self.site));
        ctx.insert("root", &root);
        ctx
    }

    /// The HTML of an `audit-summary` block, rendered with the theme.
    fn summary(
        &self,
        aid: AuditId,
        caption: Option<&str>,
        root: &str,
        summary_id: &str,
        numbering: Option<&Numbering>,
    ) -> Result<String, Diagnostic> {
        let site = self.site;
        let Some(a) = super::assurance::audit_ctx(site, aid, summary_id) else {
            return Ok(String::new());
        };
        let whose = format!("{}, {}", a.organisation, a.period);
        // The caption the table shows is the one the report's list gives.
        let compared = match &a.previous {
            Some(p) if p.framework.is_none() => format!(", with {} for comparison", p.period),
            _ => String::new(),
        };
        let table_caption = caption.map_or_else(
            || format!("Score of each standard: {whose}{compared}"),
            str::to_string,
        );
        let number = Numbering::block(
            numbering,
            Some((
                format!("Criteria at each grade: {whose}"),
                format!("{summary_id}-grades"),
            )),
            Some((table_caption.clone(), format!("{summary_id}-standards"))),
        );
        let mut ctx = self.embed_context(root);
        ctx.insert("a", &a);
        ctx.insert("summary_id", &summary_id);
        ctx.insert("number", &number);
        ctx.insert("table_caption", &table_caption);
        self.theme.render("partials/audit-summary.html", &ctx)
    }

    /// The HTML of an `indicators` or `training` block, rendered with the theme; `id`
    /// is unique in the page, for the table's caption.
    fn figures_embed(
        &self,
        e: &FigureEmbed,
        root: &str,
        id: &str,
        numbering: Option<&Numbering>,
    ) -> Result<String, Diagnostic> {
        let site = self.site;
        let mut ctx = self.embed_context(root);
        ctx.insert("embed_id", &id);
        let template = match &site.figures[e.figures].data {
            Figures::Indicators(_) => {
                let Some(mut f) = super::figures::indicators_embed(site, e) else {
                    return Ok(String::new());
                };
                f.caption = e.caption.clone().unwrap_or(f.caption);
                let table = Some((f.caption.clone(), format!("{id}-caption")));
                ctx.insert("number", &Numbering::block(numbering, None, table));
                ctx.insert("f", &f);
                "partials/indicators-embed.html"
            }
            Figures::Training(_) => {
                let Some(mut f) = super::figures::training_embed(site, e) else {
                    return Ok(String::new());
                };
                f.caption = e.caption.clone().unwrap_or(f.caption);
                let table = Some((f.caption.clone(), format!("{id}-caption")));
                ctx.insert("number", &Numbering::block(numbering, None, table));
                ctx.insert("f", &f);
                "partials/training-embed.html"
            }
        };
        self.theme.render(template, &ctx)
    }
}

/// Where a link to `dest` goes from a page placed at `placement`: to where its target
/// is shown on the same page (a print page), else by the root; as written where it
/// leads nowhere the page knows.
fn link_to(dest: &str, leads: &HashMap<&str, &str>, placement: &Placement) -> String {
    let root = &placement.root;
    match leads.get(dest) {
        Some(url) => {
            let (path, fragment) = url.split_once('#').unwrap_or((url, "title"));
            match placement.local.and_then(|l| l.get(path)) {
                Some(there) => format!("#{there}{fragment}"),
                None => format!("{root}{url}"),
            }
        }
        None => dest.to_string(),
    }
}

/// Where each link of a page leads, by destination as written, as the model
/// resolved it. Others stay as written (the HTML pass also sees autolinks, which
/// are never the site's).
fn leads(page: &Page) -> HashMap<&str, &str> {
    let links = page.outline.links.iter().zip(&page.links);
    links
        .filter_map(|(l, r)| match r {
            Resolved::Link(Ok(ResolvedLink::Internal(url))) => {
                Some((l.dest.as_str(), url.as_str()))
            }
            _ => None,
        })
        .collect()
}

/// Each embedding block of a page, in the order of the text: the path written on its
/// first line, and what the model resolved it to.
fn embedded(page: &Page) -> Vec<(&str, &Resolved)> {
    let links = page.outline.links.iter().zip(&page.links);
    links
        .filter(|(l, _)| l.is_embed())
        .map(|(l, r)| (l.dest.as_str(), r))
        .collect()
}

/// A page safeguard makes with a fixed title and place: home, then `trail`, in its
/// breadcrumbs, and the body `body` makes when the page's turn comes.
pub fn listing<'a>(
    (url, template, kind): (&str, &'static str, &'static str),
    title: &str,
    trail: &'static [(&'static str, &'static str)],
    searched: bool,
    body: impl Fn() -> Body + Send + Sync + 'a,
) -> PageSpec<'a> {
    let (url, title) = (url.to_string(), title.to_string());
    PageSpec {
        url: url.clone(),
        template,
        searched,
        placed: None,
        pdf: None,
        make: Box::new(move |_| {
            let mut ctx = generated(title.clone(), url.clone(), kind);
            ctx.breadcrumbs = crumbs(trail);
            ctx.body = body();
            Ok(ctx)
        }),
    }
}

/// The context of a page safeguard makes itself, with no body of its own yet.
pub fn generated(title: String, url: String, kind: &'static str) -> PageCtx {
    PageCtx {
        title,
        description: None,
        url,
        kind,
        content: Default::default(),
        toc: Vec::new(),
        date: None,
        review_date: None,
        review_due: false,
        owner: None,
        tags: Vec::new(),
        draft: false,
        visibility: "public",
        extra: None,
        breadcrumbs: Vec::new(),
        previous: None,
        next: None,
        anchor_prefix: String::new(),
        print_url: None,
        content_key: None,
        numbered: Vec::new(),
        pdf: None,
        tag_links: Vec::new(),
        body: no_body(),
    }
}

/// Breadcrumbs for a page safeguard makes: home, then each of `trail`.
pub fn crumbs(trail: &[(&str, &str)]) -> Vec<Link> {
    std::iter::once(("Home", ""))
        .chain(trail.iter().copied())
        .map(|(title, url)| Link {
            title: title.to_string(),
            url: url.to_string(),
        })
        .collect()
}

/// The sections above a page, from the home page down (none for the home page).
pub fn breadcrumbs(site: &Site, id: PageId) -> Vec<Link> {
    let page = &site.pages[id];
    if page.url.is_empty() {
        return Vec::new();
    }
    let mut chain = site.ancestry(page.section);
    if site.section_of_index(id).is_some() {
        chain.pop();
    }
    chain
        .iter()
        .map(|&s| {
            let p = &site.pages[site.sections[s].page];
            Link {
                title: if s == 0 {
                    "Home".to_string()
                } else {
                    p.title.clone()
                },
                url: p.url.clone(),
            }
        })
        .collect()
}

/// The pages before and after this one in its section (none for a section's page).
fn neighbours(site: &Site, id: PageId) -> (Option<Link>, Option<Link>) {
    if site.section_of_index(id).is_some() {
        return (None, None);
    }
    let section = &site.sections[site.pages[id].section];
    let link = |i: Option<usize>| {
        i.and_then(|i| section.pages.get(i)).map(|&p| Link {
            title: site.pages[p].title.clone(),
            url: site.pages[p].url.clone(),
        })
    };
    match section.pages.iter().position(|&p| p == id) {
        Some(at) => (link(at.checked_sub(1)), link(Some(at + 1))),
        None => (None, None),
    }
}
