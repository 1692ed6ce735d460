//! The personal-data guard: text that is almost certainly a person's identifier.
//!
//! Only patterns with a check digit or a strict format, so that a hit is worth
//! stopping a public build for:
//! - NHS numbers (and Scotland's CHI numbers, which share the check): ten digits
//!   passing the modulus 11 check, written together (`9434765919`) or as 3-3-4
//!   (`943 476 5919`). Numbers starting 999 are reserved for testing and never
//!   issued, so they are allowed as examples.
//! - National Insurance numbers: two letters from the allowed set, six digits and a
//!   suffix A–D (HMRC's format; the prefixes never issued are left out, so HMRC's own
//!   example `QQ 12 34 56 C` is allowed). Spelled together (`AB123456C`), or with
//!   separators between the prefix, the pairs and the suffix (`AB 12 34 56 C`,
//!   `ab-12-34-56-c`, `AB 123456 C`), in any case. Without the suffix only when the
//!   pairs are written apart (`AB 12 34 56`): `SC123456` is a Scottish charity or
//!   company number as often as anything.
//!
//! How a number may be disguised, and still be one (what a reader would see):
//! - Digits of any script: every Unicode decimal digit (category Nd) counts as its
//!   value (Arabic-Indic `٩٤٣`, fullwidth `９４３`, Devanagari, mathematical bold…).
//! - Between the groups, a run of at most three separators: spaces of any kind (space,
//!   no-break spaces U+00A0 and U+202F, U+2000–U+200A, U+205F, U+3000), dashes of any
//!   kind (`-`, U+2010–U+2015, U+2212, small and fullwidth hyphen-minus), dots (`.`,
//!   U+2024, U+FF0E), and at most one line break (with only spaces beside it, and any
//!   indentation after it: a blank line is a new paragraph, and `\n- ` a new list
//!   item, so neither joins).
//! - Invisible characters are ignored wherever they are, even inside a group:
//!   zero-width space, joiners, word joiner, byte-order mark, soft hyphen.
//! - In sources, character references stand for their character (`&nbsp;`, `&#160;`,
//!   `&#xa0;`, `&#57;` for 9, `&ndash;`…), `\ ` (Markdown's escaped space) for a
//!   space, and the escapes of YAML's double-quoted strings for theirs (`\u00a0`,
//!   `\x20`, `\_`).
//! - Not a tab, comma, slash, colon or anything else: a tab separates the columns of
//!   pasted tables, a comma the figures of a list, a slash a date's parts.
//! - The number must stand alone: a run of letters and digits containing it (a
//!   SHA-256 digest, `ref9434765919`) or more groups of digits around it
//!   (`1 943 476 5919`, `943 476 5919 2`) make it something else.
//!
//! A deliberate example is allowed by writing `personal-data: example` on its line or
//! the line above (in an HTML comment in Markdown, a `#` comment in YAML).

mod chars;
mod detector;
mod escapes;
mod nhs;
mod ni;

pub use super::charref::char_ref;
pub use chars::{Class, classify};
pub use detector::Detector;

use chars::ASCII;
use escapes::backslash_escape;

/// What was found, and where (byte offsets into the text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub offset: usize,
    /// Where the number ends.
    pub end: usize,
    pub kind: Identifier,
    /// The number itself, spelled plainly: ten ASCII digits, or two capital letters
    /// and six digits (a National Insurance number's suffix left out). The same number
    /// however disguised gives the same value.
    pub value: String,
    /// Marked as an example (`personal-data: example`).
    pub allowed: bool,
}

/// What kind of personal identifier a number is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Identifier {
    NhsNumber,
    NationalInsurance,
}

impl Identifier {
    pub fn describe(self) -> &'static str {
        match self {
            Identifier::NhsNumber => "an NHS number (it passes the NHS number check digit test)",
            Identifier::NationalInsurance => "a National Insurance number",
        }
    }
}

/// A number by kind and plain spelling ([`Finding::value`]): the same number however
/// written.
pub type Spelled = (Identifier, String);

/// The marker that allows an example on its line or the next.
pub const ALLOW: &str = "personal-data: example";

/// Every finding in the source text `text`, allowed examples marked as such.
/// Character references and `\ ` are read as what they stand for. Where the text
/// holds HTML comments it is read twice: as written, and as a browser shows it, with
/// the comments gone and the text either side joined (`9<!-- -->43 476 5919`).
pub fn scan_all(text: &str) -> Vec<Finding> {
    let mut d = Detector::new();
    read_source(&mut d, text, 0..text.len());
    let mut found = d.finish();
    if memchr::memmem::find(text.as_bytes(), b"<!--").is_some() {
        let mut d = Detector::new();
        for shown in outside_comments(text) {
            read_source(&mut d, text, shown);
        }
        for f in d.finish() {
            if !found
                .iter()
                .any(|g| g.offset == f.offset && g.value == f.value)
            {
                found.push(f);
            }
        }
        found.sort_by_key(|f| f.offset);
    }
    for f in &mut found {
        f.allowed = is_marked(text, f.offset, f.end);
    }
    found
}

