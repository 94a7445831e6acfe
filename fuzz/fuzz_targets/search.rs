//! `domain::search::parse`: the query typed into the search box.
#![no_main]

use liaison::domain::search::{Query, parse};
use liaison::domain::text::normalize;
use liaison_fuzz::assert_no_controls;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let q = normalize(input, false);
    match parse(input) {
        None => assert!(q.is_empty(), "non-empty query {q:?} parsed to nothing"),
        Some(Query::PhoneTail(d)) => {
            assert!(
                d.len() == 4 && d.chars().all(|c| c.is_ascii_digit()),
                "{d:?}"
            )
        }
        Some(Query::Phone(d)) => {
            assert!(
                d.len() >= 7 && d.chars().all(|c| c.is_ascii_digit()),
                "{d:?}"
            )
        }
        Some(Query::Number(n)) => {
            assert!(n.contains('-') && n == n.to_ascii_uppercase(), "{n:?}");
            assert_no_controls("number query", &n, false);
        }
        Some(Query::Text(t)) => {
            assert!(!t.is_empty());
            assert_eq!(t, q);
            assert_no_controls("text query", &t, false);
        }
    }
});
