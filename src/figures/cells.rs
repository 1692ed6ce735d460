//! The cells of a data file: numbers and counts as spreadsheets write them, and the
//! organisation a row is about. Each problem is a sentence that says what to write.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::indicators::{MAX_VALUE, VALUE_PLACES, within};
use crate::organisations::{Directory, OrgId, registry::key};

/// A number in a cell: `12`, `84.5`, `1,234` (thousands apart), `-3`; with `percent`,
/// also `84.5%`. With `comma`, in a file whose cells are apart by `;` or a tab, as a
/// spreadsheet set to a language that writes `1,5` for one and a half saves it, a
/// comma is the decimal point.
pub fn number(text: &str, percent: bool, comma: bool) -> Result<Decimal, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("this cell is empty: give the figure, or leave the row out if there is none for this period".into());
    }
    let bare = match t.strip_suffix('%') {
        Some(rest) if percent => rest.trim_end(),
        Some(_) => {
            return Err(format!(
                "`{t}` is a percentage, and this figure is not one: write the number alone"
            ));
        }
        None => t,
    };
    let decimal = (comma && bare.matches(',').count() == 1 && !bare.contains('.'))
        .then(|| bare.replace(',', "."));
    let plain = match decimal {
        Some(d) => d,
        None => ungroup(bare).ok_or_else(|| not_a_number(t))?,
    };
    let v = crate::assurance::number::exact(&plain).ok_or_else(|| not_a_number(t))?;
    if !within(v) {
        return Err(format!(
            "`{t}` is beyond what this tool reads (at most {MAX_VALUE} either side of 0, with at most {VALUE_PLACES} decimals)"
        ));
    }
    Ok(v)
}

/// A count of people or events: a whole number, 0 or more.
pub fn count(text: &str, comma: bool) -> Result<u64, String> {
    let v = number(text, false, comma)?;
    if v.is_sign_negative() && !v.is_zero() {
        return Err(format!(
            "`{}` is below 0, and a count is 0 or more",
            text.trim()
        ));
    }
    if !v.fract().is_zero() {
        return Err(format!(
            "`{}` is not a whole number, and this is a count of people or events",
            text.trim()
        ));
    }
    use rust_decimal::prelude::ToPrimitive;
    v.to_u64().ok_or_else(|| not_a_number(text))
}

/// `text` is not one of `choices`, which are `what` (`an indicator of this set`): with
/// the nearest as "did you mean".
pub fn not_one_of(text: &str, choices: &[&str], what: &str) -> String {
    let t = text.trim();
    match crate::yaml::nearest(t, choices) {
        Some(near) => format!("`{t}` is not {what} (did you mean `{near}`?)"),
        None => format!("`{t}` is not {what}"),
    }
}

/// `choices` as a list in words, when they are few enough to read.
pub fn listed(choices: &[&str]) -> String {
    match choices.len() {
        0 => String::new(),
        1..=12 => format!(", one of {}", crate::yaml::either(choices)),
        _ => String::new(),
    }
}

fn not_a_number(t: &str) -> String {
    if t.contains(',') && t.split(',').count() == 2 && !t.contains('.') {
        return format!(
            "`{t}` is not a number this tool reads: write a decimal with a point (`1.5`), as CSV files keep commas between cells"
        );
    }
    format!("`{t}` is not a number: write a figure such as `12` or `84.5`")
}

/// `1,234,567` as `1234567`; `None` for commas that do not group thousands.
fn ungroup(t: &str) -> Option<String> {
    if !t.contains(',') {
        return Some(t.to_string());
    }
    let (whole, fraction) = match t.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (t, None),
    };
    let digits = whole.trim_start_matches(['-', '+']);
    let mut groups = digits.split(',');
    let first = groups.next()?;
    let ok = (1..=3).contains(&first.len())
        && groups.all(|g| g.len() == 3)
        && digits.chars().all(|c| c.is_ascii_digit() || c == ',');
    ok.then(|| {
        let mut s = whole.replace(',', "");
        if let Some(f) = fraction {
            s.push('.');
            s.push_str(f);
        }
        s
    })
}

/// Who a row is about, as pages and downloads name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Body {
    /// The registry id, or without a registry the name as first written.
    pub id: String,
    pub name: String,
    /// The registry's organisation, if it is one (partnerships have none).
    pub org: Option<OrgId>,
    /// A registered partnership: its figures are its own, never added to a total.
    pub partnership: bool,
}

