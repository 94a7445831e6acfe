//! The self-service form as it arrives (`application/x-www-form-urlencoded`) and its rules:
//! the desk's intake rules (only the content is required, the same limits, the same phone
//! check with full-width digits read as digits). Problems are said at their field; the
//! input comes back as typed.

use std::collections::BTreeMap;

use crate::domain::intake;
use crate::domain::text::limits;
use crate::i18n::Lang;

/// The fields a resident fills in, in the page's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Name,
    Phone,
    Address,
    Content,
}

impl Field {
    pub const ALL: [Field; 4] = [Field::Name, Field::Phone, Field::Address, Field::Content];

    /// The form's name of the field (and the element's id).
    pub fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Phone => "phone",
            Field::Address => "address",
            Field::Content => "content",
        }
    }

    /// The most characters a field keeps.
    pub fn limit(self) -> usize {
        match self {
            Field::Name => limits::NAME,
            Field::Phone => limits::PHONE,
            Field::Address => limits::ADDRESS,
            Field::Content => limits::CONTENT,
        }
    }
}

/// What a resident registers: an opinion (a case) or a small wish (微心愿).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Kind {
    #[default]
    Opinion,
    Wish,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Opinion, Kind::Wish];

    /// The form's value of the choice.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Opinion => "opinion",
            Kind::Wish => "wish",
        }
    }

    pub fn from_key(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// What is wrong with a field: a key of the `web` text table and the values of its places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub key: &'static str,
    pub vars: Vec<(&'static str, usize)>,
}

/// A submission as it came: the texts as typed, the hidden token, form id and language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Submission {
    pub token: String,
    /// The id the form was served with: a second submission of the same form (a double tap,
    /// a reload) gets the first one's answer instead of a second case.
    pub form_id: String,
    pub lang: Option<Lang>,
    /// An opinion unless the resident chose a wish.
    pub kind: Kind,
    pub name: String,
    pub phone: String,
    pub address: String,
    pub content: String,
}

impl Submission {
    /// Reads a urlencoded body; `None` when it is not text (bytes that are not UTF-8) or
    /// names a kind the form does not offer.
    pub fn parse(body: &[u8]) -> Option<Submission> {
        let mut s = Submission::default();
        for (key, value) in pairs(body)? {
            match key.as_str() {
                "t" => s.token = value,
                "n" => s.form_id = value,
                "lang" => s.lang = value.parse().ok(),
                "kind" => s.kind = Kind::from_key(&value)?,
                "name" => s.name = value,
                "phone" => s.phone = value,
                "address" => s.address = value,
                "content" => s.content = value,
                _ => {}
            }
        }
        Some(s)
    }

    pub fn text(&self, field: Field) -> &str {
        match field {
            Field::Name => &self.name,
            Field::Phone => &self.phone,
            Field::Address => &self.address,
            Field::Content => &self.content,
        }
    }

    /// The desk's intake rules ([`intake`]); empty when the submission can be registered.
    pub fn problems(&self) -> BTreeMap<Field, Problem> {
        let mut out = BTreeMap::new();
        for field in Field::ALL {
            let rule = match field {
                Field::Name => intake::Field::Name,
                Field::Phone => intake::Field::Phone,
                Field::Address => intake::Field::Address,
                Field::Content => intake::Field::Content,
            };
            let problem = match intake::check(rule, self.text(field)) {
                Ok(_) => continue,
                Err(intake::Problem::TooLong { limit, n }) => Problem {
                    key: "too_long",
                    vars: vec![("limit", limit), ("n", n)],
                },
                Err(intake::Problem::Required) => Problem {
                    key: "content_required",
                    vars: Vec::new(),
                },
                Err(intake::Problem::BadPhone(_)) => Problem {
                    key: "phone_invalid",
                    vars: Vec::new(),
                },
            };
            out.insert(field, problem);
        }
        out
    }
}

/// The `key=value` pairs of a urlencoded text, decoded.
pub fn pairs(body: &[u8]) -> Option<Vec<(String, String)>> {
    body.split(|&b| b == b'&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (key, value) = match part.iter().position(|&b| b == b'=') {
                Some(i) => (&part[..i], &part[i + 1..]),
                None => (part, &part[part.len()..]),
            };
            Some((decode(key)?, decode(value)?))
        })
        .collect()
}

/// Percent-decoding with `+` as a space; `None` if the bytes are not UTF-8.
fn decode(raw: &[u8]) -> Option<String> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < raw.len() => match (hex(raw[i + 1]), hex(raw[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_form_is_decoded() {
        let body = "t=ABC&n=xyz&lang=en&name=%E7%8E%8B%E5%B0%8F%E7%BA%A2&phone=138+1234+5678\
                    &content=%E8%B7%AF%E7%81%AF%0D%0A%E5%9D%8F%E4%BA%86&extra=1";
        let s = Submission::parse(body.as_bytes()).unwrap();
        assert_eq!(s.token, "ABC");
        assert_eq!(s.form_id, "xyz");
        assert_eq!(s.lang, Some(Lang::En));
        assert_eq!(s.name, "王小红");
        assert_eq!(s.phone, "138 1234 5678");
        assert_eq!(s.content, "路灯\r\n坏了");
        assert_eq!(s.kind, Kind::Opinion, "an opinion unless a wish is chosen");
        assert!(s.problems().is_empty());
        let wish = Submission::parse(b"t=A&n=b&kind=wish&content=x").unwrap();
        assert_eq!(wish.kind, Kind::Wish);
        assert_eq!(Submission::parse(b"t=A&n=b&kind=case&content=x"), None);
        assert_eq!(decode(b"100%"), Some("100%".into()));
        assert_eq!(decode(b"%zz%4"), Some("%zz%4".into()));
        assert_eq!(decode(b"%ff"), None, "not UTF-8");
    }

    #[test]
    fn the_desk_rules_hold() {
        let mut s = Submission {
            phone: "１３８１２３４５６７８".into(),
            content: "  ".into(),
            ..Submission::default()
        };
        let p = s.problems();
        assert_eq!(p[&Field::Content].key, "content_required");
        assert!(
            !p.contains_key(&Field::Phone),
            "full-width digits are digits"
        );
        s.phone = "12345".into();
        s.content = "字".repeat(limits::CONTENT + 1);
        s.name = "名".repeat(limits::NAME);
        let p = s.problems();
        assert_eq!(p[&Field::Phone].key, "phone_invalid");
        assert_eq!(
            p[&Field::Content],
            Problem {
                key: "too_long",
                vars: vec![("limit", limits::CONTENT), ("n", limits::CONTENT + 1)]
            }
        );
        assert!(!p.contains_key(&Field::Name));
    }
}
