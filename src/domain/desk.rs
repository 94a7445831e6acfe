//! Desks: every database file is one writer of a station's cases.
//!
//! A station may have several desks (the fixed desk and the laptop taken to an outdoor 议事亭),
//! and a desk's timeline may be cut by a restore. Two numbers tell them apart without any
//! coordination between desks, which are offline: the desk's *number* within its station
//! (given at `init`, 1 by default) and its *epoch* (1 at `init`, a new one after each
//! restore). Both go into the case numbers the desk issues, so that a number printed once is
//! never issued again for another case.

use std::fmt;

/// The highest desk number a station may give (two digits keep case numbers short).
pub const MAX_DESK_NUMBER: u32 = 99;

/// The highest epoch: 26 + 26² = 702 restores (`A` … `ZZ`), far beyond a desk's life.
pub const MAX_EPOCH: u32 = 702;

/// Which desk, in which timeline, issues a case number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeskTag {
    pub desk: u32,
    pub epoch: u32,
}

impl DeskTag {
    pub const FIRST: DeskTag = DeskTag { desk: 1, epoch: 1 };

    pub fn new(desk: u32, epoch: u32) -> Option<DeskTag> {
        ((1..=MAX_DESK_NUMBER).contains(&desk) && (1..=MAX_EPOCH).contains(&epoch))
            .then_some(DeskTag { desk, epoch })
    }

    /// What goes before the day's counter: nothing for desk 1 in its first epoch (numbers
    /// keep the format they always had), else the desk number and the epoch's letters
    /// (`2A`: desk 2, epoch 1; `1B`: desk 1 after its first restore).
    pub fn infix(self) -> String {
        if self == DeskTag::FIRST {
            String::new()
        } else {
            format!("{}{}", self.desk, epoch_letters(self.epoch))
        }
    }
}

impl fmt::Display for DeskTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "desk {} epoch {}", self.desk, epoch_letters(self.epoch))
    }
}

/// Epochs as letters, bijective base 26: 1 → `A`, 26 → `Z`, 27 → `AA`.
pub fn epoch_letters(epoch: u32) -> String {
    let mut n = epoch;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

/// The inverse of [`epoch_letters`]; `None` for anything but 1–2 capital letters.
pub fn parse_epoch_letters(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 2 || !text.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    Some(
        text.bytes()
            .fold(0u32, |n, b| n * 26 + u32::from(b - b'A') + 1),
    )
}

/// A key's fingerprint as operators read it out and type it back: forty digits in groups of
/// five (see [`super::fingerprint`]).
pub fn key_fingerprint(public_key: &[u8; 32]) -> String {
    super::fingerprint::Fingerprint::of(public_key).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epochs_are_letters_without_gaps_or_repeats() {
        assert_eq!(epoch_letters(1), "A");
        assert_eq!(epoch_letters(2), "B");
        assert_eq!(epoch_letters(26), "Z");
        assert_eq!(epoch_letters(27), "AA");
        assert_eq!(epoch_letters(702), "ZZ");
        let mut seen = std::collections::HashSet::new();
        for e in 1..=MAX_EPOCH {
            let text = epoch_letters(e);
            assert!(seen.insert(text.clone()), "{e} repeats {text}");
            assert_eq!(parse_epoch_letters(&text), Some(e));
        }
        assert_eq!(parse_epoch_letters(""), None);
        assert_eq!(parse_epoch_letters("a"), None);
        assert_eq!(parse_epoch_letters("AAA"), None);
    }

    #[test]
    fn the_first_desk_keeps_the_old_numbers() {
        assert_eq!(DeskTag::FIRST.infix(), "");
        assert_eq!(DeskTag::new(2, 1).unwrap().infix(), "2A");
        assert_eq!(DeskTag::new(1, 2).unwrap().infix(), "1B");
        assert_eq!(DeskTag::new(12, 28).unwrap().infix(), "12AB");
        assert_eq!(DeskTag::new(0, 1), None);
        assert_eq!(DeskTag::new(100, 1), None);
        assert_eq!(DeskTag::new(1, 0), None);
    }

    #[test]
    fn fingerprints_are_eight_groups_of_five_digits() {
        let shown = key_fingerprint(&[0u8; 32]);
        assert_eq!(shown.len(), 47, "{shown}");
        assert!(
            shown
                .split(' ')
                .all(|g| g.len() == 5 && g.bytes().all(|b| b.is_ascii_digit()))
        );
    }
}
