//! Two desks of one station working offline, one of them restored from a backup along the
//! way, their bundles reaching the home in any order and some of them twice: the home ends
//! up holding every event the desks sent, event for event, and no case number ever names
//! two cases.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDateTime};
use common::at;
use liaison::assets;
use liaison::bundle::exchange::{export_events, import};
use liaison::bundle::wire::{WireEvent, parse};
use liaison::domain::event::EventBody;
use liaison::store::{NewCase, Store, aside_path, backup_to};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    /// A resident registered at desk 0 or 1.
    Add(usize),
    /// A note on one of the desk's cases (always applies).
    Note(usize, usize),
    /// A waiting resident called to a deputy (applies once per handling).
    Call(usize, usize),
    Export(usize),
    /// Desk 0 backs up its file; a later `Restore` puts that backup back.
    Backup,
    Restore,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..2usize).prop_map(Op::Add),
        2 => (0..2usize, any::<usize>()).prop_map(|(d, c)| Op::Note(d, c)),
        2 => (0..2usize, any::<usize>()).prop_map(|(d, c)| Op::Call(d, c)),
        3 => (0..2usize).prop_map(Op::Export),
        1 => Just(Op::Backup),
        1 => Just(Op::Restore),
    ]
}

fn new_desk(dir: &Path, name: &str, station: &str, number: u32) -> Store {
    let mut s = Store::open_or_create(&dir.join(name)).unwrap();
    s.initialise_desk(
        station,
        number,
        &assets::network(),
        &assets::taxonomy(),
        &assets::holiday_notices(),
        at("2026-11-01 08:00"),
    )
    .unwrap();
    s
}

/// An event's identity and content, as the home must hold it.
type Held = (String, String, u32, i64, String, String);

fn union_of(bundles: &[PathBuf]) -> BTreeSet<Held> {
    let mut out = BTreeSet::new();
    for b in bundles {
        let text = std::fs::read_to_string(b.join("events.jsonl")).unwrap();
        for e in parse::<WireEvent>("events.jsonl", &text).unwrap() {
            out.insert((
                e.id.to_string(),
                e.desk.to_string(),
                e.epoch,
                e.seq,
                e.kind,
                e.payload.to_string(),
            ));
        }
    }
    out
}

fn holdings(home: &Store) -> BTreeSet<Held> {
    let mut out = BTreeSet::new();
    for table in ["case_events", "held_events"] {
        let sql = format!(
            "SELECT e.id, d.uuid, e.epoch, e.desk_seq, e.kind, e.payload FROM {table} e \
             JOIN desks d ON d.id = e.desk"
        );
        let conn = home.connection();
        let mut stmt = conn.prepare(&sql).unwrap();
        let rows = stmt
            .query_map([], |r| {
                let payload: String = r.get(5)?;
                Ok((
                    r.get::<_, uuid::Uuid>(0)?.to_string(),
                    r.get::<_, uuid::Uuid>(1)?.to_string(),
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    serde_json::from_str::<serde_json::Value>(&payload)
                        .unwrap()
                        .to_string(),
                ))
            })
            .unwrap();
        for row in rows {
            out.insert(row.unwrap());
        }
    }
    out
}

