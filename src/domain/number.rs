//! Human case numbers: station code, day, the desk's tag and a counter.
//!
//! `HF-20261117-007` is desk 1 of HF in its first epoch; `HF-20261117-2A007` is desk 2,
//! `HF-20261117-1B007` desk 1 after a restore (see [`super::desk`]). The counter starts at 1
//! for each (station, day, tag) and keeps at least three digits.

use chrono::NaiveDate;

use super::desk::{DeskTag, parse_epoch_letters};

/// A case number taken apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseNumber<'a> {
    pub station: &'a str,
    pub day: NaiveDate,
    pub tag: DeskTag,
    pub counter: u32,
}

pub fn case_number(station: &str, day: NaiveDate, tag: DeskTag, counter: u32) -> String {
    format!("{}{counter:03}", day_prefix(station, day, tag))
}

/// Everything before the counter: shared by every number one desk gives on one day.
pub fn day_prefix(station: &str, day: NaiveDate, tag: DeskTag) -> String {
    format!("{station}-{}-{}", day.format("%Y%m%d"), tag.infix())
}

/// Splits a number into station, day, desk tag and counter; `None` for anything a desk does
/// not issue.
pub fn parse_case_number(number: &str) -> Option<CaseNumber<'_>> {
    let mut parts = number.rsplitn(3, '-');
    let last = parts.next()?;
    let day = parts.next().filter(|d| d.len() == 8)?;
    let station = parts.next().filter(|s| !s.is_empty())?;
    if !day.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let day = NaiveDate::parse_from_str(day, "%Y%m%d").ok()?;
    let (tag, counter) = split_tag(last)?;
    if counter.len() < 3 || !counter.bytes().all(|b| b.is_ascii_digit()) || counter.len() > 6 {
        return None;
    }
    Some(CaseNumber {
        station,
        day,
        tag,
        counter: counter.parse().ok().filter(|&c| c > 0)?,
    })
}

/// `2A007` → (desk 2 epoch 1, `007`); `007` → (desk 1 epoch 1, `007`).
fn split_tag(last: &str) -> Option<(DeskTag, &str)> {
    let Some(letters_at) = last.find(|c: char| c.is_ascii_uppercase()) else {
        return Some((DeskTag::FIRST, last));
    };
    let desk_digits = &last[..letters_at];
    let rest = &last[letters_at..];
    let counter_at = rest.find(|c: char| !c.is_ascii_uppercase())?;
    let letters = &rest[..counter_at];
    let desk_ok = !desk_digits.is_empty()
        && desk_digits.len() <= 2
        && desk_digits.bytes().all(|b| b.is_ascii_digit())
        && !desk_digits.starts_with('0');
    if !desk_ok {
        return None;
    }
    let tag = DeskTag::new(desk_digits.parse().ok()?, parse_epoch_letters(letters)?)?;
    // Desk 1 in epoch 1 writes no tag; a number that spells it out was not issued by a desk.
    (tag != DeskTag::FIRST).then_some((tag, &rest[counter_at..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 17).unwrap()
    }

    #[test]
    fn formats_and_parses() {
        let first = DeskTag::FIRST;
        assert_eq!(case_number("HF", day(), first, 7), "HF-20261117-007");
        assert_eq!(case_number("HF", day(), first, 1234), "HF-20261117-1234");
        let p = parse_case_number("HF-20261117-007").unwrap();
        assert_eq!(
            (p.station, p.day, p.tag, p.counter),
            ("HF", day(), first, 7)
        );
        assert_eq!(
            parse_case_number("XY3-20261117-012").unwrap().station,
            "XY3"
        );
        assert_eq!(parse_case_number("HF-2026111-007"), None);
        assert_eq!(parse_case_number("-20261117-007"), None);
        assert_eq!(parse_case_number("totally-bogus"), None);
        assert_eq!(parse_case_number("HF-20261117-07"), None);
        assert_eq!(parse_case_number("HF-20261117-000"), None);
        assert_eq!(parse_case_number("HF-2026+117-001"), None);
    }

    #[test]
    fn tags_name_the_desk_and_the_epoch() {
        let two = DeskTag::new(2, 1).unwrap();
        assert_eq!(case_number("HF", day(), two, 7), "HF-20261117-2A007");
        let p = parse_case_number("HF-20261117-2A007").unwrap();
        assert_eq!((p.tag, p.counter), (two, 7));
        let restored = DeskTag::new(1, 2).unwrap();
        assert_eq!(case_number("HF", day(), restored, 12), "HF-20261117-1B012");
        assert_eq!(
            parse_case_number("HF-20261117-1B012").unwrap().tag,
            restored
        );
        assert_eq!(
            parse_case_number("HF-20261117-12AB003").unwrap().tag,
            DeskTag::new(12, 28).unwrap()
        );
        // Spelled-out first tag, leading zeros, missing parts: never issued.
        for bad in [
            "HF-20261117-1A007",
            "HF-20261117-02A007",
            "HF-20261117-A007",
            "HF-20261117-2A",
            "HF-20261117-2a007",
            "HF-20261117-2A00x",
            "HF-20261117-2ABC007",
        ] {
            assert_eq!(parse_case_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_tag_and_counter_round_trips() {
        for desk in [1, 2, 9, 10, 99] {
            for epoch in [1, 2, 26, 27, 702] {
                let tag = DeskTag::new(desk, epoch).unwrap();
                for counter in [1, 99, 999, 1000, 99999] {
                    let n = case_number("XAS", day(), tag, counter);
                    let p = parse_case_number(&n).unwrap_or_else(|| panic!("{n}"));
                    assert_eq!(
                        (p.station, p.day, p.tag, p.counter),
                        ("XAS", day(), tag, counter)
                    );
                }
            }
        }
    }
}
