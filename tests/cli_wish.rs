//! 微心愿 (issue 25): registered, claimed, fulfilled and listed through the real binary, with
//! the resident's and the volunteer's data masked, and every bad input refused in both
//! languages with nothing changed.

mod common;

use common::liaison;
use serde_json::Value;

fn run_on(h: &std::path::Path, today: &str, lang: &str, args: &[&str]) -> (bool, String) {
    let out = liaison(h)
        .args(["--lang", lang, "--db", "x.db", "--today", today])
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

fn ok(h: &std::path::Path, today: &str, args: &[&str]) -> String {
    let (ok, said) = run_on(h, today, "zh", args);
    assert!(ok, "{args:?}: {said}");
    said
}

fn wishes(h: &std::path::Path) -> Vec<Value> {
    ok(h, "2026-11-30", &["wish", "list", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn desk() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    ok(home.path(), "2026-11-17", &["init", "--station", "HF"]);
    home
}

#[test]
fn a_wish_is_registered_claimed_fulfilled_and_listed_masked() {
    let home = desk();
    let h = home.path();
    let first = ok(
        h,
        "2026-11-17",
        &[
            "wish",
            "add",
            "--content",
            "90岁老人需要一副助行器",
            "--public",
            "一位高龄老人需要助行器",
            "--name",
            "王秀英",
            "--phone",
            "13812345678",
            "--address",
            "和风雅苑3幢201室",
        ],
    );
    assert_eq!(first.trim(), "HF-W-20261117-001");
    let second = ok(
        h,
        "2026-11-17",
        &["wish", "add", "--content", "孩子上学缺一个书包"],
    );
    assert_eq!(second.trim(), "HF-W-20261117-002");

    let said = ok(h, "2026-11-17", &["wish", "list"]);
    assert!(
        said.contains("王**") && said.contains("138****5678"),
        "{said}"
    );
    assert!(
        !said.contains("王秀英") && !said.contains("13812345678"),
        "{said}"
    );
    assert!(
        said.contains("待认领") && said.contains("共 2 个微心愿"),
        "{said}"
    );

    let said = ok(
        h,
        "2026-11-18",
        &["wish", "claim", "HF-W-20261117-001", "--by", "D02"],
    );
    assert!(said.contains("HF-W-20261117-001 已认领：D02"), "{said}");
    let said = ok(
        h,
        "2026-11-18",
        &[
            "wish",
            "claim",
            "HF-W-20261117-002",
            "--volunteer",
            "李明华",
        ],
    );
    assert!(
        said.contains("志愿者 李**") && !said.contains("李明华"),
        "{said}"
    );
    let said = ok(
        h,
        "2026-11-20",
        &[
            "wish",
            "fulfil",
            "HF-W-20261117-001",
            "--note",
            "张代表送去助行器",
            "--date",
            "2026-11-19",
        ],
    );
    assert!(said.contains("已圆梦（2026-11-19）"), "{said}");

    let list = wishes(h);
    assert_eq!(list.len(), 2);
    let w = &list[0];
    assert_eq!(w["number"], "HF-W-20261117-001");
    assert_eq!(w["state"], "fulfilled");
    assert_eq!(w["member"], "D02");
    assert_eq!(w["fulfilled_on"], "2026-11-19");
    assert_eq!(w["events"], 3);
    assert_eq!(w["public"], "一位高龄老人需要助行器");
    assert_eq!(w["resident"]["name"], "王**");
    assert_eq!(w["resident"]["phone"], "138****5678");
    assert_eq!(list[1]["state"], "claimed");
    assert_eq!(list[1]["volunteer"], "李**");
    assert_eq!(list[1]["by_volunteer"], true);
    let all = serde_json::to_string(&list).unwrap();
    assert!(!all.contains("13812345678") && !all.contains("李明华") && !all.contains("王秀英"));

    // By state.
    let said = ok(
        h,
        "2026-11-20",
        &["wish", "list", "--state", "claimed", "--json"],
    );
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(said.contains("HF-W-20261117-002"), "{said}");

    // A wish is not a case: no case was registered, none is counted.
    let cases = ok(h, "2026-11-20", &["cases", "--json"]);
    assert!(cases.trim().is_empty(), "{cases}");

    // Withdrawing the claimed one ends it.
    let said = ok(
        h,
        "2026-11-20",
        &[
            "wish",
            "withdraw",
            "HF-W-20261117-002",
            "--reason",
            "家人已买",
        ],
    );
    assert!(said.contains("HF-W-20261117-002 已撤销"), "{said}");
    assert_eq!(wishes(h)[1]["state"], "withdrawn");

    ok(h, "2026-11-20", &["check"]);
}

#[test]
fn bad_input_is_refused_in_both_languages_and_changes_nothing() {
    let home = desk();
    let h = home.path();
    ok(h, "2026-11-17", &["wish", "add", "--content", "修水龙头"]);
    ok(h, "2026-11-17", &["wish", "add", "--content", "轮椅"]);
    ok(
        h,
        "2026-11-18",
        &["wish", "claim", "HF-W-20261117-002", "--by", "R11"],
    );
    ok(
        h,
        "2026-11-19",
        &["wish", "fulfil", "HF-W-20261117-002", "--note", "已送到"],
    );
    let before = wishes(h);

    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["wish", "add", "--content", "   "],
            "反映内容不能为空",
            "must not be empty",
        ),
        (
            &["wish", "add", "--content", "\u{1b}[2J\u{7}"],
            "不能为空",
            "must not be empty",
        ),
        (
            &[
                "wish",
                "add",
                "--content",
                "书包",
                "--public",
                "请联系13812345678",
            ],
            "上墙文字不能含电话",
            "must not hold a phone",
        ),
        (
            &["wish", "add", "--content", "书包", "--phone", "12"],
            "电话",
            "phone",
        ),
        (
            &["wish", "claim", "HF-W-20261117-099", "--by", "D02"],
            "没有编号为 HF-W-20261117-099 的微心愿",
            "no wish numbered HF-W-20261117-099",
        ),
        (
            &["wish", "claim", "HF-W-20261117-002", "--by", "D02"],
            "状态为已圆梦，不能认领",
            "is fulfilled: claim is not allowed",
        ),
        (
            &["wish", "claim", "HF-W-20261117-001"],
            "请指明认领人",
            "say who claims it",
        ),
        (
            &[
                "wish",
                "claim",
                "HF-W-20261117-001",
                "--by",
                "D02",
                "--volunteer",
                "李明华",
            ],
            "请指明认领人",
            "say who claims it",
        ),
        (
            &["wish", "claim", "HF-W-20261117-001", "--by", "D01"],
            "D01 属于 XA，不能认领",
            "D01 belongs to XA",
        ),
        (
            &["wish", "claim", "HF-W-20261117-001", "--by", "D99"],
            "D99",
            "D99",
        ),
        (
            &[
                "wish",
                "claim",
                "HF-W-20261117-001",
                "--volunteer",
                " \u{7f} ",
            ],
            "不能为空",
            "must not be empty",
        ),
        (
            &["wish", "fulfil", "HF-W-20261117-001", "--note", "好了"],
            "尚未认领",
            "is not claimed yet",
        ),
        (
            &["wish", "fulfil", "HF-W-20261117-002", "--note", "再送一次"],
            "不能圆梦",
            "fulfil is not allowed",
        ),
        (
            &["wish", "withdraw", "HF-W-20261117-002", "--reason", "x"],
            "不能撤销",
            "withdraw is not allowed",
        ),
        (
            &["wish", "withdraw", "HF-W-20261117-001", "--reason", " "],
            "不能为空",
            "must not be empty",
        ),
    ];
    for (args, zh, en) in cases {
        let (done, said) = run_on(h, "2026-11-20", "zh", args);
        assert!(!done && said.contains(zh), "{args:?}: {said}");
        let (done, said) = run_on(h, "2026-11-20", "en", args);
        assert!(!done && said.contains(en), "{args:?}: {said}");
    }

    // A future date, and one before the wish was registered, once it is claimed.
    ok(
        h,
        "2026-11-20",
        &[
            "wish",
            "claim",
            "HF-W-20261117-001",
            "--volunteer",
            "李明华",
        ],
    );
    let claimed = wishes(h);
    for (date, zh, en) in [
        ("2026-11-21", "晚于记录当日", "after the day it is recorded"),
        (
            "2026-11-16",
            "早于登记日期",
            "before the wish was registered",
        ),
    ] {
        let args = [
            "wish",
            "fulfil",
            "HF-W-20261117-001",
            "--note",
            "好了",
            "--date",
            date,
        ];
        let (done, said) = run_on(h, "2026-11-20", "zh", &args);
        assert!(!done && said.contains(zh), "{said}");
        let (done, said) = run_on(h, "2026-11-20", "en", &args);
        assert!(!done && said.contains(en), "{said}");
    }
    assert_eq!(wishes(h), claimed);
    // Before the claim, nothing the refusals tried had changed anything.
    assert_eq!(before[0]["state"], "open");
    assert_eq!(claimed[0]["state"], "claimed");
    assert_eq!(before[1], claimed[1]);
    assert_eq!(claimed.len(), 2);
}

fn bytes_of(h: &std::path::Path) -> Vec<u8> {
    let mut all = std::fs::read(h.join("x.db")).unwrap();
    if let Ok(wal) = std::fs::read(h.join("x.db-wal")) {
        all.extend(wal);
    }
    all
}

fn holds(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

#[test]
fn purge_erases_a_wishs_resident_and_volunteer_for_good_and_keeps_the_wish() {
    let home = desk();
    let h = home.path();
    ok(
        h,
        "2026-11-02",
        &[
            "wish",
            "add",
            "--content",
            "需要助行器，家属电话13912345678",
            "--name",
            "钱桂英",
            "--phone",
            "13812345678",
            "--address",
            "和风雅苑3幢201室",
        ],
    );
    ok(
        h,
        "2026-11-03",
        &[
            "wish",
            "claim",
            "HF-W-20261102-001",
            "--volunteer",
            "欧阳志远",
        ],
    );
    ok(
        h,
        "2026-11-04",
        &["wish", "fulfil", "HF-W-20261102-001", "--note", "已送到"],
    );
    // Still open on the cut-off day: kept whole.
    ok(
        h,
        "2026-11-05",
        &["wish", "add", "--content", "书包", "--name", "赵建国"],
    );
    let before = bytes_of(h);
    assert!(holds(&before, "欧阳志远") && holds(&before, "钱桂英"));

    let (done, said) = run_on(
        h,
        "2026-11-30",
        "zh",
        &["purge", "--before", "2026-11-10", "--yes"],
    );
    assert!(done, "{said}");
    assert!(said.contains("已清除 1 个微心愿的个人信息"), "{said}");
    let after = bytes_of(h);
    for gone in [
        "欧阳志远",
        "钱桂英",
        "13812345678",
        "13912345678",
        "3幢201室",
    ] {
        assert!(!holds(&after, gone), "{gone} is still in the file");
    }
    assert!(holds(&after, "赵建国"), "an open wish keeps its resident");

    let list = wishes(h);
    assert_eq!(list[0]["state"], "fulfilled");
    assert_eq!(list[0]["resident"]["name"], Value::Null);
    assert_eq!(list[0]["resident"]["address"], "和风雅苑");
    assert_eq!(list[0]["volunteer"], Value::Null);
    assert_eq!(list[0]["by_volunteer"], true);
    assert_eq!(list[0]["purged"], true);
    assert_eq!(list[0]["events"], 4);
    assert_eq!(list[1]["resident"]["name"], "赵**");
    ok(h, "2026-11-30", &["check"]);

    // Nothing left: a second purge has nothing to do.
    let (done, said) = run_on(
        h,
        "2026-11-30",
        "en",
        &["purge", "--before", "2026-11-10", "--yes"],
    );
    assert!(done, "{said}");
    assert_eq!(wishes(h)[0]["events"], 4);
}

#[test]
fn check_finds_a_wish_row_that_is_not_its_log() {
    let home = desk();
    let h = home.path();
    ok(h, "2026-11-17", &["wish", "add", "--content", "轮椅"]);
    ok(h, "2026-11-17", &["check"]);
    let conn = rusqlite::Connection::open(h.join("x.db")).unwrap();
    conn.execute("UPDATE wishes SET state = 'fulfilled'", [])
        .unwrap();
    drop(conn);
    let (done, said) = run_on(h, "2026-11-17", "en", &["check"]);
    assert!(!done, "{said}");
    assert!(
        said.contains("HF-W-20261117-001: row differs from its log"),
        "{said}"
    );
}

/// Every file beside the desk's database (and in its folders), as raw bytes, by name.
fn files_beside(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            all.extend(files_beside(&path));
        } else {
            all.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    all
}

#[test]
fn purge_erases_a_wishs_people_from_the_backups_and_files_kept_aside_too() {
    let home = desk();
    let h = home.path();
    ok(
        h,
        "2026-11-02",
        &[
            "wish",
            "add",
            "--content",
            "轮椅",
            "--name",
            "钱桂英",
            "--phone",
            "13812345678",
            "--address",
            "和风雅苑3幢201室",
        ],
    );
    ok(
        h,
        "2026-11-03",
        &[
            "wish",
            "claim",
            "HF-W-20261102-001",
            "--volunteer",
            "欧阳志远",
        ],
    );
    ok(
        h,
        "2026-11-04",
        &["wish", "fulfil", "HF-W-20261102-001", "--note", "已送到"],
    );
    // A daily backup, a named backup, and a restore that keeps the desk's file aside.
    ok(h, "2026-11-05", &["backup", "--auto"]);
    ok(h, "2026-11-05", &["backup", "manual.db"]);
    ok(h, "2026-11-05", &["restore", "manual.db", "--yes"]);
    std::fs::remove_file(h.join("manual.db")).unwrap();
    let needles = ["钱桂英", "13812345678", "3幢201室", "欧阳志远"];
    let holders = |needle: &str| -> Vec<std::path::PathBuf> {
        files_beside(h)
            .into_iter()
            .filter(|(_, b)| holds(b, needle))
            .map(|(p, _)| p)
            .collect()
    };
    assert!(holders("钱桂英").len() >= 3, "{:?}", holders("钱桂英"));

    ok(
        h,
        "2026-11-30",
        &["purge", "--before", "2026-11-10", "--yes"],
    );
    for needle in needles {
        assert!(
            holders(needle).is_empty(),
            "{needle} in {:?}",
            holders(needle)
        );
    }
    let list = wishes(h);
    assert_eq!(list[0]["state"], "fulfilled");
    assert_eq!(list[0]["purged"], true);
    assert_eq!(list[0]["by_volunteer"], true);
    ok(h, "2026-11-30", &["check"]);
}

/// The demo at a desk (`liaison --demo`, whose file is made before the UI asks for a
/// terminal) holds a handful of wishes in every state; those on the wall are worded with
/// nothing that tells who or where: no resident's or volunteer's name, phone or address,
/// and nothing the scanner of personal numbers finds.
#[test]
fn the_demo_at_a_desk_holds_wishes_in_every_state_worded_for_the_wall() {
    const TODAY: &str = "2026-11-17";
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let out = liaison(h)
        .args(["--lang", "en", "--today", TODAY, "--demo"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "no terminal: {out:?}");
    let db = h.join("data/liaison/demo.db");
    assert!(db.exists());
    let db = db.to_str().unwrap();
    let list_of = |args: &[&str]| {
        let out = liaison(h)
            .args(["--lang", "en", "--db", db, "--today", TODAY, "wish", "list"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let list: Vec<Value> = list_of(&["--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!((5..=8).contains(&list.len()), "{list:?}");
    let state = |s: &str| list.iter().filter(|w| w["state"] == s).count();
    assert!(state("open") >= 3, "{list:?}");
    assert!(state("claimed") >= 1, "{list:?}");
    assert!(state("fulfilled") >= 2, "{list:?}");
    assert!(state("withdrawn") >= 1, "{list:?}");
    let open: Vec<&Value> = list.iter().filter(|w| w["state"] == "open").collect();
    assert!(open.iter().filter(|w| w["public"].is_string()).count() >= 2);
    assert!(open.iter().any(|w| w["public"].is_null()), "one unworded");
    assert!(list.iter().any(|w| w["member"].is_string()), "a member");
    assert!(
        list.iter()
            .any(|w| w["by_volunteer"] == true && w["volunteer"].is_string()),
        "a volunteer"
    );
    for w in &list {
        assert_eq!(w["station"], "HF");
        let registered = &w["registered_at"].as_str().unwrap()[..10];
        assert!(registered < TODAY, "{w}");
        if w["state"] == "fulfilled" {
            let on = w["fulfilled_on"].as_str().unwrap();
            assert!(registered <= on && on < TODAY, "{w}");
            assert!(!w["note"].as_str().unwrap().is_empty(), "{w}");
        }
    }
    // The table says every state in words, one row a wish.
    let text = list_of(&[]);
    for s in ["open", "claimed", "fulfilled", "withdrawn"] {
        assert!(text.contains(s), "{s}: {text}");
    }
    assert!(text.contains(&format!("{} wishes", list.len())), "{text}");

    // The wordings, against the personal data the file keeps apart.
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut personal: Vec<String> = Vec::new();
    let mut stmt = conn
        .prepare("SELECT name, phone, address, volunteer FROM wish_people")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok([
                r.get::<_, Option<String>>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
            ])
        })
        .unwrap();
    for row in rows {
        personal.extend(row.unwrap().into_iter().flatten());
    }
    assert!(personal.len() >= 10, "{personal:?}");
    let publics: Vec<&str> = list.iter().filter_map(|w| w["public"].as_str()).collect();
    for public in &publics {
        let found = liaison::domain::numbers_in_text::find_numbers(public);
        assert!(found.is_empty(), "{public}: {found:?}");
        assert!(!public.chars().any(|c| c.is_ascii_digit()), "{public}");
        for p in &personal {
            // A name's surname alone (王) may well be in an ordinary word.
            if p.chars().count() >= 2 {
                assert!(!public.contains(p.as_str()), "{p} in {public}");
            }
        }
    }
    let out = liaison(h)
        .args(["--lang", "en", "--db", db, "--today", TODAY, "check"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}
