//! What a nurse is shown when a site has a mistake: one message, at its place, in
//! plain words.

use super::Run;

/// The vocabulary of YAML parsers and of Rust that no message may use: a designated
/// nurse does not know what a scalar, a variant or a `u64` is.
pub const JARGON: &[&str] = &[
    "scalar",
    "variant",
    "mapping",
    "sequence",
    // `indicator` alone is the figures' own word (`kind: indicators`); the parser's
    // indicators are these.
    "indentation indicator",
    "block indicator",
    "flow indicator",
    "u8",
    "u16",
    "u32",
    "u64",
    "i64",
    "usize",
    "f64",
    "float",
    "null",
    "1..=",
    "serde",
    "deserializ",
    "invalid type",
    "struct",
    "enum",
    "tagged",
    "alias",
    "anchor",
    "flow",
];

impl Run {
    /// Asserts the run failed (exit 1) with exactly one problem, an error at
    /// `location` (`PATH:LINE:COL`, or `PATH:LINE` for any column) whose line holds
    /// every one of `needles`, and that nothing it printed uses parser vocabulary.
    /// Returns the error's line.
    pub fn only_error(&self, location: &str, needles: &[&str]) -> String {
        let line = self.error_at(location, needles.first().copied().unwrap_or(""));
        for needle in needles {
            assert!(
                line.contains(needle),
                "`{needle}` is not in: {line}\n{}",
                self.stderr
            );
        }
        let problems: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
            .collect();
        assert_eq!(
            problems.len(),
            1,
            "expected one problem, got:\n{}",
            self.stderr
        );
        self.plain();
        line
    }

    /// Asserts nothing the run printed uses parser vocabulary (see [`JARGON`]),
    /// outside the excerpts of the source, which show what the user wrote.
    pub fn plain(&self) -> &Self {
        for l in self.stderr.lines().chain(self.stdout.lines()) {
            // Excerpt lines (`  3 | text`, ` --> `, `   |   ^`) quote the source.
            let t = l.trim_start();
            if t.starts_with('|')
                || t.starts_with("-->")
                || t.split_once('|')
                    .is_some_and(|(n, _)| n.trim().parse::<u32>().is_ok())
            {
                continue;
            }
            let lower = l.to_lowercase();
            for word in JARGON {
                assert!(
                    !contains_word(&lower, word),
                    "parser vocabulary `{word}` in: {l}\n{}",
                    self.stderr
                );
            }
        }
        self
    }
}

/// Whether `word` is in `text` on its own (not inside a longer word: `null` is
/// jargon, `annulled` is not), or as a word's start for stems like `deserializ`.
fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        let starts = !before.is_some_and(char::is_alphanumeric);
        let stem = word.ends_with('z') || word.ends_with('='); // `deserializ`, `1..=`
        starts && (stem || !after.is_some_and(char::is_alphanumeric))
    })
}
