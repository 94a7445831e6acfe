//! The handling chain after reception day: each path through the workflow, the full cycle
//! with a reopened case, the ladder over the 2026 National Day holidays, duplicates and
//! search.

mod common;

use common::{at, date, initialised, intake};
use liaison::assets;
use liaison::domain::calendar::HolidayTable;
use liaison::domain::case::{Level, Nature, Satisfaction, Status, SupervisionStep};
use liaison::domain::event::{EventBody, LinkKind};
use liaison::domain::handling::{Disposition, call_back, dispose, next_step, supervision_event};
use liaison::domain::ladder::{Stage, position};
use liaison::domain::search::parse;
use liaison::domain::transition::replay;
use liaison::store::{NewCase, Reason, Store};

fn holidays() -> HolidayTable {
    HolidayTable::from_notices(&assets::holiday_notices())
}

fn assign(
    store: &mut Store,
    number: &str,
    category: &str,
    when: &str,
) -> liaison::domain::case::Case {
    let case = store.find_case(number).unwrap().case;
    let d = Disposition {
        category: category.into(),
        nature: Some(Nature::Help),
        level: Level::Street,
        unit: None,
        limit_days: None,
        note: String::new(),
    };
    let today = at(when).date();
    let body = dispose(&d, &store.taxonomy().unwrap(), &holidays(), today).unwrap();
    store.record(case.id, vec![body], "小王", at(when)).unwrap()
}

fn assert_replays(store: &Store, number: &str) {
    let record = store.find_case(number).unwrap();
    let log = store.events(record.case.id).unwrap();
    assert_eq!(
        replay(&log).unwrap(),
        Some(record.case),
        "the log of {number} replays to its row"
    );
}

#[test]
fn full_cycle_urged_escalated_extended_reopened_closed() {
    let mut db = initialised("HF");
    let s = &mut db.store;
    let n = s
        .register(
            &intake("小区路灯坏了三个月"),
            "小王",
            at("2026-09-15 09:00"),
        )
        .unwrap()
        .case
        .number;
    let case = assign(s, &n, "03", "2026-09-15 09:20");
    assert_eq!(case.status, Status::Assigned);
    assert_eq!(
        case.due_date,
        Some(date("2026-09-29")),
        "10 working days over the Mid-Autumn holiday"
    );
    let id = case.id;
    let h = holidays();

    // Urged the day after the due date, escalated five working days after it.
    let today = date("2026-09-30");
    let p = position(&case, today, &h).unwrap();
    assert_eq!(p.stage, Stage::Urge);
    assert_eq!(next_step(&case, &p), SupervisionStep::Urged);
    let case = s
        .record(
            id,
            vec![supervision_event(
                SupervisionStep::Urged,
                Some("电话催办".into()),
            )],
            "人大工委",
            at("2026-09-30 09:00"),
        )
        .unwrap();
    assert_eq!(case.supervision, Some(SupervisionStep::Urged));
    let today = date("2026-10-13");
    let p = position(&case, today, &h).unwrap();
    assert_eq!(p.stage, Stage::Escalate);
    assert_eq!(p.action_due, Some(SupervisionStep::Escalated));
    let case = s
        .record(
            id,
            vec![supervision_event(SupervisionStep::Escalated, None)],
            "人大工委",
            at("2026-10-13 09:00"),
        )
        .unwrap();
    assert_eq!(case.supervision, Some(SupervisionStep::Escalated));

    // The unit asks for more time: a new deadline restarts the ladder.
    let new_due = h.add_working_days(date("2026-10-13"), 5);
    let case = s
        .record(
            id,
            vec![EventBody::Extended {
                due_date: new_due.date,
                due_uncertain: false,
                reason: "需协调供电公司".into(),
            }],
            "人大工委",
            at("2026-10-13 10:00"),
        )
        .unwrap();
    assert_eq!(case.due_date, Some(date("2026-10-20")));
    assert_eq!(case.supervision, None);

    let case = s
        .record(
            id,
            vec![EventBody::Replied {
                text: "已更换路灯三盏".into(),
                on: date("2026-10-16"),
            }],
            "小王",
            at("2026-10-16 15:00"),
        )
        .unwrap();
    assert_eq!(case.status, Status::Replied);

    // Called back dissatisfied: closed and reopened in one transaction, counted as a repeat.
    let tax = s.taxonomy().unwrap();
    let bodies = call_back(
        &case,
        Satisfaction::Dissatisfied,
        false,
        Some("只修了一盏".into()),
        &tax,
        &h,
        date("2026-10-19"),
    );
    assert_eq!(bodies.len(), 2);
    let case = s
        .record(id, bodies, "小王", at("2026-10-19 10:00"))
        .unwrap();
    assert_eq!(case.status, Status::Assigned);
    assert_eq!(case.repeats, 1);
    assert_eq!(case.unit.as_deref(), Some("SZ"));
    assert_eq!(
        case.due_date,
        Some(h.add_working_days(date("2026-10-19"), 10).date)
    );
    assert_eq!(
        case.satisfaction, None,
        "a new cycle waits for a new call-back"
    );

    let case = s
        .record(
            id,
            vec![EventBody::Replied {
                text: "线路已全部检修".into(),
                on: date("2026-10-28"),
            }],
            "小王",
            at("2026-10-28 16:00"),
        )
        .unwrap();
    let bodies = call_back(
        &case,
        Satisfaction::Satisfied,
        true,
        None,
        &tax,
        &h,
        date("2026-10-29"),
    );
    assert_eq!(bodies.len(), 1, "satisfied and resolved: no new cycle");
    let case = s
        .record(id, bodies, "小王", at("2026-10-29 10:00"))
        .unwrap();
    assert_eq!(case.status, Status::Closed);
    assert_eq!(case.satisfaction, Some(Satisfaction::Satisfied));
    assert_eq!(case.resolved, Some(true));
    assert_eq!(case.repeats, 1);

    let kinds: Vec<&str> = s
        .events(id)
        .unwrap()
        .iter()
        .map(|e| e.body.kind().as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "registered",
            "assigned",
            "urged",
            "escalated",
            "extended",
            "replied",
            "called_back",
            "reopened",
            "replied",
            "called_back"
        ]
    );
    assert_replays(s, &n);
    assert!(s.check(true).unwrap().is_ok());
}

