//! The mistakes a new author makes in YAML, each told in plain words at its place:
//! one message, with what to write instead, and no parser vocabulary. Front matter,
//! `site.yaml`, the glossary, a framework and an audit return.

mod common;

use common::{FRAMEWORK, Fixture, Run};

/// A site with one page whose front matter is `yaml`.
fn page(yaml: &str) -> Run {
    let f = Fixture::new();
    f.write("content/a.md", &format!("---\n{yaml}---\n\nText.\n"));
    f.build()
}

/// A site whose `site.yaml` is `yaml`.
fn site(yaml: &str) -> Run {
    let f = Fixture::new();
    f.write("site.yaml", yaml);
    f.build()
}

fn glossary(yaml: &str) -> Run {
    let f = Fixture::new();
    f.write("content/glossary.yaml", yaml);
    f.build()
}

fn framework(yaml: &str) -> Run {
    let f = Fixture::new();
    f.write("content/audits/s11.yaml", yaml);
    f.build()
}

/// A good return to [`FRAMEWORK`], with no warnings.
const AUDIT: &str = r#"kind: audit
framework: s11
organisation: Wolverhampton CCG
period: "2016"
submitted: 2016-08-22
visibility: public
results:
  - criterion: "1.1"
    grade: 100
  - criterion: "1.2"
    grade: 75
actions:
  - id: A1
    criterion: "1.2"
    action: Write the policy.
    owner: Director of Nursing
    due: 2027-03-31
    status: open
"#;

/// A site with [`FRAMEWORK`] and [`AUDIT`] with `from` replaced by `to`.
fn audit(from: &str, to: &str) -> Run {
    assert!(AUDIT.contains(from), "{from}");
    let f = Fixture::new();
    f.write("content/audits/s11.yaml", FRAMEWORK);
    f.write("content/audits/ccg-2016.yaml", &AUDIT.replacen(from, to, 1));
    f.build()
}

/// A framework of one standard whose criteria are `criteria` (from the `criteria:`
/// line on, which starts at line 11).
fn framework_with(criteria: &str) -> Run {
    framework(&format!(
        "kind: framework\nid: s11\ntitle: S11\nvisibility: public\nscale:\n  - {{ value: 25, label: Not met, colour: red }}\n  - {{ value: 100, label: Met, colour: green }}\nstandards:\n  - id: \"1\"\n    title: Leadership\n{criteria}"
    ))
}

#[test]
fn the_good_fixtures_build() {
    audit("open", "open").ok();
    framework_with("    criteria:\n      - { id: \"1.1\", text: A lead. }\n").ok();
}

// Front matter: how the YAML is written.

#[test]
fn a_key_indented_three_spaces_is_told_to_line_up() {
    page("title: A\n   description: x\n").only_error(
        "content/a.md:3:4",
        &[
            "`description`",
            "indented 3 spaces",
            "`title` on line 2",
            "left edge",
        ],
    );
}

#[test]
fn a_value_with_a_colon_is_told_to_be_quoted() {
    page("title: A\ndescription: Roles: who does what\n").only_error(
        "content/a.md:3:14",
        &["quotes", "`description: \"Roles: who does what\"`"],
    );
}

#[test]
fn a_tab_is_reported_at_the_tab_not_the_line_before() {
    page("title: A\n\tdescription: x\n").only_error("content/a.md:3:1", &["tab", "spaces"]);
}

#[test]
fn a_tab_before_a_list_item_is_reported_at_the_tab() {
    page("title: A\ntags:\n\t- one\n").only_error("content/a.md:4:1", &["tab", "spaces"]);
}

#[test]
fn an_unclosed_quote_is_reported_where_it_opens() {
    page("title: \"A\ndescription: x\n")
        .only_error("content/a.md:2:8", &["quote \"", "never closed"]);
}

#[test]
fn an_unclosed_bracket_is_reported_where_it_opens() {
    page("title: A\ntags: [one, two\ndescription: x\n")
        .only_error("content/a.md:3:7", &["`[`", "never closed", "`]`"]);
}

