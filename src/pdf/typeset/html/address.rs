//! Where a PDF's links go.

/// Where a link goes: a place in the document (`#name`) as it is; an address
/// relative to the page made absolute against the page's own, where the site
/// has one (a PDF is often read far from the site), with `..` worked out.
pub fn absolute(base: Option<&str>, href: &str) -> String {
    let (Some(base), false) = (base, href.starts_with('#') || has_scheme(href)) else {
        return href.to_string();
    };
    let Some((origin, path)) = base.split_once("://").map(|(scheme, rest)| {
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        (format!("{scheme}://{host}"), path)
    }) else {
        return href.to_string();
    };
    let (target, tail) = match href.find(['?', '#']) {
        Some(i) => href.split_at(i),
        None => (href, ""),
    };
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        path.split('/').filter(|s| !s.is_empty()).collect()
    };
    let segments: Vec<&str> = target.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
        // A link that ends in a folder keeps its slash.
        if i + 1 == segments.len()
            && (segment.is_empty() || *segment == "." || *segment == "..")
            && !parts.is_empty()
        {
            parts.push("");
        }
    }
    format!("{origin}/{}{tail}", parts.join("/"))
}

/// Whether an address names its scheme (`https:`, `mailto:`).
fn has_scheme(href: &str) -> bool {
    href.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    })
}
