//! Personal data in disguise: a public build must carry no NHS or National Insurance
//! number in any file it writes, however the number is written and wherever it comes
//! from (a page, `site.yaml`, a static file, a file name, a data document). Each case
//! fails the public build at the place the number was written, with nothing written;
//! numbers that only look alike (digests, tables of figures, phone numbers, test
//! numbers, marked examples) pass.

mod common;

use common::{FRAMEWORK, Fixture, run_binary};

/// A valid NHS number (it passes the check digit test), in groups.
const NHS: [&str; 3] = ["943", "476", "5919"];

/// A site whose page `content/case.md` says `line` on its line 5.
fn page_saying(line: &str) -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/case.md",
        &format!("---\ntitle: Case\n---\n\n{line}\n"),
    );
    f
}

/// The number with `sep` between its groups.
fn nhs(sep: &str) -> String {
    NHS.join(sep)
}

/// The number in the digits of the script whose zero is `zero`.
fn nhs_in_script(zero: u32) -> String {
    nhs(" ")
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(zero + d).unwrap(),
            None => c,
        })
        .collect()
}

/// The public build fails at `location` (`PATH:LINE:COL`) saying `needle`, and writes
/// nothing; an internal build succeeds and, when the source check can see the number,
/// warns at the same place.
fn refused_at(f: &Fixture, location: &str, needle: &str, internal_warns: bool) {
    let run = f.run(&["build", "--audience", "public"]);
    let line = run.error_at(location, needle);
    assert!(
        line.contains("remove it") || line.contains("rename the file"),
        "says what to do: {line}"
    );
    assert!(
        f.snapshot().is_empty(),
        "a refused build writes nothing: {:?}",
        f.snapshot().keys().collect::<Vec<_>>()
    );
    let errors = run
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .count();
    assert_eq!(errors, 1, "one finding, no knock-on noise:\n{}", run.stderr);

    let run = f.run(&["build"]);
    run.ok();
    if internal_warns {
        let warning = format!("{location}: warning: ");
        assert!(
            run.stderr
                .lines()
                .any(|l| l.starts_with(&warning) && l.contains(needle)),
            "internal build warns at {location}:\n{}",
            run.stderr
        );
    }
}

const LOOKS_NHS: &str = "this looks like an NHS number";
const LOOKS_NI: &str = "this looks like a National Insurance number";

fn refused_page(line: &str, col: usize, needle: &str, internal_warns: bool) {
    let f = page_saying(line);
    refused_at(
        &f,
        &format!("content/case.md:5:{col}"),
        needle,
        internal_warns,
    );
}

// Separators between the groups.

#[test]
fn no_break_spaces_between_the_groups() {
    refused_page(&format!("NHS {}", nhs("\u{a0}")), 5, LOOKS_NHS, true);
    refused_page(&format!("NHS {}", nhs("\u{202f}")), 5, LOOKS_NHS, true);
}

#[test]
fn other_unicode_spaces_between_the_groups() {
    refused_page(&format!("NHS {}", nhs("\u{2003}")), 5, LOOKS_NHS, true);
    refused_page(&format!("NHS {}", nhs("\u{3000}")), 5, LOOKS_NHS, true);
}

#[test]
fn dashes_of_every_kind_between_the_groups() {
    refused_page(&format!("NHS {}", nhs("\u{2013}")), 5, LOOKS_NHS, true);
    refused_page(&format!("NHS {}", nhs("\u{2212}")), 5, LOOKS_NHS, true);
    refused_page(&format!("NHS {}", nhs("\u{2011}")), 5, LOOKS_NHS, true);
}

#[test]
fn dots_between_the_groups() {
    refused_page(&format!("NHS {}", nhs(".")), 5, LOOKS_NHS, true);
}

#[test]
fn several_separators_between_the_groups() {
    refused_page(&format!("NHS {}", nhs(" - ")), 5, LOOKS_NHS, true);
}

#[test]
fn a_line_break_between_the_groups() {
    // Markdown joins the lines: the page shows one number.
    let f = Fixture::new();
    f.write(
        "content/case.md",
        "---\ntitle: Case\n---\n\nThe child's number is 943\n476 5919 in the notes.\n",
    );
    refused_at(&f, "content/case.md:5:23", LOOKS_NHS, true);
}