#[test]
fn a_bracket_closed_by_the_other_kind_is_named() {
    page("title: A\ntags: [one, {two]\n")
        .only_error("content/a.md:3:17", &["`{`", "closed by `]`", "`}`"]);
}

#[test]
fn a_value_starting_with_a_star_is_told_to_be_quoted() {
    page("title: A\ndescription: *important*\n")
        .only_error("content/a.md:3:14", &["`*`", "quotes"]);
}

#[test]
fn a_key_set_twice_names_both_lines() {
    page("title: A\ntitle: B\n")
        .only_error("content/a.md:3:1", &["`title` is set twice", "line 2"]);
}

#[test]
fn an_empty_title_is_named() {
    page("title:\n").only_error("content/a.md:2:1", &["`title` has no value"]);
}

#[test]
fn a_missing_title_is_named() {
    page("description: x\n").only_error("content/a.md:2:1", &["`title` is missing", "title: …"]);
}

#[test]
fn a_key_outside_its_block_is_named_with_the_block() {
    let run = page(
        "title: P\ntype: paper\npaper:\n  meeting: Board\n  meeting_date: 2026-01-01\n  purpose: To assure.\naction_required: decision\n",
    );
    let line = run.only_error(
        "content/a.md:8:1",
        &["`action_required`", "inside the `paper` block", "2 spaces"],
    );
    assert!(!line.contains("missing"), "{line}");
}

#[test]
fn an_optional_key_after_its_block_is_told_to_go_inside_it() {
    page("title: P\ntype: paper\npaper:\n  meeting: Board\n  meeting_date: 2026-01-01\n  action_required: decision\n  purpose: To assure.\nauthor: Designated Nurse\n")
        .only_error(
            "content/a.md:9:1",
            &["`author` belongs inside the `paper` block", "2 spaces", "`purpose` on line 8"],
        );
}

#[test]
fn an_optional_key_before_its_block_is_told_to_move_into_it() {
    page("title: P\ntype: paper\nauthor: Designated Nurse\npaper:\n  meeting: Board\n  meeting_date: 2026-01-01\n  action_required: decision\n  purpose: To assure.\n")
        .only_error(
            "content/a.md:4:1",
            &["`author` belongs inside the `paper` block below", "move it there", "2 spaces"],
        );
}

#[test]
fn a_list_moved_out_of_its_block_is_told_to_go_back() {
    page("title: P\ntype: paper\npaper:\n  meeting: Board\n  meeting_date: 2026-01-01\n  action_required: decision\n  purpose: To assure.\nsignoff:\n  - check: Finance\n    name: Chief Finance Officer\n")
        .only_error("content/a.md:9:1", &["`signoff` belongs inside the `paper` block"]);
}

#[test]
fn a_sign_off_without_its_check_is_named() {
    page("title: P\ntype: paper\npaper:\n  meeting: Board\n  meeting_date: 2026-01-01\n  action_required: decision\n  purpose: To assure.\n  signoff:\n    - name: Chief Finance Officer\n      date: 2026-01-01\n")
        .only_error("content/a.md:11:7", &["the `signoff` item that starts on line 10 needs `check`"]);
}

#[test]
fn tags_written_as_one_line_of_text_are_told_to_be_a_list() {
    page("title: A\ntags: one, two\n")
        .only_error("content/a.md:3:7", &["`tags` is a list", "- item"]);
}

#[test]
fn a_list_item_on_the_line_of_its_key_is_explained() {
    page("title: A\ntags: - one\n").only_error(
        "content/a.md:3:7",
        &[
            "a list item cannot start on the line of its key",
            "`tags: [one, two]`",
        ],
    );
}

#[test]
fn a_list_item_among_keys_is_explained() {
    page("title: A\n- one\n").only_error("content/a.md:3:1", &["a list item cannot stand among"]);
}

