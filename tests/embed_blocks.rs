//! `actions`, `trend` and `organisation` blocks: open actions as the tracker orders
//! them, a framework's trend as its page shows it, an organisation's profile as its
//! page has it; every mistake in a block one plain message at its place.

mod common;

use common::{FRAMEWORK, Fixture, Run, between};

/// The second version of `s11`, replacing it criterion for criterion.
fn framework_v2() -> String {
    let v2 = FRAMEWORK.replace(
        "id: s11\ntitle: Section 11 self-assessment",
        "id: s11-2\ntitle: Section 11 (2024)",
    );
    assert_ne!(v2, FRAMEWORK, "the fixture framework's id and title moved");
    v2 + "replaces:\n  framework: s11\n"
}

/// A Trust was renamed B Trust; B and C are The Partnership; D stands alone.
const REGISTRY: &str = r#"kind: organisations
title: Organisations
visibility: public
organisations:
  - { id: a, name: A Trust, ods: A1, closed: 2020-03-31 }
  - { id: b, name: B Trust, ods: B1, predecessors: [a], partnerships: [sp] }
  - { id: c, name: C Trust, ods: C1, partnerships: [sp] }
  - { id: d, name: D Trust, ods: D1 }
partnerships:
  - { id: sp, name: The Partnership }
"#;

fn audit(fw: &str, org: &str, period: &str, grades: [u32; 2], actions: &[&str]) -> String {
    let mut s = format!(
        "kind: audit\nframework: {fw}\norganisation: {org}\nperiod: \"{period}\"\nresults:\n  - {{ criterion: \"1.1\", grade: {} }}\n  - {{ criterion: \"1.2\", grade: {} }}\n",
        grades[0], grades[1]
    );
    if !actions.is_empty() {
        s.push_str("actions:\n");
        for a in actions {
            s.push_str(&format!("  - {a}\n"));
        }
    }
    s
}

/// As of 2026-11-22 (the fixtures' date): A1 and C1 are overdue, C1 the longest.
fn site(report: &str) -> Fixture {
    let f = Fixture::new();
    f.write("content/organisations.yaml", REGISTRY)
        .write("content/audits/section-11.yaml", FRAMEWORK)
        .write("content/audits/section-11-2024.yaml", &framework_v2())
        .write(
            "content/audits/a-2016.yaml",
            &audit("s11", "A Trust", "2016", [50, 75], &[
                r#"{ id: A1, criterion: "1.1", action: Name a lead., due: 2026-01-01, status: open }"#,
                r#"{ id: A2, criterion: "1.2", action: Write the policy., due: 2027-01-01, status: open }"#,
                r#"{ id: A3, criterion: "1.2", action: Done already., due: 2016-01-01, status: done }"#,
            ]),
        )
        .write(
            "content/audits/c-2016.yaml",
            &audit("s11", "C Trust", "2016", [100, 100], &[
                r#"{ id: C1, criterion: "1.1", action: Train the board., due: 2025-06-01, status: in-progress }"#,
            ]),
        )
        .write(
            "content/audits/d-2016.yaml",
            &audit("s11", "D Trust", "2016", [25, 25], &[
                r#"{ id: D1, criterion: "1.1", action: Find a lead., status: open }"#,
            ]),
        )
        .write(
            "content/audits/b-2024.yaml",
            &audit("s11-2", "B Trust", "2024", [75, 100], &[
                r#"{ id: B1, criterion: "1.2", action: Share the policy., due: 2027-06-01, status: open }"#,
            ]),
        )
        .write(
            "content/audits/d-2024.yaml",
            &audit("s11-2", "D Trust", "2024", [100, 100], &[
                r#"{ id: S1, criterion: "1.1", action: Secret action PRIVMARK., due: 2020-01-01, status: open }"#,
            ])
            .replace("results:", "visibility: private\nresults:"),
        )
        .write("content/reports/r.md", report);
    f
}

/// A report whose body is the blocks given (the first fence at line 5).
fn report(blocks: &[(&str, &str)]) -> String {
    let mut s = String::from("---\ntitle: Report\n---\n\n");
    for (kind, body) in blocks {
        s.push_str(&format!("```{kind}\n{body}\n```\n\n"));
    }
    s
}

fn built(blocks: &[(&str, &str)]) -> (Fixture, String) {
    let f = site(&report(blocks));
    f.build().ok();
    let html = f.read("output/reports/r/index.html");
    (f, html)
}

