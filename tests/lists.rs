//! Rules written once, checked where they meet: which list a case is on is one set of filters,
//! read from the file by SQL and asked of one written case in memory, and the two agree; the
//! supervision board is one definition, so Ctrl-U on the screen and `supervise --urge-due`
//! record the same cases.

mod common;

use std::collections::BTreeSet;

use common::tui::desk;
use liaison::tui::action::Command;

/// Every case of the desk's file, asked of the lists one by one, lands where the full read
/// put it.
#[test]
fn a_case_is_on_the_lists_the_full_read_puts_it_on() {
    let mut d = desk(120, 40);
    // A few more states: a call, a classification, a reply.
    d.select(Command::FocusQueue, "HF-20261117-002");
    d.command(Command::Call);
    let data = &d.app.data;
    let all = d
        .runner
        .store
        .cases(&liaison::store::CaseFilter::default())
        .unwrap();
    assert!(all.len() >= 6);
    let ids = |list: &[liaison::store::CaseRecord]| -> BTreeSet<_> {
        list.iter().map(|r| r.case.id).collect()
    };
    let queue = ids(&data.queue);
    let to_classify = ids(&data.to_classify);
    let board: BTreeSet<_> = data.board.iter().map(|r| r.record.case.id).collect();
    for r in &all {
        let c = &r.case;
        assert_eq!(
            data.lists.in_queue(c),
            queue.contains(&c.id),
            "queue: {}",
            c.number
        );
        assert_eq!(
            data.lists.to_classify(c),
            to_classify.contains(&c.id),
            "to classify: {}",
            c.number
        );
        assert_eq!(
            data.lists.on_board(c),
            board.contains(&c.id),
            "board: {}",
            c.number
        );
    }
    // And a write's answer, applied, gives what reading everything again gives.
    let applied: Vec<_> = data.queue.iter().map(|r| r.case.number.clone()).collect();
    let read = d.runner.snapshot().unwrap();
    let reread: Vec<_> = read.queue.iter().map(|r| r.case.number.clone()).collect();
    assert_eq!(applied, reread);
}

/// Ctrl-U and `supervise --urge-due` name the same cases: one board.
#[test]
fn the_screen_and_the_command_urge_the_same_cases() {
    let d = desk(120, 40);
    let on_screen: BTreeSet<String> = d
        .app
        .main
        .steps_due_today(&d.app.data)
        .into_iter()
        .map(|(id, _)| d.runner.store.case(id).unwrap().unwrap().case.number)
        .collect();
    assert!(!on_screen.is_empty());
    let out = common::liaison(d.db.dir.path())
        .args(["--db", d.db.path.to_str().unwrap(), "--today", "2026-11-17"])
        .args(["supervise", "--urge-due"])
        .output()
        .unwrap();
    let listed: BTreeSet<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.starts_with("HF-"))
        .map(str::to_string)
        .collect();
    assert_eq!(on_screen, listed);
}
