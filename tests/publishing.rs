//! Publishing safely: audiences (no byte of a private item in a public build) and
//! the personal-data guard.

mod common;

use common::{FRAMEWORK, Fixture};

const PAPER: &str = "paper:\n  meeting: Quality and Safety Committee\n  meeting_date: 2016-09-13\n  purpose: To give assurance.\n  action_required: [assurance]\n";

/// Every marker of a private item in the fixture below. Each must be in the internal
/// build (or the fixture proves nothing) and nowhere in the public one.
const MARKERS: &[&str] = &[
    "zzprivmodule",
    "zzprivbody",
    "zzprivpaper",
    "zzprivsectiontitle",
    "zzprivdefinition",
    "zzprivorg",
    "zzprivaction",
    "zzprivperiod",
    "zzprivframework",
    "zzprivslides",
    "zzprivloose",
    "zzprivtag",
    "zzprivindicator",
    "zzprivkpiorg",
    "zzprivstrand",
];

/// A site with a private item of every kind beside public ones.
fn mixed_site() -> Fixture {
    let f = Fixture::new();
    f.write("site.yaml", "title: Mixed\nbase_url: https://example.nhs.uk/safeguarding/\ndefault_visibility: private\n");
    f.write(
        "content/_index.md",
        "---\ntitle: Home\nvisibility: public\n---\n\nThe LSCB meets monthly.\n",
    );
    f.write(
        "content/training/_index.md",
        "---\ntitle: Training\nvisibility: public\n---\n",
    );
    f.write(
        "content/training/01-open.md",
        "---\ntitle: Open module\ntype: module\nvisibility: public\ntags: [Shared topic]\n---\n\nThe LSCB. Read the [handout](../files/open-handout.pdf).\n\n```audit-summary\n../audits/open-2016.yaml\n```\n",
    );
    f.write(
        "content/training/02-zzprivmodule.md",
        "---\ntitle: Zzprivmodule title\ndescription: zzprivbody summary\ntype: module\ntags: [zzprivtag one, shared topic]\n---\n\nzzprivbody text. See the [slides](../files/zzprivslides.pdf).\n",
    );
    f.write("content/files/open-handout.pdf", "%PDF open\n");
    f.write("content/files/zzprivslides.pdf", "%PDF zzprivslides\n");
    f.write("content/files/loose.txt", "zzprivloose\n");
    f.write(
        "content/papers/_index.md",
        "---\ntitle: Papers\nvisibility: public\n---\n",
    );
    f.write(
        "content/papers/2016-open.md",
        &format!("---\ntitle: Open paper\ntype: paper\ndate: 2016-09-01\nvisibility: public\n{PAPER}---\n\nPublic paper.\n"),
    );
    f.write(
        "content/papers/2016-zzprivpaper.md",
        &format!("---\ntitle: Zzprivpaper title\ntype: paper\ndate: 2016-10-01\n{PAPER}---\n\nPrivate paper.\n"),
    );
    f.write(
        "content/mixed/_index.md",
        "---\ntitle: Zzprivsectiontitle\ntags: [zzprivtag section]\n---\n\nPrivate section page.\n",
    );
    f.write(
        "content/mixed/open-child.md",
        "---\ntitle: Open child\nvisibility: public\n---\n\nPublic page in a folder whose own page is private.\n",
    );
    f.write(
        "content/glossary.yaml",
        "kind: glossary\nterms:\n  LSCB: Local Safeguarding Children Board zzprivdefinition\n",
    );
    f.write("content/audits/s11.yaml", FRAMEWORK);
    f.write(
        "content/audits/open-2016.yaml",
        "kind: audit\nframework: s11\norganisation: Open Trust\nperiod: \"2016\"\nvisibility: public\nresults:\n  - { criterion: \"1.1\", grade: 50 }\n  - { criterion: \"1.2\", grade: 100 }\nactions:\n  - { id: O1, criterion: \"1.1\", action: Name a lead., due: 2017-01-01, status: open }\n",
    );
    // The same organisation's earlier return is private: no comparison may show it.
    f.write(
        "content/audits/open-2015.yaml",
        "kind: audit\nframework: s11\norganisation: Open Trust\nperiod: \"2015 zzprivperiod\"\nresults:\n  - { criterion: \"1.1\", grade: 25 }\n  - { criterion: \"1.2\", grade: 25 }\nactions:\n  - { id: P1, criterion: \"1.1\", action: zzprivaction, due: 2016-01-01, status: open }\n",
    );
    f.write(
        "content/audits/zzprivorg-2016.yaml",
        "kind: audit\nframework: s11\norganisation: Zzprivorg Trust\nperiod: \"2016\"\nresults:\n  - { criterion: \"1.1\", grade: 25 }\n  - { criterion: \"1.2\", grade: 25 }\nactions:\n  - { id: Z1, criterion: \"1.1\", action: zzprivaction too, due: 2017-01-01, status: open }\n",
    );
    f.write(
        "content/audits/other.yaml",
        &FRAMEWORK
            .replace("id: s11", "id: other")
            .replace("Section 11 self-assessment", "Zzprivframework")
            .replace("visibility: public\n", ""),
    );
    // A public indicator set with a private one beside it, and private training data;
    // the public set's data file is never published as a file either.
    let indicators = |id: &str, title: &str, visibility: &str| {
        format!(
            "kind: indicators\nid: {id}\ntitle: {title}\n{visibility}data: {id}.csv\nindicators:\n  - {{ id: seen, title: {title} seen, unit: count, better: higher, measure: sum }}\n"
        )
    };
    f.write(
        "content/figures/open-kpis.yaml",
        &indicators("open-kpis", "Open indicators", "visibility: public\n"),
    );
    f.write(
        "content/figures/open-kpis.csv",
        "indicator,organisation,period,value,note\nseen,Open Trust,2025-26 Q1,25,a note\n",
    );
    f.write(
        "content/figures/priv-kpis.yaml",
        &indicators("priv-kpis", "Zzprivindicator", ""),
    );
    f.write(
        "content/figures/priv-kpis.csv",
        "indicator,organisation,period,value\nseen,Zzprivkpiorg Trust,2025-26 Q1,30\n",
    );
    f.write("content/figures/training.yaml", "kind: training\nid: training\ntitle: Training\ndata: training.csv\nstrands: [zzprivstrand]\n");
    f.write("content/figures/training.csv", "period,organisation,staff_group,strand,level,eligible,compliant\n2025-26 Q1,Open Trust,Clinical,zzprivstrand,level-1,40,35\n");
    f
}

