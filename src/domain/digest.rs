//! Hex text and SHA-256 digests, as bundles and desk keys write them.

use sha2::{Digest, Sha256};

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Exactly `N` bytes from `2N` hex digits; `None` for anything else.
pub fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    // Digits only: `from_str_radix` would also take a sign.
    if text.len() != 2 * N || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The digest of an event as written: what "the same event" means when its id is seen
/// again. Taken over its id, case, time, actor, kind and payload (as JSON with sorted keys),
/// not over where it sits in its desk's sequence.
pub fn event_digest(
    id: uuid::Uuid,
    case_id: uuid::Uuid,
    at: &str,
    actor: &str,
    kind: &str,
    payload: &serde_json::Value,
) -> [u8; 32] {
    event_digest_of_text(id, case_id, at, actor, kind, &payload.to_string())
}

/// [`event_digest`] of a payload already in its canonical text (as
/// [`super::event::EventBody::payload_json`] writes it: JSON with sorted keys, no spaces).
pub fn event_digest_of_text(
    id: uuid::Uuid,
    case_id: uuid::Uuid,
    at: &str,
    actor: &str,
    kind: &str,
    payload: &str,
) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"liaison-event-v1\n");
    h.update(id.as_bytes());
    h.update(case_id.as_bytes());
    for part in [at, actor, kind] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    h.update(payload.as_bytes());
    h.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_refuses_garbage() {
        assert_eq!(unhex::<2>("0aff"), Some([10, 255]));
        assert_eq!(unhex::<2>("0af"), None);
        assert_eq!(unhex::<2>("0agf"), None);
        assert_eq!(unhex::<2>("+aff"), None);
        assert_eq!(unhex::<2>("0aé"), None);
        assert_eq!(hex(&[1, 171]), "01ab");
        let id = uuid::Uuid::from_u128(1);
        let payload: serde_json::Value = serde_json::from_str(r#"{"b":1,"a":"x"}"#).unwrap();
        let same: serde_json::Value = serde_json::from_str(r#"{"a":"x","b":1}"#).unwrap();
        let d = event_digest(id, id, "2026-11-17T09:00:00", "小王", "note", &payload);
        assert_eq!(
            d,
            event_digest_of_text(
                id,
                id,
                "2026-11-17T09:00:00",
                "小王",
                "note",
                r#"{"a":"x","b":1}"#
            )
        );
        assert_eq!(
            d,
            event_digest(id, id, "2026-11-17T09:00:00", "小王", "note", &same)
        );
        assert_ne!(
            d,
            event_digest(id, id, "2026-11-17T09:00:01", "小王", "note", &payload)
        );
        // Fields do not run into each other.
        assert_ne!(
            event_digest(id, id, "a", "bc", "note", &payload),
            event_digest(id, id, "ab", "c", "note", &payload)
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
