//! How a body's HTML is read back.

use super::*;

fn read(html: &str) -> String {
    let none = |_: &str| None;
    let mut r = Reader::new(&none, None);
    serde_json::to_string(&r.read(html)).unwrap()
}

#[test]
fn paragraphs_collapse_space_and_leave_out_what_print_hides() {
    let json = read(
        "<h2 id=\"a\">One<a class=\"heading-anchor\" href=\"#a\">#</a></h2>\n<p>  Some\n <em>text</em> <span class=\"visually-hidden\">(hidden)</span></p>",
    );
    assert_eq!(
        json,
        r#"[{"t":"heading","c":{"level":2,"label":"a","text":["One"]}},{"t":"para","c":["Some ",{"t":"emph","c":["text"]}]}]"#
    );
}

#[test]
fn tables_keep_header_rows_row_headers_spans_and_numbers() {
    let json = read(
        "<table><caption>Table 1. Staff</caption><thead><tr><th>Level</th><th class=\"num\">Staff</th></tr></thead><tbody><tr><th scope=\"row\">Level 3</th><td class=\"num\" colspan=\"2\">12</td></tr></tbody></table>",
    );
    assert!(json.contains(r#""caption":["Table 1. Staff"]"#), "{json}");
    assert!(
        json.contains(r#""header":"col","span":1,"rows":1,"num":true"#),
        "{json}"
    );
    assert!(
        json.contains(
            r#""header":"row","span":1,"rows":1,"num":false,"blocks":[{"t":"plain","c":["Level 3"]}]"#
        ),
        "{json}"
    );
    assert!(
        json.contains(r#""header":null,"span":2,"rows":1,"num":true"#),
        "{json}"
    );
}

#[test]
fn a_short_row_is_filled_so_each_cell_stays_under_its_column() {
    let none = |_: &str| None;
    let mut r = Reader::new(&none, None);
    // The first cell spans two rows, so the second row's two cells are its columns
    // 2 and 3; the third row is one short.
    let blocks = r.read("<table><tr><th rowspan=\"2\">Org</th><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr><tr><td>e</td><td>f</td></tr></table>");
    let Block::Table(t) = &blocks[0] else {
        panic!()
    };
    let widths: Vec<usize> = t.body.iter().map(Vec::len).collect();
    assert_eq!(widths, [3, 2, 3]);
    assert_eq!(t.body[0][0].rows, 2);
}

#[test]
fn a_chart_keeps_its_svg_and_its_title_as_alternative_text() {
    let none = |_: &str| None;
    let mut r = Reader::new(&none, None);
    let blocks = r.read(
        "<figure><svg class=\"chart\" width=\"400\" viewBox=\"0 0 400 100\"><title>Grades &lt;all&gt;</title><desc>Two bars</desc><rect class=\"chart-bar\" x=\"0\" y=\"0\" width=\"10\" height=\"10\"/><text x=\"1\" y=\"2\">A &amp; B</text></svg><figcaption>Figure 1</figcaption></figure>",
    );
    let json = serde_json::to_string(&blocks).unwrap();
    assert!(
        json.contains(r#""alt":"Grades <all>. Two bars","width":300,"caption":["Figure 1"]"#),
        "{json}"
    );
    let svg = String::from_utf8(r.pictures[0].clone()).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 400 100\" width=\"400\">"), "{svg}");
    assert!(
        svg.contains(
            "<rect class=\"chart-bar\" height=\"10\" width=\"10\" x=\"0\" y=\"0\"></rect>"
        ),
        "{svg}"
    );
    assert!(
        svg.contains("<text x=\"1\" y=\"2\">A &amp; B</text></svg>"),
        "{svg}"
    );
}

#[test]
fn relative_links_are_made_absolute_against_the_page_and_others_kept() {
    let base = Some("https://x.nhs.uk/safe/papers/a/");
    assert_eq!(
        address::absolute(base, "../../audits/2016/"),
        "https://x.nhs.uk/safe/audits/2016/"
    );
    assert_eq!(
        address::absolute(base, "../b/#part"),
        "https://x.nhs.uk/safe/papers/b/#part"
    );
    assert_eq!(
        address::absolute(base, "file.csv?x=1"),
        "https://x.nhs.uk/safe/papers/a/file.csv?x=1"
    );
    assert_eq!(
        address::absolute(base, "../"),
        "https://x.nhs.uk/safe/papers/"
    );
    assert_eq!(address::absolute(base, "#here"), "#here");
    assert_eq!(
        address::absolute(base, "mailto:a@b.nhs.uk"),
        "mailto:a@b.nhs.uk"
    );
    assert_eq!(
        address::absolute(base, "https://www.gov.uk/"),
        "https://www.gov.uk/"
    );
    assert_eq!(address::absolute(None, "../b/"), "../b/");
}

#[test]
fn stray_end_tags_and_unclosed_elements_do_not_lose_text() {
    let json = read("<p>one</div> <strong>two</p><ul><li>three<li>four</ul>");
    assert!(json.contains("one"), "{json}");
    assert!(json.contains("two"), "{json}");
    assert!(json.contains("three") && json.contains("four"), "{json}");
}
