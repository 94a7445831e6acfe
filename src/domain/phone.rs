//! Residents' phone numbers: accepted shapes, the stored form, and the mask shown everywhere
//! except an explicit, logged reveal.

use super::text::half_width;

/// A phone number that is neither a mainland mobile nor a landline.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{}` is not a phone number: give an 11-digit mobile (13812345678) or a landline with \
     its area code (0510-85201234)",
    echoed(.0)
)]
pub struct BadPhone(pub String);

impl BadPhone {
    /// What may be shown of the number refused (see [`echoed`]).
    pub fn echoed(&self) -> String {
        echoed(&self.0)
    }
}

/// What an error may show of a refused phone: short text as typed, anything with enough
/// digits to be someone's number masked like a stored one (a one-digit typo of a mobile is
/// still the resident's number).
fn echoed(input: &str) -> String {
    let ascii: String = input.chars().map(half_width).collect();
    if ascii.chars().filter(char::is_ascii_digit).count() < 7 {
        input.to_string()
    } else {
        mask(&ascii)
    }
}

/// Checks a phone number and returns its stored form: digits only for a mobile, area code
/// and number joined by a dash for a landline.
pub fn normalize_phone(input: &str) -> Result<String, BadPhone> {
    let bad = || BadPhone(input.trim().to_string());
    let mut digits = String::new();
    for (i, c) in input.trim().chars().map(half_width).enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '(' | ')' => {}
            '+' if i == 0 => {}
            _ => return Err(bad()),
        }
    }
    let digits = match digits.strip_prefix("86") {
        Some(rest) if rest.len() == 11 && rest.starts_with('1') => rest.to_string(),
        _ => digits,
    };
    let b = digits.as_bytes();
    let is_mobile = b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]);
    if is_mobile {
        return Ok(digits);
    }
    if b.first() == Some(&b'0') && (10..=12).contains(&b.len()) && b[1] != b'0' {
        // Area codes are 3 digits for the big cities (010, 02x) and 4 elsewhere (0510); `00`
        // dials abroad. Local numbers start with 2–9.
        let area = if b[1] == b'1' || b[1] == b'2' { 3 } else { 4 };
        let local = &digits[area..];
        if (7..=8).contains(&local.len()) && !local.starts_with(['0', '1']) {
            return Ok(format!("{}-{}", &digits[..area], local));
        }
    }
    if (7..=8).contains(&b.len()) && b[0] != b'0' && b[0] != b'1' {
        return Ok(digits);
    }
    Err(bad())
}

/// The masked form: `138****1234` for a mobile, `0510-****1234` for a landline.
pub fn mask(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() < 7 {
        return "*".repeat(phone.chars().count());
    }
    // A stored landline is `0510-85201234`; anything else that holds a dash (text that never
    // went through `normalize_phone`) is masked by its digits alone.
    let landline = phone.split_once('-').filter(|(area, local)| {
        (3..=4).contains(&area.len())
            && area.bytes().all(|b| b.is_ascii_digit())
            && (7..=8).contains(&local.len())
            && local.bytes().all(|b| b.is_ascii_digit())
    });
    match landline {
        Some((area, local)) => {
            let tail: String = local
                .chars()
                .skip(local.chars().count().saturating_sub(4))
                .collect();
            format!(
                "{area}-{}{tail}",
                "*".repeat(local.chars().count() - tail.chars().count())
            )
        }
        None => {
            // Show the operator's prefix of a mobile; of a short local number only the tail.
            let n = digits.len();
            let head: String = if n >= 11 {
                digits[..3].iter().collect()
            } else {
                String::new()
            };
            let tail: String = digits[n - 4..].iter().collect();
            let hidden = n - 4 - head.len();
            format!("{head}{}{tail}", "*".repeat(hidden))
        }
    }
}

/// The last four digits, for searching by phone tail.
pub fn tail(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(|c| c.is_ascii_digit()).collect();
    digits[digits.len().saturating_sub(4)..].iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_mobiles_and_landlines() {
        assert_eq!(normalize_phone("138 1234 5678").unwrap(), "13812345678");
        assert_eq!(normalize_phone("+86 138-1234-5678").unwrap(), "13812345678");
        assert_eq!(normalize_phone("0510-85201234").unwrap(), "0510-85201234");
        assert_eq!(normalize_phone("(010) 6512 3456").unwrap(), "010-65123456");
        assert_eq!(normalize_phone("85201234").unwrap(), "85201234");
    }

    #[test]
    fn full_width_digits_from_an_ime_are_read_as_digits() {
        assert_eq!(
            normalize_phone("１３８１２３４５６７８").unwrap(),
            "13812345678"
        );
        assert_eq!(
            normalize_phone("０５１０－８５２０１２３４").unwrap(),
            "0510-85201234"
        );
    }

    #[test]
    fn a_refused_number_is_not_echoed_in_full() {
        for typo in ["138123456789", "１３８１２３４５６７８９", "1381234567x"] {
            let said = normalize_phone(typo).unwrap_err().to_string();
            let digits = said.split('`').nth(1).unwrap();
            assert!(
                digits.chars().filter(char::is_ascii_digit).count() <= 7,
                "{said}"
            );
        }
        assert!(
            normalize_phone("12345")
                .unwrap_err()
                .to_string()
                .contains("`12345`")
        );
    }

    #[test]
    fn refuses_other_shapes() {
        for bad in [
            "12345",
            "1381234567",
            "123456789012",
            "abc",
            "12812345678",
            "138123456789",
            "00000000000",
            "0510-00000000",
            "0510-12345678",
            "0000-85201234",
        ] {
            assert!(normalize_phone(bad).is_err(), "{bad}");
        }
        let msg = normalize_phone("12345").unwrap_err().to_string();
        assert!(msg.contains("`12345`") && msg.contains("11-digit"), "{msg}");
    }

    #[test]
    fn masks_keep_only_head_and_tail() {
        assert_eq!(mask("13812345678"), "138****5678");
        assert_eq!(mask("0510-85201234"), "0510-****1234");
        assert_eq!(mask("85201234"), "****1234");
        assert_eq!(mask("123"), "***");
        assert_eq!(mask("010-8520123"), "010-***0123");
        // Raw text with a dash (never normalised) shows no more than a phone would.
        assert_eq!(mask("16\u{17}X%0151-!16"), "****5116");
        assert_eq!(mask("0510-1234"), "****1234");
        assert_eq!(mask("13812345678-1"), "138*****6781");
        assert_eq!(tail("0510-85201234"), "1234");
    }
}
