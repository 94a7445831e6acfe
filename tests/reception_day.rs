//! A reception day in an operator's hands (issue 12), through the real binary in a
//! pseudo-terminal: the parsed screen and the cursor, at 80×24 and 120×40, with Chinese
//! typed and pasted.

mod common;

use std::path::Path;
use std::time::Duration;

use common::liaison;
use common::pty::*;
use serde_json::Value;

const DAY: &str = "2026-11-17";

/// The demo station on reception day 2026-11-17, written by the command line.
fn demo(home: &Path) {
    liaison(home)
        .args(["--db", "demo.db", "--today", DAY, "demo"])
        .assert()
        .success();
}

fn open(home: &Path, today: &str, cols: u16, rows: u16) -> Session {
    let s = Session::start(home, &["--db", "demo.db", "--today", today], cols, rows);
    s.wait_text("接待队列");
    s
}

fn cases(home: &Path) -> Vec<Value> {
    common::cases_json(home, "demo.db", DAY)
}

fn case<'a>(all: &'a [Value], number: &str) -> &'a Value {
    all.iter().find(|c| c["number"] == number).expect(number)
}

fn quit(mut s: Session) {
    s.send(F10);
    assert!(s.wait_exit(Duration::from_secs(5)));
}

/// The first row of the screen holding `text`.
fn row_of(s: &Session, text: &str) -> Option<u16> {
    s.screen()
        .lines()
        .position(|l| l.contains(text))
        .map(|r| r as u16)
}

