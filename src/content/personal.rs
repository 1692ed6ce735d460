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

/// What was found, and where (byte offsets into the text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub offset: usize,
    /// Where the number ends.
    pub end: usize,
    pub kind: Kind,
    /// The number itself, spelled plainly: ten ASCII digits, or two capital letters
    /// and six digits (a National Insurance number's suffix left out). The same number
    /// however disguised gives the same value.
    pub value: String,
    /// Marked as an example (`personal-data: example`).
    pub allowed: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

/// A number by kind and plain spelling ([`Finding::value`]): the same number however
/// written.
pub type Spelled = (Kind, String);

/// The marker that allows an example on its line or the next.
pub const ALLOW: &str = "personal-data: example";

/// Every finding in `text`, in order, leaving out allowed examples.
pub fn scan(text: &str) -> Vec<Finding> {
    let mut found = scan_all(text);
    found.retain(|f| !f.allowed);
    found
}

/// Every finding in the source text `text`, allowed examples marked as such.
/// Character references and `\ ` are read as what they stand for.
pub fn scan_all(text: &str) -> Vec<Finding> {
    let mut d = Detector::new();
    let b = text.as_bytes();
    let mut i = 0;
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
    let mut found = d.finish();
    for f in &mut found {
        f.allowed = is_marked(text, f.offset, f.end);
    }
    found
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

/// The character a backslash escape at the start of `s` stands for, and its length:
/// `\ ` (Markdown's escaped space) and the escapes of YAML's double-quoted strings
/// (`\u00a0`, `\x20`, `\U0000202F`, `\_` for a no-break space, `\N`, `\L`, `\P`).
fn backslash_escape(s: &[u8]) -> Option<(char, usize)> {
    let hex = |n: usize| {
        let h = std::str::from_utf8(s.get(2..2 + n)?).ok()?;
        char::from_u32(u32::from_str_radix(h, 16).ok()?).map(|c| (c, 2 + n))
    };
    match s.get(1)? {
        b' ' => Some((' ', 2)),
        b'_' => Some(('\u{a0}', 2)),
        b'N' => Some(('\u{85}', 2)),
        b'L' => Some(('\u{2028}', 2)),
        b'P' => Some(('\u{2029}', 2)),
        b'x' => hex(2),
        b'u' => hex(4),
        b'U' => hex(8),
        _ => None,
    }
}

/// The character a reference at the start of `s` (`&nbsp;`, `&#160;`, `&#xA0;`) stands
/// for, and the reference's length. Named references: the markup ones and every one
/// that is a separator or a digit's disguise; others are left as text.
pub fn char_ref(s: &[u8]) -> Option<(char, usize)> {
    let semi = s.iter().take(34).position(|&b| b == b';')?;
    let name = std::str::from_utf8(&s[1..semi]).ok()?;
    let c = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() && hex.len() <= 8 => u32::from_str_radix(hex, 16).ok(),
            None if !num.is_empty() && num.len() <= 8 => num.parse().ok(),
            _ => None,
        }?;
        char::from_u32(code)?
    } else {
        match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" | "NonBreakingSpace" => '\u{a0}',
            "ensp" => '\u{2002}',
            "emsp" => '\u{2003}',
            "emsp13" => '\u{2004}',
            "emsp14" => '\u{2005}',
            "numsp" => '\u{2007}',
            "puncsp" => '\u{2008}',
            "thinsp" | "ThinSpace" => '\u{2009}',
            "hairsp" | "VeryThinSpace" => '\u{200a}',
            "MediumSpace" => '\u{205f}',
            "ZeroWidthSpace"
            | "NegativeVeryThinSpace"
            | "NegativeThinSpace"
            | "NegativeMediumSpace"
            | "NegativeThickSpace" => '\u{200b}',
            "zwnj" => '\u{200c}',
            "zwj" => '\u{200d}',
            "NoBreak" => '\u{2060}',
            "shy" => '\u{ad}',
            "hyphen" | "dash" => '\u{2010}',
            "ndash" => '\u{2013}',
            "mdash" => '\u{2014}',
            "horbar" => '\u{2015}',
            "minus" => '\u{2212}',
            "period" => '.',
            "NewLine" => '\n',
            "Tab" => '\t',
            _ => return None,
        }
    };
    Some((c, semi + 1))
}

/// What a character is, to the guard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// A decimal digit, by value.
    Digit(u8),
    /// A letter: ASCII ones upper-cased, any other as `OTHER_LETTER`.
    Letter(u8),
    Space,
    Dash,
    Dot,
    LineBreak,
    /// Not seen by a reader: ignored altogether.
    Invisible,
    /// Anything else: a number cannot run through it.
    Other,
}

