use std::process::ExitCode;

use clap::Parser;
use liaison::cli::{Cli, main as run};

fn main() -> ExitCode {
    run(Cli::parse())
}
