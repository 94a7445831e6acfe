//! The wishes view (微心愿, Alt-W) on the test desk: open, claimed and fulfilled wishes, each
//! group longest waiting first, withdrawn ones left out, the resident's and the volunteer's
//! names masked and numbers in the content masked, in Chinese and in English; Enter claims
//! an open wish and fulfils a claimed one through the form kit, refusals said at the field.

mod common;

use common::at;
use common::tui::{Desk, desk, desk_in, text};
use liaison::i18n::Lang;
use liaison::store::{Claimant, NewWish};
use liaison::tui::action::Command;
use liaison::tui::keymap::{Context, Keymap};

fn wish(content: &str, name: &str, phone: &str) -> NewWish {
    NewWish {
        content: content.into(),
        public: String::new(),
        name: name.into(),
        phone: phone.into(),
        address: "和风雅苑3幢201室".into(),
    }
}

/// Five wishes: two open (registered 11-02 and 11-10), one claimed by a volunteer, one
/// fulfilled by a deputy, one withdrawn. Returns their numbers in that order.
fn wishes(d: &mut Desk) -> Vec<String> {
    let s = &mut d.db.store;
    let mut add = |content: &str, name: &str, when: &str| {
        s.add_wish(&wish(content, name, "13812345678"), "小王", at(when))
            .unwrap()
            .wish
            .number
    };
    let later_open = add("水龙头漏水，电话13812345678", "王秀英", "2026-11-10 09:00");
    let early_open = add("需要一个书包", "李明", "2026-11-02 09:00");
    let claimed = add("楼道灯不亮，独居老人", "赵桂兰", "2026-11-03 09:00");
    let fulfilled = add("需要一副助行器", "钱多多", "2026-11-01 09:00");
    let withdrawn = add("想要一台收音机", "孙丽", "2026-11-04 09:00");
    let s = &mut d.db.store;
    s.claim_wish(
        &claimed,
        &Claimant::Volunteer("周志远".into()),
        "小王",
        at("2026-11-05 10:00"),
    )
    .unwrap();
    s.claim_wish(
        &fulfilled,
        &Claimant::Member("D02".into()),
        "小王",
        at("2026-11-02 10:00"),
    )
    .unwrap();
    s.fulfil_wish(
        &fulfilled,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 6).unwrap(),
        "送去助行器",
        "小王",
        at("2026-11-06 16:00"),
    )
    .unwrap();
    s.withdraw_wish(&withdrawn, "已自行解决", "小王", at("2026-11-05 11:00"))
        .unwrap();
    vec![early_open, later_open, claimed, fulfilled, withdrawn]
}

#[test]
fn the_wishes_view_lists_open_claimed_fulfilled_by_age_with_names_masked() {
    let keymap = Keymap::load(&Default::default());
    assert_eq!(
        keymap
            .key_for(Command::Wishes, &[Context::Main, Context::App])
            .map(|k| k.to_string())
            .as_deref(),
        Some("Alt-W")
    );

    let mut d = desk(120, 40);
    let numbers = wishes(&mut d);
    d.command(Command::Wishes);
    let screen = text(&d.draw());
    assert!(screen.contains("微心愿（待认领"), "{screen}");
    let row = |number: &str| {
        screen
            .lines()
            .position(|l| l.contains(number))
            .unwrap_or_else(|| panic!("{number} not shown: {screen}"))
    };
    let (early, later, claimed, fulfilled) = (
        row(&numbers[0]),
        row(&numbers[1]),
        row(&numbers[2]),
        row(&numbers[3]),
    );
    assert!(
        early < later && later < claimed && claimed < fulfilled,
        "open (oldest first), claimed, fulfilled: {screen}"
    );
    assert!(
        !screen.contains(&numbers[4]),
        "withdrawn left out: {screen}"
    );
    let line = |n: usize| screen.lines().nth(n).unwrap();
    assert!(
        line(early).contains("待认领")
            && line(early).contains("15天")
            && line(early).contains("李*"),
        "{}",
        line(early)
    );
    assert!(line(later).contains("王**") && line(later).contains("138****5678"));
    assert!(
        line(claimed).contains("已认领") && line(claimed).contains("志愿者 周**"),
        "{}",
        line(claimed)
    );
    assert!(line(fulfilled).contains("已圆梦") && line(fulfilled).contains("D02"));
    for personal in ["王秀英", "赵桂兰", "钱多多", "周志远", "13812345678"] {
        assert!(!screen.contains(personal), "{personal}: {screen}");
    }

    d.command(Command::Close);
    assert!(!text(&d.draw()).contains(&numbers[0]), "closed");
}

