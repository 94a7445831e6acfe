//! Desks as writers, through the real binary: two desks of one station, a restore, a
//! reinstalled PC, a folder of many desks' bundles, and bundles no one can forge.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use common::{desk_key, dump_file, liaison, reseal, written_bundle};
use predicates::prelude::*;

/// Runs the binary at `today` on `db` inside `h`; returns (success, stdout, stderr).
/// Under `--lang en`: these tests read the English wording of what the commands say.
fn run(h: &Path, db: &str, today: &str, args: &[&str]) -> (bool, String, String) {
    let mut all = vec!["--lang", "en", "--db", db, "--today", today];
    all.extend_from_slice(args);
    let out = liaison(h).args(&all).output().unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn ok(h: &Path, db: &str, today: &str, args: &[&str]) -> String {
    let (success, out, err) = run(h, db, today, args);
    assert!(success, "{args:?} failed: {err}{out}");
    assert!(!err.contains("database error") && !out.contains("database error"));
    out
}

fn add(h: &Path, db: &str, today: &str, content: &str) -> String {
    ok(h, db, today, &["case", "add", "--content", content])
        .trim()
        .to_string()
}

fn export(h: &Path, db: &str, today: &str, out: &str) -> PathBuf {
    let text = ok(h, db, today, &["bundle", "export", "--out", out]);
    written_bundle(h, text.as_bytes())
}

fn import(h: &Path, db: &str, today: &str, bundle: &Path) -> String {
    ok(
        h,
        db,
        today,
        &["bundle", "import", &bundle.to_string_lossy()],
    )
}

fn numbers(h: &Path, db: &str) -> Vec<String> {
    common::case_numbers(h, db)
}

fn unique(numbers: &[String]) -> bool {
    numbers.iter().collect::<BTreeSet<_>>().len() == numbers.len()
}

#[test]
fn two_desks_of_a_station_on_one_day_reach_the_home_in_either_order() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    ok(h, "fixed.db", "2026-11-01", &["init", "--station", "HF"]);
    let out = ok(
        h,
        "laptop.db",
        "2026-11-01",
        &["init", "--station", "HF", "--desk", "2"],
    );
    assert!(out.contains("desk 2"), "{out}");
    let mut printed = Vec::new();
    for i in 1..=3 {
        printed.push(add(h, "fixed.db", "2026-11-17", &format!("固定接待 {i}")));
        printed.push(add(
            h,
            "laptop.db",
            "2026-11-17",
            &format!("议事亭流动接待 {i}"),
        ));
    }
    assert_eq!(
        printed,
        [
            "HF-20261117-001",
            "HF-20261117-2A001",
            "HF-20261117-002",
            "HF-20261117-2A002",
            "HF-20261117-003",
            "HF-20261117-2A003"
        ]
    );
    let desk = ok(h, "laptop.db", "2026-11-17", &["desk"]);
    assert!(
        desk.contains("desk     2") && desk.contains("HF-20261117-2A001"),
        "{desk}"
    );
    let fixed = export(h, "fixed.db", "2026-11-17", "usb");
    let laptop = export(h, "laptop.db", "2026-11-17", "usb");
    let mut homes = Vec::new();
    for (name, order) in [
        ("home1.db", [&fixed, &laptop]),
        ("home2.db", [&laptop, &fixed]),
    ] {
        ok(h, name, "2026-11-01", &["init", "--station", "XA"]);
        common::approve_cli(h, name, "fixed.db");
        common::approve_cli(h, name, "laptop.db");
        for b in order {
            let said = import(h, name, "2026-11-18", b);
            assert!(
                said.contains("the first bundle of HF desk")
                    && said.contains("approved ahead")
                    && said.contains("3 new cases"),
                "{said}"
            );
        }
        let at_home = numbers(h, name);
        let mut expected = printed.clone();
        expected.sort();
        assert_eq!(at_home, expected, "every case at the home, once");
        ok(h, name, "2026-11-18", &["check"]);
        homes.push(at_home);
    }
    assert_eq!(homes[0], homes[1]);
    // The two desks' bundles again, as a folder: nothing new.
    let again = ok(h, "home1.db", "2026-11-18", &["bundle", "import", "usb"]);
    assert_eq!(again.matches("nothing to do").count(), 2, "{again}");
}

