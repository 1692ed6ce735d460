//! Hostile tests of the organisations registry and framework versions: what an
//! unlucky author or an attacker writes, and what the build must say or refuse.
//! Each test here failed before the fix it names.

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

fn site(registry: &str) -> Fixture {
    let f = Fixture::new();
    f.write("content/audits/s11.yaml", FRAMEWORK)
        .write("content/organisations.yaml", registry);
    f
}

fn errors(run: &common::Run) -> usize {
    run.stderr.matches(": error: ").count()
}

#[test]
fn a_second_registry_is_the_one_error_not_the_returns_that_name_its_organisations() {
    let f = site("kind: organisations\norganisations:\n  - { id: one, name: One Trust }\n");
    f.write(
        "content/more.yaml",
        "kind: organisations\norganisations:\n  - { id: two, name: Two Trust }\n",
    )
    .write("content/audits/r1.yaml", &ret("s11", "One Trust", "2024"))
    .write("content/audits/r2.yaml", &ret("s11", "Two Trust", "2024"))
    .write(
        "content/audits/r3.yaml",
        &ret("s11", "Nobody Trust", "2024"),
    );
    let run = f.build();
    run.error_at(
        "content/organisations.yaml:1:1",
        "a site has one organisations registry",
    );
    // A return naming an organisation of either registry is not an error of its
    // own; one that names neither still is.
    run.error_at(
        "content/audits/r3.yaml:3",
        "`Nobody Trust` is not an organisation in the registry",
    );
    assert_eq!(errors(&run), 2, "{}", run.stderr);
    run.plain();
}

#[test]
fn naming_itself_as_predecessor_is_said_once() {
    let f = site(
        "kind: organisations\norganisations:\n  - { id: a, name: A Trust, predecessors: [a] }\npartnerships:\n  - { id: sp, name: SP, predecessors: [sp] }\n",
    );
    let run = f.build();
    run.error_at("content/organisations.yaml:3", "`a` names itself");
    run.error_at("content/organisations.yaml:5", "`sp` names itself");
    assert_eq!(errors(&run), 2, "{}", run.stderr);
}

#[test]
fn a_cycle_of_partnerships_is_told_in_good_english() {
    let f = site(
        "kind: organisations\norganisations:\n  - { id: a, name: A Trust }\npartnerships:\n  - { id: sp, name: SP, predecessors: [sq] }\n  - { id: sq, name: SQ, predecessors: [sp] }\n",
    );
    let run = f.build();
    let line = run.error_at("content/organisations.yaml:5", "(sp → sq → sp)");
    assert!(line.contains("a partnership cannot replace"), "{line}");
    assert!(!line.contains("an partnership"), "{line}");
}

#[test]
fn a_predecessor_of_the_other_sort_is_named_for_what_it_is() {
    let f = site(
        "kind: organisations\norganisations:\n  - { id: a, name: A Trust, predecessors: [sp] }\npartnerships:\n  - { id: sp, name: SP, predecessors: [a] }\n",
    );
    let run = f.build();
    run.error_at(
        "content/organisations.yaml:3",
        "`sp` is a partnership, not an organisation",
    );
    run.error_at(
        "content/organisations.yaml:5",
        "`a` is an organisation, not a partnership",
    );
    assert_eq!(errors(&run), 2, "{}", run.stderr);
    run.plain();
}

#[test]
fn a_return_naming_a_partnership_is_told_to_name_the_member() {
    let f = site(
        "kind: organisations\norganisations:\n  - { id: a, name: A Trust, partnerships: [sp] }\n  - { id: b, name: B Trust, partnerships: [sp] }\npartnerships:\n  - { id: sp, name: Safeguarding Partnership }\n",
    );
    f.write(
        "content/audits/r.yaml",
        &ret("s11", "Safeguarding Partnership", "2024"),
    );
    let run = f.build();
    run.only_error(
        "content/audits/r.yaml:3:15",
        &[
            "`Safeguarding Partnership` is a partnership, not an organisation",
            "A Trust or B Trust",
        ],
    );
}

#[test]
fn an_ods_code_in_another_case_names_the_organisation() {
    let f = site(
        "kind: organisations\norganisations:\n  - { id: w, name: \"Wolverhampton  CCG \", ods: 06A }\n",
    );
    f.write("content/audits/r.yaml", &ret("s11", "06a", "2024"))
        .write(
            "content/audits/r2.yaml",
            &ret("s11", "wolverhampton ccg", "2023"),
        );
    f.build().ok();
    let json = f.read("output/audits/r/audit.json");
    assert!(json.contains("\"organisation_id\": \"w\""), "{json}");
    // Shown as it is matched: one space between words, none at the end.
    assert!(
        json.contains("\"organisation\": \"Wolverhampton CCG\""),
        "{json}"
    );
    assert!(
        json.contains("\"period\": \"2023\""),
        "compared with 2023: {json}"
    );
}

