//! Property tests over random event sequences: illegal events are rejected without any
//! change, and replaying the stored log reproduces the stored case row exactly.

mod common;

use chrono::{Duration, NaiveDateTime};
use common::{at, initialised, intake, snapshot};
use liaison::domain::case::{Case, CaseId, Level, Nature, Satisfaction};
use liaison::domain::correction::{Change, Correction};
use liaison::domain::event::{Classification, Event, EventBody, Handling, LinkKind};
use liaison::domain::reclassify::Reclassification;
use liaison::domain::transition::{TransitionError, allowed_for, apply, replay};
use liaison::domain::withdrawal::WithdrawReason;
use proptest::prelude::*;
use uuid::Uuid;

/// One random step, turned into an event body relative to the day it happens.
#[derive(Debug, Clone)]
enum Step {
    Call(usize),
    Classify(usize, Option<Nature>, Option<Level>),
    Answer(usize),
    Assign(usize, i64),
    Forward(Level, i64),
    Decline,
    Remind,
    Urge,
    Escalate,
    Extend(i64),
    Return,
    Reply(i64),
    CallBack(Satisfaction, bool),
    Reopen(i64),
    Link(bool),
    Reveal,
    Note(String),
    /// 更正 of the content: the new text, and whether it is made against the current text
    /// (a stale one is refused).
    Correct(String, bool),
    /// 改分类: a category, a nature, a level, a new unit with a deadline offset.
    Reclassify(
        Option<usize>,
        Option<Nature>,
        Option<Level>,
        Option<(usize, i64)>,
    ),
    /// A reason, and whom it names: none, the other case, itself.
    Withdraw(WithdrawReason, u8),
}

const CATEGORIES: &[&str] = &["01", "03", "0301", "08", "1501"];
const UNITS: &[&str] = &["SZ", "WY", "QZJ", "QRD"];
const MEMBERS: &[&str] = &["D02", "D14", "R11"];

fn step() -> impl Strategy<Value = Step> {
    let nature = prop::option::of(prop::sample::select(Nature::ALL.to_vec()));
    let level = prop::option::of(prop::sample::select(Level::ALL.to_vec()));
    prop_oneof![
        (0..MEMBERS.len()).prop_map(Step::Call),
        (0..CATEGORIES.len(), nature, level).prop_map(|(c, n, l)| Step::Classify(c, n, l)),
        (0..CATEGORIES.len()).prop_map(Step::Answer),
        (0..UNITS.len(), -3i64..30).prop_map(|(u, d)| Step::Assign(u, d)),
        (prop::sample::select(Level::ALL.to_vec()), -3i64..60)
            .prop_map(|(l, d)| Step::Forward(l, d)),
        Just(Step::Decline),
        Just(Step::Remind),
        Just(Step::Urge),
        Just(Step::Escalate),
        (-5i64..20).prop_map(Step::Extend),
        Just(Step::Return),
        (-40i64..3).prop_map(Step::Reply),
        (
            prop::sample::select(Satisfaction::ALL.to_vec()),
            any::<bool>()
        )
            .prop_map(|(s, r)| Step::CallBack(s, r)),
        (-3i64..20).prop_map(Step::Reopen),
        any::<bool>().prop_map(Step::Link),
        Just(Step::Reveal),
        "[a-z 路灯\\n]{0,12}".prop_map(Step::Note),
        ("[a-z 路灯水]{0,8}", prop::bool::weighted(0.8))
            .prop_map(|(t, fresh)| Step::Correct(t, fresh)),
        (
            prop::option::of(0..CATEGORIES.len()),
            prop::option::of(prop::sample::select(Nature::ALL.to_vec())),
            prop::option::of(prop::sample::select(Level::ALL.to_vec())),
            prop::option::of((0..UNITS.len(), -3i64..30)),
        )
            .prop_map(|(c, n, l, u)| Step::Reclassify(c, n, l, u)),
        (prop::sample::select(WithdrawReason::ALL.to_vec()), 0u8..3)
            .prop_map(|(r, of)| Step::Withdraw(r, of)),
    ]
}

