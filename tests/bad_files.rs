//! Damaged, read-only and full files: a clear message, nothing lost, the form's input kept.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use common::tui::desk;
use common::{at, initialised, intake, liaison, snapshot};
use liaison::store::StoreError;
use liaison::tui::action::Command;
use liaison::tui::forms::intake::IntakeForm;
use predicates::prelude::*;

fn new_db(home: &Path, cases: usize) -> PathBuf {
    liaison(home)
        .args(["--lang", "en", "--db", "desk.db", "init", "--station", "HF"])
        .assert()
        .success();
    for i in 0..cases {
        liaison(home)
            .args([
                "--lang",
                "en",
                "--db",
                "desk.db",
                "case",
                "add",
                "--content",
            ])
            .arg(format!("第{i}件：楼道灯坏了，晚上看不见路"))
            .assert()
            .success();
    }
    home.join("desk.db")
}

/// The file's bytes, with its write-ahead log folded in first so a copy stands alone.
fn settle(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
}

#[test]
fn a_damaged_file_is_named_damaged_left_alone_and_points_to_the_backups() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let db = new_db(h, 40);
    settle(&db);
    let mut bytes = std::fs::read(&db).unwrap();
    // Overwrite pages 3 to 6 with noise: the header still says SQLite.
    let mut seed = 7u32;
    for b in &mut bytes[3 * 4096..7 * 4096] {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        *b = (seed >> 16) as u8;
    }
    std::fs::write(h.join("damaged.db"), &bytes).unwrap();
    // And one cut short.
    std::fs::write(h.join("short.db"), &bytes[..5 * 4096 + 100]).unwrap();

    for file in ["damaged.db", "short.db"] {
        let before = std::fs::read(h.join(file)).unwrap();
        for args in [
            &["cases"][..],
            &["check"],
            &["check", "--full"],
            &["case", "add", "--content", "x"],
        ] {
            liaison(h)
                .args(["--lang", "en", "--db", file])
                .args(args)
                .assert()
                .failure()
                .stderr(
                    predicate::str::contains("damaged")
                        .and(predicate::str::contains("liaison restore")),
                );
        }
        assert_eq!(
            std::fs::read(h.join(file)).unwrap(),
            before,
            "{file} untouched"
        );
    }

    // Something that is not a database at all.
    std::fs::write(h.join("notes.db"), "会议记录：楼道灯").unwrap();
    liaison(h)
        .args(["--lang", "en", "--db", "notes.db", "cases"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not a liaison database"));
    assert_eq!(
        std::fs::read_to_string(h.join("notes.db")).unwrap(),
        "会议记录：楼道灯"
    );
}

#[test]
fn a_missing_directory_is_named() {
    let home = tempfile::tempdir().unwrap();
    liaison(home.path())
        .args([
            "--lang",
            "en",
            "--db",
            "nowhere/desk.db",
            "init",
            "--station",
            "HF",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "the directory nowhere does not exist",
        ));
    assert!(!home.path().join("nowhere").exists());
}

/// Makes a file unwritable even for root (`chattr +i`), and writable again when dropped.
struct Immutable(PathBuf);

impl Immutable {
    fn set(path: &Path) -> Option<Immutable> {
        let ok = Process::new("chattr")
            .arg("+i")
            .arg(path)
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Immutable(path.to_path_buf()))
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Process::new("chattr").arg("-i").arg(&self.0).status();
    }
}

#[test]
fn a_read_only_file_is_refused_before_anything_is_typed_into_it() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let db = new_db(h, 3);
    settle(&db);
    let before = std::fs::read(&db).unwrap();
    // Permission bits do not stop root; the immutable flag does.
    let mut perms = std::fs::metadata(&db).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&db, perms.clone()).unwrap();
    let guard = Immutable::set(&db);
    let writable = std::fs::OpenOptions::new().write(true).open(&db).is_ok();
    if writable {
        eprintln!(
            "notice: this file system lets this user write a read-only file (no chattr); \
             the read-only case is not exercised here"
        );
    } else {
        for args in [&["case", "add", "--content", "路灯坏了"][..], &["cases"]] {
            liaison(h)
                .args(["--lang", "en", "--db", "desk.db"])
                .args(args)
                .assert()
                .failure()
                .stderr(predicate::str::contains("desk.db is read-only"));
        }
    }
    drop(guard);
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&db, perms).unwrap();
    assert_eq!(std::fs::read(&db).unwrap(), before);
    liaison(h)
        .args(["--lang", "en", "--db", "desk.db", "check"])
        .assert()
        .success();
}