/// The stretches of `text` outside its HTML comments, as a browser ends them.
fn outside_comments(text: &str) -> Vec<std::ops::Range<usize>> {
    let b = text.as_bytes();
    let mut shown = Vec::new();
    let mut from = 0;
    while let Some(n) = memchr::memmem::find(&b[from..], b"<!--") {
        let open = from + n;
        shown.push(from..open);
        from = super::comment::at(b, open).1;
    }
    shown.push(from..b.len());
    shown
}

/// Feeds the source text in `range` of `text` to `d`, references read as what they
/// stand for, without ending the run at either end.
fn read_source(d: &mut Detector, text: &str, range: std::ops::Range<usize>) {
    let b = &text.as_bytes()[..range.end];
    let mut i = range.start;
    while i < b.len() {
        i = d.skip_quiet(b, i);
        let Some(&c) = b.get(i) else { break };
        if c < 0x80 {
            match c {
                b'&' => {
                    if let Some((ch, len)) = char_ref(&b[i..]) {
                        d.push(classify(ch), i, len);
                        i += len;
                        continue;
                    }
                }
                b'\\' => {
                    if let Some((ch, len)) = backslash_escape(&b[i..]) {
                        d.push(classify(ch), i, len);
                        i += len;
                        continue;
                    }
                }
                _ => {}
            }
            d.push(ASCII[c as usize], i, 1);
            i += 1;
        } else {
            let ch = text[i..].chars().next().expect("a char boundary");
            d.push(classify(ch), i, ch.len_utf8());
            i += ch.len_utf8();
        }
    }
}

/// Every finding in plain text (no references read): a file name, a string already
/// decoded.
pub fn scan_plain(text: &str) -> Vec<Finding> {
    let mut d = Detector::new();
    for (i, c) in text.char_indices() {
        d.push(classify(c), i, c.len_utf8());
    }
    d.finish()
}

/// Whether the marker is on a line the number is on, or on the line above it.
pub fn is_marked(text: &str, start: usize, end: usize) -> bool {
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |n| n + 1);
    let first = line_start(start);
    let from = if first == 0 { 0 } else { line_start(first - 1) };
    let to = text[end..].find('\n').map_or(text.len(), |n| end + n);
    text[from..to].contains(ALLOW)
}

#[cfg(test)]
mod tests {
    use super::nhs::valid_nhs_number;
    use super::*;

    /// Every finding in `text`, in order, leaving out allowed examples.
    fn scan(text: &str) -> Vec<Finding> {
        let mut found = scan_all(text);
        found.retain(|f| !f.allowed);
        found
    }

    fn kinds(text: &str) -> Vec<Identifier> {
        scan(text).into_iter().map(|f| f.kind).collect()
    }

    fn values(text: &str) -> Vec<String> {
        scan(text).into_iter().map(|f| f.value).collect()
    }

    const NHS: &str = "9434765919";

    #[test]
    fn nhs_numbers_are_checked_by_their_check_digit() {
        // 943 476 5919 is valid: 9×10+4×9+3×8+4×7+7×6+6×5+5×4+9×3+1×2 = 299,
        // 299 mod 11 = 2, 11 − 2 = 9.
        assert_eq!(kinds("NHS no. 943 476 5919."), vec![Identifier::NhsNumber]);
        assert_eq!(kinds("9434765919"), vec![Identifier::NhsNumber]);
        assert_eq!(kinds("943-476-5919"), vec![Identifier::NhsNumber]);
        // One digit off fails the check.
        assert!(kinds("943 476 5918").is_empty());
        // A remainder giving 10 is never valid.
        assert!(!valid_nhs_number(&[0, 0, 0, 0, 0, 0, 0, 0, 1, 0]));
    }

