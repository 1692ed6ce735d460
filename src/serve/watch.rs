//! Watching the site's sources and rebuilding when they change.
//!
//! Editors save in many ways (write in place, write a temporary file and rename it,
//! delete and recreate), so every kind of event counts the same; what matters is
//! which files it touched. Events are debounced so a burst of saves is one rebuild.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer, new_debouncer_opt,
};

use super::{ServeOptions, Shared, build, failure_report};
use crate::output::Files;
use crate::pipeline::Outcome;

/// Long enough to gather an editor's save (temp file, rename), short enough not to be
/// felt.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// The parts of a site whose changes matter.
const WATCHED: &[&str] = &["site.yaml", "content", "templates", "themes", "static"];

/// How often `--poll` looks for changes: network drives often send no notifications.
const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// Watches while it lives: held only to be dropped.
#[allow(dead_code)]
pub enum Watcher {
    Notified(Debouncer<notify::RecommendedWatcher, RecommendedCache>),
    Polled(Debouncer<notify::PollWatcher, NoCache>),
}

/// Changes seen by a watcher, waiting to be rebuilt.
pub type Changes = Receiver<DebounceEventResult>;

/// Starts watching. Changes queue until [`rebuild_on_changes`] takes them, so a save
/// made while the first build runs is not missed.
pub fn start(options: &ServeOptions) -> Result<(Watcher, Changes), notify::Error> {
    let (tx, rx) = channel::<DebounceEventResult>();
    // The root itself, not each folder: folders may be created after we start.
    let watcher = if options.poll {
        let config = notify::Config::default()
            .with_poll_interval(POLL_INTERVAL)
            // Sizes and times can stay the same across a quick save; contents cannot.
            .with_compare_contents(true);
        let mut d = new_debouncer_opt(DEBOUNCE, None, tx, NoCache, config)?;
        d.watch(&options.root, RecursiveMode::Recursive)?;
        Watcher::Polled(d)
    } else {
        let mut d = new_debouncer(DEBOUNCE, None, tx)?;
        d.watch(&options.root, RecursiveMode::Recursive)?;
        Watcher::Notified(d)
    };
    Ok((watcher, rx))
}

/// Rebuilds, on a thread of its own, whenever the watcher reports a change.
pub fn rebuild_on_changes(rx: Changes, options: ServeOptions, shared: Arc<Shared>) {
    let root = options
        .root
        .canonicalize()
        .unwrap_or_else(|_| options.root.clone());
    std::thread::spawn(move || {
        let timings = std::env::var_os("SAFEGUARD_TIMINGS").is_some();
        while let Ok(result) = rx.recv() {
            let mut changed: Vec<PathBuf> = match result {
                Ok(events) => {
                    if timings && let Some(first) = events.iter().map(|e| e.time).min() {
                        // What the debouncer adds to a save's latency, before any build.
                        eprintln!(
                            "timings: watcher {:.1} ms from the first event to the rebuild",
                            first.elapsed().as_secs_f64() * 1000.0
                        );
                    }
                    changed_paths(&root, events)
                }
                Err(errors) => {
                    for e in errors {
                        eprintln!("warning: watching: {e}");
                    }
                    continue;
                }
            };
            // Saves that land while we rebuild are folded into the next rebuild.
            while let Ok(Ok(more)) = rx.try_recv() {
                changed.extend(changed_paths(&root, more));
            }
            changed.sort();
            changed.dedup();
            if changed.is_empty() {
                continue;
            }
            rebuild(&options, &shared, &changed);
        }
    });
}

/// The relevant paths that events changed. Reads are not changes: our own rebuild
/// reads every source, and counting that would rebuild for ever.
fn changed_paths(root: &Path, events: Vec<notify_debouncer_full::DebouncedEvent>) -> Vec<PathBuf> {
    events
        .into_iter()
        .filter(|e| !matches!(e.event.kind, notify::EventKind::Access(_)))
        .flat_map(|e| e.event.paths)
        .filter_map(|p| relevant(root, &p))
        .collect()
}

/// The path relative to the root if a change to it can change the site: not the
/// output folder, not version control, not an editor's scratch file.
fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    if !WATCHED.contains(&first) {
        return None;
    }
    let name = rel.file_name()?.to_str()?;
    (!crate::walk::is_scratch(name)).then(|| rel.to_path_buf())
}

