//! Stage 1, once per page body per build: the Markdown read and written as HTML,
//! all but what depends on where it is shown, which is left as [`Hole`]s. Code is
//! highlighted, callouts, table wrappers and task boxes are written, footnotes are
//! numbered and put at the end, and the first use of each glossary term is found.
//!
//! pulldown-cmark's writer writes each hole as a stand-in that leaves it as the real
//! content would (HTML that ends no line for a heading's start, a line's end for its
//! end, the link itself for a link), so the HTML around every hole is the HTML it
//! would have written around the real content. Placing cuts the stand-ins out.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd, html,
};
use pulldown_cmark_escape::escape_href;

use super::{Hole, Parsed, footnote_slug};
use crate::content::markdown::{EmbedKind, options};
use crate::render::{escape_html, highlight};
use crate::site::GlossaryEntry;

/// The stand-in for a hole whose HTML ends no line.
const INLINE: &str = "<>";

/// Parses `body`, finding the first use of each of `terms` (the site's glossary).
pub fn parse(body: &str, terms: &[GlossaryEntry]) -> Parsed {
    let mut p = Parse {
        terms,
        used: vec![false; terms.len()],
        in_heading: false,
        link_depth: 0,
        image_depth: 0,
        code: None,
        heading: 0,
        level: 0,
        body: Vec::new(),
        capture: None,
        notes: Vec::new(),
        numbers: HashMap::new(),
        embeds: Vec::new(),
        tables: Vec::new(),
        after_table: None,
    };
    for event in Parser::new_ext(body, options()) {
        p.caption_or(event);
    }
    if let Some(After::Paragraph(_, held)) = p.after_table.take() {
        p.not_a_caption(held);
    }
    let mut w = Writer {
        html: String::with_capacity(body.len() * 3 / 2),
        holes: Vec::new(),
    };
    w.run(p.body);
    if !p.notes.is_empty() {
        w.notes(p.notes, &p.numbers);
    }
    // Bodies shown again are kept until their print page: no slack.
    w.html.shrink_to_fit();
    w.holes.shrink_to_fit();
    Parsed {
        html: w.html,
        holes: w.holes,
        embeds: p.embeds,
        tables: p.tables,
    }
}

/// What follows a table, while it may yet be its caption.
enum After<'a> {
    /// The table just ended.
    Table(usize),
    /// A paragraph after it, held until it is known whether it is the caption.
    Paragraph(usize, Vec<Event<'a>>),
}

