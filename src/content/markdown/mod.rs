//! The first pass over a page's Markdown: its outline (headings with their ids) and
//! the links it makes, with their positions. Links are checked against the outlines
//! of all pages before any page is turned into HTML (see `render::markdown`).

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::content::slug::{IdAllocator, github_slug};

mod checks;
mod claims;

use super::blocks::block_line;
pub use super::blocks::{
    BlockLine, EMBED_ACTIONS, EMBED_AUDIT, EMBED_INDICATORS, EMBED_ORGANISATION, EMBED_TRAINING,
    EMBED_TREND, EmbedKind,
};

/// The heading attribute with which a report's section claims checklist items.
pub const COVERS: &str = "covers";

/// The kinds of callout (`> [!NOTE]`), as GitHub has them.
pub const CALLOUTS: [&str; 5] = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];

/// The Markdown dialect of every page: CommonMark with GitHub's extensions.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// The heading as plain text.
    pub text: String,
    /// Byte offset in the file.
    pub offset: usize,
    /// Whether the id was written (`{#id}`) rather than made from the text.
    pub explicit: bool,
    /// The checklist items a report's heading claims (`{covers=members,strategy}`),
    /// each with its byte offset in the file.
    pub covers: Vec<(String, usize)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    pub is_image: bool,
    /// An embedding block (`audit-summary`, `indicators`, `training`): `dest` is the
    /// path on its first line.
    pub embed: Option<EmbedKind>,
    /// An embedding block's lines after its path.
    pub options: Vec<BlockLine>,
    /// Byte offset in the file of the link's start.
    pub offset: usize,
}

impl LinkRef {
    pub fn is_embed(&self) -> bool {
        self.embed.is_some()
    }
}

#[derive(Clone, Debug, Default)]
pub struct Outline {
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    /// Problems found on the way: (byte offset in the file, message).
    pub problems: Vec<(usize, String)>,
    /// Things that are allowed but probably wrong, such as a picture without a
    /// description: (byte offset in the file, message).
    pub warnings: Vec<(usize, String)>,
    /// Whether any fenced code block has a language (so highlighting is needed).
    pub has_code: bool,
    /// Whether the body has any text at all.
    pub is_empty: bool,
}

impl Outline {
    pub fn has_anchor(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id)
    }
}

/// Reads the outline of `body`, which starts at byte `body_offset` of its file.
pub fn outline(body: &str, body_offset: usize) -> Outline {
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let mut r = Reader {
        out: Outline {
            is_empty: body.trim().is_empty(),
            ..Outline::default()
        },
        body_offset,
        ids: IdAllocator::default(),
        heading: None,
        covers: Vec::new(),
        caption: None,
        link: None,
        image: None,
        embed: None,
    };
    r.reserve_ids(&events);
    for (event, range) in events {
        let at = body_offset + range.start;
        if let Event::Start(Tag::BlockQuote(None)) = &event {
            r.check_callout(&body[range.clone()], at);
        }
        r.check_names(&event, at);
        r.check_caption(&event, at);
        if let Event::Start(Tag::Heading { attrs, .. }) = &event {
            r.heading_attrs(attrs, &body[range.clone()], at);
        }
        r.event(event, range.start);
    }
    r.out
}

struct Reader {
    out: Outline,
    body_offset: usize,
    ids: IdAllocator,
    /// The heading being read: (level, id as written, text, start in the body).
    heading: Option<(u8, Option<String>, String, usize)>,
    /// The claims of the heading being read (`covers=`), with their offsets.
    covers: Vec<(String, usize)>,
    /// Where a table's caption may be: right after a table (`None` inside), then in
    /// the paragraph after it, once its text shows it is one (`Some(true)`).
    caption: Option<Option<bool>>,
    /// The open link (its offset, whether it has text yet) and picture (offset, alt
    /// text), so that a link nobody can name and a picture nobody described are
    /// reported.
    link: Option<(usize, bool)>,
    image: Option<(usize, String)>,
    /// The embedding block being read: its kind, where it starts, and its text as
    /// read so far, each piece with its offset in the file.
    embed: Option<OpenEmbed>,
}

/// An embedding block being read: its kind, where it starts, and each piece of its
/// text with its offset in the file.
type OpenEmbed = (EmbedKind, usize, Vec<(String, usize)>);

