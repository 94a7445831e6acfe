//! A station's history imported at the home from the stick, in batches, ends as the same
//! history imported whole (the bundle kept aside while the desk waited for approval, then
//! applied from the store).

mod common;

use common::{liaison, written_bundle};

/// What the home holds of the station's cases and of its desk.
fn holdings(db: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let queries = [
        "SELECT * FROM cases ORDER BY id",
        "SELECT id, case_id, at, actor, kind, payload, epoch, desk_seq, hex(digest) FROM case_events ORDER BY id",
        "SELECT * FROM residents ORDER BY case_id",
        "SELECT id, case_id, kind, payload, reason, hex(digest) FROM held_events ORDER BY id",
        "SELECT * FROM roster ORDER BY 1, 2, 3",
        "SELECT * FROM activities ORDER BY id",
        "SELECT epoch, applied FROM desk_progress p JOIN desks d ON d.id = p.desk WHERE d.station = 'HF'",
    ];
    let mut out = Vec::new();
    for q in queries {
        let mut stmt = conn.prepare(q).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
        out.push(format!("-- {q}"));
    }
    out
}

#[test]
fn a_history_imported_in_batches_is_the_history_imported_whole() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let run = |db: &str, today: &str, args: &[&str]| {
        let mut all = vec!["--lang", "en", "--db", db, "--today", today];
        all.extend_from_slice(args);
        liaison(h).args(&all).assert()
    };
    // About 6,000 events: several batches.
    run("HF.db", "2026-11-17", &["demo", "--cases", "1500"]).success();
    let out = run(
        "HF.db",
        "2026-11-18",
        &["bundle", "export", "--all", "--out", "usb"],
    )
    .success();
    let bundle = written_bundle(h, &out.get_output().stdout);
    let bundle = bundle.to_str().unwrap();
    let lines = std::fs::read_to_string(std::path::Path::new(bundle).join("events.jsonl"))
        .unwrap()
        .lines()
        .count();
    assert!(lines > 3 * 2_000, "{lines} events");
    for db in ["batches.db", "whole.db"] {
        run(db, "2026-11-01", &["init", "--station", "XA"]).success();
    }

    common::approve_cli(h, "batches.db", "HF.db");
    run("batches.db", "2026-11-18", &["bundle", "import", bundle]).success();

    // Not approved yet: the bundle waits in the store, and goes in whole once approved.
    run("whole.db", "2026-11-18", &["bundle", "import", bundle])
        .failure()
        .stdout(predicates::str::contains("waits for approval"));
    assert!(common::case_numbers(h, "whole.db").is_empty());
    common::approve_cli(h, "whole.db", "HF.db");

    let batches = holdings(&h.join("batches.db"));
    let whole = holdings(&h.join("whole.db"));
    assert!(batches.len() > lines, "{} rows", batches.len());
    assert_eq!(batches, whole);
    run("batches.db", "2026-11-18", &["check"]).success();
}
