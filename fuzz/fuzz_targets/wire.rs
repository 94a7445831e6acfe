//! `bundle::wire::parse::<T>`: the JSON Lines files of a bundle, for every wire type.
//! Input: the first byte picks the type, the rest is the file's text.
#![no_main]

use std::fmt::Debug;

use liaison::bundle::BundleError;
use liaison::bundle::wire::{
    WireActivity, WireEvent, WireNotice, WireResident, WireRoster, lines, parse,
};
use liaison::domain::category::{Category, Unit};
use liaison::domain::event::EventBody;
use liaison::domain::member::Member;
use liaison::domain::phone::{mask, normalize_phone};
use liaison::domain::station::Station;
use liaison_fuzz::{assert_no_controls, has_float};
use libfuzzer_sys::fuzz_target;
use serde::{Serialize, de::DeserializeOwned};

/// Parses, checks the line count and error line, and returns the items when they re-parse.
fn check<T: DeserializeOwned + Serialize + PartialEq + Debug>(text: &str) -> Option<Vec<T>> {
    let count = text.lines().count();
    match parse::<T>("f.jsonl", text) {
        Ok(items) => {
            assert_eq!(items.len(), count);
            let again = lines(&items);
            let back = parse::<T>("f.jsonl", &again).expect("written lines re-parse");
            assert_eq!(back.len(), items.len());
            Some(back)
        }
        Err(BundleError::Line { file, line, .. }) => {
            assert_eq!(file, "f.jsonl");
            assert!(
                line >= 1 && line <= count,
                "error on line {line} of {count}"
            );
            None
        }
        Err(e) => panic!("unexpected error {e:?}"),
    }
}

fn round_trip<T: DeserializeOwned + Serialize + PartialEq + Debug>(text: &str) {
    if let (Ok(items), Some(back)) = (parse::<T>("f.jsonl", text), check::<T>(text)) {
        assert_eq!(items, back, "round trip");
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    match which % 10 {
        0 => {
            let Some(back) = check::<WireEvent>(text) else {
                return;
            };
            let items: Vec<WireEvent> = parse("f.jsonl", text).unwrap();
            for (a, b) in items.iter().zip(&back) {
                // serde_json's default float parsing is not exact: compare floats loosely.
                if has_float(&a.payload) {
                    assert_eq!((&a.id, &a.kind, &a.desk, a.seq), (&b.id, &b.kind, &b.desk, b.seq));
                } else {
                    assert_eq!(a, b);
                }
                // What the events import does with each event.
                if let Ok(body) = EventBody::from_stored(&a.kind, &a.payload.to_string()) {
                    assert_eq!(body.kind().as_str(), a.kind);
                    let again = EventBody::from_stored(&a.kind, &body.payload_json())
                        .expect("payload_json reads back");
                    assert_eq!(again, body);
                }
            }
        }
        1 => {
            round_trip::<WireResident>(text);
            // What the events import keeps of a resident.
            for r in parse::<WireResident>("f.jsonl", text).unwrap_or_default() {
                let Ok(kept) = r.to_resident() else {
                    continue;
                };
                for v in [&kept.name, &kept.address].into_iter().flatten() {
                    assert_no_controls("resident", v, false);
                }
                if let Some(p) = &kept.phone {
                    assert_eq!(normalize_phone(p).as_ref(), Ok(p));
                    let m = mask(p);
                    let shown = m.chars().filter(|c| c.is_ascii_digit()).count();
                    assert!(shown <= 8, "mask({p:?}) = {m:?}");
                }
            }
        }
        2 => round_trip::<WireRoster>(text),
        3 => round_trip::<WireActivity>(text),
        4 => round_trip::<WireNotice>(text),
        5 => round_trip::<Unit>(text),
        6 => round_trip::<Category>(text),
        7 => round_trip::<Member>(text),
        8 => round_trip::<Station>(text),
        _ => round_trip::<(String, String)>(text),
    }
});
