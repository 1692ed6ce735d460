//! Code highlighting with syntect, as CSS classes (`hl-keyword`, `hl-string`, …)
//! that the theme's stylesheet colours. The syntax set is loaded on the first code
//! block that needs it, so sites without code never pay for it.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::render::escape_html;

static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();

fn syntaxes() -> &'static SyntaxSet {
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Code blocks highlighted during one build, kept for a second showing of the same
/// page (a module on its own page, then in its course's print page), which takes them.
#[derive(Default)]
pub struct Reuse(Mutex<HashMap<String, String>>);

/// Whether a page's code blocks are shown again in this build.
#[derive(Clone, Copy)]
pub enum Showing<'a> {
    Once,
    /// Shown again later: keep each block.
    First(&'a Reuse),
    /// The last showing: take each block kept.
    Again(&'a Reuse),
}

impl Showing<'_> {
    /// [`code_block`], shared between the showings of a page.
    pub fn code_block(self, lang: &str, code: &str) -> String {
        let key = || format!("{lang}\n{code}");
        match self {
            Showing::Once => code_block(lang, code),
            Showing::First(reuse) => {
                let html = code_block(lang, code);
                reuse.lock().insert(key(), html.clone());
                html
            }
            Showing::Again(reuse) => {
                let kept = reuse.lock().remove(&key());
                kept.unwrap_or_else(|| code_block(lang, code))
            }
        }
    }
}

impl Reuse {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A `<pre>` block for `code` in language `lang` (a fence's info string).
pub fn code_block(lang: &str, code: &str) -> String {
    let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    let mut html = String::with_capacity(code.len() * 2 + 64);
    // Focusable so that keyboard users can scroll a wide block sideways.
    html.push_str("<pre class=\"code\" tabindex=\"0\"");
    if !lang.is_empty() {
        html.push_str(" data-lang=\"");
        html.push_str(&escape_html(lang));
        html.push('"');
    }
    html.push_str("><code>");
    match highlighted(lang, code) {
        Some(spans) => html.push_str(&spans),
        None => html.push_str(&escape_html(code)),
    }
    html.push_str("</code></pre>\n");
    html
}

fn highlighted(lang: &str, code: &str) -> Option<String> {
    if lang.is_empty() {
        return None;
    }
    let set = syntaxes();
    let syntax = set
        .find_syntax_by_token(lang)
        .or_else(|| set.find_syntax_by_name(lang))?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        set,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes() {
        let html = code_block("rust", "fn main() {}\n");
        assert!(html.contains("hl-"), "{html}");
        assert!(html.contains("data-lang=\"rust\""));
    }

    #[test]
    fn a_block_shown_again_is_the_same_and_is_kept_only_until_then() {
        let reuse = Reuse::default();
        let first = Showing::First(&reuse).code_block("yaml", "a: 1\n");
        assert_eq!(reuse.lock().len(), 1);
        assert_eq!(Showing::Again(&reuse).code_block("yaml", "a: 1\n"), first);
        assert!(reuse.lock().is_empty());
        // Another language is another block.
        let toml = Showing::Again(&reuse).code_block("toml", "a: 1\n");
        assert!(toml.contains("data-lang=\"toml\""), "{toml}");
    }

    #[test]
    fn unknown_language_is_escaped_text() {
        let html = code_block("nosuchlang", "<b>\n");
        assert!(html.contains("&lt;b&gt;"), "{html}");
    }
}
