//! `safeguard serve`: the real binary serving a fixture site, edited while it runs.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Fixture;
use common::preview::{Preview, start};

/// A raw GET, so that paths reach the server exactly as written.
fn get(addr: &str, path: &str) -> (u16, String, String) {
    let (status, head, body) = get_bytes(addr, path);
    (status, head, String::from_utf8_lossy(&body).into_owned())
}

/// A response with its body as bytes (a PDF's).
fn get_bytes(addr: &str, path: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n");
    let (head, body) = match split {
        Some(at) => (&raw[..at], raw[at + 4..].to_vec()),
        None => (&raw[..], Vec::new()),
    };
    let head = String::from_utf8_lossy(head).into_owned();
    let status = head.split(' ').nth(1).unwrap_or("0").parse().unwrap_or(0);
    let body = match head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        true => unchunk(&body),
        false => body,
    };
    (status, head, body)
}

/// A chunked body's bytes (large pages are sent in chunks).
fn unchunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") else {
            return body;
        };
        let size = std::str::from_utf8(&raw[..eol]).unwrap_or("0");
        let size = usize::from_str_radix(size.split(';').next().unwrap().trim(), 16).unwrap_or(0);
        if size == 0 || raw.len() < eol + 2 + size {
            return body;
        }
        body.extend_from_slice(&raw[eol + 2..eol + 2 + size]);
        raw = raw.get(eol + 4 + size..).unwrap_or_default();
    }
}

/// Everything an event stream has said so far.
fn events(addr: &str) -> Arc<Mutex<String>> {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET /__safeguard/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    let seen = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&seen);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = s.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let started = Instant::now();
    while !seen.lock().unwrap().contains(": connected") {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no event stream"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    seen
}

