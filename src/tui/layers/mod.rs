//! The layers that are not forms, one per file: a question, the help, a case's details, the
//! search, the units, the picking dialogs, withdrawing a registration, the holiday table, the self-service page and the
//! read-only views.

pub mod confirm;
pub mod desks;
pub mod detail;
pub mod duty_records;
pub mod help;
pub mod holidays;
pub mod pick;
pub mod projects;
pub mod recurring;
pub mod scorecard;
pub mod search;
pub mod self_service;
pub mod stats;
pub mod units;
pub mod wishes;
pub mod withdraw;
