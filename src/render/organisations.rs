//! What the registry's templates see: the registry page, a page per organisation
//! (its returns over time in every framework, its open actions) and a page per
//! partnership (its members with their latest returns). URLs are site-relative.

use serde::Serialize;

use super::assurance::{ScoreCtx, TrackedActionCtx, score_ctx, tracked_action_ctx};
use super::context::{DateCtx, Link};
use super::figures::members::{HeldCtx, figures_of, member_totals};
use super::figures::public_note;
use crate::assurance::AuditId;
use crate::assurance::view::TrackedAction;
use crate::organisations::{Directory, OrgId};
use crate::site::{RegistryPage, Site};

#[derive(Serialize)]
pub struct RegistryCtx {
    pub description: Option<String>,
    /// Organisations still open, by id.
    pub current: Vec<OrgRowCtx>,
    /// Organisations that have closed, by id.
    pub closed: Vec<OrgRowCtx>,
    pub partnerships: Vec<OrgRowCtx>,
}

#[derive(Serialize)]
pub struct OrgRowCtx {
    pub id: String,
    pub name: String,
    pub url: String,
    pub ods: Option<String>,
    pub kind: Option<String>,
    pub established: Option<DateCtx>,
    pub closed: Option<DateCtx>,
    /// What replaced it, for a closed one.
    pub successors: Vec<Link>,
    /// How many returns it made (in this build).
    pub returns: usize,
}

#[derive(Serialize)]
pub struct OrganisationCtx {
    pub id: String,
    pub ods: Option<String>,
    pub kind: Option<String>,
    pub established: Option<DateCtx>,
    pub closed: Option<DateCtx>,
    pub predecessors: Vec<Link>,
    pub successors: Vec<Link>,
    /// Earlier names (each renamed into the next), latest first.
    pub former: Vec<Link>,
    pub partnerships: Vec<Link>,
    pub registry: Link,
    /// Its returns, and those under its earlier names, newest first.
    pub returns: Vec<ReturnRowCtx>,
    /// Every action not done of those returns, most pressing first.
    pub actions: Vec<TrackedActionCtx>,
    pub overdue_actions: usize,
    /// Its latest figures in each indicator set and training dataset.
    pub figures: Vec<HeldCtx>,
    pub public_note: Option<String>,
}

#[derive(Serialize)]
pub struct ReturnRowCtx {
    pub framework: Link,
    pub period: String,
    pub url: String,
    /// The name it was made under, when that was an earlier name.
    pub made_as: Option<String>,
    pub score: Option<ScoreCtx>,
    pub graded: usize,
    pub criteria: usize,
    pub open_actions: usize,
    pub overdue_actions: usize,
}

#[derive(Serialize)]
pub struct PartnershipCtx {
    pub id: String,
    pub kind: Option<String>,
    pub established: Option<DateCtx>,
    pub closed: Option<DateCtx>,
    pub predecessors: Vec<Link>,
    pub successors: Vec<Link>,
    pub registry: Link,
    pub members: Vec<MemberCtx>,
    /// The figures datasets give for the partnership itself.
    pub figures: Vec<HeldCtx>,
    /// Its members' figures added together, where figures add.
    pub member_figures: Vec<HeldCtx>,
    pub public_note: Option<String>,
}

#[derive(Serialize)]
pub struct MemberCtx {
    pub organisation: Link,
    pub closed: Option<DateCtx>,
    /// Its latest return to each framework it made one to.
    pub latest: Vec<ReturnRowCtx>,
}

fn link(site: &Site, r: &RegistryPage, id: &str, title: &str) -> Link {
    Link {
        title: title.to_string(),
        url: r.url_of(site, id),
    }
}

fn org_link(site: &Site, r: &RegistryPage, o: OrgId) -> Link {
    let d = &r.directory;
    link(site, r, d.id(o), d.name(o))
}