#[test]
fn a_full_disk_saves_nothing_says_so_and_the_next_save_works() {
    let mut db = initialised("HF");
    let conn = db.store.connection();
    let pages: i64 = conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    conn.execute_batch(&format!("PRAGMA max_page_count = {pages}"))
        .unwrap();
    let mut saved = Vec::new();
    let long = "楼道灯坏了，晚上看不见路，老人上下楼很危险。".repeat(40);
    let error = loop {
        let before = snapshot(&db.store);
        match db
            .store
            .register(&intake(&long), "小王", at("2026-11-17 09:00"))
        {
            Ok(r) => saved.push(r.case.number),
            Err(e) => {
                assert_eq!(snapshot(&db.store), before, "a failed save writes nothing");
                break e;
            }
        }
        assert!(saved.len() < 500, "the page limit never bit");
    };
    assert!(matches!(error, StoreError::DiskFull), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("the disk is full: nothing was saved")
    );
    for number in &saved {
        db.store.find_case(number).unwrap();
    }
    // Space comes back: the same input saves.
    db.store
        .connection()
        .execute_batch("PRAGMA max_page_count = 1073741823")
        .unwrap();
    db.store
        .register(&intake(&long), "小王", at("2026-11-17 09:05"))
        .unwrap();
    assert!(db.store.check(true).unwrap().is_ok());
}

#[test]
fn the_intake_form_keeps_its_input_when_the_disk_is_full() {
    let mut d = desk(100, 30);
    d.command(Command::NewCase);
    d.type_text("王小红");
    for _ in 0..4 {
        d.command(Command::NextField);
    }
    let content = "小区路灯坏了三个月，晚上出门不安全。".repeat(30);
    d.type_text(&content);
    let conn = d.runner.store.connection();
    let pages: i64 = conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    conn.execute_batch(&format!("PRAGMA max_page_count = {pages}"))
        .unwrap();
    // Another terminal's saves took the last of the space.
    let filler = intake(&"楼道灯坏了".repeat(100));
    while d
        .runner
        .store
        .register(&filler, "小李", at("2026-11-17 09:00"))
        .is_ok()
    {}
    let cases = d.runner.store.count_cases().unwrap();
    d.command(Command::Save);
    let form = d
        .app
        .top::<IntakeForm>()
        .expect("the form stays open when the disk is full");
    assert_eq!(form.spec.content.text(), content);
    let notice = d.app.notice.clone().unwrap();
    assert!(
        notice.error && notice.text.contains("磁盘已满"),
        "{}",
        notice.text
    );
    assert_eq!(d.runner.store.count_cases().unwrap(), cases);
    d.runner
        .store
        .connection()
        .execute_batch("PRAGMA max_page_count = 1073741823")
        .unwrap();
    d.command(Command::Save);
    assert!(d.app.layers.is_empty());
    assert_eq!(d.runner.store.count_cases().unwrap(), cases + 1);
}

/// A real small file system, when this machine lets the tests mount one.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(dir: &Path, size: &str) -> Option<SmallDisk> {
        let ok = Process::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| SmallDisk(dir.to_path_buf()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Process::new("umount").arg(&self.0).status();
    }
}

#[test]
fn filling_a_real_disk_loses_no_saved_case() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let disk_dir = h.join("disk");
    std::fs::create_dir(&disk_dir).unwrap();
    let Some(disk) = SmallDisk::mount(&disk_dir, "1200k") else {
        eprintln!(
            "notice: cannot mount a small tmpfs here (not root?); the real full disk is not exercised"
        );
        return;
    };
    liaison(h)
        .args([
            "--lang",
            "en",
            "--db",
            "disk/desk.db",
            "init",
            "--station",
            "HF",
        ])
        .assert()
        .success();
    let long = "楼道灯坏了，晚上看不见路，老人上下楼很危险。".repeat(40);
    let mut saved = Vec::new();
    let message = loop {
        let out = liaison(h)
            .args([
                "--lang",
                "en",
                "--db",
                "disk/desk.db",
                "case",
                "add",
                "--content",
                &long,
            ])
            .output()
            .unwrap();
        if out.status.success() {
            saved.push(String::from_utf8(out.stdout).unwrap().trim().to_string());
        } else {
            break String::from_utf8(out.stderr).unwrap();
        }
        assert!(saved.len() < 2000, "the small disk never filled");
    };
    assert!(
        message.contains("the disk is full") || message.contains("nothing was saved"),
        "{message}"
    );
    // Copy the file off the full disk and check it there.
    let _ = std::fs::copy(disk_dir.join("desk.db"), h.join("copy.db")).unwrap();
    let wal = disk_dir.join("desk.db-wal");
    if wal.exists() {
        std::fs::copy(&wal, h.join("copy.db-wal")).unwrap();
    }
    drop(disk);
    liaison(h)
        .args(["--lang", "en", "--db", "copy.db", "check"])
        .assert()
        .success();
    let listed = liaison(h)
        .args(["--lang", "en", "--db", "copy.db", "cases", "--json"])
        .output()
        .unwrap();
    let listed = String::from_utf8(listed.stdout).unwrap();
    for number in &saved {
        assert!(
            listed.contains(number.as_str()),
            "{number} was reported saved"
        );
    }
    assert!(!saved.is_empty());
}
