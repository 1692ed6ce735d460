//! What a good build produces: pages at their URLs, links, anchors, the glossary,
//! modules, papers, templates, drafts, audiences, and byte-identical rebuilds.

mod common;

use common::{Fixture, run_binary};

fn course() -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/training/_index.md",
        "---\ntitle: Training course\ndescription: Six modules.\n---\n\nThe course.\n",
    );
    f.write(
        "content/training/01-legislation.md",
        r#"---
title: The legislative foundation
description: Acts that shape the duty.
type: module
level: board
duration_minutes: 25
learning_outcomes:
  - Explain the section 11 duty.
questions:
  - question: What replaced ACPCs?
    options: [LSCBs, CCGs, MASHs]
    answer: 0
    explanation: The Children Act 2004 set up LSCBs in place of ACPCs.
---

## Children Act 2004

The LSCB holds partners to account. Another LSCB mention.

## Children Act 2004

A repeated heading.

## Rights {#human-rights}

See [roles](02-roles.md#who-is-accountable) and [this](#human-rights).

| Act | Year |
| --- | ---- |
| Children Act | 2004 |

> [!WARNING]
> Take care.

A claim.[^src]

[^src]: The source.

- [x] done
- [ ] to do

```rust
fn main() {}
```
"#,
    );
    f.write(
        "content/training/02-roles.md",
        "---\ntitle: Roles\ntype: module\nlevel: level-3\n---\n\n## Who is accountable\n\nBack to [the law](01-legislation.md#children-act-2004-1).\n",
    );
    f.write(
        "content/training/10-later.md",
        "---\ntitle: Aardvark\n---\n",
    );
    f.write(
        "content/training/weighted.md",
        "---\ntitle: Zebra\nweight: 1\n---\n",
    );
    f.write(
        "content/glossary.yaml",
        "kind: glossary\nterms:\n  LSCB: Local Safeguarding Children Board\n  ACPC: Area Child Protection Committee\n",
    );
    f.write(
        "content/2016-annual-report.md",
        "---\ntitle: Annual report 2016\n---\n\nSee the [glossary](glossary.yaml#lscb).\n",
    );
    f
}

#[test]
fn pages_are_published_at_their_urls() {
    let f = course();
    let run = f.build();
    run.ok();
    for path in [
        "index.html",
        "training/index.html",
        "training/legislation/index.html",
        "training/roles/index.html",
        "training/later/index.html",
        "training/weighted/index.html",
        "2016-annual-report/index.html",
        "glossary/index.html",
        "training/print/index.html",
        "search/index.html",
        "404.html",
        "style.css",
    ] {
        assert!(f.exists(&format!("output/{path}")), "missing {path}");
    }
    assert!(
        run.stderr.contains("Built 10 pages in 2 sections"),
        "{}",
        run.stderr
    );
}

