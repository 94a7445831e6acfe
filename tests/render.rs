//! Every pane drawn on a test terminal at 80×24 and 120×40, with Chinese data, and the
//! caret where a Chinese IME needs it.

mod common;

use common::tui::{desk, rows, text};
use liaison::tui::action::{Action, Command};
use liaison::tui::layout::{self, LABEL_WIDTH};
use ratatui::layout::Rect;

#[test]
fn main_screen_at_80x24_folds_panes_into_tabs() {
    let d = desk(80, 24);
    let t = d.draw();
    let screen = text(&t);
    let lines = rows(&t);
    assert!(
        lines[0].starts_with("和风社区人大代表联络站"),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("今天是接待日"), "{}", lines[0]);
    assert!(lines[0].contains("操作员 小王"));
    assert!(
        lines[1].contains("待接待 1")
            && lines[1].contains("今日已接待 2")
            && lines[1].contains("逾期 1"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains("1 值班代表") && lines[2].contains("4 督办看板"),
        "tabs: {}",
        lines[2]
    );
    assert!(lines[3].contains("接待队列"));
    // The queue: numbers, times, statuses, who receives, masked phones.
    assert!(
        screen.contains("001 08:40 接待中    张三明  王小红   138****5678"),
        "{screen}"
    );
    assert!(
        screen.contains("002 08:50 待接待    40分钟  李建华"),
        "{screen}"
    );
    assert!(screen.contains("003 09:05 已答复"), "{screen}");
    assert!(!screen.contains("13812345678"), "a phone in the clear");
    assert!(
        lines[23].contains("Enter 叫号接待") && lines[23].contains("F2 登记来访"),
        "hints: {}",
        lines[23]
    );
    for line in &lines {
        assert!(
            unicode_width::UnicodeWidthStr::width(line.as_str()) <= 80,
            "too wide: {line}"
        );
    }
    insta::assert_snapshot!("main_80x24", screen);
}

#[test]
fn main_screen_at_120x40_shows_the_four_panes() {
    let d = desk(120, 40);
    let t = d.draw();
    let screen = text(&t);
    for title in ["值班代表", "接待队列", "待分类", "督办看板"] {
        assert!(screen.contains(title), "{title} missing:\n{screen}");
    }
    assert!(screen.contains("张三明 在岗"), "{screen}");
    assert!(screen.contains("吕晓峰 未到"), "{screen}");
    assert!(screen.contains("HF-20261105-001 已退回"), "{screen}");
    assert!(
        screen.contains("HF-20261020-001 街道市政设施管理所"),
        "{screen}"
    );
    assert!(
        screen.contains("2026-11-03"),
        "due dates with their year:\n{screen}"
    );
    assert!(
        screen.contains("张三明 在岗   省人大代表"),
        "member titles when there is room:\n{screen}"
    );
    assert!(screen.contains("+14"), "days overdue:\n{screen}");
    assert!(screen.contains("待通报"), "ladder stage:\n{screen}");
    assert!(screen.contains("待提醒"), "ladder stage:\n{screen}");
    insta::assert_snapshot!("main_120x40", screen);
}

#[test]
fn each_pane_in_tab_mode() {
    let mut d = desk(80, 24);
    d.command(Command::FocusDuty);
    let s = text(&d.draw());
    assert!(s.contains("张三明 在岗") && s.contains("001 王小红"), "{s}");
    d.command(Command::FocusClassify);
    let s = text(&d.draw());
    assert!(
        s.contains("HF-20261117-001 接待中    张三明") && s.contains("HF-20261105-001 已退回"),
        "{s}"
    );
    d.command(Command::FocusBoard);
    let s = text(&d.draw());
    assert!(
        s.contains("HF-20261020-001") && s.contains("HF-20261103-001"),
        "{s}"
    );
    assert!(s.contains("+14"), "{s}");
}

#[test]
fn the_caret_follows_chinese_typing() {
    let mut d = desk(80, 24);
    d.command(Command::NewCase);
    d.type_text("王小红");
    let mut t = d.draw();
    let form = layout::form(Rect::new(0, 0, 80, 24));
    let field_x = form.x + 1 + LABEL_WIDTH + 1;
    // The kind (登记类别) is the first row; the form opens on the name under it.
    let name_y = form.y + 2;
    t.backend_mut()
        .assert_cursor_position((field_x + 6, name_y));
    assert!(text(&t).contains("姓名           王小红"), "{}", text(&t));

    // Into the content field: three Tabs past phone, address and source.
    for _ in 0..4 {
        d.command(Command::NextField);
    }
    d.type_text("小区路灯坏了三个月");
    let mut t = d.draw();
    t.backend_mut()
        .assert_cursor_position((field_x + 18, name_y + 4));
    d.command(Command::Left);
    let mut t2 = d.draw();
    t2.backend_mut()
        .assert_cursor_position((field_x + 16, name_y + 4));
    insta::assert_snapshot!("intake_80x24", text(&t));
}

#[test]
fn the_caret_wraps_in_the_content_field_at_120x40() {
    let mut d = desk(120, 40);
    d.command(Command::NewCase);
    for _ in 0..4 {
        d.command(Command::NextField);
    }
    let width = layout::form_field_width(Rect::new(0, 0, 120, 40));
    // One character more than fits on a row.
    let per_row = (width as usize - 1) / 2;
    d.type_text(&"灯".repeat(per_row + 1));
    let mut t = d.draw();
    let form = layout::form(Rect::new(0, 0, 120, 40));
    t.backend_mut()
        .assert_cursor_position((form.x + 1 + LABEL_WIDTH + 1 + 2, form.y + 1 + 5 + 1));
}

#[test]
fn classification_form_shows_the_suggested_unit_and_due_date() {
    let mut d = desk(80, 24);
    d.select(Command::FocusQueue, "HF-20261117-001");
    d.command(Command::Classify);
    d.act(Action::Paste("03".into()));
    d.command(Command::Confirm);
    let s = text(&d.draw());
    assert!(s.contains("分类处置  HF-20261117-001"), "{s}");
    assert!(s.contains("类别           03 水电气与市政设施"), "{s}");
    assert!(s.contains("承办单位       SZ 街道市政设施管理所"), "{s}");
    assert!(
        s.contains("期限(工作日)   10     办理期限 2026-12-01"),
        "{s}"
    );
    let d120 = {
        let mut d = desk(120, 40);
        d.command(Command::Classify);
        d.draw()
    };
    assert!(text(&d120).contains("1当场答复 2街道交办 3上报区级 4转代表建议 5不予受理"));
}

#[test]
fn detail_help_and_confirm_overlays() {
    let mut d = desk(80, 24);
    d.select(Command::FocusQueue, "HF-20261117-001");
    d.command(Command::Open);
    let s = text(&d.draw());
    assert!(s.contains("来访详情  HF-20261117-001"), "{s}");
    assert!(s.contains("王小红  138****5678"), "{s}");
    assert!(s.contains("登记") && s.contains("叫号接待"), "{s}");
    d.command(Command::Reveal);
    let s = text(&d.draw());
    assert!(s.contains("13812345678"), "revealed:\n{s}");
    assert!(
        s.contains("查看号码"),
        "the reveal is in the timeline:\n{s}"
    );
    d.command(Command::Close);

    d.command(Command::Help);
    let s = text(&d.draw());
    assert!(
        s.contains("帮助") && s.contains("F2") && s.contains("登记来访"),
        "{s}"
    );
    d.command(Command::Close);

    d.command(Command::NewCase);
    d.type_text("王");
    d.command(Command::Close);
    let s = text(&d.draw());
    assert!(s.contains("放弃已填写的内容？"), "{s}");
    assert!(s.contains("Enter 是") && s.contains("Esc 否"), "{s}");
}

/// Ctrl-U asks before recording, naming how many cases it touches, and then says how many
/// steps it recorded: the cases due 11-03 (overdue: escalate) and 11-18 (tomorrow: remind).
#[test]
fn the_bulk_urge_names_its_count_before_and_after() {
    let mut d = desk(80, 24);
    d.command(Command::FocusBoard);
    d.command(Command::BulkUrge);
    let s = text(&d.draw());
    assert!(s.contains("对今天到期的件一并记录督办？"), "{s}");
    assert!(s.contains("共 2 件，每件记下今天到期的一步"), "{s}");
    d.command(Command::Yes);
    let s = text(&d.draw());
    assert!(s.contains("已记录 2 个督办步骤"), "{s}");
    assert!(s.contains("已通报") && s.contains("已提醒"), "{s}");
    // Nothing is left due today.
    d.command(Command::BulkUrge);
    assert!(text(&d.draw()).contains("今天没有需要督办的件"));
    // F8 on the escalated case says where it stands as the board does.
    d.command(Command::Supervise);
    let s = text(&d.draw());
    assert!(s.contains("督办阶段: 已通报"), "{s}");
}

/// A unit's reply recorded with F4 shows in the case's details under its own label.
#[test]
fn the_details_show_the_units_reply() {
    let mut d = desk(80, 24);
    d.command(Command::FocusBoard);
    d.command(Command::Feedback);
    d.type_text("雨水井已疏通");
    d.command(Command::Save);
    assert!(text(&d.draw()).contains("已反馈"));
    d.command(Command::Search);
    d.type_text("雨水井");
    d.command(Command::Open);
    d.command(Command::Open);
    let s = text(&d.draw());
    assert!(s.contains("来访详情"), "{s}");
    assert!(s.contains("反馈内容    雨水井已疏通"), "{s}");
}

/// F8 opens on the act, so a digit picks it (and the focus stays); an extension of an overdue case counts from
/// today (its deadline 11-03 has passed: 5 working days from 11-17 is 11-24); typing text
/// while on the act goes into the note.
#[test]
fn the_supervision_form_picks_by_digit_and_extends_from_today() {
    let mut d = desk(80, 24);
    d.command(Command::FocusBoard);
    d.command(Command::Supervise);
    d.act(Action::Insert('2'));
    let s = text(&d.draw());
    assert!(s.contains("新期限 2026-11-24"), "{s}");
    // The digit picked the act and the focus stayed: Tab goes to the days, then the reason.
    d.command(Command::NextField);
    d.command(Command::NextField);
    d.type_text("单位申请延期");
    d.command(Command::Save);
    let s = text(&d.draw());
    assert!(s.contains("已记录 HF-20261020-001"), "{s}");
    let extended = d.runner.store.find_case("HF-20261020-001").unwrap().case;
    assert_eq!(extended.due_date, Some(common::date("2026-11-24")));

    d.command(Command::Supervise);
    d.type_text("请尽快答复");
    let s = text(&d.draw());
    assert!(s.contains("备注           请尽快答复"), "{s}");
}

/// F4 refuses a reply dated after today, and a call-back must say whether the matter was
/// resolved: nothing is preselected that would count as 办成.
#[test]
fn the_feedback_form_refuses_a_future_reply_and_a_call_back_without_resolved() {
    let mut d = desk(80, 24);
    d.command(Command::FocusBoard);
    d.command(Command::Feedback);
    d.type_text("雨水井已疏通");
    d.command(Command::NextField);
    d.command(Command::ClearField);
    d.type_text("2026-12-30");
    d.command(Command::Save);
    let s = text(&d.draw());
    assert!(s.contains("反馈日期不能晚于今天"), "{s}");
    let case = |d: &common::tui::Desk| d.runner.store.find_case("HF-20261020-001").unwrap().case;
    assert_eq!(case(&d).replied_on, None, "nothing was saved");
    d.command(Command::ClearField);
    d.type_text("2026-11-17");
    d.command(Command::Save);
    assert_eq!(case(&d).replied_on, Some(common::date("2026-11-17")));

    d.command(Command::Search);
    d.type_text("雨水井");
    d.command(Command::Open);
    d.command(Command::Open);
    d.command(Command::Feedback);
    d.act(Action::Insert('2')); // 满意
    d.command(Command::Save);
    let s = text(&d.draw());
    assert!(s.contains("请选择是否办成"), "{s}");
    assert_eq!(case(&d).satisfaction, None, "nothing was saved");
    d.act(Action::Insert('1')); // 已办成
    d.command(Command::Save);
    assert_eq!(case(&d).resolved, Some(true));
}

/// A phone that is no phone number is named for what is wrong with it, in Chinese.
#[test]
fn a_bad_phone_says_what_a_phone_looks_like() {
    let mut d = desk(80, 24);
    d.command(Command::NewCase);
    d.command(Command::NextField);
    d.type_text("12345");
    d.command(Command::NextField);
    let s = text(&d.draw());
    assert!(s.contains("电话格式不对：11位手机号"), "{s}");
}

/// Another terminal handles the case while this one fills in its form: the save is refused
/// in the desk's language, naming the case's status now, and the input stays.
#[test]
fn a_case_handled_elsewhere_meanwhile_is_refused_in_chinese() {
    let mut d = desk(80, 24);
    d.command(Command::FocusBoard);
    d.command(Command::Supervise);
    d.type_text("请尽快答复");
    let id = d.runner.store.find_case("HF-20261020-001").unwrap().case.id;
    d.runner
        .store
        .record(
            id,
            vec![liaison::domain::event::EventBody::Replied {
                text: "已疏通".into(),
                on: common::date("2026-11-17"),
            }],
            "另一终端",
            common::at("2026-11-17 09:31"),
        )
        .unwrap();
    d.command(Command::Save);
    let s = text(&d.draw());
    assert!(
        s.contains("HF-20261020-001 状态为已反馈，不能再通报（可能另一终端已处理）"),
        "{s}"
    );
    assert!(
        s.contains("备注           请尽快答复"),
        "the input is kept:\n{s}"
    );
}

/// A dissatisfied call-back on a case answered on the spot cannot reopen it (there is no
/// unit): the form says so instead of promising a new deadline.
#[test]
fn a_dissatisfied_call_back_without_a_unit_says_it_closes() {
    let mut d = desk(80, 24);
    d.command(Command::Search);
    d.type_text("加装电梯");
    d.command(Command::Open);
    d.command(Command::Open);
    d.command(Command::Feedback);
    d.act(Action::Insert('4')); // 不满意
    let s = text(&d.draw());
    assert!(s.contains("当场答复的件没有承办单位"), "{s}");
    assert!(!s.contains("新期限"), "{s}");
}

#[test]
fn a_too_small_window_says_so() {
    for (w, h) in [(59, 24), (80, 15), (20, 5), (1, 1)] {
        let d = desk(w, h);
        let s = text(&d.draw());
        assert!(s.contains("窗口太小") || w < 20, "{w}x{h}: {s}");
    }
    // Keys typed blind into a too-small window do nothing; the form is there, untouched,
    // when the window is large again.
    let mut d = desk(80, 24);
    d.command(Command::NewCase);
    d.type_text("王");
    d.act(Action::Resize(40, 10));
    d.type_text("小红");
    d.command(Command::Close);
    d.command(Command::Yes);
    d.command(Command::Save);
    d.act(Action::Resize(80, 24));
    let s = text(&d.draw());
    assert!(
        s.contains("登记来访") && s.contains("姓名           王 "),
        "{s}"
    );
    assert!(!s.contains("放弃已填写的内容"), "{s}");

    // After a spell at a tiny size, the whole queue is in view again.
    let mut d = desk(120, 40);
    for i in 0..12 {
        d.runner
            .store
            .register(
                &common::intake(&format!("排队的第{i}件")),
                "小王",
                common::at("2026-11-17 09:20"),
            )
            .unwrap();
    }
    d.command(Command::Refresh);
    d.command(Command::FocusQueue);
    d.command(Command::Last);
    d.act(Action::Resize(40, 10));
    d.act(Action::Resize(120, 40));
    let s = text(&d.draw());
    assert!(s.contains("001 08:40") && s.contains("003 09:05"), "{s}");
}

#[test]
fn escape_sequences_in_data_are_neutralised_on_screen() {
    let mut d = desk(80, 24);
    // As if a bundle from elsewhere brought raw control characters.
    d.app.data.queue[1].case.content = "\u{1b}[2J\u{1b}]0;pwned\u{7}清屏".into();
    d.app.data.queue[1].resident.name = Some("\u{202e}王\u{8}".into());
    let t = d.draw();
    let buf = t.backend().buffer();
    for cell in buf.content() {
        assert!(
            !cell.symbol().chars().any(|c| c.is_control()),
            "control character on screen"
        );
        assert!(!cell.symbol().contains('\u{202e}'));
    }
    assert!(text(&t).contains("^[[2J"), "{}", text(&t));
}

#[test]
fn english_labels_with_lang_en() {
    let mut d = desk(120, 40);
    d.app.texts = liaison::i18n::Texts::of(liaison::i18n::Lang::En);
    let s = text(&d.draw());
    assert!(
        s.contains("Intake queue") && s.contains("Supervision board"),
        "{s}"
    );
    assert!(s.contains("receiving"), "{s}");
}

#[test]
fn statistics_duty_records_and_projects_at_80x24() {
    use liaison::domain::activity::ActivityKind;
    let mut d = desk(80, 24);
    d.runner
        .store
        .add_activity(
            common::date("2026-11-10"),
            ActivityKind::Volunteer,
            "志愿服务",
            None,
            Some("HF"),
            &["D02".to_string()],
            None,
        )
        .unwrap();
    d.runner
        .store
        .add_project(&liaison::store::NewProject {
            code: "2026-01".into(),
            year: 2026,
            title: "背街小巷路灯改造".into(),
            unit: "SZ".into(),
            target: "改造路灯800盏".into(),
            votes: Some(25),
        })
        .unwrap();
    d.runner
        .store
        .add_progress("2026-01", common::date("2026-11-01"), 60, "按计划推进")
        .unwrap();

    d.command(Command::Statistics);
    let s = text(&d.draw());
    assert!(s.contains("1/3 本月各类别来访"), "{s}");
    // This month: the elevator question (01) answered today, the charging question (06), the
    // returned rubbish question (04), and two not yet classified.
    assert!(
        s.contains("01 城乡建设与老…") && s.contains("（无）           2"),
        "{s}"
    );
    assert!(s.contains('#'), "bars are drawn with #:\n{s}");
    for line in rows(&d.draw()) {
        assert!(
            unicode_width::UnicodeWidthStr::width(line.as_str()) <= 80,
            "{line}"
        );
    }
    d.command(Command::NextPane);
    let s = text(&d.draw());
    assert!(s.contains("2/3 近12个月来访趋势"), "{s}");
    d.command(Command::NextPane);
    let s = text(&d.draw());
    assert!(
        s.contains("3/3 各承办单位逾期件") && s.contains("街道市政设施管… 1#"),
        "{s}"
    );
    insta::assert_snapshot!("statistics_overdue_80x24", s);
    d.command(Command::Close);

    d.command(Command::DutyRecords);
    let s = text(&d.draw());
    assert!(
        s.contains("代表履职档案") && s.contains("张三明") && s.contains("省人大代表"),
        "{s}"
    );
    d.command(Command::Close);

    d.command(Command::Projects);
    let s = text(&d.draw());
    assert!(
        s.contains("[######----]  60%") && s.contains("背街小巷路灯改造"),
        "{s}"
    );
    d.command(Command::Open);
    let s = text(&d.draw());
    assert!(s.contains("2026-11-01") && s.contains("按计划推进"), "{s}");
}

#[test]
fn a_long_board_scrolls_and_keeps_the_selection_visible() {
    use liaison::domain::case::Nature;
    use liaison::domain::event::{Classification, EventBody, Handling};
    let mut d = desk(80, 24);
    for n in 0..40 {
        let case =
            d.db.store
                .register(
                    &common::intake(&format!("第{n:02}件：井盖松动")),
                    "小王",
                    common::at("2026-10-09 09:00"),
                )
                .unwrap()
                .case;
        d.db.store
            .record(
                case.id,
                vec![EventBody::Assigned {
                    class: Classification {
                        category: Some("0302".into()),
                        nature: Some(Nature::Help),
                    },
                    handling: Handling {
                        unit: "SZ".into(),
                        due_date: common::date("2026-10-20") + chrono::Duration::days(n),
                        due_uncertain: false,
                        limit_days: None,
                        note: None,
                    },
                }],
                "小王",
                common::at("2026-10-09 09:05"),
            )
            .unwrap();
    }
    d.command(Command::Refresh);
    d.command(Command::FocusBoard);
    d.command(Command::Last);
    let screen = d.draw();
    let s = text(&screen);
    // The last row (due latest) is on screen and is the highlighted one; the first is not.
    let last = d
        .app
        .main
        .board_rows(&d.app.data)
        .last()
        .unwrap()
        .record
        .case
        .number
        .clone();
    let first = d.app.main.board_rows(&d.app.data)[0]
        .record
        .case
        .number
        .clone();
    assert!(s.contains(&last), "{s}");
    assert!(!s.contains(&first), "{s}");
    let y = rows(&screen)
        .iter()
        .position(|r| r.contains(&last))
        .unwrap();
    let x = rows(&screen)[y].find(&last).unwrap() as u16;
    let buf = screen.backend().buffer();
    let (here, above) = (&buf[(x, y as u16)], &buf[(x, y as u16 - 1)]);
    assert!(
        here.bg != above.bg || here.modifier != above.modifier,
        "the last row is highlighted"
    );
    d.command(Command::First);
    let s = text(&d.draw());
    assert!(s.contains(&first) && !s.contains(&last), "{s}");
}

/// The hint bar greys out what cannot run on the selected row (F3 on an answered case) and,
/// when narrow, drops the least important hints but never F1.
#[test]
fn the_hint_bar_greys_out_what_cannot_run_and_keeps_f1() {
    use ratatui::style::Modifier;
    let style_of = |d: &common::tui::Desk, key: &str| {
        let t = d.draw();
        let buf = t.backend().buffer();
        let y = buf.area.height - 1;
        let line = rows(&t)[y as usize].clone();
        let at = line.find(key).unwrap_or_else(|| panic!("{key} in {line}"));
        let x = unicode_width::UnicodeWidthStr::width(&line[..at]) as u16;
        buf[(x, y)].modifier
    };
    let mut d = desk(80, 24);
    d.select(Command::FocusQueue, "HF-20261117-003"); // answered
    assert!(style_of(&d, "F3").contains(Modifier::DIM));
    assert!(!style_of(&d, "F2").contains(Modifier::DIM));
    d.select(Command::FocusQueue, "HF-20261117-002"); // waiting
    assert!(!style_of(&d, "F3").contains(Modifier::DIM));
    for width in [60, 80, 120] {
        let d = desk(width, 24);
        let last = rows(&d.draw())[23].clone();
        assert!(last.contains("F1 帮助"), "{width}: {last}");
        assert!(unicode_width::UnicodeWidthStr::width(last.as_str()) <= width as usize);
    }
}

/// With a problem under four fields and the deputy's matches open, the 80×24 intake form
/// still shows every problem, the deputy's row and its caret inside the frame.
#[test]
fn every_problem_and_the_deputy_stay_inside_the_intake_form_at_80x24() {
    let mut d = desk(80, 24);
    d.command(Command::NewCase);
    d.act(Action::Paste("名".repeat(41)));
    d.command(Command::NextField);
    d.type_text("12345");
    d.command(Command::NextField);
    d.act(Action::Paste("址".repeat(121)));
    d.command(Command::NextField);
    d.command(Command::NextField);
    d.act(Action::Paste("灯".repeat(2001)));
    d.command(Command::Save);
    assert!(d.app.notice.as_ref().unwrap().text.starts_with("姓名："));
    for _ in 0..5 {
        d.command(Command::NextField);
    }
    let mut t = d.draw();
    let lines = rows(&t);
    let form = layout::form(Rect::new(0, 0, 80, 24));
    let deputy = lines
        .iter()
        .position(|l| l.contains("接待代表"))
        .expect("the deputy's row") as u16;
    assert!(deputy < form.bottom() - 1, "inside the frame");
    let problems = lines
        .iter()
        .filter(|l| l.contains("太长") || l.contains("电话格式"))
        .count();
    assert_eq!(problems, 4, "{}", lines.join("\n"));
    t.backend_mut()
        .assert_cursor_position((form.x + 1 + LABEL_WIDTH + 1, deputy));
}

/// Ctrl-T on a case no unit has yet says so in the desk's language, on the main screen and
/// in the details; nothing is written.
#[test]
fn a_slip_of_a_case_not_handed_over_is_refused_in_words() {
    let mut d = desk(80, 24);
    d.select(Command::FocusQueue, "HF-20261117-002");
    d.command(Command::PrintSlip);
    let notice = d.app.notice.clone().unwrap();
    assert!(
        notice.error && notice.text == "该件尚未交办，没有交办单",
        "{notice:?}"
    );
    d.command(Command::Open);
    d.command(Command::PrintSlip);
    assert_eq!(
        d.app.notice.clone().unwrap().text,
        "该件尚未交办，没有交办单"
    );
    assert!(!d.db.dir.path().join("documents").exists());
}

/// A note from a case's details (Ctrl-N): refused empty, recorded, and in the timeline when
/// the form closes back onto the details.
#[test]
fn a_note_is_added_from_the_details() {
    let mut d = desk(80, 24);
    d.select(Command::FocusQueue, "HF-20261117-002");
    d.command(Command::Open);
    d.command(Command::AddNote);
    assert!(text(&d.draw()).contains("加备注  HF-20261117-002"));
    d.command(Command::Save);
    assert!(text(&d.draw()).contains("请填写备注"));
    d.type_text("已电话告知物业");
    d.command(Command::Save);
    let s = text(&d.draw());
    assert!(
        s.contains("来访详情  HF-20261117-002"),
        "back on the details:\n{s}"
    );
    assert!(
        s.contains("已电话告知物业"),
        "the note in the timeline:\n{s}"
    );
    assert!(s.contains("已为 HF-20261117-002 加备注"), "{s}");
}
