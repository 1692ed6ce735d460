//! The text of new files: settings and comments lined up, titles, ids and YAML
//! values made from a file's name.

/// The column the comments after settings start at, so they read as a second column.
pub(super) const COMMENTS_AT: usize = 35;

/// Lines out to their comment column: a setting and the comment after it (two spaces
/// and `#`) come apart by however long the filled-in value turned out.
pub(super) fn align(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    for line in text.split_inclusive('\n') {
        // After the line's first character, so an indented setting that is itself
        // commented out (`    # weight: 2  # …`) keeps its indent.
        let lead = line.len() - line.trim_start().len();
        let first = line[lead..].chars().next().map_or(0, char::len_utf8);
        let found = line[lead + first..]
            .find("  # ")
            .map(|at| at + lead + first);
        match found {
            Some(at) if at > 0 => {
                let setting = line[..at].trim_end();
                let width = setting.chars().count();
                out.push_str(setting);
                out.extend(std::iter::repeat_n(
                    ' ',
                    COMMENTS_AT.saturating_sub(width).max(2),
                ));
                out.push_str(&line[at + 2..]);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// A template with its title, id and dates filled in.
pub(super) fn fill(template: &str, stem: &str) -> String {
    let today = jiff::Zoned::now().date();
    let next_year = today.saturating_add(jiff::Span::new().years(1));
    template
        .replace("{title}", &yaml_text(&title(stem)))
        .replace("{id}", &yaml_text(&id(stem)))
        .replace("{today}", &today.to_string())
        .replace("{next_year}", &next_year.to_string())
}

/// `text` as a YAML value that reads back as that text: bare when it starts with a
/// letter and is no word YAML reads as nothing or yes/no (`null`, `true`, `no`, …),
/// otherwise in double quotes, so a file named `null.md` or `2026.yaml` still builds.
pub(super) fn yaml_text(text: &str) -> String {
    const WORDS: [&str; 11] = [
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf",
    ];
    let bare = text.starts_with(char::is_alphabetic)
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == ' ')
        && !WORDS.contains(&text.to_lowercase().as_str());
    match bare {
        true => text.to_string(),
        false => quoted(text),
    }
}

/// `text` in YAML's double quotes, its `\` and `"` escaped.
pub(super) fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `02-next-module` → `Next module`: the number that orders files is no part of it.
pub(super) fn title(stem: &str) -> String {
    let words = id(stem).replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "New page".to_string(),
    }
}

/// A name safe to write bare in YAML: letters, digits and hyphens.
pub(super) fn id(stem: &str) -> String {
    let trimmed = match stem.split_once('-') {
        Some((n, rest)) if n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => stem,
    };
    let cleaned: String = trimmed
        .chars()
        .map(|c| match c.is_alphanumeric() {
            true => c.to_ascii_lowercase(),
            false => '-',
        })
        .collect();
    let cleaned = cleaned.trim_matches('-').to_string();
    match cleaned.is_empty() {
        true => "new".to_string(),
        false => cleaned,
    }
}