#[test]
fn the_wishes_view_speaks_english_and_says_when_there_is_none() {
    let mut d = desk_in(80, 24, Lang::En);
    d.command(Command::Wishes);
    let screen = text(&d.draw());
    assert!(
        screen.contains("no wish open, claimed or fulfilled"),
        "{screen}"
    );
    d.command(Command::Close);
    let numbers = wishes(&mut d);
    d.command(Command::Wishes);
    let screen = text(&d.draw());
    assert!(screen.contains("Small wishes"), "{screen}");
    assert!(
        screen.contains(&numbers[0]) && screen.contains("open"),
        "{screen}"
    );
}

/// A wish's state as the file has it.
fn state_of(d: &Desk, number: &str) -> String {
    d.db.store.find_wish(number).unwrap().wish.state.to_string()
}

#[test]
fn an_open_wish_is_claimed_and_then_fulfilled_from_the_view() {
    let mut d = desk(120, 40);
    let numbers = wishes(&mut d);
    let first = &numbers[0];
    d.command(Command::Wishes);
    d.command(Command::First);
    d.command(Command::Open);
    let screen = text(&d.draw());
    assert!(screen.contains(&format!("认领微心愿  {first}")), "{screen}");
    assert!(screen.contains("需要一个书包"), "what was wished: {screen}");

    // Neither a member nor a volunteer: refused at the field, nothing written.
    d.command(Command::Save);
    let screen = text(&d.draw());
    assert!(screen.contains("填写认领的代表编号"), "{screen}");
    // A member the desk does not have: the store refuses, the form keeps the input.
    d.type_text("D99");
    d.command(Command::Save);
    let screen = text(&d.draw());
    assert!(
        screen.contains("未知成员 `D99`"),
        "said at the field: {screen}"
    );
    assert!(screen.contains(&format!("认领微心愿  {first}")), "{screen}");
    assert_eq!(state_of(&d, first), "open");

    d.command(Command::ClearField);
    d.type_text("D14");
    d.command(Command::Save);
    let screen = text(&d.draw());
    assert!(screen.contains(&format!("{first} 已认领")), "{screen}");
    assert!(
        !screen.contains("认领微心愿  "),
        "the form closed: {screen}"
    );
    let record = d.db.store.find_wish(first).unwrap();
    assert_eq!(state_of(&d, first), "claimed");
    assert_eq!(record.wish.member.as_deref(), Some("D14"));
    let line = screen.lines().find(|l| l.contains(first.as_str())).unwrap();
    assert!(line.contains("已认领") && line.contains("D14"), "{line}");

    // The claimed wish stays selected: Enter again fulfils it, today unless changed.
    d.command(Command::Open);
    let screen = text(&d.draw());
    assert!(screen.contains(&format!("微心愿圆梦  {first}")), "{screen}");
    assert!(screen.contains("2026-11-17"), "today: {screen}");
    d.command(Command::Save);
    assert!(text(&d.draw()).contains("请写明怎样圆的梦"));
    d.type_text("周代表送去新书包");
    d.command(Command::Save);
    let screen = text(&d.draw());
    assert!(screen.contains(&format!("{first} 已圆梦")), "{screen}");
    let record = d.db.store.find_wish(first).unwrap();
    assert_eq!(state_of(&d, first), "fulfilled");
    assert_eq!(record.wish.note.as_deref(), Some("周代表送去新书包"));
    assert_eq!(
        record.wish.fulfilled_on,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 17)
    );
    // A fulfilled wish has no next step.
    d.command(Command::Open);
    assert!(text(&d.draw()).contains("这个微心愿已圆梦，没有下一步"));
}

