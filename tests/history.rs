//! Assurance over time: an organisations registry (ids, names, ODS codes, renames,
//! mergers) and framework versions (`replaces` with a criterion map). Every expected
//! figure below is worked out by hand in the comments, from the fixture's grades.

mod common;

use common::Fixture;
use serde_json::{Value, json};

const SCALE: &str = "scale:\n  - { value: 25, label: Not met, colour: red }\n  - { value: 50, label: Partially met, colour: blue }\n  - { value: 75, label: Mostly met, colour: amber }\n  - { value: 100, label: Fully met, colour: green }\n";

/// The 2015 framework: criteria 1.1, 1.2, 1.3, 2.1, 2.2, 2.3.
fn old_framework() -> String {
    format!(
        "kind: framework\nid: old\ntitle: Old framework\n{SCALE}standards:\n  - id: \"1\"\n    title: One\n    criteria:\n      - {{ id: \"1.1\", text: a }}\n      - {{ id: \"1.2\", text: b }}\n      - {{ id: \"1.3\", text: c }}\n  - id: \"2\"\n    title: Two\n    criteria:\n      - {{ id: \"2.1\", text: d }}\n      - {{ id: \"2.2\", text: e }}\n      - {{ id: \"2.3\", text: f }}\n"
    )
}

/// The 2023 framework, replacing the old one: 1.1 and 2.1 carry on under their
/// numbers; 1.2 is the old 1.3 renumbered; 1.3 is new; 2.2 is split from the old
/// 2.1 (so old 2.1 has two successors); 3.1 merges the old 1.2 and 2.2; the old 2.3
/// is dropped.
fn new_framework() -> String {
    format!(
        "kind: framework\nid: new\ntitle: New framework\n{SCALE}standards:\n  - id: \"1\"\n    title: One\n    criteria:\n      - {{ id: \"1.1\", text: a }}\n      - {{ id: \"1.2\", text: c }}\n      - {{ id: \"1.3\", text: g }}\n  - id: \"2\"\n    title: Two\n    criteria:\n      - {{ id: \"2.1\", text: d1 }}\n      - {{ id: \"2.2\", text: d2 }}\n  - id: \"3\"\n    title: Three\n    criteria:\n      - {{ id: \"3.1\", text: b and e }}\nreplaces:\n  framework: old\n  map:\n    \"1.2\": \"1.3\"\n    \"1.3\": ~\n    \"2.2\": \"2.1\"\n    \"3.1\": [\"1.2\", \"2.2\"]\n"
    )
}

/// A Trust was renamed B Trust; C, D and E merged into the ICB; F closed with no
/// successor.
const REGISTRY: &str = r#"kind: organisations
title: Organisations
visibility: public
organisations:
  - { id: a, name: A Trust, ods: A1, closed: 2020-03-31 }
  - { id: b, name: B Trust, ods: B1, predecessors: [a], partnerships: [sp] }
  - { id: c, name: C CCG, ods: C1, closed: 2022-06-30 }
  - { id: d, name: D CCG, ods: D1, closed: 2022-06-30 }
  - { id: e, name: E CCG, closed: 2022-06-30 }
  - { id: icb, name: The ICB, ods: QUA, established: 2022-07-01, predecessors: [c, d, e], partnerships: [sp] }
  - { id: f, name: F Trust, closed: 2020-03-31 }
partnerships:
  - { id: sp, name: The Partnership }
"#;

fn old_return(org: &str, period: &str, grades: [u32; 6]) -> String {
    let ids = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3"];
    let mut s = format!(
        "kind: audit\nframework: old\norganisation: {org}\nperiod: \"{period}\"\nresults:\n"
    );
    for (id, g) in ids.iter().zip(grades) {
        s.push_str(&format!("  - {{ criterion: \"{id}\", grade: {g} }}\n"));
    }
    s
}

