//! Reading the text around a YAML problem: lines, indentation, keys and values, so a
//! message can name what the author wrote and where.

use super::Pos;

/// Line `n` (1-based) of `yaml`, or "" past its end.
pub fn line(yaml: &str, n: usize) -> &str {
    n.checked_sub(1)
        .and_then(|i| yaml.lines().nth(i))
        .unwrap_or("")
}

/// How many spaces a line starts with.
pub fn indent(l: &str) -> usize {
    l.len() - l.trim_start_matches(' ').len()
}

/// Whether a line holds YAML (not blank, not only a comment).
pub fn meaningful(l: &str) -> bool {
    let t = l.trim();
    !t.is_empty() && !t.starts_with('#')
}

/// The byte offset of 1-based character column `col` in `l` (its end if past it).
pub fn byte_at(l: &str, col: usize) -> usize {
    l.char_indices()
        .nth(col.saturating_sub(1))
        .map_or(l.len(), |(i, _)| i)
}

/// The 1-based character column of byte offset `at` in `l`.
pub fn col_of(l: &str, at: usize) -> usize {
    l.get(..at).map_or(1, |s| s.chars().count() + 1)
}

/// The colon that ends a key in `s`: a `:` followed by a space, a tab or the end.
pub fn key_colon(s: &str) -> Option<usize> {
    s.match_indices(':')
        .map(|(i, _)| i)
        .find(|&i| s[i + 1..].is_empty() || s[i + 1..].starts_with([' ', '\t']))
}

/// The key a line sets and where it starts (0-based, after any `- ` list dashes).
pub fn key_of_line(l: &str) -> Option<(usize, &str)> {
    let mut rest = l.trim_start_matches(' ');
    while let Some(r) = rest.strip_prefix("- ") {
        rest = r.trim_start_matches(' ');
    }
    let start = l.len() - rest.len();
    if rest.starts_with(['#', '{', '[']) {
        return None;
    }
    let key = rest[..key_colon(rest)?].trim().trim_matches(['"', '\'']);
    (!key.is_empty()).then_some((start, key))
}

/// The nearest line above `n` that holds YAML, with its number.
pub fn above(yaml: &str, n: usize) -> Option<(usize, &str)> {
    (1..n)
        .rev()
        .map(|i| (i, line(yaml, i)))
        .find(|(_, l)| meaningful(l))
}

/// The key whose value is at `at`: the `key:` just before it on its line (in a
/// one-line `{ … }` too), or the key of the block it is written under.
pub fn key_at(yaml: &str, at: Pos) -> Option<String> {
    let l = line(yaml, at.0);
    if let Some((col, k)) = key_of_line(l)
        && col + 1 == at.1
    {
        return Some(k.to_string());
    }
    let before = l[..byte_at(l, at.1)].trim_end();
    if let Some(k) = before.strip_suffix(':') {
        let k = k.rsplit([' ', '{', ',', '[']).next().unwrap_or(k);
        let k = k.trim_matches(['"', '\'']);
        if !k.is_empty() {
            return Some(k.to_string());
        }
    }
    if let Some((col, k)) = key_of_line(l)
        && at.1 > col + 1
        && !before.contains(['{', '['])
    {
        return Some(k.to_string());
    }
    if before.trim_start_matches([' ', '-']).is_empty() {
        let own = indent(l);
        let mut n = at.0;
        while let Some((i, p)) = above(yaml, n) {
            if indent(p) < own || (indent(p) == own && p.trim_start().starts_with("- ")) {
                return key_of_line(p).map(|(_, k)| k.to_string());
            }
            n = i;
        }
    }
    None
}

/// The value written at `at`, as the author wrote it: up to a comment, or to the end
/// of its entry in a one-line `{ … }` or `[ … ]`; without its quotes.
pub fn value_at(yaml: &str, at: Pos) -> String {
    let l = line(yaml, at.0);
    let rest = &l[byte_at(l, at.1)..];
    let in_brackets = l[..byte_at(l, at.1)].contains(['{', '[']);
    let mut end = rest.find(" #").unwrap_or(rest.len());
    if in_brackets && let Some(i) = rest.find([',', '}', ']']) {
        end = end.min(i);
    }
    rest[..end].trim().trim_matches(['"', '\'']).to_string()
}

/// `a`, `b` or `c`: the choices, each in backticks.
pub fn either(choices: &[&str]) -> String {
    let quoted: Vec<String> = choices.iter().map(|c| format!("`{c}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_are_read_where_they_are_written() {
        let yaml = "title: A\ntags:\n  - one\nscale:\n  - { value: low, label: x }\n";
        assert_eq!(key_at(yaml, (1, 8)).as_deref(), Some("title"));
        assert_eq!(key_at(yaml, (3, 3)).as_deref(), Some("tags"));
        assert_eq!(key_at(yaml, (5, 14)).as_deref(), Some("value"));
        assert_eq!(value_at(yaml, (5, 14)), "low");
        assert_eq!(key_of_line("  - id: \"1\""), Some((4, "id")));
        assert_eq!(either(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
