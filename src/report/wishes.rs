//! The wishes' figures of the month (微心愿), counted from the wishes' log: apart from every
//! case figure, on a sheet of their own.

use serde::Serialize;

use super::Month;
use crate::domain::wish::{WishBody, median_days};
use crate::store::MonthWishes;

/// Registered, claimed and fulfilled in the month, and the median days to fulfilment.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct WishFigures {
    /// Wishes registered in the month (withdrawn ones included).
    pub registered: u32,
    /// Claims recorded in the month.
    pub claimed: u32,
    /// Fulfilments recorded in the month.
    pub fulfilled: u32,
    /// The median of the whole days from registration to the fulfilment date, over the
    /// wishes fulfilled in the month; `None` when none was.
    pub median_days_to_fulfil: Option<f64>,
}

/// Counts the month's events (already limited to the month's first day and the cutoff).
pub fn wish_figures(month: Month, log: &MonthWishes) -> WishFigures {
    let mut f = WishFigures::default();
    let mut days = Vec::new();
    for e in log.events.iter().filter(|e| month.contains(e.at.date())) {
        match &e.body {
            WishBody::Registered { .. } => f.registered += 1,
            WishBody::Claimed { .. } => f.claimed += 1,
            WishBody::Fulfilled { on, .. } => {
                f.fulfilled += 1;
                if let Some(registered) = log.registered_at.get(&e.wish_id) {
                    days.push((*on - registered.date()).num_days());
                }
            }
            WishBody::Withdrawn { .. } | WishBody::Purged { .. } | WishBody::Published { .. } => {}
        }
    }
    f.median_days_to_fulfil = median_days(&mut days);
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::wish::WishEvent;
    use chrono::{NaiveDate, NaiveDateTime};
    use uuid::Uuid;

    fn at(m: u32, d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, m, d)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap()
    }

    #[test]
    fn counts_the_months_events_and_the_median() {
        let month = Month {
            year: 2026,
            month: 11,
        };
        let mut log = MonthWishes::default();
        let mut push = |wish: Uuid, at: NaiveDateTime, body: WishBody| {
            log.events.push(WishEvent {
                id: Uuid::now_v7(),
                wish_id: wish,
                at,
                actor: "t".into(),
                body,
            })
        };
        let (a, b, c) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let reg = |n: &str| WishBody::Registered {
            number: n.into(),
            station: "HF".into(),
            content: "x".into(),
            public: None,
        };
        push(a, at(11, 2), reg("a"));
        push(b, at(11, 3), reg("b"));
        push(a, at(11, 4), WishBody::Claimed { member: None });
        push(b, at(11, 4), WishBody::Claimed { member: None });
        push(c, at(11, 5), WishBody::Claimed { member: None });
        let done = |d: u32| WishBody::Fulfilled {
            on: at(11, d).date(),
            note: "n".into(),
        };
        push(a, at(11, 9), done(8));
        push(b, at(11, 20), done(20));
        push(c, at(11, 21), done(21));
        log.registered_at.insert(a, at(11, 2));
        log.registered_at.insert(b, at(11, 3));
        log.registered_at.insert(c, at(10, 1));
        let f = wish_figures(month, &log);
        assert_eq!((f.registered, f.claimed, f.fulfilled), (2, 3, 3));
        // 6, 17 and 51 days: the median is 17.
        assert_eq!(f.median_days_to_fulfil, Some(17.0));
        assert_eq!(
            wish_figures(month, &MonthWishes::default()).median_days_to_fulfil,
            None
        );
    }
}
