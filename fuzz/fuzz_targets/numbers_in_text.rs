//! `domain::numbers_in_text`: personal numbers in what residents type. Whatever the text, no
//! panic; every number found lies on character boundaries inside the text; masking leaves no
//! mobile or ID number to be found and is stable; erasing leaves the text as long in characters,
//! holds no number any more, and erasing again changes nothing.
#![no_main]

use liaison::domain::numbers_in_text::{NumberKind, erase_numbers, find_numbers, mask_numbers};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let found = find_numbers(text);
    let mut last = 0;
    for f in &found {
        assert!(f.range.start >= last && f.range.end <= text.len(), "{found:?}");
        assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
        last = f.range.end;
    }
    let masked = mask_numbers(text);
    // What masking leaves holds no mobile or ID number any more (a landline keeps its area
    // code, which is no number of its own). The same digits may still stand elsewhere in
    // the text, inside a longer run that is no phone: that is not checked here.
    for f in find_numbers(&masked) {
        assert!(
            f.kind == NumberKind::Landline,
            "{text:?} → {masked:?} still shows {f:?}"
        );
    }
    assert_eq!(mask_numbers(&masked), masked, "masking twice changes {text:?}");
    let erased = erase_numbers(text);
    assert!(find_numbers(&erased).is_empty(), "{text:?} → {erased:?} still holds a number");
    assert_eq!(erase_numbers(&erased), erased);
    let removed: usize = found.iter().map(|f| text[f.range.clone()].chars().count()).sum();
    let stars: usize = found.iter().map(|f| f.digits.chars().count()).sum();
    assert_eq!(
        erased.chars().count(),
        text.chars().count() - removed + stars,
        "{text:?} → {erased:?}"
    );
});