#[test]
fn an_id_too_long_to_be_a_folder_name_is_an_error_at_its_line() {
    let long = "a".repeat(300);
    let f = site(&format!(
        "kind: organisations\norganisations:\n  - {{ id: ok, name: OK Trust }}\n  - {{ id: {long}, name: Long Trust }}\npartnerships:\n  - {{ id: p{long}, name: Long Partnership }}\n"
    ));
    let run = f.build();
    run.error_at("content/organisations.yaml:4:11", "is too long");
    run.error_at("content/organisations.yaml:6:11", "is too long");
    assert_eq!(errors(&run), 2, "{}", run.stderr);
    run.plain();
    assert!(!f.exists("output"), "nothing written");
    // 255 letters is a folder name the file system takes.
    let ok = "b".repeat(255);
    let f = site(&format!(
        "kind: organisations\norganisations:\n  - {{ id: {ok}, name: Long Trust }}\n"
    ));
    f.build().ok();
    assert!(f.exists(&format!("output/organisations/{ok}/index.html")));
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
fn an_organisation_with_only_private_returns_claims_nothing_of_them() {
    let f = site(
        "kind: organisations\nvisibility: public\norganisations:\n  - { id: a, name: A Trust }\n  - { id: b, name: B Trust }\n",
    );
    let private = ret("s11", "A Trust", "2024")
        .replace("visibility: public", "visibility: private")
        .replace("grade: 100 }\n", "grade: 50 }\n")
        + "actions:\n  - { id: A1, criterion: \"1.1\", action: Zebra plan, owner: Boss, due: 2020-01-01, status: open }\n  - { id: A2, criterion: \"1.2\", action: Zebra two, owner: Boss, due: 2020-01-01, status: open }\n";
    f.write("content/audits/a.yaml", &private)
        .write("content/audits/b.yaml", &ret("s11", "B Trust", "2024"));
    f.run(&["build", "--audience", "public"]).ok();
    let page = f.read("output/organisations/a/index.html");
    assert!(
        !page.contains("Zebra") && !page.contains("audits/a/"),
        "{page}"
    );
    // It made a return, with open actions, that this build does not show: the page
    // must not say every action is done.
    assert!(!page.contains("Every action is done"), "{page}");
    // The registry's count is of returns published here, and says so.
    let registry = f.read("output/organisations/index.html");
    assert!(
        registry.contains("how many of their returns are published here"),
        "{registry}"
    );
    assert!(!registry.contains("returns each has made"), "{registry}");
    for file in common::snapshot(&f.path("output")).keys() {
        let text = f.read(&format!("output/{file}"));
        assert!(!text.contains("Zebra"), "{file}");
    }
}

#[test]
fn a_page_can_link_to_an_organisations_page_by_its_address() {
    let f = site(
        "kind: organisations\norganisations:\n  - { id: a, name: A Trust, partnerships: [sp] }\npartnerships:\n  - { id: sp, name: SP }\n",
    );
    f.write(
        "content/p.md",
        "---\ntitle: Paper\n---\n\nSee [A](/organisations/a/), [its returns](/organisations/a/#sg-returns) and [SP](/organisations/sp/).\n",
    );
    f.build().ok();
    let page = f.read("output/p/index.html");
    for href in [
        "href=\"../organisations/a/\"",
        "href=\"../organisations/a/#sg-returns\"",
        "href=\"../organisations/sp/\"",
    ] {
        assert!(page.contains(href), "no {href} in {page}");
    }
    // One the registry does not have is still a broken link.
    f.write(
        "content/p.md",
        "---\ntitle: Paper\n---\n\nSee [Z](/organisations/z/).\n",
    );
    f.build().error_at(
        "content/p.md:5:5",
        "there is no page at `/organisations/z/`",
    );
}

#[test]
fn an_empty_title_is_refused_for_the_registry_and_a_framework() {
    let f =
        site("kind: organisations\ntitle: \"\"\norganisations:\n  - { id: a, name: A Trust }\n");
    f.build().only_error(
        "content/organisations.yaml:2:8",
        &["`title` is empty", "remove `title`"],
    );
    let f = Fixture::new();
    f.write(
        "content/audits/s11.yaml",
        &FRAMEWORK.replace("title: Section 11 self-assessment", "title: \"  \""),
    )
    .write("content/audits/r.yaml", &ret("s11", "A Trust", "2024"));
    // One message: the return to it says nothing more.
    f.build()
        .only_error("content/audits/s11.yaml:3:8", &["`title` is empty"]);
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
fn an_id_that_is_a_pages_address_under_the_registry_is_a_clash_named_at_the_page() {
    let f = site(
        "kind: organisations\norganisations:\n  - { id: guide, name: Guide Trust }\n  - { id: index, name: Index Trust }\n  - { id: search, name: Search Trust }\n",
    );
    f.write(
        "content/organisations/guide.md",
        "---\ntitle: Guide\n---\n\nHow to read this.\n",
    );
    f.build().only_error(
        "content/organisations/guide.md:1:1",
        &["/organisations/guide/", "each organisation and partnership"],
    );
    assert!(!f.exists("output"));
    // Without the page, `index` and `search` are pages of their own, under the
    // registry, clashing with nothing.
    f.remove("content/organisations/guide.md");
    f.build().ok();
    for id in ["guide", "index", "search"] {
        assert!(
            f.exists(&format!("output/organisations/{id}/index.html")),
            "{id}"
        );
    }
    assert!(
        f.exists("output/search/index.html"),
        "the site's search page"
    );
}

#[test]
fn a_predecessor_or_partnership_listed_twice_is_refused_at_the_repeat() {
    // Listed twice, a rename would read as a merger of one, and the partnership
    // would count its member twice.
    let f = site(
        "kind: organisations\norganisations:\n  - { id: a, name: A Trust }\n  - { id: b, name: B Trust, predecessors: [a, a], partnerships: [sp, sp] }\npartnerships:\n  - { id: sp, name: SP }\n  - { id: sq, name: SQ, predecessors: [sp, sp] }\n",
    );
    let run = f.build();
    run.error_at(
        "content/organisations.yaml:4:47",
        "`a` is listed twice in the `predecessors` of `b`",
    );
    run.error_at(
        "content/organisations.yaml:4:70",
        "`sp` is listed twice in the `partnerships` of `b`",
    );
    run.error_at(
        "content/organisations.yaml:7:44",
        "`sp` is listed twice in the `predecessors` of `sq`",
    );
    assert_eq!(errors(&run), 3, "{}", run.stderr);
    run.plain();
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
fn a_name_that_is_another_organisations_ods_code_is_refused_at_the_registry() {
    let f = site(
        "kind: organisations\norganisations:\n  - { id: w, name: Wolverhampton CCG, ods: 06A }\n  - { id: x, name: 06a }\n",
    );
    f.write("content/audits/r.yaml", &ret("s11", "06A", "2024"));
    let run = f.build();
    run.only_error(
        "content/organisations.yaml:4:20",
        &[
            "`06a` is already the ODS code of `w` on line 3",
            "give `x` a name of its own",
        ],
    );
}

#[test]
fn organisations_written_as_a_block_by_id_are_told_to_be_a_list() {
    // The slip of one who writes each organisation under its id.
    let f = site(
        "kind: organisations\norganisations:\n  wolverhampton-ccg:\n    name: Wolverhampton CCG\n",
    );
    let line = f.build().only_error(
        "content/organisations.yaml:3:3",
        &["`organisations` is a list"],
    );
    assert!(!line.contains("`wolverhampton-ccg` is a list"), "{line}");
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

#[test]
fn a_partnership_shows_a_members_returns_under_its_former_name() {
    // A Trust was renamed B Trust, which is in the partnership: B's latest return is
    // A's, as B's own page shows it.
    let f = site(
        "kind: organisations\norganisations:\n  - { id: a, name: A Trust, closed: 2020-01-01 }\n  - { id: b, name: B Trust, predecessors: [a], partnerships: [sp] }\npartnerships:\n  - { id: sp, name: SP }\n",
    );
    f.write("content/audits/a-2016.yaml", &ret("s11", "A Trust", "2016"));
    f.build().ok();
    let sp = f.read("output/organisations/sp/index.html");
    assert!(!sp.contains("No returns"), "{sp}");
    assert!(sp.contains("(as A Trust)"), "{sp}");
    assert!(sp.contains("audits/a-2016/"), "{sp}");
}

#[test]
fn a_name_with_a_separate_accent_is_told_why_it_does_not_match_its_lookalike() {
    // `École` typed as `E` + U+0301 looks like the registry's `École` but is not it.
    let f =
        site("kind: organisations\norganisations:\n  - { id: e, name: \"\u{c9}cole Trust\" }\n");
    f.write(
        "content/audits/r.yaml",
        &ret("s11", "E\u{301}cole Trust", "2024"),
    );
    f.build().only_error(
        "content/audits/r.yaml:3:15",
        &[
            "did you mean \u{c9}cole Trust?",
            "separate accent",
            "type them again",
        ],
    );
}