#[test]
fn a_claimed_wish_is_withdrawn_with_a_reason_and_a_fulfilled_one_cannot_be() {
    let mut d = desk(120, 40);
    let numbers = wishes(&mut d);
    let claimed = &numbers[2];
    d.command(Command::Wishes);
    // The third row: two open wishes, then the claimed one.
    d.command(Command::First);
    d.command(Command::Down);
    d.command(Command::Down);
    d.command(Command::Withdraw);
    let screen = text(&d.draw());
    assert!(
        screen.contains(&format!("撤销微心愿  {claimed}")),
        "{screen}"
    );
    d.command(Command::Save);
    assert!(text(&d.draw()).contains("请写明撤销原因"));
    assert_eq!(state_of(&d, claimed), "claimed", "nothing written");
    d.type_text("老人搬去女儿家住");
    d.command(Command::Save);
    let screen = text(&d.draw());
    assert!(screen.contains(&format!("{claimed} 已撤销")), "{screen}");
    assert_eq!(state_of(&d, claimed), "withdrawn");
    let record = d.db.store.find_wish(claimed).unwrap();
    assert_eq!(record.wish.reason.as_deref(), Some("老人搬去女儿家住"));
    let listed: Vec<&str> = screen
        .lines()
        .filter(|l| l.starts_with('|') && l.contains("HF-W-"))
        .collect();
    assert_eq!(listed.len(), 3, "{screen}");
    assert!(listed.iter().all(|l| !l.contains(claimed.as_str())));

    // The last row is the fulfilled wish: it cannot be withdrawn.
    d.command(Command::Last);
    d.command(Command::Withdraw);
    let screen = text(&d.draw());
    assert!(screen.contains("这个微心愿已圆梦，不能撤销"), "{screen}");
    assert_eq!(state_of(&d, &numbers[3]), "fulfilled");
}

#[test]
fn an_open_wish_is_given_its_wording_for_the_wall_from_the_view() {
    // The smallest screen first.
    let mut d = desk(80, 24);
    let numbers = wishes(&mut d);
    let first = &numbers[0];
    let public = |d: &Desk| d.db.store.find_wish(first).unwrap().wish.public;
    d.command(Command::Wishes);
    d.command(Command::First);
    d.command(Command::Publish);
    let screen = text(&d.draw());
    assert!(screen.contains(&format!("上墙文字  {first}")), "{screen}");
    assert!(screen.contains("需要一个书包"), "what was wished: {screen}");

    // Nothing written yet: an empty wording is asked for, not saved.
    d.command(Command::Save);
    assert!(
        text(&d.draw()).contains("请写上墙文字"),
        "{}",
        text(&d.draw())
    );
    // A phone number: the store refuses, the form keeps the input, nothing written.
    d.type_text("一名小学生需要书包，电话13812345678");
    d.command(Command::Save);
    let screen = text(&d.draw());
    assert!(screen.contains("上墙文字不能含电话"), "{screen}");
    assert!(screen.contains(&format!("上墙文字  {first}")), "{screen}");
    assert_eq!(public(&d), None);

    d.command(Command::ClearField);
    d.type_text("一名小学生需要一个书包");
    d.command(Command::Save);
    let screen = text(&d.draw());
    assert!(screen.contains(&format!("{first} 已上心愿墙")), "{screen}");
    assert_eq!(public(&d).as_deref(), Some("一名小学生需要一个书包"));
    let line = screen.lines().find(|l| l.contains(first.as_str())).unwrap();
    assert!(line.contains("已上墙"), "{line}");

    // Again: the present wording to start from; emptied and saved, the wish leaves the wall.
    d.command(Command::Publish);
    assert!(text(&d.draw()).contains("一名小学生需要一个书包"));
    d.command(Command::ClearField);
    d.command(Command::Save);
    let screen = text(&d.draw());
    assert!(
        screen.contains(&format!("{first} 已撤下心愿墙")),
        "{screen}"
    );
    assert_eq!(public(&d), None);
    let line = screen.lines().find(|l| l.contains(first.as_str())).unwrap();
    assert!(!line.contains("已上墙"), "{line}");
    assert_eq!(d.db.store.find_wish(first).unwrap().wish.events, 3);

    // A claimed wish (the third row) takes no wording.
    d.command(Command::Down);
    d.command(Command::Down);
    d.command(Command::Publish);
    let screen = text(&d.draw());
    assert!(screen.contains("只有待认领的微心愿上心愿墙"), "{screen}");
    assert!(!screen.contains(&format!("上墙文字  {}", numbers[2])));
}

#[test]
fn the_wording_form_speaks_english() {
    let mut d = desk_in(120, 40, Lang::En);
    let numbers = wishes(&mut d);
    d.command(Command::Wishes);
    d.command(Command::First);
    d.command(Command::Publish);
    let screen = text(&d.draw());
    assert!(
        screen.contains(&format!("Wording for the wall  {}", numbers[0])),
        "{screen}"
    );
    d.type_text("A pupil needs a school bag");
    d.command(Command::Save);
    let screen = text(&d.draw());
    assert!(
        screen.contains(&format!("{} is on the wall", numbers[0])),
        "{screen}"
    );
    assert!(screen.contains("on the wall"), "{screen}");
}
