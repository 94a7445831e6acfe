//! What a search query means: a case number, a phone tail or number, or text to look for in
//! names, addresses and contents.

/// A parsed search query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// A case number or its beginning: `HF-20261117-007`, `HF-202611`.
    Number(String),
    /// The last four digits of a phone.
    PhoneTail(String),
    /// A whole phone number.
    Phone(String),
    /// Characters of a name, an address or the content; short ones (one or two characters)
    /// cannot use the trigram index.
    Text(String),
}

pub fn parse(input: &str) -> Option<Query> {
    let q = crate::domain::text::normalize(input, false);
    if q.is_empty() {
        return None;
    }
    // Phones are written with spaces, dashes and brackets; the digits are what count.
    let phone_like = q.chars().all(|c| c.is_ascii_digit() || " -()+".contains(c));
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    if phone_like && digits.len() == 4 && q.len() == 4 {
        return Some(Query::PhoneTail(digits));
    }
    if phone_like && digits.len() >= 7 {
        let digits = match digits.strip_prefix("86") {
            Some(rest) if rest.len() == 11 => rest.to_string(),
            _ => digits,
        };
        return Some(Query::Phone(digits));
    }
    let upper = q.to_ascii_uppercase();
    let looks_like_number = upper.split_once('-').is_some_and(|(code, rest)| {
        !code.is_empty()
            && code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && rest.chars().all(|c| c.is_ascii_digit() || c == '-')
    });
    if looks_like_number {
        return Some(Query::Number(upper));
    }
    Some(Query::Text(q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_queries() {
        assert_eq!(
            parse("HF-20261117-007"),
            Some(Query::Number("HF-20261117-007".into()))
        );
        assert_eq!(parse("hf-2026"), Some(Query::Number("HF-2026".into())));
        assert_eq!(parse("5678"), Some(Query::PhoneTail("5678".into())));
        assert_eq!(
            parse("13812345678"),
            Some(Query::Phone("13812345678".into()))
        );
        assert_eq!(parse("路灯"), Some(Query::Text("路灯".into())));
        assert_eq!(parse("灯"), Some(Query::Text("灯".into())));
        assert_eq!(parse(" \u{1b}[2J "), None);
        assert_eq!(parse("  "), None);
    }
}
