//! The roll-up: twelve stations' bundles reach the home in any order, some twice, and the
//! home ends up with exactly the union; damaged bundles are refused without a trace; the
//! home's reference data flows back down.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{Duration, NaiveDate};
use common::{at, date};
use liaison::assets;
use liaison::bundle::BundleError;
use liaison::bundle::exchange::{Imported, export_events, export_reference, import};
use liaison::domain::case::{Level, Nature, Satisfaction};
use liaison::domain::event::EventBody;
use liaison::domain::handling::{Disposition, call_back, dispose};
use liaison::store::{NewCase, Store};
use proptest::prelude::*;

/// Every station except the home; with the home's own desk, twelve desks take cases.
const STATIONS: [&str; 11] = [
    "HF", "XY1", "XY2", "XY3", "XAS", "JX", "XF", "QY", "LX", "DZ", "DXG",
];

fn new_db(dir: &Path, name: &str, station: &str) -> Store {
    let mut s = Store::open_or_create(&dir.join(name)).unwrap();
    s.initialise(
        station,
        &assets::network(),
        &assets::taxonomy(),
        &assets::holiday_notices(),
        at("2026-08-01 08:00"),
    )
    .unwrap();
    s
}

/// A station's three months: cases registered and handled, a bundle at the end of each month.
fn station_months(dir: &Path, code: &str, seed: u64, out: &Path) -> Vec<PathBuf> {
    let mut s = new_db(dir, &format!("{code}.db"), code);
    let tax = s.taxonomy().unwrap();
    let h = s.holiday_table().unwrap();
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut bundles = Vec::new();
    let mut open = Vec::new();
    for month in [8u32, 9, 10] {
        for day in [3u32, 12, 19, 25] {
            let d = NaiveDate::from_ymd_opt(2026, month, day).unwrap();
            let when = d.and_hms_opt(9, rng.u32(0..50), 0).unwrap();
            let new = NewCase {
                content: format!("{code} {d} 路灯坏了"),
                phone: "13812345678".into(),
                ..NewCase::default()
            };
            let case = s.register(&new, "小王", when).unwrap().case;
            let level = [Level::OnSite, Level::Street, Level::District][rng.usize(..3)];
            let body = dispose(
                &Disposition {
                    category: "03".into(),
                    nature: Some(Nature::Help),
                    level,
                    unit: None,
                    limit_days: None,
                    note: "已答复".into(),
                },
                &tax,
                &h,
                d,
            )
            .unwrap();
            let case = s
                .record(case.id, vec![body], "小王", when + Duration::minutes(10))
                .unwrap();
            if level != Level::OnSite {
                open.push((case.id, d));
            }
        }
        // Some open cases get their reply and call-back during the month.
        let mut still = Vec::new();
        for (id, d) in open.drain(..) {
            if rng.bool() {
                let on = d + Duration::days(5);
                let c = s
                    .record(
                        id,
                        vec![EventBody::Replied {
                            text: "已修复".into(),
                            on,
                        }],
                        "小王",
                        on.and_hms_opt(16, 0, 0).unwrap(),
                    )
                    .unwrap();
                let sat = if rng.u8(..4) == 0 {
                    Satisfaction::Dissatisfied
                } else {
                    Satisfaction::Satisfied
                };
                let back = on + Duration::days(1);
                let bodies = call_back(&c, sat, sat.is_satisfied(), None, &tax, &h, back);
                s.record(id, bodies, "小王", back.and_hms_opt(10, 0, 0).unwrap())
                    .unwrap();
            } else {
                still.push((id, d));
            }
        }
        open = still;
        // After the month's last call-backs (up to the 1st), before the next month's cases.
        let month_end = NaiveDate::from_ymd_opt(2026, month + 1, 2)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap();
        bundles.push(
            export_events(&mut s, out, false, month_end)
                .unwrap()
                .expect("a month brings events"),
        );
    }
    bundles
}

struct World {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    bundles: Vec<PathBuf>,
}

/// The home approves every station's desk by its fingerprint, as on set-up day.
fn approve_all(home: &mut Store) {
    let w = world();
    for code in STATIONS {
        let desk = Store::open(&w.dir.join(format!("{code}.db"))).unwrap();
        common::approve(home, &desk);
    }
}

/// Eleven stations' databases and their 33 bundles, made once for all the cases of the
/// property test; a twelfth desk, the home, is made fresh for each order.
fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("usb");
        std::fs::create_dir(&out).unwrap();
        let mut bundles = Vec::new();
        for (i, code) in STATIONS.iter().enumerate() {
            bundles.extend(station_months(dir.path(), code, i as u64 + 1, &out));
        }
        World {
            dir: dir.path().to_path_buf(),
            _dir: dir,
            bundles,
        }
    })
}

