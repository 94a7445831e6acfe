//! Versions side by side, as stations update one at a time: a newer home takes older desks'
//! bundles; an older home refuses a newer desk's bundle whole, saying to update the home
//! first; an older station refuses a newer home's bundle; an older program refuses a newer
//! database and leaves it as it was. "Newer" is written here the way a newer release would
//! write it: a higher schema or bundle layout, signed by the desk's own key.

mod common;

use std::path::{Path, PathBuf};

use common::{desk_key, dump_file, liaison, reseal, written_bundle};
use liaison::bundle::BUNDLE_VERSION;
use liaison::store::SCHEMA_VERSION;

fn run(h: &Path, args: &[&str]) -> (bool, String, String) {
    let out = liaison(h).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn ok(h: &Path, args: &[&str]) -> String {
    let (success, out, err) = run(h, args);
    assert!(success, "{args:?}: {err}{out}");
    out
}

/// A home (XA) and a station desk (HF) with one case, HF's bundle written to `usb`.
fn home_and_station(h: &Path) -> PathBuf {
    ok(
        h,
        &[
            "--db",
            "home.db",
            "--today",
            "2026-11-17",
            "init",
            "--station",
            "XA",
        ],
    );
    ok(
        h,
        &[
            "--db",
            "hf.db",
            "--today",
            "2026-11-17",
            "init",
            "--station",
            "HF",
        ],
    );
    ok(
        h,
        &[
            "--db",
            "hf.db",
            "--today",
            "2026-11-17",
            "case",
            "add",
            "--content",
            "路灯坏了",
        ],
    );
    let out = ok(
        h,
        &[
            "--db",
            "hf.db",
            "--today",
            "2026-11-17",
            "bundle",
            "export",
            "--out",
            "usb",
        ],
    );
    written_bundle(h, out.as_bytes())
}

/// Rewrites the bundle's manifest fields as a release with another schema would have
/// written them, signed again with `signer`'s key.
fn declare(bundle: &Path, signer: &Path, schema: i64) {
    let path = bundle.join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    m["schema"] = schema.into();
    std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    reseal(bundle, &desk_key(signer));
}

#[test]
fn an_older_home_refuses_a_newer_desks_bundle_whole_and_says_to_update_the_home_first() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    let bundle = home_and_station(h);
    declare(&bundle, &h.join("hf.db"), SCHEMA_VERSION + 1);
    let before = dump_file(&h.join("home.db"));
    let b = bundle.to_string_lossy().to_string();
    for args in [
        vec![
            "--db",
            "home.db",
            "--today",
            "2026-11-18",
            "bundle",
            "import",
            &b,
        ],
        // The stick as it comes, a folder of bundles.
        vec![
            "--db",
            "home.db",
            "--today",
            "2026-11-18",
            "bundle",
            "import",
            "usb",
        ],
    ] {
        let (success, out, err) = run(h, &args);
        assert!(!success, "{out}");
        let said = format!("{out}{err}");
        assert!(said.contains("update the home first"), "{said}");
        assert!(
            said.contains(&format!("schema {}", SCHEMA_VERSION + 1)),
            "{said}"
        );
        assert!(said.contains("nothing was imported"), "{said}");
    }
    // Whole: not a case, not the desk's key, nothing.
    assert_eq!(dump_file(&h.join("home.db")), before);

    // A newer bundle layout is refused the same way, whatever else its manifest holds.
    let path = bundle.join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    m["bundle_version"] = (BUNDLE_VERSION + 1).into();
    m["schema"] = SCHEMA_VERSION.into();
    m["written_by"] = "liaison 9.0.0".into();
    std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    let (success, _, err) = run(
        h,
        &[
            "--db",
            "home.db",
            "--today",
            "2026-11-18",
            "bundle",
            "import",
            &b,
        ],
    );
    assert!(!success);
    assert!(
        err.contains(&format!("bundle layout {}", BUNDLE_VERSION + 1))
            && err.contains("update the home first"),
        "{err}"
    );
    assert_eq!(dump_file(&h.join("home.db")), before);
}

