//! Assurance data: frameworks and audit returns become audit, framework, index and
//! tracker pages, downloads and embedded summaries; every kind of bad data is an
//! error at its line and column that leaves the previous output untouched.

mod common;

use common::Fixture;

const FRAMEWORK: &str = r#"kind: framework
id: s11
title: Section 11 self-assessment
scale:
  - { value: 25, label: Not met, colour: red }
  - { value: 50, label: Partially met, colour: blue }
  - { value: 75, label: Mostly met, colour: amber }
  - { value: 100, label: Fully met, colour: green }
standards:
  - id: "1"
    title: Leadership
    criteria:
      - id: "1.1"
        text: A board-level lead for safeguarding.
        descriptors:
          25: No named lead.
          100: Named lead who reports to the board yearly.
      - { id: "1.2", text: A safeguarding policy., weight: 3 }
  - id: "2"
    title: Training
    criteria:
      - { id: "2.1", text: Staff are trained. }
"#;

/// Org A improves from 2015 to 2016; Org B returned in 2015 only.
fn assured() -> Fixture {
    let f = Fixture::new();
    f.write("content/audits/s11.yaml", FRAMEWORK);
    f.write(
        "content/audits/a-2015.yaml",
        r#"kind: audit
framework: s11
organisation: Org A
period: "2015"
results:
  - { criterion: "1.1", grade: 50 }
  - { criterion: "1.2", grade: 50 }
  - { criterion: "2.1", grade: 100 }
actions:
  - { id: A1, criterion: "1.1", action: Name a lead., owner: Chief executive, due: 2015-12-01, status: done }
  - { id: A2, criterion: "1.2", action: Write the policy., owner: Chief nurse, due: 2015-12-01, status: open }
"#,
    );
    f.write(
        "content/audits/a-2016.yaml",
        r#"kind: audit
framework: s11
organisation: Org A
period: "2016"
submitted: 2016-08-22
completed_by: Designated nurse
note: Illustrative figures.
results:
  - { criterion: "1.1", grade: 100, evidence: [Board minutes 2016-03, Job description], comment: Lead named in March. }
  - { criterion: "1.2", grade: 100, moderated: 75 }
  - { criterion: "2.1", not_applicable: Not a provider of direct services }
actions:
  - { id: A1, criterion: "1.2", action: Review the policy with partners., owner: Chief nurse, due: 2017-01-01, status: in-progress }
  - { id: A2, criterion: "1.2", action: Publish the policy., owner: Chief nurse, due: 2027-01-01, status: open }
"#,
    );
    f.write(
        "content/audits/b-2015.yaml",
        r#"kind: audit
framework: s11
organisation: Org B
period: "2015"
results:
  - { criterion: "1.1", grade: 100 }
  - { criterion: "1.2", grade: 100 }
  - { criterion: "2.1", grade: 100 }
"#,
    );
    f
}

#[test]
fn an_audit_page_shows_score_counts_chart_standards_criteria_actions_and_change() {
    let f = assured();
    let run = f.build();
    run.ok();
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
    let html = f.read("output/audits/a-2016/index.html");
    for expected in [
        "<h1>Org A, 2016</h1>",
        "Illustrative figures.",
        // (100×1 + 75×3) / 4 = 81.25, labelled with the level at or below it.
        r#"<span class="num">81.2</span> <strong class="grade grade-amber">Mostly met</strong>"#,
        "Weighted mean of 2 graded criteria",
        "1 not applicable",
        // The change since 2015: (50 + 150) / 4 = 50 for standard 1, 60 overall.
        "+21.2",
        "From 60.0 (Partially met) in the",
        // A chart with a text alternative, and the table beside it.
        r#"<svg class="chart" role="img" aria-labelledby="sg-audit-grades-title sg-audit-grades-desc""#,
        "<caption id=\"sg-counts-caption\">Criteria at each grade (2 graded, 1 not applicable)</caption>",
        // Criteria with grades as labelled tags, descriptors, evidence and comments.
        r#"<div class="criterion" id="criterion-1-1">"#,
        "Named lead who reports to the board yearly.",
        "<li>Board minutes 2016-03</li>",
        "Lead named in March.",
        "moderated from Fully met (100)",
        "Not a provider of direct services",
        // The action plan, overdue marked, the future one not.
        r#"<tr id="action-a1" class="overdue">"#,
        r#"<tr id="action-a2">"#,
        r#"<strong class="tag tag-overdue">Overdue</strong>"#,
        // Downloads beside the page.
        r#"<a href="../../audits/a-2016/audit.csv" download>audit.csv</a>"#,
    ] {
        assert!(html.contains(expected), "missing {expected:?}");
    }
}