#[test]
fn zero_width_characters_inside_the_number() {
    refused_page("NHS 94\u{200b}34765919", 5, LOOKS_NHS, true);
    refused_page("NHS 943\u{2060}476\u{feff}5919", 5, LOOKS_NHS, true);
    refused_page("NHS 943\u{200d} 476\u{200c} 5919", 5, LOOKS_NHS, true);
}

#[test]
fn escaped_spaces_between_the_groups() {
    refused_page(&format!("NHS {}", nhs("&nbsp;")), 5, LOOKS_NHS, true);
    refused_page(&format!("NHS {}", nhs("&#160;")), 5, LOOKS_NHS, true);
    refused_page(&format!("NHS {}", nhs("&#xa0;")), 5, LOOKS_NHS, true);
    refused_page(&format!("NHS {}", nhs("\\ ")), 5, LOOKS_NHS, true);
}

#[test]
fn digits_written_as_character_references() {
    // `&#57;` is 9 and `&#x37;` is 7: a reader sees 943 476 5919.
    refused_page("NHS &#57;43 4&#x37;6 5919", 5, LOOKS_NHS, true);
}

// Markup inside the number: only the published page shows it whole.

#[test]
fn html_inside_the_number() {
    refused_page("NHS 943<b>476</b>5919 seen", 5, LOOKS_NHS, false);
}

#[test]
fn a_comment_inside_the_number() {
    // A browser shows `9<!-- -->43` as 943: the page publishes the number whole.
    refused_page("NHS 9<!-- -->43 476 5919 seen", 5, LOOKS_NHS, true);
    refused_page("NHS 943 <!--\nnote\n-->476 5919 seen", 5, LOOKS_NHS, true);
    // In raw HTML a browser also ends a comment at `--!>`, and reads `<!-->` as one.
    refused_page(
        "<div>NHS 9<!-- --!>43 476 5919 seen</div>",
        10,
        LOOKS_NHS,
        true,
    );
    refused_page("<div>NHS 9<!-->43 476 5919 seen</div>", 10, LOOKS_NHS, true);
}

#[test]
fn markdown_emphasis_inside_the_number() {
    refused_page("NHS 943*476*5919 seen", 5, LOOKS_NHS, false);
}

#[test]
fn inline_code_and_links_around_the_groups() {
    refused_page(
        "NHS `943` [476](https://example.org/) 5919 seen",
        6,
        LOOKS_NHS,
        false,
    );
}

// Digits of other scripts.

#[test]
fn arabic_indic_digits() {
    refused_page(&format!("NHS {}", nhs_in_script(0x660)), 5, LOOKS_NHS, true);
    refused_page(&format!("NHS {}", nhs_in_script(0x6f0)), 5, LOOKS_NHS, true);
}

#[test]
fn fullwidth_and_devanagari_digits() {
    refused_page(
        &format!("NHS {}", nhs_in_script(0xff10)),
        5,
        LOOKS_NHS,
        true,
    );
    refused_page(&format!("NHS {}", nhs_in_script(0x966)), 5, LOOKS_NHS, true);
}

#[test]
fn mathematical_digits() {
    refused_page(
        &format!("NHS {}", nhs_in_script(0x1d7ce)),
        5,
        LOOKS_NHS,
        true,
    );
}

// Wherever it comes from.

#[test]
fn a_number_in_site_yaml() {
    let f = Fixture::new();
    f.write(
        "site.yaml",
        &format!(
            "title: Fixture site\ndefault_visibility: public\norganisation: Ward 7, {}\n",
            nhs(" ")
        ),
    );
    refused_at(&f, "site.yaml:3:23", LOOKS_NHS, false);
}

#[test]
fn a_number_in_the_site_title() {
    let f = Fixture::new();
    f.write(
        "site.yaml",
        &format!(
            "title: Ward training ({})\ndefault_visibility: public\n",
            nhs("\u{a0}")
        ),
    );
    refused_at(&f, "site.yaml:1:23", LOOKS_NHS, false);
}

#[test]
fn a_number_in_a_static_text_file() {
    let f = Fixture::new();
    f.write(
        "static/notes.txt",
        &format!("Notes for the ward.\nChild: {}\n", nhs("-")),
    );
    refused_at(&f, "static/notes.txt:2:8", LOOKS_NHS, false);
}

