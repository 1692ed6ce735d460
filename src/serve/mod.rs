//! `safeguard serve`: the site built in memory and served on loopback, rebuilt when
//! a source changes, with open tabs told to reload (or to swap a stylesheet, or to
//! show the build's errors) over Server-Sent Events.
//!
//! Every rebuild runs the same pipeline as `build`, so what the preview shows is
//! byte for byte what `build` would write; only the served HTML gains the small
//! live-reload script.

mod http;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use jiff::civil::Date;

use crate::output::{Files, Plan};
use crate::pipeline::BuildCache;
use crate::pipeline::{self, BuildOptions, Mode, Outcome};
use crate::site::Audience;

const LIVE_JS: &str = include_str!("live.js");

#[derive(Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// `None`: any free port.
    pub port: Option<u16>,
    pub audience: Audience,
    pub drafts: bool,
    pub as_of: Option<Date>,
    /// Poll the file system for changes instead of relying on its notifications.
    pub poll: bool,
}

/// What is being served: the last good build, and the errors of the last build if it
/// failed.
pub struct State {
    pub plan: Files,
    pub failure: Option<String>,
    /// Counts the builds that changed what is served. A page is stamped with the
    /// version it was served at, so a tab that missed an event (while its event
    /// stream reconnected, say) is told to reload as soon as it is back.
    pub version: u64,
}

pub struct Shared {
    pub state: RwLock<State>,
    /// What earlier builds rendered, so a rebuild renders only what changed.
    pub cache: Arc<BuildCache>,
    subscribers: Mutex<Vec<Sender<String>>>,
}

impl Shared {
    /// A new event stream for a tab that has seen version `since`; it hears at once
    /// what it missed: a newer build, and the current failure if there is one.
    fn subscribe(&self, since: Option<u64>) -> Receiver<String> {
        let (tx, rx) = channel();
        let state = self.state.read().unwrap_or_else(|p| p.into_inner());
        if since.is_some_and(|v| v < state.version) {
            let _ = tx.send(event("reload", "{}", state.version));
        }
        if let Some(f) = &state.failure {
            let _ = tx.send(event("failed", f, state.version));
        }
        drop(state);
        self.subscribers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(tx);
        rx
    }

    /// Sends an event to every open tab, forgetting tabs that have gone.
    fn broadcast(&self, name: &str, data: &str) {
        let version = self.state.read().unwrap_or_else(|p| p.into_inner()).version;
        let message = event(name, data, version);
        self.subscribers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|tx| tx.send(message.clone()).is_ok());
    }
}

fn event(name: &str, data: &str, version: u64) -> String {
    let mut out = format!("id: {version}\nevent: {name}\n");
    for line in data.lines() {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

/// Builds the site; `changed` are the paths that changed since the last build, if
/// known.
fn build(options: &ServeOptions, cache: &Arc<BuildCache>, changed: Option<&[PathBuf]>) -> Outcome {
    pipeline::run(&BuildOptions {
        root: options.root.clone(),
        audience: options.audience,
        drafts: options.drafts,
        as_of: options.as_of,
        mode: Mode::Serve {
            cache: Arc::clone(cache),
            changed: changed.map(<[PathBuf]>::to_vec),
        },
    })
}

/// The JSON the browser's error overlay shows.
fn failure_report(outcome: &Outcome) -> String {
    let mut messages: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
    if let Some(f) = &outcome.fatal {
        messages.push(format!("error: {f}"));
    }
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count()
        + usize::from(outcome.fatal.is_some());
    serde_json::json!({
        "summary": format!("{errors} error{}", if errors == 1 { "" } else { "s" }),
        "messages": messages,
    })
    .to_string()
}

/// Runs the preview until the process is stopped. Returns an exit code if it cannot
/// start.
pub fn run(options: ServeOptions) -> u8 {
    let started = Instant::now();
    if !options.root.is_dir() {
        eprintln!(
            "error: {} is not a folder: pass the site's folder (the one holding site.yaml and content/) with --root",
            options.root.display()
        );
        return 1;
    }
    // Watch before the first build, so that nothing saved while it runs is missed.
    let (_watcher, changes) = match watch::start(&options) {
        Ok(w) => w,
        Err(e) => {
            eprintln!(
                "error: cannot watch {} for changes: {e}",
                options.root.display()
            );
            return 1;
        }
    };
    let cache = Arc::new(BuildCache::default());
    let first = build(&options, &cache, None);
    // The first build renders everything; rebuilds report what they rendered.
    cache.render.take_rendered();
    eprint!("{}", first.report());
    let failure = (!first.succeeded()).then(|| failure_report(&first));
    let shared = Arc::new(Shared {
        state: RwLock::new(State {
            plan: first.plan.map(Plan::into_files).unwrap_or_default(),
            failure,
            version: 1,
        }),
        cache,
        subscribers: Mutex::new(Vec::new()),
    });

    let addr = SocketAddr::new(options.bind, options.port.unwrap_or(0));
    let server = match tiny_http::Server::http(addr) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "error: cannot listen on {addr}: {e}{}",
                if options.port.is_some() {
                    " (pick another port with --port, or leave it out to use a free one)"
                } else {
                    ""
                }
            );
            return 1;
        }
    };
    let bound = server.server_addr().to_ip().unwrap_or(addr);
    let local = bound.to_string();
    let guard = Arc::new(http::Guard { bind: options.bind });
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} makes the preview, drafts and private pages included, visible to other machines on the network; leave out --bind to serve on 127.0.0.1 only",
            options.bind
        );
    }
    println!(
        "Serving {} at http://{local}/ ({} ms); {}. Stop with Ctrl+C.",
        options.root.display(),
        started.elapsed().as_millis(),
        if options.poll {
            "looking for changes every half second"
        } else {
            "watching for changes"
        }
    );

    watch::rebuild_on_changes(changes, options.clone(), Arc::clone(&shared));

    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        let guard = Arc::clone(&guard);
        std::thread::spawn(move || http::handle(request, &shared, &guard));
    }
    0
}
