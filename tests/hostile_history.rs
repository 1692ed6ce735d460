//! Hostile tests of the organisations registry: what an unlucky author or an
//! attacker writes, and what the build must say or refuse. Each test here failed
//! before the fix it names, or guards a public build's privacy. Framework versions
//! are in `hostile_versions.rs`.

mod common;

use common::{FRAMEWORK, Fixture};

/// A return to [`FRAMEWORK`] (`s11`) graded at the top, so it raises no warnings.
fn ret(framework: &str, org: &str, period: &str) -> String {
    format!(
        "kind: audit\nframework: {framework}\norganisation: {org}\nperiod: \"{period}\"\nvisibility: public\nresults:\n  - {{ criterion: \"1.1\", grade: 100 }}\n  - {{ criterion: \"1.2\", grade: 100 }}\n"
    )
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
fn an_id_that_is_a_pages_address_under_the_registry_is_a_clash_named_at_the_page() {
    let f = site(
        "kind: organisations\norganisations:\n  - { id: guide, name: Guide Trust }\n  - { id: index, name: Index Trust }\n  - { id: search, name: Search Trust }\n",
    );
    f.write(
        "content/organisations/guide.md",
        "---\ntitle: Guide\n---\n\nHow to read this.\n",
    );
    let run = f.build();
    run.error_at(
        "content/organisations/guide.md:1:1",
        "/organisations/guide/, where safeguard puts a page for each organisation and partnership",
    );
    // The folder's own page, listing the guide, would be at the registry's address.
    run.error_at(
        "content/organisations.yaml:1:1",
        "this file and the folder `content/organisations/` would both be published at /organisations/",
    );
    assert_eq!(errors(&run), 2, "{}", run.stderr);
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

#[test]
fn a_registry_or_framework_beside_a_folder_of_its_name_is_not_silently_replaced() {
    // The folder's page (it has no `_index.md`) and the file's page would both be
    // at /organisations/: before, the folder's page was written over the registry's.
    let f = site("kind: organisations\norganisations:\n  - { id: a, name: A Trust }\n");
    f.write(
        "content/organisations/notes.md",
        "---\ntitle: Notes\n---\n\nAbout the registry.\n",
    );
    f.build().only_error(
        "content/organisations.yaml:1:1",
        &[
            "the folder `content/organisations/` would both be published at /organisations/",
            "rename the file or the folder",
        ],
    );
    // The same for a framework with its returns in a folder of its name.
    let f = Fixture::new();
    f.write("content/audits/s11.yaml", FRAMEWORK).write(
        "content/audits/s11/2024.yaml",
        &ret("s11", "A Trust", "2024"),
    );
    f.build().only_error(
        "content/audits/s11.yaml:1:1",
        &["the folder `content/audits/s11/` would both be published at /audits/s11/"],
    );
    // A page beside a folder is told how to make it the folder's page.
    let f = Fixture::new();
    f.write("content/guide.md", "---\ntitle: Guide\n---\n\nText.\n")
        .write("content/guide/part.md", "---\ntitle: Part\n---\n\nText.\n");
    f.build().only_error(
        "content/guide.md:1:1",
        &["move this page into the folder as `content/guide/_index.md`"],
    );
    // A folder that holds only the page's files makes no page, so it is no clash.
    let f = Fixture::new();
    f.write(
        "content/guide.md",
        "---\ntitle: Guide\n---\n\n[The form](guide/form.pdf)\n",
    )
    .write("content/guide/form.pdf", "%PDF-1.4\n");
    f.build().ok();
}

#[test]
fn a_partnership_closed_before_it_was_established_is_refused_at_the_date() {
    let f = site(
        "kind: organisations\norganisations:\n  - { id: a, name: A Trust }\npartnerships:\n  - { id: lscb, name: The LSCB, established: 2019-09-29, closed: 2019-09-28 }\n",
    );
    f.build().only_error(
        "content/organisations.yaml:5:66",
        &["`lscb` closed on 2019-09-28 but was established on 2019-09-29"],
    );
}

/// Codes and ids that YAML would read as numbers (`0123`, `1e3`, `2016`) are matched
/// as written, on both sides: `0123` is not 123, and `1e3` is not 1000.
#[test]
fn codes_that_look_like_numbers_match_as_written() {
    let f = site(
        "kind: organisations\norganisations:\n  - { id: a, name: A Trust, ods: 0123 }\n  - { id: 2016, name: B Trust, ods: 1e3 }\n",
    );
    f.write("content/audits/a.yaml", &ret("s11", "0123", "2024"))
        .write("content/audits/b.yaml", &ret("s11", "1e3", "2024"))
        .write("content/audits/c.yaml", &ret("s11", "2016", "2025"));
    f.build().ok();
    let id = |rel: &str| {
        let json: serde_json::Value = serde_json::from_str(&f.read(rel)).unwrap();
        json["organisation_id"].as_str().unwrap().to_string()
    };
    assert_eq!(id("output/audits/a/audit.json"), "a");
    assert_eq!(id("output/audits/b/audit.json"), "2016");
    assert_eq!(id("output/audits/c/audit.json"), "2016");
    // The same code spelt as another number is another code.
    f.write("content/audits/a.yaml", &ret("s11", "123", "2024"));
    let run = f.build();
    run.error_at(
        "content/audits/a.yaml:3",
        "`123` is not an organisation in the registry",
    );
}
