//! Files written before desks (schema 4, see `tests/fixtures/v4/README.md`) upgrade in place:
//! each station's desk is desk 1 of its station in epoch A, numbers and outbox go on, and a
//! home that imported them takes each station's desk 1 once it confirmed its fingerprint.

mod common;

use std::path::Path;

use common::{liaison, written_bundle};

fn fixtures(into: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v4");
    for name in ["home.db", "hf.db", "dz.db"] {
        std::fs::copy(from.join(name), into.join(name)).unwrap();
    }
    let old = "liaison-HF-events-000004-000004";
    std::fs::create_dir_all(into.join("old").join(old)).unwrap();
    for e in std::fs::read_dir(from.join(old)).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), into.join("old").join(old).join(e.file_name())).unwrap();
    }
}

/// Under `--lang en`: these tests read the English wording of what the commands say.
fn run(h: &Path, db: &str, today: &str, args: &[&str]) -> (bool, String, String) {
    let mut all = vec!["--lang", "en", "--db", db, "--today", today];
    all.extend_from_slice(args);
    let out = liaison(h).args(&all).output().unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn ok(h: &Path, db: &str, today: &str, args: &[&str]) -> String {
    let (success, out, err) = run(h, db, today, args);
    assert!(success, "{args:?}: {err}{out}");
    out
}

#[test]
fn files_from_before_desks_upgrade_and_the_home_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    fixtures(h);
    for db in ["home.db", "hf.db", "dz.db"] {
        let out = ok(h, db, "2026-11-19", &["check"]);
        assert!(out.contains("OK"), "{db}: {out}");
        let desk = ok(h, db, "2026-11-19", &["desk"]);
        assert!(
            desk.contains("desk     1") && desk.contains("epoch    A"),
            "{desk}"
        );
    }
    // The shipped reference rows got their English names.
    let conn = rusqlite::Connection::open(h.join("hf.db")).unwrap();
    let name_en = |sql: &str| -> Option<String> { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        name_en("SELECT name_en FROM stations WHERE code = 'HF'").as_deref(),
        Some("Hefeng Community Liaison Station")
    );
    assert_eq!(
        name_en("SELECT name_en FROM units WHERE code = 'SZ'").as_deref(),
        Some("Street Municipal Facilities Office")
    );
    assert_eq!(
        name_en("SELECT name_en FROM categories WHERE code = '0301'").as_deref(),
        Some("Street lighting")
    );
    drop(conn);
    // Numbers keep their old form and go on from the last one of the day.
    assert_eq!(
        ok(
            h,
            "hf.db",
            "2026-11-18",
            &["case", "add", "--content", "升级后"]
        )
        .trim(),
        "HF-20261118-002"
    );
    // The old, unsigned bundle is refused with the way forward.
    let (success, _, err) = run(
        h,
        "home.db",
        "2026-11-19",
        &["bundle", "import", "old/liaison-HF-events-000004-000004"],
    );
    assert!(!success);
    assert!(
        err.contains("older liaison") && err.contains("bundle export --all"),
        "{err}"
    );
    // HF's outbox goes on after what it exported before (4). The home knew HF desk 1 from
    // before desks, never by a key: the bundle waits until the home confirms the
    // fingerprint HF's desk shows.
    let next = written_bundle(
        h,
        ok(
            h,
            "hf.db",
            "2026-11-19",
            &["bundle", "export", "--out", "usb"],
        )
        .as_bytes(),
    );
    assert!(
        next.to_string_lossy().contains("-events-A000005-A000005"),
        "{next:?}"
    );
    let hf = common::fingerprint_of(&h.join("hf.db"));
    let (success, said, _) = run(
        h,
        "home.db",
        "2026-11-19",
        &["bundle", "import", &next.to_string_lossy()],
    );
    assert!(!success);
    assert!(
        said.contains("waits for confirmation")
            && said.contains(&format!("liaison desk approve HF 1 --fingerprint {hf}")),
        "{said}"
    );
    let listed = ok(h, "home.db", "2026-11-19", &["desk", "list"]);
    assert!(listed.contains("to confirm"), "{listed}");
    // Confirmed: the desk the home knew is HF's desk with this key. Its bundle still waits
    // for A4, which the home never had: the gap and the remedy are named.
    let said = common::approve_cli(h, "home.db", "hf.db");
    assert!(said.contains("approved HF desk 1"), "{said}");
    let (success, _, err) = run(
        h,
        "home.db",
        "2026-11-19",
        &["bundle", "import", &next.to_string_lossy()],
    );
    assert!(!success);
    assert!(
        err.contains("events A4–A4 of HF desk 1 have not been imported"),
        "{err}"
    );
    assert!(err.contains("bundle export --all"), "{err}");
    // Everything again from the desk: the home goes on where it was.
    let all = written_bundle(
        h,
        ok(
            h,
            "hf.db",
            "2026-11-19",
            &["bundle", "export", "--all", "--out", "usb"],
        )
        .as_bytes(),
    );
    let said = ok(
        h,
        "home.db",
        "2026-11-19",
        &["bundle", "import", &all.to_string_lossy()],
    );
    assert!(
        said.contains("2 events (2 new cases), 3 already here"),
        "{said}"
    );
    // A station that never sent anything is a new desk to the home: approved, it goes in.
    let dz = written_bundle(
        h,
        ok(
            h,
            "dz.db",
            "2026-11-19",
            &["bundle", "export", "--out", "usb"],
        )
        .as_bytes(),
    );
    let (success, said, _) = run(
        h,
        "home.db",
        "2026-11-19",
        &["bundle", "import", &dz.to_string_lossy()],
    );
    assert!(!success && said.contains("waits for approval"), "{said}");
    let said = common::approve_cli(h, "home.db", "dz.db");
    assert!(said.contains("1 new case"), "{said}");
    assert_eq!(
        common::case_numbers(h, "home.db"),
        [
            "DZ-20261117-001",
            "HF-20261117-001",
            "HF-20261117-002",
            "HF-20261118-001",
            "HF-20261118-002",
            "XA-20261117-001"
        ]
    );
    // The home's own note on HF's case survived the upgrade in its log.
    let shown = ok(
        h,
        "home.db",
        "2026-11-19",
        &["case", "show", "HF-20261117-001"],
    );
    assert!(shown.contains("请加快处理"), "{shown}");
    ok(h, "home.db", "2026-11-19", &["check"]);
    // A reinstalled HF desk is now told apart from the enrolled one.
    ok(h, "new.db", "2026-11-19", &["init", "--station", "HF"]);
    ok(
        h,
        "new.db",
        "2026-11-19",
        &["case", "add", "--content", "重装后"],
    );
    let fresh = written_bundle(
        h,
        ok(
            h,
            "new.db",
            "2026-11-19",
            &["bundle", "export", "--out", "usb2"],
        )
        .as_bytes(),
    );
    let (success, _, err) = run(
        h,
        "home.db",
        "2026-11-19",
        &["bundle", "import", &fresh.to_string_lossy()],
    );
    assert!(
        !success && err.contains("also calls itself HF desk 1"),
        "{err}"
    );
    // What waited is gone once applied; nothing is left waiting.
    let listed = ok(h, "home.db", "2026-11-19", &["desk", "list"]);
    assert!(!listed.contains("wait"), "{listed}");
}

