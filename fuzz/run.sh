#!/bin/sh
# Runs one fuzz target on stable Rust for SECONDS (default 180), seeded from fuzz/seeds/TARGET.
# Usage: fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags...]
set -eu
target=$1
seconds=${2:-180}
[ $# -ge 2 ] && shift 2 || shift $#
cd "$(dirname "$0")/.."
mkdir -p "fuzz/corpus/$target" "fuzz/seeds/$target"
RUSTC_BOOTSTRAP=1 exec cargo fuzz run "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
    -max_total_time="$seconds" -print_final_stats=1 "$@"
