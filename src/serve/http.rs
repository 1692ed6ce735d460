//! Requests to responses: pretty URLs over the in-memory output plan, content types,
//! the theme's 404 page, the live-reload script and event stream, and refusal of
//! any path that tries to leave the site and of any request made for another site.

use std::borrow::Cow;
use std::io::Write;
use std::net::IpAddr;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use tiny_http::{Header, Request, Response, StatusCode};

use super::{LIVE_JS, Shared};

/// The type of the preview's own messages (a refusal, a redirect, `Not found`).
const MESSAGE: &str = "text/plain; charset=utf-8";

/// Where the preview's own files live; no site can publish a folder of this name.
pub const PREFIX: &str = "/__safeguard/";

/// The addresses a request may name as its `Host` (and `Origin`): the preview serves
/// drafts and private pages, so a page of another site must not read them, even when
/// its name has been pointed at this machine (DNS rebinding).
pub struct Guard {
    /// The address the server is bound to (`--bind`).
    pub bind: IpAddr,
}

impl Guard {
    /// Whether `host` (a `Host` header's value, or an origin's host and port) names
    /// this server. A loopback name or the bound address is the server whatever the
    /// port (an SSH tunnel or port forward changes the port, never the name); a name
    /// that only DNS can resolve could be anyone's, so none is accepted.
    pub fn allows_host(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        if port.is_some_and(|p| p.is_empty() || p.parse::<u16>().is_err()) {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let literal = name
            .strip_prefix('[')
            .and_then(|n| n.strip_suffix(']'))
            .unwrap_or(name);
        let Ok(ip) = literal.parse::<IpAddr>() else {
            return false;
        };
        // An IPv6 address must be bracketed in a Host, or its colons would read as a port.
        if ip.is_ipv6() != name.starts_with('[') {
            return false;
        }
        // Bound to every interface (0.0.0.0, ::): any of the machine's addresses may be
        // in the bar. An address typed by the user cannot be rebound by another site.
        ip.is_loopback() || ip == self.bind || self.bind.is_unspecified()
    }

    /// Why a request is refused, if it is: a `Host` that is not this server, or a
    /// page of another site (by `Origin`, or the browser's `Sec-Fetch-Site`) asking
    /// for something it could then read.
    pub fn refusal(&self, request: &Request) -> Option<&'static str> {
        fn values<'a>(request: &'a Request, name: &'static str) -> Vec<&'a str> {
            request
                .headers()
                .iter()
                .filter(|h| h.field.equiv(name))
                .map(|h| h.value.as_str().trim())
                .collect()
        }
        // Two Host headers could be read differently by a proxy and by us.
        match values(request, "Host").as_slice() {
            [host] if self.allows_host(host) => {}
            [] => {
                return Some(
                    "Refused: the request names no Host. Open the address safeguard printed.\n",
                );
            }
            _ => {
                return Some(
                    "Refused: this preview only answers to the address it printed (localhost or its own address), not to another site's name. Open the address safeguard printed.\n",
                );
            }
        }
        for origin in values(request, "Origin") {
            let host = origin.strip_prefix("http://");
            if !host.is_some_and(|h| !h.contains('/') && self.allows_host(h)) {
                return Some(
                    "Refused: a page of another site asked for this preview's content. Open the address safeguard printed.\n",
                );
            }
        }
        // A browser says where a request comes from even where it sends no Origin (a
        // <script> or <img> of another page). Following a link is fine: the page that
        // linked cannot read what opens.
        let site = values(request, "Sec-Fetch-Site");
        let navigate = values(request, "Sec-Fetch-Mode")
            .iter()
            .all(|m| *m == "navigate");
        if site.iter().any(|s| !matches!(*s, "same-origin" | "none")) && !navigate {
            return Some(
                "Refused: a page of another site asked for this preview's content. Open the address safeguard printed.\n",
            );
        }
        None
    }
}

