//! The mistakes an author makes in figures, each told in plain words at its place:
//! one message, with what to write instead, and no parser vocabulary. An indicator
//! set's YAML and its CSV data, and training compliance's.

mod common;

use common::{Fixture, Run};

/// A good indicator set: a percentage from counts (line 6), a count (line 13) and
/// days where lower is better (line 18).
const KPIS: &str = "kind: indicators
id: kpis
title: KPIs
data: kpis.csv
indicators:
  - id: iha
    title: Initial health assessments
    unit: percent
    better: higher
    measure: ratio
    target: 95
    amber: 85
  - id: referrals
    title: Referrals
    unit: count
    better: higher
    measure: sum
  - id: wait
    title: Days waited
    unit: days
    better: lower
    measure: mean
    target: 10
    amber: 15
";

/// Its data: one row for each indicator, on lines 2, 3 and 4.
const ROWS: &str = "indicator,organisation,period,value,numerator,denominator,note
iha,Royal Trust,2025-26 Q1,,38,40,
referrals,Royal Trust,2025-26 Q1,12,,,
wait,Royal Trust,2025-26 Q1,9.5,,,
";

const TRAINING: &str = "kind: training
id: training
title: Training
data: training.csv
target: 90
amber: 80
strands: [children, adults]
";

const TROWS: &str = "period,organisation,staff_group,strand,level,eligible,compliant
2025-26 Q1,Royal Trust,Clinical,children,level-3,120,108
2025-26 Q1,Royal Trust,Clinical,adults,level-2,100,95
";

const REGISTRY: &str = "kind: organisations
visibility: public
organisations:
  - id: royal-trust
    name: Royal Trust
  - id: city-council
    name: City Council
";

fn replaced(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from} in:\n{text}");
    text.replacen(from, to, 1)
}

fn build_kpis(yaml: &str, csv: &[u8]) -> Run {
    let f = Fixture::new();
    f.write("content/figures/kpis.yaml", yaml);
    f.write_bytes("content/figures/kpis.csv", csv);
    f.build()
}

/// The set with `from` replaced by `to` in its YAML.
fn kpis(from: &str, to: &str) -> Run {
    build_kpis(&replaced(KPIS, from, to), ROWS.as_bytes())
}

/// The set with `from` replaced by `to` in its CSV.
fn rows(from: &str, to: &str) -> Run {
    build_kpis(KPIS, replaced(ROWS, from, to).as_bytes())
}

fn build_training(yaml: &str, csv: &str) -> Run {
    let f = Fixture::new();
    f.write("content/figures/training.yaml", yaml);
    f.write("content/figures/training.csv", csv);
    f.build()
}

fn training(from: &str, to: &str) -> Run {
    build_training(&replaced(TRAINING, from, to), TROWS)
}

fn training_rows(from: &str, to: &str) -> Run {
    build_training(TRAINING, &replaced(TROWS, from, to))
}

/// Asserts a build succeeded with no warning.
fn clean(run: &Run) {
    run.ok().plain();
    assert!(run.stderr.contains(" 0 warnings"), "{}", run.stderr);
}

#[test]
fn the_good_fixtures_build() {
    clean(&build_kpis(KPIS, ROWS.as_bytes()));
    clean(&build_training(TRAINING, TROWS));
}

// The indicator set's YAML.

#[test]
fn an_unknown_key_asks_did_you_mean() {
    kpis("    target: 95", "    targt: 95").only_error(
        "content/figures/kpis.yaml:11:5",
        &["`targt`", "did you mean `target`?"],
    );
}

#[test]
fn a_misspelt_key_in_a_later_indicator_is_not_sent_out_of_its_block() {
    kpis("    title: Days waited", "    titel: Days waited").only_error(
        "content/figures/kpis.yaml:19:5",
        &["`titel`", "did you mean `title`?"],
    );
}

#[test]
fn unit_percentage_asks_for_percent() {
    kpis("unit: percent", "unit: percentage").only_error(
        "content/figures/kpis.yaml:8:11",
        &["`percentage`", "did you mean `percent`?", "`count`"],
    );
}

#[test]
fn better_up_asks_for_higher() {
    kpis("better: higher", "better: up").only_error(
        "content/figures/kpis.yaml:9:13",
        &["`up`", "did you mean `higher`?", "`lower`"],
    );
}

#[test]
fn measure_average_asks_for_mean() {
    kpis("measure: mean", "measure: average").only_error(
        "content/figures/kpis.yaml:22:14",
        &["`average`", "did you mean `mean`?"],
    );
}

