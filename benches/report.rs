//! Prints the last criterion results (`target/criterion/**/new/`) as a Markdown table, each
//! figure next to its budget from the design:
//!
//! | figure | budget |
//! |---|---|
//! | `first_frame/100k` | ≤ 20 ms |
//! | `board/query/1m` + `board/count_overdue/1m` | ≤ 10 ms together |
//! | `frame/*/120x40/*` | ≤ 2 ms |
//! | `intake/register/*` | ≤ 5 ms (median) |
//!
//! Run the other benchmarks first, then `cargo bench --bench report`. Memory is measured and
//! printed by `cargo bench --bench memory` itself.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

const GROUPS: &[&str] = &[
    "first_frame",
    "first_frame_parts",
    "board",
    "frame",
    "intake",
    "search",
];

struct Result {
    id: String,
    median: f64,
    low: f64,
    high: f64,
    mean: f64,
}

fn criterion_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(dir);
    }
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("criterion")
}

fn collect(dir: &Path, out: &mut Vec<Result>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        if path.file_name().is_some_and(|n| n == "new") {
            if let Some(r) = read(&path) {
                out.push(r);
            }
        } else {
            collect(&path, out);
        }
    }
}

fn json(path: &Path) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

fn read(new: &Path) -> Option<Result> {
    let bench = json(&new.join("benchmark.json"))?;
    let est = json(&new.join("estimates.json"))?;
    let median = &est["median"];
    Some(Result {
        id: bench["full_id"].as_str()?.to_string(),
        median: median["point_estimate"].as_f64()?,
        low: median["confidence_interval"]["lower_bound"].as_f64()?,
        high: median["confidence_interval"]["upper_bound"].as_f64()?,
        mean: est["mean"]["point_estimate"].as_f64()?,
    })
}

/// Nanoseconds, readably.
fn time(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.1} µs", ns / 1e3)
    }
}

/// The size at the end of an id (`…/100k`), for ordering.
fn size(id: &str) -> u64 {
    let last = id.rsplit('/').next().unwrap_or("");
    let (digits, factor) = if let Some(d) = last.strip_suffix('m') {
        (d, 1_000_000)
    } else if let Some(d) = last.strip_suffix('k') {
        (d, 1_000)
    } else {
        (last, 1)
    };
    digits.parse::<u64>().map_or(u64::MAX, |n| n * factor)
}

/// The budget of a figure, in nanoseconds, and how it reads.
fn budget(id: &str) -> Option<(f64, &'static str)> {
    let parts: Vec<&str> = id.split('/').collect();
    match parts.as_slice() {
        ["first_frame", "100k"] => Some((20e6, "≤ 20 ms")),
        ["frame", _, "120x40", _] => Some((2e6, "≤ 2 ms")),
        ["intake", "register", _] => Some((5e6, "≤ 5 ms median")),
        _ => None,
    }
}

fn verdict(value: f64, limit: f64) -> &'static str {
    if value <= limit { "met" } else { "**missed**" }
}

fn main() {
    let dir = criterion_dir();
    let mut results = Vec::new();
    collect(&dir, &mut results);
    if results.is_empty() {
        eprintln!(
            "no criterion results under {}: run the benchmarks first",
            dir.display()
        );
        std::process::exit(1);
    }
    let group = |id: &str| {
        let g = id.split('/').next().unwrap_or("");
        GROUPS.iter().position(|x| *x == g).unwrap_or(GROUPS.len())
    };
    results.sort_by(|a, b| {
        let stem = |id: &str| id.rsplit_once('/').map_or(id, |(s, _)| s).to_string();
        (group(&a.id), stem(&a.id), size(&a.id)).cmp(&(group(&b.id), stem(&b.id), size(&b.id)))
    });
    println!("Criterion results from {}\n", dir.display());
    println!("| benchmark | median | 95% CI of the median | mean | budget | verdict |");
    println!("|---|---:|---:|---:|---|---|");
    let mut by_id = BTreeMap::new();
    for r in &results {
        let (b, v) = match budget(&r.id) {
            Some((limit, text)) => (text, verdict(r.median, limit)),
            None => ("", ""),
        };
        println!(
            "| `{}` | {} | {} – {} | {} | {b} | {v} |",
            r.id,
            time(r.median),
            time(r.low),
            time(r.high),
            time(r.mean)
        );
        by_id.insert(r.id.clone(), r.median);
    }
    if let (Some(q), Some(c)) = (
        by_id.get("board/query/1m"),
        by_id.get("board/count_overdue/1m"),
    ) {
        println!(
            "\nBoard at 1m: query {} + count {} = {} against ≤ 10 ms: {}",
            time(*q),
            time(*c),
            time(q + c),
            verdict(q + c, 10e6)
        );
    }
}