#[test]
fn a_list_item_indented_too_little_is_told_to_line_up() {
    page("title: A\ntags:\n  - one\n - two\n").only_error(
        "content/a.md:5:2",
        &["indented 1 space", "items of one list", "2 spaces"],
    );
}

#[test]
fn an_indented_first_line_is_reported_at_that_line() {
    page("  title: A\ndescription: x\n")
        .only_error("content/a.md:2:3", &["first line", "left edge"]);
}

#[test]
fn an_apostrophe_inside_single_quotes_is_explained() {
    page("title: A\ndescription: 'it's here'\n")
        .only_error("content/a.md:3:18", &["other kind of quotes", "twice"]);
}

#[test]
fn a_value_starting_with_an_at_sign_is_told_to_be_quoted() {
    page("title: A\nowner: @safeguarding\n")
        .only_error("content/a.md:3:8", &["cannot start with `@`", "quotes"]);
}

#[test]
fn a_backslash_inside_double_quotes_is_explained() {
    page("title: A\ndescription: \"C:\\new\\docs\"\n")
        .only_error("content/a.md:3", &["`\\`", "single quotes"]);
}

#[test]
fn a_bracket_that_closes_nothing_is_named() {
    page("title: A\ntags: [one, two]]\n").only_error("content/a.md:3:17", &["closes nothing"]);
}

#[test]
fn a_tab_in_a_file_with_windows_line_ends_is_found() {
    page("title: A\r\ntags:\r\n\t- one\r\n").only_error("content/a.md:4:1", &["tab"]);
}

#[test]
fn a_misspelt_action_names_its_key_and_the_kinds_of_action() {
    page("title: P\ntype: paper\npaper:\n  meeting: Board\n  meeting_date: 2026-01-01\n  purpose: To assure.\n  action_required: decison\n")
        .only_error(
            "content/a.md:8:3",
            &["`action_required`", "did you mean `decision`?", "`information`"],
        );
}

#[test]
fn a_list_where_text_belongs_names_its_key() {
    page("title: P\ntype: paper\npaper:\n  meeting: Board\n  meeting_date: 2026-01-01\n  purpose: To assure.\n  action_required: decision\n  agenda_item: [4, 5]\n")
        .only_error("content/a.md:9:16", &["`agenda_item` is text", "needs quotes"]);
}

// Front matter: keys and values.

#[test]
fn a_misspelt_key_gets_did_you_mean_and_no_list() {
    let line = page("title: A\nreveiw_date: 2027-01-01\n").only_error(
        "content/a.md:3:1",
        &["`reveiw_date`", "did you mean `review_date`?"],
    );
    assert!(!line.contains("duration_minutes"), "{line}");
}

#[test]
fn a_key_in_capitals_is_told_to_use_small_letters() {
    page("Title: A\n").only_error(
        "content/a.md:2:1",
        &["`Title` is written in small letters: `title`"],
    );
}

#[test]
fn a_type_in_capitals_is_told_to_use_small_letters() {
    page("title: A\ntype: Module\n").only_error(
        "content/a.md:3:7",
        &[
            "`Module` is written in small letters: `module`",
            "`module`, `paper`, `report` or `meeting`",
        ],
    );
}

#[test]
fn a_level_in_capitals_lists_the_levels() {
    page("title: A\ntype: module\nlevel: Board\n").only_error(
        "content/a.md:4:8",
        &["small letters: `board`", "`level-1`", "`level-5`"],
    );
}

#[test]
fn a_level_written_in_words_is_given_its_spelling() {
    page("title: A\ntype: module\nlevel: Level 3\n")
        .only_error("content/a.md:4:8", &["`Level 3` is written `level-3`"]);
}

#[test]
fn a_visibility_in_capitals_is_told_to_use_small_letters() {
    page("title: A\nvisibility: Private\n").only_error(
        "content/a.md:3:13",
        &["small letters: `private`", "`public` or `private`"],
    );
}

