//! The monthly report on a month built so that every figure is known in advance: the expected
//! counts and rates below follow from how the fixture is made, not from running the code.
//! The workbook, the CSV files and the Markdown must all carry the same numbers.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{at, date, initialised, liaison};
use liaison::domain::activity::ActivityKind;
use liaison::domain::case::{Level, Nature, Satisfaction, Source};
use liaison::domain::event::EventBody;
use liaison::domain::handling::{Disposition, call_back, dispose};
use liaison::store::{NewCase, Store};

const PHONE: &str = "13812345678";

fn add(s: &mut Store, when: &str, source: Source, content: &str) -> liaison::domain::case::Case {
    let new = NewCase {
        content: content.into(),
        name: "王小红".into(),
        phone: PHONE.into(),
        address: "和风雅苑3幢201室".into(),
        source: Some(source),
        ..NewCase::default()
    };
    s.register(&new, "小王", at(when)).unwrap().case
}

fn dispose_at(
    s: &mut Store,
    case: &liaison::domain::case::Case,
    when: &str,
    category: &str,
    nature: Nature,
    level: Level,
    note: &str,
) {
    let tax = s.taxonomy().unwrap();
    let holidays = s.holiday_table().unwrap();
    let d = Disposition {
        category: category.into(),
        nature: Some(nature),
        level,
        unit: None,
        limit_days: None,
        note: note.into(),
    };
    let body = dispose(&d, &tax, &holidays, at(when).date()).unwrap();
    s.record(case.id, vec![body], "小王", at(when)).unwrap();
}

fn event(s: &mut Store, case: &liaison::domain::case::Case, when: &str, body: EventBody) {
    s.record(case.id, vec![body], "小王", at(when)).unwrap();
}

fn callback(
    s: &mut Store,
    case: &liaison::domain::case::Case,
    when: &str,
    sat: Satisfaction,
    resolved: bool,
) {
    let now = s.case(case.id).unwrap().unwrap().case;
    let bodies = call_back(
        &now,
        sat,
        resolved,
        None,
        &s.taxonomy().unwrap(),
        &s.holiday_table().unwrap(),
        at(when).date(),
    );
    s.record(case.id, bodies, "小王", at(when)).unwrap();
}

