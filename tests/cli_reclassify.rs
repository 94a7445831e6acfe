//! 改分类 (issue 21, item 2) through the real binary: a case re-classified to another unit is
//! counted once, under that unit, in the month's units table; the first slip is void; a month
//! already over keeps its figures; level and unit stay once the unit replied; bad input is
//! refused with nothing written.

mod common;

use std::path::Path;

use common::{dump_file, liaison};

fn run(h: &Path, today: &str, args: &[&str]) -> (bool, String) {
    let out = liaison(h)
        .args(["--lang", "zh", "--db", "x.db", "--today", today])
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

fn ok(h: &Path, today: &str, args: &[&str]) -> String {
    let (ok, said) = run(h, today, args);
    assert!(ok, "{args:?}: {said}");
    said
}

/// A case registered and handed to 街道市政设施管理所 (SZ) on `day`.
fn handed_to_sz(h: &Path, day: &str, content: &str) -> String {
    let number = ok(h, day, &["case", "add", "--content", content])
        .trim()
        .to_string();
    ok(
        h,
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
        ],
    );
    number
}

/// The units table of a month's report: (code, 交办) for each row.
fn units_handed(h: &Path, month: &str) -> Vec<(String, String)> {
    let out = format!("r-{month}");
    ok(
        h,
        "2026-11-20",
        &["report", "--month", month, "--format", "csv", "--out", &out],
    );
    let csv = std::fs::read_to_string(h.join(out).join("units.csv")).unwrap();
    csv.lines()
        .skip(1)
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            (cells[0].to_string(), cells[2].to_string())
        })
        .collect()
}

#[test]
fn a_case_sent_to_the_wrong_unit_is_counted_once_under_the_right_one() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(h, "2026-10-27", &["init", "--station", "HF"]);
    // Handed over in October, re-classified in November: October keeps its figures.
    let october = handed_to_sz(h, "2026-10-27", "小区门口占道经营");
    // Handed over and re-classified in November.
    let november = handed_to_sz(h, "2026-11-02", "路边摊占道，人车混行");
    for number in [&october, &november] {
        let said = ok(
            h,
            "2026-11-04",
            &[
                "case",
                "reclassify",
                number,
                "--category",
                "04",
                "--unit",
                "ZF",
            ],
        );
        assert!(said.contains("改分类 → 已交办"), "{said}");
        assert!(
            said.contains("承办单位 街道市政设施管理所 → 街道综合行政执法局 2026-11-18"),
            "{said}"
        );
    }
    // November: both under ZF, none under SZ, and no return (退回) recorded anywhere.
    assert_eq!(
        units_handed(h, "2026-11"),
        vec![("ZF".to_string(), "2".to_string())]
    );
    // October as its log stood at its end.
    assert_eq!(
        units_handed(h, "2026-10"),
        vec![("SZ".to_string(), "1".to_string())]
    );
    let shown = ok(h, "2026-11-04", &["case", "show", &november]);
    assert!(!shown.contains("退回"), "{shown}");
    assert!(shown.contains("类别: 04"), "{shown}");
    // The slip is the new unit's, from the re-classification, and voids the first.
    let slip = ok(h, "2026-11-04", &["slip", &november]);
    assert!(slip.contains("交办日期：2026年11月04日"), "{slip}");
    assert!(slip.contains("承办单位：街道综合行政执法局"), "{slip}");
    // Slips have numbers of their own: the case's second hand-over voids its first.
    assert!(
        slip.contains(&format!("交办单号：{november}-2\n")),
        "{slip}"
    );
    assert!(
        slip.contains(&format!(
            "2026年11月02日交街道市政设施管理所的交办单 {november}-1 已作废"
        )),
        "{slip}"
    );
    // The slips of the day of the re-classification carry it.
    let day = ok(h, "2026-11-04", &["slip", "--day", "2026-11-04"]);
    assert!(day.contains(&november) && day.contains(&october), "{day}");
    assert!(!day.contains("承办单位：街道市政设施管理所"), "{day}");
    // The first day's slip is the first hand-over as it was made, marked void.
    let first = ok(h, "2026-11-04", &["slip", "--day", "2026-11-02"]);
    assert!(
        first.contains(&november) && !first.contains(&october),
        "{first}"
    );
    assert!(first.contains("交办日期：2026年11月02日"), "{first}");
    assert!(first.contains("承办单位：街道市政设施管理所"), "{first}");
    assert!(
        first.contains(&format!("交办单号：{november}-1\n")),
        "{first}"
    );
    assert!(
        first.contains(&format!(
            "本交办单已作废：2026年11月04日改分类后改交街道综合行政执法局，以新交办单 {november}-2 为准"
        )),
        "{first}"
    );
    // A void slip is not the unit's any more: it is never overdue.
    let late = ok(h, "2026-12-31", &["slip", "--day", "2026-11-02"]);
    assert!(!late.contains("逾期"), "{late}");
}

