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

/// Every kind of embedding block.
pub const ALL: [EmbedKind; 6] = [
    EmbedKind::Audit,
    EmbedKind::Indicators,
    EmbedKind::Training,
    EmbedKind::Actions,
    EmbedKind::Trend,
    EmbedKind::Organisation,
];

/// The embedding block a fenced block's language was probably meant to name
/// (`Trend`, `audit_summary`, `orgnisation`), when it names none: shown as code, it
/// would print its settings on the page.
pub fn meant(lang: &str) -> Option<&'static str> {
    let lang = lang.trim();
    if lang.is_empty() || EmbedKind::of(lang).is_some() {
        return None;
    }
    let plain = lang.to_lowercase().replace('_', "-");
    ALL.iter().map(|k| k.name()).find(|name| {
        *name == plain || (name.len() >= 6 && strsim::damerau_levenshtein(&plain, name) <= 2)
    })
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
            let value = value.trim();
            // Quotes as YAML would have them (`caption: "Figures, 2024-25"`) are not
            // part of the value.
            let unquoted = ['"', '\'']
                .iter()
                .find_map(|q| value.strip_prefix(*q)?.strip_suffix(*q))
                .filter(|_| value.len() >= 2);
            BlockLine {
                key: key.trim_end().to_string(),
                value: Some(unquoted.unwrap_or(value).to_string()),
                offset: at,
                value_offset: at + key.len() + 1 + lead + usize::from(unquoted.is_some()),
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
