//! Render: the theme's Tera templates over the model, pages in parallel, each file
//! handed to the output plan as soon as it is made (which keeps or stages it: see
//! `output`), so the site is never held in memory at once.

pub mod assurance;
mod batch;
mod blocks;
mod cache;
pub mod context;
pub mod figures;
pub mod highlight;
pub mod kind;
mod limits;
pub mod markdown;
pub mod numbering;
mod organisation_embed;
pub mod organisations;
pub mod page;
pub mod pdf;
mod print;
mod reads;
pub mod site_files;
pub use site_files::made_at;
pub mod theme;

use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use tera::Context;

use batch::Batch;
use cache::{Fingerprint, Key};
pub use cache::{RenderCache, Reuse};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{Bytes, Kept, Plan};
use crate::search::Document;
use crate::site::{PageId, SEARCH_URL, Site};
use context::{PageCtx, SiteCtx};
use kind::{Env, Kind, PageSpec};

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
struct NavItem<'a> {
    title: &'a str,
    url: &'a str,
    /// `page` on the item for this page, `true` on the item of the section it is in.
    current: Option<&'static str>,
}

/// What every page's template sees beside its own `page`, and its hash.
struct Common<'a> {
    site: SiteCtx<'a>,
    /// The main navigation: the top-level sections and pages, then each kind's entry.
    nav: Vec<(String, String)>,
    glossary_url: Option<String>,
    glossary_title: Option<String>,
    statement_url: Option<String>,
    review_url: Option<&'static str>,
    search_url: Option<&'static str>,
    /// A hash of all of the above and the theme, when there is a cache to key.
    key: Option<Key>,
    /// The context every page starts from (all of the above but the navigation),
    /// made once: its values are shared, not copied, by each page's.
    base: Context,
    /// The navigation as templates see it, by which items are current: a site has
    /// a few such patterns, against thousands of pages.
    navs: Mutex<FxHashMap<Vec<u8>, tera::Value>>,
}

impl<'a> Common<'a> {
    fn new(env: &Env<'a>) -> Self {
        let site = env.site;
        let home = &site.sections[0];
        let mut nav: Vec<(String, String)> = vec![("Home".to_string(), String::new())];
        let top = home
            .subsections
            .iter()
            .map(|&s| site.sections[s].page)
            .chain(home.pages.iter().copied());
        for p in top {
            nav.push((site.pages[p].title.clone(), site.pages[p].url.clone()));
        }
        let mut entries: Vec<(u8, String, String)> =
            env.kinds.iter().filter_map(|k| k.nav(site)).collect();
        entries.sort_by_key(|(rank, _, _)| *rank);
        nav.extend(entries.into_iter().map(|(_, title, url)| (title, url)));
        let mut shared = Common {
            site: SiteCtx::new(site),
            nav,
            glossary_url: site.glossary.as_ref().map(|g| g.url.clone()),
            glossary_title: site.glossary.as_ref().map(|g| g.title().to_string()),
            statement_url: site.config.statement_url(),
            review_url: site.has_review_page().then_some(crate::site::REVIEW_URL),
            search_url: env.theme.has_search().then_some(SEARCH_URL),
            key: None,
            base: Context::new(),
            navs: Mutex::default(),
        };
        shared.key = env.cache.map(|_| {
            Fingerprint::new()
                .add(&env.theme.fingerprint)
                .add(&shared.site)
                .add(&shared.nav)
                .add(&shared.glossary_url)
                .add(&shared.glossary_title)
                .add(&shared.statement_url)
                .add(&shared.review_url)
                .add(&shared.search_url)
                .finish()
        });
        let base = &mut shared.base;
        base.insert("site", &shared.site);
        base.insert("glossary_url", &shared.glossary_url);
        base.insert("glossary_title", &shared.glossary_title);
        base.insert("statement_url", &shared.statement_url);
        base.insert("review_url", &shared.review_url);
        base.insert("search_url", &shared.search_url);
        shared
    }

    /// The navigation for the page at `url`: which item is the page (`page`) and
    /// which the section it is in (`true`).
    fn nav_for(&self, url: &str) -> tera::Value {
        let current = |target: &str| {
            if target == url {
                Some("page")
            } else if !target.is_empty() && url.starts_with(target) {
                Some("true")
            } else {
                None
            }
        };
        let pattern: Vec<u8> = self
            .nav
            .iter()
            .map(|(_, target)| match current(target) {
                None => 0,
                Some("page") => 1,
                Some(_) => 2,
            })
            .collect();
        let lock = || self.navs.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(nav) = lock().get(&pattern) {
            return nav.clone();
        }
        let items: Vec<NavItem> = self
            .nav
            .iter()
            .map(|(title, target)| NavItem {
                title,
                url: target,
                current: current(target),
            })
            .collect();
        let nav = tera::Value::from_serializable(&items);
        lock().insert(pattern, nav.clone());
        nav
    }
}