/// The action ids of the table with caption id `id`, in order.
fn action_ids(html: &str, id: &str) -> Vec<String> {
    let table = between(html, &format!("<caption id=\"{id}-caption\">"), "</table>");
    table
        .split("<span class=\"action-id\">")
        .skip(1)
        .map(|s| s[..s.find('<').unwrap()].to_string())
        .collect()
}

/// Exactly these errors, at these places.
fn only(run: &Run, expected: &[(&str, &str)]) {
    for (at, needle) in expected {
        run.error_at(at, needle);
    }
    let errors = run
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .count();
    assert_eq!(errors, expected.len(), "{}", run.stderr);
}

#[test]
fn actions_are_listed_overdue_first_as_the_tracker_lists_them() {
    let (f, html) = built(&[
        ("actions", ""),
        ("actions", "organisation: The Partnership"),
        ("actions", "../audits/section-11.yaml\norganisation: A1"),
        ("actions", "framework: s11-2"),
        (
            "actions",
            "../audits/c-2016.yaml\ncaption: What C Trust still has to do",
        ),
        ("actions", "organisation: D Trust\nperiod: 2016"),
        ("actions", "framework: s11-2\norganisation: C Trust"),
    ]);
    // Everything: overdue first (S1 due 2020, C1 due 2025, then A1 due 2026), then
    // by due date, none last; done actions never.
    assert_eq!(
        action_ids(&html, "sg-actions-1"),
        ["S1", "C1", "A1", "A2", "B1", "D1"]
    );
    let tracker = f.read("output/assurance/actions/index.html");
    let on_tracker: Vec<String> = tracker
        .split("<span class=\"action-id\">")
        .skip(1)
        .map(|s| s[..s.find('<').unwrap()].to_string())
        .collect();
    assert_eq!(on_tracker, action_ids(&html, "sg-actions-1"));
    // The partnership: its members B (and A, its earlier name) and C.
    assert_eq!(action_ids(&html, "sg-actions-2"), ["C1", "A1", "A2", "B1"]);
    // A by its ODS code, in the first framework.
    assert_eq!(action_ids(&html, "sg-actions-3"), ["A1", "A2"]);
    assert_eq!(action_ids(&html, "sg-actions-4"), ["S1", "B1"]);
    assert!(
        html.contains(
            "<caption id=\"sg-actions-5-caption\">What C Trust still has to do</caption>"
        )
    );
    assert_eq!(action_ids(&html, "sg-actions-5"), ["C1"]);
    assert_eq!(action_ids(&html, "sg-actions-6"), ["D1"]);
    assert!(
        html.contains("Actions not done: D Trust, 2016, overdue first</caption>"),
        "{html}"
    );
    // Nothing to list: a sentence, not an empty table.
    assert!(!html.contains("sg-actions-7-caption"));
    assert!(
        html.contains("<p>No open actions for C Trust, Section 11 (2024).</p>"),
        "{html}"
    );
    // The table is labelled by its caption, and links each action to its return.
    assert!(html.contains(r#"role="region" aria-labelledby="sg-actions-1-caption""#));
    assert!(html.contains(r#"<tr class="overdue">"#));
    assert!(
        html.contains(r#"href="../../audits/c-2016/#action-c1""#),
        "{html}"
    );
}

#[test]
fn a_public_build_leaves_out_a_private_returns_actions() {
    let f = site(&report(&[
        ("actions", ""),
        ("actions", "organisation: D Trust"),
    ]));
    f.build().ok();
    let html = f.read("output/reports/r/index.html");
    assert!(html.contains("PRIVMARK"), "a private build shows it");
    assert_eq!(action_ids(&html, "sg-actions-2"), ["S1", "D1"]);
    f.run(&["build", "--audience", "public"]).ok();
    let html = f.read("output/reports/r/index.html");
    assert!(!html.contains("PRIVMARK"));
    assert_eq!(
        action_ids(&html, "sg-actions-1"),
        ["C1", "A1", "A2", "B1", "D1"]
    );
    assert_eq!(action_ids(&html, "sg-actions-2"), ["D1"]);
}

#[test]
fn a_trend_is_the_framework_pages_trend() {
    let (f, html) = built(&[
        ("trend", "../audits/section-11-2024.yaml"),
        (
            "trend",
            "../audits/section-11-2024.yaml\norganisation: B Trust\ncaption: B Trust over time",
        ),
    ]);
    let page = f.read("output/audits/section-11-2024/index.html");
    // Every period, the replaced framework's labelled, with the page's figures.
    let table = between(&html, "<caption id=\"sg-trend-1-caption\">", "</table>");
    let on_page = between(&page, "<caption id=\"sg-trend-caption\">", "</table>");
    let cells = |t: &str| -> Vec<String> {
        t.split("<td")
            .skip(1)
            .map(|c| c[..c.find("</td>").unwrap()].to_string())
            .collect()
    };
    // Both pages are two folders down, so even the links are the same.
    assert_eq!(cells(table), cells(on_page));
    assert_eq!(cells(table).len(), 2 * 7, "two periods, seven cells each");
    assert!(table.contains(">Section 11 self-assessment</a>"), "{table}");
    assert!(table.contains("<td>This framework</td>"));
    assert!(
        table.contains(r#"<a href="../../audits/section-11-2024/#period-2024">2024</a>"#),
        "{table}"
    );
    // A chart in a figure, its text alternative and caption.
    let figure = between(&html, "<figure", "</figure>");
    assert!(figure.contains(r#"<svg class="chart" role="img" aria-labelledby="sg-trend-1-chart-title sg-trend-1-chart-desc""#), "{figure}");
    assert!(figure.contains("2016 (s11)"));
    assert!(figure.contains("<figcaption id=\"sg-trend-1-figcaption\">Share of graded results at each grade by period, Section 11 (2024)</figcaption>"));
    // One organisation, under its earlier name too: A Trust 2016 (50 + 75) / 2 =
    // 62.5, B Trust 2024 (75 + 100) / 2 = 87.5.
    let scores = between(&html, "<caption id=\"sg-trend-2-caption\">", "</table>");
    // `caption:` is the table's; the chart keeps its own.
    assert!(
        scores.starts_with("B Trust over time</caption>"),
        "{scores}"
    );
    assert!(
        html.contains(">Score of B Trust by period, Section 11 (2024)</figcaption>"),
        "{html}"
    );
    assert!(
        scores.contains(
            r#"<span class="num">87.5</span> <strong class="grade grade-amber">Mostly met</strong>"#
        ),
        "{scores}"
    );
    assert!(scores.contains(
        r#"<span class="num">62.5</span> <strong class="grade grade-blue">Partially met</strong>"#
    ));
    assert!(scores.contains("(as A Trust)"));
    assert!(
        html.contains(">87.5 Mostly met</text>"),
        "the chart shows the table's figures"
    );
}

#[test]
fn a_profile_is_the_organisation_pages_figures() {
    let (f, html) = built(&[
        ("organisation", "B1"),
        ("organisation", "C Trust\ncaption: C"),
    ]);
    let table = between(&html, "<caption id=\"sg-profile-1-caption\">", "</table>");
    assert!(
        table.starts_with(
            "B Trust: latest audit returns, actions not done and latest figures</caption>"
        ),
        "{table}"
    );
    // Its latest return to each framework: 2024 to the new one, 2016 (as A Trust) to the old.
    assert!(
        table.contains(r#"<a href="../../audits/b-2024/">Section 11 (2024)</a>"#),
        "{table}"
    );
    assert!(table.contains(">Section 11 self-assessment (as A Trust)</a>"));
    assert!(table.contains("<td>3</td>"), "{table}");
    assert!(table.contains("1 overdue"));
    let page = f.read("output/organisations/b/index.html");
    assert!(
        page.contains("3 actions not done"),
        "the page says the same: {page}"
    );
    assert!(html.contains(r#"<a href="../../organisations/b/">B Trust: its own page</a>"#));
    assert!(html.contains("<caption id=\"sg-profile-2-caption\">C</caption>"));
}

const KPIS: &str = "kind: indicators
id: kpis
title: Partnership indicators
visibility: public
data: kpis.csv
indicators:
  - { id: referrals, title: Referrals, unit: count, better: higher, measure: sum }
";

/// A profile row: its cells after the row header that starts with `what`.
fn profile_row(html: &str, what: &str) -> Vec<String> {
    let row = between(html, &format!(">{what}"), "</tr>");
    row.split("<td>")
        .skip(1)
        .map(|c| c[..c.find("</td>").unwrap()].to_string())
        .collect()
}

#[test]
fn a_profile_has_the_change_since_the_last_return_and_each_datasets_figures() {
    let f = site(&report(&[("organisation", "d")]));
    // D Trust 2016: 25; 2017: (50 + 75) / 2 = 62.5, so +37.5.
    f.write("content/audits/d-2017.yaml", &audit("s11", "D Trust", "2017", [50, 75], &[]))
        .write("content/data/kpis.yaml", KPIS)
        .write(
            "content/data/kpis.csv",
            "indicator,organisation,period,numerator,denominator,value\nreferrals,D Trust,2025-26 Q1,,,20\nreferrals,D1,2025-26 Q2,,,30\n",
        );
    f.build().ok();
    let html = f.read("output/reports/r/index.html");
    let row = profile_row(&html, "Section 11 self-assessment</a>");
    assert_eq!(row[0], "2017");
    assert_eq!(row[3], "+37.5 since 2016", "{row:?}");
    assert_eq!(profile_row(&html, "Actions not done")[1], "2");
    // The figure its page shows, with the change its page shows.
    let row = profile_row(&html, "Partnership indicators: Referrals");
    let page = f.read("output/organisations/d/index.html");
    let held = between(&page, ">Referrals</a></th>", "</tr>");
    assert!(
        held.contains(&format!("<td class=\"num\">{}</td>", row[1])),
        "{row:?} {held}"
    );
    assert!(
        held.contains(&format!("<td class=\"num\">{}</td>", row[3])),
        "{row:?} {held}"
    );
    assert_eq!(row[0], "2025-26 Q2");
    assert_eq!((row[1].as_str(), row[3].as_str()), ("30", "+10"), "{row:?}");
}

#[test]
fn a_change_in_the_data_shows_in_the_blocks() {
    let f = site(&report(&[
        ("actions", "organisation: D Trust"),
        ("organisation", "D Trust"),
    ]));
    f.build().ok();
    assert_eq!(
        action_ids(&f.read("output/reports/r/index.html"), "sg-actions-1"),
        ["S1", "D1"]
    );
    f.write(
        "content/audits/d-2016.yaml",
        &audit(
            "s11",
            "D Trust",
            "2016",
            [25, 25],
            &[
                r#"{ id: D1, criterion: "1.1", action: Find a lead., status: done }"#,
                r#"{ id: D2, criterion: "1.2", action: Find a policy., status: open }"#,
            ],
        ),
    );
    f.build().ok();
    let html = f.read("output/reports/r/index.html");
    assert_eq!(action_ids(&html, "sg-actions-1"), ["S1", "D2"]);
}

#[test]
fn every_mistake_in_a_block_is_said_at_its_place() {
    let run = site(&report(&[
        (
            "actions",
            "organisation: B Trusst\nperiod: 2017\ncolour: red",
        ),
        (
            "trend",
            "../audits/a-2016.yaml\norganisation: The Partnership",
        ),
        ("organisation", ""),
        ("trend", "../audits/section-12.yaml"),
        ("actions", "../reports/r.md\nframework: s12"),
        ("organisation", "Zed Trust\nkey"),
    ]))
    .build();
    only(
        &run,
        &[
            (
                "content/reports/r.md:6:15",
                "there is no organisation `B Trusst` in the organisations registry (did you mean `B Trust`?)",
            ),
            (
                "content/reports/r.md:7:9",
                "there are no returns to this site's frameworks for `2017` (did you mean `2016`?)",
            ),
            (
                "content/reports/r.md:8:1",
                "`colour:` is not a setting of an `actions` block",
            ),
            (
                "content/reports/r.md:12:1",
                "`../audits/a-2016.yaml` is an audit return, not a framework: a `trend` block names the framework's file, here `../audits/section-11.yaml`",
            ),
            (
                "content/reports/r.md:13:15",
                "`The Partnership` is a partnership, not one organisation: name one of its members, such as `B Trust`",
            ),
            (
                "content/reports/r.md:16:1",
                "this `organisation` block is empty",
            ),
            (
                "content/reports/r.md:21:1",
                "`../audits/section-12.yaml` does not exist (did you mean `../audits/section-11.yaml`?)",
            ),
            (
                "content/reports/r.md:25:1",
                "`../reports/r.md` is not a framework (`kind: framework`) or an audit return",
            ),
            ("content/reports/r.md:26:1", "this block already names"),
            (
                "content/reports/r.md:30:1",
                "there is no organisation `Zed Trust`",
            ),
            (
                "content/reports/r.md:31:1",
                "`key` is not a setting of an `organisation` block",
            ),
        ],
    );
}

#[test]
fn without_a_registry_organisations_are_the_returns_names() {
    let f = site(&report(&[
        ("actions", "organisation: c trust"),
        ("organisation", "C Trust"),
    ]));
    f.remove("content/organisations.yaml");
    f.write(
        "content/audits/b-2024.yaml",
        &audit("s11-2", "B Trust", "2024", [75, 100], &[]),
    );
    let run = f.build();
    only(
        &run,
        &[(
            "content/reports/r.md:10:1",
            "an `organisation` block shows an organisation of the organisations registry, and this site has none",
        )],
    );
    f.write(
        "content/reports/r.md",
        &report(&[
            ("actions", "organisation: c trust"),
            ("actions", "organisation: C Trsut"),
        ]),
    );
    let run = f.build();
    only(
        &run,
        &[(
            "content/reports/r.md:10:15",
            "no audit return is from `C Trsut` (did you mean `C Trust`?)",
        )],
    );
    f.write(
        "content/reports/r.md",
        &report(&[("actions", "organisation: c trust")]),
    );
    f.build().ok();
    assert_eq!(
        action_ids(&f.read("output/reports/r/index.html"), "sg-actions-1"),
        ["C1"]
    );
}

#[test]
fn a_block_naming_a_framework_that_failed_to_load_is_quiet() {
    let f = site(&report(&[
        ("trend", "../audits/section-11.yaml"),
        ("actions", "framework: s11"),
    ]));
    f.write(
        "content/audits/section-11.yaml",
        "kind: framework\nid: s11\ntitle: [\n",
    );
    let run = f.build();
    assert_eq!(run.code, 1);
    assert!(
        !run.stderr.contains("content/reports/r.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_registry_that_failed_to_load_or_is_private_is_said_once() {
    let blocks = [("organisation", "B Trust"), ("actions", "organisation: B1")];
    let f = site(&report(&blocks));
    f.write(
        "content/organisations.yaml",
        &REGISTRY.replace("title: Organisations", "title: [Organisations"),
    );
    let run = f.build();
    assert_eq!(run.code, 1);
    assert!(
        !run.stderr.contains("content/reports/r.md"),
        "{}",
        run.stderr
    );
    let f = site(&report(&blocks));
    f.write(
        "content/organisations.yaml",
        &REGISTRY.replace("visibility: public", "visibility: private"),
    );
    f.build().ok();
    let run = f.run(&["build", "--audience", "public"]);
    for at in ["content/reports/r.md:6:1", "content/reports/r.md:10:15"] {
        run.error_at(
            at,
            "the organisations registry is not published in this public build",
        );
    }
}

#[test]
fn settings_are_checked_against_the_site() {
    let run = site(&report(&[
        ("actions", "framework: s12\nperiod: 2016"),
        ("actions", "framework: s11-2\nperiod: 2016\nperiod: 2024"),
        ("trend", "../audits/section-11.yaml\ncaption:\nby: year"),
    ]))
    .build();
    only(
        &run,
        &[
            (
                "content/reports/r.md:6:12",
                "there is no framework `s12` (did you mean `s11`?): write the `id` of one of this site's frameworks, `s11` or `s11-2`",
            ),
            (
                "content/reports/r.md:12:9",
                "there are no returns to `s11-2` for `2016` (did you mean `2024`?)",
            ),
            (
                "content/reports/r.md:13:1",
                "`period:` is given twice in this block: keep one",
            ),
            (
                "content/reports/r.md:18:1",
                "`caption:` has nothing after it",
            ),
            (
                "content/reports/r.md:19:1",
                "`by:` is not a setting of a `trend` block: its settings are `organisation` and `caption`",
            ),
        ],
    );
}

#[test]
fn whether_there_is_a_registry_is_known_not_guessed_from_text() {
    // No registry, and a page that shows one as an example: the block says there is
    // none.
    let f = Fixture::new();
    f.write(
        "content/guide.md",
        "---\ntitle: Guide\n---\n\n```yaml\nkind: organisations\n```\n",
    );
    f.write(
        "content/r.md",
        "---\ntitle: R\n---\n\n```organisation\nx-trust\n```\n",
    );
    let run = f.run(&["check"]);
    run.error_at("content/r.md:6", "this site has none");
    assert!(!run.stderr.contains("not published"), "{}", run.stderr);
    // A registry that fails to load says so itself; the block adds nothing.
    f.write(
        "content/organisations.yaml",
        "kind: organisations   # who is who\norganisations:\n  - { id: x-trust, name: X Trust, nmae: typo }\n",
    );
    let run = f.run(&["check"]);
    assert!(
        run.stderr.contains("content/organisations.yaml:"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("content/r.md"), "{}", run.stderr);
}