    #[test]
    fn a_comment_inside_the_number_is_read_as_a_browser_shows_it() {
        assert_eq!(values("NHS 9<!-- -->43 476 5919 seen"), vec![NHS]);
        assert_eq!(values("943<!-- a -->476<!-- b -->5919"), vec![NHS]);
        // The number in a comment is found once, where it is written.
        let found = scan("<!-- 943 476 5919 --> and 9<!--x-->43 476 5919");
        assert_eq!(
            found.iter().map(|f| f.offset).collect::<Vec<_>>(),
            vec![5, 26]
        );
        // A browser ends a comment at `--!>` too, and reads `<!-->` as one.
        assert_eq!(
            values("<div>NHS 9<!-- --!>43 476 5919 seen</div>"),
            vec![NHS]
        );
        assert_eq!(values("9<!-->43 476 5919"), vec![NHS]);
        // An unclosed comment hides the rest.
        assert!(scan("943 476 <!-- 5919").is_empty());
        // The comment marks an example either way.
        assert!(scan("943<!-- personal-data: example -->476 5919").is_empty());
    }

    #[test]
    fn findings_say_where_the_number_starts_and_ends() {
        let text = "Seen: 943 476 5919 today";
        let f = &scan(text)[0];
        assert_eq!((f.offset, f.end), (6, 18));
        assert_eq!(f.value, NHS);
    }

    #[test]
    fn every_kind_of_separator_joins_the_groups() {
        for sep in [
            " ",
            "\u{a0}",
            "\u{202f}",
            "\u{2002}",
            "\u{2009}",
            "\u{200a}",
            "\u{3000}",
            "-",
            "\u{2010}",
            "\u{2011}",
            "\u{2012}",
            "\u{2013}",
            "\u{2014}",
            "\u{2015}",
            "\u{2212}",
            ".",
            "\n",
            "  ",
            " - ",
            " \u{2013} ",
            "\n   ",
            "\u{ff0d}",
        ] {
            let text = format!("NHS 943{sep}476{sep}5919 seen");
            assert_eq!(values(&text), vec![NHS], "separator {sep:?}");
        }
        // Different separators between the two pairs of groups.
        assert_eq!(values("943 476-5919"), vec![NHS]);
        assert_eq!(values("943.476\u{a0}5919"), vec![NHS]);
    }

    #[test]
    fn invisible_characters_are_ignored_even_inside_a_group() {
        for zw in [
            "\u{200b}", "\u{200c}", "\u{200d}", "\u{2060}", "\u{feff}", "\u{ad}",
        ] {
            assert_eq!(values(&format!("94{zw}34765919")), vec![NHS], "{zw:?}");
            assert_eq!(
                values(&format!("943{zw} 476 {zw}5919")),
                vec![NHS],
                "{zw:?}"
            );
            assert_eq!(values(&format!("943{zw}476{zw}5919")), vec![NHS], "{zw:?}");
        }
    }

    #[test]
    fn escaped_spaces_in_sources_are_spaces() {
        for sep in [
            "&nbsp;",
            "&#160;",
            "&#xa0;",
            "&#xA0;",
            "&#8239;",
            "&thinsp;",
            "\\ ",
            "&ndash;",
            "&#32;",
            "\\u00a0",
            "\\x20",
            "\\_",
            "\\U0000202F",
        ] {
            assert_eq!(
                values(&format!("943{sep}476{sep}5919")),
                vec![NHS],
                "{sep:?}"
            );
        }
        // A reference to a digit is the digit.
        assert_eq!(values("&#57;434765919"), vec![NHS]);
        // Unknown references are text: they end a number.
        assert!(values("943&foo;476&foo;5919").is_empty());
    }

    #[test]
    fn digits_of_every_script_count() {
        let spell = |zero: u32| -> String {
            NHS.bytes()
                .map(|d| char::from_u32(zero + u32::from(d - b'0')).unwrap())
                .collect()
        };
        for zero in [
            0x660, 0x6F0, 0x966, 0x9E6, 0xFF10, 0x1D7CE, 0x1D7EC, 0x1040, 0xE50,
        ] {
            let digits = spell(zero);
            assert_eq!(values(&digits), vec![NHS], "{digits}");
            let grouped: String = format!(
                "{} {} {}",
                digits.chars().take(3).collect::<String>(),
                digits.chars().skip(3).take(3).collect::<String>(),
                digits.chars().skip(6).collect::<String>()
            );
            assert_eq!(values(&grouped), vec![NHS], "{grouped}");
        }
        // Mixed scripts too.
        assert_eq!(values("٩٤٣ 476 ５９１９"), vec![NHS]);
    }

    #[test]
    fn other_numbers_are_not_nhs_numbers() {
        // Mixed grouping, longer runs, parts of longer numbers, words.
        assert!(kinds("943 4765919").is_empty());
        assert!(kinds("94347659190").is_empty());
        assert!(kinds("1 943 476 5919").is_empty());
        assert!(kinds("943 476 5919 2").is_empty());
        assert!(kinds("ref9434765919").is_empty());
        assert!(kinds("9434765919ab").is_empty());
        // Test numbers (999…) are never issued.
        assert!(kinds("999 000 0018").is_empty());
        assert!(kinds("9990000018").is_empty());
    }

