//! The SQLite store: opening, migrating, refusing what is not ours, and writing atomically.

mod common;

use std::fs;

use common::{at, initialised, intake, snapshot};
use liaison::domain::case::{Level, Status};
use liaison::domain::event::{Classification, EventBody, Handling};
use liaison::store::{SCHEMA_VERSION, Store, StoreError};

#[test]
fn migrates_an_empty_file_and_sets_durability() {
    let db = initialised("HF");
    let conn = db.store.connection();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = conn
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "synchronous=FULL");
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    assert_eq!(db.store.desk().unwrap().code, "HF");
}

#[test]
fn reopening_keeps_the_data_and_the_version() {
    let mut db = initialised("HF");
    db.store
        .register(&intake("路灯坏了"), "op", at("2026-11-17 09:00"))
        .unwrap();
    drop(db.store);
    let store = Store::open(&db.path).unwrap();
    assert_eq!(store.count_cases().unwrap(), 1);
}

#[cfg(unix)]
#[test]
fn the_file_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let db = initialised("HF");
    let mode = fs::metadata(&db.path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn a_missing_file_is_not_created_by_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nothing.db");
    let err = Store::open(&path).err().unwrap();
    assert!(matches!(err, StoreError::Missing(_)));
    assert!(err.to_string().contains("liaison init --station"));
    assert!(!path.exists());
}

#[test]
fn a_missing_directory_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no/such/dir/x.db");
    let err = Store::open_or_create(&path).err().unwrap();
    assert!(matches!(err, StoreError::NoDirectory(_)), "{err}");
}

#[test]
fn a_newer_file_is_refused_and_left_untouched() {
    let db = initialised("HF");
    db.store
        .connection()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    // Put the file in rollback-journal mode so that it is one self-contained file.
    db.store
        .connection()
        .query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))
        .unwrap();
    drop(db.store);
    let before = fs::read(&db.path).unwrap();
    let err = Store::open(&db.path).err().unwrap();
    assert!(
        matches!(err, StoreError::TooNew { found, .. } if found == SCHEMA_VERSION + 1),
        "{err}"
    );
    assert!(err.to_string().contains("newer liaison"), "{err}");
    assert_eq!(fs::read(&db.path).unwrap(), before, "the file was changed");
    assert!(!db.path.with_extension("db-wal").exists());
}

#[test]
fn a_non_sqlite_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("notes.db", b"these are my notes, not a database\n".to_vec()),
        ("short.db", b"SQLite".to_vec()),
        ("binary.db", vec![0u8; 4096]),
    ] {
        let path = dir.path().join(name);
        fs::write(&path, &bytes).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert!(matches!(err, StoreError::NotSqlite(_)), "{name}: {err}");
        assert!(err.to_string().contains("untouched"));
        assert_eq!(fs::read(&path).unwrap(), bytes, "{name} was changed");
        let err = Store::open_or_create(&path).err().unwrap();
        assert!(matches!(err, StoreError::NotSqlite(_)), "{name}: {err}");
        assert_eq!(fs::read(&path).unwrap(), bytes, "{name} was changed");
    }
}

/// Another program's SQLite file (tables, no liaison schema version) is refused untouched:
/// no liaison tables added, no switch to WAL, no version set.
#[test]
fn another_programs_sqlite_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("theirs.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = fs::read(&path).unwrap();
    for err in [
        Store::open(&path).err().unwrap(),
        Store::open_or_create(&path).err().unwrap(),
    ] {
        assert!(matches!(err, StoreError::Foreign(_)), "{err}");
        assert!(err.to_string().contains("left untouched"), "{err}");
    }
    assert_eq!(fs::read(&path).unwrap(), before, "the file was changed");
    assert!(!path.with_extension("db-wal").exists());
}

