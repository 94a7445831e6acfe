//! One language at a time: with `--lang en` every pane, form and overlay speaks English.
//! Each screen is drawn at 80×24 and 120×40, and every run of Chinese characters on it must
//! be a piece of data — what residents said, names, addresses, the operator — never a label.

mod common;

use common::tui::{Desk, desk_in, text};
use liaison::i18n::Lang;
use liaison::tui::action::Command;

/// The Chinese the fixture and the shipped network put in as data.
fn data() -> Vec<String> {
    let mut data: Vec<String> = [
        // Residents, their addresses and what they said (tests/common/tui.rs).
        "雨水井堵塞，一下雨就积水",
        "赵建国",
        "电动车充电桩不够用",
        "钱桂英",
        "垃圾分类亭气味大",
        "孙丽娟",
        "非本单位职责",
        "小区路灯坏了三个月，晚上出门不安全",
        "王小红",
        "楼道堆放杂物存在消防隐患",
        "李建华",
        "老旧小区改造能否加装电梯？",
        "张秀兰",
        "已介绍加装电梯政策",
        "和风雅苑3幢201室",
        // Who recorded: the operator, and the unit that returned a case.
        "小王",
        "执法局",
    ]
    .map(String::from)
    .to_vec();
    let network = liaison::assets::network();
    data.extend(network.members.iter().map(|m| m.name.clone()));
    // The units' contact people.
    data.extend(
        liaison::assets::taxonomy()
            .units
            .into_iter()
            .filter_map(|u| u.contact),
    );
    // The station's own address and phone are data too.
    for s in &network.stations {
        data.extend(s.address.clone());
    }
    // The State Council's notices are quoted by title.
    data.extend(
        liaison::assets::holiday_notices()
            .into_iter()
            .map(|n| n.title),
    );
    data
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}

/// The runs of Chinese on a screen that are not part of the data.
fn labels_in_chinese(screen: &str, data: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for line in screen.lines() {
        let mut run = String::new();
        for c in line.chars().chain(std::iter::once(' ')) {
            if is_cjk(c) {
                run.push(c);
            } else if !run.is_empty() {
                if !data.iter().any(|d| d.contains(run.as_str())) {
                    found.push(run.clone());
                }
                run.clear();
            }
        }
    }
    found
}

/// How a screen is reached from the main screen.
type Reach = Box<dyn Fn(&mut Desk)>;

/// Every screen an operator reaches, by the commands that reach it from the main screen.
fn screens() -> Vec<(&'static str, Reach)> {
    let select = |pane: Command, number: &'static str| {
        move |d: &mut Desk| {
            d.select(pane, number);
        }
    };
    vec![
        ("main", Box::new(|_: &mut Desk| {})),
        (
            "duty",
            Box::new(|d: &mut Desk| d.command(Command::FocusDuty)),
        ),
        (
            "queue",
            Box::new(|d: &mut Desk| d.command(Command::FocusQueue)),
        ),
        (
            "to classify",
            Box::new(|d: &mut Desk| d.command(Command::FocusClassify)),
        ),
        (
            "board",
            Box::new(|d: &mut Desk| d.command(Command::FocusBoard)),
        ),
        ("help", Box::new(|d: &mut Desk| d.command(Command::Help))),
        (
            "intake form",
            Box::new(|d: &mut Desk| {
                d.command(Command::NewCase);
                d.type_text("王");
                d.command(Command::NextField);
            }),
        ),
        (
            "give up the intake",
            Box::new(|d: &mut Desk| {
                d.command(Command::NewCase);
                d.type_text("王");
                d.command(Command::Close);
            }),
        ),
        (
            "intake with problems",
            Box::new(|d: &mut Desk| {
                d.command(Command::NewCase);
                d.command(Command::Save);
            }),
        ),
        (
            "classify form",
            Box::new(move |d: &mut Desk| {
                select(Command::FocusQueue, "HF-20261117-001")(d);
                d.command(Command::Classify);
            }),
        ),
        (
            "details",
            Box::new(move |d: &mut Desk| {
                select(Command::FocusBoard, "HF-20261020-001")(d);
                d.command(Command::Open);
            }),
        ),
        (
            "withdraw",
            Box::new(move |d: &mut Desk| {
                select(Command::FocusQueue, "HF-20261117-002")(d);
                d.command(Command::Withdraw);
            }),
        ),
        (
            "correction form",
            Box::new(move |d: &mut Desk| {
                select(Command::FocusQueue, "HF-20261117-002")(d);
                d.command(Command::Correct);
            }),
        ),
        (
            "re-classify form",
            Box::new(move |d: &mut Desk| {
                select(Command::FocusBoard, "HF-20261020-001")(d);
                d.command(Command::Open);
                d.command(Command::Reclassify);
            }),
        ),
        (
            "details of a returned case",
            Box::new(move |d: &mut Desk| {
                select(Command::FocusClassify, "HF-20261105-001")(d);
                d.command(Command::Open);
            }),
        ),
        (
            "feedback form",
            Box::new(move |d: &mut Desk| {
                select(Command::FocusBoard, "HF-20261020-001")(d);
                d.command(Command::Feedback);
            }),
        ),
        (
            "supervision form",
            Box::new(move |d: &mut Desk| {
                select(Command::FocusBoard, "HF-20261020-001")(d);
                d.command(Command::Supervise);
            }),
        ),
        (
            "bulk urge",
            Box::new(|d: &mut Desk| {
                d.command(Command::FocusBoard);
                d.command(Command::BulkUrge);
            }),
        ),
        (
            "bulk urge recorded",
            Box::new(|d: &mut Desk| {
                d.command(Command::FocusBoard);
                d.command(Command::BulkUrge);
                d.command(Command::Yes);
            }),
        ),
        (
            "board filter",
            Box::new(|d: &mut Desk| {
                d.command(Command::FocusBoard);
                d.command(Command::Filter);
            }),
        ),
        (
            "roster picker",
            Box::new(|d: &mut Desk| {
                d.command(Command::FocusDuty);
                d.command(Command::AddMember);
            }),
        ),
        (
            "search",
            Box::new(|d: &mut Desk| {
                d.command(Command::Search);
                d.type_text("路灯");
            }),
        ),
        ("units", Box::new(|d: &mut Desk| d.command(Command::Units))),
        (
            "recurring",
            Box::new(|d: &mut Desk| d.command(Command::Recurring)),
        ),
        (
            "statistics",
            Box::new(|d: &mut Desk| d.command(Command::Statistics)),
        ),
        (
            "statistics, trend",
            Box::new(|d: &mut Desk| {
                d.command(Command::Statistics);
                d.command(Command::NextPane);
            }),
        ),
        (
            "statistics, overdue by unit",
            Box::new(|d: &mut Desk| {
                d.command(Command::Statistics);
                d.command(Command::NextPane);
                d.command(Command::NextPane);
            }),
        ),
        (
            "duty records",
            Box::new(|d: &mut Desk| d.command(Command::DutyRecords)),
        ),
        (
            "projects",
            Box::new(|d: &mut Desk| d.command(Command::Projects)),
        ),
        (
            "holidays",
            Box::new(|d: &mut Desk| d.command(Command::Holidays)),
        ),
        (
            "a slip refused",
            Box::new(move |d: &mut Desk| {
                select(Command::FocusQueue, "HF-20261117-002")(d);
                d.command(Command::PrintSlip);
            }),
        ),
        (
            "a call to nobody free",
            Box::new(move |d: &mut Desk| {
                select(Command::FocusQueue, "HF-20261117-002")(d);
                d.command(Command::Call);
                d.command(Command::FocusQueue);
                d.command(Command::Call);
            }),
        ),
        (
            "edit",
            Box::new(move |d: &mut Desk| {
                select(Command::FocusQueue, "HF-20261117-002")(d);
                d.command(Command::Edit);
            }),
        ),
    ]
}

