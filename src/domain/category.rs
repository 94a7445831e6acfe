//! The coded taxonomy of opinions and the units that handle them.

use serde::{Deserialize, Serialize};

use super::case::Level;
use crate::machine_names;

machine_names! {
    pub enum UnitTier: "unit tier" {
        /// A street office or station that takes 街道交办 cases.
        Street = "street",
        /// A district department reached through the district congress.
        District = "district",
    }
}

/// A handling unit (承办单位).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub code: String,
    pub name: String,
    /// Its English name, shown in English (`--lang en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    pub tier: UnitTier,
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

/// A category: two digits for the 15 main ones, four for a sub-category (`1501`).
/// Sub-categories carry their parent's defaults unless they set their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub code: String,
    pub name: String,
    /// Its English name, shown in English (`--lang en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    pub parent: Option<String>,
    /// The unit a street-level case of this category goes to by default.
    pub unit: String,
    /// Default time limit in working days for a street hand-over.
    pub limit_days: u32,
    /// The district department a forwarded case goes to by default.
    pub district_unit: String,
    pub district_limit_days: u32,
    /// Pinyin initials of the name, for filtering by `ldj`.
    pub initials: String,
}

/// Where a deputy's proposal goes, and its time limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalRoute {
    pub unit: String,
    pub limit_days: u32,
}

/// The categories, the units and the routing rules between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taxonomy {
    pub units: Vec<Unit>,
    pub categories: Vec<Category>,
    pub proposal: ProposalRoute,
}

/// The default unit and time limit suggested for a category at a level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route<'a> {
    pub unit: &'a str,
    pub limit_days: u32,
}

impl Taxonomy {
    pub fn category(&self, code: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.code == code)
    }

    pub fn unit(&self, code: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.code == code)
    }

    /// The suggested unit and limit; `None` for levels handled without a unit.
    pub fn route<'a>(&'a self, category: &'a Category, level: Level) -> Option<Route<'a>> {
        match level {
            Level::Street => Some(Route {
                unit: &category.unit,
                limit_days: category.limit_days,
            }),
            Level::District => Some(Route {
                unit: &category.district_unit,
                limit_days: category.district_limit_days,
            }),
            Level::Proposal => Some(Route {
                unit: &self.proposal.unit,
                limit_days: self.proposal.limit_days,
            }),
            Level::OnSite | Level::Decline => None,
        }
    }
}
