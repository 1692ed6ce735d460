//! Slips in how YAML is written (indentation, tabs, quotes, brackets, commas), told
//! in plain words at the place of the slip, which is not always where the parser
//! stopped: a tab is found a line late, an unclosed bracket where the text ends.

use super::Pos;
use super::lines::{above, byte_at, col_of, indent, key_colon, key_of_line, line};
use super::words::Explained;

/// The parser's own message about how the YAML is written, explained.
/// `offset` is how many lines of the file come before `yaml`.
pub fn explain(msg: &str, at: Option<Pos>, yaml: &str, offset: usize) -> Explained {
    let here = at.unwrap_or((1, 1));
    let has = |s: &str| msg.contains(s);
    if has("tab") {
        return tab(yaml, here);
    }
    if has("trailing content after") {
        return Explained::at(
            here,
            "the quoted text ends at the quote mark before this, and more follows it on the line: put the whole text in the other kind of quotes (\"it's here\"), or write a quote mark inside the text twice ('it''s here')",
        );
    }
    if has("unclosed quote") || has("quoted scalar") {
        return quote(yaml, here, msg);
    }
    if has("misplaced bracket") {
        return Explained::at(
            here,
            "this bracket closes nothing: remove it, or put the whole value in quotes if it is part of the text",
        );
    }
    if has("block sequence entries") {
        return list_item(yaml, here);
    }
    if has("bracket") || has("flow") || has("',' or") || has("':' indicator") {
        if let Some(e) = one_line_comma(yaml, here.0) {
            return e;
        }
        return bracket(yaml, here);
    }
    if has("mapping values are not allowed") {
        return colon_or_indent(yaml, here, offset);
    }
    if has("did not find expected") || has("indentation") || has("not allowed in this context") {
        return indentation(yaml, here.0, offset);
    }
    if has("simple key expected ':'") || has("could not find expected ':'") {
        let l = line(yaml, here.0);
        let at = (here.0, indent(l) + 1);
        let text = l.trim();
        return Explained::at(
            at,
            format!(
                "line {} has no `:` after its key: write the key, a colon and a space, then the value (`{}: …`)",
                here.0 + offset,
                text.split_whitespace().next().unwrap_or("key")
            ),
        );
    }
    if has("cannot start any token") || has("unexpected character") {
        let l = line(yaml, here.0);
        let c = l[byte_at(l, here.1)..].chars().next().unwrap_or('?');
        return Explained::at(
            here,
            format!(
                "a value cannot start with `{c}`: put the whole value in quotes, like \"{c}…\""
            ),
        );
    }
    Explained::at(
        here,
        "this line cannot be read: check its indentation, and put any text holding `: `, ` #`, `[` or `{` in quotes",
    )
}

/// A tab where YAML needs spaces, at the tab itself (the parser may name the line
/// before it).
fn tab(yaml: &str, at: Pos) -> Explained {
    let from = yaml
        .split_inclusive('\n')
        .take(at.0.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let found = yaml.get(from..).and_then(|rest| rest.find('\t'));
    let place = match found {
        Some(i) => {
            let offset = from + i;
            let n = yaml[..offset].matches('\n').count() + 1;
            let start = yaml[..offset].rfind('\n').map_or(0, |s| s + 1);
            (n, col_of(&yaml[start..], offset - start))
        }
        None => at,
    };
    Explained::at(
        place,
        "there is a tab here: YAML lines are indented with spaces, never tabs, so replace the tab with spaces",
    )
}

/// A `- item` where `key: value` lines are, or on the line of its key.
fn list_item(yaml: &str, at: Pos) -> Explained {
    let l = line(yaml, at.0);
    match key_of_line(l) {
        Some((_, key)) => Explained::at(
            at,
            format!(
                "a list item cannot start on the line of its key: put each `- item` on a line of its own, indented under `{key}:`, or write `{key}: [one, two]`"
            ),
        ),
        None => Explained::at(
            (at.0, indent(l) + 1),
            "a list item cannot stand among `key: value` lines: put it under the key it belongs to, indented, like `tags:` then `  - one`",
        ),
    }
}

/// A quote that is never closed, at where it opened.
fn quote(yaml: &str, at: Pos, msg: &str) -> Explained {
    let l = line(yaml, at.0);
    let q = l[byte_at(l, at.1)..]
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\''));
    match q {
        Some(q) if msg.contains("unclosed") => Explained::at(
            at,
            format!(
                "the quote {q} that starts here is never closed: end the text with {q} on this line"
            ),
        ),
        _ if msg.contains("escape") => Explained::at(
            at,
            "a `\\` inside double quotes starts a special character: write `\\\\` for a backslash, or use single quotes",
        ),
        _ => Explained::at(
            at,
            "this quoted text is not closed where it should be: end it with the quote it starts with, on the same line",
        ),
    }
}

