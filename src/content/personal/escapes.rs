//! How a source may spell a character with a backslash escape (`\ `, YAML's
//! `\u00a0`); character references are `content::charref`.

/// The character a backslash escape at the start of `s` stands for, and its length:
/// `\ ` (Markdown's escaped space) and the escapes of YAML's double-quoted strings
/// (`\u00a0`, `\x20`, `\U0000202F`, `\_` for a no-break space, `\N`, `\L`, `\P`).
pub(super) fn backslash_escape(s: &[u8]) -> Option<(char, usize)> {
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
