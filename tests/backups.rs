//! Daily backups (written once a day, the last 14 kept) and `liaison restore`.

mod common;

use std::path::Path;
use std::time::Duration;

use common::liaison;
use common::pty::{F10, Session};
use predicates::prelude::*;

/// Runs the binary in English: these tests read what it says.
fn run(home: &Path, today: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    let mut all = vec!["--lang", "en", "--db", "desk.db", "--today", today];
    all.extend_from_slice(args);
    liaison(home).args(&all).assert()
}

fn add(home: &Path, today: &str, content: &str) -> String {
    let out = run(
        home,
        today,
        &[
            "case",
            "add",
            "--content",
            content,
            "--phone",
            "13812345678",
        ],
    )
    .success();
    String::from_utf8(out.get_output().stdout.clone())
        .unwrap()
        .trim()
        .to_string()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_daily_backup_is_written_once_and_the_last_fourteen_kept() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    run(h, "2026-11-01", &["init", "--station", "HF"]).success();
    add(h, "2026-11-01", "路灯坏了");
    let backups = h.join("backups");
    std::fs::create_dir(&backups).unwrap();
    // Twenty older daily backups, and files that only look like them.
    for day in 1..=20 {
        let name = format!("backups/desk-2026-10-{day:02}.db");
        run(h, "2026-11-01", &["backup", &name]).success();
    }
    for other in [
        "notes.txt",
        "desk-2026-10-01.db.partial-7",
        "other-2026-10-02.db",
    ] {
        std::fs::write(backups.join(other), "keep me").unwrap();
    }

    run(h, "2026-11-02", &["backup", "--auto"])
        .success()
        .stdout(predicate::str::contains("backups/desk-2026-11-02.db"))
        .stdout(predicate::str::contains("deleted the old backup").count(7));
    run(h, "2026-11-02", &["backup", "--auto"])
        .success()
        .stdout(predicate::str::contains("today's backup exists"));

    let mut expected: Vec<String> = (8..=20)
        .map(|d| format!("desk-2026-10-{d:02}.db"))
        .chain(["desk-2026-11-02.db".to_string()])
        .chain(
            [
                "notes.txt",
                "desk-2026-10-01.db.partial-7",
                "other-2026-10-02.db",
            ]
            .map(String::from),
        )
        .collect();
    expected.sort();
    assert_eq!(names_in(&backups), expected);

    // The copy is a sound database with today's case in it.
    liaison(h)
        .args(["--db", "backups/desk-2026-11-02.db", "cases", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("路灯坏了"));
    // Listed newest first.
    let listing = run(h, "2026-11-02", &["restore"]).success();
    let listing = String::from_utf8(listing.get_output().stdout.clone()).unwrap();
    assert!(listing.starts_with("2026-11-02"), "{listing}");
}

#[test]
fn restore_keeps_the_current_file_aside_and_names_what_came_after() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    run(h, "2026-11-01", &["init", "--station", "HF"]).success();
    let first = add(h, "2026-11-17", "路灯坏了");
    run(h, "2026-11-17", &["backup", "--auto"]).success();
    let later = add(h, "2026-11-18", "垃圾没人清");
    run(
        h,
        "2026-11-18",
        &["case", "note", &first, "--text", "已联系物业"],
    )
    .success();
    let backup = "backups/desk-2026-11-17.db";

    // Without a terminal and without --yes: refused, nothing changed.
    run(h, "2026-11-18", &["restore", backup])
        .failure()
        .stderr(predicate::str::contains("add --yes"));
    run(h, "2026-11-18", &["cases"])
        .success()
        .stdout(predicate::str::contains(&later));

    // Not a backup, a missing file, another station's file: refused, nothing changed.
    std::fs::write(h.join("junk.db"), "not a database at all").unwrap();
    run(h, "2026-11-18", &["restore", "junk.db", "--yes"])
        .failure()
        .stderr(predicate::str::contains("not a liaison database"));
    run(h, "2026-11-18", &["restore", "nowhere.db", "--yes"])
        .failure()
        .stderr(predicate::str::contains("no backup file"));
    liaison(h)
        .args(["--db", "other.db", "init", "--station", "DZ"])
        .assert()
        .success();
    run(h, "2026-11-18", &["restore", "other.db", "--yes"])
        .failure()
        .stderr(
            predicate::str::contains("station DZ")
                .and(predicate::str::contains("nothing was changed")),
        );
    // A backup whose rows differ from their log, and one cut short: refused as backups,
    // nothing changed.
    std::fs::copy(h.join(backup), h.join("tampered.db")).unwrap();
    rusqlite::Connection::open(h.join("tampered.db"))
        .unwrap()
        .execute("UPDATE cases SET content = '改过的内容'", [])
        .unwrap();
    run(h, "2026-11-18", &["restore", "tampered.db", "--yes"])
        .failure()
        .stderr(
            predicate::str::contains("the backup tampered.db cannot be used: it fails its check")
                .and(predicate::str::contains("nothing was changed")),
        );
    let whole = std::fs::read(h.join(backup)).unwrap();
    std::fs::write(h.join("cut.db"), &whole[..whole.len() / 2]).unwrap();
    run(h, "2026-11-18", &["restore", "cut.db", "--yes"])
        .failure()
        .stderr(predicate::str::contains("the backup cut.db cannot be used"));
    // The database itself, by its name or another: refused before anything is asked.
    for itself in ["desk.db", "./desk.db"] {
        run(h, "2026-11-18", &["restore", itself, "--yes"])
            .failure()
            .stderr(
                predicate::str::contains("is this database itself")
                    .and(predicate::str::contains("nothing was changed")),
            );
    }
    assert!(!names_in(h).iter().any(|n| n.contains("before-restore")));

    let out = run(h, "2026-11-18", &["restore", backup, "--yes"]).success();
    let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains(&format!(
            "registered after the backup, only in the file kept aside: {later}"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "changed after the backup, only in the file kept aside: {first}"
        )),
        "{out}"
    );
    assert!(out.contains("check: OK"), "{out}");

    // The restored file is the backup's contents; the aside file holds what came after.
    let cases = run(h, "2026-11-18", &["cases", "--json"]).success();
    let cases = String::from_utf8(cases.get_output().stdout.clone()).unwrap();
    assert!(cases.contains(&first) && !cases.contains(&later));
    let aside = names_in(h)
        .into_iter()
        .find(|n| n.starts_with("desk-before-restore-"))
        .expect("the current contents kept aside");
    liaison(h)
        .args(["--db", &aside, "cases"])
        .assert()
        .success()
        .stdout(predicate::str::contains(&later));
    // Work goes on in the restored file.
    add(h, "2026-11-18", "恢复后登记");
    run(h, "2026-11-18", &["check"]).success();
    // Two restores in one second keep two files aside, under two names.
    run(h, "2026-11-18", &["restore", backup, "--yes"]).success();
    run(h, "2026-11-18", &["restore", backup, "--yes"]).success();
    let aside = names_in(h)
        .into_iter()
        .filter(|n| n.starts_with("desk-before-restore-"))
        .count();
    assert_eq!(aside, 3);
}

