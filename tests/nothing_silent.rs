//! The real problem first, and nothing silently changed: a source that fails to load
//! is the only thing reported about it (what depends on it is quiet), and what a user
//! writes is kept as written, or refused at its place, never quietly read as
//! something else.

mod common;

use common::{FRAMEWORK, Fixture, Run};

/// A return to `s11` (the common framework: 1.1 and 1.2 on 25/50/75/100).
fn audit(org: &str, results: &str) -> String {
    format!(
        "kind: audit\nframework: s11\norganisation: {org}\nperiod: \"2025\"\nresults:\n{results}"
    )
}

const ALL_MET: &str =
    "  - { criterion: \"1.1\", grade: 100 }\n  - { criterion: \"1.2\", grade: 100 }\n";

/// Three returns to `s11`, and a page that links into the framework, into a return
/// and embeds one: everything that depends on the framework.
fn with_dependants(framework: &str) -> Fixture {
    let f = Fixture::new();
    f.write("content/audits/s11.yaml", framework);
    for org in ["a", "b", "c"] {
        f.write(
            &format!("content/audits/2025/{org}.yaml"),
            &audit(&format!("Org {org}"), ALL_MET),
        );
    }
    f.write(
        "content/report.md",
        "---\ntitle: Report\n---\n\nSee [the standard](audits/s11.yaml#standard-1) and [a criterion](audits/2025/a.yaml#criterion-1-1).\n\n```audit-summary\naudits/2025/b.yaml\n```\n",
    );
    f
}

/// Exactly one problem, at `location`, whatever its wording (a YAML syntax error's
/// wording is another matter).
fn one_problem_at(run: &Run, location: &str) {
    run.error_at(location, "");
    let problems = run
        .stderr
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .count();
    assert_eq!(problems, 1, "expected one problem:\n{}", run.stderr);
}

#[test]
fn a_framework_whose_yaml_does_not_parse_is_the_only_problem() {
    // `criteria:` indented too little, as a new user wrote it.
    let broken = FRAMEWORK.replace("    criteria:\n", "  criteria:\n");
    let f = with_dependants(&broken);
    let run = f.build();
    one_problem_at(&run, "content/audits/s11.yaml:13:3");
    run.plain();
}

#[test]
fn a_framework_with_a_mistake_is_the_only_problem() {
    let broken = FRAMEWORK.replace("title: Section 11", "titel: Section 11");
    let f = with_dependants(&broken);
    f.build()
        .only_error("content/audits/s11.yaml:3:1", &["`titel`", "title"]);
}

#[test]
fn a_framework_without_a_readable_id_quiets_returns_to_missing_frameworks() {
    let broken = FRAMEWORK.replace("id: s11\n", "");
    let f = with_dependants(&broken);
    let run = f.build();
    one_problem_at(&run, "content/audits/s11.yaml:1:1");
    assert!(run.stderr.contains("`id`"), "{}", run.stderr);
}

#[test]
fn a_framework_with_a_misspelt_kind_is_the_only_problem() {
    let broken = FRAMEWORK.replace("kind: framework", "kind: framwork");
    let f = with_dependants(&broken);
    f.build().only_error(
        "content/audits/s11.yaml:1:7",
        &["`framwork`", "did you mean `framework`?"],
    );
}

#[test]
fn a_broken_return_is_the_only_problem() {
    let f = with_dependants(FRAMEWORK);
    f.write(
        "content/audits/2025/b.yaml",
        &audit("Org b", ALL_MET).replace("period:", "perod:"),
    );
    f.build()
        .only_error("content/audits/2025/b.yaml:4:1", &["`perod`"]);
}

#[test]
fn links_into_a_broken_glossary_or_page_are_quiet() {
    let f = Fixture::new();
    f.write(
        "content/glossary.yaml",
        "kind: glossary\nterms:\n  LSCB: Local Safeguarding Children Board\ntitel: x\n",
    );
    f.write(
        "content/a.md",
        "---\ntitle: A\n---\n\nSee [LSCB](glossary.yaml#lscb) and [the glossary](/glossary/#lscb).\n",
    );
    f.build()
        .only_error("content/glossary.yaml:4:1", &["`titel`"]);
    // The glossary fixed, a page broken: links into it, however written, are quiet.
    f.write(
        "content/glossary.yaml",
        "kind: glossary\nterms:\n  LSCB: Local Safeguarding Children Board\n",
    );
    f.write(
        "content/b.md",
        "---\ntitle: B\ntitel: x\n---\n\n## Duties\n",
    );
    f.write(
        "content/a.md",
        "---\ntitle: A\n---\n\nSee [B](b.md#nothing-here) and [B again](/b/#nothing).\n",
    );
    f.build().only_error("content/b.md:3:1", &["`titel`"]);
}

