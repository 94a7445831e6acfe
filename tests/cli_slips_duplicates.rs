//! Slips of a day are that day's hand-overs, and duplicates are named by number both ways
//! (issue 21, items 5 and 6). Through the real binary, on a real file.

mod common;

use common::{cases_json, liaison};
use serde_json::Value;

/// Runs the binary on `x.db` on a business day; the output when it succeeds.
fn ok(h: &std::path::Path, today: &str, args: &[&str]) -> String {
    let out = liaison(h)
        .args(["--db", "x.db", "--today", today])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn by_number<'a>(cases: &'a [Value], number: &str) -> &'a Value {
    cases.iter().find(|c| c["number"] == number).unwrap()
}

/// The case: HF-20261117-001 handed over on 11-17, its duplicate 002 linked the same
/// day, the reply on 11-30 and a dissatisfied call-back on 12-03 that reopens it.
fn reopened_with_a_duplicate() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(h, "2026-11-17", &["init", "--station", "HF"]);
    ok(
        h,
        "2026-11-17",
        &[
            "case",
            "add",
            "--content",
            "小区路灯坏了三个月",
            "--name",
            "王小红",
        ],
    );
    ok(
        h,
        "2026-11-17",
        &[
            "case",
            "add",
            "--content",
            "路灯不亮，晚上出门不方便",
            "--name",
            "李四",
        ],
    );
    let classify = [
        "case",
        "classify",
        "HF-20261117-001",
        "--category",
        "03",
        "--nature",
        "help",
        "--level",
        "street",
    ];
    ok(h, "2026-11-17", &classify);
    ok(
        h,
        "2026-11-17",
        &["case", "link", "HF-20261117-002", "--to", "HF-20261117-001"],
    );
    ok(
        h,
        "2026-11-30",
        &["case", "reply", "HF-20261117-001", "--text", "已更换路灯"],
    );
    let callback = [
        "case",
        "callback",
        "HF-20261117-001",
        "--satisfaction",
        "dissatisfied",
        "--resolved",
        "no",
    ];
    ok(h, "2026-12-03", &callback);
    home
}

#[test]
fn a_days_slips_are_that_days_hand_overs_and_a_reopened_case_says_so() {
    let home = reopened_with_a_duplicate();
    let h = home.path();
    // The earlier day's slip is as it was handed over: its date, its deadline, no 重办.
    let first = ok(h, "2026-12-06", &["slip", "--day", "2026-11-17"]);
    assert!(
        first.contains(
            "交办单号：HF-20261117-001-1\n编号：HF-20261117-001\n交办日期：2026年11月17日\n"
        ),
        "{first}"
    );
    assert!(
        first.contains("办理期限：2026年12月01日（交办后10个工作日）\n"),
        "{first}"
    );
    assert!(!first.contains("12月03日"), "{first}");
    assert!(!first.contains("12月17日"), "{first}");
    assert!(!first.contains("重办"), "{first}");
    // Replied on time: that cycle is over, so no lateness is printed on it.
    assert!(!first.contains("逾期"), "{first}");
    // The reopen's own day: 重办, naming the earlier slip, with the new deadline.
    let again = ok(h, "2026-12-06", &["slip", "--day", "2026-12-03"]);
    assert!(
        again.contains(
            "交办单号：HF-20261117-001-2\n编号：HF-20261117-001\n\
             交办日期：2026年12月03日（重办，原交办单 HF-20261117-001-1，2026年11月17日）\n"
        ),
        "{again}"
    );
    assert!(
        again.contains("办理期限：2026年12月17日（交办后10个工作日）\n"),
        "{again}"
    );
    // A case's own slip is its latest hand-over.
    let latest = ok(h, "2026-12-06", &["slip", "HF-20261117-001"]);
    assert!(
        latest.contains("（重办，原交办单 HF-20261117-001-1，2026年11月17日）"),
        "{latest}"
    );
    // A day with no hand-over has nothing to print, and the refusal names the day (there are
    // hand-overs on other days).
    let said = liaison(h)
        .args(["--db", "x.db", "slip", "--day", "2026-11-30"])
        .output()
        .unwrap();
    assert!(!said.status.success());
    let said = String::from_utf8_lossy(&said.stderr);
    assert!(
        said.contains("2026-11-30 这一天没有交给承办单位的案件"),
        "{said}"
    );
    // A case with no unit has no slip, and the refusal says where it stands.
    ok(h, "2026-12-06", &["case", "add", "--content", "还没处理"]);
    let said = liaison(h)
        .args(["--db", "x.db", "--lang", "en", "--today", "2026-12-06"])
        .args(["slip", "HF-20261206-001"])
        .output()
        .unwrap();
    assert!(!said.status.success());
    let said = String::from_utf8_lossy(&said.stderr);
    assert!(
        said.contains("HF-20261206-001 is not with a unit (queued)"),
        "{said}"
    );
    // In English too, and in HTML.
    let en = ok(
        h,
        "2026-12-06",
        &["--lang", "en", "slip", "--day", "2026-12-03"],
    );
    assert!(
        en.contains("(reopened; earlier slip HF-20261117-001-1 of "),
        "{en}"
    );
    let html = ok(
        h,
        "2026-12-06",
        &["slip", "--day", "2026-12-03", "--format", "html"],
    );
    assert!(
        html.contains("重办，原交办单 HF-20261117-001-1，2026年11月17日"),
        "{html}"
    );
}

