//! The pure core: types and rules of the liaison station, with no I/O and no terminal.

pub mod activity;
pub mod calendar;
pub mod case;
pub mod category;
pub mod event;
pub mod follow;
pub mod handling;
pub mod holidays;
pub mod initials;
pub mod ladder;
pub mod member;
pub mod names;
pub mod notice_text;
pub mod number;
pub mod phone;
pub mod recurring;
pub mod retention;
pub mod roster;
pub mod search;
pub mod similarity;
pub mod station;
pub mod statutory;
pub mod text;
pub mod transition;
