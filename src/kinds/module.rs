//! Training modules (`type: module`): learning outcomes, who the module is for, how
//! long it takes, and a self-check that works without JavaScript.

use serde::Serialize;

use crate::content::frontmatter::FrontMatter;
use crate::render::kind::{Body, Env, Kind, One};
use crate::site::{PageId, PageKind};

pub struct Modules;

impl Kind for Modules {
    fn body(&self, env: &Env<'_>, id: PageId, prefix: &str) -> Option<Body> {
        let page = &env.site.pages[id];
        if page.kind != PageKind::Module {
            return None;
        }
        let front = page.front.as_deref()?;
        Some(One::boxed("module", module_ctx(front, prefix)))
    }
}

#[derive(Serialize)]
struct QuestionCtx {
    number: usize,
    id: String,
    question: String,
    options: Vec<OptionCtx>,
    answer: String,
    explanation: Option<String>,
}

#[derive(Serialize)]
struct OptionCtx {
    id: String,
    text: String,
    correct: bool,
}

#[derive(Serialize)]
struct ModuleCtx {
    level: Option<&'static str>,
    duration_minutes: Option<u32>,
    learning_outcomes: Vec<String>,
    questions: Vec<QuestionCtx>,
}

/// A module's questions and facts; `prefix` goes before each id (see `PageCtx`).
fn module_ctx(f: &FrontMatter, prefix: &str) -> ModuleCtx {
    let questions = f
        .questions
        .as_ref()
        .map(|qs| {
            qs.value
                .iter()
                .enumerate()
                .map(|(i, q)| {
                    let q = &q.value;
                    // Prefixed so they cannot clash with heading ids from the Markdown.
                    let id = format!("{prefix}sg-q{}", i + 1);
                    QuestionCtx {
                        number: i + 1,
                        options: q
                            .options
                            .iter()
                            .enumerate()
                            .map(|(j, o)| OptionCtx {
                                id: format!("{id}-o{}", j + 1),
                                text: o.clone(),
                                correct: j == q.answer,
                            })
                            .collect(),
                        id,
                        question: q.question.clone(),
                        answer: q.options.get(q.answer).cloned().unwrap_or_default(),
                        explanation: q.explanation.clone(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    ModuleCtx {
        level: f.level.as_ref().map(|l| l.value.label()),
        duration_minutes: f.duration_minutes.as_ref().map(|d| d.value),
        learning_outcomes: f
            .learning_outcomes
            .as_ref()
            .map(|l| l.value.clone())
            .unwrap_or_default(),
        questions,
    }
}