#[test]
fn the_terminal_ui_backs_up_on_its_first_start_of_the_day() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    run(h, "2026-11-01", &["init", "--station", "HF"]).success();
    let mut s = Session::start(
        h,
        &["--db", "desk.db", "--today", "2026-11-17", "--lang", "en"],
        100,
        30,
    );
    s.wait_text("today's backup written to desk-2026-11-17.db");
    s.send(F10);
    assert!(s.wait_exit(Duration::from_secs(5)));
    assert!(h.join("backups/desk-2026-11-17.db").is_file());

    // The second start the same day finds the copy there and only reports the check.
    let mut s = Session::start(
        h,
        &["--db", "desk.db", "--today", "2026-11-17", "--lang", "en"],
        100,
        30,
    );
    s.wait_text("file check ok");
    s.send(F10);
    assert!(s.wait_exit(Duration::from_secs(5)));
    assert_eq!(names_in(&h.join("backups")), ["desk-2026-11-17.db"]);
}

#[test]
fn a_stopped_backup_leaves_nothing_and_old_half_copies_are_cleared() {
    use liaison::store::{backup_unless_stopped, daily_backup};
    let db = common::initialised("HF");
    let dir = db.dir.path();
    // Stopped at the first step: an error, and neither the copy nor its partial file.
    let dest = dir.join("copy.db");
    assert!(backup_unless_stopped(&db.store, &dest, &|| true).is_err());
    assert_eq!(
        names_in(dir),
        ["liaison.db", "liaison.db-shm", "liaison.db-wal"]
    );

    // A killed desk's half copy from yesterday goes; one being written right now stays.
    let backups = dir.join("backups");
    std::fs::create_dir(&backups).unwrap();
    let stale = backups.join("liaison-2026-11-16.db.partial-4242");
    let fresh = backups.join("liaison-2026-11-17.db.partial-4343");
    let unrelated = backups.join("notes.partial-1");
    for f in [&stale, &fresh, &unrelated] {
        std::fs::write(f, "half").unwrap();
    }
    let yesterday = std::time::SystemTime::now() - Duration::from_secs(24 * 3600);
    for f in [&stale, &unrelated] {
        std::fs::File::options()
            .write(true)
            .open(f)
            .unwrap()
            .set_modified(yesterday)
            .unwrap();
    }
    daily_backup(&db.store, common::date("2026-11-17"), &|| false).unwrap();
    assert_eq!(
        names_in(&backups),
        [
            "liaison-2026-11-17.db",
            "liaison-2026-11-17.db.partial-4343",
            "notes.partial-1"
        ]
    );
}

