//! A report's figures and tables, numbered in the order of the text ("Figure 2",
//! "Table 5") as its embedding blocks are placed, and listed at its front.

use std::cell::RefCell;

use serde::Serialize;

/// One numbered figure or table: its label, caption and anchor on the page.
#[derive(Clone, Debug, Serialize)]
pub struct NumberedCtx {
    /// A chart (`Figure N`) rather than a table (`Table N`).
    pub figure: bool,
    pub label: String,
    pub caption: String,
    pub anchor: String,
}

/// What an embedding block's template is told of its numbers: none on a page
/// that does not number them.
#[derive(Debug, Default, Serialize)]
pub struct NumbersCtx {
    pub figure: Option<NumberedCtx>,
    pub table: Option<NumberedCtx>,
}

/// The figures and tables numbered so far on one page.
#[derive(Default)]
pub struct Numbering(RefCell<Vec<NumberedCtx>>);

impl Numbering {
    /// Numbers the next figure (or table) of the page.
    pub fn add(&self, figure: bool, caption: String, anchor: String) -> NumberedCtx {
        let mut list = self.0.borrow_mut();
        let n = list.iter().filter(|x| x.figure == figure).count() + 1;
        let label = match figure {
            true => format!("Figure {n}"),
            false => format!("Table {n}"),
        };
        let entry = NumberedCtx {
            figure,
            label,
            caption,
            anchor,
        };
        list.push(entry.clone());
        entry
    }

    /// A block's numbers: its figure and its table, each given as (caption, anchor).
    pub fn block(
        numbering: Option<&Numbering>,
        figure: Option<(String, String)>,
        table: Option<(String, String)>,
    ) -> NumbersCtx {
        let Some(n) = numbering else {
            return NumbersCtx::default();
        };
        NumbersCtx {
            figure: figure.map(|(c, a)| n.add(true, c, a)),
            table: table.map(|(c, a)| n.add(false, c, a)),
        }
    }

    pub fn into_list(self) -> Vec<NumberedCtx> {
        self.0.into_inner()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_and_tables_are_numbered_apart_in_order() {
        let n = Numbering::default();
        let a = Numbering::block(
            Some(&n),
            Some(("Grades".into(), "g".into())),
            Some(("Scores".into(), "s".into())),
        );
        let b = Numbering::block(Some(&n), None, Some(("Indicators".into(), "i".into())));
        assert_eq!(a.figure.unwrap().label, "Figure 1");
        assert_eq!(a.table.unwrap().label, "Table 1");
        assert_eq!(b.table.unwrap().label, "Table 2");
        let labels: Vec<String> = n.into_list().into_iter().map(|x| x.label).collect();
        assert_eq!(labels, ["Figure 1", "Table 1", "Table 2"]);
        assert!(
            Numbering::block(None, None, Some(("x".into(), "y".into())))
                .table
                .is_none()
        );
    }
}