const OTHER_LETTER: u8 = 0xff;

/// ASCII by table, the common case.
static ASCII: [Class; 128] = {
    let mut t = [Class::Other; 128];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = match c {
            b'0'..=b'9' => Class::Digit(c - b'0'),
            b'A'..=b'Z' => Class::Letter(c),
            b'a'..=b'z' => Class::Letter(c - 32),
            b' ' => Class::Space,
            b'-' => Class::Dash,
            b'.' => Class::Dot,
            b'\n' => Class::LineBreak,
            b'\r' => Class::Invisible,
            _ => Class::Other,
        };
        i += 1;
    }
    t
};

/// ASCII bytes a detector with nothing under way can pass over: punctuation and
/// spaces that are not digits, letters, or bytes a caller reads itself.
static QUIET: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = !c.is_ascii_alphanumeric() && !matches!(c, b'&' | b'<' | b'\\' | b'"');
        i += 1;
    }
    t
};

pub fn classify(c: char) -> Class {
    if c.is_ascii() {
        return ASCII[c as usize];
    }
    if let Some(v) = digit_value(c) {
        return Class::Digit(v);
    }
    match c {
        '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => {
            Class::Space
        }
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}' => Class::Dash,
        '\u{2024}' | '\u{ff0e}' => Class::Dot,
        '\u{85}' | '\u{2028}' => Class::LineBreak,
        '\u{ad}' | '\u{180e}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => {
            Class::Invisible
        }
        c if c.is_alphanumeric() => Class::Letter(OTHER_LETTER),
        _ => Class::Other,
    }
}

/// The zero of every block of Unicode decimal digits (category Nd, Unicode 17): each
/// is ten code points, 0 to 9 in order, as Unicode promises for Nd.
const DIGIT_ZEROS: [u32; 77] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x10D40, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0,
    0x11650, 0x116C0, 0x116D0, 0x116DA, 0x11730, 0x118E0, 0x11950, 0x11BF0, 0x11C50, 0x11D50,
    0x11DA0, 0x11DE0, 0x11F50, 0x16130, 0x16A60, 0x16AC0, 0x16B50, 0x16D70, 0x1CCF0, 0x1D7CE,
    0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E5F1, 0x1E950, 0x1FBF0,
];

/// The value of a decimal digit of any script.
pub fn digit_value(c: char) -> Option<u8> {
    let c = c as u32;
    let i = DIGIT_ZEROS.partition_point(|&z| z <= c).checked_sub(1)?;
    let v = c - DIGIT_ZEROS[i];
    (v < 10).then_some(v as u8)
}

/// Whether a character is a decimal digit of any script.
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && digit_value(c).is_some())
}

/// A run of letters and digits, as far as the patterns need it.
#[derive(Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    /// Digits by value, letters as upper-case ASCII, other letters as `OTHER_LETTER`;
    /// only the first ten.
    syms: [u8; 10],
    len: usize,
    letters: bool,
}

impl Token {
    fn digits_only(&self) -> bool {
        !self.letters
    }
    fn syms(&self) -> &[u8] {
        &self.syms[..self.len.min(10)]
    }
}

/// The separators since the last token.
#[derive(Default)]
struct Gap {
    /// Separators, not counting the indentation after a line break.
    count: u8,
    breaks: u8,
    marks: bool,
    /// Only spaces since a line break.
    indenting: bool,
}

/// The tokens of a chain kept: enough for a National Insurance number's five.
const KEPT: usize = 5;

/// Reads text one character class at a time, finding numbers as it goes. Feed it
/// with [`Detector::push`]; [`Detector::brk`] where text stops (a table cell ends).
pub struct Detector {
    token: Option<Token>,
    /// The last tokens of the chain: tokens joined by separators that may join a
    /// number's parts.
    chain: [Option<Token>; KEPT],
    /// How many tokens the chain has had (the kept ones are the last `KEPT`).
    chained: usize,
    /// How many tokens at the chain's end are all digits.
    digit_run: usize,
    gap: Option<Gap>,
    /// A National Insurance number without its suffix, waiting to see what comes next.
    pending: Option<Finding>,
    found: Vec<Finding>,
}

impl Default for Detector {
    fn default() -> Self {
        Self::new()
    }
}

impl Detector {
    pub fn new() -> Self {
        Detector {
            token: None,
            chain: [None; KEPT],
            chained: 0,
            digit_run: 0,
            gap: None,
            pending: None,
            found: Vec::new(),
        }
    }