/// One rebuild for `changed`: the new plan served, open tabs told, one line printed.
fn rebuild(options: &ServeOptions, shared: &Shared, changed: &[PathBuf]) {
    let started = Instant::now();
    let outcome = build(options, &shared.cache, Some(changed));
    let rendered = shared.cache.render.take_rendered();
    let what = match changed {
        [one] => one.display().to_string(),
        [one, rest @ ..] => format!("{} and {} more", one.display(), rest.len()),
        [] => String::new(),
    };
    if !outcome.succeeded() {
        failed(shared, &outcome, &what, started);
        return;
    }
    for d in &outcome.diagnostics {
        eprintln!("{d}");
    }
    let plan = outcome
        .plan
        .map(crate::output::Plan::into_files)
        .unwrap_or_default();
    let mut state = shared.state.write().unwrap_or_else(|p| p.into_inner());
    let differs = differs(&state.plan, &plan);
    let pages = differs.iter().filter(|k| k.ends_with(".html")).count();
    let only_css = !differs.is_empty() && differs.iter().all(|k| k.ends_with(".css"));
    let was_failing = state.failure.take().is_some();
    let summary = format!(
        "{} file{} changed ({} page{})",
        differs.len(),
        if differs.len() == 1 { "" } else { "s" },
        pages,
        if pages == 1 { "" } else { "s" }
    );
    let served = std::mem::replace(&mut state.plan, plan);
    if !differs.is_empty() {
        state.version += 1;
    }
    drop(state);
    if was_failing {
        shared.broadcast("ok", "{}");
    }
    if only_css {
        shared.broadcast("css", "{}");
    } else if !differs.is_empty() {
        shared.broadcast("reload", "{}");
    }
    // Freed once the tabs are told, not while they wait.
    drop(served);
    shared.cache.let_go();
    println!(
        "Change to {what}: rebuilt in {} ms, re-rendered {}; {summary}{}.",
        started.elapsed().as_millis(),
        listed(&rendered, "page"),
        if only_css {
            "; stylesheets swapped in open tabs"
        } else {
            ""
        }
    );
}

/// A rebuild that failed: the browser is shown why, and the last good build is still
/// served.
fn failed(shared: &Shared, outcome: &Outcome, what: &str, started: Instant) {
    eprint!("{}", outcome.report());
    let report = failure_report(outcome);
    let mut state = shared.state.write().unwrap_or_else(|p| p.into_inner());
    state.failure = Some(report.clone());
    drop(state);
    shared.broadcast("failed", &report);
    shared.cache.let_go();
    println!(
        "Change to {what}: the build failed in {} ms; the browser shows why, and the last good build is still served.",
        started.elapsed().as_millis()
    );
}

/// The paths whose files differ between what is served and `plan`: changed or new,
/// then gone. The manifest changes with every other file: it is not a change of its
/// own.
fn differs(served: &Files, plan: &Files) -> Vec<String> {
    let mut differs: Vec<String> = plan
        .iter()
        .filter(|(k, _)| *k != crate::site::MANIFEST_URL)
        // Most pages are the very bytes of the last build, shared with it.
        .filter(|(k, v)| {
            served
                .get(*k)
                .is_none_or(|old| !Arc::ptr_eq(old, v) && old != *v)
        })
        .map(|(k, _)| k.clone())
        .collect();
    differs.extend(
        served
            .keys()
            .filter(|k| !plan.contains_key(*k) && *k != crate::site::MANIFEST_URL)
            .cloned(),
    );
    differs
}

/// `3 pages (a/, b/, c/)`, or the first few and how many more.
fn listed(paths: &[String], noun: &str) -> String {
    const SHOWN: usize = 3;
    let name = |p: &String| match p.strip_suffix("index.html") {
        Some("") => "/".to_string(),
        Some(dir) => dir.to_string(),
        None => p.clone(),
    };
    let n = paths.len();
    let mut out = format!("{n} {noun}{}", if n == 1 { "" } else { "s" });
    if n > 0 {
        let mut names: Vec<String> = paths.iter().take(SHOWN).map(name).collect();
        if n > SHOWN {
            names.push(format!("{} more", n - SHOWN));
        }
        out.push_str(&format!(" ({})", names.join(", ")));
    }
    out
}
