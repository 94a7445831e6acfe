//! SIGKILL during `liaison restore`: the file holds either its old contents or the backup's,
//! never a mix, it passes `liaison check`, the next restore goes through, and once it holds
//! the backup's the copy kept aside is there, whole, under its name. (A kill leaves the page
//! cache to the system, so this cannot show the order of the syncs that a power cut would:
//! that the copy kept aside is synced before the copy-in commits is in the code's steps.)
//! Long: ignored by a plain `cargo test`, run by CI.

mod common;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{liaison, liaison_process};

fn ok(h: &Path, args: &[&str]) -> String {
    let out = liaison(h).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn cases_in(db: &Path) -> i64 {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    conn.query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
        .unwrap()
}

fn kept_aside(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("hf-before-restore-") && name.ends_with(".db")
        })
        .collect()
}

#[test]
#[ignore = "long"]
fn killing_a_restore_leaves_the_old_or_the_new_contents_and_the_old_kept_aside() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let template = h.join("template");
    std::fs::create_dir_all(&template).unwrap();
    let db = "template/hf.db";
    ok(
        h,
        &[
            "--db",
            db,
            "--today",
            "2026-11-17",
            "demo",
            "--cases",
            "4000",
        ],
    );
    ok(h, &["--db", db, "backup", "template/backup.db"]);
    // One case after the backup: the old contents and the backup's differ by it.
    ok(
        h,
        &[
            "--db",
            db,
            "--today",
            "2026-11-17",
            "case",
            "add",
            "--content",
            "备份之后登记的一件",
        ],
    );
    let old = cases_in(&template.join("hf.db"));
    let new = cases_in(&template.join("backup.db"));
    assert_eq!(old, new + 1);

    // How long a whole restore takes here, to kill within it.
    let whole = {
        let dir = h.join("timing");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(template.join("hf.db"), dir.join("hf.db")).unwrap();
        let started = Instant::now();
        ok(
            h,
            &[
                "--db",
                "timing/hf.db",
                "--today",
                "2026-11-18",
                "restore",
                "template/backup.db",
                "--yes",
            ],
        );
        started.elapsed()
    };

    let mut rng = fastrand::Rng::with_seed(20261118);
    let (mut saw_old, mut saw_new) = (0, 0);
    for i in 0..40 {
        let dir = h.join(format!("run{i}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(template.join("hf.db"), dir.join("hf.db")).unwrap();
        let target = format!("run{i}/hf.db");
        let mut child = liaison_process(h)
            .args(["--db", &target, "--today", "2026-11-18", "restore"])
            .args(["template/backup.db", "--yes"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let wait = rng.u64(0..whole.as_micros() as u64 * 11 / 10);
        std::thread::sleep(Duration::from_micros(wait));
        let _ = child.kill();
        child.wait().unwrap();

        let now = cases_in(&dir.join("hf.db"));
        let aside = kept_aside(&dir);
        if now == old {
            saw_old += 1;
        } else {
            assert_eq!(
                now, new,
                "run {i}: neither the old contents nor the backup's"
            );
            saw_new += 1;
            assert_eq!(aside.len(), 1, "run {i}: restored, but nothing kept aside");
            assert_eq!(
                cases_in(&aside[0]),
                old,
                "run {i}: the copy kept aside is not the old contents"
            );
        }
        // Whatever was left, the desk's file is sound and the next restore goes through.
        let said = ok(h, &["--lang", "en", "--db", &target, "check"]);
        assert!(said.contains("OK"), "run {i}: {said}");
        ok(
            h,
            &[
                "--db",
                &target,
                "--today",
                "2026-11-19",
                "restore",
                "template/backup.db",
                "--yes",
            ],
        );
        assert_eq!(cases_in(&dir.join("hf.db")), new, "run {i}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
    assert!(
        saw_old > 0 && saw_new > 0,
        "kills landed on both sides of the commit: old {saw_old}, new {saw_new}"
    );
}
