//! `formats::decode`: bytes of a file people bring (UTF-8 with or without BOM, or GB18030).
#![no_main]

use liaison::formats::decode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let body = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    match decode(data) {
        Ok(text) => {
            // Valid UTF-8 comes back unchanged (minus the BOM).
            if let Ok(s) = std::str::from_utf8(body) {
                assert_eq!(text, s, "valid UTF-8 altered");
            }
            // Whatever decodes is fed to the CSV reader in the app: it must not panic.
            let _ = liaison::formats::csv::parse(&text);
        }
        Err(e) => {
            assert!(std::str::from_utf8(body).is_err(), "valid UTF-8 refused");
            assert!(e.offset <= body.len(), "offset {} past the end", e.offset);
            assert!(
                std::str::from_utf8(&body[..e.offset]).is_ok(),
                "offset {} is not the first bad byte",
                e.offset
            );
            let _ = e.to_string();
        }
    }
});
