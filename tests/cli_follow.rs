//! The follow-through commands through the real binary: as a supervisor would script them.

mod common;

use common::liaison;
use predicates::prelude::*;
use serde_json::{Value, json};

fn json_lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8(out.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn setup() -> (tempfile::TempDir, String) {
    let home = tempfile::tempdir().unwrap();
    liaison(home.path())
        .args(["--db", "x.db", "init", "--station", "HF"])
        .assert()
        .success();
    let out = liaison(home.path())
        .args([
            "--db",
            "x.db",
            "--today",
            "2026-09-15",
            "case",
            "add",
            "--content",
            "小区路灯坏了三个月",
            "--name",
            "王小红",
            "--phone",
            "13812345678",
            "--address",
            "和风雅苑3幢201室",
        ])
        .output()
        .unwrap();
    let number = String::from_utf8(out.stdout).unwrap().trim().to_string();
    liaison(home.path())
        .args([
            "--db",
            "x.db",
            "--today",
            "2026-09-15",
            "case",
            "classify",
            &number,
            "--category",
            "03",
            "--nature",
            "help",
            "--level",
            "street",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("期限 2026-09-29"));
    (home, number)
}

#[test]
fn supervise_lists_the_ladder_and_urges_what_is_due() {
    let (home, number) = setup();
    let out = liaison(home.path())
        .args([
            "--db",
            "x.db",
            "--today",
            "2026-10-08",
            "supervise",
            "--json",
        ])
        .output()
        .unwrap();
    let rows = json_lines(&out.stdout);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["number"], number.as_str());
    assert_eq!(rows[0]["ladder"]["stage"], "urge");
    assert_eq!(rows[0]["ladder"]["action_due"], "urged");
    assert_eq!(rows[0]["resident"]["phone"], "138****5678");
    // Without --yes nothing is written.
    liaison(home.path())
        .args([
            "--db",
            "x.db",
            "--today",
            "2026-10-08",
            "supervise",
            "--urge-due",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("今日 HF 有 1 项督办到期")
                .and(predicate::str::contains("--yes")),
        );
    // In English, with the plural right.
    liaison(home.path())
        .args([
            "--db",
            "x.db",
            "--lang",
            "en",
            "--today",
            "2026-10-08",
            "supervise",
            "--urge-due",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 step is due today at HF"));
    let out = liaison(home.path())
        .args([
            "--db",
            "x.db",
            "--today",
            "2026-10-08",
            "supervise",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(json_lines(&out.stdout)[0]["ladder"]["action_due"], "urged");
    liaison(home.path())
        .args([
            "--db",
            "x.db",
            "--today",
            "2026-10-08",
            "supervise",
            "--urge-due",
            "--yes",
            "--note",
            "统一催办",
        ])
        .assert()
        .success()
        .stdout("已记录 1 项督办\n");
    let out = liaison(home.path())
        .args([
            "--db",
            "x.db",
            "--today",
            "2026-10-08",
            "supervise",
            "--json",
        ])
        .output()
        .unwrap();
    let row = &json_lines(&out.stdout)[0];
    assert!(row["ladder"]["action_due"].is_null());
    assert_eq!(row["supervision"], "urged");
    // Nothing more is due today: `case urge` without --step does not climb on its own.
    let number = row["number"].as_str().unwrap().to_string();
    let urge = |extra: &[&str]| {
        let mut args = vec![
            "--db",
            "x.db",
            "--today",
            "2026-10-08",
            "case",
            "urge",
            &number,
        ];
        args.extend(extra);
        liaison(home.path()).args(&args).assert()
    };
    urge(&[]).failure().stderr(
        predicate::str::contains("今天没有到期的督办步骤")
            .and(predicate::str::contains("--step escalated")),
    );
    urge(&["--step", "escalated"]).success();
}

#[test]
fn the_cycle_from_the_command_line() {
    let (home, number) = setup();
    let run = |today: &str, args: &[&str]| {
        let mut all = vec!["--db", "x.db", "--today", today, "case"];
        all.extend_from_slice(args);
        liaison(home.path()).args(&all).assert()
    };
    run("2026-10-13", &["urge", &number])
        .success()
        .stdout(predicate::str::contains("已通报"));
    run(
        "2026-10-13",
        &["extend", &number, "--days", "3", "--reason", ""],
    )
    .failure()
    .stderr(predicate::str::contains("原因不能为空"));
    run(
        "2026-10-13",
        &["extend", &number, "--to", "2026-09-30", "--reason", "太早"],
    )
    .failure()
    .stderr(predicate::str::contains("早于记录当日"));
    // A holiday, a far-off typo, a number of days out of range: refused by name.
    for (args, says) in [
        (vec!["--to", "2026-10-01"], "2026-10-01 不是工作日"),
        (vec!["--to", "2029-10-22"], "超过 250 个工作日之后"),
        (vec!["--to", "99999-01-01"], "not a date"),
        (
            vec!["--days", "4294967295"],
            "not a number of working days from 1 to 250",
        ),
        (vec!["--days", "0"], "not a number of working days"),
    ] {
        let mut all = vec!["extend", number.as_str()];
        all.extend(args);
        all.extend(["--reason", "延期"]);
        run("2026-10-13", &all)
            .failure()
            .stderr(predicate::str::contains(says));
    }
    run(
        "2026-10-13",
        &[
            "extend",
            &number,
            "--to",
            "2026-10-20",
            "--reason",
            "需协调供电公司",
        ],
    )
    .success()
    .stdout(predicate::str::contains("期限 2026-10-20"));
    run(
        "2026-10-16",
        &["reply", &number, "--text", "已更换路灯三盏"],
    )
    .success();
    run(
        "2026-10-19",
        &[
            "callback",
            &number,
            "--satisfaction",
            "dissatisfied",
            "--resolved",
            "no",
        ],
    )
    .success()
    .stdout(predicate::str::contains("重办").and(predicate::str::contains("重办 1 次")));
    run(
        "2026-10-19",
        &[
            "callback",
            &number,
            "--satisfaction",
            "satisfied",
            "--resolved",
            "maybe",
        ],
    )
    .failure()
    .stderr(predicate::str::contains("answer yes or no"));
    run(
        "2026-10-28",
        &["reply", &number, "--text", "线路已全部检修"],
    )
    .success();
    run(
        "2026-10-29",
        &[
            "callback",
            &number,
            "--satisfaction",
            "very_satisfied",
            "--resolved",
            "yes",
        ],
    )
    .success()
    .stdout(predicate::str::contains("已办结"));
    // `case show` says what each step said: the replies, the call-back, the unit.
    liaison(home.path())
        .args(["--db", "x.db", "case", "show", &number])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("反馈  操作员  2026-10-28  线路已全部检修")
                .and(predicate::str::contains("回访  操作员  非常满意  是"))
                .and(predicate::str::contains("街道市政设施管理所 → ")),
        );
    liaison(home.path())
        .args(["--db", "x.db", "check"])
        .assert()
        .success();
}

#[test]
fn slips_and_receipts_mask_the_phone() {
    let (home, number) = setup();
    liaison(home.path())
        .args(["--db", "x.db", "--today", "2026-09-15", "slip", &number])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("群众意见交办单")
                .and(predicate::str::contains("承办单位：街道市政设施管理所"))
                .and(predicate::str::contains(
                    "2026年09月29日（交办后10个工作日）",
                ))
                .and(predicate::str::contains("138****5678"))
                .and(predicate::str::contains("13812345678").not())
                .and(predicate::str::contains("（盖章）")),
        );
    liaison(home.path())
        .args([
            "--db",
            "x.db",
            "--today",
            "2026-09-15",
            "slip",
            "--day",
            "2026-09-15",
            "--format",
            "html",
            "--out",
            "slips.html",
        ])
        .assert()
        .success();
    let html = std::fs::read_to_string(home.path().join("slips.html")).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>")
            && html.contains(&number)
            && !html.contains("13812345678")
    );
    // Never overwrites.
    liaison(home.path())
        .args(["--db", "x.db", "slip", &number, "--out", "slips.html"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("必须是新文件"));
    liaison(home.path())
        .args(["--db", "x.db", "--today", "2026-09-15", "receipt", &number])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("受理回执")
                .and(predicate::str::contains("办理期限至2026年09月29日"))
                .and(predicate::str::contains("0510-85201101")),
        );
    // A case not yet handed over has no slip.
    liaison(home.path())
        .args(["--db", "x.db", "case", "add", "--content", "还没处理"])
        .assert()
        .success();
    liaison(home.path())
        .args(["--db", "x.db", "slip", "--day", "2099-01-01"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("没有可打印的"));
}

#[test]
fn units_import_is_checked_whole_and_reads_gbk() {
    let home = tempfile::tempdir().unwrap();
    liaison(home.path())
        .args(["--db", "x.db", "init", "--station", "HF"])
        .assert()
        .success();
    let before = liaison(home.path())
        .args(["--db", "x.db", "units", "list", "--json"])
        .output()
        .unwrap()
        .stdout;
    std::fs::write(
        home.path().join("bad.csv"),
        "code,name,phone\nSZ,街道市政设施管理所,0510-85209999\nNEW,新单位,12345\n",
    )
    .unwrap();
    liaison(home.path())
        .args(["--db", "x.db", "units", "import", "bad.csv"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "第 3 行，单位 NEW：`12345` 不是电话号码",
        ));
    let after = liaison(home.path())
        .args(["--db", "x.db", "units", "list", "--json"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(before, after, "a refused import changes nothing");
    let (gbk, _, _) = encoding_rs::GBK.encode("编码,名称,层级,联系人,电话\r\nSZ,街道市政设施管理所,街道,钱师傅,13900001234\r\nQX,区新设部门,区级,,\r\n");
    std::fs::write(home.path().join("units.csv"), &gbk).unwrap();
    liaison(home.path())
        .args(["--db", "x.db", "units", "import", "units.csv"])
        .assert()
        .success()
        .stdout(predicate::str::contains("新增 1 个，更新 1 个"));
    let units_list = || {
        json_lines(
            &liaison(home.path())
                .args(["--db", "x.db", "units", "list", "--json"])
                .output()
                .unwrap()
                .stdout,
        )
    };
    let units = units_list();
    let sz = units.iter().find(|u| u["code"] == "SZ").unwrap();
    assert_eq!(sz["contact"], "钱师傅");
    assert_eq!(sz["categories"], serde_json::json!(["03"]));

    // `units set` changes what it is given and keeps the rest; "" clears a field.
    let set = |args: &[&str]| {
        let mut all = vec!["--db", "x.db", "units", "set", "SZ"];
        all.extend(args);
        liaison(home.path()).args(&all).assert()
    };
    let sz = || {
        let sz = units_list()
            .into_iter()
            .find(|u| u["code"] == "SZ")
            .unwrap();
        (sz["contact"].clone(), sz["phone"].clone())
    };
    set(&["--phone", "0510-85209999"]).success();
    assert_eq!(sz(), (json!("钱师傅"), json!("0510-85209999")));
    set(&[]).failure().code(2);
    set(&["--contact", &"长".repeat(41)])
        .failure()
        .stderr(predicate::str::contains("40"));
    assert_eq!(sz(), (json!("钱师傅"), json!("0510-85209999")));
    set(&["--contact", ""]).success();
    assert_eq!(sz(), (Value::Null, json!("0510-85209999")));
    assert!(
        units
            .iter()
            .any(|u| u["code"] == "QX" && u["tier"] == "district")
    );
    liaison(home.path())
        .args([
            "--db",
            "x.db",
            "categories",
            "set",
            "03",
            "--unit",
            "QX",
            "--days",
            "7",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("03: QX 7 days"));
    liaison(home.path())
        .args(["--db", "x.db", "categories", "set", "03", "--unit", "NOPE"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("未知承办单位 `NOPE`"));
}

#[test]
fn search_and_link_from_the_command_line() {
    let (home, number) = setup();
    liaison(home.path())
        .args([
            "--db",
            "x.db",
            "--today",
            "2026-09-16",
            "case",
            "add",
            "--content",
            "路灯坏了好几个月了",
            "--phone",
            "13900001111",
        ])
        .assert()
        .success();
    let out = liaison(home.path())
        .args(["--db", "x.db", "search", "路灯", "--json"])
        .output()
        .unwrap();
    assert_eq!(json_lines(&out.stdout).len(), 2);
    let out = liaison(home.path())
        .args(["--db", "x.db", "search", "1111", "--json"])
        .output()
        .unwrap();
    let found = json_lines(&out.stdout);
    assert_eq!(found.len(), 1);
    let dup = found[0]["number"].as_str().unwrap().to_string();
    liaison(home.path())
        .args([
            "--db",
            "x.db",
            "--today",
            "2026-09-16",
            "case",
            "link",
            &dup,
            "--to",
            &number,
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("已交办"));
    let out = liaison(home.path())
        .args(["--db", "x.db", "case", "show", &dup, "--json"])
        .output()
        .unwrap();
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["unit"], "SZ");
    assert_eq!(shown["due_date"], "2026-09-29");
    assert!(shown["duplicate_of"].is_string());
}

/// A dissatisfied call-back on a case answered on the spot closes it (there is no unit to
/// hand it back to) and says so.
#[test]
fn a_dissatisfied_call_back_on_an_answer_on_the_spot_says_it_closes() {
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["--db", "x.db", "--today", "2026-11-17"];
        all.extend(args);
        liaison(home.path()).args(&all).assert()
    };
    run(&["init", "--station", "HF"]).success();
    run(&["case", "add", "--content", "咨询养老补贴"]).success();
    let number = "HF-20261117-001";
    run(&[
        "case",
        "classify",
        number,
        "--category",
        "08",
        "--nature",
        "consult",
        "--level",
        "on_site",
        "--note",
        "已当场解答",
    ])
    .success();
    run(&[
        "case",
        "callback",
        number,
        "--satisfaction",
        "dissatisfied",
        "--resolved",
        "no",
    ])
    .success()
    .stdout(predicate::str::contains("已办结"))
    .stderr(predicate::str::contains("当场答复的件没有承办单位"));
}
