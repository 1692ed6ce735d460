//! `safeguard serve` under hostile requests: other sites' names (DNS rebinding),
//! other sites' pages, paths no page links to, and requests that are not HTTP at all.
//! The preview serves drafts and private pages, so nothing of them may leave it for
//! another site, and no request may stop it.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::Fixture;
use common::preview::{Preview, start};

/// Text of the fixture's pages: a refused response must hold none of it.
const SECRET: &str = "Private safeguarding detail";

impl Preview {
    fn port(&self) -> &str {
        self.addr.rsplit(':').next().unwrap()
    }

    /// The server still answers a good request, and has not panicked.
    fn assert_alive(&self) {
        let (status, _, body) = self.get("/guide/first/", &[]);
        assert_eq!(status, 200, "the preview stopped answering");
        assert!(body.contains(SECRET));
        let stderr = self.stderr.lock().unwrap();
        assert!(!stderr.contains("panicked"), "{stderr}");
    }

    /// A GET with a good Host and `extra` header lines.
    fn get(&self, path: &str, extra: &[&str]) -> (u16, String, String) {
        let mut req = format!("GET {path} HTTP/1.1\r\nHost: {}\r\n", self.addr);
        for h in extra {
            req.push_str(h);
            req.push_str("\r\n");
        }
        req.push_str("Connection: close\r\n\r\n");
        self.raw(req.as_bytes())
    }

    /// Sends `bytes` as they are; the status (0 when the server answered nothing),
    /// head and body of what came back.
    fn raw(&self, bytes: &[u8]) -> (u16, String, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        // The server may close before reading everything we send: that is fine.
        let _ = s.write_all(bytes);
        let _ = s.shutdown(std::net::Shutdown::Write);
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head.split(' ').nth(1).unwrap_or("0").parse().unwrap_or(0);
        (status, head.to_string(), body.to_string())
    }
}

fn site() -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/guide/01-first.md",
        &format!("---\ntitle: First\n---\n\n## Start\n\n{SECRET}.\n"),
    );
    f.write(
        "content/café/_index.md",
        &format!("---\ntitle: Café\n---\n\n{SECRET} in a café.\n"),
    );
    f.write(
        "content/безпека/_index.md",
        &format!("---\ntitle: Безпека\n---\n\n{SECRET}.\n"),
    );
    f
}

/// A refusal: 403 (or 421), plain text saying why, and nothing of the site.
fn assert_refused(what: &str, (status, head, body): (u16, String, String)) {
    assert!(status == 403 || status == 421, "{what}: {status}\n{head}");
    assert!(head.contains("text/plain"), "{what}: {head}");
    assert!(body.starts_with("Refused: "), "{what}: {body}");
    assert!(!body.contains(SECRET), "{what}: the page leaked");
    assert!(!body.contains("<html"), "{what}: {body}");
}

#[test]
fn another_sites_name_in_host_is_refused_with_nothing_of_the_site() {
    let f = site();
    let p = start(&f, &[]);
    let port = p.port().to_string();
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        // A name that resolves to loopback only through someone's DNS.
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost.evil.example:{port}"),
        "127.0.0.2.evil".to_string(),
        format!("localhost:{port}@evil.example"),
        "localhost:notaport".to_string(),
        "localhost:".to_string(),
        "[::1".to_string(),
        "::1".to_string(),
        "".to_string(),
        "x".repeat(10_000),
    ] {
        let req =
            format!("GET /guide/first/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        assert_refused(&format!("Host: {host:.40}"), p.raw(req.as_bytes()));
    }
    p.assert_alive();
}

#[test]
fn the_event_stream_and_the_live_script_are_refused_to_another_sites_name() {
    let f = site();
    let p = start(&f, &[]);
    for path in [
        "/__safeguard/events",
        "/__safeguard/live.js",
        "/",
        "/style.css",
    ] {
        let req =
            format!("GET {path} HTTP/1.1\r\nHost: rebind.example\r\nConnection: close\r\n\r\n");
        let (status, head, body) = p.raw(req.as_bytes());
        assert_refused(path, (status, head.clone(), body.clone()));
        assert!(!head.contains("event-stream"), "{path}: {head}");
        assert!(!body.contains("connected"), "{path}: {body}");
    }
    p.assert_alive();
}

