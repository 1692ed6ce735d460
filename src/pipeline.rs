//! One build, start to finish: load → model → validate → render → write.
//!
//! Every stage reports into one `Diagnostics`; nothing is written unless the whole
//! site loaded, validated and rendered without an error.

use std::path::PathBuf;
use std::time::Instant;

use jiff::civil::Date;

use crate::config::SiteConfig;
use crate::content::source::load_sources;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{self, Plan, WriteReport};
use crate::provenance;
use crate::render::{self, Theme};
use crate::site::{Audience, Selection, Site};
use crate::stamp;

/// What `serve` keeps from one build to the next.
#[derive(Default)]
pub struct BuildCache {
    pub sources: crate::content::source::SourceCache,
    pub digests: crate::provenance::DigestCache,
    pub parse: crate::site::ParseCache,
    pub render: render::RenderCache,
}

pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub audience: Audience,
    pub drafts: bool,
    pub as_of: Option<Date>,
    /// `false` for `check`: everything but writing.
    pub write: bool,
    /// For `serve`: the site is published at the root of the preview's address.
    pub preview: bool,
    /// For `serve`: what earlier builds parsed and rendered, to reuse where nothing
    /// changed.
    pub cache: Option<std::sync::Arc<BuildCache>>,
    /// For `serve`: the paths (relative to the root) that changed since the last
    /// build, if known, so only those are read again.
    pub changed: Option<Vec<PathBuf>>,
}

/// What a build did, or why it did not.
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    /// A problem that belongs to no source file (the output folder, say).
    pub fatal: Option<String>,
    pub summary: Option<Summary>,
    /// Every output file, when the build succeeded and did not write it (`serve`
    /// keeps the bytes in memory).
    pub plan: Option<Plan>,
    /// For a build with nothing changed: the warnings the last build printed, as
    /// printed, and how many.
    pub replayed: Option<(usize, String)>,
}

pub struct Summary {
    pub pages: usize,
    pub sections: usize,
    pub files: usize,
    pub withheld: usize,
    pub audience: Audience,
    pub millis: u128,
    pub written: Option<(PathBuf, WriteReport)>,
}

impl Outcome {
    pub fn succeeded(&self) -> bool {
        self.fatal.is_none() && !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Every diagnostic, then one closing line.
    pub fn report(&self) -> String {
        let mut out = String::new();
        if let Some((_, text)) = &self.replayed {
            out.push_str(text);
        }
        for d in &self.diagnostics {
            out.push_str(&d.to_string());
            out.push('\n');
        }
        if let Some(f) = &self.fatal {
            for line in f.lines() {
                out.push_str(&format!("error: {}\n", crate::diagnostics::printable(line)));
            }
        }
        let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
        let warnings =
            self.diagnostics.len() - errors + self.replayed.as_ref().map_or(0, |(n, _)| *n);
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        match &self.summary {
            Some(s) if self.succeeded() => {
                let withheld = if s.audience == Audience::Public {
                    format!(
                        ", {} withheld from the public",
                        plural(s.withheld, "private item")
                    )
                } else {
                    String::new()
                };
                match &s.written {
                    Some((dir, w)) => out.push_str(&format!(
                        "Built {} in {} ({} files{withheld}), {} in {} ms → {} ({} written, {} unchanged, {} removed)\n",
                        plural(s.pages, "page"),
                        plural(s.sections, "section"),
                        s.files,
                        plural(warnings, "warning"),
                        s.millis,
                        dir.display(),
                        w.written,
                        w.unchanged,
                        w.removed,
                    )),
                    None => out.push_str(&format!(
                        "Checked {} in {} ({} files{withheld}): no errors, {} in {} ms\n",
                        plural(s.pages, "page"),
                        plural(s.sections, "section"),
                        s.files,
                        plural(warnings, "warning"),
                        s.millis,
                    )),
                }
            }
            _ => {
                if errors > 0 {
                    out.push_str(&format!(
                        "error: {} and {}; nothing was written, so the output folder is as it was\n",
                        plural(errors, "error"),
                        plural(warnings, "warning"),
                    ));
                }
            }
        }
        out
    }
}

/// The date overdue and review-due are judged against: `--as-of`, else
/// `SOURCE_DATE_EPOCH`, else today.
pub fn as_of_date(given: Option<Date>) -> Result<Date, String> {
    if let Some(d) = given {
        return Ok(d);
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 = epoch
            .trim()
            .parse()
            .map_err(|_| format!("SOURCE_DATE_EPOCH is `{epoch}`, not a number of seconds"))?;
        let ts =
            jiff::Timestamp::from_second(secs).map_err(|e| format!("SOURCE_DATE_EPOCH: {e}"))?;
        return Ok(ts.to_zoned(jiff::tz::TimeZone::UTC).date());
    }
    Ok(jiff::Zoned::now().date())
}

/// Time spent in each stage, printed to stderr when `SAFEGUARD_TIMINGS` is set: what
/// to look at first when a build or rebuild is slow.
struct Stages {
    on: bool,
    last: Instant,
    spent: Vec<(&'static str, u128)>,
}

impl Stages {
    fn new() -> Self {
        Stages {
            on: std::env::var_os("SAFEGUARD_TIMINGS").is_some(),
            last: Instant::now(),
            spent: Vec::new(),
        }
    }

