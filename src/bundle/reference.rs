//! The home's reference data checked at a station before it replaces the station's own:
//! every row as the home's desk writes it. A name or title with control or bidirectional
//! characters would travel to every station's screen and printouts; it is refused.

use super::BundleError;
use crate::domain::calendar::DayKind;
use crate::domain::station::check_station_code;
use crate::domain::text::normalize;
use crate::store::ReferenceBundle;

fn line(file: &str, line: usize, message: impl Into<String>) -> BundleError {
    BundleError::Line {
        file: file.to_string(),
        line: line + 1,
        message: message.into(),
    }
}

/// Text as a desk stores it: cleaned (no control or bidirectional characters), trimmed,
/// not empty.
fn clean(text: &str) -> bool {
    !text.is_empty() && normalize(text, false) == text
}

fn clean_opt(text: &Option<String>) -> bool {
    text.as_deref().is_none_or(clean)
}

pub fn check(b: &ReferenceBundle) -> Result<(), BundleError> {
    for (i, s) in b.stations.iter().enumerate() {
        check_station_code(&s.code).map_err(|e| line("stations.jsonl", i, e.to_string()))?;
        if !clean(&s.name)
            || !clean_opt(&s.name_en)
            || !clean_opt(&s.address)
            || !clean_opt(&s.leader)
            || !clean_opt(&s.phone)
        {
            return Err(line(
                "stations.jsonl",
                i,
                format!("station {}: text that is not clean", s.code),
            ));
        }
    }
    for (i, u) in b.units.iter().enumerate() {
        if !clean(&u.code)
            || !clean(&u.name)
            || !clean_opt(&u.name_en)
            || !clean_opt(&u.contact)
            || !clean_opt(&u.phone)
        {
            return Err(line(
                "units.jsonl",
                i,
                format!("unit {}: text that is not clean", u.code),
            ));
        }
    }
    for (i, c) in b.categories.iter().enumerate() {
        if !clean(&c.code) || !clean(&c.name) || !clean_opt(&c.name_en) || !clean(&c.initials) {
            return Err(line(
                "categories.jsonl",
                i,
                format!("category {}: text that is not clean", c.code),
            ));
        }
    }
    for (i, m) in b.members.iter().enumerate() {
        if !clean(&m.id) || !clean(&m.name) || !clean_opt(&m.title) {
            return Err(line(
                "members.jsonl",
                i,
                format!("member {}: text that is not clean", m.id),
            ));
        }
    }
    // Every row points at rows of the same snapshot: a dangling code is named here rather
    // than refused by the database as a foreign key.
    let stations: std::collections::HashSet<&str> =
        b.stations.iter().map(|s| s.code.as_str()).collect();
    let units: std::collections::HashSet<&str> = b.units.iter().map(|u| u.code.as_str()).collect();
    let members: std::collections::HashSet<&str> =
        b.members.iter().map(|m| m.id.as_str()).collect();
    for (i, c) in b.categories.iter().enumerate() {
        for unit in [&c.unit, &c.district_unit] {
            if !units.contains(unit.as_str()) {
                return Err(line(
                    "categories.jsonl",
                    i,
                    format!(
                        "category {} names unit `{unit}`, which units.jsonl does not have",
                        c.code
                    ),
                ));
            }
        }
    }
    for (i, m) in b.members.iter().enumerate() {
        if !stations.contains(m.station.as_str()) {
            return Err(line(
                "members.jsonl",
                i,
                format!(
                    "member {} belongs to station `{}`, which stations.jsonl does not have",
                    m.id, m.station
                ),
            ));
        }
    }
    for (i, r) in b.roster.iter().enumerate() {
        if !members.contains(r.member.as_str()) {
            return Err(line(
                "roster.jsonl",
                i,
                format!("member `{}` is not in members.jsonl", r.member),
            ));
        }
        if !stations.contains(r.station.as_str()) {
            return Err(line(
                "roster.jsonl",
                i,
                format!("station `{}` is not in stations.jsonl", r.station),
            ));
        }
    }
    for (i, n) in b.notices.iter().enumerate() {
        if !clean(&n.title) {
            return Err(line(
                "holidays.jsonl",
                i,
                format!("the notice of {}: its title is not clean", n.year),
            ));
        }
        for (date, kind, name) in &n.days {
            let ok = date.parse::<chrono::NaiveDate>().is_ok()
                && kind.parse::<DayKind>().is_ok()
                && clean(name);
            if !ok {
                return Err(line(
                    "holidays.jsonl",
                    i,
                    format!(
                        "holidays of {}: `{date}` `{kind}` is not a day of the table",
                        n.year
                    ),
                ));
            }
        }
    }
    Ok(())
}