#[test]
fn a_target_that_is_not_a_number_says_so() {
    kpis("target: 95", "target: ninety-five").only_error(
        "content/figures/kpis.yaml:11:13",
        &["`ninety-five`", "target of `iha`", "not a number", "`90`"],
    );
}

#[test]
fn a_target_with_a_percent_sign_is_told_to_drop_it() {
    kpis("target: 95", "target: 95%").only_error(
        "content/figures/kpis.yaml:11:13",
        &["`95%`", "`%`", "number alone", "`95`"],
    );
}

#[test]
fn amber_without_a_target_asks_for_one() {
    kpis("    target: 95\n", "").only_error(
        "content/figures/kpis.yaml:11:12",
        &["`iha`", "amber line but no target", "`target`"],
    );
}

#[test]
fn amber_above_the_target_where_higher_is_better_is_refused() {
    kpis("amber: 85", "amber: 97").only_error(
        "content/figures/kpis.yaml:12:12",
        &[
            "amber line of `iha` (97)",
            "below its target (95)",
            "higher is better",
        ],
    );
}

#[test]
fn amber_below_the_target_where_lower_is_better_is_refused() {
    kpis("amber: 15", "amber: 5").only_error(
        "content/figures/kpis.yaml:24:12",
        &[
            "amber line of `wait` (5)",
            "above its target (10)",
            "lower is better",
        ],
    );
}

#[test]
fn a_ratio_counted_in_people_asks_for_percent() {
    kpis("    unit: percent\n", "    unit: count\n").only_error(
        "content/figures/kpis.yaml:6:5",
        &["`iha` is a ratio", "`unit: percent`"],
    );
}

#[test]
fn a_count_with_a_mean_asks_for_sum_or_last() {
    kpis("measure: sum", "measure: mean").only_error(
        "content/figures/kpis.yaml:13:5",
        &[
            "`referrals`",
            "`measure: sum`",
            "`measure: last`",
            "`unit: number`",
        ],
    );
}

#[test]
fn two_indicators_with_one_id_are_refused_at_the_second() {
    kpis("- id: referrals", "- id: iha").only_error(
        "content/figures/kpis.yaml:13:9",
        &["two indicators with the id `iha`", "give each its own"],
    );
}

#[test]
fn an_id_with_capitals_is_given_one_to_use() {
    kpis("- id: referrals", "- id: Referrals").only_error(
        "content/figures/kpis.yaml:13:9",
        &["`Referrals`", "lower case", "such as `referrals`"],
    );
}

#[test]
fn data_naming_a_missing_file_says_where_it_looked() {
    kpis("data: kpis.csv", "data: kpi.csv").only_error(
        "content/figures/kpis.yaml:4:7",
        &["no file `kpi.csv`", "content/figures/"],
    );
}

#[test]
fn data_naming_a_spreadsheet_asks_for_csv() {
    kpis("data: kpis.csv", "data: figures.xlsx").only_error(
        "content/figures/kpis.yaml:4:7",
        &["`figures.xlsx` is not a CSV file", "save", "as CSV"],
    );
}

#[test]
fn data_of_the_wrong_kind_is_told_in_words() {
    kpis("data: kpis.csv", "data: {a: b}").only_error(
        "content/figures/kpis.yaml:4:7",
        &["`data` should be the name of a CSV file, or a list of them"],
    );
    kpis("data: kpis.csv", "data: 5")
        .only_error("content/figures/kpis.yaml:4:7", &["`5` is not a CSV file"]);
}

// Training's YAML.

#[test]
fn training_amber_above_its_target_is_refused() {
    training("amber: 80", "amber: 95").only_error(
        "content/figures/training.yaml:6:8",
        &["amber line (95)", "below the target (90)"],
    );
}

#[test]
fn training_strands_misspelt_or_listed_twice_are_told() {
    training("strands:", "strand:").only_error(
        "content/figures/training.yaml:7:1",
        &["`strand`", "did you mean `strands`?"],
    );
    training("[children, adults]", "[children, adults, Children]").only_error(
        "content/figures/training.yaml:7:29",
        &["strand `Children` is listed twice"],
    );
}

// An indicator set's CSV data: each problem at its cell.

#[test]
fn an_unknown_indicator_asks_did_you_mean() {
    rows("referrals,Royal", "referral,Royal").only_error(
        "content/figures/kpis.csv:3:1",
        &[
            "`referral` is not an indicator of this set",
            "did you mean `referrals`?",
            "`iha`, `referrals` or `wait`",
        ],
    );
}

