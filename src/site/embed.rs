//! The blocks that embed a dataset's figures in a page (`indicators`, `training`):
//! the dataset named on the first line, resolved like a link, and each `key: value`
//! line after it checked against the dataset, every problem at its own place.

use super::address::{address_url, would_be_at};
use super::links::{is_external, target_path};
use super::{Figures, LinkTarget, PageKind, ResolvedLink, Site, Withheld};
use crate::content::markdown::{BlockLine, EmbedKind, LinkRef};
use crate::content::slug::percent_decode;
use crate::figures::figure::Figure;
use crate::figures::period::{Period, PeriodKind};

/// What a figures block shows, checked against its dataset.
#[derive(Clone, Debug, PartialEq)]
pub struct FigureEmbed {
    /// The dataset: an index into `Site::figures`.
    pub figures: usize,
    /// The indicators chosen, by index in the set, in the order written; `None` for
    /// all of them.
    pub indicators: Option<Vec<usize>>,
    /// The period asked for; `None` for the latest.
    pub period: Option<Period>,
    pub by: TrainingBy,
    /// The caption written for the block's table (`caption:`), replacing its own.
    pub caption: Option<String>,
}

/// Which breakdown a training block shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrainingBy {
    /// By strand and level, then the overall row.
    Level,
    Organisation,
    StaffGroup,
    Overall,
}

const BY: [(&str, TrainingBy); 4] = [
    ("level", TrainingBy::Level),
    ("organisation", TrainingBy::Organisation),
    ("staff-group", TrainingBy::StaffGroup),
    ("overall", TrainingBy::Overall),
];

/// Problems, each at its byte offset in the page's file.
pub type Problems = Vec<(usize, String)>;

impl Site {
    /// The dataset and choices of a figures block at `from` (a path under
    /// `content/`). `Ok(None)`: it names a dataset whose files failed to load, whose
    /// own errors say it all.
    pub(super) fn embedded_figures(
        &self,
        from: &str,
        link: &LinkRef,
        kind: EmbedKind,
    ) -> Result<Option<FigureEmbed>, Problems> {
        let at = link.offset;
        let f = self.embedded_dataset(from, &link.dest, kind).map_err(|e| {
            let mut all = vec![(at, e)];
            // What can be said of the lines without their dataset, said now too.
            all.extend(self.lines(link, kind, None).err().unwrap_or_default());
            all
        })?;
        if self.figures[f].failed {
            // Only what does not depend on its figures is said.
            return self.lines(link, kind, None).map(|_| None);
        }
        self.lines(link, kind, Some(f)).map(Some)
    }

    /// The dataset a block's first line names.
    fn embedded_dataset(&self, from: &str, dest: &str, kind: EmbedKind) -> Result<usize, String> {
        let (name, what, example) = match kind {
            EmbedKind::Training => (
                "training",
                "training compliance (`kind: training`)",
                "../figures/training-compliance.yaml",
            ),
            _ => (
                "indicators",
                "an indicator set (`kind: indicators`)",
                "../figures/partnership-indicators.yaml",
            ),
        };
        let block = a_block(name);
        if dest.is_empty() {
            return Err(format!(
                "this `{name}` block is empty: write the path of {what} on its first line, such as `{example}`"
            ));
        }
        if is_external(dest) {
            return Err(format!(
                "`{dest}` is not a file of this site: {block} names {what} by its path from this file, such as `{example}`"
            ));
        }
        let page = if dest.starts_with('/') {
            match self.resolve_address(dest)? {
                ResolvedLink::Internal(url) => {
                    let url = url.split_once('#').map_or(url.as_str(), |(u, _)| u);
                    self.pages.iter().position(|p| p.url == url)
                }
                ResolvedLink::AsWritten => None,
            }
        } else {
            self.block_target(from, dest, |j| self.nearest_dataset(from, j, kind))
                .map_err(|why| format!("cannot embed the figures of `{dest}`: {why}"))?
        };
        let found = page.and_then(|id| match self.pages[id].kind {
            PageKind::Figures(f) => Some(f),
            _ => None,
        });
        match (found, kind) {
            (Some(f), EmbedKind::Training)
                if matches!(self.figures[f].data, Figures::Training(_)) =>
            {
                Ok(f)
            }
            (Some(f), EmbedKind::Indicators)
                if matches!(self.figures[f].data, Figures::Indicators(_)) =>
            {
                Ok(f)
            }
            (Some(_), EmbedKind::Training) => Err(format!(
                "`{dest}` is an indicator set, not training compliance: embed it with an `indicators` block"
            )),
            (Some(_), _) => Err(format!(
                "`{dest}` is training compliance, not an indicator set: embed it with a `training` block"
            )),
            (None, _) => Err(format!(
                "`{dest}` is not {what}: {block} names a `kind: {name}` file"
            )),
        }
    }

