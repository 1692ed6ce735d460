//! Front matter: the YAML between `---` lines at the top of a page, typed.

use std::fmt;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::meeting::Meeting;
pub use super::paper::{ActionRequired, OrderedMap, Paper, PaperStatus, Signoff};
use super::report::Report;
use crate::config::Visibility;
use crate::diagnostics::Diagnostic;
use crate::yaml::{YamlSource, key_pos, pos};

/// A page's text split into front matter and body.
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Lines of the file before the YAML (the opening `---`).
    pub yaml_line_offset: usize,
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Splits `---` front matter from the Markdown after it.
pub fn split<'a>(path: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "---" {
        return Err(Diagnostic::error(
            path,
            "a page must start with front matter: a line `---`, then at least `title: …`, then `---`",
        )
        .at_line_col(text, 1, 1));
    }
    let mut offset = first_line_end;
    for line in text[first_line_end..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &text[first_line_end..offset],
                yaml_line_offset: 1,
                body: &text[offset + line.len()..],
                body_offset: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        path,
        "the front matter is never closed: add a line `---` after its last key",
    )
    .at_line_col(text, 1, 1))
}

/// What sort of page this is; leave it out for an ordinary page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PageType {
    /// A training module, with learning outcomes and a self-check.
    Module,
    /// A committee paper, with a cover sheet made from its `paper:` block.
    Paper,
    /// An annual report (and similar publications), with its `report:` block: the
    /// checklist of what it must contain, its sign-off and circulation.
    Report,
    /// One meeting of a board or committee, with its agenda.
    Meeting,
}

/// Who a training module is for: the board, or a level of the intercollegiate
/// safeguarding competences.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Board members and governing bodies.
    Board,
    /// Level 1: all staff.
    #[serde(rename = "level-1")]
    Level1,
    /// Level 2: staff who have some contact with children, young people or carers.
    #[serde(rename = "level-2")]
    Level2,
    /// Level 3: clinical staff who work with children, young people or carers.
    #[serde(rename = "level-3")]
    Level3,
    /// Level 4: named professionals.
    #[serde(rename = "level-4")]
    Level4,
    /// Level 5: designated professionals.
    #[serde(rename = "level-5")]
    Level5,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Board => "Board",
            Level::Level1 => "Level 1",
            Level::Level2 => "Level 2",
            Level::Level3 => "Level 3",
            Level::Level4 => "Level 4",
            Level::Level5 => "Level 5",
        }
    }
}

/// A self-check question, shown at the end of the module.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The question.
    pub question: String,
    /// The answers to choose from: at least two.
    pub options: Vec<String>,
    /// Which option is right, counting from 0: the first option is 0.
    pub answer: usize,
    /// Shown once an answer is chosen: why the right answer is right.
    #[serde(default)]
    pub explanation: Option<String>,
}

/// Front matter of any page. Unknown keys are errors, so a typo never passes silently.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Front matter of a page, module or paper")]
pub struct FrontMatter {
    /// The page's title, shown at its top and in listings.
    pub title: String,
    /// One sentence about the page, for listings and search.
    #[serde(default)]
    pub description: Option<String>,
    /// Where the page comes in its section's list: smallest first.
    #[serde(default)]
    pub weight: Option<i64>,
    /// `true` keeps the page out of the site until you build with `--drafts`.
    #[serde(default, deserialize_with = "strict_bool")]
    pub draft: bool,
    /// On a course's `_index.md` (a section with training modules): `true` also
    /// publishes the whole course as a PDF beside its print page. (Papers, reports
    /// and meetings always have one.)
    #[serde(default, deserialize_with = "strict_bool")]
    pub pdf: bool,
    /// `public` or `private`: a public build leaves private pages out.
    #[serde(default)]
    pub visibility: Option<Visibility>,
    /// The page's date (YYYY-MM-DD).
    #[serde(default)]
    pub date: Option<Date>,
    /// When the page must next be reviewed (YYYY-MM-DD); past it, the build warns.
    #[serde(default)]
    pub review_date: Option<Date>,
    /// Who keeps the page up to date (shown on the review list).
    #[serde(default)]
    pub owner: Option<String>,
    /// The page's topics (`[reviews, learning]`); each gets a page listing its pages.
    #[serde(default)]
    pub tags: Vec<String>,
    /// A template of the theme's templates folder to show this page with (`wide.html`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub template: Option<Spanned<String>>,
    /// Anything your own templates need (free-form).
    #[serde(default)]
    pub extra: Option<serde_json::Value>,
    /// `module` for a training module, `paper` for a committee paper, `report` for an
    /// annual report, `meeting` for a meeting and its agenda; leave it out for an
    /// ordinary page.
    #[serde(default, rename = "type")]
    pub page_type: Option<PageType>,

