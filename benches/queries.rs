//! Reads of the screen and of search, on the station desk `HF` (its own cases, in the
//! station's scope) and the home `XA` (every station in scope), as the desk runs them.
//!
//! - `board/{query,count_overdue}/{desk}-{size}`: the supervision board's query as
//!   `Snapshot::load` runs it (open cases due within two working days, most overdue first,
//!   at most `BOARD_LIMIT`) and the header's overdue count. Budget: ≤ 10 ms at 1m.
//! - `board/{to_classify,waiting}/{desk}-{size}`: the other lists of the first screen: cases
//!   being received or returned (待分类, at most `BOARD_LIMIT`), and residents left waiting
//!   from earlier days at the desk's station (the queue's head).
//! - `search/{kind}/{desk}-{size}`: `Store::search` in the desk's scope for a 1-, 2- and
//!   3-character Chinese query (`hit`: common words of the demo opinions; `miss`: characters
//!   no case holds, the worst case of a scan), a phone's last four digits and a whole case
//!   number. Budget (issue 15): ≤ 50 ms at 1m.
//!
//! `LIAISON_BENCH_DESKS=HF` and `LIAISON_BENCH_SIZES=10000,100000` limit the files.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use liaison::domain::case::Status;
use liaison::store::{CaseFilter, Store};
use liaison::tui::snapshot::{BOARD_HORIZON_DAYS, BOARD_LIMIT, Refs};

fn board(c: &mut Criterion) {
    let mut group = c.benchmark_group("board");
    group
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    let today = common::today();
    for (station, n) in common::files(common::DEFAULT_SIZES) {
        let store = Store::open(&common::database(&station, n)).expect("the database opens");
        let refs = Refs::load(&store).expect("reference data");
        let scope = refs.scope().map(str::to_string);
        let horizon = refs
            .calendar
            .holidays
            .add_working_days(today, BOARD_HORIZON_DAYS)
            .date;
        let filter = CaseFilter {
            station: scope.clone(),
            due_by: Some(horizon),
            limit: Some(BOARD_LIMIT),
            ..CaseFilter::default()
        };
        let to_classify = CaseFilter {
            station: scope.clone(),
            statuses: vec![Status::Receiving, Status::Returned],
            limit: Some(BOARD_LIMIT),
            ..CaseFilter::default()
        };
        let waiting = CaseFilter {
            station: Some(station.clone()),
            statuses: vec![Status::Queued],
            received_before: Some(today),
            ..CaseFilter::default()
        };
        let label = common::file_label(&station, n);
        let rows = store.cases(&filter).expect("the board").len();
        let overdue = store
            .count_overdue(scope.as_deref(), today)
            .expect("the count");
        eprintln!(
            "board at {label}: {rows} rows (limit {BOARD_LIMIT}), {overdue} overdue, {} to \
             classify, {} waiting from earlier days",
            store.cases(&to_classify).expect("to classify").len(),
            store.cases(&waiting).expect("waiting").len(),
        );
        group.bench_function(format!("query/{label}"), |b| {
            b.iter(|| store.cases(black_box(&filter)).expect("the board"))
        });
        group.bench_function(format!("count_overdue/{label}"), |b| {
            b.iter(|| {
                store
                    .count_overdue(black_box(scope.as_deref()), today)
                    .expect("the count")
            })
        });
        group.bench_function(format!("to_classify/{label}"), |b| {
            b.iter(|| store.cases(black_box(&to_classify)).expect("to classify"))
        });
        group.bench_function(format!("waiting/{label}"), |b| {
            b.iter(|| store.cases(black_box(&waiting)).expect("waiting"))
        });
    }
    group.finish();
}

/// A value from the middle of the file, so it is neither the newest nor the oldest case.
fn middle(store: &Store, sql: &str) -> String {
    store
        .connection()
        .query_row(sql, [], |r| r.get(0))
        .expect("a sample value")
}

fn search(c: &mut Criterion) {
    let mut group = c.benchmark_group("search");
    // A scan of a million rows takes most of a second: few samples, each one call.
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for (station, n) in common::files(common::DEFAULT_SIZES) {
        let store = Store::open(&common::database(&station, n)).expect("the database opens");
        let scope = Refs::load(&store)
            .expect("reference data")
            .scope()
            .map(str::to_string);
        let number = middle(
            &store,
            "SELECT number FROM cases ORDER BY rowid \
             LIMIT 1 OFFSET (SELECT count(*) / 2 FROM cases)",
        );
        let tail = middle(
            &store,
            "SELECT r.phone_tail FROM cases c JOIN residents r ON r.case_id = c.id \
             WHERE r.phone_tail IS NOT NULL ORDER BY c.rowid \
             LIMIT 1 OFFSET (SELECT count(*) / 2 FROM cases)",
        );
        let queries: [(&str, String); 8] = [
            ("text1_hit", "灯".into()),
            ("text1_miss", "鑫".into()),
            ("text2_hit", "路灯".into()),
            ("text2_miss", "鑫龘".into()),
            ("text3_hit", "雨水井".into()),
            ("text3_miss", "鑫龘靐".into()),
            ("phone_tail", tail),
            ("number", number),
        ];
        let label = common::file_label(&station, n);
        let scope = scope.as_deref();
        for (kind, text) in &queries {
            let query = liaison::domain::search::parse(text).expect("a query");
            let found = store.search(&query, scope).expect("search").len();
            eprintln!("search {kind} `{text}` at {label}: {found} results ({query:?})");
            group.bench_function(format!("{kind}/{label}"), |b| {
                b.iter(|| store.search(black_box(&query), scope).expect("search"))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, board, search);
criterion_main!(benches);