/// Every table's rows, for "the file did not change" and "these are equal" checks.
fn rows(store: &Store, sql: &str) -> Vec<String> {
    let mut stmt = store.connection().prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        Ok((0..n)
            .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
            .collect::<Vec<_>>()
            .join("|"))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn dump(store: &Store) -> String {
    let tables = rows(
        store,
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'case_text%' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    );
    let mut out = String::new();
    for t in tables {
        let t = t.trim_start_matches("Text(\"").trim_end_matches("\")");
        out.push_str(&format!("## {t}\n"));
        let mut all = rows(store, &format!("SELECT * FROM \"{t}\""));
        all.sort();
        for r in all {
            out.push_str(&r);
            out.push('\n');
        }
    }
    liaison::bundle::files::sha256_hex(out.as_bytes())
}

const CASES: &str = "SELECT id, number, station, received_at, source, content, deputy, category, nature, level, unit, status, \
    due_date, due_uncertain, supervision, answer, reply, replied_on, closed_at, satisfaction, resolved, repeats, duplicate_of, \
    events, updated_at FROM cases ORDER BY id";
/// Events with the desk that wrote them and their place in its sequence: the same wherever
/// the event is.
const EVENTS: &str = "SELECT e.id, e.case_id, e.at, e.actor, e.kind, e.payload, d.uuid, e.epoch, e.desk_seq \
    FROM case_events e JOIN desks d ON d.id = e.desk ORDER BY e.id";
const RESIDENTS: &str = "SELECT * FROM residents ORDER BY case_id";

/// Imports until everything is in: a bundle refused for a gap waits for its predecessor.
fn import_all(home: &mut Store, order: &[PathBuf]) {
    let mut pending: Vec<PathBuf> = order.to_vec();
    let mut rounds = 0;
    while !pending.is_empty() {
        rounds += 1;
        assert!(rounds < 100, "stuck with {} bundles", pending.len());
        let mut later = Vec::new();
        for path in pending {
            match import(home, &path, at("2026-11-02 09:00")) {
                Ok(_) => {}
                Err(BundleError::Gap { .. }) => later.push(path),
                Err(e) => panic!("{}: {e}", path.display()),
            }
        }
        pending = later;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    #[test]
    fn the_home_holds_exactly_the_union_whatever_the_order(
        order in Just((0..33usize).collect::<Vec<_>>()).prop_shuffle(),
        twice in prop::collection::vec(0..33usize, 0..8),
    ) {
        let w = world();
        let dir = tempfile::tempdir().unwrap();
        let mut home = new_db(dir.path(), "home.db", "XA");
        // The home's own desk is the twelfth station: it receives residents too.
        for day in ["2026-08-18", "2026-09-15", "2026-10-20"] {
            home.register(&NewCase { content: format!("代表之家 {day} 来访"), ..NewCase::default() }, "小李", at(&format!("{day} 10:00")))
                .unwrap();
        }
        approve_all(&mut home);
        let (own_cases, own_events, own_residents) = (rows(&home, CASES), rows(&home, EVENTS), rows(&home, RESIDENTS));
        let mut sequence: Vec<PathBuf> = order.iter().map(|&i| w.bundles[i].clone()).collect();
        for i in twice {
            let at = (i * 7) % sequence.len();
            sequence.insert(at, w.bundles[i].clone());
        }
        import_all(&mut home, &sequence);
        // Importing everything again changes nothing.
        let before = dump(&home);
        for path in &w.bundles {
            let again = import(&mut home, path, at("2026-11-03 09:00")).unwrap();
            prop_assert!(matches!(again, Imported::AlreadyHad { .. }), "{again:?}");
        }
        prop_assert_eq!(dump(&home), before);

        let mut union_cases = own_cases;
        let mut union_events = own_events;
        let mut union_residents = own_residents;
        for code in STATIONS {
            let station = Store::open(&w.dir.join(format!("{code}.db"))).unwrap();
            union_cases.extend(rows(&station, CASES));
            union_events.extend(rows(&station, EVENTS));
            union_residents.extend(rows(&station, RESIDENTS));
        }
        union_cases.sort();
        union_events.sort();
        union_residents.sort();
        let mut home_cases = rows(&home, CASES);
        let mut home_events = rows(&home, EVENTS);
        let mut home_residents = rows(&home, RESIDENTS);
        home_cases.sort();
        home_events.sort();
        home_residents.sort();
        prop_assert_eq!(home_cases.len(), 11 * 12 + 3);
        prop_assert_eq!(home_cases, union_cases, "case for case");
        prop_assert_eq!(home_events, union_events, "event for event");
        prop_assert_eq!(home_residents, union_residents);
        prop_assert!(home.check(true).unwrap().is_ok());
    }
}

/// A copy of a bundle to damage.
fn copy(bundle: &Path, into: &Path) -> PathBuf {
    let target = into.join(bundle.file_name().unwrap());
    std::fs::create_dir_all(&target).unwrap();
    for entry in std::fs::read_dir(bundle).unwrap() {
        let e = entry.unwrap();
        std::fs::copy(e.path(), target.join(e.file_name())).unwrap();
    }
    target
}

#[test]
fn damaged_bundles_are_refused_and_the_home_is_unchanged() {
    let w = world();
    let dir = tempfile::tempdir().unwrap();
    let mut home = new_db(dir.path(), "home.db", "XA");
    approve_all(&mut home);
    let first = w.bundles[0].clone();
    let before = dump(&home);
    let damage = tempfile::tempdir().unwrap();

    // One byte changed.
    let b = copy(&first, &damage.path().join("byte"));
    let mut bytes = std::fs::read(b.join("events.jsonl")).unwrap();
    let i = bytes.iter().position(|&c| c == b'7').unwrap();
    bytes[i] = b'8';
    std::fs::write(b.join("events.jsonl"), bytes).unwrap();
    let err = import(&mut home, &b, at("2026-11-02 09:00")).unwrap_err();
    assert!(matches!(err, BundleError::Checksum { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("events.jsonl does not match its checksum"),
        "{err}"
    );

    // A file removed.
    let b = copy(&first, &damage.path().join("removed"));
    std::fs::remove_file(b.join("residents.jsonl")).unwrap();
    let err = import(&mut home, &b, at("2026-11-02 09:00")).unwrap_err();
    assert!(
        err.to_string()
            .contains("residents.jsonl listed in the manifest is missing"),
        "{err}"
    );

    // Cut short.
    let b = copy(&first, &damage.path().join("short"));
    let text = std::fs::read_to_string(b.join("events.jsonl")).unwrap();
    std::fs::write(b.join("events.jsonl"), &text[..text.len() / 2]).unwrap();
    let err = import(&mut home, &b, at("2026-11-02 09:00")).unwrap_err();
    assert!(
        matches!(
            err,
            BundleError::Trust(liaison::domain::trust::Refusal::SizeDiffers { .. })
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains("where the signed manifest says"),
        "{err}"
    );

    // From a newer schema.
    let b = copy(&first, &damage.path().join("newer"));
    let manifest = std::fs::read_to_string(b.join("manifest.json")).unwrap();
    let newer = manifest.replace(
        &format!("\"schema\": {}", liaison::store::SCHEMA_VERSION),
        &format!("\"schema\": {}", liaison::store::SCHEMA_VERSION + 1),
    );
    assert_ne!(manifest, newer);
    std::fs::write(b.join("manifest.json"), newer).unwrap();
    let err = import(&mut home, &b, at("2026-11-02 09:00")).unwrap_err();
    assert!(matches!(err, BundleError::TooNew { .. }), "{err}");
    assert!(err.to_string().contains("update the home first"), "{err}");

    // Not a bundle at all.
    let err = import(&mut home, damage.path(), at("2026-11-02 09:00")).unwrap_err();
    assert!(matches!(err, BundleError::NoManifest(_)), "{err}");

    // A stray file slipped in.
    let b = copy(&first, &damage.path().join("stray"));
    std::fs::write(b.join("extra.jsonl"), "{}\n").unwrap();
    let err = import(&mut home, &b, at("2026-11-02 09:00")).unwrap_err();
    assert!(matches!(err, BundleError::UnlistedFile(_)), "{err}");

    // A later bundle before the first: the missing range is named.
    let err = import(&mut home, &w.bundles[1], at("2026-11-02 09:00")).unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(&err, BundleError::Gap { missing, .. } if missing.starts_with("A1–")),
        "{text}"
    );
    assert!(
        text.contains("have not been imported") && text.contains("HF"),
        "{text}"
    );

    assert_eq!(dump(&home), before, "refused bundles changed the home");
    // The intact bundle still goes in.
    assert!(matches!(
        import(&mut home, &first, at("2026-11-02 09:00")).unwrap(),
        Imported::Events { .. }
    ));
}

#[test]
fn reference_data_flows_down_and_deadlines_follow_the_new_holidays() {
    let dir = tempfile::tempdir().unwrap();
    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    let mut home = new_db(dir.path(), "home.db", "XA");
    let mut station = new_db(dir.path(), "hf.db", "HF");
    let from = date("2026-12-20");
    let before = station.holiday_table().unwrap().add_working_days(from, 15);
    assert!(before.uncertain);
    // The home loads the 2027 notice and plans HF's January roster.
    let notice = liaison::domain::holidays::parse_notices(
        "[[notice]]\nyear = 2027\ntitle = \"2027\"\n[[notice.festival]]\nname = \"元旦\"\nfrom = \"2027-01-01\"\n",
    )
    .unwrap();
    home.import_notices(&notice, at("2026-11-26 10:00"))
        .unwrap();
    home.add_to_roster(date("2027-01-19"), "HF", "D02").unwrap();
    // A new unit, named in English too: the English name travels with it.
    let units = liaison::formats::units::parse_units(
        "code,name,tier,name_en\nXQ,新安街道新设科室,street,Street New Section\n",
    )
    .unwrap();
    home.upsert_units(&units).unwrap();
    // One bundle per station, each with that station's cases only.
    let written = export_reference(&mut home, &usb, at("2026-11-26 10:05")).unwrap();
    assert!(written.len() > 1, "{written:?}");
    let (_, bundle) = written.into_iter().find(|(s, _)| s == "HF").unwrap();
    assert!(bundle.ends_with("liaison-XA-reference-000001-HF"));
    // Not before the station trusts its home: the bundle waits aside, nothing changes.
    let before = dump(&station);
    assert!(matches!(
        import(&mut station, &bundle, at("2026-11-27 09:00")).unwrap(),
        Imported::Waiting { .. }
    ));
    assert_eq!(
        rows(
            &station,
            "SELECT count(*) FROM holidays WHERE notice = 2027"
        ),
        ["Integer(0)"]
    );
    drop(before);
    let (_, done) = liaison::bundle::trust::trust_home(
        &mut station,
        &common::fingerprint(&home),
        "test",
        at("2026-11-27 09:00"),
    )
    .unwrap();
    assert!(
        matches!(
            done.as_slice(),
            [liaison::bundle::trust::FromWaiting {
                result: Ok(Imported::Reference { version: 1, .. }),
                ..
            }]
        ),
        "the waiting bundle applies once the home is trusted"
    );
    let after = station.holiday_table().unwrap().add_working_days(from, 15);
    assert!(!after.uncertain);
    assert_eq!(
        after.date,
        date("2027-01-11"),
        "one working day later for New Year's Day 2027"
    );
    assert_eq!(station.roster(date("2027-01-19"), "HF").unwrap().len(), 1);
    let taxonomy = station.taxonomy().unwrap();
    assert_eq!(
        taxonomy.unit("XQ").unwrap().name_en.as_deref(),
        Some("Street New Section")
    );
    assert_eq!(
        taxonomy.unit("SZ").unwrap().name_en.as_deref(),
        Some("Street Municipal Facilities Office")
    );
    // Importing it again, or an older version, is a no-op.
    assert!(matches!(
        import(&mut station, &bundle, at("2026-11-27 09:00")).unwrap(),
        Imported::AlreadyHad { .. }
    ));
    // A station never takes another station's events, nor the home reference data meant for a home.
    let mut other = new_db(dir.path(), "xy3.db", "XY3");
    other
        .register(
            &NewCase {
                content: "x".into(),
                ..NewCase::default()
            },
            "小王",
            at("2026-11-27 09:00"),
        )
        .unwrap();
    let theirs = export_events(&mut other, &usb, false, at("2026-11-27 10:00"))
        .unwrap()
        .unwrap();
    let err = import(&mut station, &theirs, at("2026-11-27 11:00")).unwrap_err();
    assert!(matches!(err, BundleError::WrongDesk { .. }), "{err}");
    let err = import(&mut home, &bundle, at("2026-11-27 11:00")).unwrap_err();
    assert!(matches!(err, BundleError::WrongDesk { .. }), "{err}");
}

#[test]
fn the_home_supervises_station_cases_but_does_not_handle_them() {
    let dir = tempfile::tempdir().unwrap();
    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    let mut hf = new_db(dir.path(), "hf.db", "HF");
    let case = hf
        .register(
            &NewCase {
                content: "路灯".into(),
                ..NewCase::default()
            },
            "小王",
            at("2026-11-17 09:00"),
        )
        .unwrap()
        .case;
    let mut home = new_db(dir.path(), "home.db", "XA");
    common::approve(&mut home, &hf);
    let b = export_events(&mut hf, &usb, false, at("2026-11-17 18:00"))
        .unwrap()
        .unwrap();
    import(&mut home, &b, at("2026-11-18 09:00")).unwrap();
    let err = home
        .record(
            case.id,
            vec![EventBody::Called {
                deputy: "D02".into(),
            }],
            "人大工委",
            at("2026-11-18 09:10"),
        )
        .unwrap_err();
    assert!(err.to_string().contains("belongs to station HF"), "{err}");
    home.record(
        case.id,
        vec![EventBody::Note {
            text: "请尽快处理".into(),
        }],
        "人大工委",
        at("2026-11-18 09:10"),
    )
    .unwrap();
    assert!(home.check(true).unwrap().is_ok());
}
