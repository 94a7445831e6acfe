//! Shared set-up for the integration tests: a private temporary database per test.
#![allow(dead_code)]

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use liaison::assets;
use liaison::store::{NewCase, Store};
use tempfile::TempDir;

pub struct TestDb {
    pub dir: TempDir,
    pub path: PathBuf,
    pub store: Store,
}

pub fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

/// A fresh database set up for `station`.
pub fn initialised(station: &str) -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("liaison.db");
    let mut store = Store::open_or_create(&path).unwrap();
    store
        .initialise(
            station,
            &assets::network(),
            &assets::taxonomy(),
            &assets::holiday_notices(),
            at("2026-11-01 08:00"),
        )
        .unwrap();
    TestDb { dir, path, store }
}

pub fn intake(content: &str) -> NewCase {
    NewCase {
        content: content.to_string(),
        name: "王小红".into(),
        phone: "13812345678".into(),
        address: "和风雅苑3幢201室".into(),
        ..NewCase::default()
    }
}

/// Everything in the file that a write could change, for "nothing was written" checks.
pub fn snapshot(store: &Store) -> String {
    let conn = store.connection();
    let mut out = String::new();
    for table in [
        "cases",
        "residents",
        "case_events",
        "roster",
        "holidays",
        "meta",
    ] {
        let sql = format!("SELECT * FROM {table} ORDER BY 1");
        let mut stmt = conn.prepare(&sql).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut line = String::new();
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    line.push_str(&format!("{v:?}|"));
                }
                Ok(line)
            })
            .unwrap();
        for row in rows {
            out.push_str(&row.unwrap());
            out.push('\n');
        }
    }
    out
}

/// The real binary, isolated: its data and config directories inside `home`, no
/// `LIAISON_*` settings inherited from whoever runs the tests.
pub fn liaison(home: &std::path::Path) -> assert_cmd::Command {
    assert_cmd::Command::from_std(liaison_process(home))
}

/// [`liaison`] as a plain process, for the tests that start it and kill it.
pub fn liaison_process(home: &std::path::Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_liaison"));
    for var in [
        "LIAISON_DB",
        "LIAISON_TODAY",
        "LIAISON_LANG",
        "LIAISON_OPERATOR",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("HOME", home)
        .env("LIAISON_CONFIG", home.join("config.toml"))
        .current_dir(home);
    cmd
}
/// Every case number in `db` (under `home`), as `cases --json` lists them, sorted.
pub fn case_numbers(home: &std::path::Path, db: &str) -> Vec<String> {
    let out = liaison(home)
        .args(["--db", db, "cases", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut numbers: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["number"].as_str().unwrap().to_string()
        })
        .collect();
    numbers.sort();
    numbers
}

/// Re-seals a bundle after its files were edited or added: new checksums and line counts in
/// the manifest, which names `key` as the signer's and is signed again with it. What someone holding a desk's file (and so its key)
/// could do: the home must then judge the lines themselves.
pub fn reseal(bundle: &std::path::Path, key: &liaison::bundle::sign::SigningKey) {
    use liaison::bundle::Manifest;
    use liaison::bundle::files::sha256_hex;
    let path = bundle.join("manifest.json");
    let mut m: Manifest = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    m.signer.key = liaison::domain::digest::hex(&key.verifying_key().to_bytes());
    let listed: Vec<String> = std::fs::read_dir(bundle)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "manifest.json")
        .collect();
    for name in listed {
        m.files.entry(name).or_default();
    }
    for (name, hash) in m.files.iter_mut() {
        let bytes = std::fs::read(bundle.join(name)).unwrap();
        *hash = sha256_hex(&bytes);
        m.counts.insert(
            name.clone(),
            String::from_utf8_lossy(&bytes).lines().count() as u64,
        );
        m.sizes.insert(name.clone(), bytes.len() as u64);
    }
    liaison::bundle::sign::sign(&mut m, key);
    std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
}

