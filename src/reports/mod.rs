//! Reports (`type: report`), pure: each kind's checklist of required contents
//! (`checklist.rs`) and how a report's claims cover it. No HTML, and nothing from
//! `content`, `site` or `render`: the claims are handed in.

pub mod checklist;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use checklist::{Item, Place};

/// What kind of report it is, which sets what it must contain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ReportKind {
    /// A children's safeguarding partnership's yearly report (Working Together 2023).
    ScpYearly,
    /// A safeguarding adults board's annual report (Care Act 2014, Schedule 2).
    SabAnnual,
    /// An integrated care board's annual safeguarding report.
    IcbAnnual,
    /// A Welsh regional safeguarding board's annual report (Social Services and
    /// Well-being (Wales) Act 2014, section 136).
    WalesAnnual,
    /// Any other report: no checklist.
    Other,
}

impl ReportKind {
    /// The kind as `kind:` spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::ScpYearly => "scp-yearly",
            ReportKind::SabAnnual => "sab-annual",
            ReportKind::IcbAnnual => "icb-annual",
            ReportKind::WalesAnnual => "wales-annual",
            ReportKind::Other => "other",
        }
    }
}

/// One place in the report that says it meets a checklist item: a heading's
/// `covers=`, or `covers:` on an approval or a circulation entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// The id as written.
    pub id: String,
    pub place: Place,
    /// Which heading, approval or circulation entry, counting from 0.
    pub index: usize,
    /// A circulation entry with no date: planned, not yet sent, so it meets nothing
    /// yet.
    pub pending: bool,
}