#[test]
fn start_up_checks_back_up_real_files_but_not_demo_ones() {
    use liaison::tui::housekeeping::{Backup, run};
    let db = common::initialised("HF");
    let found = run(db.path.clone(), common::date("2026-11-17"));
    assert_eq!(found.check, Ok(()));
    assert!(
        matches!(found.backup, Some(Ok(Backup::Written(_)))),
        "{found:?}"
    );
    let again = run(db.path.clone(), common::date("2026-11-17"));
    assert_eq!(again.backup, Some(Ok(Backup::AlreadyDone)));

    db.store.mark_demo().unwrap();
    let demo = run(db.path.clone(), common::date("2026-11-18"));
    assert_eq!(demo.check, Ok(()));
    assert_eq!(demo.backup, None);
}

/// The current contents kept aside by a restore are a whole, standalone, private copy: taken
/// as a copy of the file when its write-ahead log can be emptied first, and by an online
/// backup when another terminal is reading from the log (which is not waited for).
#[test]
fn the_file_kept_aside_is_whole_whether_or_not_another_terminal_reads() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    run(h, "2026-11-01", &["init", "--station", "HF"]).success();
    add(h, "2026-11-17", "路灯坏了");
    run(h, "2026-11-17", &["backup", "--auto"]).success();
    let backup = "backups/desk-2026-11-17.db";
    let aside_with = |case: &str| {
        names_in(h)
            .into_iter()
            .filter(|n| n.starts_with("desk-before-restore-"))
            .find(|n| {
                let out = liaison(h).args(["--db", n, "cases"]).assert().success();
                String::from_utf8_lossy(&out.get_output().stdout).contains(case)
            })
    };

    // Nobody else has the file open.
    let later = add(h, "2026-11-18", "垃圾没人清");
    run(h, "2026-11-18", &["restore", backup, "--yes"])
        .success()
        .stdout(predicate::str::contains("check: OK"));
    let aside = aside_with(&later).expect("the copy holds the case written after the backup");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(h.join(&aside))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{aside}");
    }

    // Another terminal is in the middle of reading, from an older state of the log.
    let reader = rusqlite::Connection::open(h.join("desk.db")).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let _: i64 = reader
        .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
        .unwrap();
    let third = add(h, "2026-11-19", "楼道灯不亮");
    let started = std::time::Instant::now();
    run(h, "2026-11-19", &["restore", backup, "--yes"])
        .success()
        .stdout(predicate::str::contains("check: OK"));
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "the reader was not waited for"
    );
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    aside_with(&third).expect("the backup-made copy holds the case written after the backup");

    // Only whole files are left beside the database: no half copies, no logs of copies.
    let names = names_in(h);
    assert!(
        !names
            .iter()
            .any(|n| n.contains(".partial-")
                || (n.contains("before-restore") && !n.ends_with(".db"))),
        "{names:?}"
    );
    run(h, "2026-11-19", &["check"]).success();
}

