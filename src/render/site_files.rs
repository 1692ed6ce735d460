//! Files about the site rather than pages of it: `sitemap.xml`, `robots.txt`, the
//! theme's and the site's static files and the files of `content/`. Made from the model after the audience filter, so
//! they list only what this build publishes.

use jiff::civil::Date;

use super::Theme;
use super::escape_html as escape;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{Bytes, Plan};
use crate::site::{SEARCH_URL, SITEMAP_URL, Site};

/// Every page URL (site-relative, `` for the home page) with its date if it has one.
pub fn sitemap(site: &Site, urls: &[String]) -> Option<String> {
    let base = site.config.absolute_base()?;
    let dated: std::collections::HashMap<&str, Date> = site
        .pages
        .iter()
        .filter_map(|p| Some((p.url.as_str(), p.front.as_ref()?.date?)))
        .collect();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        out.push_str(&format!(
            "  <url><loc>{}</loc>",
            escape(&format!("{base}{url}"))
        ));
        if let Some(date) = dated.get(url.as_str()) {
            out.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    Some(out)
}

/// A public site welcomes crawlers and points them at the sitemap; an internal one
/// asks them to stay out, in case it is ever reachable from outside.
pub fn robots(site: &Site, has_sitemap: bool) -> String {
    match site.selection.audience {
        crate::site::Audience::Public => {
            let mut out = String::from("User-agent: *\nAllow: /\n");
            if has_sitemap && let Some(base) = site.config.absolute_base() {
                out.push_str(&format!("Sitemap: {base}{SITEMAP_URL}\n"));
            }
            out
        }
        crate::site::Audience::Internal => "User-agent: *\nDisallow: /\n".to_string(),
    }
}

/// The files about the site (sitemap, robots.txt), the theme's and the site's static
/// files, and the files of `content/` that are not pages.
pub(super) fn add_site_files(
    site: &Site,
    theme: &Theme,
    root: &std::path::Path,
    prints: &[(crate::site::SectionId, String)],
    plan: &mut Plan,
    diags: &mut Diagnostics,
) {
    // Every page, for the sitemap: the home page, pages, and those made by safeguard,
    // but not search or the print pages, which only repeat other pages.
    let urls: Vec<String> = plan
        .paths()
        .filter_map(|k| k.strip_suffix("index.html"))
        .filter(|u| *u != SEARCH_URL && !prints.iter().any(|(_, p)| p == u))
        .map(str::to_string)
        .collect();
    let sitemap = sitemap(site, &urls);
    let has_sitemap = sitemap.is_some();
    if let Some(xml) = sitemap {
        plan.put(
            crate::site::SITEMAP_URL.to_string(),
            xml.into_bytes().into(),
        );
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
            Ok(bytes) => plan.put(asset.url.clone(), bytes.into()),
            Err(e) => diags.push(Diagnostic::error(
                &source.rel,
                format!("cannot be read: {e}"),
            )),
        }
    }
    // A public build never publishes a dataset's CSV file, nor a copy of it in static/.
    let published: std::collections::HashSet<usize> =
        site.assets.iter().map(|a| a.source).collect();
    let tables: Vec<(&str, &[u8])> = if site.selection.audience == crate::site::Audience::Public {
        site.sources
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                s.kind == crate::content::SourceKind::Table
                    && !published.contains(i)
                    && !s.text.is_empty()
            })
            .map(|(_, s)| (s.rel.as_str(), s.text.as_bytes()))
            .collect()
    } else {
        Vec::new()
    };
    theme.add_site_static(root, plan, &tables, diags);
    // A site's own `static/robots.txt` wins.
    if !plan.contains("robots.txt") {
        let robots = robots(site, has_sitemap);
        plan.put("robots.txt".to_string(), robots.into_bytes().into());
    }
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
