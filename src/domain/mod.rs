//! The pure core: types and rules of the liaison station, with no I/O and no terminal.

pub mod activity;
pub mod calendar;
pub mod case;
pub mod category;
pub mod desk;
pub mod digest;
pub mod event;
pub mod follow;
pub mod handling;
pub mod holidays;
pub mod initials;
pub mod ladder;
pub mod member;
pub mod names;
pub mod number;
pub mod numbers_in_text;
pub mod phone;
pub mod recurring;
pub mod retention;
pub mod roster;
pub mod search;
pub mod similarity;
pub mod station;
pub mod text;
pub mod transition;
pub mod wire;
