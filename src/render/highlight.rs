//! Code highlighting with syntect, as CSS classes (`hl-keyword`, `hl-string`, …)
//! that the theme's stylesheet colours. The syntax set is loaded on the first code
//! block that needs it, so sites without code never pay for it. A page's blocks are
//! highlighted once per build, however often it is shown: its body is parsed once
//! (`markdown::parse`).

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::render::escape_html;

static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();

fn syntaxes() -> &'static SyntaxSet {
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
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
    fn unknown_language_is_escaped_text() {
        let html = code_block("nosuchlang", "<b>\n");
        assert!(html.contains("&lt;b&gt;"), "{html}");
    }
}
