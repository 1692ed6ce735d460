//! A report page's claims on its checklist, gathered from its headings
//! (`covers=`), its approvals and its circulation (`covers:`), each with where it
//! is written: the validate stage reports what they leave out, and the report's
//! page shows what they meet.

use super::Page;
use crate::content::report::Report;
use crate::reports::{Claim, Place, ReportKind};

/// Where a claim is written in the page's file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum At {
    /// A byte offset (a heading's `covers=`).
    Offset(usize),
    /// A 1-based line and column (front matter).
    LineCol(usize, usize),
}

/// A report's claims, in the order of the page: headings first, then approvals,
/// then circulation.
#[derive(Debug)]
pub struct Claims<'a> {
    pub report: &'a Report,
    pub claims: Vec<Claim>,
    /// Where each claim is written.
    pub at: Vec<At>,
}

impl Claims<'_> {
    pub fn kind(&self) -> ReportKind {
        self.report.kind.value
    }
}

impl At {
    /// Where a value of a page's front matter is written in its file: front matter
    /// starts on the file's second line.
    pub fn front(loc: serde_saphyr::Location) -> At {
        At::LineCol(loc.line() as usize + 1, loc.column() as usize)
    }

    /// `d` placed here in the file whose text is `text`.
    pub fn on(
        self,
        d: crate::diagnostics::Diagnostic,
        text: &str,
    ) -> crate::diagnostics::Diagnostic {
        match self {
            At::Offset(o) => d.at_offset(text, o),
            At::LineCol(l, c) => d.at_line_col(text, l, c),
        }
    }
}

impl Page {
    /// The report's block, where this page is a report.
    pub fn report(&self) -> Option<&Report> {
        if self.kind != super::PageKind::Report {
            return None;
        }
        self.front.as_ref()?.report.as_ref().map(|r| &r.value)
    }

    /// A report's claims on its checklist; `None` for any other page.
    pub fn claims(&self) -> Option<Claims<'_>> {
        let report = self.report()?;
        let mut claims = Vec::new();
        let mut at = Vec::new();
        for (index, h) in self.outline.headings.iter().enumerate() {
            for (id, offset) in &h.covers {
                claims.push(Claim {
                    id: id.clone(),
                    place: Place::Section,
                    index,
                    pending: false,
                });
                at.push(At::Offset(*offset));
            }
        }
        let approvals = report.approved_by.iter().map(|a| (&a.value.covers, false));
        let sent = report
            .circulation
            .iter()
            .map(|c| (&c.value.covers, c.value.date.is_none()));
        let entries = approvals
            .enumerate()
            .map(|(i, c)| (Place::Approval, i, c))
            .chain(sent.enumerate().map(|(i, c)| (Place::Circulation, i, c)));
        for (place, index, (covers, pending)) in entries {
            let Some(covers) = covers else { continue };
            // `covers: []` names nothing, which is said like `covers=` in a heading.
            let empty = [String::new()];
            let ids = match covers.value.0.is_empty() {
                true => &empty[..],
                false => &covers.value.0[..],
            };
            for id in ids {
                claims.push(Claim {
                    id: id.clone(),
                    place,
                    index,
                    pending,
                });
                at.push(At::front(covers.referenced));
            }
        }
        Some(Claims { report, claims, at })
    }

    /// The first heading claim of a page that is not a report, if any: only a
    /// report's sections claim checklist items.
    pub fn stray_claim(&self) -> Option<usize> {
        if self.kind == super::PageKind::Report {
            return None;
        }
        self.outline
            .headings
            .iter()
            .flat_map(|h| h.covers.first())
            .map(|(_, at)| *at)
            .next()
    }
}