    /// The page a block's path names from the file at `from`: `Ok(None)` for a
    /// published file that is not a page; `Err` says why nothing is there, offering
    /// the `nearest` path of the kind the block wants.
    pub(super) fn block_target(
        &self,
        from: &str,
        dest: &str,
        nearest: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<super::PageId>, String> {
        let joined = target_path(from, dest);
        match joined.as_ref().and_then(|j| self.targets.get(j)) {
            Some(LinkTarget::Page(id)) => Ok(Some(*id)),
            Some(_) => Ok(None),
            None => {
                let joined = joined.as_deref().unwrap_or(dest);
                let mut why = self.missing(joined, dest);
                if !self.unpublished.contains_key(joined)
                    && !why.contains("did you mean")
                    && let Some(near) = nearest(joined)
                {
                    why = format!("`{dest}` does not exist (did you mean `{near}`?)");
                }
                Err(why)
            }
        }
    }

    /// The path, from the page at `from`, of the dataset of this kind whose path is
    /// nearest `joined` in spelling, if one is near enough to be meant.
    fn nearest_dataset(&self, from: &str, joined: &str, kind: EmbedKind) -> Option<String> {
        let training = kind == EmbedKind::Training;
        let (d, rel) = self
            .figures
            .iter()
            .filter(|f| matches!(f.data, Figures::Training(_)) == training)
            .map(|f| &self.sources[f.source].content_rel)
            .map(|rel| (strsim::damerau_levenshtein(joined, rel), rel))
            .min()?;
        (d <= 3.max(joined.len() / 4)).then(|| relative(from, rel))
    }

    /// The block's `key: value` lines, checked against its dataset where it has one
    /// (`f`), or alone.
    fn lines(
        &self,
        link: &LinkRef,
        kind: EmbedKind,
        f: Option<usize>,
    ) -> Result<FigureEmbed, Problems> {
        let name = kind.name();
        let block = a_block(name);
        let keys: &[&str] = match kind {
            EmbedKind::Training => &["period", "by", "caption"],
            _ => &["indicators", "period", "caption"],
        };
        let mut out = FigureEmbed {
            figures: f.unwrap_or(0),
            indicators: None,
            period: None,
            by: TrainingBy::Level,
            caption: None,
        };
        let mut problems = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for line in &link.options {
            let Some(value) = &line.value else {
                problems.push((line.offset, format!(
                    "`{}` is not a setting of {block}: after the path, write one setting a line as `key: value`, with {}",
                    line.key,
                    list(keys)
                )));
                continue;
            };
            let key = line.key.as_str();
            if seen.contains(&key) {
                problems.push((
                    line.offset,
                    format!("`{key}:` is given twice in this block: keep one"),
                ));
                continue;
            }
            seen.push(key);
            let said = match key {
                "by" if kind == EmbedKind::Indicators => Err(
                    "an `indicators` block has no `by:`: it shows each indicator's headline figure (the total, or the one organisation). `by:` chooses the breakdown of a `training` block".to_string(),
                ),
                "by" => by(value).map(|b| out.by = b),
                "indicators" => match f.map(|f| self.indicator_ids(f, line)) {
                    Some(Ok(i)) => {
                        out.indicators = Some(i);
                        Ok(())
                    }
                    Some(Err((at, e))) => {
                        problems.push((at, e));
                        continue;
                    }
                    None => Ok(()),
                },
                "period" => self.period_line(value, f).map(|p| out.period = p),
                "caption" if value.is_empty() => Err(
                    "`caption:` is empty: write the table's caption after it, or leave the line out for the one made from the figures".to_string(),
                ),
                "caption" => {
                    out.caption = Some(value.clone());
                    Ok(())
                }
                _ => Err(unknown_key(key, keys, name)),
            };
            if let Err(e) = said {
                let at = if keys.contains(&key) {
                    line.value_offset
                } else {
                    line.offset
                };
                problems.push((at, e));
            }
        }
        match problems.is_empty() {
            true => Ok(out),
            false => Err(problems),
        }
    }

    /// A `period:` line's period, checked against its dataset where it has one (`f`);
    /// `None` without one.
    fn period_line(&self, value: &str, f: Option<usize>) -> Result<Option<Period>, String> {
        // A training dataset has no year figures: `2011-12` among its months
        // is December 2011.
        match Period::parse_in(
            value,
            f.and_then(|f| match &self.figures[f].data {
                Figures::Training(d) => d.training.kind,
                Figures::Indicators(_) => None,
            }),
        ) {
            Err(e) => Err(e),
            Ok(p) => match f {
                Some(f) => self.check_period(f, p).map(|()| Some(p)),
                None => Ok(None),
            },
        }
    }

    /// The indicators an `indicators:` line names, each checked against the set; a
    /// problem at the first unknown one.
    fn indicator_ids(&self, f: usize, line: &BlockLine) -> Result<Vec<usize>, (usize, String)> {
        let Figures::Indicators(d) = &self.figures[f].data else {
            return Ok(Vec::new());
        };
        let ids: Vec<&str> = d
            .set
            .indicators
            .value
            .iter()
            .map(|i| i.value.key())
            .collect();
        let value = line.value.as_deref().unwrap_or("");
        let inner = value
            .strip_prefix('[')
            .and_then(|v| v.strip_suffix(']'))
            .unwrap_or(value);
        let base = line.value_offset + (inner.as_ptr() as usize - value.as_ptr() as usize);
        let written: Vec<(&str, usize)> = inner
            .split(',')
            .map(|w| {
                let t = w.trim().trim_matches(['"', '\'']);
                let at =
                    base + (w.as_ptr() as usize - inner.as_ptr() as usize) + w.find(t).unwrap_or(0);
                (t, at)
            })
            .filter(|(w, _)| !w.is_empty())
            .collect();
        if written.is_empty() {
            return Err((
                line.value_offset,
                format!(
                    "`indicators:` names no indicator: list the ones to show, such as `indicators: [{}]`, or leave the line out to show all {}",
                    ids.first().unwrap_or(&"id"),
                    ids.len()
                ),
            ));
        }
        let mut chosen = Vec::new();
        let mut unknown = Vec::new();
        let mut first = None;
        for (w, at) in written {
            match ids.iter().position(|i| *i == w) {
                Some(i) => chosen.push(i),
                None => {
                    first.get_or_insert(at);
                    unknown.push(match nearest(w, &ids) {
                        Some(n) => format!("`{w}` (did you mean `{n}`?)"),
                        None => format!("`{w}`"),
                    });
                }
            }
        }
        if unknown.is_empty() {
            return Ok(chosen);
        }
        Err((
            first.unwrap_or(line.value_offset),
            format!(
                "the set `{}` has no indicator {}: its indicators are {}",
                d.set.key(),
                unknown.join(", "),
                list(&ids)
            ),
        ))
    }

    /// Whether the dataset has figures for `p`.
    fn check_period(&self, f: usize, p: Period) -> Result<(), String> {
        let (kind, figures, what): (Option<PeriodKind>, Vec<&Figure>, &str) =
            match &self.figures[f].data {
                Figures::Indicators(d) => (d.kind, d.series.iter().flatten().collect(), "set"),
                Figures::Training(d) => (
                    d.training.kind,
                    d.training.figures.iter().collect(),
                    "dataset",
                ),
            };
        let training = matches!(self.figures[f].data, Figures::Training(_));
        let kind = kind.unwrap_or(PeriodKind::Quarter);
        let words = kind_words(kind);
        let roll_up = p.kind == PeriodKind::Year && !training;
        if p.kind != kind && !roll_up {
            let year = match training {
                true => String::new(),
                false => {
                    ", or a financial year such as `2025-26` for the year's figure".to_string()
                }
            };
            return Err(format!(
                "`{p}` is a {}, but this {what} reports by {words}: write a {words}{}{year}",
                kind_words(p.kind),
                match kind {
                    PeriodKind::Quarter => " such as `2025-26 Q2`",
                    PeriodKind::Month => " such as `2025-09`",
                    PeriodKind::Year => " such as `2025-26`",
                }
            ));
        }
        let of_kind: Vec<Period> = figures
            .iter()
            .filter(|x| x.period.kind == p.kind)
            .map(|x| x.period)
            .collect();
        if of_kind.contains(&p) {
            return Ok(());
        }
        let range = match (of_kind.iter().min(), of_kind.iter().max()) {
            (Some(a), Some(b)) if a == b => format!("it has figures for {a} only"),
            (Some(a), Some(b)) => format!("its figures run from {a} to {b}"),
            _ => "it has no figures yet".to_string(),
        };
        Err(format!("this {what} has no figures for {p}: {range}"))
    }
}

fn kind_words(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Quarter => "quarter",
        PeriodKind::Month => "month",
        PeriodKind::Year => "financial year",
    }
}

