//! CSV files as people save them from a spreadsheet, read into rows of cells that each
//! know their line and column, so every later problem (an unknown indicator, a number
//! that is not one) is reported at its cell. Excel's ways are read as they come: a
//! byte-order mark, Windows line endings, semicolons for commas; a file that is not
//! UTF-8 is explained rather than guessed at.
//!
//! Invariant: a table holds only what the file says for certain: every row has exactly
//! one cell per column, and nothing is decoded from a guessed encoding.

use crate::diagnostics::Diagnostic;

/// A CSV file read whole: its columns (the first line) and its rows.
#[derive(Clone, Debug)]
pub struct Table {
    pub columns: Vec<Cell>,
    pub rows: Vec<Row>,
    /// The character between cells: `,`, or `;` or a tab where the file uses one.
    pub delimiter: char,
}

#[derive(Clone, Debug)]
pub struct Row {
    /// The line the row starts on.
    pub line: usize,
    /// One per column, in the columns' order.
    pub cells: Vec<Cell>,
}

/// A cell's text (spaces around it trimmed) and where it starts (1-based; the column
/// counts characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub line: usize,
    pub col: usize,
}

impl Table {
    /// The index of the column named `name` (case and spaces aside), if there is one.
    pub fn column(&self, name: &str) -> Option<usize> {
        let wanted = name.trim().to_lowercase();
        self.columns
            .iter()
            .position(|c| c.text.to_lowercase() == wanted)
    }
}

/// Reads `bytes`, the file at `path`; every problem is reported, each at its place.
pub fn read(path: &str, bytes: &[u8]) -> Result<Table, Vec<Diagnostic>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return Err(vec![not_utf8(path, bytes, e.valid_up_to())]),
    };
    let at = |line: usize, col: usize, message: String| {
        Diagnostic::error(path, message).at_line_col(text, line, col)
    };
    let lines = LineStarts::of(text);
    let Some(header_end) = text.lines().position(|l| !l.trim().is_empty()) else {
        return Err(vec![at(
            1,
            1,
            "this file is empty: its first line names the columns, such as `indicator,organisation,period,value`, and each line after it is one row".into(),
        )]);
    };
    let header = text.lines().nth(header_end).unwrap_or("");
    let delimiter = delimiter_of(header);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter as u8)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                // A record's position may be that of the line break (or blank lines)
                // before it: its cells start after them.
                let from = record.position().map_or(0, |p| p.byte() as usize);
                let start = from
                    + text[from.min(text.len())..]
                        .bytes()
                        .take_while(|b| matches!(b, b'\r' | b'\n'))
                        .count();
                if record.len() == 1 && record[0].iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                records.push(cells(text, &lines, start, &record, delimiter));
            }
            Err(e) => {
                let (line, col) = e
                    .position()
                    .map_or((1, 1), |p| lines.line_col(text, p.byte() as usize));
                problems.push(at(line, col, unreadable(&e)));
                break;
            }
        }
    }
    let mut records = records.into_iter();
    let columns = records.next().unwrap_or_default();
    problems.extend(check_columns(&columns, &at));
    let mut rows = Vec::new();
    for cells in records {
        let line = cells.first().map_or(1, |c| c.line);
        if let Some(message) = shape(&cells, &columns) {
            let (l, c) = match cells.get(columns.len()) {
                Some(extra) => (extra.line, extra.col),
                None => cells.last().map_or((line, 1), |c| (c.line, c.col)),
            };
            problems.push(at(l, c, message));
            continue;
        }
        rows.push(Row { line, cells });
    }
    if problems.is_empty() {
        Ok(Table {
            columns,
            rows,
            delimiter,
        })
    } else {
        Err(problems)
    }
}

/// `,`, unless the first line has more semicolons or tabs than commas outside quotes,
/// as a spreadsheet set to a language that writes `1,5` for one and a half saves it.
fn delimiter_of(header: &str) -> char {
    let mut counts = [(',', 0usize), (';', 0), ('\t', 0)];
    let mut quoted = false;
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            _ if quoted => {}
            _ => {
                for (d, n) in &mut counts {
                    if c == *d {
                        *n += 1;
                    }
                }
            }
        }
    }
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > counts[0].1)
        .map_or(',', |(d, _)| *d)
}