#[test]
fn an_unregistered_organisation_asks_did_you_mean() {
    let f = Fixture::new();
    f.write("content/organisations.yaml", REGISTRY);
    f.write("content/figures/kpis.yaml", KPIS);
    let csv = ROWS.replace("Royal Trust", "royal-trust");
    f.write(
        "content/figures/kpis.csv",
        &replaced(&csv, "referrals,royal-trust", "referrals,Royal Trst"),
    );
    f.build().only_error(
        "content/figures/kpis.csv:3:11",
        &[
            "`Royal Trst` is not in the organisations registry",
            "did you mean Royal Trust?",
        ],
    );
}

#[test]
fn a_malformed_period_shows_how_periods_are_written() {
    rows("Trust,2025-26 Q1,12", "Trust,Q1 2025,12").only_error(
        "content/figures/kpis.csv:3:23",
        &["`Q1 2025` is not a period", "`2025-26 Q1`", "`2025-04`"],
    );
}

#[test]
fn a_period_of_another_sort_than_the_first_rows_names_the_first() {
    rows("Trust,2025-26 Q1,12", "Trust,2025-04,12").only_error(
        "content/figures/kpis.csv:3:23",
        &[
            "`2025-04` is a month",
            "quarters",
            "content/figures/kpis.csv:2",
        ],
    );
}

#[test]
fn a_malformed_number_says_what_to_write() {
    rows("9.5", "nine").only_error(
        "content/figures/kpis.csv:4:29",
        &["`nine` is not a number", "`12`"],
    );
}

#[test]
fn a_negative_or_fractional_count_is_refused() {
    rows(",12,", ",-2,").only_error(
        "content/figures/kpis.csv:3:34",
        &["`-2` is below 0", "0 or more"],
    );
    rows(",12,", ",2.5,").only_error(
        "content/figures/kpis.csv:3:34",
        &["`2.5` is not a whole number", "count"],
    );
}

#[test]
fn a_duplicate_row_names_the_first() {
    let csv = format!("{ROWS}referrals,Royal Trust,2025-26 Q1,14,,,\n");
    build_kpis(KPIS, csv.as_bytes()).only_error(
        "content/figures/kpis.csv:5:1",
        &[
            "a second row for `referrals`",
            "2025-26 Q1",
            "line 3",
            "keep one",
        ],
    );
}

#[test]
fn a_denominator_of_zero_is_refused_at_it() {
    rows(",38,40,", ",0,0,").only_error(
        "content/figures/kpis.csv:2:31",
        &["denominator of 0", "leave the row out"],
    );
}

#[test]
fn a_numerator_above_its_denominator_is_refused_at_it() {
    rows(",38,40,", ",41,40,").only_error(
        "content/figures/kpis.csv:2:29",
        &["numerator (41) is above the denominator (40)"],
    );
}

#[test]
fn a_value_for_a_ratio_asks_for_numerator_and_denominator() {
    rows("Q1,,38,40,", "Q1,95,38,40,").only_error(
        "content/figures/kpis.csv:2:28",
        &[
            "a ratio",
            "`numerator` and `denominator`",
            "leave `value` empty",
        ],
    );
}

#[test]
fn a_numerator_for_a_sum_asks_for_a_value() {
    rows(",12,,,", ",12,3,,").only_error(
        "content/figures/kpis.csv:3:37",
        &["`sum`", "in `value`", "leave `numerator` empty"],
    );
}

#[test]
fn an_unknown_column_asks_did_you_mean() {
    rows(",note\n", ",notes\n").only_error(
        "content/figures/kpis.csv:1:59",
        &[
            "`notes` is not a column",
            "did you mean `note`?",
            "`indicator`",
        ],
    );
}

#[test]
fn a_missing_required_column_is_named() {
    let csv: String = ROWS
        .lines()
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            format!("{},{}\n", cells[..2].join(","), cells[3..].join(","))
        })
        .collect();
    build_kpis(KPIS, csv.as_bytes()).only_error(
        "content/figures/kpis.csv:1:1",
        &["no `period` column", "indicator, organisation, period"],
    );
}

#[test]
fn a_ragged_row_says_which_cells_it_lacks_or_has_too_many() {
    rows("Q1,12,,,\n", "Q1,12,,\n").only_error(
        "content/figures/kpis.csv:3:38",
        &["6 cells", "7 columns", "no note"],
    );
    rows("Q1,12,,,\n", "Q1,12,,,,x\n").only_error(
        "content/figures/kpis.csv:3:40",
        &["8 cells", "7 columns", "in quotes"],
    );
}