#[test]
fn a_paper_status_in_capitals_is_told_to_use_small_letters() {
    page("title: P\ntype: paper\npaper:\n  meeting: Board\n  meeting_date: 2026-01-01\n  action_required: decision\n  purpose: To assure.\n  status: Final\n")
        .only_error("content/a.md:9:11", &["small letters: `final`", "`draft` or `final`"]);
}

#[test]
fn an_answer_in_words_asks_for_the_number_of_the_right_answer() {
    page("title: A\ntype: module\nquestions:\n  - question: Is it ever right to share?\n    options: [Yes, No]\n    answer: No\n")
        .only_error("content/a.md:7:13", &["number of the right answer", "counting from 0", "`No`"]);
}

#[test]
fn minutes_with_their_unit_are_told_to_be_the_number_alone() {
    page("title: A\ntype: module\nduration_minutes: 30 mins\n")
        .only_error("content/a.md:4:19", &["whole number", "`30`", "`30 mins`"]);
}

#[test]
fn a_weight_in_words_asks_for_a_whole_number() {
    page("title: A\nweight: first\n").only_error(
        "content/a.md:3:9",
        &["`weight` is a whole number", "`first`"],
    );
}

#[test]
fn a_draft_that_is_neither_true_nor_false_is_named() {
    page("title: A\ndraft: maybe\n")
        .only_error("content/a.md:3:8", &["`true` or `false`", "`maybe`"]);
}

#[test]
fn a_weight_with_a_decimal_point_is_named() {
    page("title: A\nweight: 1.5\n").only_error(
        "content/a.md:3:9",
        &["whole number, with no decimal point", "`1.5`"],
    );
}

#[test]
fn minutes_below_zero_are_named() {
    page("title: A\ntype: module\nduration_minutes: -5\n")
        .only_error("content/a.md:4:19", &["0 or more", "`-5`"]);
}

#[test]
fn a_learning_outcome_with_a_colon_is_told_to_be_quoted() {
    page("title: A\ntype: module\nlearning_outcomes:\n  - Know: the law\n")
        .only_error("content/a.md:5:5", &["`: `", "`- \"Know: the law\"`"]);
}

#[test]
fn a_tag_with_a_colon_in_a_one_line_list_is_told_to_be_quoted() {
    page("title: A\ntags: [law, duty: children]\n")
        .only_error("content/a.md:3:13", &["`: `", "`\"duty: children\"`"]);
}

#[test]
fn a_misspelt_key_in_a_question_gets_did_you_mean() {
    page("title: A\ntype: module\nquestions:\n  - question: Q\n    options: [Yes, No]\n    answer: 1\n    explaination: x\n")
        .only_error("content/a.md:8:5", &["did you mean `explanation`?"]);
}

// Dates.

#[test]
fn a_date_written_day_first_with_slashes_is_turned_round() {
    page("title: A\nreview_date: 31/03/2027\n")
        .only_error("content/a.md:3:14", &["year-month-day", "`2027-03-31`"]);
}

#[test]
fn a_date_with_dots_and_a_short_year_is_turned_round() {
    page("title: A\ndate: 31.03.25\n").only_error("content/a.md:3:7", &["`2025-03-31`"]);
}

#[test]
fn a_date_with_hyphens_day_first_is_turned_round() {
    page("title: A\ndate: 31-03-2025\n").only_error("content/a.md:3:7", &["`2025-03-31`"]);
}

#[test]
fn the_thirtieth_of_february_is_explained() {
    page("title: A\nreview_date: 2026-02-30\n").only_error(
        "content/a.md:3:14",
        &["`2026-02-30` is not a date", "February 2026 has 28 days"],
    );
}

#[test]
fn the_thirty_first_of_april_is_explained() {
    page("title: A\ndate: 2025-04-31\n").only_error("content/a.md:3:7", &["April has 30 days"]);
}

#[test]
fn a_thirteenth_month_is_explained() {
    page("title: A\ndate: 2025-13-01\n").only_error("content/a.md:3:7", &["no month 13"]);
}

