//! The parser's errors in the words of the people who write the files: what is wrong,
//! where, and what to write instead. Matched on the error's structure; the text
//! around the place supplies the key, the value and the block.

use serde_saphyr::Error;

use super::lines::{either, indent, key_at, key_of_line, line, value_at};
use super::moved::{Retry, moved};
use super::{Pos, dates, key_lines, slips};

/// A problem explained, and where it is when the parser's place is not the right one.
pub struct Explained {
    pub message: String,
    pub at: Option<Pos>,
}

impl Explained {
    pub fn at(at: Pos, message: impl Into<String>) -> Explained {
        Explained {
            message: message.into(),
            at: Some(at),
        }
    }
}

/// Explains one parser error about `yaml`.
/// `offset` is how many lines of the file come before `yaml`, for the line numbers
/// messages name; `retry` parses another text as the same type.
pub fn explain(e: &Error, yaml: &str, offset: usize, retry: Retry) -> Explained {
    let at = e
        .location()
        .filter(|l| l.line() > 0)
        .map(super::pos)
        .unwrap_or((1, 1));
    if let Some(found) = slips::one_line_comma(yaml, at.0) {
        return found;
    }
    let say = |message: String| Explained::at(at, message);
    match e {
        Error::AliasError { error, .. } | Error::WithSnippet { error, .. } => {
            explain(error, yaml, offset, retry)
        }
        Error::ExternalMessage { msg, .. } => slips::explain(msg, Some(at), yaml, offset),
        Error::SerdeUnknownField {
            field, expected, ..
        } => moved(field, at, yaml, offset, retry)
            .unwrap_or_else(|| say(unknown_key(field, expected))),
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => say(unknown_value(variant, expected, key_at(yaml, at))),
        Error::SerdeMissingField { field, .. } => missing(field, at, yaml, offset, retry),
        Error::InvalidScalar { ty, .. } => say(not_a(ty, at, yaml)),
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | Error::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => say(wrong_kind(unexpected, expected, key_at(yaml, at))),
        Error::NullIntoString { .. } | Error::InvalidCharNull { .. } => empty(at, yaml),
        Error::InvalidBooleanStrict { .. } => say(not_a("bool", at, yaml)),
        Error::Unexpected { expected, .. } => say(not_expected(expected, at, yaml)),
        Error::DuplicateMappingKey { key, .. } => say(duplicate(key.as_deref(), at, yaml, offset)),
        Error::UnknownAnchor { .. } => say(
            "a value cannot start with `*`: put the whole value in quotes, like \"*text\"".into(),
        ),
        Error::Message { msg, .. } => say(message(msg, at, yaml)),
        Error::MultipleDocuments { .. } => say(
            "a second `---` line starts another document here: a file holds one, so remove it"
                .into(),
        ),
        Error::Eof { .. } if !yaml.lines().any(super::lines::meaningful) => Explained::at(
            (1, 1),
            "there are no settings here yet: write them as `key: value` lines, starting with `title: …`",
        ),
        Error::Eof { .. } => {
            say("the file ends in the middle of a value: check the last lines".into())
        }
        Error::SerdeInvalidLength { len, .. } => say(format!(
            "{} has {len} entries, which is not the number it needs here",
            key_at(yaml, at).map_or("this".to_string(), |k| format!("`{k}`"))
        )),
        // The rest are the parser's limits and its own failures: no author's slip a
        // message could name, so none of its vocabulary either.
        _ => say(
            "this cannot be read: check the indentation of this line and the lines above it, and put any text holding `: `, ` #`, `[` or `{` in quotes"
                .into(),
        ),
    }
}

/// Something other than what the parser `expected` at `at`: most often text with
/// `: ` in it, a file that is not `key: value` lines, or a misplaced block.
fn not_expected(expected: &str, at: Pos, yaml: &str) -> String {
    match colon_in_item(yaml, at).filter(|_| expected.contains("scalar")) {
        Some(quoted) => format!(
            "this text has `: ` in it, which makes it a key and a value: put it in quotes, `{quoted}`"
        ),
        None if at.0 == 1 && key_at(yaml, at).is_none() && expected.contains("mapping") => {
            "this file holds `key: value` lines, starting at the left edge, like `title: …`".into()
        }
        None => {
            let key = expected
                .contains("sequence")
                .then(|| parent_of_block(yaml, at))
                .flatten()
                .or_else(|| key_at(yaml, at));
            unexpected(expected, key, line(yaml, at.0))
        }
    }
}