struct Parse<'a, 't> {
    terms: &'t [GlossaryEntry],
    /// Which terms have been found.
    used: Vec<bool>,
    /// Where terms are not marked: in a heading, a link or a picture.
    in_heading: bool,
    link_depth: usize,
    image_depth: usize,
    /// A code block being collected: (language, text).
    code: Option<(CowStr<'a>, String)>,
    /// The index in the outline of the next heading, and the level of the one we
    /// are in.
    heading: usize,
    level: u8,
    body: Vec<Step<'a>>,
    /// A footnote being read: (label, steps).
    capture: Option<(String, Vec<Step<'a>>)>,
    notes: Vec<(String, Vec<Step<'a>>)>,
    /// Each footnote's number, in the order they are first referred to.
    numbers: HashMap<String, usize>,
    embeds: Vec<String>,
    /// Each table's caption, where a paragraph `Table: …` follows it.
    tables: Vec<Option<String>>,
    after_table: Option<After<'a>>,
}

/// An event for the writer, perhaps a stand-in for a hole.
struct Step<'a> {
    event: Event<'a>,
    hole: Option<Hole>,
    /// Where the hole is in the event's HTML, when not all of it: (offset, length).
    within: Option<(usize, usize)>,
}

impl<'a> Parse<'a, '_> {
    fn push(&mut self, event: Event<'a>, hole: Option<Hole>, within: Option<(usize, usize)>) {
        let steps = match &mut self.capture {
            Some((_, steps)) => steps,
            None => &mut self.body,
        };
        // What follows a summary may start a new line: whether it needs one is known
        // only when the summary is made.
        if let Some(Step {
            hole: Some(Hole::Embed { breaks_next, .. }),
            ..
        }) = steps.last_mut()
        {
            *breaks_next = hole.is_none() && breaks_line(&event);
        }
        steps.push(Step {
            event,
            hole,
            within,
        });
    }

    fn keep(&mut self, event: Event<'a>) {
        self.push(event, None, None);
    }

    fn html(&mut self, html: impl Into<CowStr<'a>>) {
        self.keep(Event::Html(html.into()));
    }

    fn hole(&mut self, stand_in: &'static str, hole: Hole) {
        self.push(Event::Html(CowStr::Borrowed(stand_in)), Some(hole), None);
    }

    /// A table's caption is the paragraph right after it that starts `Table:` (or
    /// `:`), as Pandoc and Quarto write it: that paragraph is held until it is
    /// known whether it is one.
    fn caption_or(&mut self, event: Event<'a>) {
        match (self.after_table.take(), event) {
            (Some(After::Table(n)), Event::Start(Tag::Paragraph)) => {
                self.after_table = Some(After::Paragraph(n, Vec::new()));
            }
            (Some(After::Paragraph(n, held)), Event::End(TagEnd::Paragraph)) => {
                match caption_text(&held) {
                    Some(text) => self.tables[n] = Some(text),
                    None => {
                        self.not_a_caption(held);
                        self.event(Event::End(TagEnd::Paragraph));
                    }
                }
            }
            (Some(After::Paragraph(n, mut held)), event) => {
                held.push(event);
                self.after_table = Some(After::Paragraph(n, held));
            }
            (_, event) => self.event(event),
        }
    }

    /// A paragraph held after a table that is not its caption, given back.
    fn not_a_caption(&mut self, held: Vec<Event<'a>>) {
        self.event(Event::Start(Tag::Paragraph));
        for e in held {
            self.event(e);
        }
    }

    fn event(&mut self, event: Event<'a>) {
        match event {
            Event::Start(Tag::Heading { level, classes, .. }) => {
                self.heading_start(level as u8, &classes)
            }
            Event::End(TagEnd::Heading(_)) => self.heading_end(),
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.href(event),
            Event::End(TagEnd::Link | TagEnd::Image) => self.href_end(event),
            Event::Start(Tag::BlockQuote(Some(kind))) => self.html(callout(kind)),
            Event::End(TagEnd::BlockQuote(Some(_))) => self.html("</div>\n"),
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(lang) => lang,
                    CodeBlockKind::Indented => CowStr::Borrowed(""),
                };
                self.code = Some((lang, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => self.code_block(),
            Event::Start(Tag::Table(_)) => {
                // The wrapper scrolls a wide table on a narrow screen; it is focusable
                // and named (by its caption, where it has one) so keyboard and screen
                // reader users can reach it.
                let n = self.tables.len();
                self.tables.push(None);
                self.hole(INLINE, Hole::TableWrap(n));
                self.keep(event);
                self.hole(INLINE, Hole::TableCaption(n));
            }
            Event::End(TagEnd::Table) => {
                self.keep(event);
                self.html("</div>\n");
                self.after_table = Some(After::Table(self.tables.len() - 1));
            }
            Event::TaskListMarker(done) => self.html(match done {
                true => "<span class=\"task task-done\" role=\"img\" aria-label=\"Done\">☑</span> ",
                false => "<span class=\"task\" role=\"img\" aria-label=\"Not done\">☐</span> ",
            }),
            Event::FootnoteReference(label) => self.footnote_reference(&label),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.capture = Some((label.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some(done) = self.capture.take() {
                    self.notes.push(done);
                }
            }
            Event::Text(text) => self.text(text),
            other => self.keep(other),
        }
    }

    fn heading_start(&mut self, level: u8, classes: &[CowStr<'_>]) {
        self.in_heading = true;
        self.level = level;
        let class = if classes.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
            format!(" class=\"{}\"", escape_html(&names.join(" ")))
        };
        let index = self.heading;
        self.hole(
            INLINE,
            Hole::HeadingStart {
                index,
                level,
                class,
            },
        );
    }

    fn heading_end(&mut self) {
        self.in_heading = false;
        let (index, level) = (self.heading, self.level);
        self.heading += 1;
        self.hole("\n", Hole::HeadingEnd { index, level });
    }

    /// A link or picture, which the writer writes as it is but for its href.
    fn href(&mut self, event: Event<'a>) {
        // pulldown-cmark writes `<a href="` (and `mailto:` for an address) or
        // `<img src="`, then the escaped href.
        let (lead, image, dest) = match &event {
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                dest_url,
                ..
            }) => ("<a href=\"mailto:", false, dest_url),
            Event::Start(Tag::Link { dest_url, .. }) => ("<a href=\"", false, dest_url),
            Event::Start(Tag::Image { dest_url, .. }) => ("<img src=\"", true, dest_url),
            _ => return self.keep(event),
        };
        match image {
            true => self.image_depth += 1,
            false => self.link_depth += 1,
        }
        let dest = dest.to_string();
        let mut escaped = String::new();
        let _ = escape_href(&mut escaped, &dest);
        let within = (lead.len(), escaped.len());
        self.push(event, Some(Hole::Href { dest, image }), Some(within));
    }

    fn href_end(&mut self, event: Event<'a>) {
        match event {
            Event::End(TagEnd::Image) => self.image_depth = self.image_depth.saturating_sub(1),
            _ => self.link_depth = self.link_depth.saturating_sub(1),
        }
        self.keep(event);
    }

    /// A whole code block: highlighted, or the summary it embeds.
    fn code_block(&mut self) {
        let Some((lang, text)) = self.code.take() else {
            return;
        };
        if EmbedKind::of(&lang).is_some() {
            let index = self.embeds.len();
            self.embeds.push(text.trim().to_string());
            // A rule starts a new line only if the HTML before ends none, so the
            // stand-in shows whether it does; and it ends one.
            let hole = Hole::Embed {
                index,
                after_line: None,
                breaks_next: false,
            };
            self.push(Event::Rule, Some(hole), None);
        } else {
            self.html(highlight::code_block(&lang, &text));
        }
    }

    fn footnote_reference(&mut self, label: &str) {
        let next = self.numbers.len() + 1;
        let first = !self.numbers.contains_key(label);
        let n = *self.numbers.entry(label.to_string()).or_insert(next);
        let slug = footnote_slug(label);
        self.hole(INLINE, Hole::FootnoteRef { slug, n, first });
    }

    fn text(&mut self, text: CowStr<'a>) {
        if let Some((_, code)) = &mut self.code {
            code.push_str(&text);
        } else if self.in_heading || self.link_depth > 0 || self.image_depth > 0 {
            self.keep(Event::Text(text));
        } else {
            self.text_with_terms(text);
        }
    }

    /// Finds the first use on the page of each glossary term in `text`.
    fn text_with_terms(&mut self, text: CowStr<'a>) {
        if self.used.iter().all(|&u| u) {
            return self.keep(Event::Text(text));
        }
        let mut rest = 0;
        let mut found_any = false;
        loop {
            let found = self
                .terms
                .iter()
                .enumerate()
                .filter(|(i, _)| !self.used[*i])
                .filter_map(|(i, e)| find_term(&text[rest..], &e.term).map(|at| (rest + at, i)))
                .min();
            let Some((at, i)) = found else { break };
            self.used[i] = true;
            found_any = true;
            if at > rest {
                self.keep(Event::Text(part(&text, rest..at)));
            }
            self.hole(INLINE, Hole::Term(i));
            rest = at + self.terms[i].term.len();
        }
        if !found_any {
            self.keep(Event::Text(text));
        } else if rest < text.len() {
            self.keep(Event::Text(part(&text, rest..text.len())));
        }
    }
}

/// The HTML being written, with its holes.
struct Writer {
    html: String,
    holes: Vec<(Range<usize>, Hole)>,
}

impl Writer {
    /// Writes `steps` with pulldown-cmark's writer, then notes where each hole's
    /// stand-in went.
    fn run(&mut self, steps: Vec<Step<'_>>) {
        let mut holes = Vec::with_capacity(steps.len());
        let mut events = Vec::with_capacity(steps.len());
        for s in steps {
            holes.push(s.hole.map(|h| (h, s.within)));
            events.push(s.event);
        }
        // Where each event's HTML starts: the writer asks for the next event only
        // once it has written the last.
        let len = Cell::new(self.html.len());
        let mut starts = Vec::with_capacity(events.len() + 1);
        let events = events.into_iter().inspect(|_| starts.push(len.get()));
        let out = Counting {
            html: &mut self.html,
            len: &len,
        };
        let _ = html::write_html_fmt(out, events);
        starts.push(self.html.len());
        let mut after_embed = false;
        for (i, hole) in holes.into_iter().enumerate() {
            let was_embed = std::mem::replace(&mut after_embed, false);
            let (Some((mut hole, within)), Some(&start), Some(&end)) =
                (hole, starts.get(i), starts.get(i + 1))
            else {
                continue;
            };
            // A stand-in that wrote nothing is in a picture's description, which
            // shows only text.
            if start == end {
                continue;
            }
            if let Hole::Embed { after_line, .. } = &mut hole {
                // After another summary, that summary's HTML decides.
                *after_line = (!was_embed).then(|| !self.html[start..end].starts_with('\n'));
                after_embed = true;
            }
            let range = match within {
                Some((at, len)) => start + at..start + at + len,
                None => start..end,
            };
            self.holes.push((range, hole));
        }
    }