#[test]
fn a_number_in_a_static_stylesheet() {
    let f = Fixture::new();
    f.write(
        "static/extra.css",
        &format!("/* for {} */\nbody {{ margin: 0; }}\n", nhs(" ")),
    );
    refused_at(&f, "static/extra.css:1:8", LOOKS_NHS, false);
}

#[test]
fn a_number_in_a_content_file_name_and_so_an_address() {
    let f = Fixture::new();
    f.write(
        &format!("content/case-{}.md", nhs("-")),
        "---\ntitle: Case\n---\n\nSeen.\n",
    );
    refused_at(
        &f,
        &format!("content/case-{}.md:1:1", nhs("-")),
        "this file's name contains what looks like an NHS number",
        true,
    );
}

#[test]
fn a_number_in_a_yaml_data_documents_field_written_with_escapes() {
    let f = Fixture::new();
    f.write("content/audits/s11.yaml", FRAMEWORK);
    f.write(
        "content/audits/a.yaml",
        "kind: audit\nframework: s11\norganisation: A\nperiod: \"2016\"\nresults:\n  - { criterion: \"1.1\", grade: 100, evidence: [\"Case 943\\u00a0476\\u00a05919\"] }\n  - { criterion: \"1.2\", grade: 100 }\n",
    );
    refused_at(&f, "content/audits/a.yaml:6:54", LOOKS_NHS, true);
}

#[test]
fn a_number_in_an_audits_downloads() {
    // The evidence reaches the return's page, audit.json and audit.csv.
    let f = Fixture::new();
    f.write("content/audits/s11.yaml", FRAMEWORK);
    f.write(
        "content/audits/a.yaml",
        &format!("kind: audit\nframework: s11\norganisation: A\nperiod: \"2016\"\nresults:\n  - {{ criterion: \"1.1\", grade: 100, evidence: [\"Case {}\"] }}\n  - {{ criterion: \"1.2\", grade: 100 }}\n", nhs(".")),
    );
    refused_at(&f, "content/audits/a.yaml:6:54", LOOKS_NHS, true);
}

#[test]
fn a_number_in_a_glossary() {
    let f = Fixture::new();
    f.write(
        "content/glossary.yaml",
        &format!(
            "kind: glossary\ntitle: Abbreviations\nterms:\n  MASH: Multi-Agency Safeguarding Hub, case {}\n",
            nhs("\u{2009}")
        ),
    );
    refused_at(&f, "content/glossary.yaml:4:45", LOOKS_NHS, true);
}

// National Insurance numbers.

#[test]
fn national_insurance_numbers_in_their_spellings() {
    for (text, col) in [
        ("NI AB123456C", 4),
        ("NI ab 12 34 56 c", 4),
        ("NI AB-12-34-56-C", 4),
        ("NI AB.12.34.56.C", 4),
        ("NI AB 12 34 56 then", 4),
        ("NI AB&nbsp;123456&nbsp;C", 4),
    ] {
        refused_page(text, col, LOOKS_NI, true);
    }
}

#[test]
fn a_national_insurance_number_split_by_markup() {
    refused_page("NI <i>AB</i>12<b>34</b>56C seen", 7, LOOKS_NI, false);
}

// When the source cannot be found: the output path.

#[test]
fn a_number_made_by_a_template_and_a_title_is_reported_at_the_output_path() {
    // Neither the template nor the page holds the whole number: only the output does.
    let f = Fixture::new();
    f.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}<p>Ref 943 476 {{ page.title }}</p>{{ page.content | safe }}{% endblock main %}\n",
    );
    f.write("content/case.md", "---\ntitle: \"5919\"\n---\n\nSeen.\n");
    let run = f.run(&["build", "--audience", "public"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with("output path case/index.html: error: ")
                && l.contains("what looks like an NHS number")
                && l.contains("remove it")),
        "{}",
        run.stderr
    );
    assert!(f.snapshot().is_empty());
}

// Not personal data.