/// The closest of `choices` to `word`, if one is close enough to be a slip.
pub fn nearest<'a>(word: &str, choices: &[&'a str]) -> Option<&'a str> {
    let w = word.to_lowercase();
    choices
        .iter()
        .map(|c| {
            let lc = c.to_lowercase();
            let edits = strsim::damerau_levenshtein(&w, &lc);
            let close = edits <= (w.chars().count().max(lc.chars().count()) / 3).max(1)
                || strsim::jaro_winkler(&w, &lc) >= 0.88;
            (edits, close, *c)
        })
        .filter(|(_, close, _)| *close)
        .min_by_key(|(edits, _, _)| *edits)
        .map(|(_, _, c)| c)
}

/// How `word` differs from the one of `choices` it means only by its case or by
/// `_` or a space for `-`, said as advice.
fn written_as(word: &str, choices: &[&str]) -> Option<String> {
    let norm = |s: &str| s.to_lowercase().replace(['_', ' '], "-");
    let right = choices.iter().find(|c| norm(c) == norm(word))?;
    Some(if word.to_lowercase() == *right {
        format!("`{word}` is written in small letters: `{right}`")
    } else if word.contains('_') && right.contains('-') {
        format!("`{word}` is written with a hyphen: `{right}`")
    } else {
        format!("`{word}` is written `{right}`")
    })
}

fn unknown_key(field: &str, expected: &[&str]) -> String {
    if let Some(how) = written_as(field, expected) {
        return how;
    }
    if let Some(near) = nearest(field, expected) {
        return format!("`{field}` is not a key that can be set here: did you mean `{near}`?");
    }
    format!(
        "`{field}` is not a key that can be set here: check its spelling and that it is in the right block (the keys here are {})",
        either(expected)
    )
}

/// Why `value` is not one of `expected`, the values `key` may have: in the wrong
/// case, nearly one of them, or none; with the values when they are few.
pub fn unknown_value(value: &str, expected: &[&str], key: Option<String>) -> String {
    let key = key.map_or_else(|| "this".to_string(), |k| format!("`{k}`"));
    let allowed = if expected.len() <= 8 {
        format!(" ({key} is one of {})", either(expected))
    } else {
        String::new()
    };
    if let Some(how) = written_as(value, expected) {
        return format!("{how}{allowed}");
    }
    match nearest(value, expected).or_else(|| meaning(value, expected)) {
        Some(near) => {
            format!("`{value}` is not a value {key} can have: did you mean `{near}`?{allowed}")
        }
        None => format!("`{value}` is not a value {key} can have{allowed}"),
    }
}

/// The one of `choices` that `word` means in other words (`average` for `mean`,
/// `up` for `higher`), as people write the settings of figures.
fn meaning<'a>(word: &str, choices: &[&'a str]) -> Option<&'a str> {
    const SAME: &[(&str, &str)] = &[
        ("average", "mean"),
        ("total", "sum"),
        ("latest", "last"),
        ("up", "higher"),
        ("high", "higher"),
        ("down", "lower"),
        ("low", "lower"),
        ("%", "percent"),
        ("number of", "count"),
    ];
    let w = word.trim().to_lowercase();
    let means = SAME.iter().find(|(said, _)| *said == w)?.1;
    choices.iter().find(|c| **c == means).copied()
}

/// A required key that is not there: perhaps written outside its block.
fn missing(field: &str, at: Pos, yaml: &str, offset: usize, retry: Retry) -> Explained {
    let block_line = line(yaml, at.0);
    let Some((col, first)) = key_of_line(block_line).filter(|(c, _)| *c > 0) else {
        // A key of the whole file is missing from the file, not from the line the
        // parser had reached: it is told at the file's start.
        let top = key_of_line(block_line).is_some_and(|(c, _)| c == 0);
        return Explained::at(
            if top { (1, 1) } else { at },
            format!("`{field}` is missing: add a line `{field}: …` (it is required)"),
        );
    };
    let block = block_name(yaml, at.0, col, offset);
    // The block runs until a line starts to the left of its keys.
    let end = (at.0 + 1..=yaml.lines().count() + 1)
        .find(|&n| {
            let l = line(yaml, n);
            n > yaml.lines().count()
                || (super::lines::meaningful(l)
                    && key_of_line(l).map_or(indent(l), |(c, _)| c) < col)
                || (l.trim_start().starts_with("- ") && indent(l) < col)
        })
        .unwrap_or(at.0);
    let outside = key_lines(yaml, field)
        .filter(|&(n, _)| n < at.0 || n >= end)
        .find(|&place| super::moved::fills(yaml, place, end - 1, col, field, retry));
    match outside {
        Some(place) => Explained::at(
            place,
            format!(
                "`{field}` belongs inside {block}, so it is not read there: indent it with {col} spaces, like `{first}` on line {}",
                at.0 + offset
            ),
        ),
        None => Explained::at(
            at,
            format!(
                "{block} needs `{field}`: add a line `{field}: …` lined up with `{first}` (it is required)"
            ),
        ),
    }
}

