//! Periods as NHS figures are reported: quarters of the financial year (`2025-26 Q1`,
//! April to June 2025), months (`2025-04`) and financial years (`2025-26`, 1 April
//! 2025 to 31 March 2026).
//!
//! Invariant: a period's order is time order, and every period belongs to exactly one
//! financial year, so a year's roll-up and "the same period a year before" are plain
//! arithmetic on the year's first calendar year.

use std::fmt;

/// Which sort of period a dataset reports by: one sort per dataset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeriodKind {
    Quarter,
    Month,
    Year,
}

impl PeriodKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Quarter => "quarter",
            PeriodKind::Month => "month",
            PeriodKind::Year => "year",
        }
    }

    /// How many of these periods make a financial year.
    pub fn per_year(self) -> u8 {
        match self {
            PeriodKind::Quarter => 4,
            PeriodKind::Month => 12,
            PeriodKind::Year => 1,
        }
    }

    /// The word for several, for "3 of 4 quarters".
    pub fn plural(self) -> &'static str {
        match self {
            PeriodKind::Quarter => "quarters",
            PeriodKind::Month => "months",
            PeriodKind::Year => "years",
        }
    }
}

/// One period. `year` is the calendar year the financial year starts in (2025 for
/// `2025-26`); `part` is the quarter (1–4) or the month's place in the financial
/// year (1 for April … 12 for March), 0 for a whole year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    pub part: u8,
    pub kind: PeriodKind,
}

/// The earliest and latest financial years accepted: far enough either way for any
/// real report, and small enough that a typo (`20250-26`) is caught.
const FIRST_YEAR: i32 = 1900;
const LAST_YEAR: i32 = 2200;