/// A host and its port, if any: `name:80`, `[::1]:80`, `[::1]`.
fn split_host(host: &str) -> Option<(&str, Option<&str>)> {
    if host.is_empty() {
        return None;
    }
    if host.starts_with('[') {
        let end = host.find(']')?;
        let (name, rest) = host.split_at(end + 1);
        return match rest {
            "" => Some((name, None)),
            _ => Some((name, Some(rest.strip_prefix(':')?))),
        };
    }
    match host.split_once(':') {
        Some((name, port)) => Some((name, Some(port))),
        None => Some((host, None)),
    }
}

pub fn handle(request: Request, shared: &Shared, guard: &Guard) {
    if let Some(why) = guard.refusal(&request) {
        let _ = request.respond(bytes(403, why.as_bytes().to_vec(), MESSAGE));
        return;
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let response = match path {
        "/__safeguard/live.js" => Some(bytes(
            200,
            LIVE_JS.as_bytes().to_vec(),
            "text/javascript; charset=utf-8",
        )),
        "/__safeguard/events" => {
            // The version the tab last saw: from the stream it had (Last-Event-ID),
            // else from the page it was served (`?since=`).
            let header = request
                .headers()
                .iter()
                .find(|h| h.field.equiv("Last-Event-ID"))
                .and_then(|h| h.value.as_str().trim().parse().ok());
            let query = url
                .split_once("since=")
                .and_then(|(_, v)| v.split('&').next())
                .and_then(|v| v.parse().ok());
            let events = shared.subscribe(header.or(query));
            stream_events(request.into_writer(), events);
            return;
        }
        _ => None,
    };
    let response = response.unwrap_or_else(|| page(path, shared));
    let _ = request.respond(response);
}

/// A path of the site: `/a/b/` is `a/b/index.html`; `/a/b` redirects to `/a/b/`
/// when that is a page.
fn page(raw: &str, shared: &Shared) -> Response<std::io::Cursor<Vec<u8>>> {
    let Some(rel) = site_path(raw) else {
        return bytes(
            403,
            b"Refused: the path leaves the site.\n".to_vec(),
            MESSAGE,
        );
    };
    let state = shared.state.read().unwrap_or_else(|p| p.into_inner());
    let plan = &state.plan;
    let version = state.version;
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.clone()
    };
    if let Some(body) = plan.get(&file) {
        let body = if file.ends_with(".html") {
            inject(body, version)
        } else {
            body.to_vec()
        };
        return bytes(200, body, &content_type(&file));
    }
    if plan.contains_key(&format!("{rel}/index.html")) {
        let mut r = bytes(301, Vec::new(), MESSAGE);
        // A header is ASCII: a folder named in any other script is percent-encoded.
        let location = utf8_percent_encode(&rel, PATH).to_string();
        if let Some(h) = header("Location", &format!("/{location}/")) {
            r.add_header(h);
        }
        return r;
    }
    match plan.get("404.html") {
        Some(body) => bytes(404, inject(body, version), "text/html; charset=utf-8"),
        None => bytes(404, b"Not found\n".to_vec(), MESSAGE),
    }
}

/// What a path segment may not hold as it is, in a `Location` (RFC 3986 `pchar`
/// plus `/`); anything not ASCII is always encoded.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The site-relative path of a request path, decoded; `None` if it tries to leave
/// the site (`..`, encoded or not), names an absolute or Windows path, is not UTF-8,
/// or holds a `%` that starts no escape.
pub fn site_path(raw: &str) -> Option<String> {
    // The decoder passes a stray `%` through as it is; a path with one is not a
    // path any page links to.
    let b = raw.as_bytes();
    for (i, _) in raw.match_indices('%') {
        if !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
        {
            return None;
        }
    }
    let decoded = percent_decode_str(raw).decode_utf8().ok()?;
    if !decoded.starts_with('/')
        || decoded.contains('\\')
        || decoded.chars().any(crate::diagnostics::is_unprintable)
    {
        return None;
    }
    let rel = &decoded[1..];
    if rel.starts_with('/') {
        return None;
    }
    for segment in rel.split('/') {
        if segment == ".." || segment == "." || segment.contains(':') {
            return None;
        }
    }
    Some(rel.to_string())
}