#[test]
fn a_date_in_words_is_given_in_figures() {
    page("title: A\ndate: 22 August 2016\n").only_error("content/a.md:3:7", &["`2016-08-22`"]);
}

#[test]
fn a_date_with_something_after_it_is_named() {
    page("title: A\ndate: 2024-02-29x\n").only_error(
        "content/a.md:3:7",
        &["`2024-02-29x` is not a date", "year-month-day"],
    );
}

// site.yaml.

#[test]
fn a_site_yaml_written_as_a_list_is_explained() {
    site("- title: S\n").only_error("site.yaml:1:1", &["`key: value` lines", "left edge"]);
}

#[test]
fn an_american_spelling_in_site_yaml_gets_did_you_mean() {
    site("title: S\norganization: NHS Example ICB\n")
        .only_error("site.yaml:2:1", &["did you mean `organisation`?"]);
}

#[test]
fn a_default_visibility_in_capitals_is_told_to_use_small_letters() {
    site("title: S\ndefault_visibility: Public\n")
        .only_error("site.yaml:2:21", &["small letters: `public`"]);
}

#[test]
fn a_setting_indented_under_another_in_site_yaml_is_told_to_line_up() {
    site("title: S\nbase_url: https://intranet.example.nhs.uk/\n  language: en-GB\n").only_error(
        "site.yaml:3:3",
        &[
            "`language` on line 3",
            "indented 2 spaces",
            "`base_url` on line 2",
            "left edge",
        ],
    );
}

#[test]
fn a_near_miss_of_a_compliance_value_gets_did_you_mean() {
    site("title: S\naccessibility:\n  compliance: partly\n  prepared: 2026-01-01\n").only_error(
        "site.yaml:3:15",
        &["did you mean `partial`?", "`full`, `partial` or `not`"],
    );
}

#[test]
fn a_statement_date_day_first_is_turned_round() {
    site("title: S\naccessibility:\n  compliance: partial\n  prepared: 01/02/2026\n")
        .only_error("site.yaml:4:13", &["`2026-02-01`"]);
}

#[test]
fn a_setting_outside_the_accessibility_block_is_named() {
    site("title: S\naccessibility:\n  prepared: 2026-01-01\ncompliance: partial\n").only_error(
        "site.yaml:4:1",
        &[
            "`compliance` belongs inside the `accessibility` block",
            "2 spaces",
        ],
    );
}

#[test]
fn a_setting_after_the_accessibility_block_is_told_to_go_inside_it() {
    site("title: S\naccessibility:\n  compliance: partial\n  prepared: 2026-01-01\nresponse_days: 5\n")
        .only_error("site.yaml:5:1", &["`response_days` belongs inside the `accessibility` block"]);
}

#[test]
fn a_site_setting_inside_the_accessibility_block_is_told_to_come_out() {
    site("title: S\naccessibility:\n  compliance: partial\n  prepared: 2026-01-01\n  theme: default\n")
        .only_error(
            "site.yaml:5:3",
            &["`theme` belongs outside the `accessibility` block", "left edge"],
        );
}

// The glossary.

#[test]
fn a_term_without_its_colon_is_named() {
    glossary("kind: glossary\nterms:\n  LSCB: Local Safeguarding Children Board\n  MASH Multi-Agency Safeguarding Hub\n")
        .only_error("content/glossary.yaml:4:3", &["no `:` after its key", "`MASH: …`"]);
}

#[test]
fn a_term_indented_too_little_is_told_to_line_up() {
    glossary("kind: glossary\nterms:\n  LSCB: Local Safeguarding Children Board\n MASH: Multi-Agency Safeguarding Hub\n")
        .only_error("content/glossary.yaml:4:2", &["indented 1 space", "`LSCB` on line 3", "2 spaces"]);
}

#[test]
fn a_definition_with_a_colon_is_told_to_be_quoted() {
    glossary("kind: glossary\nterms:\n  MASH: Multi-Agency Safeguarding Hub: the front door\n")
        .only_error(
            "content/glossary.yaml:3:9",
            &["`MASH: \"Multi-Agency Safeguarding Hub: the front door\"`"],
        );
}

