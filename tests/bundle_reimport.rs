//! A bundle applied before is answered "nothing to do" from its signed manifest alone, before
//! its files are read; another bundle over the same events is still compared event by event.

mod common;

use common::{liaison, written_bundle};
use predicates::prelude::*;

#[test]
fn a_bundle_applied_before_is_known_by_its_manifest() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let run = |db: &str, today: &str, args: &[&str]| {
        let mut all = vec!["--lang", "en", "--db", db, "--today", today];
        all.extend_from_slice(args);
        liaison(h).args(&all).assert()
    };
    for db in ["home.db", "other-home.db"] {
        run(db, "2026-11-01", &["init", "--station", "XA"]).success();
    }
    run("HF.db", "2026-11-01", &["init", "--station", "HF"]).success();
    for content in ["路灯坏了", "井盖松动"] {
        run(
            "HF.db",
            "2026-11-17",
            &["case", "add", "--content", content],
        )
        .success();
    }
    let out = run("HF.db", "2026-11-17", &["bundle", "export", "--out", "usb"]).success();
    let first = written_bundle(h, &out.get_output().stdout);
    let first = first.to_str().unwrap();
    common::approve_cli(h, "home.db", "HF.db");
    common::approve_cli(h, "other-home.db", "HF.db");
    run("home.db", "2026-11-17", &["bundle", "import", first])
        .success()
        .stdout(predicate::str::contains("2 events (2 new cases)"));
    let applied = common::dump_file(&h.join("home.db"));

    // The same bundle again, with its events file gone from the stick: the manifest says it
    // was applied here, so nothing is read and nothing is written.
    std::fs::remove_file(std::path::Path::new(first).join("events.jsonl")).unwrap();
    run("home.db", "2026-11-18", &["bundle", "import", first])
        .success()
        .stdout("nothing to do: the events A1–A2 of HF desk 1, all here already\n");
    assert_eq!(common::dump_file(&h.join("home.db")), applied);
    // In Chinese the line is Chinese throughout, the desk named as the desk pages name it.
    liaison(h)
        .args(["--lang", "zh", "--db", "home.db", "--today", "2026-11-18"])
        .args(["bundle", "import", first])
        .assert()
        .success()
        .stdout("无需导入：HF 1 号终端的记录 A1–A2，已全部在本终端\n");
    // A home that never applied it reads its files, and refuses it without them.
    let before = common::dump_file(&h.join("other-home.db"));
    run("other-home.db", "2026-11-18", &["bundle", "import", first])
        .failure()
        .stderr(predicate::str::contains("events.jsonl"));
    assert_eq!(common::dump_file(&h.join("other-home.db")), before);

    // The whole history exported again the next day: another manifest over the same events,
    // compared event by event (the events file must be there, and must match).
    let out = run(
        "HF.db",
        "2026-11-19",
        &["bundle", "export", "--all", "--out", "usb"],
    )
    .success();
    let again = written_bundle(h, &out.get_output().stdout);
    let again = again.to_str().unwrap();
    assert_ne!(again, first);
    run("home.db", "2026-11-19", &["bundle", "import", again])
        .success()
        .stdout("nothing to do: the events A1–A2 of HF desk 1, all here already\n");
    assert_eq!(common::dump_file(&h.join("home.db")), applied);
    std::fs::remove_file(std::path::Path::new(again).join("events.jsonl")).unwrap();
    run("home.db", "2026-11-19", &["bundle", "import", again])
        .failure()
        .stderr(predicate::str::contains("events.jsonl"));
    assert_eq!(common::dump_file(&h.join("home.db")), applied);
}

/// The stick is not trusted to hold still: a file changed after the first pass checked it is
/// refused by the second as it is read again, and nothing is applied.
#[test]
fn a_file_changed_between_the_passes_is_refused_whole() {
    use liaison::bundle::{BundleError, exchange, files};
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let run = |db: &str, today: &str, args: &[&str]| {
        let mut all = vec!["--lang", "en", "--db", db, "--today", today];
        all.extend_from_slice(args);
        liaison(h).args(&all).assert()
    };
    run("home.db", "2026-11-01", &["init", "--station", "XA"]).success();
    run("HF.db", "2026-11-01", &["init", "--station", "HF"]).success();
    for content in ["路灯坏了", "井盖松动"] {
        run(
            "HF.db",
            "2026-11-17",
            &["case", "add", "--content", content],
        )
        .success();
    }
    let out = run("HF.db", "2026-11-17", &["bundle", "export", "--out", "usb"]).success();
    let bundle = written_bundle(h, &out.get_output().stdout);
    common::approve_cli(h, "home.db", "HF.db");
    let before = common::dump_file(&h.join("home.db"));
    let events = bundle.join("events.jsonl");
    let pristine = std::fs::read(&events).unwrap();
    // The same size, another word in the first case's text: lines the home would take.
    let word = "坏了".as_bytes();
    let i = pristine
        .windows(word.len())
        .position(|w| w == word)
        .unwrap();
    let mut changed = pristine.clone();
    changed[i..i + word.len()].copy_from_slice("坏啦".as_bytes());
    let mut shorter = pristine.clone();
    shorter.truncate(pristine.len() - 1);
    // Grown by a line the manifest does not sign.
    let mut longer = pristine.clone();
    longer.extend_from_slice(b"{}\n");

    let now = common::at("2026-11-17 18:00");
    let mut store = liaison::store::Store::open(&h.join("home.db")).unwrap();
    let desk = store.desk().unwrap();
    let (manifest, key) = files::read_manifest(&bundle).unwrap();
    let first_pass = files::read_files(&bundle, manifest, key).unwrap();
    for (swapped, refusal) in [
        (&changed, "checksum"),
        (&shorter, "size"),
        (&longer, "size"),
    ] {
        std::fs::write(&events, swapped).unwrap();
        let refused =
            exchange::apply_verified(&mut store, &desk, first_pass.clone(), now).unwrap_err();
        match (&refused, refusal) {
            (BundleError::Checksum { file }, "checksum") => assert_eq!(file, "events.jsonl"),
            (BundleError::Trust(_), "size") => {
                assert!(refused.to_string().contains("events.jsonl"), "{refused}")
            }
            _ => panic!("{refusal}: refused with {refused:?}"),
        }
        assert_eq!(common::dump_file(&h.join("home.db")), before);
    }
    // A link swapped in for the file, to a copy as it was checked: not followed.
    #[cfg(unix)]
    {
        let aside = h.join("aside.jsonl");
        std::fs::write(&aside, &pristine).unwrap();
        std::fs::remove_file(&events).unwrap();
        std::os::unix::fs::symlink(&aside, &events).unwrap();
        let refused =
            exchange::apply_verified(&mut store, &desk, first_pass.clone(), now).unwrap_err();
        assert!(
            matches!(&refused, BundleError::Trust(_)) && refused.to_string().contains("link"),
            "{refused:?}"
        );
        assert_eq!(common::dump_file(&h.join("home.db")), before);
        std::fs::remove_file(&events).unwrap();
    }
    // Put back as it was checked, the same first pass goes in.
    std::fs::write(&events, &pristine).unwrap();
    let applied = exchange::apply_verified(&mut store, &desk, first_pass, now).unwrap();
    assert!(
        matches!(&applied, exchange::Imported::Events { applied, .. } if applied.events == 2),
        "{applied:?}"
    );
}
