//! The Typst `World` one document is typeset in: the fixed template as its only
//! source, the document as `/doc.json`, its pictures as `/img/N`, and the fonts
//! compiled into the binary. Nothing is read from disk and nothing from the
//! network, so the same document gives the same bytes anywhere.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Feature, Features, Library, LibraryExt, World};

/// The template: every document is laid out by this one file, which reads its text
/// from `/doc.json`, so no text of a page is ever read as Typst markup.
const TEMPLATE: &str = include_str!("template.typ");

/// Liberation Sans (metric-compatible with Arial, the NHS's everyday typeface) and
/// Liberation Mono for code, under the SIL Open Font License (`fonts/OFL.txt`), and
/// DejaVu Sans for the letters and symbols they lack (ticked boxes, arrows, Greek,
/// Cyrillic), under the Bitstream Vera licence (`fonts/DejaVu-LICENSE.txt`).
const FONTS: [&[u8]; 6] = [
    include_bytes!("../fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../fonts/LiberationSans-Italic.ttf"),
    include_bytes!("../fonts/LiberationSans-BoldItalic.ttf"),
    include_bytes!("../fonts/LiberationMono-Regular.ttf"),
    include_bytes!("../fonts/DejaVuSans.ttf"),
];

/// What every document shares: the library, the fonts and the template, made once.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: FileId,
    doc: FileId,
    source: Source,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONTS
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    // `a11y-extras` gives `pdf.header-cell`, which marks a row's header cell as one.
    let features: Features = [Feature::A11yExtras].into_iter().collect();
    let main = id("/main.typ");
    Shared {
        library: LazyHash::new(Library::builder().with_features(features).build()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
        main,
        doc: id("/doc.json"),
        source: Source::new(main, TEMPLATE.to_string()),
    }
});

/// A file's id. Typst keeps every id it hands out for the life of the process (at
/// most 65,535), so the ids are a fixed few (`/doc.json`, `/img/0`, `/img/1`, …),
/// reused by every document, never one per page.
fn id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a fixed, well-formed path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// The path a document's `n`th picture is read from.
pub fn picture_path(n: usize) -> String {
    format!("/img/{n}")
}

/// One document: its JSON and its pictures, in the order their paths number them.
pub struct DocWorld {
    json: Bytes,
    pictures: Vec<(FileId, Bytes)>,
}

impl DocWorld {
    pub fn new(json: Vec<u8>, pictures: Vec<Vec<u8>>) -> Self {
        DocWorld {
            json: Bytes::new(json),
            pictures: pictures
                .into_iter()
                .enumerate()
                .map(|(n, bytes)| (id(&picture_path(n)), Bytes::new(bytes)))
                .collect(),
        }
    }
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        SHARED.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == SHARED.main {
            Ok(SHARED.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == SHARED.doc {
            return Ok(self.json.clone());
        }
        self.pictures
            .iter()
            .find(|(p, _)| *p == id)
            .map(|(_, bytes)| bytes.clone())
            .ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    /// No clock: a document's date is the one its page gives, so the bytes do not
    /// depend on the day they were made.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