/// An open `[` or `{` with its line and column, the first one the text never closes
/// on its own line; or a closing bracket of the other kind.
fn bracket(yaml: &str, at: Pos) -> Explained {
    for (i, l) in yaml.lines().enumerate() {
        let mut open: Vec<(usize, char)> = Vec::new();
        let mut quote = None;
        for (b, c) in l.char_indices() {
            match (quote, c) {
                (Some(q), _) if c == q => quote = None,
                (Some(_), _) => {}
                // Outside brackets a quote mark opens text only where a value starts.
                (None, '"' | '\'')
                    if !open.is_empty() || l[..b].trim_end().ends_with([':', '-']) =>
                {
                    quote = Some(c);
                }
                (None, '#') if l[..b].ends_with(' ') || b == 0 => break,
                (None, '[' | '{')
                    if !open.is_empty() || l[..b].trim_end().ends_with([':', '-']) =>
                {
                    open.push((b, c));
                }
                (None, ']' | '}') if !open.is_empty() => {
                    let (ob, oc) = open.pop().unwrap_or((0, c));
                    if (oc == '[') != (c == ']') {
                        let close = if oc == '[' { ']' } else { '}' };
                        return Explained::at(
                            (i + 1, col_of(l, b)),
                            format!(
                                "the `{oc}` at column {} is closed by `{c}`: close it with `{close}`, or put the whole value in quotes if the brackets are part of the text",
                                col_of(l, ob)
                            ),
                        );
                    }
                }
                _ => {}
            }
        }
        if let Some(&(b, c)) = open.first() {
            let close = if c == '[' { ']' } else { '}' };
            return Explained::at(
                (i + 1, col_of(l, b)),
                format!(
                    "the `{c}` here is never closed: end it with `{close}` on the same line, or put the whole value in quotes if the `{c}` is part of the text"
                ),
            );
        }
    }
    Explained::at(
        at,
        "the brackets on this line do not match: a `[` closes with `]` and a `{` with `}`; put text holding brackets or commas in quotes",
    )
}

/// A comma inside the text of a one-line `{ … }` on line `n`: it ends the value
/// there, so what follows it is read as a key with no value.
pub fn one_line_comma(yaml: &str, n: usize) -> Option<Explained> {
    let l = line(yaml, n);
    let open = l.find('{')?;
    let mut start = open + 1;
    let mut depth = 0usize;
    let mut quote = None;
    let mut prev: Option<&str> = None;
    for (b, c) in l.char_indices().skip_while(|(b, _)| *b <= open) {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']') => depth = depth.saturating_sub(1),
            (None, '}') if depth > 0 => depth -= 1,
            (None, ',' | '}') if depth == 0 => {
                let piece = l[start..b].trim();
                if !piece.is_empty()
                    && key_colon(piece).is_none()
                    && let Some(before) = prev
                {
                    let comma = start - 1;
                    return Some(comma_advice(l, n, comma, before, piece));
                }
                prev = Some(l[start..b].trim());
                start = b + 1;
                if c == '}' {
                    return None;
                }
            }
            _ => {}
        }
    }
    None
}

fn comma_advice(l: &str, n: usize, comma: usize, before: &str, piece: &str) -> Explained {
    let (key, value) = match key_colon(before) {
        Some(i) => (before[..i].trim(), before[i + 1..].trim()),
        None => ("", before),
    };
    let quoted = format!("\"{value}, {piece}\"");
    let example = if key.is_empty() {
        quoted
    } else {
        format!("{key}: {quoted}")
    };
    Explained::at(
        (n, col_of(l, comma)),
        format!(
            "this comma ends the value `{value}`, because in a one-line `{{ … }}` commas separate the entries: put the text in quotes (`{example}`) or write each `key: value` on a line of its own"
        ),
    )
}

