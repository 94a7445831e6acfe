//! Keyboard completeness: every command of every screen can be reached without a plain
//! letter (a Chinese IME in Chinese mode swallows letters), and the common paths are short.

mod common;

use std::collections::BTreeSet;

use common::tui::desk;
use liaison::tui::action::{Action, Command};
use liaison::tui::forms::classify::ClassifyForm;
use liaison::tui::forms::intake::IntakeForm;
use liaison::tui::keymap::{Context, Keymap};
use liaison::tui::layers::confirm::Confirm;
use liaison::tui::layers::detail::Detail;

/// The context stacks of every screen the interface can show.
fn screens() -> Vec<(&'static str, Vec<Context>)> {
    let mut d = desk(80, 24);
    let mut out = Vec::new();
    for (name, focus) in [
        ("duty", Command::FocusDuty),
        ("queue", Command::FocusQueue),
        ("classify list", Command::FocusClassify),
        ("board", Command::FocusBoard),
    ] {
        d.command(focus);
        out.push((name, d.app.contexts()));
    }
    d.command(Command::FocusQueue);
    d.command(Command::NewCase);
    out.push(("intake form", d.app.contexts()));
    d.command(Command::Close);
    d.command(Command::Classify);
    out.push(("classification form", d.app.contexts()));
    d.command(Command::Close);
    d.command(Command::Open);
    out.push(("detail", d.app.contexts()));
    d.command(Command::Close);
    d.command(Command::Help);
    out.push(("help", d.app.contexts()));
    d.command(Command::Close);
    d.command(Command::FocusDuty);
    d.command(Command::AddMember);
    out.push(("roster picker", d.app.contexts()));
    d.command(Command::Close);
    d.command(Command::RemoveMember);
    out.push(("confirmation", d.app.contexts()));
    d.command(Command::No);
    for (name, open) in [
        ("search", Command::Search),
        ("units", Command::Units),
        ("statistics", Command::Statistics),
        ("duty records", Command::DutyRecords),
        ("projects", Command::Projects),
        ("recurring", Command::Recurring),
        ("holidays", Command::Holidays),
    ] {
        d.command(open);
        assert!(!d.app.layers.is_empty(), "{name} opened");
        out.push((name, d.app.contexts()));
        d.command(Command::Close);
    }
    d.command(Command::FocusBoard);
    d.command(Command::Supervise);
    out.push(("supervision form", d.app.contexts()));
    d.command(Command::Close);
    d.command(Command::Units);
    d.command(Command::Edit);
    out.push(("unit editor", d.app.contexts()));
    out
}

#[test]
fn every_command_on_every_screen_has_a_key_that_is_not_a_letter() {
    let keymap = Keymap::load(&Default::default());
    for (name, stack) in screens() {
        let visible = keymap.visible(&stack);
        assert!(!visible.is_empty(), "{name}: no bindings");
        for (context, command, keys) in visible {
            assert!(
                keys.iter().any(|k| !k.is_plain_letter()),
                "{name}: `{command}` in [{context}] is reachable only by letters: {keys:?}"
            );
        }
    }
}

#[test]
fn every_command_is_bound_somewhere() {
    let keymap = Keymap::load(&Default::default());
    let bound: BTreeSet<Command> = keymap.all().values().flatten().map(|b| b.command).collect();
    for command in Command::ALL {
        assert!(bound.contains(command), "`{command}` has no key");
    }
}

#[test]
fn letters_are_never_keys_where_text_is_typed() {
    let keymap = Keymap::load(&Default::default());
    for (context, bindings) in keymap.all() {
        if context.takes_text() {
            for b in bindings {
                assert!(
                    !b.keys.iter().any(|k| k.is_plain_letter()),
                    "[{context}] {} uses a letter",
                    b.command
                );
            }
        }
    }
}

