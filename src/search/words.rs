//! Words as the index and the search box both see them. `search.js` in the theme does
//! exactly the same to a query (its `segments` and `stem`): change both together.
//! `tests/search_words.rs` runs the two side by side on every word of the example site
//! and on hard cases.
//!
//! A word is a run of letters and digits, folded:
//! - lower case, with accents taken off ("Climbié" is "climbie"): each character's
//!   canonical decomposition without its combining marks;
//! - apostrophes inside or after a word dropped ("children’s" is "childrens");
//! - a full stop between two digits kept, so "6.4" and "1.2.3" are one word each.
//!
//! Single letters and [`STOP_WORDS`] are left out, and so is a word of more than 40
//! characters. A word of plain letters (a to z) is then stemmed with the Snowball
//! English (Porter2) stemmer, so "inquiry" and "inquiries" are both "inquiri"; the
//! stem is the word's *term*, what the index holds.

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Words too common to find anything with. `search.js` has the same list.
pub const STOP_WORDS: [&str; 33] = [
    "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "if", "in",
    "into", "is", "it", "its", "no", "not", "of", "on", "or", "so", "such", "that", "the", "their",
    "then", "there", "this", "to", "with",
];

/// The longest word, in characters.
const MAX_CHARS: usize = 40;

/// What [`scan`] finds in a text.
#[derive(Debug, PartialEq, Eq)]
pub enum Token<'a> {
    /// A word: as folded (`form`), and its term.
    Word { form: &'a str, term: &'a str },
    /// A line break: the words either side of it are not next to each other.
    Break,
}

/// Calls `each` with every word of `text` in order, and with [`Token::Break`] at each
/// line break.
pub fn scan(text: &str, mut each: impl FnMut(Token)) {
    let mut word = String::new();
    let mut term = String::new();
    let mut emit = |word: &mut String, each: &mut dyn FnMut(Token)| {
        if is_word(word) {
            stem_into(word, &mut term);
            each(Token::Word {
                form: word,
                term: &term,
            });
        }
        word.clear();
    };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        } else if matches!(c, '\'' | '’') {
            // Dropped: "children’s" is "childrens".
        } else if c == '.'
            && word.as_bytes().last().is_some_and(u8::is_ascii_digit)
            && chars.peek().is_some_and(char::is_ascii_digit)
        {
            word.push('.');
        } else if c.is_ascii() {
            emit(&mut word, &mut each);
            if c == '\n' {
                each(Token::Break);
            }
        } else if !fold_into(c, &mut word) {
            emit(&mut word, &mut each);
        }
    }
    emit(&mut word, &mut each);
}

/// Adds the folded form of the letter or digit `c` (not ASCII) to `word`; `false` if
/// it is neither. A combining mark on its own adds nothing and does not end a word.
fn fold_into(c: char, word: &mut String) -> bool {
    let mut letter = true;
    decompose_canonical(c, |part| {
        if is_combining_mark(part) {
        } else if part.is_alphanumeric() {
            word.extend(part.to_lowercase());
        } else {
            letter = false;
        }
    });
    letter
}

/// Whether a folded run of letters is a word worth indexing.
fn is_word(word: &str) -> bool {
    let len = word.chars().count();
    let single_letter = len == 1 && !word.as_bytes()[0].is_ascii_digit();
    len > 0 && len <= MAX_CHARS && !single_letter && !STOP_WORDS.contains(&word)
}

/// The term of a word: its stem if it is plain letters, a to z; the word otherwise.
pub fn term(word: &str) -> String {
    let mut out = String::new();
    stem_into(word, &mut out);
    out
}

/// Stems, remembered by each thread: a site has far fewer words than it has pages
/// times words, and stemming is the dearest step of reading a word.
const REMEMBERED: usize = 100_000;

thread_local! {
    static STEMS: RefCell<FxHashMap<Box<str>, Box<str>>> = RefCell::default();
}

fn stem_into(word: &str, out: &mut String) {
    out.clear();
    if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        out.push_str(word);
        return;
    }
    STEMS.with_borrow_mut(|stems| {
        if let Some(stem) = stems.get(word) {
            out.push_str(stem);
            return;
        }
        let stem = stemmer().stem(word);
        out.push_str(&stem);
        if stems.len() >= REMEMBERED {
            stems.clear();
        }
        stems.insert(word.into(), stem.as_ref().into());
    });
}

fn stemmer() -> &'static rust_stemmers::Stemmer {
    static STEMMER: std::sync::OnceLock<rust_stemmers::Stemmer> = std::sync::OnceLock::new();
    STEMMER.get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        scan(text, |t| {
            if let Token::Word { form, term } = t {
                out.push((form.to_string(), term.to_string()));
            }
        });
        out
    }

    fn forms(text: &str) -> Vec<String> {
        words(text).into_iter().map(|(f, _)| f).collect()
    }

    fn terms(text: &str) -> Vec<String> {
        words(text).into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn words_are_folded_without_apostrophes_single_letters_or_stop_words() {
        assert_eq!(
            forms("The Children’s Act (s. 11) of 2004: a DUTY"),
            ["childrens", "act", "11", "2004", "duty"]
        );
        assert_eq!(forms("Standard 8 — 'quoted'"), ["standard", "8", "quoted"]);
        assert_eq!(
            forms("Victoria Climbié, CLIMBIÉ"),
            ["victoria", "climbie", "climbie"]
        );
        // Already decomposed: the mark on its own does not split the word.
        assert_eq!(forms("Climbie\u{301} naïve"), ["climbie", "naive"]);
        assert_eq!(forms("Ørsted Straße"), ["ørsted", "straße"]);
    }

    #[test]
    fn numbers_with_points_are_one_word() {
        assert_eq!(
            forms("Standard 6.4, 1.2.3 and 2.5."),
            ["standard", "6.4", "1.2.3", "2.5"]
        );
        assert_eq!(forms("s.11 and 6. 4 and .5"), ["11", "6", "4", "5"]);
    }

    #[test]
    fn words_are_stemmed_to_one_term() {
        assert_eq!(terms("inquiry inquiries"), ["inquiri", "inquiri"]);
        assert_eq!(
            terms("safeguarding safeguarded safeguards"),
            ["safeguard", "safeguard", "safeguard"]
        );
        // Not plain letters: not stemmed.
        assert_eq!(
            terms("ørsteds covid19s 6.4"),
            ["ørsteds", "covid19s", "6.4"]
        );
    }

    #[test]
    fn line_breaks_are_marked() {
        let mut out = Vec::new();
        scan("duty\nchild", |t| out.push(format!("{t:?}")));
        assert_eq!(out.len(), 3, "{out:?}");
        assert_eq!(out[1], "Break");
    }
}
