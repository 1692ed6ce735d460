//! The second pass over a page's Markdown: HTML, with heading ids from the page's
//! outline, links rewritten to site URLs, GitHub callouts, footnotes at the end,
//! highlighted code and glossary terms marked up on first use.

use std::collections::HashMap;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd, html};

use crate::content::markdown::{EMBED_AUDIT, Outline, options};
use crate::content::slug::github_slug;
use crate::render::{escape_html, highlight};
use crate::site::GlossaryEntry;

/// What the HTML of one page depends on beyond its own text.
pub struct MarkdownEnv<'a> {
    /// The href to write for a link destination as the author wrote it.
    pub link: &'a dyn Fn(&str) -> String,
    /// Glossary terms to mark up, and the glossary page's href from this page.
    pub glossary: Option<(&'a [GlossaryEntry], String)>,
    /// The HTML of an `audit-summary` block, given the path written in it.
    pub embed: &'a dyn Fn(&str) -> String,
    /// Put before every id and same-page link, so that several pages can share one
    /// document (the whole-course print page); empty on a page of its own.
    pub anchor_prefix: &'a str,
    /// Levels to add to every heading: 1 when the page's title is an `<h2>`.
    pub heading_shift: u8,
    /// Whether the page is shown again in this build, to highlight its code once.
    pub showing: highlight::Showing<'a>,
}

/// Converts `body` to HTML. `outline` must be the outline of the same body.
pub fn to_html(body: &str, outline: &Outline, env: &MarkdownEnv<'_>) -> String {
    let mut r = Renderer {
        env,
        outline,
        out: Vec::new(),
        heading: 0,
        in_heading: None,
        link_depth: 0,
        image_depth: 0,
        code: None,
        capture: None,
        footnotes: Vec::new(),
        footnote_numbers: HashMap::new(),
        glossary_used: env
            .glossary
            .as_ref()
            .map_or_else(Vec::new, |(e, _)| vec![false; e.len()]),
    };
    for event in Parser::new_ext(body, options()) {
        r.event(event);
    }
    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html_out, r.out.into_iter());
    if !r.footnotes.is_empty() {
        footnote_section(&mut html_out, r.footnotes, &r.footnote_numbers, env);
    }
    html_out
}

