//! The detector: text read one character class at a time, letters and digits
//! gathered into tokens and tokens into chains, which `nhs.rs` and `ni.rs` read for
//! their numbers.

use super::Finding;
use super::chars::Class;

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

/// A run of letters and digits, as far as the patterns need it.
#[derive(Clone, Copy)]
pub(super) struct Token {
    pub(super) start: usize,
    pub(super) end: usize,
    /// Digits by value, letters as upper-case ASCII, other letters as `OTHER_LETTER`;
    /// only the first ten.
    pub(super) syms: [u8; 10],
    pub(super) len: usize,
    pub(super) letters: bool,
}

impl Token {
    pub(super) fn digits_only(&self) -> bool {
        !self.letters
    }
    pub(super) fn syms(&self) -> &[u8] {
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
pub(super) const KEPT: usize = 5;

/// Reads text one character class at a time, finding numbers as it goes. Feed it
/// with [`Detector::push`]; [`Detector::brk`] where text stops (a table cell ends).
pub struct Detector {
    token: Option<Token>,
    /// The last tokens of the chain: tokens joined by separators that may join a
    /// number's parts.
    pub(super) chain: [Option<Token>; KEPT],
    /// How many tokens the chain has had (the kept ones are the last `KEPT`).
    pub(super) chained: usize,
    /// How many tokens at the chain's end are all digits.
    pub(super) digit_run: usize,
    gap: Option<Gap>,
    /// A National Insurance number without its suffix, waiting to see what comes next.
    pub(super) pending: Option<Finding>,
    pub(super) found: Vec<Finding>,
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
    pub(super) fn last(&self, n: usize) -> impl Iterator<Item = &Token> {
        self.chain[KEPT - n..]
            .iter()
            .map(|t| t.as_ref().expect("kept"))
    }
}