/// A page to render: one of the model's, or one a kind makes.
enum Job<'a> {
    Model(PageId),
    Made(PageSpec<'a>),
}

/// A rendered page: its output path, the file as the plan keeps it, what search reads
/// from it, its key in the render cache (when there is a cache), and its PDF.
type Rendered = (
    String,
    Kept,
    Option<Arc<Document>>,
    Option<Key>,
    Option<pdf::Attached>,
);

/// A page rendered, or why it could not be.
type Made = Result<Rendered, Diagnostic>;

/// A course with a print page, and the print page's URL.
type Course = (crate::site::SectionId, String);

/// Where a page goes, for [`render_page`].
struct Placed<'a, 'b> {
    job: &'b Job<'a>,
    url: &'b str,
    path: String,
    template: String,
    root: String,
    searched: bool,
}

impl<'a> Job<'a> {
    fn target<'b>(&'b self, env: &Env<'a>) -> Placed<'a, 'b> {
        match self {
            Job::Model(id) => {
                let url = env.site.pages[*id].url.as_str();
                Placed {
                    job: self,
                    url,
                    path: file_of(url),
                    template: env.theme.template_for(env.site, *id),
                    root: root_of(url),
                    searched: true,
                }
            }
            Job::Made(spec) => {
                let (path, root) = spec
                    .placed
                    .clone()
                    .unwrap_or_else(|| (file_of(&spec.url), root_of(&spec.url)));
                Placed {
                    job: self,
                    url: &spec.url,
                    path,
                    template: spec.template.to_string(),
                    root,
                    searched: spec.searched,
                }
            }
        }
    }

    fn context(&self, env: &Env<'a>) -> Result<PageCtx, Diagnostic> {
        match self {
            Job::Model(id) => env.own_page(*id),
            Job::Made(spec) => (spec.make)(env),
        }
    }

    /// Whether the page may have a PDF, which is made from its context.
    fn asker(&self) -> Option<pdf::Asker<'_, 'a>> {
        match self {
            Job::Model(id) => Some(pdf::Asker::Model(*id)),
            Job::Made(spec) => spec.pdf.as_ref().map(pdf::Asker::Made),
        }
    }
}

/// Renders one page into `plan`, or takes it from the cache: `known` is its key when
/// that can be had without making its context (a print page's, from its pages' keys).
fn render_page<'a>(
    env: &Env<'a>,
    shared: &Common<'_>,
    plan: &Plan,
    t: &Placed<'a, '_>,
    known: Option<Key>,
) -> Result<Rendered, Diagnostic> {
    let cached = |key: Option<Key>, pdf: &mut Option<pdf::Attached>| {
        let (bytes, doc) = env.cache?.page(&t.path, key?)?;
        Some((
            t.path.clone(),
            plan.keep(&t.path, bytes),
            doc,
            key,
            pdf.take(),
        ))
    };
    let mut pdf = None;
    // A page with a PDF is never taken by a key known without its context: the PDF
    // is made from the context.
    if let Some(hit) = cached(known, &mut pdf) {
        return Ok(hit);
    }
    // What it reads of other pages' bodies, for `serve` to know when it stands.
    let (made, reads) = reads::recording(|| {
        let mut page = t.job.context(env)?;
        let pdf = match t.job.asker() {
            Some(asker) => pdf::attach(env, plan, asker, &mut page)?,
            None => None,
        };
        Ok::<_, Diagnostic>((page, pdf))
    });
    let (mut page, made_pdf) = made?;
    let pdf_at = made_pdf.as_ref().map(|(a, key)| (a.0.clone(), *key));
    pdf = made_pdf.map(|(attached, _)| attached);
    // Everything the template sees, hashed: the same key, the same bytes.
    let key = known.or_else(|| {
        let mut f = Fingerprint::new();
        f.add(&shared.key?).add(&t.template).add(t.url).add(&t.root);
        match page.content_key {
            // The content stands in by the key it was made from.
            Some(k) => {
                let content = std::mem::take(&mut page.content);
                f.add(&page).add(&k);
                page.content = content;
            }
            None => {
                f.add(&page);
            }
        }
        Some(f.finish())
    });
    if let Some(hit) = cached(key, &mut pdf) {
        if let Some(cache) = env.cache {
            cache.made_again(&t.path, reads, pdf_at);
        }
        return Ok(hit);
    }
    let mut ctx = shared.base.clone();
    ctx.insert_value("nav", shared.nav_for(t.url));
    ctx.insert("root", &t.root);
    ctx.insert("page", &page);
    let html = env.theme.render(&t.template, &ctx)?;
    // What the search index reads from the page.
    let doc = t.searched.then(|| {
        Arc::new(Document::new(
            page.url.clone(),
            page.title.clone(),
            page.breadcrumbs.iter().map(|l| l.title.clone()).collect(),
            page.description.as_deref(),
            &html,
        ))
    });
    let html: Bytes = html.into_bytes().into();
    if let (Some(cache), Some(key), Some(shared)) = (env.cache, key, shared.key) {
        cache.store_page(
            &t.path,
            cache::CachedPage {
                key,
                shared,
                pdf: pdf_at,
                reads: Some(reads),
                bytes: Bytes::clone(&html),
                doc: doc.clone(),
            },
        );
    }
    let kept = plan.keep(&t.path, html);
    Ok((t.path.clone(), kept, doc, key, pdf))
}

