//! Frameworks and audit returns in the model: each a page, linked once all are placed.

use super::{Builder, Place, anchor_heading};
use crate::assurance::{AuditEntry, FrameworkEntry};
use crate::content::markdown::Outline;
use crate::diagnostics::Diagnostics;
use crate::site::{Page, PageKind};

impl Builder<'_> {
    pub(super) fn add_framework(
        &mut self,
        place: &Place,
        fw: crate::assurance::framework::Framework,
        diags: &mut Diagnostics,
    ) {
        if self.withholds(fw.visibility, place.index) {
            self.withheld_frameworks
                .push(fw.id.value.trim().to_string());
            return;
        }
        let url = place.page_url();
        if !self.claim(&url, place.index, diags) {
            return;
        }
        let mut outline = Outline::default();
        for standard in &fw.standards.value {
            let s = &standard.value;
            outline
                .headings
                .push(anchor_heading(2, "standard", &s.id.value, &s.title));
            for c in &s.criteria.value {
                outline.headings.push(anchor_heading(
                    3,
                    "criterion",
                    &c.value.id.value,
                    &c.value.text,
                ));
            }
        }
        let fid = self.site.assurance.frameworks.len();
        let page = self.data_page(place, url, fw.title.clone(), PageKind::Framework(fid));
        let page = self.add_page(Page {
            outline: outline.into(),
            data_weight: fw.weight,
            ..page
        });
        self.site.assurance.frameworks.push(FrameworkEntry {
            source: place.index,
            page,
            fw,
            audits: Vec::new(),
            periods: Vec::new(),
            replaces: None,
        });
    }

    pub(super) fn add_audit(
        &mut self,
        place: &Place,
        ret: crate::assurance::audit::AuditReturn,
        diags: &mut Diagnostics,
    ) {
        if self.withholds(ret.visibility, place.index) {
            return;
        }
        let url = place.page_url();
        if !self.claim(&url, place.index, diags) {
            return;
        }
        let aid = self.site.assurance.audits.len();
        let title = format!(
            "{}, {}",
            ret.organisation.value.trim(),
            ret.period.value.trim()
        );
        // Its outline is its framework's, filled in once the framework is known.
        let page = self.data_page(place, url, title, PageKind::Audit(aid));
        let page = self.add_page(Page {
            data_weight: ret.weight,
            ..page
        });
        self.site.assurance.audits.push(AuditEntry {
            source: place.index,
            page,
            ret,
            framework: None,
            checked: None,
            score: None,
            who: Default::default(),
            previous: Default::default(),
        });
    }
}
