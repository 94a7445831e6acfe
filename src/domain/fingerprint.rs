//! A key's fingerprint as people read it out over a telephone line: forty decimal digits in
//! eight groups of five (`03164 88210 …`), as Signal's safety numbers. Digits read well in
//! Chinese over a poor line; hex letters do not. Forty digits carry about 133 bits of the
//! key's digest, well beyond what anyone can match by generating keys.
//!
//! What is typed back is taken whole: any spacing or grouping, full-width digits from an IME,
//! but never a prefix.

use std::fmt;

use sha2::{Digest, Sha256};

/// Digits in a fingerprint.
pub const DIGITS: usize = 40;
/// Digits per group as shown.
const GROUP: usize = 5;

/// What a fingerprint's digest is taken over besides the key: these fingerprints mean
/// nothing elsewhere.
const LABEL: &[u8] = b"liaison-key-fingerprint-v1\n";

/// A key's fingerprint: exactly [`DIGITS`] ASCII digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(String);

/// Why typed text is not a whole fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FingerprintError {
    #[error(
        "a fingerprint has {DIGITS} digits; {found} were typed (the whole value, never a part)"
    )]
    Length { found: usize },
    #[error("`{0}` is not a digit: a fingerprint is {DIGITS} digits in groups of five")]
    NotDigit(char),
}

impl Fingerprint {
    /// The fingerprint of an Ed25519 public key: its digest, as a number, modulo 10⁴⁰.
    pub fn of(public_key: &[u8; 32]) -> Fingerprint {
        let mut number: [u8; 32] = Sha256::new()
            .chain_update(LABEL)
            .chain_update(public_key)
            .finalize()
            .into();
        let mut groups = Vec::with_capacity(DIGITS / GROUP);
        for _ in 0..DIGITS / GROUP {
            groups.push(divide(&mut number, 100_000));
        }
        let digits = groups
            .iter()
            .rev()
            .map(|g| format!("{g:05}"))
            .collect::<String>();
        Fingerprint(digits)
    }

    /// A fingerprint as typed: digits with any spaces, dashes or full-width digits between
    /// them; exactly [`DIGITS`] of them.
    pub fn parse(text: &str) -> Result<Fingerprint, FingerprintError> {
        let mut digits = String::with_capacity(DIGITS);
        for c in text.chars() {
            match c {
                '0'..='9' => digits.push(c),
                // Full-width digits, as a Chinese IME types them.
                '０'..='９' => digits.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
                c if c.is_whitespace() || matches!(c, '-' | '－' | '_' | '.' | ',' | '，') => {}
                c => return Err(FingerprintError::NotDigit(c)),
            }
        }
        if digits.len() != DIGITS {
            return Err(FingerprintError::Length {
                found: digits.len(),
            });
        }
        Ok(Fingerprint(digits))
    }

    /// The digits without spaces, as stored.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// Rebuilds a stored fingerprint; `None` for anything but [`DIGITS`] ASCII digits.
    pub fn from_digits(digits: &str) -> Option<Fingerprint> {
        (digits.len() == DIGITS && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| Fingerprint(digits.to_string()))
    }
}

/// Grouped for reading: `03164 88210 57719 …`.
impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, chunk) in self.0.as_bytes().chunks(GROUP).enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(std::str::from_utf8(chunk).expect("ASCII digits"))?;
        }
        Ok(())
    }
}

/// Divides a big-endian number in place; returns the remainder.
fn divide(number: &mut [u8], divisor: u32) -> u32 {
    let mut remainder = 0u32;
    for byte in number.iter_mut() {
        let current = remainder * 256 + u32::from(*byte);
        *byte = (current / divisor) as u8;
        remainder = current % divisor;
    }
    remainder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forty_digits_in_groups_of_five() {
        let fp = Fingerprint::of(&[0u8; 32]);
        assert_eq!(fp.digits().len(), DIGITS);
        assert!(fp.digits().bytes().all(|b| b.is_ascii_digit()));
        let shown = fp.to_string();
        assert_eq!(shown.split(' ').count(), 8, "{shown}");
        assert!(shown.split(' ').all(|g| g.len() == 5), "{shown}");
        assert_eq!(Fingerprint::parse(&shown), Ok(fp.clone()));
        assert_eq!(Fingerprint::from_digits(fp.digits()), Some(fp));
    }

    #[test]
    fn the_digits_are_the_digest_modulo_ten_to_the_forty() {
        // By another route: the digest as a number, one decimal digit at a time.
        let key = [7u8; 32];
        let mut number: Vec<u32> = Sha256::new()
            .chain_update(LABEL)
            .chain_update(key)
            .finalize()
            .iter()
            .map(|b| u32::from(*b))
            .collect();
        let mut digits = Vec::new();
        for _ in 0..DIGITS {
            let mut rest = 0;
            for n in number.iter_mut() {
                let current = rest * 256 + *n;
                *n = current / 10;
                rest = current % 10;
            }
            digits.push(char::from_digit(rest, 10).unwrap());
        }
        let expected: String = digits.into_iter().rev().collect();
        assert_eq!(Fingerprint::of(&key).digits(), expected);
    }

    #[test]
    fn different_keys_differ() {
        assert_ne!(Fingerprint::of(&[1u8; 32]), Fingerprint::of(&[2u8; 32]));
    }

    #[test]
    fn typed_back_whole_with_any_spacing_never_a_part() {
        let fp = Fingerprint::of(&[3u8; 32]);
        let d = fp.digits();
        let spaced = format!(
            "{}  {}-{}\u{3000}{}",
            &d[..5],
            &d[5..20],
            &d[20..33],
            &d[33..]
        );
        assert_eq!(Fingerprint::parse(&spaced), Ok(fp.clone()));
        let wide: String = d
            .chars()
            .map(|c| char::from_u32('０' as u32 + c.to_digit(10).unwrap()).unwrap())
            .collect();
        assert_eq!(Fingerprint::parse(&wide), Ok(fp.clone()));
        assert_eq!(
            Fingerprint::parse(&d[..35]),
            Err(FingerprintError::Length { found: 35 })
        );
        assert_eq!(
            Fingerprint::parse(&format!("{d}1")),
            Err(FingerprintError::Length { found: 41 })
        );
        assert_eq!(
            Fingerprint::parse(&format!("{}a", &d[..39])),
            Err(FingerprintError::NotDigit('a'))
        );
        assert_eq!(Fingerprint::from_digits(&d[..39]), None);
    }
}
