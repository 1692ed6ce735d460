//! Rendering the pages in parallel, course by course, and the search index after
//! them.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::cache::{Key, Reuse, Taken};
use super::kind::{self, Env, PageSpec};
use super::{Common, Course, Job, Made, Rendered, page, pdf, print, render_page};
use crate::diagnostics::Diagnostic;
use crate::output::{Bytes, Plan};
use crate::search::Document;
use crate::site::SEARCH_URL;

/// A piece of rendering work: a job (by index), or a course (by index in the print
/// pages): its pages, then its print page.
enum Unit {
    One(usize),
    Course(usize),
}

/// What a unit made: each of its jobs, by index, and a course's print page.
struct Done {
    pages: Vec<(usize, Made)>,
    print: Option<(usize, Made)>,
}

/// Renders pages into one plan.
pub(super) struct Batch<'r, 'a> {
    pub env: &'r Env<'a>,
    pub shared: &'r Common<'a>,
    pub plan: &'r Plan,
    /// By `PageId`: each page of the model known to be as the last build made it,
    /// as it was made (see `RenderCache::last_pages`).
    pub taken: Vec<Option<Taken>>,
    /// What is known unchanged since the last build, and the key of the shared
    /// context, for the pages kinds make (`serve`).
    pub reuse: Option<(&'r Reuse<'r>, Key)>,
}

impl<'a> Batch<'_, 'a> {
    fn page(&self, job: &Job<'a>, known: Option<Key>) -> Result<Rendered, Diagnostic> {
        if let Job::Model(id) = job
            && let Some(Some(taken)) = self.taken.get(*id)
            && let Some(made) = self.keep(taken, &self.env.site.pages[*id].url)
        {
            return Ok(made);
        }
        render_page(
            self.env,
            self.shared,
            self.plan,
            &job.target(self.env),
            known,
        )
    }

    /// A page a kind makes (not the search page, which reads the index), taken as
    /// the last build made it when it read no body an edit changed.
    fn made(&self, job: &Job<'a>, known: Option<Key>) -> Result<Rendered, Diagnostic> {
        if let (Job::Made(spec), Some((reuse, shared))) = (job, self.reuse)
            && let Some(cache) = self.env.cache
        {
            let target = job.target(self.env);
            if let Some(taken) = cache.last_made(&target.path, reuse, shared)
                && let Some(made) = self.keep(&taken, &spec.url)
            {
                return Ok(made);
            }
        }
        self.page(job, known)
    }

    /// Keeps a page taken from the last build, with its PDF, unless a picture the
    /// PDF showed has changed.
    fn keep(&self, taken: &Taken, url: &str) -> Option<Rendered> {
        let pdf = match &taken.pdf {
            Some((path, made, asked)) => {
                if !pdf::pictures_stand(self.env, url, asked) {
                    return None;
                }
                Some(pdf::keep(self.env, self.plan, url, path.clone(), made))
            }
            None => None,
        };
        let kept = self.plan.keep(&taken.path, Bytes::clone(&taken.bytes));
        let doc = taken.doc.clone();
        Some((taken.path.clone(), kept, doc, Some(taken.key), pdf))
    }

    /// Every job, in parallel, in the order given, and the print pages, in the
    /// order of `prints`. A course is one unit of work: its pages, then its print
    /// page, after which the bodies they share are let go; so a build holds the
    /// parsed bodies of the courses under way, not of every course.
    pub(super) fn all(&self, jobs: &[Job<'a>], prints: &[Course]) -> (Vec<Made>, Vec<Made>) {
        let (units, members) = self.units(jobs, prints);
        let done: Vec<Done> = units
            .par_iter()
            .map(|unit| match *unit {
                Unit::One(i) => Done {
                    pages: vec![(i, self.made(&jobs[i], None))],
                    print: None,
                },
                Unit::Course(c) => {
                    let pages: Vec<(usize, Made)> = members[c]
                        .par_iter()
                        .map(|&i| (i, self.page(&jobs[i], None)))
                        .collect();
                    let print = self.print(&prints[c], &pages);
                    for &i in &members[c] {
                        if let Job::Model(id) = jobs[i] {
                            self.env.let_go(id);
                        }
                    }
                    Done {
                        pages,
                        print: Some((c, print)),
                    }
                }
            })
            .collect();
        let mut rendered: Vec<Option<Made>> =
            std::iter::repeat_with(|| None).take(jobs.len()).collect();
        let mut printed: Vec<Option<Made>> =
            std::iter::repeat_with(|| None).take(prints.len()).collect();
        for unit in done {
            for (i, made) in unit.pages {
                rendered[i] = Some(made);
            }
            if let Some((c, made)) = unit.print {
                printed[c] = Some(made);
            }
        }
        let rendered = rendered.into_iter().flatten().collect();
        (rendered, printed.into_iter().flatten().collect())
    }

    /// The units of work, in the order of `jobs` (a course at the place of its
    /// first page), and the jobs of each course in `prints`.
    fn units(&self, jobs: &[Job<'a>], prints: &[Course]) -> (Vec<Unit>, Vec<Vec<usize>>) {
        let course: HashMap<&str, usize> = prints
            .iter()
            .enumerate()
            .map(|(c, (_, url))| (url.as_str(), c))
            .collect();
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); prints.len()];
        let mut units = Vec::new();
        for (i, job) in jobs.iter().enumerate() {
            let shown = match job {
                Job::Model(id) => self.env.print_urls.get(id).map(|u| course[u.as_str()]),
                Job::Made(_) => None,
            };
            match shown {
                Some(c) => {
                    if members[c].is_empty() {
                        units.push(Unit::Course(c));
                    }
                    members[c].push(i);
                }
                None => units.push(Unit::One(i)),
            }
        }
        (units, members)
    }

    /// A course's print page, after the pages it holds: it is keyed by the keys of its
    /// pages, so an unchanged course costs a lookup instead of the context of every
    /// page in it.
    fn print(&self, (s, url): &Course, pages: &[(usize, Made)]) -> Made {
        let keys: HashMap<&str, Key> = pages
            .iter()
            .filter_map(|(_, r)| r.as_ref().ok())
            .filter_map(|(path, _, _, key, _)| Some((path.as_str(), (*key)?)))
            .collect();
        let spec = print::spec(self.env.site, *s, url.clone());
        // A course with a PDF is taken only by what it read: the PDF is made from its
        // context, which its key does not stand for.
        match spec.pdf {
            Some(_) => self.made(&Job::Made(spec), None),
            None => {
                let known = print::key(self.env.site, self.shared.key, &keys, *s, url);
                self.page(&Job::Made(spec), known)
            }
        }
    }

    /// The pieces of the index of `docs`, each kept as it is made, and the search
    /// page, which loads them.
    pub(super) fn search(&self, docs: &[Arc<Document>]) -> Vec<Result<Rendered, Diagnostic>> {
        let keep = |path: String, bytes| {
            let kept = self.plan.keep(&path, bytes);
            Ok((path, kept, None, None, None))
        };
        let (mut out, entry) = match self.env.cache {
            Some(cache) => cache.search(docs, keep),
            None => crate::search::build(docs, keep),
        };
        out.insert(0, self.page(&Job::Made(search_page(entry)), None));
        out
    }
}

/// The search page, with the site-relative path of the index it loads.
fn search_page<'a>(entry: String) -> PageSpec<'a> {
    let body = move || kind::One::boxed("search_index", entry.clone());
    page::listing(
        (SEARCH_URL, "search.html", "search"),
        "Search",
        &[],
        false,
        body,
    )
}