#[test]
fn foreign_keys_are_enforced() {
    let mut db = initialised("HF");
    let conn = db.store.connection();
    let err = conn
        .execute(
            "INSERT INTO case_events (id, case_id, at, actor, kind, payload, desk, epoch, desk_seq) \
             VALUES (randomblob(16), randomblob(16), '2026-11-17T09:00:00', 'x', 'note', '{}', 1, 1, 999)",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
    let err = conn
        .execute("INSERT INTO members (id, name, kind, station, initials) VALUES ('M9', 'x', 'deputy', 'NOPE', 'x')", [])
        .unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");

    // Through the store, an unknown category is named before the key would fire.
    let case = db
        .store
        .register(&intake("路灯坏了"), "op", at("2026-11-17 09:00"))
        .unwrap()
        .case;
    let before = snapshot(&db.store);
    let err = db
        .store
        .record(
            case.id,
            vec![EventBody::Classified {
                category: "99".into(),
                nature: None,
                level: None,
            }],
            "op",
            at("2026-11-17 09:10"),
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::UnknownReference {
                what: "category",
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(snapshot(&db.store), before);
}

#[test]
fn the_event_log_is_append_only() {
    let mut db = initialised("HF");
    db.store
        .register(&intake("路灯坏了"), "op", at("2026-11-17 09:00"))
        .unwrap();
    let conn = db.store.connection();
    let err = conn
        .execute("UPDATE case_events SET actor = 'someone else'", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = conn.execute("DELETE FROM case_events", []).unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
}

#[test]
fn numbers_are_per_station_and_day() {
    let mut db = initialised("HF");
    let a = db
        .store
        .register(&intake("一"), "op", at("2026-11-17 09:00"))
        .unwrap();
    let b = db
        .store
        .register(&intake("二"), "op", at("2026-11-17 09:05"))
        .unwrap();
    let c = db
        .store
        .register(&intake("三"), "op", at("2026-11-18 09:00"))
        .unwrap();
    assert_eq!(a.case.number, "HF-20261117-001");
    assert_eq!(b.case.number, "HF-20261117-002");
    assert_eq!(c.case.number, "HF-20261118-001");
    assert_eq!(a.case.id.get_version_num(), 7, "case ids are UUIDv7");
}

#[test]
fn an_illegal_transition_writes_nothing() {
    let mut db = initialised("HF");
    let case = db
        .store
        .register(&intake("路灯坏了"), "op", at("2026-11-17 09:00"))
        .unwrap()
        .case;
    let before = snapshot(&db.store);
    let err = db
        .store
        .record(
            case.id,
            vec![EventBody::Replied {
                text: "已修好".into(),
                on: common::date("2026-11-18"),
            }],
            "op",
            at("2026-11-18 09:00"),
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("`replied` is only allowed"),
        "{err}"
    );
    assert_eq!(snapshot(&db.store), before);

    // A batch where the second event is illegal leaves even the first unwritten.
    let handling = Handling {
        unit: "SZ".into(),
        due_date: common::date("2026-12-01"),
        due_uncertain: false,
        limit_days: None,
        note: None,
    };
    let err = db
        .store
        .record(
            case.id,
            vec![
                EventBody::Assigned {
                    class: Classification {
                        category: Some("03".into()),
                        nature: None,
                    },
                    handling,
                },
                EventBody::CalledBack {
                    satisfaction: liaison::domain::case::Satisfaction::Satisfied,
                    resolved: true,
                    note: None,
                },
            ],
            "op",
            at("2026-11-18 09:00"),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Transition(_)), "{err}");
    assert_eq!(snapshot(&db.store), before);
    let stored = db.store.case(case.id).unwrap().unwrap();
    assert_eq!(stored.case.status, Status::Queued);
    assert_eq!(stored.case.level, None::<Level>);
}

#[test]
fn bad_intake_is_refused_with_the_field_named() {
    let mut db = initialised("HF");
    let before = snapshot(&db.store);
    let cases = [
        (intake("   "), "content must not be empty"),
        (
            liaison::store::NewCase {
                phone: "12345".into(),
                ..intake("x")
            },
            "not a phone number",
        ),
        (
            liaison::store::NewCase {
                name: "名".repeat(41),
                ..intake("x")
            },
            "the limit is 40",
        ),
        (intake(&"字".repeat(2001)), "the limit is 2000"),
        (
            liaison::store::NewCase {
                deputy: Some("NOPE".into()),
                ..intake("x")
            },
            "unknown member",
        ),
    ];
    for (new, message) in cases {
        let err = db
            .store
            .register(&new, "op", at("2026-11-17 09:00"))
            .unwrap_err();
        assert!(err.to_string().contains(message), "{err}");
    }
    assert_eq!(snapshot(&db.store), before);
}

#[test]
fn control_characters_never_reach_the_file() {
    let mut db = initialised("HF");
    let dirty = liaison::store::NewCase {
        name: "王\u{1b}[31m小红".into(),
        ..intake("路灯\u{1b}]0;pwned\u{7}坏了\u{0}\r\n第二行")
    };
    let rec = db
        .store
        .register(&dirty, "op", at("2026-11-17 09:00"))
        .unwrap();
    assert_eq!(rec.case.content, "路灯坏了\n第二行");
    assert_eq!(rec.resident.name.as_deref(), Some("王小红"));
}

#[test]
fn check_finds_a_row_that_disagrees_with_its_log() {
    let mut db = initialised("HF");
    let case = db
        .store
        .register(&intake("路灯坏了"), "op", at("2026-11-17 09:00"))
        .unwrap()
        .case;
    assert!(db.store.check(false).unwrap().is_ok());
    db.store
        .connection()
        .execute(
            "UPDATE cases SET status = 'closed' WHERE id = ?1",
            [case.id],
        )
        .unwrap();
    let report = db.store.check(true).unwrap();
    assert!(!report.is_ok());
    assert!(report.replay[0].contains("status"), "{:?}", report.replay);
}

#[test]
fn backup_copies_a_consistent_private_file() {
    let mut db = initialised("HF");
    db.store
        .register(&intake("路灯坏了"), "op", at("2026-11-17 09:00"))
        .unwrap();
    let dest = db.dir.path().join("copy.db");
    liaison::store::backup_to(&db.store, &dest).unwrap();
    let copy = Store::open(&dest).unwrap();
    assert_eq!(copy.count_cases().unwrap(), 1);
    assert!(copy.check(true).unwrap().is_ok());
    assert!(!liaison::platform::is_shared(&dest).unwrap());
    // Never overwrites.
    let err = liaison::store::backup_to(&db.store, &dest).unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
}

#[test]
fn holiday_import_replaces_a_year() {
    let mut db = initialised("HF");
    let notices = liaison::domain::holidays::parse_notices(
        "[[notice]]\nyear = 2027\ntitle = \"t\"\n[[notice.festival]]\nname = \"元旦\"\nfrom = \"2027-01-01\"\n",
    )
    .unwrap();
    db.store
        .import_notices(&notices, at("2026-11-26 10:00"))
        .unwrap();
    assert!(db.store.holiday_table().unwrap().covers(2027));
    // Importing again replaces instead of failing on duplicates.
    db.store
        .import_notices(&notices, at("2026-11-26 10:05"))
        .unwrap();
    let years: Vec<i32> = db
        .store
        .notice_summaries()
        .unwrap()
        .iter()
        .map(|n| n.year)
        .collect();
    assert_eq!(years, vec![2022, 2023, 2024, 2025, 2026, 2027]);
}

#[test]
fn bulk_history_is_replayable_indexed_and_searchable() {
    let mut db = initialised("XA");
    let indexes = |store: &Store| -> Vec<String> {
        let mut stmt = store
            .connection()
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type IN ('index', 'trigger') ORDER BY name",
            )
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let before = indexes(&db.store);
    let added = liaison::demo::history::load(
        &mut db.store,
        common::date("2026-11-17"),
        liaison::demo::History::of(600),
        7,
    )
    .unwrap();
    assert_eq!(added, 600);
    assert_eq!(
        indexes(&db.store),
        before,
        "indexes and triggers are back after the load"
    );
    let report = db.store.check(true).unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(report.cases, 600);
    // The home's history covers several stations, numbered per station and day.
    let stations: i64 = db
        .store
        .connection()
        .query_row("SELECT count(DISTINCT station) FROM cases", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(stations > 5);
    // Loaded cases are in the search index, and new ones keep being indexed by the trigger.
    let q = liaison::domain::search::parse("坏了三个").unwrap();
    assert!(!db.store.search(&q, None).unwrap().is_empty());
    let fresh = db
        .store
        .register(&intake("独一无二的反映内容"), "op", at("2026-11-17 09:00"))
        .unwrap();
    let q = liaison::domain::search::parse("独一无二").unwrap();
    assert_eq!(db.store.search(&q, None).unwrap()[0].case.id, fresh.case.id);
    // A second load into a non-empty file keeps the indexes in place.
    liaison::demo::history::load(
        &mut db.store,
        common::date("2026-11-17"),
        liaison::demo::History::of(50),
        8,
    )
    .unwrap();
    assert!(db.store.check(false).unwrap().is_ok());
}

/// Wishes loaded in bulk at the home arrive as their desks' bundles would bring them: the
/// row is the replay of the log, the events are in the name of the station's desk 1, the
/// numbers continue those already in the file, and the home cannot change them. A log that
/// does not replay refuses the whole load and writes nothing.
#[test]
fn bulk_wishes_arrive_as_bundles_bring_them_and_a_bad_log_writes_nothing() {
    use liaison::domain::wish::{WishBody, WishEvent, WishState};
    use liaison::store::{Claimant, WishPeople};
    use uuid::Uuid;

    let mut db = initialised("XA");
    let day = common::date("2026-11-02");
    let log = |number: String, tail: &[(WishBody, &str)]| -> Vec<WishEvent> {
        let id = Uuid::now_v7();
        let mut events = vec![WishEvent {
            id: Uuid::now_v7(),
            wish_id: id,
            at: at("2026-11-02 09:00"),
            actor: "op".into(),
            body: WishBody::Registered {
                number,
                station: "HF".into(),
                content: "九十岁老人需要一副助行器".into(),
                public: Some("一位高龄老人需要一副助行器".into()),
            },
        }];
        for (body, when) in tail {
            events.push(WishEvent {
                id: Uuid::now_v7(),
                wish_id: id,
                at: at(when),
                actor: "op".into(),
                body: body.clone(),
            });
        }
        events
    };
    let count = |store: &Store, table: &str| -> i64 {
        store
            .connection()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    let fulfilled = [
        (WishBody::Claimed { member: None }, "2026-11-03 10:00"),
        (
            WishBody::Fulfilled {
                on: common::date("2026-11-05"),
                note: "已送到".into(),
            },
            "2026-11-05 16:00",
        ),
    ];
    let people = WishPeople {
        name: Some("王秀英".into()),
        phone: Some("13812345678".into()),
        address: None,
        volunteer: Some("李明华".into()),
    };

    // Odd logs first: fulfilled before it was claimed; another wish's event in the log;
    // a log that does not begin with its registration. Each refuses the whole load.
    let early = [(
        WishBody::Fulfilled {
            on: day,
            note: "x".into(),
        },
        "2026-11-02 10:00",
    )];
    for bad in 0..3 {
        let result = db.store.bulk_load(|l| {
            let good = log(l.next_wish_number("HF", day)?, &fulfilled);
            l.add_wish(&people, &good)?;
            let number = l.next_wish_number("HF", day)?;
            let events = match bad {
                0 => {
                    let mut events = log(number, &[]);
                    let mut other = log("HF-W-20261102-009".into(), &fulfilled[..1]).remove(1);
                    other.at = at("2026-11-03 10:00");
                    events.push(other);
                    events
                }
                1 => log(number, &early),
                _ => {
                    let mut events = log(number, &fulfilled);
                    events.remove(0);
                    events
                }
            };
            l.add_wish(&WishPeople::default(), &events)
        });
        assert!(result.is_err(), "bad log {bad} was taken");
        for table in ["wishes", "wish_events", "wish_people"] {
            assert_eq!(count(&db.store, table), 0, "{table} after bad log {bad}");
        }
    }

    db.store
        .bulk_load(|l| {
            for _ in 0..2 {
                let events = log(l.next_wish_number("HF", day)?, &fulfilled);
                l.add_wish(&people, &events)?;
            }
            Ok(())
        })
        .unwrap();
    let list = db.store.wishes(None).unwrap();
    let numbers: Vec<&str> = list.iter().map(|r| r.wish.number.as_str()).collect();
    assert_eq!(numbers, ["HF-W-20261102-001", "HF-W-20261102-002"]);
    assert!(list.iter().all(|r| r.wish.state == WishState::Fulfilled
        && r.wish.by_volunteer
        && r.people == people));
    // In the name of HF's desk 1, not the home's own desk.
    let desks: Vec<i64> = db
        .store
        .connection()
        .prepare(
            "SELECT DISTINCT e.desk FROM wish_events e JOIN desks d ON d.id = e.desk \
             WHERE d.station = 'HF' AND d.number = 1",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(desks.len(), 1);
    assert_eq!(count(&db.store, "wish_events"), 6);
    let report = db.store.check(false).unwrap();
    assert!(report.is_ok(), "{report:?}");
    // The home does not change another station's wish.
    assert!(
        db.store
            .withdraw_wish("HF-W-20261102-001", "x", "op", at("2026-11-20 09:00"))
            .is_err()
    );
    assert!(
        db.store
            .claim_wish(
                "HF-W-20261102-002",
                &Claimant::Volunteer("钱多".into()),
                "op",
                at("2026-11-20 09:00")
            )
            .is_err()
    );
    // A later load continues the numbering of the day.
    db.store
        .bulk_load(|l| {
            let events = log(l.next_wish_number("HF", day)?, &[]);
            l.add_wish(&WishPeople::default(), &events)
        })
        .unwrap();
    assert_eq!(
        db.store.wishes(None).unwrap()[2].wish.number,
        "HF-W-20261102-003"
    );
}
