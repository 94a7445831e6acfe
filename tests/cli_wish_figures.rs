//! 微心愿 in the figures (issue 25, item 3), through the real binary: the month's wishes in
//! the report pack equal a count by hand of what the test did, a member's fulfilled wishes
//! are in their duty record, and no case figure moves when wishes are added.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::liaison;

fn ok(h: &Path, today: &str, args: &[&str]) -> String {
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
    assert!(out.status.success(), "{args:?}: {said}");
    said
}

/// Every CSV file of a report, by name.
fn report_csv(h: &Path, today: &str, out: &str) -> BTreeMap<String, String> {
    ok(
        h,
        today,
        &[
            "report", "--month", "2026-11", "--format", "csv", "--out", out,
        ],
    );
    std::fs::read_dir(h.join(out))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

/// (day, action) as the test performs them: the count by hand reads this list, not the
/// program.
enum Step {
    Add,
    Claim(usize, Option<&'static str>),
    Fulfil(usize, &'static str),
    Withdraw(usize),
}

#[test]
fn the_months_wishes_are_counted_as_by_hand_and_no_case_figure_moves() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(h, "2026-10-20", &["init", "--station", "HF"]);
    // Some cases of the month, so that the case figures have something to stay equal.
    ok(h, "2026-11-03", &["case", "add", "--content", "路灯坏了"]);
    ok(
        h,
        "2026-11-04",
        &["case", "add", "--content", "垃圾清运不及时"],
    );
    let before = report_csv(h, "2026-11-30", "before");

    use Step::*;
    let steps: &[(&str, Step)] = &[
        ("2026-10-20", Add),                   // 0: October
        ("2026-10-25", Claim(0, Some("D02"))), // claimed in October
        ("2026-11-02", Add),                   // 1
        ("2026-11-02", Add),                   // 2
        ("2026-11-03", Add),                   // 3
        ("2026-11-05", Claim(1, Some("D02"))),
        ("2026-11-05", Claim(2, None)),          // a volunteer
        ("2026-11-06", Fulfil(0, "2026-11-04")), // 15 days after 10-20
        ("2026-11-08", Fulfil(1, "2026-11-08")), // 6 days
        ("2026-11-10", Withdraw(3)),
        ("2026-11-12", Add), // 4
        ("2026-11-13", Claim(4, Some("R11"))),
        ("2026-11-20", Fulfil(2, "2026-11-19")), // 17 days
        ("2026-12-01", Fulfil(4, "2026-11-30")), // recorded in December
        ("2026-12-01", Add),                     // 5: December
    ];
    let mut numbers: Vec<String> = Vec::new();
    for (day, step) in steps {
        match step {
            Add => {
                let n = ok(
                    h,
                    day,
                    &["wish", "add", "--content", "一个小心愿", "--name", "孙丽"],
                );
                numbers.push(n.trim().to_string());
            }
            Claim(i, Some(m)) => {
                ok(h, day, &["wish", "claim", &numbers[*i], "--by", m]);
            }
            Claim(i, None) => {
                ok(
                    h,
                    day,
                    &["wish", "claim", &numbers[*i], "--volunteer", "周志愿"],
                );
            }
            Fulfil(i, on) => {
                ok(
                    h,
                    day,
                    &[
                        "wish",
                        "fulfil",
                        &numbers[*i],
                        "--note",
                        "已办好",
                        "--date",
                        on,
                    ],
                );
            }
            Withdraw(i) => {
                ok(
                    h,
                    day,
                    &["wish", "withdraw", &numbers[*i], "--reason", "已自行解决"],
                );
            }
        }
    }

    // By hand, from the list above: November's steps.
    let november = |d: &str| d.starts_with("2026-11");
    let registered = steps
        .iter()
        .filter(|(d, s)| november(d) && matches!(s, Add))
        .count();
    let claimed = steps
        .iter()
        .filter(|(d, s)| november(d) && matches!(s, Claim(..)))
        .count();
    let fulfilled = steps
        .iter()
        .filter(|(d, s)| november(d) && matches!(s, Fulfil(..)))
        .count();
    assert_eq!((registered, claimed, fulfilled), (4, 3, 3));
    // 15, 6 and 17 days: the median is 15.
    let median = "15.0";

    let after = report_csv(h, "2026-12-01", "after");
    let wishes = &after["wishes.csv"];
    for (figure, value) in [
        ("微心愿：登记", registered.to_string()),
        ("微心愿：认领", claimed.to_string()),
        ("微心愿：圆梦", fulfilled.to_string()),
        ("微心愿：圆梦天数中位数", median.to_string()),
    ] {
        assert!(
            wishes.lines().any(|l| l == format!("{figure},{value}")),
            "{figure} = {value}?\n{wishes}"
        );
    }
    // No case figure moved: every other sheet is as it was before any wish.
    assert_eq!(before.len(), after.len());
    for (name, text) in before.iter().filter(|(n, _)| *n != "wishes.csv") {
        assert_eq!(&after[name], text, "{name} changed");
    }
    assert!(before["wishes.csv"].contains("微心愿：登记,0"));
    assert!(after["notes.csv"].contains("微心愿不是案件"));

    // The duty record: D02 fulfilled two claims (one claimed in October), R11 one
    // (recorded in December, still 2026), the volunteer's is nobody's.
    let duty = ok(h, "2026-12-01", &["duty", "--year", "2026", "--json"]);
    let of = |member: &str| -> u64 {
        duty.lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .find(|v| v["record"]["member"] == member)
            .map(|v| v["record"]["wishes_fulfilled"].as_u64().unwrap())
            .unwrap()
    };
    assert_eq!((of("D02"), of("R11"), of("D14")), (2, 1, 0));
    let table = ok(h, "2026-12-01", &["duty", "--year", "2026"]);
    assert!(table.contains("微心愿圆梦"), "{table}");
    // Wishes are not cases.
    let cases = ok(h, "2026-12-01", &["cases", "--json"]);
    assert_eq!(cases.lines().count(), 2);
}
