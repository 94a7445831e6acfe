//! Times as the file keeps them: to the whole second, so a stored value reads back equal.

use chrono::{NaiveDateTime, Timelike};

/// `t` without its fraction of a second.
pub fn whole_seconds(t: NaiveDateTime) -> NaiveDateTime {
    t.with_nanosecond(0).expect("0 ns is always valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fraction_goes_and_the_second_stays() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 11, 17)
            .unwrap()
            .and_hms_nano_opt(9, 30, 5, 999_999_999)
            .unwrap();
        assert_eq!(whole_seconds(t).to_string(), "2026-11-17 09:30:05");
    }
}