/// The block that line `n`, with its keys at column `col` (0-based), is in, in words:
/// a block under a key, or an item of a list.
pub fn block_name(yaml: &str, n: usize, col: usize, offset: usize) -> String {
    let mut k = n + 1;
    while let Some((p, l)) = super::lines::above(yaml, k) {
        if l.trim_start().starts_with("- ") && indent(l) < col {
            return match list_key(yaml, p, indent(l)) {
                Some(list) => format!("the `{list}` item that starts on line {}", p + offset),
                None => format!("the item that starts on line {}", p + offset),
            };
        }
        if key_of_line(l).map_or(indent(l), |(c, _)| c) < col
            && let Some((_, parent)) = key_of_line(l)
        {
            return format!("the `{parent}` block");
        }
        k = p;
    }
    format!("the block that starts on line {}", n + offset)
}

/// The key of the list whose item starts on line `n` with its dash at column `dash`.
fn list_key(yaml: &str, n: usize, dash: usize) -> Option<String> {
    let mut k = n;
    while let Some((p, l)) = super::lines::above(yaml, k) {
        let is_item = l.trim_start().starts_with("- ");
        if indent(l) < dash || (indent(l) == dash && !is_item) {
            return key_of_line(l).map(|(_, key)| key.to_string());
        }
        k = p;
    }
    None
}

/// A value the type cannot read: a number, a whole number, `true` or `false`.
fn not_a(ty: &str, at: Pos, yaml: &str) -> String {
    let key = key_at(yaml, at);
    let value = value_at(yaml, at);
    let named = key
        .as_deref()
        .map_or("this".to_string(), |k| format!("`{k}`"));
    let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
    match (ty, key.as_deref()) {
        (_, Some("answer")) => format!(
            "`answer` is the number of the right answer, counting from 0 (the first option is 0, the second 1): `{value}` is not a number"
        ),
        ("bool" | "boolean", _) => format!("{named} is `true` or `false`, not `{value}`"),
        ("f32" | "f64" | "floating point", Some("grade" | "moderated")) => format!(
            "`{value}` is not a grade: a grade is one of the values of the framework's scale, such as `75`"
        ),
        ("f32" | "f64" | "floating point", _) => {
            format!("{named} is a number, such as `25` or `1.5`: `{value}` is not")
        }
        _ if value.starts_with('-') => {
            format!("{named} is a whole number, 0 or more: `{value}` is below 0")
        }
        _ if value.contains('.') && !digits.is_empty() => {
            format!("{named} is a whole number, with no decimal point: `{value}` is not")
        }
        _ if !digits.is_empty() && digits != value => {
            format!("{named} is a whole number: write the number alone, `{digits}`, not `{value}`")
        }
        _ => format!("{named} is a whole number, such as `30`: `{value}` is not"),
    }
}

/// A value of the wrong kind: a list where text belongs, text where a block belongs.
fn wrong_kind(unexpected: &str, expected: &str, key: Option<String>) -> String {
    let named = key.map_or("this".to_string(), |k| format!("`{k}`"));
    let kind = |s: &str| -> String {
        let s = s.trim_start_matches("a ").trim_start_matches("an ");
        let word = s.split([' ', '`']).next().unwrap_or(s);
        match word {
            "sequence" | "seq" | "list" | "tuple" => "a list".into(),
            "map" | "mapping" | "struct" => "a block of `key: value` lines".into(),
            "string" | "str" | "char" => "text".into(),
            "integer" | "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" => {
                "a whole number".into()
            }
            "floating" | "f32" | "f64" => "a number".into(),
            "boolean" | "bool" => "`true` or `false`".into(),
            "unit" | "null" | "none" | "option" => "nothing".into(),
            _ => s.to_string(),
        }
    };
    match kind(unexpected).as_str() {
        "nothing" => format!("{named} has no value: write it after the `:`"),
        got => format!("{named} should be {}, not {got}", kind(expected)),
    }
}

