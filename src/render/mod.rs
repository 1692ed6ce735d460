//! Render: the theme's Tera templates over the model, pages in parallel, each file
//! handed to the output plan as soon as it is made (which keeps or stages it: see
//! `output`), so the site is never held in memory at once.

pub mod assurance;
mod cache;
mod context;
pub mod highlight;
mod limits;
pub mod markdown;
pub mod site_files;
mod theme;

use rayon::prelude::*;
use tera::Context;

pub use cache::RenderCache;
use cache::{Fingerprint, Key};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{Bytes, Kept, Plan};
use crate::site::{GlossaryPage, PageId, PageKind, ResolvedLink, Site};
use context::{DateCtx, Link, PageCtx, SiteCtx, StatementCtx, TocEntry};

pub use theme::Theme;

/// Escapes text for HTML content and attribute values: `&`, `<`, `>`, `"` and `'`
/// (as `&#39;`), so a value is safe in either kind of quotes.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // Writing to a `String` cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// The relative path from a page at site URL `url` back to the site root.
pub fn root_of(url: &str) -> String {
    let depth = url.matches('/').count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

/// The output file of a site URL: `a/b/` → `a/b/index.html`.
pub fn file_of(url: &str) -> String {
    format!("{url}index.html")
}

/// One entry of the main navigation.
#[derive(serde::Serialize)]
struct NavItem {
    title: String,
    url: String,
    /// `page` on the item for this page, `true` on the item of the section it is in.
    current: Option<&'static str>,
}

/// Renders every page, the glossary, the 404 page and copies static files into
/// `plan`. Returns `None` if any template failed (reported in `diags`).
pub fn render_site(
    site: &Site,
    theme: &Theme,
    root: &std::path::Path,
    cache: Option<&RenderCache>,
    mut plan: Plan,
    diags: &mut Diagnostics,
) -> Option<Plan> {
    let site_ctx = SiteCtx::new(site);
    let nav_targets = nav_targets(site);
    let glossary_name = site.glossary.as_ref().map(glossary_title);
    let statement_url = site.config.statement_url();
    let review_url = site.has_review_page().then_some(REVIEW_URL);
    let glossary_url = site.glossary.as_ref().map(|g| g.url.clone());
    let search_url = theme.has_search().then_some(SEARCH_URL);
    // What every page shares; each page adds its own context to it.
    let shared_key = cache.map(|_| {
        Fingerprint::new()
            .add(&theme.fingerprint)
            .add(&site_ctx)
            .add(&nav_targets)
            .add(&glossary_url)
            .add(&glossary_name)
            .add(&statement_url)
            .add(&review_url)
            .add(&search_url)
            .finish()
    });

    let mut jobs: Vec<Job> = (0..site.pages.len()).map(Job::Page).collect();
    if site.glossary.is_some() {
        jobs.push(Job::Glossary);
    }
    if site.config.accessibility.is_some() {
        jobs.push(Job::Statement);
    }
    if !site.assurance.audits.is_empty() {
        jobs.push(Job::AssuranceIndex);
        jobs.push(Job::Actions);
    }
    if site.has_review_page() {
        jobs.push(Job::Review);
    }
    jobs.extend(
        assurance::grid_pages(site)
            .into_iter()
            .map(|(fid, period, page)| Job::Grid(fid, period, page)),
    );
    jobs.push(Job::NotFound);

    // The print pages, each with its section, and the print page of each page that
    // has one (its section's own page, and every page the print page holds).
    let prints: Vec<(crate::site::SectionId, String)> = if theme.has_print() {
        site.print_sections()
            .into_iter()
            .map(|s| (s, site.print_url(s)))
            .collect()
    } else {
        Vec::new()
    };
    let reuse = highlight::Reuse::default();
    let mut print_urls: std::collections::HashMap<PageId, &str> = Default::default();
    for (s, url) in &prints {
        print_urls.insert(site.sections[*s].page, url);
        for p in site.print_pages(*s) {
            print_urls.insert(p, url);
        }
    }
    // `known`: the page's key when it can be had without working out its context
    // (a print page's, from the keys of the pages it holds).
    let render = |job: &Job, known: Option<Key>| -> Result<Rendered, Diagnostic> {
        if let (Job::Print(_, url), Some(cache), Some(key)) = (job, cache, known) {
            let path = file_of(url);
            if let Some((bytes, doc)) = cache.page(&path, key) {
                let kept = plan.keep(&path, bytes);
                return Ok((path, kept, doc, Some(key)));
            }
        }
        let (url, mut page_ctx, template, root_prefix) = match job {
            Job::Page(id) => {
                let page = &site.pages[*id];
                // A page in a print page is shown again there.
                let showing = match print_urls.contains_key(id) {
                    true => highlight::Showing::First(&reuse),
                    false => highlight::Showing::Once,
                };
                let placement = Placement::own(&page.url, showing);
                let mut ctx = page_context(site, *id, theme, cache, &placement)?;
                ctx.print_url = print_urls.get(id).map(|u| u.to_string());
                (
                    page.url.clone(),
                    ctx,
                    theme.template_for(site, *id),
                    root_of(&page.url),
                )
            }
            Job::Glossary => {
                let g = site
                    .glossary
                    .as_ref()
                    .expect("glossary job only with a glossary");
                (
                    g.url.clone(),
                    glossary_context(site),
                    "glossary.html".to_string(),
                    root_of(&g.url),
                )
            }
            Job::Statement => {
                let url = site
                    .config
                    .statement_url()
                    .expect("statement job only with settings");
                (
                    url.clone(),
                    statement_context(site, url.clone()),
                    "accessibility.html".to_string(),
                    root_of(&url),
                )
            }
            Job::AssuranceIndex => {
                let mut ctx = empty_page(
                    "Assurance".to_string(),
                    ASSURANCE_URL.to_string(),
                    "assurance",
                );
                ctx.breadcrumbs = home_crumb();
                ctx.assurance = Some(assurance::index_ctx(site));
                (
                    ASSURANCE_URL.to_string(),
                    ctx,
                    "assurance.html".to_string(),
                    root_of(ASSURANCE_URL),
                )
            }
            Job::Actions => {
                let mut ctx = empty_page(
                    "Action tracker".to_string(),
                    ACTIONS_URL.to_string(),
                    "actions",
                );
                ctx.breadcrumbs = home_crumb();
                ctx.breadcrumbs.push(Link {
                    title: "Assurance".to_string(),
                    url: ASSURANCE_URL.to_string(),
                });
                ctx.actions = assurance::tracker_actions(site);
                (
                    ACTIONS_URL.to_string(),
                    ctx,
                    "actions.html".to_string(),
                    root_of(ACTIONS_URL),
                )
            }
            Job::Review => {
                let mut ctx = empty_page(
                    "Pages by review date".to_string(),
                    REVIEW_URL.to_string(),
                    "review",
                );
                ctx.breadcrumbs = home_crumb();
                ctx.reviews = review_rows(site);
                (
                    REVIEW_URL.to_string(),
                    ctx,
                    "review.html".to_string(),
                    root_of(REVIEW_URL),
                )
            }
            Job::Grid(fid, period, n) => {
                let url = assurance::grid_page_url(site, *fid, period, *n);
                let grid = assurance::grid_page_ctx(site, *fid, period, *n);
                let mut ctx = empty_page(
                    format!("{}: returns for {period}, page {n}", grid.framework.title),
                    url.clone(),
                    "grid",
                );
                let f = &site.assurance.frameworks[*fid];
                ctx.breadcrumbs = home_crumb();
                for &s in site.ancestry(site.pages[f.page].section).iter().skip(1) {
                    let p = &site.pages[site.sections[s].page];
                    ctx.breadcrumbs.push(Link {
                        title: p.title.clone(),
                        url: p.url.clone(),
                    });
                }
                ctx.breadcrumbs.push(Link {
                    title: grid.framework.title.clone(),
                    url: grid.framework.url.clone(),
                });
                ctx.grid_page = Some(grid);
                (
                    url.clone(),
                    ctx,
                    "grid-page.html".to_string(),
                    root_of(&url),
                )
            }
            Job::Print(section, url) => {
                let ctx = print_context(site, *section, url, theme, cache, &reuse)?;
                (url.clone(), ctx, "print.html".to_string(), root_of(url))
            }
            Job::Search(entry) => {
                let mut ctx = empty_page("Search".to_string(), SEARCH_URL.to_string(), "search");
                ctx.breadcrumbs = home_crumb();
                ctx.search_index = Some(entry.clone());
                (
                    SEARCH_URL.to_string(),
                    ctx,
                    "search.html".to_string(),
                    root_of(SEARCH_URL),
                )
            }
            Job::NotFound => (
                "404".to_string(),
                not_found_context(),
                "404.html".to_string(),
                // Served for any missing path, so it links from the site's base.
                if site.selection.preview {
                    "/".to_string()
                } else {
                    site.config.base_path()
                },
            ),
        };
        let nav: Vec<NavItem> = nav_targets
            .iter()
            .map(|(title, target)| NavItem {
                title: title.clone(),
                url: target.clone(),
                current: if *target == url {
                    Some("page")
                } else if !target.is_empty() && url.starts_with(target.as_str()) {
                    Some("true")
                } else {
                    None
                },
            })
            .collect();
        let path = if url == "404" {
            "404.html".to_string()
        } else {
            file_of(&url)
        };
        // Everything the template sees, hashed: the same key, the same bytes.
        let key = known.or_else(|| {
            shared_key.map(|shared| {
                let mut f = Fingerprint::new();
                f.add(&shared).add(&template).add(&url).add(&root_prefix);
                match page_ctx.content_key {
                    // The content stands in by the key it was made from.
                    Some(k) => {
                        let content = std::mem::take(&mut page_ctx.content);
                        f.add(&page_ctx).add(&k);
                        page_ctx.content = content;
                    }
                    None => {
                        f.add(&page_ctx);
                    }
                }
                f.finish()
            })
        });
        if let (Some(cache), Some(key)) = (cache, key)
            && let Some((bytes, doc)) = cache.page(&path, key)
        {
            let kept = plan.keep(&path, bytes);
            return Ok((path, kept, doc, Some(key)));
        }
        let mut ctx = Context::new();
        ctx.insert("site", &site_ctx);
        ctx.insert("nav", &nav);
        ctx.insert("root", &root_prefix);
        ctx.insert("glossary_url", &glossary_url);
        ctx.insert("glossary_title", &glossary_name);
        ctx.insert("statement_url", &statement_url);
        ctx.insert("review_url", &review_url);
        ctx.insert("search_url", &search_url);
        ctx.insert("page", &page_ctx);
        let html = theme.render(&template, &ctx)?;
        // What the search index reads from the page.
        let doc = job.searched().then(|| {
            std::sync::Arc::new(crate::search::Document::new(
                page_ctx.url.clone(),
                page_ctx.title.clone(),
                page_ctx
                    .breadcrumbs
                    .iter()
                    .map(|l| l.title.clone())
                    .collect(),
                page_ctx.description.as_deref(),
                &html,
            ))
        });
        let html: Bytes = html.into_bytes().into();
        if let (Some(cache), Some(key)) = (cache, key) {
            cache.store_page(&path, key, &html, doc.as_ref());
        }
        let kept = plan.keep(&path, html);
        Ok((path, kept, doc, key))
    };
    let mut rendered: Vec<Result<Rendered, Diagnostic>> =
        jobs.par_iter().map(|job| render(job, None)).collect();

    // What search read from the pages, in order; the index is built while the print
    // pages render.
    let docs: Vec<std::sync::Arc<crate::search::Document>> = rendered
        .iter()
        .filter_map(|r| r.as_ref().ok()?.2.clone())
        .collect();
    let searched = search_url.is_some() && rendered.iter().all(Result::is_ok);
    // Print pages come second: each is keyed by the keys of the pages it holds, so an
    // unchanged course costs a lookup instead of the context of every page in it.
    let print_pages = || {
        let keys: std::collections::HashMap<&str, Key> = rendered
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .filter_map(|(path, _, _, key)| Some((path.as_str(), (*key)?)))
            .collect();
        let print_key = |s: crate::site::SectionId, url: &str| -> Option<Key> {
            let mut f = Fingerprint::new();
            f.add(&shared_key?).add("print.html").add(url);
            for id in std::iter::once(site.sections[s].page).chain(site.print_pages(s)) {
                let url = &site.pages[id].url;
                f.add(url).add(keys.get(file_of(url).as_str())?);
            }
            Some(f.finish())
        };
        prints
            .par_iter()
            .map(|(s, url)| render(&Job::Print(*s, url.clone()), print_key(*s, url)))
            .collect::<Vec<Result<Rendered, Diagnostic>>>()
    };
    let (printed, index) = rayon::join(print_pages, || {
        searched.then(|| crate::search::build(&docs))
    });
    rendered.extend(printed);

    // The search page, which loads the index of every page searched, and the index.
    if let Some(index) = index
        && rendered.iter().all(Result::is_ok)
    {
        rendered.push(render(&Job::Search(index.entry), None));
        rendered.par_extend(index.files.into_par_iter().map(|(path, bytes)| {
            let kept = plan.keep(&path, bytes.into());
            Ok((path, kept, None, None))
        }));
    }
    let mut failed = false;
    for r in rendered {
        match r {
            Ok((path, kept, _, _)) => plan.insert(path, kept),
            Err(d) => {
                failed = true;
                diags.push(d);
            }
        }
    }
    if failed {
        return None;
    }
    for (id, entry) in site.assurance.audits.iter().enumerate() {
        if let Some(json) =
            crate::assurance::export::audit_json(&site.assurance, id, site.selection.as_of)
        {
            let url = &site.pages[entry.page].url;
            let mut text = serde_json::to_string_pretty(&json).expect("audit JSON serialises");
            text.push('\n');
            plan.put(
                format!("{url}audit.csv"),
                crate::assurance::export::audit_csv(&json)
                    .into_bytes()
                    .into(),
            );
            plan.put(format!("{url}audit.json"), text.into_bytes().into());
        }
    }
    // Every page, for the sitemap: the home page, pages, and those made by safeguard,
    // but not search or the print pages, which only repeat other pages.
    let urls: Vec<String> = plan
        .paths()
        .filter_map(|k| k.strip_suffix("index.html"))
        .filter(|u| *u != SEARCH_URL && !prints.iter().any(|(_, p)| p == u))
        .map(str::to_string)
        .collect();
    let sitemap = site_files::sitemap(site, &urls);
    let has_sitemap = sitemap.is_some();
    if let Some(xml) = sitemap {
        plan.put(
            crate::site::SITEMAP_URL.to_string(),
            xml.into_bytes().into(),
        );
    }
    if let Some(xml) = site_files::papers_feed(site) {
        plan.put(crate::site::FEED_URL.to_string(), xml.into_bytes().into());
    }
    for (path, bytes) in theme.static_files() {
        plan.put(path.clone(), Bytes::clone(bytes));
    }
    for asset in &site.assets {
        let source = &site.sources[asset.source];
        // One register of addresses: a file of content/ never takes the place of a
        // file safeguard makes.
        if plan.contains(&asset.url) || asset.url == crate::site::MANIFEST_URL {
            diags.push(Diagnostic::error(
                &source.rel,
                format!(
                    "would be published at /{}, where safeguard makes {}: rename or move it",
                    asset.url,
                    made_at(&asset.url, theme)
                ),
            ));
            continue;
        }
        match std::fs::read(&source.abs) {
            Ok(bytes) => {
                plan.put(asset.url.clone(), bytes.into());
            }
            Err(e) => diags.push(Diagnostic::error(
                &source.rel,
                format!("cannot be read: {e}"),
            )),
        }
    }
    theme.add_site_static(root, &mut plan, diags);
    // A site's own `static/robots.txt` wins.
    if !plan.contains("robots.txt") {
        let robots = site_files::robots(site, has_sitemap);
        plan.put("robots.txt".to_string(), robots.into_bytes().into());
    }
    Some(plan)
}

/// What safeguard makes at `path`, in words for an error naming both files.
pub fn made_at(path: &str, theme: &Theme) -> String {
    if theme.static_files().iter().any(|(p, _)| p == path) {
        return format!("the theme's file {path}");
    }
    match path {
        "sitemap.xml" | "robots.txt" | "manifest.json" => format!("the site's {path}"),
        p if p == crate::site::FEED_URL => "the feed of committee papers".to_string(),
        p if p.ends_with("index.html") || p == "404.html" => {
            let url = p.strip_suffix("index.html").unwrap_or(p);
            format!("the page /{url}")
        }
        p if p.ends_with("audit.json") || p.ends_with("audit.csv") => {
            format!("an audit's download /{p}")
        }
        p if p.starts_with(SEARCH_URL) => "the search index".to_string(),
        p => format!("/{p}"),
    }
}

enum Job {
    Page(PageId),
    Glossary,
    /// The accessibility statement, from `site.yaml`.
    Statement,
    /// Every return by framework, organisation and period.
    AssuranceIndex,
    /// Every action not done, overdue first.
    Actions,
    /// Every page with a review date, the earliest first.
    Review,
    /// One page of a framework's grid for a period with many returns.
    Grid(crate::assurance::FrameworkId, String, usize),
    /// The search page, with the path of the index it loads.
    Search(String),
    /// Every page of a section with modules, in order, to print; and its URL.
    Print(crate::site::SectionId, String),
    NotFound,
}

impl Job {
    /// Whether the page is in the search index: not lists of other pages by date or
    /// by return, which would crowd out the pages themselves.
    fn searched(&self) -> bool {
        matches!(
            self,
            Job::Page(_) | Job::Glossary | Job::Statement | Job::AssuranceIndex | Job::Actions
        )
    }
}

/// A rendered page: its output path, the file as the plan keeps it, what search reads
/// from it, and its key in the render cache (when there is a cache).
type Rendered = (
    String,
    Kept,
    Option<std::sync::Arc<crate::search::Document>>,
    Option<Key>,
);

/// The main navigation: the top-level sections and pages, then the glossary.
fn nav_targets(site: &Site) -> Vec<(String, String)> {
    let home = &site.sections[0];
    let mut items: Vec<(String, String)> = vec![("Home".to_string(), String::new())];
    for &s in &home.subsections {
        let p = &site.pages[site.sections[s].page];
        items.push((p.title.clone(), p.url.clone()));
    }
    for &p in &home.pages {
        let p = &site.pages[p];
        items.push((p.title.clone(), p.url.clone()));
    }
    if !site.assurance.audits.is_empty() {
        items.push(("Assurance".to_string(), ASSURANCE_URL.to_string()));
    }
    if let Some(g) = &site.glossary {
        items.push((glossary_title(g), g.url.clone()));
    }
    items
}

/// Where a page's content is shown: on its own page, or as a part of another (the
/// whole-course print page), which needs its own ids and a level more on headings.
struct Placement<'a> {
    /// Where the showing page's relative links start from.
    root: String,
    anchor_prefix: &'a str,
    heading_shift: u8,
    /// Pages shown in the same document, by URL, with their anchor prefixes: links
    /// to them stay in the document.
    local: Option<&'a std::collections::HashMap<String, String>>,
    showing: highlight::Showing<'a>,
}

