//! Ctrl-W on the queue (issue 21, item 3): a waiting resident who left, or a registration made
//! by mistake, is withdrawn from the screen with its reason; F1 and the hint bar name the key.

mod common;

use common::tui::{desk, rows, text};
use liaison::domain::case::Status;
use liaison::domain::event::EventBody;
use liaison::domain::withdrawal::WithdrawReason;
use liaison::tui::action::Command;
use liaison::tui::keymap::{Context, Key, Keymap};

#[test]
fn ctrl_w_is_the_queues_withdraw_and_is_not_a_plain_letter() {
    let keymap = Keymap::load(&Default::default());
    let stack = [Context::Queue, Context::List, Context::Main, Context::App];
    let key: Key = keymap.key_for(Command::Withdraw, &stack).unwrap();
    assert!(!key.is_plain_letter());
    assert_eq!(liaison::tui::keymap::join_keys(&[key]), "Ctrl-W");
    assert_eq!(keymap.lookup(&stack, key), Some(Command::Withdraw));
}

#[test]
fn a_waiting_resident_is_withdrawn_from_the_queue_with_its_reason() {
    // The hint bar names the key where it has room (at 80 columns the queue's hints keep F7,
    // and F1 names it).
    let mut wide = desk(120, 40);
    wide.select(Command::FocusQueue, "HF-20261117-002");
    let hints = rows(&wide.draw())[39].clone();
    assert!(hints.contains("Ctrl-W 撤销登记"), "{hints}");
    let mut d = desk(80, 24);
    d.select(Command::FocusQueue, "HF-20261117-002");
    d.command(Command::Help);
    let help = text(&d.draw());
    assert!(
        help.contains("Ctrl-W") && help.contains("撤销登记"),
        "{help}"
    );
    d.command(Command::Close);

    d.command(Command::Withdraw);
    let screen = text(&d.draw());
    assert!(screen.contains("撤销登记 HF-20261117-002"), "{screen}");
    assert!(
        screen.contains("> 未接待离开") && screen.contains("误登记"),
        "{screen}"
    );
    // Esc keeps it.
    d.command(Command::No);
    let id = d.app.selected_case().unwrap().case.id;
    assert_eq!(
        d.db.store.case(id).unwrap().unwrap().case.status,
        Status::Queued
    );

    d.command(Command::Withdraw);
    d.command(Command::Down);
    d.command(Command::Yes);
    let screen = text(&d.draw());
    assert!(screen.contains("HF-20261117-002 已撤销"), "{screen}");
    let case = d.db.store.case(id).unwrap().unwrap().case;
    assert_eq!(case.status, Status::Withdrawn);
    let last = d.db.store.events(id).unwrap().pop().unwrap();
    assert_eq!(
        last.body,
        EventBody::Withdrawn {
            reason: WithdrawReason::Mistake,
            of: None,
            of_number: None,
        }
    );

    // Answered at the desk: handled, so not withdrawn; the key says why and writes nothing.
    d.select(Command::FocusQueue, "HF-20261117-003");
    let events =
        d.db.store
            .events(d.app.selected_case().unwrap().case.id)
            .unwrap()
            .len();
    d.command(Command::Withdraw);
    let screen = text(&d.draw());
    assert!(
        screen.contains("只有待接待或接待中、尚未分类的登记才能撤销"),
        "{screen}"
    );
    let id = d.app.selected_case().unwrap().case.id;
    assert_eq!(d.db.store.events(id).unwrap().len(), events);
}

#[test]
fn in_english_at_80_columns_the_question_and_the_note_wrap_whole() {
    let mut d = common::tui::desk_in(80, 24, liaison::i18n::Lang::En);
    d.select(Command::FocusQueue, "HF-20261117-002");
    d.command(Command::Withdraw);
    let screen = rows(&d.draw());
    // The dialog's rows, without its borders, joined: nothing is cut with an ellipsis.
    let inside: Vec<String> = screen
        .iter()
        .filter_map(|r| {
            let from = r.find("| ")?;
            let to = r.rfind(" |")?;
            (to > from).then(|| r[from + 2..to].trim().to_string())
        })
        .collect();
    let said = inside.join(" ");
    assert!(!said.contains('…'), "{said}");
    assert!(
        said.contains("Up/Down picks, Enter confirms, Esc keeps it"),
        "{said}"
    );
    assert!(
        said.contains("A withdrawn registration is not received and has no receipt"),
        "{said}"
    );
}
