//! The embedding blocks a page may hold (`audit-summary`, `indicators`, `training`,
//! `actions`, `trend`, `organisation`): their names, and the `key: value` lines after
//! their first.

/// The fenced block that embeds an audit's summary: its text is the audit's path.
pub const EMBED_AUDIT: &str = "audit-summary";
/// The fenced blocks that embed a dataset's figures: the dataset's path on the first
/// line, then `key: value` lines saying what to show.
pub const EMBED_INDICATORS: &str = "indicators";
pub const EMBED_TRAINING: &str = "training";
/// The fenced blocks that embed assurance and registry figures: open actions, a
/// framework's trend, an organisation's profile.
pub const EMBED_ACTIONS: &str = "actions";
pub const EMBED_TREND: &str = "trend";
pub const EMBED_ORGANISATION: &str = "organisation";

/// What a fenced block embeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmbedKind {
    Audit,
    Indicators,
    Training,
    Actions,
    Trend,
    Organisation,
}

impl EmbedKind {
    /// The kind of embedding block a fenced block's language names, if any.
    pub fn of(lang: &str) -> Option<EmbedKind> {
        match lang.trim() {
            EMBED_AUDIT => Some(EmbedKind::Audit),
            EMBED_INDICATORS => Some(EmbedKind::Indicators),
            EMBED_TRAINING => Some(EmbedKind::Training),
            EMBED_ACTIONS => Some(EmbedKind::Actions),
            EMBED_TREND => Some(EmbedKind::Trend),
            EMBED_ORGANISATION => Some(EmbedKind::Organisation),
            _ => None,
        }
    }

    /// The block's name as written after the fence.
    pub fn name(self) -> &'static str {
        match self {
            EmbedKind::Audit => EMBED_AUDIT,
            EmbedKind::Indicators => EMBED_INDICATORS,
            EmbedKind::Training => EMBED_TRAINING,
            EmbedKind::Actions => EMBED_ACTIONS,
            EmbedKind::Trend => EMBED_TREND,
            EmbedKind::Organisation => EMBED_ORGANISATION,
        }
    }
}

/// A line of an embedding block after its path: `key: value`, each with its byte
/// offset in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockLine {
    pub key: String,
    /// `None` for a line without a colon.
    pub value: Option<String>,
    pub offset: usize,
    pub value_offset: usize,
}

/// One `key: value` line of an embedding block, trimmed, at `at`.
pub(super) fn block_line(line: &str, at: usize) -> BlockLine {
    match line.split_once(':') {
        Some((key, value)) => {
            let lead = value.len() - value.trim_start().len();
            BlockLine {
                key: key.trim_end().to_string(),
                value: Some(value.trim().to_string()),
                offset: at,
                value_offset: at + key.len() + 1 + lead,
            }
        }
        None => BlockLine {
            key: line.to_string(),
            value: None,
            offset: at,
            value_offset: at,
        },
    }
}
