//! Broken input: every kind exits 1, names PATH:LINE:COL, never panics or hangs, and
//! leaves the previous output exactly as it was.

mod common;

use common::Fixture;

/// A good site, built once, so each test can check its output survives the break.
fn built() -> (
    Fixture,
    std::collections::BTreeMap<String, (Vec<u8>, std::time::SystemTime)>,
) {
    let f = Fixture::new();
    f.write(
        "content/training/01-legislation.md",
        "---\ntitle: Legislation\n---\n\n## Children Act 2004\n\nText.\n",
    );
    f.write(
        "content/glossary.yaml",
        "kind: glossary\nterms:\n  LSCB: Local Safeguarding Children Board\n",
    );
    f.build().ok();
    let before = f.snapshot();
    assert!(before.contains_key("training/legislation/index.html"));
    (f, before)
}

/// Breaks the site with `files`, builds, checks the output is untouched, returns the run.
fn break_with(files: &[(&str, &str)]) -> common::Run {
    let (f, before) = built();
    for (path, text) in files {
        f.write(path, text);
    }
    let run = f.build();
    assert_eq!(run.code, 1, "stderr:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(f.snapshot(), before, "a failed build changed the output");
    assert_eq!(
        f.leftovers(),
        Vec::<String>::new(),
        "a failed build left its staged files"
    );
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    run
}

/// `check` writes nothing, so its closing line does not speak of an output folder.
#[test]
fn a_failed_check_says_what_to_do_not_what_was_kept() {
    let f = Fixture::new();
    f.write("content/a.md", "---\ntitle: A\ntitel: B\n---\n");
    let run = f.run(&["check"]);
    run.error_at("content/a.md:3:1", "titel");
    assert!(
        run.stderr
            .contains("error: 1 error and 0 warnings; fix what is listed above, then check again"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("output folder"), "{}", run.stderr);
}

#[test]
fn unknown_front_matter_key() {
    let r = break_with(&[("content/a.md", "---\ntitle: A\ntitel: B\n---\n")]);
    let line = r.error_at("content/a.md:3:1", "`titel` is not a key");
    assert!(line.contains("did you mean `title`?"), "{line}");
    // The excerpt shows the offending line.
    assert!(r.stderr.contains("3 | titel: B"), "{}", r.stderr);
}

#[test]
fn missing_front_matter() {
    break_with(&[("content/a.md", "# Just a heading\n")])
        .error_at("content/a.md:1:1", "must start with front matter");
}

#[test]
fn unclosed_front_matter() {
    break_with(&[("content/a.md", "---\ntitle: A\n\nBody\n")])
        .error_at("content/a.md:1:1", "never closed");
}

#[test]
fn yaml_syntax_error_in_front_matter() {
    break_with(&[("content/a.md", "---\ntitle: A\ntags: [one, two\n---\n")])
        .error_at("content/a.md:3", "");
}

#[test]
fn missing_title() {
    break_with(&[("content/a.md", "---\ndescription: no title\n---\n")])
        .error_at("content/a.md:2:1", "title");
}

#[test]
fn empty_title() {
    break_with(&[("content/a.md", "---\ntitle: \"  \"\n---\n")])
        .error_at("content/a.md:2:1", "`title` is empty");
}

#[test]
fn impossible_date() {
    break_with(&[(
        "content/a.md",
        "---\ntitle: A\nreview_date: 2027-02-30\n---\n",
    )])
    .error_at("content/a.md:3:14", "date");
}

#[test]
fn wrong_visibility_value() {
    break_with(&[("content/a.md", "---\ntitle: A\nvisibility: secret\n---\n")])
        .error_at("content/a.md:3:13", "`public` or `private`");
}

#[test]
fn module_key_on_a_plain_page() {
    break_with(&[(
        "content/a.md",
        "---\ntitle: A\nlearning_outcomes:\n  - One\n---\n",
    )])
    .error_at("content/a.md:3:1", "add `type: module`");
}

#[test]
fn self_check_answer_out_of_range() {
    let text = "---\ntitle: A\ntype: module\nquestions:\n  - question: Which?\n    options: [One, Two]\n    answer: 2\n---\n";
    break_with(&[("content/a.md", text)]).error_at("content/a.md:5:5", "answers count from 0");
}

#[test]
fn unknown_module_level() {
    let text = "---\ntitle: A\ntype: module\nlevel: level-7\n---\n";
    break_with(&[("content/a.md", text)]).error_at("content/a.md:4:8", "level-1");
}

#[test]
fn paper_without_cover_sheet() {
    break_with(&[("content/p.md", "---\ntitle: P\ntype: paper\n---\n")])
        .error_at("content/p.md:2:1", "needs a `paper:` block");
}

#[test]
fn paper_with_unknown_action() {
    let text = "---\ntitle: P\ntype: paper\npaper:\n  meeting: Board\n  meeting_date: 2016-09-13\n  purpose: To assure.\n  action_required: [assurance, rubber-stamp]\n---\n";
    break_with(&[("content/p.md", text)]).error_at("content/p.md:8", "rubber-stamp");
}

#[test]
fn paper_missing_required_field() {
    let text = "---\ntitle: P\ntype: paper\npaper:\n  meeting: Board\n  action_required: assurance\n  purpose: To assure.\n---\n";
    break_with(&[("content/p.md", text)])
        .error_at("content/p.md:7", "the `paper` block needs `meeting_date`");
}

#[test]
fn link_to_missing_file() {
    let r = break_with(&[(
        "content/a.md",
        "---\ntitle: A\n---\n\nSee [the law](training/legislaton.md).\n",
    )]);
    r.error_at(
        "content/a.md:5:5",
        "`training/legislaton.md` does not exist",
    );
}

#[test]
fn link_without_number_prefix_suggests_the_file() {
    let r = break_with(&[(
        "content/a.md",
        "---\ntitle: A\n---\n\nSee [the law](training/legislation.md).\n",
    )]);
    r.error_at("content/a.md:5:5", "did you mean `01-legislation.md`?");
}

#[test]
fn link_to_missing_heading() {
    let r = break_with(&[(
        "content/a.md",
        "---\ntitle: A\n---\n\nText first.\nThen [s.11](training/01-legislation.md#section-11).\n",
    )]);
    let line = r.error_at("content/a.md:6:6", "has no heading `#section-11`");
    assert!(
        line.contains("#children-act-2004"),
        "lists the headings it has: {line}"
    );
}

#[test]
fn link_to_missing_heading_on_same_page() {
    break_with(&[(
        "content/a.md",
        "---\ntitle: A\n---\n\n## One\n\n[back](#two)\n",
    )])
    .error_at("content/a.md:7:1", "this page has no heading `#two`");
}

#[test]
fn link_to_missing_glossary_term() {
    break_with(&[(
        "content/a.md",
        "---\ntitle: A\n---\n\n[MASH](glossary.yaml#mash)\n",
    )])
    .error_at("content/a.md:5:1", "no heading `#mash`");
}

#[test]
fn missing_image() {
    break_with(&[(
        "content/a.md",
        "---\ntitle: A\n---\n\n![Chart of cases](chart.png)\n",
    )])
    .error_at("content/a.md:5:1", "broken image");
}

#[test]
fn link_out_of_content() {
    break_with(&[(
        "content/a.md",
        "---\ntitle: A\n---\n\n[x](../../etc/passwd)\n",
    )])
    .error_at("content/a.md:5:1", "outside content/");
}

#[test]
fn link_to_a_draft() {
    let r = break_with(&[
        ("content/d.md", "---\ntitle: D\ndraft: true\n---\n"),
        ("content/a.md", "---\ntitle: A\n---\n\n[draft](d.md)\n"),
    ]);
    r.error_at("content/a.md:5:1", "is a draft");
}

#[test]
fn two_sources_for_one_url() {
    let r = break_with(&[(
        "content/training/legislation.md",
        "---\ntitle: Again\n---\n",
    )]);
    let line = r.error_at(
        "content/training/legislation.md:1:1",
        "/training/legislation/",
    );
    assert!(
        line.contains("content/training/01-legislation.md"),
        "names both: {line}"
    );
}

#[test]
fn duplicate_explicit_heading_id() {
    break_with(&[(
        "content/a.md",
        "---\ntitle: A\n---\n\n## One {#x}\n\n## Two {#x}\n",
    )])
    .error_at("content/a.md:7:1", "used twice");
}

#[test]
fn data_document_without_kind() {
    break_with(&[("content/terms.yaml", "terms:\n  A: B\n")])
        .error_at("content/terms.yaml:1:1", "`kind:`");
}

#[test]
fn data_document_with_unknown_kind() {
    break_with(&[("content/terms.yaml", "kind: glosary\nterms: {}\n")])
        .error_at("content/terms.yaml:1:7", "did you mean `glossary`?");
}

#[test]
fn glossary_with_duplicate_term() {
    break_with(&[(
        "content/glossary.yaml",
        "kind: glossary\nterms:\n  LSCB: One\n  LSCB: Two\n",
    )])
    .error_at("content/glossary.yaml:4:3", "");
}

#[test]
fn second_glossary() {
    break_with(&[(
        "content/more.yaml",
        "kind: glossary\nterms:\n  SAB: Safeguarding Adults Board\n",
    )])
    .error_at("content/more.yaml:1:1", "one glossary");
}

#[test]
fn site_yaml_unknown_key() {
    break_with(&[("site.yaml", "title: T\nbase_ulr: /x/\n")]).error_at("site.yaml:2:1", "base_ulr");
}

/// Keys found after parsing are placed at their own line: the top-level one in
/// site.yaml, the term's in a glossary (quoted or not).
#[test]
fn keys_checked_after_parsing_are_placed_at_their_line() {
    break_with(&[(
        "site.yaml",
        "extra:\n  base_url: /x/\ntitle: T\nbase_url: intranet\n",
    )])
    .error_at("site.yaml:4:1", "`base_url` must be an absolute URL");
    break_with(&[(
        "content/glossary.yaml",
        "kind: glossary\nterms:\n  SAB: Safeguarding Adults Board\n  \"LADO\": \" \"\n",
    )])
    .error_at("content/glossary.yaml:4:3", "the glossary term `LADO`");
}

#[test]
fn site_yaml_syntax_error() {
    break_with(&[("site.yaml", "title: [T\n")]).error_at("site.yaml:1", "");
}

#[test]
fn site_yaml_missing() {
    let (f, before) = built();
    f.remove("site.yaml");
    f.build().error_at("site.yaml:1:1", "missing");
    assert_eq!(f.snapshot(), before);
}

#[test]
fn template_syntax_error_is_reported_at_its_line() {
    let r = break_with(&[(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title \n{% endblock main %}\n",
    )]);
    r.error_at("templates/page.html:4:1", "template error");
}

#[test]
fn template_render_error_is_reported_at_its_line() {
    let r = break_with(&[(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.no_such_field.deeper }}</p>\n{% endblock main %}\n",
    )]);
    r.error_at("templates/page.html:3", "template error");
}

