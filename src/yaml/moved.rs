//! A key written outside the block it belongs to (or inside one it does not): found
//! by trying it, lined up with the keys of each block above it, against the very
//! type the file is read as, so the answer is the schema's and not a guess.

use serde_saphyr::Error;

use super::Pos;
use super::lines::{above, indent, key_of_line, line, meaningful};
use super::slips::start;
use super::words::{Explained, block_name};

/// Parses another text as the same type as the file: its first error, if any.
pub type Retry<'a> = &'a dyn Fn(&str) -> Option<Error>;

/// Where the key `field` that is unknown on line `at.0` would be read, explained.
pub fn moved(field: &str, at: Pos, yaml: &str, offset: usize, retry: Retry) -> Option<Explained> {
    let l = line(yaml, at.0);
    let (own, _) = key_of_line(l).filter(|_| !l.trim_start().starts_with("- "))?;
    let mut tried = vec![own];
    let mut n = at.0;
    while let Some((p, pl)) = above(yaml, n) {
        n = p;
        let Some((col, key)) = key_of_line(pl) else {
            continue;
        };
        if tried.contains(&col) {
            continue;
        }
        tried.push(col);
        let (text, last) = reindent(yaml, at.0, own, col);
        // The file read well up to the key, so a problem before it now is the move's
        // doing (the block it left lacks a key it needs): it does not fit there.
        let fits = match retry(&text) {
            None => true,
            Some(e) => e.location().is_none_or(|loc| loc.line() as usize > last),
        };
        if !fits {
            continue;
        }
        let message = if col > own {
            format!(
                "`{field}` belongs inside {}: indent it with {col} spaces, like `{key}` on line {}",
                block_name(yaml, p, col, offset),
                p + offset
            )
        } else {
            format!(
                "`{field}` belongs outside {}: start it {}, like `{key}` on line {}",
                block_name(yaml, at.0, own, offset),
                start(col),
                p + offset
            )
        };
        return Some(Explained::at((at.0, own + 1), message));
    }
    below(field, at, yaml, offset, retry, own)
}

/// The same for a block that starts below the key: the key moved into it.
fn below(
    field: &str,
    at: Pos,
    yaml: &str,
    offset: usize,
    retry: Retry,
    own: usize,
) -> Option<Explained> {
    let count = yaml.lines().count();
    let (_, last) = reindent(yaml, at.0, own, own);
    for q in last + 1..=count {
        let opener = line(yaml, q);
        if !meaningful(opener) || key_of_line(opener).map(|(c, _)| c) != Some(own) {
            continue;
        }
        let Some((p, first)) = (q + 1..=count)
            .map(|i| (i, line(yaml, i)))
            .find(|(_, l)| meaningful(l))
        else {
            break;
        };
        let Some((col, key)) = key_of_line(first).filter(|(c, _)| *c > own) else {
            continue;
        };
        if first.trim_start().starts_with("- ") {
            continue;
        }
        let text = move_after(yaml, (at.0, last), q, own, col);
        // Moved, the key's lines come straight after the block's first line.
        let moved_to = q - (last - at.0);
        let fits = match retry(&text) {
            None => true,
            Some(e) => e.location().is_none_or(|loc| {
                !(moved_to..=moved_to + last - at.0).contains(&(loc.line() as usize))
            }),
        };
        if fits {
            return Some(Explained::at(
                (at.0, own + 1),
                format!(
                    "`{field}` belongs inside {} below: move it there and indent it with {col} spaces, like `{key}` on line {}",
                    block_name(yaml, p, col, offset),
                    p + offset
                ),
            ));
        }
    }
    None
}

/// Whether the key at `place`, moved to the end of the block whose last line is
/// `last_of_block` and whose keys start at `col`, gives the block its missing
/// `field`: the same key may be written, and rightly, in another block.
pub fn fills(
    yaml: &str,
    place: Pos,
    last_of_block: usize,
    col: usize,
    field: &str,
    retry: Retry,
) -> bool {
    let l = line(yaml, place.0);
    let Some((own, _)) = key_of_line(l).filter(|_| !l.trim_start().starts_with("- ")) else {
        return false;
    };
    let (_, last) = reindent(yaml, place.0, own, own);
    if (place.0..=last).contains(&last_of_block) {
        return false;
    }
    let text = move_after(yaml, (place.0, last), last_of_block, own, col);
    match retry(&text) {
        None => true,
        Some(Error::SerdeMissingField { field: f, .. }) => f != field,
        Some(Error::ExternalMessage { .. } | Error::DuplicateMappingKey { .. }) => false,
        Some(_) => true,
    }
}

/// `yaml` with lines `from.0..=from.1` moved to just after line `after`, from
/// column `was` to column `to`.
fn move_after(yaml: &str, from: (usize, usize), after: usize, was: usize, to: usize) -> String {
    let lines: Vec<&str> = yaml.split_inclusive('\n').collect();
    let mut out = String::with_capacity(yaml.len() + 64);
    for (i, l) in lines.iter().enumerate() {
        let number = i + 1;
        if (from.0..=from.1).contains(&number) {
            continue;
        }
        out.push_str(l);
        if !l.ends_with('\n') {
            out.push('\n');
        }
        if number == after {
            for m in &lines[from.0 - 1..from.1] {
                if meaningful(m) {
                    out.extend(std::iter::repeat_n(' ', to + indent(m).saturating_sub(was)));
                    out.push_str(m.trim_start_matches(' '));
                } else {
                    out.push_str(m);
                }
                if !m.ends_with('\n') {
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// `yaml` with line `n` and the lines under it moved from column `from` to `to`
/// (0-based), and the number of the last line moved.
fn reindent(yaml: &str, n: usize, from: usize, to: usize) -> (String, usize) {
    let mut out = String::with_capacity(yaml.len() + 64);
    let mut last = n;
    let mut moving = false;
    for (i, l) in yaml.split_inclusive('\n').enumerate() {
        let number = i + 1;
        if number == n {
            moving = true;
        } else if moving && meaningful(l) && indent(l) <= from {
            moving = false;
        }
        if !moving {
            out.push_str(l);
            continue;
        }
        last = number;
        if meaningful(l) {
            out.extend(std::iter::repeat_n(
                ' ',
                to + indent(l).saturating_sub(from),
            ));
            out.push_str(l.trim_start_matches(' '));
        } else {
            out.push_str(l);
        }
    }
    (out, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_and_its_block_move_together() {
        let (text, last) = reindent("a:\n  b: 1\nc:\n  d: 2\ne: 3\n", 3, 0, 2);
        assert_eq!(text, "a:\n  b: 1\n  c:\n    d: 2\ne: 3\n");
        assert_eq!(last, 4);
    }

    #[test]
    fn a_key_moves_into_a_block_below_it() {
        let text = move_after("a: 1\nb: 2\nc:\n  d: 3\n", (2, 2), 3, 0, 2);
        assert_eq!(text, "a: 1\nc:\n  b: 2\n  d: 3\n");
    }
}