impl Reader {
    /// Explicit ids are taken first, wherever they are, as GitHub does: generated ids
    /// then step around them.
    fn reserve_ids(&mut self, events: &[(Event<'_>, std::ops::Range<usize>)]) {
        for (event, range) in events {
            if let Event::Start(Tag::Heading { id: Some(id), .. }) = event
                && !self.ids.reserve(id)
            {
                self.out.problems.push((
                    self.body_offset + range.start,
                    format!(
                        "the heading id `{id}` is used twice on this page: give each heading its own id"
                    ),
                ));
            }
        }
    }

    /// Headings, links and embedded summaries; `start` is the event's offset in the
    /// body.
    fn event(&mut self, event: Event<'_>, start: usize) {
        let at = self.body_offset + start;
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.heading = Some((level as u8, id.map(|s| s.to_string()), String::new(), start));
            }
            Event::End(TagEnd::Heading(_)) => self.heading_end(),
            Event::Text(t) if self.embed.is_some() => {
                if let Some((_, _, texts)) = self.embed.as_mut() {
                    texts.push((t.to_string(), at));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text, _)) = self.heading.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if !matches!(link_type, LinkType::Autolink | LinkType::Email) => {
                self.link_ref(&dest_url, false, None, at)
            }
            Event::Start(Tag::Image { dest_url, .. }) => self.link_ref(&dest_url, true, None, at),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                match EmbedKind::of(&lang) {
                    Some(kind) => self.embed = Some((kind, at, Vec::new())),
                    None if lang.trim().is_empty() => {}
                    None => {
                        if let Some(name) = super::blocks::meant(&lang) {
                            self.out.problems.push((
                                at,
                                format!(
                                    "`{}` is not a kind of block, so this one would be shown as code, settings and all: did you mean `{name}`? (block names are written in small letters, with hyphens)",
                                    lang.trim()
                                ),
                            ));
                        }
                        self.out.has_code = true;
                    }
                }
            }
            Event::End(TagEnd::CodeBlock) => self.embed_end(),
            _ => {}
        }
    }

    fn heading_end(&mut self) {
        let Some((level, explicit, text, start)) = self.heading.take() else {
            return;
        };
        let written = explicit.is_some();
        let trimmed = text.trim_end();
        if trimmed.ends_with('}') && trimmed.contains('{') {
            self.out.warnings.push((
                self.body_offset + start,
                "this heading ends with `{…}` that was not read as its id or settings, so it is shown as text: write one `{#id covers=…}` at the very end, with no spaces around `=` and no braces inside".to_string(),
            ));
        }
        let id = explicit.unwrap_or_else(|| self.ids.unique(&github_slug(&text)));
        self.out.headings.push(Heading {
            level,
            id,
            text: text.trim().to_string(),
            offset: self.body_offset + start,
            explicit: written,
            covers: std::mem::take(&mut self.covers),
        });
    }

    /// An embedding block read whole: the path on its first line that has text (the
    /// block itself when none has), then each `key: value` line. An `actions` block
    /// needs no path: a first line that reads as a setting is one.
    fn embed_end(&mut self) {
        let Some((kind, block, texts)) = self.embed.take() else {
            return;
        };
        let lines = texts.iter().flat_map(|(t, at)| {
            let mut start = 0;
            t.split('\n').map(move |line| {
                let here = at + start;
                start += line.len() + 1;
                (line, here)
            })
        });
        let lines = lines
            .filter(|(l, _)| !l.trim().is_empty())
            .map(|(l, at)| (l.trim_end(), at + (l.len() - l.trim_start().len())))
            .map(|(l, at)| (l.trim_start(), at));
        let mut dest = None;
        let mut options = Vec::new();
        for (line, at) in lines {
            if dest.is_none() {
                if kind == EmbedKind::Actions && is_setting(line) {
                    dest = Some((String::new(), block));
                } else {
                    dest = Some((line.to_string(), at));
                    continue;
                }
            }
            options.push(block_line(line, at));
        }
        let (dest, offset) = dest.unwrap_or((String::new(), block));
        self.out.links.push(LinkRef {
            dest,
            is_image: false,
            embed: Some(kind),
            options,
            offset,
        });
    }

    fn link_ref(&mut self, dest: &str, is_image: bool, embed: Option<EmbedKind>, offset: usize) {
        self.out.links.push(LinkRef {
            dest: dest.to_string(),
            is_image,
            embed,
            options: Vec::new(),
            offset,
        });
    }
}

