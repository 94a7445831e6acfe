//! What makes a long run of digits a person's ID number or bank card, even mistyped.
//!
//! An ID number (GB 11643) is six digits of the region where it was issued, the birth date
//! (YYYYMMDD), three digits of sequence and a check character. A resident who mistypes one digit
//! still wrote their ID number: so an 18-character number whose region and birth date are real is
//! one, whatever its check character. The region is judged by its province (the first two digits;
//! a nine before them for a foreigner's permanent residence card): the county codes change every
//! year and an old card keeps the code of a county long merged away, so a list of today's counties
//! would miss real cards.
//!
//! A bank card is 16 to 19 digits that pass the Luhn check, issued by a payment network (its first
//! digit 3, 4, 5, 6 or 9, or Mastercard's 2221–2720): an order number starting with a date
//! (`2026…`) or a zero is not one.

use chrono::NaiveDate;

/// GB 11643's check character of the first 17 digits.
pub fn id_check(first17: &str) -> Option<char> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    if first17.len() != 17 {
        return None;
    }
    let sum = first17
        .chars()
        .zip(WEIGHTS)
        .try_fold(0u32, |s, (c, w)| Some(s + c.to_digit(10)? * w))?;
    Some(CHECK[(sum % 11) as usize])
}

/// The provinces of GB/T 2260 (and 81–83: the residence permits of Hong Kong, Macao and Taiwan
/// residents).
const PROVINCES: [&str; 35] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82", "83",
];

fn is_province(code: &str) -> bool {
    PROVINCES.contains(&code)
}

/// Whether the first 17 digits read as an ID number's: a real region and a real birth date
/// (1900–2099). The check character is not looked at.
pub fn looks_like_id(first17: &str) -> bool {
    let b = first17.as_bytes();
    if b.len() != 17 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let region = is_province(&first17[..2]);
    // A foreigner's permanent residence card (2023): 9, the province, the country.
    let foreigner = b[0] == b'9' && is_province(&first17[1..3]);
    (region || foreigner) && is_birth_date(&first17[6..14])
}

fn is_birth_date(yyyymmdd: &str) -> bool {
    let field = |r: std::ops::Range<usize>| yyyymmdd.get(r)?.parse::<u32>().ok();
    let (Some(y), Some(m), Some(d)) = (field(0..4), field(4..6), field(6..8)) else {
        return false;
    };
    (1900..=2099).contains(&y) && NaiveDate::from_ymd_opt(y as i32, m, d).is_some()
}

/// The Luhn check (ISO/IEC 7812) over ASCII digits.
pub fn passes_luhn(digits: &str) -> bool {
    let mut sum = 0u32;
    for (i, c) in digits.bytes().rev().enumerate() {
        if !c.is_ascii_digit() {
            return false;
        }
        let mut d = u32::from(c - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// Whether the digits are a bank card's: 16–19 of them, a payment network's first digits, Luhn.
pub fn is_bank_card(digits: &str) -> bool {
    let b = digits.as_bytes();
    if !(16..=19).contains(&b.len()) || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let network = match b[0] {
        b'3' | b'4' | b'5' | b'6' | b'9' => true,
        b'2' => digits[..4]
            .parse::<u32>()
            .is_ok_and(|p| (2221..=2720).contains(&p)),
        _ => false,
    };
    network && passes_luhn(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_number_is_its_region_and_birth_date() {
        // One digit mistyped: the check character is wrong, the number is still an ID.
        assert!(looks_like_id("32021419800101123"));
        assert!(looks_like_id("81000019991231001"));
        assert!(looks_like_id("93200019800101123"), "a foreigner's card");
        for not in [
            "20261117123456789", // an order number starting with a date
            "32021419801301123", // no 13th month
            "32021419790229123", // 1979 was no leap year
            "32021418991231123", // before 1900
            "99021419800101123", // no province 99
            "3202141980010112",  // too short
            "3202141980010112a",
        ] {
            assert!(!looks_like_id(not), "{not}");
        }
        assert!(looks_like_id("32021420000229123"), "2000 was a leap year");
    }

    #[test]
    fn a_bank_card_passes_luhn_and_starts_as_a_network() {
        assert!(is_bank_card("4111111111111111"));
        assert!(is_bank_card("6222021234567890128"));
        assert!(is_bank_card("2221000000000009") && is_bank_card("2720990000000007"));
        for not in [
            "4111111111111112",    // Luhn fails
            "6222021234567890123", // Luhn fails
            "411111111111111",     // 15 digits
            "20261117000000020",   // starts as a date, not a network (though Luhn passes)
            "0000000000000000",
            "8000000000000003", // Luhn passes, but 8 is telecoms and health
            "2721990000000006", // past Mastercard's 2720
        ] {
            assert!(!is_bank_card(not), "{not}");
        }
        assert!(passes_luhn("20261117000000020") && passes_luhn("8000000000000003"));
    }
}
