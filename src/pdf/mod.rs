//! PDFs of papers, reports, board packs and course print pages, made by safeguard
//! itself.
//!
//! A kind describes its document as a [`Doc`]: plain data, no markup, no HTML
//! except a page body as the renderer made it ([`Block::Html`]). With the `pdf`
//! feature (on by default) `typeset` lays it out with Typst as a library, through
//! one fixed template that reads the document as JSON, so no author's text is ever
//! read as Typst markup; without the feature nothing is typeset and no page links
//! to a PDF. Nothing else in the tree knows Typst.
//!
//! **Invariant:** every text a PDF shows is in its `Doc` (or fixed in the
//! template), and typesetting hands the public gate all a reader can get of it
//! (`Pdf::text`).

#[cfg(feature = "pdf")]
mod typeset;

use std::sync::Arc;

use serde::Serialize;

/// Whether this build of safeguard makes PDFs.
pub const ENABLED: bool = cfg!(feature = "pdf");

/// One PDF, as its kind describes it.
#[derive(Serialize, Hash)]
pub struct Doc {
    /// The document's title (its metadata and its first heading).
    pub title: String,
    /// `en` of `en-GB`.
    pub lang: String,
    /// `GB` of `en-GB`.
    pub region: Option<String>,
    /// Who the document is by (the organisation), for its metadata.
    pub author: Option<String>,
    /// The date the document carries (the meeting's, the publication's): year,
    /// month, day.
    pub date: Option<(i16, i8, i8)>,
    /// The running header of every page, unless a [`Block::Mark`] changes it.
    pub header: Mark,
    /// The page's address in the site (`papers/x/`): with the title, the PDF's
    /// stable identity.
    pub path: String,
    /// Where the page is on the web (`https://…/papers/x/`), to which the body's
    /// relative links are made absolute; `None` leaves them relative to the PDF,
    /// which sits in the page's folder.
    pub base: Option<String>,
    pub blocks: Vec<Block>,
}

/// What the running header says from here on.
#[derive(Serialize, Hash, Clone)]
pub struct Mark {
    pub text: String,
    /// "Draft – not for circulation", on a draft's pages.
    pub draft: Option<String>,
}

/// A block of a document. Text is never markup: it is shown as written.
#[derive(Serialize, Hash)]
#[serde(tag = "t", content = "c", rename_all = "kebab-case")]
pub enum Block {
    /// A cover sheet or title page, alone on its page: a line above the title, the
    /// title (a first-level heading, a bookmark), and what follows it.
    Cover {
        kicker: String,
        title: String,
        /// A name internal links and the agenda's page numbers reach it by.
        label: Option<String>,
        draft: Option<String>,
        blocks: Vec<Block>,
    },
    /// The contents list: every heading down to `depth`, with its page.
    Contents {
        depth: u8,
    },
    /// The running header changes from this page on.
    Mark(Mark),
    /// A new page, unless the page is empty.
    Break,
    Heading {
        level: u8,
        label: Option<String>,
        text: Vec<Inline>,
    },
    Para(Vec<Inline>),
    /// Text with no paragraph around it (an item of a tight list, a table cell).
    Plain(Vec<Inline>),
    List {
        ordered: bool,
        start: u32,
        items: Vec<Vec<Block>>,
    },
    Table(Table),
    /// A rule of key and value rows (a cover sheet's), each key a row header.
    Terms(Vec<(Vec<Inline>, Vec<Block>)>),
    /// A picture: `picture` numbers it among the document's pictures; `label` is
    /// the name links reach it by.
    Figure {
        picture: usize,
        label: Option<String>,
        format: &'static str,
        alt: String,
        /// Its width in points, where it says.
        width: Option<u32>,
        caption: Option<Vec<Inline>>,
    },
    Code(String),
    Quote(Vec<Block>),
    /// A callout (note, warning…): its title and text.
    Callout {
        title: String,
        blocks: Vec<Block>,
    },
    Rule,
    /// The agenda of a board pack, each item with the page its paper starts on.
    Agenda(Vec<AgendaRow>),
    /// A page body as the renderer made it; `typeset` reads it into blocks first.
    #[serde(skip_serializing)]
    Html(Arc<str>),
}

#[derive(Serialize, Hash)]
pub struct Table {
    /// The name links reach it by.
    pub label: Option<String>,
    pub caption: Option<Vec<Inline>>,
    pub head: Vec<Vec<Cell>>,
    pub body: Vec<Vec<Cell>>,
}

