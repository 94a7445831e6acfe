//! An operator's reception day at 80×24 (issue 21, "Must show"): ten residents registered on
//! the screen, one who leaves before being called, one who registered twice, one whose name was
//! misspelt and is corrected, one whose unit was wrong and is re-classified. The month's report
//! must then agree with a count made by hand from what the day did.
//!
//! The screen does what the issue names (registration, withdrawal, correction,
//! re-classification); the calls and classifications in between go through the command line, as
//! a second desk or a script would, so that the day stays short enough to read.

mod common;

use std::path::Path;
use std::time::Duration;

use common::liaison;
use common::pty::*;
use serde_json::Value;

const TODAY: &str = "2026-12-15";

fn cli(h: &Path, args: &[&str]) -> String {
    let out = liaison(h)
        .args(["--db", "x.db", "--today", TODAY])
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

fn show(h: &Path, number: &str) -> Value {
    serde_json::from_str(&cli(h, &["case", "show", number, "--json"])).unwrap()
}

fn number(n: usize) -> String {
    format!("HF-20261215-{n:03}")
}

/// The residents of the day: name, phone, address, what they came about.
const RESIDENTS: [(&str, &str, &str, &str); 10] = [
    ("王秀英", "13800000001", "幸福里1号", "楼道灯坏了一个月"),
    ("李建国", "13800000002", "幸福里2号", "小区门口积水"),
    ("赵春梅", "13800000003", "幸福里3号", "想问养老补贴怎么申请"),
    ("钱国华", "13800000004", "幸福里4号", "垃圾站气味大"),
    ("孙丽", "13800000005", "幸福里5号", "路灯不亮"),
    ("周明", "13800000006", "幸福里6号", "电梯经常停"),
    ("张山", "13800000007", "幸福里7号", "下水道堵了"),
    ("吴芳", "13800000008", "幸福里8号", "想问医保报销"),
    ("郑军", "13800000009", "幸福里9号", "停车位不够"),
    // The third resident again: she came back to the desk and registered twice.
    ("赵春梅", "13800000003", "幸福里3号", "养老补贴申请"),
];

/// Puts the queue's selection on `number` (rows are read top to bottom; the details view
/// confirms the row before anything is done to it).
fn select(s: &mut Session, number: &str) {
    s.send(HOME);
    for _ in 0..12 {
        s.send(CTRL_O);
        s.wait_text("来访详情");
        s.settle();
        let here = s.screen().contains(number);
        s.send(ESC);
        s.wait_for("the queue", Duration::from_secs(5), |screen| {
            !screen.contains("来访详情")
        });
        if here {
            return;
        }
        s.send(DOWN);
        s.settle();
    }
    panic!("{number} is not in the queue: {}", s.screen());
}

#[test]
fn an_operators_day_and_the_months_report_agree_with_a_count_by_hand() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    cli(h, &["init", "--station", "HF"]);
    for member in ["D02", "D03"] {
        cli(h, &["roster", "add", member]);
        cli(h, &["roster", "checkin", member]);
    }

    let mut s = Session::start(h, &["--db", "x.db", "--today", TODAY], 80, 24);
    s.wait_text("接待队列");

    // Ten registrations, typed into the intake form.
    for (i, (name, phone, address, content)) in RESIDENTS.iter().enumerate() {
        s.send(F2);
        s.wait_text("登记来访");
        s.type_text(name);
        s.send(TAB);
        s.type_text(phone);
        s.send(TAB);
        s.type_text(address);
        s.send(TAB);
        s.send(TAB);
        s.type_text(content);
        s.send(CTRL_S);
        s.wait_text(&format!("已保存 {}", number(i + 1)));
    }

    // 005 left before being called: Ctrl-W, the first reason (未接待离开).
    select(&mut s, &number(5));
    s.send(CTRL_W);
    s.wait_text(&format!("撤销登记 {}", number(5)));
    s.wait_text("> 未接待离开");
    s.send(ENTER);
    s.wait_text(&format!("{} 已撤销", number(5)));

    // 010 is 003 registered twice: Ctrl-W offers today's registration of the same name.
    select(&mut s, &number(10));
    s.send(CTRL_W);
    s.wait_text(&format!("撤销登记 {}", number(10)));
    s.wait_text(&number(3));
    // Left, mistake, then the same resident's other registration.
    s.send(DOWN);
    s.send(DOWN);
    s.wait_for("the duplicate picked", Duration::from_secs(5), |screen| {
        screen
            .lines()
            .any(|l| l.contains("> 重复登记") && l.contains(&number(3)))
    });
    s.send(ENTER);
    s.wait_text(&format!("{} 已撤销", number(10)));

    // 007 spelt her name 张山 on the form; it is 张珊. Ctrl-E on the queue, prefilled.
    select(&mut s, &number(7));
    s.send(CTRL_E);
    s.wait_text(&format!("更正  {}", number(7)));
    s.wait_text("张山");
    s.send(CTRL_U);
    s.type_text("张珊");
    s.send(CTRL_S);
    s.wait_text(&format!("已更正 {}", number(7)));

    s.send(F10);
    assert!(s.wait_exit(Duration::from_secs(5)));

    let withdrawn = show(h, &number(10));
    assert_eq!(withdrawn["status"], "withdrawn");
    let said = cli(h, &["case", "show", &number(10)]);
    assert!(said.contains(&number(3)), "{said}");
    assert_eq!(show(h, &number(5))["status"], "withdrawn");

    // The deputies receive the eight who stayed. What each came to is the day's plan, and the
    // count by hand below is made from this plan, not from the database.
    let plan = [
        (1, "02", "help", "on_site", None),
        (2, "03", "complaint", "street", Some("SZ")),
        (3, "08", "consult", "on_site", None),
        (4, "04", "complaint", "street", Some("ZF")),
        (6, "02", "help", "on_site", None),
        (7, "03", "help", "on_site", None),
        (8, "09", "consult", "on_site", None),
        (9, "06", "suggestion", "street", Some("JT")),
    ];
    for (i, (n, category, nature, level, _)) in plan.iter().enumerate() {
        let deputy = if i % 2 == 0 { "D02" } else { "D03" };
        cli(h, &["case", "call", &number(*n), "--deputy", deputy]);
        cli(
            h,
            &[
                "case",
                "classify",
                &number(*n),
                "--category",
                category,
                "--nature",
                nature,
                "--level",
                level,
                "--note",
                "已答复",
            ],
        );
    }

    // 002 was handed to the street's utilities (03 → SZ) but the water at the gate is the
    // city management's: Ctrl-K in its details, category 04 and unit ZF.
    let mut s = Session::start(h, &["--db", "x.db", "--today", TODAY], 80, 24);
    s.wait_text("接待队列");
    select(&mut s, &number(2));
    s.send(CTRL_O);
    s.wait_text("来访详情");
    s.send(CTRL_K);
    s.wait_text(&format!("改分类  {}", number(2)));
    s.send(CTRL_U);
    s.type_text("04");
    s.send(ENTER);
    s.wait_text("04 市容环境与城市管理");
    s.send(TAB);
    s.send(TAB);
    s.send(CTRL_U);
    s.type_text("ZF");
    s.send(ENTER);
    s.wait_text("ZF 街道综合行政执法局");
    s.send(CTRL_S);
    s.wait_text(&format!("已记录 {}", number(2)));
    s.send(ESC);
    s.send(F10);
    assert!(s.wait_exit(Duration::from_secs(5)));
    let moved = show(h, &number(2));
    assert_eq!(
        (&moved["category"], &moved["unit"]),
        (&Value::from("04"), &Value::from("ZF"))
    );

    // The count by hand.
    let registered = RESIDENTS.len();
    let withdrawn = 2;
    let received = plan.len();
    let on_site = plan.iter().filter(|p| p.3 == "on_site").count();
    let handed = plan.iter().filter(|p| p.3 == "street").count();
    assert_eq!((registered, received, on_site, handed), (10, 8, 5, 3));

    let report = summary(h);
    let figure = |name: &str| -> usize {
        report
            .iter()
            .find(|(k, _)| k == name)
            .unwrap_or_else(|| panic!("no {name} in {report:?}"))
            .1
            .parse()
            .unwrap()
    };
    assert_eq!(figure("登记数"), registered);
    assert_eq!(figure("撤销数"), withdrawn);
    assert_eq!(figure("受理数"), received);
    assert_eq!(figure("登记数"), figure("受理数") + figure("撤销数"));
    assert_eq!(
        figure("办结数"),
        on_site,
        "answered at the desk is finished"
    );
    assert_eq!(figure("处置：当场答复"), on_site);
    assert_eq!(figure("处置：街道交办"), handed);
    assert_eq!(figure("来源：来访"), received);
    assert_eq!(figure("状态：已交办"), handed);

    // The units' hand-overs, by hand: 002 under ZF once (not SZ, not as a return), 004 under
    // ZF, 009 under JT.
    let md = std::fs::read_to_string(h.join("r.md")).unwrap();
    let mut units: Vec<(String, String)> = section(&md, "## 承办单位")
        .iter()
        .map(|cells| (cells[0].clone(), cells[2].clone()))
        .collect();
    units.sort();
    assert_eq!(
        units,
        [
            ("JT".to_string(), "1".to_string()),
            ("ZF".to_string(), "2".to_string())
        ],
        "{md}"
    );
    // The ledger has the corrected name, and nobody who was withdrawn is in the figures.
    let ledger = section(&md, "## 接待登记台账");
    let row = |n: usize| ledger.iter().find(|c| c[0] == number(n)).cloned();
    assert_eq!(row(7).unwrap()[4], "张珊", "{md}");
    assert!(!md.contains("张山"), "{md}");
    let receipt = cli(h, &["receipt", &number(7)]);
    assert!(receipt.contains("来访人：张珊"), "{receipt}");
}

/// The rows of a Markdown table under `head`, as cells (the header row left out).
fn section(md: &str, head: &str) -> Vec<Vec<String>> {
    md.lines()
        .skip_while(|l| !l.starts_with(head))
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .filter(|l| l.starts_with("| ") && !l.starts_with("| ---"))
        .skip(1)
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// The month's summary table of the Markdown report, as (figure, value).
fn summary(h: &Path) -> Vec<(String, String)> {
    cli(
        h,
        &[
            "report", "--month", "2026-12", "--format", "md", "--out", "r.md",
        ],
    );
    let md = std::fs::read_to_string(h.join("r.md")).unwrap();
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
