//! Page bodies into HTML, in two stages, so that a body shown twice in one build (a
//! module on its own page and on its course's print page) is parsed, highlighted and
//! written once, as mdBook makes its print page from the chapters it has read:
//!
//! - [`parse`] (`parse.rs`), once per body per build: the HTML of everything that is
//!   the same wherever the body is shown (code highlighted, callouts, tables, task
//!   lists, footnotes numbered and put at the end, the first use of each glossary term
//!   found), with holes for the rest;
//! - [`to_html`] (`place.rs`), once per showing, fills the holes: heading ids from
//!   the page's outline with the showing's anchor prefix and heading levels, links
//!   rewritten to site URLs or to the pages in the same document, footnote ids,
//!   glossary links relative to the page, and embedded summaries.

mod parse;
mod place;

use std::ops::Range;

use crate::content::slug::github_slug;

pub use parse::parse;
pub use place::{MarkdownEnv, to_html};

/// A page body, parsed: its HTML as every showing has it, with holes.
pub struct Parsed {
    /// The HTML, with a stand-in where each hole goes.
    html: String,
    /// Each hole, in the order of the HTML, with the stand-in it replaces.
    holes: Vec<(Range<usize>, Hole)>,
    /// The text of each embedding block, in the order of the text (a footnote's where
    /// it is written, not where it is shown), which is the order of the outline's
    /// embedding blocks, whose index matches each to its resolution. Each is made as
    /// it is placed, so a report numbers its figures in the order they are shown.
    embeds: Vec<String>,
    /// Each table's caption (`Table: …` after it), in the order of the text.
    tables: Vec<Option<String>>,
}

/// What each showing puts in a hole.
enum Hole {
    /// `<hN id="…" class="…">`: the heading's index in the outline, its level as
    /// written, and its class attribute.
    HeadingStart {
        index: usize,
        level: u8,
        class: String,
    },
    /// The heading's anchor link, then `</hN>`.
    HeadingEnd { index: usize, level: u8 },
    /// The escaped href of a link or picture, from its destination as written.
    Href { dest: String, image: bool },
    /// The first use of the glossary entry at this index.
    Term(usize),
    /// A footnote reference: its note's slug and number, and whether it is the first
    /// (the one its note links back to).
    FootnoteRef { slug: String, n: usize, first: bool },
    /// An embedded summary, by index in `embeds`. The writer starts a block on a new
    /// line only if the HTML before it ends none, so what follows depends on how
    /// the summary ends: whether the HTML before it ends a line (`None` when that is
    /// another summary), and whether what follows is such a block.
    Embed {
        index: usize,
        after_line: Option<bool>,
        breaks_next: bool,
    },
    /// The wrapper of the table at this index: named by its caption, if it has one.
    TableWrap(usize),
    /// The caption of the table at this index, if it has one.
    TableCaption(usize),
    /// The opening of the notes section and its heading.
    Notes,
    /// The opening of a note: `<li id="…">`.
    Note { slug: String },
    /// A note's link back to its first reference.
    NoteBack { slug: String, n: usize },
}

