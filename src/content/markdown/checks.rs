//! What the outline pass finds wrong as it reads: callouts that name no kind of
//! callout, links nobody can name, pictures nobody described, and what a table's
//! caption would lose.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{CALLOUTS, Reader};

impl Reader {
    /// A quotation that opens like a callout (`> [!DANGER]`) but names none of
    /// GitHub's five would print its marker as text: reported at its line.
    pub(super) fn check_callout(&mut self, quote: &str, at: usize) {
        let first = quote.lines().next().unwrap_or("");
        let first = first
            .trim_start()
            .strip_prefix('>')
            .unwrap_or(first)
            .trim_start();
        let Some((name, rest)) = first.strip_prefix("[!").and_then(|r| r.split_once(']')) else {
            return;
        };
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            return;
        }
        let upper = name.to_uppercase();
        if CALLOUTS.contains(&upper.as_str()) {
            // Known, but with text after it on its line, which makes it a quotation.
            if !rest.trim().is_empty() {
                self.out.problems.push((
                    at,
                    format!(
                        "`[!{name}]` must be alone on its line, or it is printed as it is: move `{}` to the next line, starting it with `>`",
                        rest.trim()
                    ),
                ));
            }
            return;
        }
        // Other tools' names for the same boxes, then the nearest spelling.
        let synonym = match upper.as_str() {
            "DANGER" | "ALERT" => Some("WARNING"),
            "ERROR" | "BUG" => Some("CAUTION"),
            "INFO" | "ABSTRACT" | "SUMMARY" | "QUOTE" => Some("NOTE"),
            "HINT" | "SUCCESS" => Some("TIP"),
            "ATTENTION" => Some("IMPORTANT"),
            _ => None,
        };
        let nearest = synonym.unwrap_or_else(|| {
            CALLOUTS
                .iter()
                .min_by_key(|k| strsim::damerau_levenshtein(&upper, k))
                .unwrap_or(&CALLOUTS[0])
        });
        self.out.problems.push((
            at,
            format!(
                "`[!{name}]` is not a kind of callout, so it would be printed as it is: use one of {} (the nearest is `[!{nearest}]`)",
                CALLOUTS.map(|k| format!("`[!{k}]`")).join(", ")
            ),
        ));
    }

    /// A table's caption (`Table: …` after it) is shown as plain text: a link,
    /// picture or footnote in it would be lost, so each is a problem at its place.
    pub(super) fn check_caption(&mut self, event: &Event<'_>, at: usize) {
        self.caption = match (self.caption, event) {
            (_, Event::End(TagEnd::Table)) => Some(None),
            (Some(None), Event::Start(Tag::Paragraph)) => Some(None),
            (Some(None), Event::Text(t)) => {
                let t = t.trim_start();
                Some(Some(t.starts_with("Table:") || t.starts_with(':')))
            }
            (Some(Some(true)), Event::End(TagEnd::Paragraph)) => None,
            (Some(Some(true)), e) => {
                let what = match e {
                    Event::Start(Tag::Link { .. }) => Some("a link"),
                    Event::Start(Tag::Image { .. }) => Some("a picture"),
                    Event::FootnoteReference(_) => Some("a footnote"),
                    _ => None,
                };
                if let Some(what) = what {
                    self.out.problems.push((
                        at,
                        format!("a table's caption is shown as plain text, so {what} in it would be lost: move it into the text before or after the table"),
                    ));
                }
                Some(Some(true))
            }
            _ => None,
        };
    }

    /// Reports links without text and pictures without a description.
    pub(super) fn check_names(&mut self, event: &Event<'_>, at: usize) {
        match event {
            Event::Start(Tag::Link { .. }) => self.link = Some((at, false)),
            Event::Start(Tag::Image { .. }) => self.image = Some((at, String::new())),
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => {
                if let Some((_, alt)) = self.image.as_mut() {
                    alt.push_str(t);
                } else if let Some((_, named)) = self.link.as_mut() {
                    *named |= !t.trim().is_empty();
                }
            }
            Event::End(TagEnd::Image) => self.image_end(),
            Event::End(TagEnd::Link) => {
                if let Some((offset, false)) = self.link.take() {
                    self.out.problems.push((
                        offset,
                        "this link has no text, so a screen reader can only read out its address: write what it leads to between the brackets".to_string(),
                    ));
                }
            }
            _ => {}
        }
    }

    fn image_end(&mut self) {
        let Some((offset, alt)) = self.image.take() else {
            return;
        };
        if alt.trim().is_empty() {
            self.out.warnings.push((
                offset,
                "this picture has no description, so people who cannot see it miss what it shows: describe it between the brackets, `![Referrals by month, rising since May](chart.png)`".to_string(),
            ));
        } else if let Some((_, named)) = self.link.as_mut() {
            *named = true;
        }
    }
}
