//! Meetings (`type: meeting`): the agenda in order, each item linked to its paper
//! with what the meeting is asked to do, a private paper left out of a public build
//! without a trace of it, and every mistake at its place.

mod common;

use common::Fixture;

fn paper(title: &str, item: &str, extra: &str) -> String {
    format!(
        "---\ntitle: {title}\n{extra}type: paper\npaper:\n  meeting: Quality and Safety Committee\n  meeting_date: 2026-09-13\n  agenda_item: \"{item}\"\n  action_required: [assurance, decision]\n  purpose: To assure the committee about {title}.\n---\n\nBody.\n"
    )
}

const MEETING: &str = "---
title: Committee, September
type: meeting
meeting:
  body: Quality and Safety Committee
  date: 2026-09-13
  location: Room 1
  attendees: [Chair, Chief Nurse]
  agenda:
    - { item: \"1\", title: Apologies, minutes: 5 }
    - { item: \"7\", paper: ../papers/audit.md, presenter: Designated Nurse, minutes: 20 }
    - { item: \"8\", paper: ../papers/secret.md, presenter: SECRETPRESENTER, minutes: 15 }
    - { item: \"9\", title: Any other business }
---

Notes on the meeting.
";

fn site() -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/papers/audit.md",
        &paper("Section 11 audit", "7", ""),
    );
    f.write(
        "content/papers/secret.md",
        &paper("SECRETTITLE review", "8", "visibility: private\n")
            .replace("purpose:", "status: draft\n  purpose:"),
    );
    f.write("content/meetings/september.md", MEETING);
    f
}

/// The cells of each row of the agenda.
fn agenda(html: &str) -> Vec<String> {
    let body = &html[html.find("<tbody>").unwrap()..html.find("</tbody>").unwrap()];
    body.split("<tr>").skip(1).map(|r| r.to_string()).collect()
}

#[test]
fn the_agenda_lists_each_item_in_order_with_its_paper() {
    let f = site();
    f.build().ok();
    let html = f.read("output/meetings/september/index.html");
    let rows = agenda(&html);
    assert_eq!(rows.len(), 4, "{html}");
    assert!(rows[0].contains("<th scope=\"row\">1</th>") && rows[0].contains("Apologies"));
    assert!(
        rows[1].contains("<a href=\"../../papers/audit/\">Section 11 audit</a>"),
        "{}",
        rows[1]
    );
    assert!(
        rows[1].contains("For decision and assurance"),
        "{}",
        rows[1]
    );
    assert!(rows[1].contains("To assure the committee about Section 11 audit."));
    assert!(rows[1].contains("Designated Nurse") && rows[1].contains(">20<"));
    // An internal build shows the private paper, marked as a draft.
    assert!(
        rows[2].contains("SECRETTITLE review</a> <strong class=\"tag tag-draft\">Draft</strong>"),
        "{}",
        rows[2]
    );
    assert!(
        html.contains(
            "<th scope=\"row\" colspan=\"3\">Time on the agenda</th><td class=\"num\">40</td>"
        ),
        "{html}"
    );
    assert!(html.contains("Room 1") && html.contains("Chair, Chief Nurse"));
    assert!(html.contains("Notes on the meeting."));
}

#[test]
fn a_public_build_leaves_a_private_paper_out_of_the_agenda_without_a_trace() {
    let f = site();
    f.run(&["build", "--audience", "public"]).ok();
    let html = f.read("output/meetings/september/index.html");
    let rows = agenda(&html);
    assert!(
        rows[2].contains("A private item, not published here"),
        "{}",
        rows[2]
    );
    assert!(rows[2].contains("<th scope=\"row\">8</th>"), "{}", rows[2]);
    assert!(html.contains("One item's paper is not published on this site: private, or a draft."));
    for (path, bytes) in common::snapshot(&f.path("output")) {
        let text = String::from_utf8_lossy(&bytes.0);
        for marker in ["SECRETTITLE", "SECRETPRESENTER"] {
            assert!(!text.contains(marker), "{marker} in {path}");
        }
    }
}

#[test]
fn agenda_mistakes_are_each_said_at_their_place() {
    let f = site();
    f.write(
        "content/meetings/september.md",
        &MEETING
            .replace("../papers/audit.md", "../papers/adit.md")
            .replace("../papers/secret.md", "../meetings/_index.md")
            .replace(
                "{ item: \"9\", title: Any other business }",
                "{ item: \"9\" }",
            ),
    );
    f.write("content/meetings/_index.md", "---\ntitle: Meetings\n---\n");
    f.write(
        "content/plain.md",
        "---\ntitle: P\nmeeting:\n  body: B\n  date: 2026-01-01\n  agenda: []\n---\n",
    );
    f.write("content/bare.md", "---\ntitle: B\ntype: meeting\n---\n");
    let run = f.run(&["check"]);
    run.error_at(
        "content/meetings/september.md:11:27",
        "cannot find the paper for this item",
    );
    assert!(run.stderr.contains("did you mean"), "{}", run.stderr);
    run.error_at(
        "content/meetings/september.md:12:27",
        "is not a committee paper",
    );
    run.error_at(
        "content/meetings/september.md:13:7",
        "this agenda item has neither a `paper` nor a `title`",
    );
    run.error_at(
        "content/plain.md:3:1",
        "a `meeting:` block belongs to meetings: add `type: meeting`",
    );
    run.error_at(
        "content/bare.md:3:1",
        "a page of `type: meeting` needs a `meeting:` block",
    );
}

#[test]
fn add_meeting_writes_a_meeting_that_builds() {
    let f = Fixture::new();
    let root = f.root().to_str().unwrap().to_string();
    f.run(&[
        "add",
        "meeting",
        "content/meetings/2026-09",
        "--root",
        &root,
    ])
    .ok();
    let run = f.run(&["build"]);
    run.ok();
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
    let html = f.read("output/meetings/2026-09/index.html");
    assert!(
        html.contains("Apologies and declarations of interest"),
        "{html}"
    );
}
