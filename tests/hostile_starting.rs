//! Hostile tests of the starting points (`new`, `add`) and of names the build cannot
//! give an address: odd file names, links, and files where folders are expected.

mod common;

use common::starting::{builds_cleanly, new_site, run_in};
use common::{Fixture, Run, run_binary};

#[test]
fn added_files_named_like_yaml_words_or_numbers_build() {
    let (_dir, site) = new_site();
    for page in ["content/null", "content/true", "content/no", "content/123"] {
        run_in(&site, &["add", "page", page]).ok();
    }
    run_in(&site, &["add", "module", "content/training/02-null"]).ok();
    run_in(&site, &["add", "framework", "content/audits/null"]).ok();
    run_in(&site, &["add", "framework", "content/audits/2027"]).ok();
    std::fs::create_dir_all(site.join("content/audits/2027 \"q1\\a")).unwrap();
    let audit = [
        "add",
        "audit",
        "content/audits/2027 \"q1\\a/null",
        "--framework",
        "null",
    ];
    run_in(&site, &audit).ok();
    builds_cleanly(&site);
}

#[test]
fn add_refuses_names_the_build_would_leave_out_or_give_no_address() {
    let (_dir, site) = new_site();
    for (path, says) in [
        ("content/.notes", "starts with . or #"),
        ("content/#draft", "starts with . or #"),
        ("content/.private/a", "starts with . or #"),
        ("content/!!", "no letters or digits"),
        ("content/training/!?/a", "no letters or digits"),
    ] {
        let run = run_in(&site, &["add", "page", path]);
        assert_eq!(run.code, 2, "{path}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{path}: {}", run.stderr);
    }
    for left in [".notes.md", "#draft.md", ".private", "!!.md", "training/!?"] {
        assert!(!site.join("content").join(left).exists(), "{left} was made");
    }
    builds_cleanly(&site);
}

#[test]
fn a_file_whose_name_has_no_letters_is_named_in_its_error() {
    let f = Fixture::new();
    f.write("content/!!.md", "---\ntitle: Odd\n---\n\nText.\n");
    f.build()
        .only_error("content/!!.md:1:1", &["no letters or digits", "rename"]);
}

#[test]
fn new_refuses_a_link_or_a_file_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("elsewhere");
    std::fs::create_dir(&target).unwrap();
    let link = dir.path().join("site");
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "mine").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let run = run_binary(&["new", link.to_str().unwrap()], None);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains("a link"), "{}", run.stderr);
        assert_eq!(std::fs::read_dir(&target).unwrap().count(), 0);
        let dangling = dir.path().join("gone");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        let run = run_binary(&["new", dangling.to_str().unwrap()], None);
        assert!(run.stderr.contains("a link"), "{}", run.stderr);
        assert!(!dir.path().join("nowhere").exists());
    }
    let run = run_binary(&["new", file.to_str().unwrap()], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("is a file, not a folder"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
}

#[test]
fn schema_refuses_a_folder_that_is_a_link_or_a_file_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("schemas");
    std::fs::write(&file, "mine").unwrap();
    let run = run_binary(&["schema", file.to_str().unwrap()], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("is a file, not a folder"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    #[cfg(unix)]
    {
        let target = dir.path().join("elsewhere");
        std::fs::create_dir(&target).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let run = run_binary(&["schema", link.to_str().unwrap()], None);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains("a link"), "{}", run.stderr);
        assert_eq!(std::fs::read_dir(&target).unwrap().count(), 0);
    }
}

/// A site with the fixture framework and one return whose results are `results`.
fn audit_with(results: &str) -> Run {
    let f = Fixture::new();
    f.write("content/audits/s11.yaml", common::FRAMEWORK);
    f.write(
        "content/audits/ccg.yaml",
        &format!(
            "kind: audit\nframework: s11\norganisation: CCG\nperiod: \"2016\"\nresults:\n{results}actions: []\n"
        ),
    );
    f.build()
}

#[test]
fn a_criterion_answered_twice_is_one_message_naming_the_one_left_out() {
    audit_with("  - criterion: \"1.1\"\n    grade: 100\n  - criterion: \"1.1\"\n    grade: 75\n")
        .only_error(
            "content/audits/ccg.yaml:8:16",
            &[
                "`1.1` already has a result on line 6",
                "no result yet are 1.2",
            ],
        );
}

#[test]
fn a_misspelt_criterion_is_one_message_naming_the_one_left_out() {
    audit_with("  - criterion: \"1.9\"\n    grade: 100\n  - criterion: \"1.2\"\n    grade: 75\n")
        .only_error(
            "content/audits/ccg.yaml:6:16",
            &["no criterion `1.9`", "no result yet are 1.1"],
        );
}

#[test]
fn text_written_as_a_list_is_told_to_go_on_the_line_of_its_key() {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        "---\ntitle:\n  - Safeguarding adults\n---\n\nText.\n",
    );
    let line = f.build().only_error(
        "content/a.md:3:3",
        &[
            "`title` is one piece of text, not a list",
            "`title: Safeguarding adults`",
        ],
    );
    assert!(!line.contains("needs quotes"), "{line}");
}

