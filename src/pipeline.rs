//! One build, start to finish: load → model → validate → render → write.
//!
//! Every stage reports into one `Diagnostics`; nothing is written unless the whole
//! site loaded, validated and rendered without an error.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use jiff::civil::Date;

use crate::config::SiteConfig;
use crate::content::personal::Spelled;
use crate::content::source::load_sources;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{self, Plan, WriteReport};
use crate::provenance;
use crate::render::{self, Theme};
use crate::site::{Audience, Selection, Site};
use crate::{kinds, stamp, validate};

/// What `serve` keeps from one build to the next.
#[derive(Default)]
pub struct BuildCache {
    pub sources: crate::content::source::SourceCache,
    pub digests: crate::provenance::DigestCache,
    pub parse: crate::site::ParseCache,
    pub render: render::RenderCache,
    pub theme: render::theme::Compiled,
    /// The model of the last build that rendered every page, which the render
    /// cache's pages were made from.
    pub site: std::sync::Mutex<Option<Arc<Site>>>,
    /// What a rebuild no longer needs, let go by `serve` once the open tabs have been
    /// told: freeing a large site's last model takes milliseconds a save should not
    /// wait for.
    pub retired: std::sync::Mutex<Vec<Arc<Site>>>,
}

impl BuildCache {
    /// Lets go of what the last rebuild retired.
    pub fn let_go(&self) {
        let retired = std::mem::take(&mut *self.retired.lock().unwrap_or_else(|p| p.into_inner()));
        drop(retired);
    }
}

pub struct BuildOptions {
    pub root: PathBuf,
    pub audience: Audience,
    pub drafts: bool,
    pub as_of: Option<Date>,
    pub mode: Mode,
}

/// What a build is for.
pub enum Mode {
    /// Write the site to `output` (`safeguard build`).
    Build { output: PathBuf },
    /// Everything but writing (`safeguard check`).
    Check,
    /// Keep the site in memory for the preview, published at the root of its
    /// address (`safeguard serve`).
    Serve {
        /// What earlier builds read, parsed and rendered, to reuse where nothing
        /// changed.
        cache: std::sync::Arc<BuildCache>,
        /// The paths (relative to the root) that changed since the last build, if
        /// known, so only those are read again.
        changed: Option<Vec<PathBuf>>,
    },
}

/// Which command a build ran for, so that its closing line speaks of what the user
/// has: an output folder, a check, or the preview.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ran {
    Build,
    Check,
    Serve,
}

impl Mode {
    fn ran(&self) -> Ran {
        match self {
            Mode::Build { .. } => Ran::Build,
            Mode::Check => Ran::Check,
            Mode::Serve { .. } => Ran::Serve,
        }
    }

    fn cache(&self) -> Option<&BuildCache> {
        match self {
            Mode::Serve { cache, .. } => Some(cache),
            _ => None,
        }
    }

    fn output(&self) -> Option<&PathBuf> {
        match self {
            Mode::Build { output } => Some(output),
            _ => None,
        }
    }
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
    pub ran: Ran,
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
                    let kept = match self.ran {
                        Ran::Build => "nothing was written, so the output folder is as it was",
                        Ran::Check => "fix what is listed above, then check again",
                        Ran::Serve => "the preview shows what is listed above until it is fixed",
                    };
                    out.push_str(&format!(
                        "error: {} and {}; {kept}\n",
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
    /// Each stage's time and the peak memory at its end (Linux only).
    spent: Vec<(&'static str, u128, Option<u64>)>,
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
                .push((stage, now.duration_since(self.last).as_micros(), peak_kib()));
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
                .map(|(stage, us, peak)| {
                    let ms = *us as f64 / 1000.0;
                    match peak {
                        Some(kib) => format!("{stage} {ms:.1} ms (peak {} MiB)", kib / 1024),
                        None => format!("{stage} {ms:.1} ms"),
                    }
                })
                .collect();
            eprintln!("timings: {}", parts.join(", "));
        }
    }
}

/// The process's peak resident memory so far, in KiB, where the system says.
pub(crate) fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// What the stages share: the options, what was found out so far, and every
/// problem reported.
struct Build<'o> {
    options: &'o BuildOptions,
    started: Instant,
    stages: Stages,
    diags: Diagnostics,
}

impl Build<'_> {
    fn fail(self, fatal: Option<String>) -> Outcome {
        Outcome {
            diagnostics: self.diags.sorted(),
            fatal,
            summary: None,
            plan: None,
            replayed: None,
            ran: self.options.mode.ran(),
        }
    }

    fn summary(&self, pages: usize, sections: usize, files: usize, withheld: usize) -> Summary {
        Summary {
            pages,
            sections,
            files,
            withheld,
            audience: self.options.audience,
            millis: self.started.elapsed().as_millis(),
            written: None,
        }
    }
}

