//! The intake form (F2) registers a small wish (微心愿) as well as an opinion: F2 again, or
//! the kind's digit, switches; a wish is saved as `wish add` saves it (the store's checks),
//! its number said and shown in the wishes view (Alt-W). Odd paths first: a wording for the
//! wall with a phone in it, an empty wish, a letter or a wrong digit on the kind, Esc
//! midway, switching after typing, a failed write, English at 80×24.

mod common;

use common::tui::{Desk, desk, desk_in, rows, text};
use liaison::i18n::Lang;
use liaison::tui::action::{Action, Command};
use liaison::tui::forms::intake::{Field, IntakeForm, Kind};
use liaison::tui::keymap::{Context, Keymap};
use liaison::tui::layers::confirm::Confirm;

fn form(d: &Desk) -> &IntakeForm {
    d.app.top::<IntakeForm>().expect("the intake form is open")
}

/// The desk's wishes and cases as the file has them.
fn counts(d: &Desk) -> (usize, usize) {
    let wishes = d.db.store.wishes(None).unwrap().len();
    let cases =
        d.db.store
            .connection()
            .query_row("SELECT count(*) FROM cases", [], |r| r.get::<_, i64>(0))
            .unwrap() as usize;
    (wishes, cases)
}

/// F2 opens the form on the name; F2 again makes it a wish's.
fn wish_form(d: &mut Desk) {
    d.command(Command::NewCase);
    assert_eq!(form(d).focus, Field::Name);
    d.command(Command::SwitchKind);
    assert_eq!(form(d).spec.kind(), Kind::Wish);
}

#[test]
fn f2_in_the_form_is_the_switch_and_every_key_of_it_is_no_letter() {
    let keymap = Keymap::load(&Default::default());
    assert_eq!(
        keymap
            .key_for(
                Command::SwitchKind,
                &[Context::Intake, Context::Text, Context::Form, Context::App]
            )
            .map(|k| k.to_string())
            .as_deref(),
        Some("F2")
    );
    assert!(keymap.problems.is_empty(), "{:?}", keymap.problems);
}

#[test]
fn a_wish_is_registered_its_number_said_and_shown_in_the_wishes_view() {
    let mut d = desk(80, 24);
    let before = counts(&d);
    wish_form(&mut d);
    let screen = text(&d.draw());
    assert!(screen.contains("登记微心愿"), "{screen}");
    for gone in ["来源", "接待代表"] {
        assert!(!screen.contains(gone), "{gone} is a case's: {screen}");
    }
    assert!(screen.contains("F2 意见/微心愿"), "the hint bar: {screen}");
    assert!(
        !screen.contains("标为重复件"),
        "no duplicates for a wish: {screen}"
    );
    d.type_text("周桂芳");
    d.command(Command::NextField);
    d.type_text("13912345678");
    d.command(Command::NextField);
    d.type_text("和风雅苑5幢102室");
    d.command(Command::NextField);
    assert_eq!(form(&d).focus, Field::Content, "no source on a wish");
    d.type_text("孙子上学需要一个书包");
    d.command(Command::NextField);
    assert_eq!(form(&d).focus, Field::Public);
    d.type_text("一名小学生需要一个新书包");
    d.command(Command::Save);
    assert!(d.app.layers.is_empty(), "the form closed once saved");
    let notice = d.app.notice.clone().unwrap();
    assert!(!notice.error, "{notice:?}");
    assert!(
        notice.text.contains("已登记微心愿 HF-W-20261117-001"),
        "{notice:?}"
    );
    assert_eq!(counts(&d), (before.0 + 1, before.1), "a wish, no case");
    let record = d.db.store.find_wish("HF-W-20261117-001").unwrap();
    assert_eq!(record.wish.content, "孙子上学需要一个书包");
    assert_eq!(
        record.wish.public.as_deref(),
        Some("一名小学生需要一个新书包")
    );
    assert_eq!(record.people.name.as_deref(), Some("周桂芳"));
    assert_eq!(record.people.phone.as_deref(), Some("13912345678"));
    assert_eq!(record.people.address.as_deref(), Some("和风雅苑5幢102室"));

    d.command(Command::Wishes);
    let screen = text(&d.draw());
    let line = screen
        .lines()
        .find(|l| l.contains("HF-W-20261117-001"))
        .unwrap_or_else(|| panic!("not in the wishes view: {screen}"));
    assert!(line.contains("待认领") && line.contains("周**"), "{line}");
    assert!(!screen.contains("13912345678"), "{screen}");
}