fn body(step: &Step, now: NaiveDateTime, me: CaseId, other: CaseId, content: &str) -> EventBody {
    let day = now.date();
    let handling = |unit: &str, offset: i64| Handling {
        unit: unit.to_string(),
        due_date: day + Duration::days(offset),
        due_uncertain: false,
        limit_days: None,
        note: None,
    };
    let class = |c: usize| Classification {
        category: Some(CATEGORIES[c].to_string()),
        nature: Some(Nature::Help),
    };
    match step {
        Step::Call(m) => EventBody::Called {
            deputy: MEMBERS[*m].into(),
        },
        Step::Classify(c, nature, level) => EventBody::Classified {
            category: CATEGORIES[*c].into(),
            nature: *nature,
            level: *level,
        },
        Step::Answer(c) => EventBody::Answered {
            class: class(*c),
            answer: "已当场答复".into(),
        },
        Step::Assign(u, d) => EventBody::Assigned {
            class: class(0),
            handling: handling(UNITS[*u], *d),
        },
        Step::Forward(level, d) => EventBody::Forwarded {
            class: class(1),
            level: *level,
            handling: handling("QZJ", *d),
        },
        Step::Decline => EventBody::Declined {
            class: Classification::default(),
            guidance: "已引导起诉".into(),
        },
        Step::Remind => EventBody::Reminded { note: None },
        Step::Urge => EventBody::Urged {
            note: Some("电话催办".into()),
        },
        Step::Escalate => EventBody::Escalated { note: None },
        Step::Extend(d) => EventBody::Extended {
            due_date: day + Duration::days(*d + 10),
            due_uncertain: false,
            reason: "需要协调多个部门".into(),
        },
        Step::Return => EventBody::Returned {
            reason: "非本单位职责".into(),
        },
        Step::Reply(d) => EventBody::Replied {
            text: "已处理".into(),
            on: day + Duration::days(*d),
        },
        Step::CallBack(s, r) => EventBody::CalledBack {
            satisfaction: *s,
            resolved: *r,
            note: None,
        },
        Step::Reopen(d) => EventBody::Reopened {
            handling: handling("SZ", *d),
            reason: "回访不满意".into(),
        },
        Step::Link(to_self) => EventBody::Linked {
            other: if *to_self { me } else { other },
            relation: LinkKind::Duplicate,
        },
        Step::Reveal => EventBody::Revealed {},
        Step::Note(text) => EventBody::Note { text: text.clone() },
        Step::Reclassify(c, n, l, u) => EventBody::Reclassified {
            change: Reclassification {
                category: c.map(|c| CATEGORIES[c].to_string()),
                nature: *n,
                level: *l,
                handling: u.map(|(u, d)| handling(UNITS[u], d)),
                before: Default::default(),
            },
        },
        Step::Correct(text, fresh) => EventBody::Corrected {
            correction: Correction {
                content: Some(Change {
                    before: Some(if *fresh {
                        content.to_string()
                    } else {
                        format!("{content}旧")
                    }),
                    after: Some(text.clone()),
                }),
                ..Correction::default()
            },
        },
        Step::Withdraw(reason, of) => {
            let of = match of {
                0 => None,
                1 => Some(other),
                _ => Some(me),
            };
            EventBody::Withdrawn {
                reason: *reason,
                of,
                of_number: of.map(|_| "HF-20261117-002".into()),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Through the real store: every event either applies exactly as the domain says, or is
    /// refused leaving the file byte-for-byte as it was; the final row equals the replay.
    #[test]
    fn store_follows_the_transition_function(steps in prop::collection::vec(step(), 1..24)) {
        let mut db = initialised("HF");
        let start = at("2026-11-17 09:00");
        let other = db.store.register(&intake("另一件"), "op", start).unwrap().case.id;
        let mut current = db.store.register(&intake("路灯坏了三个月"), "op", start).unwrap().case;
        for (i, s) in steps.iter().enumerate() {
            let now = start + Duration::hours(6 * (i as i64 + 1));
            let body = body(s, now, current.id, other, &current.content);
            let normalized = body.clone().normalized().unwrap();
            let event = Event { id: Uuid::now_v7(), case_id: current.id, at: now, actor: "op".into(), body: normalized };
            let expected = apply(Some(&current), &event);
            let before = snapshot(&db.store);
            let result = db.store.record(current.id, vec![body], "op", now);
            match (expected, result) {
                (Ok(want), Ok(got)) => {
                    prop_assert_eq!(&got, &want);
                    current = got;
                }
                (Err(want), Err(got)) => {
                    prop_assert_eq!(got.to_string(), want.to_string());
                    prop_assert_eq!(snapshot(&db.store), before, "a refused event changed the file");
                }
                (want, got) => prop_assert!(false, "domain said {want:?}, store said {got:?}"),
            }
        }
        let stored = db.store.case(current.id).unwrap().unwrap().case;
        prop_assert_eq!(&stored, &current);
        let log = db.store.events(current.id).unwrap();
        prop_assert_eq!(log.len() as u32, stored.events);
        prop_assert_eq!(replay(&log).unwrap(), Some(stored));
        prop_assert!(db.store.check(false).unwrap().is_ok());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// The pure core: never panics, refuses by the table of allowed statuses, and a replay of
    /// the accepted events gives the same case.
    #[test]
    fn the_transition_table_is_what_apply_enforces(steps in prop::collection::vec(step(), 1..30)) {
        let start = at("2026-11-17 09:00");
        let id = Uuid::now_v7();
        let other = Uuid::now_v7();
        let registered = Event {
            id: Uuid::now_v7(),
            case_id: id,
            at: start,
            actor: "op".into(),
            body: EventBody::Registered {
                number: "HF-20261117-001".into(),
                station: "HF".into(),
                source: liaison::domain::case::Source::WalkIn,
                content: "路灯坏了".into(),
                deputy: None,
                self_registered: false,
            },
        };
        let mut case: Case = apply(None, &registered).unwrap();
        let mut accepted = vec![registered];
        for (i, s) in steps.iter().enumerate() {
            let now = start + Duration::hours(6 * (i as i64 + 1));
            let event = Event { id: Uuid::now_v7(), case_id: id, at: now, actor: "op".into(), body: body(s, now, id, other, &case.content) };
            let kind = event.body.kind();
            match apply(Some(&case), &event) {
                Ok(next) => {
                    if let Some(allowed) = allowed_for(&case, kind) {
                        prop_assert!(allowed.contains(&case.status), "{kind} accepted from {}", case.status);
                    }
                    prop_assert_eq!(next.events, case.events + 1);
                    // 改分类 fixes a classification: never on a case not classified (a
                    // withdrawn registration never was).
                    if kind == liaison::domain::event::EventKind::Reclassified {
                        prop_assert!(case.category.is_some(), "re-classified unclassified {}", case.status);
                    }
                    case = next;
                    accepted.push(event);
                }
                Err(err) => {
                    // A refusal from a status outside the table must say so.
                    if allowed_for(&case, kind).is_some_and(|allowed| !allowed.contains(&case.status)) {
                        let is_not_allowed = matches!(err, TransitionError::NotAllowed { .. });
                        prop_assert!(is_not_allowed, "{err}");
                    }
                }
            }
        }
        prop_assert_eq!(replay(&accepted).unwrap(), Some(case.clone()));
        // Overdue is derived: only with a unit and a past due date.
        if case.is_overdue(start.date() + Duration::days(400)) {
            prop_assert!(case.status.is_with_unit());
        }
    }
}

/// A registration typed on the resident's own phone is 扫码登记 whatever source its event
/// names: desks before it had a source of its own wrote `mobile` with the flag.
#[test]
fn a_self_registered_event_replays_as_self_service() {
    use liaison::domain::case::Source;
    for (source, flag, want) in [
        (Source::Mobile, true, Source::SelfService),
        (Source::SelfService, true, Source::SelfService),
        (Source::Mobile, false, Source::Mobile),
        (Source::WalkIn, false, Source::WalkIn),
    ] {
        let event = Event {
            id: Uuid::now_v7(),
            case_id: Uuid::now_v7(),
            at: at("2026-11-17 09:00"),
            actor: "扫码登记".into(),
            body: EventBody::Registered {
                number: "HF-20261117-001".into(),
                station: "HF".into(),
                source,
                content: "路灯坏了".into(),
                deputy: None,
                self_registered: flag,
            },
        };
        let case = replay([&event]).unwrap().unwrap();
        assert_eq!(
            (case.source, case.self_registered),
            (want, flag),
            "{source} {flag}"
        );
    }
}
