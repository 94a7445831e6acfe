//! The business date. `--today` pins the date while the time of day keeps running, so a
//! trial on a fixed day still orders its events.

use chrono::{Local, NaiveDate, NaiveDateTime};

use crate::store::whole_seconds;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clock {
    pinned: Option<NaiveDate>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock { pinned: None }
    }

    pub fn pinned(today: NaiveDate) -> Clock {
        Clock {
            pinned: Some(today),
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.pinned.unwrap_or_else(|| Local::now().date_naive())
    }

    /// Now, to the second: the pinned date at the current local time of day.
    pub fn now(&self) -> NaiveDateTime {
        let now = Local::now().naive_local();
        let now = match self.pinned {
            Some(day) => day.and_time(now.time()),
            None => now,
        };
        whole_seconds(now)
    }
}
