//! Demo data: a believable month at one station, and optionally years of history.
//!
//! The month is written through the same [`Store::register`] / [`Store::record`] calls the
//! desk uses; the history goes through the bulk loader, every row still replayed from its
//! events. A demo database is marked as such and never mixed with real data.

mod duty;
pub mod history;
pub use history::History;
mod people;
mod scene;
mod stations;
pub mod texts;
mod wish_texts;
mod wishes;

use serde::Serialize;

use crate::clock::Clock;
use crate::store::{Store, StoreError};

/// The station a new demo desk belongs to: 和风社区, whose case numbers look like
/// `HF-20261117-007`.
pub const DEMO_STATION: &str = "HF";

/// The operator recorded on demo events.
pub const OPERATOR: &str = "值班员小王";

/// The supervisor recorded on demo supervision steps.
pub const SUPERVISOR: &str = "人大工委";

/// How many cases each part of the demo wrote.
#[derive(Debug, Default, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct DemoSummary {
    pub history: u64,
    pub recent: u64,
    pub today: u64,
    pub activities: u32,
    pub wishes: u32,
}

/// Fills an initialised database that holds no cases yet.
pub fn fill(
    store: &mut Store,
    clock: &Clock,
    history: History,
    seed: u64,
) -> Result<DemoSummary, StoreError> {
    let existing = store.count_cases()?;
    if existing > 0 {
        return Err(crate::refusal!(
            crate::i18n::Error::DemoNotEmpty,
            path = store.path().display(),
            n = existing
        )
        .into());
    }
    store.mark_demo()?;
    let mut summary = DemoSummary::default();
    if history.cases > 0 {
        summary.history = history::load(store, clock.today(), history, seed)?;
    }
    let mut scene = scene::Scene::new(store, clock, seed)?;
    summary.recent = scene.recent_weeks()?;
    summary.today = scene.today()?;
    summary.activities = duty::fill(store, clock.today(), seed)?;
    if store.desk()?.is_home() {
        summary.activities += stations::fill(store, clock.today(), seed)?;
        summary.wishes = wishes::at_home(store, clock.today(), seed)?;
    } else {
        summary.wishes = wishes::at_desk(store, clock.now(), seed)?;
    }
    Ok(summary)
}

/// On a demo database, starts today's reception day (roster and queue) if it has not been
/// started yet, so the demo is lively whatever day it is opened. Returns the cases added.
pub fn ensure_today(store: &mut Store, clock: &Clock) -> Result<u64, StoreError> {
    if !store.is_demo()? {
        return Err(StoreError::NotDemo {
            path: store.path().to_path_buf(),
        });
    }
    let desk = store.desk()?;
    if !store.roster(clock.today(), &desk.code)?.is_empty() {
        return Ok(0);
    }
    let seed = clock.today().to_string().bytes().map(u64::from).sum();
    scene::Scene::new(store, clock, seed)?.today()
}
