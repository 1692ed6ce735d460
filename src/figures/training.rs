//! `kind: training`: training compliance, counts of eligible and compliant staff by
//! period, organisation, staff group, strand and intercollegiate level, with totals
//! that add counts (never percentages).

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::cells::{self, Bodies};
use super::figure::Figure;
use super::indicators::{DataFiles, check_files, check_id};
use super::observe::{Columns, DataFile, Problems};
use super::period::{Period, PeriodKind};
use super::rules::{Better, Judge, percent};
use super::table::Cell;
use crate::assurance::number::Written;
use crate::config::Visibility;
use crate::diagnostics::Diagnostic;
use crate::organisations::Directory;
use crate::organisations::registry::key;
use crate::yaml::{Pos, YamlSource, pos, top_value_pos};

/// `kind: training`: safeguarding training compliance from counts of staff.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Training compliance")]
pub struct TrainingSet {
    /// `training`: this document defines training compliance figures.
    #[allow(dead_code)]
    #[schemars(extend("const" = "training"))]
    kind: String,
    /// A short name, in lower case letters, digits and hyphens
    /// (`safeguarding-training`).
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The page title.
    pub title: String,
    /// A few words shown at the top of its page.
    #[serde(default)]
    pub description: Option<String>,
    /// `public` or `private`. A public build shows public figures with small numbers
    /// protected.
    #[serde(default)]
    pub visibility: Option<Visibility>,
    /// Orders the page among its section's pages (lower first).
    #[serde(default)]
    pub weight: Option<i64>,
    /// The CSV file of counts, or a list of them, beside this file. Columns: `period`,
    /// `organisation`, `staff_group`, `strand`, `level`, `eligible`, `compliant`, and
    /// optionally `target`. Rows are counts of staff, never named people.
    #[schemars(with = "DataFiles")]
    pub data: Spanned<DataFiles>,
    /// The share of eligible staff to be compliant, in percent (`90`); a row may give
    /// its own in a `target` column.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub target: Option<Spanned<Written>>,
    /// Between the target and this is amber; below it, red. Needs a `target`.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub amber: Option<Spanned<Written>>,
    /// The strands of training the data reports, in the order pages show them
    /// (`children`, `adults`, `prevent`, `mental-capacity`).
    #[schemars(with = "Vec<String>")]
    pub strands: Spanned<Vec<Spanned<String>>>,
}

/// The intercollegiate levels, in order.
pub const LEVELS: [&str; 6] = [
    "board", "level-1", "level-2", "level-3", "level-4", "level-5",
];

/// What each level is for, in a phrase.
pub fn level_words(level: usize) -> &'static str {
    match level {
        0 => "Board: what board members need to hold the organisation to account",
        1 => "Level 1: all staff",
        2 => "Level 2: staff in contact with children, young people or parents",
        3 => "Level 3: clinical staff who assess, plan or evaluate care",
        4 => "Level 4: named professionals",
        _ => "Level 5: designated professionals",
    }
}

impl TrainingSet {
    pub fn parse(source: &YamlSource) -> Result<TrainingSet, Vec<Diagnostic>> {
        let set: TrainingSet = source.parse().map_err(|d| vec![d])?;
        let mut problems = Vec::new();
        let mut error = |at: Pos, message: String| problems.push(source.at(at, message));
        check_id(&set.id, "dataset", source.yaml, "id", &mut error);
        check_files(&set.data, source.yaml, &mut error);
        let line = |w: &Spanned<Written>, name: &str, error: &mut dyn FnMut(Pos, String)| {
            let v = w
                .value
                .value
                .filter(|v| (Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(v));
            if v.is_none() {
                error(
                    pos(w.referenced),
                    format!(
                        "`{}`, the {name}, is not a percentage from 0 to 100: write it as a number, such as `90`",
                        w.value.text
                    ),
                );
            }
            v
        };
        let target = set
            .target
            .as_ref()
            .and_then(|t| line(t, "target", &mut error));
        let amber = set
            .amber
            .as_ref()
            .and_then(|a| line(a, "amber line", &mut error));
        if let (Some(a), None) = (&set.amber, &set.target) {
            error(
                pos(a.referenced),
                "there is an amber line but no target: give a `target` (amber is between the target and this line)".into(),
            );
        }
        if let (Some(t), Some(a), Some(w)) = (target, amber, &set.amber)
            && a > t
        {
            error(
                pos(w.referenced),
                format!(
                    "the amber line ({a}) must be below the target ({t}): amber is a figure short of the target but not far short"
                ),
            );
        }
        if set.strands.value.is_empty() {
            error(
                top_value_pos(source.yaml, "strands").unwrap_or((1, 1)),
                "`strands` lists none: name the strands of training the data reports, such as `[children, adults]`".into(),
            );
        }
        let mut seen = Vec::new();
        for s in &set.strands.value {
            let k = key(&s.value);
            if seen.contains(&k) {
                error(
                    pos(s.referenced),
                    format!("the strand `{}` is listed twice", s.value.trim()),
                );
            }
            seen.push(k);
        }
        if problems.is_empty() {
            Ok(set)
        } else {
            Err(problems)
        }
    }

    pub fn key(&self) -> &str {
        self.id.value.trim()
    }

    /// The dataset's own target and amber line.
    pub fn judge(&self) -> Judge {
        let value = |w: &Option<Spanned<Written>>| w.as_ref().and_then(|w| w.value.value);
        Judge {
            better: Better::Higher,
            target: value(&self.target),
            amber: value(&self.amber),
        }
    }
}

/// What a training figure is about; `None` where it is a total over that.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Breakdown {
    pub org: Option<usize>,
    pub strand: Option<usize>,
    pub level: Option<usize>,
    pub group: Option<usize>,
}

