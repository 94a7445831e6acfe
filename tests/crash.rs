//! SIGKILL at random moments: every case reported saved is there afterwards, `liaison check`
//! passes, and the event log replays to the case rows. Long: ignored by a plain `cargo test`,
//! run by `cargo test -- --include-ignored` (as `.ci/run` does).

mod common;

use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::pty::{CTRL_S, F2, Session, TAB};
use common::{case_numbers, liaison, liaison_process};

fn assert_sound(home: &Path, db: &str) {
    let out = liaison(home)
        .args(["--lang", "en", "--db", db, "check"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("every case row equals the replay of its event log"),
        "{text}"
    );
}

#[test]
#[ignore = "long"]
fn killing_case_add_at_random_moments_loses_no_reported_case() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    liaison(h)
        .args(["--db", "desk.db", "init", "--station", "HF"])
        .assert()
        .success();
    let mut rng = fastrand::Rng::with_seed(20261117);
    let (mut reported, mut killed) = (Vec::new(), 0);
    for i in 0..200 {
        let mut child = liaison_process(h)
            .args(["--db", "desk.db", "case", "add", "--phone", "13812345678"])
            .arg("--content")
            .arg(format!("第{i}件：楼道灯坏了，晚上看不见路"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.u64(0..40_000)));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            killed += 1;
        }
        let status = child.wait().unwrap();
        let mut out = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        if status.success() {
            reported.push(out.trim().to_string());
        }
        // Something a kill left half-done must not stop the next desk from working.
        if i % 20 == 19 {
            assert_sound(h, "desk.db");
        }
    }
    eprintln!(
        "{killed} of 200 runs killed, {} reported saved",
        reported.len()
    );
    assert!(killed > 20, "the kills must land ({killed})");
    assert_sound(h, "desk.db");
    let present = case_numbers(h, "desk.db");
    for number in &reported {
        assert!(present.contains(number), "{number} was reported saved");
    }
    let mut unique = present.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), present.len(), "numbers are unique");
}

#[test]
#[ignore = "long"]
fn killing_the_terminal_ui_during_saves_loses_no_case_it_showed_saved() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    liaison(h)
        .args(["--db", "desk.db", "init", "--station", "HF"])
        .assert()
        .success();
    let mut rng = fastrand::Rng::with_seed(7);
    let mut shown = Vec::new();
    for round in 0..12 {
        let mut s = Session::start(h, &["--db", "desk.db", "--lang", "en"], 100, 30);
        s.wait_text("F2");
        for n in 0..3 {
            s.send(F2);
            s.wait_text("Register");
            s.type_text("王小红");
            for _ in 0..4 {
                s.send(TAB);
            }
            s.type_text(&format!("第{round}轮第{n}件：路灯坏了"));
            s.send(CTRL_S);
            if n < 2 {
                s.wait_text("saved HF-");
            }
        }
        // The third save is cut short at a random moment.
        std::thread::sleep(Duration::from_micros(rng.u64(0..30_000)));
        let _ = s.child.kill();
        let screen = s.screen();
        for word in screen.split_whitespace() {
            if word.starts_with("HF-") && screen.contains(&format!("saved {word}")) {
                shown.push(word.to_string());
            }
        }
        let _ = s.child.wait();
    }
    assert_sound(h, "desk.db");
    let present = case_numbers(h, "desk.db");
    assert!(present.len() >= 24, "two saves a round finished");
    for number in &shown {
        assert!(present.contains(number), "{number} was shown saved");
    }
}

#[test]
#[ignore = "long"]
fn a_killed_bulk_load_leaves_nothing_half_loaded() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let mut rng = fastrand::Rng::with_seed(3);
    for round in 0..3 {
        let db = format!("demo{round}.db");
        let mut child = liaison_process(h)
            .args(["--db", &db, "demo", "--cases", "300000"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        std::thread::sleep(Duration::from_millis(rng.u64(300..2_000)));
        let finished = child.try_wait().unwrap().is_some();
        child.kill().ok();
        child.wait().unwrap();
        assert_sound(h, &db);
        let count = case_numbers(h, &db).len();
        if !finished {
            assert_eq!(
                count,
                0,
                "killed after {:?}: all or nothing",
                started.elapsed()
            );
            // And the file takes a new load.
            liaison(h)
                .args(["--db", &db, "demo", "--cases", "100"])
                .assert()
                .success();
            assert!(case_numbers(h, &db).len() > 100);
        }
    }
}