/// A paper whose cover sheet says `version: VERSION`.
fn paper(version: &str) -> String {
    format!(
        "---\ntitle: Section 11 audit\ntype: paper\npaper:\n  meeting: Quality and Safety Committee\n  meeting_date: 2016-09-13\n  agenda_item: 7.10\n  action_required: assurance\n  purpose: To give assurance.\n  implications:\n    Financial: 1.50\n  version: {version}\n  status: final\n---\n\nText.\n"
    )
}

#[test]
fn text_written_as_a_number_is_shown_as_written() {
    let f = Fixture::new();
    f.write("content/papers/s11.md", &paper("1.0"));
    f.build().ok();
    let html = f.read("output/papers/s11/index.html");
    assert!(html.contains("<td>1.0 (final)</td>"), "{html}");
    assert!(html.contains("7.10"), "{html}");
    assert!(html.contains("1.50"), "{html}");
    // Titles, periods and ids too.
    f.write(
        "content/audits/s11.yaml",
        &FRAMEWORK
            .replace("id: s11", "id: 1.0")
            .replace("title: Section 11 self-assessment", "title: 2.50"),
    );
    f.write(
        "content/audits/a.yaml",
        &audit("Org a", ALL_MET)
            .replace("framework: s11", "framework: 1.0")
            .replace("period: \"2025\"", "period: 2025.10"),
    );
    f.build().ok();
    let html = f.read("output/audits/a/index.html");
    assert!(html.contains("Org a, 2025.10"), "{html}");
    assert!(
        f.read("output/audits/s11/index.html")
            .contains("<h1>2.50</h1>")
    );
}

#[test]
fn an_unknown_callout_is_an_error_naming_the_five() {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        "---\ntitle: A\n---\n\n> [!NOTE]\n> Fine.\n\n> [!DANGER]\n> Do not share passwords.\n",
    );
    f.build().only_error(
        "content/a.md:8:1",
        &[
            "`[!DANGER]` is not a kind of callout",
            "`[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`",
            "the nearest is `[!WARNING]`",
        ],
    );
}

#[test]
fn not_applicable_needs_a_reason_in_words() {
    for (written, said) in [
        ("yes", "`yes` is not a reason"),
        ("true", "`true` is not a reason"),
        ("3", "`3` is not a reason"),
        ("\"\"", "gives no reason"),
        ("", "gives no reason"),
    ] {
        let f = Fixture::new();
        f.write("content/audits/s11.yaml", FRAMEWORK);
        f.write(
            "content/audits/a.yaml",
            &audit(
                "Org a",
                &format!(
                    "  - criterion: \"1.1\"\n    grade: 100\n  - criterion: \"1.2\"\n    not_applicable: {written}\n"
                ),
            ),
        );
        f.build().only_error(
            "content/audits/a.yaml:9:5",
            &["criterion `1.2`", said, "say why in words"],
        );
    }
}

#[test]
fn draft_is_true_or_false_only() {
    for written in ["\"yes\"", "yes", "1", "on"] {
        let f = Fixture::new();
        f.write(
            "content/a.md",
            &format!("---\ntitle: A\ndraft: {written}\n---\n"),
        );
        f.build().only_error(
            "content/a.md:3:8",
            &["is not `true` or `false`", "write `true` or `false`"],
        );
    }
    let f = Fixture::new();
    f.write("content/a.md", "---\ntitle: A\ndraft:\n---\n");
    f.build().only_error(
        "content/a.md:3:6",
        &["this is empty", "write `true` or `false`"],
    );
    // Written plainly, a draft is left out as before.
    let f = Fixture::new();
    f.write("content/a.md", "---\ntitle: A\ndraft: true\n---\n");
    f.build().ok();
    assert!(!f.exists("output/a/index.html"));
}

#[test]
fn a_grade_may_be_written_as_its_label() {
    let f = Fixture::new();
    f.write("content/audits/s11.yaml", FRAMEWORK);
    f.write(
        "content/audits/a.yaml",
        &audit(
            "Org a",
            "  - { criterion: \"1.1\", grade: Mostly met, moderated: \"fully  MET\" }\n  - { criterion: \"1.2\", grade: 50 }\n",
        ),
    );
    let run = f.build();
    run.ok();
    let json = f.read("output/audits/a/audit.json");
    assert!(json.contains("\"grade\": 75"), "{json}");
    assert!(json.contains("\"moderated\": 100"), "{json}");
    assert!(json.contains("\"grade\": 50"), "{json}");
}

