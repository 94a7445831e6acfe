//! Withdrawn registrations (issue 21, item 3): a resident who left, a mistaken or a double
//! registration ends as `withdrawn` with its reason, outside 受理数 and every figure built on it.
//! Through the real binary, on a real file.

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

fn ok(h: &std::path::Path, args: &[&str]) -> String {
    let (ok, said) = run(h, "zh", args);
    assert!(ok, "{args:?}: {said}");
    said
}

/// A desk with `n` residents waiting (HF-20261203-001 …) and D02 checked in.
fn desk(n: usize) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(h, &["init", "--station", "HF"]);
    for i in 0..n {
        let name = format!("居民{i}");
        ok(
            h,
            &["case", "add", "--content", "楼道灯坏了", "--name", &name],
        );
    }
    ok(h, &["roster", "add", "D02"]);
    ok(h, &["roster", "checkin", "D02"]);
    home
}

fn json(h: &std::path::Path, number: &str) -> serde_json::Value {
    let said = ok(h, &["case", "show", number, "--json"]);
    serde_json::from_str(&said).unwrap()
}

fn answer(h: &std::path::Path, number: &str) {
    ok(h, &["case", "call", number, "--deputy", "D02"]);
    ok(
        h,
        &[
            "case",
            "classify",
            number,
            "--category",
            "03",
            "--nature",
            "help",
            "--level",
            "on_site",
            "--note",
            "已当场答复",
        ],
    );
}

/// The summary table of the Markdown report as (figure, value).
fn summary(h: &std::path::Path, lang: &str) -> Vec<(String, String)> {
    let out = format!("r-{lang}.md");
    let (done, said) = run(
        h,
        lang,
        &[
            "report", "--month", "2026-12", "--format", "md", "--out", &out,
        ],
    );
    assert!(done, "{said}");
    let md = std::fs::read_to_string(h.join(&out)).unwrap();
    md.lines()
        .skip_while(|l| !l.starts_with("## "))
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .filter(|l| l.starts_with("| ") && !l.starts_with("| ---"))
        .skip(1)
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            (cells[0].to_string(), cells[1].to_string())
        })
        .collect()
}

fn figure<'a>(rows: &'a [(String, String)], name: &str) -> &'a str {
    rows.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name} in {rows:?}"))
}

#[test]
fn a_resident_who_left_is_outside_the_received_the_finished_and_the_rates() {
    let home = desk(4);
    let h = home.path();
    // The second resident is called, then leaves before the deputy is done.
    ok(h, &["case", "call", "HF-20261203-002", "--deputy", "D02"]);
    let said = ok(
        h,
        &["case", "withdraw", "HF-20261203-002", "--reason", "left"],
    );
    assert!(said.contains("HF-20261203-002: 撤销 → 已撤销"), "{said}");
    // The deputy is free again: the next resident can be called to them.
    for n in ["001", "003", "004"] {
        answer(h, &format!("HF-20261203-{n}"));
    }

    let shown = json(h, "HF-20261203-002");
    assert_eq!(shown["status"], "withdrawn", "{shown}");
    let said = ok(h, &["case", "show", "HF-20261203-002"]);
    assert!(
        said.contains("已撤销") && said.contains("撤销  操作员  未接待离开"),
        "{said}"
    );

    // By hand: 4 registered, 1 withdrawn, 3 received and answered on site (on time).
    let rows = summary(h, "zh");
    assert_eq!(figure(&rows, "登记数"), "4");
    assert_eq!(figure(&rows, "受理数"), "3");
    assert_eq!(figure(&rows, "撤销数"), "1");
    assert_eq!(figure(&rows, "办结数"), "3");
    assert_eq!(figure(&rows, "按期办结数"), "3");
    assert_eq!(figure(&rows, "按期办结率"), "100.0%");
    assert_eq!(figure(&rows, "来源：来访"), "3");
    assert_eq!(figure(&rows, "处置：未分类"), "0");
    assert!(!rows.iter().any(|(k, _)| k == "状态：已撤销"), "{rows:?}");
    let rows = summary(h, "en");
    assert_eq!(figure(&rows, "registered"), "4");
    assert_eq!(figure(&rows, "received"), "3");
    assert_eq!(figure(&rows, "withdrawn"), "1");
    assert_eq!(figure(&rows, "finished"), "3");

    // The CSV summary says the same, and the definitions are rewritten.
    let (done, said) = run(
        h,
        "zh",
        &[
            "report", "--month", "2026-12", "--format", "csv", "--out", "csv",
        ],
    );
    assert!(done, "{said}");
    assert!(said.contains("受理 3，撤销 1，办结 3"), "{said}");
    let csv = std::fs::read_to_string(h.join("csv/summary.csv")).unwrap();
    assert!(
        csv.contains("登记数,4") && csv.contains("撤销数,1"),
        "{csv}"
    );
    let notes = std::fs::read_to_string(h.join("csv/notes.csv")).unwrap();
    assert!(notes.contains("登记数 = 受理数 + 撤销数"), "{notes}");

    // No receipt for a registration that was not accepted.
    let (done, said) = run(h, "zh", &["receipt", "HF-20261203-002"]);
    assert!(!done && said.contains("HF-20261203-002 已撤销"), "{said}");
    let (done, said) = run(h, "en", &["receipt", "HF-20261203-002"]);
    assert!(!done && said.contains("there is no receipt"), "{said}");
    // And the deputy received three residents, not four.
    let md = std::fs::read_to_string(h.join("r-zh.md")).unwrap();
    assert!(md.contains("| D02 | 张三明 | HF | 1 | 3 | 3 | 0 |"), "{md}");
}

