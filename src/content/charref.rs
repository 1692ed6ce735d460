//! HTML character references (`&nbsp;`, `&#160;`, `&#xA0;`), the one decoder: the
//! personal-data gate reads pages with it, and so does search.

/// The character a reference at the start of `s` (`&nbsp;`, `&#160;`, `&#xA0;`) stands
/// for, and the reference's length. Named references: the markup ones and every one
/// that is a separator or a digit's disguise, and the typography Markdown and Tera
/// write; others are left as text.
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
            "lsquo" => '‘',
            "rsquo" => '’',
            "ldquo" => '“',
            "rdquo" => '”',
            "hellip" => '…',
            "middot" => '·',
            "pound" => '£',
            "copy" => '©',
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