#[test]
fn digests_tables_of_figures_phone_numbers_test_numbers_and_examples_pass() {
    let f = Fixture::new();
    f.write(
        "content/figures.md",
        "---\ntitle: Figures\n---\n\n\
         Digest: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 and \
         3f9434765919a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5.\n\n\
         | Ward | Seen | Referred | Total |\n\
         |------|------|----------|-------|\n\
         | A    | 943  | 476      | 5919  |\n\n\
         <table><tr><td>943</td><td>476</td><td>5919</td></tr></table>\n\n\
         - 943\n- 476\n- 5919\n\n\
         Call 0113 496 0000 or 020 7946 0000 (+44 113 496 0000).\n\n\
         A test number: 999 123 4567. A failing one: 943 476 5918.\n\n\
         HMRC's example: QQ 12 34 56 C. A Scottish charity: SC012345.\n\n\
         On 2024-03-15 we spent £943,476.59 across 5919 visits.\n\n\
         <!-- personal-data: example -->\n\
         An NHS number looks like 943 476 5919.\n",
    );
    f.write(
        "site.yaml",
        "title: Fixture site\ndefault_visibility: public\n# personal-data: example\ndescription: Numbers look like 943 476 5919\n",
    );
    let run = f.run(&["build", "--audience", "public"]);
    run.ok();
    assert!(!run.stderr.contains("looks like"), "{}", run.stderr);
    // The marked example is published as written.
    assert!(f.read("output/figures/index.html").contains("943 476 5919"));
}

#[test]
fn a_marked_example_split_by_markup_passes() {
    let f = page_saying("NHS 943<b>476</b>5919 <!-- personal-data: example -->");
    f.run(&["build", "--audience", "public"]).ok();
}

#[test]
fn the_example_sites_still_build_for_the_public() {
    let repo = env!("CARGO_MANIFEST_DIR");
    let kitchen = format!("{repo}/tests/sites/kitchen-sink");
    for (root, extra) in [(repo.to_string(), None), (kitchen, Some("--drafts"))] {
        let mut args = vec![
            "check",
            "--audience",
            "public",
            "--as-of",
            "2026-11-22",
            "--root",
            &root,
        ];
        args.extend(extra);
        let run = run_binary(&args, None);
        assert_eq!(run.code, 0, "{root}: {}", run.stderr);
        assert!(!run.stderr.contains("looks like"), "{}", run.stderr);
    }
}

/// Copies a site's own folders (not its output or state) into a new temporary folder.
fn copy_site(from: &std::path::Path) -> tempfile::TempDir {
    let to = tempfile::tempdir().unwrap();
    for entry in walkdir(from) {
        let rel = entry.strip_prefix(from).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .into_owned();
        if !["site.yaml", "content", "templates", "static", "themes"].contains(&top.as_str()) {
            continue;
        }
        let target = to.path().join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &target).unwrap();
    }
    to
}