/// October 2026 at 和风社区: each case's story is told where it is made.
fn build_fixture() -> common::TestDb {
    let mut db = initialised("HF");
    let s = &mut db.store;
    use Level::*;
    use Nature::*;
    // A September case still with its unit: overdue at the end of October.
    let p = add(s, "2026-09-10 09:00", Source::WalkIn, "九月的占道经营问题");
    dispose_at(s, &p, "2026-09-10 09:10", "04", Help, Street, "");
    // Three answered at the desk, one declined.
    let a1 = add(
        s,
        "2026-10-20 09:00",
        Source::WalkIn,
        "孩子上学需要什么材料",
    );
    event(
        s,
        &a1,
        "2026-10-20 09:05",
        EventBody::Called {
            deputy: "D02".into(),
        },
    );
    dispose_at(
        s,
        &a1,
        "2026-10-20 09:20",
        "10",
        Consult,
        OnSite,
        "已讲解入学材料",
    );
    let a2 = add(s, "2026-10-09 10:00", Source::Phone, "办事大厅周六是否开放");
    dispose_at(
        s,
        &a2,
        "2026-10-09 10:05",
        "14",
        Consult,
        OnSite,
        "周六上午开放",
    );
    let a3 = add(s, "2026-10-20 10:00", Source::WalkIn, "灵活就业怎么交社保");
    event(
        s,
        &a3,
        "2026-10-20 10:05",
        EventBody::Called {
            deputy: "D02".into(),
        },
    );
    dispose_at(
        s,
        &a3,
        "2026-10-20 10:20",
        "07",
        Help,
        OnSite,
        "已讲解参保办法",
    );
    let d1 = add(s, "2026-10-12 11:00", Source::Letter, "借款纠纷");
    dispose_at(
        s,
        &d1,
        "2026-10-12 11:10",
        "11",
        Help,
        Decline,
        "已引导向法院起诉",
    );
    // S1: replied in time, very satisfied and resolved.
    let s1 = add(s, "2026-10-08 09:00", Source::WalkIn, "路灯坏了");
    event(
        s,
        &s1,
        "2026-10-08 09:05",
        EventBody::Called {
            deputy: "D14".into(),
        },
    );
    dispose_at(s, &s1, "2026-10-08 09:10", "03", Help, Street, "");
    event(
        s,
        &s1,
        "2026-10-11 16:00",
        EventBody::Replied {
            text: "已修复".into(),
            on: date("2026-10-11"),
        },
    );
    callback(
        s,
        &s1,
        "2026-10-13 10:00",
        Satisfaction::VerySatisfied,
        true,
    );
    // S2: replied after its due date (2026-10-22), satisfied and resolved.
    let s2 = add(s, "2026-10-09 09:00", Source::Online, "水管漏水");
    dispose_at(s, &s2, "2026-10-09 09:10", "03", Help, Street, "");
    event(
        s,
        &s2,
        "2026-10-24 16:00",
        EventBody::Replied {
            text: "已维修".into(),
            on: date("2026-10-24"),
        },
    );
    callback(s, &s2, "2026-10-26 10:00", Satisfaction::Satisfied, true);
    // S3: replied in time, called back dissatisfied and unresolved: reopened.
    let s3 = add(s, "2026-10-20 11:00", Source::WalkIn, "井盖松动");
    event(
        s,
        &s3,
        "2026-10-20 11:05",
        EventBody::Called {
            deputy: "D14".into(),
        },
    );
    dispose_at(s, &s3, "2026-10-20 11:10", "03", Help, Street, "");
    event(
        s,
        &s3,
        "2026-10-25 16:00",
        EventBody::Replied {
            text: "已加固".into(),
            on: date("2026-10-25"),
        },
    );
    callback(
        s,
        &s3,
        "2026-10-27 10:00",
        Satisfaction::Dissatisfied,
        false,
    );
    // S4: never replied; due 2026-10-23, overdue at the end of the month.
    let s4 = add(s, "2026-10-10 09:00", Source::Mobile, "物业不打扫楼道");
    dispose_at(s, &s4, "2026-10-10 09:10", "02", Help, Street, "");
    // S5: assigned late in October, replied in November (after the cutoff).
    let s5 = add(s, "2026-10-28 09:00", Source::WalkIn, "车库门坏了");
    dispose_at(s, &s5, "2026-10-28 09:10", "02", Help, Street, "");
    event(
        s,
        &s5,
        "2026-11-05 16:00",
        EventBody::Replied {
            text: "已修好".into(),
            on: date("2026-11-05"),
        },
    );
    // F1: forwarded to the district, due in December.
    let f1 = add(s, "2026-10-15 09:00", Source::Phone, "工厂废气");
    dispose_at(s, &f1, "2026-10-15 09:10", "05", Help, District, "");
    // Q1: still waiting at the end of the month.
    add(s, "2026-10-30 09:00", Source::WalkIn, "想咨询政策");
    // Reception day 10-20: 张三明 and 杨玉兰 checked in, 吕晓峰 on the roster only.
    for m in ["D02", "D14", "R11"] {
        s.add_to_roster(date("2026-10-20"), "HF", m).unwrap();
    }
    s.set_present(
        date("2026-10-20"),
        "HF",
        "D02",
        true,
        at("2026-10-20 08:30"),
    )
    .unwrap();
    s.set_present(
        date("2026-10-20"),
        "HF",
        "D14",
        true,
        at("2026-10-20 08:35"),
    )
    .unwrap();
    // A resident called to D02 who left before being heard: registered, not received, and
    // counted in none of the figures below but 登记数 and 撤销数.
    let w = add(s, "2026-10-21 10:00", Source::Phone, "来问问路灯的事");
    event(
        s,
        &w,
        "2026-10-21 10:05",
        EventBody::Called {
            deputy: "D02".into(),
        },
    );
    event(
        s,
        &w,
        "2026-10-21 10:30",
        EventBody::Withdrawn {
            reason: liaison::domain::withdrawal::WithdrawReason::Left,
            of: None,
            of_number: None,
        },
    );
    // Activities: two in October (2 + 3 people), one in September (1 person).
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    s.add_activity(
        date("2026-10-05"),
        ActivityKind::Volunteer,
        "志愿服务",
        None,
        Some("HF"),
        &ids(&["D02", "R11"]),
        None,
    )
    .unwrap();
    s.add_activity(
        date("2026-10-16"),
        ActivityKind::Training,
        "履职培训",
        None,
        Some("HF"),
        &ids(&["D02", "D14", "R23"]),
        None,
    )
    .unwrap();
    s.add_activity(
        date("2026-09-22"),
        ActivityKind::Inspection,
        "专项视察",
        None,
        Some("HF"),
        &ids(&["D14"]),
        None,
    )
    .unwrap();
    db
}