    /// One character of class `class`, `len` bytes at byte offset `at`.
    #[inline]
    pub fn push(&mut self, class: Class, at: usize, len: usize) {
        match class {
            Class::Digit(v) => self.symbol(v, false, at, len),
            Class::Letter(l) => self.symbol(l, true, at, len),
            Class::Invisible => {}
            Class::Other => {
                if self.token.is_some() || self.chained > 0 {
                    self.brk();
                }
            }
            sep => {
                if self.token.is_some() {
                    self.end_token();
                }
                if self.chained == 0 {
                    return;
                }
                let gap = self.gap.get_or_insert_with(Gap::default);
                match sep {
                    Class::LineBreak => {
                        gap.breaks += 1;
                        gap.count += 1;
                        gap.indenting = true;
                    }
                    Class::Space if gap.indenting => {}
                    Class::Space => gap.count += 1,
                    _ => {
                        gap.marks = true;
                        gap.indenting = false;
                        gap.count += 1;
                    }
                }
                if gap.count > 3 || gap.breaks > 1 || (gap.breaks > 0 && gap.marks) {
                    self.brk();
                }
            }
        }
    }

    #[inline]
    fn symbol(&mut self, sym: u8, letter: bool, at: usize, len: usize) {
        // Separators before this token joined it to the chain.
        self.gap = None;
        let t = self.token.get_or_insert(Token {
            start: at,
            end: at,
            syms: [0; 10],
            len: 0,
            letters: false,
        });
        if t.len < 10 {
            t.syms[t.len] = sym;
        }
        t.len += 1;
        t.letters |= letter;
        t.end = at + len;
    }

    /// Text stops here: nothing joins across.
    pub fn brk(&mut self) {
        if self.token.is_some() {
            self.end_token();
        }
        self.end_digit_run();
        if let Some(p) = self.pending.take() {
            self.found.push(p);
        }
        self.chain = [None; KEPT];
        self.chained = 0;
        self.gap = None;
    }

    /// Where, from `i`, the next byte of `b` is that the detector must see: it skips
    /// (while nothing is under way) punctuation, spaces and whole words of three or
    /// more ASCII letters, as a tight loop. A word is skipped only if a byte that ends
    /// it follows within `b`. It stops at digits, other characters, short words, and
    /// `&`, `<`, `\\` and `"` (which the callers read themselves).
    #[inline]
    pub fn skip_quiet(&self, b: &[u8], i: usize) -> usize {
        if self.token.is_some() || self.chained > 0 {
            return i;
        }
        let mut j = i;
        loop {
            while j < b.len() && QUIET[b[j] as usize] {
                j += 1;
            }
            let word = j;
            while j < b.len() && b[j].is_ascii_alphabetic() {
                j += 1;
            }
            if j - word < 3 || j >= b.len() || !QUIET[b[j] as usize] {
                return word;
            }
        }
    }

    /// Everything found.
    pub fn finish(mut self) -> Vec<Finding> {
        self.brk();
        self.found
    }

    /// Whether anything has been found yet.
    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// Takes what has been found so far (at a point where text stops).
    pub fn take(&mut self) -> Vec<Finding> {
        self.brk();
        std::mem::take(&mut self.found)
    }

    fn end_token(&mut self) {
        let t = self.token.take().expect("a token");
        if t.len >= 3 && t.syms().iter().all(|&c| c >= b'A') {
            // A word of three letters or more can be in no number, nor join one to
            // anything: it ends the chain, which lets `skip_quiet` skip the words
            // after it.
            self.brk();
            return;
        }
        if let Some(p) = self.pending.take() {
            // `AB 12 34 56` then more digits or a lone letter is something else (a
            // suffix A–D makes the whole a number, found below).
            let lone_letter = t.letters && t.len == 1;
            if !t.digits_only() && !lone_letter {
                self.found.push(p);
            }
        }
        if t.digits_only() {
            self.digit_run += 1;
        } else {
            self.end_digit_run();
        }
        self.chain.rotate_left(1);
        self.chain[KEPT - 1] = Some(t);
        self.chained += 1;
        self.national_insurance_ending_here();
    }

    /// The chain's last tokens, oldest first.
    fn last(&self, n: usize) -> impl Iterator<Item = &Token> {
        self.chain[KEPT - n..]
            .iter()
            .map(|t| t.as_ref().expect("kept"))
    }

    /// The digits-only tokens at the chain's end stop: are they an NHS number?
    fn end_digit_run(&mut self) {
        // They are the chain's last tokens: a token with letters resets the count
        // before it joins the chain.
        let n = std::mem::replace(&mut self.digit_run, 0);
        if n == 0 || n > 3 || n > self.chained.min(KEPT) {
            return;
        }
        let run: Vec<&Token> = self.last(n).collect();
        let lens: Vec<usize> = run.iter().map(|t| t.len).collect();
        if lens != [10] && lens != [3, 3, 4] {
            return;
        }
        let digits: Vec<u8> = run.iter().flat_map(|t| t.syms().iter().copied()).collect();
        if !valid_nhs_number(&digits) || digits.starts_with(&[9, 9, 9]) {
            return;
        }
        self.found.push(Finding {
            offset: run[0].start,
            end: run[n - 1].end,
            kind: Kind::NhsNumber,
            value: digits.iter().map(|d| char::from(b'0' + d)).collect(),
            allowed: false,
        });
    }

