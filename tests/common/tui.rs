//! A deterministic desk for render tests: a fixed day, fixed cases, a frozen clock.
#![allow(dead_code)]

use chrono::NaiveDateTime;
use liaison::clock::Clock;
use liaison::domain::case::{Level, Nature};
use liaison::domain::event::{Classification, EventBody, Handling};
use liaison::i18n::{Lang, Texts};
use liaison::store::NewCase;
use liaison::tui::action::Action;
use liaison::tui::app::App;
use liaison::tui::effect::Runner;
use liaison::tui::keymap::Keymap;
use liaison::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use super::{TestDb, at, date, initialised};

pub const NOW: &str = "2026-11-17 09:30";

pub struct Desk {
    pub db: TestDb,
    pub app: App,
    pub runner: Runner,
}

fn new_case(content: &str, name: &str, phone: &str) -> NewCase {
    NewCase {
        content: content.into(),
        name: name.into(),
        phone: phone.into(),
        address: "和风雅苑3幢201室".into(),
        ..NewCase::default()
    }
}

/// 和风社区 on reception day 2026-11-17 at 09:30: three deputies on the roster, a queue,
/// a returned case, and overdue cases on the board.
pub fn desk(width: u16, height: u16) -> Desk {
    desk_in(width, height, Lang::Zh)
}

/// The same desk with the interface in `lang`.
pub fn desk_in(width: u16, height: u16, lang: Lang) -> Desk {
    let mut db = initialised("HF");
    let s = &mut db.store;
    let day = date("2026-11-17");
    for m in ["D02", "D14", "R11"] {
        s.add_to_roster(day, "HF", m).unwrap();
    }
    s.set_present(day, "HF", "D02", true, at("2026-11-17 08:30"))
        .unwrap();
    s.set_present(day, "HF", "D14", true, at("2026-11-17 08:35"))
        .unwrap();

    // Earlier cases, for the board and the to-classify list.
    let handling = |unit: &str, due: &str| Handling {
        unit: unit.into(),
        due_date: date(due),
        due_uncertain: false,
        limit_days: None,
        note: None,
    };
    let class = |c: &str| Classification {
        category: Some(c.into()),
        nature: Some(Nature::Help),
    };
    let old = s
        .register(
            &new_case("雨水井堵塞，一下雨就积水", "赵建国", "13700001111"),
            "小王",
            at("2026-10-20 09:10"),
        )
        .unwrap()
        .case
        .id;
    s.record(
        old,
        vec![EventBody::Assigned {
            class: class("0302"),
            handling: handling("SZ", "2026-11-03"),
        }],
        "小王",
        at("2026-10-20 09:30"),
    )
    .unwrap();
    let soon = s
        .register(
            &new_case("电动车充电桩不够用", "钱桂英", "13600002222"),
            "小王",
            at("2026-11-03 14:00"),
        )
        .unwrap()
        .case
        .id;
    s.record(
        soon,
        vec![EventBody::Assigned {
            class: class("0601"),
            handling: handling("JT", "2026-11-18"),
        }],
        "小王",
        at("2026-11-03 14:10"),
    )
    .unwrap();
    let back = s
        .register(
            &new_case("垃圾分类亭气味大", "孙丽娟", ""),
            "小王",
            at("2026-11-05 10:00"),
        )
        .unwrap()
        .case
        .id;
    s.record(
        back,
        vec![EventBody::Assigned {
            class: class("04"),
            handling: handling("ZF", "2026-11-19"),
        }],
        "小王",
        at("2026-11-05 10:05"),
    )
    .unwrap();
    s.record(
        back,
        vec![EventBody::Returned {
            reason: "非本单位职责".into(),
        }],
        "执法局",
        at("2026-11-06 10:00"),
    )
    .unwrap();

    // Today's queue.
    let a = s
        .register(
            &new_case(
                "小区路灯坏了三个月，晚上出门不安全",
                "王小红",
                "13812345678",
            ),
            "小王",
            at("2026-11-17 08:40"),
        )
        .unwrap()
        .case
        .id;
    s.record(
        a,
        vec![EventBody::Called {
            deputy: "D02".into(),
        }],
        "小王",
        at("2026-11-17 08:45"),
    )
    .unwrap();
    s.register(
        &new_case("楼道堆放杂物存在消防隐患", "李建华", "13900001111"),
        "小王",
        at("2026-11-17 08:50"),
    )
    .unwrap();
    let c = s
        .register(
            &new_case("老旧小区改造能否加装电梯？", "张秀兰", ""),
            "小王",
            at("2026-11-17 09:05"),
        )
        .unwrap()
        .case
        .id;
    s.record(
        c,
        vec![EventBody::Called {
            deputy: "D14".into(),
        }],
        "小王",
        at("2026-11-17 09:06"),
    )
    .unwrap();
    s.record(
        c,
        vec![EventBody::Answered {
            class: Classification {
                category: Some("01".into()),
                nature: Some(Nature::Consult),
            },
            answer: "已介绍加装电梯政策".into(),
        }],
        "小王",
        at("2026-11-17 09:20"),
    )
    .unwrap();
    let _ = Level::Street;

    let store = liaison::store::Store::open(&db.path).unwrap();
    let clock = Clock::frozen(NaiveDateTime::parse_from_str(NOW, "%Y-%m-%d %H:%M").unwrap());
    let mut runner = Runner::new(store, clock, "小王".into(), Texts::of(lang));
    let snapshot = runner.snapshot().unwrap();
    let app = App::new(
        Texts::of(lang),
        Keymap::load(&Default::default()),
        Theme::monochrome(),
        snapshot,
        "小王".into(),
        Rect::new(0, 0, width, height),
    );
    Desk { db, app, runner }
}

impl Desk {
    /// Feeds an action and runs the effects it asks for, as the real loop does.
    pub fn act(&mut self, action: Action) {
        let mut pending = vec![action];
        while let Some(action) = pending.pop() {
            let effects = self.app.update(action);
            for effect in effects.into_iter().rev() {
                pending.push(Action::Done(Box::new(self.runner.run(effect))));
            }
        }
    }

    pub fn command(&mut self, c: liaison::tui::action::Command) {
        self.act(Action::Command(c));
    }

    /// Selects a case in a pane with the keys an operator would use: the pane's focus, Home,
    /// then Down until the case is selected.
    pub fn select(&mut self, focus: liaison::tui::action::Command, number: &str) {
        use liaison::tui::action::Command;
        self.command(focus);
        self.command(Command::First);
        for _ in 0..600 {
            if self
                .app
                .selected_case()
                .is_some_and(|r| r.case.number == number)
            {
                return;
            }
            self.command(Command::Down);
        }
        panic!("{number} is not in the pane");
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.act(Action::Insert(c));
        }
    }

    /// Draws a frame on a test terminal of the app's size.
    pub fn draw(&self) -> Terminal<TestBackend> {
        let mut terminal =
            Terminal::new(TestBackend::new(self.app.size.width, self.app.size.height)).unwrap();
        terminal
            .draw(|f| liaison::tui::ui::render(&self.app, f))
            .unwrap();
        terminal
    }
}

/// The screen as text rows; the cell after a wide character is not repeated.
pub fn rows(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buf = terminal.backend().buffer();
    let mut out = Vec::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buf[(x, y)].symbol();
            line.push_str(symbol);
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
        }
        out.push(line.trim_end().to_string());
    }
    out
}

pub fn text(terminal: &Terminal<TestBackend>) -> String {
    rows(terminal).join("\n")
}
