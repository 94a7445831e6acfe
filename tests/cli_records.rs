//! Activities, livelihood projects and duty records through the real binary.

mod common;

use common::liaison;
use predicates::prelude::*;

#[test]
fn activities_projects_and_duty_records() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let run = |args: &[&str]| {
        let mut all = vec!["--db", "x.db", "--today", "2026-11-26"];
        all.extend_from_slice(args);
        liaison(h).args(&all).assert()
    };
    run(&["init", "--station", "HF"]).success();
    run(&[
        "activity",
        "add",
        "--date",
        "2026-11-03",
        "--kind",
        "volunteer",
        "--title",
        "文明城市创建志愿服务",
        "--members",
        "D02,R11,R23",
    ])
    .success()
    .stdout(predicate::str::contains("3 人次"));
    run(&[
        "activity",
        "add",
        "--date",
        "2026-11-10",
        "--kind",
        "training",
        "--title",
        "履职培训",
        "--members",
        "D02, D02",
    ])
    .success()
    .stdout(predicate::str::contains("1 人次"));
    run(&[
        "activity",
        "add",
        "--date",
        "2026-11-10",
        "--kind",
        "party",
        "--title",
        "x",
        "--members",
        "D02",
    ])
    .failure()
    .stderr(predicate::str::contains(
        "volunteer, inspection, training, exchange, other",
    ));
    run(&[
        "activity",
        "add",
        "--date",
        "2026-11-10",
        "--kind",
        "other",
        "--title",
        "x",
        "--members",
        "NOPE",
    ])
    .failure()
    .stderr(predicate::str::contains("未知成员 `NOPE`"));
    run(&["activity", "list", "--year", "2026"])
        .success()
        .stdout(predicate::str::contains("2026年：2 场次，4 人次"));

    run(&[
        "project",
        "add",
        "--code",
        "2026-01",
        "--year",
        "2026",
        "--title",
        "背街小巷路灯改造",
        "--unit",
        "SZ",
        "--target",
        "改造路灯800盏",
        "--votes",
        "25",
    ])
    .success();
    run(&[
        "project", "add", "--code", "2026-01", "--year", "2026", "--title", "重复", "--unit", "SZ",
        "--target", "x",
    ])
    .failure()
    .stderr(predicate::str::contains("已存在"));
    run(&[
        "project",
        "progress",
        "2026-01",
        "--date",
        "2026-06-30",
        "--percent",
        "40",
        "--note",
        "完成一期",
    ])
    .success();
    run(&[
        "project",
        "progress",
        "2026-01",
        "--date",
        "2026-06-30",
        "--percent",
        "140",
        "--note",
        "x",
    ])
    .failure()
    .stderr(predicate::str::contains("超过了 100%"));
    // Dated in the future, an inspection without deputies: refused.
    run(&[
        "project",
        "progress",
        "2026-01",
        "--date",
        "2030-11-12",
        "--percent",
        "60",
        "--note",
        "x",
    ])
    .failure()
    .stderr(predicate::str::contains("晚于今天（2026-11-26）"));
    run(&[
        "project",
        "inspect",
        "2026-01",
        "--date",
        "2026-09-22",
        "--findings",
        "x",
    ])
    .failure()
    .stderr(predicate::str::contains("--members"));
    run(&[
        "project",
        "inspect",
        "2026-01",
        "--date",
        "2026-09-22",
        "--members",
        "D02,D14",
        "--findings",
        "进度符合计划",
    ])
    .success();
    run(&[
        "project",
        "issue",
        "2026-01",
        "--date",
        "2026-09-22",
        "--member",
        "D02",
        "--text",
        "施工噪音扰民",
        "--case",
    ])
    .success()
    .stdout(predicate::str::contains("已登记 HF-20261126-001"));
    run(&[
        "project",
        "issue",
        "NOPE",
        "--date",
        "2026-09-22",
        "--member",
        "D02",
        "--text",
        "x",
        "--case",
    ])
    .failure()
    .stderr(predicate::str::contains("未知项目"));
    // The refused issue registered no case.
    let cases = liaison(h)
        .args(["--db", "x.db", "cases", "--json"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(String::from_utf8(cases).unwrap().lines().count(), 1);
    let out = liaison(h)
        .args([
            "--db", "x.db", "project", "list", "--year", "2026", "--json",
        ])
        .output()
        .unwrap();
    let project: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(project["progress"][0]["percent"], 40);
    assert_eq!(project["issues"][0]["case_number"], "HF-20261126-001");

    let out = liaison(h)
        .args(["--db", "x.db", "duty", "--year", "2026", "--json"])
        .output()
        .unwrap();
    let records: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let d02 = records
        .iter()
        .find(|r| r["record"]["member"] == "D02")
        .unwrap();
    assert_eq!(d02["record"]["activities"], 2);
    assert_eq!(
        records
            .iter()
            .filter(|r| r["record"]["station"] == "HF")
            .count(),
        records.len(),
        "a station sees its own members"
    );
}