/// Renders every page of the model and every page and file each kind makes, the
/// print pages and the search index, and copies static files into `plan`, taking
/// what it can from `reuse` (`serve`). Returns `None` if any template failed
/// (reported in `diags`).
pub fn render_site(
    site: &Site,
    theme: &Theme,
    kinds: &[&dyn Kind],
    root: &std::path::Path,
    reuse: Option<Reuse>,
    mut plan: Plan,
    diags: &mut Diagnostics,
) -> Option<Plan> {
    let prints = print::courses(site, theme);
    let env = Env {
        site,
        theme,
        kinds,
        cache: reuse.as_ref().map(|r| r.cache),
        parsed: std::iter::repeat_with(Default::default)
            .take(site.pages.len())
            .collect(),
        print_urls: print::urls(site, &prints),
    };
    let shared = Common::new(&env);
    // A body read where nothing recorded it may have been missed by any page's
    // record: take nothing by what it read this time.
    let reuse = reuse.map(|mut r| {
        if reads::untracked_since_last(r.cache) {
            r.unchanged.clear();
        }
        r
    });
    let r = Batch {
        env: &env,
        shared: &shared,
        plan: &plan,
        taken: match (&reuse, shared.key) {
            (Some(r), Some(key)) => r.cache.last_pages(site, r, key),
            _ => Vec::new(),
        },
        reuse: reuse.as_ref().zip(shared.key),
    };
    let mut jobs: Vec<Job> = (0..site.pages.len()).map(Job::Model).collect();
    jobs.extend(
        kinds
            .iter()
            .flat_map(|k| k.pages(site, theme))
            .map(Job::Made),
    );
    let (mut rendered, printed) = r.all(&jobs, &prints);
    // What search read from the pages, in order.
    let docs: Vec<Arc<Document>> = rendered
        .iter()
        .filter_map(|r| r.as_ref().ok()?.2.clone())
        .collect();
    let searched = shared.search_url.is_some() && rendered.iter().all(Result::is_ok);
    rendered.extend(printed);
    if searched && rendered.iter().all(Result::is_ok) {
        // On a render thread: the allocator hands a thread back what it freed itself,
        // so the index reuses the memory rendering let go instead of adding its own.
        let (index, ()) = rayon::join(|| r.search(&docs), || ());
        rendered.extend(index);
    }
    let mut failed = false;
    let mut made = Vec::with_capacity(rendered.len());
    for r in rendered {
        match r {
            Ok((path, kept, _, _, pdf)) => {
                made.push((path, kept));
                if let Some((path, kept, warnings)) = pdf {
                    made.push((path, kept));
                    diags.extend(warnings);
                }
            }
            Err(d) => {
                failed = true;
                diags.push(d);
            }
        }
    }
    plan.insert_all(made);
    if failed {
        return None;
    }
    // Only what this build made may be taken by the next: a page a kind stopped
    // making (its template gone from the theme) and makes again later was made from
    // an older model than the last.
    if let Some(r) = &reuse {
        r.cache.keep_only(|path| plan.contains(path));
    }
    // A kind's files are made from the model without the pages' bodies: when only
    // bodies changed, they are as the last build made them.
    let files_stand = reuse.as_ref().is_some_and(|r| r.still(&[]));
    let cache = reuse.as_ref().map(|r| r.cache);
    for (n, kind) in kinds.iter().enumerate() {
        let files = match cache.filter(|_| files_stand).and_then(|c| c.last_files(n)) {
            Some(files) => files,
            None => {
                let files = kind.files(site);
                if let Some(cache) = cache {
                    cache.store_files(n, &files);
                }
                files
            }
        };
        for (path, bytes) in files {
            plan.put(path, bytes);
        }
    }
    site_files::add_site_files(site, theme, root, &prints, &mut plan, diags);
    crate::pdf::after_build();
    Some(plan)
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
