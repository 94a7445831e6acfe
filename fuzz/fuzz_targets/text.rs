//! `domain::text::{normalize, for_display, clean_optional}`.
#![no_main]

use std::borrow::Cow;

use liaison::domain::text::{clean_optional, for_display, normalize};
use liaison_fuzz::{assert_no_controls, is_bidi_control};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(input) = std::str::from_utf8(rest) else {
        return;
    };
    let multiline = flags & 1 == 1;

    let n = normalize(input, multiline);
    assert_no_controls("normalize", &n, multiline);
    assert!(
        !n.chars().any(is_bidi_control),
        "bidi control left in {n:?}"
    );
    assert_eq!(n, n.trim(), "not trimmed");
    assert_eq!(normalize(&n, multiline), n, "normalize is not idempotent");

    let limit = (flags >> 1) as usize;
    match clean_optional(input, "field", limit, multiline) {
        Ok(None) => assert!(n.is_empty()),
        Ok(Some(s)) => assert!(s == n && s.chars().count() <= limit),
        Err(e) => assert!(e.len > limit && e.len == n.chars().count()),
    }

    let d = for_display(input);
    if let Some(c) = d.chars().find(|&c| c.is_control() || is_bidi_control(c)) {
        panic!("for_display left {c:?} in {d:?}");
    }
    if let Cow::Borrowed(b) = d {
        assert_eq!(b, input);
    }
});
