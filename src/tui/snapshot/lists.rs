//! Which list a case is on, written once: each list of the screen is a [`CaseFilter`], read
//! from the file by its SQL when everything is read, and asked of one case (`matches`) when a
//! write changed only that case. The two cannot drift apart: they are the same filters.

use chrono::NaiveDate;

use crate::domain::case::{Case, Status};
use crate::domain::ladder::BOARD_LIMIT;
use crate::store::{CaseFilter, board_filter};

/// The screen's lists of a desk on a day.
#[derive(Debug, Clone)]
pub struct Lists {
    /// 接待队列: residents still waiting from an earlier day, and everyone registered at this
    /// desk's station today.
    pub queue: [CaseFilter; 2],
    /// 待分类: residents being received and cases a unit returned.
    pub to_classify: CaseFilter,
    /// 督办看板 (the store's one definition of the board).
    pub board: CaseFilter,
}

impl Lists {
    /// `desk` is this desk's station, `scope` its view (`None` at the home).
    pub fn of(desk: &str, scope: Option<&str>, today: NaiveDate, horizon: NaiveDate) -> Lists {
        Lists {
            queue: [
                CaseFilter {
                    station: Some(desk.to_string()),
                    statuses: vec![Status::Queued],
                    received_before: Some(today),
                    ..CaseFilter::default()
                },
                CaseFilter {
                    station: Some(desk.to_string()),
                    received_on: Some(today),
                    ..CaseFilter::default()
                },
            ],
            to_classify: CaseFilter {
                station: scope.map(str::to_string),
                statuses: vec![Status::Receiving, Status::Returned],
                limit: Some(BOARD_LIMIT),
                ..CaseFilter::default()
            },
            board: board_filter(scope, horizon),
        }
    }

    pub fn in_queue(&self, case: &Case) -> bool {
        self.queue.iter().any(|f| f.matches(case))
    }

    pub fn to_classify(&self, case: &Case) -> bool {
        self.to_classify.matches(case)
    }

    pub fn on_board(&self, case: &Case) -> bool {
        self.board.matches(case)
    }
}
