//! Resident memory of the real program: starts the release binary
//! (`target/release/liaison --db <db> --today 2026-11-17`) in a 120×40 pseudo-terminal,
//! waits until the screen shows the board (督办看板), watches `VmRSS` and `VmHWM` in
//! `/proc/<pid>/status` (the largest values seen are reported), and quits with F10.
//! Also prints the wall-clock time from spawning the process to the first screen.
//! Budget: ≤ 25 MB resident with 100k cases.
//!
//! Two kinds of file per size:
//! - `demo`: the cached demo database as generated. Watched for three seconds after the
//!   first screen (`LIAISON_BENCH_SETTLE_MS`); started `LIAISON_BENCH_RUNS` times (3).
//! - `desk`: a private copy with the demo mark removed, so the program treats it as real
//!   work and runs its start-up housekeeping beside the first screen (`quick_check` of the
//!   whole file, then the day's backup into `backups/`). Watched until the backup is in
//!   place, then as long again as `demo`; started once (the backup is written once a day).
//!
//! A plain program (`harness = false`): `cargo bench --bench memory`.
//! `LIAISON_BENCH_SIZES=100000` limits the database sizes; `LIAISON_BENCH_DESK=0` skips the
//! `desk` kind (its copies of the 1m file take a minute and 3.6 GB of disk for a while).

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use liaison::store::Store;

const COLS: u16 = 120;
const ROWS: u16 = 40;
const BUDGET_KB: u64 = 25 * 1024;
const BUDGET_SIZE: u64 = 100_000;
/// The longest the `desk` kind waits for its backup.
const HOUSEKEEPING_LIMIT: Duration = Duration::from_secs(300);

#[derive(Debug, Clone, Copy, Default)]
struct Sample {
    first_screen: Duration,
    /// From the first screen until the day's backup was in place (`desk` only).
    housekeeping: Option<Duration>,
    rss_kb: u64,
    hwm_kb: u64,
    anon_kb: u64,
    file_kb: u64,
}