#[test]
fn every_disposition_path() {
    let mut db = initialised("HF");
    let s = &mut db.store;
    let tax = s.taxonomy().unwrap();
    let h = holidays();
    let day = date("2026-11-17");
    let cases = [
        (Level::OnSite, "已当场讲解政策", Status::Answered),
        (Level::Street, "", Status::Assigned),
        (Level::District, "", Status::Forwarded),
        (Level::Proposal, "建议作为代表建议提出", Status::Forwarded),
        (
            Level::Decline,
            "属于诉讼范围，已引导至法院",
            Status::Declined,
        ),
    ];
    for (level, note, status) in cases {
        let case = s
            .register(&intake("反映的问题"), "小王", at("2026-11-17 09:00"))
            .unwrap()
            .case;
        let d = Disposition {
            category: "02".into(),
            nature: Some(Nature::Complaint),
            level,
            unit: None,
            limit_days: None,
            note: note.into(),
        };
        let body = dispose(&d, &tax, &h, day).unwrap();
        let after = s
            .record(case.id, vec![body], "小王", at("2026-11-17 09:30"))
            .unwrap();
        assert_eq!(after.status, status, "{level}");
        assert_eq!(after.level, Some(level));
        match level {
            Level::District => assert_eq!(after.unit.as_deref(), Some("QZJ")),
            Level::Proposal => {
                assert_eq!(after.unit.as_deref(), Some("QRD"));
                assert_eq!(after.due_date, Some(h.add_working_days(day, 60).date));
            }
            Level::Street => assert_eq!(after.unit.as_deref(), Some("WY")),
            _ => assert!(after.closed_at.is_some()),
        }
        assert_replays(s, &after.number);
    }
    // An on-site answer without the answer, a decline without guidance: refused.
    for level in [Level::OnSite, Level::Decline] {
        let d = Disposition {
            category: "02".into(),
            nature: None,
            level,
            unit: None,
            limit_days: None,
            note: " ".into(),
        };
        assert!(dispose(&d, &tax, &h, day).is_err());
    }
}

#[test]
fn a_returned_case_goes_back_to_classification() {
    let mut db = initialised("HF");
    let s = &mut db.store;
    let n = s
        .register(&intake("垃圾分类亭气味大"), "小王", at("2026-11-05 10:00"))
        .unwrap()
        .case
        .number;
    let case = assign(s, &n, "03", "2026-11-05 10:05");
    let case = s
        .record(
            case.id,
            vec![EventBody::Returned {
                reason: "非本所职责，应由执法局处理".into(),
            }],
            "市政所",
            at("2026-11-06 10:00"),
        )
        .unwrap();
    assert_eq!(case.status, Status::Returned);
    assert_eq!(
        (case.unit.as_deref(), case.due_date, case.level),
        (None, None, None)
    );
    let case = assign(s, &n, "04", "2026-11-06 11:00");
    assert_eq!(case.unit.as_deref(), Some("ZF"));
    assert_replays(s, &n);
}

