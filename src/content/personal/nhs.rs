//! NHS numbers: ten digits, together or as 3-3-4, passing the modulus 11 check.

use super::detector::{Detector, KEPT, Token};
use super::{Finding, Identifier};

impl Detector {
    /// The digits-only tokens at the chain's end stop: are they an NHS number?
    pub(super) fn end_digit_run(&mut self) {
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
            kind: Identifier::NhsNumber,
            value: digits.iter().map(|d| char::from(b'0' + d)).collect(),
            allowed: false,
        });
    }
}

/// The modulus 11 check of NHS numbers: weights 10 down to 2 on the first nine
/// digits; 11 minus the remainder is the check digit (11 means 0; 10 is never valid).
pub(super) fn valid_nhs_number(d: &[u8]) -> bool {
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
