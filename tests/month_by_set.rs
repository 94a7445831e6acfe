//! A month's report and a year's duty records read only their month or year (by sets, see
//! `store/report.rs`), and must say exactly what reading the whole history says. On demo
//! files of two years at a station and at the home, each report is set beside one built from
//! every case's full log (the definition the report had before it read by sets), and the
//! duty figures beside counts made here by hand from every event.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDateTime};
use common::{at, liaison};
use liaison::domain::case::{Level, Nature, Status};
use liaison::domain::correction::Asked;
use liaison::domain::event::EventBody;
use liaison::domain::handling::{Disposition, dispose};
use liaison::domain::history::CaseHistory;
use liaison::domain::reclassify::AskedClass;
use liaison::domain::station::StationKind;
use liaison::domain::withdrawal::WithdrawReason;
use liaison::i18n::Lang;
use liaison::report::build::{ReportInput, build};
use liaison::report::load::{cutoff, month_report};
use liaison::report::{Month, MonthReport};
use liaison::store::{CaseFilter, NewCase, Store};

const TODAY: &str = "2026-11-17";
const TODAY_9: &str = "2026-11-17 09:00";

fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-11-17 16:00:00", "%Y-%m-%d %H:%M:%S").unwrap()
}

/// `liaison demo --cases 2400 --years 2 --station S`.
fn demo_file(dir: &Path, station: &str) -> PathBuf {
    let db = format!("{station}.db");
    liaison(dir)
        .args([
            "--db", &db, "--today", TODAY, "demo", "--cases", "2400", "--years", "2",
        ])
        .args(["--station", station])
        .assert()
        .success();
    dir.join(db)
}

/// The month's report built from the full log of every case in the desk's scope.
fn from_every_log(store: &Store, month: Month) -> MonthReport {
    let desk = store.desk().unwrap();
    let scope = store.scope().unwrap();
    let mut histories = Vec::new();
    store
        .for_each_case(
            &CaseFilter {
                station: scope.clone(),
                ..CaseFilter::default()
            },
            |record| {
                histories.push((record.case.id, record.resident));
                Ok(())
            },
        )
        .unwrap();
    let histories: Vec<CaseHistory> = histories
        .into_iter()
        .map(|(id, resident)| CaseHistory {
            resident,
            events: store.events(id).unwrap(),
        })
        .collect();
    let stations: Vec<_> = store
        .stations()
        .unwrap()
        .into_iter()
        .filter(|s| desk.kind == StationKind::Home || s.code == desk.code)
        .collect();
    let cutoff = cutoff(month, now());
    let roster = store.roster_of_month(month, scope.as_deref()).unwrap();
    let january = chrono::NaiveDate::from_ymd_opt(month.year, 1, 1).unwrap();
    let activities: Vec<_> = store
        .activities(january, month.last_day())
        .unwrap()
        .into_iter()
        .filter(|a| scope.is_none() || a.station.as_deref() == scope.as_deref())
        .collect();
    let mut report = build(&ReportInput {
        month,
        cutoff,
        desk: &desk,
        stations: &stations,
        members: &store.members().unwrap(),
        taxonomy: &store.taxonomy().unwrap(),
        histories: &histories,
        carried: &[],
        roster: &roster,
        activities: &activities,
        unmasked: false,
        lang: Lang::Zh,
    });
    report.wishes = wishes_from_every_log(store, month, cutoff);
    report
}

/// The month's wish figures from the whole log of every wish in the desk's scope: the
/// events of the month up to the cutoff, and the median days to fulfilment counted here.
fn wishes_from_every_log(
    store: &Store,
    month: Month,
    cutoff: NaiveDateTime,
) -> liaison::report::wishes::WishFigures {
    use liaison::domain::wish::WishBody;
    let mut f = liaison::report::wishes::WishFigures::default();
    let mut days = Vec::new();
    for record in store.wishes(None).unwrap() {
        let registered = record.wish.registered_at.date();
        for e in store.wish_log(record.wish.id).unwrap() {
            if !month.contains(e.at.date()) || e.at > cutoff {
                continue;
            }
            match e.body {
                WishBody::Registered { .. } => f.registered += 1,
                WishBody::Claimed { .. } => f.claimed += 1,
                WishBody::Fulfilled { on, .. } => {
                    f.fulfilled += 1;
                    days.push((on - registered).num_days());
                }
                _ => {}
            }
        }
    }
    days.sort_unstable();
    let n = days.len();
    f.median_days_to_fulfil = match n {
        0 => None,
        _ if n % 2 == 1 => Some(days[n / 2] as f64),
        _ => Some((days[n / 2 - 1] + days[n / 2]) as f64 / 2.0),
    };
    f
}

