//! Tags: a page per tag listing every published page, module and paper with it, an
//! index of tags, and the tags on each page linked to their pages. (That a public
//! build gathers only public items is in `publishing.rs`, with every other kind.)

mod common;

use common::Fixture;

fn tagged() -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/training/_index.md",
        "---\ntitle: Training\ntags: [Board]\n---\n\nThe course.\n",
    );
    f.write(
        "content/training/01-law.md",
        "---\ntitle: The law\ntype: module\ntags: [Section 11, legislation, \"!!!\"]\n---\n\nText.\n",
    );
    f.write(
        "content/papers/2016-s11.md",
        "---\ntitle: A section 11 paper\ntype: paper\ntags: [section-11]\npaper:\n  meeting: Quality and Safety Committee\n  meeting_date: 2016-09-06\n  action_required: [assurance]\n  purpose: To give assurance.\n---\n\nThe paper.\n",
    );
    f.write(
        "content/about.md",
        "---\ntitle: About\ntags: [section-11, About]\n---\n\nAbout.\n",
    );
    f.write(
        "content/draft.md",
        "---\ntitle: Work in progress\ndraft: true\ntags: [legislation]\n---\n\nDraft.\n",
    );
    f
}

/// The `href`s of the links in an HTML file whose text is `text`.
fn hrefs_to(html: &str, text: &str) -> Vec<String> {
    html.split("<a ")
        .skip(1)
        .filter(|a| {
            a.split_once('>')
                .is_some_and(|(_, rest)| rest.starts_with(text))
        })
        .filter_map(|a| Some(a.split_once("href=\"")?.1.split_once('"')?.0.to_string()))
        .collect()
}

