//! The independent check of assurance figures. `tests/independent/generate.py` writes a
//! site of 60 organisations, two framework families and four periods; the real binary
//! builds it for both audiences; `tests/independent/check.py`, written from SPEC.md and
//! not from `src/assurance/`, recomputes every score, label, count, share, previous
//! return and overdue action exactly (with fractions) and compares them with the
//! downloads and the figures on every page that shows them (`tests/independent/pages.py`:
//! audit, framework and grid pages, the assurance index, the action tracker, organisation,
//! partnership and registry pages, the home page). A mutation test proves the checker can
//! fail, on a download and on a page.
//!
//! The checker needs Python 3 with PyYAML (`python3 -m pip install pyyaml`; .ci/run
//! installs it); it exits 3 when PyYAML is missing, and these tests then fail saying so.

mod common;

use std::path::Path;

use common::independent::{build, python};

fn generate(site: &Path, flags: &[&str]) {
    let mut args = vec![site.to_str().unwrap()];
    args.extend_from_slice(flags);
    let (code, text) = python("generate.py", &args);
    assert_eq!(code, 0, "generate.py failed:\n{text}");
}

fn check(site: &Path, output: &Path, audience: &str, extra: &[&str]) -> (i32, String) {
    let mut args = vec![
        site.to_str().unwrap(),
        output.to_str().unwrap(),
        "--audience",
        audience,
        "--as-of",
        "2026-11-22",
    ];
    args.extend_from_slice(extra);
    python("check.py", &args)
}

/// The number in the checker's closing line, "N figures checked over …".
fn figures(report: &str) -> usize {
    report
        .lines()
        .find_map(|l| {
            l.split_once(" figures checked")
                .map(|(n, _)| n.parse().unwrap())
        })
        .unwrap_or_else(|| panic!("no closing line in:\n{report}"))
}

/// Generates a site with `flags`, builds it for both audiences and checks each build.
fn generated_site_matches(flags: &[&str], extra: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    generate(&site, flags);
    for audience in ["internal", "public"] {
        let output = dir.path().join(format!("output-{audience}"));
        build(&site, &output, audience);
        let (code, report) = check(&site, &output, audience, extra);
        assert_eq!(
            code, 0,
            "the {audience} build differs from the independent computation:\n{report}"
        );
        assert!(report.contains(" 0 mismatches"), "{report}");
        assert!(
            figures(&report) > 20_000,
            "too few figures checked:\n{report}"
        );
    }
}

/// A site with neither a registry nor `replaces:` (organisations matched by name, as
/// without a registry): scores, labels, counts, shares, grades, moderation, not-applicable results,
/// previous returns within a framework, overdue actions, missing returns and what a
/// public build leaves out are all checked.
#[test]
fn every_assurance_figure_matches_an_independent_computation() {
    generated_site_matches(&["--no-registry", "--no-versions"], &[]);
}

/// The whole site: registry (ids, names and ODS codes), renames, mergers, framework
/// versions and `previous` with `framework`, `organisation` and `compared`.
#[test]
fn every_assurance_figure_matches_with_registry_and_framework_versions() {
    generated_site_matches(&[], &[]);
}

/// A figure changed in one download, and a grade changed in the source after building,
/// both make the checker fail and name the file and the figure.
#[test]
fn the_independent_check_fails_on_a_changed_figure_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    generate(&site, &["--no-registry", "--no-versions"]);
    let output = dir.path().join("output");
    build(&site, &output, "internal");
    // The pages are checked where a page is changed; elsewhere only the downloads (the
    // other tests check every page), to keep this test quick.
    let (code, report) = check(&site, &output, "internal", &["--no-html"]);
    assert_eq!(code, 0, "{report}");

    // 1. One score in one audit.json, changed by 0.1.
    let rel = "returns/mca/2022-23/fairford-charity/audit.json";
    let path = output.join(rel);
    let original = std::fs::read_to_string(&path).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&original).unwrap();
    let score = json["score"].as_f64().expect("a score");
    json["score"] = serde_json::json!(score + 0.1);
    std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let (code, report) = check(&site, &output, "internal", &["--no-html"]);
    assert_eq!(code, 1, "a changed score passed:\n{report}");
    assert!(
        report.contains(&format!("{rel}: score: expected 1.7, found")),
        "{report}"
    );
    assert!(
        report.contains(" 1 mismatches"),
        "only the score:\n{report}"
    );
    std::fs::write(&path, original).unwrap();

    // 2. One count on the same return's page (the first row of its table of counts at
    // each grade, one more than it is).
    let page_rel = "returns/mca/2022-23/fairford-charity/index.html";
    let page_path = output.join(page_rel);
    let page = std::fs::read_to_string(&page_path).unwrap();
    let table = page
        .find("<table class=\"counts\">")
        .expect("a table of counts");
    let cell = table
        + page[table..].find("<td class=\"num\">").expect("a count")
        + "<td class=\"num\">".len();
    let end = cell + page[cell..].find('<').unwrap();
    let count: u32 = page[cell..end].parse().expect("a number");
    let changed = format!("{}{}{}", &page[..cell], count + 1, &page[end..]);
    std::fs::write(&page_path, changed).unwrap();
    let (code, report) = check(&site, &output, "internal", &[]);
    assert_eq!(code, 1, "a changed count on a page passed:\n{report}");
    assert!(
        report.contains(&format!(
            "{page_rel}: count at Embedded: expected '{count}', found '{}'",
            count + 1
        )),
        "{report}"
    );
    assert!(
        report.contains(" 1 mismatches"),
        "only the count:\n{report}"
    );
    std::fs::write(&page_path, page).unwrap();

    // 3. One grade in a copy of the source (M1 of the same return, 1 → 5): the output
    // no longer matches it.
    let copy = dir.path().join("copy");
    common::copy_dir(&site, &copy);
    let ret = copy.join("content/returns/mca/2022-23/fairford-charity.yaml");
    let text = std::fs::read_to_string(&ret).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("criterion: \"M1\""))
        .expect("a result for M1");
    // The edge returns are written without moderation or comments: `{ criterion, grade }`.
    let (before, _) = line.split_once("grade: ").unwrap();
    std::fs::write(&ret, text.replace(line, &format!("{before}grade: 5 }}"))).unwrap();
    let (code, report) = check(&copy, &output, "internal", &["--no-html"]);
    assert_eq!(code, 1, "a changed grade passed:\n{report}");
    assert!(
        report.contains(&format!("{rel}: results[M1].grade: expected 5.0, found 1")),
        "{report}"
    );
    assert!(
        report.contains(&format!("{rel}: score: expected")),
        "{report}"
    );
}
