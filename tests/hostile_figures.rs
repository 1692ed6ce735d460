//! Hostile tests of indicator and training figures (issue 19): inputs an unlucky user
//! or an attacker might give, each failing before its fix.

mod common;

use common::Fixture;

const PUBLIC: &str = "title: Fixture site\ndefault_visibility: public\n";

fn monthly_set(f: &Fixture, rows: &str) {
    f.write("site.yaml", PUBLIC)
        .write(
            "content/data/kpis.yaml",
            "kind: indicators
id: kpis
title: KPIs
data: kpis.csv
indicators:
  - { id: refs, title: Referrals, unit: count, better: lower, measure: sum }
",
        )
        .write("content/data/kpis.csv", rows);
}

/// `2011-12` is both the financial year 2011-12 and December 2011: in a set whose
/// periods are months it is December, not an error of "a year among months".
#[test]
fn a_period_that_reads_as_a_year_or_a_month_is_a_month_among_months() {
    let f = Fixture::new();
    monthly_set(
        &f,
        "indicator,organisation,period,value
refs,A Trust,2011-11,10
refs,A Trust,2011-12,20
refs,A Trust,2012-01,30
",
    );
    f.build().ok();
    let csv = f.read("output/data/kpis/indicators.csv");
    assert!(
        csv.contains("refs,A Trust,A Trust,2011-12,false,20,"),
        "{csv}"
    );
    // December's change is since November; the year 2011-12 adds all three months.
    assert!(csv.contains("2011-12,false,20,,,,,,10,"), "{csv}");
    assert!(csv.contains("2011-12,true,60,,,3,12,"), "{csv}");

    // First in the file, it still reads as the month the others say the set has.
    let f = Fixture::new();
    monthly_set(
        &f,
        "indicator,organisation,period,value
refs,A Trust,2000-01,10
refs,A Trust,2000-02,20
",
    );
    f.build().ok();
    let csv = f.read("output/data/kpis/indicators.csv");
    assert!(csv.contains("2000-01,false,10,"), "{csv}");
    assert!(csv.contains("1999-00,true,30,,,2,12,"), "{csv}");

    // A set of years keeps reading them as years.
    let f = Fixture::new();
    monthly_set(
        &f,
        "indicator,organisation,period,value
refs,A Trust,2010-11,10
refs,A Trust,2011-12,20
",
    );
    f.build().ok();
    let csv = f.read("output/data/kpis/indicators.csv");
    assert!(csv.contains("2011-12,false,20,,,,,,10,"), "{csv}");
    assert!(!csv.contains(",true,"), "{csv}");
}

#[test]
fn training_months_read_december_2011_as_a_month_too() {
    let f = Fixture::new();
    f.write("site.yaml", PUBLIC)
        .write(
            "content/data/training.yaml",
            "kind: training\nid: training\ntitle: T\ndata: training.csv\ntarget: 90\nstrands: [children]\n",
        )
        .write(
            "content/data/training.csv",
            "period,organisation,staff_group,strand,level,eligible,compliant
2011-11,A Trust,Clinical,children,level-3,50,45
2011-12,A Trust,Clinical,children,level-3,50,40
",
        );
    f.write(
        "content/page.md",
        "---\ntitle: Page\n---\n\n```training\ndata/training.yaml\nperiod: 2011-12\n```\n",
    );
    f.build().ok();
    let page = f.read("output/page/index.html");
    assert!(
        page.contains("December 2011") || page.contains("2011-12"),
        "{page}"
    );
    let json = f.read("output/data/training/training.json");
    assert!(
        json.contains("\"period\": \"2011-12\"") || json.contains("\"period\":\"2011-12\""),
        "{json}"
    );
}

/// A file named twice in `data` is one error at `data`, not one "second row" error
/// for every row of it.
#[test]
fn a_data_file_named_twice_is_one_error_not_one_per_row() {
    let rows: String = (1..=4)
        .map(|q| format!("refs,A Trust,2025-26 Q{q},{}\n", q * 10))
        .collect();
    let f = Fixture::new();
    monthly_set(&f, &format!("indicator,organisation,period,value\n{rows}"));
    f.write(
        "content/data/kpis.yaml",
        "kind: indicators
id: kpis
title: KPIs
data: [kpis.csv, kpis.csv]
indicators:
  - { id: refs, title: Referrals, unit: count, better: lower, measure: sum }
",
    );
    let run = f.build();
    run.error_at("content/data/kpis.yaml:4", "`kpis.csv` is named twice");
    assert!(!run.stderr.contains("a second row"), "{}", run.stderr);
    assert!(run.stderr.contains("1 error"), "{}", run.stderr);

    let f = Fixture::new();
    f.write("site.yaml", PUBLIC)
        .write(
            "content/data/training.yaml",
            "kind: training\nid: training\ntitle: T\ndata: [t.csv, t.csv]\ntarget: 90\nstrands: [children]\n",
        )
        .write(
            "content/data/t.csv",
            "period,organisation,staff_group,strand,level,eligible,compliant
2025-26 Q1,A Trust,Clinical,children,level-3,50,45
2025-26 Q2,A Trust,Clinical,children,level-3,50,40
",
        );
    let run = f.build();
    run.error_at("content/data/training.yaml:4", "`t.csv` is named twice");
    assert!(!run.stderr.contains("a second row"), "{}", run.stderr);
}