#[test]
fn headings_get_github_ids_and_links_become_relative_urls() {
    let f = course();
    f.build().ok();
    let html = f.read("output/training/legislation/index.html");
    assert!(html.contains(r#"<h2 id="children-act-2004">"#), "{html}");
    assert!(html.contains(r#"<h2 id="children-act-2004-1">"#), "{html}");
    assert!(html.contains(r#"<h2 id="human-rights">"#), "{html}");
    assert!(
        html.contains(r#"href="../../training/roles/#who-is-accountable""#),
        "{html}"
    );
    assert!(html.contains(r##"href="#human-rights""##), "{html}");
    // A contents list of the h2s.
    assert!(
        html.contains(r##"<a href="#children-act-2004-1">Children Act 2004</a>"##),
        "{html}"
    );
    let roles = f.read("output/training/roles/index.html");
    assert!(
        roles.contains(r#"href="../../training/legislation/#children-act-2004-1""#),
        "{roles}"
    );
    let report = f.read("output/2016-annual-report/index.html");
    assert!(report.contains(r#"href="../glossary/#lscb""#), "{report}");
}

#[test]
fn markdown_extensions_render() {
    let f = course();
    f.build().ok();
    let html = f.read("output/training/legislation/index.html");
    assert!(html.contains("<table>"), "table: {html}");
    assert!(
        html.contains(
            r#"<div class="callout callout-warning"><p class="callout-title">Warning</p>"#
        ),
        "callout"
    );
    assert!(
        html.contains(r##"<a href="#fn-src" id="fnref-src">"##),
        "footnote ref: {html}"
    );
    assert!(html.contains(r#"<li id="fn-src">"#), "footnote");
    assert!(
        html.contains(r#"aria-label="Done""#) && html.contains(r#"aria-label="Not done""#),
        "task list"
    );
    assert!(
        html.contains(r#"<pre class="code" tabindex="0" data-lang="rust"><code><span class="hl-"#),
        "highlighted code: {html}"
    );
}

#[test]
fn glossary_terms_are_marked_up_on_first_use_only() {
    let f = course();
    f.build().ok();
    let html = f.read("output/training/legislation/index.html");
    let body = &html[html.find("class=\"prose\"").unwrap()..];
    assert_eq!(
        body.matches(r#"<abbr title="Local Safeguarding Children Board">LSCB</abbr>"#)
            .count(),
        1,
        "{body}"
    );
    assert!(
        body.contains(r#"<a class="term" href="../../glossary/#lscb">"#),
        "{body}"
    );
    let glossary = f.read("output/glossary/index.html");
    assert!(
        glossary.contains(r#"id="acpc""#) && glossary.contains("Area Child Protection Committee"),
        "{glossary}"
    );
    // Terms are listed A–Z, not in the order written (LSCB first).
    assert!(glossary.find("ACPC").unwrap() < glossary.find("LSCB").unwrap());
}

#[test]
fn modules_show_outcomes_and_a_self_check_without_javascript() {
    let f = course();
    f.build().ok();
    let html = f.read("output/training/legislation/index.html");
    assert!(
        html.contains("Learning outcomes")
            && html.contains("<li>Explain the section 11 duty.</li>"),
        "{html}"
    );
    assert!(
        html.contains("About 25 minutes") && html.contains("<dd>Board</dd>"),
        "{html}"
    );
    assert!(
        html.contains(r#"<input type="radio" name="sg-q1" id="sg-q1-o1" value="0">"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<label for="sg-q1-o1">LSCBs</label>"#),
        "{html}"
    );
    // The right option's feedback says so; the answer is also in a <details>.
    let right = html.find("feedback-right").unwrap();
    assert!(
        html[right..].starts_with("feedback-right\"><strong>Correct.</strong>"),
        "{html}"
    );
    assert!(
        html.contains("<summary>Show the answer</summary>"),
        "{html}"
    );
}

#[test]
fn a_course_prints_as_one_document_with_ids_of_its_own() {
    let f = course();
    f.build().ok();
    let print = f.read("output/training/print/index.html");
    // Every page of the section, in reading order, each under its own heading.
    let at = |needle: &str| {
        print
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} is not on the print page:\n{print}"))
    };
    assert!(at("<h1>Training course: the whole course</h1>") < at("<p>The course.</p>"));
    let parts = [
        "<h2 id=\"m1-title\">Zebra</h2>",
        "<h2 id=\"m2-title\">The legislative foundation</h2>",
        "<h2 id=\"m3-title\">Roles</h2>",
        "<h2 id=\"m4-title\">Aardvark</h2>",
    ];
    for pair in parts.windows(2) {
        assert!(at(pair[0]) < at(pair[1]), "{pair:?} out of order");
    }
    // A module's headings go a level down, and its ids and links are its own: two
    // modules may use the same heading, and each self-check keeps its own answers.
    at("<h3 id=\"m2-children-act-2004\">Children Act 2004");
    at("<h3 id=\"m2-sg-outcomes\">Learning outcomes</h3>");
    at("<input type=\"radio\" name=\"m2-sg-q1\" id=\"m2-sg-q1-o1\"");
    at("<a href=\"#m2-human-rights\">this</a>");
    at("<li id=\"m2-fn-src\">");
    // Links between pages of the course stay in the document; others lead out.
    at("<a href=\"#m3-who-is-accountable\">roles</a>");
    at("Back to <a href=\"#m2-children-act-2004-1\">the law</a>");
    at("href=\"../../glossary/#lscb\"");
    let mut ids: Vec<&str> = print
        .split(" id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "an id is used twice");
    assert_eq!(print.matches("<h1").count(), 1);

    // The course and its modules lead to it; pages elsewhere do not.
    let link = "<a href=\"../../training/print/\">The whole course on one page</a>";
    assert!(
        f.read("output/training/legislation/index.html")
            .contains(link)
    );
    assert!(
        f.read("output/training/index.html")
            .contains("<a href=\"../training/print/\">")
    );
    assert!(!f.read("output/index.html").contains("print/"));
    assert!(!f.exists("output/print"), "the home section has no modules");
}

#[test]
fn a_page_may_not_take_the_address_of_a_print_page() {
    let f = course();
    f.write("content/training/print.md", "---\ntitle: Print\n---\n");
    f.build().error_at(
        "content/training/print.md:1:1",
        "at or under /training/print/, where safeguard puts the whole course on one page to print",
    );
}

#[test]
fn sections_list_pages_in_order_and_pages_link_previous_and_next() {
    let f = course();
    f.build().ok();
    let section = f.read("output/training/index.html");
    let order: Vec<usize> = ["Zebra", "The legislative foundation", "Roles", "Aardvark"]
        .iter()
        .map(|t| {
            section
                .find(&format!(">{t}</a>"))
                .unwrap_or_else(|| panic!("{t} listed"))
        })
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "weight, then number prefix, then title: {order:?}"
    );
    let roles = f.read("output/training/roles/index.html");
    assert!(
        roles.contains(r#"href="../../training/legislation/" rel="prev""#),
        "{roles}"
    );
    assert!(
        roles.contains(r#"href="../../training/later/" rel="next""#),
        "{roles}"
    );
    // Breadcrumbs: Home › Training course › page.
    assert!(
        roles.contains(r#"<li><a href="../../training/">Training course</a></li>"#),
        "{roles}"
    );
}

#[test]
fn papers_get_a_cover_sheet_and_drafts_are_marked() {
    let f = Fixture::new();
    f.write(
        "content/papers/s11.md",
        r#"---
title: Section 11 audit
type: paper
visibility: public
paper:
  meeting: Quality and Safety Committee
  meeting_date: 2016-09-13
  agenda_item: 7
  report_of: Safeguarding team
  author: Designated Senior Nurse
  contact: The designated nurse
  action_required: [assurance, discussion]
  purpose: To give assurance on section 11 compliance.
  baf_domains: ["Domain 1: A well-led organisation"]
  implications:
    Quality and safety: Dashboards in every contract.
    Financial: N/A
  recommendations: [Receive and discuss this report.]
  signoff:
    - { check: Clinical view, name: L Millard, date: 2016-08-30 }
    - { check: Finance, name: N/A }
  version: "0.3"
  status: draft
---

## Background

Text.
"#,
    );
    f.build().ok();
    let html = f.read("output/papers/s11/index.html");
    for needle in [
        "Quality and Safety Committee",
        r#"<time datetime="2016-09-13">13 September 2016</time>"#,
        "Agenda item 7",
        "<td>Safeguarding team</td>",
        "<td>To give assurance on section 11 compliance.</td>",
        "Domain 1: A well-led organisation",
        "<th scope=\"row\">Quality and safety</th><td>Dashboards in every contract.</td>",
        "<th scope=\"row\">Financial</th><td><span class=\"muted\">Not applicable</span>",
        "<li>Receive and discuss this report.</li>",
        "<time datetime=\"2016-08-30\">30 August 2016</time>",
        "Draft paper",
        "0.3 (draft)",
    ] {
        assert!(html.contains(needle), "missing {needle:?} in {html}");
    }
    assert!(
        html.contains(
            r#"<li class="action-selected"><span class="box" aria-hidden="true">☒</span> Assurance"#
        ),
        "{html}"
    );
    assert!(html.contains(r#"<li class="action-not-selected"><span class="box" aria-hidden="true">☐</span> Decision"#), "{html}");
    // Marked as a draft on every printed page, too.
    assert!(
        html.contains("@top-center { content: \"DRAFT – version 0.3 – not for circulation\""),
        "{html}"
    );
    // Cover sheet first, then the body.
    assert!(html.find("cover-sheet").unwrap() < html.find("id=\"background\"").unwrap());
}

#[test]
fn site_templates_override_the_theme_by_file_name() {
    let f = course();
    f.write(
        "templates/module.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ page.title }} / {{ page.module.level }}</p>{% endblock main %}",
    );
    f.write(
        "templates/wide.html",
        "{% extends \"page.html\" %}{% block title %}WIDE {{ page.title }}{% endblock title %}",
    );
    f.write(
        "content/wide.md",
        "---\ntitle: Wide page\ntemplate: wide.html\n---\n",
    );
    f.build().ok();
    let html = f.read("output/training/legislation/index.html");
    assert!(
        html.contains(r#"<p class="custom">The legislative foundation / Board</p>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<link rel="stylesheet" href="../../style.css">"#),
        "base.html still from the theme"
    );
    assert!(
        f.read("output/wide/index.html")
            .contains("<title>WIDE Wide page</title>")
    );
}

#[test]
fn a_site_theme_replaces_the_default_theme() {
    let f = Fixture::new();
    f.write(
        "site.yaml",
        "title: Themed\ntheme: plain\ndefault_visibility: public\n",
    );
    for name in common::THEME_TEMPLATES {
        f.write(
            &format!("themes/plain/templates/{name}"),
            &format!("<!-- {name} -->{{{{ page.title }}}}"),
        );
    }
    f.write("themes/plain/static/plain.css", "body{}");
    f.build().ok();
    assert_eq!(f.read("output/index.html"), "<!-- section.html -->Home");
    assert!(f.exists("output/plain.css"));
    assert!(
        !f.exists("output/style.css"),
        "the default theme's files are not mixed in"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let f = Fixture::new();
    f.write(
        "content/wip.md",
        "---\ntitle: Work in progress\ndraft: true\n---\n",
    );
    f.build().ok();
    assert!(!f.exists("output/wip/index.html"));
    assert!(!f.read("output/index.html").contains("Work in progress"));
    f.run(&["build", "--drafts"]).ok();
    let html = f.read("output/wip/index.html");
    assert!(html.contains("banner-draft"), "{html}");
    // Built without --drafts again: the draft page we wrote is removed.
    f.build().ok();
    assert!(!f.exists("output/wip/index.html"));
}

#[test]
fn public_audience_withholds_private_items() {
    let f = Fixture::new();
    f.write("site.yaml", "title: T\ndefault_visibility: private\n");
    f.write(
        "content/_index.md",
        "---\ntitle: Home\nvisibility: public\n---\n",
    );
    f.write(
        "content/open.md",
        "---\ntitle: Open page\nvisibility: public\n---\n",
    );
    f.write("content/closed.md", "---\ntitle: SECRET-MARKER\n---\n");
    f.write(
        "content/glossary.yaml",
        "kind: glossary\nterms:\n  SECRETTERM: Hidden\n",
    );
    let run = f.run(&["build", "--audience", "public"]);
    run.ok();
    assert!(
        run.stderr
            .contains("2 private items withheld from the public"),
        "{}",
        run.stderr
    );
    for (path, _) in f.snapshot() {
        let text = f.read(&format!("output/{path}"));
        assert!(!text.contains("SECRET"), "{path} leaks a private item");
    }
    f.run(&["build"]).ok();
    assert!(f.exists("output/closed/index.html"));
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let f = course();
    f.build().ok();
    let first = f.snapshot();
    let other = tempfile::tempdir().unwrap();
    let root = f.root().to_str().unwrap();
    let out = other.path().join("out");
    run_binary(
        &[
            "build",
            "--root",
            root,
            "--output",
            out.to_str().unwrap(),
            "--as-of",
            "2026-11-22",
        ],
        None,
    )
    .ok();
    let second = common::snapshot(&out);
    // The output folder holds the site and nothing else: what safeguard keeps for
    // itself lives outside it, so the two folders are the same, file for file.
    let bytes = |snap: &std::collections::BTreeMap<String, (Vec<u8>, std::time::SystemTime)>| {
        snap.iter()
            .map(|(p, (b, _))| (p.clone(), b.clone()))
            .collect::<Vec<_>>()
    };
    assert!(
        !first.keys().any(|p| p.contains(".safeguard")),
        "{:?}",
        first.keys()
    );
    assert_eq!(bytes(&first), bytes(&second));
}

#[test]
fn a_rebuild_rewrites_only_what_changed_and_removes_what_is_gone() {
    let f = course();
    f.build().ok();
    let before = f.snapshot();
    let run = f.build();
    assert!(run.stderr.contains("0 written"), "{}", run.stderr);
    assert_eq!(
        f.snapshot(),
        before,
        "nothing changed, so nothing was touched"
    );

    f.write("output/training/my-notes.txt", "mine");
    f.remove("content/training/10-later.md");
    let run = f.build();
    run.ok();
    // The page, and the pieces of the search index that listed it.
    let removed: usize = run
        .stderr
        .split(" removed")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(removed >= 2, "{}", run.stderr);
    assert!(
        !f.exists("output/training/later"),
        "the stale page and its folder are gone"
    );
    assert_eq!(
        f.read("output/training/my-notes.txt"),
        "mine",
        "files we did not write stay"
    );
}

#[test]
fn a_build_with_nothing_changed_only_reads_and_says_what_it_said() {
    let f = course();
    // A warning, to be said again.
    f.write(
        "content/old.md",
        "---\ntitle: Old\nreview_date: 2020-01-01\n---\n\nOld text.\n",
    );
    let first = f.build();
    first.ok();
    let warning = "content/old.md:3:14: warning:";
    assert!(first.stderr.contains(warning), "{}", first.stderr);
    let before = f.snapshot();
    // When the build stamp (kept outside the output) was last written.
    let stamp = || {
        std::fs::metadata(f.state().unwrap().join("stamp.json"))
            .and_then(|m| m.modified())
            .ok()
    };

    // Nothing changed: the same report, nothing touched, the stamp kept (it vouches
    // for the files as the first build wrote them).
    let first_stamp = stamp();
    let again = f.build();
    again.ok();
    assert_eq!(stamp(), first_stamp, "nothing changed, but built in full");
    assert!(again.stderr.contains(warning), "{}", again.stderr);
    assert!(
        again.stderr.contains("1 warning in") && again.stderr.contains("(0 written, "),
        "{}",
        again.stderr
    );
    assert_eq!(f.snapshot(), before);
    // An editor's swap file is not an input: still nothing changed, so the report is
    // repeated and the stamp kept.
    let kept = stamp();
    f.write("content/.old.md.swp", "swap");
    f.write("static/notes.txt~", "backup");
    let swapped = f.build();
    assert_eq!(stamp(), kept, "a swap file made a full build");
    assert!(
        swapped.stderr.contains("(0 written, "),
        "{}",
        swapped.stderr
    );
    assert_eq!(f.snapshot(), before);

    // Each kind of change builds in full.
    let changes: [(&str, &dyn Fn()); 5] = [
        ("a page's text", &|| {
            f.write("content/old.md", "---\ntitle: Old\n---\n\nNew text.\n");
        }),
        ("a template", &|| {
            f.write("templates/partials/meta.html", "<p>Meta</p>\n");
        }),
        ("a static file", &|| {
            f.write("static/notes.txt", "notes\n");
        }),
        ("an output file deleted", &|| {
            std::fs::remove_file(f.path("output/training/index.html")).unwrap();
        }),
        ("an output file edited", &|| {
            f.write("output/glossary/index.html", "edited\n");
        }),
    ];
    for (what, change) in changes {
        let before = stamp();
        assert!(before.is_some(), "{what}: no stamp");
        change();
        f.build().ok();
        assert_ne!(stamp(), before, "{what}: not built in full");
    }
    assert!(f.read("output/old/index.html").contains("New text."));
    assert!(f.exists("output/notes.txt"));
    assert!(f.exists("output/training/index.html"));
    assert!(f.read("output/glossary/index.html").contains("<h1>"));
    // Other options make other output.
    let before = stamp();
    f.run(&["build", "--audience", "public"]).ok();
    assert_ne!(stamp(), before, "another audience");
}

#[test]
fn a_rebuild_keeps_what_replaced_a_theme_file_and_moves_files_and_folders() {
    let f = Fixture::new();
    // The site's own style sheet replaces the theme's; a static file `guide`.
    f.write("static/style.css", "body { color: black }\n");
    f.write("static/guide", "a file\n");
    f.build().ok();
    assert_eq!(f.read("output/style.css"), "body { color: black }\n");

    // The theme's style sheet differs from what the output holds, but the site's
    // still replaces it; `guide` becomes a folder.
    f.remove("static/guide");
    f.write("static/guide/index.txt", "a folder\n");
    f.write("content/about.md", "---\ntitle: About\n---\n");
    f.build().ok();
    assert_eq!(f.read("output/style.css"), "body { color: black }\n");
    assert_eq!(f.read("output/guide/index.txt"), "a folder\n");

    // And back again.
    f.remove("static/guide/index.txt");
    std::fs::remove_dir(f.path("static/guide")).unwrap();
    f.write("static/guide", "a file again\n");
    f.build().ok();
    assert_eq!(f.read("output/guide"), "a file again\n");
    assert_eq!(f.leftovers(), Vec::<String>::new());
}

#[test]
fn check_writes_nothing() {
    let f = course();
    let run = f.run(&["check"]);
    run.ok();
    assert!(run.stderr.contains("Checked 10 pages"), "{}", run.stderr);
    assert!(!f.exists("output"));
}

#[test]
fn assets_beside_pages_are_copied_and_linked() {
    let f = Fixture::new();
    f.write_bytes("content/reports/chart.png", b"\x89PNG fake");
    f.write(
        "content/reports/annual.md",
        "---\ntitle: Annual\n---\n\n![Cases by year](chart.png)\n",
    );
    f.build().ok();
    assert!(f.exists("output/reports/chart.png"));
    let html = f.read("output/reports/annual/index.html");
    assert!(
        html.contains(r#"<img src="../../reports/chart.png" alt="Cases by year""#),
        "{html}"
    );
}

#[test]
fn static_files_are_copied() {
    let f = Fixture::new();
    f.write("static/logo.svg", "<svg/>");
    f.build().ok();
    assert_eq!(f.read("output/logo.svg"), "<svg/>");
}

#[test]
fn new_scaffolds_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let s = site.to_str().unwrap();
    run_binary(&["new", s], None).ok();
    let run = run_binary(&["build", "--root", s], None);
    run.ok();
    assert!(
        site.join("output/training/first-module/index.html")
            .exists()
    );
    assert!(
        site.join("output/papers/2026-board-assurance/index.html")
            .exists()
    );
    assert!(site.join("output/glossary/index.html").exists());
    // It never writes over an existing site.
    let again = run_binary(&["new", s], None);
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains("already holds files"),
        "{}",
        again.stderr
    );
}

#[test]
fn the_example_site_builds_cleanly() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().join("site");
    let run = common::build_example(&o, &[]);
    run.ok();
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
    let modules = std::fs::read_dir(o.join("training"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert!(modules >= 6, "at least six modules, found {modules}");
    let paper =
        std::fs::read_to_string(o.join("papers/2016-09-section-11-audit/index.html")).unwrap();
    assert!(paper.contains("Quality and Safety Committee"));
}

#[test]
fn windows_line_endings_and_byte_order_marks_are_read() {
    let f = Fixture::new();
    f.write_bytes(
        "content/win.md",
        "\u{feff}---\r\ntitle: Written on Windows\r\ntags: [a]\r\n---\r\n\r\n## A heading\r\n\r\nText.\r\n".as_bytes(),
    );
    f.write(
        "content/other.md",
        "---\ntitle: Other\n---\n\n[win](win.md#a-heading)\n",
    );
    f.build().ok();
    let html = f.read("output/win/index.html");
    assert!(html.contains("<h1>Written on Windows</h1>"), "{html}");
    assert!(html.contains(r#"<h2 id="a-heading">"#), "{html}");
}

#[test]
fn folders_without_an_index_page_still_get_a_section_page() {
    let f = Fixture::new();
    f.write(
        "content/03-serious-case-reviews/child-f.md",
        "---\ntitle: Child F\n---\n",
    );
    f.build().ok();
    let html = f.read("output/serious-case-reviews/index.html");
    assert!(html.contains("<h1>Serious case reviews</h1>"), "{html}");
    assert!(html.contains(">Child F</a>"), "{html}");
}

#[test]
fn extra_maps_iterate_in_a_stable_order() {
    let f = Fixture::new();
    f.write(
        "templates/page.html",
        "{% for k, v in page.extra %}{{ k }}={{ v }};{% endfor %}",
    );
    f.write(
        "content/x.md",
        "---\ntitle: X\nextra:\n  zeta: 1\n  alpha: 2\n  mid: 3\n---\n",
    );
    f.build().ok();
    assert_eq!(f.read("output/x/index.html"), "alpha=2;mid=3;zeta=1;");
}

const STATEMENT: &str = r#"title: Training
organisation: NHS Example ICB
accessibility:
  compliance: partial
  contact:
    email: access@example.nhs.uk
    phone: 0113 496 0000
    hours: weekdays, 9am to 5pm
  response_days: 3
  known_issues:
    - issue: Old papers are untagged PDFs.
      criterion: 1.3.1 Info and relationships
      fix_by: 2027-03-31
  disproportionate_burden:
    - Re-making the 2012 audit tool would cost more than it is worth.
  out_of_scope:
    - PDFs published before September 2018.
  improvements: We are replacing PDFs with pages.
  prepared: 2026-11-01
  reviewed: 2026-11-20
  tested:
    date: 2026-11-19
    by: the safeguarding team
"#;

#[test]
fn the_accessibility_statement_is_made_from_site_settings() {
    let f = course();
    f.write("site.yaml", STATEMENT);
    f.build().ok();
    let html = f.read("output/accessibility/index.html");
    for expected in [
        "<h1>Accessibility statement for Training</h1>",
        "which NHS Example ICB runs",
        // How accessible it is, and the known issue with its criterion and date.
        r#"<h2 id="how-accessible">"#,
        "Old papers are untagged PDFs.",
        "This fails WCAG 2.2 success criterion 1.3.1 Info and relationships.",
        r#"<time datetime="2027-03-31">31 March 2027</time>"#,
        // Another format: every way to get in touch, and how soon.
        r#"<a href="mailto:access@example.nhs.uk">access@example.nhs.uk</a>"#,
        r#"<a href="tel:01134960000">0113 496 0000</a> (weekdays, 9am to 5pm)"#,
        "reply within 3 working days",
        // Enforcement and compliance status.
        r#"<h2 id="enforcement">Enforcement procedure</h2>"#,
        "Equality Advisory and Support Service (EASS)",
        "This website is partially compliant with the Web Content Accessibility Guidelines (WCAG) version 2.2, level AA",
        "Re-making the 2012 audit tool",
        "PDFs published before September 2018.",
        "We are replacing PDFs with pages.",
        r#"prepared on <time datetime="2026-11-01">1 November 2026</time>"#,
        r#"last reviewed on <time datetime="2026-11-20">20 November 2026</time>"#,
        "The test was carried out by the safeguarding team.",
    ] {
        assert!(html.contains(expected), "missing {expected:?} in\n{html}");
    }
    // Every page links to it from the footer.
    let module = f.read("output/training/legislation/index.html");
    assert!(
        module.contains(r#"<a href="../../accessibility/">Accessibility statement</a>"#),
        "{module}"
    );
}

#[test]
fn the_statement_can_live_at_another_url_and_is_absent_without_settings() {
    let f = course();
    f.build().ok();
    assert!(!f.exists("output/accessibility/index.html"));
    assert!(
        !f.read("output/index.html")
            .contains("Accessibility statement")
    );
    f.write(
        "site.yaml",
        "title: T\naccessibility:\n  url: help/accessibility\n  compliance: full\n  contact: { post: \"1 High Street, Leeds\" }\n  prepared: 2026-01-01\n",
    );
    f.build().ok();
    let html = f.read("output/help/accessibility/index.html");
    assert!(html.contains("This website is fully compliant"), "{html}");
    assert!(
        html.contains("<li>write to 1 High Street, Leeds</li>"),
        "{html}"
    );
    // No non-accessible content section when there is nothing to list.
    assert!(!html.contains("Non-accessible content"), "{html}");
    assert!(html.contains("reply as soon as we can"), "{html}");
}

#[test]
fn a_picture_without_a_description_is_a_warning_at_its_place() {
    let f = course();
    f.write(
        "content/chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    f.write(
        "content/a.md",
        "---\ntitle: A\n---\n\nThe chart:\n\n![](chart.svg)\n",
    );
    let run = f.build();
    run.ok();
    assert!(
        run.stderr
            .contains("content/a.md:7:1: warning: this picture has no description"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1 warning"), "{}", run.stderr);
}
