//! `domain::phone`: `normalize_phone`, `mask` and `tail`.
#![no_main]

use liaison::domain::phone::{mask, normalize_phone, tail};
use libfuzzer_sys::fuzz_target;

fn digits(s: &str) -> usize {
    s.chars().filter(|c| c.is_ascii_digit()).count()
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };

    // Any text: no panic; the mask is as long as the text (one `*` per hidden character).
    let m = mask(input);
    assert!(digits(&m) <= digits(input));
    let _ = tail(input);
    // Phones reach `mask` unchecked from imported bundles (residents.jsonl), so the rule
    // must hold for any text: of an 11-digit phone at most 7 digits are shown.
    if digits(input) == 11 && !input.contains('-') {
        assert!(
            digits(&m) <= 7,
            "mask({input:?}) = {m:?} shows more than 7 of 11 digits"
        );
    }

    let Ok(p) = normalize_phone(input) else {
        return;
    };
    // The stored form is a fixed point.
    assert_eq!(
        normalize_phone(&p).as_ref(),
        Ok(&p),
        "{input:?} -> {p:?} does not re-normalise"
    );
    assert!(p.chars().all(|c| c.is_ascii_digit() || c == '-'));
    assert!(p.matches('-').count() <= 1);
    let m = mask(&p);
    assert_eq!(m.chars().count(), p.chars().count(), "mask({p:?}) = {m:?}");
    match p.split_once('-') {
        None if p.len() == 11 => {
            // A mobile: operator prefix and the last four.
            assert_eq!(digits(&m), 7, "mask({p:?}) = {m:?}");
            assert_eq!(&m[..3], &p[..3]);
            assert_eq!(&m[7..], &p[7..]);
        }
        None => assert!(digits(&m) <= 4, "mask({p:?}) = {m:?}"),
        Some((area, local)) => {
            // A landline: the (public) area code and at most the last four of the number.
            assert!(m.starts_with(&format!("{area}-")), "mask({p:?}) = {m:?}");
            let shown = digits(&m[area.len() + 1..]);
            assert!(shown <= 4 && shown < local.len(), "mask({p:?}) = {m:?}");
        }
    }
    let t = tail(&p);
    assert!(t.len() == 4 && p.ends_with(&t), "tail({p:?}) = {t:?}");
});
