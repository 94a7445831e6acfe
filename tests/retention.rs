//! `liaison purge --before DATE`: residents' personal data leaves the file for good, and
//! nothing the statistics use changes.

mod common;

use std::path::Path;

use common::liaison;
use predicates::prelude::*;
use rusqlite::Connection;

const TODAY: &str = "2026-11-17";

fn run(home: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    let mut all = vec!["--db", "d.db", "--today", TODAY];
    all.extend_from_slice(args);
    liaison(home).args(&all).assert()
}

fn stdout(home: &Path, args: &[&str]) -> String {
    String::from_utf8(run(home, args).success().get_output().stdout.clone()).unwrap()
}

/// Every file of a CSV report pack, by name. The ledger's personal columns (姓名, 电话,
/// 住址) are left out: erasing them is the point; every other cell must stay.
fn report_pack(home: &Path, month: &str, dir: &str) -> Vec<(String, String)> {
    run(
        home,
        &["report", "--month", month, "--format", "csv", "--out", dir],
    )
    .success();
    let mut files: Vec<_> = std::fs::read_dir(home.join(dir))
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let mut text = std::fs::read_to_string(e.path()).unwrap();
            if name == "ledger.csv" {
                let records =
                    liaison::formats::csv::parse(text.trim_start_matches('\u{feff}')).unwrap();
                assert_eq!(records[0].1[4..7], ["姓名", "电话", "住址"]);
                text = records
                    .iter()
                    .map(|r| {
                        let kept: Vec<&str> =
                            r.1.iter()
                                .enumerate()
                                .filter(|(i, _)| !(4..7).contains(i))
                                .map(|(_, v)| v.as_str())
                                .collect();
                        kept.join("|")
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
            }
            (name, text)
        })
        .collect();
    files.sort();
    files
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// A phone all of whose cases are finished before the cut-off, and one of an open case.
fn phones(db: &Path, before: &str) -> (String, String) {
    let conn = Connection::open(db).unwrap();
    let purged: String = conn
        .query_row(
            "SELECT r.phone FROM residents r JOIN cases c ON c.id = r.case_id \
             WHERE r.phone IS NOT NULL GROUP BY r.phone \
             HAVING max(c.status IN ('answered', 'declined', 'closed') AND c.closed_at < ?1) = 1 \
                AND min(c.status IN ('answered', 'declined', 'closed') AND c.closed_at < ?1) = 1 \
             LIMIT 1",
            [before],
            |r| r.get(0),
        )
        .unwrap();
    let kept: String = conn
        .query_row(
            "SELECT r.phone FROM residents r JOIN cases c ON c.id = r.case_id \
             WHERE r.phone IS NOT NULL AND c.status IN ('assigned', 'forwarded') LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    (purged, kept)
}

fn personal_left(db: &Path, before: &str) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM residents r JOIN cases c ON c.id = r.case_id \
             WHERE c.status IN ('answered', 'declined', 'closed') AND c.closed_at < ?1 \
               AND (r.name IS NOT NULL OR r.phone IS NOT NULL)",
            [before],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn purge_erases_personal_data_for_good_and_keeps_every_figure() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let db = h.join("d.db");
    run(h, &["demo", "--cases", "1500"]).success();
    let before = "2025-01-01";
    let (gone, kept) = phones(&db, before);
    let reports_before = report_pack(h, "2024-06", "before");
    let recurring_before = stdout(h, &["recurring", "--months", "36", "--json"]);
    assert!(personal_left(&db, before) > 100);
    let raw_file = || {
        let mut raw = std::fs::read(&db).unwrap();
        raw.extend(std::fs::read(h.join("d.db-wal")).unwrap_or_default());
        raw
    };
    assert!(contains(&raw_file(), &gone));

    // Not confirmed: refused, nothing changed.
    run(h, &["--lang", "en", "purge", "--before", before])
        .failure()
        .stderr(predicate::str::contains("add --yes"));
    assert!(personal_left(&db, before) > 100);

    // The cut-off must have come.
    run(
        h,
        &["--lang", "en", "purge", "--before", "2026-11-18", "--yes"],
    )
    .failure()
    .stderr(predicate::str::contains("after today"));

    let out = stdout(h, &["--lang", "en", "purge", "--before", before, "--yes"]);
    assert!(out.contains("erased the personal data of"), "{out}");
    assert_eq!(personal_left(&db, before), 0);

    // The bytes are gone from the file and its write-ahead log, not only from the rows.
    let raw = raw_file();
    assert!(!contains(&raw, &gone), "{gone} still in the file");
    assert!(contains(&raw, &kept), "an open case's phone must stay");

    // Statistics, ledgers and recurring places are what they were.
    assert_eq!(report_pack(h, "2024-06", "after"), reports_before);
    assert_eq!(
        stdout(h, &["recurring", "--months", "36", "--json"]),
        recurring_before
    );
    run(h, &["check"])
        .success()
        .stdout(predicate::str::contains("OK"));

    // The open case still finds its resident; the purged one does not.
    let found = stdout(h, &["search", &kept[7..], "--json"]);
    assert!(!found.trim().is_empty());
    let found = stdout(h, &["search", &gone, "--json"]);
    assert!(found.trim().is_empty(), "{found}");

    // Running it again has nothing left to do.
    run(h, &["--lang", "en", "purge", "--before", before, "--yes"])
        .success()
        .stdout(predicate::str::contains("no finished case"));
}

#[test]
fn a_purged_case_shows_its_purge_and_keeps_its_substance() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let run = |today: &str, args: &[&str]| {
        let mut all = vec!["--db", "x.db", "--today", today];
        all.extend_from_slice(args);
        liaison(h).args(&all).assert()
    };
    run("2026-10-01", &["init", "--station", "HF"]).success();
    let add = |content: &str| {
        let out = run(
            "2026-10-13",
            &[
                "case",
                "add",
                "--content",
                content,
                "--name",
                "王小红",
                "--phone",
                "13812345678",
                "--address",
                "和风雅苑3幢201室",
            ],
        )
        .success();
        String::from_utf8(out.get_output().stdout.clone())
            .unwrap()
            .trim()
            .to_string()
    };
    let answered = add("社保卡怎么补办");
    let open = add("路灯坏了");
    run(
        "2026-10-13",
        &[
            "case",
            "classify",
            &answered,
            "--category",
            "07",
            "--nature",
            "consult",
            "--level",
            "on_site",
            "--note",
            "到社保窗口补办",
        ],
    )
    .success();
    run(
        "2026-11-26",
        &["--lang", "en", "purge", "--before", "2026-11-01", "--yes"],
    )
    .success()
    .stdout(predicate::str::contains("of 1 case from"));
    let show = |n: &str| {
        let out = run("2026-11-26", &["case", "show", n, "--json"]).success();
        serde_json::from_slice::<serde_json::Value>(&out.get_output().stdout).unwrap()
    };
    let purged = show(&answered);
    assert_eq!(purged["resident"]["name"], serde_json::Value::Null);
    assert_eq!(purged["resident"]["phone"], serde_json::Value::Null);
    assert_eq!(purged["resident"]["address"], "和风雅苑");
    assert_eq!(purged["content"], "社保卡怎么补办");
    assert_eq!(purged["status"], "answered");
    let open = show(&open);
    assert_eq!(open["resident"]["name"], "王小红");
}

