//! `domain::phone::mask` on text that never went through `normalize_phone`: what a phone from
//! an imported bundle (residents.jsonl, stored as is) looks like on the detail pane and in
//! reports.
#![no_main]

use liaison::domain::phone::mask;
use libfuzzer_sys::fuzz_target;

fn digits(s: &str) -> usize {
    s.chars().filter(|c| c.is_ascii_digit()).count()
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let m = mask(input);
    // The most a legitimate phone shows is a 4-digit area code and the last 4 digits.
    assert!(
        digits(&m) <= 8 && (digits(input) < 7 || digits(&m) < digits(input)),
        "mask({input:?}) = {m:?} shows {} of {} digits",
        digits(&m),
        digits(input)
    );
});
