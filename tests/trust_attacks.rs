//! The roll-up under attack, through the real binary: a USB stick made by hand, a laptop's
//! key in the wrong hands, files that are not files. Each attack is refused (or set aside to
//! wait for a trust that is never given) with the case data of the home and of the desk
//! exactly as before; the store of waiting bundles, aside from the case data, is the only
//! thing that may change.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{approve_cli, desk_key, dump_file, liaison, reseal, trust_home_cli, written_bundle};
use liaison::bundle::sign::SigningKey;
use liaison::bundle::wire::{WireDesk, WireEvent};
use liaison::bundle::{BUNDLE_VERSION, BundleKind, EpochRange, FORMAT, Manifest, Signer};
use liaison::domain::digest::hex;
use liaison::domain::fingerprint::Fingerprint;
use uuid::Uuid;

/// Runs the binary under `--lang en` at `today`; (success, stdout, stderr). A run that
/// hangs (a FIFO) fails the test instead of stalling it.
fn run(h: &Path, db: &str, today: &str, args: &[&str]) -> (bool, String, String) {
    let mut all = vec!["--lang", "en", "--db", db, "--today", today];
    all.extend_from_slice(args);
    let out = liaison(h)
        .args(&all)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(h: &Path, db: &str, today: &str, args: &[&str]) -> String {
    let (success, out, err) = run(h, db, today, args);
    assert!(success, "{args:?}: {err}{out}");
    out
}

/// The case data of a file: cases, residents, every log, what was applied of each desk,
/// rosters and activities. Not the trust tables, not the store of waiting bundles.
fn case_data(db: &Path) -> String {
    let keep = [
        "cases",
        "residents",
        "case_events",
        "held_events",
        "desk_progress",
        "roster",
        "activities",
        "activity_members",
        "held_at_home",
    ];
    let dump = dump_file(db);
    let mut out = String::new();
    let mut on = false;
    for line in dump.lines() {
        if let Some(table) = line.strip_prefix("## ") {
            on = keep.contains(&table);
        }
        if on {
            out.push_str(line);
            out.push('\n');
        }
    }
    assert!(out.contains("## case_events"), "{dump}");
    out
}

/// Imports `bundle` into `db`: not applied, the case data unchanged. Returns what was said
/// (stdout and stderr).
fn not_applied(h: &Path, db: &str, today: &str, bundle: &Path) -> String {
    let before = case_data(&h.join(db));
    let (success, out, err) = run(
        h,
        db,
        today,
        &["bundle", "import", &bundle.to_string_lossy()],
    );
    assert!(!success, "applied: {out}");
    assert!(
        !err.contains("database error") && !err.contains("panicked"),
        "{err}"
    );
    assert_eq!(case_data(&h.join(db)), before, "{out}{err}");
    println!("--- {}:\n{out}{err}", bundle.display());
    format!("{out}{err}")
}

/// The home (XA), HF's fixed desk 1 and laptop desk 2, both approved; three cases at desk
/// 1 with residents, the third answered at the desk; the home has them all, and both desks
/// trust the home and hold its reference data.
struct World {
    _dir: tempfile::TempDir,
    h: PathBuf,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let h = dir.path().to_path_buf();
        ok(&h, "home.db", "2026-11-01", &["init", "--station", "XA"]);
        ok(&h, "hf1.db", "2026-11-01", &["init", "--station", "HF"]);
        ok(
            &h,
            "hf2.db",
            "2026-11-01",
            &["init", "--station", "HF", "--desk", "2"],
        );
        approve_cli(&h, "home.db", "hf1.db");
        approve_cli(&h, "home.db", "hf2.db");
        for (name, phone, content) in [
            ("王小红", "13812345678", "小区路灯坏了三个月"),
            ("李四", "13912345678", "楼道堆放杂物"),
            ("赵六", "13712345678", "我的电话13712345678，垃圾分类点太远"),
        ] {
            ok(
                &h,
                "hf1.db",
                "2026-11-17",
                &[
                    "case",
                    "add",
                    "--content",
                    content,
                    "--name",
                    name,
                    "--phone",
                    phone,
                    "--address",
                    "和风雅苑3幢201室",
                ],
            );
        }
        ok(
            &h,
            "hf1.db",
            "2026-11-17",
            &[
                "case",
                "classify",
                "HF-20261117-003",
                "--category",
                "04",
                "--nature",
                "suggestion",
                "--level",
                "on_site",
                "--note",
                "已向社区反映",
            ],
        );
        let b = written_bundle(
            &h,
            ok(
                &h,
                "hf1.db",
                "2026-11-17",
                &["bundle", "export", "--out", "usb"],
            )
            .as_bytes(),
        );
        ok(
            &h,
            "home.db",
            "2026-11-17",
            &["bundle", "import", &b.to_string_lossy()],
        );
        let r = written_bundle(
            &h,
            ok(
                &h,
                "home.db",
                "2026-11-17",
                &["bundle", "export", "--out", "down"],
            )
            .as_bytes(),
        );
        for desk in ["hf1.db", "hf2.db"] {
            trust_home_cli(&h, desk, "home.db");
            ok(
                &h,
                desk,
                "2026-11-17",
                &["bundle", "import", &r.to_string_lossy()],
            );
        }
        World { _dir: dir, h }
    }

    fn case_id(&self, db: &str, number: &str) -> Uuid {
        common::cases_json(&self.h, db, "2026-11-18")
            .into_iter()
            .find(|c| c["number"] == number)
            .map(|c| c["id"].as_str().unwrap().parse().unwrap())
            .unwrap_or_else(|| panic!("{number} in {db}"))
    }
}