#[test]
fn the_json_and_csv_downloads_hold_the_fields_spec_names() {
    let f = assured();
    f.build().ok();
    let json: serde_json::Value =
        serde_json::from_str(&f.read("output/audits/a-2016/audit.json")).unwrap();
    assert_eq!(json["framework"], "s11");
    assert_eq!(json["organisation"], "Org A");
    assert_eq!(json["period"], "2016");
    assert_eq!(json["score"], 81.25, "not rounded");
    assert_eq!(json["standards"][0]["id"], "1");
    assert_eq!(json["standards"][0]["score"], 81.25);
    assert!(json["standards"][1]["score"].is_null(), "nothing graded");
    assert_eq!(json["results"][1]["criterion"], "1.2");
    assert_eq!(json["results"][1]["grade"], 100.0);
    assert_eq!(json["results"][1]["moderated"], 75.0);
    assert_eq!(
        json["results"][2]["not_applicable"],
        "Not a provider of direct services"
    );
    assert!(json["results"][2].get("grade").is_none());
    assert!(json["results"][0].get("moderated").is_none());
    assert_eq!(json["actions"][0]["id"], "A1");
    assert_eq!(json["actions"][0]["status"], "in-progress");
    assert_eq!(json["actions"][0]["due"], "2017-01-01");
    assert_eq!(json["actions"][0]["overdue"], true);
    assert_eq!(json["actions"][1]["overdue"], false);
    assert_eq!(json["previous"]["period"], "2015");

    let csv = f.read("output/audits/a-2016/audit.csv");
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "framework,organisation,period,standard,criterion,weight,grade,moderated,effective,label,not_applicable,evidence,comment,previous"
    );
    assert_eq!(
        lines[1],
        "s11,Org A,2016,1,1.1,1,100,,100,Fully met,,Board minutes 2016-03; Job description,Lead named in March.,50"
    );
    assert_eq!(
        lines[2],
        "s11,Org A,2016,1,1.2,3,100,75,75,Mostly met,,,,50"
    );
    assert_eq!(
        lines.len(),
        5,
        "a header, a row per criterion, a final line end"
    );
}

#[test]
fn a_framework_page_shows_criteria_grids_shares_missing_returns_and_trend() {
    let f = assured();
    f.build().ok();
    let html = f.read("output/audits/s11/index.html");
    for expected in [
        "<h1>Section 11 self-assessment</h1>",
        r#"<h3 id="standard-1">Standard 1: Leadership</h3>"#,
        "No named lead.",
        // Each period's returns side by side, newest first.
        r#"<h2 id="period-2016">Returns for 2016</h2>"#,
        r#"<td class="cell grade-amber">75<span class="visually-hidden"> Mostly met</span></td>"#,
        r#"<td class="cell grade-none">n/a</td>"#,
        // Org B returned in 2015 but not 2016.
        "that made a return for 2015 has no published return for 2016",
        "<li>Org B</li>",
        // Shares per criterion in 2015: half of the returns fully met 1.1.
        r#"<th scope="row" colspan="2">Fully met (100)</th>"#,
        // The trend across periods, drawn and tabulated.
        r#"<svg class="chart" role="img" aria-labelledby="sg-trend-title sg-trend-desc""#,
        "<caption id=\"sg-trend-caption\">",
    ] {
        assert!(html.contains(expected), "missing {expected:?}");
    }
    assert!(html.find("period-2016").unwrap() < html.find("Returns for 2015").unwrap());
}

