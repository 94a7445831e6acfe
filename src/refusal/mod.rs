//! Why something was refused, as a typed reason: a key of the `[error]` text table and the
//! values of its places. Nothing is worded until it is shown, and then only by the text
//! tables, in the language of whoever reads it (the desk's, or `--lang`).
//!
//! - the store's errors, the domain's and the command line's all become a [`Refusal`]
//!   (`Refusal::from(&e)`); a command returns one inside its `anyhow::Error`;
//! - the command line words a whole error chain link by link (`crate::cli::words`);
//! - `Display` of a refusal is its English text, for logs and panics only.

mod domain;
mod io;

pub use domain::refusal_of;
pub use io::io_refusal;

use std::fmt;

use crate::domain::names::Vocab;
use crate::i18n::{Cli, Error, Lang, TextKey, Texts, Ui, Word};

/// A value placed into a refusal's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Data as it is: a number, a code, a date, a path, what someone typed.
    Data(String),
    /// A word of the vocabulary (a status, an event kind, a field), labelled in the language.
    Word {
        what: &'static str,
        name: &'static str,
    },
    /// Words of the vocabulary, labelled and listed (`待接待、接待中`).
    Words {
        what: &'static str,
        names: Vec<&'static str>,
    },
    /// A text of the tables, in the language.
    Text(Text),
    /// A festival of the law's holidays (春节), in English its English name.
    Festivals(Vec<String>),
    /// A reason inside the reason, worded in the same language.
    Because(Box<Refusal>),
    /// A refusal of the trust model (a stranger's key, a file that is not one), worded by
    /// [`crate::refusals`].
    Trust(crate::domain::trust::Refusal),
}

/// A key of one of the text tables a refusal may quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Error(Error),
    Ui(Ui),
    Cli(Cli),
    Word(Word),
    /// What a vocabulary names (`status`, `event kind`), in words.
    Vocabulary(&'static str),
    Weekday(chrono::Weekday),
}

impl Text {
    fn text(self, t: &Texts) -> &'static str {
        let lang = t.lang();
        match self {
            Text::Error(k) => k.text(lang),
            Text::Ui(k) => k.text(lang),
            Text::Cli(k) => k.text(lang),
            Text::Word(k) => k.text(lang),
            Text::Vocabulary(what) => t.vocab("vocabulary", what),
            Text::Weekday(day) => t.weekday(day),
        }
    }
}

/// A typed reason for a refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub key: Error,
    pub args: Vec<(&'static str, Arg)>,
}

impl Refusal {
    pub fn new(key: Error) -> Refusal {
        Refusal {
            key,
            args: Vec::new(),
        }
    }

    /// Places data (a number, a code, a path) into `{name}`.
    pub fn data(mut self, name: &'static str, value: impl ToString) -> Refusal {
        self.args.push((name, Arg::Data(value.to_string())));
        self
    }

    /// Places a vocabulary word (a status, an event kind) into `{name}`, labelled.
    pub fn word<V: Vocab>(mut self, name: &'static str, value: V) -> Refusal {
        self.args.push((
            name,
            Arg::Word {
                what: V::WHAT,
                name: value.name(),
            },
        ));
        self
    }

    /// Places a list of vocabulary words into `{name}`, labelled.
    pub fn words<V: Vocab>(mut self, name: &'static str, values: &[V]) -> Refusal {
        self.args.push((
            name,
            Arg::Words {
                what: V::WHAT,
                names: values.iter().map(|v| v.name()).collect(),
            },
        ));
        self
    }

    /// Places a field's label (`content`, `phone`) into `{name}`.
    pub fn field(mut self, name: &'static str, field: &'static str) -> Refusal {
        self.args.push((
            name,
            Arg::Word {
                what: "field",
                name: field,
            },
        ));
        self
    }

    /// Places a text of the tables into `{name}`.
    pub fn text(mut self, name: &'static str, text: Text) -> Refusal {
        self.args.push((name, Arg::Text(text)));
        self
    }