#[test]
fn a_restore_never_issues_a_number_twice_and_the_home_gets_every_case() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    ok(h, "home.db", "2026-11-01", &["init", "--station", "XA"]);
    ok(h, "hf.db", "2026-11-01", &["init", "--station", "HF"]);
    common::approve_cli(h, "home.db", "hf.db");
    let mut printed = vec![
        add(h, "hf.db", "2026-11-17", "备份前一"),
        add(h, "hf.db", "2026-11-17", "备份前二"),
    ];
    ok(h, "hf.db", "2026-11-17", &["backup", "bk.db"]);
    printed.push(add(h, "hf.db", "2026-11-17", "备份后一"));
    printed.push(add(h, "hf.db", "2026-11-17", "备份后二"));
    let b1 = export(h, "hf.db", "2026-11-17", "usb");
    import(h, "home.db", "2026-11-17", &b1);
    let said = ok(h, "hf.db", "2026-11-17", &["restore", "bk.db", "--yes"]);
    assert!(
        said.contains("epoch B") && said.contains("HF-20261117-1B001"),
        "{said}"
    );
    assert!(
        said.contains("bundle export --for HF"),
        "the way back is named: {said}"
    );
    // The same day, after the restore: new numbers, never 003 or 004 again.
    let after = add(h, "hf.db", "2026-11-17", "还原后同日");
    assert_eq!(after, "HF-20261117-1B001");
    printed.push(after);
    printed.push(add(h, "hf.db", "2026-11-18", "还原后次日"));
    assert!(unique(&printed), "{printed:?}");
    let b2 = export(h, "hf.db", "2026-11-18", "usb");
    let said = import(h, "home.db", "2026-11-18", &b2);
    assert!(said.contains("2 new cases"), "{said}");
    printed.sort();
    assert_eq!(numbers(h, "home.db"), printed, "every case at the home");
    // The desk gets back what it lost from the home's copy.
    let out = ok(
        h,
        "home.db",
        "2026-11-18",
        &["bundle", "export", "--for", "HF", "--out", "usb"],
    );
    let recovery = written_bundle(h, out.as_bytes());
    // Never on sight: the desk has not confirmed its home's key, so the recovery waits.
    let (success, said, _) = run(
        h,
        "hf.db",
        "2026-11-18",
        &["bundle", "import", &recovery.to_string_lossy()],
    );
    assert!(
        !success && said.contains("has not confirmed the key of its home XA"),
        "{said}"
    );
    assert_eq!(numbers(h, "hf.db").len(), 4, "nothing came back yet");
    // Confirmed by the fingerprint the home reads out: what waited goes in.
    let said = common::trust_home_cli(h, "hf.db", "home.db");
    assert!(said.contains("2 cases back"), "{said}");
    assert_eq!(numbers(h, "hf.db"), printed);
    ok(h, "hf.db", "2026-11-18", &["check"]);
    // The stick now holds the home's own bundle too: the home leaves it alone, the desk
    // leaves the events alone.
    let said = ok(h, "home.db", "2026-11-18", &["bundle", "import", "usb"]);
    assert!(said.contains("left alone: written by this desk"), "{said}");
    assert!(
        said.contains("1 not for this desk, 0 waiting, 0 refused"),
        "{said}"
    );
    let said = ok(h, "hf.db", "2026-11-18", &["bundle", "import", "usb"]);
    assert!(said.contains("left alone: written by this desk"), "{said}");
    assert!(
        said.contains("nothing to do: the home's copy of HF's cases, all here already"),
        "{said}"
    );
    // A second restore, from the same old backup: yet another epoch.
    ok(h, "hf.db", "2026-11-19", &["restore", "bk.db", "--yes"]);
    assert_eq!(
        add(h, "hf.db", "2026-11-19", "第二次还原后"),
        "HF-20261119-1C001"
    );
}

#[test]
fn a_restored_file_goes_on_in_a_new_epoch_even_when_the_aside_file_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    ok(h, "hf.db", "2026-11-01", &["init", "--station", "HF"]);
    add(h, "hf.db", "2026-11-17", "一");
    ok(h, "hf.db", "2026-11-17", &["backup", "bk.db"]);
    ok(h, "hf.db", "2026-11-17", &["restore", "bk.db", "--yes"]);
    assert_eq!(add(h, "hf.db", "2026-11-17", "二"), "HF-20261117-1B001");
    for entry in std::fs::read_dir(h).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.contains("before-restore") {
            std::fs::remove_file(h.join(name)).unwrap();
        }
    }
    // The old backup again, the aside files deleted: epoch C, not B a second time.
    ok(h, "hf.db", "2026-11-17", &["restore", "bk.db", "--yes"]);
    assert_eq!(add(h, "hf.db", "2026-11-17", "三"), "HF-20261117-1C001");
}

