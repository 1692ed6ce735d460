//! A report's `report:` block (`type: report`): its kind, the year it covers, who
//! approved it and where, and who it was sent to. The kinds' checklists and how a
//! report covers them are the domain's (`crate::reports`).

use std::fmt;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diagnostics::Diagnostic;
use crate::figures::period::{Period, PeriodKind};
pub use crate::reports::ReportKind;
use crate::yaml::{YamlSource, key_pos, pos};

/// Whether a report is still a draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReportStatus {
    /// A draft: marked as one on every page.
    Draft,
    /// The final version.
    Final,
}

/// The checklist items an entry claims: one id, or a list of them.
#[derive(Clone, Debug, Default)]
pub struct Covers(pub Vec<String>);

impl<'de> Deserialize<'de> for Covers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Covers;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the id of a checklist item, or a list of ids")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Covers, E> {
                Ok(Covers(v.split(',').map(|s| s.trim().to_string()).collect()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Covers, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s.trim().to_string());
                }
                Ok(Covers(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// One person who approved the report.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// Who approved it.
    pub name: String,
    /// Their role (`Director of Children's Services`).
    #[serde(default)]
    pub role: Option<String>,
    /// When (YYYY-MM-DD).
    #[serde(default)]
    pub date: Option<Date>,
    /// The checklist items this sign-off meets (`signed-icb`): one id or a list.
    #[serde(default)]
    #[schemars(with = "Option<super::schemas::CoversSchema>")]
    pub covers: Option<Spanned<Covers>>,
}

/// The meeting that approved the report.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovingMeeting {
    /// The board or committee (`Safeguarding Partnership Executive`).
    pub meeting: String,
    /// The day of the meeting (YYYY-MM-DD).
    #[serde(default)]
    pub date: Option<Date>,
    /// The minute that records the approval (`Minute 24/117`), as written.
    #[serde(default)]
    pub minute: Option<String>,
}

/// Someone the report was sent to.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Circulated {
    /// Who it was sent to (`Child Safeguarding Practice Review Panel`).
    pub to: String,
    /// When it was sent (YYYY-MM-DD).
    #[serde(default)]
    pub date: Option<Date>,
    /// The checklist items sending it meets (`sent-panel`): one id or a list.
    #[serde(default)]
    #[schemars(with = "Option<super::schemas::CoversSchema>")]
    pub covers: Option<Spanned<Covers>>,
}

/// An annual report's details: its kind (which sets the checklist of what it must
/// contain), the year, its sign-off and its circulation.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "The report's details: its kind sets the checklist of what it must contain."
)]
pub struct Report {
    /// `scp-yearly` (a children's safeguarding partnership), `sab-annual` (a
    /// safeguarding adults board), `icb-annual` (an integrated care board),
    /// `wales-annual` (a Welsh regional safeguarding board) or `other`.
    #[schemars(with = "ReportKind")]
    pub kind: Spanned<ReportKind>,
    /// The financial year the report covers (`2024-25`).
    #[serde(default)]
    #[schemars(with = "Option<super::schemas::TextLike>")]
    pub period: Option<Spanned<String>>,
    /// The day it was published (YYYY-MM-DD).
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub published: Option<Spanned<Date>>,
    /// `draft` or `final`; a draft is marked as one on every page.
    #[serde(default)]
    pub status: Option<ReportStatus>,
    /// Who approved it: each `{ name, role, date }`, with `covers` for the checklist
    /// items their sign-off meets.
    #[serde(default, deserialize_with = "empty_or_list")]
    #[schemars(with = "Option<Vec<Approval>>")]
    pub approved_by: Vec<Spanned<Approval>>,
    /// The meeting that approved it: `{ meeting, date, minute }`.
    #[serde(default)]
    #[schemars(with = "Option<ApprovingMeeting>")]
    pub approved_at: Option<Spanned<ApprovingMeeting>>,
    /// Who it was sent to: each `{ to, date }`, with `covers` for the checklist items
    /// sending it meets.
    #[serde(default, deserialize_with = "empty_or_list")]
    #[schemars(with = "Option<Vec<Circulated>>")]
    pub circulation: Vec<Spanned<Circulated>>,
}

/// A list, or nothing after its key (a starter's list whose entries are all still
/// comments).
fn empty_or_list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<Vec<T>>::deserialize(d).map(Option::unwrap_or_default)
}

impl Report {
    /// The financial year it covers, where `period` is one.
    pub fn year(&self) -> Option<Period> {
        let p = Period::parse(self.period.as_ref()?.value.trim()).ok()?;
        (p.kind == PeriodKind::Year).then_some(p)
    }

    /// The checks of the block on its own; the checklist is checked against the
    /// page's headings once the page is read (`validate/reports.rs`).
    pub(super) fn check(&self, source: &YamlSource<'_>, problems: &mut Vec<Diagnostic>) {
        let kind = self.kind.value;
        match &self.period {
            Some(p) if self.year().is_none() => problems.push(source.at(
                pos(p.referenced),
                format!(
                    "`period: {}` is not a financial year: write the year the report covers as `2024-25`",
                    p.value.trim()
                ),
            )),
            None if kind != ReportKind::Other => problems.push(source.at(
                key_pos(source.yaml, "kind", pos(self.kind.referenced)),
                format!(
                    "a {} needs `period:`, the financial year it covers, such as `period: 2024-25`",
                    kind.words()
                ),
            )),
            _ => {}
        }
        for a in &self.approved_by {
            if a.value.name.trim().is_empty() {
                problems.push(source.at(
                    pos(a.referenced),
                    "this approval has an empty `name`: write who approved the report",
                ));
            }
        }
        for c in &self.circulation {
            if c.value.to.trim().is_empty() {
                problems.push(source.at(
                    pos(c.referenced),
                    "this circulation entry has an empty `to`: write who the report was sent to",
                ));
            }
        }
    }
}
