//! Human case numbers: station code, day and a sequence, unique per station and day.

use chrono::NaiveDate;

/// `HF-20261117-007`: at least three digits, more when a busy day needs them.
pub fn case_number(station: &str, day: NaiveDate, seq: u32) -> String {
    format!("{station}-{}-{seq:03}", day.format("%Y%m%d"))
}

/// The prefix shared by every number of a station's day, for finding the next sequence.
pub fn day_prefix(station: &str, day: NaiveDate) -> String {
    format!("{station}-{}-", day.format("%Y%m%d"))
}

/// Splits a number into station, day and sequence.
pub fn parse_case_number(number: &str) -> Option<(&str, NaiveDate, u32)> {
    let mut parts = number.rsplitn(3, '-');
    let seq = parts.next()?.parse().ok()?;
    let day = parts.next().filter(|d| d.len() == 8)?;
    let day = NaiveDate::parse_from_str(day, "%Y%m%d").ok()?;
    let station = parts.next()?;
    (!station.is_empty()).then_some((station, day, seq))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 17).unwrap();
        assert_eq!(case_number("HF", day, 7), "HF-20261117-007");
        assert_eq!(case_number("HF", day, 1234), "HF-20261117-1234");
        assert_eq!(parse_case_number("HF-20261117-007"), Some(("HF", day, 7)));
        assert_eq!(
            parse_case_number("XY3-20261117-012"),
            Some(("XY3", day, 12))
        );
        assert_eq!(parse_case_number("HF-2026111-007"), None);
        assert_eq!(parse_case_number("-20261117-007"), None);
    }
}
