//! The real binary in a pseudo-terminal: an operator's morning, keys and Chinese text in,
//! the parsed screen out, on a private demo database.

mod common;

use std::time::Duration;

use common::liaison;
use common::pty::*;
use serde_json::Value;

const TODAY: &str = "2026-11-17";

fn cases(home: &std::path::Path) -> Vec<Value> {
    common::cases_json(home, "demo.db", TODAY)
}

#[test]
fn register_call_classify_and_see_another_terminal_write() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(
        home.path(),
        &["--db", "demo.db", "--today", TODAY, "--demo"],
        80,
        24,
    );
    s.wait_text("接待队列");
    // The demo says it is one, not that today is the third Tuesday.
    s.wait_text("演示数据");

    // F2: the intake form; type a name, a phone, and the content in Chinese; Ctrl-S.
    s.send(F2);
    s.wait_text("登记来访");
    s.type_text("王小红");
    // The caret sits right after the three wide characters: six columns after the column
    // where the name begins.
    let (row, col) = s.cursor();
    let line = s.screen().lines().nth(row as usize).unwrap().to_string();
    let before_name = &line[..line.find("王小红").expect("the name on the caret's row")];
    let name_col = unicode_width::UnicodeWidthStr::width(before_name) as u16;
    assert_eq!(col, name_col + 6, "caret column {col} on {line:?}");
    s.send(TAB);
    s.type_text("13812345678");
    s.send(TAB);
    s.send(TAB);
    s.send(TAB);
    s.type_text("小区路灯坏了三个月");
    s.send(CTRL_S);
    s.wait_text("已保存 HF-20261117-0");
    s.wait_for(
        "the new case in the queue",
        Duration::from_secs(5),
        |screen| {
            screen
                .lines()
                .any(|l| l.contains("王小红") && l.contains("138****5678") && l.contains("待接待"))
        },
    );
    let all = cases(home.path());
    let mine = all
        .iter()
        .find(|c| c["content"] == "小区路灯坏了三个月")
        .expect("saved in the database");
    assert_eq!(mine["resident"]["name"], "王小红");
    assert_eq!(mine["resident"]["phone"], "138****5678");
    assert_eq!(mine["status"], "queued");
    // Enter after the save calls the resident who has waited longest, not the newest.
    let oldest = all
        .iter()
        .filter(|c| c["status"] == "queued")
        .min_by_key(|c| {
            (
                c["received_at"].as_str().unwrap(),
                c["number"].as_str().unwrap(),
            )
        })
        .unwrap();
    let oldest_name = oldest["resident"]["name"].as_str().unwrap().to_string();
    let oldest_number = oldest["number"].as_str().unwrap().to_string();
    assert_ne!(oldest_number, mine["number"].as_str().unwrap());
    s.send(ENTER);
    s.wait_text(&format!("已叫号 {}", &oldest_number[12..]));
    s.wait_for("receiving", Duration::from_secs(5), |screen| {
        screen
            .lines()
            .any(|l| l.contains(oldest_name.as_str()) && l.contains("接待中"))
    });

    // F3 on the next resident waiting (the selection moved on to them): category 03,
    // nature 求助 (2), level street as suggested; the due date shown is what `liaison
    // calendar due` says.
    s.send(F3);
    s.wait_text("分类处置");
    let title = s
        .screen()
        .lines()
        .find(|l| l.contains("分类处置"))
        .unwrap()
        .to_string();
    let at = title.find("HF-").expect("the case number in the title");
    let number: String = title[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    s.type_text("03");
    s.send(ENTER);
    s.wait_text("街道市政设施管理所");
    s.send("2");
    let due = liaison(home.path())
        .args([
            "--db", "demo.db", "calendar", "due", "--from", TODAY, "--days", "10",
        ])
        .output()
        .unwrap();
    let due = String::from_utf8(due.stdout).unwrap().trim().to_string();
    assert_eq!(due, "2026-12-01");
    s.wait_text(&format!("办理期限 {due}"));
    s.send(CTRL_S);
    s.wait_text(&format!("已处置 {number}"));
    let all = cases(home.path());
    let mine = all.iter().find(|c| c["number"] == number.as_str()).unwrap();
    assert_eq!(mine["status"], "assigned");
    assert_eq!(mine["category"], "03");
    assert_eq!(mine["level"], "street");
    assert_eq!(mine["unit"], "SZ");
    assert_eq!(mine["due_date"], due.as_str());

    // A second terminal at the desk registers a case: it shows up within a second.
    liaison(home.path())
        .args([
            "--db",
            "demo.db",
            "--today",
            TODAY,
            "case",
            "add",
            "--content",
            "第二台电脑登记的来访",
            "--name",
            "李四",
        ])
        .assert()
        .success();
    let waited = s.wait_for(
        "the other terminal's case",
        Duration::from_secs(5),
        |screen| screen.contains("第二台电脑登记的来访"),
    );
    assert!(waited < Duration::from_millis(1500), "took {waited:?}");

    s.send(F10);
    assert!(s.wait_exit(Duration::from_secs(5)));
    let raw = s.raw();
    let tail = String::from_utf8_lossy(&raw[raw.len().saturating_sub(200)..]).to_string();
    assert!(
        tail.contains("\x1b[?1049l"),
        "left the alternate screen: {tail:?}"
    );
}

