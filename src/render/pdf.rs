//! A page's PDF: described by its kind (or its page spec), typeset, kept in the plan
//! beside the page with the text the public gate reads, and linked from the page.

use std::hash::{DefaultHasher, Hash, Hasher};

use super::context::{PageCtx, PdfLink};
use super::kind::Env;
use crate::diagnostics::Diagnostic;
use crate::output::{Kept, Plan};
use crate::pdf::Doc;
use crate::pdf::{Block, Mark};
use crate::site::{PageId, Site};

/// What asks for a page's PDF.
pub enum Asker<'r, 'a> {
    /// A page of the model: its kind, if it makes one.
    Model(PageId),
    /// A page a kind or the renderer makes, with its own description.
    Made(&'r super::kind::MakePdf<'a>),
}

/// The file name of the PDF of the page at `url`: its last segment (a print page's
/// is its course's), so a saved copy says what it is.
pub fn file_name(url: &str) -> String {
    let mut segments = url.trim_end_matches('/').rsplit('/');
    let mut name = segments.next().unwrap_or_default();
    if name == crate::site::PRINT_SEGMENT.trim_end_matches('/') {
        name = segments.next().unwrap_or(name);
    }
    if name.is_empty() {
        name = "document";
    }
    format!("{name}.pdf")
}

/// A page's PDF: its output path, the file as the plan keeps it, and the warnings
/// about it (a character it cannot show, a picture it left out).
pub type Attached = (String, Kept, Vec<Diagnostic>);

/// Makes the PDF of `page`, when it has one: keeps it in `plan` (output path and
/// file) and sets `page.pdf`; returns it with the hash of its document. A PDF that
/// cannot be made is an error at the page's source.
pub fn attach<'a>(
    env: &Env<'a>,
    plan: &Plan,
    asker: Asker<'_, 'a>,
    page: &mut PageCtx,
) -> Result<Option<(Attached, u64)>, Diagnostic> {
    if !crate::pdf::ENABLED {
        return Ok(None);
    }
    let doc = match asker {
        Asker::Model(id) => env.kinds.iter().find_map(|k| k.pdf(env, id, page)),
        Asker::Made(make) => make(env, page),
    };
    let Some(doc) = doc else { return Ok(None) };
    let name = file_name(&page.url);
    let path = format!("{}{name}", page.url);
    let mut h = DefaultHasher::new();
    doc.hash(&mut h);
    let key = h.finish();
    // A cached PDF stands only while every picture it asked for resolves to what it
    // did (a file with the same bytes, or still nothing).
    let cached = env
        .cache
        .and_then(|c| c.pdf(&path, key))
        .filter(|(_, asked)| pictures_stand(env, &page.url, asked));
    let made = match cached {
        Some((made, _)) => made,
        None => {
            let read = std::sync::Mutex::new(Vec::new());
            let images = |src: &str| {
                let found = picture(env, &page.url, src);
                let mut read = read.lock().unwrap_or_else(|p| p.into_inner());
                read.push((src.to_string(), found.as_ref().map(|(_, b)| hash(b))));
                found.map(|(_, bytes)| bytes)
            };
            let pdf = doc
                .typeset(&images)
                .map_err(|why| cannot(env, &page.url, &why))?;
            let made = std::sync::Arc::new(pdf);
            if let Some(cache) = env.cache {
                cache.store_pdf(
                    &path,
                    key,
                    &made,
                    read.into_inner().unwrap_or_else(|p| p.into_inner()),
                );
            }
            made
        }
    };
    page.pdf = Some(PdfLink {
        url: name,
        size: size(made.bytes.len()),
        pages: made.pages,
    });
    Ok(Some((keep(env, plan, &page.url, path, &made), key)))
}

