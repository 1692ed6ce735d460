//! A training dataset's page: overall compliance over time, then the latest period by
//! strand and level, by organisation and by staff group, each against its target.

use serde::Serialize;

use super::chart::{self, Point};
use super::indicators::downloads;
use super::{FigureCtx, Format, MANY, body_url, kind_words, public_note};
use crate::figures::TrainingData;
use crate::figures::figure::Shown;
use crate::figures::period::Period;
use crate::figures::rules::{Judge, Unit};
use crate::figures::training::{Breakdown, level_words};
use crate::render::context::Link;
use crate::site::Site;

#[derive(Serialize)]
pub struct TrainingCtx {
    pub id: String,
    pub description: Option<String>,
    pub period_kind: &'static str,
    pub target: Option<String>,
    pub amber: Option<String>,
    /// The latest period, which the tables show.
    pub period: Option<String>,
    pub period_words: Option<String>,
    pub previous: Option<String>,
    pub public_note: Option<String>,
    pub downloads: Vec<Link>,
    pub overall: Vec<TRowCtx>,
    pub chart: Option<String>,
    pub by_level: Vec<TRowCtx>,
    pub by_organisation: Vec<TRowCtx>,
    /// More organisations than a page can list: how they spread against the target.
    pub organisations: usize,
    pub many: bool,
    pub spread: Vec<super::indicators::SpreadCtx>,
    pub by_group: Vec<TRowCtx>,
}

#[derive(Serialize)]
pub struct TRowCtx {
    pub label: String,
    pub detail: Option<String>,
    pub url: Option<String>,
    pub target: Option<String>,
    #[serde(flatten)]
    pub figure: FigureCtx,
}

/// What each row of a training table is made with.
struct Maker<'a> {
    site: &'a Site,
    data: &'a TrainingData,
    strands: Vec<&'a str>,
    shown: &'a [Shown],
    judge: Judge,
    public: bool,
}

impl<'a> Maker<'a> {
    fn new(site: &'a Site, data: &'a TrainingData) -> Maker<'a> {
        let smalls = site.smalls();
        Maker {
            site,
            data,
            strands: data
                .set
                .strands
                .value
                .iter()
                .map(|s| s.value.trim())
                .collect(),
            shown: &data.shown,
            judge: data.set.judge(),
            public: smalls.is_some(),
        }
    }

    fn format(&self, target: Option<rust_decimal::Decimal>) -> Format {
        Format {
            unit: Unit::Percent,
            judge: Judge {
                target,
                ..self.judge
            },
            public: self.public,
        }
    }

    /// The overall figure of each period, `overall_k`, as rows labelled by period.
    fn overall(&self, overall_k: &[usize]) -> Vec<TRowCtx> {
        overall_k
            .iter()
            .map(|&k| {
                let mut r = self.row(k);
                r.label = self.data.training.figures[k].period.to_string();
                r.detail = Some(self.data.training.figures[k].period.words());
                r
            })
            .collect()
    }

    /// The chart of the overall figures, `overall_k`, with the target.
    fn overall_chart(&self, overall_k: &[usize]) -> String {
        let (t, data, judge, shown) = (&self.data.training, self.data, self.judge, self.shown);
        let format = |target| self.format(target);
        let points: Vec<Point> = overall_k
            .iter()
            .map(|&k| Point {
                label: t.figures[k].period.short(),
                year: None,
                value: format(t.targets[k]).height(&shown[k]),
                text: format(t.targets[k]).value(&shown[k]),
            })
            .collect();
        let description = format!(
            "Compliance of all eligible staff, by {}: {}.{}",
            kind_words(t.kind),
            overall_k
                .iter()
                .zip(&points)
                .map(|(&k, p)| format!("{} {}", t.figures[k].period, p.text))
                .collect::<Vec<_>>()
                .join(", "),
            judge.target.map_or(String::new(), |v| format!(
                " The target is {}.",
                format(None).number(v)
            ))
        );
        let target = judge.target.map(|v| {
            (
                crate::assurance::number::to_f64(v),
                format!("Target {}", format(None).number(v)),
            )
        });
        chart::line(
            &format!("chart-{}", data.set.key()),
            "Overall compliance",
            &description,
            &points,
            100.0,
            target,
        )
    }

    fn row(&self, k: usize) -> TRowCtx {
        let format = self.format(self.data.training.targets[k]);
        trow(
            self.site,
            self.data,
            &self.strands,
            k,
            &self.shown[k],
            &format,
        )
    }

    /// The rows of `period` that `pick` chooses, in the dataset's order.
    fn rows(&self, period: Option<Period>, pick: fn(&Breakdown) -> bool) -> Vec<TRowCtx> {
        let t = &self.data.training;
        (0..t.figures.len())
            .filter(|&k| Some(t.figures[k].period) == period && pick(&t.about[k]))
            .map(|k| self.row(k))
            .collect()
    }
}