#[test]
fn the_ladder_over_national_day_2026() {
    let mut db = initialised("HF");
    let s = &mut db.store;
    let n = s
        .register(&intake("路灯"), "小王", at("2026-09-16 09:00"))
        .unwrap()
        .case
        .number;
    let case = s.find_case(&n).unwrap().case;
    // Due Wednesday 2026-09-30, the last working day before the holiday.
    let handling = liaison::domain::event::Handling {
        unit: "SZ".into(),
        due_date: date("2026-09-30"),
        due_uncertain: false,
        limit_days: None,
        note: None,
    };
    let case = s
        .record(
            case.id,
            vec![EventBody::Assigned {
                class: Default::default(),
                handling,
            }],
            "小王",
            at("2026-09-16 09:10"),
        )
        .unwrap();
    let h = holidays();
    let stage = |d: &str| position(&case, date(d), &h).unwrap();
    assert_eq!(
        stage("2026-09-24").stage,
        Stage::OnTrack,
        "Thu 9-24: 9-28, 9-29, 9-30 remain"
    );
    assert_eq!(
        stage("2026-09-25").working_days_left,
        3,
        "9-25..27 are holidays"
    );
    assert_eq!(
        stage("2026-09-27").stage,
        Stage::OnTrack,
        "Sun 9-27: three working days remain"
    );
    assert_eq!(stage("2026-09-28").stage, Stage::Remind);
    assert_eq!(stage("2026-09-30").stage, Stage::Remind, "due today");
    assert_eq!(stage("2026-09-30").working_days_left, 0);
    assert_eq!(
        stage("2026-10-01").stage,
        Stage::Urge,
        "the day after the due date, a holiday"
    );
    assert_eq!(stage("2026-10-01").days_overdue, 1);
    assert_eq!(
        stage("2026-10-09").stage,
        Stage::Urge,
        "two working days over"
    );
    assert_eq!(
        stage("2026-10-12").stage,
        Stage::Urge,
        "10-8, 10-9, 10-10 (make-up Saturday), 10-12: four"
    );
    assert_eq!(
        stage("2026-10-13").stage,
        Stage::Escalate,
        "the fifth working day over"
    );
    // Recorded steps stop asking.
    assert_eq!(
        stage("2026-10-13").action_due,
        Some(SupervisionStep::Escalated)
    );
    let case = s
        .record(
            case.id,
            vec![supervision_event(SupervisionStep::Escalated, None)],
            "人大工委",
            at("2026-10-13 09:00"),
        )
        .unwrap();
    assert_eq!(
        position(&case, date("2026-10-14"), &h).unwrap().action_due,
        None
    );
}