#[test]
fn a_wording_for_the_wall_with_a_phone_is_refused_at_its_field_and_nothing_is_saved() {
    let mut d = desk(80, 24);
    let before = counts(&d);
    wish_form(&mut d);
    d.command(Command::NextField);
    d.command(Command::NextField);
    d.command(Command::NextField);
    d.type_text("需要一副助行器");
    d.command(Command::NextField);
    d.type_text("老人需要助行器，电话13812345678");
    d.command(Command::Save);
    let f = form(&d);
    assert!(!f.saving);
    assert_eq!(f.focus, Field::Public, "the focus goes to the problem");
    let screen = text(&d.draw());
    assert!(
        screen.contains("上墙文字不能含电话、身份证等号码：请改写"),
        "said under the field: {screen}"
    );
    assert!(d.app.notice.as_ref().unwrap().error);
    assert_eq!(counts(&d), before, "nothing saved");
    // Reworded, it is saved; the phone typed there never reached the file.
    d.command(Command::ClearField);
    d.type_text("老人需要一副助行器");
    d.command(Command::Save);
    assert!(d.app.layers.is_empty());
    let record = d.db.store.find_wish("HF-W-20261117-001").unwrap();
    assert_eq!(record.wish.public.as_deref(), Some("老人需要一副助行器"));
}

#[test]
fn an_empty_wish_is_refused_and_a_bad_phone_too() {
    let mut d = desk(80, 24);
    let before = counts(&d);
    wish_form(&mut d);
    d.command(Command::Save);
    assert_eq!(form(&d).focus, Field::Content);
    assert!(text(&d.draw()).contains("请写下居民的心愿"));
    // Spaces are no wish either.
    d.type_text("   ");
    d.command(Command::Save);
    assert!(form(&d).problem(Field::Content).is_some());
    // Letters where the phone's digits go: refused as a case's phone is.
    d.command(Command::ClearField);
    d.type_text("要一台收音机");
    d.command(Command::PrevField);
    d.command(Command::PrevField);
    assert_eq!(form(&d).focus, Field::Phone);
    d.type_text("一三八");
    d.command(Command::Save);
    assert_eq!(form(&d).focus, Field::Phone);
    assert_eq!(
        form(&d).problem(Field::Phone).map(|p| p.key),
        Some(liaison::i18n::Ui::PhoneInvalid)
    );
    assert_eq!(counts(&d), before, "nothing saved");
}

#[test]
fn the_kind_takes_its_digits_and_says_how_when_given_anything_else() {
    let mut d = desk(80, 24);
    d.command(Command::NewCase);
    d.command(Command::PrevField);
    assert_eq!(form(&d).focus, Field::Kind, "the kind is above the name");
    d.type_text("3");
    assert_eq!(form(&d).spec.kind(), Kind::Opinion, "no third kind");
    assert!(form(&d).problem(Field::Kind).is_some());
    assert!(d.app.notice.as_ref().unwrap().error);
    d.type_text("微");
    assert_eq!(form(&d).spec.kind(), Kind::Opinion);
    d.type_text("２");
    assert_eq!(form(&d).spec.kind(), Kind::Wish, "a full-width digit too");
    assert!(form(&d).problem(Field::Kind).is_none());
    d.command(Command::Left);
    assert_eq!(form(&d).spec.kind(), Kind::Opinion);
    d.command(Command::Right);
    assert_eq!(form(&d).spec.kind(), Kind::Wish);
    d.command(Command::NextField);
    assert_eq!(form(&d).focus, Field::Name);
}