#[test]
fn a_backup_from_before_desks_restores_as_this_desks_past() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    fixtures(h);
    std::fs::copy(h.join("hf.db"), h.join("old-backup.db")).unwrap();
    ok(
        h,
        "hf.db",
        "2026-11-19",
        &["case", "add", "--content", "升级后"],
    );
    let before = ok(h, "hf.db", "2026-11-19", &["desk"]);
    let said = ok(
        h,
        "hf.db",
        "2026-11-19",
        &["restore", "old-backup.db", "--yes"],
    );
    assert!(said.contains("epoch B"), "{said}");
    let after = ok(h, "hf.db", "2026-11-19", &["desk"]);
    let line = |text: &str, key: &str| {
        text.lines()
            .find(|l| l.starts_with(key))
            .unwrap()
            .to_string()
    };
    // The same desk, in a new epoch: its id and key went with it.
    assert_eq!(line(&before, "id"), line(&after, "id"));
    assert_eq!(line(&before, "key"), line(&after, "key"));
    assert_eq!(
        ok(
            h,
            "hf.db",
            "2026-11-19",
            &["case", "add", "--content", "还原后"]
        )
        .trim(),
        "HF-20261119-1B001"
    );
}

fn fixtures_v11(into: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v11");
    for name in ["home.db", "hf.db"] {
        std::fs::copy(from.join(name), into.join(name)).unwrap();
    }
    let old = "liaison-HF-1-efd3-events-A000002-A000002";
    std::fs::create_dir_all(into.join("old").join(old)).unwrap();
    for e in std::fs::read_dir(from.join(old)).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), into.join("old").join(old).join(e.file_name())).unwrap();
    }
}

