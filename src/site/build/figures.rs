//! Indicator sets and training datasets in the model: each a page, its CSV files read
//! once every source is placed and the registry is known, so each row's organisation
//! is checked against it.
//!
//! Invariant: a dataset's CSV files are never published as files (a public build
//! would carry every small count in them); their figures reach the output only
//! through the dataset's page and the downloads made from them.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{Builder, Place};
use crate::content::{Source, SourceKind};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::figures::figure::Smalls;
use crate::figures::indicators::{DataFiles, IndicatorSet};
use crate::figures::observe::DataFile;
use crate::figures::table::{self, Table};
use crate::figures::training::TrainingSet;
use crate::site::{Figures, FiguresPage, PageId, PageKind, Site, Withheld};

/// A dataset as written.
pub(super) enum Dataset {
    Indicators(Box<IndicatorSet>),
    Training(Box<TrainingSet>),
}

impl Dataset {
    fn data(&self) -> &serde_saphyr::Spanned<DataFiles> {
        match self {
            Dataset::Indicators(s) => &s.data,
            Dataset::Training(s) => &s.data,
        }
    }
}

/// A dataset given its page, its files not yet read.
pub(super) struct Placed {
    source: usize,
    page: usize,
    dir: String,
    set: Dataset,
}

impl Builder<'_> {
    pub(super) fn add_dataset(&mut self, place: &Place, set: Dataset, diags: &mut Diagnostics) {
        let (visibility, title, weight) = match &set {
            Dataset::Indicators(s) => (s.visibility, s.title.clone(), s.weight),
            Dataset::Training(s) => (s.visibility, s.title.clone(), s.weight),
        };
        if self.withholds(visibility, place.index) {
            // Its files are not published either, whatever links to them.
            self.datasets_withheld
                .push((place.index, place.dir.to_string(), set));
            return;
        }
        let url = place.page_url();
        if !self.claim(&url, place.index, diags) {
            return;
        }
        let id = self.datasets.len();
        let page = self.data_page(place, url, title, PageKind::Figures(id));
        let page = self.add_page(crate::site::Page {
            data_weight: weight,
            ..page
        });
        self.datasets.push(Placed {
            source: place.index,
            page,
            dir: place.dir.to_string(),
            set,
        });
    }
}

/// Reads each dataset's files and makes its figures; every problem is reported, at
/// the `data:` line for a file that is missing, at the cell for the rest. The files
/// of withheld datasets are withheld too.
pub(super) fn load(
    site: &mut Site,
    sources: &[Source],
    (datasets, withheld): (Vec<Placed>, Vec<(usize, String, Dataset)>),
    memo: Option<&FiguresMemo>,
    diags: &mut Diagnostics,
) {
    if datasets.is_empty() && withheld.is_empty() {
        return;
    }
    let by_rel: HashMap<&str, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.content_rel.as_str(), i))
        .collect();
    for (source, dir, set) in &withheld {
        for (_, file) in files_of(sources, &by_rel, dir, set.data()) {
            if let Some(f) = file {
                withhold_file(site, sources, f, *source);
            }
        }
    }
    let dir = site.registry.as_ref().map(|r| &r.directory);
    let smalls = site.smalls();
    let inputs = Inputs::of(site, sources, &datasets);
    let loaded: Vec<Loaded> = match memo.and_then(|m| m.take(&inputs)) {
        Some(loaded) => loaded,
        None => {
            let loaded: Vec<Loaded> = datasets
                .into_par_iter()
                .map(|d| read(sources, &by_rel, d, (dir, smalls)))
                .collect();
            if let Some(memo) = memo {
                memo.keep(inputs, &loaded);
            }
            loaded
        }
    };
    for (page, problems) in loaded {
        diags.extend(problems);
        for &f in &page.files {
            withhold_file(site, sources, f, page.source);
        }
        site.figures.push(page);
    }
}

/// The datasets' figures and problems as the last build made them, for `serve`: a
/// build whose inputs are those of the last takes them instead of reading every CSV
/// file and working out every figure again.
#[derive(Default)]
pub struct FiguresMemo {
    last: std::sync::Mutex<Option<(Inputs, Vec<Loaded>)>>,
}

/// A dataset's figures and the problems found making them.
type Loaded = (FiguresPage, Vec<Diagnostic>);

impl FiguresMemo {
    fn take(&self, inputs: &Inputs) -> Option<Vec<Loaded>> {
        let last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        let (was, loaded) = last.as_ref()?;
        was.same(inputs).then(|| loaded.clone())
    }

    fn keep(&self, inputs: Inputs, loaded: &[Loaded]) {
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) = Some((inputs, loaded.to_vec()));
    }
}

/// Everything the figures are made from: the settings and what is published, the
/// registry, where each dataset is (its source, page and folder), and every source
/// that is not a page (its datasets, their CSV files, the registry).
pub struct Inputs {
    settings: (String, String),
    /// The registry the rows are checked against, if one was placed (a page that
    /// takes its address leaves none).
    registry: Option<(usize, PageId)>,
    placed: Vec<(usize, PageId, String)>,
    sources: Vec<Read>,
}