    /// Places festivals' names into `{name}`, in English their English names.
    pub fn festivals(mut self, name: &'static str, names: &[impl AsRef<str>]) -> Refusal {
        let names = names.iter().map(|n| n.as_ref().to_string()).collect();
        self.args.push((name, Arg::Festivals(names)));
        self
    }

    /// Places another refusal, worded, into `{name}`.
    pub fn because(mut self, name: &'static str, inner: Refusal) -> Refusal {
        self.args.push((name, Arg::Because(Box::new(inner))));
        self
    }

    /// Places a refusal of the trust model, worded, into `{name}`.
    pub fn trust(mut self, name: &'static str, inner: crate::domain::trust::Refusal) -> Refusal {
        self.args.push((name, Arg::Trust(inner)));
        self
    }

    /// Adds an operating system's error as the reason: `doing: reason`.
    pub fn because_io(self, source: &std::io::Error) -> Refusal {
        Refusal::new(Error::Because)
            .because("doing", self)
            .because("reason", io_refusal(source))
    }

    /// The refusal in a language.
    pub fn say(&self, t: &Texts) -> String {
        let values: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(name, arg)| (*name, arg.say(t)))
            .collect();
        let args: Vec<(&str, &dyn fmt::Display)> = values
            .iter()
            .map(|(name, v)| (*name, v as &dyn fmt::Display))
            .collect();
        t.fill(self.key, &args)
    }
}

impl Arg {
    fn say(&self, t: &Texts) -> String {
        match self {
            Arg::Data(s) => s.clone(),
            Arg::Word { what, name } => t.vocab(what, name).to_string(),
            Arg::Words { what, names } => names
                .iter()
                .map(|n| t.vocab(what, n))
                .collect::<Vec<_>>()
                .join(t.word(Word::ListSeparator)),
            Arg::Text(text) => text.text(t).to_string(),
            Arg::Festivals(names) => names
                .iter()
                .map(|n| t.festival(n).into_owned())
                .collect::<Vec<_>>()
                .join(t.word(Word::ListSeparator)),
            Arg::Because(inner) => inner.say(t),
            Arg::Trust(inner) => crate::refusals::say(t, inner),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(Texts::of(Lang::En)))
    }
}

impl std::error::Error for Refusal {}

/// Work on a file that the system refused: `fs::read(p).doing(refusal!(Error::CannotRead,
/// path = p.display()))?` says what was being done and why it failed, both worded.
pub trait Doing<T> {
    fn doing(self, what: Refusal) -> Result<T, Refusal>;
}

impl<T> Doing<T> for std::io::Result<T> {
    fn doing(self, what: Refusal) -> Result<T, Refusal> {
        self.map_err(|e| what.because_io(&e))
    }
}

/// `refusal!(Error::UnknownUnit, code = c)`: a refusal with data in its places.
#[macro_export]
macro_rules! refusal {
    ($key:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::refusal::Refusal::new($key)$(.data(stringify!($name), &$value))*
    };
}

/// `refuse!(Error::QueryEmpty)`: returns the refusal from a command (an `anyhow` result).
#[macro_export]
macro_rules! refuse {
    ($($t:tt)*) => {
        return ::std::result::Result::Err(::anyhow::Error::from($crate::refusal!($($t)*)))
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::Status;

    #[test]
    fn a_refusal_is_worded_in_the_language_asked() {
        let r = Refusal::new(Error::NotAllowed)
            .data("number", "HF-20261117-007")
            .word("status", Status::Queued)
            .word("event", crate::domain::event::EventKind::Replied)
            .data("allowed", "");
        let zh = r.say(Texts::of(Lang::Zh));
        let en = r.say(Texts::of(Lang::En));
        assert!(zh.contains("待接待"), "{zh}");
        assert!(en.contains("queued"), "{en}");
        assert_eq!(r.to_string(), en);
    }
}
