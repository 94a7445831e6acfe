//! Cases and reference data for the documents' tests.

use chrono::{NaiveDate, NaiveDateTime};

use super::Sources;
use crate::assets;
use crate::domain::calendar::HolidayTable;
use crate::domain::case::{Case, Resident, Source, Status};
use crate::store::CaseRecord;

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// 和风社区's reference data, with the shipped holidays, on a day of printing.
pub fn with_sources(today: NaiveDate, f: impl FnOnce(&Sources<'_>)) {
    let network = assets::network();
    let station = network.station("HF").unwrap().clone();
    let taxonomy = assets::taxonomy();
    let holidays = HolidayTable::from_notices(&assets::holiday_notices());
    f(&Sources {
        texts: crate::i18n::Texts::of(crate::i18n::Lang::Zh),
        station: &station,
        taxonomy: &taxonomy,
        members: &network.members,
        holidays: &holidays,
        today,
    });
}

/// A case handed to 街道市政设施管理所 on the day it was received.
pub fn assigned(received: &str, due: &str) -> CaseRecord {
    let at: NaiveDateTime = format!("{received}T09:00:00").parse().unwrap();
    CaseRecord {
        case: Case {
            id: uuid::Uuid::nil(),
            number: "HF-20261020-001".into(),
            station: "HF".into(),
            received_at: at,
            source: Source::WalkIn,
            content: "雨水井堵塞，一下雨就积水".into(),
            deputy: None,
            category: Some("0302".into()),
            nature: None,
            level: None,
            unit: Some("SZ".into()),
            status: Status::Assigned,
            due_date: Some(d(due)),
            due_uncertain: false,
            supervision: None,
            answer: None,
            reply: None,
            replied_on: None,
            closed_at: None,
            satisfaction: None,
            resolved: None,
            repeats: 0,
            duplicate_of: None,
            self_registered: false,
            to_confirm: false,
            events: 2,
            updated_at: at,
        },
        resident: Resident::default(),
    }
}