/// Adds the live-reload script to a page: only the preview does this, never `build`.
fn inject(html: &[u8], version: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{PREFIX}live.js?v={version}\" defer></script>\n");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => {
            let mut out = String::with_capacity(text.len() + tag.len());
            out.push_str(&text[..i]);
            out.push_str(&tag);
            out.push_str(&text[i..]);
            out.into_bytes()
        }
        None => {
            let mut out = html.to_vec();
            out.extend_from_slice(tag.as_bytes());
            out
        }
    }
}

/// The `Content-Type` of a file, by its name (mime_guess's table); every text file
/// of a site is UTF-8, and says so.
pub fn content_type(path: &str) -> Cow<'static, str> {
    let kind = match mime_guess::from_path(path).first_raw() {
        // The table still names these two by their obsolete types (RFC 9239, RFC 8081).
        Some("application/javascript") => "text/javascript",
        Some("application/font-woff") => "font/woff",
        Some(kind) => kind,
        None => "application/octet-stream",
    };
    if kind.starts_with("text/") {
        Cow::Owned(format!("{kind}; charset=utf-8"))
    } else {
        Cow::Borrowed(kind)
    }
}

/// A header from our own ASCII text; one that could not be a header (never the
/// case for the values made here) is left out rather than a panic.
fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn bytes(status: u16, body: Vec<u8>, kind: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut r = Response::from_data(body).with_status_code(StatusCode(status));
    for (name, value) in [
        ("Content-Type", kind),
        // A preview must never show a stale page.
        ("Cache-Control", "no-store"),
        // Another site's page may not embed what we serve as a script, image or
        // style (where its request carries no Origin to refuse), nor have a file
        // read as another type than the one we say.
        ("Cross-Origin-Resource-Policy", "same-origin"),
        ("X-Content-Type-Options", "nosniff"),
    ] {
        if let Some(h) = header(name, value) {
            r.add_header(h);
        }
    }
    r
}

/// A Server-Sent Events stream fed by `events`, written straight to the socket so
/// each event leaves at once; a comment every 15 s keeps it open and notices when
/// the tab has gone.
fn stream_events(mut out: Box<dyn Write + Send>, events: Receiver<String>) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nCross-Origin-Resource-Policy: same-origin\r\nConnection: close\r\n\r\nretry: 500\n: connected\n\n";
    if out
        .write_all(head.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match events.recv_timeout(Duration::from_secs(15)) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if out
            .write_all(message.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        assert_eq!(site_path("/a/b/").as_deref(), Some("a/b/"));
        assert_eq!(site_path("/caf%C3%A9/").as_deref(), Some("café/"));
        for bad in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "//etc/passwd",
            "/a\\..\\b",
            "/c:/windows",
            "/%00",
            "/%zz",
            "relative",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn content_types_name_text_as_utf_8() {
        for (path, kind) in [
            ("index.html", "text/html; charset=utf-8"),
            ("a/STYLE.CSS", "text/css; charset=utf-8"),
            ("search/w-0123456789.js", "text/javascript; charset=utf-8"),
            ("a.mjs", "text/javascript; charset=utf-8"),
            ("audit.csv", "text/csv; charset=utf-8"),
            ("sitemap.xml", "text/xml; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("audit.json", "application/json"),
            ("favicon.svg", "image/svg+xml"),
            ("a.woff", "font/woff"),
            ("a.woff2", "font/woff2"),
            ("report.pdf", "application/pdf"),
            ("LICENSE", "application/octet-stream"),
        ] {
            assert_eq!(content_type(path), kind, "{path}");
        }
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>", 7)).unwrap();
        assert!(
            out.ends_with(
                "<script src=\"/__safeguard/live.js?v=7\" defer></script>\n</body></html>"
            )
        );
    }
}