#[test]
fn accepting_the_suggestions_takes_at_most_four_keys_after_the_category() {
    let mut d = desk(80, 24);
    d.select(Command::FocusQueue, "HF-20261117-001");
    d.command(Command::Classify);
    d.act(Action::Paste("03".into()));
    d.command(Command::Confirm); // the category is chosen
    let mut keys = 0;
    d.act(Action::Insert('2')); // nature: 求助
    keys += 1;
    d.command(Command::Save); // level, unit and due date as suggested
    keys += 1;
    assert!(keys <= 4);
    assert!(d.app.layers.is_empty(), "the form closed after saving");
    let case = d.runner.store.find_case("HF-20261117-001").unwrap().case;
    assert_eq!(case.category.as_deref(), Some("03"));
    assert_eq!(case.unit.as_deref(), Some("SZ"));
    assert_eq!(case.due_date, Some(common::date("2026-12-01")));
    assert_eq!(case.status, liaison::domain::case::Status::Assigned);
}

#[test]
fn choosing_another_level_by_digit_changes_the_suggestion() {
    let mut d = desk(80, 24);
    d.select(Command::FocusQueue, "HF-20261117-001");
    d.command(Command::Classify);
    d.act(Action::Paste("sdq".into())); // pinyin initials of 水电气…
    d.command(Command::Confirm);
    d.act(Action::Insert('5')); // nature: 建议 (the focus stays on the nature)
    d.command(Command::NextField);
    d.act(Action::Insert('3')); // level: 上报区级
    let form = d.app.top::<ClassifyForm>().expect("the form is open");
    assert_eq!(
        form.spec.unit.chosen().map(|u| u.code.as_str()),
        Some("QZJ")
    );
    assert_eq!(form.spec.limit.text(), "20");
    d.command(Command::Save);
    let case = d.runner.store.find_case("HF-20261117-001").unwrap().case;
    assert_eq!(case.status, liaison::domain::case::Status::Forwarded);
    assert_eq!(case.unit.as_deref(), Some("QZJ"));
}

#[test]
fn enter_calls_the_waiting_resident_to_the_selected_deputy() {
    use liaison::domain::case::Status;
    let mut d = desk(80, 24);
    d.command(Command::FocusDuty);
    d.command(Command::Down); // 杨玉兰, checked in, free
    assert_eq!(d.app.main.duty_choice.as_deref(), Some("D14"));
    d.select(Command::FocusQueue, "HF-20261117-002"); // waiting
    d.command(Command::Call);
    let case = d.runner.store.find_case("HF-20261117-002").unwrap().case;
    assert_eq!(case.status, Status::Receiving);
    assert_eq!(case.deputy.as_deref(), Some("D14"));
    assert_eq!(d.app.main.duty_choice, None, "a pick serves one call");
    let notice = &d.app.notice.as_ref().unwrap().text;
    assert!(
        notice.contains("002") && notice.contains("李建华") && notice.contains("杨玉兰"),
        "{notice}"
    );
}

#[test]
fn a_call_to_a_member_absent_or_busy_is_refused_naming_them() {
    use liaison::domain::case::Status;
    for (downs, name) in [(2, "吕晓峰"), (0, "张三明")] {
        let mut d = desk(80, 24);
        d.command(Command::FocusDuty);
        d.command(Command::First);
        for _ in 0..downs {
            d.command(Command::Down);
        }
        d.select(Command::FocusQueue, "HF-20261117-002");
        d.command(Command::Call);
        let notice = d.app.notice.clone().unwrap();
        assert!(notice.error && notice.text.contains(name), "{notice:?}");
        let case = d.runner.store.find_case("HF-20261117-002").unwrap().case;
        assert_eq!(case.status, Status::Queued, "nothing written");
    }
}