/// Two cases written here, at the desk: one handed to a unit in September 2025 and
/// overdue at the end of October, whose reply came in November (nothing happened to it in
/// October: only what came after tells it was open then); one handed over in August 2025 and
/// never answered (carried over from month to month by its row).
fn hand_made(store: &mut Store) {
    let tax = store.taxonomy().unwrap();
    let holidays = store.holiday_table().unwrap();
    let disposition = Disposition {
        category: "03".into(),
        nature: Some(Nature::Help),
        level: Level::Street,
        unit: None,
        limit_days: Some(5),
        note: "交办".into(),
    };
    for (received, replied) in [
        ("2025-09-22 09:00", Some("2025-11-05 10:00")),
        ("2025-08-04 09:00", None),
    ] {
        let new = NewCase {
            content: "井盖松动，踩上去会响".into(),
            ..NewCase::default()
        };
        let case = store.register(&new, "小王", at(received)).unwrap().case;
        let body = dispose(&disposition, &tax, &holidays, at(received).date()).unwrap();
        store
            .record(case.id, vec![body], "小王", at(received))
            .unwrap();
        if let Some(when) = replied {
            let reply = EventBody::Replied {
                text: "已修复".into(),
                on: at(when).date(),
            };
            store
                .record(case.id, vec![reply], "小王", at(when))
                .unwrap();
            // 更正 a year later: the ledgers printed now read the corrected text.
            let asked = Asked {
                name: Some("欧阳明玥".into()),
                content: Some("井盖松动，踩上去会响，晚上看不见".into()),
                ..Asked::default()
            };
            store
                .correct(
                    case.id,
                    &asked,
                    "小王",
                    at("2026-11-16 09:00"),
                    None,
                    at(TODAY_9).date(),
                )
                .unwrap();
        }
    }
    // 改分类 to another unit: one handed over in September and one in October, both moved
    // in October (September keeps its count; October counts each once, under the new unit).
    for received in ["2025-09-29 09:00", "2025-10-08 09:00"] {
        let new = NewCase {
            content: "路边摊占道，人车混行".into(),
            ..NewCase::default()
        };
        let case = store.register(&new, "小王", at(received)).unwrap().case;
        let body = dispose(&disposition, &tax, &holidays, at(received).date()).unwrap();
        store
            .record(case.id, vec![body], "小王", at(received))
            .unwrap();
        let asked = AskedClass {
            category: Some("04".into()),
            unit: Some("ZF".into()),
            ..AskedClass::default()
        };
        let moved = at("2025-10-09 10:00");
        store
            .reclassify(case.id, &asked, "小王", moved, None, moved.date())
            .unwrap();
    }
    // Withdrawn registrations: one waiting in October 2025 who left, one called to a deputy
    // in November 2026 and then found registered twice. Neither is received.
    let new = NewCase {
        content: "楼道灯不亮".into(),
        ..NewCase::default()
    };
    let first = store
        .register(&new, "小王", at("2025-10-09 09:00"))
        .unwrap()
        .case;
    let left = EventBody::Withdrawn {
        reason: WithdrawReason::Left,
        of: None,
        of_number: None,
    };
    store
        .record(first.id, vec![left], "小王", at("2025-10-09 11:00"))
        .unwrap();
    let twice = store
        .register(&new, "小王", at("2026-11-16 09:00"))
        .unwrap()
        .case;
    let called = EventBody::Called {
        deputy: "D02".into(),
    };
    let duplicate = EventBody::Withdrawn {
        reason: WithdrawReason::Duplicate,
        of: Some(first.id),
        of_number: Some(first.number.clone()),
    };
    store
        .record(
            twice.id,
            vec![called, duplicate],
            "小王",
            at("2026-11-16 09:30"),
        )
        .unwrap();
    // A page registration as desks before 扫码登记 had a source of its own wrote it.
    let page = NewCase {
        content: "小区路灯坏了三个月".into(),
        source: Some(liaison::domain::case::Source::Mobile),
        self_registered: true,
        ..NewCase::default()
    };
    store
        .register(&page, "扫码登记", at("2026-11-16 10:00"))
        .unwrap();
}