    /// The footnotes at the end, in the order of their numbers.
    fn notes(&mut self, mut notes: Vec<(String, Vec<Step<'_>>)>, numbers: &HashMap<String, usize>) {
        notes.sort_by_key(|(label, _)| numbers.get(label).copied().unwrap_or(usize::MAX));
        self.fill(Hole::Notes);
        self.html.push_str("<ol>\n");
        for (label, steps) in notes {
            let slug = footnote_slug(&label);
            self.fill(Hole::Note { slug: slug.clone() });
            self.run(steps);
            if let Some(&n) = numbers.get(&label) {
                self.fill(Hole::NoteBack { slug, n });
            }
            self.html.push_str("</li>\n");
        }
        self.html.push_str("</ol>\n</section>\n");
    }

    /// A hole with no stand-in.
    fn fill(&mut self, hole: Hole) {
        let at = self.html.len();
        self.holes.push((at..at, hole));
    }
}

/// The writer's output, with its length kept where the events can see it.
struct Counting<'h> {
    html: &'h mut String,
    len: &'h Cell<usize>,
}

impl fmt::Write for Counting<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.html.push_str(s);
        self.len.set(self.html.len());
        Ok(())
    }
}

/// The caption a paragraph gives the table before it, if it starts `Table:` or
/// `:`: its text, without the marker.
fn caption_text(held: &[Event<'_>]) -> Option<String> {
    let mut text = String::new();
    for e in held {
        match e {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    let rest = text
        .strip_prefix("Table:")
        .or_else(|| text.strip_prefix(':'))?
        .trim();
    (!rest.is_empty()).then(|| rest.to_string())
}

/// Whether pulldown-cmark starts `event` with a new line when the HTML before it
/// ends none (as it does a block).
fn breaks_line(event: &Event<'_>) -> bool {
    let mut after_line = String::new();
    html::push_html(&mut after_line, std::iter::once(event.clone()));
    let mut after_text = String::new();
    let text = Event::Html(CowStr::Borrowed(INLINE));
    html::push_html(&mut after_text, [text, event.clone()].into_iter());
    after_text[INLINE.len()..] != after_line
}

/// Part of `text`, still borrowed from the body when `text` is.
fn part<'a>(text: &CowStr<'a>, range: Range<usize>) -> CowStr<'a> {
    match text {
        CowStr::Borrowed(s) => {
            let s: &'a str = s;
            CowStr::Borrowed(&s[range])
        }
        _ => CowStr::from(text[range].to_string()),
    }
}

/// Where `term` first stands as a whole word in `text` (a plural `s` allowed).
fn find_term(text: &str, term: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(term) {
        let at = from + i;
        let before_ok = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = &text[at + term.len()..];
        let mut next = after.chars();
        let after_ok = match next.next() {
            None => true,
            Some('s') => next.next().is_none_or(|c| !c.is_alphanumeric()),
            Some(c) => !c.is_alphanumeric(),
        };
        if before_ok && after_ok {
            return Some(at);
        }
        from = at + term.len();
    }
    None
}

/// The opening of a GitHub callout (`> [!NOTE]`): a titled box, not a quotation.
fn callout(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => {
            "<div class=\"callout callout-note\"><p class=\"callout-title\">Note</p>\n"
        }
        BlockQuoteKind::Tip => {
            "<div class=\"callout callout-tip\"><p class=\"callout-title\">Tip</p>\n"
        }
        BlockQuoteKind::Important => {
            "<div class=\"callout callout-important\"><p class=\"callout-title\">Important</p>\n"
        }
        BlockQuoteKind::Warning => {
            "<div class=\"callout callout-warning\"><p class=\"callout-title\">Warning</p>\n"
        }
        BlockQuoteKind::Caution => {
            "<div class=\"callout callout-caution\"><p class=\"callout-title\">Caution</p>\n"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_match_whole_words() {
        assert_eq!(find_term("SCRs and SCR", "SCR"), Some(0));
        assert_eq!(find_term("DSCR SCRUB SCR", "SCR"), Some(11));
        assert_eq!(find_term("none", "SCR"), None);
    }

    #[test]
    fn blocks_break_lines_and_the_rest_do_not() {
        assert!(breaks_line(&Event::Start(Tag::Paragraph)));
        assert!(breaks_line(&Event::Rule));
        assert!(!breaks_line(&Event::End(TagEnd::Item)));
        assert!(!breaks_line(&Event::Html("<div>".into())));
    }

    #[test]
    fn holes_are_where_their_stand_ins_were() {
        let md = "## A {.x}\n\n[l](<a b.md> \"T\") <me@x.org> ![p](é.png)[^n]\n\n[^n]: N.\n";
        let parsed = parse(md, &[]);
        let cut: Vec<&str> = parsed
            .holes
            .iter()
            .map(|(r, _)| &parsed.html[r.clone()])
            .collect();
        assert_eq!(
            cut,
            [
                INLINE,
                "\n",
                "a%20b.md",
                "me@x.org",
                "%C3%A9.png",
                INLINE,
                "",
                "",
                ""
            ]
        );
        assert!(
            parsed.html.contains("<a href=\"mailto:me@x.org\">"),
            "{}",
            parsed.html
        );
    }
}