#[test]
fn a_first_build_that_fails_while_rendering_leaves_no_output_folder() {
    let f = Fixture::new();
    // Only page B fails, so the other pages render (and are staged) first.
    f.write("content/a.md", "---\ntitle: A\n---\n");
    f.write("content/b.md", "---\ntitle: B\n---\n");
    f.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% if page.title == \"B\" %}{{ page.no_such_field.deeper }}{% endif %}\n{% endblock main %}\n",
    );
    let r = f.build();
    r.error_at("templates/page.html:3", "template error");
    assert!(!f.exists("output"), "the output folder was left behind");
}

#[test]
fn a_build_that_was_stopped_or_made_by_an_older_safeguard_is_taken_over() {
    // A build stopped while rendering leaves files in its staging folder (outside
    // the output): the next build clears them, and none reaches the output.
    let f = Fixture::new();
    f.build().ok();
    let staging = f.state().unwrap().join("staging");
    std::fs::create_dir_all(staging.join("stray")).unwrap();
    std::fs::write(staging.join("stray/index.html"), "half written").unwrap();
    std::fs::write(staging.join("index.html"), "half written").unwrap();
    f.write("content/about.md", "---\ntitle: About\n---\n");
    f.build().ok();
    assert_eq!(f.leftovers(), Vec::<String>::new());
    assert!(!f.exists("output/stray"));
    assert!(f.read("output/index.html").contains("Welcome."));
    assert!(f.exists("output/about/index.html"));

    // A folder built by an earlier safeguard, which kept its list inside it, is
    // taken over: its list and stamp go, its pages stay safeguard's to replace.
    let old = Fixture::new();
    old.write("output/index.html", "old home");
    old.write("output/gone/index.html", "an old page");
    old.write(
        "output/.safeguard-output",
        "# Files written by safeguard.\nindex.html\ngone/index.html\n",
    );
    old.write("output/.safeguard-build", "{}");
    old.write("output/.safeguard-staging/x.html", "half");
    old.build().ok();
    assert!(old.read("output/index.html").contains("Welcome."));
    for gone in [
        "gone",
        ".safeguard-output",
        ".safeguard-build",
        ".safeguard-staging",
    ] {
        assert!(
            !old.exists(&format!("output/{gone}")),
            "{gone} is still there"
        );
    }
}