/// What the fixture was built to give.
const SUMMARY: &[(&str, &str)] = &[
    ("登记数", "12"),
    ("受理数", "11"),
    ("撤销数", "1"),
    ("办结数", "6"),
    ("按期办结数", "5"),
    ("按期办结率", "83.3%"),
    ("回访数", "3"),
    ("满意数", "2"),
    ("满意率", "66.7%"),
    ("办成数", "2"),
    ("解决率", "66.7%"),
    ("重办件", "1"),
    ("月末逾期", "2"),
    ("来源：来访", "6"),
    ("来源：来电", "2"),
    ("来源：网络", "1"),
    ("来源：流动接待", "1"),
    ("来源：来信", "1"),
    ("处置：当场答复", "3"),
    ("处置：街道交办", "5"),
    ("处置：上报区级", "1"),
    ("处置：转代表建议", "0"),
    ("处置：不予受理", "1"),
    ("处置：未分类", "1"),
    ("性质：咨询", "2"),
    ("性质：求助", "8"),
    ("性质：未分类", "1"),
    ("类别：02 住房与物业", "2"),
    ("类别：03 水电气与市政设施", "3"),
    ("类别：05 生态环境", "1"),
    ("类别：未分类", "1"),
    ("状态：待接待", "1"),
    ("状态：已答复", "3"),
    ("状态：已交办", "3"),
    ("状态：已上报", "1"),
    ("状态：不予受理", "1"),
    ("状态：已办结", "2"),
    ("状态：已反馈", "0"),
];

/// (unit, handed, replied, overdue at end, average days)
const UNITS: &[[&str; 5]] = &[
    ["SZ", "4", "3", "0", "7.7"],
    ["WY", "2", "0", "1", "-"],
    ["ZF", "0", "0", "1", "-"],
    ["QHB", "1", "0", "0", "-"],
];

/// (member, reception days, residents received, followed to closure, activities)
const DEPUTIES: &[[&str; 5]] = &[
    ["D02", "1", "2", "2", "2"],
    ["D14", "1", "2", "1", "1"],
    ["R11", "0", "0", "0", "1"],
    ["R23", "0", "0", "0", "1"],
];

/// The text of every cell of a workbook sheet, rows of strings (rates as `83.3%`).
fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Float(f) if f.fract() != 0.0 && *f <= 1.0 => format!("{:.1}%", f * 100.0),
                    Data::Float(f) if f.fract() != 0.0 => format!("{f:.1}"),
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => i.to_string(),
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    liaison::formats::csv::parse(text.trim_start_matches('\u{feff}'))
        .unwrap()
        .into_iter()
        .map(|(_, r)| r)
        .collect()
}