/// The returns made by `orgs`, newest first, then by framework.
fn returns_of(site: &Site, r: &RegistryPage, orgs: &[OrgId]) -> Vec<AuditId> {
    let a = &site.assurance;
    let mut out: Vec<AuditId> = orgs
        .iter()
        .flat_map(|&o| r.returns_of(o).iter().copied())
        .collect();
    out.sort_by(|&x, &y| {
        let (p, q) = (&a.audits[x], &a.audits[y]);
        (q.period(), q.framework).cmp(&(p.period(), p.framework))
    });
    out
}

/// The latest return of `o` to each framework, under its earlier names too (a
/// rename carries on its history), newest first.
pub(super) fn latest_returns(site: &Site, r: &RegistryPage, o: OrgId) -> Vec<AuditId> {
    let line = r.directory.with_former(o);
    let mut seen = std::collections::HashSet::new();
    // Newest first, so the first of each framework is its latest.
    let mut newest = returns_of(site, r, &line);
    newest.retain(|&id| seen.insert(site.assurance.audits[id].framework));
    newest
}

/// The actions not done of the returns of `line` (an organisation and its earlier
/// names), most pressing first.
pub(super) fn open_actions<'s>(site: &'s Site, line: &[OrgId]) -> Vec<TrackedAction<'s>> {
    site.assurance.open_actions_of(site.selection.as_of, |a| {
        a.who.org.is_some_and(|w| line.contains(&w))
    })
}

pub(super) fn return_row(site: &Site, id: AuditId, own: OrgId) -> Option<ReturnRowCtx> {
    let a = &site.assurance;
    let e = &a.audits[id];
    let f = &a.frameworks[e.framework?];
    let score = e.score.as_ref();
    let open: Vec<_> = e
        .ret
        .actions
        .iter()
        .filter(|act| act.value.status != crate::assurance::audit::ActionStatus::Done)
        .collect();
    Some(ReturnRowCtx {
        framework: Link {
            title: f.fw.title.clone(),
            url: site.pages[f.page].url.clone(),
        },
        period: e.period().to_string(),
        url: site.pages[e.page].url.clone(),
        made_as: (e.who.org != Some(own)).then(|| e.organisation().to_string()),
        score: score.and_then(|s| s.overall).map(|v| score_ctx(&f.fw, &v)),
        graded: score.map_or(0, |s| s.graded),
        criteria: f.fw.criterion_count(),
        open_actions: open.len(),
        overdue_actions: open
            .iter()
            .filter(|act| act.value.is_overdue(site.selection.as_of))
            .count(),
    })
}

pub fn registry_ctx(site: &Site, r: &RegistryPage) -> RegistryCtx {
    let d = &r.directory;
    let mut ids: Vec<OrgId> = (0..d.len()).collect();
    ids.sort_by(|x, y| d.id(*x).cmp(d.id(*y)));
    let row = |o: OrgId| {
        let org = d.org(o);
        OrgRowCtx {
            id: d.id(o).to_string(),
            name: d.name(o).to_string(),
            url: r.url_of(site, d.id(o)),
            ods: org.ods.as_ref().map(|c| c.value.trim().to_string()),
            kind: org.kind.clone(),
            established: org.established.map(DateCtx::new),
            closed: org.closed.as_ref().map(|c| DateCtx::new(c.value)),
            successors: d
                .successors(o)
                .iter()
                .map(|&s| org_link(site, r, s))
                .collect(),
            returns: returns_of(site, r, &[o]).len(),
        }
    };
    let (closed, current): (Vec<OrgId>, Vec<OrgId>) =
        ids.into_iter().partition(|&o| d.org(o).closed.is_some());
    let mut partnerships: Vec<OrgRowCtx> = (0..d.partnership_count())
        .map(|p| {
            let part = d.partnership(p);
            OrgRowCtx {
                id: part.id.value.trim().to_string(),
                name: part.name.value.trim().to_string(),
                url: r.url_of(site, part.id.value.trim()),
                ods: None,
                kind: part.kind.clone(),
                established: part.established.map(DateCtx::new),
                closed: part.closed.as_ref().map(|c| DateCtx::new(c.value)),
                successors: partnership_links(site, r, &d.partnership_lineage(p).1),
                returns: 0,
            }
        })
        .collect();
    partnerships.sort_by(|x, y| x.id.cmp(&y.id));
    RegistryCtx {
        description: d.registry.description.clone(),
        current: current.into_iter().map(row).collect(),
        closed: closed.into_iter().map(row).collect(),
        partnerships,
    }
}

