//! Plans that do not grow with history. On files made by `liaison demo --cases` at a
//! station (HF: every case is the station's own, so its scope selects them all) and at the
//! home (XA: every station), the statements the first screen, the search box, the intake
//! form and the commands run often are traced as the store runs them, then planned with
//! `EXPLAIN QUERY PLAN` twice: with the statistics the program keeps (`PRAGMA optimize` at
//! open) and with none at all. No plan may walk `cases` or `case_events` whole: every read
//! of them is a search of an index, or a scan of a partial index (which holds only the open
//! cases, however long the history).

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::NaiveDateTime;
use common::liaison;
use liaison::domain::case::Status;
use liaison::domain::event::{EventBody, Handling};
use liaison::domain::search::parse;
use liaison::store::{CaseFilter, NewCase, Store};
use liaison::tui::snapshot::{BOARD_HORIZON_DAYS, BOARD_LIMIT, Snapshot};
use rusqlite::Connection;
use rusqlite::trace::{TraceEvent, TraceEventCodes};

const TODAY: &str = "2026-11-17";
const CASES: &str = "4000";

fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-11-17 10:30:00", "%Y-%m-%d %H:%M:%S").unwrap()
}

/// `liaison demo --cases 4000 --station S` into `dir`.
fn demo_file(dir: &Path, station: &str) -> PathBuf {
    let db = format!("{station}.db");
    liaison(dir)
        .args(["--db", &db, "--today", TODAY, "demo", "--cases", CASES])
        .args(["--station", station])
        .assert()
        .success();
    dir.join(db)
}

/// Statements seen, each with what was being done when it ran.
type Seen = Arc<Mutex<Vec<(String, String)>>>;

/// Runs what the desk runs often, recording every statement (its text, parameters unbound);
/// with them, the temporary tables the store made on its connection (which the statements
/// name, and which the planning connections must have too).
fn trace_everything(path: &Path) -> (Vec<(String, String)>, Vec<String>) {
    let mut store = Store::open(path).unwrap();
    let seen: Seen = Arc::default();
    let doing = Arc::new(Mutex::new(String::new()));
    let (sink, label) = (Arc::clone(&seen), Arc::clone(&doing));
    store
        .connection_mut()
        .trace_v2(
            TraceEventCodes::SQLITE_TRACE_STMT,
            Some(move |event: TraceEvent<'_>| {
                if let TraceEvent::Stmt(stmt, _) = event {
                    let what = label.lock().unwrap().clone();
                    sink.lock().unwrap().push((what, stmt.sql().into_owned()));
                }
            }),
        )
        .unwrap();
    let step = |what: &str| *doing.lock().unwrap() = what.to_string();
    let today = now().date();

    step("the first screen");
    let snapshot = Snapshot::load(&store, None, today, now()).unwrap();
    let scope = snapshot.refs.scope().map(str::to_string);

    step("cases --overdue, supervise");
    let horizon = snapshot
        .refs
        .calendar
        .holidays
        .add_working_days(today, BOARD_HORIZON_DAYS)
        .date;
    for filter in [
        CaseFilter {
            station: scope.clone(),
            overdue_on: Some(today),
            ..CaseFilter::default()
        },
        CaseFilter {
            station: scope.clone(),
            due_by: Some(horizon),
            limit: Some(BOARD_LIMIT * 20),
            ..CaseFilter::default()
        },
        CaseFilter {
            station: scope.clone(),
            statuses: vec![Status::Receiving, Status::Returned],
            ..CaseFilter::default()
        },
    ] {
        store.cases(&filter).unwrap();
    }
    store.count_overdue(scope.as_deref(), today).unwrap();

    for query in [
        "灯",
        "鑫",
        "路灯",
        "鑫龘",
        "雨水井",
        "鑫龘靐",
        "路灯 三个月",
        "HF-2026",
        "5678",
        "13812345678",
    ] {
        step(&format!("search {query}"));
        store
            .search(&parse(query).unwrap(), scope.as_deref())
            .unwrap();
    }

    step("the intake form's possible duplicates");
    store
        .duplicate_candidates(
            "13812345678",
            "和风雅苑3幢201室",
            "小区路灯坏了三个月",
            scope.as_deref(),
            today,
            None,
        )
        .unwrap();

    step("saving an intake");
    let new = NewCase {
        content: "小区路灯坏了三个月，晚上出门不安全".into(),
        name: "王小红".into(),
        phone: "13812345678".into(),
        address: "和风雅苑3幢201室".into(),
        ..NewCase::default()
    };
    let case = store.register(&new, "值班员小王", now()).unwrap().case;

    step("calling, classifying and handing over");
    let deputy = snapshot.refs.members[0].id.clone();
    store
        .record(
            case.id,
            vec![EventBody::Called { deputy }],
            "值班员小王",
            now(),
        )
        .unwrap();
    let due = snapshot
        .refs
        .calendar
        .holidays
        .add_working_days(today, 15)
        .date;
    let category = &snapshot.refs.taxonomy.categories[0];
    let handed = EventBody::Assigned {
        class: liaison::domain::event::Classification {
            category: Some(category.code.clone()),
            nature: None,
        },
        handling: Handling {
            unit: category.unit.clone(),
            due_date: due,
            due_uncertain: false,
            limit_days: Some(15),
            note: None,
        },
    };
    store
        .record(case.id, vec![handed], "值班员小王", now())
        .unwrap();

    step("case show, slips of the day");
    store.find_case(&case.number).unwrap();
    store.events(case.id).unwrap();
    store.handed_over_on(today, scope.as_deref()).unwrap();

    step("a month's report");
    let month = liaison::domain::month::Month {
        year: 2026,
        month: 10,
    };
    let cutoff = liaison::report::load::cutoff(month, now());
    store.month_cases(month, cutoff, scope.as_deref()).unwrap();
    store.roster_of_month(month, scope.as_deref()).unwrap();

    step("duty over a year");
    store.duty_records(2026, scope.as_deref()).unwrap();

    step("the latest purge");
    store.latest_purge().unwrap();

    step("a bundle's outbox, read a batch at a time");
    store.outbox_after(true, (1, 100), 2_000).unwrap();

    step("the screen after the writes");
    Snapshot::load(&store, Some(snapshot.refs.clone()), today, now()).unwrap();

    let temp: Vec<String> = store
        .connection()
        .prepare("SELECT sql FROM temp.sqlite_schema WHERE sql IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    drop(store);
    (Arc::try_unwrap(seen).unwrap().into_inner().unwrap(), temp)
}