fn new_return(org: &str, grades: [u32; 6]) -> String {
    let ids = ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1"];
    let mut s =
        format!("kind: audit\nframework: new\norganisation: {org}\nperiod: \"2024\"\nresults:\n");
    for (id, g) in ids.iter().zip(grades) {
        s.push_str(&format!("  - {{ criterion: \"{id}\", grade: {g} }}\n"));
    }
    s
}

/// The whole story. Returns name organisations by name, id and ODS code alike.
fn landscape() -> Fixture {
    let f = Fixture::new();
    f.write("content/organisations.yaml", REGISTRY)
        .write("content/audits/old.yaml", &old_framework())
        .write("content/audits/new.yaml", &new_framework())
        // A Trust 2016: (50 + 75 + 100 + 25 + 50 + 100) / 6 = 400 / 6 = 66.67.
        .write(
            "content/audits/a-2016.yaml",
            &old_return("A Trust", "2016", [50, 75, 100, 25, 50, 100]),
        )
        // C by its id, D by its ODS code, E only in 2014, F by name.
        .write(
            "content/audits/c-2016.yaml",
            &old_return("c", "2016", [100; 6]),
        )
        .write(
            "content/audits/d-2016.yaml",
            &old_return("d1", "2016", [50; 6]),
        )
        .write(
            "content/audits/e-2014.yaml",
            &old_return("E CCG", "2014", [25; 6]),
        )
        .write(
            "content/audits/f-2016.yaml",
            &old_return("F Trust", "2016", [75; 6]),
        )
        // B Trust 2024: (75 + 100 + 50 + 50 + 25 + 75) / 6 = 375 / 6 = 62.5.
        .write(
            "content/audits/b-2024.yaml",
            &new_return("B Trust", [75, 100, 50, 50, 25, 75]),
        )
        .write(
            "content/audits/icb-2024.yaml",
            &new_return("QUA", [100, 100, 100, 75, 75, 75]),
        );
    f
}

