//! The roll-up through the real binary, as the desks would run it.

mod common;

use common::liaison;
use predicates::prelude::*;

#[test]
fn three_stations_roll_up_to_the_home() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    std::fs::create_dir(h.join("usb")).unwrap();
    let run = |db: &str, today: &str, args: &[&str]| {
        let mut all = vec!["--db", db, "--today", today];
        all.extend_from_slice(args);
        liaison(h).args(&all).assert()
    };
    run("home.db", "2026-11-01", &["init", "--station", "XA"]).success();
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
        run(&db, "2026-11-17", &["bundle", "export", "--out", "usb"])
            .success()
            .stdout(predicate::str::contains(format!(
                "liaison-{s}-events-000001-000001"
            )));
        run(
            &db,
            "2026-11-18",
            &["case", "add", "--content", &format!("{s} 第二件")],
        )
        .success();
        run(&db, "2026-11-18", &["bundle", "export", "--out", "usb"])
            .success()
            .stdout(predicate::str::contains(format!(
                "liaison-{s}-events-000002-000002"
            )));
        run(&db, "2026-11-18", &["bundle", "export", "--out", "usb"])
            .success()
            .stdout("nothing new to send since the last export\n");
    }
    // The second HF bundle first: refused, the gap named.
    run(
        "home.db",
        "2026-11-20",
        &["bundle", "import", "usb/liaison-HF-events-000002-000002"],
    )
    .failure()
    .stderr(predicate::str::contains(
        "events 1–1 of HF have not been imported",
    ));
    for s in ["HF", "XY3", "DZ"] {
        for n in ["000001-000001", "000002-000002"] {
            run(
                "home.db",
                "2026-11-20",
                &["bundle", "import", &format!("usb/liaison-{s}-events-{n}")],
            )
            .success()
            .stdout(predicate::str::contains(format!("applied {s}")).and(
                predicate::str::contains("1 events (1 new cases), 0 already here"),
            ));
        }
    }
    run(
        "home.db",
        "2026-11-20",
        &["bundle", "import", "usb/liaison-HF-events-000001-000001"],
    )
    .success()
    .stdout(predicate::str::contains("nothing to do"));
    let out = liaison(h)
        .args(["--db", "home.db", "cases", "--json"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 6);
    run("home.db", "2026-11-20", &["bundle", "status"])
        .success()
        .stdout(predicate::str::contains("HF       2"));
    run("home.db", "2026-11-20", &["check"]).success();
    // A station cannot import another station's events.
    run(
        "HF.db",
        "2026-11-20",
        &["bundle", "import", "usb/liaison-DZ-events-000001-000001"],
    )
    .failure()
    .stderr(predicate::str::contains("events go to the home"));
}