    /// Is there a National Insurance number in the chain's tokens ending with the last?
    fn national_insurance_ending_here(&mut self) {
        let have = self.chained.min(KEPT);
        let mut total = 0;
        for k in 1..=have {
            total += self.chain[KEPT - k].as_ref().expect("kept").len;
            if total > 9 {
                return;
            }
            if total < 8 {
                continue;
            }
            let mut syms = Vec::with_capacity(9);
            // Where the tokens meet, as positions in the number.
            let mut splits = Vec::new();
            for t in self.last(k) {
                if !syms.is_empty() {
                    splits.push(syms.len());
                }
                syms.extend_from_slice(t.syms());
            }
            let suffixed = total == 9;
            let splits_ok = if suffixed {
                splits.iter().all(|s| [2, 4, 6, 8].contains(s))
            } else {
                splits.iter().all(|s| [2, 4, 6].contains(s))
                    && splits.contains(&4)
                    && splits.contains(&6)
            };
            if !splits_ok || !ni_shape(&syms) {
                continue;
            }
            let first = self.chain[KEPT - k].expect("kept");
            let last = self.chain[KEPT - 1].expect("kept");
            let f = Finding {
                offset: first.start,
                end: last.end,
                kind: Kind::NationalInsurance,
                value: syms[..8]
                    .iter()
                    .map(|&s| {
                        if s < 10 {
                            char::from(b'0' + s)
                        } else {
                            char::from(s)
                        }
                    })
                    .collect(),
                allowed: false,
            };
            if suffixed {
                self.found.push(f);
            } else {
                self.pending = Some(f);
            }
            return;
        }
    }
}

/// Two letters of an issued prefix, six digits, and a suffix A–D if there are nine.
fn ni_shape(s: &[u8]) -> bool {
    let (first, second) = (s[0], s[1]);
    // D, F, I, Q, U and V are never used; O never second.
    let allowed = |c: u8| c.is_ascii_uppercase() && !b"DFIQUV".contains(&c);
    if !allowed(first) || !allowed(second) || second == b'O' {
        return false;
    }
    if [b"BG", b"GB", b"KN", b"NK", b"NT", b"TN", b"ZZ"].contains(&&[first, second]) {
        return false;
    }
    if !s[2..8].iter().all(|&d| d < 10) {
        return false;
    }
    s.len() == 8 || matches!(s[8], b'A'..=b'D')
}

/// The modulus 11 check of NHS numbers: weights 10 down to 2 on the first nine
/// digits; 11 minus the remainder is the check digit (11 means 0; 10 is never valid).
pub fn valid_nhs_number(d: &[u8]) -> bool {
    if d.len() != 10 {
        return false;
    }
    let sum: u32 = d[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(&digit, weight)| u32::from(digit) * weight)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == u32::from(d[9])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
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
        assert_eq!(kinds("NHS no. 943 476 5919."), vec![Kind::NhsNumber]);
        assert_eq!(kinds("9434765919"), vec![Kind::NhsNumber]);
        assert_eq!(kinds("943-476-5919"), vec![Kind::NhsNumber]);
        // One digit off fails the check.
        assert!(kinds("943 476 5918").is_empty());
        // A remainder giving 10 is never valid.
        assert!(!valid_nhs_number(&[0, 0, 0, 0, 0, 0, 0, 0, 1, 0]));
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
    fn the_digit_table_is_all_decimal_digits() {
        for &zero in &DIGIT_ZEROS {
            for v in 0..10 {
                let c = char::from_u32(zero + v).unwrap();
                assert!(c.is_numeric(), "{:X}", zero + v);
                assert_eq!(digit_value(c), Some(v as u8));
            }
        }
        assert_eq!(digit_value('²'), None);
        assert_eq!(digit_value('a'), None);
        assert_eq!(digit_value('\u{65f}'), None);
        assert_eq!(digit_value('\u{66a}'), None);
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
        assert_eq!(kinds("NI: AB123456C"), vec![Kind::NationalInsurance]);
        assert_eq!(kinds("AB 12 34 56 C."), vec![Kind::NationalInsurance]);
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
            assert_eq!(found[0].kind, Kind::NationalInsurance, "{text}");
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