#[test]
fn a_glossary_key_missing_its_s_gets_did_you_mean() {
    glossary("kind: glossary\nterm:\n  LSCB: Local Safeguarding Children Board\n")
        .only_error("content/glossary.yaml:2:1", &["did you mean `terms`?"]);
}

#[test]
fn a_term_with_nothing_after_it_is_named() {
    glossary("kind: glossary\nterms:\n  LSCB:\n")
        .only_error("content/glossary.yaml:3:3", &["`LSCB` has no value"]);
}

#[test]
fn a_kind_in_capitals_is_told_to_use_small_letters() {
    glossary("kind: Glossary\nterms:\n  LSCB: Local Safeguarding Children Board\n").only_error(
        "content/glossary.yaml:1:7",
        &[
            "small letters: `glossary`",
            "`glossary`, `framework`, `audit`, `organisations`, `indicators` or `training`",
        ],
    );
}

// A framework.

#[test]
fn criteria_indented_too_little_are_told_to_line_up() {
    framework_with("  criteria:\n      - { id: \"1.1\", text: A lead. }\n").only_error(
        "content/audits/s11.yaml:11:3",
        &[
            "`criteria` on line 11",
            "indented 2 spaces",
            "`title` on line 10",
            "4 spaces",
        ],
    );
}

#[test]
fn criteria_indented_three_spaces_are_told_to_line_up() {
    framework_with("   criteria:\n      - { id: \"1.1\", text: A lead. }\n").only_error(
        "content/audits/s11.yaml:11:4",
        &["indented 3 spaces", "4 spaces"],
    );
}

#[test]
fn a_comma_in_a_one_line_descriptor_is_found() {
    framework_with("    criteria:\n      - id: \"1.1\"\n        text: A lead.\n        descriptors: { 25: No lead, not named, 100: Named }\n")
        .only_error(
            "content/audits/s11.yaml:14:35",
            &["comma", "`25: \"No lead, not named\"`", "a line of its own"],
        );
}

#[test]
fn a_comma_in_a_one_line_criterion_is_found() {
    framework_with("    criteria:\n      - { id: \"1.1\", text: A lead, named in policy. }\n")
        .only_error(
            "content/audits/s11.yaml:12:34",
            &["comma", "`text: \"A lead, named in policy.\"`"],
        );
}

#[test]
fn a_criterion_without_an_id_is_not_sent_to_another_id() {
    let line = framework_with(
        "    criteria:\n      - id: \"1.1\"\n        text: A lead.\n      - text: A policy.\n",
    )
    .only_error(
        "content/audits/s11.yaml:14:9",
        &[
            "the `criteria` item that starts on line 14 needs `id`",
            "`id: …`",
        ],
    );
    assert!(!line.contains("belongs"), "{line}");
}

#[test]
fn criteria_moved_out_of_their_standard_are_told_to_go_back() {
    framework_with("criteria:\n  - id: \"1.1\"\n    text: A lead.\n").only_error(
        "content/audits/s11.yaml:11:1",
        &[
            "`criteria` belongs inside the `standards` item that starts on line 9",
            "4 spaces",
        ],
    );
}

#[test]
fn a_colour_in_capitals_is_told_to_use_small_letters() {
    framework(&FRAMEWORK.replace("colour: red", "colour: Red")).only_error(
        "content/audits/s11.yaml:6:42",
        &["small letters: `red`", "`grey`"],
    );
}

#[test]
fn a_colour_not_on_the_list_lists_the_colours() {
    framework(&FRAMEWORK.replace("colour: red", "colour: orange")).only_error(
        "content/audits/s11.yaml:6:42",
        &[
            "`orange`",
            "`red`, `amber`, `yellow`, `green`, `blue` or `grey`",
        ],
    );
}

