//! National Insurance numbers: HMRC's format, two letters, six digits, a suffix.

use super::detector::{Detector, KEPT};
use super::{Finding, Identifier};

impl Detector {
    /// Is there a National Insurance number in the chain's tokens ending with the last?
    pub(super) fn national_insurance_ending_here(&mut self) {
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
                kind: Identifier::NationalInsurance,
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
