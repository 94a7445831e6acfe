//! liaison: the reception-day desk of a People's Congress deputy liaison station.
//!
//! - [`domain`]: the pure core (vocabulary, the case state machine, the calendar);
//! - [`store`]: the SQLite file and every read and write of it;
//! - [`cli`]: the command line.

pub mod assets;
pub mod bundle;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod demo;
pub mod describe;
pub mod display;
pub mod documents;
pub mod domain;
pub mod formats;
pub mod i18n;
pub mod platform;
pub mod progress;
pub mod refusal;
pub mod refusals;
pub mod report;
pub mod serve;
pub mod serve_lock;
pub mod store;
pub mod tui;
