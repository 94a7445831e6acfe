//! Invented residents: names, phones and addresses near a station.

use fastrand::Rng;

use super::texts::{COMPOUNDS, GIVEN, SURNAMES};
use crate::domain::case::Resident;

/// A resident near `station`. Some leave no phone, a few no name (anonymous letters).
pub fn resident(rng: &mut Rng, station: &str) -> Resident {
    let name = (rng.u8(..100) >= 4).then(|| {
        format!(
            "{}{}",
            SURNAMES[rng.usize(..SURNAMES.len())],
            GIVEN[rng.usize(..GIVEN.len())]
        )
    });
    let phone = (rng.u8(..100) >= 10).then(|| phone(rng));
    let compounds = COMPOUNDS
        .iter()
        .find(|(code, _)| *code == station)
        .map(|(_, c)| *c)
        .unwrap_or(&["新安街道"]);
    let address = (rng.u8(..100) >= 8).then(|| {
        format!(
            "{}{}幢{}室",
            compounds[rng.usize(..compounds.len())],
            rng.u32(1..=48),
            rng.u32(1..=18) * 100 + rng.u32(1..=4)
        )
    });
    Resident {
        name,
        phone,
        address,
    }
}

/// A mobile number: 13x–19x and eight more digits.
pub fn phone(rng: &mut Rng) -> String {
    const PREFIXES: &[&str] = &[
        "130", "131", "133", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158",
        "159", "177", "180", "181", "182", "186", "187", "188", "189", "199",
    ];
    format!(
        "{}{:08}",
        PREFIXES[rng.usize(..PREFIXES.len())],
        rng.u32(..100_000_000)
    )
}
