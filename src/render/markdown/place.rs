//! Stage 2, once per showing of a page body: its holes filled for where it is shown
//! (its own page, or a part of the whole-course print page).

use std::fmt::Write;

use pulldown_cmark_escape::escape_href;

use super::{Hole, Parsed};
use crate::content::markdown::Outline;
use crate::render::escape_html;
use crate::site::GlossaryEntry;

/// What the HTML of one showing of a page depends on beyond its parsed body.
pub struct MarkdownEnv<'a> {
    /// The href to write for a link destination as the author wrote it.
    pub link: &'a dyn Fn(&str) -> String,
    /// The glossary the body was parsed with, and the glossary page's href from this
    /// page.
    pub glossary: Option<(&'a [GlossaryEntry], String)>,
    /// The HTML of an embedding block (`audit-summary`, `indicators`, `training`),
    /// given its number in the order of the text (from 0) and its text.
    pub embed: &'a dyn Fn(usize, &str) -> String,
    /// Put before every id and same-page link, so that several pages can share one
    /// document (the whole-course print page); empty on a page of its own.
    pub anchor_prefix: &'a str,
    /// Levels to add to every heading: 1 when the page's title is an `<h2>`.
    pub heading_shift: u8,
    /// The label ("Table 4") of a table with this caption and anchor, on a page that
    /// numbers its tables; called in the order the tables are shown.
    pub number_table: &'a dyn Fn(&str, &str) -> Option<String>,
}

/// The HTML of `parsed` in one showing. `outline` must be the outline of the same
/// body: it has the heading ids and texts.
pub fn to_html(parsed: &Parsed, outline: &Outline, env: &MarkdownEnv<'_>) -> String {
    let mut p = Place {
        env,
        outline,
        parsed,
        ends_line: true,
        out: String::with_capacity(parsed.html.len() + parsed.holes.len() * 64),
    };
    let mut at = 0;
    for (range, hole) in &parsed.holes {
        p.out.push_str(&parsed.html[at..range.start]);
        p.fill(hole);
        at = range.end;
    }
    p.out.push_str(&parsed.html[at..]);
    p.out
}

struct Place<'e> {
    env: &'e MarkdownEnv<'e>,
    outline: &'e Outline,
    parsed: &'e Parsed,
    /// Whether the HTML so far ends a line, as of the last summary.
    ends_line: bool,
    out: String,
}

impl Place<'_> {
    fn fill(&mut self, hole: &Hole) {
        let prefix = self.env.anchor_prefix;
        // Writing to a `String` cannot fail.
        let _ = match hole {
            Hole::HeadingStart {
                index,
                level,
                class,
            } => {
                let (id, h) = (self.heading_id(*index), self.level(*level));
                write!(self.out, "<h{h} id=\"{}\"{class}>", escape_html(&id))
            }
            Hole::HeadingEnd { index, level } => self.heading_end(*index, *level),
            Hole::Href { dest, image } => {
                let href = match dest.strip_prefix('#') {
                    Some(fragment) if !image => format!("#{prefix}{fragment}"),
                    _ => (self.env.link)(dest),
                };
                escape_href(&mut self.out, &href)
            }
            Hole::Term(i) => self.term(*i),
            Hole::FootnoteRef { slug, n, first } => {
                let back_id = match first {
                    true => format!(" id=\"{prefix}fnref-{slug}\""),
                    false => String::new(),
                };
                write!(
                    self.out,
                    "<sup class=\"footnote-ref\"><a href=\"#{prefix}fn-{slug}\"{back_id}><span class=\"visually-hidden\">Footnote </span>{n}</a></sup>"
                )
            }
            Hole::Embed {
                index,
                after_line,
                breaks_next,
            } => {
                self.embed(*index, *after_line, *breaks_next);
                Ok(())
            }
            Hole::TableWrap(n) => match self.parsed.tables.get(*n) {
                Some(Some(_)) => write!(
                    self.out,
                    "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-labelledby=\"{prefix}sg-table-{}\">",
                    n + 1
                ),
                _ => self.out.write_str(
                    "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">",
                ),
            },
            Hole::TableCaption(n) => match self.parsed.tables.get(*n) {
                Some(Some(caption)) => {
                    let id = format!("{prefix}sg-table-{}", n + 1);
                    let label = (self.env.number_table)(caption, &id).map_or(String::new(), |l| {
                        format!("<span class=\"caption-number\">{l}:</span> ")
                    });
                    write!(
                        self.out,
                        "<caption id=\"{id}\">{label}{}</caption>",
                        escape_html(caption)
                    )
                }
                _ => Ok(()),
            },
            Hole::Notes => {
                let h = self.level(2);
                writeln!(
                    self.out,
                    "<section class=\"footnotes\" aria-labelledby=\"{prefix}footnotes-heading\">\n<h{h} id=\"{prefix}footnotes-heading\">Notes</h{h}>"
                )
            }
            Hole::Note { slug } => write!(self.out, "<li id=\"{prefix}fn-{slug}\">"),
            Hole::NoteBack { slug, n } => write!(
                self.out,
                "<a class=\"footnote-back\" href=\"#{prefix}fnref-{slug}\"><span aria-hidden=\"true\">↩</span><span class=\"visually-hidden\">Back to reference {n}</span></a>"
            ),
        };
    }

    fn level(&self, level: u8) -> u8 {
        (level + self.env.heading_shift).min(6)
    }

    fn heading_id(&self, index: usize) -> String {
        let id = self
            .outline
            .headings
            .get(index)
            .map_or_else(|| format!("section-{index}"), |h| h.id.clone());
        format!("{}{id}", self.env.anchor_prefix)
    }

    fn heading_end(&mut self, index: usize, level: u8) -> std::fmt::Result {
        let (id, h) = (self.heading_id(index), self.level(level));
        let text = self
            .outline
            .headings
            .get(index)
            .map_or("", |h| h.text.as_str());
        writeln!(
            self.out,
            "<a class=\"heading-anchor\" href=\"#{id}\" data-search-ignore><span class=\"visually-hidden\">Link to the section “{}”</span><span aria-hidden=\"true\">#</span></a></h{h}>",
            escape_html(text),
            id = escape_html(&id),
        )
    }

    /// A glossary term, linked to its entry on the glossary page.
    fn term(&mut self, i: usize) -> std::fmt::Result {
        let Some((entries, href)) = &self.env.glossary else {
            return Ok(());
        };
        let Some(e) = entries.get(i) else {
            return Ok(());
        };
        write!(
            self.out,
            "<a class=\"term\" href=\"{href}#{id}\"><abbr title=\"{def}\">{term}</abbr><span class=\"visually-hidden\"> ({def})</span></a>",
            id = escape_html(&e.id),
            def = escape_html(&e.definition),
            term = escape_html(&e.term),
        )
    }

    /// A summary, and the new line the block after it starts with if it ends none.
    fn embed(&mut self, index: usize, after_line: Option<bool>, breaks_next: bool) {
        // Made as it is placed, so its figures and tables are numbered in the order
        // they are shown, with the page's own tables.
        let html = self
            .parsed
            .embeds
            .get(index)
            .map_or(String::new(), |text| (self.env.embed)(index, text));
        let html = html.as_str();
        let before = after_line.unwrap_or(self.ends_line);
        self.ends_line = if html.is_empty() {
            before
        } else {
            html.ends_with('\n')
        };
        self.out.push_str(html);
        if breaks_next && !self.ends_line {
            self.out.push('\n');
        }
    }
}