    // Training modules.
    /// Modules only: what the reader will be able to do, one line each.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub learning_outcomes: Option<Spanned<Vec<String>>>,
    /// Modules only: who the module is for: `board`, or `level-1` to `level-5` of the
    /// intercollegiate competences.
    #[serde(default)]
    #[schemars(with = "Option<Level>")]
    pub level: Option<Spanned<Level>>,
    /// Modules only: about how long the module takes, in minutes.
    #[serde(default)]
    #[schemars(with = "Option<u32>")]
    pub duration_minutes: Option<Spanned<u32>>,
    /// Modules only: the self-check questions at the end of the module.
    #[serde(default)]
    #[schemars(with = "Option<Vec<Question>>")]
    pub questions: Option<Spanned<Vec<Spanned<Question>>>>,

    // Committee papers.
    /// Papers only: the cover sheet (meeting, date, purpose, action required, …).
    #[serde(default)]
    #[schemars(with = "Option<Paper>")]
    pub paper: Option<Spanned<Paper>>,

    // Reports.
    /// Reports only: its kind, year, sign-off and circulation.
    #[serde(default)]
    #[schemars(with = "Option<Report>")]
    pub report: Option<Spanned<Report>>,

    // Meetings.
    /// Meetings only: the board or committee, the date and the agenda.
    #[serde(default)]
    #[schemars(with = "Option<Meeting>")]
    pub meeting: Option<Spanned<Meeting>>,
}

impl FrontMatter {
    /// Parses and checks the front matter of the page at `path`.
    pub fn parse(
        path: &str,
        text: &str,
        split: &Split<'_>,
    ) -> Result<FrontMatter, Vec<Diagnostic>> {
        let source = YamlSource {
            path,
            file_text: text,
            yaml: split.yaml,
            line_offset: split.yaml_line_offset,
        };
        let fm: FrontMatter = source.parse().map_err(|d| vec![d])?;
        let mut problems = Vec::new();
        if fm.title.trim().is_empty() {
            let end = (split.yaml.lines().count().max(1), 1);
            problems.push(source.at(
                key_pos(split.yaml, "title", end),
                "`title` is empty: every page needs a title",
            ));
        }
        fm.check_type(&source, &mut problems);
        fm.check_questions(&source, &mut problems);
        if let Some(t) = &fm.template
            && (t.value.contains("..") || t.value.starts_with('/'))
        {
            problems.push(source.at(
                pos(t.referenced),
                "`template` names a file of the theme's templates folder, like `wide.html`",
            ));
        }
        if problems.is_empty() {
            Ok(fm)
        } else {
            Err(problems)
        }
    }