impl Period {
    /// Reads a period as written in a CSV cell; `Err` says in plain words what is
    /// wrong and how a period is written.
    pub fn parse(text: &str) -> Result<Period, String> {
        let t = text.trim();
        let shown = if t.is_empty() { "an empty cell" } else { t };
        let how = "write a quarter as `2025-26 Q1` (April to June 2025), a month as `2025-04`, or a financial year as `2025-26`";
        let bad = |why: &str| Err(format!("`{shown}` is not a period{why}: {how}"));
        let (year_text, quarter) = match t.split_once(char::is_whitespace) {
            Some((y, q)) => (y, Some(q.trim())),
            None => (t, None),
        };
        let Some((first, second)) = year_text.split_once('-') else {
            return bad("");
        };
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(first, 4) || !digits(second, 2) {
            return bad("");
        }
        let year: i32 = first.parse().unwrap_or(0);
        let two: u8 = second.parse().unwrap_or(0);
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return bad(&format!(
                " this tool reads (years {FIRST_YEAR} to {LAST_YEAR})"
            ));
        }
        // `2025-04` is a month; `2025-26` a financial year, whose second part is the
        // next year's last two digits.
        let next = ((year + 1) % 100) as u8;
        if quarter.is_none() && (1..=12).contains(&two) && two != next {
            let part = if two >= 4 { two - 3 } else { two + 9 };
            let fy = if two >= 4 { year } else { year - 1 };
            return Ok(Period {
                year: fy,
                part,
                kind: PeriodKind::Month,
            });
        }
        if two != next {
            return bad(&format!(
                ": a financial year that starts in {year} ends in {}, so it is written `{year}-{next:02}`",
                year + 1
            ));
        }
        match quarter {
            None => Ok(Period {
                year,
                part: 0,
                kind: PeriodKind::Year,
            }),
            Some(q) => {
                let n = q
                    .strip_prefix(['Q', 'q'])
                    .and_then(|n| n.parse::<u8>().ok())
                    .filter(|n| (1..=4).contains(n));
                match n {
                    Some(part) => Ok(Period {
                        year,
                        part,
                        kind: PeriodKind::Quarter,
                    }),
                    None => bad(": a quarter is Q1 (April to June) to Q4 (January to March)"),
                }
            }
        }
    }

    /// Reads `text` as `parse` does, but where it names both a financial year and a
    /// month (`2011-12` is the year 2011-12 and December 2011) as a month when `kind`
    /// says the set's periods are months.
    pub fn parse_in(text: &str, kind: Option<PeriodKind>) -> Result<Period, String> {
        let p = Period::parse(text)?;
        if p.kind == PeriodKind::Year && kind == Some(PeriodKind::Month) {
            let t = text.trim();
            let two: u8 = t.get(5..).and_then(|s| s.parse().ok()).unwrap_or(0);
            if (1..=12).contains(&two) {
                let part = if two >= 4 { two - 3 } else { two + 9 };
                let fy = if two >= 4 { p.year } else { p.year - 1 };
                return Ok(Period {
                    year: fy,
                    part,
                    kind: PeriodKind::Month,
                });
            }
        }
        Ok(p)
    }

    /// Whether `text` names both a financial year and a month (`2011-12`).
    pub fn two_ways(text: &str) -> bool {
        let t = text.trim();
        let two: u8 = t.get(5..).and_then(|s| s.parse().ok()).unwrap_or(0);
        matches!(Period::parse(t), Ok(p) if p.kind == PeriodKind::Year) && (1..=12).contains(&two)
    }

    /// The sort of period of a set: that of its first period that reads one way only.
    pub fn kind_of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<PeriodKind> {
        texts
            .into_iter()
            .filter(|t| !Period::two_ways(t))
            .find_map(|t| Period::parse(t).ok())
            .map(|p| p.kind)
    }

    /// The financial year this period is in.
    pub fn financial_year(self) -> Period {
        Period {
            year: self.year,
            part: 0,
            kind: PeriodKind::Year,
        }
    }

    /// The period just before, of the same sort.
    pub fn previous(self) -> Period {
        let per = self.kind.per_year();
        if self.kind == PeriodKind::Year || self.part == 1 {
            Period {
                year: self.year - 1,
                part: if self.kind == PeriodKind::Year {
                    0
                } else {
                    per
                },
                kind: self.kind,
            }
        } else {
            Period {
                part: self.part - 1,
                ..self
            }
        }
    }

    /// The same period a year before (`None` for a year: that is its previous period).
    pub fn year_before(self) -> Option<Period> {
        (self.kind != PeriodKind::Year).then_some(Period {
            year: self.year - 1,
            ..self
        })
    }

    /// A short label for a chart's axis: `Q1`, `Apr`, `2025-26`.
    pub fn short(self) -> String {
        const MONTHS: [&str; 12] = [
            "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar",
        ];
        match self.kind {
            PeriodKind::Quarter => format!("Q{}", self.part),
            PeriodKind::Month => MONTHS[usize::from(self.part - 1)].to_string(),
            PeriodKind::Year => self.to_string(),
        }
    }

    /// In words, for a table's header read aloud: `April to June 2025`.
    pub fn words(self) -> String {
        const MONTHS: [&str; 12] = [
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
            "January",
            "February",
            "March",
        ];
        let calendar = |part: u8| {
            if part <= 9 { self.year } else { self.year + 1 }
        };
        match self.kind {
            PeriodKind::Quarter => {
                let first = (self.part - 1) * 3 + 1;
                format!(
                    "{} to {} {}",
                    MONTHS[usize::from(first - 1)],
                    MONTHS[usize::from(first + 1)],
                    calendar(first)
                )
            }
            PeriodKind::Month => {
                format!(
                    "{} {}",
                    MONTHS[usize::from(self.part - 1)],
                    calendar(self.part)
                )
            }
            PeriodKind::Year => format!("April {} to March {}", self.year, self.year + 1),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fy = format!("{}-{:02}", self.year, (self.year + 1) % 100);
        match self.kind {
            PeriodKind::Year => f.write_str(&fy),
            PeriodKind::Quarter => write!(f, "{fy} Q{}", self.part),
            PeriodKind::Month => {
                let (y, m) = if self.part <= 9 {
                    (self.year, self.part + 3)
                } else {
                    (self.year + 1, self.part - 9)
                };
                write!(f, "{y}-{m:02}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn periods_read_as_written_and_print_the_same() {
        for s in [
            "2025-26 Q1",
            "2025-26 Q4",
            "2025-04",
            "2026-03",
            "2025-26",
            "1999-00",
        ] {
            assert_eq!(p(s).to_string(), s);
        }
        assert_eq!(p(" 2025-26  q2 ").to_string(), "2025-26 Q2");
        // March 2026 is the last month of 2025-26; April 2025 its first.
        assert_eq!(p("2026-03").financial_year(), p("2025-26"));
        assert_eq!(p("2025-04").financial_year(), p("2025-26"));
        assert_eq!(p("2025-26 Q4").financial_year(), p("2025-26"));
        // There is no 26th month: `2025-26` is a year.
        assert_eq!(p("2025-26").kind, PeriodKind::Year);
        // `2011-12` is the financial year, never December 2011.
        assert_eq!(p("2011-12").kind, PeriodKind::Year);
        assert_eq!(p("2011-11").kind, PeriodKind::Month);
    }

    #[test]
    fn bad_periods_say_how_one_is_written() {
        for bad in [
            "",
            "Q1",
            "2025-27",
            "2025/26",
            "2025-26 Q5",
            "25-26",
            "2025-13",
            "April",
        ] {
            let e = Period::parse(bad).unwrap_err();
            assert!(e.contains("2025-26 Q1"), "{bad}: {e}");
        }
        assert!(
            Period::parse("2025-27")
                .unwrap_err()
                .contains("written `2025-26`")
        );
    }

    #[test]
    fn time_order_previous_and_a_year_before() {
        assert!(p("2024-25 Q4") < p("2025-26 Q1"));
        assert!(p("2026-01") > p("2025-12"));
        assert!(p("2026-03") > p("2025-04"));
        assert_eq!(p("2025-26 Q1").previous(), p("2024-25 Q4"));
        assert_eq!(p("2025-26 Q3").previous(), p("2025-26 Q2"));
        assert_eq!(p("2025-04").previous(), p("2025-03"));
        assert_eq!(p("2026-01").previous(), p("2025-12"));
        assert_eq!(p("2025-26").previous(), p("2024-25"));
        assert_eq!(p("2025-26 Q2").year_before(), Some(p("2024-25 Q2")));
        assert_eq!(p("2026-02").year_before(), Some(p("2025-02")));
        assert_eq!(p("2025-26").year_before(), None);
        assert_eq!(p("2025-26 Q3").words(), "October to December 2025");
        assert_eq!(p("2025-26 Q4").words(), "January to March 2026");
        assert_eq!(p("2026-02").words(), "February 2026");
        assert_eq!(p("2026-02").short(), "Feb");
    }
}