#[test]
fn a_static_folder_may_not_take_a_name_safeguard_keeps() {
    break_with(&[("static/.safeguard-staging/notes.txt", "mine")]).error_at(
        "static/.safeguard-staging/notes.txt:1:1",
        "safeguard keeps for its own files",
    );
}

#[test]
fn unknown_template_in_front_matter() {
    break_with(&[("content/a.md", "---\ntitle: A\ntemplate: wide.html\n---\n")])
        .error_at("content/a.md:3:11", "there is no template `wide.html`");
}

#[test]
fn unknown_theme() {
    break_with(&[("site.yaml", "title: T\ntheme: fancy\n")])
        .error_at("site.yaml:2:8", "there is no theme `fancy`");
}

#[test]
fn file_that_is_not_utf8() {
    let (f, before) = built();
    f.write_bytes("content/a.md", b"---\ntitle: A\n---\n\nCaf\xe9\n");
    f.build().error_at("content/a.md:5:4", "not UTF-8");
    assert_eq!(f.snapshot(), before);
}

#[test]
fn static_file_that_would_replace_a_page() {
    break_with(&[("static/training/legislation/index.html", "<p>mine</p>")]).error_at(
        "static/training/legislation/index.html:1:1",
        "would be published at /training/legislation/index.html, where safeguard makes the page /training/legislation/: rename or move it",
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported_not_followed() {
    let (f, before) = built();
    std::os::unix::fs::symlink(f.path("content"), f.path("content/training/loop")).unwrap();
    let r = f.build();
    r.error_at("content/training/loop:1:1", "loops back");
    assert_eq!(f.snapshot(), before);
}

#[test]
fn all_problems_are_reported_not_only_the_first() {
    let r = break_with(&[
        ("content/a.md", "---\ntitle: A\ntitel: x\n---\n"),
        (
            "content/b.md",
            "---\ntitle: B\n---\n\n[x](nowhere.md)\n\n[y](#nothing)\n",
        ),
    ]);
    r.error_at("content/a.md:3:1", "titel");
    r.error_at("content/b.md:5:1", "nowhere.md");
    r.error_at("content/b.md:7:1", "#nothing");
    assert!(r.stderr.contains("3 errors"), "{}", r.stderr);
}

#[test]
fn foreign_files_in_output_are_refused() {
    let f = Fixture::new();
    f.write("output/notes.txt", "my own notes");
    let r = f.build();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("did not write"), "{}", r.stderr);
    assert_eq!(f.read("output/notes.txt"), "my own notes");
    assert!(!f.exists("output/index.html"));
}

#[test]
fn a_foreign_file_in_the_way_is_not_replaced() {
    let (f, _) = built();
    f.write("output/training/index.html", "mine");
    // `training/index.html` was written by us, so it may be replaced; a new page's
    // path that a user occupied may not.
    f.write("output/about/index.html", "my own page");
    f.write("content/about.md", "---\ntitle: About\n---\n");
    let r = f.build();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("in the way"), "{}", r.stderr);
    assert_eq!(f.read("output/about/index.html"), "my own page");
}