/// The cells of the record starting at byte `start`, each with its place.
fn cells(
    text: &str,
    lines: &LineStarts,
    start: usize,
    record: &csv::ByteRecord,
    delimiter: char,
) -> Vec<Cell> {
    let starts = field_starts(&text[start..], delimiter, record.len());
    record
        .iter()
        .zip(starts)
        .map(|(field, offset)| {
            let raw = String::from_utf8_lossy(field);
            let (line, col) = lines.line_col(text, start + offset);
            Cell {
                text: raw.trim().to_string(),
                line,
                col,
            }
        })
        .collect()
}

/// Where each of the first `n` fields of the record at the start of `raw` begins, in
/// bytes from its start: after each delimiter that is not inside quotes.
fn field_starts(raw: &str, delimiter: char, n: usize) -> Vec<usize> {
    let mut out = vec![0];
    let mut quoted = false;
    for (i, c) in raw.char_indices() {
        if out.len() >= n {
            break;
        }
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            _ if c == delimiter && !quoted => out.push(i + c.len_utf8()),
            _ => {}
        }
    }
    out
}

/// Each column named, once.
fn check_columns(
    columns: &[Cell],
    at: &impl Fn(usize, usize, String) -> Diagnostic,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        if c.text.is_empty() {
            problems.push(at(
                c.line,
                c.col,
                format!(
                    "column {} has no name: the first line names every column",
                    i + 1
                ),
            ));
        } else if let Some(first) = columns[..i]
            .iter()
            .find(|o| o.text.to_lowercase() == c.text.to_lowercase())
        {
            problems.push(at(
                c.line,
                c.col,
                format!(
                    "`{}` names a column already named at column {}: give each column one name, or remove one",
                    c.text, first.col
                ),
            ));
        }
    }
    problems
}

/// Why a row does not fit the columns, if it does not.
fn shape(cells: &[Cell], columns: &[Cell]) -> Option<String> {
    let (have, want) = (cells.len(), columns.len());
    match have.cmp(&want) {
        std::cmp::Ordering::Equal => None,
        std::cmp::Ordering::Greater => Some(format!(
            "this row has {have} cells, but the first line names {want} columns: remove the extra cells, or put a cell holding a comma in quotes"
        )),
        std::cmp::Ordering::Less => {
            let missing: Vec<&str> = columns[have..].iter().map(|c| c.text.as_str()).collect();
            Some(format!(
                "this row has {have} cells, but the first line names {want} columns: it has no {}",
                missing.join(", ")
            ))
        }
    }
}

fn unreadable(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "this row is not UTF-8 text: save the file as \"CSV UTF-8\"".into(),
        _ => "this row cannot be read: check its quotes (a cell in quotes ends with a quote, and a quote inside one is written twice, \"\")".into(),
    }
}

/// A file that is not UTF-8: where, and how to save it so it is.
fn not_utf8(path: &str, bytes: &[u8], valid: usize) -> Diagnostic {
    let before = String::from_utf8_lossy(&bytes[..valid]);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let shown = String::from_utf8_lossy(bytes);
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        // Two bytes a letter: the line as read would be noise.
        return Diagnostic::error(
            path,
            "this file is saved as UTF-16 (\"Unicode Text\"), which this tool does not read: in Excel, use Save As and choose \"CSV UTF-8 (Comma delimited)\"; in other programs, choose the UTF-8 encoding",
        )
        .at(1, 1);
    }
    Diagnostic::error(
        path,
        "this file is not saved as UTF-8 text, so its letters cannot be read for certain (the first that cannot is here): in Excel, use Save As and choose \"CSV UTF-8 (Comma delimited)\"; in other programs, choose the UTF-8 encoding",
    )
    .at_line_col(&shown, line, col)
}

