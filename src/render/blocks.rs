//! The HTML of `actions`, `trend` and `organisation` blocks, rendered with the
//! theme from the contexts the tracker, framework and organisation pages are made
//! from.

use tera::Context;

use super::context::SiteCtx;
use super::kind::Env;
use crate::diagnostics::Diagnostic;
use crate::site::BlockEmbed;

impl Env<'_> {
    /// The HTML of one block; `n` numbers it among the page's figures, `prefix` is
    /// the page's anchor prefix, so its ids are unique where it is shown.
    pub(super) fn block_embed(
        &self,
        e: &BlockEmbed,
        root: &str,
        prefix: &str,
        n: usize,
    ) -> Result<String, Diagnostic> {
        let site = self.site;
        let mut ctx = Context::new();
        ctx.insert("site", &SiteCtx::new(site));
        ctx.insert("root", &root);
        let (name, template) = match e {
            BlockEmbed::Actions(a) => {
                let f = super::assurance::actions_embed(site, a);
                ctx.insert("caption", &f.caption);
                ctx.insert("f", &f);
                ("actions", "partials/actions-embed.html")
            }
            BlockEmbed::Trend(t) => {
                let id = format!("{prefix}sg-trend-{n}");
                let f = super::assurance::trend_embed(site, t, &id);
                ctx.insert("caption", &f.caption);
                ctx.insert("chart_caption", &f.chart_caption);
                ctx.insert("f", &f);
                ("trend", "partials/trend-embed.html")
            }
            BlockEmbed::Organisation(p) => {
                let Some(f) = super::organisation_embed::profile_embed(site, p) else {
                    return Ok(String::new());
                };
                ctx.insert("caption", &f.caption);
                ctx.insert("f", &f);
                ("profile", "partials/organisation-embed.html")
            }
        };
        ctx.insert("embed_id", &format!("{prefix}sg-{name}-{n}"));
        self.theme.render(template, &ctx)
    }
}
