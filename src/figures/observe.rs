//! An indicator set's CSV files, read into observations: every problem at its cell,
//! all at once (up to a limit per file, so a wrong column is not 100,000 lines).

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use super::cells::{self, Bodies};
use super::indicators::IndicatorSet;
use super::period::{Period, PeriodKind};
use super::rules::{Measure, Unit};
use super::table::{Cell, Table};
use crate::diagnostics::Diagnostic;
use crate::organisations::Directory;

/// One row's figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Observation {
    pub value: Option<Decimal>,
    pub numerator: Option<u64>,
    pub denominator: Option<u64>,
    pub note: Option<String>,
    /// Where the note is written: the file (its place in the set's list), line and
    /// column.
    pub note_at: Option<(usize, usize, usize)>,
}

/// A set's observations: for each indicator (in the set's order), by body and period.
#[derive(Debug, Default)]
pub struct Observations {
    pub kind: Option<PeriodKind>,
    pub by_indicator: Vec<BTreeMap<(usize, Period), Observation>>,
}

/// The most problems reported for one file; beyond it, one line says how many more.
pub const MAX_PER_FILE: usize = 50;

/// One data file of a dataset: where it is, its text (for excerpts) and its table.
pub struct DataFile<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub table: &'a Table,
}

/// Problems in one file, at their cells, capped.
pub struct Problems<'a> {
    file: &'a DataFile<'a>,
    pub list: Vec<Diagnostic>,
    more: usize,
    /// Where the first problem not listed is, so the line saying how many more
    /// comes after the ones listed.
    more_at: (usize, usize),
    /// Problems of the whole file (a missing column) already said once.
    said: Vec<String>,
}

impl<'a> Problems<'a> {
    pub fn new(file: &'a DataFile<'a>) -> Problems<'a> {
        Problems {
            file,
            list: Vec::new(),
            more: 0,
            more_at: (1, 1),
            said: Vec::new(),
        }
    }

    /// A problem of the file rather than of the row it is found on (a column it
    /// lacks): said at the first row it is found on, and not again for every row.
    pub fn once(&mut self, cell: &Cell, message: String) {
        if !self.said.contains(&message) {
            self.said.push(message.clone());
            self.at(cell, message);
        }
    }

    pub fn at(&mut self, cell: &Cell, message: String) {
        if self.list.len() < MAX_PER_FILE {
            self.list
                .push(Diagnostic::error(self.file.path, message).at_line_col(
                    self.file.text,
                    cell.line,
                    cell.col,
                ));
        } else {
            if self.more == 0 {
                self.more_at = (cell.line, cell.col);
            }
            self.more += 1;
        }
    }

    pub fn finish(mut self) -> Vec<Diagnostic> {
        if self.more > 0 {
            self.list.push(
                Diagnostic::error(
                    self.file.path,
                    format!(
                        "and {} more problems in this file from here on, not listed: put right the ones above and build again",
                        self.more
                    ),
                )
                .at_line_col(self.file.text, self.more_at.0, self.more_at.1),
            );
        }
        self.list
    }
}

/// The columns of a file, by what they hold.
pub struct Columns {
    pub index: HashMap<&'static str, usize>,
}

impl Columns {
    /// Finds `known` columns in the header; an unknown one, or a required one that
    /// is missing, is a problem.
    pub fn read(
        table: &Table,
        known: &[&'static str],
        required: &[&'static str],
        what: &str,
        problems: &mut Problems,
    ) -> Option<Columns> {
        let mut index = HashMap::new();
        for (i, c) in table.columns.iter().enumerate() {
            let name = c.text.trim().to_lowercase().replace(' ', "_");
            match known.iter().find(|k| **k == name) {
                Some(k) => {
                    index.insert(*k, i);
                }
                None => problems.at(
                    c,
                    format!(
                        "{}: the columns {what} may have are {}",
                        cells::not_one_of(&c.text, known, &format!("a column of {what}")),
                        crate::yaml::either(known)
                    ),
                ),
            }
        }
        let first = table.columns.first().cloned().unwrap_or(Cell {
            text: String::new(),
            line: 1,
            col: 1,
        });
        let missing: Vec<&str> = required
            .iter()
            .filter(|r| !index.contains_key(*r))
            .copied()
            .collect();
        if !missing.is_empty() {
            problems.at(
                &first,
                format!(
                    "the first line names no {} column: {what} needs the columns {}",
                    crate::yaml::either(&missing),
                    required.join(", ")
                ),
            );
            return None;
        }
        Some(Columns { index })
    }

    pub fn get<'r>(&self, row: &'r [Cell], name: &str) -> Option<&'r Cell> {
        self.index.get(name).map(|&i| &row[i])
    }
}

