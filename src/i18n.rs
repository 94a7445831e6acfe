//! All text shown to people, in one place: labels for the vocabulary and the interface, in
//! Chinese (default) and English, loaded from `assets/i18n/`.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::domain::names::Vocab;
use crate::machine_names;

machine_names! {
    pub enum Lang: "language" {
        Zh = "zh",
        En = "en",
    }
}

const ZH: &str = include_str!("../assets/i18n/zh.toml");
const EN: &str = include_str!("../assets/i18n/en.toml");

/// One language's labels: tables named like the vocabulary (`status`, `event kind`), each
/// mapping a machine name or key to its label.
#[derive(Debug)]
pub struct Texts {
    tables: HashMap<String, HashMap<String, String>>,
}

impl Texts {
    /// The labels of a language, parsed once.
    pub fn of(lang: Lang) -> &'static Texts {
        static ZH_TEXTS: OnceLock<Texts> = OnceLock::new();
        static EN_TEXTS: OnceLock<Texts> = OnceLock::new();
        match lang {
            Lang::Zh => ZH_TEXTS.get_or_init(|| Texts::parse(ZH).expect("zh.toml is valid")),
            Lang::En => EN_TEXTS.get_or_init(|| Texts::parse(EN).expect("en.toml is valid")),
        }
    }

    pub fn parse(text: &str) -> Result<Texts, toml::de::Error> {
        let raw: HashMap<String, HashMap<String, String>> = toml::from_str(text)?;
        // TOML table names use `_` where the vocabulary names use a space.
        let tables = raw
            .into_iter()
            .map(|(table, labels)| (table.replace('_', " "), labels))
            .collect();
        Ok(Texts { tables })
    }

    /// The label of a vocabulary value; its machine name if the label is missing.
    pub fn name<V: Vocab>(&self, value: V) -> &str {
        self.lookup(V::WHAT, value.name()).unwrap_or(value.name())
    }

    /// A piece of interface text from the `ui` table.
    pub fn ui<'a>(&'a self, key: &'a str) -> &'a str {
        self.lookup("ui", key).unwrap_or(key)
    }

    /// A label from the `word` table.
    pub fn word<'a>(&'a self, key: &'a str) -> &'a str {
        self.lookup("word", key).unwrap_or(key)
    }

    pub fn lookup(&self, table: &str, key: &str) -> Option<&str> {
        self.tables.get(table)?.get(key).map(String::as_str)
    }

    /// Every (table, key) pair, for completeness tests.
    pub fn keys(&self) -> Vec<(String, String)> {
        let mut keys: Vec<_> = self
            .tables
            .iter()
            .flat_map(|(t, m)| m.keys().map(move |k| (t.clone(), k.clone())))
            .collect();
        keys.sort();
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::DayKind;
    use crate::domain::case::{Level, Nature, Satisfaction, Source, Status, SupervisionStep};
    use crate::domain::category::UnitTier;
    use crate::domain::event::{EventKind, LinkKind};
    use crate::domain::ladder::Stage;
    use crate::domain::member::{DeputyLevel, MemberKind};
    use crate::domain::station::StationKind;

    fn all_labelled<V: Vocab + std::fmt::Debug>(texts: &Texts, all: &[V]) {
        for v in all {
            assert!(
                texts.lookup(V::WHAT, v.name()).is_some(),
                "no label for {} `{}`",
                V::WHAT,
                v.name()
            );
        }
    }

    #[test]
    fn every_value_has_a_label_in_both_languages() {
        for lang in Lang::ALL {
            let t = Texts::of(*lang);
            all_labelled(t, Source::ALL);
            all_labelled(t, Nature::ALL);
            all_labelled(t, Level::ALL);
            all_labelled(t, Status::ALL);
            all_labelled(t, Satisfaction::ALL);
            all_labelled(t, SupervisionStep::ALL);
            all_labelled(t, EventKind::ALL);
            all_labelled(t, LinkKind::ALL);
            all_labelled(t, StationKind::ALL);
            all_labelled(t, MemberKind::ALL);
            all_labelled(t, DeputyLevel::ALL);
            all_labelled(t, UnitTier::ALL);
            all_labelled(t, DayKind::ALL);
            all_labelled(t, Stage::ALL);
            all_labelled(t, crate::domain::activity::ActivityKind::ALL);
        }
    }

    #[test]
    fn both_languages_have_the_same_keys() {
        assert_eq!(Texts::of(Lang::Zh).keys(), Texts::of(Lang::En).keys());
    }

    #[test]
    fn labels() {
        assert_eq!(Texts::of(Lang::Zh).name(Status::Queued), "待接待");
        assert_eq!(Texts::of(Lang::En).name(Level::OnSite), "on site");
    }
}
