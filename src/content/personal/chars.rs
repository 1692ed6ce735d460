//! What each character is to the guard: a digit of any script (by value), a
//! letter, a separator, invisible, or anything else.

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
pub(super) static ASCII: [Class; 128] = {
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
fn digit_value(c: char) -> Option<u8> {
    let c = c as u32;
    let i = DIGIT_ZEROS.partition_point(|&z| z <= c).checked_sub(1)?;
    let v = c - DIGIT_ZEROS[i];
    (v < 10).then_some(v as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
