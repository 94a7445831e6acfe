//! `"...".parse::<Key>()`: key names in the keymap and the config's `[keys]` table.
#![no_main]

use liaison::tui::keymap::Key;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(key) = s.parse::<Key>() {
        // What help prints for a key reads back as the same key.
        let shown = key.to_string();
        assert_eq!(
            shown.parse::<Key>(),
            Ok(key),
            "{s:?} -> {key:?} -> {shown:?}"
        );
    }
});
