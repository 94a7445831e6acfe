//! All text shown to people, in one place: labels for the vocabulary and the interface, in
//! Chinese (default) and English, compiled in from `assets/i18n/` by `build.rs`.
//!
//! Interface texts are asked for by typed keys (`Ui::Saved`, `Cli::CasesHeader`): a key that
//! is not in the files does not compile, and the build fails when the two languages do not
//! have the same keys and placeholders. Texts take arguments by name (`{n}`), and English
//! plurals by the number: `{n:case|cases}` says `case` when `n` is 1, `cases` otherwise.
//! The vocabulary (statuses, event kinds…) is labelled by machine name; a vocabulary enum is
//! shown only once registered with [`labelled!`](crate::labelled), which also adds the test
//! that every value has a label in both languages.

use std::fmt::{Display, Write as _};

use crate::domain::names::Vocab;
use crate::machine_names;

machine_names! {
    pub enum Lang: "language" {
        Zh = "zh",
        En = "en",
    }
}

/// A typed key of one of the text tables.
pub trait TextKey: Copy {
    /// The table in the TOML files.
    const TABLE: &'static str;
    /// The key as the TOML files spell it.
    fn key(self) -> &'static str;
    /// Its text in a language.
    fn text(self, lang: Lang) -> &'static str;
}

include!(concat!(env!("OUT_DIR"), "/i18n_texts.rs"));

/// A vocabulary enum whose values are shown to people: registered with
/// [`labelled!`](crate::labelled), which tests that each value has both labels.
pub trait Labelled: Vocab + 'static {
    /// Every value.
    fn all() -> &'static [Self];
}

/// Registers vocabulary enums as shown to people, and generates the test (named `$test`)
/// that each of their values has a label in both languages.
#[macro_export]
macro_rules! labelled {
    ($test:ident: $($t:ty),+ $(,)?) => {
        $(
            impl $crate::i18n::Labelled for $t {
                fn all() -> &'static [Self] {
                    <$t>::ALL
                }
            }
        )+
        #[cfg(test)]
        #[test]
        fn $test() {
            $( $crate::i18n::check_labels::<$t>(); )+
        }
    };
}

/// A text with its arguments: `fill!(t, Ui::CalledTo, number = n, deputy = name)`.
#[macro_export]
macro_rules! fill {
    ($texts:expr, $key:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $texts.fill($key, &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*])
    };
}

labelled!(domain_vocabulary_has_both_labels:
    crate::domain::case::Source,
    crate::domain::case::Nature,
    crate::domain::case::Level,
    crate::domain::case::Status,
    crate::domain::case::Satisfaction,
    crate::domain::case::SupervisionStep,
    crate::domain::event::EventKind,
    crate::domain::event::LinkKind,
    crate::domain::withdrawal::WithdrawReason,
    crate::domain::station::StationKind,
    crate::domain::member::MemberKind,
    crate::domain::member::DeputyLevel,
    crate::domain::category::UnitTier,
    crate::domain::calendar::DayKind,
    crate::domain::ladder::Stage,
    crate::domain::activity::ActivityKind,
    crate::domain::trust::DeskTrust,
    crate::domain::wish::WishState,
    crate::domain::wish::WishEventKind,
);

/// Panics unless every value of `V` has a label in both languages.
pub fn check_labels<V: Labelled + std::fmt::Debug>() {
    for lang in Lang::ALL {
        for v in V::all() {
            assert!(
                vocab_label(*lang, V::WHAT, v.name()).is_some(),
                "no {lang} label for {} `{}`",
                V::WHAT,
                v.name()
            );
        }
    }
}

fn vocab_label(lang: Lang, what: &str, name: &str) -> Option<&'static str> {
    let tables = match lang {
        Lang::Zh => ZH_VOCAB,
        Lang::En => EN_VOCAB,
    };
    let (_, labels) = tables.iter().find(|(table, _)| *table == what)?;
    let i = labels.binary_search_by(|(k, _)| (*k).cmp(name)).ok()?;
    Some(labels[i].1)
}

/// Reference data named in Chinese and, maybe, in English: stations, units, categories.
pub trait Named {
    fn name(&self) -> &str;
    fn name_en(&self) -> Option<&str>;
}

macro_rules! named {
    ($($t:ty),+) => {
        $(
            impl Named for $t {
                fn name(&self) -> &str {
                    &self.name
                }
                fn name_en(&self) -> Option<&str> {
                    self.name_en.as_deref()
                }
            }
        )+
    };
}

named!(
    crate::domain::station::Station,
    crate::domain::category::Unit,
    crate::domain::category::Category
);

/// The texts of one language.
#[derive(Debug, PartialEq, Eq)]
pub struct Texts {
    lang: Lang,
}

static ZH_TEXTS: Texts = Texts { lang: Lang::Zh };
static EN_TEXTS: Texts = Texts { lang: Lang::En };

impl Texts {
    pub fn of(lang: Lang) -> &'static Texts {
        match lang {
            Lang::Zh => &ZH_TEXTS,
            Lang::En => &EN_TEXTS,
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The label of a vocabulary value (its machine name if the label were missing, which
    /// the test of [`labelled!`](crate::labelled) rules out).
    pub fn name<V: Labelled>(&self, value: V) -> &'static str {
        vocab_label(self.lang, V::WHAT, value.name()).unwrap_or(value.name())
    }

    /// The label of a vocabulary word given by its table and machine name (`field`,
    /// `content`); the machine name itself where there is none.
    pub fn vocab(&self, what: &str, name: &'static str) -> &'static str {
        vocab_label(self.lang, what, name).unwrap_or(name)
    }

    /// A text of any table.
    pub fn get<K: TextKey>(&self, key: K) -> &'static str {
        key.text(self.lang)
    }

    /// A piece of interface text.
    pub fn ui(&self, key: Ui) -> &'static str {
        key.text(self.lang)
    }