#[test]
fn residents_left_waiting_are_on_the_desk_the_next_day() {
    let home = tempfile::tempdir().unwrap();
    demo(home.path());
    let waiting: Vec<String> = cases(home.path())
        .iter()
        .filter(|c| c["status"] == "queued")
        .map(|c| c["number"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(waiting.len(), 4);
    let s = open(home.path(), "2026-11-18", 80, 24);
    // Each is listed with the day it came; the header counts them apart.
    for number in &waiting {
        let n = &number[number.len() - 3..];
        s.wait_for(number, Duration::from_secs(5), |screen| {
            screen
                .lines()
                .any(|l| l.starts_with(&format!("{n} 11-17 待接待")) && l.contains("1天"))
        });
    }
    assert!(s.line(1).contains("待接待 4（前日 4）"), "{}", s.screen());
    assert!(!s.screen().contains("今天还没有来访登记"));
    quit(s);
}

#[test]
fn enter_calls_to_the_deputy_picked_in_the_duty_pane() {
    let home = tempfile::tempdir().unwrap();
    demo(home.path());
    let mut s = open(home.path(), DAY, 80, 24);
    // Check in 吕晓峰 (fourth, nobody received yet: the call would go to him by default),
    // then pick the third deputy, 莫红梅.
    s.send("1");
    s.wait_text(" 值班代表");
    s.send(END);
    s.send(ENTER);
    s.wait_text("已签到");
    s.send(HOME);
    s.send(DOWN);
    s.send(DOWN);
    s.wait_text("已指定 莫红梅");
    s.send("2");
    s.wait_for("the queue", Duration::from_secs(5), |screen| {
        screen
            .lines()
            .nth(3)
            .is_some_and(|l| l.contains("接待队列"))
    });
    let first = s.line(4);
    let number = format!("HF-20261117-{}", &first[..3]);
    s.send(ENTER);
    s.wait_text("由 莫红梅 接待");
    let status = s.line(22);
    assert!(
        status.contains(&format!("已叫号 {}", &first[..3])),
        "whom to whom: {status}"
    );
    assert_eq!(case(&cases(home.path()), &number)["deputy"], "D26");
    // The pick served one call: the next waiting resident goes to the free deputy with the
    // fewest received.
    s.send(HOME);
    s.send(ENTER);
    s.wait_text("由 吕晓峰 接待");
    // Nobody is free now: Enter is refused, saying why, and nothing is written.
    let before = cases(home.path());
    s.send(HOME);
    s.send(ENTER);
    s.wait_text("在岗代表都在接待");
    assert_eq!(cases(home.path()), before);
    // The duty pane shows whom each receives and counts those received.
    s.send("1");
    s.wait_for("the duty pane", Duration::from_secs(5), |screen| {
        screen
            .lines()
            .any(|l| l.contains("莫红梅 在岗") && l.contains(&format!(" 2 {}", &first[..3])))
    });
    quit(s);
}

#[test]
fn ctrl_s_on_2001_characters_names_the_limit() {
    let home = tempfile::tempdir().unwrap();
    demo(home.path());
    let mut s = open(home.path(), DAY, 80, 24);
    s.send(F2);
    s.wait_text("登记来访");
    for _ in 0..4 {
        s.send(TAB);
    }
    // A paste over the limit lands whole and is measured.
    s.paste(&"灯".repeat(2100));
    s.wait_text("现有 2100 字");
    s.send(CTRL_S);
    s.wait_for(
        "the refusal in the status line",
        Duration::from_secs(5),
        |screen| {
            screen
                .lines()
                .nth(22)
                .is_some_and(|l| l.contains("反映内容：太长：最多 2000 字，现有 2100 字"))
        },
    );
    // 2000 pasted and one typed: 2001, refused with the limit named.
    s.send(CTRL_U);
    s.paste(&"灯".repeat(2000));
    s.type_text("灯");
    s.wait_text("现有 2001 字");
    s.send(CTRL_S);
    s.wait_text("反映内容：太长：最多 2000 字，现有 2001 字");
    assert!(s.screen().contains("登记来访"), "the form stays open");
    s.send(BACKSPACE);
    s.send(CTRL_S);
    s.wait_text("已保存 HF-20261117-010");
    let saved = case(&cases(home.path()), "HF-20261117-010").clone();
    assert_eq!(saved["content"].as_str().unwrap().chars().count(), 2000);
    quit(s);
}

#[test]
fn a_digit_on_the_source_keeps_the_tab_order() {
    let home = tempfile::tempdir().unwrap();
    demo(home.path());
    let mut s = open(home.path(), DAY, 80, 24);
    s.send(F2);
    s.wait_text("登记来访");
    s.send(TAB);
    s.send(TAB);
    s.send(TAB); // 来源
    s.send("2"); // 来电
    s.send(TAB); // on to 反映内容, as without the digit
    s.type_text("路灯不亮");
    s.wait_text("反映内容 *     路灯不亮");
    s.settle();
    let (row, _) = s.cursor();
    assert!(
        s.line(row).contains("反映内容 *     路灯不亮"),
        "{}",
        s.screen()
    );
    s.send(TAB);
    s.settle();
    let (row, _) = s.cursor();
    assert!(s.line(row).contains("接待代表"), "{}", s.screen());
    s.send(CTRL_S);
    s.wait_text("已保存 HF-20261117-010");
    let saved = case(&cases(home.path()), "HF-20261117-010").clone();
    assert_eq!(saved["source"], "phone");
    assert_eq!(saved["content"], "路灯不亮");
    assert_eq!(
        saved["deputy"],
        Value::Null,
        "no deputy unless one is picked"
    );
    quit(s);
}

#[test]
fn the_picker_caret_sits_on_the_row_of_its_text() {
    let home = tempfile::tempdir().unwrap();
    demo(home.path());
    for (cols, rows) in [(80, 24), (120, 40)] {
        let mut s = open(home.path(), DAY, cols, rows);
        s.send(F2);
        s.wait_text("登记来访");
        for _ in 0..5 {
            s.send(TAB);
        }
        s.type_text("zs");
        s.wait_text("D02  张三明");
        s.settle();
        let (row, col) = s.cursor();
        let line = s.line(row);
        assert!(
            line.contains("接待代表") && line.contains("zs"),
            "{cols}: {line}"
        );
        assert_eq!(
            s.cell(row, col - 1),
            "s",
            "{cols}: the caret follows the query"
        );
        quit_form(&mut s);
        // The roster picker too.
        s.send("1");
        s.send(INSERT);
        s.wait_text("加入值班表");
        s.type_text("mhm");
        s.wait_text("莫红梅");
        s.settle();
        let (row, _) = s.cursor();
        assert!(s.line(row).contains("mhm"), "{cols}: {}", s.screen());
        quit(s);
    }
}

/// Every row of a dialog between `top` and `bottom` has its border at `left` and `right`.
fn assert_border(s: &Session, top: u16, bottom: u16, left: u16, right: u16) {
    for row in top + 1..bottom {
        for col in [left, right] {
            assert_eq!(
                s.cell(row, col),
                "|",
                "row {row}, column {col}:\n{}",
                s.screen()
            );
        }
    }
}

#[test]
fn pop_ups_keep_their_border_over_chinese_panes() {
    let home = tempfile::tempdir().unwrap();
    demo(home.path());
    // 80×24: the roster picker over the duty pane, whose names run under its left edge.
    let mut s = open(home.path(), DAY, 80, 24);
    s.send("1");
    s.send(INSERT);
    s.wait_text("加入值班表");
    s.settle();
    let top = row_of(&s, "加入值班表").unwrap();
    let left = s.line(top).find('+').unwrap();
    let left = s.line(top)[..left].chars().map(unicode_width).sum::<u16>();
    let bottom = (top + 1..24).find(|r| s.cell(*r, left) == "+").unwrap();
    let right = (left + 1..80)
        .rev()
        .find(|c| s.cell(top, *c) == "+")
        .unwrap();
    assert_border(&s, top, bottom, left, right);
    assert!(
        !s.screen().contains("在接待代表"),
        "no half character glued to the label"
    );
    quit(s);
    // 120×40: the intake form over the four panes.
    let mut s = open(home.path(), DAY, 120, 40);
    s.send(F2);
    s.wait_text("登记来访");
    for _ in 0..5 {
        s.send(TAB); // the deputy picker, the tallest state of the form
    }
    s.settle();
    let top = row_of(&s, "登记来访").unwrap();
    let left = (0..120).find(|c| s.cell(top, *c) == "+").unwrap();
    let right = (left + 1..120)
        .rev()
        .find(|c| s.cell(top, *c) == "+")
        .unwrap();
    let bottom = (top + 1..40).find(|r| s.cell(*r, left) == "+").unwrap();
    assert_border(&s, top, bottom, left, right);
    quit(s);
}

fn unicode_width(c: char) -> u16 {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) as u16
}

#[test]
fn the_newest_of_31_waiting_is_visible_at_80x24() {
    let home = tempfile::tempdir().unwrap();
    liaison(home.path())
        .args(["--db", "demo.db", "--today", DAY, "init", "--station", "HF"])
        .assert()
        .success();
    for i in 1..=31 {
        liaison(home.path())
            .args(["--db", "demo.db", "--today", DAY, "case", "add"])
            .args(["--content", &format!("第{i}位居民反映楼道灯不亮")])
            .args(["--name", &format!("居民{i}")])
            .assert()
            .success();
    }
    let s = open(home.path(), DAY, 80, 24);
    s.wait_text("待接待 31");
    s.wait_for(
        "the newest named on the last row",
        Duration::from_secs(5),
        |screen| {
            let last = screen.lines().nth(21).unwrap_or_default();
            last.contains("下面还有 14 行") && last.contains("最新 031 居民31")
        },
    );
    quit(s);
}

#[test]
fn nothing_is_cut_without_a_sign_at_80_columns() {
    let home = tempfile::tempdir().unwrap();
    demo(home.path());
    let mut s = open(home.path(), DAY, 80, 24);
    s.wait_for("the whole first frame", Duration::from_secs(5), |screen| {
        let hints = screen.lines().nth(23).unwrap_or_default();
        hints.contains("F1 帮助") && hints.contains("F10 退出") && hints.contains("F7 查找")
    });
    assert!(s.line(0).contains("操作员 小王"), "{}", s.line(0));
    // Rows whose content does not fit end in an ellipsis.
    assert!(
        s.screen().lines().skip(4).any(|l| l.ends_with('…')),
        "{}",
        s.screen()
    );
    s.send("4");
    s.wait_text(" 督办看板");
    assert!(s.screen().contains(" 2026-"), "due dates with their year");
    quit(s);
}

#[test]
fn digits_switch_panes_and_full_width_digits_pick() {
    let home = tempfile::tempdir().unwrap();
    demo(home.path());
    let mut s = open(home.path(), DAY, 80, 24);
    s.send("3");
    s.wait_for("待分类", Duration::from_secs(5), |screen| {
        screen.lines().nth(3).is_some_and(|l| l.contains("待分类"))
    });
    s.type_text("４");
    s.wait_for("督办看板", Duration::from_secs(5), |screen| {
        screen
            .lines()
            .nth(3)
            .is_some_and(|l| l.contains("督办看板"))
    });
    s.send("3");
    s.send(F3);
    s.wait_text("分类处置");
    s.type_text("０３");
    s.wait_for("03 highlighted", Duration::from_secs(5), |screen| {
        screen.contains("03   水电气与市政设施")
    });
    s.send(ENTER);
    s.wait_text("类别           03 水电气与市政设施");
    s.type_text("２"); // 求助, by a full-width digit
    s.wait_text("办理期限");
    quit_form(&mut s);
    quit(s);
}

fn quit_form(s: &mut Session) {
    s.send(ESC);
    if s.screen().contains("放弃已填写的内容") {
        s.send(ENTER);
    }
}

/// The demo's intake form at `width`×`height`, the same lamp as HF-20261117-002 typed as
/// the content and the focus moved on to the deputy.
fn lamp_typed(width: u16, height: u16) -> (tempfile::TempDir, Session) {
    let home = tempfile::tempdir().unwrap();
    demo(home.path());
    let mut s = open(home.path(), DAY, width, height);
    s.send(F2);
    s.wait_text("登记来访");
    for _ in 0..4 {
        s.send(TAB);
    }
    s.type_text("我们小区的路灯坏了快三个月了");
    s.send(TAB);
    (home, s)
}

#[test]
fn the_same_lamp_ranks_first_among_possible_duplicates() {
    let (_home, mut s) = lamp_typed(120, 40);
    s.wait_text("可能重复");
    s.settle();
    let head = row_of(&s, "可能重复").unwrap();
    let first = s.line(head + 1);
    assert!(
        first.contains("HF-20261117-002") && first.contains("小区路灯坏了三个月"),
        "{}",
        s.screen()
    );
    quit_form(&mut s);
    quit(s);
}

#[test]
fn possible_duplicates_stay_in_sight_at_80x24_with_the_deputy_picker_open() {
    // The kind row (opinion or small wish) took a row of the form: the content gives up its
    // extra rows before the possible duplicates do.
    let (_home, mut s) = lamp_typed(80, 24);
    s.type_text("zs");
    s.wait_text("可能重复");
    s.settle();
    let screen = s.screen();
    assert!(screen.contains("D02  张三明"), "{screen}");
    let head = row_of(&s, "可能重复").unwrap();
    assert!(s.line(head + 1).contains("HF-20261117-002"), "{screen}");
    quit_form(&mut s);
    quit(s);
}

#[test]
fn an_overdue_slip_gives_its_hand_over_day_and_how_late_it_is() {
    let home = tempfile::tempdir().unwrap();
    demo(home.path());
    let mut s = open(home.path(), DAY, 80, 24);
    s.send("4");
    s.wait_text(" 督办看板");
    s.settle();
    let number = s.line(4)[..15].to_string();
    s.send(CTRL_T);
    s.wait_text("已保存，可用浏览器打印");
    quit(s);
    let text = std::fs::read_to_string(
        home.path()
            .join("documents")
            .join(format!("slip-{number}.txt")),
    )
    .unwrap();
    // The hand-over day is the last hand-over in the case's log (a reopening counts).
    let shown = liaison(home.path())
        .args([
            "--db", "demo.db", "--today", DAY, "case", "show", &number, "--json",
        ])
        .output()
        .unwrap();
    let shown: Value = serde_json::from_slice(&shown.stdout).unwrap();
    let handed = shown["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .rfind(|e| ["assigned", "forwarded", "reopened"].contains(&e["kind"].as_str().unwrap()))
        .map(|e| e["at"].as_str().unwrap()[..10].to_string())
        .unwrap();
    let handed = format!("{}年{}月{}日", &handed[..4], &handed[5..7], &handed[8..]);
    assert!(text.contains(&format!("交办日期：{handed}")), "{text}");
    assert!(text.contains("个工作日），已逾期"), "{text}");
    assert!(!text.contains("自今日起"), "{text}");
    assert!(text.ends_with('\n'));
}

#[test]
fn wrapped_content_never_starts_a_row_with_a_comma() {
    let home = tempfile::tempdir().unwrap();
    demo(home.path());
    let content = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五，\
                   六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九，完";
    let mut s = open(home.path(), DAY, 80, 24);
    s.send(F2);
    s.wait_text("登记来访");
    for _ in 0..4 {
        s.send(TAB);
    }
    s.paste(content);
    s.wait_text("一二三四五");
    for line in s.screen().lines() {
        assert!(!line.contains("|               ，"), "{}", s.screen());
    }
    s.send(CTRL_S);
    s.wait_text("已保存 HF-20261117-010");
    s.send(CTRL_O);
    s.wait_text("来访详情");
    for line in s.screen().lines() {
        assert!(
            !line.trim_start_matches('|').trim_start().starts_with('，'),
            "{line}"
        );
    }
    quit_form(&mut s);
    quit(s);
}