/// A bundle made by hand: `files` signed with `key`, the signer as given.
fn hand_made(
    into: &Path,
    kind: BundleKind,
    station: &str,
    signer: Signer,
    ranges: Vec<EpochRange>,
    files: &[(&str, String)],
    key: &SigningKey,
) -> PathBuf {
    let m = Manifest {
        format: FORMAT.into(),
        bundle_version: BUNDLE_VERSION,
        schema: liaison::store::SCHEMA_VERSION,
        kind,
        station: station.into(),
        signer,
        ranges,
        version: 0,
        for_station: String::new(),
        created_at: "2026-11-18T10:05:00".into(),
        counts: Default::default(),
        files: Default::default(),
        sizes: Default::default(),
        rekeys: Vec::new(),
        signature: String::new(),
    };
    liaison::bundle::files::write(into, m, files, key).unwrap()
}

fn event(id: u128, case: Uuid, kind: &str, payload: &str, desk: Uuid, seq: i64) -> WireEvent {
    WireEvent {
        id: Uuid::from_u128(id),
        case_id: case,
        at: "2026-11-18T10:00:00".into(),
        actor: "小王".into(),
        kind: kind.into(),
        payload: serde_json::from_str(payload).unwrap(),
        desk,
        epoch: 1,
        seq,
        digest: None,
    }
}

fn lines<T: serde::Serialize>(items: &[T]) -> String {
    liaison::bundle::wire::lines(items)
}