/// Keeps a PDF made for the page at `url` in `plan` at `path`, with its warnings.
pub fn keep(
    env: &Env<'_>,
    plan: &Plan,
    url: &str,
    path: String,
    made: &crate::pdf::Pdf,
) -> Attached {
    let kept = plan.keep_read(
        &path,
        crate::output::Bytes::clone(&made.bytes),
        Some(&made.text),
    );
    let warnings = made.warnings.iter().map(|w| warning(env, url, w)).collect();
    (path, kept, warnings)
}

/// Whether every picture a PDF of the page at `url` asked for resolves to what it
/// did (a file with the same bytes, or still nothing).
pub fn pictures_stand(env: &Env<'_>, url: &str, asked: &super::cache::Pictures) -> bool {
    asked
        .iter()
        .all(|(src, digest)| picture(env, url, src).map(|(_, bytes)| hash(&bytes)) == *digest)
}

/// A file size as a download link gives it: `34 KB`, `1.2 MB`.
fn size(bytes: usize) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

/// The bytes of a picture a body shows, `src` written relative to the page at
/// `url`: a file of the site's `content/` published in this build, or nothing.
fn picture(env: &Env<'_>, url: &str, src: &str) -> Option<(std::path::PathBuf, Vec<u8>)> {
    if src.contains(':') || src.starts_with('/') {
        return None;
    }
    let path = src.split(['?', '#']).next()?;
    let joined = crate::site::join_path(url, path)?;
    let target = crate::content::slug::percent_decode(&joined);
    let asset = env.site.assets.iter().find(|a| a.url == target)?;
    let file = env.site.sources[asset.source].abs.clone();
    let bytes = std::fs::read(&file).ok()?;
    Some((file, bytes))
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// The source of the page at `url`, if it has one.
fn source_of<'s>(env: &Env<'s>, url: &str) -> Option<&'s crate::content::Source> {
    let page = env.site.pages.iter().find(|p| p.url == url)?;
    Some(&env.site.sources[page.source?])
}

/// A warning about a page's PDF, at the first place its source writes what it is
/// about (else at the page).
fn warning(env: &Env<'_>, url: &str, w: &crate::pdf::Warning) -> Diagnostic {
    let source = source_of(env, url);
    let rel = source
        .map(|s| s.rel.clone())
        .unwrap_or_else(|| format!("output path {url}"));
    let d = Diagnostic::warning(rel, &w.message);
    let at = source
        .zip(w.find.as_deref())
        .and_then(|(s, find)| Some((s, s.text.find(find)?)));
    match at {
        Some((s, offset)) => d.at_offset(&s.text, offset),
        None => d,
    }
}

/// The error for a PDF that could not be made, at the page's source.
fn cannot(env: &Env<'_>, url: &str, why: &str) -> Diagnostic {
    let rel = source_of(env, url)
        .map(|s| s.rel.clone())
        .unwrap_or_else(|| format!("output path {url}"));
    Diagnostic::error(
        rel,
        format!(
            "the PDF of this page could not be made: {why}. If this names a picture, check that the picture opens; otherwise it is a fault in safeguard: please report it"
        ),
    )
}

/// A document of the site: its language, its author (the organisation), and the
/// address its relative links are made absolute against, where the site has a full
/// `base_url`.
pub fn doc(
    site: &Site,
    url: &str,
    title: &str,
    header: Mark,
    date: Option<jiff::civil::Date>,
    blocks: Vec<Block>,
) -> Doc {
    let (lang, region) = Doc::language(&site.config.language);
    Doc {
        title: title.to_string(),
        lang,
        region,
        author: Some(
            site.config
                .organisation
                .clone()
                .unwrap_or_else(|| site.config.title.clone()),
        ),
        date: date.map(|d| (d.year(), d.month(), d.day())),
        header,
        path: url.to_string(),
        base: site.config.absolute_base().map(|b| format!("{b}{url}")),
        blocks,
    }
}

/// A running header: what the document is, and whose.
pub fn header(site: &Site, what: &str) -> Mark {
    let whose = site
        .config
        .organisation
        .as_deref()
        .unwrap_or(&site.config.title);
    Mark {
        text: format!("{what} · {whose}"),
        draft: None,
    }
}
