//! Hostile input to `build`: control characters, ids that clash with the theme's,
//! templates that run away, and errors that used to hide one another. Every problem
//! is an error at PATH:LINE:COL in plain words, nothing is written, and nothing raw
//! reaches the terminal.

mod common;

use std::time::{Duration, Instant};

use common::Fixture;

/// A site with a base URL, so it has a sitemap, and a paper, so it has a feed.
fn site() -> Fixture {
    let f = Fixture::new();
    f.write(
        "site.yaml",
        "title: Fixture site\nbase_url: https://example.nhs.uk/\ndefault_visibility: public\n",
    );
    f
}

fn paper(title: &str, purpose: &str) -> String {
    format!(
        "---\ntitle: {title}\ntype: paper\npaper:\n  meeting: Board\n  meeting_date: 2026-01-01\n  purpose: {purpose}\n  action_required: [decision]\n---\n\nText.\n"
    )
}

/// The build failed, wrote nothing, and printed nothing raw.
fn failed_cleanly(f: &Fixture, run: &common::Run) {
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!f.exists("output"), "output was written on error");
    for (i, line) in run.stderr.lines().enumerate() {
        assert!(
            !line.chars().any(|c| c.is_control() && c != '\t'),
            "raw control character on line {}: {line:?}",
            i + 1
        );
    }
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn a_raw_escape_in_a_title_is_an_error_at_its_column_and_never_reaches_the_terminal() {
    let f = site();
    f.write(
        "content/a.md",
        "---\ntitle: Red \u{1b}[31malert\n---\n\nText.\n",
    );
    let run = f.build();
    failed_cleanly(&f, &run);
    let line = run.error_at(
        "content/a.md:2:12",
        "there is an invisible control character here (U+001B, escape), which cannot be published in a web page, the sitemap or the feed: delete it",
    );
    assert!(!line.contains('\u{1b}'));
    // The excerpt shows it escaped, with the caret under it.
    assert!(
        run.stderr
            .contains("2 | title: Red \\u{1b}[31malert\n  |            ^"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_escape_sequence_in_a_quoted_title_is_an_error_where_it_is_written() {
    let f = site();
    f.write(
        "content/a.md",
        "---\ntitle: \"Bell \\a here\"\n---\n\nText.\n",
    );
    let run = f.build();
    failed_cleanly(&f, &run);
    run.error_at(
        "content/a.md:2:14",
        "`\\a` makes an invisible control character (U+0007, bell), which cannot be published",
    );
}

#[test]
fn a_unicode_escape_for_a_control_character_in_a_paper_purpose_is_an_error() {
    let f = site();
    f.write(
        "content/p.md",
        &paper("Paper", "\"Agree \\u001B the plan\""),
    );
    let run = f.build();
    failed_cleanly(&f, &run);
    run.error_at(
        "content/p.md:7:19",
        "`\\u001B` makes an invisible control character (U+001B, escape)",
    );
}

#[test]
fn a_backslash_in_plain_text_is_not_mistaken_for_an_escape() {
    let f = site();
    f.write(
        "content/p.md",
        &paper("Files on C:\\edrive", "Read C:\\new\\a"),
    );
    f.build().ok();
    // The feed and sitemap are XML without a control character.
    for file in ["output/papers.xml", "output/sitemap.xml"] {
        let xml = f.read(file);
        assert!(xml.starts_with("<?xml"), "{file}");
        assert!(
            !xml.chars().any(|c| c.is_control() && !"\t\n\r".contains(c)),
            "{file}"
        );
    }
    assert!(f.read("output/papers.xml").contains("C:\\edrive"));
}

#[test]
fn a_c1_control_character_in_a_data_document_title_is_an_error() {
    let f = site();
    f.write(
        "content/glossary.yaml",
        "kind: glossary\nterms:\n  MASH: Multi\u{85}Agency Safeguarding Hub\n",
    );
    let run = f.build();
    failed_cleanly(&f, &run);
    run.error_at("content/glossary.yaml:3:14", "(U+0085, next line)");
}

#[test]
fn a_control_character_in_a_page_s_text_is_an_error_at_its_line() {
    let f = site();
    f.write(
        "content/a.md",
        "---\ntitle: A\n---\n\nFirst line.\n\nClear \u{c}screen.\n",
    );
    let run = f.build();
    failed_cleanly(&f, &run);
    run.error_at("content/a.md:7:7", "(U+000C, form feed)");
}

#[test]
fn a_control_character_in_site_yaml_is_an_error_at_its_line() {
    let f = site();
    f.write(
        "site.yaml",
        "title: \"Fixture \\e site\"\nbase_url: https://example.nhs.uk/\n",
    );
    let run = f.build();
    failed_cleanly(&f, &run);
    run.error_at(
        "site.yaml:1:17",
        "`\\e` makes an invisible control character",
    );
}

#[test]
fn a_bidi_override_in_a_message_is_shown_escaped() {
    let f = site();
    // An unknown key quoting a bidi override and an escape: both escaped when shown.
    f.write(
        "content/a.md",
        "---\ntitle: A\n\u{202e}nope: 1\n---\n\nText.\n",
    );
    let run = f.build();
    failed_cleanly(&f, &run);
    assert!(!run.stderr.contains('\u{202e}'), "{}", run.stderr);
    assert!(run.stderr.contains("\\u{202e}"), "{}", run.stderr);
}

#[test]
fn a_control_character_in_a_file_name_is_shown_escaped() {
    let f = site();
    // The name itself is the error (no page is made from it), shown escaped.
    f.write("content/bad\u{1b}name.md", "---\ntitle: A\nnope: 1\n---\n");
    let run = f.build();
    failed_cleanly(&f, &run);
    assert!(
        run.stderr
            .contains("content/bad\\u{1b}name.md:1:1: error: the name `bad\\u{1b}name.md` has a control character"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_explicit_heading_id_the_theme_uses_is_an_error_naming_it() {
    let f = site();
    f.write(
        "content/a.md",
        "---\ntitle: A\n---\n\nText.\n\n## Skip here {#main}\n",
    );
    let run = f.build();
    failed_cleanly(&f, &run);
    run.error_at(
        "content/a.md:7:1",
        "the heading id `main` is already used by the theme on this page (in base.html), so links to it would go to the wrong place: choose another id, such as `{#main-section}`",
    );
}

#[test]
fn a_made_heading_id_the_theme_uses_is_an_error_too() {
    let f = site();
    f.write("content/a.md", "---\ntitle: A\n---\n\n# Main\n");
    let run = f.build();
    failed_cleanly(&f, &run);
    run.error_at(
        "content/a.md:5:1",
        "this heading gets the id `main`, which the theme already uses",
    );
}

#[test]
fn a_module_heading_may_not_take_the_id_of_the_module_s_own_parts() {
    let f = site();
    f.write(
        "content/m.md",
        "---\ntitle: M\ntype: module\nlearning_outcomes: [Know]\n---\n\n## Outcomes {#sg-outcomes}\n\n## Harmless {#improvements}\n",
    );
    let run = f.build();
    failed_cleanly(&f, &run);
    run.error_at("content/m.md:7:1", "`sg-outcomes`");
    // An id of another page's template (the accessibility statement's) is fine here.
    assert!(!run.stderr.contains("`improvements`"), "{}", run.stderr);
}

#[test]
fn a_site_theme_s_own_ids_are_checked() {
    let f = site();
    f.write(
        "site.yaml",
        "title: T\ndefault_visibility: public\ntheme: mine\n",
    );
    for t in common::THEME_TEMPLATES {
        let body = if t == "base.html" {
            "<nav id=\"portal-menu\"></nav>{% block main %}{% endblock main %}"
        } else {
            "{% extends \"base.html\" %}{% block main %}x{% endblock main %}"
        };
        f.write(&format!("themes/mine/templates/{t}"), body);
    }
    f.write(
        "content/a.md",
        "---\ntitle: A\n---\n\n## Menu {#portal-menu}\n\n## Main\n",
    );
    let run = f.build();
    failed_cleanly(&f, &run);
    run.error_at(
        "content/a.md:5:1",
        "`portal-menu` is already used by the theme on this page (in base.html)",
    );
    // This theme has no `main`, so a heading may have it.
    assert!(!run.stderr.contains("`main`"), "{}", run.stderr);
}

/// A site whose `template:` page runs `body` in the theme's main block.
fn runaway(body: &str) -> (Fixture, common::Run, Duration) {
    let f = site();
    f.write(
        "templates/loop.html",
        &format!("{{% extends \"base.html\" %}}{{% block main %}}\n{body}\n{{% endblock main %}}"),
    );
    f.write(
        "content/a.md",
        "---\ntitle: A\ntemplate: loop.html\n---\n\nText.\n",
    );
    let started = Instant::now();
    let run = f.build();
    (f, run, started.elapsed())
}

#[test]
fn nested_loops_over_range_stop_with_an_error_naming_the_template() {
    let (f, run, took) = runaway(
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
    );
    failed_cleanly(&f, &run);
    run.error_at(
        "templates/loop.html:2:45",
        "template error: the template makes more than 1000000 numbers with `range` for one page, so it was stopped",
    );
    assert!(took < Duration::from_secs(30), "took {took:?}");
}

#[test]
fn output_without_end_stops_with_an_error_naming_the_template() {
    let (f, run, took) = runaway(&format!(
        "{{% for k in [1,2,3,4,5,6,7,8,9,10] %}}{{% for i in range(end=100000) %}}{}{{% endfor %}}{{% endfor %}}",
        "x".repeat(100)
    ));
    failed_cleanly(&f, &run);
    run.error_at(
        "templates/loop.html:1:1",
        "the template wrote more than 64 MB for one page, so it was stopped",
    );
    assert!(took < Duration::from_secs(30), "took {took:?}");
}

#[test]
fn a_template_using_range_modestly_still_renders() {
    let (f, run, _) = runaway("{% for i in range(start=1, end=4) %}<p>n{{ i }}</p>{% endfor %}");
    run.ok();
    let html = f.read("output/a/index.html");
    assert!(html.contains("<p>n1</p><p>n2</p><p>n3</p>"), "{html}");
}

#[test]
fn a_broken_template_is_reported_with_content_errors_in_one_run() {
    let f = site();
    f.write(
        "templates/wide.html",
        "{% extends \"base.html\" %}{% block main %}{{ nope( }}{% endblock main %}",
    );
    f.write("content/a.md", "---\ntitle: A\nnope: 1\n---\n\nText.\n");
    f.write(
        "content/b.md",
        "---\ntitle: B\ntemplate: missing.html\n---\n\nText.\n",
    );
    let run = f.build();
    failed_cleanly(&f, &run);
    run.error_at("templates/wide.html:1", "template error:");
    run.error_at("content/a.md:3", "`nope` is not a key");
    run.error_at("content/b.md:3:11", "there is no template `missing.html`");
}

#[test]
fn links_on_a_page_with_a_front_matter_error_are_still_checked() {
    let f = site();
    f.write(
        "content/a.md",
        "---\ntitle: A\nnope: 1\n---\n\nSee [the guide](guide.md) and [here](#top).\n",
    );
    f.write("content/b.md", "---\ntitle: B\n---\n\nSee [A](a.md).\n");
    let run = f.build();
    failed_cleanly(&f, &run);
    run.error_at("content/a.md:3", "`nope` is not a key");
    run.error_at("content/a.md:6:5", "broken link: `guide.md` does not exist");
    // No follow-on noise: the link to the broken page, and the same-page link on it,
    // are not reported, and each problem is reported once.
    assert!(!run.stderr.contains("content/b.md"), "{}", run.stderr);
    assert!(!run.stderr.contains("`#top`"), "{}", run.stderr);
    assert_eq!(run.stderr.matches(": error: ").count(), 2, "{}", run.stderr);
}
