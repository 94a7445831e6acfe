//! Shared set-up for the benchmarks: generated databases cached under `target/bench-data/`,
//! the desks and sizes to run (`LIAISON_BENCH_DESKS`, `LIAISON_BENCH_SIZES`), and the desk as
//! the terminal UI builds it.
//!
//! Every database is what `liaison --db F --today 2026-11-17 demo --cases N --station S`
//! makes: a desk of station S filled by `liaison::demo::fill` with N historical cases over the
//! past three years plus the demo's recent weeks and today's reception day, on 2026-11-17 (a
//! third Tuesday). Two desks are measured: `HF`, the demo's community station (every case is
//! its own, so the station's scope selects them all), and `XA`, the street's home (cases of
//! every station, all in its view). Generating one million cases takes about half a minute
//! and 1.8 GB, so each file is kept and reused; its name carries the station, the size, the
//! seed and the schema version. Delete `target/bench-data/` to regenerate (for example after
//! the demo generator changes).
#![allow(dead_code)]

pub mod pty;

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{NaiveDate, NaiveDateTime};
use liaison::clock::Clock;
use liaison::i18n::{Lang, Texts};
use liaison::store::{SCHEMA_VERSION, Store};
use liaison::tui::app::App;
use liaison::tui::keymap::Keymap;
use liaison::tui::snapshot::Snapshot;
use liaison::tui::theme::Theme;
use ratatui::layout::Rect;

/// The desks measured: the demo's station (its own cases only) and the street's home (every
/// station's).
pub const DESKS: &[&str] = &["HF", "XA"];
/// The business date of every benchmark: the third Tuesday of November 2026.
pub const TODAY: &str = "2026-11-17";
/// When the demo data was generated (today's queue arrives before this).
const GENERATED_AT: &str = "2026-11-17 10:00:00";
/// The moment the screen is drawn at.
pub const NOW: &str = "2026-11-17 10:30:00";
/// The demo generator's seed (the CLI's default).
pub const SEED: u64 = 2026;
/// The operator shown in the header.
pub const OPERATOR: &str = "值班员小王";

/// Sizes run when `LIAISON_BENCH_SIZES` is not set.
pub const DEFAULT_SIZES: &[u64] = &[10_000, 100_000, 1_000_000];

pub fn today() -> NaiveDate {
    TODAY.parse().expect("a date")
}

pub fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str(NOW, "%Y-%m-%d %H:%M:%S").expect("a time")
}

fn generated_at() -> NaiveDateTime {
    NaiveDateTime::parse_from_str(GENERATED_AT, "%Y-%m-%d %H:%M:%S").expect("a time")
}

/// The sizes to run: `LIAISON_BENCH_SIZES=10000,100k,1m`, or `default`.
pub fn sizes(default: &[u64]) -> Vec<u64> {
    match std::env::var("LIAISON_BENCH_SIZES") {
        Ok(list) if !list.trim().is_empty() => list
            .split(',')
            .map(|s| {
                parse_size(s).unwrap_or_else(|| {
                    panic!("LIAISON_BENCH_SIZES: `{s}` is not a size (10000, 100k, 1m)")
                })
            })
            .collect(),
        _ => default.to_vec(),
    }
}

fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim().replace('_', "").to_ascii_lowercase();
    let (digits, factor) = if let Some(d) = s.strip_suffix('m') {
        (d, 1_000_000)
    } else if let Some(d) = s.strip_suffix('k') {
        (d, 1_000)
    } else {
        (s.as_str(), 1)
    };
    digits.parse::<u64>().ok().map(|n| n * factor)
}

/// A short label for a size: `10k`, `100k`, `1m`.
pub fn label(n: u64) -> String {
    if n >= 1_000_000 && n.is_multiple_of(1_000_000) {
        format!("{}m", n / 1_000_000)
    } else if n >= 1_000 && n.is_multiple_of(1_000) {
        format!("{}k", n / 1_000)
    } else {
        n.to_string()
    }
}

/// Where the generated databases live: `LIAISON_BENCH_DATA`, or `bench-data/` in the
/// target directory.
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("LIAISON_BENCH_DATA") {
        return PathBuf::from(dir);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("bench-data")
}