#[test]
fn a_stations_purge_reaches_the_homes_copy() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    std::fs::create_dir(h.join("usb")).unwrap();
    let run = |db: &str, today: &str, args: &[&str]| {
        let mut all = vec!["--db", db, "--today", today];
        all.extend_from_slice(args);
        liaison(h).args(&all).assert()
    };
    run("home.db", "2026-10-01", &["init", "--station", "XA"]).success();
    run("hf.db", "2026-10-01", &["init", "--station", "HF"]).success();
    let out = run(
        "hf.db",
        "2026-10-13",
        &[
            "case",
            "add",
            "--content",
            "灵活就业怎么交社保",
            "--name",
            "王小红",
            "--phone",
            "13812345678",
        ],
    )
    .success();
    let number = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    run(
        "hf.db",
        "2026-10-13",
        &[
            "case",
            "classify",
            number.trim(),
            "--category",
            "07",
            "--nature",
            "consult",
            "--level",
            "on_site",
            "--note",
            "社保窗口办理",
        ],
    )
    .success();
    let import_all = |today: &str| {
        run("hf.db", today, &["bundle", "export", "--out", "usb"]).success();
        let mut bundles: Vec<_> = std::fs::read_dir(h.join("usb"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        bundles.sort();
        let last = bundles.last().unwrap().to_string_lossy().into_owned();
        run("home.db", today, &["bundle", "import", &last]).success();
    };
    import_all("2026-10-13");
    let phone_at_home = || -> Option<String> {
        Connection::open(h.join("home.db"))
            .unwrap()
            .query_row("SELECT phone FROM residents", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(phone_at_home().as_deref(), Some("13812345678"));
    run(
        "hf.db",
        "2026-11-26",
        &["--lang", "en", "purge", "--before", "2026-11-01", "--yes"],
    )
    .success();
    import_all("2026-11-26");
    assert_eq!(phone_at_home(), None);
    run("home.db", "2026-11-26", &["check"]).success();
}

#[test]
fn a_purge_takes_the_residents_out_of_the_search_index() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let db = h.join("d.db");
    run(h, &["demo", "--cases", "1500"]).success();
    let before = "2025-01-01";
    let (row, name, address): (i64, String, String) = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT c.rowid, r.name, r.address FROM residents r JOIN cases c ON c.id = r.case_id \
             WHERE c.status IN ('answered', 'declined', 'closed') AND c.closed_at < ?1 \
               AND r.name IS NOT NULL AND r.address IS NOT NULL \
             ORDER BY c.rowid LIMIT 1",
            [before],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    // Whether the index itself (not the rows, nor the cases waiting to be indexed) holds
    // the word for that case.
    let indexed = |word: &str| -> bool {
        let query = liaison::domain::search_terms::words_query([word]).unwrap();
        Connection::open(&db)
            .unwrap()
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM case_search WHERE case_search MATCH ?1 AND rowid = ?2)",
                rusqlite::params![query, row],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert!(indexed(&name), "{name} is in the index before the purge");
    assert!(
        indexed(&address),
        "{address} is in the index before the purge"
    );

    run(h, &["--lang", "en", "purge", "--before", before, "--yes"]).success();

    assert!(!indexed(&name), "{name} is still in the index");
    assert!(!indexed(&address), "{address} is still in the index");
    let pending: i64 = Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM case_search_pending", [], |r| r.get(0))
        .unwrap();
    assert_eq!(pending, 0, "the purge leaves the index in step");
}