#[test]
fn with_nobody_picked_the_free_member_who_received_fewest_is_called() {
    use liaison::domain::case::Status;
    let mut d = desk(80, 24);
    // 张三明 receives 001; 杨玉兰 received 003 and is free; 吕晓峰 is not in.
    d.select(Command::FocusQueue, "HF-20261117-002");
    d.command(Command::Call);
    let case = d.runner.store.find_case("HF-20261117-002").unwrap().case;
    assert_eq!(case.status, Status::Receiving);
    assert_eq!(case.deputy.as_deref(), Some("D14"));
    // Both present members are receiving now: the next call is refused, saying why.
    d.command(Command::NewCase);
    for _ in 0..4 {
        d.command(Command::NextField);
    }
    d.type_text("楼下早餐店油烟大");
    d.command(Command::Save);
    d.command(Command::Call);
    let notice = d.app.notice.clone().unwrap();
    assert!(notice.error, "{notice:?}");
    let received: Vec<u32> = d.app.data.roster.iter().map(|r| r.received_today).collect();
    assert_eq!(
        received,
        vec![1, 2, 0],
        "counted from the calls, not the waiting"
    );
    assert_eq!(d.app.data.counts.received_today, 3);
}

#[test]
fn saving_the_intake_commits_before_the_form_closes_and_keeps_input_on_failure() {
    let mut d = desk(80, 24);
    d.command(Command::NewCase);
    d.type_text("王小红");
    d.command(Command::NextField);
    d.type_text("13812345678");
    for _ in 0..3 {
        d.command(Command::NextField);
    }
    d.type_text("小区路灯坏了三个月");
    // Make the write fail: the file becomes read-only underneath.
    d.runner
        .store
        .connection()
        .execute_batch("PRAGMA query_only = ON")
        .unwrap();
    d.command(Command::Save);
    let form = d
        .app
        .top::<IntakeForm>()
        .expect("the form stays open when the save fails");
    assert_eq!(form.spec.content.text(), "小区路灯坏了三个月", "input kept");
    assert!(!form.saving);
    assert!(d.app.notice.as_ref().unwrap().error);
    d.runner
        .store
        .connection()
        .execute_batch("PRAGMA query_only = OFF")
        .unwrap();
    d.command(Command::Save);
    assert!(d.app.layers.is_empty());
    assert_eq!(
        d.app.selected_case().unwrap().case.number,
        "HF-20261117-002",
        "the next resident to call is selected, not the newest"
    );
    assert!(
        d.app
            .notice
            .as_ref()
            .unwrap()
            .text
            .contains("HF-20261117-004")
    );
}

#[test]
fn quitting_with_unsaved_input_asks_first() {
    let mut d = desk(80, 24);
    d.command(Command::NewCase);
    d.type_text("王");
    d.command(Command::Quit);
    assert!(!d.app.quit && d.app.top::<Confirm>().is_some());
    d.command(Command::No);
    assert!(d.app.top::<Confirm>().is_none() && !d.app.quit);
    d.command(Command::Quit);
    d.command(Command::Yes);
    assert!(d.app.quit);
}

#[test]
fn roster_editor_adds_by_pinyin_initials_and_removes_after_asking() {
    let mut d = desk(80, 24);
    d.command(Command::FocusDuty);
    d.command(Command::AddMember);
    d.act(Action::Paste("mhm".into())); // 莫红梅
    d.command(Command::Confirm);
    let names: Vec<String> = d
        .app
        .data
        .roster
        .iter()
        .map(|r| r.member.name.clone())
        .collect();
    assert!(names.contains(&"莫红梅".to_string()), "{names:?}");
    d.command(Command::First);
    d.command(Command::RemoveMember);
    d.command(Command::Yes);
    assert_eq!(d.app.data.roster.len(), 3);
    // Check in and out.
    d.command(Command::Last);
    let before = d
        .app
        .main
        .selected_duty(&d.app.data)
        .unwrap()
        .entry
        .is_present();
    d.command(Command::TogglePresence);
    assert_ne!(
        d.app
            .main
            .selected_duty(&d.app.data)
            .unwrap()
            .entry
            .is_present(),
        before
    );
}

#[test]
fn key_release_events_are_ignored() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
    let d = desk(80, 24);
    let mut press = KeyEvent::new(KeyCode::F(2), KeyModifiers::NONE);
    assert!(matches!(
        d.app.on_key(&press),
        Some(Action::Command(Command::NewCase))
    ));
    press.kind = KeyEventKind::Release;
    assert!(d.app.on_key(&press).is_none());
}