    /// A short word.
    pub fn word(&self, key: Word) -> &'static str {
        key.text(self.lang)
    }

    /// `yes` or `no`.
    pub fn yes_no(&self, yes: bool) -> &'static str {
        self.word(if yes { Word::Yes } else { Word::No })
    }

    /// A text with its placeholders filled (see [`fill!`](crate::fill)).
    pub fn fill<K: TextKey>(&self, key: K, args: &[(&str, &dyn Display)]) -> String {
        fill_template(key.text(self.lang), args, K::TABLE, key.key(), true)
    }

    /// Like [`fill`](Self::fill), for a key chosen at run time among texts that take some of
    /// the same arguments: the arguments the text does not use are left out.
    pub fn fill_some<K: TextKey>(&self, key: K, args: &[(&str, &dyn Display)]) -> String {
        fill_template(key.text(self.lang), args, K::TABLE, key.key(), false)
    }

    /// A name of reference data in this language: its English name in English when it has
    /// one, its own (Chinese) name otherwise.
    pub fn named<'a>(&self, name: &'a str, name_en: Option<&'a str>) -> &'a str {
        match (self.lang, name_en) {
            (Lang::En, Some(en)) if !en.trim().is_empty() => en,
            _ => name,
        }
    }

    /// The name of a station, unit or category in this language.
    pub fn label<'a, N: Named + ?Sized>(&self, item: &'a N) -> &'a str {
        self.named(item.name(), item.name_en())
    }

    /// A holiday's name as the notice gives it, in English the law's festival in English.
    pub fn festival<'a>(&self, name: &'a str) -> std::borrow::Cow<'a, str> {
        match self.lang {
            Lang::En => crate::domain::statutory::english_name(name)
                .map_or(std::borrow::Cow::Borrowed(name), std::borrow::Cow::Owned),
            Lang::Zh => std::borrow::Cow::Borrowed(name),
        }
    }

    /// Weekday names, Monday first.
    pub fn weekday(&self, day: chrono::Weekday) -> &'static str {
        let names = self.ui(Ui::Weekdays);
        names
            .split(' ')
            .nth(day.num_days_from_monday() as usize)
            .unwrap_or(names)
    }
}

/// Fills `{name}` with the argument's text and `{name:one|other}` with `one` when the
/// argument is the number 1, `other` otherwise. An unknown placeholder stays as written.
fn fill_template(
    template: &str,
    args: &[(&str, &dyn Display)],
    table: &str,
    key: &str,
    all_used: bool,
) -> String {
    let value = |name: &str| {
        args.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.to_string())
    };
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    let mut used = Vec::new();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            rest = &rest[open..];
            break;
        };
        let inside = &rest[open + 1..close];
        let (name, forms) = match inside.split_once(':') {
            Some((name, forms)) => (name, Some(forms)),
            None => (inside, None),
        };
        match (value(name), forms) {
            (Some(v), None) => out.push_str(&v),
            (Some(v), Some(forms)) => {
                let (one, other) = forms.split_once('|').unwrap_or((forms, forms));
                out.push_str(if v.trim() == "1" { one } else { other });
            }
            (None, _) => {
                debug_assert!(false, "[{table}] {key}: no argument for {{{name}}}");
                let _ = write!(out, "{{{inside}}}");
            }
        }
        used.push(name);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    debug_assert!(
        !all_used || args.iter().all(|(n, _)| used.contains(n)),
        "[{table}] {key}: an argument the text does not use"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::{Level, Status};

    #[test]
    fn labels() {
        assert_eq!(Texts::of(Lang::Zh).name(Status::Queued), "待接待");
        assert_eq!(Texts::of(Lang::En).name(Level::OnSite), "on site");
    }

    #[test]
    fn typed_keys() {
        assert_eq!(Texts::of(Lang::En).ui(Ui::Saved), "saved");
        assert_eq!(Ui::Saved.key(), "saved");
        assert!(Ui::ALL.contains(&Ui::Saved));
    }

    #[test]
    fn placeholders_and_plurals() {
        let t = "{n} {n:case|cases} for {who}";
        let fill = |n: usize| fill_template(t, &[("n", &n), ("who", &"HF")], "ui", "test", true);
        assert_eq!(fill(1), "1 case for HF");
        assert_eq!(fill(2), "2 cases for HF");
        assert_eq!(fill(0), "0 cases for HF");
        assert_eq!(
            fill_template("no braces", &[], "ui", "t", true),
            "no braces"
        );
    }

    #[test]
    fn reference_names() {
        let en = Texts::of(Lang::En);
        let zh = Texts::of(Lang::Zh);
        assert_eq!(en.named("社区", Some("Community")), "Community");
        assert_eq!(en.named("社区", None), "社区");
        assert_eq!(en.named("社区", Some(" ")), "社区");
        assert_eq!(zh.named("社区", Some("Community")), "社区");
    }

    #[test]
    fn weekdays() {
        assert_eq!(Texts::of(Lang::En).weekday(chrono::Weekday::Tue), "Tue");
        assert_eq!(Texts::of(Lang::Zh).weekday(chrono::Weekday::Sun), "周日");
    }
}