#[test]
fn chinese_near_duplicates_are_offered_while_registering() {
    let mut db = initialised("HF");
    let s = &mut db.store;
    let lamp = s
        .register(
            &NewCase {
                address: "和风雅苑3幢".into(),
                ..intake("小区路灯坏了三个月，晚上出门不安全，希望尽快修好。")
            },
            "小王",
            at("2026-11-10 09:00"),
        )
        .unwrap()
        .case;
    let other = s
        .register(
            &NewCase {
                phone: "13900009999".into(),
                address: "和风家园1幢".into(),
                ..intake("楼道堆放杂物存在消防隐患")
            },
            "小王",
            at("2026-11-10 09:30"),
        )
        .unwrap()
        .case;
    let today = date("2026-11-17");
    let found = s
        .duplicate_candidates(
            "",
            "",
            "我们小区的路灯坏了快三个月了",
            Some("HF"),
            today,
            None,
        )
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].record.case.id, lamp.id);
    assert!(matches!(found[0].reasons[0], Reason::SimilarContent { .. }));
    // The same phone, whatever the words.
    let found = s
        .duplicate_candidates("139 0000 9999", "", "电梯坏了", Some("HF"), today, None)
        .unwrap();
    assert_eq!(found[0].record.case.id, other.id);
    assert_eq!(found[0].reasons, vec![Reason::SamePhone]);
    // The same address.
    let found = s
        .duplicate_candidates("", "和风雅苑 3幢", "电梯坏了", Some("HF"), today, None)
        .unwrap();
    assert_eq!(found[0].record.case.id, lamp.id);
    // Nothing alike.
    assert!(
        s.duplicate_candidates("", "", "孩子上学需要什么材料", Some("HF"), today, None)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_duplicate_follows_its_master() {
    let mut db = initialised("HF");
    let s = &mut db.store;
    let master = s
        .register(
            &intake("小区路灯坏了三个月"),
            "小王",
            at("2026-11-10 09:00"),
        )
        .unwrap()
        .case;
    let master = assign(s, &master.number, "0301", "2026-11-10 09:10");
    // Registered as a duplicate: it catches up with the master at once.
    let dup = s
        .register(
            &NewCase {
                duplicate_of: Some(master.id),
                ..intake("路灯坏了好久")
            },
            "小王",
            at("2026-11-11 09:00"),
        )
        .unwrap()
        .case;
    assert_eq!(dup.duplicate_of, Some(master.id));
    assert_eq!(dup.status, Status::Assigned);
    assert_eq!(dup.unit, master.unit);
    assert_eq!(dup.due_date, master.due_date);
    // The master's reply reaches the duplicate; each resident is called back on their own.
    s.record(
        master.id,
        vec![EventBody::Replied {
            text: "已修复".into(),
            on: date("2026-11-13"),
        }],
        "小王",
        at("2026-11-13 16:00"),
    )
    .unwrap();
    let dup_now = s.case(dup.id).unwrap().unwrap().case;
    assert_eq!(dup_now.status, Status::Replied);
    assert!(dup_now.reply.as_deref().unwrap().contains(&master.number));
    let m = s.case(master.id).unwrap().unwrap().case;
    s.record(
        m.id,
        vec![EventBody::CalledBack {
            satisfaction: Satisfaction::Satisfied,
            resolved: true,
            note: None,
        }],
        "小王",
        at("2026-11-14 10:00"),
    )
    .unwrap();
    assert_eq!(
        s.case(dup.id).unwrap().unwrap().case.status,
        Status::Replied
    );
    for n in [&master.number, &dup.number] {
        assert_replays(s, n);
    }
    // No chains: a duplicate's duplicate is pointed at the master.
    let third = s
        .register(&intake("路灯"), "小王", at("2026-11-15 09:00"))
        .unwrap()
        .case;
    let err = s
        .record(
            third.id,
            vec![EventBody::Linked {
                other: dup.id,
                relation: LinkKind::Duplicate,
            }],
            "小王",
            at("2026-11-15 09:05"),
        )
        .unwrap_err();
    assert!(err.to_string().contains("is itself a duplicate"), "{err}");
    assert!(s.check(true).unwrap().is_ok());
}

#[test]
fn search_by_one_two_and_three_characters_and_more() {
    let mut db = initialised("HF");
    let s = &mut db.store;
    let at9 = at("2026-11-17 09:00");
    s.register(
        &NewCase {
            name: "王小红".into(),
            phone: "13812345678".into(),
            address: "和风雅苑3幢".into(),
            ..intake("小区路灯坏了三个月")
        },
        "小王",
        at9,
    )
    .unwrap();
    s.register(
        &NewCase {
            name: "李建华".into(),
            phone: "13900001111".into(),
            address: "清源里5幢".into(),
            ..intake("楼道堆放杂物存在消防隐患")
        },
        "小王",
        at9,
    )
    .unwrap();
    s.register(
        &NewCase {
            name: "张灯".into(),
            phone: String::new(),
            address: String::new(),
            ..intake("孩子上学需要什么材料")
        },
        "小王",
        at9,
    )
    .unwrap();
    let find = |q: &str| -> Vec<String> {
        let mut v: Vec<String> = s
            .search(&parse(q).unwrap(), None)
            .unwrap()
            .into_iter()
            .map(|r| r.case.number)
            .collect();
        v.sort();
        v
    };
    // One character: content or name (张灯).
    assert_eq!(find("灯"), ["HF-20261117-001", "HF-20261117-003"]);
    // Two characters: below the trigram index.
    assert_eq!(find("楼道"), ["HF-20261117-002"]);
    assert_eq!(find("材料"), ["HF-20261117-003"]);
    // Three and more: the trigram index.
    assert_eq!(find("坏了三"), ["HF-20261117-001"]);
    assert_eq!(find("存在消防隐患"), ["HF-20261117-002"]);
    assert!(find("不存在的内容").is_empty());
    // Several words: each must match, in the content, the name or the address.
    assert_eq!(find("路灯 三个月"), ["HF-20261117-001"]);
    assert_eq!(find("路灯\u{3000}和风雅苑"), ["HF-20261117-001"]);
    assert_eq!(find("灯 材料"), ["HF-20261117-003"]);
    assert!(find("路灯 消防").is_empty());
    // Names, addresses, phone tails, whole phones, numbers.
    assert_eq!(find("王小红"), ["HF-20261117-001"]);
    assert_eq!(find("清源"), ["HF-20261117-002"]);
    assert_eq!(find("5678"), ["HF-20261117-001"]);
    assert_eq!(find("139-0000-1111"), ["HF-20261117-002"]);
    assert_eq!(
        find("hf-20261117-00"),
        ["HF-20261117-001", "HF-20261117-002", "HF-20261117-003"]
    );
    // LIKE's wildcards are text here.
    assert!(find("%").is_empty());
    assert!(find("_").is_empty());
}

#[test]
fn recurring_matters_at_one_place() {
    let mut db = initialised("HF");
    let s = &mut db.store;
    for (day, content) in [
        ("2026-08-18", "路灯不亮"),
        ("2026-09-15", "路灯又坏了"),
        ("2026-11-17", "路灯还是坏"),
    ] {
        let n = s
            .register(
                &NewCase {
                    address: "和风雅苑3幢201室".into(),
                    ..intake(content)
                },
                "小王",
                at(&format!("{day} 09:00")),
            )
            .unwrap()
            .case
            .number;
        assign(s, &n, "0301", &format!("{day} 09:10"));
    }
    let found = s.recurring(Some("HF"), date("2026-11-20"), 12, 3).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].place, "和风雅苑");
    assert_eq!(found[0].category, "03");
    assert_eq!(found[0].months, ["2026-08", "2026-09", "2026-11"]);
}