/// The byte each line starts at, for turning a byte offset into a line and column.
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn of(text: &str) -> LineStarts {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            match b {
                b'\n' => starts.push(i + 1),
                // A lone carriage return ends a line too (old Mac files).
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
        }
        LineStarts(starts)
    }

    /// The 1-based line and character column of byte `at`.
    fn line_col(&self, text: &str, at: usize) -> (usize, usize) {
        let at = at.min(text.len());
        let line = self.0.partition_point(|&s| s <= at).max(1);
        let start = self.0[line - 1];
        let col = text.get(start..at).map_or(0, |s| s.chars().count()) + 1;
        (line, col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &[u8]) -> Table {
        read("content/k.csv", text).unwrap_or_else(|d| panic!("{d:?}"))
    }

    fn problems(text: &[u8]) -> Vec<String> {
        match read("content/k.csv", text) {
            Ok(_) => Vec::new(),
            Err(d) => d.iter().map(|d| d.to_string()).collect(),
        }
    }

    #[test]
    fn cells_know_their_line_and_column() {
        let t = ok(b"indicator,organisation,value\niha,\"Org, the\",12\n\nlado, Org B ,7\n");
        assert_eq!(t.columns.len(), 3);
        assert_eq!(t.rows.len(), 2, "a blank line is no row");
        let c = &t.rows[0].cells;
        assert_eq!(
            (c[1].text.as_str(), c[1].line, c[1].col),
            ("Org, the", 2, 5)
        );
        assert_eq!((c[2].text.as_str(), c[2].col), ("12", 16));
        let c = &t.rows[1].cells;
        assert_eq!((c[1].text.as_str(), c[1].line, c[1].col), ("Org B", 4, 6));
        assert_eq!(t.column("Organisation"), Some(1));
    }

    #[test]
    fn excel_files_read_as_they_come() {
        // A byte-order mark, Windows line endings and semicolons.
        let t = ok(b"\xef\xbb\xbfindicator;value\r\niha;1,5\r\nlado;2\r\n");
        assert_eq!(t.delimiter, ';');
        assert_eq!(t.columns[0].text, "indicator");
        assert_eq!(t.rows[0].cells[1].text, "1,5");
        assert_eq!((t.rows[1].line, t.rows[1].cells[1].col), (3, 6));
        // Old Mac line endings.
        let t = ok(b"a,b\r1,2\r3,4\r");
        assert_eq!((t.rows.len(), t.rows[1].line), (2, 3));
        // Tabs.
        assert_eq!(ok(b"a\tb\n1\t2\n").delimiter, '\t');
    }

    #[test]
    fn a_file_not_in_utf8_is_explained_at_its_first_odd_letter() {
        // "Café" saved as Windows-1252: é is 0xE9.
        let p = problems(b"a,b\nCaf\xe9,1\n");
        assert_eq!(p.len(), 1);
        assert!(p[0].contains("content/k.csv:2:4"), "{}", p[0]);
        assert!(p[0].contains("CSV UTF-8"), "{}", p[0]);
    }

    #[test]
    fn rows_that_do_not_fit_the_columns_are_errors_at_their_cells() {
        let p = problems(b"a,b,c\n1,2\n1,2,3,4\n1,2,3\n");
        assert_eq!(p.len(), 2, "{p:#?}");
        assert!(
            p[0].contains(":2:3") && p[0].contains("it has no c"),
            "{}",
            p[0]
        );
        assert!(
            p[1].contains(":3:7") && p[1].contains("has 4 cells"),
            "{}",
            p[1]
        );
    }

    #[test]
    fn columns_are_each_named_once() {
        let p = problems(b"a,,A\n1,2,3\n");
        assert!(
            p.iter()
                .any(|m| m.contains(":1:3") && m.contains("column 2 has no name")),
            "{p:#?}"
        );
        assert!(
            p.iter()
                .any(|m| m.contains(":1:4") && m.contains("already named at column 1")),
            "{p:#?}"
        );
        assert!(
            problems(b"")
                .iter()
                .any(|m| m.contains("this file is empty"))
        );
        assert!(
            problems(b"\n \n")
                .iter()
                .any(|m| m.contains("this file is empty"))
        );
    }

    #[test]
    fn an_unclosed_quote_is_found_not_hung_on() {
        let t = read("k.csv", b"a,b\n\"open,1\n2,3\n");
        // The csv reader takes the rest of the file into the quoted cell: one row of
        // one cell, which does not fit.
        assert!(t.is_err());
    }
}
