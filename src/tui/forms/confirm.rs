//! A yes/no question over whatever is open (Enter = yes, Esc = no).

/// What a "yes" does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnYes {
    Quit,
    DiscardForm,
    RemoveMember(String),
    /// Record every supervision step due today.
    BulkUrge,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    /// Key of the question in the `ui` text table.
    pub question: &'static str,
    /// A line under the question saying what "yes" would touch; may be empty.
    pub detail: String,
    pub on_yes: OnYes,
}