/// What is wrong with a claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wrong {
    /// The report's kind has no checklist.
    NoChecklist,
    /// No item of the checklist has this id; the nearest in spelling, if near.
    Unknown { nearest: Option<&'static str> },
    /// The item is met elsewhere: a sign-off claimed by a heading, say.
    Misplaced(&'static Item),
    /// The same place claims it twice.
    Twice,
    /// Sending the report meets the item, but this entry has no date: not sent yet.
    NotYetSent(&'static Item),
    /// The id written with a space for its hyphen (`provider assurance`): this
    /// claim and the next are the two halves.
    Spaced(&'static Item),
}

/// A report's checklist, item by item, with the claims that meet each.
#[derive(Debug)]
pub struct Coverage {
    pub items: Vec<(&'static Item, Vec<Claim>)>,
    /// Claims that meet nothing, by index in the claims handed in.
    pub wrong: Vec<(usize, Wrong)>,
}

impl Coverage {
    /// How many items no claim meets: what the report's table and its listing say
    /// is not yet covered.
    pub fn unmet(&self) -> usize {
        self.items.iter().filter(|(_, c)| c.is_empty()).count()
    }

    /// The items no claim meets, but for those a claim was meant for and is said
    /// as wrong (a planned circulation entry, a claim in the wrong place), so one
    /// slip is one message.
    pub fn missing(&self) -> impl Iterator<Item = &'static Item> + '_ {
        self.items
            .iter()
            .filter(|(_, c)| c.is_empty())
            .map(|(i, _)| *i)
            .filter(|i| {
                !self.wrong.iter().any(|(_, w)| match w {
                    Wrong::NotYetSent(p) | Wrong::Misplaced(p) | Wrong::Spaced(p) => p.id == i.id,
                    // A misspelling names the item it was meant for.
                    Wrong::Unknown { nearest } => *nearest == Some(i.id),
                    _ => false,
                })
            })
    }
}

/// How `claims` cover the checklist of `kind`.
pub fn coverage(kind: ReportKind, claims: &[Claim]) -> Coverage {
    let list = kind.checklist();
    let mut items: Vec<(&'static Item, Vec<Claim>)> =
        list.iter().map(|i| (i, Vec::new())).collect();
    let mut wrong = Vec::new();
    let known = |id: &str| list.iter().find(|i| i.id == id);
    let mut halves = claims.iter().enumerate().peekable();
    while let Some((n, claim)) = halves.next() {
        if list.is_empty() {
            wrong.push((n, Wrong::NoChecklist));
            continue;
        }
        // `covers=provider assurance`: two halves of one id, said once.
        if let Some((_, next)) = halves.peek()
            && known(&claim.id).is_none()
            && known(&next.id).is_none()
            && (next.place, next.index) == (claim.place, claim.index)
            && let Some(item) = known(&format!("{}-{}", claim.id, next.id))
        {
            wrong.push((n, Wrong::Spaced(item)));
            halves.next();
            continue;
        }
        let Some(at) = list.iter().position(|i| i.id == claim.id) else {
            wrong.push((
                n,
                Wrong::Unknown {
                    nearest: nearest(&claim.id, list),
                },
            ));
            continue;
        };
        let (item, met) = &mut items[at];
        if item.place != claim.place {
            wrong.push((n, Wrong::Misplaced(item)));
        } else if claim.pending {
            wrong.push((n, Wrong::NotYetSent(item)));
        } else if met
            .iter()
            .any(|c| c.place == claim.place && c.index == claim.index)
        {
            wrong.push((n, Wrong::Twice));
        } else {
            met.push(claim.clone());
        }
    }
    Coverage { items, wrong }
}

/// How many days late `sent` is for an item that must be met within a number of
/// days of publication: `None` when on time, or when it has no such limit.
pub fn days_late(item: &Item, published: Date, sent: Date) -> Option<i64> {
    let limit = item.within_days?;
    let days = (sent - published).get_days() as i64;
    (days > limit).then_some(days)
}

/// The item whose id is nearest `id` in spelling, if near enough to be meant.
fn nearest(id: &str, list: &'static [Item]) -> Option<&'static str> {
    let ids: Vec<&'static str> = list.iter().map(|i| i.id).collect();
    crate::yaml::nearest(id, &ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(id: &str, place: Place, index: usize) -> Claim {
        Claim {
            id: id.into(),
            place,
            index,
            pending: false,
        }
    }

    #[test]
    fn claims_meet_items_in_their_place_and_the_rest_are_missing() {
        let claims = [
            claim("objective", Place::Section, 0),
            claim("strategy", Place::Section, 1),
            claim("strategy", Place::Section, 2),
            claim("sent-police", Place::Circulation, 0),
            claim("membres", Place::Section, 3),
            claim("sent-healthwatch", Place::Section, 3),
            claim("objective", Place::Section, 0),
        ];
        let c = coverage(ReportKind::SabAnnual, &claims);
        let met: Vec<(&str, usize)> = c.items.iter().map(|(i, c)| (i.id, c.len())).collect();
        assert_eq!(met[..2], [("objective", 1), ("strategy", 2)]);
        let missing: Vec<&str> = c.missing().map(|i| i.id).collect();
        assert_eq!(
            missing,
            [
                // `membres` was meant for it: said as a misspelling, not as missing.
                "sars-concluded",
                "sars-ongoing",
                "sars-acted-on",
                "sars-not-acted-on",
                "sent-local-authority",
                // Claimed in the wrong place: said as that, not as missing too.
                "sent-health-wellbeing-board"
            ]
        );
        assert_eq!(c.wrong.len(), 3);
        assert_eq!(
            c.wrong[0],
            (
                4,
                Wrong::Unknown {
                    nearest: Some("members")
                }
            )
        );
        assert!(matches!(c.wrong[1], (5, Wrong::Misplaced(i)) if i.id == "sent-healthwatch"));
        assert_eq!(c.wrong[2], (6, Wrong::Twice));
        let other = coverage(ReportKind::Other, &claims[..1]);
        assert_eq!(other.wrong, [(0, Wrong::NoChecklist)]);
        assert!(other.items.is_empty());
    }

    #[test]
    fn each_kind_is_spelled_as_its_yaml_is() {
        for kind in [
            ReportKind::ScpYearly,
            ReportKind::SabAnnual,
            ReportKind::IcbAnnual,
            ReportKind::WalesAnnual,
            ReportKind::Other,
        ] {
            let yaml = serde_json::to_string(&kind).unwrap();
            assert_eq!(yaml, format!("\"{}\"", kind.as_str()));
        }
    }

    #[test]
    fn an_id_written_with_a_space_is_one_slip() {
        let claims = [
            claim("provider", Place::Section, 0),
            claim("assurance", Place::Section, 0),
            claim("training", Place::Section, 1),
        ];
        let c = coverage(ReportKind::IcbAnnual, &claims);
        assert!(matches!(c.wrong[..], [(0, Wrong::Spaced(i))] if i.id == "provider-assurance"));
        assert!(c.missing().all(|i| i.id != "provider-assurance"));
        // Halves from two headings are two unknown ids.
        let apart = [
            claim("provider", Place::Section, 0),
            claim("assurance", Place::Section, 1),
        ];
        assert_eq!(coverage(ReportKind::IcbAnnual, &apart).wrong.len(), 2);
    }

    #[test]
    fn the_panel_must_have_it_within_seven_days() {
        let item = ReportKind::ScpYearly
            .checklist()
            .iter()
            .find(|i| i.id == "sent-panel")
            .unwrap();
        let published = jiff::civil::date(2025, 9, 30);
        assert_eq!(
            days_late(item, published, jiff::civil::date(2025, 10, 7)),
            None
        );
        assert_eq!(
            days_late(item, published, jiff::civil::date(2025, 10, 8)),
            Some(8)
        );
        let police = ReportKind::SabAnnual
            .checklist()
            .iter()
            .find(|i| i.id == "sent-police")
            .unwrap();
        assert_eq!(
            days_late(police, published, jiff::civil::date(2026, 9, 30)),
            None
        );
    }
}
