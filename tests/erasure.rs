//! A purge erases for good: after `liaison purge`, not one byte of the purged residents'
//! names and phones (typed into the phone field or into what they said) is left in the
//! database file, its write-ahead log, its daily backups, the file a restore kept aside, or
//! the documents printed for them; the same at the home once the purge arrives in a bundle.

mod common;

use std::path::{Path, PathBuf};

use chrono::Duration;
use common::{at, liaison, written_bundle};
use liaison::assets;
use liaison::domain::case::Level;
use liaison::domain::event::{Classification, EventBody};
use liaison::store::{NewCase, Store};

const CASES: usize = 400;

fn phone(i: usize) -> String {
    format!("1391234{i:04}")
}

fn spoken(i: usize) -> String {
    format!("1378765{i:04}")
}

fn name(i: usize) -> String {
    // Distinct three-character names, none of them a word of the texts.
    let given = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
    format!(
        "欧阳{}{}{}",
        given[i / 100 % 10],
        given[i / 10 % 10],
        given[i % 10]
    )
}

/// Every file under `dir` (recursively) holding any of `needles`, with the first one found.
fn holders(dir: &Path, needles: &[String]) -> Vec<(PathBuf, String)> {
    use std::collections::{BTreeMap, HashSet};
    let mut by_len: BTreeMap<usize, HashSet<&[u8]>> = BTreeMap::new();
    for n in needles {
        by_len.entry(n.len()).or_default().insert(n.as_bytes());
    }
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let bytes = std::fs::read(&p).unwrap();
            let found = by_len
                .iter()
                .find_map(|(len, set)| bytes.windows(*len).find(|w| set.contains(w)));
            if let Some(w) = found {
                out.push((p, String::from_utf8_lossy(w).into_owned()));
            }
        }
    }
    out
}

fn ok(h: &Path, db: &str, today: &str, args: &[&str]) -> String {
    let mut all = vec!["--db", db, "--today", today, "--lang", "en"];
    all.extend_from_slice(args);
    let out = liaison(h).args(&all).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_purge_leaves_no_byte_of_the_purged_on_disk_here_or_at_the_home() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    let desk = h.join("desk");
    let home = h.join("home");
    std::fs::create_dir_all(&desk).unwrap();
    std::fs::create_dir_all(&home).unwrap();
    {
        let mut hf = Store::open_or_create(&desk.join("hf.db")).unwrap();
        hf.initialise(
            "HF",
            &assets::network(),
            &assets::taxonomy(),
            &assets::holiday_notices(),
            at("2026-09-01 08:00"),
        )
        .unwrap();
        let mut whole = Store::open_or_create(&home.join("home.db")).unwrap();
        whole
            .initialise(
                "XA",
                &assets::network(),
                &assets::taxonomy(),
                &assets::holiday_notices(),
                at("2026-09-01 08:00"),
            )
            .unwrap();
        for i in 0..CASES {
            let when = at("2026-10-12 08:30") + Duration::minutes(i as i64);
            let new = NewCase {
                content: format!("我的电话{}，请回电。楼道灯坏了", spoken(i)),
                name: name(i),
                phone: phone(i),
                address: format!("和风雅苑{}幢{}室", i % 40 + 1, 100 + i),
                ..NewCase::default()
            };
            let case = hf.register(&new, "小王", when).unwrap().case;
            let answer = EventBody::Answered {
                class: Classification {
                    category: Some("03".into()),
                    nature: None,
                },
                answer: format!("已当场答复，回访电话{}", spoken(i)),
            };
            hf.record(case.id, vec![answer], "小王", when + Duration::minutes(5))
                .unwrap();
            assert_eq!(
                Level::OnSite,
                hf.case(case.id).unwrap().unwrap().case.level.unwrap()
            );
        }
        // One case stays open: its data must survive the purge.
        hf.register(
            &NewCase {
                content: "仍在办理 13600001111".into(),
                name: "在办人".into(),
                phone: "13600002222".into(),
                ..NewCase::default()
            },
            "小王",
            at("2026-10-30 09:00"),
        )
        .unwrap();
    }
    // The home has them all before the purge.
    let first = written_bundle(
        h,
        ok(
            h,
            "desk/hf.db",
            "2026-11-17",
            &["bundle", "export", "--out", "usb"],
        )
        .as_bytes(),
    );
    ok(
        h,
        "home/home.db",
        "2026-11-17",
        &["bundle", "import", &first.to_string_lossy()],
    );
    // Copies beside the desk: a daily backup, a file kept aside by a restore, a receipt.
    ok(h, "desk/hf.db", "2026-11-16", &["backup", "--auto"]);
    ok(h, "desk/hf.db", "2026-11-17", &["backup", "--auto"]);
    ok(h, "desk/hf.db", "2026-11-17", &["backup", "desk/manual.db"]);
    ok(
        h,
        "desk/hf.db",
        "2026-11-17",
        &["restore", "desk/manual.db", "--yes"],
    );
    std::fs::remove_file(desk.join("manual.db")).unwrap();
    std::fs::create_dir_all(desk.join("documents")).unwrap();
    let receipt = ok(
        h,
        "desk/hf.db",
        "2026-11-17",
        &["receipt", "HF-20261012-001", "--format", "html"],
    );
    std::fs::write(desk.join("documents/receipt-HF-20261012-001.html"), receipt).unwrap();
    ok(h, "home/home.db", "2026-11-17", &["backup", "--auto"]);

    let mut needles: Vec<String> = (0..CASES)
        .flat_map(|i| [phone(i), spoken(i), name(i)])
        .collect();
    needles.push("和风雅苑1幢100室".to_string());
    let before = holders(&desk, &needles);
    assert!(
        before.len() >= 4,
        "the copies hold the data before: {before:?}"
    );

    let said = ok(
        h,
        "desk/hf.db",
        "2026-11-17",
        &["purge", "--before", "2026-10-21", "--yes"],
    );
    assert!(
        said.contains(&format!("erased the personal data of {CASES} cases")),
        "{said}"
    );
    assert!(said.contains("deleted the printed document"), "{said}");
    assert_eq!(holders(&desk, &needles), Vec::new(), "{said}");
    // The case still open keeps its resident; every figure stays.
    let open = ok(
        h,
        "desk/hf.db",
        "2026-11-17",
        &["cases", "--status", "queued", "--json", "--reveal"],
    );
    assert!(
        open.contains("13600002222") && open.contains("在办人"),
        "{open}"
    );
    let check = ok(h, "desk/hf.db", "2026-11-17", &["check", "--full"]);
    assert!(check.contains("OK"), "{check}");
    let json = ok(
        h,
        "desk/hf.db",
        "2026-11-17",
        &["case", "show", "HF-20261012-001", "--json"],
    );
    assert!(json.contains("我的电话***********，请回电"), "{json}");

    // At the home, after the next bundle.
    let second = written_bundle(
        h,
        ok(
            h,
            "desk/hf.db",
            "2026-11-17",
            &["bundle", "export", "--out", "usb"],
        )
        .as_bytes(),
    );
    let said = ok(
        h,
        "home/home.db",
        "2026-11-18",
        &["bundle", "import", &second.to_string_lossy()],
    );
    assert!(said.contains("personal data from"), "{said}");
    assert_eq!(holders(&home, &needles), Vec::new(), "{said}");
    ok(h, "home/home.db", "2026-11-18", &["check", "--full"]);
}