    fn done(&mut self, stage: &'static str) {
        if self.on {
            let now = Instant::now();
            self.spent
                .push((stage, now.duration_since(self.last).as_micros()));
            self.last = now;
        }
    }
}

impl Drop for Stages {
    fn drop(&mut self) {
        if self.on {
            let parts: Vec<String> = self
                .spent
                .iter()
                .map(|(stage, us)| format!("{stage} {:.1} ms", *us as f64 / 1000.0))
                .collect();
            eprintln!("timings: {}", parts.join(", "));
        }
    }
}

pub fn run(options: &BuildOptions) -> Outcome {
    let started = Instant::now();
    let mut stages = Stages::new();
    let mut diags = Diagnostics::new();
    let fail = |diags: Diagnostics, fatal: Option<String>| Outcome {
        diagnostics: diags.sorted(),
        fatal,
        summary: None,
        plan: None,
        replayed: None,
    };

    let as_of = match as_of_date(options.as_of) {
        Ok(d) => d,
        Err(e) => return fail(diags, Some(e)),
    };
    let Some(config) = SiteConfig::load(&options.root, &mut diags) else {
        return fail(diags, None);
    };
    let bounds = config.bounds(&options.root);
    // The output folder: judged, locked, and any interrupted build finished or undone,
    // before anything is read into it or rendered for it.
    let target = match options.write {
        true => match output::Target::open(&options.output, &options.root) {
            Ok(t) => Some(std::sync::Arc::new(t)),
            Err(e) => return fail(diags, Some(e.0)),
        },
        false => None,
    };

    // Nothing changed since the last build into this folder: say what it said.
    let inputs = (options.write && options.cache.is_none())
        .then(|| {
            let settings = format!(
                "{} {} {as_of} {}\n",
                options.audience.as_str(),
                options.drafts,
                options.preview
            );
            stamp::inputs(&options.root, &bounds, &settings)
        })
        .flatten();
    if let Some(last) = inputs
        .as_ref()
        .zip(target.as_deref())
        .and_then(|(i, t)| stamp::unchanged(t, &i.hash))
    {
        stages.done("unchanged");
        return Outcome {
            diagnostics: Vec::new(),
            fatal: None,
            summary: Some(Summary {
                pages: last.pages,
                sections: last.sections,
                files: last.files,
                withheld: last.withheld,
                audience: options.audience,
                millis: started.elapsed().as_millis(),
                written: Some((
                    options.output.clone(),
                    WriteReport {
                        written: 0,
                        unchanged: last.files,
                        removed: 0,
                    },
                )),
            }),
            plan: None,
            replayed: Some((last.warnings, last.report)),
        };
    }

    // Load and model.
    let (inputs, read) = match inputs {
        Some(i) => (Some(i.hash), i.read),
        None => (None, Default::default()),
    };
    let sources = match &options.cache {
        Some(cache) => cache.sources.load(
            &options.root,
            &bounds,
            options.changed.as_deref(),
            &mut diags,
        ),
        None => load_sources(&options.root, &bounds, read, &mut diags),
    };
    stages.done("load");
    let selection = Selection {
        audience: options.audience,
        drafts: options.drafts,
        as_of,
        preview: options.preview,
    };
    let site = Site::build(
        config,
        sources,
        selection,
        options.cache.as_ref().map(|c| &c.parse),
        &mut diags,
    );
    stages.done("model");

    // Validate.
    site.check_links(&mut diags);
    site.check_reviews(&mut diags);
    stages.done("links");
    let theme = Theme::load(&options.root, &site.config, &mut diags);
    // The site against its theme, whatever else is wrong, so that one run reports
    // every error (each check looks only at what loaded, so adds no follow-on noise).
    if let Some(theme) = &theme {
        theme.check_page_templates(&site, &mut diags);
        theme.check_generated_templates(&options.root, &site, &mut diags);
        theme.check_heading_ids(&site, &mut diags);
    }
    stages.done("theme");

    // Render: only when the model is sound, since templates assume it is. A public
    // build's files all pass the personal-data gate on their way to the plan.
    let gate = (options.audience == Audience::Public).then(crate::gate::Gate::new);
    let plan = match theme {
        Some(theme) if !diags.has_errors() => {
            // `serve` keeps the site in memory; `build` stages what changed in the
            // output folder as it renders; `check` keeps only what the manifest needs.
            let mut plan = if options.cache.is_some() {
                Plan::in_memory()
            } else if let Some(target) = &target {
                Plan::staged(std::sync::Arc::clone(target))
            } else {
                Plan::digests_only()
            };
            if let Some(gate) = &gate {
                plan.set_inspector(gate.inspector());
            }
            render::render_site(
                &site,
                &theme,
                crate::kinds::ALL,
                &options.root,
                options.cache.as_ref().map(|c| &c.render),
                plan,
                &mut diags,
            )
            .map(|mut plan| {
                let sources = provenance::sources(&site, &options.root, theme.site_templates());
                let manifest = provenance::manifest(
                    &site,
                    sources,
                    &plan,
                    options.cache.as_ref().map(|c| &c.digests),
                );
                plan.put(
                    crate::site::MANIFEST_URL.to_string(),
                    manifest.into_bytes().into(),
                );
                plan
            })
        }
        _ => None,
    };
    stages.done("render");
    // What the public site would show that the source check could not see.
    if let (Some(gate), Some(_)) = (&gate, &plan) {
        diags.extend(gate.diagnostics(&site, &options.root));
    }
    let Some(plan) = plan.filter(|_| !diags.has_errors()) else {
        return fail(diags, None);
    };
    if let Some(why) = plan.failure() {
        return fail(
            diags,
            Some(format!(
                "{why}\nnothing was written, so the output folder is as it was"
            )),
        );
    }
    let pages = plan
        .paths()
        .filter(|k| k.ends_with(".html") && *k != "404.html")
        .count();
    let files = plan.len();
    // What the stamp records, once the plan is committed.
    let paths: Option<Vec<String>> = inputs.is_some().then(|| plan.paths().cloned().collect());

    let (written, plan) = if let Some(target) = &target {
        stamp::forget(target);
        match plan.commit() {
            Ok(report) => (Some((options.output.clone(), report)), None),
            Err(e) => return fail(diags, Some(e.0)),
        }
    } else {
        (None, Some(plan))
    };
    let diagnostics = diags.sorted();
    // A build that wrote has no errors: what it reported is warnings. A public build
    // keeps none of them (they may name private items), so it keeps no stamp when it
    // had any to say.
    let keep_stamp = options.audience != Audience::Public || diagnostics.is_empty();
    if let (Some(inputs), Some(paths), Some(_), Some(target), true) =
        (inputs, paths, &written, &target, keep_stamp)
    {
        let warnings = &diagnostics;
        stamp::save(
            target,
            inputs,
            stamp::Said {
                warnings: warnings.len(),
                report: warnings.iter().map(|d| format!("{d}\n")).collect(),
                pages,
                sections: site.sections.len(),
                files,
                withheld: site.withheld,
            },
            paths,
        );
    }
    stages.done("write");
    Outcome {
        summary: Some(Summary {
            // Every page, made from a source or by safeguard itself; not the 404 page.
            pages,
            sections: site.sections.len(),
            files,
            withheld: site.withheld,
            audience: options.audience,
            millis: started.elapsed().as_millis(),
            written,
        }),
        diagnostics,
        fatal: None,
        plan,
        replayed: None,
    }
}