fn by_level(b: &Breakdown) -> bool {
    b.org.is_none() && b.group.is_none() && b.strand.is_some()
}

fn by_group(b: &Breakdown) -> bool {
    b.org.is_none() && b.strand.is_none() && b.group.is_some()
}

fn org_totals(b: &Breakdown) -> bool {
    b.org.is_some() && b.strand.is_none() && b.group.is_none()
}

fn overall(b: &Breakdown) -> bool {
    b.org.is_none() && b.strand.is_none() && b.level.is_none() && b.group.is_none()
}

/// The rows of one period's breakdown, as the dataset's page shows them: by strand
/// and level with the overall row after them, by organisation, by staff group, or
/// the overall row alone.
pub fn training_rows(
    site: &Site,
    data: &TrainingData,
    period: Period,
    by: crate::site::TrainingBy,
) -> Vec<TRowCtx> {
    use crate::site::TrainingBy;
    let m = Maker::new(site, data);
    let p = Some(period);
    match by {
        TrainingBy::Level => {
            let mut rows = m.rows(p, by_level);
            rows.extend(m.rows(p, overall));
            rows
        }
        TrainingBy::Organisation => m.rows(p, org_totals),
        TrainingBy::StaffGroup => m.rows(p, by_group),
        TrainingBy::Overall => m.rows(p, overall),
    }
}

pub fn training_ctx(site: &Site, data: &TrainingData, url: &str) -> TrainingCtx {
    let m = Maker::new(site, data);
    let t = &data.training;
    let judge = m.judge;
    let format = |target| m.format(target);
    let shown = &m.shown;
    let latest: Option<Period> = t.figures.iter().map(|f| f.period).max();
    let by_level = m.rows(latest, by_level);
    let by_group = m.rows(latest, by_group);
    let organisations = t
        .about
        .iter()
        .filter(|b| org_totals(b))
        .filter_map(|b| b.org)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let many = organisations > MANY;
    let by_organisation = if many || organisations < 2 {
        Vec::new()
    } else {
        m.rows(latest, org_totals)
    };
    let spread = match latest {
        Some(p) if many => spread(t, shown, p, org_totals),
        _ => Vec::new(),
    };
    let overall_k: Vec<usize> = (0..t.figures.len())
        .filter(|&k| overall(&t.about[k]))
        .collect();
    let overall = m.overall(&overall_k);
    let chart = (!overall_k.is_empty()).then(|| m.overall_chart(&overall_k));
    let previous = latest
        .map(|p| p.previous())
        .filter(|p| t.figures.iter().any(|f| f.period == *p));
    TrainingCtx {
        id: data.set.key().to_string(),
        description: data.set.description.clone(),
        period_kind: kind_words(t.kind),
        target: judge.target.map(|v| format(None).number(v)),
        amber: judge.amber.map(|v| format(None).number(v)),
        period: latest.map(|p| p.to_string()),
        period_words: latest.map(|p| p.words()),
        previous: previous.map(|p| p.to_string()),
        public_note: public_note(site),
        downloads: downloads(url, "training"),
        overall,
        chart,
        by_level,
        by_organisation,
        organisations,
        many,
        spread,
        by_group,
    }
}

fn trow(
    site: &Site,
    data: &TrainingData,
    strands: &[&str],
    k: usize,
    s: &Shown,
    format: &Format,
) -> TRowCtx {
    let b = &data.training.about[k];
    let body = b.org.map(|o| &data.bodies.list[o]);
    let (label, detail, url) = match (body, b.strand, b.level, b.group) {
        (Some(body), None, None, None) => (body.name.clone(), None, body_url(site, body)),
        (_, Some(s), Some(l), _) => (
            strand_level(strands[s], l),
            Some(level_words(l).to_string()),
            None,
        ),
        (_, _, _, Some(g)) => (data.training.groups[g].clone(), None, None),
        _ => ("All staff".into(), None, None),
    };
    TRowCtx {
        label,
        detail,
        url,
        target: data.training.targets[k].map(|t| format.number(t)),
        figure: format.figure(s),
    }
}

/// A strand and level as a row's label: `mental-capacity`, level 1 as `Mental
/// capacity, level 1`.
pub(super) fn strand_level(strand: &str, level: usize) -> String {
    let s = strand.replace('-', " ");
    let mut c = s.chars();
    let strand = match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => s,
    };
    let level = crate::figures::training::LEVELS[level].replace('-', " ");
    format!("{strand}, {level}")
}

/// How the figures `pick` chooses in period `p` stand against their targets.
fn spread(
    t: &crate::figures::training::Training,
    shown: &[Shown],
    p: Period,
    pick: impl Fn(&Breakdown) -> bool,
) -> Vec<super::indicators::SpreadCtx> {
    let statuses = (0..t.figures.len())
        .filter(|&k| t.figures[k].period == p && pick(&t.about[k]))
        .map(|k| shown[k].status);
    super::spread(statuses, "No status (no target, or left out)")
}