fn partnership_links(site: &Site, r: &RegistryPage, ids: &[usize]) -> Vec<Link> {
    ids.iter()
        .map(|&p| {
            let part = r.directory.partnership(p);
            link(site, r, part.id.value.trim(), part.name.value.trim())
        })
        .collect()
}

fn registry_link(site: &Site, r: &RegistryPage) -> Link {
    Link {
        title: site.pages[r.page].title.clone(),
        url: site.pages[r.page].url.clone(),
    }
}

pub fn organisation_ctx(site: &Site, r: &RegistryPage, o: OrgId) -> OrganisationCtx {
    let d: &Directory = &r.directory;
    let org = d.org(o);
    let former = d.former(o);
    let line = d.with_former(o);
    let returns = returns_of(site, r, &line);
    let actions: Vec<TrackedActionCtx> = open_actions(site, &line)
        .into_iter()
        .map(|t| tracked_action_ctx(site, t.audit, &t.framework.fw, t.action))
        .collect();
    OrganisationCtx {
        id: d.id(o).to_string(),
        ods: org.ods.as_ref().map(|c| c.value.trim().to_string()),
        kind: org.kind.clone(),
        established: org.established.map(DateCtx::new),
        closed: org.closed.as_ref().map(|c| DateCtx::new(c.value)),
        // What it was renamed from is said under "Formerly", not again here.
        predecessors: d
            .predecessors(o)
            .iter()
            .filter(|p| !former.contains(p))
            .map(|&p| org_link(site, r, p))
            .collect(),
        successors: d
            .successors(o)
            .iter()
            .map(|&s| org_link(site, r, s))
            .collect(),
        former: former.iter().map(|&f| org_link(site, r, f)).collect(),
        partnerships: partnership_links(site, r, d.partnerships_of(o)),
        registry: registry_link(site, r),
        returns: returns
            .iter()
            .filter_map(|&id| return_row(site, id, o))
            .collect(),
        overdue_actions: actions.iter().filter(|a| a.overdue).count(),
        actions,
        figures: figures_of(site, d.id(o)),
        public_note: public_note(site),
    }
}

pub fn partnership_ctx(site: &Site, r: &RegistryPage, p: usize) -> PartnershipCtx {
    let d = &r.directory;
    let part = d.partnership(p);
    let (before, after) = d.partnership_lineage(p);
    let mut members: Vec<OrgId> = d.members(p).to_vec();
    members.sort_by(|x, y| d.id(*x).cmp(d.id(*y)));
    PartnershipCtx {
        id: part.id.value.trim().to_string(),
        kind: part.kind.clone(),
        established: part.established.map(DateCtx::new),
        closed: part.closed.as_ref().map(|c| DateCtx::new(c.value)),
        predecessors: partnership_links(site, r, &before),
        successors: partnership_links(site, r, &after),
        registry: registry_link(site, r),
        members: members
            .into_iter()
            .map(|o| {
                let latest = latest_returns(site, r, o)
                    .into_iter()
                    .filter_map(|id| return_row(site, id, o))
                    .collect();
                MemberCtx {
                    organisation: org_link(site, r, o),
                    closed: d.org(o).closed.as_ref().map(|c| DateCtx::new(c.value)),
                    latest,
                }
            })
            .collect(),
        figures: figures_of(site, part.id.value.trim()),
        member_figures: {
            let ids: Vec<&str> = d.members(p).iter().map(|&o| d.id(o)).collect();
            member_totals(site, &ids)
        },
        public_note: public_note(site),
    }
}