#[test]
fn restoring_a_backup_from_before_a_purge_erases_again_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    ok(h, "hf.db", "2026-09-01", &["init", "--station", "HF"]);
    for i in 0..3 {
        let number = ok(
            h,
            "hf.db",
            "2026-10-12",
            &[
                "case",
                "add",
                "--content",
                &format!("电话{}", spoken(i)),
                "--name",
                &name(i),
                "--phone",
                &phone(i),
            ],
        );
        ok(
            h,
            "hf.db",
            "2026-10-12",
            &[
                "case",
                "classify",
                number.trim(),
                "--category",
                "03",
                "--nature",
                "consult",
                "--level",
                "on_site",
                "--note",
                "已答复",
            ],
        );
    }
    ok(h, "hf.db", "2026-11-01", &["backup", "old.db"]);
    ok(
        h,
        "hf.db",
        "2026-11-17",
        &["purge", "--before", "2026-10-21", "--yes"],
    );
    let said = ok(h, "hf.db", "2026-11-17", &["restore", "old.db", "--yes"]);
    assert!(
        said.contains("taken before the purge") && said.contains("(3 cases)"),
        "{said}"
    );
    let shown = ok(h, "hf.db", "2026-11-17", &["cases", "--json", "--reveal"]);
    for i in 0..3 {
        assert!(
            !shown.contains(&phone(i)) && !shown.contains(&spoken(i)),
            "{shown}"
        );
    }
    ok(h, "hf.db", "2026-11-17", &["check"]);
}

/// Another terminal keeps the database open (as a desk's UI does, reading between keys)
/// while the purge rewrites the file: the purge goes through, the other terminal reads the
/// purged data afterwards, and nothing is lost.
#[test]
fn a_purge_goes_through_with_another_terminal_open() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    ok(h, "hf.db", "2026-09-01", &["init", "--station", "HF"]);
    for i in 0..5 {
        let number = ok(
            h,
            "hf.db",
            "2026-10-12",
            &[
                "case",
                "add",
                "--content",
                &format!("电话{}", spoken(i)),
                "--name",
                &name(i),
                "--phone",
                &phone(i),
            ],
        );
        ok(
            h,
            "hf.db",
            "2026-10-12",
            &[
                "case",
                "classify",
                number.trim(),
                "--category",
                "03",
                "--nature",
                "consult",
                "--level",
                "on_site",
                "--note",
                "已答复",
            ],
        );
    }
    let other = Store::open(&h.join("hf.db")).unwrap();
    assert_eq!(other.count_cases().unwrap(), 5);
    let said = ok(
        h,
        "hf.db",
        "2026-11-17",
        &["purge", "--before", "2026-10-21", "--yes"],
    );
    assert!(
        said.contains("erased the personal data of 5 cases"),
        "{said}"
    );
    // The other terminal reads on: every case, no resident left.
    assert_eq!(other.count_cases().unwrap(), 5);
    let shown = other.find_case("HF-20261012-001").unwrap();
    assert_eq!(shown.resident.phone, None);
    assert!(
        !shown.case.content.contains(&spoken(0)),
        "{}",
        shown.case.content
    );
    drop(other);
    let bytes = std::fs::read(h.join("hf.db")).unwrap();
    for i in 0..5 {
        assert!(!bytes.windows(11).any(|w| w == phone(i).as_bytes()));
    }
}