#[test]
fn every_pane_and_form_in_english_shows_chinese_only_in_data() {
    let data = data();
    let mut problems = Vec::new();
    for (width, height) in [(80, 24), (120, 40)] {
        for (name, reach) in screens() {
            let mut d = desk_in(width, height, Lang::En);
            reach(&mut d);
            let screen = text(&d.draw());
            let found = labels_in_chinese(&screen, &data);
            if !found.is_empty() {
                problems.push(format!("{name} at {width}x{height}: {found:?}\n{screen}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn the_english_screens_speak_english() {
    let mut d = desk_in(120, 40, Lang::En);
    let s = text(&d.draw());
    assert!(
        s.contains("Intake queue") && s.contains("Supervision board"),
        "{s}"
    );
    // Ranks and the ladder's stages, each worded in full.
    assert!(s.contains("provincial deputy"), "{s}");
    assert!(s.contains("to escalate"), "{s}");
    d.command(Command::FocusBoard);
    d.command(Command::BulkUrge);
    let s = text(&d.draw());
    assert!(s.contains("2 cases,"), "a plural:\n{s}");
    d.command(Command::Yes);
    let s = text(&d.draw());
    assert!(s.contains("recorded 2 supervision steps"), "{s}");
    assert!(s.contains("escalated"), "the step recorded:\n{s}");
    // The timeline names each event in full, apart from who recorded it.
    d.select(Command::FocusBoard, "HF-20261020-001");
    d.command(Command::Open);
    let s = text(&d.draw());
    assert!(s.contains("registered 小王"), "{s}");
}

#[test]
fn the_check_finds_a_label_in_chinese() {
    let data = data();
    assert_eq!(
        labels_in_chinese("Intake queue  待接待 1  王小红", &data),
        vec!["待接待".to_string()]
    );
    assert!(labels_in_chinese("小区路灯坏了三… 王小红", &data).is_empty());
}

#[test]
fn the_advice_of_the_new_forms_is_whole_at_80_columns() {
    // Correction and re-classification open with a sentence of advice; in English it runs over
    // one row, and must wrap rather than lose its end.
    let open: [(&str, Reach); 2] = [
        (
            "the timeline keeps the old text. The phone is masked: leave it, or clear it and type the new one",
            Box::new(|d: &mut Desk| {
                d.select(Command::FocusQueue, "HF-20261117-002");
                d.command(Command::Correct);
            }),
        ),
        (
            "a new unit voids the first hand-over and its deadline runs from today",
            Box::new(|d: &mut Desk| {
                d.select(Command::FocusBoard, "HF-20261020-001");
                d.command(Command::Open);
                d.command(Command::Reclassify);
            }),
        ),
    ];
    for (advice, reach) in open {
        let mut d = desk_in(80, 24, Lang::En);
        reach(&mut d);
        let joined: String = common::tui::rows(&d.draw())
            .iter()
            .filter_map(|r| r.strip_prefix('|').and_then(|r| r.strip_suffix('|')))
            .map(|r| r.trim_end().to_string())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(joined.contains(advice), "{advice}:\n{joined}");
    }
}
