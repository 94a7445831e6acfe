//! The calendar when the notice is late, through the real binary: provisional days of the
//! law, the notice's text imported with its preview, and the deadlines that follow it.

mod common;

use std::path::{Path, PathBuf};

use common::liaison;
use predicates::prelude::*;
use serde_json::Value;

fn notice(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/notices")
        .join(name)
}

/// Runs the binary in English: these tests read what it says.
fn run(home: &Path, today: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    let mut all = vec!["--lang", "en", "--db", "x.db", "--today", today];
    all.extend_from_slice(args);
    liaison(home).args(all).assert()
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

fn init() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    liaison(home.path())
        .args(["--db", "x.db", "init", "--station", "HF"])
        .assert()
        .success();
    home
}

/// A case registered and handed to a street unit on `day` with a limit of `days`.
fn handed_over(home: &Path, day: &str, days: &str) -> String {
    let a = run(home, day, &["case", "add", "--content", "路灯不亮"]).success();
    let number = stdout(&a).trim().to_string();
    run(
        home,
        day,
        &[
            "case",
            "classify",
            &number,
            "--category",
            "03",
            "--nature",
            "help",
            "--level",
            "street",
            "--days",
            days,
        ],
    )
    .success();
    number
}

fn case_json(home: &Path, number: &str) -> Value {
    let a = run(home, "2027-04-26", &["case", "show", number, "--json"]).success();
    serde_json::from_str(stdout(&a).lines().next().unwrap()).unwrap()
}

#[test]
fn provisional_days_of_2027() {
    let home = init();
    let a = run(
        home.path(),
        "2026-12-01",
        &["calendar", "due", "--from", "2027-02-04", "--days", "1"],
    )
    .success()
    .stderr(predicate::str::contains("provisional"));
    assert_eq!(stdout(&a).trim(), "2027-02-09");
    let a = run(
        home.path(),
        "2026-12-01",
        &[
            "calendar",
            "due",
            "--from",
            "2026-12-15",
            "--days",
            "15",
            "--json",
        ],
    )
    .success();
    let v: Value = serde_json::from_str(stdout(&a).trim()).unwrap();
    assert_eq!(v["due"], "2027-01-06");
    assert_eq!(v["uncertain"], true);
    let a = run(home.path(), "2026-12-01", &["holidays", "list", "--json"]).success();
    let years: Vec<Value> = stdout(&a)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let y2027 = years.iter().find(|y| y["year"] == 2027).unwrap();
    assert_eq!(y2027["status"], "provisional");
    assert_eq!(y2027["holidays"], 13);
    assert!(
        years
            .iter()
            .any(|y| y["year"] == 2026 && y["status"] == "loaded")
    );
}

