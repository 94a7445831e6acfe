//! One rule for calling (issue 21, item 7): `case call` obeys the screen's checks (the member
//! on today's roster, checked in, receiving nobody), and the roster is kept from the command
//! line. Through the real binary, on a real file.

mod common;

use common::liaison;

const TODAY: &str = "2026-12-03";

fn run(h: &std::path::Path, lang: &str, args: &[&str]) -> (bool, String) {
    let out = liaison(h)
        .args(["--lang", lang, "--db", "x.db", "--today", TODAY])
        .args(args)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said)
}

fn desk_with_two_waiting() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    assert!(run(h, "zh", &["init", "--station", "HF"]).0);
    for name in ["钱桂英", "赵建国"] {
        let (ok, said) = run(
            h,
            "zh",
            &["case", "add", "--content", "楼道灯坏了", "--name", name],
        );
        assert!(ok, "{said}");
    }
    home
}

fn status(h: &std::path::Path, number: &str) -> String {
    let (ok, said) = run(h, "en", &["cases", "--json"]);
    assert!(ok, "{said}");
    said.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|c| c["number"] == number)
        .map(|c| c["status"].as_str().unwrap().to_string())
        .unwrap()
}

#[test]
fn with_today_roster_empty_a_call_is_refused_and_changes_nothing() {
    let home = desk_with_two_waiting();
    let h = home.path();
    let (ok, said) = run(
        h,
        "zh",
        &["case", "call", "HF-20261203-001", "--deputy", "D02"],
    );
    assert!(!ok, "{said}");
    assert!(said.contains("D02 不在 2026-12-03 的值班表上"), "{said}");
    let (ok, said) = run(
        h,
        "en",
        &["case", "call", "HF-20261203-001", "--deputy", "D02"],
    );
    assert!(
        !ok && said.contains("D02 is not on the roster of 2026-12-03"),
        "{said}"
    );
    assert_eq!(status(h, "HF-20261203-001"), "queued");

    // On the roster but not checked in: refused as on screen, still nothing changed.
    assert!(run(h, "zh", &["roster", "add", "D02"]).0);
    let (ok, said) = run(
        h,
        "zh",
        &["case", "call", "HF-20261203-001", "--deputy", "D02"],
    );
    assert!(!ok && said.contains("D02 不在岗"), "{said}");
    assert_eq!(status(h, "HF-20261203-001"), "queued");
}

#[test]
fn a_member_receiving_one_resident_is_not_called_a_second() {
    let home = desk_with_two_waiting();
    let h = home.path();
    for step in ["add", "checkin"] {
        let (ok, said) = run(h, "zh", &["roster", step, "D02"]);
        assert!(ok, "{said}");
    }
    let (_, listed) = run(h, "zh", &["roster"]);
    assert!(
        listed.starts_with("D02\t") && listed.trim_end().ends_with("\t-"),
        "{listed}"
    );

    let (ok, said) = run(
        h,
        "zh",
        &["case", "call", "HF-20261203-001", "--deputy", "D02"],
    );
    assert!(ok, "{said}");
    assert_eq!(status(h, "HF-20261203-001"), "receiving");
    let (ok, said) = run(
        h,
        "zh",
        &["case", "call", "HF-20261203-002", "--deputy", "D02"],
    );
    assert!(!ok, "{said}");
    assert!(
        said.contains("D02 正在接待 HF-20261203-001 钱桂英"),
        "{said}"
    );
    assert_eq!(status(h, "HF-20261203-002"), "queued");

    // Checked out: no longer at the desk.
    assert!(run(h, "zh", &["roster", "checkout", "D02"]).0);
    let (_, listed) = run(h, "en", &["roster", "list", "--json"]);
    let entry: serde_json::Value = serde_json::from_str(listed.lines().next().unwrap()).unwrap();
    assert_eq!(entry["member"], "D02");
    assert!(entry["checked_out_at"].is_string(), "{listed}");
    let (ok, said) = run(
        h,
        "en",
        &["case", "call", "HF-20261203-002", "--deputy", "D02"],
    );
    assert!(!ok && said.contains("D02 is not at the desk"), "{said}");

    // A member who is not a member is refused by the roster, and nothing is added.
    let (ok, _) = run(h, "zh", &["roster", "add", "NOPE"]);
    assert!(!ok);
    let (_, listed) = run(h, "zh", &["roster"]);
    assert!(!listed.contains("NOPE"), "{listed}");
}

#[test]
fn checkin_puts_the_member_on_the_roster_and_calls() {
    let home = desk_with_two_waiting();
    let h = home.path();
    let (ok, said) = run(
        h,
        "zh",
        &[
            "case",
            "call",
            "HF-20261203-001",
            "--deputy",
            "D02",
            "--checkin",
        ],
    );
    assert!(ok, "{said}");
    assert_eq!(status(h, "HF-20261203-001"), "receiving");
    let (_, listed) = run(h, "zh", &["roster"]);
    assert!(
        listed.starts_with("D02\t") && listed.trim_end().ends_with("\t-"),
        "{listed}"
    );
    // Busy stays busy, --checkin or not; the refusal changes nothing.
    let (ok, said) = run(
        h,
        "en",
        &[
            "case",
            "call",
            "HF-20261203-002",
            "--deputy",
            "D02",
            "--checkin",
        ],
    );
    assert!(
        !ok && said.contains("D02 is receiving HF-20261203-001"),
        "{said}"
    );
    assert_eq!(status(h, "HF-20261203-002"), "queued");
}
