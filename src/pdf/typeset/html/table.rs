//! Tables and definition lists, read with their header cells and spans.

use super::{Element, Node, Reader, trimmed};
use crate::pdf::{Block, Cell, Inline, Table};

impl Reader<'_> {
    pub(super) fn table(&mut self, e: &Element) -> Table {
        let label = self.name(e).or_else(|| self.pending.take());
        let mut t = Table {
            label,
            caption: None,
            head: Vec::new(),
            body: Vec::new(),
        };
        self.rows(e, false, &mut t);
        pad(&mut t);
        t
    }

    fn rows(&mut self, e: &Element, in_head: bool, t: &mut Table) {
        for child in &e.children {
            let Node::Element(c) = child else { continue };
            match c.name.as_str() {
                "caption" => {
                    // A caption's id names its table (a report's numbered tables
                    // are linked by it).
                    if t.label.is_none() {
                        t.label = self.name(c);
                    }
                    t.caption = Some(trimmed(self.inlines(&c.children)));
                }
                "thead" => self.rows(c, true, t),
                "tbody" | "tfoot" => self.rows(c, false, t),
                "tr" => {
                    let row = self.row(c, in_head);
                    if in_head {
                        t.head.push(row)
                    } else {
                        t.body.push(row)
                    }
                }
                _ => {}
            }
        }
    }

    fn row(&mut self, tr: &Element, in_head: bool) -> Vec<Cell> {
        tr.children
            .iter()
            .filter_map(|n| match n {
                Node::Element(c) if c.name == "td" || c.name == "th" => Some(c),
                _ => None,
            })
            .map(|c| {
                let mut blocks = Vec::new();
                self.blocks(&c.children, &mut blocks);
                let header = (c.name == "th").then(|| match c.attr("scope") {
                    Some("row") | Some("rowgroup") => "row",
                    Some(_) => "col",
                    None if in_head => "col",
                    None => "row",
                });
                let count = |name: &str| {
                    c.attr(name)
                        .and_then(|s| s.trim().parse().ok())
                        .filter(|&n: &u32| (1..=100).contains(&n))
                        .unwrap_or(1)
                };
                Cell {
                    header,
                    span: count("colspan"),
                    rows: count("rowspan"),
                    num: c.has_class("num"),
                    blocks,
                }
            })
            .collect()
    }

    pub(super) fn terms(&mut self, dl: &Element) -> Block {
        let mut rows: Vec<(Vec<Inline>, Vec<Block>)> = Vec::new();
        for child in &dl.children {
            let Node::Element(c) = child else { continue };
            match c.name.as_str() {
                "dt" => rows.push((trimmed(self.inlines(&c.children)), Vec::new())),
                "dd" => {
                    let mut blocks = Vec::new();
                    self.blocks(&c.children, &mut blocks);
                    match rows.last_mut() {
                        Some((_, defs)) => defs.extend(blocks),
                        None => rows.push((Vec::new(), blocks)),
                    }
                }
                // `<div>` may group a term with its definitions.
                "div" => {
                    if let Block::Terms(more) = self.terms(c) {
                        rows.extend(more);
                    }
                }
                _ => {}
            }
        }
        Block::Terms(rows)
    }
}

/// Fills each short row of a table with empty cells, so every cell stays under its
/// column (a row spanned into from above counts the cells it holds there).
fn pad(t: &mut Table) {
    let mut rows: Vec<&mut Vec<Cell>> = t.head.iter_mut().chain(t.body.iter_mut()).collect();
    // For each column, how many more rows a cell above still fills.
    let mut above: Vec<u32> = Vec::new();
    let mut widths = Vec::with_capacity(rows.len());
    for row in rows.iter() {
        let held = above.iter().filter(|&&n| n > 0).count() as u32;
        let own: u32 = row.iter().map(|c| c.span).sum();
        widths.push(held + own);
        let mut col = 0;
        let mut next = above
            .iter()
            .map(|n| n.saturating_sub(1))
            .collect::<Vec<_>>();
        for c in row.iter() {
            while col < above.len() && above[col] > 0 {
                col += 1;
            }
            for k in col..col + c.span as usize {
                if k >= next.len() {
                    next.resize(k + 1, 0);
                }
                next[k] = next[k].max(c.rows.saturating_sub(1));
            }
            col += c.span as usize;
        }
        above = next;
    }
    let n = widths.iter().copied().max().unwrap_or(0);
    for (row, width) in rows.iter_mut().zip(widths) {
        for _ in width..n {
            row.push(Cell::text(""));
        }
    }
}