impl<'a> Placement<'a> {
    fn own(url: &str, showing: highlight::Showing<'a>) -> Self {
        Placement {
            root: root_of(url),
            anchor_prefix: "",
            heading_shift: 0,
            local: None,
            showing,
        }
    }
}

fn page_context(
    site: &Site,
    id: PageId,
    theme: &Theme,
    cache: Option<&RenderCache>,
    placement: &Placement,
) -> Result<PageCtx, Diagnostic> {
    let page = &site.pages[id];
    let embed_error: std::cell::RefCell<Option<Diagnostic>> = std::cell::RefCell::new(None);
    let mut content_key = None;
    let root = &placement.root;
    let prefix = placement.anchor_prefix;
    let front = page.front.as_deref();
    let content = match (site.source_of(page), front) {
        (Some(source), Some(_)) => {
            let body = &source.text[page.body_offset..];
            let from = source.content_rel.as_str();
            let link = |dest: &str| match site.resolve_link(from, dest) {
                Ok(ResolvedLink::Internal(url)) => {
                    let (path, fragment) = url.split_once('#').unwrap_or((&url, "title"));
                    match placement.local.and_then(|l| l.get(path)) {
                        Some(there) => format!("#{there}{fragment}"),
                        None => format!("{root}{url}"),
                    }
                }
                _ => dest.to_string(),
            };
            let glossary = site
                .glossary
                .as_ref()
                .map(|g| (g.entries.as_slice(), format!("{root}{}", g.url)));
            // An embedded summary renders with the theme; its first error is kept.
            let embeds = std::cell::Cell::new(0usize);
            let embed = |dest: &str| -> String {
                let Ok(aid) = site.embedded_audit(from, dest) else {
                    return String::new();
                };
                embeds.set(embeds.get() + 1);
                let summary_id = format!("{prefix}sg-summary-{}", embeds.get());
                let Some(a) = assurance::audit_ctx(site, aid, &summary_id) else {
                    return String::new();
                };
                let mut ctx = Context::new();
                ctx.insert("site", &SiteCtx::new(site));
                ctx.insert("root", &root);
                ctx.insert("a", &a);
                ctx.insert("summary_id", &summary_id);
                match theme.render("partials/audit-summary.html", &ctx) {
                    Ok(html) => html,
                    Err(d) => {
                        embed_error.borrow_mut().get_or_insert(d);
                        String::new()
                    }
                }
            };
            // The HTML of a body depends on its text, where the page is (for relative
            // links), where each link leads and the glossary; an embedded summary
            // depends on much more, so pages with one are always rendered.
            let key = cache
                .filter(|_| !page.outline.links.iter().any(|l| l.is_embed))
                .map(|_| {
                    let mut f = Fingerprint::new();
                    f.add(body)
                        .add(root)
                        .add(prefix)
                        .add(&placement.heading_shift);
                    for l in &page.outline.links {
                        f.add(&link(&l.dest));
                    }
                    f.add(&glossary).finish()
                });
            content_key = key;
            if let (Some(cache), Some(key)) = (cache, key)
                && let Some(html) = cache.content(key)
            {
                html
            } else {
                let env = markdown::MarkdownEnv {
                    link: &link,
                    glossary: glossary.clone(),
                    embed: &embed,
                    anchor_prefix: prefix,
                    heading_shift: placement.heading_shift,
                    showing: placement.showing,
                };
                let html: std::sync::Arc<str> = markdown::to_html(body, &page.outline, &env).into();
                if let (Some(cache), Some(key)) = (cache, key) {
                    cache.store_content(key, &html);
                }
                html
            }
        }
        _ => Default::default(),
    };
    if let Some(d) = embed_error.into_inner() {
        return Err(d);
    }

    let section = &site.sections[page.section];
    let is_index = site.section_of_index(id).is_some();
    let mut chain = site.ancestry(page.section);
    if is_index {
        chain.pop();
    }
    let breadcrumbs = if page.url.is_empty() {
        Vec::new()
    } else {
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
    };
    let (previous, next) = if is_index {
        (None, None)
    } else {
        let at = section.pages.iter().position(|&p| p == id);
        let link = |i: Option<usize>| {
            i.and_then(|i| section.pages.get(i)).map(|&p| Link {
                title: site.pages[p].title.clone(),
                url: site.pages[p].url.clone(),
            })
        };
        match at {
            Some(at) => (link(at.checked_sub(1)), link(Some(at + 1))),
            None => (None, None),
        }
    };
    let (pages, subsections) = if is_index {
        (
            section
                .pages
                .iter()
                .map(|&p| context::card(site, p))
                .collect(),
            section
                .subsections
                .iter()
                .map(|&s| context::card(site, site.sections[s].page))
                .collect(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(PageCtx {
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
        visibility: context::visibility_name(
            front
                .and_then(|f| f.visibility)
                .or(match page.kind {
                    PageKind::Audit(a) => site.assurance.audits[a].ret.visibility,
                    PageKind::Framework(f) => site.assurance.frameworks[f].fw.visibility,
                    _ => None,
                })
                .unwrap_or(site.config.default_visibility),
        ),
        extra: front.and_then(|f| f.extra.clone()),
        breadcrumbs,
        previous,
        next,
        module: (page.kind == PageKind::Module)
            .then(|| front.map(|f| context::module_ctx(f, prefix)))
            .flatten(),
        paper: (page.kind == PageKind::Paper)
            .then(|| front.and_then(context::paper_ctx))
            .flatten(),
        pages,
        subsections,
        terms: Vec::new(),
        statement: None,
        audit: match page.kind {
            PageKind::Audit(aid) => assurance::audit_ctx(site, aid, "sg-audit"),
            _ => None,
        },
        framework: match page.kind {
            PageKind::Framework(fid) => Some(assurance::framework_ctx(site, fid)),
            _ => None,
        },
        assurance: None,
        actions: Vec::new(),
        grid_page: None,
        reviews: Vec::new(),
        search_index: None,
        anchor_prefix: prefix.to_string(),
        // Set by the caller, which knows every print page.
        print_url: None,
        print: None,
        content_key,
    })
}

/// The whole-course print page: the section's own text, then each of its pages with
/// ids of its own (`m1-`, `m2-`, …) and headings a level down, under its title.
fn print_context(
    site: &Site,
    section: crate::site::SectionId,
    url: &str,
    theme: &Theme,
    cache: Option<&RenderCache>,
    reuse: &highlight::Reuse,
) -> Result<PageCtx, Diagnostic> {
    let index = site.sections[section].page;
    let ids = site.print_pages(section);
    let local: std::collections::HashMap<String, String> = ids
        .iter()
        .enumerate()
        .map(|(n, &id)| (site.pages[id].url.clone(), format!("m{}-", n + 1)))
        .collect();
    let placement = |prefix| Placement {
        root: root_of(url),
        anchor_prefix: prefix,
        heading_shift: 1,
        local: Some(&local),
        showing: highlight::Showing::Again(reuse),
    };
    let intro = page_context(site, index, theme, cache, &placement("m0-"))?;
    let pages = ids
        .iter()
        .map(|&id| {
            page_context(
                site,
                id,
                theme,
                cache,
                &placement(&local[&site.pages[id].url]),
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut ctx = empty_page(
        format!("{}: the whole course", intro.title),
        url.to_string(),
        "print",
    );
    ctx.description = intro.description.clone();
    ctx.breadcrumbs = intro.breadcrumbs.clone();
    ctx.breadcrumbs.push(Link {
        title: intro.title.clone(),
        url: intro.url.clone(),
    });
    ctx.visibility = intro.visibility;
    ctx.print = Some(context::PrintCtx {
        intro: intro.content,
        pages,
    });
    Ok(ctx)
}

fn glossary_title(g: &GlossaryPage) -> String {
    g.glossary
        .title
        .clone()
        .unwrap_or_else(|| "Glossary".to_string())
}

fn glossary_context(site: &Site) -> PageCtx {
    let g = site.glossary.as_ref().expect("called with a glossary");
    let mut ctx = empty_page(glossary_title(g), g.url.clone(), "glossary");
    ctx.description = g.glossary.description.clone();
    ctx.terms = g.entries.clone();
    ctx.breadcrumbs = vec![Link {
        title: "Home".to_string(),
        url: String::new(),
    }];
    ctx.visibility = context::visibility_name(
        g.glossary
            .visibility
            .unwrap_or(site.config.default_visibility),
    );
    ctx
}

use crate::site::{ACTIONS_URL, ASSURANCE_URL, REVIEW_URL, SEARCH_URL};

fn home_crumb() -> Vec<Link> {
    vec![Link {
        title: "Home".to_string(),
        url: String::new(),
    }]
}

fn statement_context(site: &Site, url: String) -> PageCtx {
    let settings = &site
        .config
        .accessibility
        .as_ref()
        .expect("called with settings")
        .value;
    let mut ctx = empty_page(
        format!("Accessibility statement for {}", site.config.title),
        url,
        "accessibility",
    );
    ctx.breadcrumbs = vec![Link {
        title: "Home".to_string(),
        url: String::new(),
    }];
    ctx.statement = Some(StatementCtx::new(settings));
    ctx
}

fn not_found_context() -> PageCtx {
    empty_page("Page not found".to_string(), String::new(), "404")
}

fn empty_page(title: String, url: String, kind: &'static str) -> PageCtx {
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
        module: None,
        paper: None,
        pages: Vec::new(),
        subsections: Vec::new(),
        terms: Vec::new(),
        statement: None,
        audit: None,
        framework: None,
        assurance: None,
        actions: Vec::new(),
        grid_page: None,
        reviews: Vec::new(),
        search_index: None,
        anchor_prefix: String::new(),
        print_url: None,
        print: None,
        content_key: None,
    }
}

/// Every page with a review date, the earliest first.
fn review_rows(site: &Site) -> Vec<context::ReviewCtx> {
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
            Some(context::ReviewCtx {
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

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_the_five_characters_as_it_always_has() {
        assert_eq!(
            super::escape_html(r#"<a title="Tom & Jerry's">"#),
            "&lt;a title=&quot;Tom &amp; Jerry&#39;s&quot;&gt;"
        );
    }
}
