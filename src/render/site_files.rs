//! Files about the site rather than pages of it: `sitemap.xml`, `robots.txt` and the
//! Atom feed of committee papers. Made from the model after the audience filter, so
//! they list only what this build publishes.

use jiff::civil::Date;

use super::escape_html as escape;
use crate::site::{FEED_URL as FEED, PageKind, SITEMAP_URL, Site};

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

/// The Atom feed of committee papers, newest meeting first.
pub fn papers_feed(site: &Site) -> Option<String> {
    if !site.has_feed() {
        return None;
    }
    let base = site.config.absolute_base()?;
    let mut papers: Vec<(Date, &str, &str, String)> = site
        .pages
        .iter()
        .filter(|p| p.kind == PageKind::Paper)
        .filter_map(|p| {
            let front = p.front.as_ref()?;
            let paper = front.paper.as_ref()?;
            let summary = front
                .description
                .clone()
                .unwrap_or_else(|| paper.value.purpose.clone());
            Some((
                front.date.unwrap_or(paper.value.meeting_date),
                p.url.as_str(),
                p.title.as_str(),
                summary,
            ))
        })
        .collect();
    // Newest first; the URL settles ties so the order never depends on the walk.
    papers.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let updated = papers.first()?.0;
    let author = site
        .config
        .organisation
        .as_deref()
        .unwrap_or(&site.config.title);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}: committee papers</title>\n  <id>{}</id>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <updated>{updated}T00:00:00Z</updated>\n  <author><name>{}</name></author>\n  <generator>safeguard</generator>\n",
        escape(&site.config.language),
        escape(&site.config.title),
        escape(&format!("{base}{FEED}")),
        escape(&format!("{base}{FEED}")),
        escape(&base),
        escape(author),
    );
    for (date, url, title, summary) in papers {
        let href = escape(&format!("{base}{url}"));
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{href}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{href}\"/>\n    <updated>{date}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape(title),
            escape(&summary),
        ));
    }
    out.push_str("</feed>\n");
    Some(out)
}
