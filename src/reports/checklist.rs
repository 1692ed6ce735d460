//! What each kind of report must (or, for an ICB, usually does) contain, item by
//! item, with where the requirement comes from. Written from the law and statutory
//! guidance, in our own words.

use super::ReportKind;

/// Where an item is met: by a section of the report, by a sign-off, or by sending
/// the report to someone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Section,
    Approval,
    Circulation,
}

/// One required content of a report.
#[derive(Debug, PartialEq, Eq)]
pub struct Item {
    /// How a heading, approval or circulation entry claims it (`covers=members`).
    pub id: &'static str,
    /// What a report usually calls it: a section's heading, the role of who signs
    /// it off, or who it is sent to (for starters and messages).
    pub suggested: &'static str,
    /// What is asked, as a sentence a reader of the report understands.
    pub asks: &'static str,
    /// Where it comes from (`Schedule 2, paragraph 4(1)(c)`).
    pub source: &'static str,
    pub place: Place,
    /// For an item met by sending the report: the days after publication it must be
    /// sent within, where there is a limit.
    pub within_days: Option<i64>,
}

/// An item met in `place`, from its id, suggested heading (or role, or recipient),
/// what it asks and where that comes from.
const fn item(place: Place, [id, suggested, asks, source]: [&'static str; 4]) -> Item {
    Item {
        id,
        suggested,
        asks,
        source,
        place,
        within_days: None,
    }
}

/// An item met by sending the report within `days` of publication.
const fn sent_within(days: i64, text: [&'static str; 4]) -> Item {
    Item {
        within_days: Some(days),
        ..item(Place::Circulation, text)
    }
}

/// A safeguarding adults board's annual report: the Care Act 2014, Schedule 2,
/// paragraph 4.
const SAB: &[Item] = &[
    item(
        Place::Section,
        [
            "objective",
            "What we did to achieve our objective",
            "What the board did during the year to achieve its objective.",
            "Schedule 2, paragraph 4(1)(a)",
        ],
    ),
    item(
        Place::Section,
        [
            "strategy",
            "Delivering our strategy",
            "What the board did during the year to implement its strategy.",
            "Schedule 2, paragraph 4(1)(b)",
        ],
    ),
    item(
        Place::Section,
        [
            "members",
            "What each member did",
            "What each member of the board did during the year to implement the strategy.",
            "Schedule 2, paragraph 4(1)(c)",
        ],
    ),
    item(
        Place::Section,
        [
            "sars-concluded",
            "Safeguarding adults reviews concluded this year",
            "The findings of the safeguarding adults reviews the board arranged that concluded during the year, whenever they began.",
            "Schedule 2, paragraph 4(1)(d)",
        ],
    ),
    item(
        Place::Section,
        [
            "sars-ongoing",
            "Safeguarding adults reviews in progress",
            "The safeguarding adults reviews the board arranged that were still in progress at the end of the year, whenever they began.",
            "Schedule 2, paragraph 4(1)(e)",
        ],
    ),
    item(
        Place::Section,
        [
            "sars-acted-on",
            "Acting on the findings of reviews",
            "What the board did during the year to implement the findings of its safeguarding adults reviews.",
            "Schedule 2, paragraph 4(1)(f)",
        ],
    ),
    item(
        Place::Section,
        [
            "sars-not-acted-on",
            "Findings we decided not to act on",
            "Where the board decided during the year not to implement a finding of a review, its reasons.",
            "Schedule 2, paragraph 4(1)(g)",
        ],
    ),
    item(
        Place::Circulation,
        [
            "sent-local-authority",
            "Chief executive and leader of the local authority",
            "A copy sent to the chief executive and the leader of the local authority that set up the board.",
            "Schedule 2, paragraph 4(2)(a)",
        ],
    ),
    item(
        Place::Circulation,
        [
            "sent-police",
            "Police and crime commissioner",
            "A copy sent to the local policing body for the area.",
            "Schedule 2, paragraph 4(2)(b)",
        ],
    ),
    item(
        Place::Circulation,
        [
            "sent-healthwatch",
            "Local Healthwatch",
            "A copy sent to the Local Healthwatch organisation for the area.",
            "Schedule 2, paragraph 4(2)(c)",
        ],
    ),
    item(
        Place::Circulation,
        [
            "sent-health-wellbeing-board",
            "Chair of the Health and Wellbeing Board",
            "A copy sent to the chair of the Health and Wellbeing Board for the area.",
            "Schedule 2, paragraph 4(2)(d)",
        ],
    ),
];

/// A children's safeguarding partnership's yearly report: the Children Act 2004,
/// section 16G, and Working Together to Safeguard Children 2023.
const SCP: &[Item] = &[
    item(
        Place::Section,
        [
            "partners-did",
            "What the partners did",
            "What the safeguarding partners and the relevant agencies did as a result of the arrangements, child safeguarding practice reviews included.",
            "Children Act 2004, section 16G",
        ],
    ),
    item(
        Place::Section,
        [
            "effectiveness",
            "How effective our arrangements were",
            "How effective the arrangements were in practice.",
            "Children Act 2004, section 16G",
        ],
    ),
    item(
        Place::Section,
        [
            "impact",
            "The difference for children and families",
            "Evidence of the impact of the partners' and agencies' work, training included, on outcomes for children and families, from early help to children in care and care leavers.",
            "Working Together 2023, yearly report",
        ],
    ),
    item(
        Place::Section,
        [
            "little-progress",
            "Where progress was slow",
            "An analysis of any area where there has been little or no evidence of progress on the agreed priorities.",
            "Working Together 2023, yearly report",
        ],
    ),
    item(
        Place::Section,
        [
            "reviews",
            "Learning from child safeguarding practice reviews",
            "The decisions and actions the partners took, or plan, on the recommendations of local and national child safeguarding practice reviews, and the improvements that followed.",
            "Working Together 2023, yearly report",
        ],
    ),
    item(
        Place::Section,
        [
            "voice",
            "Hearing from children and families",
            "How the partners sought and used feedback from children and families to shape their work and services.",
            "Working Together 2023, yearly report",
        ],
    ),
    item(
        Place::Approval,
        [
            "signed-local-authority",
            "Chief executive of the local authority",
            "Signed off by the lead safeguarding partner for the local authority.",
            "Working Together 2023, yearly report",
        ],
    ),
    item(
        Place::Approval,
        [
            "signed-icb",
            "Chief executive of the integrated care board",
            "Signed off by the lead safeguarding partner for the integrated care board.",
            "Working Together 2023, yearly report",
        ],
    ),
    item(
        Place::Approval,
        [
            "signed-police",
            "Chief officer of police",
            "Signed off by the lead safeguarding partner for the police.",
            "Working Together 2023, yearly report",
        ],
    ),
    sent_within(
        7,
        [
            "sent-panel",
            "Child Safeguarding Practice Review Panel",
            "A copy sent to the Child Safeguarding Practice Review Panel within seven days of publication.",
            "Working Together 2023, yearly report",
        ],
    ),
    sent_within(
        7,
        [
            "sent-foundations",
            "Foundations, the What Works Centre for Children & Families",
            "A copy sent to Foundations, the What Works Centre for Children & Families, within seven days of publication.",
            "Working Together 2023, yearly report",
        ],
    ),
];

/// A Welsh regional safeguarding board's annual report: the Social Services and
/// Well-being (Wales) Act 2014, section 136, and the regulations made under it; the
/// report is due by 31 July after the year it covers.
const WALES: &[Item] = &[
    item(
        Place::Section,
        [
            "membership",
            "Who is on the board",
            "The board's membership, and each partner's representation on it.",
            "Safeguarding Boards (General) (Wales) Regulations 2015",
        ],
    ),
    item(
        Place::Section,
        [
            "outcomes",
            "What we did to achieve our objectives",
            "The action the board took during the year to achieve its objectives.",
            "Safeguarding Boards (General) (Wales) Regulations 2015",
        ],
    ),
    item(
        Place::Section,
        [
            "annual-plan",
            "How far we delivered our annual plan",
            "An assessment of how far the board implemented the proposals in its annual plan for the year.",
            "Social Services and Well-being (Wales) Act 2014, section 136(2)",
        ],
    ),
    item(
        Place::Section,
        [
            "collaboration",
            "Working with others",
            "How the board worked with other bodies whose work bears on its objectives.",
            "Safeguarding Boards (General) (Wales) Regulations 2015",
        ],
    ),
    item(
        Place::Section,
        [
            "information-requests",
            "Requests for information",
            "The requests the board made for information under section 137(1), and whether each was met.",
            "Safeguarding Boards (General) (Wales) Regulations 2015",
        ],
    ),
    item(
        Place::Section,
        [
            "achievements",
            "What we achieved",
            "What the board achieved during the year.",
            "Safeguarding Boards (General) (Wales) Regulations 2015",
        ],
    ),
    item(
        Place::Section,
        [
            "contributions",
            "What each partner contributed",
            "How far each partner agency contributed to the board's effectiveness.",
            "Safeguarding Boards (General) (Wales) Regulations 2015",
        ],
    ),
    item(
        Place::Section,
        [
            "resources",
            "How we used our resources",
            "An assessment of how the board used its resources.",
            "Safeguarding Boards (General) (Wales) Regulations 2015",
        ],
    ),
    item(
        Place::Section,
        [
            "themes",
            "Themes in our work",
            "The underlying themes in how the board exercised its functions.",
            "Safeguarding Boards (General) (Wales) Regulations 2015",
        ],
    ),
    item(
        Place::Section,
        [
            "participation",
            "Hearing from children and adults",
            "When and how children and adults had the chance to take part in the board's work.",
            "Safeguarding Boards (General) (Wales) Regulations 2015",
        ],
    ),
    item(
        Place::Section,
        [
            "apsos",
            "Adult protection and support orders",
            "The applications made for adult protection and support orders.",
            "Safeguarding Boards (General) (Wales) Regulations 2015",
        ],
    ),
    item(
        Place::Section,
        [
            "learning",
            "Learning and training",
            "The information and learning the board shared, and the training it recommended or provided.",
            "Safeguarding Boards (General) (Wales) Regulations 2015",
        ],
    ),
    item(
        Place::Section,
        [
            "advice",
            "Advice from the Welsh Government and the National Board",
            "How the board acted on advice from the Welsh Government and the National Independent Safeguarding Board.",
            "Safeguarding Boards (General) (Wales) Regulations 2015",
        ],
    ),
];

/// What an integrated care board's annual safeguarding report usually holds: no
/// statute lists it, so these are the contents boards expect.
const ICB: &[Item] = &[
    item(
        Place::Section,
        [
            "duties",
            "Our safeguarding duties",
            "The board's statutory safeguarding duties for children and adults, and how it meets them.",
            "Children Act 2004, section 11; Care Act 2014",
        ],
    ),
    item(
        Place::Section,
        [
            "accountability",
            "Accountability and assurance",
            "Who is accountable: the executive lead, the designated and named professionals, and how the board is assured.",
            "Usual contents",
        ],
    ),
    item(
        Place::Section,
        [
            "provider-assurance",
            "Assurance from the services we commission",
            "The assurance the board has from the services it commissions.",
            "Usual contents",
        ],
    ),
    item(
        Place::Section,
        [
            "training",
            "Safeguarding training",
            "Safeguarding training compliance, by intercollegiate level.",
            "Intercollegiate documents",
        ],
    ),
    item(
        Place::Section,
        [
            "reviews",
            "Learning from reviews",
            "Learning from child safeguarding practice reviews, safeguarding adults reviews and domestic homicide reviews, and what changed.",
            "Usual contents",
        ],
    ),
    item(
        Place::Section,
        [
            "partnership",
            "Working with the safeguarding partnerships",
            "The board's work with the local safeguarding partnerships.",
            "Usual contents",
        ],
    ),
    item(
        Place::Section,
        [
            "priorities",
            "Priorities for next year",
            "The priorities for the next year.",
            "Usual contents",
        ],
    ),
];

impl ReportKind {
    /// The items a report of this kind must cover, in the order the law lists them.
    pub fn checklist(self) -> &'static [Item] {
        match self {
            ReportKind::SabAnnual => SAB,
            ReportKind::ScpYearly => SCP,
            ReportKind::IcbAnnual => ICB,
            ReportKind::WalesAnnual => WALES,
            ReportKind::Other => &[],
        }
    }

    /// What the checklist is, as the report's table names it: "How this report meets
    /// …".
    pub fn law(self) -> &'static str {
        match self {
            ReportKind::SabAnnual => "Schedule 2 of the Care Act 2014",
            ReportKind::ScpYearly => {
                "section 16G of the Children Act 2004 and Working Together to Safeguard Children 2023"
            }
            ReportKind::IcbAnnual => "the usual contents of an ICB's annual safeguarding report",
            ReportKind::WalesAnnual => {
                "section 136 of the Social Services and Well-being (Wales) Act 2014 and its regulations"
            }
            ReportKind::Other => "",
        }
    }

    /// The last day a report for the financial year starting in April of `year` may
    /// be published, where the law sets one.
    pub fn due(self, year: i32) -> Option<(jiff::civil::Date, &'static str)> {
        match self {
            ReportKind::WalesAnnual => jiff::civil::Date::new(i16::try_from(year + 1).ok()?, 7, 31)
                .ok()
                .map(|d| {
                    (
                        d,
                        "Social Services and Well-being (Wales) Act 2014, section 136(2)",
                    )
                }),
            _ => None,
        }
    }

    /// The kind as a label starts it: "ICB annual safeguarding report".
    pub fn label(self) -> String {
        let words = self.words();
        match words.strip_prefix("ICB") {
            Some(_) => words.to_string(),
            None => {
                let mut c = words.chars();
                c.next()
                    .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
            }
        }
    }

    /// The kind in words: "yearly report", for messages.
    pub fn words(self) -> &'static str {
        match self {
            ReportKind::SabAnnual => "safeguarding adults board annual report",
            ReportKind::ScpYearly => "safeguarding partnership yearly report",
            ReportKind::IcbAnnual => "ICB annual safeguarding report",
            ReportKind::WalesAnnual => "regional safeguarding board annual report",
            ReportKind::Other => "report",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_plain_within_each_kind() {
        for kind in [
            ReportKind::SabAnnual,
            ReportKind::ScpYearly,
            ReportKind::IcbAnnual,
            ReportKind::WalesAnnual,
        ] {
            let list = kind.checklist();
            assert!(!list.is_empty());
            for (i, item) in list.iter().enumerate() {
                assert!(
                    item.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                    "{}",
                    item.id
                );
                assert!(item.asks.ends_with('.'), "{}", item.asks);
                assert!(list[..i].iter().all(|o| o.id != item.id), "{}", item.id);
            }
        }
        assert!(ReportKind::Other.checklist().is_empty());
        // The Care Act's list: seven things to report, four to send it to.
        let sab = ReportKind::SabAnnual.checklist();
        let count = |p| sab.iter().filter(|i| i.place == p).count();
        assert_eq!((count(Place::Section), count(Place::Circulation)), (7, 4));
    }
}