pub fn run(options: &BuildOptions) -> Outcome {
    let mut b = Build {
        options,
        started: Instant::now(),
        stages: Stages::new(),
        diags: Diagnostics::new(),
    };
    let as_of = match as_of_date(options.as_of) {
        Ok(d) => d,
        Err(e) => return b.fail(Some(e)),
    };
    let Some(config) = SiteConfig::load(&options.root, &mut b.diags) else {
        return b.fail(None);
    };
    let bounds = config.bounds(&options.root);
    // The output folder: judged, locked, and any interrupted build finished or undone,
    // before anything is read into it or rendered for it.
    let target = match options.mode.output() {
        Some(output) => match output::Target::open(output, &options.root) {
            Ok(t) => Some(Arc::new(t)),
            Err(e) => return b.fail(Some(e.0)),
        },
        None => None,
    };
    // Nothing changed since the last build into this folder: say what it said.
    let inputs = target.as_ref().and_then(|_| {
        let preview = matches!(options.mode, Mode::Serve { .. });
        let settings = format!(
            "{} {} {as_of} {preview}\n",
            options.audience.as_str(),
            options.drafts,
        );
        stamp::inputs(&options.root, &config, &bounds, &settings)
    });
    if let (Some(inputs), Some(target)) = (&inputs, &target)
        && let Some(last) = stamp::unchanged(target, &inputs.hash)
    {
        b.stages.done("unchanged");
        return replay(&b, last);
    }

    let (hash, read) = match inputs {
        Some(i) => (Some(i.hash), i.read),
        None => (None, Default::default()),
    };
    let site = Arc::new(model(&mut b, config, &bounds, read, as_of));
    let (theme, seen) = checked(&mut b, &site);
    // Render only a sound model, since templates assume it is.
    let plan = match theme {
        Some(theme) if !b.diags.has_errors() => {
            render(&mut b, &site, &theme, &seen, target.as_ref())
        }
        _ => None,
    };
    b.stages.done("manifest");
    let Some(plan) = plan.filter(|_| !b.diags.has_errors()) else {
        return b.fail(None);
    };
    if let Some(why) = plan.failure() {
        return b.fail(Some(format!(
            "{why}\nnothing was written, so the output folder is as it was"
        )));
    }
    match target {
        Some(target) => write(b, &site, plan, &target, hash),
        None => {
            let pages = page_count(&plan);
            let summary = b.summary(pages, site.sections.len(), plan.len(), site.withheld);
            Outcome {
                summary: Some(summary),
                diagnostics: b.diags.sorted(),
                fatal: None,
                plan: Some(plan),
                replayed: None,
                ran: b.options.mode.ran(),
            }
        }
    }
}

/// Loads the sources (each file read once) and builds the model.
fn model(
    b: &mut Build,
    config: SiteConfig,
    bounds: &crate::walk::Bounds,
    read: std::collections::HashMap<PathBuf, Vec<u8>>,
    as_of: Date,
) -> Site {
    let options = b.options;
    let sources = match &options.mode {
        Mode::Serve { cache, changed } => {
            cache
                .sources
                .load(&options.root, bounds, changed.as_deref(), &mut b.diags)
        }
        _ => load_sources(&options.root, bounds, read, &mut b.diags),
    };
    b.stages.done("load");
    let selection = Selection {
        audience: options.audience,
        drafts: options.drafts,
        as_of,
        preview: matches!(options.mode, Mode::Serve { .. }),
    };
    let parses = options.mode.cache().map(|c| &c.parse);
    // The last model, whose resolved links the pages an edit cannot affect keep.
    let before = options
        .mode
        .cache()
        .and_then(|c| c.site.lock().unwrap_or_else(|p| p.into_inner()).clone());
    let site = Site::build(
        config,
        sources,
        selection,
        parses,
        before.as_deref(),
        &mut b.diags,
    );
    b.stages.done("model");
    site
}

/// The validate stage: the model on its own, then against its theme, whatever else
/// is wrong (each check looks only at what loaded, so adds no knock-on noise).
/// Returns the theme, if it loaded, and the personal data the source check saw.
fn checked(b: &mut Build, site: &Site) -> (Option<Theme>, HashSet<Spelled>) {
    let seen = validate::site(site, kinds::ALL, &mut b.diags);
    let compiled = b.options.mode.cache().map(|c| &c.theme);
    let theme = Theme::load(&b.options.root, &site.config, compiled, &mut b.diags);
    if let Some(theme) = &theme {
        validate::theme(site, theme, kinds::ALL, &mut b.diags);
    }
    b.stages.done("validate");
    (theme, seen)
}