/// The tables a statement names, by the names and aliases its plan uses.
fn aliases(sql: &str) -> Vec<(String, String)> {
    let words: Vec<&str> = sql
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut found = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if *w == "cases" || *w == "case_events" {
            found.push((w.to_string(), w.to_string()));
            let next = words.get(i + 1).copied();
            let alias = match next {
                Some(a) if a.eq_ignore_ascii_case("AS") => words.get(i + 2).copied(),
                other => other,
            };
            if let Some(a) = alias {
                found.push((a.to_string(), w.to_string()));
            }
        }
    }
    found
}

/// The partial indexes of the file: scanning one reads only the rows its condition keeps.
fn partial_indexes(conn: &Connection) -> BTreeSet<String> {
    conn.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql LIKE '% WHERE %'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Index bounds that select a station desk's whole history. (`desk=? AND epoch=?` is left
/// out: the one statement bounded so takes the `max()` of the sequence, a single seek.)
const WHOLE_HISTORY_BOUNDS: [&str; 4] = [
    "(station=?)",
    "(desk=?)",
    "(desk=? AND epoch>?)",
    "(desk=? AND epoch<?)",
];

/// The lines of a plan that walk `cases` or `case_events` whole.
fn full_scans(conn: &Connection, sql: &str) -> Vec<String> {
    let partial = partial_indexes(conn);
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let mut rows = stmt.raw_query();
    let mut lines = Vec::new();
    while let Some(row) = rows.next().unwrap() {
        lines.push(row.get::<_, String>(3).unwrap());
    }
    let names = aliases(sql);
    lines
        .into_iter()
        .filter(|line| {
            // At a station's desk every case is of its station and every event of its
            // desk: a search bounded by these alone walks its whole history as surely as a
            // scan, once per batch when read in batches.
            if let Some(rest) = line.strip_prefix("SEARCH ")
                && WHOLE_HISTORY_BOUNDS.iter().any(|b| rest.ends_with(b))
            {
                let name = rest.split_whitespace().next().unwrap_or_default();
                return names.iter().any(|(alias, _)| alias == name);
            }
            let Some(rest) = line.strip_prefix("SCAN ") else {
                return false;
            };
            let name = rest.split_whitespace().next().unwrap_or_default();
            if !names.iter().any(|(alias, _)| alias == name) {
                return false;
            }
            let index = rest
                .split_once(" INDEX ")
                .and_then(|(_, i)| i.split_whitespace().next());
            !index.is_some_and(|i| partial.contains(i))
        })
        .collect()
}

fn is_query(sql: &str) -> bool {
    let head = sql.trim_start().to_ascii_uppercase();
    ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"]
        .iter()
        .any(|k| head.starts_with(k))
}

/// A copy of the file without the statistics `PRAGMA optimize` keeps.
fn without_statistics(path: &Path) -> Connection {
    let copy = path.with_extension("nostat.db");
    std::fs::copy(path, &copy).unwrap();
    let conn = Connection::open(&copy).unwrap();
    conn.execute_batch("DROP TABLE IF EXISTS sqlite_stat1")
        .unwrap();
    drop(conn);
    Connection::open(&copy).unwrap()
}

fn check_desk(station: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path(), station);
    let (seen, temp) = trace_everything(&path);
    let with = Connection::open(&path).unwrap();
    let stats: i64 = with
        .query_row("SELECT count(*) FROM sqlite_stat1", [], |r| r.get(0))
        .unwrap();
    assert!(stats > 0, "the program keeps statistics in the file");
    let without = without_statistics(&path);
    for sql in &temp {
        // The schema keeps them as `CREATE TABLE`: made again in `temp`.
        let sql = sql.replacen("CREATE TABLE", "CREATE TEMP TABLE", 1);
        with.execute_batch(&sql).unwrap();
        without.execute_batch(&sql).unwrap();
    }
    let mut checked = BTreeSet::new();
    let mut failures = Vec::new();
    for (what, sql) in &seen {
        if !is_query(sql) || !checked.insert(sql.clone()) {
            continue;
        }
        for (kind, conn) in [("with statistics", &with), ("without", &without)] {
            for line in full_scans(conn, sql) {
                failures.push(format!("{station}, {what}, {kind}: {line}\n    {sql}"));
            }
        }
    }
    assert!(
        checked.len() > 40,
        "the trace saw the statements: {}",
        checked.len()
    );
    for text in [
        "FROM case_search",
        "INDEXED BY cases_open",
        "temp.report_set",
        "case_events_called",
    ] {
        assert!(
            checked.iter().any(|sql| sql.contains(text)),
            "no statement read {text}"
        );
    }
    assert!(failures.is_empty(), "full scans:\n{}", failures.join("\n"));
}