/// A home that enrolled a desk on sight, and a station that pinned its home's key on sight
/// (see `tests/fixtures/v11/README.md`): after the upgrade neither is trusted until confirmed
/// by its fingerprint; the desk's new bundles wait (an older desk's layout among them), the
/// home's reference data waits; once confirmed, everything goes on where it was.
#[test]
fn an_upgraded_home_confirms_the_desks_it_enrolled_on_sight() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    fixtures_v11(h);
    let hf = common::fingerprint_of(&h.join("hf.db"));
    let listed = ok(h, "home.db", "2026-11-19", &["desk", "list"]);
    assert!(
        listed.contains("to confirm") && listed.contains(&hf),
        "{listed}"
    );
    // The older desk's bundle (layout 2) waits for the confirmation.
    let old = h.join("old/liaison-HF-1-efd3-events-A000002-A000002");
    let before = common::dump_file(&h.join("home.db"));
    let (success, said, _) = run(
        h,
        "home.db",
        "2026-11-19",
        &["bundle", "import", &old.to_string_lossy()],
    );
    assert!(!success, "{said}");
    assert!(
        said.contains(
            "waits for confirmation: HF desk 1 was enrolled on sight by an older liaison"
        ) && said.contains(&format!("liaison desk approve HF 1 --fingerprint {hf}")),
        "{said}"
    );
    assert_eq!(common::case_numbers(h, "home.db"), ["HF-20261117-001"]);
    assert_ne!(common::dump_file(&h.join("home.db")), before, "kept aside");
    let said = common::approve_cli(h, "home.db", "hf.db");
    assert!(
        said.contains(&format!("confirmed HF desk 1 (fingerprint {hf})"))
            && said.contains("1 event (1 new case)"),
        "{said}"
    );
    assert_eq!(
        common::case_numbers(h, "home.db"),
        ["HF-20261117-001", "HF-20261118-001"]
    );
    ok(h, "home.db", "2026-11-19", &["check"]);
    // Every event has its digest: the ones from before the upgrade too.
    let conn = rusqlite::Connection::open(h.join("home.db")).unwrap();
    let missing: i64 = conn
        .query_row(
            "SELECT count(*) FROM case_events WHERE digest IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(missing, 0);
    drop(conn);
    // Everything again from the upgraded desk: the same events, nothing to do.
    let all = written_bundle(
        h,
        ok(
            h,
            "hf.db",
            "2026-11-19",
            &["bundle", "export", "--all", "--out", "usb"],
        )
        .as_bytes(),
    );
    let said = ok(
        h,
        "home.db",
        "2026-11-19",
        &["bundle", "import", &all.to_string_lossy()],
    );
    assert!(said.contains("nothing to do"), "{said}");
    // The station pinned its home's key on sight: to be confirmed too.
    let home = common::fingerprint_of(&h.join("home.db"));
    let desk = ok(h, "hf.db", "2026-11-19", &["desk"]);
    assert!(
        desk.contains(&format!(
            "home     {home}: the home's key, pinned by an older liaison"
        )),
        "{desk}"
    );
    let reference = written_bundle(
        h,
        ok(
            h,
            "home.db",
            "2026-11-19",
            &["bundle", "export", "--out", "down"],
        )
        .as_bytes(),
    );
    let (success, said, _) = run(
        h,
        "hf.db",
        "2026-11-19",
        &["bundle", "import", &reference.to_string_lossy()],
    );
    assert!(
        !success && said.contains("has not confirmed the key of its home XA"),
        "{said}"
    );
    let said = common::trust_home_cli(h, "hf.db", "home.db");
    assert!(
        said.contains("applied the home's reference data, version 2"),
        "{said}"
    );
    ok(h, "hf.db", "2026-11-19", &["check"]);
}

/// The files of every released schema (`tests/fixtures/schema-N/`, written by `cargo xtask
/// fixture` with that release; `cargo xtask dist` refuses to ship a schema without one): this
/// build opens them, its home takes that release's station bundle, its station that
/// release's home bundle, and numbering goes on.
#[test]
fn every_released_schemas_files_open_and_their_bundles_go_in() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut releases: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("schema-"))
        })
        .collect();
    releases.sort();
    assert!(!releases.is_empty(), "no tests/fixtures/schema-N");
    for release in releases {
        a_release_upgrades(&release);
    }
}

fn a_release_upgrades(from: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    copy_dir(from, h);
    let name = from.file_name().unwrap().to_string_lossy().to_string();
    let only_bundle = |folder: &str| {
        let found: Vec<_> = std::fs::read_dir(h.join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(found.len(), 1, "{name}/{folder}: {found:?}");
        found[0].to_string_lossy().to_string()
    };
    for db in ["home.db", "hf.db"] {
        let out = ok(h, db, "2026-11-28", &["check"]);
        assert!(out.contains("OK"), "{name}/{db}: {out}");
    }
    // Releases from before trust by approval enrolled the desk and pinned the home on sight:
    // both are to be confirmed by fingerprint once (from schema 11 on, the fixture did).
    let schema: i64 = name.trim_start_matches("schema-").parse().unwrap();
    if schema <= 10 {
        common::approve_cli(h, "home.db", "hf.db");
        common::trust_home_cli(h, "hf.db", "home.db");
    }
    // The newer home takes the older station's bundle...
    let up = only_bundle("pending-up");
    let said = ok(h, "home.db", "2026-11-28", &["bundle", "import", &up]);
    assert!(said.contains("(1 new case)"), "{name}: {said}");
    assert!(
        common::case_numbers(h, "home.db").contains(&"HF-20261126-001".to_string()),
        "{name}"
    );
    // ...and the newer station the older home's.
    let down = only_bundle("pending-down");
    let said = ok(h, "hf.db", "2026-11-28", &["bundle", "import", &down]);
    assert!(said.contains("reference"), "{name}: {said}");
    // Numbers go on from the last one of the day.
    assert_eq!(
        ok(
            h,
            "hf.db",
            "2026-11-26",
            &["case", "add", "--content", "升级后"]
        )
        .trim(),
        "HF-20261126-002",
        "{name}"
    );
    for db in ["home.db", "hf.db"] {
        ok(h, db, "2026-11-28", &["check"]);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}