fn by(value: &str) -> Result<TrainingBy, String> {
    let names: Vec<&str> = BY.iter().map(|(n, _)| *n).collect();
    let v = value.trim();
    BY.iter()
        .find(|(n, _)| *n == v)
        .map(|(_, b)| *b)
        .ok_or_else(|| {
            let hint =
                nearest(v, &names).map_or(String::new(), |n| format!(" (did you mean `{n}`?)"));
            format!(
                "`by: {v}` is not a breakdown{hint}: write `by:` with one of {}",
                list(&names)
            )
        })
}

/// `an `indicators` block`, `a `training` block`.
pub(super) fn a_block(name: &str) -> String {
    let a = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{a} `{name}` block")
}

pub(super) fn unknown_key(key: &str, keys: &[&str], name: &str) -> String {
    let block = a_block(name);
    let hint = nearest(key, keys).map_or(String::new(), |n| format!(" (did you mean `{n}:`?)"));
    format!(
        "`{key}:` is not a setting of {block}{hint}: its settings are {}",
        list(keys)
    )
}

/// `names` as choices: "`a`, `b` or `c`".
pub(super) fn one_of(names: &[&str]) -> String {
    joined(names, "or")
}

/// `names` all together: "`a`, `b` and `c`".
pub(super) fn list(names: &[&str]) -> String {
    joined(names, "and")
}

