//! The handling units' CSV: `code,name,tier,contact,phone` (or the Chinese headers 编码,
//! 名称, 层级, 联系人, 电话), and optionally `name_en` (英文名称), the name shown in
//! English. Every row is checked before anything is imported.

use std::collections::BTreeSet;

use super::csv::{CsvError, parse};
use crate::domain::category::{Unit, UnitTier};
use crate::domain::phone::normalize_phone;
use crate::domain::text::{limits, normalize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitsError {
    #[error(transparent)]
    Csv(#[from] CsvError),
    #[error("the file is empty")]
    Empty,
    #[error("line 1: the header needs a `code` (编码) and a `name` (名称) column; found {0}")]
    Header(String),
    #[error("line {line}: unit {code}: {problem}")]
    Row {
        line: usize,
        code: String,
        problem: RowProblem,
    },
}

/// What is wrong with one unit of the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowProblem {
    #[error("the code must be 1–8 ASCII letters or digits")]
    BadCode,
    #[error("the code appears twice")]
    Twice,
    #[error("the name is empty or longer than {limit} characters")]
    Name { limit: usize },
    #[error("the English name is longer than {limit} characters")]
    EnglishName { limit: usize },
    #[error("tier `{0}` is not street (街道) or district (区级)")]
    Tier(String),
    #[error("the contact is longer than {limit} characters")]
    Contact { limit: usize },
    #[error(transparent)]
    Phone(#[from] crate::domain::phone::BadPhone),
}

pub fn parse_units(text: &str) -> Result<Vec<Unit>, UnitsError> {
    let rows = parse(text)?;
    let Some(((_, header), rows)) = rows.split_first() else {
        return Err(UnitsError::Empty);
    };
    let column = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
    };
    let (Some(code), Some(name)) = (
        column(&["code", "编码", "代码"]),
        column(&["name", "名称", "单位名称"]),
    ) else {
        return Err(UnitsError::Header(header.join(",")));
    };
    let tier = column(&["tier", "层级", "级别"]);
    let contact = column(&["contact", "联系人"]);
    let phone = column(&["phone", "电话", "联系电话"]);
    let name_en = column(&["name_en", "英文名称"]);
    let mut seen = BTreeSet::new();
    let mut units = Vec::new();
    for (line, fields) in rows {
        let line = *line;
        let bad = |code: &str, problem: RowProblem| UnitsError::Row {
            line,
            code: code.to_string(),
            problem,
        };
        let get = |i: Option<usize>| {
            i.and_then(|i| fields.get(i))
                .map(|v| normalize(v, false))
                .unwrap_or_default()
        };
        let code_v = get(Some(code));
        if code_v.is_empty()
            || code_v.len() > 8
            || !code_v.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Err(bad(&code_v, RowProblem::BadCode));
        }
        if !seen.insert(code_v.clone()) {
            return Err(bad(&code_v, RowProblem::Twice));
        }
        let name_v = get(Some(name));
        if name_v.is_empty() || name_v.chars().count() > limits::ADDRESS {
            return Err(bad(
                &code_v,
                RowProblem::Name {
                    limit: limits::ADDRESS,
                },
            ));
        }
        let name_en_v = get(name_en);
        if name_en_v.chars().count() > limits::ADDRESS {
            return Err(bad(
                &code_v,
                RowProblem::EnglishName {
                    limit: limits::ADDRESS,
                },
            ));
        }
        let tier_v = match get(tier).as_str() {
            "" | "street" | "街道" => UnitTier::Street,
            "district" | "区级" | "区" => UnitTier::District,
            other => {
                return Err(bad(&code_v, RowProblem::Tier(other.to_string())));
            }
        };
        let contact_v = get(contact);
        if contact_v.chars().count() > limits::NAME {
            return Err(bad(
                &code_v,
                RowProblem::Contact {
                    limit: limits::NAME,
                },
            ));
        }
        let phone_v = get(phone);
        let phone_v = if phone_v.is_empty() {
            None
        } else {
            Some(normalize_phone(&phone_v).map_err(|e| bad(&code_v, RowProblem::Phone(e)))?)
        };
        units.push(Unit {
            code: code_v,
            name: name_v,
            name_en: (!name_en_v.is_empty()).then_some(name_en_v),
            tier: tier_v,
            contact: (!contact_v.is_empty()).then_some(contact_v),
            phone: phone_v,
        });
    }
    if units.is_empty() {
        return Err(UnitsError::Empty);
    }
    Ok(units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_chinese_headers() {
        let units = parse_units(
            "code,name,tier,contact,phone\nSZ,街道市政设施管理所,street,钱永康,0510-85202103\n",
        )
        .unwrap();
        assert_eq!(units[0].phone.as_deref(), Some("0510-85202103"));
        let units = parse_units("编码,名称,层级,联系人,电话\nQX,区新单位,区级,,\n").unwrap();
        assert_eq!(units[0].tier, UnitTier::District);
        assert_eq!(units[0].contact, None);
    }

    #[test]
    fn mistakes_name_their_line() {
        let err = parse_units("code,name\nSZ,一\nSZ,二\n").unwrap_err();
        assert_eq!(err.to_string(), "line 3: unit SZ: the code appears twice");
        let err = parse_units("code,name,phone\nSZ,一,123\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("line 2: unit SZ: `123` is not a phone number"),
            "{err}"
        );
        assert!(matches!(
            parse_units("名字\n一\n"),
            Err(UnitsError::Header(_))
        ));
        assert!(matches!(parse_units(""), Err(UnitsError::Empty)));
        assert!(matches!(parse_units("code,name\n"), Err(UnitsError::Empty)));
        let err = parse_units("code,name,tier\nSZ,一,province\n").unwrap_err();
        assert!(err.to_string().contains("tier `province`"), "{err}");
    }
}
