//! Reading pages: what is read, what is skipped, sections and entries.

use super::*;

#[test]
fn reads_main_only_skipping_navigation_and_ignored_parts() {
    let html = r#"<!doctype html><html><head><title>Not this</title></head><body>
<nav>Menu words</nav><main id="main"><h1>The title</h1>
<dl data-search-ignore><dt>Owner</dt><dd><dl><dd>Nested</dd></dl>Owner name</dd></dl>
<nav class="toc"><h2>Contents</h2></nav>
<p>Short.</p>
<p>A paragraph long enough to be the summary of the page, with <a href="x">a link</a> &amp; more.</p>
<h2 id="duty">The <em>duty</em> to cooperate</h2><script>var hidden = 1;</script>
<svg><text>42%</text></svg><dl><div id="cp" ><dt data-search-heading="cp">CP</dt><dd>Child protection</dd></div></dl>
</main><footer>Footer words</footer></body></html>"#;
    let t = extract(html);
    let all: String = t
        .runs
        .iter()
        .map(|(_, s)| s.as_str())
        .collect::<Vec<_>>()
        .join("|");
    for absent in [
        "Not this", "Menu", "title", "Owner", "Nested", "Contents", "hidden", "42", "Footer",
    ] {
        assert!(!all.contains(absent), "{absent} in {all}");
    }
    assert!(all.contains("a link & more"), "{all}");
    let headings: Vec<(&str, &str)> = t
        .sections
        .iter()
        .filter(|s| !s.anchor.is_empty())
        .map(|s| (s.anchor.as_str(), s.heading.as_str()))
        .collect();
    assert_eq!(headings, [("duty", "The duty to cooperate"), ("cp", "CP")]);
    assert!(
        t.runs
            .contains(&(WEIGHT_HEADING, "The duty to cooperate".to_string()))
    );
    assert!(
        t.summary.starts_with("A paragraph long enough"),
        "{}",
        t.summary
    );
}

#[test]
fn a_long_summary_is_cut_at_a_word() {
    let long = "word ".repeat(100);
    let t = extract(&format!("<main><p>{long}</p></main>"));
    assert!(t.summary.ends_with("word…"), "{}", t.summary);
    assert!(t.summary.chars().count() <= SUMMARY_CHARS + 1);
}

#[test]
fn entities_decode_and_unknown_ones_stay() {
    assert_eq!(
        decode_entities("a &amp; b &#x2F; &#39;c&#39; &bogus; & &#39;s duty”"),
        "a & b / 'c' &bogus; & 's duty”"
    );
    assert_eq!(decode_entities("&”"), "&”");
}

#[test]
fn text_is_kept_section_by_section_and_entries_apart() {
    let html = r#"<main><h1>Title</h1><p>Before any heading.</p>
<h2 id="duty">The duty</h2><p>Under <em>section 11</em>.</p><h4>Minor</h4><p>More.</p>
<dl><div id="cp" data-search-entry><dt>CP</dt><dd>Child <b>protection</b><span data-search-ignore>no</span></dd></div></dl>
<div id="plain" data-search-entry><p>No title here.</p></div>
<h3 id="after">After</h3><p>Last words.</p></main>"#;
    let t = extract(html);
    let sections: Vec<(&str, &str, &str)> = t
        .sections
        .iter()
        .map(|s| (s.anchor.as_str(), s.heading.as_str(), s.text.as_str()))
        .collect();
    assert_eq!(
        sections,
        [
            ("", "", "Before any heading."),
            (
                "duty",
                "The duty",
                "Under section 11. Minor · More. No title here."
            ),
            ("after", "After", "Last words."),
        ]
    );
    assert_eq!(
        t.entries,
        [Entry {
            anchor: "cp".into(),
            title: "CP".into(),
            text: "Child protection".into()
        }]
    );
    let all: String = t.runs.iter().map(|(_, s)| s.as_str()).collect();
    assert!(!all.contains("protection"), "{all}");
    assert!(
        all.contains("No title here."),
        "an entry with no title is the page's"
    );
}

#[test]
fn excerpt_text_is_bounded() {
    let long = "<p>word word word word word word word word word word</p>".repeat(200);
    let t = extract(&format!("<main>{long}</main>"));
    let kept: usize = t.sections.iter().map(|s| s.text.chars().count()).sum();
    assert!(kept <= EXCERPT_CHARS + 10, "{kept}");
    assert!(
        t.runs[0].1.len() > EXCERPT_CHARS,
        "every word is still indexed"
    );
}

#[test]
fn a_line_break_in_the_html_is_a_space_and_a_self_closed_element_skips_nothing() {
    let t = extract(
        "<main><p>duty to\ncooperate <svg/></p><p>Not lost</p><p>Before <span id=\"x\" data-search-entry>inside</span> after</p></main>",
    );
    let all: Vec<&str> = t.runs.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(all, ["duty to cooperate \nNot lost\nBefore  inside after"]);
}

#[test]
fn a_page_is_cut_into_at_most_so_many_sections() {
    let body: String = (0..100)
        .map(|n| format!("<h2 id=\"h{n}\">Heading {n}</h2><p>Text {n}.</p>"))
        .collect();
    let t = extract(&format!("<main>{body}</main>"));
    // No text before the first heading: every section has one.
    assert_eq!(t.sections.len(), MAX_SECTIONS);
    let last = &t.sections.last().unwrap().text;
    assert!(
        last.contains("Heading 99") && last.contains("Text 99."),
        "{last}"
    );
}