/// A training dataset's `data` is held to the same names as an indicator set's: a
/// file in its folder or below, never `..` out of it.
#[test]
fn training_data_names_a_file_in_its_folder() {
    let f = Fixture::new();
    f.write("site.yaml", PUBLIC)
        .write(
            "content/data/training.yaml",
            "kind: training\nid: training\ntitle: T\ndata: ../t.csv\ntarget: 90\nstrands: [children]\n",
        )
        .write(
            "content/t.csv",
            "period,organisation,staff_group,strand,level,eligible,compliant
2025-26 Q1,A Trust,Clinical,children,level-3,50,45
",
        );
    f.build().error_at(
        "content/data/training.yaml:4",
        "is not a file name this tool can read",
    );
}

/// A misspelt `value` column is two errors (the unknown name and the missing column),
/// not one "no `value` column" error on every row of a long file.
#[test]
fn a_missing_column_is_said_once_not_on_every_row() {
    let rows: String = (0..200)
        .map(|i| format!("refs,Trust {i},2025-26 Q1,{i}\n"))
        .collect();
    let f = Fixture::new();
    monthly_set(&f, &format!("indicator,organisation,period,valeu\n{rows}"));
    let run = f.build();
    run.error_at("content/data/kpis.csv:1:31", "`valeu` is not a column");
    run.error_at(
        "content/data/kpis.csv:2:1",
        "the file has no `value` column",
    );
    assert_eq!(run.stderr.matches(": error: ").count(), 2, "{}", run.stderr);
    assert!(!run.stderr.contains("more problems"), "{}", run.stderr);

    // The same for a ratio's numerator.
    let f = Fixture::new();
    monthly_set(
        &f,
        "indicator,organisation,period,numerater,denominator
iha,A Trust,2025-26 Q1,9,10
iha,B Trust,2025-26 Q1,8,10
",
    );
    f.write(
        "content/data/kpis.yaml",
        "kind: indicators
id: kpis
title: KPIs
data: kpis.csv
indicators:
  - { id: iha, title: IHA, unit: percent, better: higher, measure: ratio }
",
    );
    let run = f.build();
    run.error_at("content/data/kpis.csv:2:1", "has no `numerator` column");
    assert_eq!(
        run.stderr.matches("has no `numerator` column").count(),
        1,
        "{}",
        run.stderr
    );
}

/// SPEC "Audiences": what looks like an NHS number is an error at its line in a public
/// build. A note in a published dataset's CSV is published on its page, so it is an
/// error at its cell, not a warning there and then an error at the output file that
/// "cannot tell where it was written".
#[test]
fn an_nhs_number_in_a_public_note_is_an_error_at_its_cell() {
    let f = Fixture::new();
    monthly_set(
        &f,
        "indicator,organisation,period,value,note
refs,A Trust,2025-26 Q1,5,child 943 476 5919 referred
",
    );
    let run = f.run(&["build", "--audience", "public"]);
    run.error_at("content/data/kpis.csv:2:33", "NHS number");
    assert!(!run.stderr.contains("cannot tell where"), "{}", run.stderr);

    // Internal builds warn, as for any page.
    let run = f.build();
    run.ok();
    assert!(
        run.stderr.contains("content/data/kpis.csv:2:33: warning"),
        "{}",
        run.stderr
    );
}

/// A dataset's CSV copied into `static/` (under any name or case) would publish every
/// small count of it: a public build refuses it; an internal build copies it.
#[test]
fn a_copy_of_a_data_file_in_static_is_refused_in_a_public_build() {
    let rows = "indicator,organisation,period,value\nrefs,A Trust,2025-26 Q1,3\n";
    let f = Fixture::new();
    monthly_set(&f, rows);
    f.write("static/figures/kpis.csv", rows)
        .write_bytes("static/COPY.CSV", format!("\u{feff}{rows}").as_bytes());
    let run = f.run(&["build", "--audience", "public"]);
    run.error_at(
        "static/figures/kpis.csv",
        "is a copy of content/data/kpis.csv",
    );
    run.error_at("static/COPY.CSV", "is a copy of content/data/kpis.csv");
    assert!(!f.exists("output/figures/kpis.csv"));

    // Private, the dataset's file is still not to be published by the back door.
    f.write(
        "content/data/kpis.yaml",
        "kind: indicators
id: kpis
title: KPIs
visibility: private
data: kpis.csv
indicators:
  - { id: refs, title: Referrals, unit: count, better: lower, measure: sum }
",
    );
    let run = f.run(&["build", "--audience", "public"]);
    run.error_at(
        "static/figures/kpis.csv",
        "is a copy of content/data/kpis.csv",
    );

    f.build().ok();
    assert!(f.exists("output/figures/kpis.csv"));
}

/// Excel's "Unicode Text" is UTF-16: said so by name at 1:1, without echoing the file's
/// first line as a row of `\u{0}` noise.
#[test]
fn a_utf16_file_is_named_as_such() {
    let f = Fixture::new();
    monthly_set(&f, "");
    let mut bytes = vec![0xff, 0xfe];
    for u in "indicator,organisation,period,value\nrefs,A Trust,2025-26 Q1,5\n".encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    f.write_bytes("content/data/kpis.csv", &bytes);
    let run = f.build();
    run.error_at("content/data/kpis.csv:1:1", "saved as UTF-16");
    assert!(!run.stderr.contains("\\u{0}"), "{}", run.stderr);
}
