//! `domain::holidays::parse_notices`: the TOML holiday file.
#![no_main]

use std::collections::BTreeSet;

use chrono::{Datelike, Weekday};
use liaison::domain::calendar::{DayKind, HolidayTable};
use liaison::domain::holidays::parse_notices;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(notices) = parse_notices(text) else {
        return;
    };
    assert!(!notices.is_empty());
    let mut years = BTreeSet::new();
    for n in &notices {
        assert!((1990..=2200).contains(&n.year));
        assert!(years.insert(n.year), "year {} twice", n.year);
        assert_eq!(n.title, n.title.trim());
        let mut last = None;
        for d in &n.days {
            assert!(last < Some(d.date), "days not strictly ordered");
            last = Some(d.date);
            assert!(!d.name.trim().is_empty());
            let y = d.date.year();
            assert!(
                y == n.year
                    || (y == n.year - 1 && d.date.month() == 12)
                    || (y == n.year + 1 && d.date.month() == 1),
                "{} outside notice {}",
                d.date,
                n.year
            );
            if d.kind == DayKind::Workday {
                assert!(matches!(d.date.weekday(), Weekday::Sat | Weekday::Sun));
            }
        }
    }
    // The table built from the notices says what every notice said of every day: a day named
    // twice (with different kinds) in two notices would be silently overwritten.
    let table = HolidayTable::from_notices(&notices);
    for n in &notices {
        assert!(table.covers(n.year));
        for d in &n.days {
            assert_eq!(
                table.special(d.date),
                Some(d.kind),
                "notice {} says {} is a {:?}, the table disagrees",
                n.year,
                d.date,
                d.kind
            );
        }
    }
});
