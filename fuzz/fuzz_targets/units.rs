//! `formats::units::parse_units` on decoded bytes: the whole import path of a units CSV.
#![no_main]

use std::collections::BTreeSet;

use liaison::domain::phone::normalize_phone;
use liaison::domain::text::limits;
use liaison::formats::{decode, units::parse_units};
use liaison_fuzz::assert_no_controls;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data) else {
        return;
    };
    let Ok(units) = parse_units(&text) else {
        return;
    };
    assert!(!units.is_empty());
    let mut codes = BTreeSet::new();
    for u in &units {
        assert!(
            (1..=8).contains(&u.code.len()) && u.code.chars().all(|c| c.is_ascii_alphanumeric()),
            "bad code {:?}",
            u.code
        );
        assert!(codes.insert(u.code.clone()), "code {} twice", u.code);
        assert!(!u.name.is_empty() && u.name.chars().count() <= limits::ADDRESS);
        assert_no_controls("unit name", &u.name, false);
        assert_eq!(u.name, u.name.trim());
        if let Some(c) = &u.contact {
            assert!(!c.is_empty() && c.chars().count() <= limits::NAME);
            assert_no_controls("unit contact", c, false);
        }
        if let Some(p) = &u.phone {
            assert_eq!(
                normalize_phone(p).as_ref(),
                Ok(p),
                "stored phone does not re-normalise"
            );
        }
    }
});