#[test]
fn the_notice_as_published_is_previewed_then_loaded_and_deadlines_follow() {
    let home = init();
    let h = home.path();
    // Handed over while 2027's notice is not out: counted on the law's days, 待核.
    let later = handed_over(h, "2027-01-29", "10");
    let earlier = handed_over(h, "2027-04-19", "5");
    let by_hand = handed_over(h, "2027-01-29", "10");
    run(
        h,
        "2027-02-01",
        &[
            "case",
            "extend",
            &by_hand,
            "--to",
            "2027-02-22",
            "--reason",
            "需协调",
        ],
    )
    .success()
    .stderr(predicate::str::contains("not loaded"));
    // Set by hand on a day the notice will give off.
    let on_a_day_off = handed_over(h, "2027-01-29", "2");
    run(
        h,
        "2027-02-01",
        &[
            "case",
            "extend",
            &on_a_day_off,
            "--to",
            "2027-02-10",
            "--reason",
            "需协调",
        ],
    )
    .success();
    // A date set by hand is the operator's, not provisional.
    assert_eq!(case_json(h, &by_hand)["due_uncertain"], false);
    let a = run(h, "2027-01-29", &["case", "add", "--content", "同一盏路灯"]).success();
    let duplicate = stdout(&a).trim().to_string();
    run(
        h,
        "2027-01-29",
        &["case", "link", &duplicate, "--to", &later],
    )
    .success();
    assert_eq!(case_json(h, &later)["due_date"], "2027-02-16");
    assert_eq!(case_json(h, &later)["due_uncertain"], true);
    assert_eq!(case_json(h, &earlier)["due_date"], "2027-04-26");

    // Without --yes and without a terminal: the preview, then a refusal; nothing changes.
    let file = notice("made-up-2027.txt");
    let file = file.to_str().unwrap();
    let a = run(h, "2027-04-26", &["holidays", "import", file]).failure();
    let preview = stdout(&a);
    assert!(
        preview.contains(
            "Spring Festival  off 2027-02-05..02-11 (7 days); make-up working days 2027-02-20 Sat"
        ),
        "{preview}"
    );
    assert!(
        preview.contains(&format!("{later}  2027-02-16 → 2027-02-19")),
        "{preview}"
    );
    assert!(
        preview.contains(&format!("{earlier}  2027-04-26 → 2027-04-25")),
        "{preview}"
    );
    assert!(preview.contains("EARLIER THAN TODAY"), "{preview}");
    assert!(preview.contains(&by_hand), "{preview}");
    assert!(
        preview.contains(&format!(
            "{on_a_day_off}  2027-02-10  the notice makes this a day off"
        )),
        "{preview}"
    );
    assert!(
        !preview.contains(&duplicate),
        "a duplicate follows its master: {preview}"
    );
    assert_eq!(case_json(h, &later)["due_date"], "2027-02-16");

    let a = run(h, "2027-04-26", &["holidays", "import", file, "--yes"]).success();
    let done = stdout(&a);
    assert!(done.contains("loaded 2027"), "{done}");
    let later_case = case_json(h, &later);
    assert_eq!(later_case["due_date"], "2027-02-19");
    assert_eq!(later_case["due_uncertain"], false);
    let dup_case = case_json(h, &duplicate);
    assert_eq!(dup_case["due_date"], "2027-02-19", "the duplicate followed");
    assert_eq!(case_json(h, &earlier)["due_date"], "2027-04-25");
    assert_eq!(
        case_json(h, &by_hand)["due_date"],
        "2027-02-22",
        "set by hand, kept"
    );
    let kept_log = stdout(&run(h, "2027-04-26", &["case", "show", &by_hand]).success());
    assert!(
        !kept_log.contains("deadline recomputed"),
        "not recomputed: {kept_log}"
    );
    let shown = stdout(&run(h, "2027-04-26", &["case", "show", &later]).success());
    assert!(
        shown.contains("2027-02-16") && shown.contains("2027-02-19"),
        "{shown}"
    );
    // The log replays to the rows.
    run(h, "2027-04-26", &["check"]).success();
    let events = stdout(&run(h, "2027-04-26", &["case", "show", &later, "--json"]).success());
    assert!(events.contains("recomputed"), "{events}");

    // Loading it again finds nothing provisional left; the date set by hand is named again.
    let a = run(h, "2027-04-26", &["holidays", "import", file, "--yes"]).success();
    let again = stdout(&a);
    assert!(again.contains("2027 is loaded already"), "{again}");
    assert!(!again.contains("that the notice recomputes"), "{again}");
    assert!(again.contains(&format!("{by_hand}  2027-02-22")), "{again}");
}

#[test]
fn a_garbled_notice_is_refused_naming_its_line_and_nothing_changes() {
    let home = init();
    let h = home.path();
    let before = stdout(&run(h, "2026-12-01", &["holidays", "list", "--json"]).success());
    let bad = notice("garble-weekday.txt");
    run(
        h,
        "2026-12-01",
        &["holidays", "import", bad.to_str().unwrap(), "--yes"],
    )
    .failure()
    .stderr(predicate::str::contains("line 9").and(predicate::str::contains("is a Sat")));
    let missing = notice("garble-missing-festival.txt");
    run(
        h,
        "2026-12-01",
        &["holidays", "import", missing.to_str().unwrap(), "--yes"],
    )
    .failure()
    .stderr(predicate::str::contains("no line for Dragon Boat Festival"));
    let after = stdout(&run(h, "2026-12-01", &["holidays", "list", "--json"]).success());
    assert_eq!(before, after);
}

#[test]
fn a_gbk_notice_for_a_loaded_year_replaces_it_after_confirmation() {
    let home = init();
    let h = home.path();
    let gbk = notice("2025-gbk.txt");
    let a = run(
        h,
        "2026-12-01",
        &["holidays", "import", gbk.to_str().unwrap()],
    )
    .failure();
    assert!(stdout(&a).contains("2025 is loaded already"));
    run(
        h,
        "2026-12-01",
        &["holidays", "import", gbk.to_str().unwrap(), "--yes"],
    )
    .success()
    .stdout(predicate::str::contains("loaded 2025: 33 days named"));
}