/// The organisations and partnerships a dataset names, each once.
#[derive(Debug, Default)]
pub struct Bodies {
    pub list: Vec<Body>,
    by_key: HashMap<String, usize>,
    /// Texts already looked up, so 100,000 rows cost one lookup per spelling.
    seen: HashMap<String, Result<usize, String>>,
}

impl Bodies {
    /// The body a cell names: by the registry where there is one (an organisation's id,
    /// name or ODS code, or a partnership's id or name); else by name, case and spaces
    /// aside.
    pub fn find(&mut self, text: &str, dir: Option<&Directory>) -> Result<usize, String> {
        if let Some(found) = self.seen.get(text) {
            return found.clone();
        }
        let found = self.look_up(text, dir);
        self.seen.insert(text.to_string(), found.clone());
        found
    }

    fn look_up(&mut self, text: &str, dir: Option<&Directory>) -> Result<usize, String> {
        let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if t.is_empty() {
            return Err("this cell is empty: name the organisation the row is about".into());
        }
        let body = match dir {
            None => Body {
                id: t.clone(),
                name: t.clone(),
                org: None,
                partnership: false,
            },
            Some(dir) => match dir.resolve(&t) {
                Some(o) => Body {
                    id: dir.id(o).to_string(),
                    name: dir.name(o).to_string(),
                    org: Some(o),
                    partnership: false,
                },
                None => match dir.partnership_named(&t) {
                    Some(p) => {
                        let p = dir.partnership(p);
                        Body {
                            id: p.id.value.trim().to_string(),
                            name: p.name.value.trim().to_string(),
                            org: None,
                            partnership: true,
                        }
                    }
                    None => return Err(unregistered(&t, dir)),
                },
            },
        };
        let k = key(&body.id);
        if let Some(&i) = self.by_key.get(&k) {
            return Ok(i);
        }
        self.list.push(body);
        self.by_key.insert(k, self.list.len() - 1);
        Ok(self.list.len() - 1)
    }

    /// The body with registry id (or, without a registry, name) `id`, if the data
    /// names it.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_key.get(&key(id)).copied()
    }

    /// The bodies in order of id, and where each old index went.
    pub fn sorted(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.list.len()).collect();
        order.sort_by(|&a, &b| key(&self.list[a].id).cmp(&key(&self.list[b].id)));
        order
    }
}

fn unregistered(t: &str, dir: &Directory) -> String {
    let near = dir.nearest(t);
    let hint = match near.as_slice() {
        [] => String::new(),
        [one] => format!(" (did you mean {one}?)"),
        many => format!(" (did you mean {}?)", crate::yaml::either(many)),
    };
    format!(
        "`{t}` is not in the organisations registry{hint}: name a registered organisation or partnership by its id, name or ODS code, or add it to the registry"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_spreadsheets_write_them() {
        assert_eq!(number("12", false, false), Ok(12.into()));
        assert_eq!(number(" 84.5 ", false, false), Ok("84.5".parse().unwrap()));
        assert_eq!(number("1,234", false, false), Ok(1234.into()));
        assert_eq!(
            number("1,234,567.5", false, false),
            Ok("1234567.5".parse().unwrap())
        );
        assert_eq!(number("84.5%", true, false), Ok("84.5".parse().unwrap()));
        assert!(
            number("84.5%", false, false)
                .unwrap_err()
                .contains("percentage")
        );
        assert!(number("1,5", false, false).unwrap_err().contains("point"));
        assert!(number("12,34", false, false).is_err());
        assert!(
            number("n/a", false, false)
                .unwrap_err()
                .contains("not a number")
        );
        assert!(number("", false, false).unwrap_err().contains("empty"));
        assert!(number("1e40", false, false).is_err());
        assert_eq!(count("40", false), Ok(40));
        assert!(count("-1", false).unwrap_err().contains("below 0"));
        assert!(count("2.5", false).unwrap_err().contains("whole number"));
        assert_eq!(count("2.0", false), Ok(2));
        // In a file apart by semicolons, a comma is the decimal point.
        assert_eq!(number("9,5", false, true), Ok("9.5".parse().unwrap()));
        assert_eq!(number("84,5%", true, true), Ok("84.5".parse().unwrap()));
        assert!(count("2,5", true).unwrap_err().contains("whole number"));
    }

    #[test]
    fn without_a_registry_a_name_is_one_body_whatever_its_spacing() {
        let mut b = Bodies::default();
        let a = b.find("Royal  Trust", None).unwrap();
        assert_eq!(b.find("royal trust", None), Ok(a));
        assert_eq!(b.list[a].name, "Royal Trust");
        assert_ne!(b.find("Other Trust", None), Ok(a));
        assert!(b.find("  ", None).is_err());
    }
}
