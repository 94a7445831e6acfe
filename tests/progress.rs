//! Long work draws a progress bar on stderr when stderr is a terminal, and nothing in a
//! script.

mod common;

use std::time::Duration;

use common::liaison;
use common::pty::Session;

const TODAY: &str = "2026-11-17";

fn raw_text(s: &Session) -> String {
    String::from_utf8_lossy(&s.raw()).into_owned()
}

#[test]
fn a_terminal_sees_the_bars_of_a_demo_load_and_a_full_check() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let mut s = Session::start(
        h,
        &[
            "--db", "d.db", "--today", TODAY, "--lang", "en", "demo", "--cases", "6000",
        ],
        120,
        40,
    );
    assert!(s.wait_exit(Duration::from_secs(300)), "{}", raw_text(&s));
    let raw = raw_text(&s);
    for stage in ["generating", "indexing"] {
        assert!(raw.contains(stage), "no {stage} bar in {raw:?}");
    }
    assert!(raw.contains("/6,000") || raw.contains("/6000"), "{raw:?}");
    assert!(
        raw.contains("demo data for"),
        "the result still reaches stdout"
    );

    let mut s = Session::start(
        h,
        &[
            "--db", "d.db", "--today", TODAY, "--lang", "en", "check", "--full",
        ],
        120,
        40,
    );
    assert!(s.wait_exit(Duration::from_secs(300)), "{}", raw_text(&s));
    let raw = raw_text(&s);
    assert!(raw.contains("checking the file"), "{raw:?}");
    assert!(raw.contains("OK"), "{raw:?}");
}

#[test]
fn a_script_sees_no_bar() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let out = liaison(h)
        .args(["--db", "d.db", "--today", TODAY, "--lang", "en"])
        .args(["demo", "--cases", "3000"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.is_empty(), "stderr of a script: {stderr:?}");
    let out = liaison(h)
        .args([
            "--db", "d.db", "--today", TODAY, "--lang", "en", "check", "--full",
        ])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.is_empty(), "stderr of a script: {stderr:?}");
}