/// The report of the last build, for a build with nothing changed.
fn replay(b: &Build, last: stamp::Said) -> Outcome {
    let output = b.options.mode.output().cloned().unwrap_or_default();
    let mut summary = b.summary(last.pages, last.sections, last.files, last.withheld);
    summary.written = Some((
        output,
        WriteReport {
            written: 0,
            unchanged: last.files,
            removed: 0,
        },
    ));
    Outcome {
        diagnostics: Vec::new(),
        fatal: None,
        summary: Some(summary),
        plan: None,
        replayed: Some((last.warnings, last.report)),
        ran: b.options.mode.ran(),
    }
}

/// Renders the site into a plan, with its manifest. A public build's files all
/// pass the personal-data gate on their way to the plan; what it found that the
/// source check could not see is reported.
fn render(
    b: &mut Build,
    site: &Arc<Site>,
    theme: &Theme,
    seen: &HashSet<Spelled>,
    target: Option<&Arc<output::Target>>,
) -> Option<Plan> {
    let cache = b.options.mode.cache();
    // `serve` keeps the site in memory; `build` stages what changed in the output
    // folder as it renders; `check` keeps only what the manifest needs.
    let mut plan = match (&b.options.mode, target) {
        (Mode::Serve { .. }, _) => Plan::in_memory(),
        (_, Some(target)) => Plan::staged(Arc::clone(target)),
        _ => Plan::digests_only(),
    };
    let gate = (b.options.audience == Audience::Public).then(crate::gate::Gate::new);
    if let Some(gate) = &gate {
        plan.set_inspector(gate.inspector());
    }
    let root = &b.options.root;
    // Taken, and kept again only once every page is made from this model.
    let before = cache.and_then(|c| c.site.lock().unwrap_or_else(|p| p.into_inner()).take());
    let edited = before.and_then(|before| {
        let edited = site.edited_since(&before);
        if let Some(cache) = cache {
            cache
                .retired
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(before);
        }
        edited
    });
    let unchanged = edited
        .map(|edited| site.unchanged_except(&edited))
        .unwrap_or_default();
    let mut plan = render::render_site(
        site,
        theme,
        kinds::ALL,
        root,
        cache.map(|c| render::Reuse {
            cache: &c.render,
            unchanged,
        }),
        plan,
        &mut b.diags,
    )?;
    if let Some(cache) = cache {
        *cache.site.lock().unwrap_or_else(|p| p.into_inner()) = Some(Arc::clone(site));
    }
    b.stages.done("render");
    let sources = provenance::sources(site, theme.site_templates());
    let manifest = provenance::manifest(site, sources, &plan, cache.map(|c| &c.digests));
    plan.put(
        crate::site::MANIFEST_URL.to_string(),
        manifest.into_bytes().into(),
    );
    if let Some(gate) = &gate {
        b.diags.extend(gate.diagnostics(site, root, seen));
    }
    Some(plan)
}

/// Every page, made from a source or by safeguard itself; not the 404 page.
fn page_count(plan: &Plan) -> usize {
    plan.paths()
        .filter(|k| k.ends_with(".html") && *k != "404.html")
        .count()
}

/// Commits the plan to the output folder, then keeps the build stamp.
fn write(
    mut b: Build,
    site: &Site,
    plan: Plan,
    target: &Arc<output::Target>,
    hash: Option<String>,
) -> Outcome {
    let pages = page_count(&plan);
    let files = plan.len();
    // What the stamp records, once the plan is committed.
    let paths: Option<Vec<(String, Option<output::FileState>)>> = hash
        .is_some()
        .then(|| plan.written().map(|(p, w)| (p.clone(), w)).collect());
    stamp::forget(target);
    let report = match plan.commit() {
        Ok(report) => report,
        Err(e) => return b.fail(Some(e.0)),
    };
    let diagnostics = std::mem::take(&mut b.diags).sorted();
    // A build that wrote has no errors: what it reported is warnings. A public build
    // keeps none of them (they may name private items), so it keeps no stamp when it
    // had any to say.
    let keep_stamp = b.options.audience != Audience::Public || diagnostics.is_empty();
    if let (Some(hash), Some(paths), true) = (hash, paths, keep_stamp) {
        let said = stamp::Said {
            warnings: diagnostics.len(),
            report: diagnostics.iter().map(|d| format!("{d}\n")).collect(),
            pages,
            sections: site.sections.len(),
            files,
            withheld: site.withheld,
        };
        stamp::save(target, hash, said, paths);
    }
    b.stages.done("write");
    let mut summary = b.summary(pages, site.sections.len(), files, site.withheld);
    let output = b.options.mode.output().cloned().unwrap_or_default();
    summary.written = Some((output, report));
    Outcome {
        summary: Some(summary),
        diagnostics,
        fatal: None,
        plan: None,
        replayed: None,
        ran: b.options.mode.ran(),
    }
}