#[test]
fn bulk_urge_is_all_or_nothing() {
    let mut db = initialised("HF");
    let s = &mut db.store;
    let a = s
        .register(&intake("一"), "小王", at("2026-10-20 09:00"))
        .unwrap()
        .case
        .number;
    let a = assign(s, &a, "03", "2026-10-20 09:10");
    let b = s
        .register(&intake("二"), "小王", at("2026-10-20 09:00"))
        .unwrap()
        .case;
    let before = common::snapshot(s);
    // The second case has no unit: the whole batch is refused.
    let err = s
        .record_each(
            vec![
                (a.id, vec![supervision_event(SupervisionStep::Urged, None)]),
                (b.id, vec![supervision_event(SupervisionStep::Urged, None)]),
            ],
            "人大工委",
            at("2026-11-17 09:00"),
        )
        .unwrap_err();
    assert!(err.to_string().contains("`urged` is only allowed"), "{err}");
    assert_eq!(common::snapshot(s), before);
    s.record_each(
        vec![(a.id, vec![supervision_event(SupervisionStep::Urged, None)])],
        "人大工委",
        at("2026-11-17 09:00"),
    )
    .unwrap();
    assert_eq!(
        s.case(a.id).unwrap().unwrap().case.supervision,
        Some(SupervisionStep::Urged)
    );
}

/// A reply is dated between the case's receipt and the day it is recorded: a later date
/// would make a reply look on time before it came in. Refused, nothing written.
#[test]
fn a_reply_cannot_be_dated_after_the_day_it_is_recorded() {
    let mut db = initialised("HF");
    let s = &mut db.store;
    let n = s
        .register(&intake("路灯不亮"), "小王", at("2026-11-17 09:00"))
        .unwrap()
        .case
        .number;
    let case = assign(s, &n, "0301", "2026-11-17 09:10");
    let before = common::snapshot(s);
    for (on, says) in [
        ("2026-11-19", "after the day it is recorded (2026-11-18)"),
        ("2026-11-16", "before the case was received (2026-11-17)"),
    ] {
        let err = s
            .record(
                case.id,
                vec![EventBody::Replied {
                    text: "已修复".into(),
                    on: date(on),
                }],
                "小王",
                at("2026-11-18 10:00"),
            )
            .unwrap_err();
        assert!(err.to_string().contains(says), "{err}");
        assert_eq!(common::snapshot(s), before);
    }
    s.record(
        case.id,
        vec![EventBody::Replied {
            text: "已修复".into(),
            on: date("2026-11-18"),
        }],
        "小王",
        at("2026-11-18 10:00"),
    )
    .unwrap();
    assert_replays(s, &n);
}
