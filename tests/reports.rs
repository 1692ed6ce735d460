//! Reports (`type: report`): each kind's checklist warned item by item where a
//! report leaves one out, claims that meet nothing refused at their place, the
//! "How this report meets …" table linking each item to where it is met, and the
//! figures and tables of a report numbered, listed at its front and taken from data.

mod common;

use common::{FRAMEWORK, Fixture, Run};

/// The warnings of a run: (location, message).
fn warnings(run: &Run) -> Vec<(String, String)> {
    run.stderr
        .lines()
        .filter_map(|l| l.split_once(": warning: "))
        .map(|(at, m)| (at.to_string(), m.to_string()))
        .collect()
}

/// The checklist ids the warnings of `run` say are missing, sorted.
fn missing(run: &Run) -> Vec<String> {
    let mut ids: Vec<String> = warnings(run)
        .iter()
        .filter(|(_, m)| {
            m.contains("has no section for")
                || m.contains("has no sign-off for")
                || m.contains("has no record of a copy sent for")
        })
        .map(|(_, m)| {
            let id = m.split('`').nth(1).unwrap();
            id.to_string()
        })
        .collect();
    ids.sort();
    ids
}

fn report(kind: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: Annual report\ntype: report\nreport:\n  kind: {kind}\n  period: 2024-25\n  published: 2025-09-30\n{extra}---\n\n{body}"
    )
}

fn site(text: &str) -> Fixture {
    let f = Fixture::new();
    f.write("content/reports/annual.md", text);
    f
}

