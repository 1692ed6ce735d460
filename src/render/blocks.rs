//! The HTML of `actions`, `trend` and `organisation` blocks, rendered with the
//! theme from the contexts the tracker, framework and organisation pages are made
//! from.

use super::kind::Env;
use super::numbering::Numbering;
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
        numbering: Option<&Numbering>,
    ) -> Result<String, Diagnostic> {
        let site = self.site;
        let mut ctx = self.embed_context(root);
        let name = match e {
            BlockEmbed::Actions(_) => "actions",
            BlockEmbed::Trend(_) => "trend",
            BlockEmbed::Organisation(_) => "profile",
        };
        let embed_id = format!("{prefix}sg-{name}-{n}");
        let table = |caption: &str| Some((caption.to_string(), format!("{embed_id}-caption")));
        let (template, number) = match e {
            BlockEmbed::Actions(a) => {
                let f = super::assurance::actions_embed(site, a);
                ctx.insert("caption", &f.caption);
                // An empty list is a sentence, not a table to number.
                let shown = (!f.actions.is_empty()).then_some(f.caption.as_str());
                let number = Numbering::block(numbering, None, shown.and_then(table));
                ctx.insert("f", &f);
                ("partials/actions-embed.html", number)
            }
            BlockEmbed::Trend(t) => {
                let id = format!("{prefix}sg-trend-{n}");
                let f = super::assurance::trend_embed(site, t, &id);
                ctx.insert("caption", &f.caption);
                ctx.insert("chart_caption", &f.chart_caption);
                let figure = f
                    .chart
                    .as_ref()
                    .map(|_| (f.chart_caption.clone(), format!("{embed_id}-figure")));
                let number = Numbering::block(numbering, figure, table(&f.caption));
                ctx.insert("f", &f);
                ("partials/trend-embed.html", number)
            }
            BlockEmbed::Organisation(p) => {
                let Some(f) = super::organisation_embed::profile_embed(site, p) else {
                    return Ok(String::new());
                };
                ctx.insert("caption", &f.caption);
                let number = Numbering::block(numbering, None, table(&f.caption));
                ctx.insert("f", &f);
                ("partials/organisation-embed.html", number)
            }
        };
        ctx.insert("number", &number);
        ctx.insert("embed_id", &embed_id);
        self.theme.render(template, &ctx)
    }
}
