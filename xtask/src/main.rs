//! Developer tasks of liaison, run as `cargo xtask TASK` (an alias in `.cargo/config.toml`).
//!
//! - `dist`: the release archives in `target/dist/`, each unpacked into an empty directory,
//!   inspected and smoke-tested through its own binary before `SHA256SUMS` is written
//!   (see the README, "Installing at a station"). CI runs it on every push.
//! - `fixture`: the upgrade fixture of this build's schema (`tests/fixtures/schema-N/`), which
//!   `tests/upgrade.rs` opens with every later build.

mod archive;
mod checks;
mod compile;
mod dist;
mod fixture;
mod payload;
mod project;
mod runner;
mod smoke;
mod targets;
mod tools;
mod tui;
mod wine;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask dist [--target NAME]... [--keep]
       cargo xtask fixture

dist     builds the release archives into target/dist/ (targets: windows, windows7,
         linux-musl, aarch64-glibc2.28; all by default), unpacks each into an empty
         directory, inspects and smoke-tests it, then writes SHA256SUMS.
         --keep leaves the unpacked archives in target/dist-smoke/ for a look.
fixture  writes tests/fixtures/schema-N/ (N: this build's schema) with a release build,
         for the upgrade tests; run it for each release whose schema has none.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dist") => dist::Options::parse(&args[1..]).and_then(dist::run),
        Some("fixture") if args.len() == 1 => fixture::run(),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            ExitCode::FAILURE
        }
    }
}