/// Whether a line reads as `key: value` (or a bare `key:`) rather than a path.
fn is_setting(line: &str) -> bool {
    line.contains(": ") || line.ends_with(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_like_github() {
        let o = outline("# Intro\n\n## Intro\n\n## Why? {#why}\n\n## Intro\n", 0);
        let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["intro", "intro-1", "why", "intro-2"]);
        assert_eq!(o.headings[2].text, "Why?");
    }

    #[test]
    fn explicit_ids_are_reserved_first() {
        let o = outline("## A\n\n## B {#a}\n", 0);
        let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a-1", "a"]);
    }

    #[test]
    fn links_carry_offsets() {
        let o = outline("See [x](a.md#b) and ![i](p.png).\n", 10);
        assert_eq!(o.links.len(), 2);
        assert_eq!(o.links[0].dest, "a.md#b");
        assert_eq!(o.links[0].offset, 14);
        assert!(o.links[1].is_image);
    }

    #[test]
    fn links_without_text_are_problems_and_pictures_without_alt_warnings() {
        let o = outline(
            "[](a.md) [ ](b.md) [`c`](c.md) [![A map](m.png)](m.md)\n\n![](p.png) ![ ](q.png) ![Fine](r.png)\n",
            0,
        );
        let at = |v: &[(usize, String)]| v.iter().map(|(o, _)| *o).collect::<Vec<_>>();
        assert_eq!(at(&o.problems), [0, 9]);
        assert_eq!(at(&o.warnings), [56, 67]);
        // A linked picture without a description is both.
        let o = outline("[![](m.png)](m.md)\n", 0);
        assert_eq!((o.problems.len(), o.warnings.len()), (1, 1));
    }

    #[test]
    fn embedding_blocks_carry_their_path_and_lines_with_offsets() {
        let text = "```indicators\n../f/a.yaml\nindicators: [x, y]\n  period:2025-26\nodd\n```\n\n```training\n```\n";
        let o = outline(text, 0);
        assert_eq!(o.links.len(), 2);
        let l = &o.links[0];
        assert_eq!(
            (l.dest.as_str(), l.offset, l.embed),
            ("../f/a.yaml", 14, Some(EmbedKind::Indicators))
        );
        let keys: Vec<_> = l
            .options
            .iter()
            .map(|b| (b.key.as_str(), b.value.as_deref(), b.offset, b.value_offset))
            .collect();
        assert_eq!(
            keys,
            [
                ("indicators", Some("[x, y]"), 26, 38),
                ("period", Some("2025-26"), 47, 54),
                ("odd", None, 62, 62)
            ]
        );
        assert_eq!((o.links[1].dest.as_str(), o.links[1].offset), ("", 71));
        assert!(!o.has_code);
    }

    #[test]
    fn headings_claim_checklist_items_with_their_offsets() {
        let text = "## Members {#m covers=members, strategy}\n\n## Reviews {covers=sars-ongoing,sars-concluded colour=red}\n\n## Our strategy {covers=duties, strategy}\n";
        let o = outline(text, 10);
        let h = &o.headings;
        assert_eq!(h[0].id, "m");
        assert_eq!(
            h[0].covers,
            [
                ("members".to_string(), 10 + 22),
                ("strategy".to_string(), 10 + 31)
            ]
        );
        let ids: Vec<(&str, usize)> = h[1]
            .covers
            .iter()
            .map(|(i, at)| (i.as_str(), *at))
            .collect();
        let second = text.find("sars-ongoing").unwrap() + 10;
        assert_eq!(
            ids,
            [("sars-ongoing", second), ("sars-concluded", second + 13)]
        );
        assert_eq!(o.warnings.len(), 1, "{:?}", o.warnings);
        assert_eq!(o.warnings[0].0, text.find("colour").unwrap() + 10);
        assert_eq!(h[1].text, "Reviews");
        // Found in the braces, not in the heading's words.
        let third = text.rfind("strategy}").unwrap() + 10;
        assert_eq!(h[2].covers[1], ("strategy".to_string(), third));
    }

    #[test]
    fn an_actions_block_may_start_with_a_setting() {
        let text = "```actions\norganisation: Org A\n```\n\n```actions\n../a/f.yaml\nperiod: 2016\n```\n\n```trend\norganisation: x\n```\n";
        let o = outline(text, 0);
        let l = &o.links[0];
        assert_eq!((l.dest.as_str(), l.offset), ("", 0));
        assert_eq!(l.options[0].key, "organisation");
        assert_eq!(o.links[1].dest, "../a/f.yaml");
        assert_eq!(o.links[1].options.len(), 1);
        assert_eq!(o.links[2].dest, "organisation: x", "only for `actions`");
    }

    #[test]
    fn a_link_or_footnote_in_a_tables_caption_is_a_problem() {
        let text = "| A |\n|---|\n| 1 |\n\nTable: From [there](x.md)[^n]\n\n[^n]: N.\n\n| B |\n|---|\n| 2 |\n\nNot a caption, [fine](y.md).\n";
        let o = outline(text, 0);
        let said: Vec<&str> = o.problems.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(
            said[0].contains("so a link in it would be lost"),
            "{}",
            said[0]
        );
        assert_eq!(o.problems[0].0, text.find("[there]").unwrap());
        assert!(said[1].contains("so a footnote in it"), "{}", said[1]);
    }

    #[test]
    fn duplicate_explicit_ids_are_problems() {
        let o = outline("## A {#x}\n\n## B {#x}\n", 0);
        assert_eq!(o.problems.len(), 1);
    }

    #[test]
    fn unknown_callouts_are_problems_at_their_quote() {
        let text = "Text.\n\n> [!DANGER]\n> Careful.\n\n> [!NOTE]\n> Fine.\n\n> [link](a.md)\n\n> [!TIP] Wash hands\n";
        let o = outline(text, 100);
        let said: Vec<&str> = o.problems.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(o.problems.len(), 2, "{said:?}");
        assert_eq!(o.problems[0].0, 107);
        assert!(said[0].contains("`[!WARNING]`"), "{}", said[0]);
        assert!(
            said[1].contains("move `Wash hands` to the next line"),
            "{}",
            said[1]
        );
    }
}
