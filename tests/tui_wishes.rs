//! The wishes view (微心愿, Alt-W) on the test desk: open, claimed and fulfilled wishes, each
//! group longest waiting first, withdrawn ones left out, the resident's and the volunteer's
//! names masked and numbers in the content masked, in Chinese and in English.

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