#[test]
fn a_scale_value_in_words_asks_for_a_number() {
    framework(&FRAMEWORK.replace("value: 25", "value: low")).only_error(
        "content/audits/s11.yaml:6:14",
        &["`value` is a number", "`low`"],
    );
}

// An audit return.

#[test]
fn a_grade_in_words_that_is_not_on_the_scale_is_explained() {
    audit("grade: 75", "grade: Good").only_error(
        "content/audits/ccg-2016.yaml:11:12",
        &[
            "`Good` is not a grade of `s11`",
            "values or labels",
            "75 (Mostly met)",
        ],
    );
}

#[test]
fn an_action_status_with_an_underscore_is_given_its_hyphen() {
    audit("status: open", "status: in_progress").only_error(
        "content/audits/ccg-2016.yaml:18:13",
        &[
            "written with a hyphen: `in-progress`",
            "`open`, `in-progress` or `done`",
        ],
    );
}

#[test]
fn an_action_status_in_capitals_is_told_to_use_small_letters() {
    audit("status: open", "status: Done").only_error(
        "content/audits/ccg-2016.yaml:18:13",
        &["small letters: `done`"],
    );
}

#[test]
fn a_due_date_day_first_is_turned_round() {
    audit("due: 2027-03-31", "due: 31/03/2027")
        .only_error("content/audits/ccg-2016.yaml:17:10", &["`2027-03-31`"]);
}

#[test]
fn an_american_spelling_in_an_audit_gets_did_you_mean() {
    audit("organisation:", "organization:").only_error(
        "content/audits/ccg-2016.yaml:3:1",
        &["did you mean `organisation`?"],
    );
}

#[test]
fn a_grade_indented_too_little_is_told_to_line_up() {
    audit("    grade: 75", "   grade: 75").only_error(
        "content/audits/ccg-2016.yaml:11:4",
        &[
            "`grade` on line 11",
            "indented 3 spaces",
            "`criterion` on line 10",
            "4 spaces",
        ],
    );
}

#[test]
fn a_due_date_outside_its_action_is_told_to_line_up() {
    audit("    due: 2027-03-31", "  due: 2027-03-31").only_error(
        "content/audits/ccg-2016.yaml:17:3",
        &["`due` on line 17", "`owner` on line 16", "4 spaces"],
    );
}

#[test]
fn evidence_written_as_one_line_of_text_is_told_to_be_a_list() {
    audit(
        "    grade: 100\n",
        "    grade: 100\n    evidence: Board minutes\n",
    )
    .only_error(
        "content/audits/ccg-2016.yaml:10:15",
        &["`evidence` is a list"],
    );
}

#[test]
fn a_weight_in_words_asks_for_a_number() {
    framework_with("    criteria:\n      - { id: \"1.1\", text: A lead., weight: heavy }\n")
        .only_error(
            "content/audits/s11.yaml:12:45",
            &["`weight` is a number", "`heavy`"],
        );
}

#[test]
fn a_weight_too_finely_divided_says_how_fine_it_may_be() {
    framework_with("    criteria:\n      - { id: \"1.1\", text: A lead., weight: 0.0000000001 }\n")
        .only_error(
            "content/audits/s11.yaml:12:45",
            &[
                "weight 0.0000000001",
                "at most 9 digits after the decimal point",
            ],
        );
}

#[test]
fn a_scale_value_too_finely_divided_says_how_fine_it_may_be() {
    framework(&FRAMEWORK.replace("value: 25", "value: 25.00001")).only_error(
        "content/audits/s11.yaml:6:14",
        &["25.00001", "at most 4 digits after the decimal point"],
    );
}

