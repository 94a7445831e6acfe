//! Trust as a property: two approved desks of a station and a stranger's key send bundles,
//! some twice, some reusing an event id with other content, reaching the home in any order.
//! The home ends up holding exactly the approved desks' events, event for event; nothing of
//! the stranger's, nothing of a reused id, and no desk's sequence advanced by a refusal.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDateTime};
use common::at;
use liaison::assets;
use liaison::bundle::exchange::{Imported, export_events, import};
use liaison::bundle::wire::{WireEvent, lines, parse};
use liaison::bundle::{
    BUNDLE_VERSION, BundleError, BundleKind, EpochRange, FORMAT, Manifest, Signer,
};
use liaison::domain::digest::hex;
use liaison::domain::event::EventBody;
use liaison::domain::trust::Refusal;
use liaison::store::{NewCase, Store};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    /// A resident registered at desk 0, 1 or the stranger (2).
    Add(usize),
    Note(usize, usize),
    Export(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..3usize).prop_map(Op::Add),
        3 => (0..3usize, any::<usize>()).prop_map(|(d, c)| Op::Note(d, c)),
        3 => (0..3usize).prop_map(Op::Export),
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

/// An event's identity and content.
type Line = (String, String, u32, i64, String, String);

fn events_of(bundle: &Path) -> Vec<WireEvent> {
    let text = std::fs::read_to_string(bundle.join("events.jsonl")).unwrap();
    parse::<WireEvent>("events.jsonl", &text).unwrap()
}

fn union_of(bundles: &[PathBuf]) -> BTreeSet<Line> {
    bundles
        .iter()
        .flat_map(|b| events_of(b))
        .map(|e| {
            (
                e.id.to_string(),
                e.desk.to_string(),
                e.epoch,
                e.seq,
                e.kind,
                e.payload.to_string(),
            )
        })
        .collect()
}

