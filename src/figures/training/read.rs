//! Reading a training dataset's files into its rows, each checked, every problem at
//! its cell.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use super::{Breakdown, KNOWN, LEVELS, REQUIRED, Row, Training, TrainingSet, figures};
use crate::diagnostics::Diagnostic;
use crate::figures::cells::{self, Bodies};
use crate::figures::observe::{self, Columns, DataFile, Problems};
use crate::figures::period::{Period, PeriodKind};
use crate::figures::table::Cell;
use crate::organisations::Directory;
use crate::organisations::registry::key;

/// Reads every file of `set` and makes its figures; problems are at their cells.
pub fn read(
    set: &TrainingSet,
    files: &[DataFile<'_>],
    bodies: &mut Bodies,
    dir: Option<&Directory>,
) -> (Training, Vec<Diagnostic>) {
    let mut reading = Reading {
        strands: set.strands.value.iter().map(|s| key(&s.value)).collect(),
        strand_names: set.strands.value.iter().map(|s| s.value.trim()).collect(),
        set_kind: observe::files_kind(files),
        groups: Vec::new(),
        group_keys: HashMap::new(),
        kind_at: None,
        rows: BTreeMap::new(),
        first_at: HashMap::new(),
    };
    let mut all = Vec::new();
    for file in files {
        let mut problems = Problems::new(file);
        let Some(cols) = Columns::read(file.table, KNOWN, REQUIRED, "training data", &mut problems)
        else {
            all.extend(problems.finish());
            continue;
        };
        let comma = file.table.delimiter != ',';
        for row in &file.table.rows {
            let Some(checked) =
                reading.checked(&cols, &row.cells, file, comma, bodies, dir, &mut problems)
            else {
                continue;
            };
            reading.keep(
                checked,
                &row.cells[0],
                row.line,
                file,
                bodies,
                &mut problems,
            );
        }
        all.extend(problems.finish());
    }
    let training = figures(reading.rows, bodies, &reading.groups, set.judge().target);
    (
        Training {
            kind: reading.kind_at.map(|(k, _, _)| k),
            groups: reading.groups,
            ..training
        },
        all,
    )
}

/// What reading a dataset's files keeps from row to row.
struct Reading<'a> {
    strands: Vec<String>,
    strand_names: Vec<&'a str>,
    set_kind: Option<PeriodKind>,
    groups: Vec<String>,
    group_keys: HashMap<String, usize>,
    kind_at: Option<(PeriodKind, String, usize)>,
    rows: BTreeMap<(Period, Breakdown), Row>,
    first_at: HashMap<(Period, Breakdown), (&'a str, usize)>,
}

/// One row's cells, read and checked.
struct Checked {
    period: Period,
    org: usize,
    group: usize,
    strand: usize,
    level: usize,
    row: Row,
}

impl<'a> Reading<'a> {
    /// One row's cells read into a checked row, each problem at its cell; `None` when a
    /// required cell is missing or any is wrong.
    #[allow(clippy::too_many_arguments)]
    fn checked(
        &mut self,
        cols: &Columns,
        cells: &[Cell],
        file: &DataFile<'_>,
        comma: bool,
        bodies: &mut Bodies,
        dir: Option<&Directory>,
        problems: &mut Problems,
    ) -> Option<Checked> {
        let cell = |name: &str| cols.get(cells, name);
        let (Some(pc), Some(oc), Some(gc), Some(sc), Some(lc), Some(ec), Some(cc)) = (
            cell("period"),
            cell("organisation"),
            cell("staff_group"),
            cell("strand"),
            cell("level"),
            cell("eligible"),
            cell("compliant"),
        ) else {
            return None;
        };
        let period = self.period(pc, file, problems);
        let org = bodies
            .find(&oc.text, dir)
            .map_err(|m| problems.at(oc, m))
            .ok();
        let group = self.group(gc, problems);
        let strand = self.strand(sc, problems);
        let level = level(lc, problems);
        let eligible = cells::count(&ec.text, comma)
            .map_err(|m| problems.at(ec, m))
            .ok();
        let compliant = cells::count(&cc.text, comma)
            .map_err(|m| problems.at(cc, m))
            .ok();
        let target = target(cell("target"), comma, problems);
        let (eligible, compliant) = (eligible?, compliant?);
        if compliant > eligible {
            problems.at(cc, format!("{compliant} compliant is more than the {eligible} eligible: compliant counts those of the eligible staff who are up to date"));
            return None;
        }
        Some(Checked {
            period: period?,
            org: org?,
            group: group?,
            strand: strand?,
            level: level?,
            row: Row {
                eligible,
                compliant,
                target: target?,
            },
        })
    }

    /// A row's period, which must be of the sort the dataset's first period is.
    fn period(
        &mut self,
        pc: &Cell,
        file: &DataFile<'_>,
        problems: &mut Problems,
    ) -> Option<Period> {
        match Period::parse_in(&pc.text, self.set_kind) {
            Ok(p) => match &self.kind_at {
                Some((k, path, line)) if *k != p.kind => {
                    problems.at(pc, format!(
                        "`{}` is a {}, but this dataset's periods are {} (the first is at {path}:{line}): one dataset reports by one sort of period",
                        pc.text, p.kind.as_str(), k.plural()
                    ));
                    None
                }
                _ => {
                    self.kind_at
                        .get_or_insert((p.kind, file.path.to_string(), pc.line));
                    Some(p)
                }
            },
            Err(m) => {
                problems.at(pc, m);
                None
            }
        }
    }

    /// A row's staff group, by its key; a group not seen before is added as written.
    fn group(&mut self, gc: &Cell, problems: &mut Problems) -> Option<usize> {
        let group_text = gc.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if group_text.is_empty() {
            problems.at(
                gc,
                "this cell is empty: name the staff group the row counts, such as `Clinical`"
                    .into(),
            );
            None
        } else {
            let n = self.group_keys.len();
            let g = *self.group_keys.entry(key(&group_text)).or_insert(n);
            if g == self.groups.len() {
                self.groups.push(group_text);
            }
            Some(g)
        }
    }

    /// A row's strand, one of the dataset's `strands`.
    fn strand(&self, sc: &Cell, problems: &mut Problems) -> Option<usize> {
        match self.strands.iter().position(|s| *s == key(&sc.text)) {
            Some(s) => Some(s),
            None => {
                let m = cells::not_one_of(&sc.text, &self.strand_names, "a strand of this dataset");
                problems.at(
                    sc,
                    format!(
                        "{m}: a row's strand is one of the dataset's `strands`, {}",
                        crate::yaml::either(&self.strand_names)
                    ),
                );
                None
            }
        }
    }

    /// Keeps a checked row, or, when it repeats one, says where the first is (the first
    /// is kept).
    fn keep(
        &mut self,
        checked: Checked,
        first_cell: &Cell,
        line: usize,
        file: &DataFile<'a>,
        bodies: &Bodies,
        problems: &mut Problems,
    ) {
        let Checked {
            period,
            org,
            group,
            strand,
            level,
            row,
        } = checked;
        let about = Breakdown {
            org: Some(org),
            strand: Some(strand),
            level: Some(level),
            group: Some(group),
        };
        if let Some(&(path, line)) = self.first_at.get(&(period, about)) {
            let first = observe::first_place(path, line, file);
            problems.at(
                first_cell,
                format!(
                    "a second row for {}, {}, {}, {}, {period}: the first is on {first}; keep one",
                    bodies.list[org].name,
                    self.groups[group],
                    self.strand_names[strand],
                    LEVELS[level]
                ),
            );
            return;
        }
        self.first_at.insert((period, about), (file.path, line));
        self.rows.insert((period, about), row);
    }
}

/// A row's level, one of the intercollegiate `LEVELS` (its spaces read as hyphens).
fn level(lc: &Cell, problems: &mut Problems) -> Option<usize> {
    match LEVELS
        .iter()
        .position(|l| *l == key(&lc.text).replace(' ', "-"))
    {
        Some(l) => Some(l),
        None => {
            let m = cells::not_one_of(&lc.text, &LEVELS, "a level of training");
            problems.at(
                lc,
                format!(
                    "{m}: a level is one of the intercollegiate levels, {}",
                    crate::yaml::either(&LEVELS)
                ),
            );
            None
        }
    }
}

/// A row's own target, if it gives one: `Some(None)` for none, `None` when it is wrong.
fn target(tc: Option<&Cell>, comma: bool, problems: &mut Problems) -> Option<Option<Decimal>> {
    match tc.filter(|c| !c.text.trim().is_empty()) {
        None => Some(None),
        Some(tc) => match cells::number(&tc.text, true, comma) {
            Ok(t) if (Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(&t) => Some(Some(t)),
            Ok(_) => {
                problems.at(tc, format!("`{}` is not a percentage from 0 to 100: a target is a share of eligible staff", tc.text));
                None
            }
            Err(m) => {
                problems.at(tc, m);
                None
            }
        },
    }
}
