//! Requests to responses: pretty URLs over the in-memory output plan, content types,
//! the theme's 404 page, the live-reload script and event stream, and refusal of
//! any path that tries to leave the site.

use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use tiny_http::{Header, Request, Response, StatusCode};

use super::{LIVE_JS, Shared};

/// Where the preview's own files live; no site can publish a folder of this name.
pub const PREFIX: &str = "/__safeguard/";

pub fn handle(request: Request, shared: &Shared) {
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
            "text/plain; charset=utf-8",
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
        return bytes(200, body, content_type(&file));
    }
    if plan.contains_key(&format!("{rel}/index.html")) {
        let mut r = bytes(301, Vec::new(), "text/plain; charset=utf-8");
        r.add_header(header("Location", &format!("/{rel}/")));
        return r;
    }
    match plan.get("404.html") {
        Some(body) => bytes(404, inject(body, version), "text/html; charset=utf-8"),
        None => bytes(404, b"Not found\n".to_vec(), "text/plain; charset=utf-8"),
    }
}

/// The site-relative path of a request path, decoded; `None` if it tries to leave
/// the site (`..`, encoded or not), names an absolute or Windows path, or is not UTF-8.
pub fn site_path(raw: &str) -> Option<String> {
    let decoded = percent_decode(raw)?;
    if !decoded.starts_with('/') || decoded.contains('\\') || decoded.contains('\0') {
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

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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

pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn bytes(status: u16, body: Vec<u8>, kind: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", kind))
        // A preview must never show a stale page.
        .with_header(header("Cache-Control", "no-store"))
}

/// A Server-Sent Events stream fed by `events`, written straight to the socket so
/// each event leaves at once; a comment every 15 s keeps it open and notices when
/// the tab has gone.
fn stream_events(mut out: Box<dyn Write + Send>, events: Receiver<String>) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n: connected\n\n";
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
    fn the_script_goes_before_the_end_of_the_body() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>", 7)).unwrap();
        assert!(
            out.ends_with(
                "<script src=\"/__safeguard/live.js?v=7\" defer></script>\n</body></html>"
            )
        );
    }
}