fn wait_for(what: &str, seen: &Arc<Mutex<String>>, needle: &str) -> String {
    let started = Instant::now();
    loop {
        let text = seen.lock().unwrap().clone();
        if text.contains(needle) {
            return text;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no {what} ({needle:?}) in:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A served page without the preview's script tag, which is all `serve` adds.
fn strip_live(body: &str) -> String {
    match body.find("<script src=\"/__safeguard/live.js?v=") {
        Some(start) => {
            let end =
                start + body[start..].find("</script>\n").expect("closed") + "</script>\n".len();
            format!("{}{}", &body[..start], &body[end..])
        }
        None => body.to_string(),
    }
}

/// Waits up to 10 s for `done`.
fn eventually(what: &str, done: impl FnMut() -> bool) {
    eventually_within(what, 10, done);
}

/// Waits up to `seconds` for `done`.
fn eventually_within(what: &str, seconds: u64, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(
            started.elapsed() < Duration::from_secs(seconds),
            "{what}: timed out"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn site() -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/guide/01-first.md",
        "---\ntitle: First\n---\n\n## Start\n\nOriginal text.\n",
    );
    f
}

#[test]
fn serves_pages_with_the_reload_script_and_the_same_bytes_as_build() {
    let f = site();
    let p = start(&f, &[]);
    assert!(p.addr.starts_with("127.0.0.1:"), "{}", p.addr);
    let (status, head, body) = get(&p.addr, "/guide/first/");
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("text/html; charset=utf-8"), "{head}");
    assert!(head.contains("no-store"), "{head}");
    assert!(body.contains("<script src=\"/__safeguard/live.js?v=1\" defer></script>\n</body>"));
    // Apart from the script, what is served is what `build` writes.
    f.build().ok();
    let built = f.read("output/guide/first/index.html");
    assert_eq!(strip_live(&body), built);
    assert!(
        !built.contains("__safeguard"),
        "build output has no preview script"
    );

    let (status, head, _) = get(&p.addr, "/guide/first");
    assert_eq!(status, 301);
    assert!(head.contains("Location: /guide/first/"), "{head}");
    let (status, head, _) = get(&p.addr, "/style.css");
    assert_eq!(status, 200);
    assert!(head.contains("text/css"), "{head}");
    let (status, _, body) = get(&p.addr, "/__safeguard/live.js");
    assert_eq!(status, 200);
    assert!(body.contains("EventSource"));
    let (status, _, body) = get(&p.addr, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the theme's 404 page");
}

#[test]
fn requests_outside_the_site_are_refused() {
    let f = site();
    std::fs::write(f.root().join("secret.txt"), "do not serve").unwrap();
    let p = start(&f, &[]);
    for path in [
        "/../secret.txt",
        "/guide/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "//etc/passwd",
        "/..%5csecret.txt",
    ] {
        let (status, _, body) = get(&p.addr, path);
        assert!(status == 403 || status == 404, "{path}: {status}");
        assert!(!body.contains("do not serve"), "{path} escaped the site");
    }
    // The site's own sources are not served either: only the built site is.
    let (status, _, _) = get(&p.addr, "/site.yaml");
    assert_eq!(status, 404);
}

#[test]
fn an_edit_reloads_open_tabs_and_an_error_shows_until_fixed() {
    let f = site();
    let p = start(&f, &[]);
    let seen = events(&p.addr);

    f.write(
        "content/guide/01-first.md",
        "---\ntitle: First\n---\n\n## Start\n\nEdited text.\n",
    );
    wait_for("a reload", &seen, "event: reload");
    let (_, _, body) = get(&p.addr, "/guide/first/");
    assert!(body.contains("Edited text."), "served page is stale");
    // A tab served before that edit, whose stream was away, is told to reload at once.
    assert!(body.contains("live.js?v=2"), "{body}");
    let mut s = TcpStream::connect(&p.addr).unwrap();
    write!(
        s,
        // The preview answers only to its own address (tests/hostile_serve.rs).
        "GET /__safeguard/events?since=1 HTTP/1.1\r\nHost: {}\r\n\r\n",
        p.addr
    )
    .unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut buf = [0u8; 512];
    let mut got = String::new();
    while !got.contains("event: reload") {
        let n = s.read(&mut buf).expect("a reload for the missed build");
        assert!(n > 0, "{got}");
        got.push_str(&String::from_utf8_lossy(&buf[..n]));
    }

    // A broken save: the overlay gets every message, the last good build stays.
    f.write(
        "content/guide/01-first.md",
        "---\ntitle: First\ntitel: oops\n---\n\nBroken.\n",
    );
    let text = wait_for("a failure", &seen, "event: failed");
    assert!(
        text.contains("content/guide/01-first.md:3:1: error: `titel` is not a key"),
        "{text}"
    );
    let (status, _, body) = get(&p.addr, "/guide/first/");
    assert_eq!(status, 200, "the server keeps running");
    assert!(body.contains("Edited text."));
    // A tab opened now hears about the failure at once.
    let late = events(&p.addr);
    wait_for("the current failure", &late, "event: failed");

    f.write(
        "content/guide/01-first.md",
        "---\ntitle: First\n---\n\n## Start\n\nFixed text.\n",
    );
    wait_for("the all-clear", &seen, "event: ok");
    let (_, _, body) = get(&p.addr, "/guide/first/");
    assert!(body.contains("Fixed text."));
    let out = p.stdout.lock().unwrap().clone();
    assert!(
        out.contains("Change to content/guide/01-first.md: rebuilt in"),
        "{out}"
    );
    // A change to the body alone re-renders that page and the search page (whose
    // index changed with it), nothing else.
    assert!(
        out.contains("re-rendered 2 pages (guide/first/, search/);"),
        "{out}"
    );
    assert!(out.contains("the build failed"), "{out}");
    // The preview writes no output folder, so its messages speak of the preview.
    let err = p.stderr.lock().unwrap().clone();
    assert!(
        err.contains(
            "1 error and 0 warnings; the preview shows what is listed above until it is fixed"
        ),
        "{err}"
    );
    assert!(!err.contains("output folder"), "{err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn a_page_saved_in_another_encoding_is_reported_and_recovers_when_fixed() {
    let f = site();
    let p = start(&f, &[]);
    let seen = events(&p.addr);
    // Latin-1 "café": the file was read before, so only it is read again.
    f.write_bytes(
        "content/guide/01-first.md",
        b"---\ntitle: First\n---\n\ncaf\xe9\n",
    );
    let text = wait_for("a failure", &seen, "event: failed");
    assert!(
        text.contains("content/guide/01-first.md:5:4: error: is not UTF-8 text"),
        "{text}"
    );
    f.write(
        "content/guide/01-first.md",
        "---\ntitle: First\n---\n\n## Start\n\nCafé, saved as UTF-8.\n",
    );
    wait_for("the all-clear", &seen, "event: ok");
    let (_, _, body) = get(&p.addr, "/guide/first/");
    assert!(body.contains("Café, saved as UTF-8."), "{body}");
}

#[test]
fn a_stylesheet_change_swaps_stylesheets_without_a_reload() {
    let f = site();
    f.write("static/extra.css", "p { color: black; }\n");
    let p = start(&f, &[]);
    let seen = events(&p.addr);
    f.write("static/extra.css", "p { color: #212b32; }\n");
    let text = wait_for("a stylesheet swap", &seen, "event: css");
    assert!(!text.contains("event: reload"), "{text}");
}

#[test]
fn new_folders_and_deleted_pages_are_picked_up() {
    new_folders_and_deleted_pages(&[]);
}

#[test]
fn polling_picks_up_edits_new_folders_and_deletions() {
    // For network drives, which send no notifications; the edit keeps size and time
    // close, so only the contents tell.
    let f = site();
    let p = start(&f, &["--poll"]);
    assert!(
        p.stdout
            .lock()
            .unwrap()
            .contains("looking for changes every half second"),
        "{}",
        p.stdout.lock().unwrap()
    );
    let seen = events(&p.addr);
    f.write(
        "content/guide/01-first.md",
        "---\ntitle: First\n---\n\n## Start\n\nPolled text.\n",
    );
    wait_for("a reload", &seen, "event: reload");
    assert!(get(&p.addr, "/guide/first/").2.contains("Polled text."));
    drop(p);
    new_folders_and_deleted_pages(&["--poll"]);
}

fn new_folders_and_deleted_pages(args: &[&str]) {
    let f = site();
    let p = start(&f, args);
    let seen = events(&p.addr);
    f.write(
        "content/new/deep/page.md",
        "---\ntitle: New page\n---\n\nHello.\n",
    );
    eventually("the new page is served", || {
        get(&p.addr, "/new/deep/page/").0 == 200
    });
    f.remove("content/new/deep/page.md");
    eventually("the deleted page is gone", || {
        get(&p.addr, "/new/deep/page/").0 == 404
    });
    wait_for("a reload", &seen, "event: reload");
}

#[test]
fn a_root_that_is_not_a_folder_is_an_error_that_says_so() {
    let f = site();
    let missing = f.path("no-such-site");
    let out = Command::new(env!("CARGO_BIN_EXE_safeguard"))
        .args(["serve", "--root"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no-such-site is not a folder: pass the site's folder"),
        "{stderr}"
    );
}

#[test]
fn binding_beyond_loopback_warns_and_a_busy_port_is_an_error() {
    let f = site();
    let p = start(&f, &["--bind", "0.0.0.0"]);
    let started = Instant::now();
    while !p
        .stderr
        .lock()
        .unwrap()
        .contains("warning: serving on 0.0.0.0")
    {
        assert!(started.elapsed() < Duration::from_secs(10), "no warning");
        std::thread::sleep(Duration::from_millis(20));
    }
    let port = p.addr.rsplit(':').next().unwrap().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_safeguard"))
        .args(["serve", "--root"])
        .arg(f.root())
        .args(["--port", &port, "--bind", "0.0.0.0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot listen on"), "{stderr}");
}

/// Every file a fresh `build` writes, with the bytes the preview serves for it.
fn served_matches_fresh_build(
    f: &Fixture,
    p: &Preview,
    out: &std::path::Path,
) -> Result<(), String> {
    served_matches_fresh_build_but(f, p, out, &[])
}

/// [`served_matches_fresh_build`], but for the output paths in `except`.
fn served_matches_fresh_build_but(
    f: &Fixture,
    p: &Preview,
    out: &std::path::Path,
    except: &[&str],
) -> Result<(), String> {
    let run = common::run_binary(
        &[
            "build",
            "--root",
            f.root().to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
            "--as-of",
            "2026-11-22",
        ],
        None,
    );
    if run.code != 0 {
        return Err(format!("fresh build failed: {}", run.stderr));
    }
    // The manifest lists each file excepted, with its digest.
    let unlisted = |json: &[u8]| -> Option<serde_json::Value> {
        let mut manifest: serde_json::Value = serde_json::from_slice(json).ok()?;
        manifest
            .get_mut("outputs")?
            .as_array_mut()?
            .retain(|o| !except.contains(&o["path"].as_str().unwrap_or_default()));
        Some(manifest)
    };
    for (rel, (bytes, _)) in common::snapshot(out) {
        if except.contains(&rel.as_str()) {
            continue;
        }
        if !except.is_empty() && rel == "manifest.json" {
            let served = unlisted(&get_bytes(&p.addr, "/manifest.json").2);
            if served.is_none() || served != unlisted(&bytes) {
                return Err("/manifest.json differs from a fresh build's".to_string());
            }
            continue;
        }
        let url = if rel == "index.html" {
            "/".to_string()
        } else if let Some(dir) = rel.strip_suffix("index.html") {
            format!("/{dir}")
        } else {
            format!("/{rel}")
        };
        let (status, _, body) = get_bytes(&p.addr, &url);
        // Pages carry the preview's script; other files are served as they are.
        let body = match rel.ends_with(".html") {
            true => strip_live(&String::from_utf8_lossy(&body)).into_bytes(),
            false => body,
        };
        if status != 200 || body != bytes {
            let (served, built) = (
                String::from_utf8_lossy(&body),
                String::from_utf8_lossy(&bytes),
            );
            let first = served
                .lines()
                .zip(built.lines())
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("\n  served: {a}\n  built:  {b}"))
                .unwrap_or_default();
            return Err(format!(
                "{url}: served {status}, differs from a fresh build{first}"
            ));
        }
    }
    Ok(())
}

#[test]
fn after_random_edits_the_preview_serves_what_a_fresh_build_writes() {
    let f = site();
    f.write(
        "content/glossary.yaml",
        "kind: glossary\nterms:\n  LSCB: Local Safeguarding Children Board\n",
    );
    // A module from the start, so the folder's print page is there to be kept right.
    f.write(
        "content/guide/page-0.md",
        "---\ntitle: Page 0\ntype: module\n---\n\n## Part\n\nThe LSCB.\n",
    );
    // A report numbers its tables and lists them at its front, after every rebuild.
    f.write(
        "content/guide/report.md",
        "---\ntitle: Report\ntype: report\nreport:\n  kind: other\n---\n\n| A |\n|---|\n| 1 |\n\nTable: Counts\n",
    );
    let p = start(&f, &[]);
    let out = tempfile::tempdir().unwrap();
    let mut seed: u64 = 0x5eed_cafe;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    for round in 0..12 {
        // A burst of edits of different kinds, as an author makes them.
        for _ in 0..1 + next(3) {
            let k = next(4);
            match next(8) {
                0 | 1 => {
                    f.write(
                        &format!("content/guide/page-{k}.md"),
                        // Even pages are modules: their folder gets a print page too.
                        &format!("---\ntitle: Page {k} r{round}\nweight: {}\n{}---\n\n## Part\n\nThe LSCB, round {round}. See [first](01-first.md#start).\n", next(5), if k % 2 == 0 { "type: module\n" } else { "" }),
                    );
                }
                2 => {
                    let _ = std::fs::remove_file(f.path(&format!("content/guide/page-{k}.md")));
                }
                3 => {
                    f.write(
                        "content/glossary.yaml",
                        &format!("kind: glossary\nterms:\n  LSCB: Local Safeguarding Children Board, round {round}\n  MASH: Multi-Agency Safeguarding Hub\n"),
                    );
                }
                4 => {
                    f.write(
                        "templates/partials/meta.html",
                        &format!("<p class=\"meta\">Round {round}</p>\n"),
                    );
                }
                5 => {
                    // A folder moved in whole: the watcher names the folder, not the
                    // pages inside it.
                    let staged = format!("staging/part-{round}");
                    f.write(
                        &format!("{staged}/a.md"),
                        &format!("---\ntitle: Moved in {round}\n---\n\nRound {round}.\n"),
                    );
                    let _ = std::fs::remove_dir_all(f.path("content/guide/part"));
                    std::fs::rename(f.path(&staged), f.path("content/guide/part")).unwrap();
                }
                6 => {
                    let _ = std::fs::remove_dir_all(f.path("content/guide/part"));
                }
                _ => {
                    // An atomic save: write a temporary file, then rename it over.
                    let tmp = f.path("content/guide/.01-first.md.swp");
                    std::fs::write(&tmp, format!("---\ntitle: First\n---\n\n## Start\n\nSaved atomically in round {round}.\n")).unwrap();
                    std::fs::rename(&tmp, f.path("content/guide/01-first.md")).unwrap();
                }
            }
        }
        let started = Instant::now();
        loop {
            // And nothing a fresh build would not make is served.
            let stale = (0..4).find(|k| {
                !f.exists(&format!("content/guide/page-{k}.md"))
                    && get(&p.addr, &format!("/guide/page-{k}/")).0 != 404
            });
            let result = match stale {
                Some(k) => Err(format!("deleted page-{k} is still served")),
                None => served_matches_fresh_build(&f, &p, out.path()),
            };
            match result {
                Ok(()) => break,
                Err(e) => {
                    assert!(
                        started.elapsed() < Duration::from_secs(15),
                        "round {round}: {e}\nstdout:\n{}\nstderr:\n{}",
                        p.stdout.lock().unwrap(),
                        p.stderr.lock().unwrap()
                    );
                    std::thread::sleep(Duration::from_millis(30));
                }
            }
        }
    }
}

#[test]
fn a_link_the_last_build_resolved_is_checked_again_when_what_it_leads_to_changes() {
    // serve keeps the links of pages an edit cannot affect as the last model
    // resolved them: a link into a page whose heading is renamed must not be one.
    let f = site();
    f.write(
        "content/guide/02-second.md",
        "---\ntitle: Second\n---\n\nSee [where to start](01-first.md#start).\n",
    );
    let p = start(&f, &[]);
    let seen = events(&p.addr);
    // The text alone: the link still leads where it did.
    f.write(
        "content/guide/01-first.md",
        "---\ntitle: First\n---\n\n## Start\n\nOther text.\n",
    );
    wait_for("a reload", &seen, "event: reload");
    eventually("the edit served", || {
        get(&p.addr, "/guide/first/").2.contains("Other text.")
    });
    // The heading it leads to renamed: the page that links to it is wrong now.
    f.write(
        "content/guide/01-first.md",
        "---\ntitle: First\n---\n\n## Begin\n\nOther text.\n",
    );
    let text = wait_for("a failure", &seen, "event: failed");
    assert!(
        text.contains("content/guide/02-second.md:5:5: error:") && text.contains("#start"),
        "{text}"
    );
    // Put back, and the failure clears; the link is served pointing at the heading.
    f.write(
        "content/guide/01-first.md",
        "---\ntitle: First\n---\n\n## Start\n\nOther text.\n",
    );
    wait_for("the all-clear", &seen, "event: ok");
    let (_, _, body) = get(&p.addr, "/guide/second/");
    assert!(body.contains("href=\"../../guide/first/#start\""), "{body}");
}

/// Copies this repository's example site (its settings and sources) into `f`.
fn copy_example(f: &Fixture) {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("site.yaml"), f.path("site.yaml")).unwrap();
    common::copy_dir(&repo.join("content"), &f.path("content"));
}

/// Waits up to a minute for the preview of the example site to serve what a fresh
/// build writes (but for the page for a missing address, which links from the
/// preview's own root, not the site's base path).
fn until_example_matches(f: &Fixture, p: &Preview, out: &std::path::Path, what: &str) {
    let started = Instant::now();
    while let Err(e) = served_matches_fresh_build_but(f, p, out, &["404.html"]) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{what}: {e}\nstdout:\n{}",
            p.stdout.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn an_edit_to_a_body_leaves_only_what_did_not_read_it_and_the_preview_matches_a_fresh_build() {
    // serve takes every page, PDF and download whose making read no edited body as
    // the last build made it. A body is read by more than its own page: the board
    // pack holds its papers, the course's PDF its modules, the search index every
    // page. After an edit to each of these, every file served must be what a fresh
    // build writes.
    let f = Fixture::bare();
    copy_example(&f);
    let p = start(&f, &[]);
    let out = tempfile::tempdir().unwrap();
    let edits = [
        // On the meeting's agenda: in the board pack.
        (
            "content/papers/2016-09-section-11-audit.md",
            "papers/2016-09-section-11-audit/",
        ),
        // A module of the course, whose print page has a PDF.
        (
            "content/training/02-roles-and-accountability.md",
            "training/roles-and-accountability/",
        ),
        // A report with a PDF and embedded figures.
        (
            "content/reports/2024-25-partnership-yearly-report.md",
            "reports/2024-25-partnership-yearly-report/",
        ),
        (
            "content/meetings/2016-09-13-quality-and-safety-committee.md",
            "meetings/2016-09-13-quality-and-safety-committee/",
        ),
        ("content/about.md", "about/"),
        // The section a course's print page starts with.
        ("content/training/_index.md", "training/"),
    ];
    for (round, (source, url)) in edits.iter().enumerate() {
        let marker = format!("Added in round {round} of this test.");
        let text = f.read(source);
        f.write(source, &format!("{text}\n{marker}\n"));
        eventually_within(&format!("{url} shows round {round}"), 60, || {
            get(&p.addr, &format!("/{url}")).2.contains(&marker)
        });
        // The rebuild's line is printed once its files are served.
        let change = format!("Change to {source}:");
        eventually_within(&format!("the line of round {round}"), 60, || {
            p.stdout.lock().unwrap().contains(&change)
        });
        let said = p.stdout.lock().unwrap().clone();
        let line = said
            .lines()
            .find(|l| l.starts_with(&change))
            .unwrap_or_default();
        assert!(line.contains(url), "round {round}: {line}");
        until_example_matches(&f, &p, out.path(), &format!("round {round}, {source}"));
    }
    // A figure changed: the downloads made from the figures are made again.
    let csv = "content/figures/training-2025-26.csv";
    let before = get(&p.addr, "/figures/training-compliance/training.csv").2;
    let text = f.read(csv).replacen(
        "2025-26 Q1,black-country-icb,Board,children,board,13,11,",
        "2025-26 Q1,black-country-icb,Board,children,board,13,12,",
        1,
    );
    f.write(csv, &text);
    eventually_within("the training download shows the new count", 60, || {
        get(&p.addr, "/figures/training-compliance/training.csv").2 != before
    });
    until_example_matches(&f, &p, out.path(), "after the figure's edit");
}

#[test]
fn a_page_a_theme_stops_and_starts_making_again_is_not_served_as_it_was_before() {
    // A course's print page with a PDF is taken by what it read, and only the theme
    // decides whether it is made at all. Take its template away, edit a module,
    // put the template back: the print page must show the edit, not the print page
    // of two builds before.
    let f = Fixture::new();
    f.write(
        "site.yaml",
        &format!("{}theme: own\n", common::MINIMAL_CONFIG),
    );
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    common::copy_dir(&repo.join("themes/default"), &f.path("themes/own"));
    f.write(
        "content/course/_index.md",
        "---\ntitle: Course\npdf: true\n---\n\nThe course.\n",
    );
    f.write(
        "content/course/01-first.md",
        "---\ntitle: First\ntype: module\n---\n\n## Part\n\nOriginal words.\n",
    );
    let p = start(&f, &[]);
    let print = |p: &Preview| get(&p.addr, "/course/print/");
    eventually_within("the print page", 60, || {
        print(&p).2.contains("Original words.")
    });
    let template = f.path("themes/own/templates/print.html");
    let away = tempfile::tempdir().unwrap();
    std::fs::rename(&template, away.path().join("print.html")).unwrap();
    eventually_within("the print page gone", 60, || print(&p).0 == 404);
    f.write(
        "content/course/01-first.md",
        "---\ntitle: First\ntype: module\n---\n\n## Part\n\nNew words.\n",
    );
    eventually_within("the edit", 60, || {
        get(&p.addr, "/course/first/").2.contains("New words.")
    });
    std::fs::rename(away.path().join("print.html"), &template).unwrap();
    eventually_within("the print page back, with the edit", 60, || {
        print(&p).2.contains("New words.")
    });
    let (_, _, pdf) = get_bytes(&p.addr, "/course/print/course.pdf");
    assert!(pdf.starts_with(b"%PDF"), "the course's PDF is served again");
}
