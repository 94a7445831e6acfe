//! The command line through the real binary.

mod common;

use std::collections::BTreeSet;

use common::liaison;
use predicates::prelude::*;
use serde_json::Value;

fn json_lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8(out.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const TODAY: &str = "2026-11-17";

/// The binary in English: these tests read what it says (`tests/i18n.rs` reads the Chinese).
fn english(home: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = liaison(home);
    cmd.args(["--lang", "en"]);
    cmd
}

#[test]
fn demo_lists_cases_in_every_status_with_masked_phones() {
    let home = tempfile::tempdir().unwrap();
    english(home.path())
        .args(["--db", "demo.db", "--today", TODAY, "demo"])
        .assert()
        .success()
        .stdout(predicate::str::contains("demo data for HF"));
    let out = english(home.path())
        .args(["--db", "demo.db", "--today", TODAY, "cases", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cases = json_lines(&out.stdout);
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let statuses: BTreeSet<&str> = cases
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    for status in [
        "queued",
        "receiving",
        "answered",
        "assigned",
        "forwarded",
        "declined",
        "replied",
        "closed",
        "returned",
    ] {
        assert!(
            statuses.contains(status),
            "no case in status {status}: {statuses:?}"
        );
    }
    let fields = [
        "id",
        "number",
        "station",
        "received_at",
        "source",
        "resident",
        "content",
        "category",
        "nature",
        "level",
        "unit",
        "status",
        "due_date",
        "overdue",
        "closed_at",
        "satisfaction",
        "resolved",
        "events",
    ];
    let masked = regex_like_masked;
    for c in &cases {
        for f in fields {
            assert!(c.get(f).is_some(), "field {f} missing in {c}");
        }
        for f in ["name", "phone", "address"] {
            assert!(c["resident"].get(f).is_some(), "resident.{f} missing");
        }
        assert_eq!(c["station"], "HF");
        assert!(c["number"].as_str().unwrap().starts_with("HF-"));
        assert!(c["events"].as_u64().unwrap() >= 1);
        if let Some(phone) = c["resident"]["phone"].as_str() {
            assert!(masked(phone), "phone not masked: {phone}");
        }
    }
    assert!(
        cases.iter().any(|c| c["overdue"] == true),
        "the demo has overdue cases"
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!has_full_mobile(&text), "a full phone number leaked");

    english(home.path())
        .args(["--db", "demo.db", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("every case row equals the replay"));
}

/// `138****1234`.
fn regex_like_masked(phone: &str) -> bool {
    let b = phone.as_bytes();
    b.len() == 11
        && b[..3].iter().all(u8::is_ascii_digit)
        && &b[3..7] == b"****"
        && b[7..].iter().all(u8::is_ascii_digit)
}

/// Any run of 11 digits starting with 1: a mobile number in the clear.
fn has_full_mobile(text: &str) -> bool {
    // Bounded by anything but an ASCII letter or digit: a case id's last group of twelve hex
    // digits may hold eleven decimal ones (`…-10469641385a`), and is no phone number.
    let bytes = text.as_bytes();
    bytes.windows(11).enumerate().any(|(i, w)| {
        w[0] == b'1'
            && w.iter().all(u8::is_ascii_digit)
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && bytes.get(i + 11).is_none_or(|c| !c.is_ascii_alphanumeric())
    })
}

#[test]
fn a_case_ids_hex_digits_are_not_a_phone_number() {
    assert!(!has_full_mobile(
        r#""id":"01a2485b-8161-725c-b27e-10469641385a""#
    ));
    assert!(has_full_mobile("电话13812345678，"));
    assert!(has_full_mobile(r#""phone":"13812345678""#));
}

#[test]
fn case_add_with_empty_content_fails_and_writes_nothing() {
    let home = tempfile::tempdir().unwrap();
    english(home.path())
        .args(["--db", "x.db", "init", "--station", "HF"])
        .assert()
        .success();
    english(home.path())
        .args([
            "--db",
            "x.db",
            "--today",
            TODAY,
            "case",
            "add",
            "--content",
            "第一件",
            "--phone",
            "13812345678",
        ])
        .assert()
        .success()
        .stdout("HF-20261117-001\n");
    let before = english(home.path())
        .args(["--db", "x.db", "--today", TODAY, "cases", "--json"])
        .output()
        .unwrap()
        .stdout;
    for content in ["", "   ", "\u{1b}[0m"] {
        english(home.path())
            .args([
                "--db",
                "x.db",
                "--today",
                TODAY,
                "case",
                "add",
                "--content",
                content,
                "--name",
                "王小红",
            ])
            .assert()
            .failure()
            .stderr(predicate::str::contains("the content must not be empty"));
    }
    english(home.path())
        .args([
            "--db",
            "x.db",
            "case",
            "add",
            "--content",
            "路灯",
            "--phone",
            "1234",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not a phone number"));
    english(home.path())
        .args([
            "--db",
            "x.db",
            "case",
            "add",
            "--content",
            "路灯",
            "--source",
            "fax",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "walk_in, phone, online, mobile, letter",
        ));
    let after = english(home.path())
        .args(["--db", "x.db", "--today", TODAY, "cases", "--json"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(before, after);
    english(home.path())
        .args([
            "--db",
            "x.db",
            "--today",
            TODAY,
            "case",
            "add",
            "--content",
            "第二件",
        ])
        .assert()
        .success()
        .stdout("HF-20261117-002\n");
}

#[test]
fn calendar_due_prints_the_official_dates() {
    let home = tempfile::tempdir().unwrap();
    english(home.path())
        .args(["--db", "x.db", "init", "--station", "XA"])
        .assert()
        .success();
    for (from, days, due) in [
        ("2026-09-15", "15", "2026-10-12"),
        ("2026-04-21", "10", "2026-05-08"),
    ] {
        english(home.path())
            .args([
                "--db", "x.db", "calendar", "due", "--from", from, "--days", days,
            ])
            .assert()
            .success()
            .stdout(format!("{due}\n"));
    }
    english(home.path())
        .args([
            "--db",
            "x.db",
            "calendar",
            "due",
            "--from",
            "2026-12-20",
            "--days",
            "15",
        ])
        .assert()
        .success()
        // 1 January 2027 is a statutory holiday: not counted, even before the notice.
        .stdout("2027-01-11\n")
        .stderr(predicate::str::contains("provisional:"));
    english(home.path())
        .args([
            "--db",
            "x.db",
            "calendar",
            "due",
            "--from",
            "2026-13-01",
            "--days",
            "1",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("is not a date"));
    let out = english(home.path())
        .args(["--db", "x.db", "calendar", "--year", "2026", "--json"])
        .output()
        .unwrap();
    let days = json_lines(&out.stdout);
    assert_eq!(days.len(), 12);
    assert_eq!(days[1]["date"], "2026-02-24");
    assert_eq!(days[1]["moved"], true);
}

#[test]
fn calendar_works_before_any_database_exists() {
    let home = tempfile::tempdir().unwrap();
    english(home.path())
        .args(["calendar", "due", "--from", "2026-09-15", "--days", "15"])
        .assert()
        .success()
        .stdout("2026-10-12\n")
        .stderr(predicate::str::contains("shipped holiday table"));
}

/// Numbers and dates far out of range are refused by name, never a panic.
#[test]
fn far_off_days_and_dates_are_refused_by_name() {
    let home = tempfile::tempdir().unwrap();
    for (args, says) in [
        (
            vec![
                "calendar",
                "due",
                "--from",
                "2026-01-01",
                "--days",
                "4294967295",
            ],
            "not a number of working days from 1 to 250",
        ),
        (
            vec!["calendar", "due", "--from", "2026-01-01", "--days=-3"],
            "not a number of working days",
        ),
        (
            vec![
                "--today",
                "9999-12-31",
                "calendar",
                "due",
                "--from",
                "2026-01-01",
                "--days",
                "5",
            ],
            "outside the years liaison works with (1990–2200)",
        ),
        (
            vec!["calendar", "due", "--from", "0001-01-01", "--days", "5"],
            "outside the years",
        ),
        (
            vec!["--db", "d.db", "demo", "--cases", "99999999999999"],
            "not in 0..=5000000",
        ),
    ] {
        english(home.path())
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says).and(predicate::str::contains("panicked").not()));
    }
}

#[test]
fn init_refuses_an_unknown_station_and_a_second_init() {
    let home = tempfile::tempdir().unwrap();
    english(home.path())
        .args(["--db", "x.db", "init", "--station", "ZZ"])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("unknown station `ZZ`")
                .and(predicate::str::contains("XA, HF")),
        );
    assert!(
        !home.path().join("x.db").exists(),
        "a refused init created a file"
    );
    english(home.path())
        .args(["--db", "x.db", "init", "--station", "hf"])
        .assert()
        .success();
    english(home.path())
        .args(["--db", "x.db", "init", "--station", "XA"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("already set up for station HF"));
}

#[test]
fn stations_lists_the_network() {
    let home = tempfile::tempdir().unwrap();
    let out = english(home.path())
        .args(["stations", "--json"])
        .output()
        .unwrap();
    let stations = json_lines(&out.stdout);
    assert_eq!(stations.len(), 12);
    assert_eq!(stations[0]["code"], "XA");
    assert_eq!(stations[0]["kind"], "home");
    assert!(stations[0]["parent"].is_null());
    assert!(stations.iter().skip(1).all(|s| s["parent"] == "XA"));
    assert_eq!(stations.iter().filter(|s| s["kind"] == "point").count(), 2);
}

#[test]
fn commands_on_a_missing_database_explain_what_to_do() {
    let home = tempfile::tempdir().unwrap();
    english(home.path())
        .args(["--db", "nothing.db", "cases"])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("no database at")
                .and(predicate::str::contains("liaison init")),
        );
    assert!(!home.path().join("nothing.db").exists());
}

#[test]
fn the_default_database_lives_in_the_data_directory() {
    let home = tempfile::tempdir().unwrap();
    english(home.path())
        .args(["init", "--station", "HF"])
        .assert()
        .success();
    assert!(home.path().join("data/liaison/liaison.db").exists());
    english(home.path())
        .env("LIAISON_DB", home.path().join("other.db"))
        .args(["init", "--station", "HF"])
        .assert()
        .success();
    assert!(home.path().join("other.db").exists());
}

#[test]
fn reveal_is_logged_before_the_numbers_are_shown() {
    let home = tempfile::tempdir().unwrap();
    english(home.path())
        .args(["--db", "x.db", "init", "--station", "HF"])
        .assert()
        .success();
    english(home.path())
        .args([
            "--db",
            "x.db",
            "case",
            "add",
            "--content",
            "路灯",
            "--phone",
            "13812345678",
        ])
        .assert()
        .success();
    english(home.path())
        .args(["--db", "x.db", "cases"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("138****5678")
                .and(predicate::str::contains("13812345678").not()),
        );
    let out = english(home.path())
        .args(["--db", "x.db", "cases", "--json", "--reveal"])
        .output()
        .unwrap();
    let cases = json_lines(&out.stdout);
    assert_eq!(cases[0]["resident"]["phone"], "13812345678");
    assert_eq!(cases[0]["events"], 2);
    let show = english(home.path())
        .args([
            "--db",
            "x.db",
            "case",
            "show",
            "--json",
            cases[0]["number"].as_str().unwrap(),
        ])
        .output()
        .unwrap();
    let shown: Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(shown["timeline"][1]["kind"], "revealed");
}

#[test]
fn backup_and_check() {
    let home = tempfile::tempdir().unwrap();
    english(home.path())
        .args(["--db", "x.db", "demo"])
        .assert()
        .success();
    english(home.path())
        .args(["--db", "x.db", "backup", "copy.db"])
        .assert()
        .success();
    english(home.path())
        .args(["--db", "copy.db", "check", "--full"])
        .assert()
        .success()
        .stdout(predicate::str::contains("(`integrity_check`): ok"));
    english(home.path())
        .args(["--db", "x.db", "backup", "copy.db"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists"));
}

#[test]
fn holidays_import_refuses_a_broken_file_and_accepts_a_new_year() {
    let home = tempfile::tempdir().unwrap();
    english(home.path())
        .args(["--db", "x.db", "init", "--station", "HF"])
        .assert()
        .success();
    // A notice without festivals would wipe the year's holidays; without a title it is no
    // notice. Both refused, the loaded table unchanged.
    for (text, says) in [
        (
            "[[notice]]\nyear = 2026\ntitle = \"typo\"\n",
            "notice 2026 names no festival",
        ),
        (
            "[[notice]]\nyear = 2026\n[[notice.festival]]\nname = \"元旦\"\nfrom = \"2026-01-01\"\n",
            "notice 2026 has no title",
        ),
    ] {
        std::fs::write(home.path().join("h.toml"), text).unwrap();
        english(home.path())
            .args(["--db", "x.db", "holidays", "import", "h.toml"])
            .assert()
            .failure()
            .stderr(predicate::str::contains(says));
    }
    english(home.path())
        .args([
            "--db",
            "x.db",
            "calendar",
            "due",
            "--from",
            "2026-09-15",
            "--days",
            "15",
        ])
        .assert()
        .success()
        .stdout("2026-10-12\n");
    std::fs::write(home.path().join("bad.toml"), "[[notice]]\nyear = 2027\ntitle = \"2027\"\n[[notice.festival]]\nname = \"春节\"\nfrom = \"2027-02-06\"\nto = \"2027-02-12\"\nwork = [\"2027-02-15\"]\n").unwrap();
    english(home.path())
        .args(["--db", "x.db", "holidays", "import", "bad.toml"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "2027-02-15 is a Mon, not a weekend",
        ));
    std::fs::write(home.path().join("binary.toml"), [0xff, 0xfe, 0x00, 0x41]).unwrap();
    english(home.path())
        .args(["--db", "x.db", "holidays", "import", "binary.toml"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("neither UTF-8 nor GB18030"));
    english(home.path())
        .args([
            "--db",
            "x.db",
            "calendar",
            "due",
            "--from",
            "2026-12-20",
            "--days",
            "15",
        ])
        .assert()
        .stderr(predicate::str::contains("provisional:"));
    // A case handed over now gets a provisional deadline in 2027: 1 January is not counted.
    let at = |args: &[&str]| {
        let mut all = vec!["--db", "x.db", "--today", "2026-12-28"];
        all.extend(args);
        english(home.path()).args(&all).assert()
    };
    at(&["case", "add", "--content", "路灯不亮"]).success();
    at(&[
        "case",
        "classify",
        "HF-20261228-001",
        "--category",
        "0301",
        "--nature",
        "help",
        "--level",
        "street",
    ])
    .success()
    .stdout(predicate::str::contains("(provisional)"));
    std::fs::write(home.path().join("2027.toml"), "[[notice]]\nyear = 2027\ntitle = \"2027\"\n[[notice.festival]]\nname = \"元旦\"\nfrom = \"2027-01-01\"\n").unwrap();
    english(home.path())
        .args(["--db", "x.db", "holidays", "import", "2027.toml", "--yes"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("deadlines recomputed").and(predicate::str::contains(
                "HF-20261228-001  2027-01-05 → 2027-01-05",
            )),
        );
    english(home.path())
        .args([
            "--db",
            "x.db",
            "calendar",
            "due",
            "--from",
            "2026-12-20",
            "--days",
            "15",
        ])
        .assert()
        .success()
        .stdout("2027-01-11\n")
        .stderr(predicate::str::is_empty());
}

#[test]
fn the_demo_flag_opens_a_separate_demo_database() {
    let home = tempfile::tempdir().unwrap();
    english(home.path())
        .args(["init", "--station", "XY3"])
        .assert()
        .success();
    // Without a terminal the UI refuses to start, but the demo database is ready.
    english(home.path())
        .args(["--today", TODAY, "--demo"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("needs a terminal"));
    assert!(home.path().join("data/liaison/demo.db").exists());
    // The real database was not touched.
    let out = english(home.path())
        .args(["cases", "--json"])
        .output()
        .unwrap();
    assert!(out.stdout.is_empty());
    // A real database is never opened as the demo.
    english(home.path())
        .args(["--db", "x.db", "init", "--station", "HF"])
        .assert()
        .success();
    english(home.path())
        .args(["--db", "x.db", "case", "add", "--content", "真实的意见"])
        .assert()
        .success();
    english(home.path())
        .args(["--db", "x.db", "--demo"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("holds real data"));
}

/// `--station` is read in upper case, and an unknown station is an error, not an empty list.
#[test]
fn cases_for_an_unknown_station_is_an_error() {
    let home = tempfile::tempdir().unwrap();
    english(home.path())
        .args(["--db", "x.db", "--today", "2026-11-17", "demo"])
        .assert()
        .success();
    english(home.path())
        .args(["--db", "x.db", "cases", "--station", "ZZ"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("unknown station `ZZ`"));
    english(home.path())
        .args(["--db", "x.db", "cases", "--station", "hf"])
        .assert()
        .success()
        .stdout(predicate::str::contains("HF-20261117-001"));
}
