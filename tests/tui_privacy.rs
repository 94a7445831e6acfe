//! Numbers residents type into what they say, on the desk's screen: the intake form offers to
//! move a phone into the phone field, and every pane and form shows such numbers masked, as
//! the phone itself, until an explicit, logged reveal.

mod common;

use common::tui::{desk, text};
use liaison::tui::action::{Action, Command};

const SPOKEN: &str = "13987654321";

#[test]
fn the_intake_form_offers_to_move_a_phone_out_of_the_content() {
    let mut d = desk(120, 40);
    d.command(Command::NewCase);
    for _ in 0..4 {
        d.command(Command::NextField);
    }
    d.type_text(&format!("路灯坏了，我的电话{SPOKEN}请回电"));
    let screen = text(&d.draw());
    assert!(
        screen.contains("反映内容里有电话 139****4321：Ctrl-E 把它移到电话栏"),
        "{screen}"
    );
    d.command(Command::MovePhone);
    let screen = text(&d.draw());
    assert!(!screen.contains("把它移到电话栏"), "{screen}");
    d.command(Command::Save);
    let saved = d
        .app
        .data
        .queue
        .iter()
        .find(|r| r.case.content.starts_with("路灯坏了"))
        .expect("saved into the queue")
        .clone();
    assert_eq!(saved.resident.phone.as_deref(), Some(SPOKEN));
    assert_eq!(saved.case.content, "路灯坏了，我的电话请回电");
}

#[test]
fn a_phone_already_given_is_not_offered_and_ctrl_e_says_why() {
    let mut d = desk(120, 40);
    d.command(Command::NewCase);
    d.command(Command::NextField);
    d.type_text("13800001111");
    for _ in 0..3 {
        d.command(Command::NextField);
    }
    d.type_text(&format!("另一个号码{SPOKEN}"));
    assert!(!text(&d.draw()).contains("把它移到电话栏"));
    d.command(Command::MovePhone);
    let screen = text(&d.draw());
    assert!(screen.contains("反映内容里没有电话号码"), "{screen}");
}

#[test]
fn numbers_in_the_content_are_masked_until_revealed() {
    let mut d = desk(120, 40);
    d.command(Command::NewCase);
    for _ in 0..4 {
        d.command(Command::NextField);
    }
    d.type_text(&format!("楼下噪音，打{SPOKEN}找我"));
    // Keep the number where the resident put it.
    d.command(Command::Save);
    let screen = text(&d.draw());
    assert!(
        screen.contains("楼下噪音，打139****"),
        "the queue masks it:\n{screen}"
    );
    assert!(!screen.contains(SPOKEN), "{screen}");
    let number = d
        .app
        .data
        .queue
        .iter()
        .find(|r| r.case.content.starts_with("楼下噪音"))
        .unwrap()
        .case
        .number
        .clone();
    d.select(Command::FocusQueue, &number);
    d.command(Command::Open);
    let screen = text(&d.draw());
    assert!(!screen.contains(SPOKEN), "the details mask it:\n{screen}");
    // No phone field, yet something to reveal: Ctrl-R shows it, and logs it first.
    d.act(Action::Command(Command::Reveal));
    let screen = text(&d.draw());
    assert!(screen.contains(SPOKEN), "revealed:\n{screen}");
    assert!(
        screen.contains("查看号码"),
        "the reveal is in the timeline:\n{screen}"
    );
}
