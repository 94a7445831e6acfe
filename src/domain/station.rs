//! The "1+12+N" network: the street home, community stations and liaison points.

use serde::{Deserialize, Serialize};

use crate::machine_names;

machine_names! {
    pub enum StationKind: "station kind" {
        /// 代表之家: the street's home, sees every station's cases.
        Home = "home",
        /// 联络站: a community liaison station.
        Station = "station",
        /// 联系点: a liaison point in a park, enterprise or outdoor spot.
        Point = "point",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Station {
    /// Short ASCII code, also the prefix of its case numbers: `XA`, `HF`.
    pub code: String,
    pub name: String,
    /// Its English name, shown in English (`--lang en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    pub kind: StationKind,
    /// The station it reports to; `None` only for the home.
    pub parent: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    /// 责任人: the member of the street leadership responsible for it.
    #[serde(default)]
    pub leader: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

/// A station code that cannot prefix a case number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("station code `{0}` must be 1–6 ASCII capital letters or digits, starting with a letter")]
pub struct BadStationCode(pub String);

pub fn check_station_code(code: &str) -> Result<(), BadStationCode> {
    let ok = (1..=6).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_uppercase())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(BadStationCode(code.to_string()))
    }
}

impl Station {
    /// The street's home (代表之家): the one answer to "is this desk the home".
    pub fn is_home(&self) -> bool {
        self.kind == StationKind::Home
    }

    /// The cases a desk here sees: every station's at the home (`None`), else its own.
    pub fn scope(&self) -> Option<&str> {
        (!self.is_home()).then_some(self.code.as_str())
    }

    /// Whether a desk at this station sees cases of `case_station`.
    pub fn sees(&self, case_station: &str) -> bool {
        self.scope().is_none_or(|own| own == case_station)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert!(check_station_code("XA").is_ok());
        assert!(check_station_code("XY3").is_ok());
        assert!(check_station_code("xa").is_err());
        assert!(check_station_code("3X").is_err());
        assert!(check_station_code("").is_err());
        assert!(check_station_code("TOOLONG").is_err());
        assert!(check_station_code("H-F").is_err());
    }
}