#[test]
fn loopback_names_and_the_printed_address_are_served() {
    let f = site();
    let p = start(&f, &[]);
    let port = p.port().to_string();
    for host in [
        p.addr.clone(),
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{port}"),
        "[::1]".to_string(),
        format!("[::1]:{port}"),
        // Through an SSH tunnel or a port forward the port differs; the name is what
        // another site could fake, and these it cannot.
        "localhost:9".to_string(),
    ] {
        let req =
            format!("GET /guide/first/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        let (status, head, body) = p.raw(req.as_bytes());
        assert_eq!(status, 200, "Host: {host}\n{head}");
        assert!(body.contains(SECRET), "Host: {host}");
    }
}

#[test]
fn a_request_without_a_host_or_with_two_is_refused() {
    let f = site();
    let p = start(&f, &[]);
    assert_refused(
        "HTTP/1.0 without Host",
        p.raw(b"GET /guide/first/ HTTP/1.0\r\n\r\n"),
    );
    let two = format!(
        "GET /guide/first/ HTTP/1.1\r\nHost: {}\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
        p.addr
    );
    assert_refused("two Hosts", p.raw(two.as_bytes()));
    p.assert_alive();
}

#[test]
fn another_sites_origin_is_refused_for_the_event_stream_and_pages() {
    let f = site();
    let p = start(&f, &[]);
    let port = p.port().to_string();
    for origin in [
        "http://evil.example".to_string(),
        format!("http://evil.example:{port}"),
        "https://localhost".to_string(),
        "null".to_string(),
        format!("http://localhost:{port}/path"),
        "".to_string(),
    ] {
        for path in [
            "/__safeguard/events",
            "/guide/first/",
            "/search/",
            "/manifest.json",
        ] {
            let what = format!("Origin: {origin} on {path}");
            let (status, head, body) = p.get(path, &[&format!("Origin: {origin}")]);
            assert!(!head.contains("event-stream"), "{what}: {head}");
            assert_refused(&what, (status, head, body));
        }
    }
    p.assert_alive();
}

#[test]
fn the_preview_s_own_origin_is_served() {
    let f = site();
    let p = start(&f, &[]);
    let port = p.port().to_string();
    for origin in [
        format!("http://{}", p.addr),
        format!("http://localhost:{port}"),
    ] {
        let (status, _, body) = p.get("/guide/first/", &[&format!("Origin: {origin}")]);
        assert_eq!(status, 200, "{origin}");
        assert!(body.contains(SECRET));
    }
    // The event stream answers its own pages.
    let mut s = TcpStream::connect(&p.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET /__safeguard/events HTTP/1.1\r\nHost: {0}\r\nOrigin: http://{0}\r\n\r\n",
        p.addr
    )
    .unwrap();
    let mut buf = [0u8; 512];
    let n = s.read(&mut buf).unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).contains("text/event-stream"));
}

#[test]
fn another_sites_script_or_fetch_without_origin_is_refused_but_a_link_is_followed() {
    let f = site();
    let p = start(&f, &[]);
    // A <script src> of another page sends no Origin, but the browser says where it
    // came from: the search index's pieces are scripts, and must not be read so.
    for (site, mode) in [("cross-site", "no-cors"), ("same-site", "cors")] {
        let what = format!("{site} {mode}");
        let r = p.get(
            "/guide/first/",
            &[
                &format!("Sec-Fetch-Site: {site}"),
                &format!("Sec-Fetch-Mode: {mode}"),
            ],
        );
        assert_refused(&what, r);
    }
    // Following a link from elsewhere opens the page: the other page cannot read it.
    let (status, head, body) = p.get(
        "/guide/first/",
        &["Sec-Fetch-Site: cross-site", "Sec-Fetch-Mode: navigate"],
    );
    assert_eq!(status, 200, "{head}");
    assert!(body.contains(SECRET));
    // What is served may not be embedded by another site where no header says so.
    assert!(
        head.contains("Cross-Origin-Resource-Policy: same-origin"),
        "{head}"
    );
    assert!(head.contains("X-Content-Type-Options: nosniff"), "{head}");
}

#[test]
fn a_folder_named_in_any_script_redirects_to_an_ascii_location() {
    let f = site();
    let p = start(&f, &[]);
    for (path, location) in [
        ("/caf%C3%A9", "/caf%C3%A9/"),
        (
            "/%D0%B1%D0%B5%D0%B7%D0%BF%D0%B5%D0%BA%D0%B0",
            "/%D0%B1%D0%B5%D0%B7%D0%BF%D0%B5%D0%BA%D0%B0/",
        ),
    ] {
        let (status, head, _) = p.get(path, &[]);
        assert_eq!(status, 301, "{path}\n{head}");
        assert!(
            head.lines().any(|l| l == format!("Location: {location}")),
            "{path}\n{head}"
        );
        // And the place it redirects to is the page.
        let (status, _, body) = p.get(location, &[]);
        assert_eq!(status, 200, "{location}");
        assert!(body.contains(SECRET));
    }
    p.assert_alive();
}

