//! The ids a theme's templates write on a page, so a heading id that would take one
//! is refused (`validate::templates`).

use std::collections::HashSet;

use super::Theme;

impl Theme {
    /// The ids `template` and the templates it extends and includes put on a page,
    /// each with the template it is in.
    pub fn ids_of(&self, template: &str) -> Vec<(ThemeId, String)> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        let mut todo = vec![template.to_string()];
        while let Some(name) = todo.pop() {
            let Some(origin) = self.origins.get(&name) else {
                continue;
            };
            if !seen.insert(name.clone()) {
                continue;
            }
            for id in template_ids(&origin.text) {
                out.push((id, name.clone()));
            }
            todo.extend(referenced_templates(&origin.text));
        }
        out
    }
}

/// An id a template writes: as it is, or the fixed start of one made from data.
#[derive(Debug, PartialEq)]
pub enum ThemeId {
    Exact(String),
    Prefix(String),
}

impl ThemeId {
    pub fn matches(&self, id: &str) -> bool {
        match self {
            ThemeId::Exact(e) => e == id,
            ThemeId::Prefix(p) => id.starts_with(p.as_str()),
        }
    }
}

/// The ids a template writes (`id="main"`). One made from data with a fixed start
/// (`id="sg-fw-{{ loop.index }}"`) reserves the start; one with a fixed end after a
/// prefix that is empty on a page of its own (`id="{{ prefix }}title"`) reserves the
/// end; one wholly from data (a criterion's anchor) is the model's, checked there.
pub(super) fn template_ids(text: &str) -> Vec<ThemeId> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("id=\"") {
        if !text[..i].ends_with(char::is_whitespace) {
            continue;
        }
        let value_start = i + 4;
        let Some(len) = text[value_start..].find('"') else {
            continue;
        };
        let value = &text[value_start..value_start + len];
        match value.find(['{', '}']) {
            None if !value.is_empty() => out.push(ThemeId::Exact(value.to_string())),
            Some(0) => {
                let rest = value.rsplit("}}").next().unwrap_or("");
                if value.starts_with("{{")
                    && !rest.is_empty()
                    && !rest.contains(['{', '}'])
                    && rest.starts_with(|c: char| c.is_alphanumeric())
                {
                    out.push(ThemeId::Exact(rest.to_string()));
                }
            }
            Some(n) if n > 0 => out.push(ThemeId::Prefix(value[..n].to_string())),
            _ => {}
        }
    }
    out
}

/// The templates a template extends, includes or imports, by name.
pub(super) fn referenced_templates(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in text.split("{%").skip(1) {
        let tag = tag.trim_start_matches('-').trim_start();
        if !["extends", "include", "import"]
            .iter()
            .any(|k| tag.starts_with(k))
        {
            continue;
        }
        let tag = tag.split("%}").next().unwrap_or("");
        for quote in ['"', '\''] {
            let mut parts = tag.split(quote);
            parts.next();
            if let Some(name) = parts.next() {
                out.push(name.to_string());
                break;
            }
        }
    }
    out
}
