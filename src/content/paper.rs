//! A committee paper's `paper:` block (`type: paper`): the governing-body cover
//! sheet, typed.

use std::fmt;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::frontmatter::TextLike;

/// What the meeting is asked to do with a paper.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ActionRequired {
    /// The meeting is asked to decide.
    Decision,
    /// The meeting is asked to approve.
    Approval,
    /// The paper gives the meeting assurance.
    Assurance,
    /// The meeting is asked to discuss.
    Discussion,
    /// For the meeting's information.
    Information,
}

impl ActionRequired {
    pub const ALL: [ActionRequired; 5] = [
        ActionRequired::Decision,
        ActionRequired::Approval,
        ActionRequired::Assurance,
        ActionRequired::Discussion,
        ActionRequired::Information,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ActionRequired::Decision => "Decision",
            ActionRequired::Approval => "Approval",
            ActionRequired::Assurance => "Assurance",
            ActionRequired::Discussion => "Discussion",
            ActionRequired::Information => "Information",
        }
    }
}

/// Whether a paper is still a draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PaperStatus {
    /// A draft: marked as one on every page.
    Draft,
    /// The final version.
    Final,
}

/// One check the paper passed before it went to the meeting.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signoff {
    /// What was checked (`Clinical view`, `Finance`).
    pub check: String,
    /// Who checked it.
    #[serde(default)]
    pub name: Option<String>,
    /// When (YYYY-MM-DD).
    #[serde(default)]
    pub date: Option<Date>,
}

/// The cover sheet of a committee paper. Templates see it as it is, except the
/// fields marked `skip_serializing`, which the paper kind shows worked out
/// (`kinds/paper.rs`: dates in words, every kind of action marked, "n/a" read).
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "The paper's cover sheet, laid out as the standard governing-body cover sheet."
)]
pub struct Paper {
    /// The meeting the paper goes to (`Quality and Safety Committee`).
    pub meeting: String,
    /// The day of the meeting (YYYY-MM-DD).
    #[serde(skip_serializing)]
    pub meeting_date: Date,
    /// The item on the agenda (`"5"`, or `5.2`), kept as written: string fields keep
    /// the source's characters, so nothing is reformatted.
    #[serde(default)]
    #[schemars(with = "Option<super::schemas::TextLike>")]
    pub agenda_item: Option<String>,
    /// The team or director presenting the paper.
    #[serde(default)]
    pub report_of: Option<String>,
    /// Who wrote it.
    #[serde(default)]
    pub author: Option<String>,
    /// Who to ask about it.
    #[serde(default)]
    pub contact: Option<String>,
    /// What the meeting is asked to do: one of decision, approval, assurance,
    /// discussion, information, or a list of them.
    #[serde(deserialize_with = "one_or_many", skip_serializing)]
    #[schemars(schema_with = "super::schemas::one_or_many")]
    pub action_required: Vec<ActionRequired>,
    /// Why the paper comes to the meeting, in a sentence.
    pub purpose: String,
    /// The board assurance framework domains the paper relates to.
    #[serde(default)]
    pub baf_domains: Vec<String>,
    /// Each area the paper touches (quality, finance, equality, …) and what it means
    /// for it, in the order you want them shown; `n/a` where none.
    #[serde(default, skip_serializing)]
    pub implications: OrderedMap,
    /// What the meeting is asked to do, one line each.
    #[serde(default)]
    pub recommendations: Vec<String>,
    /// The checks the paper passed before the meeting.
    #[serde(default, skip_serializing)]
    pub signoff: Vec<Signoff>,
    /// The paper's version (`1.0` stays "1.0", as written).
    #[serde(default)]
    #[schemars(with = "Option<super::schemas::TextLike>")]
    pub version: Option<String>,
    /// `draft` or `final`; a draft is marked as one on every page.
    #[serde(default, skip_serializing)]
    pub status: Option<PaperStatus>,
}

/// A YAML map whose order is kept as written (a cover sheet lists implications in
/// the author's order).
#[derive(Clone, Debug, Default, Serialize)]
pub struct OrderedMap(pub Vec<(String, String)>);

impl<'de> Deserialize<'de> for OrderedMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OrderedMap;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of area to text (or `n/a`)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OrderedMap, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, TextLike>()? {
                    out.push((k, v.0));
                }
                Ok(OrderedMap(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// One value or a list of them (`action_required: assurance` or `[decision, approval]`).
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ActionRequired>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Vec<ActionRequired>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(
                "one of decision, approval, assurance, discussion, information, or a list of them",
            )
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            ActionRequired::deserialize(de::value::StrDeserializer::<E>::new(v)).map(|a| vec![a])
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(a) = seq.next_element::<ActionRequired>()? {
                if !out.contains(&a) {
                    out.push(a);
                }
            }
            Ok(out)
        }
    }
    d.deserialize_any(V)
}
