//! `indicators` and `training` blocks: a dataset's figures placed in a page, the same
//! figures its own page shows in the same build (small numbers protected alike in a
//! public build), and every mistake in a block one plain message at its place.

mod common;

use common::{Fixture, Run, between};

const KPIS: &str = "kind: indicators
id: kpis
title: Partnership indicators
visibility: public
data: kpis.csv
indicators:
  - { id: iha, title: Health assessments on time, unit: percent, better: higher, measure: ratio, target: 95, amber: 85 }
  - { id: referrals, title: Referrals, unit: count, better: higher, measure: sum }
  - { id: reviews, title: Reviews on time, unit: percent, better: higher, measure: ratio, target: 100 }
";

const TRAINING: &str = "kind: training
id: training
title: Training compliance
visibility: public
data: training.csv
target: 90
amber: 80
strands: [children, adults]
";

const PERIODS: [&str; 6] = [
    "2024-25 Q1",
    "2024-25 Q2",
    "2024-25 Q3",
    "2024-25 Q4",
    "2025-26 Q1",
    "2025-26 Q2",
];

/// Two organisations over six quarters; reviews are few (small numbers).
fn kpis_csv() -> String {
    let mut csv = String::from("indicator,organisation,period,numerator,denominator,value\n");
    for (o, org) in ["Org A", "Org B"].iter().enumerate() {
        for (i, p) in PERIODS.iter().enumerate() {
            let (n, d) = (40 + 3 * i + o * 7, 44 + 3 * i + o * 9);
            csv += &format!("iha,{org},{p},{n},{d},\n");
            csv += &format!("referrals,{org},{p},,,{}\n", 20 + 4 * i + o);
            csv += &format!("reviews,{org},{p},{},{},\n", 2 + i % 2, 4);
        }
    }
    csv
}

fn training_csv() -> String {
    let mut csv = String::from("period,organisation,staff_group,strand,level,eligible,compliant\n");
    for (i, p) in ["2025-26 Q1", "2025-26 Q2"].iter().enumerate() {
        for (o, org) in ["Org A", "Org B"].iter().enumerate() {
            for (s, strand) in ["children", "adults"].iter().enumerate() {
                let e = 120 + 10 * o + 5 * s;
                csv += &format!(
                    "{p},{org},Clinical,{strand},level-3,{e},{}\n",
                    e - 15 + 4 * i - s
                );
                if o == 0 {
                    csv += &format!("{p},{org},Board,{strand},board,3,{}\n", 2 + i % 2);
                }
            }
        }
    }
    csv
}

const REPORT: &str = "---
title: Report
---

## Figures

```indicators
../data/kpis.yaml
indicators: [iha, referrals]
period: 2025-26
```

```indicators
../data/kpis.yaml
period: 2025-26 Q2
```

```training
../data/training.yaml
period: 2025-26 Q2
```
";

fn site(report: &str) -> Fixture {
    let f = Fixture::new();
    f.write("content/data/kpis.yaml", KPIS);
    f.write("content/data/kpis.csv", &kpis_csv());
    f.write("content/data/training.yaml", TRAINING);
    f.write("content/data/training.csv", &training_csv());
    f.write("content/reports/r.md", report);
    f
}

/// The cells of each body row of the table whose caption has `caption_id`.
fn rows(html: &str, caption_id: &str) -> Vec<Vec<String>> {
    let body = between(html, &format!("id=\"{caption_id}\""), "</tbody>");
    body.split("<tr")
        .skip(2)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|c| {
                    let c = &c[c.find('>').unwrap() + 1..];
                    c[..c.find("</td>").unwrap()].to_string()
                })
                .collect()
        })
        .collect()
}

/// The first cell after the row header that starts with `header` (text before `<`).
fn figure_after<'a>(html: &'a str, header: &str) -> &'a str {
    let cell = between(html, header, "</td>");
    let cell = &cell[cell.find("<td class=\"num\">").unwrap() + 16..];
    cell.split("<br>").next().unwrap()
}