#[test]
fn no_plan_of_a_station_desk_walks_its_history() {
    check_desk("HF");
}

#[test]
fn no_plan_of_the_home_walks_the_history() {
    check_desk("XA");
}

#[test]
fn the_check_catches_a_full_scan() {
    // The test itself can fail: a query without a usable index is reported.
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path(), "HF");
    let conn = Connection::open(&path).unwrap();
    let lines = full_scans(
        &conn,
        "SELECT count(*) FROM cases c WHERE c.content LIKE '%灯%'",
    );
    assert_eq!(lines.len(), 1, "{lines:?}");
    let lines = full_scans(
        &conn,
        "SELECT e.payload FROM case_events AS e WHERE e.actor = ?1",
    );
    assert_eq!(lines.len(), 1, "{lines:?}");
    // The walk the first screen made before its status lists read the status index.
    let lines = full_scans(
        &conn,
        "SELECT c.id FROM cases c INDEXED BY cases_station_received \
         WHERE c.station = ?1 AND c.status IN (?2, ?3) ORDER BY c.received_at LIMIT 500",
    );
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        full_scans(
            &conn,
            "SELECT count(*) FROM cases c INDEXED BY cases_open_due \
             WHERE c.status IN ('assigned', 'forwarded')"
        )
        .is_empty(),
        "a partial index of open cases is not a walk of the history"
    );
}
