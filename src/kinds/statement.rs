//! The accessibility statement, made from the `accessibility:` settings of
//! `site.yaml` in the form the 2018 regulations ask for.

use serde::Serialize;

use crate::config::AccessibilitySettings;
use crate::render::Theme;
use crate::render::context::DateCtx;
use crate::render::kind::{Kind, One, PageSpec};
use crate::render::page::{crumbs, generated};
use crate::site::Site;

pub struct Statement;

impl Kind for Statement {
    fn pages<'a>(&self, site: &'a Site, _theme: &'a Theme) -> Vec<PageSpec<'a>> {
        let (Some(url), Some(settings)) = (site.config.statement_url(), &site.config.accessibility)
        else {
            return Vec::new();
        };
        vec![PageSpec {
            url: url.clone(),
            template: "accessibility.html",
            searched: true,
            placed: None,
            pdf: None,
            make: Box::new(move |_| {
                let mut ctx = generated(
                    format!("Accessibility statement for {}", site.config.title),
                    url.clone(),
                    "accessibility",
                );
                ctx.breadcrumbs = crumbs(&[]);
                ctx.body = One::boxed("statement", StatementCtx::new(&settings.value));
                Ok(ctx)
            }),
        }]
    }

    fn templates(&self, site: &Site) -> Vec<(&'static str, &'static str, usize)> {
        let Some(a) = &site.config.accessibility else {
            return Vec::new();
        };
        let line = crate::yaml::key_pos(
            &site.config.text,
            "accessibility",
            crate::yaml::pos(a.referenced),
        )
        .0;
        vec![("accessibility.html", "the accessibility statement", line)]
    }
}

/// The accessibility statement's settings, as its template needs them.
#[derive(Serialize)]
struct StatementCtx {
    /// `full`, `partial` or `not`.
    compliance: &'static str,
    email: Option<String>,
    phone: Option<String>,
    hours: Option<String>,
    post: Option<String>,
    response_days: Option<u32>,
    known_issues: Vec<KnownIssueCtx>,
    disproportionate_burden: Vec<String>,
    out_of_scope: Vec<String>,
    improvements: Option<String>,
    prepared: DateCtx,
    reviewed: Option<DateCtx>,
    tested: Option<TestedCtx>,
}

#[derive(Serialize)]
struct KnownIssueCtx {
    issue: String,
    criterion: Option<String>,
    fix_by: Option<DateCtx>,
}

#[derive(Serialize)]
struct TestedCtx {
    date: DateCtx,
    by: String,
}

impl StatementCtx {
    fn new(a: &AccessibilitySettings) -> Self {
        let contact = a
            .contact
            .as_ref()
            .map(|c| c.value.clone())
            .unwrap_or_default();
        let given = |v: Option<String>| v.filter(|v| !v.trim().is_empty());
        StatementCtx {
            compliance: a.compliance.value.as_str(),
            email: given(contact.email),
            phone: given(contact.phone),
            hours: given(contact.hours),
            post: given(contact.post),
            response_days: a.response_days,
            known_issues: a
                .known_issues
                .iter()
                .map(|k| KnownIssueCtx {
                    issue: k.value.issue.clone(),
                    criterion: k.value.criterion.clone(),
                    fix_by: k.value.fix_by.map(DateCtx::new),
                })
                .collect(),
            disproportionate_burden: a.disproportionate_burden.clone(),
            out_of_scope: a.out_of_scope.clone(),
            improvements: a.improvements.clone(),
            prepared: DateCtx::new(a.prepared.value),
            reviewed: a.reviewed.as_ref().map(|r| DateCtx::new(r.value)),
            tested: a.tested.as_ref().map(|t| TestedCtx {
                date: DateCtx::new(t.date),
                by: t.by.clone(),
            }),
        }
    }
}