/// The issue's first attack: a folder made by hand, signed with a freshly generated key and
/// calling itself "HF desk 3", closes HF desk 1's case, erases its resident and renumbers
/// another. It waits for an approval the home never gives; refused, it is deleted; approved
/// by mistake, its purge and renumbering are still refused, for they are desk 1's alone.
#[test]
fn a_stranger_calling_itself_a_desk_changes_nothing() {
    let w = World::new();
    let h = &w.h;
    let c1 = w.case_id("home.db", "HF-20261117-001");
    let c3 = w.case_id("home.db", "HF-20261117-003");
    let forge = |seed: u8, dir: &str| {
        let key = SigningKey::from_bytes(&[seed; 32]);
        let desk = Uuid::from_u128(0x3333_0000 + u128::from(seed));
        let events = [
            event(
                1,
                c3,
                "called_back",
                r#"{"satisfaction":"satisfied","resolved":true}"#,
                desk,
                1,
            ),
            event(2, c3, "purged", r#"{"before":"2026-11-19"}"#, desk, 2),
            event(
                3,
                c1,
                "renumbered",
                r#"{"number":"HF-20261117-3A001","previous":"HF-20261117-001"}"#,
                desk,
                3,
            ),
        ];
        let path = hand_made(
            &h.join(dir),
            BundleKind::Events,
            "HF",
            Signer {
                desk,
                station: "HF".into(),
                number: 3,
                key: hex(&key.verifying_key().to_bytes()),
            },
            vec![EpochRange {
                epoch: 1,
                from: 1,
                to: 3,
            }],
            &[
                ("events.jsonl", lines(&events)),
                ("residents.jsonl", String::new()),
                ("roster.jsonl", String::new()),
                ("activities.jsonl", String::new()),
            ],
            &key,
        );
        (
            path,
            Fingerprint::of(&key.verifying_key().to_bytes()).to_string(),
        )
    };
    let (bundle, fp) = forge(3, "stick");
    let said = not_applied(h, "home.db", "2026-11-18", &bundle);
    assert!(
        said.contains("waits for approval: the bundle says it comes from HF desk 3")
            && said.contains(&format!("key fingerprint {fp}")),
        "{said}"
    );
    assert!(!said.contains("enrolled"), "{said}");
    // The folder as a whole: the same.
    let said = not_applied(h, "home.db", "2026-11-18", &h.join("stick"));
    assert!(said.contains("1 waiting"), "{said}");
    let listed = ok(h, "home.db", "2026-11-18", &["desk", "list"]);
    assert!(listed.contains("1 bundle waits for approval"), "{listed}");
    // Refused: its waiting bundle is deleted, and what it sends later is refused outright.
    let said = ok(
        h,
        "home.db",
        "2026-11-18",
        &["desk", "refuse", "HF", "3", "--fingerprint", &fp],
    );
    assert!(said.contains("1 waiting bundle deleted"), "{said}");
    let listed = ok(h, "home.db", "2026-11-18", &["desk", "list"]);
    assert!(!listed.contains("waits"), "{listed}");
    let said = not_applied(h, "home.db", "2026-11-18", &bundle);
    assert!(said.contains("was refused at the home"), "{said}");

    // Another key, approved by mistake: its follow-through would be allowed, but its purge
    // of desk 1's case is not; the bundle is refused whole, naming the line.
    let (bundle, fp) = forge(4, "stick2");
    not_applied(h, "home.db", "2026-11-18", &bundle);
    let before = case_data(&h.join("home.db"));
    let (success, said, err) = run(
        h,
        "home.db",
        "2026-11-18",
        &["desk", "approve", "HF", "3", "--fingerprint", &fp],
    );
    println!("--- approved by mistake:\n{said}{err}");
    assert!(!success, "{said}");
    assert!(
        said.contains("events.jsonl, line 2: HF desk 3 may not record `personal data purged` on HF-20261117-003")
            && said.contains("only the case's own desk (HF desk 1) may"),
        "{said}"
    );
    assert_eq!(case_data(&h.join("home.db")), before);
    let shown = ok(
        h,
        "home.db",
        "2026-11-18",
        &["case", "show", "HF-20261117-001"],
    );
    assert!(!shown.contains("3A001"), "{shown}");
    ok(h, "home.db", "2026-11-18", &["check"]);
}

/// The issue's second attack: a recovery bundle made by hand, signed by a random key that
/// calls itself the home, whose `purged` event would erase a desk's own residents. A desk
/// that has not confirmed its home keeps it waiting; a desk that trusts the real home
/// refuses it and names the remedy for a home that was really reinstalled.
#[test]
fn a_stranger_calling_itself_the_home_changes_nothing() {
    let w = World::new();
    let h = &w.h;
    // A fresh desk of HF that trusts no home yet.
    ok(
        h,
        "hf5.db",
        "2026-11-17",
        &["init", "--station", "HF", "--desk", "5"],
    );
    ok(
        h,
        "hf5.db",
        "2026-11-17",
        &[
            "case",
            "add",
            "--content",
            "井盖缺失",
            "--name",
            "钱七",
            "--phone",
            "13612345678",
        ],
    );
    let case = w.case_id("hf5.db", "HF-20261117-5A001");
    let key = SigningKey::from_bytes(&[77; 32]);
    let desk = Uuid::from_u128(0x7777);
    let forge = |dir: &str| {
        hand_made(
            &h.join(dir),
            BundleKind::Recovery,
            "HF",
            Signer {
                desk,
                station: "XA".into(),
                number: 1,
                key: hex(&key.verifying_key().to_bytes()),
            },
            Vec::new(),
            &[
                (
                    "events.jsonl",
                    lines(&[event(
                        9,
                        case,
                        "purged",
                        r#"{"before":"2026-11-19"}"#,
                        desk,
                        1,
                    )]),
                ),
                (
                    "desks.jsonl",
                    lines(&[WireDesk {
                        uuid: desk,
                        station: "XA".into(),
                        number: 1,
                        retired: false,
                    }]),
                ),
                ("residents.jsonl", String::new()),
            ],
            &key,
        )
    };
    let forged = forge("fake-home");
    let said = not_applied(h, "hf5.db", "2026-11-18", &forged);
    assert!(
        said.contains("this desk has not confirmed the key of its home XA"),
        "{said}"
    );
    assert!(!said.contains("pinned"), "{said}");
    // Trusting the real home deletes what another key sent, and says so.
    let said = trust_home_cli(h, "hf5.db", "home.db");
    assert!(
        said.contains("deleted 1 waiting bundle signed with another key"),
        "{said}"
    );
    let listed = ok(h, "hf5.db", "2026-11-18", &["desk", "list"]);
    assert!(!listed.contains("waits"), "{listed}");
    let shown = ok(
        h,
        "hf5.db",
        "2026-11-18",
        &["case", "show", "HF-20261117-5A001"],
    );
    assert!(shown.contains("钱七"), "{shown}");
    // At a desk that trusts the real home: refused, with the remedy.
    for db in ["hf5.db", "hf1.db"] {
        let said = not_applied(h, db, "2026-11-18", &forged);
        assert!(
            said.contains("other than the key of the home XA this desk trusts")
                && said.contains("liaison desk trust-home --fingerprint"),
            "{said}"
        );
    }
}

/// The issue's third attack: a reference bundle signed with a station desk's key, calling
/// itself the home, pushing a unit with markup down. Refused where the home is trusted,
/// waiting where it is not; the unit never arrives.
#[test]
fn a_desk_key_cannot_sign_for_the_home() {
    let w = World::new();
    let h = &w.h;
    let genuine = std::fs::read_dir(h.join("down"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("-HF"))
        .unwrap();
    let forged = h.join("forged").join(genuine.file_name().unwrap());
    std::fs::create_dir_all(&forged).unwrap();
    for e in std::fs::read_dir(&genuine).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), forged.join(e.file_name())).unwrap();
    }
    let units = std::fs::read_to_string(forged.join("units.jsonl")).unwrap();
    let first = units.lines().next().unwrap();
    let mut unit: serde_json::Value = serde_json::from_str(first).unwrap();
    unit["name"] = "‹script›alert(1)‹/script›".into();
    std::fs::write(
        forged.join("units.jsonl"),
        units.replacen(first, &unit.to_string(), 1),
    )
    .unwrap();
    let manifest = forged.join("manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    m["version"] = 99.into();
    std::fs::write(&manifest, m.to_string()).unwrap();
    reseal(&forged, &desk_key(&h.join("hf2.db")));
    let said = not_applied(h, "hf1.db", "2026-11-18", &forged);
    assert!(
        said.contains("other than the key of the home XA this desk trusts"),
        "{said}"
    );
    ok(
        h,
        "fresh.db",
        "2026-11-17",
        &["init", "--station", "HF", "--desk", "6"],
    );
    let said = not_applied(h, "fresh.db", "2026-11-18", &forged);
    assert!(
        said.contains("has not confirmed the key of its home XA"),
        "{said}"
    );
    let units = ok(h, "hf1.db", "2026-11-18", &["units", "list"]);
    assert!(!units.contains("script"), "{units}");
}