#[test]
fn an_empty_site_yaml_or_front_matter_asks_for_settings() {
    for (file, text, at) in [
        ("site.yaml", "", "site.yaml:1:1"),
        ("site.yaml", "# our site\n", "site.yaml:1:1"),
        ("content/a.md", "---\n---\n\nText.\n", "content/a.md:2:1"),
    ] {
        let f = Fixture::new();
        f.write(file, text);
        let line = f
            .build()
            .only_error(at, &["no settings here yet", "`title: …`"]);
        assert!(!line.contains("middle of a value"), "{line}");
    }
}

#[test]
fn add_takes_a_path_from_the_current_folder_inside_the_site() {
    let (dir, site) = new_site();
    run_in(
        dir.path(),
        &["add", "page", "--root", "site", "site/content/from-above"],
    )
    .ok();
    run_in(
        &site.join("content/training"),
        &["add", "module", "--root", "../..", "02-from-here"],
    )
    .ok();
    assert!(site.join("content/from-above.md").is_file());
    assert!(site.join("content/training/02-from-here.md").is_file());
    let run = run_in(
        &site.join("content/training"),
        &["add", "page", "--root", "../..", "../../static/x"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!site.join("static/x.md").exists());
    builds_cleanly(&site);
}

#[test]
fn add_refuses_a_name_too_long_for_the_disk_in_plain_words() {
    let (_dir, site) = new_site();
    let long = format!("content/{}", "a".repeat(300));
    let run = run_in(&site, &["add", "page", &long]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("too long a name"), "{}", run.stderr);
    assert!(!run.stderr.contains("os error"), "{}", run.stderr);
}

#[test]
fn a_missing_key_of_the_whole_file_is_told_at_its_start_not_at_a_later_key() {
    let f = Fixture::new();
    f.write(
        "content/audits/s11.yaml",
        &common::FRAMEWORK.replacen("id: s11\n", "", 1),
    );
    f.build().only_error(
        "content/audits/s11.yaml:1:1",
        &["`id` is missing", "add a line `id: …`"],
    );
}

#[test]
fn add_refuses_a_framework_id_or_a_return_the_site_already_has() {
    let (_dir, site) = new_site();
    let run = run_in(
        &site,
        &["add", "framework", "content/other/safeguarding-standards"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("already a framework with the id"),
        "{}",
        run.stderr
    );
    assert!(!site.join("content/other").exists());
    let run = run_in(
        &site,
        &["add", "audit", "content/audits/2026/your_organisation"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("one return per period"),
        "{}",
        run.stderr
    );
    assert!(
        !site
            .join("content/audits/2026/your_organisation.yaml")
            .exists()
    );
    run_in(
        &site,
        &["add", "audit", "content/audits/2027/your_organisation"],
    )
    .ok();
    builds_cleanly(&site);
}

#[cfg(unix)]
#[test]
fn add_does_not_write_through_a_link_that_leads_nowhere() {
    let (dir, site) = new_site();
    let nowhere = dir.path().join("nowhere.md");
    std::os::unix::fs::symlink(&nowhere, site.join("content/dangling.md")).unwrap();
    let run = run_in(&site, &["add", "page", "content/dangling"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: content/dangling.md already exists; nothing was changed"),
        "{}",
        run.stderr
    );
    assert!(!nowhere.exists());
}

#[test]
fn add_refuses_a_name_the_build_would_publish_at_a_taken_address() {
    let (_dir, site) = new_site();
    for (path, other) in [
        (
            "content/training/02-first-module",
            "content/training/01-first-module.md",
        ),
        (
            "content/training/First Module",
            "content/training/01-first-module.md",
        ),
        ("content/Training", "content/training"),
    ] {
        let run = run_in(&site, &["add", "page", path]);
        assert_eq!(run.code, 2, "{path}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "{other} would be published at the same web address"
            )),
            "{path}: {}",
            run.stderr
        );
    }
    assert!(!site.join("content/Training.md").exists());
    assert!(!site.join("content/training/First Module.md").exists());
    builds_cleanly(&site);
}
