//! The whole-course print page: a section with training modules shown as one
//! document, its own text first, then each of its pages with ids of its own (`m1-`,
//! `m2-`, …) and headings a level down, under its title.

use std::collections::HashMap;

use super::cache::{Fingerprint, Key};
use super::context::{Link, PageCtx};
use super::kind::{Env, MakePdf, One, PageSpec};
use super::page::{Placement, generated};
use super::pdf as pdf_doc;
use super::{Theme, file_of, root_of};
use crate::diagnostics::Diagnostic;
use crate::pdf::{Block, Doc, Inline};
use crate::site::{PageId, SectionId, Site};

/// The courses with a print page in this build, each with its URL: none if the
/// theme has no print template.
pub fn courses(site: &Site, theme: &Theme) -> Vec<(SectionId, String)> {
    if !theme.has_print() {
        return Vec::new();
    }
    site.print_sections()
        .into_iter()
        .map(|s| (s, site.print_url(s)))
        .collect()
}

/// The print page of each page that has one: its section's own page, and every page
/// the print page holds.
pub fn urls(site: &Site, courses: &[(SectionId, String)]) -> HashMap<PageId, String> {
    let mut urls = HashMap::new();
    for (s, url) in courses {
        urls.insert(site.sections[*s].page, url.clone());
        for p in site.print_pages(*s) {
            urls.insert(p, url.clone());
        }
    }
    urls
}

/// A print page's key: the keys of the pages it holds (`keys`, by output path), so
/// that an unchanged course is found without making its context.
pub fn key(
    site: &Site,
    shared: Option<Key>,
    keys: &HashMap<&str, Key>,
    section: SectionId,
    url: &str,
) -> Option<Key> {
    let mut f = Fingerprint::new();
    f.add(&shared?).add("print.html").add(url);
    for id in std::iter::once(site.sections[section].page).chain(site.print_pages(section)) {
        let url = &site.pages[id].url;
        f.add(url).add(keys.get(file_of(url).as_str())?);
    }
    Some(f.finish())
}

pub fn spec<'a>(site: &Site, section: SectionId, url: String) -> PageSpec<'a> {
    let asks = site.pages[site.sections[section].page]
        .front
        .as_ref()
        .is_some_and(|f| f.pdf);
    let pdf: Option<MakePdf<'a>> = match asks {
        true => Some(Box::new(move |env, page| course_pdf(env, section, page))),
        false => None,
    };
    PageSpec {
        url: url.clone(),
        template: "print.html",
        searched: false,
        placed: None,
        pdf,
        make: Box::new(move |env| context(env, section, &url)),
    }
}

/// The pages a print page holds, as their own pages would show them.
#[derive(serde::Serialize)]
struct PrintCtx {
    /// The text of the section's own page.
    intro: std::sync::Arc<str>,
    pages: Vec<PageCtx>,
}

/// The section's own page and each page the print page holds, as it shows them.
fn shown(
    env: &Env<'_>,
    section: SectionId,
    url: &str,
) -> Result<(PageCtx, Vec<PageCtx>), Diagnostic> {
    let site = env.site;
    let index = site.sections[section].page;
    let ids = site.print_pages(section);
    let local: HashMap<String, String> = ids
        .iter()
        .enumerate()
        .map(|(n, &id)| (site.pages[id].url.clone(), format!("m{}-", n + 1)))
        .collect();
    let placement = |prefix| Placement {
        root: root_of(url),
        anchor_prefix: prefix,
        heading_shift: 1,
        local: Some(&local),
    };
    let intro = env.page_context(index, &placement("m0-"))?;
    let pages = ids
        .iter()
        .map(|&id| env.page_context(id, &placement(&local[&site.pages[id].url])))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((intro, pages))
}

