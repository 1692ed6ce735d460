//! Indicator sets and training compliance, built with the real binary: every figure
//! worked out by hand in the comments beside it (roll-ups by each measure, an
//! incomplete year, the financial-year boundary, status on, above and below target
//! and amber in both directions, totals over organisations, and what a public build
//! shows of small numbers, including that nothing hidden comes back by subtraction).

mod common;

use common::Fixture;
use serde_json::Value;

const SET: &str = "kind: indicators
id: kpis
title: Partnership indicators
data: [kpis-2024-25.csv, kpis-2025-26.csv]
indicators:
  - { id: iha, title: Health assessments in time, unit: percent, better: higher, measure: ratio, target: 90, amber: 80 }
  - { id: referrals, title: Referrals, unit: count, better: lower, measure: sum, target: 20, amber: 30 }
  - { id: days, title: Days to conference, unit: days, better: lower, measure: mean, target: 15, amber: 20 }
  - { id: on-plan, title: Children on a plan, unit: count, better: lower, measure: last }
";

const Y1: &str = "indicator,organisation,period,value,numerator,denominator,note
iha,A Trust,2024-25 Q1,,9,10,
iha,A Trust,2024-25 Q2,,8,10,
iha,A Trust,2024-25 Q3,,7,9,
iha,A Trust,2024-25 Q4,,18,20,
iha,B Trust,2024-25 Q4,,3,4,first quarter reported
referrals,A Trust,2024-25 Q1,7,,,
referrals,A Trust,2024-25 Q2,20,,,
referrals,A Trust,2024-25 Q3,30,,,
days,A Trust,2024-25 Q1,10,,,
days,A Trust,2024-25 Q2,20.5,,,
days,A Trust,2024-25 Q3,15,,,
on-plan,A Trust,2024-25 Q1,100,,,
on-plan,A Trust,2024-25 Q2,110,,,
on-plan,A Trust,2024-25 Q3,120,,,
on-plan,A Trust,2024-25 Q4,130,,,
on-plan,B Trust,2024-25 Q3,50,,,
on-plan,B Trust,2024-25 Q4,3,,,
";

// Semicolons, a byte-order mark and Windows line endings, as a spreadsheet saves them.
const Y2: &str = "\u{feff}indicator;organisation;period;numerator;denominator;value\r
iha;A Trust;2025-26 Q1;45;50;\r
iha;b trust;2025-26 Q1;12;12;\r
iha;B  Trust;2025-26 Q2;11;12;\r
on-plan;A Trust;2025-26 Q1;;;140\r
";

const TRAINING: &str = "kind: training
id: training
title: Training compliance
data: training.csv
target: 90
amber: 80
strands: [children, adults]
";

const ROWS: &str = "period,organisation,staff_group,strand,level,eligible,compliant,target
2025-26 Q1,A Trust,Clinical,children,level-3,50,45,
2025-26 Q1,A Trust,Board,children,board,12,11,
2025-26 Q1,B Trust,Clinical,adults,level-2,40,30,95
2025-26 Q2,A Trust,Clinical,children,level-3,50,40,
";

fn site(public_only: bool) -> Fixture {
    let f = Fixture::new();
    f.write("content/data/kpis.yaml", SET)
        .write("content/data/kpis-2024-25.csv", Y1)
        .write("content/data/kpis-2025-26.csv", Y2)
        .write("content/data/training.yaml", TRAINING)
        .write("content/data/training.csv", ROWS);
    if public_only {
        f.write(
            "site.yaml",
            "title: Fixture site\ndefault_visibility: public\nstatistics:\n  suppress_below: 5\n",
        );
    }
    f
}

fn json(f: &Fixture, rel: &str) -> Value {
    serde_json::from_str(&f.read(rel)).unwrap()
}

/// The figure of `indicator` for `organisation` (null for a total) and `period`.
fn figure<'a>(
    j: &'a Value,
    indicator: &str,
    organisation: Option<&str>,
    period: &str,
    year: bool,
) -> &'a Value {
    let i = j["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == indicator)
        .unwrap_or_else(|| panic!("no indicator {indicator}"));
    i["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["organisation"].as_str() == organisation && f["period"] == period && f["year"] == year
        })
        .unwrap_or_else(|| panic!("no figure {indicator} {organisation:?} {period} {year}"))
}

fn close(v: &Value, expected: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!(
        (got - expected).abs() < 1e-9,
        "expected {expected}, found {got}"
    );
}

