//! The independent check of indicator and training figures.
//! `tests/independent/figures_generate.py` writes a site of 40 organisations with
//! quarterly, monthly and yearly indicator sets (every unit, measure and direction,
//! gaps, figures on their target and amber lines, small counts) and 5,000 rows of
//! training data; the real binary builds it for both audiences;
//! `tests/independent/figures_check.py`, written from SPEC.md and not from
//! `src/figures/`, recomputes every figure with fractions (roll-ups, totals, statuses,
//! changes, public suppression and rounding) and compares it with the downloads, and
//! in a public build reads every byte of the output for raw data, small counts and
//! unrounded counts; with `--html` (`figures_pages.py`) it also compares every figure
//! shown on the figures pages (tables, chart labels and descriptions) with the same
//! computation, as text, and (`figures_members.py`) the figures on organisation and
//! partnership pages (the members' totals recomputed) and in embedded blocks of
//! `content/report.md`. `figures_selftest.py` proves the checker can fail, and so do a
//! figure changed in a real download and one changed on a real page here.
//!
//! The checker needs Python 3 with PyYAML (.ci/run installs it); it exits 3 without it.

mod common;

use std::path::Path;

use common::independent::{build, python};

fn check(site: &Path, output: &Path, audience: &str) -> (i32, String) {
    python(
        "figures_check.py",
        &[
            site.to_str().unwrap(),
            output.to_str().unwrap(),
            "--audience",
            audience,
            "--html",
        ],
    )
}

/// The number in the checker's closing line, "checked N figures, M mismatches".
fn checked(report: &str) -> usize {
    report
        .lines()
        .find_map(|l| l.strip_prefix("checked ")?.split(' ').next()?.parse().ok())
        .unwrap_or_else(|| panic!("no closing line in:\n{report}"))
}

#[test]
fn every_figure_matches_an_independent_computation_in_both_audiences() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let (code, text) = python("figures_generate.py", &[site.to_str().unwrap()]);
    assert_eq!(code, 0, "figures_generate.py failed:\n{text}");
    for audience in ["internal", "public"] {
        let output = dir.path().join(format!("output-{audience}"));
        build(&site, &output, audience);
        let (code, report) = check(&site, &output, audience);
        assert_eq!(
            code, 0,
            "the {audience} build differs from the independent computation:\n{report}"
        );
        assert!(report.contains(" 0 mismatches"), "{report}");
        assert!(
            checked(&report) > 100_000,
            "too few figures checked:\n{report}"
        );
    }
}

#[test]
fn the_checker_can_fail() {
    let (code, report) = python("figures_selftest.py", &[]);
    assert_eq!(code, 0, "the checker's self-test failed:\n{report}");

    // A figure changed in a real download is found and named.
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let (code, text) = python("figures_generate.py", &[site.to_str().unwrap()]);
    assert_eq!(code, 0, "{text}");
    let output = dir.path().join("output");
    build(&site, &output, "public");
    let path = output.join("figures/kpis/indicators.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let figure = json["indicators"][0]["figures"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|f| f["numerator"].is_u64())
        .expect("a figure with a numerator");
    // One more than a multiple of 5: a count no public build may show.
    let n = figure["numerator"].as_u64().unwrap();
    figure["numerator"] = serde_json::json!(n + 1);
    std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let (code, report) = check(&site, &output, "public");
    assert_eq!(code, 1, "a changed count passed:\n{report}");
    assert!(report.contains("figures/kpis/indicators.json"), "{report}");
    assert!(!report.contains(" 0 mismatches"), "{report}");

    // A figure changed on a page: the first indicator's latest figure in "Latest figures".
    let page = output.join("figures/kpis/index.html");
    let html = std::fs::read_to_string(&page).unwrap();
    let table = html
        .find("sg-summary-caption")
        .expect("the Latest figures table");
    let cell = table
        + html[table..]
            .find("<td class=\"num\">")
            .expect("a figure cell");
    let start = cell + "<td class=\"num\">".len();
    let end = start + html[start..].find("</td>").unwrap();
    let changed = format!("{}−1%{}", &html[..start], &html[end..]);
    std::fs::write(&page, changed).unwrap();
    let (code, report) = check(&site, &output, "public");
    assert_eq!(code, 1, "a changed figure on a page passed:\n{report}");
    assert!(
        report.contains("figures/kpis/index.html: Latest figures: iha-20-days figure"),
        "{report}"
    );
}
