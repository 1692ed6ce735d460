//! The home page's "What is new": the latest papers, each framework's latest figures
//! and the overdue actions, from what the build publishes.

mod common;

use common::{FRAMEWORK, Fixture};

const PAPER: &str = "paper:\n  meeting: Quality and Safety Committee\n  meeting_date: 2016-09-13\n  purpose: To give assurance.\n  action_required: [assurance]\n";

fn site() -> Fixture {
    let f = Fixture::new();
    f.write("content/_index.md", "---\ntitle: Home\n---\n\nWelcome.\n");
    for (name, date) in [
        ("first", "2016-01-10"),
        ("second", "2016-02-10"),
        ("third", "2016-03-10"),
        ("fourth", "2016-04-10"),
    ] {
        f.write(
            &format!("content/papers/{name}.md"),
            &format!("---\ntitle: Paper {name}\ntype: paper\ndate: {date}\n{PAPER}---\n\nText.\n"),
        );
    }
    f.write("content/audits/s11.yaml", FRAMEWORK);
    let audit = |org: &str, period: &str, grades: (u32, u32), due: &str| {
        format!(
            "kind: audit\nframework: s11\norganisation: {org}\nperiod: \"{period}\"\nresults:\n  - {{ criterion: \"1.1\", grade: {} }}\n  - {{ criterion: \"1.2\", grade: {} }}\nactions:\n  - {{ id: A1, criterion: \"1.1\", action: Action of {org} {period}., due: {due}, status: open }}\n",
            grades.0, grades.1
        )
    };
    f.write(
        "content/audits/a-2015.yaml",
        &audit("Alpha Trust", "2015", (25, 25), "2015-06-01"),
    );
    f.write(
        "content/audits/b-2015.yaml",
        &audit("Beta Trust", "2015", (50, 50), "2030-01-01"),
    );
    f.write(
        "content/audits/a-2016.yaml",
        &audit("Alpha Trust", "2016", (50, 100), "2016-06-01"),
    );
    f
}

fn news(html: &str) -> &str {
    let start = html
        .find("<h2 id=\"sg-news\">")
        .expect("a What is new section");
    let end = start
        + html[start..]
            .find("</section>\n")
            .unwrap_or(html.len() - start);
    &html[start
        ..html[start..]
            .rfind("</div>\n</section>")
            .map_or(end, |e| start + e)]
}

#[test]
fn the_home_page_shows_the_latest_papers_figures_and_overdue_actions() {
    let f = site();
    f.build().ok();
    let home = f.read("output/index.html");
    let news = news(&home);
    // The three newest papers, newest first; the oldest is a link away.
    let at = |s: &str| news.find(s);
    assert!(
        at("Paper fourth") < at("Paper third") && at("Paper third") < at("Paper second"),
        "{news}"
    );
    assert!(
        at("Paper second").is_some() && at("Paper first").is_none(),
        "{news}"
    );
    // Each with the date it is ordered by: its own, else its meeting's.
    assert!(
        news.contains(r#"<time datetime="2016-04-10">10 April 2016</time>"#),
        "{news}"
    );
    assert!(
        news.contains(r#"<a href="./papers/">All committee papers</a>"#),
        "{news}"
    );
    // The framework's latest period: one return (75), and Beta has not made one.
    assert!(
        news.contains("2016: 1 return, average score 75.0"),
        "{news}"
    );
    assert!(
        news.contains("1 organisation has not made a return yet"),
        "{news}"
    );
    // Two actions are overdue at 22 November 2026 (the tests' as-of date), the most overdue first; Beta's is not.
    assert!(
        news.contains("<strong>2</strong> actions are overdue"),
        "{news}"
    );
    assert!(
        at("Action of Alpha Trust 2015.") < at("Action of Alpha Trust 2016."),
        "{news}"
    );
    assert!(!news.contains("Action of Beta Trust"), "{news}");
    assert!(
        news.contains(r#"<a href="./assurance/actions/">The action tracker</a>"#),
        "{news}"
    );
}

#[test]
fn a_public_home_page_tells_only_of_public_items() {
    let f = site();
    f.write(
        "content/papers/fifth.md",
        &format!("---\ntitle: Paper zzprivate\ntype: paper\ndate: 2016-05-10\nvisibility: private\n{PAPER}---\n\nText.\n"),
    );
    f.write(
        "site.yaml",
        "title: Fixture site\ndefault_visibility: public\n",
    );
    f.build().ok();
    assert!(news(&f.read("output/index.html")).contains("Paper zzprivate"));
    f.run(&["build", "--audience", "public"]).ok();
    let home = f.read("output/index.html");
    assert!(!home.contains("zzprivate"), "{home}");
    assert!(news(&home).contains("Paper fourth"), "{home}");
}

#[test]
fn a_site_without_papers_or_audits_has_no_news() {
    let f = Fixture::new();
    f.write("content/_index.md", "---\ntitle: Home\n---\n\nWelcome.\n");
    f.write("content/a.md", "---\ntitle: A page\n---\n\nText.\n");
    f.build().ok();
    assert!(!f.read("output/index.html").contains("sg-news"));
}
