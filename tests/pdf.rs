//! PDFs of papers, reports, board packs and courses, read back with poppler's tools
//! (`pdfinfo`, `pdffonts`, `pdftotext`, which CI installs): A4, tagged PDF/UA-1
//! with its title and language, every font embedded, the cover sheet alone on its
//! page, each agenda item's paper from a new page at the page the agenda gives,
//! page numbers, nothing private in a public build, and the same bytes twice.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Fixture, build_example};

/// What a poppler tool prints for a PDF. A missing tool fails the test: CI installs
/// poppler-utils, and a test that cannot look must not pass.
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed (apt-get install poppler-utils): {e}"));
    assert!(out.status.success(), "{tool} failed on {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of each page, in order.
fn pages(pdf: &Path) -> Vec<String> {
    let text = poppler("pdftotext", &["-layout"], pdf);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The PDF as poppler's `pdftohtml -xml` reads it: its bookmarks and its links.
fn xml(pdf: &Path) -> String {
    let out = Command::new("pdftohtml")
        .args(["-stdout", "-xml", "-i"])
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| panic!("pdftohtml is needed (apt-get install poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "pdftohtml failed on {}",
        pdf.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The top-level bookmarks, each with the page it opens.
fn top_bookmarks(pdf: &Path) -> Vec<(String, String)> {
    let mut depth = 0;
    let mut out = Vec::new();
    for line in xml(pdf).lines() {
        if line.starts_with("<outline>") {
            depth += 1;
        } else if line.starts_with("</outline>") {
            depth -= 1;
        } else if let Some(rest) = line.strip_prefix("<item page=\"")
            && depth == 1
        {
            let (page, rest) = rest.split_once("\">").unwrap();
            let title = rest.strip_suffix("</item>").unwrap_or(rest);
            out.push((page.to_string(), title.to_string()));
        }
    }
    out
}

/// The value of `key:` in `pdfinfo`'s output.
fn info(pdf: &Path, key: &str) -> String {
    poppler("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .unwrap_or_else(|| panic!("no {key} for {}", pdf.display()))
        .trim()
        .to_string()
}

/// Everything a public-sector PDF must be: A4, tagged as PDF/UA-1, titled, in the
/// site's language, with every font embedded, and numbered "Page N of M".
fn accessible(pdf: &Path, title: &str) {
    assert!(info(pdf, "Page size").contains("(A4)"), "{}", pdf.display());
    assert_eq!(info(pdf, "Tagged"), "yes", "{}", pdf.display());
    assert_eq!(info(pdf, "Title"), title, "{}", pdf.display());
    let meta = poppler("pdfinfo", &["-meta"], pdf);
    assert!(
        meta.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "not PDF/UA-1: {meta}"
    );
    assert!(
        meta.contains("<rdf:li>en-GB</rdf:li>"),
        "no language: {meta}"
    );
    let bytes = std::fs::read(pdf).unwrap();
    assert!(
        bytes
            .windows(14)
            .any(|w| w == b"/Lang(en-GB)/S"[..14].as_ref())
            || String::from_utf8_lossy(&bytes).contains("/Lang(en-GB)"),
        "no /Lang in the catalog of {}",
        pdf.display()
    );
    let fonts = poppler("pdffonts", &[], pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts in {}", pdf.display());
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type… encoding emb sub uni object ID
        let emb = cols[cols.len() - 5];
        assert_eq!(
            emb,
            "yes",
            "a font is not embedded in {}: {row}",
            pdf.display()
        );
    }
    let pages = pages(pdf);
    let n = pages.len();
    assert_eq!(info(pdf, "Pages"), n.to_string());
    for (i, page) in pages.iter().enumerate() {
        let number = format!("Page {} of {n}", i + 1);
        assert!(
            page.contains(&number),
            "page {} has no `{number}`:\n{page}",
            i + 1
        );
    }
}

/// The page (from 1) whose text first holds `needle`.
fn page_of(pages: &[String], needle: &str) -> usize {
    pages
        .iter()
        .position(|p| p.contains(needle))
        .unwrap_or_else(|| panic!("no page holds `{needle}`"))
        + 1
}

#[test]
fn the_example_sites_papers_reports_and_pack_are_accessible_pdfs_linked_from_their_pages() {
    let out = tempfile::tempdir().unwrap();
    build_example(out.path(), &[]).ok();
    let o = out.path();
    for (folder, title, link) in [
        (
            "papers/2016-09-section-11-audit",
            "Safeguarding Children (Section 11) Audit",
            "Download this paper, with its cover sheet",
        ),
        (
            "papers/2016-09-looked-after-children-health",
            "Health assessments for looked after children: quarterly report",
            "Download this paper, with its cover sheet",
        ),
        (
            "reports/2016-17-annual-safeguarding-report",
            "Annual safeguarding children report 2016-17",
            "Download this report",
        ),
        (
            "reports/2024-25-partnership-yearly-report",
            "Wolverhampton Safeguarding Together yearly report 2024-25",
            "Download this report",
        ),
        (
            "meetings/2016-09-13-quality-and-safety-committee",
            "Quality and Safety Committee, 13 September 2016",
            "Download the meeting pack",
        ),
    ] {
        let name = folder.rsplit('/').next().unwrap();
        let pdf = o.join(format!("{folder}/{name}.pdf"));
        accessible(&pdf, title);
        let html = std::fs::read_to_string(o.join(format!("{folder}/index.html"))).unwrap();
        let a = format!("<a href=\"{name}.pdf\" type=\"application/pdf\" download>{link}");
        assert!(html.contains(&a), "{folder} does not link its PDF");
        let pages = info(&pdf, "Pages");
        let facts = format!("{pages} page{})", if pages == "1" { "" } else { "s" });
        assert!(
            common::between(&html, &a, "</a>").contains(&facts),
            "{folder}: {facts}"
        );
    }
    // A paper's cover sheet is alone on its first page: the body starts after it.
    let pdf = o.join("papers/2016-09-section-11-audit/2016-09-section-11-audit.pdf");
    let paper = pages(&pdf);
    let pages = &paper;
    assert!(pages[0].contains("Purpose of the report"), "{}", pages[0]);
    assert!(pages[0].contains("Agenda item 7"), "{}", pages[0]);
    assert!(!pages[0].contains("Contents"), "{}", pages[0]);
    let body = page_of(pages, "1. Background and current situation");
    assert!(body > 1);
    // The contents list gives each section's page.
    let contents = &pages[page_of(pages, "Contents") - 1];
    assert!(
        contents.contains("2. Main body of the report"),
        "{contents}"
    );
    // Its links to the site are absolute, since a PDF is read away from the site.
    let links = xml(&pdf);
    assert!(
        links.contains(
            "href=\"https://intranet.example.nhs.uk/safeguarding/audits/2016/wolverhampton-ccg/\""
        ),
        "{links}"
    );
    assert!(!links.contains("/../"), "{links}");
    // A report's charts are there as pictures with their text, its tables with
    // their header rows.
    let report =
        o.join("reports/2016-17-annual-safeguarding-report/2016-17-annual-safeguarding-report.pdf");
    let text = self::pages(&report).join("\n");
    assert!(text.contains("Figure 1: Criteria at each grade"), "{text}");
    assert!(text.contains("How this report meets"), "{text}");
    // Its list of figures and tables links each to its page in the PDF.
    let links = xml(&report);
    for entry in [
        "Figure 1: Criteria at each grade",
        "Table 1: Score of each standard",
    ] {
        let linked = links
            .lines()
            .any(|l| l.contains(entry) && l.contains(".html#") && l.contains("<a href="));
        assert!(
            linked,
            "`{entry}` is not linked in the contents of the report's PDF"
        );
    }
}

#[test]
fn the_board_pack_gives_each_paper_from_a_new_page_at_the_page_its_agenda_says() {
    let out = tempfile::tempdir().unwrap();
    build_example(out.path(), &[]).ok();
    let pdf = out.path().join(
        "meetings/2016-09-13-quality-and-safety-committee/2016-09-13-quality-and-safety-committee.pdf",
    );
    let pages = pages(&pdf);
    let agenda = &pages[0];
    assert!(agenda.contains("Agenda"), "{agenda}");
    for (title_start, kicker) in [
        ("Safeguarding Children", "Agenda item 7"),
        ("Health assessments for", "Agenda item 8"),
    ] {
        // The page a paper starts on has its cover's line and title at the top.
        let start = pages
            .iter()
            .position(|p| {
                let top: String = p.lines().take(6).collect::<Vec<_>>().join("\n");
                top.contains(kicker) && p.contains(title_start)
            })
            .unwrap_or_else(|| panic!("no page starts with {kicker}"))
            + 1;
        assert!(start > 1);
        // The agenda's row for it ends with that page number.
        let row = agenda
            .lines()
            .find(|l| l.contains(title_start))
            .unwrap_or_else(|| panic!("no agenda row for {title_start}:\n{agenda}"));
        assert!(
            row.trim_end().ends_with(&format!(" {start}")),
            "the agenda gives `{row}` but the paper starts on page {start}"
        );
        // Its pages carry the item in their running header.
        assert!(pages[start].contains(kicker) || pages[start - 1].contains(kicker));
    }
    // A bookmark for the agenda and one for each paper, at the page it starts on.
    let marks = top_bookmarks(&pdf);
    let titles: Vec<&str> = marks.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Quality and Safety Committee, 13 September 2016",
            "Safeguarding Children (Section 11) Audit",
            "Health assessments for looked after children: quarterly report",
        ],
        "{marks:?}"
    );
    for (page, title) in &marks[1..] {
        let n: usize = page.parse().unwrap();
        let top: String = pages[n - 1].lines().take(8).collect::<Vec<_>>().join(" ");
        assert!(
            top.contains(&title[..20]),
            "bookmark {title} opens page {n}:\n{top}"
        );
    }
}

const MEETING: &str = "---
title: Committee, September
type: meeting
meeting:
  body: Quality and Safety Committee
  date: 2026-09-13
  agenda:
    - { item: \"1\", title: Apologies, minutes: 5 }
    - { item: \"7\", paper: ../papers/audit.md, presenter: Designated Nurse, minutes: 20 }
    - { item: \"8\", paper: ../papers/secret.md, presenter: SECRETPRESENTER, minutes: 15 }
    - { item: \"9\", paper: ../papers/draft.md, minutes: 10 }
---

Notes on the meeting.
";

fn paper(title: &str, item: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\n{extra}type: paper\npaper:\n  meeting: Quality and Safety Committee\n  meeting_date: 2026-09-13\n  agenda_item: \"{item}\"\n  action_required: [assurance]\n  purpose: To assure the committee about {title}.\n---\n\n## Findings\n\n{body}\n"
    )
}

fn committee() -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/papers/audit.md",
        &paper("Section 11 audit", "7", "", "All is well."),
    );
    f.write(
        "content/papers/secret.md",
        &paper(
            "SECRETTITLE review",
            "8",
            "visibility: private\n",
            "SECRETBODY text.",
        ),
    );
    f.write(
        "content/papers/draft.md",
        &paper("Training plan", "9", "", "A plan.")
            .replace("purpose:", "status: draft\n  version: \"0.2\"\n  purpose:"),
    );
    f.write("content/meetings/september.md", MEETING);
    f
}

#[test]
fn a_public_pack_leaves_private_papers_out_and_says_so_and_marks_drafts() {
    let f = committee();
    f.run(&["build", "--audience", "public"]).ok();
    let pack = f.path("output/meetings/september/september.pdf");
    accessible(&pack, "Committee, September");
    let pages = pages(&pack);
    let all = pages.join("\n");
    assert!(!all.contains("SECRET"), "{all}");
    assert!(all.contains("Private paper: not in this pack"), "{all}");
    assert!(
        all.contains("1 item's paper is not in this pack: it is private, or a draft."),
        "{all}"
    );
    assert!(!f.exists("output/papers/secret/secret.pdf"));
    // No file of the public site holds a byte of the private paper, PDFs included.
    for (path, (bytes, _)) in f.snapshot() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("SECRET"),
            "{path} holds the private paper"
        );
    }
    // The draft paper is in the pack, marked on its cover and in its pages' header.
    let draft = page_of(&pages, "To assure the committee about Training plan");
    assert!(
        pages[draft - 1].contains("Draft paper (version 0.2): not for circulation"),
        "{}",
        pages[draft - 1]
    );
    assert!(pages[draft - 1].contains("DRAFT"));
    // Each paper starts a page of its own: the audit's cover is not on the agenda's.
    assert!(page_of(&pages, "All is well.") > 1);
    assert!(page_of(&pages, "To assure the committee about Section 11 audit") > 1);
}

#[test]
fn an_internal_pack_holds_every_paper_in_agenda_order() {
    let f = committee();
    f.build().ok();
    let pages = pages(&f.path("output/meetings/september/september.pdf"));
    let audit = page_of(&pages, "All is well.");
    let secret = page_of(&pages, "SECRETBODY text.");
    let draft = page_of(&pages, "A plan.");
    assert!(
        1 < audit && audit < secret && secret < draft,
        "{audit} {secret} {draft}"
    );
    assert!(!pages.join("\n").contains("not in this pack"));
}

#[test]
fn two_builds_make_the_same_pdf_bytes() {
    let f = committee();
    let (one, two) = (f.path("one"), f.path("two"));
    f.run(&["build", "--output", one.to_str().unwrap()]).ok();
    f.run(&["build", "--output", two.to_str().unwrap()]).ok();
    for rel in [
        "meetings/september/september.pdf",
        "papers/audit/audit.pdf",
        "papers/draft/draft.pdf",
    ] {
        let a = std::fs::read(one.join(rel)).unwrap();
        let b = std::fs::read(two.join(rel)).unwrap();
        assert!(a == b, "{rel} differs between two builds");
        assert!(a.starts_with(b"%PDF-"));
    }
}

const COURSE: &str = "---
title: Governing body course
pdf: true
---

What the course covers.
";

fn module(title: &str, weight: u32) -> String {
    format!(
        "---\ntitle: {title}\ntype: module\nweight: {weight}\nlevel: level-1\nduration_minutes: 10\nlearning_outcomes: [Know the law]\n---\n\n## About {title}\n\nText of {title}.\n"
    )
}

#[test]
fn a_course_that_asks_for_a_pdf_gets_one_with_each_page_from_a_new_page() {
    let f = Fixture::new();
    f.write("content/course/_index.md", COURSE);
    f.write("content/course/one.md", &module("The law", 1));
    f.write("content/course/two.md", &module("Roles", 2));
    f.build().ok();
    let pdf = f.path("output/course/print/course.pdf");
    accessible(&pdf, "Governing body course");
    let pages = pages(&pdf);
    let one = page_of(&pages, "Text of The law.");
    let two = page_of(&pages, "Text of Roles.");
    assert!(1 < one && one < two, "{one} {two}");
    assert!(
        f.read("output/course/print/index.html")
            .contains("Download the whole course")
    );
    // Without `pdf: true` the course has its print page and no PDF.
    f.write(
        "content/course/_index.md",
        &COURSE.replace("pdf: true\n", ""),
    );
    f.build().ok();
    assert!(!f.exists("output/course/print/course.pdf"));
    assert!(f.exists("output/course/print/index.html"));
    // Where it does nothing, `pdf: true` is warned at its line.
    f.write(
        "content/about.md",
        "---\ntitle: About\npdf: true\n---\n\nText.\n",
    );
    let run = f.build();
    run.ok();
    assert!(
        run.stderr.contains("content/about.md:3:1: warning: `pdf: true` makes a PDF only on the `_index.md` of a folder with training modules"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_site_without_papers_reports_or_meetings_makes_no_pdf() {
    let f = Fixture::new();
    f.write("content/about.md", "---\ntitle: About\n---\n\nText.\n");
    f.build().ok();
    let pdfs: Vec<String> = f
        .snapshot()
        .into_keys()
        .filter(|p| p.ends_with(".pdf"))
        .collect();
    assert!(pdfs.is_empty(), "{pdfs:?}");
}

#[test]
fn a_character_no_font_has_is_a_warning_and_the_pdf_is_still_made() {
    let f = Fixture::new();
    // Chinese: none of the PDF's fonts has it.
    f.write(
        "content/papers/odd.md",
        &paper("Odd letters", "3", "", "A word: 漢字."),
    );
    let run = f.build();
    run.ok();
    for (at, c) in [("14:9", "漢"), ("14:10", "字")] {
        let line = format!(
            "content/papers/odd.md:{at}: warning: `{c}` cannot be shown in this page's PDF: none of its fonts has this character"
        );
        assert!(
            run.stderr.contains(&line),
            "no `{line}` in:\n{}",
            run.stderr
        );
    }
    let pdf = f.path("output/papers/odd/odd.pdf");
    assert_eq!(info(&pdf, "Tagged"), "yes");
}

#[test]
fn what_would_break_a_layout_builds_and_keeps_its_text() {
    let f = Fixture::new();
    let list: String = (0..30)
        .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
        .collect();
    let quotes = format!("{} deep quote", ">".repeat(30));
    let html = format!(
        "{}raw quote{}",
        "<blockquote>".repeat(300),
        "</blockquote>".repeat(300)
    );
    let long = format!("[a long link](https://example.org/{})", "a".repeat(9000));
    let body = format!(
        "{list}\n{quotes}\n\n{html}\n\n{long}\n\n<h2 id=\"sg-title\">Clash</h2>\n\n<a href=\"#sg-title\">top</a>\n\n<h3></h3>\n\nJoined\u{200d}word.\n"
    );
    f.write("content/papers/deep.md", &paper("Deep", "1", "", &body));
    let run = f.build();
    run.ok();
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
    let text = pages(&f.path("output/papers/deep/deep.pdf")).join("\n");
    for needle in [
        "level 0",
        "level 29",
        "deep quote",
        "raw quote",
        "a long link",
        "Clash",
        "Joinedword.",
    ] {
        assert!(text.contains(needle), "no `{needle}` in:\n{text}");
    }
}

#[test]
fn text_that_looks_like_typst_is_shown_as_written() {
    let f = Fixture::new();
    let odd =
        r#"#panic() #read("/etc/passwd") $x^2$ *not bold* <label> @ref \ ] [ { } #import "x""#;
    f.write(
        "content/papers/odd.md",
        &paper(
            &format!("'{odd}'"),
            "2",
            "",
            &format!(
                "`{odd}`\n\n{}",
                odd.replace('*', "\\*").replace('<', "&lt;")
            ),
        ),
    );
    f.build().ok();
    let pdf = f.path("output/papers/odd/odd.pdf");
    assert_eq!(info(&pdf, "Title"), odd);
    let text = pages(&pdf).join("\n").replace('\n', " ");
    assert!(
        text.matches("#read(\"/etc/passwd\")").count() >= 3,
        "{text}"
    );
    assert!(!text.contains("root:"), "{text}");
}

#[test]
fn a_picture_the_pdf_cannot_read_is_named_at_its_line_and_its_text_shown() {
    let f = Fixture::new();
    f.write_bytes("content/papers/bad.png", b"not a picture at all");
    f.write(
        "content/papers/pics.md",
        &paper(
            "Pictures",
            "3",
            "",
            "Before.\n\n![The team at work](bad.png)\n\nAfter.",
        ),
    );
    let run = f.build();
    run.ok();
    assert!(
        run.stderr
            .contains("content/papers/pics.md:16:21: warning: the picture `bad.png`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("warning: the picture `bad.png` could not be put in this page's PDF"),
        "{}",
        run.stderr
    );
    let text = pages(&f.path("output/papers/pics/pics.pdf")).join("\n");
    assert!(text.contains("[Picture: The team at work]"), "{text}");
    assert!(text.contains("After."), "{text}");
}

#[test]
fn a_public_build_refuses_a_number_only_the_pdf_puts_together() {
    let f = Fixture::new();
    f.write(
        "content/papers/audit.md",
        &paper("Section 11 audit", "7", "", "Text."),
    );
    // The agenda's item and title cells are apart on the web page, side by side in
    // the pack, where a reader sees one NHS number.
    f.write(
        "content/meetings/m.md",
        "---\ntitle: Committee\ntype: meeting\nmeeting:\n  body: Committee\n  date: 2026-09-13\n  agenda:\n    - { item: \"943 476\", title: \"5919 AOB\" }\n    - { item: \"2\", paper: ../papers/audit.md }\n---\n",
    );
    let run = f.run(&["build", "--audience", "public"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("NHS number"), "{}", run.stderr);
    assert!(run.stderr.contains("meetings/m/m.pdf"), "{}", run.stderr);
    assert!(!f.exists("output/meetings/m/m.pdf"));
}

#[test]
fn a_table_that_runs_onto_more_pages_repeats_its_header_row_on_each() {
    let f = Fixture::new();
    let rows: String = (1..=120).map(|i| format!("| Ward {i} | {i} |\n")).collect();
    let body = format!("| Ward name | Staff trained |\n|---|---|\n{rows}");
    f.write(
        "content/papers/long.md",
        &paper("Long table", "4", "", &body),
    );
    f.build().ok();
    let pages = pages(&f.path("output/papers/long/long.pdf"));
    let row = |l: &str| {
        let l = l.trim_start();
        l.starts_with("Ward ") && l[5..].starts_with(|c: char| c.is_ascii_digit())
    };
    let with_rows: Vec<&String> = pages.iter().filter(|p| p.lines().any(row)).collect();
    assert!(
        with_rows.len() >= 3,
        "the table should run onto several pages"
    );
    for page in with_rows {
        assert!(
            page.contains("Ward name") && page.contains("Staff trained"),
            "{page}"
        );
    }
}