/// Another terminal reading while `restore` runs sees the file before (its epoch, every case)
/// or after (the next epoch, the backup's cases), never the backup's cases under the old epoch:
/// that is how a terminal knows a restore took cases away and says which.
#[test]
fn another_reader_never_sees_the_backup_under_the_old_epoch() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    run(h, "2026-11-01", &["init", "--station", "HF"]).success();
    add(h, "2026-11-17", "路灯坏了");
    run(h, "2026-11-17", &["backup", "before.db"]).success();
    add(h, "2026-11-17", "备份之后登记的事");

    let db = h.join("desk.db");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (db, stop) = (db.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut seen = std::collections::BTreeSet::new();
            let mut conn = rusqlite::Connection::open_with_flags(
                &db,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )
            .unwrap();
            conn.busy_timeout(Duration::from_secs(5)).unwrap();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                // One read transaction: the epoch and the cases of one moment.
                let Ok(tx) = conn.transaction() else { continue };
                let state = tx.query_row(
                    "SELECT (SELECT value FROM meta WHERE key = 'epoch'), \
                            (SELECT count(*) FROM cases)",
                    [],
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
                );
                if let Ok(state) = state {
                    seen.insert(state);
                }
                drop(tx);
            }
            seen
        })
    };
    std::thread::sleep(Duration::from_millis(100));
    run(h, "2026-11-17", &["restore", "before.db", "--yes"]).success();
    std::thread::sleep(Duration::from_millis(100));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let seen = reader.join().unwrap();
    let expected: std::collections::BTreeSet<(String, i64)> =
        [("1".to_string(), 2), ("2".to_string(), 1)].into();
    assert_eq!(seen, expected, "what the reader saw: (epoch, cases)");
}

#[test]
fn restore_lists_every_case_only_the_file_kept_aside_has_in_order_and_no_other() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    run(h, "2026-11-01", &["init", "--station", "HF"]).success();
    let older: Vec<String> = (0..4)
        .map(|i| add(h, "2026-11-16", &format!("旧案 {i}")))
        .collect();
    let wish = |today: &str, args: &[&str]| -> String {
        let out = run(h, today, &[&["wish"], args].concat()).success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    wish("2026-11-16", &["add", "--content", "想要一个助行器"]);
    wish("2026-11-16", &["add", "--content", "水龙头漏水"]);
    run(h, "2026-11-17", &["backup", "b.db"]).success();
    let later: Vec<String> = (0..3)
        .map(|i| add(h, "2026-11-18", &format!("新案 {i}")))
        .collect();
    // Wishes after the backup: one claimed, one registered; the third untouched is not listed.
    wish("2026-11-18", &["claim", "HF-W-20261116-002", "--by", "D02"]);
    wish("2026-11-18", &["add", "--content", "孩子需要一个书包"]);
    // Notes on two older cases, the last first: listed in number order, once each.
    for case in [&older[3], &older[1], &older[3]] {
        run(h, "2026-11-18", &["case", "note", case, "--text", "已联系"]).success();
    }
    let out = run(h, "2026-11-18", &["restore", "b.db", "--yes"]).success();
    let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains(&format!(
            "registered after the backup, only in the file kept aside: {}\n",
            later.join(" ")
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "changed after the backup, only in the file kept aside: {} {}\n",
            older[1], older[3]
        )),
        "{out}"
    );
    assert!(
        out.contains(
            "small wishes registered or changed after the backup, only in the file kept aside: \
             HF-W-20261116-002 HF-W-20261118-001\n"
        ),
        "{out}"
    );
    assert!(out.contains("check: OK"), "{out}");
    // Restored again from the same backup: the file kept aside now is the backup's contents
    // in a new epoch, so nothing is listed.
    let out = run(h, "2026-11-18", &["restore", "b.db", "--yes"]).success();
    let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!out.contains("only in the file kept aside"), "{out}");
}
