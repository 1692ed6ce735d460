//! White space in inline content, collapsed and trimmed as a browser shows it.

use crate::pdf::{Block, Inline};

/// Ends a run of inline content as a paragraph (or plain text, where the run is
/// loose inside a list item or a cell), white space collapsed as a browser does.
pub fn flush(run: &mut Vec<Inline>, out: &mut Vec<Block>, para: bool) {
    let inlines = trimmed(std::mem::take(run));
    if inlines.is_empty() {
        return;
    }
    out.push(if para {
        Block::Para(inlines)
    } else {
        Block::Plain(inlines)
    });
}

/// Inline content with white space collapsed and trimmed at both ends; empty if
/// it holds nothing but space.
pub fn trimmed(run: Vec<Inline>) -> Vec<Inline> {
    let mut out = collapse(run, &mut true);
    // Trailing space.
    while let Some(Inline::Text(t)) = out.last_mut() {
        let kept = t.trim_end().len();
        t.truncate(kept);
        if t.is_empty() {
            out.pop();
        } else {
            break;
        }
    }
    out
}

/// Collapses runs of white space to one space; `space` says whether the text before
/// ended in one (at the start it counts as one, so leading space goes).
fn collapse(run: Vec<Inline>, space: &mut bool) -> Vec<Inline> {
    let mut out = Vec::new();
    for item in run {
        let item = match item {
            Inline::Text(t) => {
                let mut s = String::with_capacity(t.len());
                for c in t.chars() {
                    // Invisible joiners and marks: no font draws them, and a PDF
                    // reader gains nothing from them.
                    if matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}') {
                        continue;
                    }
                    if c.is_ascii_whitespace() {
                        if !*space {
                            s.push(' ');
                            *space = true;
                        }
                    } else {
                        s.push(c);
                        *space = false;
                    }
                }
                if s.is_empty() {
                    continue;
                }
                Inline::Text(s)
            }
            Inline::Strong(c) => Inline::Strong(collapse(c, space)),
            Inline::Emph(c) => Inline::Emph(collapse(c, space)),
            Inline::Strike(c) => Inline::Strike(collapse(c, space)),
            Inline::Sup(c) => Inline::Sup(collapse(c, space)),
            Inline::Sub(c) => Inline::Sub(collapse(c, space)),
            Inline::Link(href, c) => Inline::Link(href, collapse(c, space)),
            Inline::Break => {
                *space = true;
                Inline::Break
            }
            code @ Inline::Code(_) => {
                *space = false;
                code
            }
        };
        out.push(item);
    }
    out
}