#[test]
fn a_scale_value_in_scientific_form_is_read_as_a_number() {
    // 2.5e1 is 25, as written the usual way.
    let f = Fixture::new();
    f.write(
        "content/audits/s11.yaml",
        &FRAMEWORK.replace("value: 25", "value: 2.5e1"),
    );
    f.write(
        "content/audits/ccg-2016.yaml",
        &AUDIT.replacen("grade: 100", "grade: 25", 1),
    );
    let run = f.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn weights_and_values_too_large_together_are_named() {
    framework(
        &FRAMEWORK
            // Two criteria of weight 999999.999999999 on a scale up to 999999.0001:
            // about 2 × 10^6 × 10^6 in units of 10^-13, 2 × 10^25, beyond 10^25.
            .replace("value: 100", "value: 999999.0001")
            .replace(
                "board-level lead for safeguarding. }",
                "board-level lead for safeguarding., weight: 999999.999999999 }",
            )
            .replace(
                "A safeguarding policy. }",
                "A safeguarding policy., weight: 999999.999999999 }",
            ),
    )
    .only_error(
        "content/audits/s11.yaml:10:1",
        &[
            "too large for scores to be worked out exactly",
            "smaller weights",
        ],
    );
}

#[test]
fn a_scale_value_too_large_to_hold_is_called_too_large() {
    framework(&FRAMEWORK.replace("value: 100", "value: 1e40")).only_error(
        "content/audits/s11.yaml:9:14",
        &[
            "the scale value 1e40 is too large",
            "between -1000000 and 1000000",
        ],
    );
}

// The organisations registry and framework versions.

fn registry(yaml: &str) -> Run {
    let f = Fixture::new();
    f.write("content/organisations.yaml", yaml);
    f.build()
}

#[test]
fn a_registry_id_that_is_a_name_is_shown_one_that_would_do() {
    registry("kind: organisations\norganisations:\n  - { id: Big Trust, name: Big Trust }\n")
        .only_error(
            "content/organisations.yaml:3:11",
            &["`Big Trust` cannot be an id", "such as `big-trust`"],
        );
}

#[test]
fn a_misspelt_registry_key_is_named_with_the_right_one() {
    registry("kind: organisations\norganisations:\n  - id: a\n    name: A\n    ods_code: X1\n")
        .only_error("content/organisations.yaml:5", &["`ods_code`", "`ods`"]);
}

#[test]
fn predecessors_written_as_one_name_are_told_to_be_a_list() {
    let run = registry(
        "kind: organisations\norganisations:\n  - { id: a, name: A }\n  - { id: b, name: B, predecessors: a }\n",
    );
    run.only_error(
        "content/organisations.yaml:4:37",
        &["`predecessors` is a list", "`[one, two]`"],
    );
}

#[test]
fn a_predecessor_the_registry_lacks_is_named_with_the_nearest() {
    registry("kind: organisations\norganisations:\n  - { id: wolverhampton-ccg, name: W }\n  - { id: b, name: B, predecessors: [wolverhamton-ccg] }\n")
        .only_error(
            "content/organisations.yaml:4",
            &["there is no organisation `wolverhamton-ccg`", "did you mean `wolverhampton-ccg`?"],
        );
}

#[test]
fn a_return_naming_an_organisation_the_registry_lacks_says_which_it_may_mean() {
    let f = Fixture::new();
    f.write(
        "content/organisations.yaml",
        "kind: organisations\norganisations:\n  - { id: wolverhampton-ccg, name: Wolverhampton CCG, ods: 06A }\n",
    );
    f.write("content/audits/s11.yaml", FRAMEWORK);
    let misspelt = AUDIT.replace(
        "organisation: Wolverhampton CCG",
        "organisation: Wolverhamton CCG",
    );
    f.write("content/audits/a.yaml", &misspelt);
    f.build().only_error(
        "content/audits/a.yaml:3",
        &[
            "`Wolverhamton CCG` is not an organisation in the registry",
            "did you mean Wolverhampton CCG?",
        ],
    );
}

#[test]
fn a_misspelt_replaces_is_named_with_the_right_key() {
    framework_with(
        "    criteria:\n      - { id: \"1.1\", text: A lead. }\nreplace:\n  framework: old\n",
    )
    .only_error("content/audits/s11.yaml", &["`replace`", "`replaces`"]);
}
