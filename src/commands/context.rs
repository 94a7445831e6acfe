//! What every command needs to know about this run: the database, the business date, the
//! language, the settings and who is at the keyboard.

use std::path::PathBuf;

use anyhow::Result;

use crate::clock::Clock;
use crate::config::Config;
use crate::i18n::Lang;

/// What every command needs to know about this run.
#[derive(Debug, Clone)]
pub struct Context {
    /// `--db` as given; `LIAISON_DB` is read only when no flag is given and not for `--demo`.
    pub db_flag: Option<PathBuf>,
    pub clock: Clock,
    pub lang: Lang,
    pub config: Config,
    /// Recorded as the actor of this run's events.
    pub actor: String,
}

impl Context {
    /// The database of real work: `--db`, else `LIAISON_DB`, else the default location.
    pub fn db(&self) -> Result<PathBuf> {
        if let Some(p) = &self.db_flag {
            return Ok(p.clone());
        }
        if let Some(p) = std::env::var_os("LIAISON_DB").filter(|p| !p.is_empty()) {
            return Ok(PathBuf::from(p));
        }
        crate::config::default_db()
    }

    /// The demo database: `--db` if given, else `demo.db` beside the real one's default.
    pub fn demo_db(&self) -> Result<PathBuf> {
        match &self.db_flag {
            Some(p) => Ok(p.clone()),
            None => crate::config::default_demo_db(),
        }
    }
}
