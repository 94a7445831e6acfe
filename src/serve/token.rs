//! Random identifiers: the day's token in the page's address and the id of each form
//! served. Upper-case letters and digits only (RFC 4648 base32's alphabet), so that the
//! address fits a small QR code in its compact alphanumeric mode.

/// Base32's alphabet: no 0, 1, 8 or 9, which read like O, I, B and g.
const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/// 16 characters of 5 bits: 80 bits, more than enough for a day on a local network where
/// each address may try a few times a minute.
pub const TOKEN_LEN: usize = 16;

/// A fresh random identifier of [`TOKEN_LEN`] characters.
pub fn fresh_id() -> String {
    let mut bytes = [0u8; TOKEN_LEN];
    // The system's generator is always there on the platforms this builds for; should it
    // ever fail, a time-seeded fallback still gives ids that differ.
    if getrandom::fill(&mut bytes).is_err() {
        let mut rng = fastrand::Rng::new();
        rng.fill(&mut bytes);
    }
    bytes
        .iter()
        .map(|b| char::from(ALPHABET[(b & 31) as usize]))
        .collect()
}

/// Whether a text could be a token or a form id (a path that is neither is never looked up).
pub fn is_token_shaped(text: &str) -> bool {
    text.len() == TOKEN_LEN && text.bytes().all(|b| ALPHABET.contains(&b))
}

/// Compares two tokens in a time that does not depend on where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_token_shaped_and_differ() {
        let a = fresh_id();
        let b = fresh_id();
        assert!(is_token_shaped(&a) && is_token_shaped(&b));
        assert_ne!(a, b);
        assert!(!is_token_shaped("../liaison.db"));
        assert!(
            !is_token_shaped("abcdefghijklmnop"),
            "lower case is not ours"
        );
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, &b));
        assert!(!same(&a, &a[..15]));
    }
}
