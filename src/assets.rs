//! The reference data shipped in `assets/`: the network, the taxonomy and the holiday table.
//!
//! The files are compiled in so that `init` works anywhere; each is validated here, and the
//! tests below make sure the shipped copies are sound.

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::domain::category::{Category, ProposalRoute, Taxonomy, Unit};
use crate::domain::handling::LIMIT_DAYS;
use crate::domain::holidays::{Notice, NoticeError, parse_notices};
use crate::domain::initials::{initials, person_initials};
use crate::domain::member::{DeputyLevel, Member, MemberKind};
use crate::domain::station::{Station, StationKind, check_station_code};

pub const NETWORK_TOML: &str = include_str!("../assets/network.toml");
pub const CATEGORIES_TOML: &str = include_str!("../assets/categories.toml");
pub const HOLIDAYS_TOML: &str = include_str!("../assets/holidays.toml");
/// The station scorecard's rubric, unless the home sets its own.
pub const SCORECARD_TOML: &str = include_str!("../assets/scorecard.toml");

/// A reference file that does not hold together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssetError {
    #[error("{file}: {message}")]
    Syntax { file: &'static str, message: String },
    #[error("{file}: {message}")]
    Invalid { file: &'static str, message: String },
    #[error(transparent)]
    Holidays(#[from] NoticeError),
}

/// The stations and the members attached to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Network {
    pub stations: Vec<Station>,
    pub members: Vec<Member>,
}

impl Network {
    pub fn station(&self, code: &str) -> Option<&Station> {
        self.stations.iter().find(|s| s.code == code)
    }

    pub fn home(&self) -> Option<&Station> {
        self.stations.iter().find(|s| s.is_home())
    }

    pub fn codes(&self) -> String {
        self.stations
            .iter()
            .map(|s| s.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNetwork {
    station: Vec<Station>,
    #[serde(default)]
    member: Vec<RawMember>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMember {
    id: String,
    name: String,
    kind: MemberKind,
    #[serde(default)]
    level: Option<DeputyLevel>,
    station: String,
    #[serde(default)]
    title: Option<String>,
}

pub fn parse_network(text: &str) -> Result<Network, AssetError> {
    const FILE: &str = "network";
    let invalid = |message: String| AssetError::Invalid {
        file: FILE,
        message,
    };
    let raw: RawNetwork = toml::from_str(text).map_err(|e| AssetError::Syntax {
        file: FILE,
        message: e.to_string(),
    })?;
    let mut codes = BTreeSet::new();
    for s in &raw.station {
        check_station_code(&s.code).map_err(|e| invalid(e.to_string()))?;
        if !codes.insert(s.code.as_str()) {
            return Err(invalid(format!("station {} appears twice", s.code)));
        }
    }
    let homes = raw.station.iter().filter(|s| s.is_home()).count();
    if homes != 1 {
        return Err(invalid(format!(
            "the network needs exactly one home, found {homes}"
        )));
    }
    for s in &raw.station {
        match (&s.parent, s.kind) {
            (None, StationKind::Home) => {}
            (Some(p), StationKind::Home) => {
                return Err(invalid(format!(
                    "the home {} cannot have a parent ({p})",
                    s.code
                )));
            }
            (None, _) => return Err(invalid(format!("station {} needs a parent", s.code))),
            (Some(p), _) if !codes.contains(p.as_str()) => {
                return Err(invalid(format!("station {}: unknown parent {p}", s.code)));
            }
            _ => {}
        }
    }
    let mut ids = BTreeSet::new();
    let mut members = Vec::new();
    for m in raw.member {
        if !ids.insert(m.id.clone()) {
            return Err(invalid(format!("member {} appears twice", m.id)));
        }
        if !codes.contains(m.station.as_str()) {
            return Err(invalid(format!(
                "member {}: unknown station {}",
                m.id, m.station
            )));
        }
        if (m.kind == MemberKind::Deputy) != m.level.is_some() {
            return Err(invalid(format!(
                "member {}: deputies have a level, representatives do not",
                m.id
            )));
        }
        members.push(Member {
            initials: person_initials(&m.name),
            id: m.id,
            name: m.name,
            kind: m.kind,
            level: m.level,
            station: m.station,
            title: m.title,
        });
    }
    Ok(Network {
        stations: raw.station,
        members,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    proposal: RawProposal,
    unit: Vec<Unit>,
    category: Vec<RawCategory>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProposal {
    unit: String,
    limit: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    code: String,
    name: String,
    #[serde(default)]
    name_en: Option<String>,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    limit: Option<u32>,
    #[serde(default)]
    district_unit: Option<String>,
    #[serde(default)]
    district_limit: Option<u32>,
}

pub fn parse_taxonomy(text: &str) -> Result<Taxonomy, AssetError> {
    const FILE: &str = "categories";
    let invalid = |message: String| AssetError::Invalid {
        file: FILE,
        message,
    };
    let raw: RawTaxonomy = toml::from_str(text).map_err(|e| AssetError::Syntax {
        file: FILE,
        message: e.to_string(),
    })?;
    let mut unit_codes = BTreeSet::new();
    for u in &raw.unit {
        if u.code.is_empty() || !u.code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(invalid(format!(
                "unit code `{}` must be ASCII letters and digits",
                u.code
            )));
        }
        if !unit_codes.insert(u.code.clone()) {
            return Err(invalid(format!("unit {} appears twice", u.code)));
        }
    }
    let known_unit = |code: &str, what: &str| {
        if unit_codes.contains(code) {
            Ok(())
        } else {
            Err(invalid(format!("{what}: unknown unit {code}")))
        }
    };
    known_unit(&raw.proposal.unit, "proposal")?;
    let mut categories: Vec<Category> = Vec::new();
    for c in raw.category {
        let well_formed =
            matches!(c.code.len(), 2 | 4) && c.code.chars().all(|d| d.is_ascii_digit());
        if !well_formed {
            return Err(invalid(format!(
                "category code `{}` must be 2 or 4 digits",
                c.code
            )));
        }
        if categories.iter().any(|k| k.code == c.code) {
            return Err(invalid(format!("category {} appears twice", c.code)));
        }
        let parent = match &c.parent {
            Some(p) => {
                if c.code.len() != 4 || !c.code.starts_with(p.as_str()) {
                    return Err(invalid(format!(
                        "category {}: parent {p} must prefix it",
                        c.code
                    )));
                }
                let found = categories.iter().find(|k| &k.code == p).ok_or_else(|| {
                    invalid(format!(
                        "category {}: parent {p} must come before it",
                        c.code
                    ))
                })?;
                Some(found.clone())
            }
            None if c.code.len() == 4 => {
                return Err(invalid(format!("sub-category {} needs a parent", c.code)));
            }
            None => None,
        };
        let pick = |own: Option<String>, inherited: Option<&String>, what: &str| {
            own.or_else(|| inherited.cloned())
                .ok_or_else(|| invalid(format!("category {}: no {what}", c.code)))
        };
        let unit = pick(c.unit, parent.as_ref().map(|p| &p.unit), "unit")?;
        let district_unit = pick(
            c.district_unit,
            parent.as_ref().map(|p| &p.district_unit),
            "district_unit",
        )?;
        known_unit(&unit, &format!("category {}", c.code))?;
        known_unit(&district_unit, &format!("category {}", c.code))?;
        let limit_days = c
            .limit
            .or(parent.as_ref().map(|p| p.limit_days))
            .ok_or_else(|| invalid(format!("category {}: no limit", c.code)))?;
        let district_limit_days = c
            .district_limit
            .or(parent.as_ref().map(|p| p.district_limit_days))
            .ok_or_else(|| invalid(format!("category {}: no district_limit", c.code)))?;
        if !LIMIT_DAYS.contains(&limit_days) || !LIMIT_DAYS.contains(&district_limit_days) {
            return Err(invalid(format!(
                "category {}: limits are 1–250 working days",
                c.code
            )));
        }
        categories.push(Category {
            initials: initials(&c.name),
            code: c.code,
            name: c.name,
            name_en: c.name_en,
            parent: c.parent,
            unit,
            limit_days,
            district_unit,
            district_limit_days,
        });
    }
    Ok(Taxonomy {
        units: raw.unit,
        categories,
        proposal: ProposalRoute {
            unit: raw.proposal.unit,
            limit_days: raw.proposal.limit,
        },
    })
}

/// The shipped network.
pub fn network() -> Network {
    parse_network(NETWORK_TOML).expect("the shipped network is valid (checked by tests)")
}

/// The shipped taxonomy.
pub fn taxonomy() -> Taxonomy {
    parse_taxonomy(CATEGORIES_TOML).expect("the shipped categories are valid (checked by tests)")
}

/// The shipped holiday notices, 2022–2026.
pub fn holiday_notices() -> Vec<Notice> {
    parse_notices(HOLIDAYS_TOML).expect("the shipped holidays are valid (checked by tests)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::member::MemberKind;

    #[test]
    fn shipped_network_matches_the_design() {
        let net = parse_network(NETWORK_TOML).unwrap();
        let count = |k: StationKind| net.stations.iter().filter(|s| s.kind == k).count();
        assert_eq!(count(StationKind::Home), 1);
        assert_eq!(count(StationKind::Station), 9);
        assert_eq!(count(StationKind::Point), 2);
        assert_eq!(net.home().unwrap().code, "XA");
        let deputies = net
            .members
            .iter()
            .filter(|m| m.kind == MemberKind::Deputy)
            .count();
        assert_eq!(deputies, 27);
        assert_eq!(net.members.len() - deputies, 45);
        assert!(
            net.members
                .iter()
                .any(|m| m.name == "张三明" && m.initials == "zsm")
        );
    }

    #[test]
    fn shipped_taxonomy_has_the_fifteen_categories() {
        let tax = parse_taxonomy(CATEGORIES_TOML).unwrap();
        let main: Vec<_> = tax
            .categories
            .iter()
            .filter(|c| c.parent.is_none())
            .collect();
        assert_eq!(main.len(), 15);
        assert_eq!(main[2].code, "03");
        assert_eq!(main[2].name, "水电气与市政设施");
        let sub = tax.category("0301").unwrap();
        assert_eq!(sub.unit, "SZ");
        assert_eq!(sub.limit_days, 5);
        assert_eq!(sub.district_unit, "QZJ");
        assert!(
            tax.category("1501").is_some(),
            "微心愿 is a sub-category of 15"
        );
    }

    #[test]
    fn shipped_holidays_cover_2022_to_2026() {
        let years: Vec<i32> = parse_notices(HOLIDAYS_TOML)
            .unwrap()
            .iter()
            .map(|n| n.year)
            .collect();
        assert_eq!(years, vec![2022, 2023, 2024, 2025, 2026]);
    }

    #[test]
    fn shipped_reference_data_is_named_in_english_too() {
        let net = network();
        let tax = taxonomy();
        let names = net
            .stations
            .iter()
            .map(|s| (&s.code, &s.name_en))
            .chain(tax.units.iter().map(|u| (&u.code, &u.name_en)))
            .chain(tax.categories.iter().map(|c| (&c.code, &c.name_en)));
        for (code, name_en) in names {
            let name_en = name_en.as_deref().unwrap_or_default();
            assert!(
                !name_en.is_empty() && name_en.is_ascii(),
                "{code}: English name `{name_en}`"
            );
        }
        for notice in holiday_notices() {
            for f in notice.festivals() {
                assert!(
                    crate::domain::statutory::english_name(&f.name).is_some(),
                    "{}: {}",
                    notice.year,
                    f.name
                );
            }
        }
    }

    #[test]
    fn bad_networks_are_refused() {
        let no_parent = NETWORK_TOML.replacen("parent = \"XA\"\n", "", 1);
        let err = parse_network(&no_parent).unwrap_err().to_string();
        assert!(err.contains("needs a parent"), "{err}");
        let bad_station = NETWORK_TOML.replacen("station = \"HF\"", "station = \"NOPE\"", 1);
        assert!(
            parse_network(&bad_station)
                .unwrap_err()
                .to_string()
                .contains("unknown station")
        );
    }

    #[test]
    fn bad_taxonomies_are_refused() {
        let bad_unit =
            CATEGORIES_TOML.replacen("unit = \"SZ\"\nlimit = 10", "unit = \"XX\"\nlimit = 10", 1);
        assert!(
            parse_taxonomy(&bad_unit)
                .unwrap_err()
                .to_string()
                .contains("unknown unit XX")
        );
    }
}