#[test]
fn embedded_figures_are_the_figures_of_the_datasets_pages() {
    let f = site(REPORT);
    f.build().ok();
    let report = f.read("output/reports/r/index.html");
    let kpis = f.read("output/data/kpis/index.html");
    let training = f.read("output/data/training/index.html");
    // The year 2025-26 (a roll-up of two quarters), totals over both organisations.
    for id in ["iha", "referrals"] {
        let page = between(&kpis, &format!("id=\"sg-rows-{id}-caption\""), "</table>");
        let on_page = figure_after(page, "Year 2025-26");
        let embedded = figure_after(&report, &format!("#indicator-{id}\">"));
        assert_eq!(embedded, on_page, "{id}");
    }
    assert_eq!(figure_after(&report, "#indicator-iha\">"), "91.9%");
    let first = between(&report, "sg-figures-1-caption\">", "</table>");
    assert!(first.contains("Partnership indicators: the financial year 2025-26 (April 2025 to March 2026), All 2 organisations together</caption>"), "{first}");
    assert!(
        !first.contains("#indicator-reviews"),
        "only the indicators asked for"
    );
    assert!(first.contains("Change since 2024-25</th>") && !first.contains("a year before"));
    assert!(first.contains("(2 of 4 quarters)"), "{first}");
    // The quarter, every indicator: figure, status and both changes as on the page.
    let second = between(&report, "sg-figures-2-caption\">", "</table>");
    assert!(second.contains(
        "Change since 2025-26 Q1</th><th scope=\"col\" class=\"num\">Change since 2024-25 Q2</th>"
    ));
    for id in ["iha", "referrals", "reviews"] {
        let page = rows(&kpis, &format!("sg-rows-{id}-caption"));
        let q2 = &page[6]; // four quarters, the year, Q1, then Q2
        let row = between(second, &format!("#indicator-{id}\">"), "</tr>");
        let cells = rows(&format!("id=\"x\"><tbody><tr><tr{row}</tbody>"), "x").remove(0);
        let ratio = q2.len() == 6;
        let value = cells[0].split("<br>").next().unwrap();
        assert_eq!(value, q2[0], "{id}");
        if ratio {
            assert!(
                cells[0].ends_with(&format!("{} of {}</span>", q2[1], q2[2])),
                "{id} {cells:?}"
            );
        }
        let rest = if ratio { &q2[3..] } else { &q2[1..] };
        assert_eq!(&cells[2..], rest, "{id}: status and changes");
    }
    assert!(second.contains(r#"<a href="../../data/kpis/#indicator-reviews">Reviews on time</a>"#));
    // Training by strand and level in 2025-26 Q2: the page's rows, then the overall row.
    let page_levels = rows(&training, "sg-levels-table-caption");
    let embedded = rows(&report, "sg-figures-3-caption");
    assert_eq!(embedded[..page_levels.len()], page_levels[..]);
    let overall = rows(&training, "sg-overall-table-caption");
    assert_eq!(embedded.last(), overall.last());
    assert_eq!(embedded.len(), page_levels.len() + 1);
    assert!(report.contains("Training compliance: compliance by strand and intercollegiate level in 2025-26 Q2 (July to September 2025)</caption>"));
    assert!(
        report.contains(r#"<a href="../../data/training/">All figures: Training compliance</a>"#)
    );
    assert_eq!(
        report
            .matches("All figures: Partnership indicators</a>")
            .count(),
        2
    );
    assert!(
        !report.contains("To protect people"),
        "no note in an internal build"
    );
}

#[test]
fn a_public_build_protects_small_numbers_in_embedded_figures_as_on_the_page() {
    let f = site(REPORT);
    f.run(&["build", "--audience", "public"]).ok();
    let report = f.read("output/reports/r/index.html");
    let kpis = f.read("output/data/kpis/index.html");
    let second = between(&report, "sg-figures-2-caption\">", "</table>");
    let reviews = between(second, "#indicator-reviews\">", "</tr>");
    // 2 + 3 of 8 reviewed on time in 2025-26 Q2: the percentage is left out, the
    // counts shown as `*` where small, and so on the set's page.
    assert!(
        reviews.contains("<td class=\"num\">*<br><span class=\"figure-note\">5 of 10</span>"),
        "{reviews}"
    );
    let page = rows(&kpis, "sg-rows-reviews-caption");
    assert_eq!(page[6][0], "*");
    assert_eq!(figure_after(second, "#indicator-reviews\">"), "*");
    // Training boards of 3: `*`, as on the page.
    let embedded = rows(&report, "sg-figures-3-caption");
    let board = embedded
        .iter()
        .find(|r| r[0] == "*")
        .expect("a small count shown as *");
    assert_eq!(board[2], "*");
    let training = f.read("output/data/training/index.html");
    assert_eq!(
        embedded[..embedded.len() - 1],
        rows(&training, "sg-levels-table-caption")[..]
    );
    // The public note once per block.
    assert_eq!(
        report.matches("To protect people&#39;s privacy").count(),
        3,
        "{report}"
    );
}

#[test]
fn a_changed_cell_changes_the_embedded_figure() {
    let f = site(
        "---\ntitle: Report\n---\n\n```indicators\n../data/kpis.yaml\nindicators: [referrals]\nperiod: 2025-26 Q2\n```\n",
    );
    f.build().ok();
    let before = f.read("output/reports/r/index.html");
    assert_eq!(figure_after(&before, "#indicator-referrals\">"), "81");
    let csv = kpis_csv().replace(
        "referrals,Org A,2025-26 Q2,,,40",
        "referrals,Org A,2025-26 Q2,,,50",
    );
    assert_ne!(csv, kpis_csv());
    f.write("content/data/kpis.csv", &csv);
    f.build().ok();
    let after = f.read("output/reports/r/index.html");
    assert_eq!(figure_after(&after, "#indicator-referrals\">"), "91");
}

/// Asserts the run failed with exactly `n` problems, one of them an error at
/// `location` holding every one of `needles`.
fn error_among(run: &Run, n: usize, location: &str, needles: &[&str]) {
    let line = run.error_at(location, needles[0]);
    for needle in needles {
        assert!(line.contains(needle), "`{needle}` is not in: {line}");
    }
    let problems = run
        .stderr
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .count();
    assert_eq!(problems, n, "expected {n} problems, got:\n{}", run.stderr);
}

fn only(run: &Run, location: &str, needles: &[&str]) {
    error_among(run, 1, location, needles);
}

fn block(kind: &str, lines: &str) -> String {
    format!("---\ntitle: Report\n---\n\nText.\n\n```{kind}\n{lines}\n```\n")
}

#[test]
fn a_path_that_names_no_dataset_suggests_the_nearest() {
    let run = site(&block("indicators", "../data/kpi.yaml")).build();
    only(
        &run,
        "content/reports/r.md:8:1",
        &[
            "cannot embed the figures of `../data/kpi.yaml`: `../data/kpi.yaml` does not exist (did you mean `../data/kpis.yaml`?)",
        ],
    );
    let run = site(&block("training", "")).build();
    only(
        &run,
        "content/reports/r.md:7:1",
        &[
            "this `training` block is empty: write the path of training compliance (`kind: training`) on its first line",
        ],
    );
}

#[test]
fn a_path_that_names_another_kind_of_document() {
    let f = site(&block("indicators", "../data/training.yaml"));
    only(
        &f.build(),
        "content/reports/r.md:8:1",
        &[
            "`../data/training.yaml` is training compliance, not an indicator set: embed it with a `training` block",
        ],
    );
    let f = site(&block("training", "../_index.md"));
    only(
        &f.build(),
        "content/reports/r.md:8:1",
        &[
            "`../_index.md` is not training compliance (`kind: training`): a `training` block names a `kind: training` file",
        ],
    );
    let f = site(&block("training", "../data/training.csv"));
    only(
        &f.build(),
        "content/reports/r.md:8:1",
        &["holds the figures of `content/data/training.yaml`"],
    );
}

#[test]
fn a_site_address_names_a_dataset_too() {
    let f = site(&block("training", "/data/training/\nby: overall"));
    f.build().ok();
    let html = f.read("output/reports/r/index.html");
    assert_eq!(rows(&html, "sg-figures-1-caption").len(), 1);
    assert!(
        html.contains("compliance of all eligible staff in 2025-26 Q2"),
        "{html}"
    );
}

#[test]
fn an_unknown_indicator_is_named_with_the_nearest() {
    let run = site(&block(
        "indicators",
        "../data/kpis.yaml\nindicators: [iha, refferals]",
    ))
    .build();
    only(
        &run,
        "content/reports/r.md:9:19",
        &[
            "the set `kpis` has no indicator `refferals` (did you mean `referrals`?): its indicators are `iha`, `referrals` and `reviews`",
        ],
    );
}

#[test]
fn a_malformed_period_and_a_period_without_figures() {
    let run = site(&block("indicators", "../data/kpis.yaml\nperiod: 2025/26")).build();
    only(
        &run,
        "content/reports/r.md:9:9",
        &["`2025/26` is not a period: write a quarter as `2025-26 Q1`"],
    );
    let run = site(&block(
        "indicators",
        "../data/kpis.yaml\nperiod: 2023-24 Q1",
    ))
    .build();
    only(
        &run,
        "content/reports/r.md:9:9",
        &["this set has no figures for 2023-24 Q1: its figures run from 2024-25 Q1 to 2025-26 Q2"],
    );
    let run = site(&block("indicators", "../data/kpis.yaml\nperiod: 2026-27")).build();
    only(
        &run,
        "content/reports/r.md:9:9",
        &["this set has no figures for 2026-27: its figures run from 2024-25 to 2025-26"],
    );
    let run = site(&block("training", "../data/training.yaml\nperiod: 2025-26")).build();
    only(
        &run,
        "content/reports/r.md:9:9",
        &[
            "`2025-26` is a financial year, but this dataset reports by quarter: write a quarter such as `2025-26 Q2`",
        ],
    );
    let run = site(&block("indicators", "../data/kpis.yaml\nperiod: 2025-09")).build();
    only(
        &run,
        "content/reports/r.md:9:9",
        &["`2025-09` is a month, but this set reports by quarter"],
    );
}

#[test]
fn unknown_keys_and_by_on_an_indicators_block() {
    let run = site(&block("indicators", "../data/kpis.yaml\nperod: 2025-26")).build();
    only(
        &run,
        "content/reports/r.md:9:1",
        &[
            "`perod:` is not a setting of an `indicators` block (did you mean `period:`?): its settings are `indicators`, `period` and `caption`",
        ],
    );
    let run = site(&block("indicators", "../data/kpis.yaml\nby: level")).build();
    only(
        &run,
        "content/reports/r.md:9:1",
        &["an `indicators` block has no `by:`"],
    );
    let run = site(&block("training", "../data/training.yaml\nby: staff group")).build();
    only(
        &run,
        "content/reports/r.md:9:5",
        &["`by: staff group` is not a breakdown (did you mean `staff-group`?)"],
    );
}

#[test]
fn every_problem_of_a_block_is_reported_at_once() {
    let run = site(&block(
        "indicators",
        "../data/kpis.yaml\nindicators: [ihaa]\nperiod: 2019-20\ncolour: red",
    ))
    .build();
    error_among(
        &run,
        3,
        "content/reports/r.md:9:14",
        &["no indicator `ihaa` (did you mean `iha`?)"],
    );
    run.error_at(
        "content/reports/r.md:10:9",
        "this set has no figures for 2019-20",
    );
    run.error_at(
        "content/reports/r.md:11:1",
        "`colour:` is not a setting of an `indicators` block",
    );
    // With no dataset, what can be said of the lines is said too.
    let run = site(&block("training", "../data/nope.yaml\nbye: level")).build();
    error_among(
        &run,
        2,
        "content/reports/r.md:8:1",
        &["cannot embed the figures of `../data/nope.yaml`"],
    );
    run.error_at("content/reports/r.md:9:1", "`bye:` is not a setting of a");
}

#[test]
fn a_private_dataset_on_a_public_page_in_a_public_build() {
    let f = site(&block("training", "../data/training.yaml"));
    f.write(
        "content/data/training.yaml",
        &TRAINING.replace("visibility: public", "visibility: private"),
    );
    f.build().ok();
    let run = f.run(&["build", "--audience", "public"]);
    only(
        &run,
        "content/reports/r.md:8:1",
        &["`../data/training.yaml` is private, so it is not in this public build"],
    );
}

#[test]
fn a_dataset_that_failed_to_load_is_quiet_in_the_page() {
    let f = site(&block(
        "indicators",
        "../data/kpis.yaml\nperiod: 2025-26 Q2",
    ));
    f.write(
        "content/data/kpis.csv",
        &kpis_csv().replace("iha,Org A,2025-26 Q2,55,59", "iha,Org A,2025-26 Q2,55,x"),
    );
    let run = f.build();
    only(&run, "content/data/kpis.csv", &[""]);
    let f = site(&block("indicators", "../data/kpis.yaml"));
    f.write("content/data/kpis.yaml", "kind: indicators\nid: kpis\n");
    let run = f.build();
    assert!(
        !run.stderr.contains("content/reports/r.md"),
        "{}",
        run.stderr
    );
}