/// A source that is not a page, as the figures were made from it: by number (the
/// figures name their files by number), path and kind, and its text, held so that
/// the same pointer is the same text.
struct Read {
    index: usize,
    rel: String,
    kind: SourceKind,
    text: std::sync::Arc<str>,
    /// Read as UTF-8 text (an undecoded file is read from its bytes: never kept).
    decoded: bool,
}

impl Inputs {
    fn of(site: &Site, sources: &[Source], datasets: &[Placed]) -> Inputs {
        Inputs {
            settings: (site.config.text.clone(), format!("{:?}", site.selection)),
            registry: site.registry.as_ref().map(|r| (r.source, r.page)),
            placed: datasets
                .iter()
                .map(|d| (d.source, d.page, d.dir.clone()))
                .collect(),
            sources: sources
                .iter()
                .enumerate()
                .filter(|(_, s)| s.kind != SourceKind::Page)
                .map(|(index, s)| Read {
                    index,
                    rel: s.rel.clone(),
                    kind: s.kind,
                    text: std::sync::Arc::clone(&s.text),
                    decoded: s.undecoded.is_none(),
                })
                .collect(),
        }
    }

    /// The same inputs: every text the very one read before (a file read again is
    /// a new text, and the figures are made again).
    fn same(&self, now: &Inputs) -> bool {
        self.settings == now.settings
            && self.registry == now.registry
            && self.placed == now.placed
            && self.sources.len() == now.sources.len()
            && self.sources.iter().zip(&now.sources).all(|(a, b)| {
                (a.index, &a.rel, a.kind) == (b.index, &b.rel, b.kind)
                    && a.decoded
                    && b.decoded
                    && std::sync::Arc::ptr_eq(&a.text, &b.text)
            })
    }
}

/// A data file leaves the site's assets: links to it are explained.
fn withhold_file(site: &mut Site, sources: &[Source], file: usize, dataset: usize) {
    let rel = &sources[file].content_rel;
    site.assets.retain(|a| a.source != file);
    site.targets.remove(rel);
    site.unpublished
        .insert(rel.clone(), Withheld::Data(dataset));
}

/// Each file `data:` names, with its source if there is one.
fn files_of<'d>(
    sources: &[Source],
    by_rel: &HashMap<&str, usize>,
    dir: &str,
    data: &'d serde_saphyr::Spanned<DataFiles>,
) -> Vec<(&'d str, Option<usize>)> {
    data.value
        .files()
        .into_iter()
        .map(|f| {
            let rel = if dir.is_empty() {
                f.trim().to_string()
            } else {
                format!("{dir}/{}", f.trim())
            };
            let found = by_rel
                .get(rel.as_str())
                .copied()
                .filter(|&i| sources[i].kind == SourceKind::Table);
            (f, found)
        })
        .collect()
}

/// One dataset's files read and its figures made.
fn read(
    sources: &[Source],
    by_rel: &HashMap<&str, usize>,
    d: Placed,
    (dir, smalls): (Option<&crate::organisations::Directory>, Option<Smalls>),
) -> (FiguresPage, Vec<Diagnostic>) {
    let own = &sources[d.source];
    let at = crate::yaml::top_value_pos(&own.text, "data").unwrap_or((1, 1));
    let mut problems = Vec::new();
    let named = files_of(sources, by_rel, &d.dir, d.set.data());
    let mut found = Vec::new();
    for (name, file) in named {
        match file {
            Some(f) => found.push(f),
            None => problems.push(
                Diagnostic::error(
                    &own.rel,
                    format!(
                        "there is no file `{}` beside this one (in content/{}): check its name, or put the CSV file of figures there",
                        name.trim(),
                        if d.dir.is_empty() { String::new() } else { format!("{}/", d.dir) }
                    ),
                )
                .at_line_col(&own.text, at.0, at.1),
            ),
        }
    }
    let tables: Vec<Result<Table, Vec<Diagnostic>>> = found
        .par_iter()
        .map(|&f| {
            let s = &sources[f];
            // A control character in a cell would reach pages and downloads.
            let controls = crate::yaml::wellformed::raw(&s.rel, &s.text, 0);
            match &s.undecoded {
                Some(bytes) => table::read(&s.rel, bytes),
                None if !controls.is_empty() => Err(controls),
                None => table::read(&s.rel, s.text.as_bytes()),
            }
        })
        .collect();
    let mut files = Vec::new();
    for (&f, t) in found.iter().zip(&tables) {
        match t {
            Ok(t) => files.push(DataFile {
                path: &sources[f].rel,
                text: &sources[f].text,
                table: t,
            }),
            Err(p) => problems.extend(p.iter().cloned()),
        }
    }
    let data = match d.set {
        Dataset::Indicators(set) => {
            let (data, p) = crate::figures::indicators(*set, &files, dir, smalls);
            problems.extend(p);
            Figures::Indicators(std::sync::Arc::new(data))
        }
        Dataset::Training(set) => {
            let (data, p) = crate::figures::training(*set, &files, dir, smalls);
            problems.extend(p);
            Figures::Training(std::sync::Arc::new(data))
        }
    };
    (
        FiguresPage {
            source: d.source,
            page: d.page,
            files: found,
            failed: problems.iter().any(|p| p.is_error()),
            data,
        },
        problems,
    )
}