#[test]
fn years_roll_up_by_each_measure_and_status_is_judged_exactly() {
    let f = site(false);
    f.build().ok();
    let j = json(&f, "output/data/kpis/indicators.json");
    assert_eq!(j["period_kind"], "quarter");
    // Ratio: 9/10 is on the target (green), 8/10 on the amber line (amber), 7/9 below
    // it (red).
    let q = |p: &str| figure(&j, "iha", Some("A Trust"), p, false);
    assert_eq!(q("2024-25 Q1")["value"], 90);
    assert_eq!(q("2024-25 Q1")["status"], "green");
    assert_eq!(q("2024-25 Q2")["status"], "amber");
    close(&q("2024-25 Q3")["value"], 700.0 / 9.0);
    assert_eq!(q("2024-25 Q3")["status"], "red");
    // The year adds numerators and denominators: 42/49 = 85.71…%, amber (the mean of
    // the quarters' percentages would be 84.44…).
    let year = figure(&j, "iha", Some("A Trust"), "2024-25", true);
    assert_eq!(
        (year["numerator"].clone(), year["denominator"].clone()),
        (42.into(), 49.into())
    );
    close(&year["value"], 4200.0 / 49.0);
    assert_eq!(year["status"], "amber");
    assert_eq!(
        (year["periods"].clone(), year["of"].clone()),
        (4.into(), 4.into())
    );
    // 2025-26 Q1 is 45/50 = 90%: no change since 2024-25 Q4 (18/20) nor since 2024-25 Q1.
    let next = q("2025-26 Q1");
    assert_eq!(
        (next["change"].clone(), next["change_year"].clone()),
        (0.into(), 0.into())
    );
    // The financial-year boundary: 2025-26 Q1 starts a new year of one quarter.
    let y2 = figure(&j, "iha", Some("A Trust"), "2025-26", true);
    assert_eq!(
        (y2["periods"].clone(), y2["of"].clone()),
        (1.into(), 4.into())
    );
    // A note rides with its figure; names match whatever their case and spacing.
    assert_eq!(
        figure(&j, "iha", Some("B Trust"), "2024-25 Q4", false)["note"],
        "first quarter reported"
    );
    let b = figure(&j, "iha", Some("B Trust"), "2025-26", true);
    assert_eq!(
        (
            b["numerator"].clone(),
            b["denominator"].clone(),
            b["periods"].clone()
        ),
        (23.into(), 24.into(), 2.into())
    );

    // Sum, lower is better: 7 green, 20 on target green, 30 on amber amber; the year
    // is 57 from 3 of 4 quarters, red.
    let r = |p: &str, y: bool| figure(&j, "referrals", Some("A Trust"), p, y);
    assert_eq!(r("2024-25 Q1", false)["status"], "green");
    assert_eq!(r("2024-25 Q2", false)["status"], "green");
    assert_eq!(r("2024-25 Q3", false)["status"], "amber");
    assert_eq!(r("2024-25", true)["value"], 57);
    assert_eq!(r("2024-25", true)["periods"], 3);
    assert_eq!(r("2024-25", true)["status"], "red");
    // Mean: (10 + 20.5 + 15) / 3 = 15.1666…, amber (above 15, not above 20).
    let d = figure(&j, "days", Some("A Trust"), "2024-25", true);
    close(&d["value"], 45.5 / 3.0);
    assert_eq!(d["status"], "amber");
    assert_eq!(
        figure(&j, "days", Some("A Trust"), "2024-25 Q2", false)["status"],
        "red"
    );
    // Last: the year is its latest quarter, 130; 140 is 40 more than a year before.
    assert_eq!(
        figure(&j, "on-plan", Some("A Trust"), "2024-25", true)["value"],
        130
    );
    assert_eq!(
        figure(&j, "on-plan", Some("A Trust"), "2025-26 Q1", false)["change_year"],
        40
    );
    // No target, no status.
    assert_eq!(
        figure(&j, "on-plan", Some("A Trust"), "2024-25 Q1", false)["status"],
        Value::Null
    );

    // The page says an incomplete year is one, and shows the exact figure rounded down.
    let page = f.read("output/data/kpis/index.html");
    assert!(
        page.contains("(3 of 4 quarters)"),
        "an incomplete year says so"
    );
    assert!(page.contains("85.7%"), "42 of 49 is shown as 85.7%");
    assert!(
        page.contains("15.2 days"),
        "a mean of 15.17 days, lower is better, is shown rounded up"
    );
}

