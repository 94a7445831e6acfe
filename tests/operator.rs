//! The desk as an operator meets it, through the real binary in a pseudo-terminal: a second
//! desk's numbers shown whole, Enter after a save calling the resident who waited longest, a
//! restore made by another program said on screen, a server another process runs seen from
//! Alt-9, pickers over every member with a line when nothing matches, Ctrl-Z after Ctrl-U,
//! F1's "how do I" answers. At 80×24 and 120×40.

mod common;

use std::time::Duration;

use common::liaison;
use common::pty::{BACKSPACE, CTRL_S, CTRL_U, END, ENTER, ESC, F1, F2, Session, TAB};
use common::served::Served;

const TODAY: &str = "2026-11-17";
const CTRL_Z: &str = "\x1a";
const ALT_1: &str = "\x1b1";
const ALT_2: &str = "\x1b2";
const ALT_9: &str = "\x1b9";
const INSERT: &str = "\x1b[2~";

fn run(home: &std::path::Path, args: &[&str]) -> String {
    let out = liaison(home)
        .args(["--db", "desk.db", "--today", TODAY])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn add(home: &std::path::Path, content: &str, name: &str) -> String {
    run(home, &["case", "add", "--content", content, "--name", name])
        .trim()
        .to_string()
}

fn desk_tui(home: &std::path::Path, cols: u16, rows: u16) -> Session {
    let s = Session::start(home, &["--db", "desk.db", "--today", TODAY], cols, rows);
    s.wait_text("接待队列");
    s
}

/// A second desk's queue numbers carry its tag (`2A001`): each is shown whole, so the number
/// a resident holds can be found on the screen.
#[test]
fn a_second_desks_numbers_are_shown_whole() {
    for (cols, rows) in [(80, 24), (120, 40)] {
        let home = tempfile::tempdir().unwrap();
        let h = home.path();
        run(h, &["init", "--station", "HF", "--desk", "2"]);
        let first = add(h, "路灯坏了", "王小红");
        add(h, "垃圾没人清", "李建华");
        assert_eq!(first, "HF-20261117-2A001");
        let mut s = desk_tui(h, cols, rows);
        s.send(ALT_2);
        s.wait_text("2A001");
        s.wait_text("2A002");
        assert!(!s.screen().contains("2A…"), "cut:\n{}", s.screen());
        // A case being received moves to 待分类 with its whole number too.
        s.send("\x1b3");
        s.send(ESC);
    }
}

/// After a save the selection is on the resident who has waited longest: Enter calls them,
/// not the newest arrival; after the call, on the next one.
#[test]
fn enter_after_a_save_calls_the_oldest_waiting_resident() {
    for (cols, rows) in [(80, 24), (120, 40)] {
        let home = tempfile::tempdir().unwrap();
        let mut s = Session::start(
            home.path(),
            &["--db", "demo.db", "--today", TODAY, "--demo"],
            cols,
            rows,
        );
        s.wait_text("接待队列");
        s.send(ALT_2);
        s.send(F2);
        s.wait_text("登记来访");
        for _ in 0..4 {
            s.send(TAB);
        }
        s.type_text("刚到的居民反映的事");
        s.send(CTRL_S);
        s.wait_text("已保存");
        s.send(ENTER);
        // The demo's queue: 006 张艳 has waited longest.
        s.wait_text("已叫号 006 张艳");
        // Next, 007 唐艳: every member here is receiving someone now, so the call waits.
        s.send(ENTER);
        s.wait_text("在岗代表都在接待");
    }
}

/// Another program restores the file from a backup while the desk is open: the desk says
/// so, naming the cases that left its lists, instead of a last "saved" about one of them.
#[test]
fn a_restore_from_another_process_is_announced() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    run(h, &["init", "--station", "HF"]);
    add(h, "路灯坏了", "王小红");
    run(h, &["backup", "before.db"]);
    let mut s = desk_tui(h, 80, 24);
    // A case saved at the desk after the backup.
    s.send(F2);
    s.wait_text("登记来访");
    for _ in 0..4 {
        s.send(TAB);
    }
    s.type_text("备份之后登记的事");
    s.send(CTRL_S);
    s.wait_text("已保存 HF-20261117-002");
    // Restored by another program.
    run(h, &["restore", "before.db", "--yes"]);
    s.wait_for("the restore announced", Duration::from_secs(5), |screen| {
        screen.contains("从备份恢复") && screen.contains("HF-20261117-002")
    });
    assert!(!s.screen().contains("已保存"), "{}", s.screen());
}