#[test]
fn duplicates_are_named_by_number_both_ways_and_follow_the_reopen() {
    let home = reopened_with_a_duplicate();
    let h = home.path();
    let cases = cases_json(h, "x.db", "2026-12-06");
    let (original, duplicate) = (
        by_number(&cases, "HF-20261117-001"),
        by_number(&cases, "HF-20261117-002"),
    );
    assert_eq!(
        original["duplicates"],
        serde_json::json!(["HF-20261117-002"])
    );
    assert!(original["duplicate_of_number"].is_null());
    assert_eq!(duplicate["duplicate_of_number"], "HF-20261117-001");
    // The contract's field keeps the original's id.
    assert_eq!(duplicate["duplicate_of"], original["id"]);
    assert_eq!(duplicate["duplicates"], serde_json::json!([]));
    // Reopened with its original: back with the unit, to the new deadline.
    assert_eq!(duplicate["status"], "assigned");
    assert_eq!(duplicate["due_date"], "2026-12-17");

    let shown = ok(h, "2026-12-06", &["case", "show", "HF-20261117-002"]);
    assert!(shown.contains("重复 HF-20261117-001"), "{shown}");
    assert!(
        shown.contains("关联: 重复件，原件 HF-20261117-001、随原件重办"),
        "{shown}"
    );
    let id = original["id"].as_str().unwrap();
    assert!(!shown.contains(id), "no raw id: {shown}");
    let shown = ok(h, "2026-12-06", &["case", "show", "HF-20261117-001"]);
    assert!(shown.contains("关联: 重复件 HF-20261117-002"), "{shown}");
    let json: Value = serde_json::from_str(&ok(
        h,
        "2026-12-06",
        &["case", "show", "HF-20261117-002", "--json"],
    ))
    .unwrap();
    assert_eq!(json["duplicate_of_number"], "HF-20261117-001");
    let en = ok(
        h,
        "2026-12-06",
        &["--lang", "en", "case", "show", "HF-20261117-002"],
    );
    assert!(en.contains("reopened with its original"), "{en}");

    // The unit's new reply reaches the duplicate: its resident is called back with the
    // original's.
    ok(
        h,
        "2026-12-05",
        &[
            "case",
            "reply",
            "HF-20261117-001",
            "--text",
            "线路已全部检修",
        ],
    );
    let cases = cases_json(h, "x.db", "2026-12-06");
    for number in ["HF-20261117-001", "HF-20261117-002"] {
        assert_eq!(by_number(&cases, number)["status"], "replied", "{number}");
    }
    // The log replays to the rows.
    ok(h, "2026-12-06", &["check"]);
}

/// Row `key` of a Markdown table in the report: its cells after the first.
fn md_row(md: &str, key: &str) -> Vec<String> {
    md.lines()
        .find(|l| l.starts_with(&format!("| {key} |")))
        .unwrap_or_else(|| panic!("no row {key}: {md}"))
        .trim_matches('|')
        .split(" | ")
        .skip(1)
        .map(|c| c.trim().to_string())
        .collect()
}

#[test]
fn a_duplicate_following_its_reopened_original_is_not_counted_again() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(h, "2026-12-01", &["init", "--station", "HF"]);
    for content in ["雨水井堵塞", "雨水井堵了，一下雨就积水", "路灯坏了"] {
        ok(h, "2026-12-01", &["case", "add", "--content", content]);
    }
    let (a, b, c) = ("HF-20261201-001", "HF-20261201-002", "HF-20261201-003");
    for number in [a, c] {
        ok(
            h,
            "2026-12-01",
            &[
                "case",
                "classify",
                number,
                "--category",
                "03",
                "--nature",
                "help",
                "--level",
                "street",
            ],
        );
    }
    ok(h, "2026-12-01", &["case", "link", b, "--to", a]);
    for number in [a, c] {
        ok(
            h,
            "2026-12-02",
            &["case", "reply", number, "--text", "已处理"],
        );
    }
    let callback = |number, satisfaction| {
        ok(
            h,
            "2026-12-03",
            &[
                "case",
                "callback",
                number,
                "--satisfaction",
                satisfaction,
                "--resolved",
                if satisfaction == "satisfied" {
                    "yes"
                } else {
                    "no"
                },
            ],
        )
    };
    callback(a, "dissatisfied");
    callback(c, "satisfied");
    // The duplicate went back to the unit with its original.
    let cases = cases_json(h, "x.db", "2026-12-06");
    assert_eq!(by_number(&cases, b)["status"], "assigned");
    assert_eq!(by_number(&cases, b)["repeats"], 1);

    // By hand: the unit was given A (12-01), C (12-01) and A again (12-03): 3 hand-overs;
    // it replied twice (A, C). One case was reopened (A); B only followed it.
    ok(
        h,
        "2026-12-06",
        &[
            "report", "--month", "2026-12", "--format", "md", "--out", "r.md",
        ],
    );
    let md = std::fs::read_to_string(h.join("r.md")).unwrap();
    assert_eq!(md_row(&md, "受理数")[0], "3");
    assert_eq!(md_row(&md, "重办件")[0], "1");
    let unit = md_row(&md, "SZ");
    assert_eq!(&unit[1..3], ["3", "2"], "{unit:?}");
}