#[test]
fn pasting_text_with_escape_sequences_keeps_the_screen_intact() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(
        home.path(),
        &["--db", "demo.db", "--today", TODAY, "--demo"],
        80,
        24,
    );
    s.wait_text("接待队列");
    s.send(F2);
    s.wait_text("登记来访");
    s.send(TAB);
    s.send(TAB);
    s.send(TAB);
    s.send(TAB);
    s.paste("楼道灯\x1b[2J\x1b]0;pwned\x07坏了\r\n第二行");
    s.wait_text("楼道灯坏了");
    assert!(
        s.screen().contains("登记来访"),
        "the form is still drawn:\n{}",
        s.screen()
    );
    s.send(CTRL_S);
    s.wait_text("已保存");
    let all = cases(home.path());
    assert!(
        all.iter().any(|c| c["content"] == "楼道灯坏了\n第二行"),
        "control characters dropped, newline kept"
    );
    s.send(F10);
    assert!(s.wait_exit(Duration::from_secs(5)));
}

#[test]
fn a_small_window_shows_a_notice_then_recovers() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(
        home.path(),
        &["--db", "demo.db", "--today", TODAY, "--demo"],
        50,
        12,
    );
    s.wait_text("窗口太小");
    s.send(F10);
    assert!(s.wait_exit(Duration::from_secs(5)));
}

#[test]
fn urge_from_the_board_and_record_a_call_back() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(
        home.path(),
        &["--db", "demo.db", "--today", TODAY, "--demo"],
        100,
        30,
    );
    s.wait_text("督办看板");
    // The board's first row is the most overdue case, waiting for its 通报.
    s.send("\x1b4"); // Alt-4
    let first = |screen: &str| -> Option<String> {
        let line = screen
            .lines()
            .skip_while(|l| !l.contains("督办看板"))
            .nth(1)?;
        // The board is the right-hand pane: its number is the last on the row.
        let at = line.rfind("HF-")?;
        Some(line[at..at + 15].to_string())
    };
    s.wait_for("the board", Duration::from_secs(5), |screen| {
        first(screen).is_some()
    });
    let number = first(&s.screen()).unwrap();
    let row_of = |screen: &str| {
        screen
            .lines()
            .find(|l| l.contains(number.as_str()))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row_of(&s.screen()).contains("待通报"), "{}", s.screen());
    s.send(F8);
    s.wait_text("督办动作");
    s.type_text("逾期两个月，书面通报");
    s.send(CTRL_S);
    s.wait_text(&format!("已记录 {number}"));
    s.wait_for("the stage recorded", Duration::from_secs(5), |screen| {
        row_of(screen).contains("已通报")
    });
    let all = cases(home.path());
    let c = all.iter().find(|c| c["number"] == number.as_str()).unwrap();
    assert_eq!(c["supervision"], "escalated");

    // F7: find a replied case and record its call-back with F4: dissatisfied reopens it.
    s.send(F7);
    s.wait_text("查找来访");
    s.type_text("食堂");
    s.send(ENTER);
    s.wait_text("已反馈");
    s.send(ENTER);
    s.wait_text("来访详情");
    let replied = s
        .screen()
        .lines()
        .find_map(|l| l.find("HF-").map(|i| l[i..i + 15].to_string()))
        .unwrap();
    s.send(F4);
    s.wait_text("满意度");
    s.send("4"); // 不满意 (a digit picks; the focus stays)
    s.send(TAB);
    s.send("2"); // 未办成
    s.wait_text("重新交办");
    s.send(CTRL_S);
    s.wait_text(&format!("已记录 {replied}，现为已交办"));
    let all = cases(home.path());
    let c = all
        .iter()
        .find(|c| c["number"] == replied.as_str())
        .unwrap();
    assert_eq!(c["status"], "assigned");
    assert_eq!(c["repeats"], 1);
    s.send(F10);
    assert!(s.wait_exit(Duration::from_secs(5)));
}
