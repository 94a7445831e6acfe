//! What is wrong with a field, said at the field and, when a save is refused, in the status
//! line. The words come from the `ui` text table; `{name}` places in them are filled in.

use crate::domain::intake;
use crate::i18n::{Error, Texts, Ui};
use crate::refusal::Refusal;
use crate::tui::widgets::text_field::{Refused, TextField};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The message, from the `ui` text table.
    pub key: Ui,
    /// Values for the `{name}` places of the message.
    pub vars: Vec<(&'static str, String)>,
    /// Said after the message: why the database refused.
    pub because: Option<Refusal>,
}

impl Problem {
    pub fn new(key: Ui) -> Problem {
        Problem {
            key,
            vars: Vec::new(),
            because: None,
        }
    }

    pub fn with(mut self, name: &'static str, value: impl ToString) -> Problem {
        self.vars.push((name, value.to_string()));
        self
    }

    pub fn because(mut self, refusal: Refusal) -> Problem {
        self.because = Some(refusal);
        self
    }

    /// A field's problem by the intake rules.
    pub fn intake(problem: &intake::Problem) -> Problem {
        match problem {
            intake::Problem::TooLong { limit, n } => Problem::too_long(*limit, *n),
            intake::Problem::Required => Problem::new(Ui::ContentRequired),
            intake::Problem::BadPhone(_) => Problem::new(Ui::PhoneInvalid),
        }
    }

    /// A text longer than a save accepts.
    pub fn too_long(limit: usize, chars: usize) -> Problem {
        Problem::new(Ui::TooLong)
            .with("limit", limit)
            .with("n", chars)
    }

    /// Typing or a paste the field could not take.
    pub fn refused(refused: &Refused, offered: usize) -> Problem {
        match refused {
            Refused::Full { capacity, limit } if capacity == limit => {
                Problem::new(Ui::InputFull).with("limit", limit)
            }
            Refused::Full { capacity, limit } => Problem::new(Ui::PasteTooBig)
                .with("n", offered)
                .with("capacity", capacity)
                .with("limit", limit),
        }
    }

    /// The problem of a field's length at save time, if it is over its limit.
    pub fn length(field: &TextField) -> Option<Problem> {
        field
            .over_limit()
            .map(|n| Problem::too_long(field.limit(), n))
    }

    /// The message in the interface's language.
    pub fn text(&self, t: &Texts) -> String {
        let args: Vec<(&str, &dyn std::fmt::Display)> = self
            .vars
            .iter()
            .map(|(name, value)| (*name, value as &dyn std::fmt::Display))
            .collect();
        let text = t.fill(self.key, &args);
        match &self.because {
            Some(why) => crate::fill!(t, Error::Because, doing = text, reason = why.say(t)),
            None => text,
        }
    }

    /// The message with the field it is about, for the status line.
    pub fn at_field(&self, t: &Texts, field_label: &str) -> String {
        crate::fill!(
            t,
            Ui::FieldProblem,
            field = field_label,
            problem = self.text(t)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn messages_fill_their_places() {
        let t = Texts::of(Lang::En);
        let p = Problem::too_long(2000, 2001);
        let text = p.text(t);
        assert!(text.contains("2000") && text.contains("2001"), "{text}");
        let at = p.at_field(t, t.ui(Ui::FieldContent));
        assert!(at.starts_with(t.ui(Ui::FieldContent)), "{at}");
        let p = Problem::new(Ui::SaveFailed).because(Refusal::new(Error::DiskFull));
        assert!(
            p.text(t).ends_with(
                ": the disk is full: nothing was saved; free some space, then save again"
            )
        );
    }
}