#[test]
fn each_tag_has_a_page_listing_what_has_it_and_the_index_counts_them() {
    let f = tagged();
    f.build().ok();
    // Spellings that differ only in case or punctuation share a page, named by the
    // spelling most pages use.
    let s11 = f.read("output/tags/section-11/index.html");
    assert!(s11.contains("<h1>Topic: section-11</h1>"), "{s11}");
    for title in ["The law", "A section 11 paper", "About"] {
        assert!(
            s11.contains(&format!(">{title}</a>")),
            "{title} missing:\n{s11}"
        );
    }
    assert!(s11.contains("3 pages tagged"), "{s11}");
    // In order by title, and with the kind of each shown as listings show it.
    let cards = &s11[s11.find("class=\"cards\"").unwrap()..];
    let at = |t: &str| cards.find(&format!(">{t}</a>")).unwrap();
    assert!(at("A section 11 paper") < at("About") && at("About") < at("The law"));
    assert!(
        s11.contains("tag-module") && s11.contains("tag-paper"),
        "{s11}"
    );
    // A section's own page is a page like any other.
    assert!(
        f.read("output/tags/board/index.html")
            .contains(">Training</a>")
    );
    // The index: every tag once, by name, with its count, linking relatively.
    let index = f.read("output/tags/index.html");
    assert_eq!(hrefs_to(&index, "section-11"), ["../tags/section-11/"]);
    assert!(
        index.contains("section-11</a> <span class=\"muted\">3 pages</span>"),
        "{index}"
    );
    assert!(
        index.contains("legislation</a> <span class=\"muted\">1 page</span>"),
        "{index}"
    );
    let list = &index[index.find("class=\"tag-index\"").unwrap()..];
    let order: Vec<usize> = ["About", "Board", "legislation", "section-11"]
        .iter()
        .map(|t| list.find(&format!(">{t}</a>")).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{index}");
    // A tag with no letters or digits has no page, and the draft is not listed.
    let tags: Vec<String> = std::fs::read_dir(f.path("output/tags"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(
        tags,
        ["about", "board", "index.html", "legislation", "section-11"]
    );
    assert!(
        !f.read("output/tags/legislation/index.html")
            .contains("Work in progress")
    );
    // Tag pages are in the sitemap only when there is one; here, in the output.
    assert!(f.exists("output/tags/about/index.html"));
}

#[test]
fn the_tags_on_a_page_link_to_their_pages() {
    let f = tagged();
    f.build().ok();
    let module = f.read("output/training/law/index.html");
    assert_eq!(hrefs_to(&module, "Section 11"), ["../../tags/section-11/"]);
    assert_eq!(
        hrefs_to(&module, "legislation"),
        ["../../tags/legislation/"]
    );
    // As written on the page, and a tag without a page is shown, not linked.
    assert!(module.contains("<li class=\"tag\">!!!</li>"), "{module}");
    let paper = f.read("output/papers/2016-s11/index.html");
    assert_eq!(hrefs_to(&paper, "section-11"), ["../../tags/section-11/"]);
    let about = f.read("output/about/index.html");
    // (The menu links to the page too, folded for a phone and as a row.)
    assert_eq!(
        hrefs_to(&about, "About"),
        ["../about/", "../about/", "../tags/about/"]
    );
}

#[test]
fn with_drafts_a_draft_is_listed_as_a_draft() {
    let f = tagged();
    f.run(&["build", "--drafts"]).ok();
    let page = f.read("output/tags/legislation/index.html");
    assert!(page.contains(">Work in progress</a>"), "{page}");
    assert!(page.contains("tag-draft"), "{page}");
    assert!(page.contains("2 pages tagged"), "{page}");
}

#[test]
fn a_source_at_the_address_of_the_tags_is_an_error_naming_it() {
    let f = tagged();
    f.write("content/tags.md", "---\ntitle: My tags\n---\n\nMine.\n");
    f.build().error_at(
        "content/tags.md:1:1",
        "where safeguard lists pages by topic",
    );
    // Without any tags the address is free.
    let f = Fixture::new();
    f.write("content/tags.md", "---\ntitle: My tags\n---\n\nMine.\n");
    f.build().ok();
    assert!(f.read("output/tags/index.html").contains("My tags"));
}

#[test]
fn a_theme_without_tag_templates_makes_no_tag_pages_and_shows_tags_as_text() {
    let f = tagged();
    f.write(
        "site.yaml",
        "title: Fixture site\ndefault_visibility: public\ntheme: plain\n",
    );
    for t in common::THEME_TEMPLATES {
        f.write(&format!("themes/plain/templates/{t}"), "{{ page.title }}\n");
    }
    f.write(
        "themes/plain/templates/page.html",
        "{{ page.title }}{% for t in page.tags %} [{{ t }}]{% endfor %}{% for t in page.tag_links %} <a>{{ t.name }}</a>{% endfor %}\n",
    );
    f.build().ok();
    assert!(!f.exists("output/tags"));
    assert_eq!(
        f.read("output/about/index.html"),
        "About [section-11] [About]\n"
    );
}

#[test]
fn a_source_deeper_under_the_tags_or_at_a_tag_page_is_an_error_naming_it() {
    // A folder with neither `_index.md` nor pages of its own, only a folder of
    // pages: its page and its folder's still take /tags/ and /tags/sub/. They once
    // took them silently, one page or the other winning at random.
    let f = tagged();
    f.write(
        "content/tags/sub/notes.md",
        "---\ntitle: Notes\n---\n\nMine.\n",
    );
    f.build().error_at(
        "content/tags/sub/notes.md:1:1",
        "at or under /tags/, where safeguard lists pages by topic",
    );
    // The same, under any other address safeguard keeps.
    let f = Fixture::new();
    f.write(
        "content/search/sub/notes.md",
        "---\ntitle: Notes\n---\n\nMine.\n",
    );
    f.build().error_at(
        "content/search/sub/notes.md:1:1",
        "at or under /search/, where safeguard puts the search page",
    );
    // The glossary makes no folder's page: at a tag's address it once lost its
    // page to the tag's.
    let f = tagged();
    f.write(
        "content/tags/glossary.yaml",
        "kind: glossary\nterms:\n  LSCB: Local Safeguarding Children Board\n",
    );
    f.write(
        "content/extra.md",
        "---\ntitle: Extra\ntags: [Glossary]\n---\n\nMore.\n",
    );
    f.build().error_at(
        "content/tags/glossary.yaml:1:1",
        "/tags/glossary/, where safeguard lists the pages on the topic",
    );
}

#[test]
fn a_module_or_paper_without_tags_is_as_it_was_before_tags() {
    let f = Fixture::new();
    f.write(
        "content/training/01-law.md",
        "---\ntitle: The law\ntype: module\n---\n\nText.\n",
    );
    f.write(
        "content/papers/2016-s11.md",
        "---\ntitle: A paper\ntype: paper\npaper:\n  meeting: Quality and Safety Committee\n  meeting_date: 2016-09-06\n  action_required: [assurance]\n  purpose: To give assurance.\n---\n\nThe paper.\n",
    );
    f.build().ok();
    // The bytes the build before tags wrote (c29fef3): the topics' place in the
    // templates adds nothing, not even a line, where there are none.
    let module = f.read("output/training/law/index.html");
    assert!(
        module.contains("<p>Text.</p>\n\n  </div>\n  \n\n  <p class=\"print-link\""),
        "{module}"
    );
    let paper = f.read("output/papers/2016-s11/index.html");
    assert!(
        paper.contains("<p>The paper.</p>\n\n    </div>\n  </div>\n  \n\n</article>"),
        "{paper}"
    );
}

#[test]
fn a_tag_too_long_for_an_address_is_an_error_at_its_line() {
    let f = tagged();
    let long = "a".repeat(300);
    f.write(
        "content/long.md",
        &format!("---\ntitle: Long\ntags: [short, \"{long}\"]\n---\n\nText.\n"),
    );
    // `check` says so too: it once passed, and the build failed at the write with
    // no file named.
    f.run(&["check"]).error_at("content/long.md:3", "too long");
    f.build().error_at("content/long.md:3", "too long");
    assert!(!f.exists("output"));
}