fn joined(names: &[&str], last_word: &str) -> String {
    let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{} {last_word} {last}", rest.join(", "))
        }
        _ => names.join(""),
    }
}

/// The name nearest `word` in spelling, if near enough to be meant.
pub(super) fn nearest<'a>(word: &str, names: &[&'a str]) -> Option<&'a str> {
    let (d, n) = names
        .iter()
        .map(|n| (strsim::damerau_levenshtein(&word.to_lowercase(), n), *n))
        .min()?;
    (d <= 2.max(word.len() / 3)).then_some(n)
}

/// `to` (a path under `content/`) written relative to the file at `from`.
pub(super) fn relative(from: &str, to: &str) -> String {
    let dir: Vec<&str> = from
        .rsplit_once('/')
        .map_or(vec![], |(d, _)| d.split('/').collect());
    let target: Vec<&str> = to.split('/').collect();
    let common = dir.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let ups = "../".repeat(dir.len() - common);
    format!("{ups}{}", target[common..].join("/"))
}

/// Whether a site address names a source that failed to load.
pub(super) fn address_is_broken(site: &Site, dest: &str) -> bool {
    let path = dest.split(['#', '?']).next().unwrap_or(dest);
    let url = address_url(&percent_decode(path));
    site.unpublished
        .iter()
        .any(|(rel, why)| matches!(why, Withheld::Broken) && would_be_at(rel) == url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_written_from_the_page() {
        assert_eq!(
            relative("reports/a.md", "figures/x.yaml"),
            "../figures/x.yaml"
        );
        assert_eq!(relative("a.md", "figures/x.yaml"), "figures/x.yaml");
        assert_eq!(relative("figures/a.md", "figures/x.yaml"), "x.yaml");
    }

    #[test]
    fn names_are_listed_in_words() {
        assert_eq!(list(&["a", "b", "c"]), "`a`, `b` and `c`");
        assert_eq!(nearest("perod", &["indicators", "period"]), Some("period"));
        assert_eq!(
            by("staff group").unwrap_err(),
            "`by: staff group` is not a breakdown (did you mean `staff-group`?): write `by:` with one of `level`, `organisation`, `staff-group` and `overall`"
        );
    }
}
