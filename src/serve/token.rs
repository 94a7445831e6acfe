//! Random identifiers: the day's token in the page's address and the id of each form
//! served. Upper-case letters and digits only (RFC 4648 base32's alphabet), so that the
//! address fits a small QR code in its compact alphanumeric mode.

/// Base32's alphabet: no 0, 1, 8 or 9, which read like O, I, B and g.
const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/// 16 characters of 5 bits: 80 bits, more than enough for a day on a local network where
/// each address may try a few times a minute.
pub const TOKEN_LEN: usize = 16;

/// The system's random source failed. A token from anything else (the time, a
/// non-cryptographic generator) could be guessed from the page's own address, so none is made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the system's random source failed ({0}): the page's code cannot be made unguessable, so \
     none was made; restart the computer, and register residents at the desk meanwhile"
)]
pub struct NoRandom(pub String);

/// A fresh random identifier of [`TOKEN_LEN`] characters, from the system's random source
/// alone: when it fails, no identifier.
pub fn fresh_id() -> Result<String, NoRandom> {
    id_from(|bytes| getrandom::fill(bytes).map_err(|e| NoRandom(e.to_string())))
}

fn id_from(fill: impl FnOnce(&mut [u8]) -> Result<(), NoRandom>) -> Result<String, NoRandom> {
    let mut bytes = [0u8; TOKEN_LEN];
    fill(&mut bytes)?;
    Ok(bytes
        .iter()
        .map(|b| char::from(ALPHABET[(b & 31) as usize]))
        .collect())
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
        let a = fresh_id().unwrap();
        let b = fresh_id().unwrap();
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

    #[test]
    fn a_failing_random_source_gives_no_id() {
        let failed = id_from(|_| Err(NoRandom("errno 5".into())));
        assert_eq!(failed, Err(NoRandom("errno 5".into())));
    }
}
