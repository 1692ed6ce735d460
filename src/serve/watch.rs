//! Watching the site's sources and rebuilding when they change.
//!
//! Editors save in many ways (write in place, write a temporary file and rename it,
//! delete and recreate), so every kind of event counts the same; what matters is
//! which files it touched. A burst of events is one rebuild: after the first, we
//! wait until the sources have been quiet for a moment (an editor's save is a few
//! system calls in a row), and no longer than a bound, so a long stream of changes
//! (a branch checked out) still shows as it goes.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use notify::{Event, RecursiveMode, Watcher as _};

use super::{ServeOptions, Shared, build, failure_report};
use crate::output::Files;
use crate::pipeline::Outcome;

/// How long the sources must be quiet after an event before we rebuild: long
/// enough to gather an editor's save (temporary file, rename), short enough not to
/// be felt.
const QUIET: Duration = Duration::from_millis(3);

/// The longest a rebuild waits for the sources to be quiet.
const AT_MOST: Duration = Duration::from_millis(100);

/// The parts of a site whose changes matter.
const WATCHED: &[&str] = &["site.yaml", "content", "templates", "themes", "static"];

/// How often `--poll` looks for changes: network drives often send no notifications.
const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// Watches while it lives: held only to be dropped.
#[allow(dead_code)]
pub enum Watcher {
    Notified(notify::RecommendedWatcher),
    Polled(notify::PollWatcher),
}

/// Changes seen by a watcher, waiting to be rebuilt.
pub type Changes = Receiver<notify::Result<Event>>;

/// Starts watching. Changes queue until [`rebuild_on_changes`] takes them, so a save
/// made while the first build runs is not missed.
pub fn start(options: &ServeOptions) -> Result<(Watcher, Changes), notify::Error> {
    let (tx, rx) = channel::<notify::Result<Event>>();
    // The root itself, not each folder: folders may be created after we start.
    let watcher = if options.poll {
        let config = notify::Config::default()
            .with_poll_interval(POLL_INTERVAL)
            // Sizes and times can stay the same across a quick save; contents cannot.
            .with_compare_contents(true);
        let mut w = notify::PollWatcher::new(tx, config)?;
        w.watch(&options.root, RecursiveMode::Recursive)?;
        Watcher::Polled(w)
    } else {
        let mut w = notify::recommended_watcher(tx)?;
        w.watch(&options.root, RecursiveMode::Recursive)?;
        Watcher::Notified(w)
    };
    Ok((watcher, rx))
}

/// The events of one burst, from `first` until the sources are quiet (or the bound
/// is reached).
fn burst(rx: &Changes, first: notify::Result<Event>) -> Vec<notify::Result<Event>> {
    let started = Instant::now();
    let mut events = vec![first];
    while started.elapsed() < AT_MOST {
        match rx.recv_timeout(QUIET) {
            Ok(event) => events.push(event),
            // Quiet, or the watcher is gone.
            Err(_) => break,
        }
    }
    events
}

/// Rebuilds, on a thread of its own, whenever the watcher reports a change.
pub fn rebuild_on_changes(rx: Changes, options: ServeOptions, shared: Arc<Shared>) {
    let root = options
        .root
        .canonicalize()
        .unwrap_or_else(|_| options.root.clone());
    std::thread::spawn(move || {
        let timings = std::env::var_os("SAFEGUARD_TIMINGS").is_some();
        while let Ok(first) = rx.recv() {
            let seen = Instant::now();
            let mut events = burst(&rx, first);
            // Saves that landed while we rebuilt are folded into this rebuild.
            events.extend(rx.try_iter());
            let mut changed = Vec::new();
            // Events were lost (the system's queue overflowed): which files changed
            // is not known, so every source is read again.
            let mut missed = false;
            for event in events {
                match event {
                    Ok(event) => {
                        missed |= event.need_rescan();
                        changed.extend(changed_paths(&root, event));
                    }
                    Err(e) => eprintln!("warning: watching: {e}"),
                }
            }
            changed.sort();
            changed.dedup();
            if changed.is_empty() && !missed {
                continue;
            }
            if timings {
                // What waiting for the sources to be quiet adds to a save's latency.
                eprintln!(
                    "timings: watcher {:.1} ms from the first event to the rebuild",
                    seen.elapsed().as_secs_f64() * 1000.0
                );
            }
            rebuild(&options, &shared, (!missed).then_some(&changed[..]));
        }
    });
}

/// The relevant paths an event changed. Reads are not changes: our own rebuild
/// reads every source, and counting that would rebuild for ever.
fn changed_paths(root: &Path, event: Event) -> Vec<PathBuf> {
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return Vec::new();
    }
    event
        .paths
        .into_iter()
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

/// One rebuild for `changed` (every source, if not known): the new plan served,
/// open tabs told, one line printed.
fn rebuild(options: &ServeOptions, shared: &Shared, changed: Option<&[PathBuf]>) {
    let started = Instant::now();
    let outcome = build(options, &shared.cache, changed);
    let rendered = shared.cache.render.take_rendered();
    let what = match changed {
        Some([one]) => one.display().to_string(),
        Some([one, rest @ ..]) => format!("{} and {} more", one.display(), rest.len()),
        Some([]) => String::new(),
        None => {
            "the site (the system lost track of which files changed, so every file was read again)"
                .to_string()
        }
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