#[test]
fn a_reinstalled_desk_is_refused_by_name_with_the_remedy_then_taken_whole() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    ok(h, "home.db", "2026-11-01", &["init", "--station", "XA"]);
    ok(h, "old.db", "2026-11-01", &["init", "--station", "HF"]);
    common::approve_cli(h, "home.db", "old.db");
    let old = add(h, "old.db", "2026-11-17", "旧电脑登记");
    import(
        h,
        "home.db",
        "2026-11-17",
        &export(h, "old.db", "2026-11-17", "usb"),
    );
    // The PC is reinstalled the same day: a fresh desk that calls itself desk 1 again.
    ok(h, "new.db", "2026-11-17", &["init", "--station", "HF"]);
    let clash = add(h, "new.db", "2026-11-17", "重装后登记");
    assert_eq!(clash, old, "the fresh desk cannot know the number was used");
    let later = add(h, "new.db", "2026-11-18", "重装后次日");
    let before = dump_file(&h.join("home.db"));
    let bundle = export(h, "new.db", "2026-11-18", "usb");
    let (success, out, err) = run(
        h,
        "home.db",
        "2026-11-18",
        &["bundle", "import", &bundle.to_string_lossy()],
    );
    assert!(!success, "{out}");
    for says in [
        "HF desk 1 is known here with fingerprint",
        "also calls itself HF desk 1",
        "Nothing was changed",
        "liaison desk renumber --desk 2",
        "bundle export --all",
    ] {
        assert!(err.contains(says), "{says}: {err}");
    }
    assert_eq!(
        dump_file(&h.join("home.db")),
        before,
        "a refused bundle changes nothing"
    );
    // The remedy, as the message says.
    let said = ok(
        h,
        "new.db",
        "2026-11-18",
        &["desk", "renumber", "--desk", "2", "--yes"],
    );
    assert!(
        said.contains(&format!("{clash} → HF-20261117-2A001")),
        "{said}"
    );
    assert!(
        said.contains(&format!("{later} → HF-20261118-2A001")),
        "{said}"
    );
    let bundle = export(h, "new.db", "2026-11-18", "usb");
    let (success, said, _) = run(
        h,
        "home.db",
        "2026-11-18",
        &["bundle", "import", &bundle.to_string_lossy()],
    );
    assert!(!success && said.contains("waits for approval"), "{said}");
    let said = common::approve_cli(h, "home.db", "new.db");
    assert!(
        said.contains("approved HF desk 2") && said.contains("2 new cases"),
        "{said}"
    );
    assert_eq!(
        numbers(h, "home.db"),
        [
            old.clone(),
            "HF-20261117-2A001".into(),
            "HF-20261118-2A001".into()
        ]
    );
    // The old number still finds the renumbered case at its desk; new cases take the new one.
    let shown = ok(h, "new.db", "2026-11-18", &["case", "show", &clash]);
    assert!(
        shown.contains("HF-20261117-2A001") && shown.contains("重装后登记"),
        "{shown}"
    );
    assert_eq!(
        add(h, "new.db", "2026-11-18", "改号后"),
        "HF-20261118-2A002"
    );
    // The refused bundle, still on the stick, is harmless now.
    let again = ok(h, "home.db", "2026-11-18", &["bundle", "import", "usb"]);
    assert!(again.contains(", 0 refused"), "{again}");
    ok(h, "home.db", "2026-11-18", &["check"]);
}

/// A home that approved HF desk 1 and took its first bundle, and HF's second bundle to forge.
struct Forgery {
    _dir: tempfile::TempDir,
    h: PathBuf,
    second: PathBuf,
    pristine: HashMap<String, Vec<u8>>,
}

impl Forgery {
    fn new() -> Forgery {
        let dir = tempfile::tempdir().unwrap();
        let h = dir.path().to_path_buf();
        ok(&h, "home.db", "2026-11-01", &["init", "--station", "XA"]);
        ok(&h, "hf.db", "2026-11-01", &["init", "--station", "HF"]);
        common::approve_cli(&h, "home.db", "hf.db");
        ok(
            &h,
            "hf.db",
            "2026-11-17",
            &["case", "add", "--content", "第一件", "--name", "王小红"],
        );
        import(
            &h,
            "home.db",
            "2026-11-17",
            &export(&h, "hf.db", "2026-11-17", "usb"),
        );
        ok(
            &h,
            "hf.db",
            "2026-11-18",
            &["case", "add", "--content", "第二件", "--name", "李四"],
        );
        let second = export(&h, "hf.db", "2026-11-18", "usb");
        let pristine = std::fs::read_dir(&second)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        Forgery {
            _dir: dir,
            h,
            second,
            pristine,
        }
    }