#[test]
fn after_the_reply_only_category_and_nature_change_and_bad_input_writes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(h, "2026-11-02", &["init", "--station", "HF"]);
    let waiting = ok(h, "2026-11-02", &["case", "add", "--content", "楼道灯坏了"])
        .trim()
        .to_string();
    let number = handed_to_sz(h, "2026-11-02", "井盖松动");
    ok(
        h,
        "2026-11-05",
        &["case", "reply", &number, "--text", "已加固井盖"],
    );
    let before = dump_file(&h.join("x.db"));
    let refused: &[(&str, &[&str], &str)] = &[
        (&number, &["--unit", "ZF"], "已反馈"),
        (&number, &["--level", "district"], "已反馈"),
        (&number, &["--level", "on_site"], "不是改分类"),
        (&number, &[], "至少给出"),
        (&number, &["--category", "03"], "没有要改的"),
        (&number, &["--category", "99"], "99"),
        (&number, &["--unit", "NOPE"], "NOPE"),
        (&waiting, &["--category", "04"], "还没有分类"),
    ];
    for (case, args, says) in refused {
        let mut all = vec!["case", "reclassify", case];
        all.extend_from_slice(args);
        let (ok_, said) = run(h, "2026-11-06", &all);
        assert!(!ok_, "{args:?} was accepted: {said}");
        assert!(said.contains(says), "{args:?}: {said}");
        assert_eq!(dump_file(&h.join("x.db")), before, "{args:?} wrote");
    }
    // Category and nature feed only the statistics: put right even after the reply.
    let said = ok(
        h,
        "2026-11-06",
        &[
            "case",
            "reclassify",
            &number,
            "--category",
            "0301",
            "--nature",
            "complaint",
        ],
    );
    assert!(said.contains("已反馈"), "{said}");
    let shown = ok(h, "2026-11-06", &["case", "show", &number]);
    assert!(shown.contains("承办单位: SZ"), "{shown}");
    assert!(shown.contains("类别 03 → 0301"), "{shown}");
    ok(h, "2026-11-06", &["check"]);
}

/// A duplicate follows its original to the new unit (as it follows a reopen), and the unit is
/// counted once, under the new unit, on the original only.
#[test]
fn a_duplicate_follows_its_original_to_the_new_unit() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(h, "2026-11-02", &["init", "--station", "HF"]);
    let original = handed_to_sz(h, "2026-11-02", "路边摊占道");
    let duplicate = ok(
        h,
        "2026-11-02",
        &["case", "add", "--content", "路边摊占道，人车混行"],
    )
    .trim()
    .to_string();
    ok(
        h,
        "2026-11-02",
        &["case", "link", &duplicate, "--to", &original],
    );
    ok(
        h,
        "2026-11-04",
        &[
            "case",
            "reclassify",
            &original,
            "--category",
            "04",
            "--unit",
            "ZF",
        ],
    );
    let shown = ok(h, "2026-11-04", &["case", "show", &duplicate]);
    assert!(shown.contains("类别: 04"), "{shown}");
    assert!(shown.contains("改分类"), "{shown}");
    assert!(shown.contains("街道综合行政执法局"), "{shown}");
    assert_eq!(
        units_handed(h, "2026-11"),
        vec![("ZF".to_string(), "1".to_string())]
    );
    // The new unit's reply reaches the duplicate's resident too.
    ok(
        h,
        "2026-11-06",
        &["case", "reply", &original, "--text", "已清理"],
    );
    let shown = ok(h, "2026-11-06", &["case", "show", &duplicate]);
    assert!(shown.contains("已清理"), "{shown}");
}