/// A save answers with the case it wrote, which goes into the screen's lists at once: no
/// full reload follows. Ctrl-R is one effect: the reveal logged and the details read.
#[test]
fn writes_answer_with_the_new_state_instead_of_a_reload() {
    use liaison::tui::effect::Effect;
    let mut d = desk(80, 24);
    d.command(Command::NewCase);
    for _ in 0..4 {
        d.command(Command::NextField);
    }
    d.type_text("楼道灯不亮");
    let effects = d.app.update(Action::Command(Command::Save));
    assert!(
        matches!(effects.as_slice(), [Effect::Register(_)]),
        "{effects:?}"
    );
    let done = d.runner.run(effects[0].clone());
    let after = d.app.update(Action::Done(Box::new(done)));
    assert!(after.is_empty(), "nothing more is read: {after:?}");
    assert_eq!(d.app.data.counts.waiting, 2);
    assert!(
        d.app
            .data
            .queue
            .iter()
            .any(|r| r.case.content == "楼道灯不亮"),
        "the new case is in the queue"
    );
    assert_eq!(
        d.app.selected_case().unwrap().case.number,
        "HF-20261117-002",
        "the next resident to call is selected"
    );

    // Calling: the duty pane and the counts follow from the answer alone.
    let effects = d.app.update(Action::Command(Command::Call));
    assert!(
        matches!(effects.as_slice(), [Effect::Record { .. }]),
        "{effects:?}"
    );
    let done = d.runner.run(effects[0].clone());
    assert!(d.app.update(Action::Done(Box::new(done))).is_empty());
    let yang = d
        .app
        .data
        .roster
        .iter()
        .find(|r| r.member.id == "D14")
        .unwrap();
    assert_eq!(
        yang.receiving[0].case.content, "楼道堆放杂物存在消防隐患",
        "Enter after a save calls the resident who has waited longest"
    );
    assert_eq!(yang.received_today, 2);
    assert_eq!(d.app.data.counts.waiting, 1);
    assert_eq!(d.app.data.counts.received_today, 3);

    d.select(Command::FocusQueue, "HF-20261117-001");
    let effects = d.app.update(Action::Command(Command::Reveal));
    assert!(
        matches!(effects.as_slice(), [Effect::Reveal(_)]),
        "{effects:?}"
    );
    let done = d.runner.run(effects[0].clone());
    assert!(d.app.update(Action::Done(Box::new(done))).is_empty());
    assert!(
        d.app
            .top::<Detail>()
            .expect("the details are open")
            .revealed
    );
}

/// The intake form names no deputy unless the operator picked one in the duty pane.
#[test]
fn the_intake_form_names_a_deputy_only_when_one_was_picked() {
    let chosen = |d: &common::tui::Desk| {
        let form = d.app.top::<IntakeForm>().expect("the intake form is open");
        form.spec.deputy.chosen().map(|m| m.id.clone())
    };
    let mut d = desk(80, 24);
    d.command(Command::NewCase);
    assert_eq!(chosen(&d), None);
    d.command(Command::Close);
    d.command(Command::FocusDuty);
    d.command(Command::Down); // 杨玉兰
    d.command(Command::NewCase);
    assert_eq!(chosen(&d).as_deref(), Some("D14"));
    d.command(Command::Close);
    d.command(Command::Unpick);
    d.command(Command::NewCase);
    assert_eq!(chosen(&d), None);
}

/// A refusal in the status line lasts until the next key: a digit typed to put it right
/// clears it, as a command does.
#[test]
fn a_refusal_is_cleared_by_the_key_that_puts_it_right() {
    let mut d = desk(80, 24);
    d.select(Command::FocusQueue, "HF-20261117-002");
    d.command(Command::Classify);
    d.act(Action::Paste("03".into()));
    d.command(Command::Confirm);
    d.act(Action::Insert('x')); // on the nature: not a digit
    assert!(d.app.notice.as_ref().unwrap().error);
    d.act(Action::Insert('2'));
    assert_eq!(d.app.notice, None);
}