    fn restore(&self) {
        for e in std::fs::read_dir(&self.second).unwrap() {
            std::fs::remove_file(e.unwrap().path()).unwrap();
        }
        for (name, bytes) in &self.pristine {
            std::fs::write(self.second.join(name), bytes).unwrap();
        }
    }

    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.second.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from} in {text}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    }

    /// Imports the forged bundle: refused, saying `says`, the home's file unchanged.
    fn refused(&self, says: &str) {
        let before = dump_file(&self.h.join("home.db"));
        let (success, out, err) = run(
            &self.h,
            "home.db",
            "2026-11-19",
            &["bundle", "import", &self.second.to_string_lossy()],
        );
        assert!(!success, "accepted: {out}");
        assert!(err.contains(says), "expected `{says}` in: {err}");
        assert!(!err.contains("database error"), "{err}");
        assert_eq!(dump_file(&self.h.join("home.db")), before, "{says}");
        self.restore();
    }
}

#[test]
fn forged_bundles_are_refused_whole_and_the_home_is_unchanged() {
    let f = Forgery::new();
    let key = desk_key(&f.h.join("hf.db"));
    let reseal = |f: &Forgery| reseal(&f.second, &key);

    // Edited events with the checksums computed again, not signed again.
    f.edit("events.jsonl", "第二件", "第二件（改）");
    let manifest = f.second.join("manifest.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let events = std::fs::read(f.second.join("events.jsonl")).unwrap();
    let old = liaison::bundle::files::sha256_hex(&f.pristine["events.jsonl"]);
    let new = liaison::bundle::files::sha256_hex(&events);
    std::fs::write(&manifest, text.replace(&old, &new)).unwrap();
    f.refused("signature does not verify");

    // Signed by the desk's key, but claiming another station's numbers.
    f.edit("events.jsonl", "HF-20261118-001", "XY1-20261118-001");
    reseal(&f);
    f.refused("is not one of HF");

    // A number no desk issues.
    f.edit("events.jsonl", "HF-20261118-001", "totally-bogus");
    reseal(&f);
    f.refused("`totally-bogus` is not a case number a desk issues");

    // Another desk's pattern of the same station.
    f.edit("events.jsonl", "HF-20261118-001", "HF-20261118-2A001");
    reseal(&f);
    f.refused("is not one of HF desk 1's numbers (HF-YYYYMMDD-NNN)");

    // Reference data from a station: a unit, one with markup in its name.
    for unit in [
        r#"{"code":"ZZ","name":"新单位","tier":"street","contact":null,"phone":null}"#,
        r#"{"code":"WY","name":"<script>alert(1)</script>","tier":"street","contact":null,"phone":null}"#,
    ] {
        std::fs::write(f.second.join("units.jsonl"), format!("{unit}\n")).unwrap();
        reseal(&f);
        f.refused("carries no reference data");
    }
    std::fs::write(
        f.second.join("members.jsonl"),
        r#"{"id":"D99","name":"冒名","kind":"deputy","level":"district","station":"XY1","initials":"mm","title":null}"#
            .to_string()
            + "\n",
    )
    .unwrap();
    reseal(&f);
    f.refused("members.jsonl: a station desk's bundle carries no reference data");

    // An event in 2199, and a bundle that says it was written then.
    f.edit("events.jsonl", "\"at\":\"2026-11-18", "\"at\":\"2199-11-18");
    reseal(&f);
    f.refused("after the bundle was written");
    let mut m: serde_json::Value = serde_json::from_slice(&f.pristine["manifest.json"]).unwrap();
    m["created_at"] = "2199-11-18T09:00:00".into();
    std::fs::write(&manifest, m.to_string()).unwrap();
    f.edit("events.jsonl", "\"at\":\"2026-11-18", "\"at\":\"2199-11-18");
    reseal(&f);
    f.refused("after this desk's today (2026-11-19)");

    // Another station's roster.
    std::fs::write(
        f.second.join("roster.jsonl"),
        "{\"date\":\"2026-11-18\",\"station\":\"XY1\",\"member\":\"D02\",\"checked_in_at\":null,\"checked_out_at\":null}\n",
    )
    .unwrap();
    reseal(&f);
    f.refused("roster.jsonl, line 1: a roster entry of station XY1");

    // Signed by another key in the name of the enrolled desk.
    let stranger = liaison::bundle::sign::SigningKey::from_bytes(&[42; 32]);
    reseal_with(&f.second, &stranger);
    f.refused("other than the one the home approved for it");

    // The untouched bundle still goes in.
    let said = import(&f.h, "home.db", "2026-11-19", &f.second);
    assert!(said.contains("1 new case)"), "{said}");
}

fn reseal_with(bundle: &Path, key: &liaison::bundle::sign::SigningKey) {
    reseal(bundle, key);
}

#[test]
fn a_usb_folder_of_thirteen_desks_in_any_order_goes_in_whole() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    ok(h, "home.db", "2026-11-01", &["init", "--station", "XA"]);
    let stations = [
        "HF", "XY1", "XY2", "XY3", "XAS", "JX", "XF", "QY", "LX", "DZ", "DXG",
    ];
    let mut desks: Vec<(String, String, u32)> = stations
        .iter()
        .map(|s| (format!("{s}.db"), s.to_string(), 1))
        .collect();
    desks.push(("HF2.db".into(), "HF".into(), 2));
    desks.push(("DZ2.db".into(), "DZ".into(), 2));
    let mut printed = Vec::new();
    let mut bundles = Vec::new();
    for (db, station, n) in &desks {
        ok(
            h,
            db,
            "2026-11-01",
            &["init", "--station", station, "--desk", &n.to_string()],
        );
        common::approve_cli(h, "home.db", db);
        for day in ["2026-11-17", "2026-11-18"] {
            printed.push(add(h, db, day, &format!("{station} {n} {day}")));
            bundles.push(export(h, db, day, "out"));
        }
    }
    assert_eq!(bundles.len(), 26);
    // On the stick under names that sort in no useful order.
    let usb = h.join("usb");
    std::fs::create_dir(&usb).unwrap();
    let mut rng = fastrand::Rng::with_seed(13);
    let mut shuffled = bundles.clone();
    rng.shuffle(&mut shuffled);
    for (i, b) in shuffled.iter().enumerate() {
        std::fs::rename(
            b,
            usb.join(format!(
                "{:02}-{}",
                40 - i,
                b.file_name().unwrap().to_string_lossy()
            )),
        )
        .unwrap();
    }
    // One desk's first bundle is left behind: its second waits and says why.
    let late = usb.join(
        std::fs::read_dir(&usb)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .find(|n| n.contains("liaison-DZ-2-") && n.contains("A000001-A000001"))
            .unwrap(),
    );
    let aside = h.join("later");
    std::fs::create_dir(&aside).unwrap();
    std::fs::rename(&late, aside.join(late.file_name().unwrap())).unwrap();
    let (success, out, _) = run(h, "home.db", "2026-11-19", &["bundle", "import", "usb"]);
    assert!(!success, "a bundle waits: {out}");
    assert_eq!(out.matches("1 event (1 new case)").count(), 24, "{out}");
    assert_eq!(out.matches("approved ahead").count(), 12, "{out}");
    let waits: Vec<&str> = out.lines().filter(|l| l.contains(": waits:")).collect();
    assert_eq!(waits.len(), 1, "{out}");
    assert!(
        waits[0].contains("events A1–A1 of DZ desk 2 have not been imported"),
        "{out}"
    );
    assert!(
        out.contains("25 bundles: 24 applied or already here, 1 waiting, 0 refused"),
        "{out}"
    );
    // The missing one arrives: the folder again, and everything is in.
    std::fs::rename(aside.join(late.file_name().unwrap()), &late).unwrap();
    let out = ok(h, "home.db", "2026-11-19", &["bundle", "import", "usb"]);
    assert!(
        out.contains("26 bundles: 26 applied or already here, 0 waiting, 0 refused"),
        "{out}"
    );
    printed.sort();
    assert_eq!(numbers(h, "home.db"), printed);
    assert!(unique(&printed));
    ok(h, "home.db", "2026-11-19", &["check"]);
}

#[test]
fn init_refuses_a_desk_number_out_of_range_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    for bad in ["0", "100", "two", "-1"] {
        let (success, _, err) = run(
            h,
            "x.db",
            "2026-11-01",
            &["init", "--station", "HF", "--desk", bad],
        );
        assert!(!success && err.contains(bad), "{bad}: {err}");
        assert!(!h.join("x.db").exists());
    }
    liaison(h)
        .args(["--db", "x.db", "desk"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("x.db 处没有数据库"));
}
