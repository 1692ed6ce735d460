//! The personal-data guard: text that is almost certainly a person's identifier.
//!
//! Only patterns with a check digit or a strict format, so that a hit is worth
//! stopping a public build for:
//! - NHS numbers (and Scotland's CHI numbers, which share the check): ten digits,
//!   written together or as 3-3-4 with spaces or hyphens, passing the modulus 11 check.
//!   Numbers starting 999 are reserved for testing and never issued, so they are
//!   allowed as examples.
//! - National Insurance numbers: two letters from the allowed set, six digits, a
//!   suffix A–D (HMRC's format; the prefixes never issued are left out).
//!
//! A deliberate example is allowed by writing `personal-data: example` on its line or
//! the line above (in an HTML comment in Markdown, a `#` comment in YAML).

/// What was found, and where (byte offset into the text).
#[derive(Debug, PartialEq, Eq)]
pub struct Finding {
    pub offset: usize,
    pub kind: Kind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    NhsNumber,
    NationalInsurance,
}

impl Kind {
    pub fn describe(self) -> &'static str {
        match self {
            Kind::NhsNumber => "an NHS number (it passes the NHS number check digit test)",
            Kind::NationalInsurance => "a National Insurance number",
        }
    }
}

/// The marker that allows an example on its line or the next.
pub const ALLOW: &str = "personal-data: example";

/// Every finding in `text`, in order, leaving out allowed examples.
pub fn scan(text: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut previous_line = "";
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if !line.contains(ALLOW) && !previous_line.contains(ALLOW) {
            for (at, kind) in scan_line(line) {
                found.push(Finding {
                    offset: line_start + at,
                    kind,
                });
            }
        }
        line_start += line.len();
        previous_line = line;
    }
    found
}

fn scan_line(line: &str) -> Vec<(usize, Kind)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts_word = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        if starts_word && b[i].is_ascii_digit() && !after_digit_group(b, i) {
            if let Some(len) = nhs_number_at(b, i) {
                out.push((i, Kind::NhsNumber));
                i += len;
                continue;
            }
        } else if starts_word
            && b[i].is_ascii_uppercase()
            && let Some(len) = national_insurance_at(b, i)
        {
            out.push((i, Kind::NationalInsurance));
            i += len;
            continue;
        }
        i += 1;
    }
    out
}

/// Whether the digit at `i` continues a number written in groups (`12 345…`), so a
/// ten-digit tail of a longer number is not taken for an NHS number.
fn after_digit_group(b: &[u8], i: usize) -> bool {
    i >= 2 && matches!(b[i - 1], b' ' | b'-') && b[i - 2].is_ascii_digit()
}

