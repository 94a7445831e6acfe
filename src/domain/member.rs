//! Deputies and deliberation representatives attached to stations ("进家入站").

use serde::{Deserialize, Serialize};

use crate::machine_names;

machine_names! {
    pub enum MemberKind: "member kind" {
        /// 人大代表.
        Deputy = "deputy",
        /// 议政代表.
        Representative = "representative",
    }
}

machine_names! {
    /// The congress a deputy was elected to.
    pub enum DeputyLevel: "deputy level" {
        District = "district",
        City = "city",
        Province = "province",
        National = "national",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Stable id, e.g. `M001`.
    pub id: String,
    pub name: String,
    pub kind: MemberKind,
    /// Only deputies have a level.
    pub level: Option<DeputyLevel>,
    /// The station the member is assigned to.
    pub station: String,
    /// Pinyin initials of the name, for picking by `zsm`.
    pub initials: String,
    /// Occupation or post, shown beside the name.
    #[serde(default)]
    pub title: Option<String>,
}