fn check_reports(station: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&demo_file(dir.path(), station)).unwrap();
    hand_made(&mut store);
    let mut carried_seen = 0;
    // The running month, the last whole one, one a year back, the first of the history.
    for (year, month) in [(2026, 11), (2026, 10), (2025, 10), (2025, 9), (2024, 12)] {
        let month = Month { year, month };
        let by_set = month_report(&store, month, now(), false, Lang::Zh).unwrap();
        let whole = from_every_log(&store, month);
        assert_eq!(by_set, whole, "{station} {month}");
        if (year, month.month) == (2025, 10) {
            let zf = by_set.units.iter().find(|u| u.code == "ZF");
            assert!(zf.is_some_and(|u| u.handed >= 2), "{:?}", by_set.units);
        }
        if (year, month.month) == (2025, 9) {
            let corrected = by_set
                .ledger
                .iter()
                .find(|l| l.content.contains("井盖松动"))
                .expect("the hand-made case received in September 2025");
            assert_eq!(corrected.content, "井盖松动，踩上去会响，晚上看不见");
            assert_eq!(corrected.name, "欧阳明玥");
        }
        let cases = store
            .month_cases(
                month,
                cutoff(month, now()),
                store.scope().unwrap().as_deref(),
            )
            .unwrap();
        carried_seen += cases.carried.len();
        if (year, month.month) == (2026, 11) {
            let page = by_set
                .summary
                .by_source
                .iter()
                .find(|(s, _)| *s == liaison::domain::case::Source::SelfService);
            assert!(
                page.is_some_and(|(_, n)| *n >= 1),
                "{station} {month}: 扫码登记"
            );
        }
        if matches!((year, month.month), (2025, 10) | (2026, 11)) {
            assert!(
                by_set.summary.figures.withdrawn >= 1,
                "{station} {month}: the withdrawn registration is counted apart"
            );
        }
        assert!(
            by_set.summary.figures.received > 0,
            "{station} {month}: the month holds cases"
        );
    }
    assert!(
        carried_seen > 0,
        "{station}: some cases open from before a month were carried over by their rows"
    );
}

#[test]
fn a_months_report_read_by_sets_says_what_every_log_says_at_a_station() {
    check_reports("HF");
}

#[test]
fn a_months_report_read_by_sets_says_what_every_log_says_at_the_home() {
    check_reports("XA");
}

#[test]
fn duty_records_of_a_year_agree_with_a_count_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&demo_file(dir.path(), "HF")).unwrap();
    hand_made(&mut store);
    for year in [2025, 2026] {
        let mut received: HashMap<String, u32> = HashMap::new();
        let mut followed: HashMap<String, u32> = HashMap::new();
        let mut ids = Vec::new();
        store
            .for_each_case(&CaseFilter::default(), |r| {
                ids.push(r.case.id);
                // Withdrawn registrations were never received: nobody followed them.
                if r.case.received_at.year() == year
                    && r.case.status.is_finished()
                    && r.case.status != Status::Withdrawn
                    && let Some(deputy) = &r.case.deputy
                {
                    *followed.entry(deputy.clone()).or_default() += 1;
                }
                Ok(())
            })
            .unwrap();
        for id in ids {
            let events = store.events(id).unwrap();
            let withdrawn = events
                .iter()
                .any(|e| matches!(e.body, EventBody::Withdrawn { .. }));
            for e in events.iter().filter(|_| !withdrawn) {
                if let EventBody::Called { deputy } = &e.body
                    && e.at.year() == year
                {
                    *received.entry(deputy.clone()).or_default() += 1;
                }
            }
        }
        let records = store.duty_records(year, Some("HF")).unwrap();
        assert!(
            records.iter().any(|r| r.residents_received > 0),
            "{year}: calls counted"
        );
        for r in records {
            let by_hand = |map: &HashMap<String, u32>| map.get(&r.member).copied().unwrap_or(0);
            assert_eq!(
                r.residents_received,
                by_hand(&received),
                "{year} {}",
                r.member
            );
            assert_eq!(
                r.followed_to_closure,
                by_hand(&followed),
                "{year} {}",
                r.member
            );
        }
    }
}