    /// Keys that belong to one type of page: a module's on a module, a paper's on a
    /// paper, and a paper has its cover sheet.
    fn check_type(&self, source: &YamlSource<'_>, problems: &mut Vec<Diagnostic>) {
        let fm = self;
        let is_module = fm.page_type == Some(PageType::Module);
        let is_paper = fm.page_type == Some(PageType::Paper);
        let module_only = [
            (
                "learning_outcomes",
                fm.learning_outcomes.as_ref().map(|s| pos(s.referenced)),
            ),
            ("level", fm.level.as_ref().map(|s| pos(s.referenced))),
            (
                "duration_minutes",
                fm.duration_minutes.as_ref().map(|s| pos(s.referenced)),
            ),
            (
                "questions",
                fm.questions.as_ref().map(|s| pos(s.referenced)),
            ),
        ];
        if !is_module {
            for (key, loc) in module_only {
                if let Some(loc) = loc {
                    problems.push(source.at(
                    key_pos(source.yaml, key, loc),
                    format!("`{key}` belongs to training modules: add `type: module` to this page, or remove `{key}`"),
                ));
                }
            }
        }
        match (&fm.paper, is_paper) {
        (Some(p), false) => problems.push(source.at(
            key_pos(source.yaml, "paper", pos(p.referenced)),
            "a `paper:` block belongs to committee papers: add `type: paper` to this page, or remove the block",
        )),
        (None, true) => problems.push(source.at(
            (1, 1),
            "a page of `type: paper` needs a `paper:` block (meeting, meeting_date, purpose, action_required, …) for its cover sheet",
        )),
        _ => {}
    }
        match (&fm.meeting, fm.page_type == Some(PageType::Meeting)) {
            (Some(m), false) => problems.push(source.at(
                key_pos(source.yaml, "meeting", pos(m.referenced)),
                "a `meeting:` block belongs to meetings: add `type: meeting` to this page, or remove the block",
            )),
            (None, true) => problems.push(source.at(
                crate::yaml::key_lines(source.yaml, "type")
                    .find(|at| at.1 == 1)
                    .unwrap_or((1, 1)),
                "a page of `type: meeting` needs a `meeting:` block with its `body`, `date` and `agenda`",
            )),
            _ => {}
        }
        match (&fm.report, fm.page_type == Some(PageType::Report)) {
            (Some(r), false) => problems.push(source.at(
                key_pos(source.yaml, "report", pos(r.referenced)),
                "a `report:` block belongs to reports: add `type: report` to this page, or remove the block",
            )),
            (None, true) => problems.push(source.at(
                crate::yaml::key_lines(source.yaml, "type")
                    .find(|at| at.1 == 1)
                    .unwrap_or((1, 1)),
                "a page of `type: report` needs a `report:` block with at least its `kind` (scp-yearly, sab-annual, icb-annual, wales-annual or other) and `period`",
            )),
            (Some(r), true) => r.value.check(source, problems),
            _ => {}
        }
        if let Some(p) = &fm.paper
            && p.value.action_required.is_empty()
        {
            problems.push(source.at(
            key_pos(source.yaml, "action_required", pos(p.referenced)),
            "`action_required` is empty: name one or more of decision, approval, assurance, discussion, information",
        ));
        }
    }

    /// Each self-check question has options and an answer among them.
    fn check_questions(&self, source: &YamlSource<'_>, problems: &mut Vec<Diagnostic>) {
        let fm = self;
        if let Some(questions) = &fm.questions {
            for q in &questions.value {
                if q.value.options.len() < 2 {
                    problems.push(source.at(
                        pos(q.referenced),
                        "a self-check question needs at least two `options`",
                    ));
                } else if q.value.answer >= q.value.options.len() {
                    problems.push(source.at(
                    pos(q.referenced),
                    format!(
                        "`answer: {}` is not one of the options: answers count from 0, so use 0 to {}",
                        q.value.answer,
                        q.value.options.len() - 1
                    ),
                ));
                }
            }
        }
    }
}

/// A map's value as text, kept exactly as written (`n/a`, `7`, `1.0`).
pub(crate) struct TextLike(pub(crate) String);

impl<'de> Deserialize<'de> for TextLike {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = TextLike;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TextLike, E> {
                Ok(TextLike(v.to_string()))
            }
        }
        // Asked for text, the parser hands over the characters written, not a number
        // it read them as.
        d.deserialize_str(V)
    }
}

