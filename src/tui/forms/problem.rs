//! What is wrong with a field, said at the field and, when a save is refused, in the status
//! line. The words come from the `ui` text table; `{name}` places in them are filled in.

use crate::i18n::Texts;
use crate::tui::widgets::text_field::{Refused, TextField};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Key of the message in the `ui` text table.
    pub key: &'static str,
    /// Values for the `{name}` places of the message.
    pub vars: Vec<(&'static str, String)>,
    /// Said after the message (a reason from the database), may be empty.
    pub detail: String,
}

impl Problem {
    pub fn new(key: &'static str) -> Problem {
        Problem {
            key,
            vars: Vec::new(),
            detail: String::new(),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl ToString) -> Problem {
        self.vars.push((name, value.to_string()));
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Problem {
        self.detail = detail.into();
        self
    }

    /// A text longer than a save accepts.
    pub fn too_long(limit: usize, chars: usize) -> Problem {
        Problem::new("too_long")
            .with("limit", limit)
            .with("n", chars)
    }

    /// Typing or a paste the field could not take.
    pub fn refused(refused: &Refused, offered: usize) -> Problem {
        match refused {
            Refused::Full { capacity, limit } if capacity == limit => {
                Problem::new("input_full").with("limit", limit)
            }
            Refused::Full { capacity, limit } => Problem::new("paste_too_big")
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
        let mut text = t.ui(self.key).to_string();
        for (name, value) in &self.vars {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        if !self.detail.is_empty() {
            text.push_str(": ");
            text.push_str(&self.detail);
        }
        text
    }

    /// The message with the field it is about, for the status line.
    pub fn at_field(&self, t: &Texts, field_label: &str) -> String {
        t.ui("field_problem")
            .replace("{field}", field_label)
            .replace("{problem}", &self.text(t))
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
        let at = p.at_field(t, t.ui("field_content"));
        assert!(at.starts_with(t.ui("field_content")), "{at}");
        let p = Problem::new("save_failed").detail("disk full");
        assert!(p.text(t).ends_with(": disk full"));
    }
}