fn context(env: &Env<'_>, section: SectionId, url: &str) -> Result<PageCtx, Diagnostic> {
    let (intro, pages) = shown(env, section, url)?;
    let mut ctx = generated(
        format!("{}: the whole course", intro.title),
        url.to_string(),
        "print",
    );
    ctx.description = intro.description.clone();
    ctx.breadcrumbs = intro.breadcrumbs.clone();
    ctx.breadcrumbs.push(Link {
        title: intro.title.clone(),
        url: intro.url.clone(),
    });
    ctx.visibility = intro.visibility;
    ctx.body = One::boxed(
        "print",
        PrintCtx {
            intro: intro.content,
            pages,
        },
    );
    Ok(ctx)
}

/// The whole course as a PDF: a title page, the contents, the course's own text,
/// then each page from a new page, under its title.
fn course_pdf(env: &Env<'_>, section: SectionId, page: &PageCtx) -> Option<Doc> {
    let (intro, pages) = shown(env, section, &page.url).ok()?;
    let site = env.site;
    let mut blocks = vec![
        Block::Cover {
            kicker: "Training course".to_string(),
            title: intro.title.clone(),
            label: None,
            draft: None,
            blocks: intro
                .description
                .iter()
                .map(|d| Block::Para(Inline::text(d)))
                .collect(),
        },
        Block::Contents { depth: 2 },
        Block::Html(intro.content),
    ];
    let ids = site.print_pages(section);
    for (n, (p, id)) in pages.into_iter().zip(ids).enumerate() {
        blocks.push(Block::Break);
        blocks.push(Block::Heading {
            level: 2,
            label: Some(format!("m{}-title", n + 1)),
            text: Inline::text(&p.title),
        });
        let front = site.pages[id].front.as_deref();
        let heading = |text: &str| Block::Heading {
            level: 3,
            label: None,
            text: Inline::text(text),
        };
        let list = |ordered: bool, items: Vec<Vec<Block>>| Block::List {
            ordered,
            start: 1,
            items,
        };
        if let Some(outcomes) = front.and_then(|f| f.learning_outcomes.as_ref()) {
            blocks.push(heading("Learning outcomes"));
            blocks.push(Block::Para(Inline::text(
                "By the end of this module you will be able to:",
            )));
            let items = outcomes
                .value
                .iter()
                .map(|o| vec![Block::Plain(Inline::text(o))]);
            blocks.push(list(false, items.collect()));
        }
        blocks.push(Block::Html(p.content));
        let questions = front.and_then(|f| f.questions.as_ref());
        if let Some(questions) = questions.filter(|q| !q.value.is_empty()) {
            blocks.extend(self_check(&questions.value, &heading));
        }
    }
    Some(pdf_doc::doc(
        site,
        &page.url,
        &intro.title,
        pdf_doc::header(site, &intro.title),
        None,
        blocks,
    ))
}

/// A module's self-check on paper: each question with its options lettered, then
/// the answers, so a reader can try them before looking.
fn self_check(
    questions: &[serde_saphyr::Spanned<crate::content::frontmatter::Question>],
    heading: &dyn Fn(&str) -> Block,
) -> Vec<Block> {
    let letter = |i: usize| char::from(b'A' + (i % 26) as u8);
    let mut out = vec![heading("Check your understanding")];
    let mut answers = Vec::new();
    for (n, q) in questions.iter().enumerate() {
        let q = &q.value;
        out.push(Block::Para(vec![
            Inline::Strong(Inline::text(format!("Question {}", n + 1))),
            Inline::Text(format!(" {}", q.question)),
        ]));
        out.push(Block::List {
            ordered: false,
            start: 1,
            items: q
                .options
                .iter()
                .enumerate()
                .map(|(i, o)| vec![Block::Plain(Inline::text(format!("{}. {o}", letter(i))))])
                .collect(),
        });
        let answer = q
            .options
            .get(q.answer)
            .map(String::as_str)
            .unwrap_or_default();
        let mut line = vec![Inline::Strong(Inline::text(format!(
            "{}. {answer}",
            letter(q.answer)
        )))];
        if let Some(e) = &q.explanation {
            line.push(Inline::Break);
            line.push(Inline::Text(e.clone()));
        }
        answers.push(vec![Block::Plain(line)]);
    }
    out.push(heading("Answers"));
    out.push(Block::List {
        ordered: true,
        start: 1,
        items: answers,
    });
    out
}
