//! A page body, as the renderer wrote it in HTML, read back into the blocks the
//! template lays out: headings, paragraphs, lists, tables with their header rows,
//! charts (the SVG itself, drawn as vector graphics), pictures, callouts. What the
//! print stylesheet hides (heading anchors, text only for screen readers, controls)
//! is left out, as it is on paper.

mod address;
mod svg;
mod table;
mod text;
mod tree;

use std::collections::HashSet;

use crate::pdf::{Block, Inline};
use svg::write_svg;
use text::{flush, trimmed};
use tree::{Element, Node, tree};

/// What the body's pictures are: each chart's SVG and each picture's bytes, in the
/// order the blocks number them.
pub struct Reader<'a> {
    /// The page's own absolute address, if the site has one.
    base: Option<&'a str>,
    pub pictures: Vec<Vec<u8>>,
    /// Ids headings carry, each once: a link to `#id` works only if one has it.
    pub labels: HashSet<String>,
    /// Where each picture came from: its `src`, or none for a chart drawn here.
    pub sources: Vec<Option<String>>,
    /// The text drawn inside the charts, which the PDF carries in its pictures.
    pub drawn: String,
    /// How deep the block being read is in lists, quotes, tables and callouts, and
    /// the inline text in emphasis and links.
    depth: usize,
    inline_depth: usize,
    /// The id of the element around, for the table or picture in it that has none.
    pending: Option<String>,
    /// The level of the last heading: a heading may go one level deeper than it,
    /// never more (a reader moving by headings would find a level missing).
    pub level: u8,
    images: &'a dyn Fn(&str) -> Option<Vec<u8>>,
}

impl<'a> Reader<'a> {
    pub fn new(images: &'a dyn Fn(&str) -> Option<Vec<u8>>, base: Option<&'a str>) -> Self {
        Reader {
            base,
            pictures: Vec::new(),
            labels: HashSet::new(),
            sources: Vec::new(),
            drawn: String::new(),
            level: 1,
            pending: None,
            depth: 0,
            inline_depth: 0,
            images,
        }
    }

    /// The blocks of one body.
    pub fn read(&mut self, html: &str) -> Vec<Block> {
        let nodes = tree(html);
        let mut out = Vec::new();
        self.blocks(&nodes, &mut out);
        out
    }

    fn blocks(&mut self, nodes: &[Node], out: &mut Vec<Block>) {
        let mut run: Vec<Inline> = Vec::new();
        for node in nodes {
            match node {
                Node::Text(t) => run.push(Inline::Text(t.clone())),
                Node::Element(e) if hidden(e) => {}
                Node::Element(e) if is_inline(&e.name) && !holds_picture(e) => {
                    self.inline(e, &mut run)
                }
                Node::Element(e) => {
                    flush(&mut run, out, false);
                    self.block(e, out);
                }
            }
        }
        flush(&mut run, out, false);
    }

    fn block(&mut self, e: &Element, out: &mut Vec<Block>) {
        // Past a few levels, what nests (lists in lists, quotes in quotes) is read
        // as blocks at the level reached: the page keeps its text, and laying it out
        // stays within bounds.
        let nests = matches!(
            e.name.as_str(),
            "ul" | "ol" | "menu" | "blockquote" | "table" | "dl" | "details" | "figure"
        ) || e.has_class("callout");
        if nests && self.depth >= MAX_DEPTH {
            return self.blocks(&e.children, out);
        }
        // A wrapper's id names the table or picture inside it (a report's numbered
        // tables are linked by their wrapper's).
        let wraps = !matches!(
            e.name.as_str(),
            "table" | "figure" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
        ) && e.attr("id").is_some();
        let outer = match wraps {
            true => std::mem::replace(&mut self.pending, e.attr("id").map(str::to_string)),
            false => None,
        };
        self.depth += usize::from(nests);
        self.block_of(e, out);
        self.depth -= usize::from(nests);
        if wraps {
            self.pending = outer;
        }
    }

