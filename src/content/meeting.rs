//! A meeting's `meeting:` block (`type: meeting`): one meeting of a board or
//! committee, and its agenda. Each agenda item names a paper of the site by its
//! path, or gives a title of its own; the papers are found once the site is known
//! (`site/meeting.rs`).

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

/// One item of the agenda.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    /// The item's number on the agenda (`"7"`, `7.2`), kept as written.
    #[serde(default)]
    #[schemars(with = "Option<super::schemas::TextLike>")]
    pub item: Option<String>,
    /// The paper taken at this item: its path from this file
    /// (`../papers/2016-09-section-11-audit.md`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub paper: Option<Spanned<String>>,
    /// The item's title, for an item with no paper (`Any other business`); with a
    /// paper, the paper's own title is used unless this is given.
    #[serde(default)]
    pub title: Option<String>,
    /// Who presents it.
    #[serde(default)]
    pub presenter: Option<String>,
    /// How long it has, in minutes.
    #[serde(default)]
    pub minutes: Option<u32>,
}

/// One meeting of a board or committee.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "The meeting: which board or committee, when, where, and its agenda.")]
pub struct Meeting {
    /// The board or committee (`Quality and Safety Committee`).
    pub body: String,
    /// The day of the meeting (YYYY-MM-DD).
    pub date: Date,
    /// Where it is held.
    #[serde(default)]
    pub location: Option<String>,
    /// Who is expected: roles, not names, are enough (`Chair`, `Chief Nurse`).
    #[serde(default)]
    pub attendees: Vec<String>,
    /// The agenda, in order: each `{ item, paper, presenter, minutes }`, or
    /// `{ item, title }` for an item with no paper.
    #[schemars(with = "Vec<AgendaItem>")]
    pub agenda: Vec<Spanned<AgendaItem>>,
}