fn md_section(md: &str, title: &str) -> Vec<Vec<String>> {
    md.split("\n## ")
        .find(|s| s.starts_with(title))
        .unwrap()
        .lines()
        .filter(|l| l.starts_with('|') && !l.contains("---"))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// Looks a row up by its first cell.
fn by_key(rows: &[Vec<String>]) -> BTreeMap<String, Vec<String>> {
    rows.iter()
        .filter(|r| !r.is_empty())
        .map(|r| (r[0].clone(), r[1..].to_vec()))
        .collect()
}

#[test]
fn the_three_formats_carry_the_figures_the_fixture_was_built_for() {
    let db = build_fixture();
    let home = db.dir.path();
    for (format, out) in [
        ("xlsx", "report.xlsx"),
        ("csv", "report-csv"),
        ("md", "report.md"),
    ] {
        liaison(home)
            .args(["--db", db.path.to_str().unwrap(), "--today", "2026-11-26", "report", "--month", "2026-10", "--format", format, "--out", out])
            .assert()
            .success()
            .stdout(predicates::str::contains("受理 11，撤销 1，办结 6，按期办结率 83.3%，满意率 66.7%，解决率 66.7%，重办件 1，月末逾期 2"));
    }
    let xlsx_summary = by_key(&sheet(&home.join("report.xlsx"), "汇总")[2..]);
    let csv_summary = by_key(&csv_rows(&home.join("report-csv/summary.csv"))[1..]);
    let md = std::fs::read_to_string(home.join("report.md")).unwrap();
    let md_summary = by_key(&md_section(&md, "和风社区人大代表联络站 2026年10月 汇总")[1..]);
    for (key, want) in SUMMARY {
        for (format, table) in [
            ("xlsx", &xlsx_summary),
            ("csv", &csv_summary),
            ("md", &md_summary),
        ] {
            assert_eq!(
                table.get(*key).map(|v| v[0].as_str()),
                Some(*want),
                "{format}: {key}"
            );
        }
    }

    let xlsx_units = by_key(&sheet(&home.join("report.xlsx"), "承办单位")[2..]);
    let csv_units = by_key(&csv_rows(&home.join("report-csv/units.csv"))[1..]);
    let md_units = by_key(&md_section(&md, "承办单位")[1..]);
    for table in [&xlsx_units, &csv_units, &md_units] {
        assert_eq!(table.len(), UNITS.len(), "{table:?}");
        for [code, handed, replied, overdue, days] in UNITS {
            let row = &table[*code];
            assert_eq!(
                [row[1].as_str(), &row[2], &row[3], &row[4]],
                [*handed, *replied, *overdue, *days],
                "{code}"
            );
        }
    }

    let xlsx_deputies = by_key(&sheet(&home.join("report.xlsx"), "代表履职")[2..]);
    let csv_deputies = by_key(&csv_rows(&home.join("report-csv/deputies.csv"))[1..]);
    for table in [&xlsx_deputies, &csv_deputies] {
        assert_eq!(table.len(), DEPUTIES.len());
        for [id, days, received, closed, activities] in DEPUTIES {
            let row = &table[*id];
            assert_eq!(
                [row[2].as_str(), &row[3], &row[4], &row[5]],
                [*days, *received, *closed, *activities],
                "{id}"
            );
        }
    }

    let stations = by_key(&sheet(&home.join("report.xlsx"), "各站")[2..]);
    assert_eq!(
        stations["HF"][1..],
        ["11", "1", "6", "83.3%", "66.7%", "66.7%", "1", "2"]
    );

    let activities = by_key(&csv_rows(&home.join("report-csv/activities.csv"))[1..]);
    assert_eq!(activities["志愿服务"], ["1", "2", "1", "2"]);
    assert_eq!(activities["培训"], ["1", "3", "1", "3"]);
    assert_eq!(activities["视察"], ["0", "0", "1", "1"]);

    // The ledger lists the month's eleven cases, phones masked.
    let ledger = sheet(&home.join("report.xlsx"), "台账");
    assert_eq!(ledger.len() - 2, 11);
    assert!(ledger.iter().flatten().all(|c| !c.contains(PHONE)));
    assert!(ledger.iter().flatten().any(|c| c == "138****5678"));
    // The notes define every rate.
    let notes = by_key(&sheet(&home.join("report.xlsx"), "说明")[2..]);
    for term in ["按期办结率", "满意率", "解决率", "月末逾期"] {
        assert!(notes.contains_key(term), "{term} is not defined");
    }
}

#[test]
fn no_full_phone_in_any_export_unless_unmasked_and_then_it_is_logged() {
    let db = build_fixture();
    let home = db.dir.path();
    let db_arg = db.path.to_str().unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["--db", db_arg, "--today", "2026-11-26"];
        all.extend_from_slice(args);
        liaison(home).args(&all).assert().success()
    };
    run(&[
        "report",
        "--month",
        "2026-10",
        "--format",
        "md",
        "--out",
        "masked.md",
    ]);
    run(&[
        "report",
        "--month",
        "2026-10",
        "--format",
        "csv",
        "--out",
        "masked-csv",
    ]);
    run(&[
        "report",
        "--month",
        "2026-10",
        "--format",
        "xlsx",
        "--out",
        "masked.xlsx",
    ]);
    run(&[
        "slip",
        "--day",
        "2026-10-20",
        "--format",
        "html",
        "--out",
        "slip.html",
    ]);
    run(&["receipt", "HF-20261020-001", "--out", "receipt.txt"]);
    let mut texts = vec![
        std::fs::read_to_string(home.join("masked.md")).unwrap(),
        std::fs::read_to_string(home.join("slip.html")).unwrap(),
        std::fs::read_to_string(home.join("receipt.txt")).unwrap(),
    ];
    for entry in std::fs::read_dir(home.join("masked-csv")).unwrap() {
        texts.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    texts.push(sheet(&home.join("masked.xlsx"), "台账").concat().join(","));
    for (cmd, args) in [
        ("cases", vec!["cases", "--json"]),
        ("search", vec!["search", "路灯", "--json"]),
        ("supervise", vec!["supervise", "--json"]),
    ] {
        let mut all = vec!["--db", db_arg, "--today", "2026-11-26"];
        all.extend(args);
        let out = liaison(home).args(&all).output().unwrap();
        assert!(out.status.success(), "{cmd}");
        texts.push(String::from_utf8(out.stdout).unwrap());
    }
    for text in &texts {
        assert!(!text.contains(PHONE), "a full phone number leaked");
        assert!(!text.contains("1381234"), "a long part of a phone leaked");
    }
    // Markdown escapes the stars, which would otherwise turn into emphasis.
    assert!(texts[0].contains(r"138\*\*\*\*5678"), "{}", texts[0]);

    // Unmasked: the numbers are there, and every case shown was logged as revealed first.
    let before: i64 = db
        .store
        .connection()
        .query_row(
            "SELECT count(*) FROM case_events WHERE kind = 'revealed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(before, 0);
    run(&[
        "report",
        "--month",
        "2026-10",
        "--format",
        "md",
        "--out",
        "unmasked.md",
        "--unmasked",
    ]);
    assert!(
        std::fs::read_to_string(home.join("unmasked.md"))
            .unwrap()
            .contains(PHONE)
    );
    let after: i64 = db
        .store
        .connection()
        .query_row(
            "SELECT count(*) FROM case_events WHERE kind = 'revealed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(after, 11, "one reveal per case of the month's ledger");
}

#[test]
fn refusals_write_nothing() {
    let db = build_fixture();
    let home = db.dir.path();
    let db_arg = db.path.to_str().unwrap();
    liaison(home)
        .args([
            "--db",
            db_arg,
            "--today",
            "2026-11-26",
            "report",
            "--month",
            "2026-13",
            "--out",
            "x.xlsx",
        ])
        .assert()
        .failure()
        .stderr(predicates::str::contains("is not a month"));
    liaison(home)
        .args([
            "--db",
            db_arg,
            "--today",
            "2026-11-26",
            "report",
            "--month",
            "2027-01",
            "--out",
            "x.xlsx",
        ])
        .assert()
        .failure()
        .stderr(predicates::str::contains("还没有开始"));
    std::fs::write(home.join("taken.xlsx"), b"mine").unwrap();
    liaison(home)
        .args([
            "--db",
            db_arg,
            "--today",
            "2026-11-26",
            "report",
            "--month",
            "2026-10",
            "--out",
            "taken.xlsx",
        ])
        .assert()
        .failure()
        .stderr(predicates::str::contains("已存在"));
    assert_eq!(std::fs::read(home.join("taken.xlsx")).unwrap(), b"mine");
    assert!(!home.join("x.xlsx").exists());
}