/// `true` or `false`, and nothing YAML 1.1 also reads as one (`yes`, `on`, `"yes"`):
/// a page meant as a draft must not be published because of how it was spelled.
pub fn strict_bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    struct V;
    impl Visitor<'_> for V {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("`true` or `false`")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
            match v.trim() {
                "true" => Ok(true),
                "false" => Ok(false),
                other => Err(E::custom(format!(
                    "`{other}` is not `true` or `false`: write `true` or `false` here"
                ))),
            }
        }
    }
    struct Written(bool);
    impl<'de> Deserialize<'de> for Written {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            // Asked for text, the parser hands over the characters as written.
            d.deserialize_str(V).map(Written)
        }
    }
    match Option::<Written>::deserialize(d)? {
        Some(Written(b)) => Ok(b),
        None => Err(de::Error::custom(
            "this is empty: write `true` or `false` here",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
        let s = split("p.md", text).map_err(|d| vec![d])?;
        FrontMatter::parse("p.md", text, &s)
    }

    #[test]
    fn splits_and_parses() {
        let fm = parse("---\ntitle: Hello\ntags: [a, b]\n---\n# Body\n").unwrap();
        assert_eq!(fm.title, "Hello");
        assert_eq!(fm.tags, ["a", "b"]);
    }

    #[test]
    fn unknown_key_points_at_its_line() {
        let e = parse("---\ntitle: Hello\ntitel: x\n---\n").unwrap_err();
        assert_eq!(e[0].line, 3, "{}", e[0]);
    }

    #[test]
    fn module_keys_need_module_type() {
        let e = parse("---\ntitle: Hello\nlevel: board\n---\n").unwrap_err();
        assert_eq!(e[0].line, 3, "{}", e[0]);
        assert!(e[0].message.contains("type: module"));
    }

    #[test]
    fn answer_out_of_range() {
        let text = "---\ntitle: T\ntype: module\nquestions:\n  - question: Q?\n    options: [a, b]\n    answer: 2\n---\n";
        let e = parse(text).unwrap_err();
        assert_eq!(e[0].line, 5, "{}", e[0]);
        assert!(e[0].message.contains("0 to 1"), "{}", e[0]);
    }

    #[test]
    fn paper_block_keeps_order_and_accepts_one_action() {
        let text = "---\ntitle: T\ntype: paper\npaper:\n  meeting: Board\n  meeting_date: 2016-09-13\n  agenda_item: 7\n  action_required: assurance\n  purpose: To assure.\n  implications:\n    Zed: text\n    Alpha: n/a\n---\n";
        let fm = parse(text).unwrap();
        let p = fm.paper.unwrap().value;
        assert_eq!(p.agenda_item.as_deref(), Some("7"));
        assert_eq!(p.action_required, [ActionRequired::Assurance]);
        assert_eq!(p.implications.0[0].0, "Zed");
    }

    #[test]
    fn impossible_date_is_an_error() {
        let e = parse("---\ntitle: T\ndate: 2016-02-30\n---\n").unwrap_err();
        assert_eq!(e[0].line, 3, "{}", e[0]);
    }

    #[test]
    fn text_is_kept_as_written_and_booleans_are_true_or_false() {
        let text = "---\ntitle: T\ntype: paper\ndraft: false\npaper:\n  meeting: Board\n  meeting_date: 2016-09-13\n  agenda_item: 7.10\n  version: 1.0\n  action_required: assurance\n  purpose: P\n  implications:\n    Money: 1.50\n---\n";
        let p = parse(text).unwrap().paper.unwrap().value;
        assert_eq!(p.version.as_deref(), Some("1.0"));
        assert_eq!(p.agenda_item.as_deref(), Some("7.10"));
        assert_eq!(p.implications.0[0].1, "1.50");
        for draft in ["yes", "\"yes\"", "1", "on"] {
            let e = parse(&format!("---\ntitle: T\ndraft: {draft}\n---\n")).unwrap_err();
            assert_eq!((e[0].line, e[0].col), (3, 8), "{}", e[0]);
            assert!(e[0].message.contains("`true` or `false`"), "{}", e[0]);
        }
        assert!(parse("---\ntitle: T\ndraft: true\n---\n").unwrap().draft);
    }
}