const KNOWN: &[&str] = &[
    "indicator",
    "organisation",
    "period",
    "value",
    "numerator",
    "denominator",
    "note",
];
const REQUIRED: &[&str] = &["indicator", "organisation", "period"];

/// The sort of period the files' `period` cells read as (one that reads two ways,
/// `2011-12`, follows the others).
pub fn files_kind(files: &[DataFile<'_>]) -> Option<PeriodKind> {
    Period::kind_of(files.iter().flat_map(|f| {
        let at = f.table.column("period");
        f.table
            .rows
            .iter()
            .filter_map(move |r| Some(r.cells.get(at?)?.text.as_str()))
    }))
}

/// Where a row given before is, for a message about its repeat: its line, or its file
/// and line when that is another file.
pub fn first_place(path: &str, line: usize, file: &DataFile<'_>) -> String {
    if path == file.path {
        format!("line {line}")
    } else {
        format!("{path}:{line}")
    }
}

/// Reads every file of `set`; problems are at their cells.
pub fn read(
    set: &IndicatorSet,
    files: &[DataFile<'_>],
    bodies: &mut Bodies,
    dir: Option<&Directory>,
) -> (Observations, Vec<Diagnostic>) {
    let ids: Vec<&str> = set.indicators.value.iter().map(|i| i.value.key()).collect();
    let mut obs = Observations {
        kind: None,
        by_indicator: vec![BTreeMap::new(); ids.len()],
    };
    // Where each (indicator, body, period) was first given, to name it in a repeat.
    let mut first_at: HashMap<(usize, usize, Period), (&str, usize)> = HashMap::new();
    let mut kind_at: Option<(PeriodKind, String, usize)> = None;
    let set_kind = files_kind(files);
    let mut all = Vec::new();
    for (file_index, file) in files.iter().enumerate() {
        let mut problems = Problems::new(file);
        let Some(cols) =
            Columns::read(file.table, KNOWN, REQUIRED, "indicator data", &mut problems)
        else {
            all.extend(problems.finish());
            continue;
        };
        for row in &file.table.rows {
            let cells = &row.cells;
            let cell = |name: &str| cols.get(cells, name);
            let Some(ind_cell) = cell("indicator") else {
                continue;
            };
            let ind = indicator(ind_cell, &ids, &mut problems);
            let who = cell("organisation").and_then(|c| match bodies.find(&c.text, dir) {
                Ok(b) => Some(b),
                Err(m) => {
                    problems.at(c, m);
                    None
                }
            });
            let period = cell("period")
                .and_then(|c| period(c, set_kind, &mut kind_at, file.path, &mut problems));
            let Some(i) = ind else { continue };
            let indicator = &set.indicators.value[i].value;
            let Some(mut o) = observation(
                indicator.measure,
                indicator.unit,
                file.table.delimiter != ',',
                &cols,
                cells,
                &mut problems,
            ) else {
                continue;
            };
            o.note_at = o.note_at.map(|(_, line, col)| (file_index, line, col));
            let (Some(who), Some(period)) = (who, period) else {
                continue;
            };
            match first_at.get(&(i, who, period)) {
                Some(&(path, line)) => {
                    let first = first_place(path, line, file);
                    problems.at(
                        ind_cell,
                        format!(
                            "a second row for `{}`, {}, {period}: the first is on {first}; keep one",
                            ids[i], bodies.list[who].name
                        ),
                    )
                }
                None => {
                    first_at.insert((i, who, period), (file.path, row.line));
                    obs.by_indicator[i].insert((who, period), o);
                }
            }
        }
        all.extend(problems.finish());
    }
    obs.kind = kind_at.map(|(k, _, _)| k);
    (obs, all)
}

/// The indicator a row is about, by its id in the set.
fn indicator(ind_cell: &Cell, ids: &[&str], problems: &mut Problems) -> Option<usize> {
    match ids.iter().position(|id| *id == ind_cell.text.trim()) {
        Some(i) => Some(i),
        None => {
            let message = if ind_cell.text.trim().is_empty() {
                "this cell is empty: name the indicator the row is about by its id".into()
            } else {
                format!(
                    "{}: name the indicator by its id in the set's YAML{}",
                    cells::not_one_of(&ind_cell.text, ids, "an indicator of this set"),
                    cells::listed(ids)
                )
            };
            problems.at(ind_cell, message);
            None
        }
    }
}

/// A row's period, which must be of the sort the set's first period is (`kind_at`,
/// kept from the first).
fn period(
    c: &Cell,
    set_kind: Option<PeriodKind>,
    kind_at: &mut Option<(PeriodKind, String, usize)>,
    file_path: &str,
    problems: &mut Problems,
) -> Option<Period> {
    match Period::parse_in(&c.text, set_kind) {
        Ok(p) => {
            match &kind_at {
                None => *kind_at = Some((p.kind, file_path.to_string(), c.line)),
                Some((k, path, line)) if *k != p.kind => {
                    problems.at(c, format!(
                        "`{}` is a {}, but this set's periods are {} (the first is at {path}:{line}): one set reports by one sort of period",
                        c.text, p.kind.as_str(), k.plural()
                    ));
                    return None;
                }
                Some(_) => {}
            }
            Some(p)
        }
        Err(m) => {
            problems.at(c, m);
            None
        }
    }
}

/// The figure of one row, as its indicator's measure needs it.
fn observation(
    measure: Measure,
    unit: Unit,
    comma: bool,
    cols: &Columns,
    cells: &[crate::figures::table::Cell],
    problems: &mut Problems,
) -> Option<Observation> {
    let given = |name: &str| cols.get(cells, name).filter(|c| !c.text.trim().is_empty());
    let note_cell = given("note");
    let note = note_cell.map(|c| c.text.trim().to_string());
    let note_at = note_cell.map(|c| (0, c.line, c.col));
    if measure == Measure::Ratio {
        return ratio(comma, cols, cells, note, note_at, problems);
    }
    for name in ["numerator", "denominator"] {
        if let Some(c) = given(name) {
            problems.at(c, format!("this indicator's measure is `{}`: give its figure in `value`, and leave `{name}` empty (numerators and denominators are for `measure: ratio`)", measure.as_str()));
            return None;
        }
    }
    let Some(c) = cols.get(cells, "value") else {
        problems.once(
            &cells[0],
            "the file has no `value` column, and this indicator needs one: add a `value` column"
                .into(),
        );
        return None;
    };
    let value = if unit == Unit::Count {
        cells::count(&c.text, comma).map(Decimal::from)
    } else {
        cells::number(&c.text, unit == Unit::Percent, comma)
    };
    match value {
        Ok(v) => Some(Observation {
            value: Some(v),
            numerator: None,
            denominator: None,
            note,
            note_at,
        }),
        Err(m) => {
            problems.at(c, m);
            None
        }
    }
}

/// The figure of a row of a ratio: its numerator and denominator, checked, and their
/// percentage.
fn ratio(
    comma: bool,
    cols: &Columns,
    cells: &[Cell],
    note: Option<String>,
    note_at: Option<(usize, usize, usize)>,
    problems: &mut Problems,
) -> Option<Observation> {
    let given = |name: &str| cols.get(cells, name).filter(|c| !c.text.trim().is_empty());
    if let Some(v) = given("value") {
        problems.at(v, "this indicator is a ratio: give its `numerator` and `denominator`, and leave `value` empty".into());
        return None;
    }
    let part = |name: &str, problems: &mut Problems| match cols.get(cells, name) {
        None => {
            let at = &cells[0];
            problems.once(at, format!("this indicator is a ratio, and the file has no `{name}` column: add `numerator` and `denominator` columns"));
            None
        }
        Some(c) => match cells::count(&c.text, comma) {
            Ok(n) => Some((n, c)),
            Err(m) => {
                problems.at(c, m);
                None
            }
        },
    };
    let n = part("numerator", problems);
    let d = part("denominator", problems);
    let ((n, nc), (d, dc)) = (n?, d?);
    if d == 0 {
        problems.at(dc, "a denominator of 0 gives no percentage: leave the row out for a period with nobody to count".into());
        return None;
    }
    if n > d {
        problems.at(nc, format!("the numerator ({n}) is above the denominator ({d}): the numerator counts those of the denominator who met the indicator"));
        return None;
    }
    Some(Observation {
        value: super::rules::percent(n, d),
        numerator: Some(n),
        denominator: Some(d),
        note,
        note_at,
    })
}