fn empty(at: Pos, yaml: &str) -> Explained {
    let key = key_at(yaml, at).or_else(|| key_of_line(line(yaml, at.0)).map(|(_, k)| k.into()));
    match key {
        // `~` (or `null`) as a key is itself the nothing the parser found.
        Some(k) if matches!(k.as_str(), "~" | "null" | "Null" | "NULL") => Explained::at(
            at,
            format!(
                "`{k}` means nothing, so it cannot be a key: write the key itself, in quotes, such as `\"1.2\":`"
            ),
        ),
        Some(k) => {
            let col = key_of_line(line(yaml, at.0)).map_or(at.1, |(c, _)| c + 1);
            Explained::at(
                (at.0, col),
                format!("`{k}` has no value: write it after `{k}: ` on the same line"),
            )
        }
        None => Explained::at(at, "a value is missing here: write it after the `:`"),
    }
}

/// A list item like `- Know: the law` or the `duty: children` of `[law, duty:
/// children]`, meant as text, quoted.
fn colon_in_item(yaml: &str, at: Pos) -> Option<String> {
    let l = line(yaml, at.0);
    let before = &l[..super::lines::byte_at(l, at.1)];
    if before.contains('[') {
        let start = before.rfind([',', '[']).map_or(0, |i| i + 1);
        let rest = &l[start..];
        let piece = rest[..rest.find([',', ']']).unwrap_or(rest.len())].trim();
        super::lines::key_colon(piece)?;
        return Some(format!("\"{piece}\""));
    }
    let item = l.trim_start().strip_prefix("- ")?.trim();
    super::lines::key_colon(item)?;
    (!item.starts_with(['"', '\'', '{', '['])).then(|| format!("- \"{item}\""))
}

/// The key whose value is the block of `key: value` lines that starts at `at` with
/// its first key (`organisations:` above `  a: …`), where a list was wanted.
fn parent_of_block(yaml: &str, at: Pos) -> Option<String> {
    let l = line(yaml, at.0);
    let (col, _) = key_of_line(l).filter(|(c, _)| c + 1 == at.1 && *c == indent(l))?;
    let mut n = at.0;
    while let Some((i, p)) = super::lines::above(yaml, n) {
        if indent(p) < col {
            return key_of_line(p).map(|(_, k)| k.to_string());
        }
        n = i;
    }
    None
}

/// `at_line` is the line the unexpected value starts on.
fn unexpected(expected: &str, key: Option<String>, at_line: &str) -> String {
    let item = at_line.trim_start().strip_prefix("- ").map(str::trim);
    let text_wanted = !expected.contains("sequence") && !expected.contains("mapping");
    if let (Some(k), Some(item), true) = (&key, item, text_wanted)
        && !item.is_empty()
    {
        return format!(
            "`{k}` is one piece of text, not a list: write it on the line of `{k}:`, like `{k}: {item}`"
        );
    }
    let named = key.map_or("this".to_string(), |k| format!("`{k}`"));
    if expected.contains("sequence") {
        format!("{named} is a list: write `[one, two]`, or one `- item` per line under it")
    } else if expected.contains("mapping") {
        format!("{named} holds `key: value` lines, each on a line of its own indented under it")
    } else {
        format!(
            "{named} is text: text that starts with `[`, `{{`, `*`, `&`, `!` or `@` needs quotes"
        )
    }
}

fn duplicate(key: Option<&str>, at: Pos, yaml: &str, offset: usize) -> String {
    let Some(key) = key else {
        return "this key is set twice: each key may be set once, so remove or rename one".into();
    };
    let col = indent(line(yaml, at.0)) + 1;
    let first = key_lines(yaml, key).find(|&(n, c)| n < at.0 && c == col);
    match first {
        Some((n, _)) => format!(
            "`{key}` is set twice, on line {} and here: keep one",
            n + offset
        ),
        None => format!("`{key}` is set twice: keep one"),
    }
}

/// A message from a value's own reader (dates), or our own, already plain.
fn message(msg: &str, at: Pos, yaml: &str) -> String {
    let value = value_at(yaml, at);
    if let Some(why) = dates::explain(&value) {
        return why;
    }
    let date_like = ["date", "year", "month", "day", "parse"]
        .iter()
        .any(|w| msg.contains(w));
    if date_like {
        return format!(
            "`{value}` is not a date: write dates as year-month-day, like `2026-03-31`"
        );
    }
    msg.to_string()
}