struct Renderer<'a, 'e> {
    env: &'e MarkdownEnv<'e>,
    outline: &'e Outline,
    out: Vec<Event<'a>>,
    /// Index of the next heading in the outline.
    heading: usize,
    /// The id and level of the heading we are in.
    in_heading: Option<(String, u8)>,
    link_depth: usize,
    image_depth: usize,
    /// A code block being collected: (language, text).
    code: Option<(String, String)>,
    /// A footnote definition being collected: (label, events).
    capture: Option<(String, Vec<Event<'a>>)>,
    footnotes: Vec<(String, Vec<Event<'a>>)>,
    footnote_numbers: HashMap<String, usize>,
    glossary_used: Vec<bool>,
}

impl<'a> Renderer<'a, '_> {
    fn push(&mut self, e: Event<'a>) {
        match &mut self.capture {
            Some((_, events)) => events.push(e),
            None => self.out.push(e),
        }
    }

    fn html(&mut self, s: String) {
        self.push(Event::Html(CowStr::from(s)));
    }

    fn event(&mut self, event: Event<'a>) {
        match event {
            Event::Start(Tag::Heading { level, classes, .. }) => {
                let level = (level as u8 + self.env.heading_shift).min(6);
                let id = self
                    .outline
                    .headings
                    .get(self.heading)
                    .map_or_else(|| format!("section-{}", self.heading), |h| h.id.clone());
                let id = format!("{}{id}", self.env.anchor_prefix);
                let class = if classes.is_empty() {
                    String::new()
                } else {
                    let names: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
                    format!(" class=\"{}\"", escape_html(&names.join(" ")))
                };
                self.html(format!("<h{level} id=\"{}\"{class}>", escape_html(&id)));
                self.in_heading = Some((id, level));
            }
            Event::End(TagEnd::Heading(_)) => {
                let (id, level) = self.in_heading.take().unwrap_or_default();
                let text = self
                    .outline
                    .headings
                    .get(self.heading)
                    .map_or("", |h| h.text.as_str());
                self.heading += 1;
                self.html(format!(
                    "<a class=\"heading-anchor\" href=\"#{id}\" data-search-ignore><span class=\"visually-hidden\">Link to the section “{}”</span><span aria-hidden=\"true\">#</span></a></h{level}>\n",
                    escape_html(text),
                    id = escape_html(&id),
                ));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.link_depth += 1;
                let dest_url = match dest_url.strip_prefix('#') {
                    Some(fragment) => format!("#{}{fragment}", self.env.anchor_prefix),
                    None => (self.env.link)(&dest_url),
                };
                let dest_url = CowStr::from(dest_url);
                self.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => {
                self.link_depth = self.link_depth.saturating_sub(1);
                self.push(Event::End(TagEnd::Link));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.image_depth += 1;
                let dest_url = CowStr::from((self.env.link)(&dest_url));
                self.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                self.image_depth = self.image_depth.saturating_sub(1);
                self.push(Event::End(TagEnd::Image));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, label) = callout(kind);
                self.html(format!(
                    "<div class=\"callout callout-{class}\"><p class=\"callout-title\">{label}</p>\n"
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => self.html("</div>\n".to_string()),
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(lang) => lang.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, text)) = self.code.take() {
                    if lang.trim() == EMBED_AUDIT {
                        self.html((self.env.embed)(text.trim()));
                    } else {
                        self.html(self.env.showing.code_block(&lang, &text));
                    }
                }
            }
            Event::Start(Tag::Table(alignments)) => {
                // The wrapper scrolls a wide table on a narrow screen; it is focusable
                // and named so keyboard and screen reader users can reach it.
                self.html("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">".to_string());
                self.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                self.push(Event::End(TagEnd::Table));
                self.html("</div>\n".to_string());
            }
            Event::TaskListMarker(done) => self.html(if done {
                "<span class=\"task task-done\" role=\"img\" aria-label=\"Done\">☑</span> "
                    .to_string()
            } else {
                "<span class=\"task\" role=\"img\" aria-label=\"Not done\">☐</span> ".to_string()
            }),
            Event::FootnoteReference(label) => {
                let next = self.footnote_numbers.len() + 1;
                let first = !self.footnote_numbers.contains_key(label.as_ref());
                let n = *self
                    .footnote_numbers
                    .entry(label.to_string())
                    .or_insert(next);
                let slug = footnote_slug(&label);
                let p = self.env.anchor_prefix;
                let back_id = if first {
                    format!(" id=\"{p}fnref-{slug}\"")
                } else {
                    String::new()
                };
                self.html(format!(
                    "<sup class=\"footnote-ref\"><a href=\"#{p}fn-{slug}\"{back_id}><span class=\"visually-hidden\">Footnote </span>{n}</a></sup>"
                ));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.capture = Some((label.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some(done) = self.capture.take() {
                    self.footnotes.push(done);
                }
            }
            Event::Text(text) => {
                if let Some((_, code)) = &mut self.code {
                    code.push_str(&text);
                } else if self.in_heading.is_none() && self.link_depth == 0 && self.image_depth == 0
                {
                    self.text_with_terms(text);
                } else {
                    self.push(Event::Text(text));
                }
            }
            other => self.push(other),
        }
    }

    /// Marks up the first use on the page of each glossary term in `text`.
    fn text_with_terms(&mut self, text: CowStr<'a>) {
        let Some((entries, href)) = &self.env.glossary else {
            self.push(Event::Text(text));
            return;
        };
        if self.glossary_used.iter().all(|&u| u) {
            self.push(Event::Text(text));
            return;
        }
        let mut pieces: Vec<Event<'a>> = Vec::new();
        let mut rest: &str = &text;
        loop {
            let found = entries
                .iter()
                .enumerate()
                .filter(|(i, _)| !self.glossary_used[*i])
                .filter_map(|(i, e)| find_term(rest, &e.term).map(|at| (at, i)))
                .min();
            let Some((at, i)) = found else { break };
            let e = &entries[i];
            self.glossary_used[i] = true;
            if at > 0 {
                pieces.push(Event::Text(CowStr::from(rest[..at].to_string())));
            }
            pieces.push(Event::Html(CowStr::from(format!(
                "<a class=\"term\" href=\"{href}#{id}\"><abbr title=\"{def}\">{term}</abbr><span class=\"visually-hidden\"> ({def})</span></a>",
                id = escape_html(&e.id),
                def = escape_html(&e.definition),
                term = escape_html(&e.term),
            ))));
            rest = &rest[at + e.term.len()..];
        }
        if pieces.is_empty() {
            self.push(Event::Text(text));
            return;
        }
        if !rest.is_empty() {
            pieces.push(Event::Text(CowStr::from(rest.to_string())));
        }
        for p in pieces {
            self.push(p);
        }
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

fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

fn footnote_slug(label: &str) -> String {
    let slug = github_slug(label);
    if slug.is_empty() {
        "note".to_string()
    } else {
        slug
    }
}

/// Footnotes go at the end, numbered in the order they are first referred to.
fn footnote_section(
    html_out: &mut String,
    mut notes: Vec<(String, Vec<Event<'_>>)>,
    numbers: &HashMap<String, usize>,
    env: &MarkdownEnv<'_>,
) {
    notes.sort_by_key(|(label, _)| numbers.get(label).copied().unwrap_or(usize::MAX));
    let prefix = env.anchor_prefix;
    let h = (2 + env.heading_shift).min(6);
    html_out.push_str(&format!("<section class=\"footnotes\" aria-labelledby=\"{prefix}footnotes-heading\">\n<h{h} id=\"{prefix}footnotes-heading\">Notes</h{h}>\n<ol>\n"));
    for (label, events) in notes {
        let slug = footnote_slug(&label);
        html_out.push_str(&format!("<li id=\"{prefix}fn-{slug}\">"));
        html::push_html(html_out, events.into_iter());
        if let Some(n) = numbers.get(&label) {
            html_out.push_str(&format!(
                "<a class=\"footnote-back\" href=\"#{prefix}fnref-{slug}\"><span aria-hidden=\"true\">↩</span><span class=\"visually-hidden\">Back to reference {n}</span></a>"
            ));
        }
        html_out.push_str("</li>\n");
    }
    html_out.push_str("</ol>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::markdown::outline;

    fn render(md: &str, glossary: Option<(&[GlossaryEntry], String)>) -> String {
        let o = outline(md, 0);
        let link = |d: &str| format!("URL({d})");
        let embed = |d: &str| format!("<EMBED {d}>");
        let env = MarkdownEnv {
            link: &link,
            glossary,
            embed: &embed,
            anchor_prefix: "",
            heading_shift: 0,
            showing: highlight::Showing::Once,
        };
        to_html(md, &o, &env)
    }

    #[test]
    fn headings_get_outline_ids() {
        let html = render("## Children Act 2004\n", None);
        assert!(html.contains("<h2 id=\"children-act-2004\">Children Act 2004<a class=\"heading-anchor\" href=\"#children-act-2004\" data-search-ignore>"), "{html}");
    }

    #[test]
    fn heading_attributes_set_id_and_classes() {
        let html = render("## Duties {#duty .wide}\n", None);
        assert!(
            html.contains("<h2 id=\"duty\" class=\"wide\">Duties"),
            "{html}"
        );
    }

    #[test]
    fn a_page_in_a_shared_document_prefixes_its_anchors_and_shifts_its_headings() {
        let md = "## Duty\n\nSee [below](#duty) and [there](b.md#c).[^n]\n\n[^n]: Note.\n";
        let o = outline(md, 0);
        let link = |d: &str| format!("URL({d})");
        let embed = |d: &str| format!("<EMBED {d}>");
        let env = MarkdownEnv {
            link: &link,
            glossary: None,
            embed: &embed,
            anchor_prefix: "m2-",
            heading_shift: 1,
            showing: highlight::Showing::Once,
        };
        let html = to_html(md, &o, &env);
        for wanted in [
            "<h3 id=\"m2-duty\">Duty<a class=\"heading-anchor\" href=\"#m2-duty\"",
            "href=\"#m2-duty\">below</a>",
            "href=\"URL(b.md#c)\"",
            "href=\"#m2-fn-n\" id=\"m2-fnref-n\"",
            "<h3 id=\"m2-footnotes-heading\">Notes</h3>",
            "<li id=\"m2-fn-n\">",
            "href=\"#m2-fnref-n\"",
        ] {
            assert!(html.contains(wanted), "{wanted} in {html}");
        }
    }

    #[test]
    fn links_are_rewritten() {
        let html = render("[a](b.md#c)\n", None);
        assert!(html.contains("href=\"URL(b.md#c)\""), "{html}");
    }

    #[test]
    fn callouts_have_titles() {
        let html = render("> [!WARNING]\n> Careful.\n", None);
        assert!(
            html.contains(
                "<div class=\"callout callout-warning\"><p class=\"callout-title\">Warning</p>"
            ),
            "{html}"
        );
        assert!(!html.contains("blockquote"), "{html}");
    }

    #[test]
    fn footnotes_are_prefixed_and_last() {
        let html = render("Text[^1] more.\n\n[^1]: The note.\n\n## After\n", None);
        assert!(html.contains("href=\"#fn-1\" id=\"fnref-1\""), "{html}");
        assert!(
            html.find("id=\"fn-1\"").unwrap() > html.find("id=\"after\"").unwrap(),
            "{html}"
        );
    }

    #[test]
    fn glossary_marks_first_use_only_outside_headings_and_links() {
        let entries = vec![GlossaryEntry {
            term: "CCG".into(),
            definition: "Clinical Commissioning Group".into(),
            id: "ccg".into(),
        }];
        let html = render(
            "## CCG duties\n\n[CCG](x.md) then CCGs and CCG.\n",
            Some((&entries, "../glossary/".into())),
        );
        assert_eq!(html.matches("<abbr").count(), 1, "{html}");
        assert!(html.contains("then <a class=\"term\" href=\"../glossary/#ccg\"><abbr title=\"Clinical Commissioning Group\">CCG</abbr>"), "{html}");
    }

    #[test]
    fn terms_match_whole_words() {
        assert_eq!(find_term("SCRs and SCR", "SCR"), Some(0));
        assert_eq!(find_term("DSCR SCRUB SCR", "SCR"), Some(11));
        assert_eq!(find_term("none", "SCR"), None);
    }
}