/// A genuine bundle, copied so that its files can be replaced.
fn copy_of(bundle: &Path, into: &Path) -> PathBuf {
    let target = into.join(bundle.file_name().unwrap());
    std::fs::create_dir_all(&target).unwrap();
    for e in std::fs::read_dir(bundle).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), target.join(e.file_name())).unwrap();
    }
    target
}

/// The issue's fourth attack: `events.jsonl` as a link to /dev/zero, a FIFO, a link to a
/// file outside the bundle, a folder, a file larger than declared (an 8 GB sparse one): each
/// refused at once, by what it is, without reading it; the genuine bundle then goes in.
#[cfg(unix)]
#[test]
fn bundle_files_that_are_not_files_are_not_read() {
    let w = World::new();
    let h = &w.h;
    ok(
        h,
        "hf1.db",
        "2026-11-18",
        &["case", "add", "--content", "第四件"],
    );
    let genuine = written_bundle(
        h,
        ok(
            h,
            "hf1.db",
            "2026-11-18",
            &["bundle", "export", "--out", "usb2"],
        )
        .as_bytes(),
    );
    let events = |b: &Path| b.join("events.jsonl");
    let outside = h.join("outside.txt");
    std::fs::copy(events(&genuine), &outside).unwrap();
    type Make<'a> = Box<dyn Fn(&Path) + 'a>;
    let cases: [(&str, Make, &str); 5] = [
        (
            "zero",
            Box::new(|b: &Path| std::os::unix::fs::symlink("/dev/zero", events(b)).unwrap()),
            "events.jsonl in the bundle is a link, not a regular file",
        ),
        (
            "fifo",
            Box::new(|b: &Path| {
                let made = std::process::Command::new("mkfifo")
                    .arg(events(b))
                    .status()
                    .unwrap();
                assert!(made.success());
            }),
            "events.jsonl in the bundle is a pipe (FIFO), not a regular file",
        ),
        (
            "outside",
            Box::new(|b: &Path| std::os::unix::fs::symlink(&outside, events(b)).unwrap()),
            "events.jsonl in the bundle is a link, not a regular file",
        ),
        (
            "folder",
            Box::new(|b: &Path| std::fs::create_dir(events(b)).unwrap()),
            "events.jsonl in the bundle is a folder, not a regular file",
        ),
        (
            "huge",
            Box::new(|b: &Path| {
                std::fs::copy(h.join("outside.txt"), events(b)).unwrap();
                let f = std::fs::OpenOptions::new()
                    .write(true)
                    .open(events(b))
                    .unwrap();
                f.set_len(8 * 1024 * 1024 * 1024).unwrap();
            }),
            "bytes where the signed manifest says",
        ),
    ];
    for (name, make, says) in cases {
        let b = copy_of(&genuine, &h.join(name));
        std::fs::remove_file(events(&b)).unwrap();
        make(&b);
        let said = not_applied(h, "home.db", "2026-11-18", &b);
        assert!(said.contains(says), "{name}: {said}");
    }
    let said = ok(
        h,
        "home.db",
        "2026-11-18",
        &["bundle", "import", &genuine.to_string_lossy()],
    );
    assert!(said.contains("1 event (1 new case)"), "{said}");
}