#[test]
fn a_grade_that_is_neither_value_nor_label_names_both() {
    let f = Fixture::new();
    f.write("content/audits/s11.yaml", FRAMEWORK);
    f.write(
        "content/audits/a.yaml",
        &audit(
            "Org a",
            "  - { criterion: \"1.1\", grade: Mostly mett }\n  - { criterion: \"1.2\", grade: 100 }\n",
        ),
    );
    f.build().only_error(
        "content/audits/a.yaml:6:32",
        &[
            "`Mostly mett` is not a grade of `s11` (did you mean `Mostly met`?)",
            "25 (Not met), 50 (Partially met), 75 (Mostly met) or 100 (Fully met)",
        ],
    );
}

fn with_legislation() -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/training/01-legislation.md",
        "---\ntitle: Legislation\n---\n\n## Children Act 2004\n",
    );
    f
}

#[test]
fn a_link_to_a_site_address_is_checked_and_works_from_disk() {
    let f = with_legislation();
    f.write(
        "content/papers/a.md",
        "---\ntitle: A\n---\n\nSee [the Act](/training/legislation/#children-act-2004), [training](/training) and [search](/search/).\n",
    );
    f.build().ok();
    let html = f.read("output/papers/a/index.html");
    assert!(
        html.contains(r#"href="../../training/legislation/#children-act-2004""#),
        "{html}"
    );
    assert!(html.contains(r#"href="../../training/""#), "{html}");
    assert!(html.contains(r#"href="/search/""#), "{html}");
}

#[test]
fn a_link_to_a_missing_heading_at_a_site_address_is_an_error() {
    let f = with_legislation();
    f.write(
        "content/papers/a.md",
        "---\ntitle: A\n---\n\nSee [section 43](/training/legislation/#nothing).\n",
    );
    f.build().only_error(
        "content/papers/a.md:5:5",
        &[
            "`/training/legislation/` has no heading `#nothing`",
            "#children-act-2004",
        ],
    );
}

#[test]
fn a_link_to_a_missing_site_address_is_an_error() {
    let f = with_legislation();
    f.write(
        "content/papers/a.md",
        "---\ntitle: A\n---\n\nSee [section 43](/training/section-43/#nothing).\n",
    );
    f.build().only_error(
        "content/papers/a.md:5:5",
        &[
            "there is no page at `/training/section-43/`",
            "by its path from this file",
        ],
    );
}

#[test]
fn folder_titles_keep_their_hyphens_and_drop_order_numbers() {
    let f = Fixture::new();
    f.write("content/audits/2025-26/a.md", "---\ntitle: A\n---\n");
    f.write("content/01-legislation/b.md", "---\ntitle: B\n---\n");
    f.write("content/section-11-audits/c.md", "---\ntitle: C\n---\n");
    f.build().ok();
    for (page, title) in [
        ("output/audits/2025-26/index.html", "<h1>2025-26</h1>"),
        ("output/legislation/index.html", "<h1>Legislation</h1>"),
        (
            "output/section-11-audits/index.html",
            "<h1>Section 11 audits</h1>",
        ),
    ] {
        let html = f.read(page);
        assert!(html.contains(title), "{page}: {html}");
    }
}

#[test]
fn a_misspelt_site_address_names_the_nearest() {
    let f = with_legislation();
    f.write(
        "content/papers/a.md",
        "---\ntitle: A\n---\n\nSee [the Act](/training/legislaton/).\n",
    );
    f.build().only_error(
        "content/papers/a.md:5:5",
        &[
            "there is no page at `/training/legislaton/`",
            "did you mean `/training/legislation/`?",
        ],
    );
}

#[test]
fn links_to_a_second_glossary_or_a_file_that_lost_its_address_are_quiet() {
    let f = Fixture::new();
    let glossary = "kind: glossary\nterms:\n  LSCB: Local Safeguarding Children Board\n";
    f.write("content/a-glossary.yaml", glossary);
    f.write("content/b-glossary.yaml", glossary);
    f.write(
        "content/a.md",
        "---\ntitle: A\n---\n\nSee [the other glossary](b-glossary.yaml#lscb).\n",
    );
    f.build()
        .only_error("content/b-glossary.yaml:1:1", &["a site has one glossary"]);
    let f = Fixture::new();
    f.write("content/a.md", "---\ntitle: A\n---\n\n## Duties\n");
    f.write("content/a.yaml", glossary);
    f.write(
        "content/b.md",
        "---\ntitle: B\n---\n\nSee [the glossary](a.yaml#lscb).\n",
    );
    f.build()
        .only_error("content/a.yaml:1:1", &["would both be published at /a/"]);
}