fn sorted(ids: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

#[test]
fn a_safeguarding_adults_board_report_is_warned_for_each_item_of_schedule_2_it_leaves_out() {
    let body = "## Our objective {covers=objective}\n\nText.\n\n## Strategy {#strategy covers=strategy,members}\n\nText.\n";
    let extra =
        "  circulation:\n    - { to: Council, date: 2025-10-01, covers: sent-local-authority }\n";
    let run = site(&report("sab-annual", extra, body)).run(&["check"]);
    run.ok();
    assert_eq!(
        missing(&run),
        sorted(&[
            "sars-concluded",
            "sars-ongoing",
            "sars-acted-on",
            "sars-not-acted-on",
            "sent-police",
            "sent-healthwatch",
            "sent-health-wellbeing-board"
        ])
    );
    // Each at the report's `kind`, saying what the law asks and how to meet it.
    let w = warnings(&run);
    let ongoing = w
        .iter()
        .find(|(_, m)| m.contains("`sars-ongoing`"))
        .unwrap();
    assert_eq!(ongoing.0, "content/reports/annual.md:5:9");
    assert!(
        ongoing.1.contains("Schedule 2, paragraph 4(1)(e)"),
        "{}",
        ongoing.1
    );
    assert!(
        ongoing
            .1
            .contains("`## Safeguarding adults reviews in progress {covers=sars-ongoing}`"),
        "{}",
        ongoing.1
    );
    let police = w.iter().find(|(_, m)| m.contains("`sent-police`")).unwrap();
    assert!(police.1.contains("add `{ to: Police and crime commissioner, date: …, covers: sent-police }` to `circulation`"), "{}", police.1);
}

#[test]
fn a_partnership_yearly_report_is_warned_for_each_item_of_working_together_it_leaves_out() {
    let body = "## What we did {covers=partners-did}\n\n## Effectiveness {covers=effectiveness}\n\n## Voice {covers=voice}\n";
    let extra = "  approved_by:\n    - { name: A. Person, role: Chief Executive, date: 2025-09-15, covers: signed-local-authority }\n";
    let run = site(&report("scp-yearly", extra, body)).run(&["check"]);
    run.ok();
    assert_eq!(
        missing(&run),
        sorted(&[
            "impact",
            "little-progress",
            "reviews",
            "signed-icb",
            "signed-police",
            "sent-panel",
            "sent-foundations"
        ])
    );
    let w = warnings(&run);
    let icb = w.iter().find(|(_, m)| m.contains("`signed-icb`")).unwrap();
    assert!(
        icb.1
            .contains("has no sign-off for `signed-icb` in `approved_by`"),
        "{}",
        icb.1
    );
    assert!(
        icb.1.contains("covers: signed-icb }` to `approved_by`"),
        "{}",
        icb.1
    );
}

#[test]
fn an_icb_report_is_warned_for_each_usual_content_it_leaves_out_and_other_reports_for_none() {
    let body = "## Duties {covers=duties}\n\n## Training {covers=training}\n";
    let run = site(&report("icb-annual", "", body)).run(&["check"]);
    run.ok();
    assert_eq!(
        missing(&run),
        sorted(&[
            "accountability",
            "provider-assurance",
            "reviews",
            "partnership",
            "priorities"
        ])
    );
    let run = site(&report("other", "", "## Anything\n")).run(&["check"]);
    run.ok();
    assert!(warnings(&run).is_empty(), "{}", run.stderr);
}

const COMPLETE: &str = "---
title: Yearly report 2024-25
type: report
report:
  kind: scp-yearly
  period: 2024-25
  published: 2025-09-30
  status: final
  approved_by:
    - { name: A. Person, role: 'Chief Executive, the Council', date: 2025-09-15, covers: signed-local-authority }
    - { name: B. Person, role: 'Chief Executive, the ICB', date: 2025-09-16, covers: signed-icb }
    - { name: C. Person, role: Chief Constable, date: 2025-09-17, covers: signed-police }
  approved_at: { meeting: Partnership Executive, date: 2025-09-15, minute: Minute 24/117 }
  circulation:
    - { to: Child Safeguarding Practice Review Panel, date: 2025-10-03, covers: sent-panel }
    - { to: Foundations, date: 2025-10-03, covers: [sent-foundations] }
---

## What the partners did {#did covers=partners-did}

Text.

## How well it worked {covers=effectiveness,impact}

## Where we fell short {covers=little-progress}

## Learning from reviews {covers=reviews}

## Hearing from children {covers=voice}
";

#[test]
fn a_complete_report_has_no_warnings_and_its_table_links_each_item_to_where_it_is_met() {
    let f = site(COMPLETE);
    let run = f.build();
    run.ok();
    assert!(warnings(&run).is_empty(), "{}", run.stderr);
    let html = f.read("output/reports/annual/index.html");
    let table = &html[html.find("id=\"sg-checklist\"").unwrap()..];
    assert!(table.contains("How this report meets section 16G of the Children Act 2004 and Working Together to Safeguard Children 2023"), "{table}");
    assert!(!table.contains("Not yet covered"), "{table}");
    assert!(
        f.read("output/reports/index.html")
            .contains("Meets its checklist")
    );
    for (asks, href, title) in [
        (
            "What the safeguarding partners and the relevant agencies did",
            "#did",
            "What the partners did",
        ),
        (
            "How effective the arrangements were in practice.",
            "#how-well-it-worked",
            "How well it worked",
        ),
        (
            "Evidence of the impact",
            "#how-well-it-worked",
            "How well it worked",
        ),
        (
            "Signed off by the lead safeguarding partner for the integrated care board.",
            "#sg-approval-2",
            "Signed off by B. Person, Chief Executive, the ICB",
        ),
        (
            "A copy sent to Foundations",
            "#sg-sent-2",
            "Sent to Foundations on 3 October 2025",
        ),
    ] {
        let row = &table[table.find(asks).unwrap_or_else(|| panic!("{asks}"))..];
        let row = &row[..row.find("</tr>").unwrap()];
        assert!(
            row.contains(&format!("<a href=\"{href}\">{title}</a>")),
            "{row}"
        );
        // Every link leads to an id on the page.
        assert!(html.contains(&format!("id=\"{}\"", &href[1..])), "{href}");
    }
    // Sign-off, the approving meeting and circulation are on the report.
    for wanted in [
        "<th scope=\"row\">C. Person</th><td data-label=\"Role\">Chief Constable</td>",
        "Partnership Executive, <time datetime=\"2025-09-15\">15 September 2025</time> (Minute 24/117)",
        "<th scope=\"row\">Child Safeguarding Practice Review Panel</th><td data-label=\"Date sent\"><time datetime=\"2025-10-03\">3 October 2025</time>",
        "April 2024 to March 2025",
    ] {
        assert!(html.contains(wanted), "{wanted}");
    }
    // The contents list the checklist's table.
    assert!(html.contains("<a href=\"#sg-checklist\">How this report meets"));
}

#[test]
fn an_item_left_out_shows_as_not_yet_covered() {
    let f = site(&COMPLETE.replace(" {covers=voice}", ""));
    let run = f.build();
    run.ok();
    assert_eq!(missing(&run), ["voice"]);
    let html = f.read("output/reports/annual/index.html");
    let row = &html[html
        .find("How the partners sought and used feedback")
        .unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("Not yet covered"), "{row}");
    assert!(html.contains("1 item not yet covered."), "{html}");
    // The section's list says so too, beside the report's kind and year.
    let list = f.read("output/reports/index.html");
    assert!(list.contains("<span>Safeguarding partnership yearly report, 2024-25</span> <span>1 item of its checklist not yet covered</span>"), "{list}");
}

#[test]
fn claims_that_meet_nothing_are_errors_at_their_place() {
    let text = COMPLETE
        .replace("covers=little-progress", "covers=litle-progress")
        .replace("covers: signed-police", "covers: sent-police")
        .replace("covers=reviews}", "covers=reviews,signed-icb}");
    let f = site(&text);
    f.write(
        "content/other.md",
        "---\ntitle: Other\n---\n\n## Hello {covers=voice}\n",
    );
    let run = f.run(&["check"]);
    run.error_at(
        "content/reports/annual.md:25:32",
        "`litle-progress` is not an item of the safeguarding partnership yearly report checklist (did you mean `little-progress`?)",
    );
    run.error_at(
        "content/reports/annual.md:12",
        "`sent-police` is not an item of the safeguarding partnership yearly report checklist",
    );
    run.error_at(
        "content/reports/annual.md:27:42",
        "`signed-icb` is met by a sign-off, not here: put `covers: signed-icb` on the approval in `approved_by`",
    );
    run.error_at(
        "content/other.md:5:18",
        "only a report's sections claim checklist items: add `type: report`",
    );
    // A misspelling is one message: the item it was meant for is not also warned
    // as missing (nor counted as met: the build fails until it is put right).
    assert!(
        !missing(&run).contains(&"little-progress".to_string()),
        "{}",
        run.stderr
    );
}

#[test]
fn a_report_block_and_its_type_go_together_and_the_year_is_a_financial_year() {
    let f = site("---\ntitle: R\ntype: report\n---\n");
    f.write(
        "content/b.md",
        "---\ntitle: B\nreport:\n  kind: other\n---\n",
    );
    f.write(
        "content/c.md",
        "---\ntitle: C\ntype: report\nreport:\n  kind: sab-annual\n  period: 2024\n---\n",
    );
    f.write(
        "content/d.md",
        "---\ntitle: D\ntype: report\nreport:\n  kind: scp-yearly\n---\n",
    );
    f.write(
        "content/e.md",
        "---\ntitle: E\ntype: report\nreport:\n  kind: scp-annual\n  period: 2024-25\n---\n",
    );
    let run = f.run(&["check"]);
    run.error_at(
        "content/reports/annual.md:3:1",
        "a page of `type: report` needs a `report:` block",
    );
    run.error_at(
        "content/b.md:3:1",
        "a `report:` block belongs to reports: add `type: report`",
    );
    run.error_at(
        "content/c.md:6:11",
        "`period: 2024` is not a financial year: write the year the report covers as `2024-25`",
    );
    run.error_at(
        "content/d.md:5:3",
        "a safeguarding partnership yearly report needs `period:`",
    );
    run.error_at("content/e.md:5:9", "scp-yearly");
}

#[test]
fn late_circulation_and_approval_after_publication_are_warned() {
    let text = COMPLETE
        .replace(
            "date: 2025-10-03, covers: sent-panel",
            "date: 2025-10-08, covers: sent-panel",
        )
        .replace("date: 2025-09-17", "date: 2025-10-01");
    let run = site(&text).run(&["check"]);
    run.ok();
    let w = warnings(&run);
    assert_eq!(w.len(), 2, "{}", run.stderr);
    assert_eq!(w[0].0, "content/reports/annual.md:12:7");
    assert!(
        w[0].1.contains(
            "C. Person approved the report on 2025-10-01, after it was published on 2025-09-30"
        ),
        "{}",
        w[0].1
    );
    assert_eq!(w[1].0, "content/reports/annual.md:15:7");
    assert!(w[1].1.contains("sent to Child Safeguarding Practice Review Panel on 2025-10-08, 8 days after the report was published on 2025-09-30: Working Together 2023, yearly report asks for it within 7 days"), "{}", w[1].1);
}

const RETURN: &str = "kind: audit
framework: s11
organisation: Org A
period: \"2024\"
submitted: 2024-08-01
completed_by: Nurse
visibility: public
results:
  - { criterion: \"1.1\", grade: 100 }
  - { criterion: \"1.2\", grade: 50 }
";

const TRAINING: &str = "kind: training
id: training
title: Training compliance
visibility: public
data: training.csv
target: 90
strands: [children]
";

const TRAINING_CSV: &str = "period,organisation,staff_group,strand,level,eligible,compliant
2024-25 Q4,Org A,Clinical,children,level-3,200,180
";

fn with_data(body: &str) -> Fixture {
    let f = site(&report("other", "", body));
    f.write("content/audits/s11.yaml", FRAMEWORK);
    f.write("content/audits/a.yaml", RETURN);
    f.write("content/data/training.yaml", TRAINING);
    f.write("content/data/training.csv", TRAINING_CSV);
    f
}

const WITH_FIGURES: &str = "## Assurance

```audit-summary
../audits/a.yaml
```

## Training

| Course | Places |
| --- | --- |
| Level 3 children | Forty |

Table: Courses the partnership ran

```training
../data/training.yaml
by: overall
caption: Compliance across all staff at the end of the year
```

```training
../data/training.yaml
```
";

#[test]
fn a_reports_figures_and_tables_are_numbered_and_listed_at_its_front() {
    let f = with_data(WITH_FIGURES);
    f.build().ok();
    let html = f.read("output/reports/annual/index.html");
    let front =
        &html[html.find("id=\"sg-contents\"").unwrap()..html.find("class=\"prose\"").unwrap()];
    assert!(
        front.contains(
            "<a href=\"#sg-summary-1-grades\">Figure 1: Criteria at each grade: Org A, 2024</a>"
        ),
        "{front}"
    );
    assert!(
        front.contains(
            "<a href=\"#sg-summary-1-standards\">Table 1: Score of each standard: Org A, 2024</a>"
        ),
        "{front}"
    );
    assert!(
        front.contains("<a href=\"#sg-table-1\">Table 2: Courses the partnership ran</a>"),
        "{front}"
    );
    assert!(front.contains("<a href=\"#sg-figures-1-caption\">Table 3: Compliance across all staff at the end of the year</a>"), "{front}");
    assert!(
        front.contains("<a href=\"#sg-figures-2-caption\">Table 4: "),
        "{front}"
    );
    let body = &html[html.find("class=\"prose\"").unwrap()..];
    for (id, label) in [
        ("sg-summary-1-grades-caption", "Figure 1:"),
        ("sg-summary-1-standards", "Table 1:"),
        ("sg-table-1", "Table 2:"),
        ("sg-figures-1-caption", "Table 3:"),
        ("sg-figures-2-caption", "Table 4:"),
    ] {
        let at = body
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("{id}"));
        // The label is in the element the id is on, within its opening words.
        let near: String = body[at..].chars().take(120).collect();
        assert!(near.contains(label), "{id}: {near}");
    }
    // A page that is not a report numbers nothing.
    f.write(
        "content/reports/plain.md",
        &format!("---\ntitle: Plain\n---\n\n{WITH_FIGURES}"),
    );
    f.build().ok();
    let plain = f.read("output/reports/plain/index.html");
    assert!(plain.contains("Compliance across all staff at the end of the year"));
    assert!(
        plain.contains("<caption id=\"sg-table-1\">Courses the partnership ran</caption>"),
        "{plain}"
    );
    assert!(!plain.contains("caption-number"), "{plain}");
}

#[test]
fn a_figure_changed_in_the_data_changes_in_the_report_with_no_other_edit() {
    let f = with_data(WITH_FIGURES);
    f.build().ok();
    let before = f.read("output/reports/annual/index.html");
    assert!(
        before.contains(">90.0%<") || before.contains(">90%<"),
        "{before}"
    );
    f.write(
        "content/data/training.csv",
        &TRAINING_CSV.replace("200,180", "200,150"),
    );
    f.build().ok();
    let after = f.read("output/reports/annual/index.html");
    assert_ne!(before, after);
    assert!(
        after.contains(">75.0%<") || after.contains(">75%<"),
        "{after}"
    );
    assert!(!after.contains(">90.0%<"), "{after}");
}

#[test]
fn add_report_writes_a_section_for_each_item_that_builds_and_claims_it() {
    for (kind, left) in [
        (
            "scp-yearly",
            vec![
                "sent-foundations",
                "sent-panel",
                "signed-icb",
                "signed-local-authority",
                "signed-police",
            ],
        ),
        (
            "sab-annual",
            vec![
                "sent-health-wellbeing-board",
                "sent-healthwatch",
                "sent-local-authority",
                "sent-police",
            ],
        ),
        ("icb-annual", vec![]),
        ("wales-annual", vec![]),
        ("other", vec![]),
    ] {
        let f = Fixture::new();
        let root = f.root().to_str().unwrap().to_string();
        let run = f.run(&[
            "add",
            "report",
            "content/reports/2025-26.md",
            "--report-kind",
            kind,
            "--root",
            &root,
        ]);
        run.ok();
        let run = f.run(&["check"]);
        run.ok();
        // A starter is a draft: only its sign-off and circulation are still to do.
        assert_eq!(missing(&run), left, "{kind}: {}", run.stderr);
    }
    let f = Fixture::new();
    let root = f.root().to_str().unwrap().to_string();
    let run = f.run(&["add", "report", "content/r.md", "--root", &root]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--report-kind"), "{}", run.stderr);
    assert!(!f.exists("content/r.md"));
}

#[test]
fn a_copy_not_yet_sent_meets_nothing_until_it_has_its_date() {
    let f = site(&COMPLETE.replace(
        "{ to: Foundations, date: 2025-10-03, covers: [sent-foundations] }",
        "{ to: Foundations, covers: [sent-foundations] }",
    ));
    let run = f.build();
    run.ok();
    let w = warnings(&run);
    assert_eq!(w.len(), 1, "{}", run.stderr);
    assert_eq!(w[0].0, "content/reports/annual.md:16:34");
    assert!(
        w[0].1
            .contains("`sent-foundations` is met once the report is sent to Foundations"),
        "{}",
        w[0].1
    );
    let html = f.read("output/reports/annual/index.html");
    let row = &html[html.find("A copy sent to Foundations").unwrap()..];
    assert!(
        row[..row.find("</tr>").unwrap()].contains("Not yet covered"),
        "{row}"
    );
    assert!(html.contains(
        "<th scope=\"row\">Foundations</th><td data-label=\"Date sent\"><span class=\"muted\">Not yet sent</span>"
    ));
    // The section's list counts as the page does.
    let list = f.read("output/reports/index.html");
    assert!(
        list.contains("1 item of its checklist not yet covered"),
        "{list}"
    );
}

#[test]
fn trends_actions_and_profiles_are_numbered_with_the_rest() {
    let body = "## Returns\n\n```trend\n../audits/s11.yaml\n```\n\n```actions\n../audits/s11.yaml\n```\n\n```actions\n../audits/a.yaml\ncaption: What is left to do\n```\n";
    let f = with_data(body);
    f.write(
        "content/audits/a.yaml",
        &format!("{RETURN}actions:\n  - {{ id: A1, criterion: \"1.2\", action: Write the policy., owner: Lead, due: 2024-12-31, status: open }}\n"),
    );
    f.build().ok();
    let html = f.read("output/reports/annual/index.html");
    let front =
        &html[html.find("id=\"sg-contents\"").unwrap()..html.find("class=\"prose\"").unwrap()];
    let listed: Vec<&str> = front
        .split("<li><a href=\"#")
        .skip(1)
        .map(|l| &l[l.find("\">").unwrap() + 2..l.find(':').unwrap()])
        .collect();
    assert_eq!(
        listed,
        ["Figure 1", "Table 1", "Table 2", "Table 3"],
        "{front}"
    );
    assert!(front.contains("Table 3: What is left to do"), "{front}");
    // Each listed anchor is on the page, labelled as the list says.
    for part in front.split("<li><a href=\"#").skip(1) {
        let anchor = &part[..part.find('"').unwrap()];
        let label = &part[part.find("\">").unwrap() + 2..part.find(':').unwrap()];
        let at = html
            .find(&format!("id=\"{anchor}\""))
            .unwrap_or_else(|| panic!("no #{anchor}"));
        // A figure's label is in its caption, after the chart.
        let end = match html[at..].find("</figure>") {
            Some(e) if label.starts_with("Figure") => at + e,
            _ => (at + 400).min(html.len()),
        };
        let near = html.get(at..end).unwrap_or(&html[at..]);
        assert!(
            near.contains(&format!("{label}:</span>")),
            "{anchor}: {near}"
        );
    }
}

#[test]
fn the_example_reports_meet_their_checklists_in_both_audiences() {
    for audience in ["internal", "public"] {
        let out = tempfile::tempdir().unwrap();
        let o = out.path().join("site");
        let run = common::build_example(&o, &["--audience", audience]);
        run.ok();
        assert!(
            !run.stderr.contains("warning:"),
            "{audience}: {}",
            run.stderr
        );
        for (report, law) in [
            (
                "2024-25-partnership-yearly-report",
                "How this report meets section 16G of the Children Act 2004",
            ),
            (
                "2016-17-annual-safeguarding-report",
                "How this report meets the usual contents of an ICB",
            ),
        ] {
            let html =
                std::fs::read_to_string(o.join("reports").join(report).join("index.html")).unwrap();
            assert!(html.contains(law), "{report}");
            assert!(!html.contains("Not yet covered"), "{audience}: {report}");
            // Its figures come from data: numbered tables, and no block left as code.
            assert!(html.contains("Table 1:</span>"), "{report}");
            assert!(
                !html.contains("language-"),
                "{report}: a block shown as code"
            );
        }
    }
}

#[test]
fn slips_a_nurse_might_make_are_each_said_once_at_their_place() {
    let text = COMPLETE
        .replace("## Where we fell short {covers=little-progress}", "## Where we fell short {covers=,}")
        .replace("## Hearing from children {covers=voice}", "## Hearing from children {covers = voice}\n\n## Sign-off {#sg-approval-1}\n\n## Nine {#nine}{covers=duties}")
        .replace("covers: signed-police }", "covers: [signed-police, signed-icb] }")
        .replace("  published: 2025-09-30\n", "  published: 2025-03-01\n")
        .replace(
            "## What the partners did {#did covers=partners-did}\n",
            "## What the partners did {#did covers=partners-did}\n\n```Trend\n../audits/s11.yaml\n```\n\n```orgnisation\nx\n```\n",
        );
    let run = site(&text).run(&["check"]);
    run.error_at(
        "content/reports/annual.md:33:25",
        "`covers=` names no checklist item",
    );
    run.error_at(
        "content/reports/annual.md:39:1",
        "the heading id `sg-approval-1` starts with `sg-`",
    );
    run.error_at("content/reports/annual.md:21:1", "`Trend` is not a kind of block, so this one would be shown as code, settings and all: did you mean `trend`?");
    run.error_at(
        "content/reports/annual.md:25",
        "did you mean `organisation`?",
    );
    let w = warnings(&run);
    let said = |needle: &str| w.iter().filter(|(_, m)| m.contains(needle)).count();
    // `{covers = voice}` is read as meant: no warning that voice is missing.
    assert_eq!(said("`voice`"), 0, "{}", run.stderr);
    assert_eq!(
        said("that was not read as its id or settings"),
        1,
        "{}",
        run.stderr
    );
    assert_eq!(
        said("before the year it covers ends on 2025-03-31"),
        1,
        "{}",
        run.stderr
    );
    assert_eq!(
        said("C. Person signs off for `signed-icb` and `signed-police`"),
        1,
        "{}",
        run.stderr
    );
    // Dates judged against a publication date that is itself wrong are not said too.
    assert_eq!(said("after it was published"), 0, "{}", run.stderr);
    assert_eq!(
        said("days after the report was published"),
        0,
        "{}",
        run.stderr
    );
}

#[test]
fn block_settings_may_be_quoted_and_an_audit_summary_takes_a_caption() {
    let body = "```audit-summary\n../audits/a.yaml\ncaption: \"Our own return, scored\"\n```\n\n```training\n../data/training.yaml\ncaption: 'Everyone, at the end of the year'\nby: \"overall\"\n```\n";
    let f = with_data(body);
    f.build().ok();
    let html = f.read("output/reports/annual/index.html");
    assert!(
        html.contains("<a href=\"#sg-summary-1-standards\">Table 1: Our own return, scored</a>"),
        "{html}"
    );
    assert!(
        html.contains("Table 2: Everyone, at the end of the year</a>"),
        "{html}"
    );
    assert!(!html.contains("&quot;Our own"), "{html}");
    let f = with_data("```audit-summary\n../audits/a.yaml\ncaptoin: Ours\n```\n");
    f.run(&["check"]).error_at(
        "content/reports/annual.md:12:1",
        "`captoin` is not a setting of an `audit-summary` block: after the return's path it takes only `caption:`",
    );
}

#[test]
fn report_kind_is_only_for_reports() {
    let f = Fixture::new();
    let root = f.root().to_str().unwrap().to_string();
    let run = f.run(&[
        "add",
        "page",
        "content/p.md",
        "--report-kind",
        "scp-yearly",
        "--root",
        &root,
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--report-kind is for `safeguard add report` only"),
        "{}",
        run.stderr
    );
    assert!(!f.exists("content/p.md"));
}

#[test]
fn a_welsh_board_report_is_warned_for_each_item_it_leaves_out_and_for_missing_31_july() {
    let body = "## Who is on the board {covers=membership}\n\n## Delivering the plan {covers=annual-plan,outcomes}\n";
    let text =
        report("wales-annual", "", body).replace("published: 2025-09-30", "published: 2025-08-01");
    let run = site(&text).run(&["check"]);
    run.ok();
    assert_eq!(
        missing(&run),
        sorted(&[
            "collaboration",
            "information-requests",
            "achievements",
            "contributions",
            "resources",
            "themes",
            "participation",
            "apsos",
            "learning",
            "advice"
        ])
    );
    let w = warnings(&run);
    let late = w.iter().find(|(_, m)| m.contains("2025-07-31")).unwrap();
    assert_eq!(late.0, "content/reports/annual.md:7:14");
    assert!(late.1.contains("section 136(2)"), "{}", late.1);
    // On time, no warning about the date.
    let text =
        report("wales-annual", "", body).replace("published: 2025-09-30", "published: 2025-07-31");
    let run = site(&text).run(&["check"]);
    assert!(
        !run.stderr.contains("2025-07-31, the day"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_sections_own_page_cannot_be_a_report_and_empty_covers_lists_are_said() {
    let f = site(&COMPLETE.replace("covers: signed-local-authority }", "covers: [] }"));
    f.write(
        "content/reports/_index.md",
        "---\ntitle: Reports\ntype: report\nreport:\n  kind: other\n---\n",
    );
    let run = f.run(&["check"]);
    run.error_at(
        "content/reports/_index.md:3:7",
        "a section's own page (`_index.md`) lists what is in its folder, so it cannot be a report",
    );
    run.error_at("content/reports/annual.md:10", "`covers:` names no checklist item: write the id of the item this entry meets, such as `covers: signed-local-authority`");
    // The section page is not checked as a report as well.
    assert!(!run.stderr.contains("_index.md:5"), "{}", run.stderr);
}

#[test]
fn a_meeting_that_approves_after_publication_is_warned_at_the_meeting() {
    let text = COMPLETE.replace(
        "approved_at: { meeting: Partnership Executive, date: 2025-09-15, minute: Minute 24/117 }",
        "approved_at: { meeting: Partnership Executive, date: 2025-10-15 }",
    );
    let run = site(&text).run(&["check"]);
    let w = warnings(&run);
    assert_eq!(w.len(), 1, "{}", run.stderr);
    assert_eq!(w[0].0, "content/reports/annual.md:13:16");
    assert!(w[0].1.starts_with("Partnership Executive approved the report on 2025-10-15, after it was published on 2025-09-30"), "{}", w[0].1);
}
