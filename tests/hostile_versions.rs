//! Hostile tests of framework versions (`replaces` and its `map`): what an unlucky
//! author or an attacker writes, and what the build must say or refuse. Each test
//! here failed before the fix it names, or guards a public build's privacy.

mod common;

use common::{FRAMEWORK, Fixture};

/// A return to [`FRAMEWORK`] (`s11`) graded at the top, so it raises no warnings.
fn ret(framework: &str, org: &str, period: &str) -> String {
    format!(
        "kind: audit\nframework: {framework}\norganisation: {org}\nperiod: \"{period}\"\nvisibility: public\nresults:\n  - {{ criterion: \"1.1\", grade: 100 }}\n  - {{ criterion: \"1.2\", grade: 100 }}\n"
    )
}

/// A framework like [`FRAMEWORK`] with its own id, replacing `replaces` with `map`
/// (lines indented under `map:`, each ending in a newline).
fn version(id: &str, replaces: &str, map: &str) -> String {
    let fw = FRAMEWORK.replace("id: s11", &format!("id: {id}"));
    if replaces.is_empty() {
        return fw;
    }
    let map = if map.is_empty() {
        String::new()
    } else {
        format!("  map:\n{map}")
    };
    format!("{fw}replaces:\n  framework: {replaces}\n{map}")
}

fn errors(run: &common::Run) -> usize {
    run.stderr.matches(": error: ").count()
}

#[test]
fn a_cycle_of_replaces_says_what_to_do() {
    let f = Fixture::new();
    f.write("content/audits/a.yaml", &version("fa", "fb", ""))
        .write("content/audits/b.yaml", &version("fb", "fa", ""));
    let run = f.build();
    let line = run.error_at("content/audits/a.yaml", "(fa → fb → fa)");
    assert!(line.contains("remove `replaces`"), "{line}");
    assert_eq!(errors(&run), 1, "{}", run.stderr);
}

#[test]
fn a_map_value_written_as_a_number_is_told_to_be_quoted() {
    for (map, words) in [
        ("    \"1.2\": 1.1\n", "in quotes"),
        ("    1.2: 1.10\n", "in quotes"),
        ("    \"1.2\": [\"1.1\", 1.2]\n", "in quotes"),
        ("    \"1.2\": { a: b }\n", "an earlier criterion"),
    ] {
        let f = Fixture::new();
        f.write("content/audits/a.yaml", &version("fa", "", ""))
            .write("content/audits/b.yaml", &version("fb", "fa", map));
        let run = f.build();
        run.only_error("content/audits/b.yaml:19", &[words]);
    }
}

#[test]
fn a_map_with_an_empty_list_or_a_criterion_twice_is_refused() {
    for (map, words) in [
        ("    \"1.2\": []\n", "lists no earlier criterion"),
        ("    \"1.2\": [\"1.1\", \"1.1\"]\n", "`1.1` is listed twice"),
    ] {
        let f = Fixture::new();
        f.write("content/audits/a.yaml", &version("fa", "", ""))
            .write("content/audits/b.yaml", &version("fb", "fa", map));
        let run = f.build();
        run.only_error("content/audits/b.yaml:19", &[words]);
    }
}

#[test]
fn a_map_key_that_is_nothing_is_explained() {
    let f = Fixture::new();
    f.write("content/audits/a.yaml", &version("fa", "", ""))
        .write(
            "content/audits/b.yaml",
            &version("fb", "fa", "    ~: \"1.1\"\n"),
        );
    let run = f.build();
    let line = run.only_error("content/audits/b.yaml:19:5", &["`~`"]);
    assert!(!line.contains("has no value"), "{line}");
}

#[test]
fn unquoted_map_keys_are_read_as_written() {
    // `1.10:` is the criterion 1.10, not the number 1.1.
    let fw = |id: &str| {
        version(id, "", "").replace(
            "      - { id: \"1.2\", text: A safeguarding policy. }\n",
            "      - { id: \"1.2\", text: A safeguarding policy. }\n      - { id: \"1.10\", text: Ten. }\n",
        )
    };
    let f = Fixture::new();
    f.write("content/audits/a.yaml", &fw("fa")).write(
        "content/audits/b.yaml",
        &format!(
            "{}replaces:\n  framework: fa\n  map:\n    1.10: ~\n",
            fw("fb")
        ),
    );
    f.build().ok();
}

#[test]
fn a_map_is_checked_even_when_the_scales_differ() {
    let f = Fixture::new();
    f.write("content/audits/a.yaml", &version("fa", "", ""))
        .write(
            "content/audits/b.yaml",
            &version("fb", "fa", "    \"1.2\": \"1.9\"\n").replace("value: 100", "value: 99"),
        );
    let run = f.build();
    run.error_at("content/audits/b.yaml:17", "their scales differ");
    run.error_at(
        "content/audits/b.yaml:19",
        "`1.2` maps to `1.9`, but `fa` has no criterion `1.9`",
    );
    assert_eq!(errors(&run), 2, "{}", run.stderr);
}

