//! Dates as people write them (31/03/2025, 31.03.25, 2026-02-30), explained: SPEC
//! dates are year-month-day.

/// Why `value` is not a date SPEC accepts, and how to write it; `None` if it does not
/// look like a date at all.
pub fn explain(value: &str) -> Option<String> {
    if let Some(words) = in_words(value) {
        return Some(words);
    }
    let parts: Vec<&str> = value.split(['/', '-', '.']).collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
    let (Some(n), 3) = (numbers, parts.len()) else {
        return None;
    };
    let sep = value.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    if parts[0].len() == 4 {
        return Some(year_first(value, (n[0], n[1], n[2]), sep));
    }
    let year = match parts[2].len() {
        4 => n[2],
        2 => 2000 + n[2],
        _ => return None,
    };
    // Day first, as in the UK, unless the second number cannot be a month.
    let (day, month) = if n[1] > 12 && n[0] <= 12 {
        (n[1], n[0])
    } else {
        (n[0], n[1])
    };
    let write = format!("{year:04}-{month:02}-{day:02}");
    match impossible(year, month, day) {
        Some(why) => Some(format!(
            "`{value}` is not a date ({why}); dates are written year-month-day, like `2026-03-31`"
        )),
        None => Some(format!(
            "dates are written year-month-day: write `{write}` for `{value}`"
        )),
    }
}

fn year_first(value: &str, (year, month, day): (u32, u32, u32), sep: char) -> String {
    if let Some(why) = impossible(year, month, day) {
        return format!("`{value}` is not a date: {why}");
    }
    format!(
        "write the date as year-month-day with two digits each for the month and the day, joined by `-`: `{year:04}-{month:02}-{day:02}`{}",
        if sep == '-' {
            String::new()
        } else {
            format!(" (not `{sep}`)")
        }
    )
}

/// A date with its month in words (`22 August 2016`, `1st Sept 2026`).
fn in_words(value: &str) -> Option<String> {
    let parts: Vec<&str> = value.split([' ', ',']).filter(|p| !p.is_empty()).collect();
    let [day, month, year] = parts[..] else {
        return None;
    };
    let day: u32 = day
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .ok()?;
    let year: u32 = year.parse().ok().filter(|y| *y >= 1000)?;
    let month = MONTHS
        .iter()
        .position(|m| month.len() >= 3 && m.to_lowercase().starts_with(&month.to_lowercase()))?
        as u32
        + 1;
    Some(match impossible(year, month, day) {
        Some(why) => format!("`{value}` is not a date: {why}"),
        None => format!(
            "dates are written in figures, year-month-day: write `{year:04}-{month:02}-{day:02}` for `{value}`"
        ),
    })
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Why a day of a month of a year does not exist, in words.
fn impossible(year: u32, month: u32, day: u32) -> Option<String> {
    if !(1..=12).contains(&month) {
        return Some(format!(
            "there is no month {month}: the month comes second, from 01 to 12"
        ));
    }
    let name = MONTHS[month as usize - 1];
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 || day > days {
        let of = if month == 2 {
            format!("{name} {year}")
        } else {
            name.to_string()
        };
        return Some(format!("{of} has {days} days"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_written_the_british_way_are_turned_round() {
        let m = explain("31/03/2027").unwrap();
        assert!(m.contains("`2027-03-31`"), "{m}");
        assert!(explain("31.03.25").unwrap().contains("`2025-03-31`"));
        assert!(
            explain("2026-02-30")
                .unwrap()
                .contains("February 2026 has 28 days")
        );
        assert!(
            explain("2028-02-30")
                .unwrap()
                .contains("February 2028 has 29 days")
        );
        assert!(explain("2025-13-01").unwrap().contains("no month 13"));
        assert!(explain("2025-3-1").unwrap().contains("`2025-03-01`"));
        assert!(explain("22 August 2016").unwrap().contains("`2016-08-22`"));
        assert!(
            explain("31st Sept 2026")
                .unwrap()
                .contains("September has 30 days")
        );
        assert_eq!(explain("next week"), None);
    }
}
