//! The roll-up through the real binary, as the desks would run it.

mod common;

use std::collections::HashMap;

use common::{liaison, written_bundle};
use predicates::prelude::*;

#[test]
fn three_stations_roll_up_to_the_home() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let run = |db: &str, today: &str, args: &[&str]| {
        let mut all = vec!["--db", db, "--today", today];
        all.extend_from_slice(args);
        liaison(h).args(&all).assert()
    };
    run("home.db", "2026-11-01", &["init", "--station", "XA"]).success();
    // The USB folder does not exist yet: the first export makes it.
    let mut bundles: HashMap<(&str, u32), String> = HashMap::new();
    for s in ["HF", "XY3", "DZ"] {
        let db = format!("{s}.db");
        run(&db, "2026-11-01", &["init", "--station", s]).success();
        run(
            &db,
            "2026-11-17",
            &[
                "case",
                "add",
                "--content",
                &format!("{s} 路灯坏了"),
                "--phone",
                "13812345678",
            ],
        )
        .success();
        let out = run(&db, "2026-11-17", &["bundle", "export", "--out", "usb"])
            .success()
            .stdout(predicate::str::contains(format!("usb/liaison-{s}-1-")))
            .stdout(predicate::str::contains("-events-A000001-A000001"));
        let first = written_bundle(h, &out.get_output().stdout);
        bundles.insert((s, 1), first.to_string_lossy().into_owned());
        run(
            &db,
            "2026-11-18",
            &["case", "add", "--content", &format!("{s} 第二件")],
        )
        .success();
        let out = run(&db, "2026-11-18", &["bundle", "export", "--out", "usb"])
            .success()
            .stdout(predicate::str::contains("-events-A000002-A000002"));
        let second = written_bundle(h, &out.get_output().stdout);
        bundles.insert((s, 2), second.to_string_lossy().into_owned());
        run(&db, "2026-11-18", &["bundle", "export", "--out", "usb"])
            .success()
            .stdout("自上次导出以来没有新内容\n");
    }
    // XY3 and DZ are approved before their first bundles, by the fingerprints they show.
    common::approve_cli(h, "home.db", "XY3.db");
    common::approve_cli(h, "home.db", "DZ.db");
    // HF is not: its bundle waits aside, saying who it claims to be and how to approve it.
    let hf_fingerprint = common::fingerprint_of(&h.join("HF.db"));
    let before = common::dump_file(&h.join("home.db"));
    run(
        "home.db",
        "2026-11-20",
        &["bundle", "import", &bundles[&("HF", 1)]],
    )
    .failure()
    .stdout(
        predicate::str::contains("待批准")
            .and(predicate::str::contains("HF 1 号终端"))
            .and(predicate::str::contains(hf_fingerprint.as_str()))
            .and(predicate::str::contains(format!(
                "liaison desk approve HF 1 --fingerprint {hf_fingerprint}"
            ))),
    );
    assert_eq!(
        common::case_numbers(h, "home.db").len(),
        0,
        "a waiting bundle is not case data"
    );
    assert_ne!(
        before,
        common::dump_file(&h.join("home.db")),
        "it is kept aside"
    );
    // Approved after its first bundle: the bundle that waited goes in.
    let said = common::approve_cli(h, "home.db", "HF.db");
    assert!(
        said.contains("approved HF desk 1") && said.contains("1 event (1 new case)"),
        "{said}"
    );
    // The second DZ bundle first: refused, the gap named.
    run(
        "home.db",
        "2026-11-20",
        &["bundle", "import", &bundles[&("DZ", 2)]],
    )
    .failure()
    .stderr(predicate::str::contains(
        "events A1–A1 of DZ desk 1 have not been imported",
    ));
    for s in ["HF", "XY3", "DZ"] {
        for n in [1, 2] {
            if (s, n) == ("HF", 1) {
                continue;
            }
            let out = run(
                "home.db",
                "2026-11-20",
                &["bundle", "import", &bundles[&(s, n)]],
            )
            .success()
            .stdout(
                predicate::str::contains(format!("已导入 {s} 1 号终端")).and(
                    predicate::str::contains("1 条记录（新案件 1 件），0 条本来就有"),
                ),
            );
            // The first bundle of a desk approved ahead says so, naming its fingerprint.
            let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
            assert_eq!(
                text.contains("的第一个数据包（已预先批准"),
                n == 1,
                "{text}"
            );
        }
    }
    run(
        "home.db",
        "2026-11-20",
        &["bundle", "import", &bundles[&("HF", 1)]],
    )
    .success()
    .stdout(predicate::str::contains("无需导入"));
    let out = liaison(h)
        .args(["--db", "home.db", "cases", "--json"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 6);
    run("home.db", "2026-11-20", &["bundle", "status"])
        .success()
        .stdout(predicate::str::contains("已导入至 2"));
    run("home.db", "2026-11-20", &["check"]).success();
    // A station cannot import another station's events.
    run(
        "HF.db",
        "2026-11-20",
        &["bundle", "import", &bundles[&("DZ", 1)]],
    )
    .failure()
    .stderr(predicate::str::contains("events go to the home"));
}

/// Export and import say what they did in one language: in Chinese by default (no English
/// word but codes, key fingerprints and paths), in English under `--lang en`, with "1 event".
#[test]
fn export_and_import_speak_one_language() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let run = |lang: Option<&str>, db: &str, args: &[&str]| {
        let mut all: Vec<&str> = lang.map(|l| vec!["--lang", l]).unwrap_or_default();
        all.extend_from_slice(&["--db", db, "--today", "2026-11-17"]);
        all.extend_from_slice(args);
        let out = liaison(h).args(&all).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    for (lang, station) in [(None, "HF"), (Some("en"), "DZ")] {
        let home_db = format!("home-{station}.db");
        let db = format!("{station}.db");
        run(lang, &home_db, &["init", "--station", "XA"]);
        run(lang, &db, &["init", "--station", station]);
        common::approve_cli(h, &home_db, &db);
        run(
            lang,
            &db,
            &[
                "case",
                "add",
                "--content",
                "路灯坏了",
                "--phone",
                "13812345678",
            ],
        );
        let wrote = run(lang, &db, &["bundle", "export", "--out", "usb"]);
        let bundle = written_bundle(h, wrote.as_bytes());
        let said = run(
            lang,
            &home_db,
            &["bundle", "import", &bundle.to_string_lossy()],
        );
        let text = format!("{wrote}{said}");
        if lang.is_none() {
            // Words, less paths and key fingerprints (groups of digits).
            let words: Vec<&str> = text
                .split(|c: char| !c.is_ascii_alphanumeric() && !"/-._".contains(c))
                .filter(|w| !w.contains('/') && !w.chars().all(|c| c.is_ascii_hexdigit()))
                .filter(|w| w.chars().any(|c| c.is_ascii_lowercase()))
                .collect();
            assert_eq!(words, Vec::<&str>::new(), "{text}");
        } else {
            assert!(said.contains("1 event (1 new case)"), "{said}");
        }
    }
}
