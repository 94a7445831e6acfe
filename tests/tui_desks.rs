//! The desks view (Alt-0) in the real binary, in a pseudo-terminal at 80×24: at the home, a
//! desk's bundle that waits for approval, with the command to type; at a station, whether
//! its home's key is trusted, and the prompt where the home's fingerprint is typed; at both,
//! the events held aside.

mod common;

use std::time::Duration;

use common::pty::{CTRL_U, DOWN, ENTER, ESC, F10, Session};
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

/// Two desks of a station classify one case offline: the second classification no longer
/// fits when it reaches the home and is held. The desks view shows it at the home (held
/// here) and, after the next reference data, at both desks of the station (held at the
/// home), each line with the command that shows the case.
#[test]
fn held_events_are_shown_at_the_home_and_at_both_desks() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    let run = |db: &str, args: &[&str]| {
        let mut all = vec!["--lang", "en", "--db", db, "--today", "2026-11-18"];
        all.extend_from_slice(args);
        let out = liaison(h).args(&all).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run("home.db", &["init", "--station", "XA"]);
    run("hf1.db", &["init", "--station", "HF"]);
    run("hf2.db", &["init", "--station", "HF", "--desk", "2"]);
    for desk in ["hf1.db", "hf2.db"] {
        common::approve_cli(h, "home.db", desk);
        common::trust_home_cli(h, desk, "home.db");
    }
    let number = run("hf2.db", &["case", "add", "--content", "亭子边井盖松动"])
        .trim()
        .to_string();
    let up = |desk: &str, out: &str| {
        let b = written_bundle(h, run(desk, &["bundle", "export", "--out", out]).as_bytes());
        run("home.db", &["bundle", "import", &b.to_string_lossy()])
    };
    let down = |out: &str| {
        run("home.db", &["bundle", "export", "--out", out]);
        for desk in ["hf1.db", "hf2.db"] {
            run(desk, &["bundle", "import", &h.join(out).to_string_lossy()]);
        }
    };
    up("hf2.db", "usb1");
    down("down1");
    let classify = |desk: &str, level: &str| {
        run(
            desk,
            &[
                "case",
                "classify",
                &number,
                "--category",
                "03",
                "--nature",
                "help",
                "--level",
                level,
            ],
        )
    };
    classify("hf1.db", "street");
    classify("hf2.db", "district");
    up("hf1.db", "usb2");
    let said = up("hf2.db", "usb3");
    assert!(said.contains("1 held aside"), "{said}");
    down("down2");

    // The view, after `moves` steps down the list.
    let view = |db: &str, moves: usize| {
        let mut s = Session::start(
            h,
            &["--lang", "en", "--db", db, "--today", "2026-11-18"],
            80,
            24,
        );
        s.wait_text("F1");
        s.send("\x1b0");
        s.wait_text("Desks and trust");
        s.settle();
        for _ in 0..moves {
            s.send(DOWN);
            s.settle();
        }
        let screen = s.screen();
        s.send(F10);
        assert!(s.wait_exit(Duration::from_secs(10)));
        screen
    };
    let screen = view("home.db", 0);
    assert!(
        screen.contains("1 event held aside") && screen.contains(&format!("{number} forwarded")),
        "{screen}"
    );
    for desk in ["hf1.db", "hf2.db"] {
        let screen = view(desk, 0);
        assert!(
            screen.contains("the home holds aside 1 event")
                && screen.contains(&format!("{number} forwarded"))
                && screen.contains("(HF desk 2)"),
            "{desk}: {screen}"
        );
        // On the heading: what to do, whole; on the event: the command and why.
        let screen = view(desk, 1);
        assert!(
            screen.contains("look at the case (`liaison case show NUMBER`)")
                && screen.contains("desk if it still applies"),
            "{desk}: {screen}"
        );
        let screen = view(desk, 2);
        println!("--- {desk}:\n{screen}");
        assert!(
            screen.contains(&format!("liaison case show {number}"))
                && screen.contains("does not apply to the case as it stands here"),
            "{desk}: {screen}"
        );
    }
}

/// At a station, the home's fingerprint read out by phone is typed at the desks view's
/// prompt: a part of it is refused at the field, saying why; the whole of it trusts the
/// home (an event of the trust log), and the reference data that waited goes in.
#[test]
fn the_homes_fingerprint_is_typed_at_a_station() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    let run = |db: &str, args: &[&str]| {
        let mut all = vec!["--lang", "en", "--db", db, "--today", "2026-11-18"];
        all.extend_from_slice(args);
        let out = liaison(h).args(&all).output().unwrap();
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    run("home.db", &["init", "--station", "XA"]);
    run("hf.db", &["init", "--station", "HF"]);
    let b = written_bundle(
        h,
        run("home.db", &["bundle", "export", "--out", "down"]).as_bytes(),
    );
    let said = run("hf.db", &["bundle", "import", &b.to_string_lossy()]);
    assert!(
        said.contains("has not confirmed the key of its home"),
        "{said}"
    );
    let fp = common::fingerprint_of(&h.join("home.db"));

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
    assert!(
        screen.contains("Enter: type the home's fingerprint"),
        "{screen}"
    );
    s.send(ENTER);
    s.wait_text("(40 digits); Enter trusts it:");
    // A part of the fingerprint, as if the line dropped.
    s.type_text(&fp[..17]);
    s.send(ENTER);
    s.wait_text("15 were typed");
    let listed = run("hf.db", &["desk", "list"]);
    assert!(
        listed.contains("key not confirmed"),
        "nothing changed: {listed}"
    );
    s.send(CTRL_U);
    s.type_text(&fp);
    s.send(ENTER);
    s.wait_text("(the home's key, co");
    s.settle();
    let screen = s.screen();
    assert!(
        screen.contains("trusted the key of the home XA"),
        "{screen}"
    );
    assert!(!screen.contains("waits for the home's key"), "{screen}");
    s.send(ESC);
    s.send(F10);
    assert!(s.wait_exit(Duration::from_secs(10)));
    let listed = run("hf.db", &["desk", "list"]);
    assert!(
        listed.contains(&format!("home     {fp} (the home's key, confirmed)"))
            && !listed.contains("waits"),
        "{listed}"
    );
    let said = run("hf.db", &["bundle", "import", &b.to_string_lossy()]);
    assert!(
        said.contains("nothing to do") || said.contains("already"),
        "{said}"
    );
    let said = run("hf.db", &["check"]);
    assert!(!said.contains("error"), "{said}");
}