#[test]
fn totals_add_counts_across_organisations_where_figures_add() {
    let f = site(false);
    f.build().ok();
    let j = json(&f, "output/data/kpis/indicators.json");
    // 2024-25 Q4: 18/20 and 3/4 make 21/24 = 87.5%, amber.
    let t = figure(&j, "iha", None, "2024-25 Q4", false);
    assert_eq!(
        (t["numerator"].clone(), t["denominator"].clone()),
        (21.into(), 24.into())
    );
    close(&t["value"], 87.5);
    assert_eq!(t["status"], "amber");
    // 2025-26 Q1: 45/50 and 12/12 make 57/62.
    close(
        &figure(&j, "iha", None, "2025-26 Q1", false)["value"],
        5700.0 / 62.0,
    );
    // A count at the end of a period: the total of 2024-25 Q4 is 130 + 3; the year
    // adds each organisation's latest, the same 133.
    assert_eq!(
        figure(&j, "on-plan", None, "2024-25 Q4", false)["value"],
        133
    );
    assert_eq!(figure(&j, "on-plan", None, "2024-25", true)["value"], 133);
    // A mean is never added up; neither is a sum of one organisation totalled.
    let days = j["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "days")
        .unwrap();
    assert!(
        days["figures"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| !f["organisation"].is_null())
    );
    let referrals = j["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "referrals")
        .unwrap();
    assert!(
        referrals["figures"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| !f["organisation"].is_null())
    );

    // Training: totals add staff, never percentages.
    let t = json(&f, "output/data/training/training.json");
    let find =
        |org: Option<&str>, strand: Option<&str>, group: Option<&str>, period: &str| -> Value {
            t["figures"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| {
                    x["organisation"].as_str() == org
                        && x["strand"].as_str() == strand
                        && x["staff_group"].as_str() == group
                        && x["period"] == period
                })
                .unwrap_or_else(|| {
                    panic!("no training figure {org:?} {strand:?} {group:?} {period}")
                })
                .clone()
        };
    // Everyone in Q1: 86 of 102 = 84.31…%, amber against the dataset's 90 (the rows'
    // own targets differ).
    let all = find(None, None, None, "2025-26 Q1");
    assert_eq!(
        (all["eligible"].clone(), all["compliant"].clone()),
        (102.into(), 86.into())
    );
    close(&all["compliance"], 8600.0 / 102.0);
    assert_eq!(
        (all["target"].clone(), all["status"].clone()),
        (90.into(), "amber".into())
    );
    // A Trust: 56 of 62 = 90.32…%, green. B Trust's only row has its own target, 95.
    assert_eq!(
        find(Some("A Trust"), None, None, "2025-26 Q1")["status"],
        "green"
    );
    let b = find(Some("B Trust"), None, None, "2025-26 Q1");
    assert_eq!(
        (b["target"].clone(), b["status"].clone()),
        (95.into(), "red".into())
    );
    // 45/50 on the target is green; 40/50 the next quarter is amber, 10 points down.
    let row = find(
        Some("A Trust"),
        Some("children"),
        Some("Clinical"),
        "2025-26 Q2",
    );
    assert_eq!(
        (row["status"].clone(), row["change"].clone()),
        ("amber".into(), (-10).into())
    );
    assert_eq!(
        find(
            Some("A Trust"),
            Some("children"),
            Some("Clinical"),
            "2025-26 Q1"
        )["status"],
        "green"
    );
}

#[test]
fn a_public_build_protects_small_numbers_and_nothing_comes_back_by_subtraction() {
    let f = site(true);
    let run = f.run(&["build", "--audience", "public"]);
    run.ok();
    let j = json(&f, "output/data/kpis/indicators.json");
    // The note beside the hidden 3 of 4 could give it away: left out, with a warning.
    assert_eq!(
        figure(&j, "iha", Some("B Trust"), "2024-25 Q4", false)["note"],
        Value::Null
    );
    assert!(
        run.stderr.contains(
            "content/data/kpis-2024-25.csv:6:29: warning: this note is left out of the public build"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        (j["audience"].clone(), j["suppress_below"].clone()),
        ("public".into(), 5.into())
    );
    // 3 of 4: both counts are starred, and the percentage left out.
    let b = figure(&j, "iha", Some("B Trust"), "2024-25 Q4", false);
    assert_eq!(
        (
            b["numerator"].clone(),
            b["denominator"].clone(),
            b["value"].clone(),
            b["status"].clone()
        ),
        (Value::Null, Value::Null, Value::Null, Value::Null)
    );
    // 12 of 12 is 100%: counts rounded (10), the percentage shown (nobody missed out).
    let full = figure(&j, "iha", Some("B Trust"), "2025-26 Q1", false);
    assert_eq!(
        (full["numerator"].clone(), full["value"].clone()),
        (10.into(), 100.into())
    );
    // 11 of 12 would point at one person: left out, and so is its change.
    let eleven = figure(&j, "iha", Some("B Trust"), "2025-26 Q2", false);
    assert_eq!(
        (eleven["value"].clone(), eleven["change"].clone()),
        (Value::Null, Value::Null)
    );
    // 87.5% from 21 of 24 is left out: 3 people were not seen in time.
    assert_eq!(
        figure(&j, "iha", None, "2024-25 Q4", false)["value"],
        Value::Null
    );
    // 57 of 62 is 91.9…%, shown as 91 (never rounded up to flatter), counts as 55 and 60.
    let t = figure(&j, "iha", None, "2025-26 Q1", false);
    assert_eq!(
        (
            t["value"].clone(),
            t["numerator"].clone(),
            t["denominator"].clone()
        ),
        (91.into(), 55.into(), 60.into())
    );
    // Counts to the nearest 5: 7 → 5, 57 → 55, 133 → 135; 3 is starred.
    let r = |p: &str, y: bool| figure(&j, "referrals", Some("A Trust"), p, y)["value"].clone();
    assert_eq!(
        (r("2024-25 Q1", false), r("2024-25", true)),
        (5.into(), 55.into())
    );
    assert_eq!(
        figure(&j, "on-plan", Some("B Trust"), "2024-25 Q4", false)["value"],
        Value::Null
    );
    let total = figure(&j, "on-plan", None, "2024-25 Q4", false)["value"]
        .as_u64()
        .unwrap();
    let a = figure(&j, "on-plan", Some("A Trust"), "2024-25 Q4", false)["value"]
        .as_u64()
        .unwrap();
    assert_eq!((total, a), (135, 130));
    // B Trust's hidden 3 does not come back as the total less A Trust's figure…
    assert_ne!(total - a, 3);
    // …nor its hidden 3 of 4 from the total's numerator and denominator.
    let tq = figure(&j, "iha", None, "2024-25 Q4", false);
    let aq = figure(&j, "iha", Some("A Trust"), "2024-25 Q4", false);
    let sub = |k: &str| tq[k].as_u64().unwrap() - aq[k].as_u64().unwrap();
    assert_ne!((sub("numerator"), sub("denominator")), (3, 4));

    // Training: 11 of 12 board members is left out; the overall 86 of 102 is 84%.
    let t = json(&f, "output/data/training/training.json");
    let board = t["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["level"] == "board" && !x["staff_group"].is_null())
        .unwrap();
    assert_eq!(
        (board["compliance"].clone(), board["compliant"].clone()),
        (Value::Null, 10.into())
    );
    let all = t["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| {
            x["organisation"].is_null() && x["strand"].is_null() && x["staff_group"].is_null()
        })
        .unwrap();
    assert_eq!(
        (
            all["eligible"].clone(),
            all["compliant"].clone(),
            all["compliance"].clone()
        ),
        (100.into(), 85.into(), 84.into())
    );

    // Every byte of the public output: no unrounded count and no raw data file.
    for (rel, bytes) in common::snapshot(&f.path("output"))
        .iter()
        .map(|(k, v)| (k.clone(), v.0.clone()))
    {
        let text = String::from_utf8_lossy(&bytes);
        for unrounded in ["57/62", ">57<", ">133<", ">21<", ">102<", ">86<", "85.7"] {
            assert!(!text.contains(unrounded), "{rel} holds {unrounded}");
        }
        let raw = [
            "data/kpis-2024-25.csv",
            "data/kpis-2025-26.csv",
            "data/training.csv",
        ];
        assert!(
            !raw.contains(&rel.as_str()),
            "{rel}: a data file is published"
        );
        assert!(
            !text.contains("2024-25 Q1,,9,10"),
            "{rel} holds a raw data row"
        );
    }
    let page = f.read("output/data/kpis/index.html");
    assert!(
        page.contains("counts from 1 to 4 are shown as *"),
        "the page says how figures are protected"
    );
    // The internal build shows the true figures.
    let f = site(false);
    f.build().ok();
    let page = f.read("output/data/kpis/index.html");
    assert!(page.contains(">21<") && page.contains("87.5%"));
    assert!(!page.contains("shown as *"));
    assert!(
        !f.exists("output/data/kpis-2024-25.csv"),
        "data files are never published as files"
    );
}

#[test]
fn suppression_can_be_turned_off_for_a_public_build() {
    let f = site(false);
    f.write(
        "site.yaml",
        "title: Fixture site\ndefault_visibility: public\nstatistics:\n  suppress_below: 0\n",
    );
    f.run(&["build", "--audience", "public"]).ok();
    let j = json(&f, "output/data/kpis/indicators.json");
    assert_eq!(
        figure(&j, "iha", Some("B Trust"), "2024-25 Q4", false)["numerator"],
        3
    );
    assert_eq!(figure(&j, "iha", None, "2024-25 Q4", false)["value"], 87.5);
}

#[test]
fn a_link_to_a_data_file_is_explained_and_the_file_is_not_published() {
    let f = site(false);
    f.write(
        "content/page.md",
        "---\ntitle: A page\n---\n\nSee [the data](data/kpis-2024-25.csv).\n",
    );
    let run = f.build();
    run.error_at(
        "content/page.md:5",
        "holds the figures of `content/data/kpis.yaml`",
    );
}

#[test]
fn months_roll_up_into_their_financial_year() {
    let f = Fixture::new();
    f.write(
        "content/m.yaml",
        "kind: indicators\nid: m\ntitle: Monthly\ndata: m.csv\nindicators:\n  - { id: calls, title: Calls, unit: count, better: higher, measure: sum }\n",
    )
    .write("content/m.csv", "indicator,organisation,period,value\ncalls,A,2025-03,5\ncalls,A,2025-04,6\ncalls,A,2025-05,7\n");
    f.build().ok();
    let j = json(&f, "output/m/indicators.json");
    assert_eq!(j["period_kind"], "month");
    // March 2025 closes 2024-25; April and May open 2025-26.
    let y1 = figure(&j, "calls", Some("A"), "2024-25", true);
    assert_eq!(
        (y1["value"].clone(), y1["periods"].clone(), y1["of"].clone()),
        (5.into(), 1.into(), 12.into())
    );
    assert_eq!(figure(&j, "calls", Some("A"), "2025-26", true)["value"], 13);
    assert_eq!(
        figure(&j, "calls", Some("A"), "2025-04", false)["change"],
        1
    );
    assert!(f.read("output/m/index.html").contains("(2 of 12 months)"));
}

#[test]
fn a_control_character_in_a_cell_is_an_error_at_it() {
    let f = site(false);
    f.write(
        "content/data/training.csv",
        &ROWS.replace("Board,children", "Bo\u{7}ard,children"),
    );
    f.build().error_at(
        "content/data/training.csv:3:22",
        "invisible control character here (U+0007, bell)",
    );
}

#[test]
fn a_partnerships_own_figures_are_never_added_to_its_members() {
    let f = Fixture::new();
    f.write(
        "content/organisations.yaml",
        "kind: organisations\norganisations:\n  - { id: a-trust, name: A Trust, partnerships: [sp] }\n  - { id: b-trust, name: B Trust, partnerships: [sp] }\npartnerships:\n  - { id: sp, name: The Partnership }\n",
    )
    .write(
        "content/k.yaml",
        "kind: indicators\nid: k\ntitle: K\ndata: k.csv\nindicators:\n  - { id: refs, title: Referrals, unit: count, better: lower, measure: sum }\n",
    )
    .write(
        "content/k.csv",
        "indicator,organisation,period,value\nrefs,a-trust,2025-26 Q1,10\nrefs,b-trust,2025-26 Q1,20\nrefs,sp,2025-26 Q1,30\n",
    );
    f.build().ok();
    let j = json(&f, "output/k/indicators.json");
    // The total is A and B, 30; the partnership's own 30 (theirs together) stands apart.
    let t = figure(&j, "refs", None, "2025-26 Q1", false);
    assert_eq!(
        (t["value"].clone(), t["organisations"].clone()),
        (30.into(), 2.into())
    );
    assert_eq!(
        figure(&j, "refs", Some("sp"), "2025-26 Q1", false)["value"],
        30
    );
}
