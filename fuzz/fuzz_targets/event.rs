//! `EventBody::from_stored(kind, payload)`: event payloads from the database and bundles.
//! Input: the kind on the first line, the payload JSON after it.
#![no_main]

use liaison::domain::event::EventBody;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (kind, payload) = text.split_once('\n').unwrap_or((text, "{}"));
    let Ok(body) = EventBody::from_stored(kind, payload) else {
        return;
    };
    assert_eq!(body.kind().as_str(), kind, "kind changed");
    // Stored form round-trips.
    let stored = body.payload_json();
    let back = EventBody::from_stored(kind, &stored)
        .unwrap_or_else(|e| panic!("{kind} {stored} does not read back: {e}"));
    assert_eq!(back, body, "round trip through {stored}");
    // What the desk does before writing an event.
    if let Ok(clean) = body.normalized() {
        assert_eq!(clean.kind().as_str(), kind);
        let stored = clean.payload_json();
        let back = EventBody::from_stored(kind, &stored)
            .unwrap_or_else(|e| panic!("normalised {kind} {stored} does not read back: {e}"));
        assert_eq!(back, clean);
        assert_eq!(
            back.clone().normalized().as_ref(),
            Ok(&back),
            "normalized not idempotent"
        );
    }
});
