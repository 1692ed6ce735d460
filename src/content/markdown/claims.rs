//! A report's heading claims checklist items with an attribute, `{covers=a,b}`:
//! each id is kept with its byte offset in the file, so a wrong one is reported at
//! its place.

use pulldown_cmark::CowStr;

use super::{COVERS, Reader};

impl Reader {
    /// A heading's `key=value` attributes: `covers=` claims checklist items (each id
    /// kept with its offset); any other is not read, which is said.
    pub(super) fn heading_attrs(
        &mut self,
        attrs: &[(CowStr<'_>, Option<CowStr<'_>>)],
        src: &str,
        at: usize,
    ) {
        // Where the `covers=` being read is, and how many claims came before it.
        let mut covering: Option<(usize, usize)> = None;
        // The attributes are in the last braces, in order: each is looked for after
        // the one before, not in the heading's text.
        let mut cursor = src.rfind('{').unwrap_or(0);
        for (key, value) in attrs {
            let rest = &src[cursor..];
            let written = rest
                .find(&format!("{key}="))
                .or_else(|| rest.find(key.as_ref()))
                .map(|i| cursor + i);
            if let Some(w) = written {
                cursor = w + key.len();
            }
            let place = at + written.unwrap_or(0);
            // `covers=a, b` (or `covers = a`): a space makes what follows an
            // attribute of its own, but it was meant as one more id.
            if covering.is_some() && value.is_none() {
                let id = key.trim_matches([',', '=']);
                if !id.is_empty() {
                    self.covers.push((id.to_string(), place));
                }
                continue;
            }
            self.named_nothing(covering.take());
            if key.as_ref() != COVERS {
                self.out.warnings.push((
                    place,
                    format!(
                        "`{key}` after a heading is not read: a heading takes `{{#id}}`, `.class` and, in a report, `{COVERS}=` with the checklist items its section meets"
                    ),
                ));
                continue;
            }
            covering = Some((place, self.covers.len()));
            let value = value.as_deref().unwrap_or("");
            let base = place + COVERS.len() + 1;
            let mut from = 0;
            for id in value.split(',') {
                let lead = id.len() - id.trim_start().len();
                if !id.trim().is_empty() {
                    self.covers
                        .push((id.trim().to_string(), base + from + lead));
                }
                from += id.len() + 1;
            }
        }
        self.named_nothing(covering);
    }

    /// A `covers=` that named no id is kept as an empty claim, which is reported.
    fn named_nothing(&mut self, covering: Option<(usize, usize)>) {
        if let Some((place, before)) = covering
            && self.covers.len() == before
        {
            self.covers.push((String::new(), place));
        }
    }
}
