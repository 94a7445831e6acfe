//! `domain::notice_text::parse_notice_text`: the State Council's notice as published, from
//! bytes decoded as a file is (UTF-8 or GB18030).
#![no_main]

use chrono::{Datelike, Weekday};
use liaison::domain::calendar::{DayKind, HolidayTable};
use liaison::domain::notice_text::{normalize, parse_notice_text};
use liaison::domain::statutory::FESTIVALS;
use liaison::formats::decode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data) else {
        return;
    };
    // Normalising is idempotent and leaves no space or control character.
    for line in text.lines() {
        let once = normalize(line);
        assert_eq!(normalize(&once), once);
        assert!(!once.chars().any(|c| c.is_whitespace() || c.is_control()));
    }
    let notice = match parse_notice_text(&text) {
        Ok(n) => n,
        Err(e) => {
            // A refusal names a line of the text, or none.
            if let Some(line) = e.line {
                assert!(line >= 1 && line <= text.lines().count(), "line {line}");
                assert_eq!(e.text, text.lines().nth(line - 1).unwrap().trim());
            }
            let _ = e.to_string();
            return;
        }
    };
    assert!((1990..=2200).contains(&notice.year));
    assert!(notice.title.contains(&format!("{}年部分节假日安排的通知", notice.year)));
    // Every festival of the law is named, days are ordered, make-up days on weekends, all
    // within the notice's year (± the New Year spill).
    for f in FESTIVALS {
        assert!(notice.days.iter().any(|d| d.name.split('、').any(|n| n == f)), "{f}");
    }
    let mut last = None;
    for d in &notice.days {
        assert!(last < Some(d.date), "days not strictly ordered");
        last = Some(d.date);
        assert!((d.date.year() - notice.year).abs() <= 1);
        if d.kind == DayKind::Workday {
            assert!(matches!(d.date.weekday(), Weekday::Sat | Weekday::Sun));
        }
    }
    let table = HolidayTable::from_notices(std::slice::from_ref(&notice));
    for d in &notice.days {
        assert_eq!(table.special(d.date), Some(d.kind));
        assert_eq!(table.is_working_day(d.date), d.kind == DayKind::Workday);
    }
});