#[test]
fn the_index_lists_returns_by_organisation_and_period_and_the_tracker_puts_overdue_first() {
    let f = assured();
    f.build().ok();
    let index = f.read("output/assurance/index.html");
    assert!(index.contains("<th scope=\"row\">Org A</th>"), "{index}");
    assert!(
        index.contains(r#"<a href="../audits/a-2016/">81.2</a>"#),
        "{index}"
    );
    assert!(index.contains("No return"), "Org B has none in 2016");
    let tracker = f.read("output/assurance/actions/index.html");
    let overdue_2015 = tracker.find("Write the policy.").unwrap();
    let overdue_2016 = tracker.find("Review the policy with partners.").unwrap();
    let future = tracker.find("Publish the policy.").unwrap();
    assert!(
        overdue_2015 < overdue_2016 && overdue_2016 < future,
        "{tracker}"
    );
    assert!(
        !tracker.contains("Name a lead."),
        "done actions are not tracked"
    );
    // Every page offers the assurance pages in the main navigation.
    assert!(
        f.read("output/index.html")
            .contains(r#"<a href="./assurance/">Assurance</a>"#)
    );
}

#[test]
fn a_page_embeds_an_audit_summary_and_links_to_returns() {
    let f = assured();
    f.write(
        "content/report.md",
        "---\ntitle: Annual report\n---\n\nSee [criterion 1.2](audits/a-2016.yaml#criterion-1-2).\n\n```audit-summary\naudits/a-2016.yaml\n```\n\nAnd again:\n\n```audit-summary\naudits/a-2015.yaml\n```\n",
    );
    f.build().ok();
    let html = f.read("output/report/index.html");
    assert!(
        html.contains(r#"<a href="../audits/a-2016/#criterion-1-2">"#),
        "{html}"
    );
    assert!(html.contains(r#"<section class="audit-summary" aria-labelledby="sg-summary-1">"#));
    assert!(
        html.contains(r#"aria-labelledby="sg-summary-2""#),
        "ids stay unique"
    );
    assert!(
        html.contains(r#"<a href="../audits/a-2016/">Org A, 2016</a>"#),
        "{html}"
    );
    assert!(html.contains(r#"<span class="num">81.2</span>"#));
}

#[test]
fn scales_other_than_percentages_work() {
    let f = Fixture::new();
    f.write(
        "content/ofsted.yaml",
        "kind: framework\nid: o\ntitle: O\nscale:\n  - { value: 0, label: Inadequate, colour: red }\n  - { value: 1, label: Requires improvement, colour: amber }\n  - { value: 2, label: Good, colour: green }\n  - { value: 3, label: Outstanding, colour: blue }\nstandards:\n  - id: A\n    title: A\n    criteria:\n      - { id: A1, text: a }\n      - { id: A2, text: b }\n      - { id: A3, text: c }\n",
    );
    f.write(
        "content/x.yaml",
        "kind: audit\nframework: o\norganisation: X\nperiod: 2020-21\nresults:\n  - { criterion: A1, grade: 2 }\n  - { criterion: A2, grade: 2 }\n  - { criterion: A3, grade: 1 }\nactions:\n  - { id: \"1\", criterion: A1, action: a, status: open }\n  - { id: \"2\", criterion: A2, action: b, status: open }\n  - { id: \"3\", criterion: A3, action: c, status: open }\n",
    );
    f.build().ok();
    let html = f.read("output/x/index.html");
    // 5/3 = 1.67: Requires improvement, never rounded up to Good, and shown rounded
    // down like its label.
    assert!(
        html.contains(r#"<span class="num">1.6</span> <strong class="grade grade-amber">Requires improvement</strong>"#),
        "{html}"
    );
}

/// A good assured site, built once, so each test can check the output survives.
fn break_with(files: &[(&str, &str)]) -> common::Run {
    let f = assured();
    f.build().ok();
    let before = f.snapshot();
    for (path, text) in files {
        f.write(path, text);
    }
    let run = f.build();
    assert_eq!(run.code, 1, "stderr:\n{}", run.stderr);
    assert_eq!(f.snapshot(), before, "a failed build changed the output");
    run
}

fn audit(results: &str, actions: &str) -> String {
    format!(
        "kind: audit\nframework: s11\norganisation: Org C\nperiod: \"2016\"\nresults:\n{results}actions:\n{actions}"
    )
}

const ALL_MET: &str = "  - { criterion: \"1.1\", grade: 100 }\n  - { criterion: \"1.2\", grade: 100 }\n  - { criterion: \"2.1\", grade: 100 }\n";

#[test]
fn unknown_framework() {
    break_with(&[(
        "content/c.yaml",
        &audit(ALL_MET, "  []\n").replace("framework: s11", "framework: s12"),
    )])
    .error_at(
        "content/c.yaml:2:12",
        "there is no framework `s12`: the site has s11",
    );
}

#[test]
fn grade_not_on_the_scale() {
    break_with(&[(
        "content/c.yaml",
        &audit(
            "  - { criterion: \"1.1\", grade: 60 }\n  - { criterion: \"1.2\", grade: 100 }\n  - { criterion: \"2.1\", grade: 100 }\n",
            "  []\n",
        ),
    )])
    .error_at("content/c.yaml:6:32", "`60` is not a grade of `s11`: use one of its values or labels, 25 (Not met), 50 (Partially met), 75 (Mostly met) or 100 (Fully met)");
}

#[test]
fn moderated_grade_not_on_the_scale() {
    break_with(&[(
        "content/c.yaml",
        &audit(
            "  - { criterion: \"1.1\", grade: 100, moderated: 80 }\n  - { criterion: \"1.2\", grade: 100 }\n  - { criterion: \"2.1\", grade: 100 }\n",
            "  []\n",
        ),
    )])
    .error_at("content/c.yaml:6", "`80` is not a grade of `s11`");
}

#[test]
fn unknown_duplicate_and_missing_criteria() {
    let run = break_with(&[(
        "content/c.yaml",
        &audit(
            "  - { criterion: \"1.1\", grade: 100 }\n  - { criterion: \"1.1\", grade: 100 }\n  - { criterion: \"1.9\", grade: 100 }\n",
            "  []\n",
        ),
    )]);
    run.error_at(
        "content/c.yaml:7:18",
        "criterion `1.1` already has a result on line 6",
    );
    run.error_at(
        "content/c.yaml:8:18",
        "framework `s11` has no criterion `1.9`: standard 1 has 1.1, 1.2",
    );
    // The criteria left without a result are named in those two messages, not in a
    // third that the same slips caused.
    assert_eq!(
        run.stderr
            .matches("the criteria with no result yet are 1.2, 2.1")
            .count(),
        2,
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("have no result"), "{}", run.stderr);
}

#[test]
fn not_applicable_without_a_reason_and_a_result_without_a_grade() {
    let run = break_with(&[(
        "content/c.yaml",
        &audit(
            "  - { criterion: \"1.1\", not_applicable: \"\" }\n  - { criterion: \"1.2\" }\n  - { criterion: \"2.1\", grade: 100, not_applicable: Yes }\n",
            "  []\n",
        ),
    )]);
    run.error_at("content/c.yaml:6", "is not applicable but gives no reason");
    run.error_at(
        "content/c.yaml:7",
        "criterion `1.2` has no `grade`: give one of 25, 50, 75 or 100",
    );
    run.error_at(
        "content/c.yaml:8",
        "has both a `grade` and `not_applicable`",
    );
}

#[test]
fn impossible_dates() {
    break_with(&[(
        "content/c.yaml",
        &audit(ALL_MET, "  []\n").replace("results:", "submitted: 2016-02-30\nresults:"),
    )])
    .error_at("content/c.yaml:5", "");
    break_with(&[(
        "content/c.yaml",
        &audit(
            ALL_MET,
            "  - { id: A1, criterion: \"1.1\", action: a, due: 2016-13-01, status: open }\n",
        ),
    )])
    .error_at("content/c.yaml:10", "");
}

#[test]
fn action_on_an_unknown_criterion_and_duplicate_action_ids() {
    let run = break_with(&[(
        "content/c.yaml",
        &audit(
            ALL_MET,
            "  - { id: A1, criterion: \"3.1\", action: a, status: open }\n  - { id: A1, criterion: \"1.1\", action: b, status: done }\n",
        ),
    )]);
    run.error_at(
        "content/c.yaml:10:26",
        "action `A1`: framework `s11` has no criterion `3.1`",
    );
    run.error_at(
        "content/c.yaml:11:11",
        "the action id `A1` is already used on line 10",
    );
}

#[test]
fn unknown_action_status() {
    break_with(&[(
        "content/c.yaml",
        &audit(
            ALL_MET,
            "  - { id: A1, criterion: \"1.1\", action: a, status: closed }\n",
        ),
    )])
    .error_at("content/c.yaml:10", "closed");
}

#[test]
fn two_returns_for_one_organisation_framework_and_period() {
    break_with(&[(
        "content/again.yaml",
        &audit(ALL_MET, "  []\n").replace("Org C", "Org A"),
    )])
    .error_at(
        "content/audits/a-2016.yaml:4:9",
        "Org A already has a 2016 return to `s11` in content/again.yaml",
    );
}

#[test]
fn scale_problems() {
    let run = break_with(&[(
        "content/audits/s11.yaml",
        &FRAMEWORK.replace(
            "  - { value: 50, label: Partially met, colour: blue }\n  - { value: 75, label: Mostly met, colour: amber }",
            "  - { value: 25, label: Partially met, colour: blue }\n  - { value: 20, label: Not met, colour: amber }",
        ),
    )]);
    run.error_at(
        "content/audits/s11.yaml:6:14",
        "the scale has the value 25 twice",
    );
    run.error_at(
        "content/audits/s11.yaml:7:14",
        "scale values must increase from worst to best, but 20 comes after 25",
    );
    run.error_at(
        "content/audits/s11.yaml:7:25",
        "the label `Not met` is already used",
    );
    // Returns to a framework with errors are not also reported as orphans.
    assert!(
        !run.stderr.contains("there is no framework"),
        "{}",
        run.stderr
    );
}

#[test]
fn empty_scale_and_unknown_colour() {
    break_with(&[(
        "content/audits/s11.yaml",
        "kind: framework\nid: s11\ntitle: T\nscale: []\nstandards:\n  - id: \"1\"\n    title: A\n    criteria:\n      - { id: \"1.1\", text: a }\n",
    )])
    .error_at("content/audits/s11.yaml:4:1", "the scale is empty");
    break_with(&[(
        "content/audits/s11.yaml",
        &FRAMEWORK.replace("colour: blue", "colour: purple"),
    )])
    .error_at(
        "content/audits/s11.yaml:6:48",
        "`purple` is not a value `colour` can have",
    );
}

#[test]
fn duplicate_standard_and_criterion_ids_and_bad_descriptors() {
    let run = break_with(&[(
        "content/audits/s11.yaml",
        &FRAMEWORK
            .replace("  - id: \"2\"\n", "  - id: \"1\"\n")
            .replace("{ id: \"2.1\"", "{ id: \"1.2\"")
            .replace(
                "          25: No named lead.",
                "          30: No named lead.",
            ),
    )]);
    run.error_at(
        "content/audits/s11.yaml:19:9",
        "the standard id `1` is already used on line 10",
    );
    run.error_at(
        "content/audits/s11.yaml:22:15",
        "the criterion id `1.2` is already used on line 18",
    );
    run.error_at(
        "content/audits/s11.yaml:16:11",
        "`30` is not a value of the scale",
    );
}

#[test]
fn duplicate_framework_ids() {
    break_with(&[("content/other.yaml", FRAMEWORK)]).error_at(
        "content/other.yaml:2:5",
        "the framework id `s11` is already used by content/audits/s11.yaml",
    );
}

#[test]
fn audit_summary_of_something_that_is_not_an_audit() {
    let run = break_with(&[(
        "content/report.md",
        "---\ntitle: R\n---\n\n```audit-summary\naudits/s11.yaml\n```\n\n```audit-summary\naudits/nope.yaml\n```\n",
    )]);
    run.error_at(
        "content/report.md:6:1",
        "`audits/s11.yaml` is not an audit return",
    );
    run.error_at(
        "content/report.md:10:1",
        "cannot embed the summary of `audits/nope.yaml`",
    );
}

#[test]
fn a_shortfall_without_an_action_is_a_warning() {
    let f = assured();
    f.write(
        "content/c.yaml",
        &audit(
            "  - { criterion: \"1.1\", grade: 50 }\n  - { criterion: \"1.2\", grade: 100 }\n  - { criterion: \"2.1\", grade: 100 }\n",
            "  []\n",
        ),
    );
    let run = f.build();
    run.ok();
    assert!(
        run.stderr.contains("content/c.yaml:6:18: warning: criterion `1.1` is graded 50 (Partially met), below the top of the scale, and has no action"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_assurance_url_taken_by_a_page() {
    break_with(&[("content/assurance.md", "---\ntitle: Mine\n---\n")]).error_at(
        "content/assurance.md:1:1",
        "where safeguard puts the index of audit returns",
    );
}

#[test]
fn a_period_with_many_returns_splits_its_grid_over_pages() {
    let f = Fixture::new();
    f.write(
        "content/f.yaml",
        "kind: framework\nid: f\ntitle: F\nscale:\n  - { value: 0, label: No, colour: red }\n  - { value: 1, label: Yes, colour: green }\nstandards:\n  - id: S\n    title: S\n    criteria:\n      - { id: S1, text: a }\n",
    );
    for i in 0..120 {
        f.write(
            &format!("content/r/{i:03}.yaml"),
            &format!("kind: audit\nframework: f\norganisation: Org {i:03}\nperiod: \"2020\"\nresults:\n  - {{ criterion: S1, grade: 1 }}\n"),
        );
    }
    let run = f.build();
    run.ok();
    // 120 returns, 50 a page: three pages, linked from the framework page.
    let framework = f.read("output/f/index.html");
    assert!(framework.contains("is split over 3 pages"), "{framework}");
    assert!(
        framework.contains(r#"<a href="../f/period-2020/3/">Org 100 to Org 119</a>"#),
        "{framework}"
    );
    let page2 = f.read("output/f/period-2020/2/index.html");
    assert!(page2.contains("Returns for 2020, page 2 of 3"));
    assert!(page2.contains(">Org 050</a>") && page2.contains(">Org 099</a>"));
    assert!(!page2.contains(">Org 049</a>") && !page2.contains(">Org 100</a>"));
    assert!(page2.contains(r#"aria-current="page">2</a>"#));
    assert!(f.exists("output/f/period-2020/index.html"));
    assert!(run.stderr.contains("Built 129 pages"), "{}", run.stderr);
}

#[test]
fn a_public_build_leaves_private_returns_out_of_every_page() {
    let f = assured();
    f.write(
        "content/audits/secret-2016.yaml",
        "kind: audit\nframework: s11\norganisation: Secret Trust\nperiod: \"2016\"\nvisibility: private\nresults:\n  - { criterion: \"1.1\", grade: 100 }\n  - { criterion: \"1.2\", grade: 100 }\n  - { criterion: \"2.1\", grade: 100 }\nactions:\n  - { id: S1, criterion: \"1.1\", action: Secret action., due: 2016-01-01, status: open }\n",
    );
    f.build().ok();
    assert!(
        f.read("output/audits/s11/index.html")
            .contains("Secret Trust")
    );
    let run = f.run(&["build", "--audience", "public"]);
    run.ok();
    assert!(
        run.stderr.contains("1 private item withheld"),
        "{}",
        run.stderr
    );
    assert!(!f.exists("output/audits/secret-2016/index.html"));
    for page in [
        "output/audits/s11/index.html",
        "output/assurance/index.html",
        "output/assurance/actions/index.html",
        "output/audits/index.html",
    ] {
        let html = f.read(page);
        assert!(!html.contains("Secret"), "{page} leaks a private return");
    }
}

#[test]
fn ids_with_one_link_target_and_two_descriptors_for_one_grade() {
    let run = break_with(&[(
        "content/audits/s11.yaml",
        &FRAMEWORK.replace("{ id: \"2.1\"", "{ id: \"1-2\"").replace(
            "          100: Named lead",
            "          25.0: Again.\n          100: Named lead",
        ),
    )]);
    run.error_at(
        "content/audits/s11.yaml:23:15",
        "the criterion ids `1-2` and `1.2` (line 19) would have the same link target",
    );
    run.error_at(
        "content/audits/s11.yaml:17:11",
        "criterion `1.1` has two descriptors for the grade 25",
    );
}

#[test]
fn an_open_action_without_a_due_date_is_a_warning_and_spacing_does_not_split_an_organisation() {
    let f = assured();
    f.write(
        "content/audits/a-2016.yaml",
        &f.read("content/audits/a-2016.yaml")
            .replace("organisation: Org A", "organisation: \"org  a\"")
            .replace(", due: 2027-01-01", ""),
    );
    let run = f.build();
    run.ok();
    assert!(
        run.stderr.contains("content/audits/a-2016.yaml:14:11: warning: action `A2` is not done and has no `due` date"),
        "{}",
        run.stderr
    );
    // Still Org A's second return: compared with 2015, and not listed as missing.
    let html = f.read("output/audits/a-2016/index.html");
    assert!(html.contains("From 60.0 (Partially met) in the"), "{html}");
    assert!(
        !f.read("output/audits/s11/index.html")
            .contains("<li>Org A</li>")
    );
}

// Figures that cannot mislead.

/// A framework on 0 (Absent), 40, 70 (Established) and 100, whose second criterion
/// weighs almost nothing.
const TINY_WEIGHT: &str = "kind: framework\nid: t\ntitle: Tiny\nscale:\n  - { value: 0, label: Absent, colour: red }\n  - { value: 40, label: Developing, colour: amber }\n  - { value: 70, label: Established, colour: green }\n  - { value: 100, label: Embedded, colour: blue }\nstandards:\n  - id: S\n    title: S\n    criteria:\n      - { id: S1, text: a, weight: 1000000 }\n      - { id: S2, text: b, weight: 0.000000001 }\n";

#[test]
fn a_score_a_hair_below_a_level_is_shown_and_labelled_below_it() {
    let f = Fixture::new();
    f.write("content/t.yaml", TINY_WEIGHT);
    f.write(
        "content/x.yaml",
        "kind: audit\nframework: t\norganisation: X\nperiod: \"2020\"\nresults:\n  - { criterion: S1, grade: 70 }\n  - { criterion: S2, grade: 0 }\n",
    );
    f.build().ok();
    let html = f.read("output/x/index.html");
    // (70 × 10^6 + 0 × 10^-9) / (10^6 + 10^-9) = 70 / (1 + 10^-15)
    // = 69.99999999999993…: below 70, so Developing, shown 69.9 (rounded down).
    assert!(
        html.contains(
            r#"<span class="num">69.9</span> <strong class="grade grade-amber">Developing</strong>"#
        ),
        "{html}"
    );
    // S1 itself is graded Established; the score is not, anywhere.
    assert!(!html.contains("70.0"), "{html}");
    assert!(html.contains(r#"Score <span class="num">69.9</span> <strong class="grade grade-amber">Developing</strong>"#));
    let json: serde_json::Value = serde_json::from_str(&f.read("output/x/audit.json")).unwrap();
    // Unrounded, as a JSON number: the float nearest 69.99999999999993.
    assert_eq!(json["score"], 69.99999999999993);
    assert_eq!(json["score_label"], "Developing");
    // The CSV gives weights and grades exactly as written.
    let csv = f.read("output/x/audit.csv");
    assert!(
        csv.contains("\r\nt,X,2020,S,S2,0.000000001,0,,0,Absent,,,,\r\n"),
        "{csv}"
    );
}

#[test]
fn float_error_does_not_push_an_exact_score_below_its_level() {
    let f = Fixture::new();
    f.write(
        "content/o.yaml",
        "kind: framework\nid: o\ntitle: O\nscale:\n  - { value: 1, label: One, colour: red }\n  - { value: 2, label: Two, colour: amber }\n  - { value: 3, label: Three, colour: green }\nstandards:\n  - id: S\n    title: S\n    criteria:\n      - { id: S1, text: a, weight: 0.1 }\n      - { id: S2, text: b, weight: 0.2 }\n",
    );
    f.write(
        "content/x.yaml",
        "kind: audit\nframework: o\norganisation: X\nperiod: \"2020\"\nresults:\n  - { criterion: S1, grade: 3 }\n  - { criterion: S2, grade: 3 }\n",
    );
    f.build().ok();
    let html = f.read("output/x/index.html");
    // (0.1 × 3 + 0.2 × 3) / 0.3 = 0.9 / 0.3 = 3 exactly (2.9999999999999996 in
    // floats, which rounded down would read 2.9 Two).
    assert!(
        html.contains(
            r#"<span class="num">3.0</span> <strong class="grade grade-green">Three</strong>"#
        ),
        "{html}"
    );
    let json: serde_json::Value = serde_json::from_str(&f.read("output/x/audit.json")).unwrap();
    assert_eq!(json["score"], 3.0);
}

#[test]
fn a_criterion_not_applicable_on_one_side_is_not_compared() {
    let f = assured();
    // Org C: 1.1 not applicable in 2015, graded in 2016.
    f.write(
        "content/audits/c-2015.yaml",
        "kind: audit\nframework: s11\norganisation: Org C\nperiod: \"2015\"\nresults:\n  - { criterion: \"1.1\", not_applicable: Not a provider }\n  - { criterion: \"1.2\", grade: 100 }\n  - { criterion: \"2.1\", grade: 100 }\n",
    );
    f.write(
        "content/audits/c-2016.yaml",
        "kind: audit\nframework: s11\norganisation: Org C\nperiod: \"2016\"\nresults:\n  - { criterion: \"1.1\", grade: 100 }\n  - { criterion: \"1.2\", grade: 100 }\n  - { criterion: \"2.1\", grade: 100 }\n",
    );
    f.build().ok();
    let c = f.read("output/audits/c-2016/index.html");
    assert!(c.contains("Not applicable in 2015, so not compared"), "{c}");
    // 1.2 and 2.1 stayed at 100; 1.1 is in no count.
    assert!(
        c.contains("Criteria: 0 improved, 0 worse, 2 the same."),
        "{c}"
    );
    // Org A's 2.1 was 100 in 2015 and is not applicable in 2016.
    let a = f.read("output/audits/a-2016/index.html");
    assert!(a.contains("Not applicable now, so not compared"), "{a}");
    // 1.1 went 50 → 100 and 1.2 50 → 75: two up, and 2.1 counted nowhere.
    assert!(
        a.contains("Criteria: 2 improved, 0 worse, 0 the same."),
        "{a}"
    );
    for html in [&a, &c] {
        assert!(!html.contains(r#"class="change change-""#), "{html}");
    }
}

#[test]
fn counts_say_what_they_count_and_partial_returns_are_flagged() {
    let f = assured();
    // A 2016 return with nothing graded: it counts as a return, not in the mean.
    f.write(
        "content/audits/c-2016.yaml",
        "kind: audit\nframework: s11\norganisation: Org C\nperiod: \"2016\"\nresults:\n  - { criterion: \"1.1\", not_applicable: Not a provider }\n  - { criterion: \"1.2\", not_applicable: Not a provider }\n  - { criterion: \"2.1\", not_applicable: Not a provider }\n",
    );
    f.build().ok();
    let fw = f.read("output/audits/s11/index.html");
    // 2016: Org A (81.25, shown 81.2) and Org C (no score): the mean is of one.
    assert!(
        fw.contains("2 returns; mean score of the 1 with a score: 81.2 (Mostly met)."),
        "{fw}"
    );
    // 2015: Org A (50 + 150 + 100) / 5 = 60 and Org B 100, both scored:
    // (60 + 100) / 2 = 80.
    assert!(
        fw.contains("2 returns, with a mean score of 80.0 (Mostly met)."),
        "{fw}"
    );
    assert!(
        fw.contains(r#"<span class="of-returns">(of 1)</span>"#),
        "{fw}"
    );
    // Org A 2016 is graded on 1.1 and 1.2 of the three criteria.
    let flag = "graded on 2 of 3 criteria (1 not applicable)";
    assert!(fw.contains(flag), "grid: {fw}");
    assert!(f.read("output/assurance/index.html").contains(flag));
    let a = f.read("output/audits/a-2016/index.html");
    assert!(
        a.contains(&format!("<strong>Partial return:</strong> {flag}.")),
        "{a}"
    );
    let home = f.read("output/index.html");
    assert!(
        home.contains("2 returns; average score of the 1 with a score: 81.2"),
        "{home}"
    );
    // A full return is not flagged.
    assert!(
        !f.read("output/audits/b-2015/index.html")
            .contains("Partial return")
    );
}

#[test]
fn the_tracker_names_the_framework_of_each_action() {
    let f = assured();
    f.write(
        "content/audits/other.yaml",
        &FRAMEWORK
            .replace("id: s11", "id: other")
            .replace("Section 11 self-assessment", "Other framework"),
    );
    f.write(
        "content/audits/a-2016-other.yaml",
        "kind: audit\nframework: other\norganisation: Org A\nperiod: \"2016\"\nresults:\n  - { criterion: \"1.1\", grade: 100 }\n  - { criterion: \"1.2\", grade: 100 }\n  - { criterion: \"2.1\", grade: 100 }\nactions:\n  - { id: A1, criterion: \"1.2\", action: Review the policy with partners., owner: Chief nurse, due: 2017-01-01, status: open }\n",
    );
    f.build().ok();
    let tracker = f.read("output/assurance/actions/index.html");
    assert!(
        tracker.contains(">Section 11 self-assessment: Org A, 2016</a>"),
        "{tracker}"
    );
    assert!(
        tracker.contains(">Other framework: Org A, 2016</a>"),
        "{tracker}"
    );
    let home = f.read("output/index.html");
    assert!(home.contains("(Other framework: Org A, 2016"), "{home}");
}

const NO_YES: &str = "kind: framework\nid: y\ntitle: Yes or no\nscale:\n  - { value: 0, label: No, colour: red }\n  - { value: 1, label: Yes, colour: green }\nstandards:\n  - id: S\n    title: S\n    criteria:\n      - { id: S1, text: a }\n      - { id: S2, text: b }\n      - { id: S3, text: c }\n      - { id: S4, text: d }\n      - { id: S5, text: e }\n";

#[test]
fn a_scale_of_two_levels_is_read_as_the_share_at_yes() {
    let f = Fixture::new();
    f.write("content/y.yaml", NO_YES);
    let grades = |yes: usize| -> String {
        (1..=5)
            .map(|i| format!("  - {{ criterion: S{i}, grade: {} }}\n", u8::from(i <= yes)))
            .collect()
    };
    for (period, yes) in [("2019", 3), ("2020", 4)] {
        f.write(
            &format!("content/x-{period}.yaml"),
            &format!(
                "kind: audit\nframework: y\norganisation: X\nperiod: \"{period}\"\nresults:\n{}",
                grades(yes)
            ),
        );
    }
    f.build().ok();
    let html = f.read("output/x-2020/index.html");
    // 4 of 5 at Yes: 0.8 on 0 to 1, 80% Yes, labelled with no level; 3 of 5 in 2019
    // is 60%: up 20 percentage points.
    assert!(
        html.contains(r#"<span class="num">80%</span> Yes"#),
        "{html}"
    );
    assert!(!html.contains("grade-red\">No</strong></p>") && !html.contains("0.8"));
    assert!(
        html.contains(r#"<span class="num">+20 percentage points</span>"#),
        "{html}"
    );
    assert!(html.contains("From 60% Yes in the"), "{html}");
    assert!(
        html.contains("shown as the share at its top level"),
        "{html}"
    );
    // The JSON keeps the score unrounded and labels it with no level.
    let json: serde_json::Value =
        serde_json::from_str(&f.read("output/x-2020/audit.json")).unwrap();
    assert_eq!(json["score"], 0.8);
    assert!(json["score_label"].is_null(), "{json}");
    let fw = f.read("output/y/index.html");
    assert!(
        fw.contains(r#"<th scope="col" rowspan="2">Share at Yes</th>"#),
        "{fw}"
    );
    assert!(fw.contains("80% Yes"), "{fw}");
}

#[test]
fn a_share_just_below_all_is_never_shown_as_all() {
    let f = Fixture::new();
    f.write(
        "content/y.yaml",
        &NO_YES.replace("{ id: S1, text: a }", "{ id: S1, text: a, weight: 9996 }"),
    );
    f.write(
        "content/x.yaml",
        "kind: audit\nframework: y\norganisation: X\nperiod: \"2020\"\nresults:\n  - { criterion: S1, grade: 1 }\n  - { criterion: S2, grade: 1 }\n  - { criterion: S3, grade: 1 }\n  - { criterion: S4, grade: 1 }\n  - { criterion: S5, grade: 0 }\n",
    );
    f.build().ok();
    let html = f.read("output/x/index.html");
    // (9996 + 1 + 1 + 1) / 10000 = 0.9999 at Yes: 99.99%, shown 99.9%, not 100%.
    assert!(
        html.contains(r#"<span class="num">99.9%</span> Yes"#),
        "{html}"
    );
    assert!(!html.contains("100%</span>"));
}

#[test]
fn moderation_that_confirms_a_grade_says_so() {
    let f = assured();
    f.write(
        "content/audits/c-2016.yaml",
        "kind: audit\nframework: s11\norganisation: Org C\nperiod: \"2016\"\nresults:\n  - { criterion: \"1.1\", grade: 100, moderated: 100 }\n  - { criterion: \"1.2\", grade: 100, moderated: Mostly met }\n  - { criterion: \"2.1\", grade: 100 }\nactions:\n  - { id: A1, criterion: \"1.2\", action: a, due: 2027-01-01, status: open }\n",
    );
    f.build().ok();
    let html = f.read("output/audits/c-2016/index.html");
    assert_eq!(html.matches("confirmed at moderation").count(), 1, "{html}");
    assert!(html.contains("moderated from Fully met (100)"), "{html}");
}

#[test]
fn the_rounding_rule_is_stated_wherever_scores_are_shown() {
    let f = assured();
    f.build().ok();
    let note = "Scores are shown to one decimal place, rounded down, so a score never reads as reaching a level it has not reached";
    for page in [
        "output/audits/a-2016/index.html",
        "output/audits/s11/index.html",
        "output/assurance/index.html",
    ] {
        assert!(f.read(page).contains(note), "{page}");
    }
}

#[test]
fn an_action_with_no_owner_says_so_in_the_tracker_and_on_its_return() {
    let f = assured();
    let ret = f
        .read("content/audits/a-2016.yaml")
        .replace("owner: Chief nurse, due: 2027-01-01", "due: 2027-01-01");
    f.write("content/audits/a-2016.yaml", &ret);
    f.build().ok();
    for page in [
        "output/audits/a-2016/index.html",
        "output/assurance/actions/index.html",
    ] {
        let html = f.read(page);
        // A2 has no owner: its cell is a dash, not empty.
        assert!(
            html.contains(r#"<td data-label="Owner">—</td>"#),
            "{page}: {html}"
        );
        assert!(!html.contains(r#"<td data-label="Owner"></td>"#), "{page}");
    }
}