/// The issue's fifth attack: an event id the home has, sent again with other content, by
/// the desk's own key (someone holding its file). Refused naming both lines, the desk's
/// sequence not advanced; and the same id twice in one bundle. An honest copy of an event a
/// purge erased since is not refused.
#[test]
fn an_event_id_reused_with_other_content_is_refused() {
    let w = World::new();
    let h = &w.h;
    let key = desk_key(&h.join("hf1.db"));
    ok(
        h,
        "hf1.db",
        "2026-11-18",
        &["case", "add", "--content", "第四件"],
    );
    let genuine = written_bundle(
        h,
        ok(
            h,
            "hf1.db",
            "2026-11-18",
            &["bundle", "export", "--out", "usb2"],
        )
        .as_bytes(),
    );
    // The id of HF-20261117-001's registration, as the home has it.
    let first: WireEvent = serde_json::from_str(
        std::fs::read_to_string(
            std::fs::read_dir(h.join("usb"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .next()
                .unwrap()
                .join("events.jsonl"),
        )
        .unwrap()
        .lines()
        .next()
        .unwrap(),
    )
    .unwrap();
    let text = std::fs::read_to_string(genuine.join("events.jsonl")).unwrap();
    let mut mine: WireEvent = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    let own_id = mine.id;
    mine.id = first.id;
    mine.digest = None;
    let b = copy_of(&genuine, &h.join("reused"));
    std::fs::write(b.join("events.jsonl"), lines(&[mine])).unwrap();
    reseal(&b, &key);
    let said = not_applied(h, "home.db", "2026-11-18", &b);
    assert!(
        said.contains(&format!(
            "events.jsonl, line 1: event {} is here already with other content (here: HF-20261117-001 `registered`",
            first.id
        )) && said.contains("the desk's sequence did not advance"),
        "{said}"
    );
    // Two lines of one bundle under one id.
    let mut again: WireEvent = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    again.seq += 1;
    again.payload["content"] = "第四件（另一版）".into();
    again.digest = None;
    let original: WireEvent = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(again.id, own_id);
    let b = copy_of(&genuine, &h.join("twice"));
    std::fs::write(b.join("events.jsonl"), lines(&[original, again])).unwrap();
    let manifest = b.join("manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    m["ranges"][0]["to"] = (m["ranges"][0]["from"].as_i64().unwrap() + 1).into();
    std::fs::write(&manifest, m.to_string()).unwrap();
    reseal(&b, &key);
    let said = not_applied(h, "home.db", "2026-11-18", &b);
    assert!(
        said.contains(&format!(
            "events.jsonl, lines 1 and 2: the same event id {own_id} with different content"
        )),
        "{said}"
    );
    // The genuine bundle goes in.
    let said = ok(
        h,
        "home.db",
        "2026-11-18",
        &["bundle", "import", &genuine.to_string_lossy()],
    );
    assert!(said.contains("1 event (1 new case)"), "{said}");

    // The desk purges the answered case whose content held a phone number: its
    // registration's payload is erased. Sent again whole, it is the same event.
    let said = ok(
        h,
        "hf1.db",
        "2026-11-19",
        &["purge", "--before", "2026-11-19", "--yes"],
    );
    assert!(said.contains('1'), "{said}");
    let all = written_bundle(
        h,
        ok(
            h,
            "hf1.db",
            "2026-11-19",
            &["bundle", "export", "--all", "--out", "usb3"],
        )
        .as_bytes(),
    );
    let text = std::fs::read_to_string(all.join("events.jsonl")).unwrap();
    assert!(!text.contains("13712345678"), "erased at the desk");
    let said = ok(
        h,
        "home.db",
        "2026-11-19",
        &["bundle", "import", &all.to_string_lossy()],
    );
    assert!(
        said.contains("1 event (0 new cases), 5 already here"),
        "{said}"
    );
    let shown = ok(
        h,
        "home.db",
        "2026-11-19",
        &["case", "show", "HF-20261117-003"],
    );
    assert!(
        !shown.contains("13712345678") && !shown.contains("赵六"),
        "{shown}"
    );
}

/// The README's claims: a bundle dated after the home's business day is refused, and a file
/// that is not UTF-8 (its checksum matching) says so, not "checksum mismatch".
#[test]
fn a_bundle_from_tomorrow_and_text_that_is_not_utf8_are_refused_by_name() {
    let w = World::new();
    let h = &w.h;
    ok(
        h,
        "hf1.db",
        "2026-11-21",
        &["case", "add", "--content", "明天的"],
    );
    let tomorrow = written_bundle(
        h,
        ok(
            h,
            "hf1.db",
            "2026-11-21",
            &["bundle", "export", "--out", "usb2"],
        )
        .as_bytes(),
    );
    let said = not_applied(h, "home.db", "2026-11-20", &tomorrow);
    assert!(
        said.contains("after this desk's today (2026-11-20)"),
        "{said}"
    );
    // The same bundle with a byte that is not UTF-8, sealed again with the desk's key.
    let b = copy_of(&tomorrow, &h.join("latin"));
    let mut bytes = std::fs::read(b.join("events.jsonl")).unwrap();
    let at = bytes.windows(3).position(|w| w == "明".as_bytes()).unwrap();
    bytes[at] = 0xff;
    std::fs::write(b.join("events.jsonl"), bytes).unwrap();
    reseal(&b, &desk_key(&h.join("hf1.db")));
    let said = not_applied(h, "home.db", "2026-11-21", &b);
    assert!(
        said.contains("events.jsonl in the bundle is not UTF-8 text")
            && !said.contains("does not match its checksum"),
        "{said}"
    );
    let said = ok(
        h,
        "home.db",
        "2026-11-21",
        &["bundle", "import", &tomorrow.to_string_lossy()],
    );
    assert!(said.contains("1 event (1 new case)"), "{said}");
}

/// An approved desk of another station (JX's, its key in the wrong hands) adds a note to and
/// closes HF's case: a station desk never writes another station's cases, whatever it may
/// do to its own. Refused whole, naming the line; the home's case data unchanged.
#[test]
fn an_approved_desk_of_another_station_cannot_touch_its_cases() {
    let w = World::new();
    let h = &w.h;
    ok(h, "jx.db", "2026-11-01", &["init", "--station", "JX"]);
    approve_cli(h, "home.db", "jx.db");
    let key = desk_key(&h.join("jx.db"));
    let jx = liaison::store::Store::open(&h.join("jx.db"))
        .unwrap()
        .desk_identity()
        .unwrap()
        .uuid;
    let c3 = w.case_id("home.db", "HF-20261117-003");
    let events = [
        event(0x4a58_0001, c3, "note", r#"{"text":"已办结"}"#, jx, 1),
        event(
            0x4a58_0002,
            c3,
            "called_back",
            r#"{"satisfaction":"satisfied","resolved":true}"#,
            jx,
            2,
        ),
    ];
    let bundle = hand_made(
        &h.join("stick"),
        BundleKind::Events,
        "JX",
        Signer {
            desk: jx,
            station: "JX".into(),
            number: 1,
            key: hex(&key.verifying_key().to_bytes()),
        },
        vec![EpochRange {
            epoch: 1,
            from: 1,
            to: 2,
        }],
        &[
            ("events.jsonl", lines(&events)),
            ("residents.jsonl", String::new()),
            ("roster.jsonl", String::new()),
            ("activities.jsonl", String::new()),
        ],
        &key,
    );
    let said = not_applied(h, "home.db", "2026-11-18", &bundle);
    assert!(
        said.contains(
            "events.jsonl, line 1: the event touches HF-20261117-003, a case of station HF"
        ) && said.contains("never writes another's cases"),
        "{said}"
    );
    assert!(
        !said.contains("waits"),
        "an approved desk's bundle is judged: {said}"
    );
    let listed = ok(h, "home.db", "2026-11-18", &["desk", "list"]);
    assert!(!listed.contains("waits"), "{listed}");
    ok(h, "home.db", "2026-11-18", &["check"]);
}