/// `wait,Royal Trust,2025-26 Q1,9.5,,,` then the note, from column 35.
fn saved_in_windows_1252(note: &[u8]) -> Run {
    let mut csv = ROWS.trim_end().as_bytes().to_vec();
    csv.extend_from_slice(note);
    csv.push(b'\n');
    build_kpis(KPIS, &csv)
}

#[test]
fn a_file_saved_in_windows_1252_is_explained_at_the_first_byte() {
    // `Café` (é is 0xE9) and `£5 a day` (£ is 0xA3), as Excel's plain "CSV" saves them.
    saved_in_windows_1252(b"Caf\xe9").only_error(
        "content/figures/kpis.csv:4:38",
        &["not saved as UTF-8", "CSV UTF-8"],
    );
    saved_in_windows_1252(b"\xa35 a day").only_error(
        "content/figures/kpis.csv:4:35",
        &["not saved as UTF-8", "CSV UTF-8"],
    );
}

/// ROWS as a spreadsheet set to a language with decimal commas saves them: a byte
/// order mark, semicolons between cells, `9,5` and Windows line endings.
/// `wait`'s value is `value`.
fn semicolons(value: &str) -> Vec<u8> {
    let text = ROWS
        .replace(',', ";")
        .replace("9.5", value)
        .replace('\n', "\r\n");
    [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat()
}

#[test]
fn a_semicolon_file_with_a_bom_and_windows_line_endings_reads_as_written() {
    let f = Fixture::new();
    f.write("content/figures/kpis.yaml", KPIS);
    f.write_bytes("content/figures/kpis.csv", &semicolons("9,5"));
    clean(&f.build());
    let json = f.read("output/figures/kpis/indicators.json");
    assert!(json.contains("\"value\":9.5"), "{json}");
    // Its places are still those of its cells (the mark is no column).
    build_kpis(KPIS, &semicolons("nine"))
        .only_error("content/figures/kpis.csv:4:29", &["`nine` is not a number"]);
}

#[test]
fn a_thousand_bad_rows_give_fifty_messages_and_one_line_for_the_rest() {
    let mut csv = ROWS.to_string();
    for i in 0..1000 {
        csv.push_str(&format!("referrals,Royal Trust,2025-26 Q2,x{i},,,\n"));
    }
    let run = build_kpis(KPIS, csv.as_bytes());
    run.error_at("content/figures/kpis.csv:5:34", "`x0` is not a number");
    run.plain();
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    assert_eq!(errors.len(), 51, "{}", run.stderr);
    let last = errors.last().unwrap();
    assert!(
        last.starts_with("content/figures/kpis.csv:55:34: error: and 950 more problems"),
        "the count comes after the ones listed: {last}"
    );
}

// Training's CSV data.

#[test]
fn compliant_above_eligible_is_refused_at_compliant() {
    training_rows(",120,108", ",120,121").only_error(
        "content/figures/training.csv:2:54",
        &["121 compliant is more than the 120 eligible"],
    );
}

#[test]
fn an_unknown_strand_asks_did_you_mean() {
    training_rows(",adults,", ",adult,").only_error(
        "content/figures/training.csv:3:33",
        &[
            "`adult` is not a strand of this dataset",
            "did you mean `adults`?",
            "`children` or `adults`",
        ],
    );
}

#[test]
fn levels_are_read_as_people_write_them_and_others_refused() {
    // `Level 3`, as a spreadsheet heading writes it, is `level-3`.
    clean(&training_rows("level-3", "Level 3"));
    training_rows("level-3", "level3").only_error(
        "content/figures/training.csv:2:42",
        &[
            "`level3` is not a level of training",
            "did you mean `level-3`?",
            "`board`",
        ],
    );
}

#[test]
fn a_duplicate_training_row_names_the_first_whatever_its_spelling() {
    let csv = format!("{TROWS}2025-26 Q1,royal trust,clinical,Children,Level 3,10,9\n");
    build_training(TRAINING, &csv).only_error(
        "content/figures/training.csv:4:1",
        &[
            "a second row for Royal Trust, Clinical, children, level-3",
            "line 2",
        ],
    );
}

#[test]
fn a_count_target_below_zero_is_refused() {
    kpis("    measure: sum\n", "    measure: sum\n    target: -5\n").only_error(
        "content/figures/kpis.yaml:18:13",
        &["target of `referrals` is -5", "a count is 0 or more"],
    );
}