/// The details at 80×24 name both sides by number, as `case show` does.
#[test]
fn the_details_name_the_original_by_number_at_80x24() {
    use common::pty::{ENTER, F7, F10, Session};
    let home = reopened_with_a_duplicate();
    let cases = cases_json(home.path(), "x.db", "2026-12-06");
    let id = by_number(&cases, "HF-20261117-001")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut s = Session::start(
        home.path(),
        &["--db", "x.db", "--today", "2026-12-06"],
        80,
        24,
    );
    s.wait_text("接待队列");
    s.send(F7);
    s.wait_text("查找来访");
    s.type_text("李四");
    s.send(ENTER);
    s.wait_text("HF-20261117-002");
    s.send(ENTER);
    s.wait_text("来访详情");
    s.wait_text("重复件，原件 HF-20261117-001、随原件重办");
    s.wait_text("重复 HF-20261117-001");
    let screen = s.screen();
    // Printed with `--nocapture`: the screen as the operator sees it.
    println!("{screen}");
    assert!(!screen.contains(&id[..8]), "no raw id:\n{screen}");
    s.send(F10);
    assert!(s.wait_exit(std::time::Duration::from_secs(5)));
}

/// A duplicate handed over on its own (its original withdrawn, or still waiting) is the
/// unit's like any case: only what follows the original is left to the original.
#[test]
fn a_duplicate_handed_over_on_its_own_is_counted_for_its_unit() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(h, "2026-12-01", &["init", "--station", "HF"]);
    for content in ["路灯坏了", "路灯不亮", "路灯一直不亮", "井盖松了", "井盖响"]
    {
        ok(h, "2026-12-01", &["case", "add", "--content", content]);
    }
    let number = |n: u32| format!("HF-20261201-{n:03}");
    let (a, b, c, d, e) = (number(1), number(2), number(3), number(4), number(5));
    ok(h, "2026-12-01", &["case", "link", &b, "--to", &a]);
    ok(h, "2026-12-01", &["case", "link", &c, "--to", &a]);
    ok(h, "2026-12-01", &["case", "link", &e, "--to", &d]);
    // A was registered by mistake; its duplicates' residents are still waiting.
    ok(
        h,
        "2026-12-01",
        &["case", "withdraw", &a, "--reason", "mistake"],
    );
    let classify = |number: &str| {
        ok(
            h,
            "2026-12-02",
            &[
                "case",
                "classify",
                number,
                "--category",
                "03",
                "--nature",
                "help",
                "--level",
                "street",
            ],
        )
    };
    // B, C and E (its original D still waiting) go to the unit on their own.
    for number in [&b, &c, &e] {
        classify(number);
    }
    ok(h, "2026-12-03", &["case", "reply", &b, "--text", "已修复"]);
    // B's resident is not satisfied: B goes back to the unit on its own.
    ok(
        h,
        "2026-12-04",
        &[
            "case",
            "callback",
            &b,
            "--satisfaction",
            "dissatisfied",
            "--resolved",
            "no",
        ],
    );
    let slips = ok(h, "2026-12-06", &["slip", "--day", "2026-12-02"]);
    assert_eq!(slips.matches("交办日期").count(), 3, "{slips}");

    // By hand: SZ was given B, C and E (three slips on 12-02), then B again (12-04): 4; it
    // replied once (B). B was reopened of its own: 重办件 1.
    ok(
        h,
        "2026-12-06",
        &[
            "report", "--month", "2026-12", "--format", "md", "--out", "r.md",
        ],
    );
    let md = std::fs::read_to_string(h.join("r.md")).unwrap();
    assert_eq!(md_row(&md, "受理数")[0], "4");
    assert_eq!(md_row(&md, "撤销数")[0], "1");
    assert_eq!(md_row(&md, "重办件")[0], "1");
    let unit = md_row(&md, "SZ");
    assert_eq!(&unit[1..3], ["4", "1"], "{unit:?}");
}