fn main() {
    // `cargo bench` passes `--bench` (and any filter); nothing here takes arguments.
    let runs: usize = std::env::var("LIAISON_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3)
        .max(1);
    let desk = std::env::var("LIAISON_BENCH_DESK").map_or(true, |v| v != "0");
    println!("binary: {}", common::pty::BINARY);
    println!("terminal: {COLS}x{ROWS}, today {}", common::TODAY);
    println!();
    println!(
        "{:>9}  {:>5}  {:>4}  {:>13}  {:>12}  {:>9}  {:>9}  {:>9}  {:>9}",
        "desk",
        "kind",
        "runs",
        "first screen",
        "backup done",
        "VmRSS",
        "VmHWM",
        "RssAnon",
        "RssFile"
    );
    let mut verdicts = Vec::new();
    for (station, n) in common::files(common::DEFAULT_SIZES) {
        let db = common::database(&station, n);
        let label = common::file_label(&station, n);
        let demo: Vec<Sample> = (0..runs).map(|_| measure(&db, None)).collect();
        let mut kinds = vec![("demo", demo)];
        if desk {
            let dir = common::data_dir()
                .join("scratch")
                .join(format!("desk-{label}-{}", std::process::id()));
            let copy = desk_copy(&db, &dir);
            let backup = dir.join("backups").join(format!(
                "{}-{}.db",
                copy.file_stem().unwrap().to_string_lossy(),
                common::TODAY
            ));
            let sample = measure(&copy, Some(&backup));
            let _ = std::fs::remove_dir_all(&dir);
            kinds.push(("desk", vec![sample]));
        }
        for (kind, samples) in kinds {
            let max = |f: fn(&Sample) -> u64| samples.iter().map(f).max().unwrap_or(0);
            let mut times: Vec<Duration> = samples.iter().map(|s| s.first_screen).collect();
            times.sort();
            let median = times[times.len() / 2];
            let housekeeping = samples
                .iter()
                .filter_map(|s| s.housekeeping)
                .max()
                .map_or("-".to_string(), |d| format!("{:.1} s", d.as_secs_f64()));
            let (rss, hwm) = (max(|s| s.rss_kb), max(|s| s.hwm_kb));
            println!(
                "{:>9}  {:>5}  {:>4}  {:>10.1} ms  {:>12}  {:>9}  {:>9}  {:>9}  {:>9}",
                label,
                kind,
                samples.len(),
                median.as_secs_f64() * 1e3,
                housekeeping,
                mb(rss),
                mb(hwm),
                mb(max(|s| s.anon_kb)),
                mb(max(|s| s.file_kb)),
            );
            if n == BUDGET_SIZE {
                verdicts.push(format!(
                    "budget: resident ≤ {} with {} ({kind}): {} (VmRSS {}, VmHWM {})",
                    mb(BUDGET_KB),
                    label,
                    if rss.max(hwm) <= BUDGET_KB {
                        "met"
                    } else {
                        "MISSED"
                    },
                    mb(rss),
                    mb(hwm)
                ));
            }
        }
    }
    println!();
    println!(
        "(first screen: from spawn to the board on screen, median of the starts; memory: the \
         largest seen over {} ms after it, or after the backup for `desk`, over all starts)",
        settle().as_millis()
    );
    for v in verdicts {
        println!("{v}");
    }
}

/// A private copy of `db` in `dir` without the demo mark: real work to the program.
fn desk_copy(db: &Path, dir: &Path) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("a scratch directory");
    let copy = dir.join("liaison.db");
    std::fs::copy(db, &copy).expect("copy the database");
    let store = Store::open(&copy).expect("the copy opens");
    store
        .connection()
        .execute("DELETE FROM meta WHERE key = 'demo'", [])
        .expect("the demo mark removed");
    assert!(!store.is_demo().expect("meta"), "still marked demo");
    drop(store);
    std::fs::File::open(&copy)
        .and_then(|f| f.sync_all())
        .expect("sync the copy");
    copy
}

/// How long the program is watched after its first screen: `LIAISON_BENCH_SETTLE_MS`, 3 s
/// by default.
fn settle() -> Duration {
    Duration::from_millis(
        std::env::var("LIAISON_BENCH_SETTLE_MS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(3000),
    )
}

fn mb(kb: u64) -> String {
    format!("{:.1} MB", kb as f64 / 1024.0)
}

/// One start of the program on `db`; with `backup`, watched until that file exists.
fn measure(db: &Path, backup: Option<&Path>) -> Sample {
    let mut running = common::pty::start(db, COLS, ROWS, common::pty::BOARD_TITLE);
    let first_screen = running.shown(Duration::from_secs(120));
    let pid = running.pid;
    // Watch a while: the loop's file watch (every 500 ms) and the start-up work that runs
    // beside the first screen. The figures are the largest seen, VmHWM the kernel's peak.
    let mut sample = Sample {
        first_screen,
        ..Sample::default()
    };
    let shown_at = running.started() + first_screen;
    let mut watch_until = Instant::now() + settle();
    let mut waiting = backup;
    loop {
        if let Some(path) = waiting {
            if path.exists() {
                let done = shown_at.elapsed();
                sample.housekeeping = Some(done);
                watch_until = Instant::now() + settle();
                waiting = None;
            } else if shown_at.elapsed() > HOUSEKEEPING_LIMIT {
                panic!("no backup at {} after the first screen", path.display());
            }
        }
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
        let field = |name: &str| -> u64 {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
                .unwrap_or(0)
        };
        sample.rss_kb = sample.rss_kb.max(field("VmRSS"));
        sample.hwm_kb = sample.hwm_kb.max(field("VmHWM"));
        sample.anon_kb = sample.anon_kb.max(field("RssAnon"));
        sample.file_kb = sample.file_kb.max(field("RssFile"));
        if waiting.is_none() && Instant::now() >= watch_until {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    running.quit();
    sample
}