#[test]
fn a_newer_home_takes_an_older_desks_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    let bundle = home_and_station(h);
    // Schema 5 wrote the first signed bundles (layout 2): a desk that never updated since.
    declare(&bundle, &h.join("hf.db"), 5);
    common::approve_cli(h, "home.db", "hf.db");
    let said = ok(
        h,
        &[
            "--lang",
            "en",
            "--db",
            "home.db",
            "--today",
            "2026-11-18",
            "bundle",
            "import",
            &bundle.to_string_lossy(),
        ],
    );
    assert!(said.contains("1 new case"), "{said}");
    assert_eq!(common::case_numbers(h, "home.db"), ["HF-20261117-001"]);
    ok(h, &["--db", "home.db", "check"]);
}

#[test]
fn an_older_station_refuses_a_newer_homes_bundle_and_says_to_update_itself() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    home_and_station(h);
    let out = ok(
        h,
        &[
            "--db",
            "home.db",
            "--today",
            "2026-11-18",
            "bundle",
            "export",
            "--out",
            "down",
        ],
    );
    let reference = written_bundle(h, out.as_bytes());
    declare(&reference, &h.join("home.db"), SCHEMA_VERSION + 1);
    let before = dump_file(&h.join("hf.db"));
    let (success, _, err) = run(
        h,
        &[
            "--db",
            "hf.db",
            "--today",
            "2026-11-18",
            "bundle",
            "import",
            &reference.to_string_lossy(),
        ],
    );
    assert!(!success);
    assert!(
        err.contains("update liaison on this desk") && !err.contains("update the home first"),
        "{err}"
    );
    assert_eq!(dump_file(&h.join("hf.db")), before);
}

#[test]
fn an_older_program_refuses_a_newer_database_and_leaves_it_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    ok(
        h,
        &[
            "--db",
            "hf.db",
            "--today",
            "2026-11-17",
            "init",
            "--station",
            "HF",
        ],
    );
    ok(
        h,
        &[
            "--db",
            "hf.db",
            "--today",
            "2026-11-17",
            "case",
            "add",
            "--content",
            "路灯坏了",
        ],
    );
    // As a newer release leaves it: one migration further.
    let conn = rusqlite::Connection::open(h.join("hf.db")).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    conn.execute_batch("CREATE TABLE from_the_future (x); PRAGMA journal_mode = DELETE;")
        .unwrap();
    drop(conn);
    let newer = std::fs::read(h.join("hf.db")).unwrap();
    ok(
        h,
        &[
            "--db",
            "current.db",
            "--today",
            "2026-11-17",
            "init",
            "--station",
            "HF",
        ],
    );
    let current = dump_file(&h.join("current.db"));
    for args in [
        vec!["--db", "hf.db", "check"],
        vec!["--db", "hf.db", "cases"],
        vec![
            "--db",
            "hf.db",
            "--today",
            "2026-11-18",
            "case",
            "add",
            "--content",
            "x",
        ],
        vec!["--db", "hf.db", "backup", "copy.db"],
        vec!["--db", "hf.db", "bundle", "export", "--out", "usb"],
        // The terminal UI refuses before it takes the terminal.
        vec!["--db", "hf.db"],
        // A newer backup is not restored over this desk's file either.
        vec!["--db", "current.db", "restore", "hf.db", "--yes"],
    ] {
        let args = [&["--lang", "en"][..], &args].concat();
        let (success, out, err) = run(h, &args);
        assert!(!success, "{args:?}: {out}");
        assert!(
            err.contains("written by a newer liaison")
                && err.contains(&format!("schema {}", SCHEMA_VERSION + 1))
                && err.contains("update liaison"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(std::fs::read(h.join("hf.db")).unwrap(), newer);
    assert!(!h.join("hf.db-wal").exists() && !h.join("copy.db").exists());
    assert_eq!(dump_file(&h.join("current.db")), current);
}

#[test]
fn the_version_names_the_schema_and_bundle_layout_it_writes() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(dir.path(), &["--version"]);
    assert!(
        out.starts_with(&format!("liaison {} (", env!("CARGO_PKG_VERSION"))),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "schema {SCHEMA_VERSION}, bundle layout {})",
            liaison::bundle::BUNDLE_VERSION
        )),
        "{out}"
    );
    // A test build is not a release: it says so rather than name a commit it cannot know.
    assert!(
        out.contains("development build") || out.contains("commit "),
        "{out}"
    );
}