/// One data row.
#[derive(Clone, Debug)]
struct Row {
    eligible: u64,
    compliant: u64,
    target: Option<Decimal>,
}

/// A dataset's figures, with what each is about and its target.
#[derive(Debug, Default)]
pub struct Training {
    pub kind: Option<PeriodKind>,
    pub figures: Vec<Figure>,
    pub about: Vec<Breakdown>,
    pub targets: Vec<Option<Decimal>>,
    /// Staff groups as first written, in the order of their keys.
    pub groups: Vec<String>,
}

const KNOWN: &[&str] = &[
    "period",
    "organisation",
    "staff_group",
    "strand",
    "level",
    "eligible",
    "compliant",
    "target",
];
const REQUIRED: &[&str] = &[
    "period",
    "organisation",
    "staff_group",
    "strand",
    "level",
    "eligible",
    "compliant",
];

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
        set_kind: super::observe::files_kind(files),
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
            let first = super::observe::first_place(path, line, file);
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

/// The figures: for each period, its data rows, then each sort of total.
fn figures(
    rows: BTreeMap<(Period, Breakdown), Row>,
    bodies: &Bodies,
    groups: &[String],
    target: Option<Decimal>,
) -> Training {
    let body_rank = rank(&bodies.sorted());
    let mut group_order: Vec<usize> = (0..groups.len()).collect();
    group_order.sort_by_key(|&g| key(&groups[g]));
    let group_rank = rank(&group_order);
    let sort_key = |b: &Breakdown| {
        (
            b.org.map(|o| body_rank[o]),
            b.strand,
            b.level,
            b.group.map(|g| group_rank[g]),
        )
    };
    let mut periods: BTreeMap<Period, Vec<(Breakdown, &Row)>> = BTreeMap::new();
    for ((p, b), r) in &rows {
        periods.entry(*p).or_default().push((*b, r));
    }
    let mut out = Training::default();
    for (period, mut list) in periods {
        list.sort_by_key(|(b, _)| sort_key(b));
        for (b, r) in &list {
            push(
                &mut out,
                period,
                *b,
                r.eligible,
                r.compliant,
                r.target.or(target),
            );
        }
        push_totals(&mut out, period, &list, &sort_key, target);
    }
    link(&mut out);
    out
}

/// Where a figure sorts: by organisation, strand, level and staff group, organisations
/// and groups by name.
type SortKey = (Option<usize>, Option<usize>, Option<usize>, Option<usize>);

/// Each sort of total of one period's rows (`list`, in order), pushed after its rows.
fn push_totals(
    out: &mut Training,
    period: Period,
    list: &[(Breakdown, &Row)],
    sort_key: &dyn Fn(&Breakdown) -> SortKey,
    target: Option<Decimal>,
) {
    let totals: [fn(&Breakdown) -> Breakdown; 5] = [
        |b| Breakdown { org: b.org, ..NONE },
        |b| Breakdown {
            strand: b.strand,
            level: b.level,
            ..NONE
        },
        |b| Breakdown { group: None, ..*b },
        |b| Breakdown {
            group: b.group,
            ..NONE
        },
        |_| NONE,
    ];
    for total in totals {
        // Each total's rows, added; its target the rows' own where they agree.
        type Sum = (Breakdown, u64, u64, Option<Option<Decimal>>, Vec<usize>);
        let mut sums: BTreeMap<_, Sum> = BTreeMap::new();
        for (b, r) in list {
            let t = total(b);
            let e = sums
                .entry(sort_key(&t))
                .or_insert((t, 0, 0, None, Vec::new()));
            e.1 += r.eligible;
            e.2 += r.compliant;
            e.3 = match e.3 {
                None => Some(r.target),
                Some(same) if same == r.target => Some(same),
                Some(_) => Some(None),
            };
            if let Some(o) = b.org.filter(|o| !e.4.contains(o)) {
                e.4.push(o);
            }
        }
        for (_, (b, eligible, compliant, own, mut orgs)) in sums {
            push(
                out,
                period,
                b,
                eligible,
                compliant,
                own.flatten().or(target),
            );
            // A total over organisations is compared only with one by the same.
            if b.org.is_none() {
                orgs.sort_unstable();
                if let Some(f) = out.figures.last_mut() {
                    f.cohort = Some(orgs.into());
                }
            }
        }
    }
}

const NONE: Breakdown = Breakdown {
    org: None,
    strand: None,
    level: None,
    group: None,
};

fn rank(order: &[usize]) -> Vec<usize> {
    let mut rank = vec![0; order.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    rank
}

fn push(
    out: &mut Training,
    period: Period,
    about: Breakdown,
    eligible: u64,
    compliant: u64,
    target: Option<Decimal>,
) {
    out.figures.push(Figure {
        who: about.org,
        period,
        year: false,
        value: percent(compliant, eligible),
        numerator: Some(compliant),
        denominator: Some(eligible),
        periods: None,
        note: None,
        previous: None,
        year_before: None,
        cohort: None,
    });
    out.about.push(about);
    out.targets.push(target);
}

/// Each figure's previous period: the same breakdown, a period before.
fn link(t: &mut Training) {
    let at: HashMap<(Breakdown, Period), usize> = t
        .figures
        .iter()
        .zip(&t.about)
        .enumerate()
        .map(|(i, (f, b))| ((*b, f.period), i))
        .collect();
    for (f, b) in t.figures.iter_mut().zip(&t.about) {
        f.previous = at.get(&(*b, f.period.previous())).copied();
        f.year_before = None;
    }
}