/// Every output file whose bytes contain `marker`, ignoring case.
fn files_containing(f: &Fixture, marker: &str) -> Vec<String> {
    f.snapshot()
        .into_iter()
        .filter(|(_, (bytes, _))| {
            bytes
                .to_ascii_lowercase()
                .windows(marker.len())
                .any(|w| w == marker.as_bytes())
        })
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn a_public_build_has_no_byte_of_any_private_item() {
    let f = mixed_site();
    f.run(&["build"]).ok();
    for marker in MARKERS {
        assert!(
            !files_containing(&f, marker).is_empty(),
            "the internal build should publish {marker}"
        );
    }
    let run = f.run(&["build", "--audience", "public"]);
    run.ok();
    // Module, paper, section page, glossary, two returns, framework, two files, an
    // indicator set and training data.
    assert!(
        run.stderr
            .contains("11 private items withheld from the public"),
        "{}",
        run.stderr
    );
    // A public set is published as its page and downloads, never as its data file.
    assert!(f.exists("output/figures/open-kpis/indicators.csv"));
    assert!(!f.exists("output/figures/open-kpis.csv"));
    for marker in MARKERS {
        let leaks = files_containing(&f, marker);
        assert!(leaks.is_empty(), "{marker} leaks into {leaks:?}");
    }
    // What is public is all there.
    let module = f.read("output/training/open/index.html");
    assert!(module.contains("open-handout.pdf"));
    assert!(f.exists("output/files/open-handout.pdf"));
    assert!(f.exists("output/mixed/open-child/index.html"));
    assert!(f.exists("output/audits/open-2016/index.html"));
    // Tags are gathered from what is published: the shared topic lists the public
    // module alone, and no private tag has a page.
    let shared = f.read("output/tags/shared-topic/index.html");
    assert!(
        shared.contains("Open module") && shared.contains("1 page"),
        "{shared}"
    );
    // With the glossary private, the term is plain text.
    assert!(!module.contains("<abbr"), "{module}");
    // The public return has no earlier period to compare with.
    let audit = f.read("output/audits/open-2016/index.html");
    assert!(!audit.contains("since"), "{audit}");
}

/// An internal build labels what the public never sees, so staff know not to share it.
#[test]
fn private_pages_are_labelled_internal_in_an_internal_build() {
    let f = mixed_site();
    f.run(&["build"]).ok();
    let label = "<strong class=\"tag tag-internal\">Internal</strong>";
    for private in [
        "training/zzprivmodule/index.html",
        "papers/2016-zzprivpaper/index.html",
    ] {
        assert!(
            f.read(&format!("output/{private}")).contains(label),
            "{private}"
        );
    }
    for public in [
        "training/open/index.html",
        "papers/2016-open/index.html",
        "index.html",
    ] {
        assert!(
            !f.read(&format!("output/{public}")).contains(label),
            "{public}"
        );
    }
    f.run(&["build", "--audience", "public"]).ok();
    assert!(files_containing(&f, "tag-internal\">Internal").is_empty());
    // A site with no public side is internal throughout: no page needs saying so.
    let all_private = Fixture::new();
    all_private.write(
        "site.yaml",
        "title: Staff only\ndefault_visibility: private\n",
    );
    all_private.write("content/a.md", "---\ntitle: A\n---\n\nText.\n");
    all_private.build().ok();
    assert!(!all_private.read("output/a/index.html").contains(label));
}

#[test]
fn a_public_page_linking_to_a_private_one_is_an_error_at_the_link() {
    let f = mixed_site();
    f.write(
        "content/mixed/open-child.md",
        "---\ntitle: Open child\nvisibility: public\n---\n\nSee [the module](../training/02-zzprivmodule.md).\n",
    );
    f.run(&["build"]).ok();
    f.run(&["build", "--audience", "public"]).error_at(
        "content/mixed/open-child.md:6:5",
        "`../training/02-zzprivmodule.md` is private, so it is not in this public build",
    );
}

const VALID_NHS: &str = "943 476 5919";

#[test]
fn an_nhs_number_is_an_error_in_a_public_build_and_a_warning_otherwise() {
    let f = Fixture::new();
    f.write(
        "content/case.md",
        &format!("---\ntitle: Case\n---\n\nThe child (NHS {VALID_NHS}) was seen.\n"),
    );
    let run = f.run(&["build", "--audience", "public"]);
    let line = run.error_at("content/case.md:5:16", "this looks like an NHS number");
    assert!(line.contains("published to the public"), "{line}");
    assert!(
        run.stderr.contains("personal-data: example"),
        "says how to allow an example: {}",
        run.stderr
    );
    assert!(!f.exists("output/case/index.html"));

    let run = f.run(&["build"]);
    run.ok();
    assert!(
        run.stderr
            .contains("content/case.md:5:16: warning: this looks like an NHS number"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_private_item_with_an_nhs_number_warns_in_a_public_build() {
    let f = Fixture::new();
    f.write("content/audits/s11.yaml", FRAMEWORK);
    f.write(
        "content/audits/a.yaml",
        &format!("kind: audit\nframework: s11\norganisation: A\nperiod: \"2016\"\nvisibility: private\nresults:\n  - {{ criterion: \"1.1\", grade: 100, evidence: [\"Case {VALID_NHS}\"] }}\n  - {{ criterion: \"1.2\", grade: 100 }}\n"),
    );
    let run = f.run(&["build", "--audience", "public"]);
    run.ok();
    assert!(
        run.stderr
            .contains("content/audits/a.yaml:7:54: warning: this looks like an NHS number"),
        "{}",
        run.stderr
    );
}

#[test]
fn numbers_failing_the_check_test_numbers_and_marked_examples_pass() {
    let f = Fixture::new();
    f.write(
        "content/examples.md",
        "---\ntitle: Examples\n---\n\n\
         A number failing the check: 943 476 5918.\n\n\
         A test number: 999 123 4567.\n\n\
         <!-- personal-data: example -->\n\
         An NHS number looks like 943 476 5919.\n\n\
         A phone number: 0113 496 0000; a reference 94347659190.\n",
    );
    let run = f.run(&["build", "--audience", "public"]);
    run.ok();
    assert!(!run.stderr.contains("looks like"), "{}", run.stderr);
}

#[test]
fn a_national_insurance_number_is_caught_too() {
    let f = Fixture::new();
    f.write(
        "content/case.md",
        "---\ntitle: Case\n---\n\nHer NI number is AB 12 34 56 C.\n",
    );
    f.run(&["build", "--audience", "public"])
        .error_at("content/case.md:5:18", "a National Insurance number");
}

#[test]
fn sitemap_robots_and_feed_list_what_the_build_publishes() {
    let f = mixed_site();
    f.run(&["build", "--audience", "public"]).ok();
    let sitemap = f.read("output/sitemap.xml");
    for url in [
        "<loc>https://example.nhs.uk/safeguarding/</loc>",
        "<loc>https://example.nhs.uk/safeguarding/training/open/</loc>",
        "<loc>https://example.nhs.uk/safeguarding/papers/2016-open/</loc><lastmod>2016-09-01</lastmod>",
        "<loc>https://example.nhs.uk/safeguarding/assurance/actions/</loc>",
    ] {
        assert!(sitemap.contains(url), "{url} missing from:\n{sitemap}");
    }
    assert!(!sitemap.contains("404"), "{sitemap}");
    // Every page but search and the print page, which only repeat other pages.
    assert!(f.exists("output/search/index.html") && f.exists("output/training/print/index.html"));
    let pages = f
        .snapshot()
        .into_keys()
        .filter(|k| k.ends_with("index.html"))
        .filter(|k| *k != "search/index.html" && *k != "training/print/index.html")
        .count();
    assert_eq!(sitemap.matches("<url>").count(), pages, "{sitemap}");
    assert!(
        !sitemap.contains("/search/") && !sitemap.contains("/print/"),
        "{sitemap}"
    );
    assert_eq!(
        f.read("output/robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://example.nhs.uk/safeguarding/sitemap.xml\n"
    );
    let feed = f.read("output/papers.xml");
    assert!(feed.contains("<title>Open paper</title>"), "{feed}");
    assert!(
        feed.contains("<id>https://example.nhs.uk/safeguarding/papers/2016-open/</id>"),
        "{feed}"
    );
    assert!(
        feed.contains("<updated>2016-09-01T00:00:00Z</updated>"),
        "{feed}"
    );
    assert!(
        f.read("output/index.html")
            .contains("<link rel=\"alternate\" type=\"application/atom+xml\""),
    );

    // An intranet build asks crawlers to stay out; the newest paper leads the feed.
    f.run(&["build"]).ok();
    assert_eq!(f.read("output/robots.txt"), "User-agent: *\nDisallow: /\n");
    let feed = f.read("output/papers.xml");
    let (newest, older) = (
        feed.find("Zzprivpaper title").unwrap(),
        feed.find("Open paper").unwrap(),
    );
    assert!(newest < older, "{feed}");

    // A site's own robots.txt wins.
    f.write("static/robots.txt", "User-agent: *\n");
    f.run(&["build"]).ok();
    assert_eq!(f.read("output/robots.txt"), "User-agent: *\n");
}

#[test]
fn without_a_full_base_url_there_is_no_sitemap_or_feed() {
    let f = mixed_site();
    f.write("site.yaml", "title: Mixed\ndefault_visibility: public\n");
    f.run(&["build"]).ok();
    assert!(!f.exists("output/sitemap.xml"));
    assert!(!f.exists("output/papers.xml"));
    assert!(!f.read("output/index.html").contains("application/atom+xml"));
    assert!(f.exists("output/robots.txt"));
}

#[test]
fn a_page_past_its_review_date_warns_shows_a_notice_and_is_listed() {
    let f = Fixture::new();
    f.write(
        "content/old.md",
        "---\ntitle: Old guidance\nowner: Named nurse\nreview_date: 2026-01-31\n---\n\nText.\n",
    );
    f.write(
        "content/soon.md",
        "---\ntitle: Soon\nreview_date: 2026-12-01\n---\n\nText.\n",
    );
    f.write(
        "content/later.md",
        "---\ntitle: Later\nowner: Web team\nreview_date: 2027-06-30\n---\n\nText.\n",
    );
    let run = f.run(&["build"]);
    run.ok();
    assert!(
        run.stderr.contains(
            "content/old.md:4:14: warning: this page was due for review by its owner, Named nurse, on 2026-01-31"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("content/soon.md"), "{}", run.stderr);
    let old = f.read("output/old/index.html");
    assert!(
        old.contains("This page was due for review on <time datetime=\"2026-01-31\">"),
        "{old}"
    );
    assert!(!f.read("output/later/index.html").contains("banner-review"));

    let page = f.read("output/review/index.html");
    let list = &page[page.find("<tbody>").unwrap()..];
    let rows: Vec<&str> = ["Old guidance", "Soon", "Later"]
        .iter()
        .map(|t| {
            let at = list
                .find(&format!(">{t}</a>"))
                .unwrap_or_else(|| panic!("{t} not listed"));
            &list[at..]
        })
        .collect();
    assert!(
        rows[0].len() > rows[1].len() && rows[1].len() > rows[2].len(),
        "earliest first"
    );
    assert!(
        rows[0].starts_with(
            ">Old guidance</a></td>\n        <td data-label=\"Owner\">Named nurse</td>"
        )
    );
    assert!(list.contains("tag-overdue\">Overdue"), "{list}");
    assert!(list.contains("tag-soon\">Due within 30 days"));
    assert!(list.contains("tag-later\">Scheduled"));
    assert!(
        f.read("output/index.html")
            .contains("review/\">Pages by review date</a>")
    );

    // Not on a public site.
    f.run(&["build", "--audience", "public"]).ok();
    assert!(!f.exists("output/review/index.html"));
    assert!(!f.read("output/index.html").contains("Pages by review date"));

    // The address is safeguard's.
    f.write("content/review.md", "---\ntitle: Mine\n---\n");
    f.run(&["build"]).error_at(
        "content/review.md:1:1",
        "where safeguard lists pages by review date",
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn the_manifest_lists_every_source_and_output_with_its_sha256() {
    let f = mixed_site();
    f.write(
        "templates/partials/meta.html",
        "<p class=\"meta\">Own meta</p>\n",
    );
    // Hashed as the file is, byte-order mark and all.
    f.write_bytes(
        "content/training/03-bom.md",
        b"\xef\xbb\xbf---\ntitle: Saved with a BOM\nvisibility: public\n---\n",
    );
    f.run(&["build", "--audience", "public"]).ok();
    let text = f.read("output/manifest.json");
    let manifest: serde_json::Value = serde_json::from_str(&text).expect("manifest.json is JSON");
    assert_eq!(manifest["audience"], "public");
    assert_eq!(manifest["as_of"], "2026-11-22");
    assert_eq!(manifest["withheld"], 11);
    assert!(
        manifest["generator"]
            .as_str()
            .unwrap()
            .starts_with("safeguard ")
    );

    let sources: Vec<&str> = manifest["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let path = e["path"].as_str().unwrap();
            let bytes = std::fs::read(f.path(path)).unwrap();
            assert_eq!(e["sha256"], sha256_hex(&bytes), "{path}");
            assert_eq!(e["bytes"], bytes.len(), "{path}");
            path
        })
        .collect();
    for expected in [
        "site.yaml",
        "content/training/01-open.md",
        "content/files/open-handout.pdf",
        "content/audits/s11.yaml",
        "templates/partials/meta.html",
        "content/training/03-bom.md",
    ] {
        assert!(sources.contains(&expected), "{expected} not in {sources:?}");
    }

    let outputs: Vec<String> = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let path = e["path"].as_str().unwrap();
            let bytes = std::fs::read(f.path(&format!("output/{path}"))).unwrap();
            assert_eq!(e["sha256"], sha256_hex(&bytes), "{path}");
            path.to_string()
        })
        .collect();
    let written: Vec<String> = f
        .snapshot()
        .into_keys()
        // Not the manifest itself.
        .filter(|k| k != "manifest.json")
        .collect();
    assert_eq!(outputs, written);

    // The same build gives the same manifest, byte for byte.
    let again = f.path("again");
    f.run(&[
        "build",
        "--audience",
        "public",
        "--output",
        again.to_str().unwrap(),
    ])
    .ok();
    assert_eq!(f.read("again/manifest.json"), text);
}

#[test]
fn files_of_the_site_may_not_take_the_addresses_of_generated_files() {
    let f = mixed_site();
    f.write("content/sitemap.xml", "<urlset/>\n");
    f.write("content/papers.xml", "<feed/>\n");
    f.write("content/manifest.json", "{}\n");
    let run = f.run(&["build"]);
    run.error_at(
        "content/sitemap.xml:1:1",
        "where safeguard writes the sitemap",
    );
    run.error_at(
        "content/papers.xml:1:1",
        "where safeguard writes the feed of committee papers",
    );
    run.error_at(
        "content/manifest.json:1:1",
        "where safeguard writes the build's manifest",
    );

    let f = mixed_site();
    f.write("static/manifest.json", "{}\n");
    f.run(&["build"]).error_at(
        "static/manifest.json",
        "would be published at /manifest.json, where safeguard makes the site's manifest.json",
    );

    // A folder without its own page takes the address too.
    let f = mixed_site();
    f.write(
        "content/old.md",
        "---\ntitle: Old\nvisibility: public\nreview_date: 2027-01-01\n---\n",
    );
    f.write(
        "content/review/notes.md",
        "---\ntitle: Notes\nvisibility: public\n---\n",
    );
    f.run(&["build"]).error_at(
        "content/review/notes.md:1:1",
        "at or under /review/, where safeguard lists pages by review date",
    );
}

/// A word as the index holds it: folded and stemmed.
fn term(word: &str) -> String {
    safeguard::search::words::term(word)
}

/// The search index of a build, read as `search.js` reads it: the pages (URLs) each
/// word is on.
fn search_index(f: &Fixture) -> std::collections::BTreeMap<String, Vec<String>> {
    let page = f.read("output/search/index.html");
    let at = page
        .find("data-index=\"")
        .expect("the search page names its index")
        + 12;
    let entry = &page[at..at + page[at..].find('"').unwrap()];
    let entry = entry.trim_start_matches("../");
    let piece = |rel: &str| -> serde_json::Value {
        let text = f.read(&format!("output/{rel}"));
        let json = text
            .split_once(',')
            .and_then(|(_, rest)| rest.trim_end().strip_suffix(");"))
            .unwrap_or_else(|| panic!("{rel} is not a piece of the index: {text}"));
        serde_json::from_str(json).unwrap()
    };
    let meta = piece(entry);
    let results = meta["n"].as_u64().unwrap() as usize;
    let per = meta["r"].as_u64().unwrap() as usize;
    let urls: Vec<String> = (0..results)
        .map(|n| {
            piece(&format!("search/f/{}.js", n / per))[n % per]["u"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut words = std::collections::BTreeMap::new();
    for shard in meta["w"].as_array().unwrap() {
        let name = shard[1].as_str().unwrap();
        for (word, value) in piece(&format!("search/{name}.js")).as_object().unwrap() {
            // A list of [gap, score, …], or a bitmap of every result (base64).
            let mut pages = Vec::new();
            if let Some(bits) = value.get("b") {
                let bytes = base64_decode(bits.as_str().unwrap());
                for n in 0..results {
                    if bytes[n / 8] & (1 << (n % 8)) != 0 {
                        pages.push(urls[n].clone());
                    }
                }
            } else {
                let list = value.get("p").unwrap_or(value).as_array().unwrap();
                let mut page = 0;
                for pair in list.chunks(2) {
                    page += pair[0].as_u64().unwrap() as usize;
                    pages.push(urls[page].clone());
                }
            }
            words.insert(word.clone(), pages);
        }
    }
    words
}

fn base64_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let sextets: Vec<u32> = s
        .bytes()
        .filter(|&b| b != b'=')
        .map(|b| ALPHABET.iter().position(|&a| a == b).unwrap() as u32)
        .collect();
    let mut out = Vec::new();
    for chunk in sextets.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0, |n, (i, v)| n | v << (18 - 6 * i));
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

#[test]
fn search_indexes_the_published_audience_only() {
    let f = mixed_site();
    f.run(&["build"]).ok();
    let index = search_index(&f);
    assert!(
        index[&term("zzprivbody")].contains(&"training/zzprivmodule/".to_string()),
        "{:?}",
        index.get(&term("zzprivbody"))
    );
    // Words of the body, the title and the glossary, each on its page.
    assert!(index["lscb"].contains(&"training/open/".to_string()));
    // A glossary entry is a result of its own, at its place on the glossary page.
    assert!(
        index["lscb"].iter().any(|u| u.starts_with("glossary/#")),
        "{:?}",
        index["lscb"]
    );
    assert!(index[&term("module")].contains(&"training/open/".to_string()));
    // Navigation, the footer and the section listing are not the page's words.
    assert!(!index.contains_key("skip"), "{:?}", index.get("skip"));
    assert!(!index["open"].contains(&"training/".to_string()));

    f.run(&["build", "--audience", "public"]).ok();
    let index = search_index(&f);
    let private: Vec<&String> = index.keys().filter(|w| w.starts_with("zzpriv")).collect();
    assert!(
        private.is_empty(),
        "private words in the index: {private:?}"
    );
    assert!(index["lscb"].contains(&"training/open/".to_string()));
    for pages in index.values() {
        assert!(!pages.iter().any(|u| u.contains("zzpriv")), "{pages:?}");
    }
}

#[test]
fn every_page_has_a_search_box_and_the_search_page_works_without_javascript_to_say_so() {
    let f = mixed_site();
    f.run(&["build"]).ok();
    let page = f.read("output/training/open/index.html");
    assert!(
        page.contains("<form class=\"site-search\" role=\"search\" aria-label=\"This site\" action=\"../../search/\" method=\"get\">"),
        "{page}"
    );
    let search = f.read("output/search/index.html");
    assert!(search.contains("<input type=\"search\" id=\"search-q\" name=\"q\""));
    assert!(search.contains("Search needs JavaScript"));
    assert!(search.contains("<script src=\"../search.js\""));
    assert!(f.exists("output/search.js"));
    // The search page is not in its own index, nor is the 404 page.
    let index = search_index(&f);
    let pages: Vec<&String> = index.values().flatten().collect();
    assert!(
        !pages.iter().any(|u| *u == "search/" || *u == "404"),
        "{pages:?}"
    );
    assert!(pages.iter().any(|u| *u == "glossary/"), "{pages:?}");
}

#[test]
fn a_theme_without_a_search_page_has_no_search() {
    let f = Fixture::new();
    f.write("site.yaml", "title: Own theme\ntheme: plain\n");
    f.write("content/_index.md", "---\ntitle: Home\n---\n\nWelcome.\n");
    f.write("content/about.md", "---\ntitle: About\n---\n\nAbout us.\n");
    for t in common::THEME_TEMPLATES {
        f.write(
            &format!("themes/plain/templates/{t}"),
            "{% extends \"base.html\" %}{% block main %}{{ page.content | safe }}{% endblock main %}\n",
        );
    }
    f.write(
        "themes/plain/templates/base.html",
        "<!doctype html><html lang=\"en\"><title>{{ page.title }}</title>{% if search_url %}SEARCH{% endif %}{% block main %}{% endblock main %}</html>\n",
    );
    f.run(&["build"]).ok();
    assert!(f.exists("output/about/index.html"));
    assert!(!f.exists("output/search"));
    assert!(!f.read("output/index.html").contains("SEARCH"));
}

#[test]
fn a_page_may_not_take_the_search_address() {
    let f = mixed_site();
    f.write(
        "content/search.md",
        "---\ntitle: Search\nvisibility: public\n---\n",
    );
    f.run(&["build"]).error_at(
        "content/search.md:1:1",
        "at or under /search/, where safeguard puts the search page and its index",
    );
}