impl Table {
    /// A table with one header row of column titles, no caption and no name.
    pub fn of(columns: &[&str], body: Vec<Vec<Cell>>) -> Table {
        Table {
            label: None,
            caption: None,
            head: vec![columns.iter().map(|c| Cell::header(*c, "col")).collect()],
            body,
        }
    }
}

#[derive(Serialize, Hash)]
pub struct Cell {
    /// `col` or `row` for a header cell.
    pub header: Option<&'static str>,
    pub span: u32,
    /// How many rows it spans.
    pub rows: u32,
    /// Right-aligned (a number).
    pub num: bool,
    pub blocks: Vec<Block>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            header: None,
            span: 1,
            rows: 1,
            num: false,
            blocks: vec![Block::Plain(vec![Inline::Text(text.into())])],
        }
    }

    pub fn header(text: impl Into<String>, scope: &'static str) -> Cell {
        Cell {
            header: Some(scope),
            ..Cell::text(text)
        }
    }
}

#[derive(Serialize, Hash)]
pub struct AgendaRow {
    pub item: String,
    pub title: String,
    /// The label of the paper's cover sheet in the pack, when it is in it.
    pub label: Option<String>,
    pub presenter: Option<String>,
    pub minutes: Option<u32>,
    /// What the item says instead of a page: "Private paper: not in this pack".
    pub note: Option<String>,
}

/// Inline text. A plain string is text as written.
#[derive(Serialize, Hash, Clone)]
#[serde(tag = "t", content = "c", rename_all = "kebab-case")]
pub enum Inline {
    Strong(Vec<Inline>),
    Emph(Vec<Inline>),
    Code(String),
    Strike(Vec<Inline>),
    Sup(Vec<Inline>),
    Sub(Vec<Inline>),
    /// A link to an address, or (`#name`) to a place in the document.
    Link(String, Vec<Inline>),
    Break,
    /// Text as written; last, since serde wants its untagged variant there.
    #[serde(untagged)]
    Text(String),
}

impl Inline {
    pub fn text(s: impl Into<String>) -> Vec<Inline> {
        vec![Inline::Text(s.into())]
    }
}

/// A document typeset: its bytes, its pages, and all a reader can get of it as
/// text (for the public gate: a PDF's own text is compressed).
pub struct Pdf {
    /// Shared, so a PDF kept from one preview build to the next is the same bytes
    /// (which the manifest sees without digesting them again).
    pub bytes: crate::output::Bytes,
    /// What a reader of the build is told about the PDF (a character it cannot
    /// show, a picture it left out).
    pub warnings: Vec<Warning>,
    pub pages: usize,
    pub text: String,
}

/// A warning about a page's PDF: its words, and the text whose first place in the
/// page's source it is about.
pub struct Warning {
    pub find: Option<String>,
    pub message: String,
}

impl Doc {
    /// The language and region of a `language:` setting (`en-GB`).
    pub fn language(tag: &str) -> (String, Option<String>) {
        let mut parts = tag.split(['-', '_']);
        let lang = parts.next().unwrap_or("en").to_ascii_lowercase();
        let region = parts
            .next()
            .filter(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_alphabetic()))
            .map(str::to_ascii_uppercase);
        (if lang.is_empty() { "en".into() } else { lang }, region)
    }

    /// The names the document's own blocks give places (cover sheets and the
    /// headings in them, headings), which no body may take.
    pub fn labels(&self) -> Vec<&str> {
        fn walk<'b>(blocks: &'b [Block], out: &mut Vec<&'b str>) {
            for b in blocks {
                match b {
                    Block::Cover { label, blocks, .. } => {
                        out.extend(label.as_deref());
                        walk(blocks, out);
                    }
                    Block::Heading { label, .. } => out.extend(label.as_deref()),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.blocks, &mut out);
        out
    }

    /// Lays the document out into a PDF, or says why it cannot be.
    #[cfg(feature = "pdf")]
    pub fn typeset(&self, images: &dyn Fn(&str) -> Option<Vec<u8>>) -> Result<Pdf, String> {
        typeset::typeset(self, images)
    }

    /// Without the `pdf` feature nothing is typeset (and nothing asks: see [`ENABLED`]).
    #[cfg(not(feature = "pdf"))]
    pub fn typeset(&self, _images: &dyn Fn(&str) -> Option<Vec<u8>>) -> Result<Pdf, String> {
        Err("this safeguard was built without PDFs".to_string())
    }
}

/// Lets go of what typesetting remembers between documents, keeping what the last
/// few builds used (the preview keeps its speed; a long session does not grow).
pub fn after_build() {
    #[cfg(feature = "pdf")]
    typeset::evict();
}