fn holdings(home: &Store) -> BTreeSet<Line> {
    let mut out = BTreeSet::new();
    for table in ["case_events", "held_events"] {
        let sql = format!(
            "SELECT e.id, d.uuid, e.epoch, e.desk_seq, e.kind, e.payload FROM {table} e \
             JOIN desks d ON d.id = e.desk WHERE d.station != 'XA'"
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

/// A bundle the desk's own key signs (someone holding its file, or a desk gone wrong) that
/// goes on after its last event with events reusing ids it sent before, with other content:
/// one line when `twice` is false, two lines of one id when it is.
fn reusing(
    desk: &mut Store,
    dir: &Path,
    pick: usize,
    twice: bool,
    now: NaiveDateTime,
) -> Option<PathBuf> {
    let sent = desk.outbox(true).unwrap();
    let last = sent.last()?.clone();
    let earlier = sent[pick % sent.len()].clone();
    let me = desk.desk_identity().unwrap();
    let mut events = Vec::new();
    let mut forged = earlier.clone();
    forged.kind = "note".into();
    forged.payload = serde_json::json!({"text": "同一编号，另一内容"});
    forged.digest = None;
    forged.seq = last.seq + 1;
    forged.epoch = last.epoch;
    if twice {
        forged.id = uuid::Uuid::now_v7();
        let mut second = forged.clone();
        second.payload = serde_json::json!({"text": "第二行"});
        second.seq += 1;
        events.push(forged);
        events.push(second);
    } else {
        events.push(forged);
    }
    let m = Manifest {
        format: FORMAT.into(),
        bundle_version: BUNDLE_VERSION,
        schema: liaison::store::SCHEMA_VERSION,
        kind: BundleKind::Events,
        station: me.station.clone(),
        signer: Signer {
            desk: me.uuid,
            station: me.station.clone(),
            number: me.number,
            key: hex(&me.public_key),
        },
        ranges: vec![EpochRange {
            epoch: last.epoch,
            from: last.seq + 1,
            to: last.seq + events.len() as i64,
        }],
        version: 0,
        for_station: String::new(),
        created_at: liaison::store::datetime_text(now),
        counts: Default::default(),
        files: Default::default(),
        sizes: Default::default(),
        rekeys: Vec::new(),
        signature: String::new(),
    };
    let files = [
        ("events.jsonl", lines(&events)),
        ("residents.jsonl", String::new()),
        ("roster.jsonl", String::new()),
        ("activities.jsonl", String::new()),
    ];
    Some(
        liaison::bundle::files::write(
            &dir.join(format!("forged-{pick}-{twice}")),
            m,
            &files,
            &desk.signing_key().unwrap(),
        )
        .unwrap(),
    )
}

/// What a bundle is, for what the home must make of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum From {
    Approved,
    Stranger,
    Reused,
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_home_holds_exactly_the_approved_desks_events(
        ops in prop::collection::vec(op(), 4..40),
        seed in any::<u64>(),
        repeats in prop::collection::vec(any::<usize>(), 0..6),
        reuse in prop::collection::vec((any::<usize>(), any::<bool>()), 0..3),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let usb = d.join("usb");
        let mut desks = [
            new_desk(d, "fixed.db", "HF", 1),
            new_desk(d, "laptop.db", "HF", 2),
            new_desk(d, "stranger.db", "HF", 3),
        ];
        let mut home = new_desk(d, "home.db", "XA", 1);
        common::approve(&mut home, &desks[0]);
        common::approve(&mut home, &desks[1]);
        let mut cases: [Vec<uuid::Uuid>; 3] = Default::default();
        let mut bundles: Vec<(PathBuf, From)> = Vec::new();
        let mut now: NaiveDateTime = at("2026-11-17 08:00");
        for (i, op) in ops.iter().enumerate() {
            now += Duration::minutes(7);
            match op {
                Op::Add(k) => {
                    let new = NewCase { content: format!("第{i}件"), ..NewCase::default() };
                    cases[*k].push(desks[*k].register(&new, "小王", now).unwrap().case.id);
                }
                Op::Note(k, c) if !cases[*k].is_empty() => {
                    let id = cases[*k][c % cases[*k].len()];
                    desks[*k].record(id, vec![EventBody::Note { text: format!("备注{i}") }], "小王", now).unwrap();
                }
                Op::Note(..) => {}
                Op::Export(k) => {
                    if let Some(b) = export_events(&mut desks[*k], &usb, false, now).unwrap() {
                        bundles.push((b, if *k == 2 { From::Stranger } else { From::Approved }));
                    }
                }
            }
        }
        now += Duration::minutes(30);
        for (k, desk) in desks.iter_mut().enumerate() {
            if let Some(b) = export_events(desk, &usb, false, now).unwrap() {
                bundles.push((b, if k == 2 { From::Stranger } else { From::Approved }));
            }
        }
        for (pick, twice) in &reuse {
            if let Some(b) = reusing(&mut desks[pick % 2], d, *pick, *twice, now) {
                bundles.push((b, From::Reused));
            }
        }
        let mut order = bundles.clone();
        fastrand::Rng::with_seed(seed).shuffle(&mut order);
        for r in &repeats {
            if !bundles.is_empty() {
                let pick = bundles[r % bundles.len()].clone();
                order.insert(r % (order.len() + 1), pick);
            }
        }
        // Import until nothing waits for another bundle.
        let when = now + Duration::hours(1);
        let mut pending = order;
        for _ in 0..100 {
            let mut later = Vec::new();
            for (path, from) in pending {
                match (from, import(&mut home, &path, when)) {
                    (_, Err(e)) if e.is_waiting() => later.push((path, from)),
                    (From::Approved, Ok(Imported::Events { .. } | Imported::AlreadyHad { .. })) => {}
                    (From::Stranger, Ok(Imported::Waiting { .. })) => {}
                    (
                        From::Reused,
                        Err(BundleError::Store(liaison::store::StoreError::Trust(
                            Refusal::ReusedId { .. } | Refusal::ReusedIdInBundle { .. },
                        ))),
                    ) => {}
                    (from, other) => prop_assert!(false, "{from:?} {}: {other:?}", path.display()),
                }
            }
            if later.is_empty() {
                pending = later;
                break;
            }
            pending = later;
        }
        prop_assert!(pending.is_empty(), "still waiting: {pending:?}");
        let genuine: Vec<PathBuf> = bundles
            .iter()
            .filter(|(_, f)| *f == From::Approved)
            .map(|(p, _)| p.clone())
            .collect();
        prop_assert_eq!(holdings(&home), union_of(&genuine), "event for event");
        // No sequence advanced past what the approved desks sent.
        for desk in &desks[..2] {
            let me = desk.desk_identity().unwrap();
            let sent = genuine
                .iter()
                .flat_map(|b| events_of(b))
                .filter(|e| e.desk == me.uuid)
                .map(|e| e.seq)
                .max()
                .unwrap_or(0);
            let applied = home
                .known_desk(me.uuid)
                .unwrap()
                .map(|k| home.applied_of(k.row).unwrap().into_iter().map(|(_, s)| s).max().unwrap_or(0))
                .unwrap_or(0);
            prop_assert_eq!(applied, sent);
        }
        // The stranger's bundles wait aside, nothing more.
        let waiting = home.waiting_bundles().unwrap();
        prop_assert!(waiting.iter().all(|w| w.number == 3));
        prop_assert!(home.check(false).unwrap().is_ok());
    }
}