fn walkdir(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if p.is_dir() {
                if ![
                    "output",
                    "target",
                    "node_modules",
                    ".git",
                    ".safeguard",
                    "tests",
                ]
                .contains(&name.as_str())
                {
                    stack.push(p);
                }
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Private items of every kind, each carrying personal data in every place it can
/// (title, description, tags, text, file name, a linked file, a return's fields, a
/// paper's cover sheet), each marked `QXPRIV`.
fn add_private_items(root: &std::path::Path, audit_like: &str, paper_like: &str) {
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "content/qxpriv-reviews/_index.md",
        "---\ntitle: Case reviews QXPRIV1\ndescription: Child 943 476 5919 QXPRIV2\nvisibility: private\n---\n\nThe section of case reviews, NHS 401 023 2137.\n",
    );
    write(
        "content/qxpriv-reviews/child-qxpriv3-4505577104.md",
        "---\ntitle: Review of QXPRIV4 (NI AB 12 34 56 C)\nvisibility: private\ntags: [qxpriv5]\n---\n\n## Child 943 476 5919\n\nSee the [list](list-qxpriv6.csv). Mother 401-023-2137.\n",
    );
    write(
        "content/qxpriv-reviews/list-qxpriv6.csv",
        "name,nhs\nQXPRIV7,9434765919\n",
    );
    let audit = std::fs::read_to_string(root.join(audit_like)).unwrap();
    // With a registry (public: it names organisations, not people), a return names a
    // registered organisation, so the private return keeps its own in a new period.
    let registered = root.join("content/organisations.yaml").exists();
    let audit: String = audit
        .lines()
        .map(|l| {
            if l.starts_with("organisation:") && registered {
                l.to_string()
            } else if l.starts_with("period:") && registered {
                "period: \"2099\"".to_string()
            } else if l.starts_with("organisation:") {
                "organisation: QXPRIV8 Clinic".to_string()
            } else if l.starts_with("completed_by:") {
                "completed_by: QXPRIV9 nurse, patient 943 476 5919".to_string()
            } else if l.starts_with("visibility:") {
                String::new()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    write(
        "content/qxpriv-reviews/qxpriv-return.yaml",
        &format!("visibility: private\n{audit}\n"),
    );
    let paper = std::fs::read_to_string(root.join(paper_like)).unwrap();
    let paper: String = paper
        .lines()
        .filter(|l| !l.starts_with("visibility:"))
        .map(|l| format!("{l}\n"))
        .collect();
    let paper = paper
        .replacen("---\n", "---\nvisibility: private\n", 1)
        .replacen("title:", "title: QXPRIV10", 1)
        .replace("purpose:", "purpose: QXPRIV11 about 943 476 5919.")
        .replacen("\n---\n", "\n---\n\nQXPRIV12 child 401 023 2137.\n", 1);
    write("content/qxpriv-reviews/qxpriv-paper.md", &paper);
}

/// Every byte a public build of `root` writes anywhere (its output and its state),
/// searched for every marker and every spelling of the numbers.
fn assert_nothing_private(root: &std::path::Path, extra: &[&str]) {
    let mut args = vec![
        "build",
        "--audience",
        "public",
        "--as-of",
        "2026-11-22",
        "--root",
    ];
    let root_s = root.to_str().unwrap().to_string();
    args.push(&root_s);
    args.extend_from_slice(extra);
    let run = run_binary(&args, None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("withheld from the public"),
        "{}",
        run.stderr
    );
    let mut files = common::snapshot(&root.join("output"));
    assert!(files.len() > 20, "the public site was built");
    files.extend(
        common::snapshot(&root.join(".safeguard"))
            .into_iter()
            .map(|(k, v)| (format!(".safeguard/{k}"), v)),
    );
    for (path, (bytes, _)) in &files {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for needle in [
            "qxpriv",
            "943 476 5919",
            "401 023 2137",
            "401-023-2137",
            "ab 12 34 56 c",
        ] {
            assert!(!text.contains(needle), "{path} holds `{needle}`");
            assert!(!path.to_lowercase().contains("qxpriv"), "{path}");
        }
        for number in ["9434765919", "4010232137", "4505577104"] {
            assert!(!text.contains(number), "{path} holds {number}");
        }
    }
}

#[test]
fn private_items_with_personal_data_everywhere_leave_no_byte_in_a_public_build_of_the_example_site()
{
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = copy_site(root);
    add_private_items(
        site.path(),
        "content/audits/2016/wolverhampton-ccg.yaml",
        "content/papers/2016-09-section-11-audit.md",
    );
    // The internal build publishes them (with warnings), so they are real items.
    let internal = run_binary(
        &[
            "check",
            "--as-of",
            "2026-11-22",
            "--root",
            site.path().to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(internal.code, 0, "{}", internal.stderr);
    assert!(
        internal
            .stderr
            .contains("qxpriv-reviews/child-qxpriv3-4505577104.md"),
        "{}",
        internal.stderr
    );
    assert_nothing_private(site.path(), &[]);
}

#[test]
fn private_items_with_personal_data_everywhere_leave_no_byte_in_a_public_build_of_the_kitchen_sink()
{
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/kitchen-sink");
    let site = copy_site(&root);
    add_private_items(
        site.path(),
        "content/audits/2026-north.yaml",
        "content/papers/2026-11-draft-paper.md",
    );
    assert_nothing_private(site.path(), &["--drafts"]);
}

#[test]
fn groups_in_cells_side_by_side_are_not_one_number_in_search_excerpts() {
    // The page shows "943 476" and "5919" in two cells, never as one number, so the
    // search excerpt must not run them together either: the public build goes ahead.
    let f = page_saying("| Item | Value |\n|---|---|\n| 943 476 | 5919 |");
    let run = f.run(&["build", "--audience", "public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Results 0 and 1 (the page) are in the first result piece.
    let excerpt = f.read("output/search/f/0.js");
    assert!(excerpt.contains("943 476 · 5919"), "{excerpt}");
    // Where the page does show them together, the gate still refuses it.
    let f = page_saying("Reference 943 476 5919 in a sentence.");
    assert_ne!(f.run(&["build", "--audience", "public"]).code, 0);
}