/// Imports until nothing waits; a refusal other than a gap fails the test.
fn import_until_done(home: &mut Store, order: Vec<PathBuf>, when: NaiveDateTime) {
    let mut pending = order;
    for _ in 0..100 {
        let mut later = Vec::new();
        for path in pending {
            match import(home, &path, when) {
                Ok(_) => {}
                Err(e) if e.is_waiting() => later.push(path),
                Err(e) => panic!("{}: {e}", path.display()),
            }
        }
        if later.is_empty() {
            return;
        }
        pending = later;
    }
    panic!("bundles still waiting after 100 rounds");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn the_home_holds_every_event_two_desks_sent_across_a_restore(
        ops in prop::collection::vec(op(), 4..45),
        seed in any::<u64>(),
        repeats in prop::collection::vec(any::<usize>(), 0..6),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let usb = d.join("usb");
        let mut desks = [Some(new_desk(d, "fixed.db", "HF", 1)), Some(new_desk(d, "laptop.db", "HF", 2))];
        let mut home = new_desk(d, "home.db", "XA", 1);
        for desk in desks.iter() {
            common::approve(&mut home, desk.as_ref().unwrap());
        }
        let mut cases: [Vec<uuid::Uuid>; 2] = [Vec::new(), Vec::new()];
        let mut bundles = Vec::new();
        let mut backup: Option<PathBuf> = None;
        let mut now = at("2026-11-17 08:00");
        for (i, op) in ops.iter().enumerate() {
            // Some steps cross midnight: numbers restart each day.
            now += Duration::minutes(if i % 9 == 8 { 16 * 60 } else { 7 });
            match op {
                Op::Add(k) => {
                    let s = desks[*k].as_mut().unwrap();
                    let new = NewCase { content: format!("第{i}件"), ..NewCase::default() };
                    cases[*k].push(s.register(&new, "小王", now).unwrap().case.id);
                }
                Op::Note(k, c) | Op::Call(k, c) if !cases[*k].is_empty() => {
                    let id = cases[*k][c % cases[*k].len()];
                    let body = match op {
                        Op::Note(..) => EventBody::Note { text: format!("备注{i}") },
                        _ => EventBody::Called { deputy: "D02".into() },
                    };
                    let s = desks[*k].as_mut().unwrap();
                    // A case the restore took back, or one called already: refused, nothing written.
                    let _ = s.record(id, vec![body], "小王", now);
                }
                Op::Note(..) | Op::Call(..) => {}
                Op::Export(k) => {
                    let s = desks[*k].as_mut().unwrap();
                    if let Some(b) = export_events(s, &usb, false, now).unwrap() {
                        bundles.push(b);
                    }
                }
                Op::Backup => {
                    let path = d.join(format!("backup-{i}.db"));
                    backup_to(desks[0].as_ref().unwrap(), &path).unwrap();
                    backup = Some(path);
                }
                Op::Restore => {
                    if let Some(path) = &backup {
                        let s = desks[0].take().unwrap();
                        let aside = aside_path(s.path(), now);
                        let incoming = s.inspect_for_restore(path).unwrap();
                        desks[0] = Some(s.restore_from(incoming, &aside, now).unwrap());
                        let restored = desks[0].as_ref().unwrap();
                        cases[0].retain(|id| restored.case(*id).unwrap().is_some());
                    }
                }
            }
        }
        now += Duration::minutes(30);
        for s in desks.iter_mut() {
            if let Some(b) = export_events(s.as_mut().unwrap(), &usb, false, now).unwrap() {
                bundles.push(b);
            }
        }
        // Any order, some bundles twice.
        let mut order = bundles.clone();
        fastrand::Rng::with_seed(seed).shuffle(&mut order);
        for r in &repeats {
            if !bundles.is_empty() {
                let pick = bundles[r % bundles.len()].clone();
                order.insert(r % (order.len() + 1), pick);
            }
        }
        import_until_done(&mut home, order, now + Duration::hours(1));

        prop_assert_eq!(holdings(&home), union_of(&bundles), "event for event");
        // A number printed once names one case, wherever it was printed.
        let mut named: HashMap<String, String> = HashMap::new();
        for (_, _, _, _, kind, payload) in union_of(&bundles) {
            if kind == "registered" || kind == "renumbered" {
                let v: serde_json::Value = serde_json::from_str(&payload).unwrap();
                let number = v["number"].as_str().unwrap().to_string();
                let content = v.get("content").map(|c| c.to_string()).unwrap_or_default();
                if let Some(before) = named.insert(number.clone(), content.clone()) {
                    prop_assert!(kind == "renumbered" || before == content, "{number} named twice");
                }
            }
        }
        prop_assert!(home.check(false).unwrap().is_ok());
        // Everything again: nothing changes.
        let before = holdings(&home);
        for b in &bundles {
            import(&mut home, b, now + Duration::hours(2)).unwrap();
        }
        prop_assert_eq!(holdings(&home), before);
    }
}

/// After a restore the desk handles again a case whose first handling reached the home: the
/// second handling cannot join the case's log there. It is held, whole, and listed; nothing
/// else of the bundle is lost.
#[test]
fn a_case_handled_again_after_a_restore_is_held_at_the_home_not_lost() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let usb = d.join("usb");
    let mut desk = new_desk(d, "fixed.db", "HF", 1);
    let mut home = new_desk(d, "home.db", "XA", 1);
    common::approve(&mut home, &desk);
    let new = |c: &str| NewCase {
        content: c.into(),
        ..NewCase::default()
    };
    let case = desk
        .register(&new("路灯"), "小王", at("2026-11-17 09:00"))
        .unwrap()
        .case;
    let first = export_events(&mut desk, &usb, false, at("2026-11-17 09:05"))
        .unwrap()
        .unwrap();
    let bk = d.join("bk.db");
    backup_to(&desk, &bk).unwrap();
    desk.record(
        case.id,
        vec![EventBody::Called {
            deputy: "D02".into(),
        }],
        "小王",
        at("2026-11-17 09:10"),
    )
    .unwrap();
    let called = export_events(&mut desk, &usb, false, at("2026-11-17 09:15"))
        .unwrap()
        .unwrap();
    let aside = aside_path(desk.path(), at("2026-11-17 10:00"));
    let incoming = desk.inspect_for_restore(&bk).unwrap();
    let mut desk = desk
        .restore_from(incoming, &aside, at("2026-11-17 10:00"))
        .unwrap();
    desk.record(
        case.id,
        vec![EventBody::Called {
            deputy: "D14".into(),
        }],
        "小王",
        at("2026-11-17 10:05"),
    )
    .unwrap();
    let other = desk
        .register(&new("井盖"), "小王", at("2026-11-17 10:06"))
        .unwrap()
        .case;
    let again = export_events(&mut desk, &usb, false, at("2026-11-17 10:10"))
        .unwrap()
        .unwrap();
    let when = at("2026-11-17 11:00");
    for b in [&first, &called, &again] {
        import(&mut home, b, when).unwrap();
    }
    let held = home.held_events().unwrap();
    assert_eq!(held.len(), 1, "{held:?}");
    assert_eq!(held[0].kind, "called");
    assert!(
        held[0].reason.contains("does not apply"),
        "{}",
        held[0].reason
    );
    assert_eq!(holdings(&home), union_of(&[first, called, again.clone()]));
    assert!(
        home.case(other.id).unwrap().is_some(),
        "the rest of the bundle went in"
    );
    assert_eq!(
        home.case(case.id).unwrap().unwrap().case.deputy.as_deref(),
        Some("D02")
    );
    // Sent again: the held event is here already.
    import(&mut home, &again, when).unwrap();
    assert_eq!(home.held_events().unwrap().len(), 1);
    assert!(home.check(false).unwrap().is_ok());
}
