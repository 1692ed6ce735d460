//! The organisations registry in the model: one per site, a page of its own, and the
//! directory every return is matched against.

use super::{Builder, Place};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::organisations::{Directory, Registry};
use crate::site::{PageKind, RegistryPage, Site, Withheld};

impl Builder<'_> {
    pub(super) fn add_registry(
        &mut self,
        place: &Place,
        registry: Registry,
        diags: &mut Diagnostics,
    ) {
        let source = &self.sources[place.index];
        let first = self
            .site
            .registry
            .as_ref()
            .map(|r| r.source)
            .or(self.withheld_registry);
        if let Some(first) = first {
            diags.push(
                Diagnostic::error(
                    &source.rel,
                    format!(
                        "a site has one organisations registry, and `{}` is already it: move these organisations there",
                        self.sources[first].rel
                    ),
                )
                .at_line_col(&source.text, 1, 1),
            );
            self.unpublish(source, Withheld::Broken);
            self.refused_registries.push(Directory::new(registry));
            return;
        }
        if self.withholds(registry.visibility, place.index) {
            self.withheld_registry = Some(place.index);
            let why = self.site.unpublished.get(&source.content_rel).cloned();
            self.site.registry_left_out = why.or(self.site.registry_left_out.take());
            return;
        }
        let url = place.page_url();
        if !self.claim(&url, place.index, diags) {
            return;
        }
        let title = registry
            .title
            .clone()
            .unwrap_or_else(|| "Organisations".into());
        let page = self.data_page(place, url, title, PageKind::Organisations);
        let page = self.add_page(page);
        self.site.registry = Some(RegistryPage {
            source: place.index,
            page,
            directory: Directory::new(registry),
            returns: Default::default(),
        });
    }

    /// A private registry cannot name the organisations of a public build's returns:
    /// said once, at the registry, when there are returns it would have named.
    pub(super) fn registry_withheld(&self, diags: &mut Diagnostics) {
        let Some(index) = self.withheld_registry else {
            return;
        };
        if self.site.assurance.audits.is_empty() && self.datasets.is_empty() {
            return;
        }
        let source = &self.sources[index];
        let at = crate::yaml::top_value_pos(&source.text, "visibility").unwrap_or((1, 1));
        diags.push(
            Diagnostic::error(
                &source.rel,
                "this organisations registry is private, so a public build cannot use it to name the organisations of its public returns and figures: make it `visibility: public` (it names organisations, not people)",
            )
            .at_line_col(&source.text, at.0, at.1),
        );
    }
}

/// Once returns are linked to their organisations: a return named by its registry
/// id or code is titled by the registered name, and each organisation's returns are
/// indexed for its page.
pub(super) fn after_linking(site: &mut Site) {
    let Some(r) = &mut site.registry else { return };
    let mut by_org = vec![Vec::new(); r.directory.len()];
    for (i, a) in site.assurance.audits.iter().enumerate() {
        let Some(org) = a.who.org else { continue };
        site.pages[a.page].title = format!("{}, {}", a.organisation(), a.period());
        if a.framework.is_some() {
            by_org[org].push(i);
        }
    }
    r.returns = by_org;
}