fn json(f: &Fixture, rel: &str) -> Value {
    serde_json::from_str(&f.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The visible text of a page, tags dropped and spaces collapsed.
fn text(f: &Fixture, rel: &str) -> String {
    let html = f.read(rel);
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let words = out
        .replace("&#x27;", "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // A tag's end is a space above, which punctuation after a link does not have.
    words
        .replace(" :", ":")
        .replace(" ,", ",")
        .replace(" .", ".")
        .replace(" )", ")")
        .replace(" ;", ";")
}

#[test]
fn a_renamed_organisation_is_compared_with_its_earlier_name_across_versions() {
    let f = landscape();
    f.build().ok();
    let b = json(&f, "output/audits/b-2024/audit.json");
    assert_eq!(b["organisation"], "B Trust");
    assert_eq!(b["organisation_id"], "b");
    assert_eq!(b["score"], 62.5);
    // Compared with A Trust's 2016 return to the old framework, on 5 of 6 criteria
    // (1.3 is new).
    let p = &b["previous"];
    assert_eq!(p["framework"], "old");
    assert_eq!(
        (&p["organisation"], &p["organisation_id"], &p["period"]),
        (&json!("A Trust"), &json!("a"), &json!("2016"))
    );
    assert!(
        (p["score"].as_f64().unwrap() - 400.0 / 6.0).abs() < 1e-9,
        "{p}"
    );
    assert_eq!(p["compared"], 5);
    // Criterion by criterion, through the map.
    let results = b["results"].as_array().unwrap();
    let prev = |id: &str| {
        let r = results.iter().find(|r| r["criterion"] == id).unwrap();
        (r["previous"].clone(), r["previous_criteria"].clone())
    };
    assert_eq!(prev("1.1"), (json!(50.0), json!(["1.1"])));
    assert_eq!(prev("1.2"), (json!(100.0), json!(["1.3"])), "renumbered");
    assert_eq!(prev("1.3"), (Value::Null, json!(null)), "new");
    assert_eq!(prev("2.1"), (json!(25.0), json!(["2.1"])));
    assert_eq!(prev("2.2"), (json!(25.0), json!(["2.1"])), "split from 2.1");
    assert_eq!(
        prev("3.1"),
        (json!([75.0, 50.0]), json!(["1.2", "2.2"])),
        "merged"
    );

    let page = text(&f, "output/audits/b-2024/index.html");
    // No single change in score across frameworks; up: 1.1 (50→75) and 2.1
    // (25→50); the same: 1.2 (100) and 2.2 (25); 3.1 at 75 is level with 1.2 and up
    // on 2.2, so no one direction; 1.3 is new.
    for words in [
        "From 66.6 (Partially met) in the 2016 return of A Trust, which this organisation continues, made to the earlier framework",
        "the comparison rests on the 5 of this return's 6 criteria that carry on from it",
        "Criteria: 2 improved, 0 worse, 2 the same.",
        "New in this framework, so there is nothing to compare with",
        "Merged from earlier criteria that compare differently, so no one direction",
        "as 1.3: Fully met No change",
    ] {
        assert!(page.contains(words), "no `{words}` in {page}");
    }
    assert!(
        !page.contains("change change-\""),
        "a change class with no direction"
    );
}

#[test]
fn a_three_way_merger_shows_each_predecessor_and_no_single_change() {
    let f = landscape();
    f.build().ok();
    let icb = json(&f, "output/audits/icb-2024/audit.json");
    assert_eq!(
        (&icb["organisation"], &icb["organisation_id"]),
        (&json!("The ICB"), &json!("icb"))
    );
    // One per predecessor, in the registry's order: C and D from 2016, E from its
    // latest return, 2014. Each compared on 5 of 6 criteria.
    let list = icb["previous"].as_array().expect("a list for a merger");
    let got: Vec<(String, String, f64, u64)> = list
        .iter()
        .map(|p| {
            (
                p["organisation_id"].as_str().unwrap().to_string(),
                p["period"].as_str().unwrap().to_string(),
                p["score"].as_f64().unwrap(),
                p["compared"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("c".into(), "2016".into(), 100.0, 5),
            ("d".into(), "2016".into(), 50.0, 5),
            ("e".into(), "2014".into(), 25.0, 5),
        ]
    );
    let page = text(&f, "output/audits/icb-2024/index.html");
    // The ICB's 3.1 (75) against C's 1.2 and 2.2 (100 and 100) is worse; against D
    // (50, 50) better. Per predecessor: C: 1.1 100=100, 1.2 100=100, 2.1 75<100,
    // 2.2 75<100, 3.1 75<100 → 0 up, 3 worse, 2 same.
    assert!(page.contains("C CCG: 100.0 (Fully met) in its 2016 return to the earlier framework (compared on 5 of 6 criteria); criteria 0 improved, 3 worse, 2 the same"), "{page}");
    // D: every old grade 50: 1.1, 1.2, 2.1, 2.2 and 3.1 up → 5 up.
    assert!(
        page.contains("D CCG: 50.0 (Partially met) in its 2016 return"),
        "{page}"
    );
    assert!(
        page.contains("criteria 5 improved, 0 worse, 0 the same"),
        "{page}"
    );
    assert!(
        page.contains("E CCG: 25.0 (Not met) in its 2014 return"),
        "{page}"
    );
    assert!(
        page.contains("an organisation formed by a merger has no single change in score"),
        "{page}"
    );
    assert!(
        !page.contains("Since 2016"),
        "no single previous return: {page}"
    );
}

#[test]
fn closed_organisations_whose_successor_made_a_return_are_not_missing() {
    let f = landscape();
    f.build().ok();
    // 2024's previous period is the old framework's 2016: A (renamed B, which
    // returned), C and D (closed; the ICB returned) are not missing; F closed with
    // no successor, so it is, with its closing date.
    let page = text(&f, "output/audits/new/index.html");
    assert!(page.contains("1 organisation that made a return for 2016 has no published return for 2024: F Trust (closed 31 March 2020)"), "{page}");
    // The trend spans both frameworks, each period labelled with its framework.
    assert!(page.contains("2024 This framework 2"), "{page}");
    assert!(page.contains("2016 Old framework 4"), "{page}");
    assert!(page.contains("2014 Old framework 1"), "{page}");
    // What carries on: 2 under their numbers (1.1, 2.1), 3 mapped (1.2, 2.2, 3.1),
    // 1 new (1.3), 1 dropped (2.3).
    assert!(page.contains("2 carry on under the same number, 3 compare with differently numbered or merged criteria, and 1 is new"), "{page}");
    assert!(
        page.contains("1 earlier criterion has no counterpart here: 2.3"),
        "{page}"
    );
}

#[test]
fn a_renamed_organisation_is_one_row_under_its_latest_name() {
    let f = landscape();
    f.build().ok();
    let index = text(&f, "output/assurance/index.html");
    // The old framework's rows, by registry id: b (A Trust's 2016 return, under
    // B Trust), c, d, e, f.
    let at = |name: &str| {
        index
            .find(name)
            .unwrap_or_else(|| panic!("no {name} in {index}"))
    };
    assert!(!index.contains("A Trust"), "{index}");
    assert!(at("B Trust") < at("C CCG") && at("C CCG") < at("D CCG"));
    assert!(at("D CCG") < at("E CCG") && at("E CCG") < at("F Trust"));
    // The organisation's page has both names' returns and says what it was.
    let b = text(&f, "output/organisations/b/index.html");
    assert!(b.contains("Formerly A Trust"), "{b}");
    assert!(
        b.contains("New framework 2024 62.5 Partially met 6 of 6"),
        "{b}"
    );
    assert!(
        b.contains("Old framework 2016 (as A Trust) 66.6 Partially met 6 of 6"),
        "{b}"
    );
    let sp = text(&f, "output/organisations/sp/index.html");
    assert!(sp.contains("2 member organisations"), "{sp}");
    let registry = text(&f, "output/organisations/index.html");
    assert!(
        registry.contains("F Trust f — — 31 March 2020 —"),
        "{registry}"
    );
}

#[test]
fn an_organisation_the_registry_lacks_is_an_error_at_its_line_with_the_nearest_names() {
    let f = landscape();
    f.write(
        "content/audits/f-2016.yaml",
        &old_return("F Trusst", "2016", [75; 6]),
    );
    let run = f.build();
    run.error_at(
        "content/audits/f-2016.yaml:3:15",
        "`F Trusst` is not an organisation in the registry: did you mean F Trust?",
    );
    // Only that: no knock-on messages about the returns it would be compared with.
    assert_eq!(run.stderr.matches(": error: ").count(), 1, "{}", run.stderr);
}

#[test]
fn two_names_of_one_organisation_cannot_both_return_in_one_period() {
    let f = landscape();
    f.write(
        "content/audits/b-2016.yaml",
        &old_return("B Trust", "2016", [75; 6]),
    );
    let run = f.build();
    let line = run.error_at(
        "content/audits/b-2016.yaml:4:9",
        "already has a 2016 return to `old`",
    );
    assert!(line.contains("the same organisation as"), "{line}");
}

#[test]
fn a_map_naming_criteria_that_do_not_exist_is_an_error_at_each() {
    let f = landscape();
    let broken = new_framework()
        .replace("\"1.3\": ~", "\"1.9\": ~")
        .replace("[\"1.2\", \"2.2\"]", "[\"1.2\", \"2.9\"]");
    f.write("content/audits/new.yaml", &broken);
    let run = f.build();
    // Line 29 is `"1.9": ~`; line 31 is the merged `"3.1"`.
    run.error_at(
        "content/audits/new.yaml:29",
        "`1.9` in `map` is not a criterion of `new`",
    );
    run.error_at(
        "content/audits/new.yaml:31",
        "`3.1` maps to `2.9`, but `old` has no criterion `2.9`: did you mean",
    );
}

#[test]
fn replacing_an_unknown_framework_or_one_on_another_scale_is_explained() {
    let f = landscape();
    f.write(
        "content/audits/new.yaml",
        &new_framework().replace("framework: old", "framework: olde"),
    );
    f.build().error_at(
        "content/audits/new.yaml:26:14",
        "there is no framework `olde` to replace: did you mean `old`?",
    );
    let f = landscape();
    f.write(
        "content/audits/new.yaml",
        &new_framework().replace("value: 100", "value: 99"),
    );
    f.build().error_at(
        "content/audits/new.yaml:26:14",
        "their scales differ (25, 50, 75 or 99 against 25, 50, 75 or 100)",
    );
}

#[test]
fn a_private_registry_cannot_name_a_public_builds_organisations() {
    let f = landscape();
    f.write(
        "content/organisations.yaml",
        &REGISTRY.replace("visibility: public", "visibility: private"),
    );
    f.build().ok();
    let run = f.run(&["build", "--audience", "public"]);
    run.error_at(
        "content/organisations.yaml:3",
        "this organisations registry is private",
    );
}

#[test]
fn a_public_build_compares_only_with_public_returns() {
    let f = landscape();
    let c = old_return("c", "2016", [100; 6]).replace("results:", "visibility: private\nresults:");
    f.write("content/audits/c-2016.yaml", &c);
    f.write(
        "site.yaml",
        "title: Test site\ndefault_visibility: public\n",
    );
    let run = f.run(&["build", "--audience", "public"]);
    run.ok();
    let icb = json(&f, "output/audits/icb-2024/audit.json");
    let ids: Vec<&str> = icb["previous"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["organisation_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["d", "e"], "C's private return is not compared with");
    let page = text(&f, "output/audits/icb-2024/index.html");
    assert!(page.contains("C CCG: no earlier return"), "{page}");
    assert!(!f.exists("output/audits/c-2016/index.html"));
}

#[test]
fn the_home_page_gives_the_latest_framework_not_the_one_it_replaced() {
    let f = landscape();
    f.build().ok();
    let home = text(&f, "output/index.html");
    // 2024: B Trust 62.5 and the ICB 87.5 → mean 75.0; F closed with no successor.
    assert!(home.contains("New framework, 2024: 2 returns"), "{home}");
    assert!(!home.contains("Old framework, 2016"), "{home}");
}

#[test]
fn a_version_that_carries_on_no_criterion_compares_nothing_and_says_so() {
    let f = landscape();
    // A framework replacing the old one whose criteria are all new: nothing maps.
    let fresh = new_framework()
        .replace("id: new", "id: fresh")
        .replace("title: New framework", "title: Fresh framework")
        .replace("\"1.2\": \"1.3\"", "\"1.2\": ~")
        .replace("\"2.2\": \"2.1\"", "\"2.2\": ~")
        .replace(
            "\"3.1\": [\"1.2\", \"2.2\"]",
            "\"3.1\": ~\n    \"1.1\": ~\n    \"2.1\": ~",
        );
    f.write("content/audits/fresh.yaml", &fresh);
    let ret = new_return("B Trust", [75, 100, 50, 50, 25, 75])
        .replace("framework: new", "framework: fresh")
        .replace("\"2024\"", "\"2025\"");
    f.write("content/audits/b-2025.yaml", &ret);
    f.build().ok();
    let page = text(&f, "output/audits/b-2025/index.html");
    assert!(
        page.contains("No criterion of this return carries on from it, so nothing is compared."),
        "{page}"
    );
    assert!(
        !page.contains("Criteria: 0 improved, 0 worse, 0 the same"),
        "{page}"
    );
    let json = json(&f, "output/audits/b-2025/audit.json");
    assert_eq!(json["previous"]["compared"], 0);
}