#[test]
fn bad_command_line_exits_2() {
    let f = Fixture::new();
    assert_eq!(f.run(&["build", "--audience", "everyone"]).code, 2);
    assert_eq!(f.run(&["build", "--as-of", "2026-13-01"]).code, 2);
    assert_eq!(f.run(&["frobnicate"]).code, 2);
}

#[test]
fn template_that_is_not_utf8() {
    let (f, before) = built();
    f.write_bytes("templates/page.html", b"<p>\xff</p>");
    f.build().error_at("templates/page.html:1:1", "not UTF-8");
    assert_eq!(f.snapshot(), before);
}

#[test]
fn unknown_filter_and_missing_parent_are_each_reported_at_their_line() {
    let r = break_with(&[
        (
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.title | shout }}</p>\n{% endblock main %}\n",
        ),
        ("templates/section.html", "{% extends \"nobase.html\" %}\n"),
    ]);
    r.error_at("templates/page.html:3:20", "Unknown filter `shout`");
    r.error_at("templates/section.html:1:1", "nobase.html");
}

#[test]
fn missing_included_template() {
    break_with(&[("templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n{% include \"partials/nope.html\" %}\n{% endblock main %}\n")])
        .error_at("templates/page.html:3:12", "Unknown template `partials/nope.html`");
}