    #[test]
    fn digests_ids_phone_numbers_dates_and_money_are_not_numbers() {
        let not = [
            // SHA-256 digests, with a valid number inside.
            "sha256: 3f9434765919a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            // Phone numbers.
            "Call 0113 496 0000 or 020 7946 0000, +44 113 496 0000, (0113) 496 0000.",
            "01134960000",
            // ODS codes and postcodes.
            "RR8, B82005, E38000001, LS1 4HR",
            // Dates and times.
            "2024-03-15, 15.03.2024, 15/03/2024 10:30, 2024.03.15",
            // Money and figures.
            "£943,476.59, £9,434,765,919, 943,476,5919",
            // Columns of a pasted table, cells of a Markdown one.
            "943\t476\t5919",
            "| 943 | 476 | 5919 |",
            // A list of figures, a paragraph break between groups.
            "- 943\n- 476\n- 5919",
            "943\n\n476 5919",
            // Too many separators: aligned columns.
            "943     476     5919",
            // Decimals.
            "3.1415926535, 943.4765919",
        ];
        for text in not {
            assert!(kinds(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn national_insurance_numbers_follow_hmrc_format() {
        assert_eq!(kinds("NI: AB123456C"), vec![Identifier::NationalInsurance]);
        assert_eq!(kinds("AB 12 34 56 C."), vec![Identifier::NationalInsurance]);
        // Prefixes never issued; suffixes outside A–D; letters inside a word.
        assert!(kinds("QQ123456C").is_empty());
        assert!(kinds("GB123456A").is_empty());
        assert!(kinds("AO123456A").is_empty());
        assert!(kinds("AB123456E").is_empty());
        assert!(kinds("XAB123456C").is_empty());
        assert!(kinds("AB123456C7").is_empty());
    }

    #[test]
    fn national_insurance_numbers_in_their_common_spellings() {
        for text in [
            "AB123456C",
            "ab123456c",
            "Ab123456c",
            "AB 12 34 56 C",
            "ab 12 34 56 c",
            "AB-12-34-56-C",
            "AB.12.34.56.C",
            "AB\u{a0}12\u{a0}34\u{a0}56\u{a0}C",
            "AB&nbsp;12&nbsp;34&nbsp;56&nbsp;C",
            "AB 123456 C",
            "AB123456 C",
            "AB 12 34 56",
            "AB 12 34 56, then",
            "AB １２３４５６ C",
        ] {
            let found = scan(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].kind, Identifier::NationalInsurance, "{text}");
            assert_eq!(found[0].value, "AB123456", "{text}");
        }
    }

    #[test]
    fn codes_like_national_insurance_numbers_are_not() {
        for text in [
            // Scottish charity and company numbers: no suffix, pairs together.
            "SC012345",
            "SC123456",
            "OC301234",
            // HMRC's example prefix is never issued.
            "QQ 12 34 56 C",
            // Pairs then more digits, or another letter.
            "AB 12 34 56 78",
            "AB 12 34 56 E",
            // Split where the format does not split.
            "AB1 23456C",
            "A B123456C",
            // Inside a longer run.
            "XYAB123456C",
            "AB123456CD",
        ] {
            assert!(kinds(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn the_marker_allows_an_example_on_its_line_or_the_next() {
        assert!(kinds("943 476 5919 <!-- personal-data: example -->").is_empty());
        assert!(kinds("<!-- personal-data: example -->\n943 476 5919\n").is_empty());
        let far = "<!-- personal-data: example -->\n\n943 476 5919\n";
        assert_eq!(scan(far)[0].offset, far.find("943").unwrap());
        // Allowed findings are still seen, marked.
        let all = scan_all("943 476 5919 # personal-data: example");
        assert!(all[0].allowed);
    }

    #[test]
    fn a_number_across_a_line_break_is_placed_at_its_start() {
        let text = "line one\nthe number 943\n476 5919 here\n";
        let f = &scan(text)[0];
        assert_eq!(f.offset, text.find("943").unwrap());
        // The marker on the line the number ends on counts too.
        assert!(scan("943\n476 5919 <!-- personal-data: example -->").is_empty());
    }

    #[test]
    fn plain_text_reads_no_references() {
        assert!(scan_plain("943&nbsp;476&nbsp;5919").is_empty());
        assert_eq!(scan_plain("case-943-476-5919/index.html").len(), 1);
    }
}
