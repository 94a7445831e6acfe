//! The business date. `--today` pins the date while the time of day keeps running, so a
//! trial on a fixed day still orders its events.

use chrono::{Local, NaiveDate, NaiveDateTime};

use crate::domain::time::whole_seconds;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clock {
    pinned: Option<NaiveDate>,
    /// A stopped clock, for tests that compare screens.
    frozen: Option<NaiveDateTime>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock::default()
    }

    pub fn pinned(today: NaiveDate) -> Clock {
        Clock {
            pinned: Some(today),
            frozen: None,
        }
    }

    /// A clock that always says `now`.
    pub fn frozen(now: NaiveDateTime) -> Clock {
        Clock {
            pinned: Some(now.date()),
            frozen: Some(whole_seconds(now)),
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.pinned.unwrap_or_else(|| Local::now().date_naive())
    }

    /// Now, to the second: the pinned date at the current local time of day.
    pub fn now(&self) -> NaiveDateTime {
        if let Some(frozen) = self.frozen {
            return frozen;
        }
        let now = Local::now().naive_local();
        let now = match self.pinned {
            Some(day) => day.and_time(now.time()),
            None => now,
        };
        whole_seconds(now)
    }
}