#[test]
fn accessibility_statement_without_contact() {
    break_with(&[(
        "site.yaml",
        "title: T\naccessibility:\n  compliance: full\n  prepared: 2026-01-01\n",
    )])
    .error_at("site.yaml:2:1", "needs a way to ask for another format");
}

#[test]
fn accessibility_statement_partial_without_known_issues() {
    break_with(&[(
        "site.yaml",
        "title: T\naccessibility:\n  compliance: partial\n  contact: { email: a@b.c }\n  prepared: 2026-01-01\n",
    )])
    .error_at("site.yaml:3:15", "`compliance: partial` needs `known_issues`");
}

#[test]
fn accessibility_statement_full_with_known_issues() {
    break_with(&[(
        "site.yaml",
        "title: T\naccessibility:\n  compliance: full\n  contact: { email: a@b.c }\n  known_issues:\n    - issue: Untagged PDFs.\n  prepared: 2026-01-01\n",
    )])
    .error_at("site.yaml:6:7", "`compliance: full` says nothing fails");
}

#[test]
fn accessibility_statement_bad_compliance_and_unknown_key() {
    break_with(&[(
        "site.yaml",
        "title: T\naccessibility:\n  compliance: mostly\n  prepared: 2026-01-01\n",
    )])
    .error_at("site.yaml:3:15", "mostly");
    break_with(&[(
        "site.yaml",
        "title: T\naccessibility:\n  compliance: full\n  contact: { email: a@b.c }\n  prepard: 2026-01-01\n",
    )])
    .error_at("site.yaml:5:3", "prepard");
}

#[test]
fn accessibility_statement_reviewed_before_prepared() {
    break_with(&[(
        "site.yaml",
        "title: T\naccessibility:\n  compliance: full\n  contact: { email: a@b.c }\n  prepared: 2026-05-01\n  reviewed: 2026-04-01\n",
    )])
    .error_at("site.yaml:6:13", "`reviewed` is before `prepared`");
}

#[test]
fn accessibility_statement_url_taken_by_a_page() {
    break_with(&[
        (
            "site.yaml",
            "title: T\naccessibility:\n  compliance: full\n  contact: { email: a@b.c }\n  prepared: 2026-01-01\n",
        ),
        ("content/accessibility.md", "---\ntitle: Mine\n---\n"),
    ])
    .error_at(
        "content/accessibility.md:1:1",
        "where the accessibility statement of site.yaml goes",
    );
}

#[test]
fn accessibility_statement_url_outside_the_site() {
    break_with(&[(
        "site.yaml",
        "title: T\naccessibility:\n  url: ../elsewhere/\n  compliance: full\n  contact: { email: a@b.c }\n  prepared: 2026-01-01\n",
    )])
    .error_at("site.yaml:3:8", "must be a path inside the site");
}

#[test]
fn accessibility_statement_with_a_theme_lacking_its_template() {
    let (f, before) = built();
    f.write(
        "site.yaml",
        "title: T\ntheme: plain\naccessibility:\n  compliance: full\n  contact: { email: a@b.c }\n  prepared: 2026-01-01\n",
    );
    for name in common::THEME_TEMPLATES {
        f.write(
            &format!("themes/plain/templates/{name}"),
            "{{ page.title }}",
        );
    }
    let run = f.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(f.snapshot(), before);
    run.error_at("site.yaml:3:1", "theme `plain` has none");
}

#[test]
fn link_without_text() {
    break_with(&[(
        "content/a.md",
        "---\ntitle: A\n---\n\nRead [](training/01-legislation.md) first.\n",
    )])
    .error_at("content/a.md:5:6", "this link has no text");
}