#[test]
fn switching_keeps_what_was_typed_and_the_focus_on_a_shown_field() {
    let mut d = desk(80, 24);
    d.command(Command::NewCase);
    d.type_text("王小红");
    for _ in 0..4 {
        d.command(Command::NextField);
    }
    assert_eq!(form(&d).focus, Field::Content);
    d.type_text("家里老人想要一台收音机");
    d.command(Command::SwitchKind);
    let f = form(&d);
    assert_eq!(f.spec.kind(), Kind::Wish);
    assert_eq!(f.spec.content.text(), "家里老人想要一台收音机");
    assert_eq!(f.spec.name.text(), "王小红");
    assert_eq!(f.focus, Field::Content);
    d.type_text("。");
    d.command(Command::SwitchKind);
    assert_eq!(form(&d).spec.kind(), Kind::Opinion);
    assert_eq!(form(&d).spec.content.text(), "家里老人想要一台收音机。");
    // On a field a wish has not (the source), the switch takes the focus to the content.
    d.command(Command::PrevField);
    assert_eq!(form(&d).focus, Field::Source);
    d.command(Command::SwitchKind);
    assert_eq!(form(&d).focus, Field::Content);
    let screen = text(&d.draw());
    assert!(screen.contains("家里老人想要一台收音机。"), "{screen}");
    // Back to an opinion, it registers a case as before.
    d.command(Command::SwitchKind);
    let before = counts(&d);
    d.command(Command::Save);
    assert!(d.app.layers.is_empty());
    assert_eq!(counts(&d), (before.0, before.1 + 1), "a case, no wish");
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
fn esc_midway_asks_and_saves_nothing_and_no_keeps_the_form_as_it_was() {
    let mut d = desk(80, 24);
    let before = counts(&d);
    wish_form(&mut d);
    d.command(Command::NextField);
    d.command(Command::NextField);
    d.command(Command::NextField);
    d.type_text("想要一个轮椅");
    d.command(Command::Close);
    assert!(
        d.app.top::<Confirm>().is_some(),
        "asks before throwing away"
    );
    d.command(Command::No);
    let f = form(&d);
    assert_eq!(f.spec.kind(), Kind::Wish);
    assert_eq!(f.spec.content.text(), "想要一个轮椅", "kept");
    d.command(Command::Close);
    d.command(Command::Yes);
    assert!(d.app.layers.is_empty());
    assert_eq!(counts(&d), before, "nothing saved");
    // Only the kind switched, nothing typed: Esc closes at once.
    wish_form(&mut d);
    d.command(Command::Close);
    assert!(d.app.layers.is_empty());
}

#[test]
fn a_failed_write_keeps_the_wish_typed_and_says_why() {
    let mut d = desk(80, 24);
    wish_form(&mut d);
    d.command(Command::NextField);
    d.command(Command::NextField);
    d.command(Command::NextField);
    d.type_text("需要修一下水龙头");
    d.runner
        .store
        .connection()
        .execute_batch("PRAGMA query_only = ON")
        .unwrap();
    d.command(Command::Save);
    let f = form(&d);
    assert!(!f.saving);
    assert_eq!(f.spec.content.text(), "需要修一下水龙头", "input kept");
    assert!(f.problem(Field::Content).is_some(), "said at the form");
    assert!(d.app.notice.as_ref().unwrap().error);
    d.runner
        .store
        .connection()
        .execute_batch("PRAGMA query_only = OFF")
        .unwrap();
    d.command(Command::Save);
    assert!(d.app.layers.is_empty());
    assert!(d.db.store.find_wish("HF-W-20261117-001").is_ok());
}

#[test]
fn the_wish_form_in_english_at_80x24_shows_every_field_and_its_problems() {
    let mut d = desk_in(80, 24, Lang::En);
    wish_form(&mut d);
    d.command(Command::PrevField);
    let screen = rows(&d.draw());
    let all = screen.join("\n");
    for shown in [
        "Register a small wish",
        "Kind",
        "1opinion 2small wish",
        "Name",
        "Phone",
        "Address",
        "Wish *",
        "For the wall",
        "1 an opinion (a case), 2 a small wish; or Left/Right",
        "F2 opinion/wish",
    ] {
        assert!(all.contains(shown), "{shown}: {all}");
    }
    for gone in ["Source", "Deputy", "Register a walk-in"] {
        assert!(!all.contains(gone), "{gone}: {all}");
    }
    // Empty, and a phone on the wall: both said, in full.
    d.command(Command::PrevField);
    d.act(Action::Paste("call 13812345678".into()));
    d.command(Command::Save);
    let all = text(&d.draw());
    assert!(
        all.contains("no phone, ID or other number on the wall: reword it"),
        "{all}"
    );
    assert!(all.contains("write what the resident wishes for"), "{all}");
    assert!(screen.iter().all(|r| r.chars().count() <= 80));
}