/// Every file of the output, as text.
fn all_output(f: &Fixture) -> Vec<(String, String)> {
    common::snapshot(&f.path("output"))
        .into_iter()
        .map(|(k, (bytes, _))| (k, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

#[test]
fn a_private_earlier_framework_leaves_no_trace_in_a_public_build() {
    let f = Fixture::new();
    let old = version("fa", "", "")
        .replace("visibility: public", "visibility: private")
        .replace(
            "title: Section 11 self-assessment",
            "title: Quokka framework",
        );
    let old_return = ret("fa", "A Trust", "2016")
        .replace("visibility: public", "visibility: private")
        .replace(
            "grade: 100 }\n  - { criterion: \"1.2\"",
            "grade: 25 }\n  - { criterion: \"1.2\"",
        );
    f.write("content/audits/a.yaml", &old)
        .write("content/audits/a-2016.yaml", &old_return)
        .write(
            "content/audits/b.yaml",
            &version("fb", "fa", "    \"1.2\": \"1.1\"\n"),
        )
        .write("content/audits/b-2024.yaml", &ret("fb", "A Trust", "2024"));
    // Internal: compared with the 2016 return to the earlier framework.
    f.build().ok();
    let b = f.read("output/audits/b-2024/audit.json");
    assert!(b.contains("\"period\": \"2016\""), "{b}");
    let page = f.read("output/audits/b/index.html");
    assert!(page.contains("Quokka framework"), "{page}");
    // Public: nothing of the earlier framework or its return anywhere.
    f.run(&["build", "--audience", "public"]).ok();
    for (file, text) in all_output(&f) {
        for secret in ["Quokka", "2016", "a-2016", "audits/a/", "earlier framework"] {
            assert!(!text.contains(secret), "`{secret}` in {file}");
        }
    }
    let b = f.read("output/audits/b-2024/audit.json");
    assert!(b.contains("\"previous\": null"), "{b}");
}

#[test]
fn a_chain_of_three_versions_compares_the_newest_with_the_oldest_through_both_maps() {
    // fa: 1.1, 1.2. fb replaces fa: its 1.1 is fa's 1.2, its 1.2 is new.
    // fc replaces fb: its 1.2 is fb's 1.1 (so fa's 1.2), its 1.1 is fb's 1.1 too.
    let f = Fixture::new();
    let old = ret("fa", "A Trust", "2016").replace(
        "grade: 100 }\n  - { criterion: \"1.2\", grade: 100 }",
        "grade: 100 }\n  - { criterion: \"1.2\", grade: 25 }",
    );
    f.write("content/audits/a.yaml", &version("fa", "", ""))
        .write(
            "content/audits/b.yaml",
            &version("fb", "fa", "    \"1.1\": \"1.2\"\n    \"1.2\": ~\n"),
        )
        .write(
            "content/audits/c.yaml",
            &version("fc", "fb", "    \"1.2\": \"1.1\"\n"),
        )
        .write("content/audits/a-2016.yaml", &old)
        .write("content/audits/c-2024.yaml", &ret("fc", "A Trust", "2024"));
    f.build().ok();
    let c: serde_json::Value =
        serde_json::from_str(&f.read("output/audits/c-2024/audit.json")).unwrap();
    assert_eq!(c["previous"]["framework"], "fa", "{c}");
    assert_eq!(c["previous"]["compared"], 2, "{c}");
    let results = c["results"].as_array().unwrap();
    for r in results {
        // Both of fc's criteria come, through fb's 1.1, from fa's 1.2 (graded 25).
        assert_eq!(r["previous_criteria"], serde_json::json!(["1.2"]), "{r}");
        assert_eq!(r["previous"], 25.0, "{r}");
    }
}

#[test]
fn a_map_key_set_twice_with_spaces_around_one_is_refused() {
    // `"1.2"` and `" 1.2 "` are one criterion: which mapping wins must not be left
    // to the order keys sort in.
    let f = Fixture::new();
    f.write("content/audits/a.yaml", &version("fa", "", ""))
        .write(
            "content/audits/b.yaml",
            &version("fb", "fa", "    \"1.2\": \"1.1\"\n    \" 1.2 \": ~\n"),
        );
    f.build().only_error(
        "content/audits/b.yaml:20:5",
        &["`1.2` is set twice in `map`"],
    );
}

#[test]
fn replacing_a_framework_with_no_id_is_said_even_beside_a_broken_framework() {
    // A framework that fails to load is read with an empty id; `framework: ""`
    // must not be taken as naming it.
    let f = Fixture::new();
    f.write("content/audits/a.yaml", &version("fa", "", ""))
        .write("content/audits/b.yaml", &version("fb", "\"\"", ""))
        .write("content/audits/broken.yaml", "kind: framework\nid: [\n");
    let run = f.build();
    run.error_at(
        "content/audits/b.yaml:17:14",
        "`framework` under `replaces` is empty",
    );
    run.error_at("content/audits/broken.yaml:2", "never closed");
    assert_eq!(errors(&run), 2, "{}", run.stderr);
}
