//! The intake rules, written once for every face that registers a case: the desk's form
//! (F2), the self-service page and the store (which `case add` goes through). Only the
//! content is required; each field has its limit in characters; a phone, when given, is a
//! mobile or a landline (full-width digits read as digits).

use super::phone::{BadPhone, normalize_phone};
use super::text::{limits, normalize};

/// A field of the intake, in the form's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Name,
    Phone,
    Address,
    Content,
}

impl Field {
    pub const ALL: [Field; 4] = [Field::Name, Field::Phone, Field::Address, Field::Content];

    /// The field's machine name (the page's form field, the refusals' field word).
    pub const fn name(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Phone => "phone",
            Field::Address => "address",
            Field::Content => "content",
        }
    }

    /// The most characters a saved field holds.
    pub const fn limit(self) -> usize {
        match self {
            Field::Name => limits::NAME,
            Field::Phone => limits::PHONE,
            Field::Address => limits::ADDRESS,
            Field::Content => limits::CONTENT,
        }
    }

    /// Only what the resident said keeps its line breaks.
    pub const fn multiline(self) -> bool {
        matches!(self, Field::Content)
    }
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Longer than the field holds: `n` characters, `limit` at most.
    TooLong { limit: usize, n: usize },
    /// Empty, and the field is required (the content).
    Required,
    /// Not a phone number.
    BadPhone(BadPhone),
}

/// A field's text as it will be saved: cleaned, checked, a phone in its stored form;
/// `None` for an empty optional field.
pub fn check(field: Field, raw: &str) -> Result<Option<String>, Problem> {
    let text = normalize(raw, field.multiline());
    let n = text.chars().count();
    if n > field.limit() {
        return Err(Problem::TooLong {
            limit: field.limit(),
            n,
        });
    }
    if text.is_empty() {
        return match field {
            Field::Content => Err(Problem::Required),
            _ => Ok(None),
        };
    }
    match field {
        Field::Phone => normalize_phone(&text).map(Some).map_err(Problem::BadPhone),
        _ => Ok(Some(text)),
    }
}

/// The fields of one registration, as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Intake<'a> {
    pub name: &'a str,
    pub phone: &'a str,
    pub address: &'a str,
    pub content: &'a str,
}

impl<'a> Intake<'a> {
    pub fn text(&self, field: Field) -> &'a str {
        match field {
            Field::Name => self.name,
            Field::Phone => self.phone,
            Field::Address => self.address,
            Field::Content => self.content,
        }
    }

    /// Every field's problem, in the form's order; empty when the intake can be saved.
    pub fn problems(&self) -> Vec<(Field, Problem)> {
        Field::ALL
            .into_iter()
            .filter_map(|f| check(f, self.text(f)).err().map(|p| (f, p)))
            .collect()
    }

    /// The fields as they will be saved, or the first problem.
    pub fn checked(&self) -> Result<Checked, (Field, Problem)> {
        let get = |f: Field| check(f, self.text(f)).map_err(|p| (f, p));
        Ok(Checked {
            name: get(Field::Name)?,
            phone: get(Field::Phone)?,
            address: get(Field::Address)?,
            content: get(Field::Content)?.unwrap_or_default(),
        })
    }
}

/// An intake that passed the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub content: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_content_is_required() {
        let ok = Intake {
            content: " 路灯坏了 ",
            ..Intake::default()
        };
        let checked = ok.checked().unwrap();
        assert_eq!(checked.content, "路灯坏了");
        assert_eq!(checked.name, None);
        assert_eq!(
            Intake::default().problems(),
            vec![(Field::Content, Problem::Required)]
        );
    }

    #[test]
    fn limits_and_phones() {
        let long = "名".repeat(limits::NAME + 1);
        let bad = Intake {
            name: &long,
            phone: "12345",
            content: "x",
            ..Intake::default()
        };
        let problems = bad.problems();
        assert_eq!(
            problems[0],
            (
                Field::Name,
                Problem::TooLong {
                    limit: limits::NAME,
                    n: limits::NAME + 1
                }
            )
        );
        assert!(matches!(problems[1], (Field::Phone, Problem::BadPhone(_))));
        assert_eq!(
            check(Field::Phone, "１３８１２３４５６７８"),
            Ok(Some("13812345678".into())),
            "full-width digits"
        );
    }
}
