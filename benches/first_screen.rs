//! From start to the first screen, as a user sees it: the release binary
//! (`target/release/liaison --db F --today 2026-11-17`) spawned in a 120×40 pseudo-terminal
//! until the board's title (督办看板) is on screen, then quit with F10. Started once to warm
//! the page cache, then `LIAISON_BENCH_RUNS` times (10); the median, fastest and slowest are
//! printed.
//!
//! Beside it, two yardsticks on the same file: a bare `sqlite3` process (the shell on `PATH`,
//! skipped when there is none) running the board's query exactly as the desk runs it (its
//! text and values taken from the store), and the same process running every statement of
//! the first screen. Target (issue 15): the first screen at 1m within 1.5× of 100k, and
//! within 4× of `sqlite3` running the board's query.
//!
//! With `LIAISON_BENCH_ANALYZED=1`, also a copy of the file after a plain `ANALYZE`.
//!
//! A plain program (`harness = false`): `cargo bench --bench first_screen`.
//! `LIAISON_BENCH_DESKS=HF` and `LIAISON_BENCH_SIZES=100k,1m` limit the files.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use liaison::store::{CaseFilter, Store};
use liaison::tui::snapshot::{BOARD_HORIZON_DAYS, BOARD_LIMIT, Refs};
use rusqlite::trace::{TraceEvent, TraceEventCodes};

const COLS: u16 = 120;
const ROWS: u16 = 40;

fn main() {
    let runs: usize = std::env::var("LIAISON_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10)
        .max(1);
    let analyzed = std::env::var("LIAISON_BENCH_ANALYZED").is_ok_and(|v| v == "1");
    let shell = sqlite3_shell();
    println!("binary: {}", common::pty::BINARY);
    println!(
        "terminal: {COLS}x{ROWS}, today {}, {runs} starts after one to warm the cache",
        common::TODAY
    );
    match &shell {
        Some(version) => println!("sqlite3: {version}"),
        None => println!("sqlite3: not on PATH, its yardsticks are skipped"),
    }
    println!();
    println!(
        "{:>9}  {:>24}  {:>24}  {:>24}  {:>24}",
        "desk", "first screen", "sqlite3: board query", "sqlite3: first screen", "after ANALYZE"
    );
    for (station, n) in common::files(common::DEFAULT_SIZES) {
        let db = common::database(&station, n);
        let screen = spread(&starts(&db, runs));
        let (board, everything) = statements(&db);
        let yardstick = |sql: &[String]| match &shell {
            Some(_) => spread(&sqlite3(&db, sql, runs)),
            None => "-".to_string(),
        };
        let board = yardstick(std::slice::from_ref(&board));
        let everything = yardstick(&everything);
        let after_analyze = if analyzed {
            let copy = common::scratch_copy(&station, n);
            rusqlite::Connection::open(&copy)
                .and_then(|c| c.execute_batch("ANALYZE"))
                .expect("ANALYZE");
            let figure = spread(&starts(&copy, runs));
            common::remove_database(&copy);
            figure
        } else {
            "-".to_string()
        };
        println!(
            "{:>9}  {screen:>24}  {board:>24}  {everything:>24}  {after_analyze:>24}",
            common::file_label(&station, n),
        );
    }
    println!();
    println!("(median [fastest–slowest] of the runs, wall clock from spawn to exit for sqlite3)");
}

/// The version of the `sqlite3` shell on `PATH`, if there is one.
fn sqlite3_shell() -> Option<String> {
    let out = Command::new("sqlite3").arg("-version").output().ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .next()
            .unwrap_or("?")
            .to_string()
    })
}

/// Times from spawn to the board on screen, after one start to warm the cache.
fn starts(db: &Path, runs: usize) -> Vec<Duration> {
    (0..=runs)
        .map(|_| {
            let mut running = common::pty::start(db, COLS, ROWS, common::pty::BOARD_TITLE);
            let shown = running.shown(Duration::from_secs(120));
            running.quit();
            shown
        })
        .skip(1)
        .collect()
}

/// The board's query and every statement of the first screen, with their values, as the
/// store runs them on this file.
fn statements(db: &Path) -> (String, Vec<String>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let mut store = Store::open(db).expect("the database opens");
    let sink = Arc::clone(&seen);
    store
        .connection_mut()
        .trace_v2(
            TraceEventCodes::SQLITE_TRACE_STMT,
            Some(move |event: TraceEvent<'_>| {
                if let TraceEvent::Stmt(stmt, _) = event
                    && let Some(sql) = stmt.expanded_sql()
                {
                    sink.lock().unwrap().push(sql);
                }
            }),
        )
        .expect("tracing");
    let refs = Refs::load(&store).expect("reference data");
    let horizon = refs
        .calendar
        .holidays
        .add_working_days(common::today(), BOARD_HORIZON_DAYS)
        .date;
    // Only the board's own statement: not the reference data read to find its horizon.
    seen.lock().unwrap().clear();
    store
        .cases(&CaseFilter {
            station: refs.scope().map(str::to_string),
            due_by: Some(horizon),
            limit: Some(BOARD_LIMIT),
            ..CaseFilter::default()
        })
        .expect("the board");
    let board = std::mem::take(&mut *seen.lock().unwrap());
    assert_eq!(board.len(), 1, "the board is one statement: {board:?}");
    common::snapshot(&store);
    let everything = std::mem::take(&mut *seen.lock().unwrap());
    (board[0].clone(), everything)
}

/// Wall-clock times of a `sqlite3` process running `sql` on `db` (read-only, output
/// discarded), after one run to warm the cache.
fn sqlite3(db: &Path, sql: &[String], runs: usize) -> Vec<Duration> {
    let script: String = sql.iter().map(|s| format!("{s};\n")).collect();
    (0..=runs)
        .map(|_| {
            let started = Instant::now();
            let status = Command::new("sqlite3")
                .arg("-readonly")
                .arg(db)
                .arg(&script)
                .stdout(Stdio::null())
                .status()
                .expect("sqlite3 runs");
            let spent = started.elapsed();
            assert!(status.success(), "sqlite3 failed on {script}");
            spent
        })
        .skip(1)
        .collect()
}

/// `median [fastest–slowest]` in milliseconds.
fn spread(times: &[Duration]) -> String {
    let mut sorted = times.to_vec();
    sorted.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    format!(
        "{:.1} ms [{:.1}–{:.1}]",
        ms(sorted[sorted.len() / 2]),
        ms(sorted[0]),
        ms(sorted[sorted.len() - 1])
    )
}