    fn block_of(&mut self, e: &Element, out: &mut Vec<Block>) {
        match e.name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let text = trimmed(self.inlines(&e.children));
                // An empty heading names nothing: a reader moving by headings would
                // meet a blank.
                if text.is_empty() {
                    return;
                }
                let level = self.heading(e.name.as_bytes()[1] - b'0');
                // An id the document already gives a place (its own, or one
                // safeguard's blocks take) names nothing more.
                let label = e
                    .attr("id")
                    .filter(|id| !id.is_empty() && self.labels.insert(id.to_string()))
                    .map(str::to_string);
                out.push(Block::Heading { level, label, text });
            }
            "p" => self.paragraph(e, out),
            "ul" | "ol" | "menu" => out.push(self.list(e)),
            "table" => out.push(Block::Table(self.table(e))),
            "dl" => out.push(self.terms(e)),
            "pre" => out.push(Block::Code(text_of(&e.children))),
            "blockquote" => {
                let mut inner = Vec::new();
                self.blocks(&e.children, &mut inner);
                out.push(Block::Quote(inner));
            }
            "hr" => out.push(Block::Rule),
            "svg" => out.push(self.chart(e, None, None)),
            "img" => out.push(self.picture(e, None, None)),
            "figure" => self.figure(e, out),
            "details" => {
                for child in &e.children {
                    match child {
                        Node::Element(s) if s.name == "summary" => {
                            let text = trimmed(self.inlines(&s.children));
                            out.push(Block::Para(vec![Inline::Strong(text)]));
                        }
                        other => self.blocks(std::slice::from_ref(other), out),
                    }
                }
            }
            "div" if e.has_class("callout") => out.push(self.callout(e)),
            // Any other element holds blocks (div, section, aside, header…).
            _ => self.blocks(&e.children, out),
        }
    }

    /// A paragraph, with any picture in it as a block of its own.
    fn paragraph(&mut self, e: &Element, out: &mut Vec<Block>) {
        let mut run = Vec::new();
        let mut inner = Vec::new();
        for child in &e.children {
            match child {
                Node::Element(img) if holds_picture(img) => {
                    flush(&mut run, &mut inner, true);
                    self.block(img, &mut inner);
                }
                Node::Element(c) if hidden(c) => {}
                Node::Element(c) => self.inline(c, &mut run),
                Node::Text(t) => run.push(Inline::Text(t.clone())),
            }
        }
        flush(&mut run, &mut inner, true);
        out.extend(inner);
    }

    fn list(&mut self, e: &Element) -> Block {
        let items = e
            .children
            .iter()
            .filter_map(|n| match n {
                Node::Element(li) if li.name == "li" && !hidden(li) => {
                    let mut blocks = Vec::new();
                    self.blocks(&li.children, &mut blocks);
                    Some(blocks)
                }
                _ => None,
            })
            .collect();
        Block::List {
            ordered: e.name == "ol",
            start: e.attr("start").and_then(|s| s.parse().ok()).unwrap_or(1),
            items,
        }
    }

    /// A callout: its title, and what it says.
    fn callout(&mut self, e: &Element) -> Block {
        let mut inner = Vec::new();
        let mut title = String::new();
        for child in &e.children {
            match child {
                Node::Element(p) if p.has_class("callout-title") => {
                    title = text_of(&p.children).trim().to_string();
                }
                other => self.blocks(std::slice::from_ref(other), &mut inner),
            }
        }
        Block::Callout {
            title,
            blocks: inner,
        }
    }

    /// The name an element's id gives its block, if no other block has it.
    fn name(&mut self, e: &Element) -> Option<String> {
        let id = e.attr("id").filter(|id| !id.is_empty())?;
        self.labels.insert(id.to_string()).then(|| id.to_string())
    }

    /// A heading's level as the document can have it: no deeper than one below the
    /// heading before it.
    pub fn heading(&mut self, level: u8) -> u8 {
        self.level = level.clamp(1, self.level + 1);
        self.level
    }

    fn inlines(&mut self, nodes: &[Node]) -> Vec<Inline> {
        let mut run = Vec::new();
        for node in nodes {
            match node {
                Node::Text(t) => run.push(Inline::Text(t.clone())),
                Node::Element(e) if hidden(e) => {}
                Node::Element(e) => self.inline(e, &mut run),
            }
        }
        run
    }

    fn inline(&mut self, e: &Element, run: &mut Vec<Inline>) {
        // Emphasis in emphasis past a few levels adds nothing: its text is kept.
        if self.inline_depth >= MAX_DEPTH {
            let inner = self.inlines(&e.children);
            return run.extend(inner);
        }
        self.inline_depth += 1;
        self.inline_of(e, run);
        self.inline_depth -= 1;
    }

    fn inline_of(&mut self, e: &Element, run: &mut Vec<Inline>) {
        let inner = |r: &mut Self| r.inlines(&e.children);
        let item = match e.name.as_str() {
            "strong" | "b" => Inline::Strong(inner(self)),
            "em" | "i" | "cite" | "dfn" | "var" => Inline::Emph(inner(self)),
            "code" | "kbd" | "samp" | "tt" => Inline::Code(text_of(&e.children)),
            "del" | "s" | "strike" => Inline::Strike(inner(self)),
            "sup" => Inline::Sup(inner(self)),
            "sub" => Inline::Sub(inner(self)),
            "br" => Inline::Break,
            "a" => match e.attr("href") {
                // Typst refuses a very long address; the text stays, unlinked.
                Some(href) if !href.is_empty() && href.len() <= MAX_ADDRESS => {
                    Inline::Link(address::absolute(self.base, href), inner(self))
                }
                _ => return run.extend(inner(self)),
            },
            "q" => {
                run.push(Inline::Text("“".into()));
                run.extend(inner(self));
                run.push(Inline::Text("”".into()));
                return;
            }
            "img" => {
                let alt = e.attr("alt").unwrap_or_default();
                return run.push(Inline::Text(alt.to_string()));
            }
            _ => return run.extend(inner(self)),
        };
        run.push(item);
    }

    fn figure(&mut self, e: &Element, out: &mut Vec<Block>) {
        let caption = e.children.iter().find_map(|n| match n {
            Node::Element(c) if c.name == "figcaption" => Some(c),
            _ => None,
        });
        let caption = caption.map(|c| trimmed(self.inlines(&c.children)));
        let pictures: Vec<&Element> = e
            .children
            .iter()
            .filter_map(|n| match n {
                Node::Element(c) if c.name == "svg" || c.name == "img" => Some(c),
                _ => None,
            })
            .collect();
        if let [one] = pictures[..] {
            let label = self.name(e).or_else(|| self.pending.take());
            out.push(match one.name.as_str() {
                "svg" => self.chart(one, caption, label),
                _ => self.picture(one, caption, label),
            });
            let rest: Vec<&Node> = e
                .children
                .iter()
                .filter(|n| !matches!(n, Node::Element(c) if c.name == "figcaption" || std::ptr::eq(c, one)))
                .collect();
            for n in rest {
                self.blocks(std::slice::from_ref(n), out);
            }
            return;
        }
        // A figure that is a table, or holds several pictures: its parts in order.
        for child in &e.children {
            match child {
                Node::Element(c) if c.name == "figcaption" => {
                    out.push(Block::Para(vec![Inline::Strong(trimmed(
                        self.inlines(&c.children),
                    ))]));
                }
                other => self.blocks(std::slice::from_ref(other), out),
            }
        }
    }

    /// A chart: its SVG as it is on the page, with the theme's colours, and its title
    /// and description as the picture's alternative text.
    fn chart(
        &mut self,
        svg: &Element,
        caption: Option<Vec<Inline>>,
        label: Option<String>,
    ) -> Block {
        let mut alt = Vec::new();
        for child in &svg.children {
            if let Node::Element(c) = child
                && (c.name == "title" || c.name == "desc")
            {
                let t = text_of(&c.children);
                let t = t.trim();
                if !t.is_empty() {
                    alt.push(t.to_string());
                }
            }
        }
        let alt = match alt.is_empty() {
            true => svg.attr("aria-label").unwrap_or("Chart").to_string(),
            false => alt.join(". "),
        };
        let mut xml = String::new();
        write_svg(svg, &mut xml, true);
        // Each text of the chart apart, as a reader copying them gets them.
        spaced_text(&svg.children, &mut self.drawn);
        self.drawn.push('\n');
        let width = svg.attr("width").and_then(|w| w.parse::<f64>().ok());
        self.pictures.push(xml.into_bytes());
        self.sources.push(None);
        Block::Figure {
            picture: self.pictures.len() - 1,
            label,
            format: "svg",
            alt,
            width: width.map(|w| (w * 0.75).round() as u32),
            caption,
        }
    }

    /// A picture of the site, or its alternative text where it cannot be had.
    fn picture(
        &mut self,
        img: &Element,
        caption: Option<Vec<Inline>>,
        label: Option<String>,
    ) -> Block {
        let alt = img.attr("alt").unwrap_or_default().to_string();
        let src = img.attr("src").unwrap_or_default();
        let format = picture_format(src);
        // A picture of a format the PDF cannot show is not read at all.
        let bytes = format.and_then(|_| (self.images)(src));
        match (format, bytes) {
            (Some(format), Some(bytes)) => {
                self.pictures.push(bytes);
                self.sources.push(Some(src.to_string()));
                Block::Figure {
                    picture: self.pictures.len() - 1,
                    label,
                    format,
                    alt,
                    width: img
                        .attr("width")
                        .and_then(|w| w.parse::<f64>().ok())
                        .map(|w| (w * 0.75).round() as u32),
                    caption,
                }
            }
            _ => Block::Para(vec![Inline::Emph(Inline::text(format!(
                "[Picture: {alt}]"
            )))]),
        }
    }
}

