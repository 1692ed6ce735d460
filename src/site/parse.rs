//! Parsing each source into what the model is built from; `ParseCache` keeps the
//! parses of unchanged sources for `serve`.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::data::{Broken, DataDoc};
use crate::content::frontmatter::{self, FrontMatter};
use crate::content::markdown::{self, Outline};
use crate::content::{Source, SourceKind};
use crate::diagnostics::Diagnostic;
use crate::yaml::wellformed;

/// A source after parsing, before it has a place in the site.
#[derive(Clone)]
pub enum Parsed {
    /// Shared: `serve` keeps them between rebuilds.
    Page(Arc<FrontMatter>, usize, Arc<Outline>),
    Data(DataDoc),
    Asset,
    /// A page that cannot be published, with its errors, and its outline so that
    /// its links are still checked.
    Broken(Vec<Diagnostic>, Arc<Outline>),
    /// A data document that cannot be published, with its errors.
    BrokenData(Broken),
}

/// Parsed sources kept between builds by `serve`: a source whose path, kind and text
/// are unchanged parses to the same result. Sources the last load did not re-read
/// share their text with it, so most checks are a pointer comparison.
#[derive(Default)]
pub struct ParseCache {
    entries: std::sync::Mutex<HashMap<String, CachedParse>>,
    /// The datasets' figures, made from the sources that are not pages.
    pub(super) figures: super::build::FiguresMemo,
}

struct CachedParse {
    kind: SourceKind,
    text: std::sync::Arc<str>,
    result: ParseResult,
}

pub type ParseResult = Result<Parsed, Vec<Diagnostic>>;

impl ParseCache {
    /// Parses every source, reusing what the last call parsed; keeps only this call's
    /// results, so deleted and renamed files do not linger.
    pub fn parse_all(&self, sources: &[Source]) -> Vec<ParseResult> {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let hit = |s: &Source| {
            entries
                .get(&s.rel)
                .filter(|hit| {
                    hit.kind == s.kind && (Arc::ptr_eq(&hit.text, &s.text) || hit.text == s.text)
                })
                .map(|hit| hit.result.clone())
        };
        let results: Vec<(ParseResult, bool)> = sources
            .par_iter()
            .map(|s| match hit(s) {
                Some(result) => (result, true),
                None => (parse_source(s), false),
            })
            .collect();
        // Only what changed is put in again; then every source has its entry, and
        // any more are of files gone.
        for (s, (result, hit)) in sources.iter().zip(&results) {
            if !hit {
                let parse = CachedParse {
                    kind: s.kind,
                    text: Arc::clone(&s.text),
                    result: result.clone(),
                };
                entries.insert(s.rel.clone(), parse);
            }
        }
        if entries.len() != sources.len() {
            let current: std::collections::HashSet<&str> =
                sources.iter().map(|s| s.rel.as_str()).collect();
            entries.retain(|rel, _| current.contains(rel.as_str()));
        }
        results.into_iter().map(|(result, _)| result).collect()
    }
}

pub fn parse_source(source: &Source) -> Result<Parsed, Vec<Diagnostic>> {
    match source.kind {
        SourceKind::Asset | SourceKind::Table => Ok(Parsed::Asset),
        SourceKind::Data => Ok(match DataDoc::parse(&source.rel, &source.text) {
            Ok(doc) => Parsed::Data(doc),
            Err(broken) => Parsed::BrokenData(broken),
        }),
        SourceKind::Page => {
            let split = frontmatter::split(&source.rel, &source.text).map_err(|d| vec![d])?;
            let front = FrontMatter::parse(&source.rel, &source.text, &split);
            let mut outline = markdown::outline(split.body, split.body_offset);
            let controls = wellformed::raw(&source.rel, &source.text, split.body_offset);
            match front {
                Ok(front) if controls.is_empty() => Ok(Parsed::Page(
                    Arc::new(front),
                    split.body_offset,
                    Arc::new(outline),
                )),
                // The page cannot be published, but its links are still checked, so
                // one build reports everything wrong with it.
                front => {
                    let mut problems = front.err().unwrap_or_default();
                    problems.extend(controls);
                    for (offset, message) in std::mem::take(&mut outline.problems) {
                        problems.push(
                            Diagnostic::error(&source.rel, message).at_offset(&source.text, offset),
                        );
                    }
                    Ok(Parsed::Broken(problems, Arc::new(outline)))
                }
            }
        }
    }
}