/// The length of an NHS number starting at `i`, if there is one.
fn nhs_number_at(b: &[u8], i: usize) -> Option<usize> {
    let digits_at = |from: usize, n: usize| {
        b.get(from..from + n)
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    let ends_at = |end: usize| {
        // Not followed by more of a number: another digit, or a separator and a digit.
        match b.get(end) {
            None => true,
            Some(c) if c.is_ascii_alphanumeric() => false,
            Some(b' ' | b'-') => !b.get(end + 1).is_some_and(u8::is_ascii_digit),
            Some(_) => true,
        }
    };
    let (digits, len): (Vec<u8>, usize) = if digits_at(i, 10) && ends_at(i + 10) {
        (b[i..i + 10].to_vec(), 10)
    } else {
        let sep = *b.get(i + 3)?;
        if !matches!(sep, b' ' | b'-')
            || !digits_at(i, 3)
            || !digits_at(i + 4, 3)
            || b.get(i + 7) != Some(&sep)
            || !digits_at(i + 8, 4)
            || !ends_at(i + 12)
        {
            return None;
        }
        let mut d = b[i..i + 3].to_vec();
        d.extend_from_slice(&b[i + 4..i + 7]);
        d.extend_from_slice(&b[i + 8..i + 12]);
        (d, 12)
    };
    let d: Vec<u32> = digits.iter().map(|c| u32::from(c - b'0')).collect();
    (valid_nhs_number(&d) && !d.starts_with(&[9, 9, 9])).then_some(len)
}

/// The modulus 11 check of NHS numbers: weights 10 down to 2 on the first nine
/// digits; 11 minus the remainder is the check digit (11 means 0; 10 is never valid).
pub fn valid_nhs_number(d: &[u32]) -> bool {
    if d.len() != 10 {
        return false;
    }
    let sum: u32 = d[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(digit, weight)| digit * weight)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == d[9]
}

/// The length of a National Insurance number starting at `i`, if there is one:
/// `AB123456C` or `AB 12 34 56 C`.
fn national_insurance_at(b: &[u8], i: usize) -> Option<usize> {
    let first = *b.get(i)?;
    let second = *b.get(i + 1)?;
    // D, F, I, Q, U and V are never used; O never second.
    let allowed = |c: u8| c.is_ascii_uppercase() && !b"DFIQUV".contains(&c);
    if !allowed(first) || !allowed(second) || second == b'O' {
        return None;
    }
    if [b"BG", b"GB", b"KN", b"NK", b"NT", b"TN", b"ZZ"].contains(&&[first, second]) {
        return None;
    }
    let mut at = i + 2;
    let spaced = b.get(at) == Some(&b' ');
    for _ in 0..3 {
        if spaced {
            if b.get(at) != Some(&b' ') {
                return None;
            }
            at += 1;
        }
        if !b.get(at..at + 2)?.iter().all(u8::is_ascii_digit) {
            return None;
        }
        at += 2;
    }
    if spaced {
        if b.get(at) != Some(&b' ') {
            return None;
        }
        at += 1;
    }
    if !matches!(b.get(at), Some(b'A'..=b'D')) {
        return None;
    }
    at += 1;
    if b.get(at).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    Some(at - i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        scan(text).into_iter().map(|f| f.kind).collect()
    }

    #[test]
    fn nhs_numbers_are_checked_by_their_check_digit() {
        // 943 476 5919 is valid: 9×10+4×9+3×8+4×7+7×6+6×5+5×4+9×3+1×2 = 299,
        // 299 mod 11 = 2, 11 − 2 = 9.
        assert_eq!(kinds("NHS no. 943 476 5919."), vec![Kind::NhsNumber]);
        assert_eq!(kinds("9434765919"), vec![Kind::NhsNumber]);
        assert_eq!(kinds("943-476-5919"), vec![Kind::NhsNumber]);
        // One digit off fails the check.
        assert!(kinds("943 476 5918").is_empty());
        // A remainder giving 10 is never valid.
        assert!(!valid_nhs_number(&[0, 0, 0, 0, 0, 0, 0, 0, 1, 0]));
    }

    #[test]
    fn other_numbers_are_not_nhs_numbers() {
        // Mixed grouping, longer runs, parts of longer numbers, words.
        assert!(kinds("943 4765919").is_empty());
        assert!(kinds("94347659190").is_empty());
        assert!(kinds("1 943 476 5919").is_empty());
        assert!(kinds("943 476 5919 2").is_empty());
        assert!(kinds("ref9434765919").is_empty());
        // Test numbers (999…) are never issued.
        assert!(kinds("999 000 0018").is_empty());
    }

    #[test]
    fn national_insurance_numbers_follow_hmrc_format() {
        assert_eq!(kinds("NI: AB123456C"), vec![Kind::NationalInsurance]);
        assert_eq!(kinds("AB 12 34 56 C."), vec![Kind::NationalInsurance]);
        // Prefixes never issued; suffixes outside A–D; letters inside a word.
        assert!(kinds("QQ123456C").is_empty());
        assert!(kinds("GB123456A").is_empty());
        assert!(kinds("AO123456A").is_empty());
        assert!(kinds("AB123456E").is_empty());
        assert!(kinds("XAB123456C").is_empty());
        assert!(kinds("AB 123456 C").is_empty());
    }

    #[test]
    fn the_marker_allows_an_example_on_its_line_or_the_next() {
        assert!(kinds("943 476 5919 <!-- personal-data: example -->").is_empty());
        assert!(kinds("<!-- personal-data: example -->\n943 476 5919\n").is_empty());
        let far = "<!-- personal-data: example -->\n\n943 476 5919\n";
        assert_eq!(scan(far)[0].offset, far.find("943").unwrap());
    }
}
