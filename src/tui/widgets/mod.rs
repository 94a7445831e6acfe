//! Building blocks of the forms: editable text, pickers, choices.

pub mod choice;
pub mod picker;
pub mod text_field;