fn footnote_slug(label: &str) -> String {
    let slug = github_slug(label);
    if slug.is_empty() {
        "note".to_string()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::markdown::outline;
    use crate::site::GlossaryEntry;

    /// `parsed` shown with `prefix` and `shift`, as the print page shows a module.
    fn show(
        md: &str,
        parsed: &Parsed,
        glossary: Option<(&[GlossaryEntry], String)>,
        prefix: &str,
        shift: u8,
    ) -> String {
        let link = |d: &str| format!("URL({d})");
        let embed = |_: usize, d: &str| format!("<EMBED {d}>");
        let env = MarkdownEnv {
            link: &link,
            glossary,
            embed: &embed,
            number_table: &|_, _| None,
            anchor_prefix: prefix,
            heading_shift: shift,
        };
        to_html(parsed, &outline(md, 0), &env)
    }

    fn render(md: &str, glossary: Option<(&[GlossaryEntry], String)>) -> String {
        let terms = glossary.as_ref().map_or(&[][..], |(e, _)| e);
        show(md, &parse(md, terms), glossary.clone(), "", 0)
    }

    /// `md` with every `audit-summary` block made `summary`.
    fn with_summary(md: &str, summary: &str) -> String {
        let link = |d: &str| d.to_string();
        let embed = |_: usize, _: &str| summary.to_string();
        let env = MarkdownEnv {
            link: &link,
            glossary: None,
            embed: &embed,
            number_table: &|_, _| None,
            anchor_prefix: "",
            heading_shift: 0,
        };
        to_html(&parse(md, &[]), &outline(md, 0), &env)
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
        let html = show(md, &parse(md, &[]), None, "m2-", 1);
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
    fn one_parse_serves_every_showing() {
        let entries = vec![GlossaryEntry {
            term: "LSCB".into(),
            definition: "Local Safeguarding Children Board".into(),
            id: "lscb".into(),
        }];
        let md = "## Setup\n\nThe LSCB [here](#setup).\n\n```yaml\na: 1\n```\n\n```audit-summary\nr.yaml\n```\n";
        let parsed = parse(md, &entries);
        let own = show(md, &parsed, Some((&entries, "../glossary/".into())), "", 0);
        let placed = show(
            md,
            &parsed,
            Some((&entries, "../../glossary/".into())),
            "m1-",
            1,
        );
        for (html, wanted) in [
            (&own, "<h2 id=\"setup\">"),
            (&own, "href=\"../glossary/#lscb\""),
            (&own, "href=\"#setup\">here</a>"),
            (&placed, "<h3 id=\"m1-setup\">"),
            (&placed, "href=\"../../glossary/#lscb\""),
            (&placed, "href=\"#m1-setup\">here</a>"),
        ] {
            assert!(html.contains(wanted), "{wanted} in {html}");
        }
        // The highlighted block and the embed are the same in both.
        let code = |html: &str| html[html.find("<pre").unwrap()..].to_string();
        assert!(own.contains("hl-"), "{own}");
        assert!(own.contains("<EMBED r.yaml>"), "{own}");
        assert_eq!(code(&own), code(&placed));
    }

    #[test]
    fn links_are_rewritten() {
        let html = render("[a](b.md#c)\n", None);
        assert!(html.contains("href=\"URL(b.md#c)\""), "{html}");
    }

    #[test]
    fn a_paragraph_after_a_table_starting_table_is_its_caption() {
        let md = "| A |\n|---|\n| 1 |\n\nTable: Reviews *by* year\n\n| B |\n|---|\n| 2 |\n\nAfter the table.\n\n| C |\n|---|\n| 3 |\n\n: Short form\n";
        let html = render(md, None);
        assert!(html.contains("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-labelledby=\"sg-table-1\"><table><caption id=\"sg-table-1\">Reviews by year</caption>"), "{html}");
        assert!(!html.contains("Table:"), "{html}");
        // Not a caption: the table is named as before and the paragraph stays.
        assert!(
            html.contains("aria-label=\"Table\"><table><thead><tr><th>B</th>"),
            "{html}"
        );
        assert!(html.contains("<p>After the table.</p>"), "{html}");
        assert!(
            html.contains("<caption id=\"sg-table-3\">Short form</caption>"),
            "{html}"
        );
        // A caption-like paragraph with no table before it is a paragraph.
        assert!(render("Table: not a caption\n", None).contains("<p>Table: not a caption</p>"));
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
    fn what_follows_a_summary_starts_a_line_only_if_the_summary_ends_none() {
        let md = "```audit-summary\na.yaml\n```\nAfter.\n\n- ```audit-summary\n  b.yaml\n  ```\n";
        assert_eq!(
            with_summary(md, "<S>"),
            "<S>\n<p>After.</p>\n<ul>\n<li><S></li>\n</ul>\n"
        );
        assert_eq!(
            with_summary(md, "<S>\n"),
            "<S>\n<p>After.</p>\n<ul>\n<li><S>\n</li>\n</ul>\n"
        );
        // An empty summary leaves the line as the HTML before it left it.
        let md =
            "Before.\n\n```audit-summary\na.yaml\n```\n\n```audit-summary\nb.yaml\n```\n\nAfter.\n";
        assert_eq!(with_summary(md, ""), "<p>Before.</p>\n<p>After.</p>\n");
        assert_eq!(
            with_summary("- a\n\n  ```audit-summary\n  x\n  ```\n\n  b\n", ""),
            "<ul>\n<li>\n<p>a</p>\n<p>b</p>\n</li>\n</ul>\n"
        );
    }

    #[test]
    fn pictures_show_only_text_in_their_descriptions() {
        let html = render("![A [link](x.md) and ![a picture](y.png)](p.png)\n", None);
        assert_eq!(
            html,
            "<p><img src=\"URL(p.png)\" alt=\"A link and a picture\" /></p>\n"
        );
    }
}