#[test]
fn paths_no_page_links_to_are_refused_or_not_found_never_a_crash() {
    let f = site();
    let p = start(&f, &[]);
    for path in [
        "/%FF%FE",
        "/caf%C3",
        "/%",
        "/a%2",
        "/%0a",
        "/%1b%5b31m",
        "/%E2%80%AE",
        "/a%00b",
        "/?since=%FF",
        "/__safeguard/events?since=99999999999999999999999",
    ] {
        if path.starts_with("/__safeguard/events") {
            // A stream: read its head only.
            let mut s = TcpStream::connect(&p.addr).unwrap();
            s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            write!(s, "GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", p.addr).unwrap();
            let mut buf = [0u8; 256];
            let n = s.read(&mut buf).unwrap();
            assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
            continue;
        }
        let (status, head, body) = p.get(path, &[]);
        if path.starts_with("/?") {
            assert_eq!(status, 200, "{path}\n{head}");
        } else {
            // Not UTF-8, a stray `%`, or a control character (a newline, an escape, a
            // bidi override) that no file name of a site holds: refused.
            assert_eq!(status, 403, "{path}\n{head}");
            assert!(body.starts_with("Refused: the path"), "{path}: {body}");
        }
    }
    p.assert_alive();
}

#[test]
fn garbage_and_huge_requests_leave_the_server_running() {
    let f = site();
    let p = start(&f, &[]);
    let huge_header = format!(
        "GET / HTTP/1.1\r\nHost: {}\r\nX-Junk: {}\r\n\r\n",
        p.addr,
        "a".repeat(1 << 20)
    );
    let many_headers = format!(
        "GET / HTTP/1.1\r\nHost: {}\r\n{}\r\n",
        p.addr,
        "X-A: b\r\n".repeat(20_000)
    );
    let huge_path = format!(
        "GET /{} HTTP/1.1\r\nHost: {}\r\n\r\n",
        "a/".repeat(100_000),
        p.addr
    );
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("garbage", b"\x00\x01\x02 not http at all\r\n\r\n".to_vec()),
        ("no version", b"GET /\r\n\r\n".to_vec()),
        ("empty line", b"\r\n\r\n".to_vec()),
        (
            "unknown method",
            b"BREW /pot HTTP/1.1\r\nHost: localhost\r\n\r\n".to_vec(),
        ),
        (
            "HTTP/2 preface",
            b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec(),
        ),
        (
            "raw UTF-8 in the path",
            "GET /café HTTP/1.1\r\nHost: localhost\r\n\r\n"
                .as_bytes()
                .to_vec(),
        ),
        (
            "invalid UTF-8 in a header",
            b"GET / HTTP/1.1\r\nHost: localhost\r\nX-A: \xff\xfe\r\n\r\n".to_vec(),
        ),
        (
            "a header without a colon",
            b"GET / HTTP/1.1\r\nHost: localhost\r\nnocolon\r\n\r\n".to_vec(),
        ),
        (
            "absolute URL",
            b"GET http://evil.example/ HTTP/1.1\r\nHost: localhost\r\n\r\n".to_vec(),
        ),
        ("huge header", huge_header.into_bytes()),
        ("many headers", many_headers.into_bytes()),
        ("huge path", huge_path.into_bytes()),
        (
            "cut short",
            b"GET /guide/first/ HTTP/1.1\r\nHost: loc".to_vec(),
        ),
    ];
    for (what, bytes) in cases {
        let (status, _, body) = p.raw(&bytes);
        assert!(
            [0, 400, 403, 404, 405, 417, 431, 501, 505].contains(&status) || status == 200,
            "{what}: {status}"
        );
        if what == "absolute URL" {
            assert!(!body.contains(SECRET), "{what}");
        }
        p.assert_alive();
    }
}

#[test]
fn bound_to_every_interface_an_address_is_served_and_a_name_is_refused() {
    let f = site();
    let p = start(&f, &["--bind", "0.0.0.0"]);
    let port = p.port().to_string();
    let connect = format!("127.0.0.1:{port}");
    let probe = |host: &str| {
        let q = Preview::raw_to(&connect, host);
        (q.0, q.1, q.2)
    };
    let (status, _, body) = probe(&format!("0.0.0.0:{port}"));
    assert_eq!(status, 200);
    assert!(body.contains(SECRET));
    let (status, _, _) = probe(&format!("192.0.2.7:{port}"));
    assert_eq!(status, 200, "any address of the machine");
    assert_refused("a name", probe(&format!("intranet.evil.example:{port}")));
}

impl Preview {
    /// A GET of the fixture's page at `addr` naming `host`.
    fn raw_to(addr: &str, host: &str) -> (u16, String, String) {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "GET /guide/first/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head.split(' ').nth(1).unwrap_or("0").parse().unwrap_or(0);
        (status, head.to_string(), body.to_string())
    }
}