/// The longest address a PDF link is given.
const MAX_ADDRESS: usize = 2000;

/// How deep blocks (and inline text) nest in a PDF; deeper is read flat.
const MAX_DEPTH: usize = 8;

/// The formats Typst reads, by a picture's name.
fn picture_format(src: &str) -> Option<&'static str> {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "png" => Some("png"),
        "jpg" | "jpeg" => Some("jpg"),
        "gif" => Some("gif"),
        "webp" => Some("webp"),
        "svg" => Some("svg"),
        _ => None,
    }
}

/// What the print stylesheet and the reader leave out: text only for screen readers
/// (the PDF has its own tags), heading anchors, controls, scripts.
fn hidden(e: &Element) -> bool {
    matches!(
        e.name.as_str(),
        "script"
            | "style"
            | "template"
            | "nav"
            | "button"
            | "input"
            | "select"
            | "textarea"
            | "noscript"
    ) || e.attr("hidden").is_some()
        || e.attr("aria-hidden") == Some("true")
        || [
            "visually-hidden",
            "heading-anchor",
            "skip-link",
            "print-hint",
            "feedback",
        ]
        .iter()
        .any(|c| e.has_class(c))
}

fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "br"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "i"
            | "ins"
            | "kbd"
            | "label"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strike"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "tt"
            | "u"
            | "var"
            | "wbr"
    )
}

/// Whether an element is a picture that stands as a block of its own.
fn holds_picture(e: &Element) -> bool {
    e.name == "img" || e.name == "svg"
}

/// The texts under some nodes, each followed by a space.
fn spaced_text(nodes: &[Node], out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(t) => {
                out.push_str(t);
                if !t.ends_with(char::is_whitespace) {
                    out.push(' ');
                }
            }
            Node::Element(e) => spaced_text(&e.children, out),
        }
    }
}

/// All the text under some nodes, as written.
fn text_of(nodes: &[Node]) -> String {
    let mut s = String::new();
    for node in nodes {
        match node {
            Node::Text(t) => s.push_str(t),
            Node::Element(e) if !hidden(e) => s.push_str(&text_of(&e.children)),
            Node::Element(_) => {}
        }
    }
    s
}

#[cfg(test)]
mod tests;