/// `mapping values are not allowed`: a value with `: ` in it, or a key indented more
/// than the keys beside it.
fn colon_or_indent(yaml: &str, at: Pos, offset: usize) -> Explained {
    let l = line(yaml, at.0);
    let before = &l[..byte_at(l, at.1)];
    let Some(colon) = key_colon(before.trim_start_matches([' ', '-'])) else {
        return indentation(yaml, at.0, offset);
    };
    let skipped = before.len() - before.trim_start_matches([' ', '-']).len();
    let key_end = skipped + colon;
    let key = l[skipped..key_end].trim();
    let value = l[key_end + 1..].trim();
    let q = if value.contains('"') { '\'' } else { '"' };
    let value_col = col_of(l, l.len() - l[key_end + 1..].trim_start().len());
    Explained::at(
        (at.0, value_col),
        format!(
            "the text after `{key}:` has `: ` in it, which would start another key: put the whole text in quotes, `{key}: {q}{value}{q}`"
        ),
    )
}

/// A line indented unlike the lines of the block it is in, compared with the line
/// above it.
pub fn indentation(yaml: &str, n: usize, offset: usize) -> Explained {
    let l = line(yaml, n);
    let own = key_of_line(l).map_or(indent(l), |(c, _)| c);
    let at = (n, indent(l) + 1);
    let Some((p, prev)) = above(yaml, n) else {
        return Explained::at(
            at,
            "the first line must not be indented: start it at the left edge",
        );
    };
    if above(yaml, p).is_none() && indent(prev) > 0 {
        return Explained::at(
            (p, indent(prev) + 1),
            "the first line must not be indented: start it at the left edge",
        );
    }
    let theirs = key_of_line(prev).map_or(indent(prev), |(c, _)| c);
    if own == theirs && l.trim_start().starts_with("- ") {
        return list_item(yaml, at);
    }
    let what = match key_of_line(l) {
        Some((_, k)) => format!("`{k}` on line {}", n + offset),
        None => format!("line {}", n + offset),
    };
    let other = match key_of_line(prev) {
        Some((_, k)) => format!("`{k}` on line {}", p + offset),
        None => format!("line {}", p + offset),
    };
    let message = if own == theirs {
        format!(
            "{what} is not lined up with the block it belongs to: check the lines above it, each key of a block starts with the same number of spaces"
        )
    } else {
        format!(
            "{what} {}, but {other} above it {}: the {} line up, so start it {} too (or line it up with the keys of the block it belongs to)",
            indented(own),
            indented(theirs),
            if l.trim_start().starts_with("- ") {
                "items of one list"
            } else {
                "keys of one block"
            },
            start(theirs)
        )
    };
    Explained::at(at, message)
}

fn spaces(n: usize) -> String {
    if n == 1 {
        "1 space".into()
    } else {
        format!("{n} spaces")
    }
}

fn indented(n: usize) -> String {
    match n {
        0 => "is not indented".into(),
        n => format!("is indented {}", spaces(n)),
    }
}

/// How a line that starts at column `n` (0-based) begins, in words.
pub fn start(n: usize) -> String {
    match n {
        0 => "at the left edge".into(),
        n => format!("with {}", spaces(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comma_in_one_line_braces_is_found() {
        let yaml = "d: { 25: No lead, not named, 100: Named }\n";
        let e = one_line_comma(yaml, 1).expect("found");
        assert_eq!(e.at, Some((1, 17)));
        assert!(
            e.message.contains("25: \"No lead, not named\""),
            "{}",
            e.message
        );
        assert!(one_line_comma("d: { a: 1, b: 2 }\n", 1).is_none());
    }

    #[test]
    fn a_tab_is_found_where_it_is() {
        let e = tab("title: A\n\tdescription: x\n", (1, 8));
        assert_eq!(e.at, Some((2, 1)));
    }
}