#[test]
fn a_classified_case_is_not_withdrawn_and_nothing_is_written() {
    let home = desk(1);
    let h = home.path();
    answer(h, "HF-20261203-001");
    let before = json(h, "HF-20261203-001");
    let (done, said) = run(
        h,
        "zh",
        &["case", "withdraw", "HF-20261203-001", "--reason", "mistake"],
    );
    assert!(!done, "{said}");
    assert!(
        said.contains("案件 HF-20261203-001 状态为已答复：只有在待接待、接待中时才能撤销"),
        "{said}"
    );
    let (done, said) = run(
        h,
        "en",
        &["case", "withdraw", "HF-20261203-001", "--reason", "mistake"],
    );
    assert!(
        !done && said.contains("only allowed when the case is queued"),
        "{said}"
    );
    assert_eq!(json(h, "HF-20261203-001"), before);
}

#[test]
fn of_names_another_registration_that_exists_and_only_for_a_duplicate() {
    let home = desk(3);
    let h = home.path();
    let n = "HF-20261203-002";
    let before = json(h, n);
    for (args, zh) in [
        (
            vec!["--reason", "duplicate"],
            "重复登记须用 --of 指明另一次登记的编号",
        ),
        (
            vec!["--reason", "duplicate", "--of", n],
            "一次登记不能与自身重复",
        ),
        (
            vec!["--reason", "duplicate", "--of", "HF-20261203-009"],
            "HF-20261203-009",
        ),
        (
            vec!["--reason", "left", "--of", "HF-20261203-001"],
            "只有重复登记（--reason duplicate）才用 --of",
        ),
        (vec!["--reason", "bored"], "bored"),
    ] {
        let mut all = vec!["case", "withdraw", n];
        all.extend(&args);
        let (done, said) = run(h, "zh", &all);
        assert!(!done && said.contains(zh), "{args:?}: {said}");
        assert_eq!(json(h, n), before, "{args:?} changed the case");
    }
    let said = ok(
        h,
        &[
            "case",
            "withdraw",
            n,
            "--reason",
            "duplicate",
            "--of",
            "HF-20261203-001",
        ],
    );
    assert!(said.contains("已撤销"), "{said}");
    let said = ok(h, &["case", "show", n]);
    assert!(said.contains("重复登记  HF-20261203-001"), "{said}");
    // Withdrawn once is withdrawn: a second time is refused.
    let (done, said) = run(h, "en", &["case", "withdraw", n, "--reason", "mistake"]);
    assert!(!done && said.contains("is withdrawn"), "{said}");

    // Another resident with the same matter is a linked duplicate, received, never withdrawn.
    ok(
        h,
        &["case", "link", "HF-20261203-003", "--to", "HF-20261203-001"],
    );
    let (done, said) = run(
        h,
        "zh",
        &["case", "withdraw", "HF-20261203-003", "--reason", "mistake"],
    );
    assert!(!done && said.contains("已关联为重复件"), "{said}");
    assert_eq!(json(h, "HF-20261203-003")["status"], "queued");
}

/// A withdrawn registration received nobody: no case is linked to it as the original (nothing
/// would follow from it, and the linked case could never be withdrawn).
#[test]
fn a_withdrawn_registration_is_not_the_original_of_a_duplicate() {
    let home = desk(3);
    let h = home.path();
    let (a, b) = ("HF-20261203-001", "HF-20261203-002");
    ok(h, &["case", "withdraw", a, "--reason", "left"]);
    let before = json(h, b);
    for (lang, said_it) in [
        (
            "zh",
            "HF-20261203-001 已撤销：撤销的登记没有受理，不能作为重复件的原件",
        ),
        ("en", "HF-20261203-001 was withdrawn"),
    ] {
        let (done, said) = run(h, lang, &["case", "link", b, "--to", a]);
        assert!(!done && said.contains(said_it), "{said}");
        assert_eq!(json(h, b), before, "the refused link changed the case");
    }
    // A related link says nothing about handling: still allowed.
    ok(h, &["case", "link", b, "--to", a, "--related"]);
    ok(h, &["check"]);
}

/// A withdrawn registration is finished: the retention purge erases its resident like any
/// other's, and its log replays to the row.
#[test]
fn a_withdrawn_registration_is_purged_under_the_retention_rule() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let on = |day: &str, args: &[&str]| {
        let out = liaison(h)
            .args(["--lang", "zh", "--db", "x.db", "--today", day])
            .args(args)
            .output()
            .unwrap();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{args:?}: {said}");
        said
    };
    on("2026-12-02", &["init", "--station", "HF"]);
    on(
        "2026-12-02",
        &[
            "case",
            "add",
            "--content",
            "路灯",
            "--name",
            "钱桂英",
            "--phone",
            "13812345678",
        ],
    );
    on(
        "2026-12-02",
        &["case", "withdraw", "HF-20261202-001", "--reason", "left"],
    );
    on("2026-12-03", &["purge", "--before", "2026-12-03", "--yes"]);
    let shown = on("2026-12-03", &["case", "show", "HF-20261202-001"]);
    assert!(
        !shown.contains("钱桂英") && !shown.contains("5678"),
        "{shown}"
    );
    assert!(shown.contains("已撤销"), "{shown}");
    on("2026-12-03", &["check"]);
}
