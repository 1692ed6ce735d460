//! Tera's errors as diagnostics at the template's line and column.

use tera::ErrorKind;

use std::collections::BTreeMap;

use super::Origin;
use crate::diagnostics::Diagnostic;

/// The located report inside a Tera error, wherever in its chain it is.
pub(super) fn report_of(e: &tera::Error) -> Option<&tera::ReportError> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = current {
        if let Some(te) = err.downcast_ref::<tera::Error>()
            && let ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) = te.kind()
        {
            return Some(r);
        }
        current = err.source();
    }
    None
}

/// A Tera error as diagnostics at the template's line and column, each with the
/// name of the template it is in (where known).
pub(super) fn diagnostics(
    e: &tera::Error,
    origins: &BTreeMap<String, Origin>,
    rendering: Option<&str>,
) -> Vec<(Diagnostic, Option<String>)> {
    let located = |name: &str, line: usize, col: usize, message: &str| {
        let origin = origins
            .get(name)
            .or_else(|| rendering.and_then(|t| origins.get(t)));
        let path = origin.map_or_else(|| name.to_string(), |o| o.path.clone());
        let mut message = message.to_string();
        if let Some(t) = rendering
            && t != name
        {
            message = format!("{message} (while rendering {t})");
        }
        let d = Diagnostic::error(path, format!("template error: {message}"));
        let d = match origin {
            Some(o) => d.at_line_col(&o.text, line, col),
            None => d.at(line, col),
        };
        (d, Some(name.to_string()))
    };
    if let Some(r) = report_of(e) {
        let span = r.span();
        return vec![located(
            r.filename(),
            span.start_line,
            span.start_col + 1,
            r.message(),
        )];
    }
    // Problems found while linking templates together (an unknown filter or included
    // template) come as text holding one or more reports: `error: …` then ` --> name:line:col`.
    if let ErrorKind::Msg(text) = e.kind() {
        let mut found = Vec::new();
        let mut message = None;
        for line in text.lines() {
            if let Some(m) = line.strip_prefix("error: ") {
                message = Some(m.to_string());
            } else if let Some(at) = line.trim_start().strip_prefix("--> ")
                && let Some(m) = message.take()
            {
                let mut parts = at.rsplitn(3, ':');
                let col = parts.next().and_then(|c| c.parse().ok());
                let line_no = parts.next().and_then(|l| l.parse().ok());
                if let (Some(col), Some(line_no), Some(name)) = (col, line_no, parts.next()) {
                    found.push(located(name, line_no, col, &m));
                }
            }
        }
        if !found.is_empty() {
            return found;
        }
    }
    let name = match e.kind() {
        ErrorKind::MissingParent { current, .. } => Some(current.as_str()),
        ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => {
            Some(tpl.as_str())
        }
        _ => rendering,
    };
    let origin = name.and_then(|n| origins.get(n));
    let path = origin.map_or_else(|| "templates".to_string(), |o| o.path.clone());
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    let d = Diagnostic::error(path, format!("template error: {message}"));
    let d = match origin {
        Some(o) => d.at_line_col(&o.text, 1, 1),
        None => d,
    };
    vec![(d, name.map(str::to_string))]
}
