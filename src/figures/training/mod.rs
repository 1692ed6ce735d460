//! `kind: training`: training compliance, counts of eligible and compliant staff by
//! period, organisation, staff group, strand and intercollegiate level, with totals
//! that add counts (never percentages).

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::cells::Bodies;
use super::figure::Figure;
use super::indicators::{DataFiles, check_files, check_id};
use super::period::{Period, PeriodKind};
use super::rules::{Better, Judge, percent};
use crate::assurance::number::Written;
use crate::config::Visibility;
use crate::diagnostics::Diagnostic;
use crate::organisations::registry::key;
use crate::yaml::{Pos, YamlSource, pos, top_value_pos};

mod read;
pub use read::read;

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

/// The figures: for each period, its data rows, then each sort of total.
/// The figures of only the organisations `keep` keeps, totals over them, as if their
/// data rows were the whole dataset (a partnership's members added together). A row's
/// effective target stands for its own: a total falls back to the dataset's target,
/// which is what a row without its own has, so the totals' targets are the same.
pub fn totals_over(
    t: &Training,
    bodies: &Bodies,
    target: Option<Decimal>,
    keep: impl Fn(usize) -> bool,
) -> Training {
    let rows = t
        .figures
        .iter()
        .zip(&t.about)
        .zip(&t.targets)
        .filter(|((_, b), _)| b.group.is_some() && b.strand.is_some() && b.org.is_some_and(&keep))
        .map(|((f, b), target)| {
            let row = Row {
                eligible: f.denominator.unwrap_or(0),
                compliant: f.numerator.unwrap_or(0),
                target: *target,
            };
            ((f.period, *b), row)
        })
        .collect();
    Training {
        kind: t.kind,
        groups: t.groups.clone(),
        ..figures(rows, bodies, &t.groups, target)
    }
}

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
