//! Files about the site rather than pages of it: `sitemap.xml`, `robots.txt`. Made from the model after the audience filter, so
//! they list only what this build publishes.

use jiff::civil::Date;

use super::escape_html as escape;
use crate::site::{SITEMAP_URL, Site};

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
