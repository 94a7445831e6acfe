//! The intake form's own tests: Tab order, checks, pastes, the source's digits, the deputy.

use super::*;
use crate::i18n::Lang;
use crate::tui::kit::Input;
use crate::tui::kit::Layer;
use crate::tui::kit::form::Form;
use ratatui::layout::Rect;

fn form() -> IntakeForm {
    Form::new(
        Intake::new(vec![], Texts::of(Lang::Zh)),
        Rect::new(0, 0, 80, 24),
    )
}

fn with_view<R>(f: impl FnOnce(&View) -> R) -> R {
    crate::tui::kit::view::with_test_view(Lang::Zh, f)
}

fn type_str(f: &mut IntakeForm, s: &str) {
    with_view(|v| {
        for c in s.chars() {
            f.handle(&Input::Insert(c), v);
        }
    })
}

fn cmd(f: &mut IntakeForm, c: Command) -> Outcome {
    with_view(|v| f.handle(&Input::Command(c), v))
}

#[test]
fn tab_order_and_save() {
    let mut f = form();
    type_str(&mut f, "王小红");
    cmd(&mut f, Command::NextField);
    type_str(&mut f, "13812345678");
    cmd(&mut f, Command::Confirm);
    assert_eq!(f.focus, Field::Address);
    cmd(&mut f, Command::NextField);
    assert_eq!(f.focus, Field::Source);
    cmd(&mut f, Command::NextField);
    type_str(&mut f, "小区路灯坏了三个月");
    match cmd(&mut f, Command::Save) {
        Outcome::Run(effects) => {
            let Effect::Register(new) = &effects[0] else {
                panic!("{effects:?}")
            };
            assert_eq!(new.name, "王小红");
            assert_eq!(new.phone, "13812345678");
            assert_eq!(new.content, "小区路灯坏了三个月");
            assert_eq!(new.source, Some(Source::WalkIn));
        }
        other => panic!("{other:?}"),
    }
    assert!(f.saving);
}

#[test]
fn content_is_required_and_phone_checked_on_leaving() {
    let mut f = form();
    cmd(&mut f, Command::NextField);
    type_str(&mut f, "12345");
    cmd(&mut f, Command::NextField);
    assert_eq!(f.problem(Field::Phone).unwrap().key, Ui::PhoneInvalid);
    assert!(matches!(
        cmd(&mut f, Command::Save),
        Outcome::Refused {
            field: Ui::FieldPhone,
            ..
        }
    ));
    assert_eq!(f.focus, Field::Phone, "focus goes to the first problem");
    assert!(f.problem(Field::Content).is_some());
    for _ in 0..5 {
        cmd(&mut f, Command::DeleteBack);
    }
    assert!(f.problem(Field::Phone).is_none());
}

#[test]
fn enter_in_the_content_is_a_new_line() {
    let mut f = form().focused(Field::Content);
    type_str(&mut f, "一");
    cmd(&mut f, Command::Confirm);
    type_str(&mut f, "二");
    assert_eq!(f.spec.content.text(), "一\n二");
}

#[test]
fn a_paste_the_field_cannot_hold_is_refused_and_said() {
    let mut f = form();
    let out = with_view(|v| f.handle(&Input::Paste("名".repeat(100)), v));
    assert!(f.spec.name.is_empty());
    assert!(matches!(
        out,
        Outcome::Refused {
            field: Ui::FieldName,
            ..
        }
    ));
    let p = f.problem(Field::Name).unwrap();
    assert_eq!(p.key, Ui::PasteTooBig);
    assert!(p.vars.contains(&("limit", "40".to_string())), "{p:?}");
}

#[test]
fn content_over_the_limit_is_kept_and_the_save_names_the_limit() {
    let mut f = form().focused(Field::Content);
    with_view(|v| f.handle(&Input::Paste("灯".repeat(limits::CONTENT + 1)), v));
    assert_eq!(
        f.spec.content.chars(),
        limits::CONTENT + 1,
        "nothing dropped"
    );
    match cmd(&mut f, Command::Save) {
        Outcome::Refused { field, problem } => {
            assert_eq!(field, Ui::FieldContent);
            assert_eq!(
                problem,
                Problem::too_long(limits::CONTENT, limits::CONTENT + 1)
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(!f.saving);
    cmd(&mut f, Command::DeleteBack);
    assert!(f.problem(Field::Content).is_none());
    assert!(matches!(cmd(&mut f, Command::Save), Outcome::Run(_)));
}

#[test]
fn a_digit_on_the_source_keeps_the_tab_order() {
    let mut f = form().focused(Field::Source);
    type_str(&mut f, "2");
    assert_eq!(f.spec.source.value(), Some(Source::Phone));
    assert_eq!(f.focus, Field::Source, "the digit does not move on");
    type_str(&mut f, "３");
    assert_eq!(
        f.spec.source.value(),
        Some(Source::Online),
        "full-width digits too"
    );
    cmd(&mut f, Command::NextField);
    assert_eq!(f.focus, Field::Content);
    // Text typed on the source says how a source is picked.
    f.focus = Field::Source;
    assert!(matches!(
        with_view(|v| f.handle(&Input::Insert('路'), v)),
        Outcome::Refused { .. }
    ));
    assert_eq!(f.problem(Field::Source).unwrap().key, Ui::ChoiceKeys);
}

fn member(id: &str, name: &str) -> Member {
    Member {
        id: id.into(),
        name: name.into(),
        kind: crate::domain::member::MemberKind::Deputy,
        level: None,
        station: "HF".into(),
        initials: String::new(),
        title: None,
    }
}

#[test]
fn a_deputy_not_here_is_asked_about_first() {
    let members = vec![
        member("D02", "张三明"),
        member("R11", "吕晓峰"),
        member("R35", "蒋海燕"),
    ];
    let roster = vec![("D02".to_string(), true), ("R11".to_string(), false)];
    let t = Texts::of(Lang::Zh);
    let spec = |id: &str| {
        let mut s = Intake::new(members.clone(), t).on_roster(roster.clone());
        s.content = TextField::new(limits::CONTENT, true).with_text("灯坏了");
        s.deputy.choose_code(id);
        s
    };
    assert_eq!(spec("D02").ask_first(t), None, "here: saved at once");
    let (q, detail, effects) = spec("R11").ask_first(t).unwrap();
    assert_eq!(q, Ui::ConfirmCheckIn);
    assert!(detail.contains("吕晓峰"), "{detail}");
    let (q, _, effects_off) = spec("R35").ask_first(t).unwrap();
    assert_eq!(q, Ui::ConfirmBringIn);
    for (effects, id) in [(effects, "R11"), (effects_off, "R35")] {
        let [Effect::RegisterAndCall(new)] = effects.as_slice() else {
            panic!("{effects:?}")
        };
        assert_eq!(new.deputy.as_deref(), Some(id));
        assert_eq!(new.content, "灯坏了");
    }
    let mut none = Intake::new(members.clone(), t).on_roster(roster.clone());
    assert_eq!(none.ask_first(t), None, "no deputy picked");
    none.deputy.choose_code("R35");
    assert!(none.ask_first(t).is_some());
}

#[test]
fn ctrl_z_takes_back_a_cleared_content() {
    let mut f = form().focused(Field::Content);
    type_str(&mut f, "小区路灯坏了");
    cmd(&mut f, Command::ClearField);
    assert!(f.spec.content.is_empty());
    cmd(&mut f, Command::Undo);
    assert_eq!(f.spec.content.text(), "小区路灯坏了");
}