/// Every table of a database, row by row: for "nothing was written" at the file level.
pub fn dump_file(db: &std::path::Path) -> String {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)
            .unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for t in tables {
        out.push_str(&format!("## {t}\n"));
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap();
        for row in rows {
            out.push_str(&row.unwrap());
            out.push('\n');
        }
    }
    out
}

/// The fingerprint a desk shows (`liaison desk`), as the home types it to approve the desk.
pub fn fingerprint(store: &Store) -> liaison::domain::fingerprint::Fingerprint {
    liaison::domain::fingerprint::Fingerprint::of(&store.desk_identity().unwrap().public_key)
}

/// The fingerprint of the desk whose database is `db`, as its `liaison desk` shows it.
pub fn fingerprint_of(db: &std::path::Path) -> String {
    fingerprint(&Store::open(db).unwrap()).to_string()
}

/// The home approves `desk` by the fingerprint it shows, as on the phone.
pub fn approve(home: &mut Store, desk: &Store) {
    let me = desk.desk_identity().unwrap();
    liaison::bundle::trust::approve(
        home,
        &me.station,
        me.number,
        &fingerprint(desk),
        "test",
        at("2026-01-01 08:00"),
    )
    .unwrap();
}

/// A station's desk trusts its home by the fingerprint the home shows.
pub fn trust_home(station: &mut Store, home: &Store) {
    liaison::bundle::trust::trust_home(station, &fingerprint(home), "test", at("2026-01-01 08:00"))
        .unwrap();
}

/// Through the binary: the home (database `home_db` under `h`) approves the desk whose
/// database is `desk_db`, typing the fingerprint that desk shows.
pub fn approve_cli(h: &std::path::Path, home_db: &str, desk_db: &str) -> String {
    let store = Store::open(&h.join(desk_db)).unwrap();
    let me = store.desk_identity().unwrap();
    let fp = fingerprint(&store).to_string();
    drop(store);
    let out = liaison(h)
        .args([
            "--lang",
            "en",
            "--db",
            home_db,
            "desk",
            "approve",
            &me.station,
            &me.number.to_string(),
            "--fingerprint",
            &fp,
        ])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "approve {desk_db}: {said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    said
}

/// Through the binary: the station desk `desk_db` trusts the home `home_db` by the
/// fingerprint the home shows.
pub fn trust_home_cli(h: &std::path::Path, desk_db: &str, home_db: &str) -> String {
    let fp = fingerprint_of(&h.join(home_db));
    let out = liaison(h)
        .args([
            "--lang",
            "en",
            "--db",
            desk_db,
            "desk",
            "trust-home",
            "--fingerprint",
            &fp,
        ])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "trust-home {desk_db}: {said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    said
}

/// The signing key of the desk whose database is `db`.
pub fn desk_key(db: &std::path::Path) -> liaison::bundle::sign::SigningKey {
    Store::open(db).unwrap().signing_key().unwrap()
}

/// The bundle a `bundle export` run wrote, from its output (`已写出 DIR/NAME`, or
/// `wrote DIR/NAME` under `--lang en`).
pub fn written_bundle(home: &std::path::Path, stdout: &[u8]) -> PathBuf {
    let text = String::from_utf8_lossy(stdout);
    let path = text
        .lines()
        .find_map(|l| {
            l.strip_prefix("已写出 ")
                .or_else(|| l.strip_prefix("wrote "))
        })
        .unwrap_or_else(|| panic!("no bundle written: {text}"));
    home.join(path.split(['（', ' ']).next().unwrap())
}

pub mod pty;
pub mod served;
pub mod tui;

/// Every case of the database `db` in the private home, as `cases --json` prints them.
pub fn cases_json(home: &std::path::Path, db: &str, today: &str) -> Vec<serde_json::Value> {
    let out = liaison(home)
        .args(["--db", db, "--today", today, "cases", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The files directly in `dir` (the database, its log, backups beside it) holding `needle`
/// anywhere in their bytes, by name.
pub fn files_holding(dir: &std::path::Path, needle: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .filter(|p| {
            std::fs::read(p)
                .unwrap()
                .windows(needle.len())
                .any(|w| w == needle.as_bytes())
        })
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}