/// The desks to run: `LIAISON_BENCH_DESKS=HF,XA` (any station codes), or both.
pub fn desks() -> Vec<String> {
    match std::env::var("LIAISON_BENCH_DESKS") {
        Ok(list) if !list.trim().is_empty() => list
            .split(',')
            .map(|s| s.trim().to_ascii_uppercase())
            .collect(),
        _ => DESKS.iter().map(|s| s.to_string()).collect(),
    }
}

/// Every (desk, size) to run, desk by desk.
pub fn files(default: &[u64]) -> Vec<(String, u64)> {
    let sizes = sizes(default);
    desks()
        .into_iter()
        .flat_map(|desk| sizes.iter().map(move |&n| (desk.clone(), n)))
        .collect()
}

/// A short label for a desk and a size: `HF-100k`.
pub fn file_label(station: &str, n: u64) -> String {
    format!("{station}-{}", label(n))
}

/// The database of desk `station` with `n` historical cases, generated on first use.
pub fn database(station: &str, n: u64) -> PathBuf {
    let dir = data_dir();
    std::fs::create_dir_all(&dir).expect("the bench-data directory");
    let path = dir.join(format!(
        "{station}-{}-seed{SEED}-v{SCHEMA_VERSION}.db",
        label(n)
    ));
    if path.exists() {
        return path;
    }
    // Built under a private name and renamed when complete, so an interrupted run never
    // leaves a half-filled file behind under the real name.
    let partial = dir.join(format!(
        "{}.partial-{}",
        path.file_name().unwrap().to_string_lossy(),
        std::process::id()
    ));
    remove_database(&partial);
    eprintln!(
        "generating {} ({n} historical cases; about 30 s per million)…",
        path.display()
    );
    let started = Instant::now();
    {
        let mut store = Store::open_or_create(&partial).expect("a new database");
        store
            .initialise(
                station,
                &liaison::assets::network(),
                &liaison::assets::taxonomy(),
                &liaison::assets::holiday_notices(),
                generated_at(),
            )
            .expect("initialised");
        let summary = liaison::demo::fill(
            &mut store,
            &Clock::frozen(generated_at()),
            liaison::demo::History::of(n),
            SEED,
        )
        .expect("demo data");
        // Nothing more than the program does: no ANALYZE of the benchmarks' own.
        store
            .connection()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .expect("checkpoint");
        eprintln!(
            "  {} cases ({} historical, {} recent, {} today) in {:.1} s",
            summary.history + summary.recent + summary.today,
            summary.history,
            summary.recent,
            summary.today,
            started.elapsed().as_secs_f64()
        );
    }
    std::fs::rename(&partial, &path).expect("rename the generated database");
    path
}

/// A private copy of the database of `station` with `n` cases, for benchmarks that write.
pub fn scratch_copy(station: &str, n: u64) -> PathBuf {
    let source = database(station, n);
    let dir = data_dir().join("scratch");
    std::fs::create_dir_all(&dir).expect("the scratch directory");
    let copy = dir.join(format!(
        "{}-{}.db",
        file_label(station, n),
        std::process::id()
    ));
    remove_database(&copy);
    std::fs::copy(&source, &copy).expect("copy the database");
    // On disk before anything is measured: otherwise the first commits' fsyncs would also
    // write back the copy's dirty pages (ext4 commits its journal for the whole file system).
    std::fs::File::open(&copy)
        .and_then(|f| f.sync_all())
        .expect("sync the copy");
    copy
}

/// Removes a database file and its WAL companions.
pub fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// The snapshot the terminal UI reads when it starts.
pub fn snapshot(store: &Store) -> Snapshot {
    Snapshot::load(store, None, today(), now()).expect("a snapshot")
}

/// The app as `liaison::tui::run` builds it (monochrome, default keys, Chinese).
pub fn app(snapshot: Snapshot, width: u16, height: u16) -> App {
    App::new(
        Texts::of(Lang::Zh),
        Keymap::load(&Default::default()),
        Theme::monochrome(),
        snapshot,
        OPERATOR.into(),
        Rect::new(0, 0, width, height),
    )
}
