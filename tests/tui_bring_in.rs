//! The intake form's deputy not here (issue 21, item 7), through the real binary in a
//! pseudo-terminal at 80×24: a member not on today's roster, or not checked in, is brought
//! in (added, checked in, recorded) and called once the operator says yes; Esc at the
//! question writes nothing; a member receiving someone is refused with the command line's
//! words.

mod common;

use std::path::Path;
use std::time::Duration;

use common::liaison;
use common::pty::*;
use serde_json::Value;

const DAY: &str = "2026-11-17";

fn run(home: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--db", "demo.db", "--today", DAY];
    all.extend_from_slice(args);
    liaison(home).args(&all).output().unwrap()
}

fn roster(home: &Path) -> String {
    String::from_utf8(run(home, &["roster", "list"]).stdout).unwrap()
}

/// R35's reception days and residents received in the duty record (履职档案) of 2026.
fn duty_of_r35(home: &Path) -> (u64, u64) {
    let out = String::from_utf8(run(home, &["duty", "--year", "2026", "--json"]).stdout).unwrap();
    let line = out
        .lines()
        .find(|l| l.contains("\"R35\""))
        .expect("R35's record");
    let v: Value = serde_json::from_str(line).unwrap();
    let n = |k: &str| v["record"][k].as_u64().unwrap();
    (n("reception_days"), n("residents_received"))
}

fn cases(home: &Path) -> Vec<Value> {
    common::cases_json(home, "demo.db", DAY)
}

/// The demo's reception day, with the intake form filled and `member` picked as deputy.
fn intake_with(home: &Path, member: &str) -> Session {
    let mut s = Session::start(home, &["--db", "demo.db", "--today", DAY], 80, 24);
    s.wait_text("接待队列");
    s.send(F2);
    s.wait_text("登记来访");
    s.type_text("周桂兰");
    for _ in 0..4 {
        s.send(TAB);
    }
    s.type_text("楼道灯坏了");
    s.send(TAB);
    s.type_text(member);
    s.settle();
    s.send(ENTER);
    s.settle();
    s
}

fn quit(mut s: Session) {
    s.send(F10);
    s.settle();
    if s.screen().contains("确定退出") {
        s.send(ENTER);
    }
    assert!(s.wait_exit(Duration::from_secs(5)));
}

#[test]
fn a_member_not_on_the_roster_is_brought_in_and_called_after_a_yes() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    run(h, &["demo"]);
    assert!(!roster(h).contains("R35"), "{}", roster(h));
    let before = cases(h).len();
    let (days, received) = duty_of_r35(h);
    let mut s = intake_with(h, "R35");
    s.wait_text("蒋海燕");
    s.send(CTRL_S);
    s.wait_text("接待代表不在今天的值班表上");
    assert!(
        s.screen()
            .contains("加入值班表、签到，叫号由 蒋海燕 接待？"),
        "{}",
        s.screen()
    );
    assert_eq!(cases(h).len(), before, "nothing written before the yes");
    s.send(ENTER);
    s.wait_text("由 蒋海燕 接待");
    let all = cases(h);
    assert_eq!(all.len(), before + 1);
    let new = all
        .iter()
        .find(|c| c["content"] == "楼道灯坏了")
        .expect("the new case");
    assert_eq!(new["status"], "receiving");
    assert_eq!(new["deputy"], "R35");
    let number = new["number"].as_str().unwrap();
    let queue_no = &number[number.len() - 3..];
    // The queue shows the resident being received; the duty pane the member checked in.
    s.wait_for("the queue's row", Duration::from_secs(5), |screen| {
        screen
            .lines()
            .any(|l| l.starts_with(queue_no) && l.contains("接待中"))
    });
    s.send("1");
    s.wait_for("the duty pane", Duration::from_secs(5), |screen| {
        screen
            .lines()
            .any(|l| l.contains("蒋海燕 在岗") && l.contains(queue_no))
    });
    quit(s);
    let listed = roster(h);
    let line = listed
        .lines()
        .find(|l| l.starts_with("R35\t"))
        .unwrap_or_else(|| panic!("{listed}"));
    assert!(
        line.split('\t').nth(1).is_some_and(|t| t != "-"),
        "checked in: {line}"
    );
    // The duty record counts the day and the resident, as after `roster checkin`.
    assert_eq!(duty_of_r35(h), (days + 1, received + 1));
}

#[test]
fn esc_at_the_question_writes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    run(h, &["demo"]);
    let (before, listed) = (cases(h), roster(h));
    // R11 is on the roster, not checked in.
    let mut s = intake_with(h, "R11");
    s.send(CTRL_S);
    s.wait_text("接待代表在值班表上，还没有签到");
    s.send(ESC);
    s.wait_for("the form again", Duration::from_secs(5), |screen| {
        !screen.contains("还没有签到") && screen.contains("登记来访")
    });
    assert_eq!(cases(h), before, "no case written");
    assert_eq!(roster(h), listed, "the roster unchanged");
    quit(s);
    assert_eq!(cases(h), before);
    assert_eq!(roster(h), listed);
}

#[test]
fn a_member_receiving_someone_is_refused_as_on_the_command_line() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    run(h, &["demo"]);
    // D02 receives HF-20261117-004, then checks out: still receiving, no longer here.
    let out = run(h, &["roster", "checkout", "D02"]);
    assert!(out.status.success(), "{out:?}");
    let queued = cases(h)
        .into_iter()
        .find(|c| c["status"] == "queued")
        .expect("a resident waiting");
    let number = queued["number"].as_str().unwrap();
    let out = run(h, &["case", "call", number, "--deputy", "D02", "--checkin"]);
    assert!(!out.status.success());
    let cli = String::from_utf8(out.stderr).unwrap();
    let cli = cli.trim().trim_start_matches("liaison: ").to_string();
    assert!(cli.starts_with("D02 正在接待 HF-20261117-004"), "{cli}");
    let (before, listed) = (cases(h), roster(h));
    let mut s = intake_with(h, "D02");
    s.send(CTRL_S);
    s.wait_text("还没有签到");
    s.send(ENTER);
    s.wait_text("正在接待");
    // The status line says the command line's words after the failed save's, cut to 80
    // columns.
    let status = s.line(22);
    let said = status.trim_end().trim_end_matches('…');
    assert!(said.contains("D02 正在接待 HF-20261117-004"), "{status}");
    assert!(
        format!("保存失败，输入已保留：{cli}").starts_with(said),
        "screen: {status}\ncli: {cli}"
    );
    assert_eq!(cases(h), before, "no case written");
    assert_eq!(roster(h), listed, "D02 not checked in again");
    quit(s);
}
