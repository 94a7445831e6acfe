//! The desks view (Alt-0) in the real binary, in a pseudo-terminal at 80×24: at the home, a
//! desk's bundle that waits for approval, with the command to type; at a station, whether
//! its home's key is trusted.

mod common;

use std::time::Duration;

use common::pty::{ESC, F10, Session};
use common::{liaison, written_bundle};

#[test]
fn the_desks_view_shows_what_waits_and_what_to_type() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    let run = |db: &str, args: &[&str]| {
        let mut all = vec!["--lang", "en", "--db", db, "--today", "2026-11-18"];
        all.extend_from_slice(args);
        let out = liaison(h).args(&all).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run("home.db", &["init", "--station", "XA"]);
    run("hf.db", &["init", "--station", "HF"]);
    run("hf.db", &["case", "add", "--content", "路灯坏了"]);
    let b = written_bundle(
        h,
        run("hf.db", &["bundle", "export", "--out", "usb"]).as_bytes(),
    );
    let said = run("home.db", &["bundle", "import", &b.to_string_lossy()]);
    assert!(said.contains("waits for approval"), "{said}");
    let fp = common::fingerprint_of(&h.join("hf.db"));

    let mut s = Session::start(
        h,
        &["--lang", "en", "--db", "home.db", "--today", "2026-11-18"],
        80,
        24,
    );
    s.wait_text("F1");
    s.send("\x1b0"); // Alt-0
    s.wait_text("Desks and trust");
    s.settle();
    let screen = s.screen();
    assert!(screen.contains("HF desk 1 A1–A1"), "{screen}");
    assert!(
        screen.contains("liaison desk approve HF 1 --fingerprint") && screen.contains(&fp),
        "{screen}"
    );
    s.send(ESC);
    s.wait_for("the view closed", Duration::from_secs(5), |sc| {
        !sc.contains("Desks and trust")
    });
    s.send(F10);
    assert!(s.wait_exit(Duration::from_secs(10)));

    // At the station: its home's key, not confirmed yet.
    let mut s = Session::start(
        h,
        &["--lang", "en", "--db", "hf.db", "--today", "2026-11-18"],
        80,
        24,
    );
    s.wait_text("F1");
    s.send("\x1b0");
    s.wait_text("Desks and trust");
    s.settle();
    let screen = s.screen();
    assert!(screen.contains("key not confirmed"), "{screen}");
    s.send(F10);
    assert!(s.wait_exit(Duration::from_secs(10)));
}
