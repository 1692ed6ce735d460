//! Personal data in disguise: a public build must carry no NHS or National Insurance
//! number in any file it writes, however the number is written and wherever it comes
//! from (a page, `site.yaml`, a static file, a file name, a data document). Each case
//! fails the public build at the place the number was written, with nothing written;
//! numbers that only look alike (digests, tables of figures, phone numbers, test
//! numbers, marked examples) pass.

mod common;

use common::{Fixture, run_binary};

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

// Markup inside the number: only the published page shows it whole.

#[test]
fn html_inside_the_number() {
    refused_page("NHS 943<b>476</b>5919 seen", 5, LOOKS_NHS, false);
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

const FRAMEWORK: &str = r#"kind: framework
id: s11
title: Section 11 self-assessment
visibility: public
scale:
  - { value: 25, label: Not met, colour: red }
  - { value: 50, label: Partially met, colour: blue }
  - { value: 75, label: Mostly met, colour: amber }
  - { value: 100, label: Fully met, colour: green }
standards:
  - id: "1"
    title: Leadership
    criteria:
      - { id: "1.1", text: A named lead. }
      - { id: "1.2", text: A policy. }
"#;
