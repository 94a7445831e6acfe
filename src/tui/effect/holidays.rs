//! The holiday table's work for the F12 view: the table per year, a notice file's preview
//! (what it reads, the year it replaces, the open deadlines it recomputes) and its loading.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::holidays::Notice;
use crate::domain::notice_text::read_notices;
use crate::formats::decode;
use crate::i18n::Error;
use crate::refusal::{Doing, Refusal};
use crate::store::{HolidayYear, RecomputePlan, Store};

/// What the view asks of the database.
#[derive(Debug, Clone, PartialEq)]
pub enum HolidaysRequest {
    /// The table per year.
    Years,
    /// Read a file and preview what loading it does.
    Preview(String),
    /// Load the notices of a preview.
    Load(Vec<Notice>),
}

/// The database's answer.
#[derive(Debug, Clone)]
pub enum HolidaysDone {
    Years(Result<Vec<HolidayYear>, Refusal>),
    Previewed(Result<Preview, Refusal>),
    Loaded(Result<(Vec<HolidayYear>, Vec<Notice>, RecomputePlan), Refusal>),
}

/// A file read, and what loading it would do.
#[derive(Debug, Clone)]
pub struct Preview {
    pub notices: Vec<Notice>,
    /// Years of the file whose notice is loaded already: replaced on Ctrl-S.
    pub replacing: Vec<i32>,
    pub plan: RecomputePlan,
}

/// Runs a request against the database.
pub fn run(
    store: &mut Store,
    request: HolidaysRequest,
    actor: &str,
    today: NaiveDate,
    now: NaiveDateTime,
) -> HolidaysDone {
    let stored = |e: crate::store::StoreError| Refusal::from(&e);
    match request {
        HolidaysRequest::Years => HolidaysDone::Years(store.holiday_years(today).map_err(stored)),
        HolidaysRequest::Preview(path) => HolidaysDone::Previewed(preview(store, &path, today)),
        HolidaysRequest::Load(notices) => HolidaysDone::Loaded(
            store
                .load_notices(&notices, actor, now)
                .and_then(|plan| Ok((store.holiday_years(today)?, notices, plan)))
                .map_err(stored),
        ),
    }
}

fn preview(store: &Store, path: &str, today: NaiveDate) -> Result<Preview, Refusal> {
    // The file's name, not its whole path: the line at fault must fit the dialog.
    let name = Path::new(path)
        .file_name()
        .map_or(path.into(), |n| n.to_string_lossy().into_owned());
    let in_file = |why: Refusal| crate::refusal!(Error::InFile, file = name).because("reason", why);
    let bytes = std::fs::read(path).doing(crate::refusal!(Error::CannotRead, path = name))?;
    let text = decode(&bytes).map_err(|e| in_file(Refusal::from(&e)))?;
    let notices = read_notices(&text).map_err(|e| in_file(Refusal::from(&e)))?;
    let stored = |e: crate::store::StoreError| Refusal::from(&e);
    let loaded = store.notice_summaries().map_err(stored)?;
    let replacing = notices
        .iter()
        .map(|n| n.year)
        .filter(|y| loaded.iter().any(|l| l.year == *y))
        .collect();
    let plan = store.recompute_preview(&notices, today).map_err(stored)?;
    Ok(Preview {
        notices,
        replacing,
        plan,
    })
}
