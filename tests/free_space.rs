//! What is deleted leaves no readable copy in the file's free space: every connection
//! deletes with SQLite's `secure_delete` on, so a purge need not rewrite a file this program
//! wrote from its start. A file an older program wrote (with it off) may still hold stale
//! copies in its free space: its first purge rewrites it (`VACUUM`) and only then marks it
//! clean (the `free_space` table).

mod common;

use std::path::Path;

use chrono::Duration;
use common::{at, files_holding, liaison};
use liaison::assets;
use liaison::domain::event::{Classification, EventBody};
use liaison::store::{NewCase, Store};

/// A number nobody types into a case: only the "older program" below writes it.
const STALE: &str = "13955550123";

fn clean(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT clean FROM free_space", [], |r| r.get(0))
        .unwrap()
}

/// A desk file with `n` cases answered on the spot in October (finished, so purgeable).
fn desk_with_finished_cases(db: &Path, n: usize) {
    let mut hf = Store::open_or_create(db).unwrap();
    hf.initialise(
        "HF",
        &assets::network(),
        &assets::taxonomy(),
        &assets::holiday_notices(),
        at("2026-09-01 08:00"),
    )
    .unwrap();
    for i in 0..n {
        let when = at("2026-10-12 08:30") + Duration::minutes(i as i64);
        let case = hf
            .register(
                &NewCase {
                    content: format!("楼道灯坏了，第{i}件"),
                    name: format!("居民{i}"),
                    phone: format!("1391234{i:04}"),
                    ..NewCase::default()
                },
                "小王",
                when,
            )
            .unwrap()
            .case;
        let answer = EventBody::Answered {
            class: Classification {
                category: Some("03".into()),
                nature: None,
            },
            answer: "已当场答复".into(),
        };
        hf.record(case.id, vec![answer], "小王", when + Duration::minutes(5))
            .unwrap();
    }
}

fn purge(h: &Path) -> String {
    let out = liaison(h)
        .args([
            "--db",
            "hf.db",
            "--today",
            "2026-11-17",
            "--lang",
            "en",
            "purge",
            "--before",
            "2026-11-01",
            "--yes",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_new_file_is_clean_and_a_migrated_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new.db");
    desk_with_finished_cases(&new, 1);
    assert_eq!(clean(&new), 1);
    let old = dir.path().join("old.db");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-15/hf.db"),
        &old,
    )
    .unwrap();
    drop(Store::open(&old).unwrap());
    assert_eq!(
        clean(&old),
        0,
        "written by a program with secure_delete off"
    );
}

#[test]
fn stale_copies_an_older_program_left_in_free_space_leave_with_the_first_purge() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    let db = h.join("hf.db");
    desk_with_finished_cases(&db, 20);
    {
        // As an older program wrote: a row deleted with secure_delete off leaves its bytes in
        // the file's free space, and the file is not known clean.
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "secure_delete", "OFF").unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE older_program (t TEXT);
             INSERT INTO older_program VALUES ('{}');
             DROP TABLE older_program;
             UPDATE free_space SET clean = 0;
             PRAGMA wal_checkpoint(TRUNCATE);",
            format!("回访电话{STALE}；").repeat(400)
        ))
        .unwrap();
    }
    assert_eq!(
        files_holding(h, STALE),
        ["hf.db"],
        "the stale copy is in the file before the purge"
    );

    let said = purge(h);
    assert!(
        said.contains("erased the personal data of 20 cases"),
        "{said}"
    );
    assert!(files_holding(h, STALE).is_empty(), "rewritten: {said}");
    assert!(files_holding(h, "13912340007").is_empty());
    assert_eq!(clean(&db), 1, "marked clean once rewritten");
}

#[test]
fn on_a_clean_file_what_was_overwritten_before_the_purge_is_gone_without_a_rewrite() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    let db = h.join("hf.db");
    desk_with_finished_cases(&db, 20);
    // The program itself overwrote a phone before the purge (a correction): the old
    // value's cell in the case's row was zeroed then, not at the purge.
    let out = liaison(h)
        .args(["--db", "hf.db", "--today", "2026-10-13", "--lang", "en"])
        .args(["case", "correct", "HF-20261012-001", "--phone", STALE])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(clean(&db), 1);
    let pages_before = page_count(&db);
    let said = purge(h);
    assert!(
        said.contains("erased the personal data of 20 cases"),
        "{said}"
    );
    assert!(files_holding(h, STALE).is_empty(), "{said}");
    assert!(files_holding(h, "1391234").is_empty());
    assert!(
        page_count(&db) >= pages_before,
        "not rewritten: a clean file keeps its pages for what comes next"
    );
}

fn page_count(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap()
}