/// A server `liaison serve` runs on the same file is seen from Alt-9, and not started a
/// second time; once it is gone, nothing stale is left: the desk offers to start one.
#[test]
fn a_server_of_another_process_is_seen_from_alt_9() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    run(h, &["init", "--station", "HF"]);
    let served = Served::start(&h.join("desk.db"), TODAY, &[]);
    let mut s = desk_tui(h, 120, 40);
    s.send(ALT_9);
    s.wait_text("另一个 liaison");
    s.wait_text(&served.url);
    // Enter does not start a second one.
    s.send(ENTER);
    s.wait_text("请在那里停止");
    s.send(ESC);
    drop(served);
    std::thread::sleep(Duration::from_millis(500));
    s.send(ALT_9);
    s.wait_text("未开始");
}

/// The deputy picker offers every member, today's roster first; a query matching nobody
/// says so. The roster's picker too.
#[test]
fn pickers_cover_every_member_and_say_when_nothing_matches() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    run(h, &["init", "--station", "HF"]);
    let mut s = desk_tui(h, 80, 24);
    s.send(F2);
    s.wait_text("登记来访");
    for _ in 0..5 {
        s.send(TAB);
    }
    // Nobody is on today's roster: 张三明 (zsm) is offered all the same.
    s.type_text("zsm");
    s.wait_text("张三明");
    for _ in 0..3 {
        s.send(BACKSPACE);
    }
    s.type_text("qqq");
    s.wait_text("没有匹配的");
    s.send(ESC);
    s.send(ENTER); // throw the form away
    s.send(ALT_1);
    s.send(INSERT);
    s.wait_text("值班代表");
    s.type_text("qqq");
    s.wait_text("没有匹配的");
}

/// Ctrl-U clears a field of 2000 characters at once; Ctrl-Z brings them back.
#[test]
fn ctrl_z_takes_back_what_ctrl_u_cleared() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    run(h, &["init", "--station", "HF"]);
    let mut s = desk_tui(h, 120, 40);
    s.send(F2);
    s.wait_text("登记来访");
    for _ in 0..4 {
        s.send(TAB);
    }
    s.paste(&"楼道灯坏了".repeat(400));
    s.wait_text("楼道灯坏了");
    s.send(CTRL_U);
    s.wait_for("the content cleared", Duration::from_secs(5), |screen| {
        !screen.contains("楼道灯坏了")
    });
    s.send(CTRL_Z);
    s.wait_text("楼道灯坏了");
    s.send(CTRL_S);
    s.wait_text("已保存");
    let saved = common::cases_json(h, "desk.db", TODAY);
    assert_eq!(
        saved[0]["content"].as_str().unwrap().chars().count(),
        2000,
        "all of it"
    );
}

/// F1 lists the keys, and answers how to back up, restore, send bundles, make the report and
/// print a day's slips.
#[test]
fn f1_says_how_to_do_the_work_done_outside_the_screen() {
    for (cols, rows) in [(80, 24), (120, 40)] {
        let home = tempfile::tempdir().unwrap();
        let h = home.path();
        run(h, &["init", "--station", "HF"]);
        let mut s = desk_tui(h, cols, rows);
        s.send(F1);
        s.wait_text("怎么办：备份");
        s.send(END);
        for question in ["生成月报？", "打印当天的交办单？"] {
            s.wait_text(question);
        }
        s.wait_text("liaison slip --day");
        s.send(ESC);
    }
}
