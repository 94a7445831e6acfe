//! A purge killed at any point (`kill -9`) leaves no purged resident behind once the next
//! command that writes has run: not in the database file (its free pages included), its
//! write-ahead log, its daily backups, the file a restore kept aside, or a printed document.
//! Before, a purge killed after its transaction left "nothing to erase" while the copies
//! still held every resident.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use chrono::Duration as Days;
use common::at;
use liaison::assets;
use liaison::domain::event::{Classification, EventBody};
use liaison::store::{NewCase, Store};

const CASES: usize = 300;
const RUNS: usize = 50;

fn phone(i: usize) -> String {
    format!("1391234{i:04}")
}

fn spoken(i: usize) -> String {
    format!("1378765{i:04}")
}

fn name(i: usize) -> String {
    let given = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
    format!(
        "欧阳{}{}{}",
        given[i / 100 % 10],
        given[i / 10 % 10],
        given[i % 10]
    )
}

/// The binary on the desk's file, as a plain command to spawn.
fn bin(home: &Path) -> Command {
    bin_on(home, "2026-11-17")
}

fn bin_on(home: &Path, today: &str) -> Command {
    let mut cmd = common::liaison_process(home);
    cmd.args(["--db", "desk/hf.db", "--today", today, "--lang", "en"]);
    cmd
}

fn ok(home: &Path, args: &[&str]) -> String {
    let out = bin(home).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Every file under `dir` holding one of `needles` (each a phone or a name of
/// [`phone`], [`spoken`], [`name`]), with the needle. Found by their common beginnings, so
/// that a run reads each file once.
fn holders(dir: &Path, needles: &[String]) -> Vec<(PathBuf, String)> {
    let wanted: std::collections::HashSet<&[u8]> = needles.iter().map(|n| n.as_bytes()).collect();
    let starts: [(&[u8], usize); 3] = [
        (b"1391234", 11),
        (b"1378765", 11),
        ("欧阳".as_bytes(), "欧阳甲乙丙".len()),
    ];
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
            let found = (0..bytes.len()).find_map(|i| {
                let rest = &bytes[i..];
                if rest[0] != b'1' && rest[0] != 0xE6 {
                    return None;
                }
                starts.iter().find_map(|(start, len)| {
                    let candidate = rest.get(..*len)?;
                    (rest.starts_with(start) && wanted.contains(candidate))
                        .then(|| String::from_utf8_lossy(candidate).into_owned())
                })
            });
            if let Some(n) = found {
                out.push((p, n));
            }
        }
    }
    out
}

/// A station desk with `CASES` answered cases, two daily backups, a file kept aside by a
/// restore and a printed receipt: every copy a purge must reach.
fn template(home: &Path) {
    let desk = home.join("desk");
    std::fs::create_dir_all(&desk).unwrap();
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
        for i in 0..CASES {
            let when = at("2026-10-12 08:30") + Days::minutes(i as i64);
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
            hf.record(case.id, vec![answer], "小王", when + Days::minutes(5))
                .unwrap();
        }
    }
    let auto = |day: &str| {
        let out = bin_on(home, day)
            .args(["backup", "--auto"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    };
    auto("2026-11-16");
    auto("2026-11-17");
    ok(home, &["backup", "desk/manual.db"]);
    ok(home, &["restore", "desk/manual.db", "--yes"]);
    std::fs::remove_file(desk.join("manual.db")).unwrap();
    std::fs::create_dir_all(desk.join("documents")).unwrap();
    let receipt = ok(home, &["receipt", "HF-20261012-001", "--format", "html"]);
    std::fs::write(desk.join("documents/receipt-HF-20261012-001.html"), receipt).unwrap();
}

/// The indexes of the cases whose purge the database file has committed.
fn purged_cases(db: &Path) -> Vec<usize> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT c.number FROM cases c WHERE EXISTS \
             (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = 'purged')",
        )
        .unwrap();
    let numbers: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    // HF-20261012-001 is case 0.
    numbers
        .iter()
        .map(|n| n.rsplit('-').next().unwrap().parse::<usize>().unwrap() - 1)
        .collect()
}

#[test]
#[ignore = "long"]
fn a_purge_killed_at_any_point_leaves_no_purged_resident_once_the_next_command_ran() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("template");
    template(&base);
    let all: Vec<String> = (0..CASES)
        .flat_map(|i| [phone(i), spoken(i), name(i)])
        .collect();
    assert!(
        holders(&base.join("desk"), &all).len() >= 4,
        "the copies hold the residents before"
    );

    // How long a whole purge takes here: kills land anywhere in it, and a little after.
    let whole = dir.path().join("whole");
    copy_dir(&base, &whole);
    let started = Instant::now();
    ok(&whole, &["purge", "--before", "2026-11-01", "--yes"]);
    let span = started.elapsed();
    assert_eq!(holders(&whole.join("desk"), &all), Vec::new());

    let seed = 19_004;
    let mut rng = fastrand::Rng::with_seed(seed);
    let (mut untouched, mut left_pending, mut finished) = (0, 0, 0);
    for run in 0..RUNS {
        let home = dir.path().join(format!("run-{run}"));
        copy_dir(&base, &home);
        let mut child = bin(&home)
            .args(["purge", "--before", "2026-11-01", "--yes"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let at = span.mul_f64(rng.f64() * 1.1);
        std::thread::sleep(at);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();

        let db = home.join("desk/hf.db");
        let check = ok(&home, &["check"]);
        let purged_now = purged_cases(&db);
        match (purged_now.is_empty(), check.contains("erasure unfinished")) {
            (true, _) => untouched += 1,
            (false, true) => left_pending += 1,
            (false, false) => finished += 1,
        }
        // The next command that writes.
        let next = bin(&home)
            .args(["case", "add", "--content", "下一位"])
            .output()
            .unwrap();
        assert!(next.status.success(), "run {run}: {next:?}");
        let purged = purged_cases(&db);
        assert_eq!(purged.len(), purged_now.len(), "run {run}");
        let needles: Vec<String> = purged
            .iter()
            .flat_map(|&i| [phone(i), spoken(i), name(i)])
            .collect();
        let left = holders(&home.join("desk"), &needles);
        assert_eq!(
            left,
            Vec::new(),
            "run {run} (seed {seed}, killed after {at:?} of {span:?}): {}",
            String::from_utf8_lossy(&next.stderr)
        );
        let check = ok(&home, &["check"]);
        assert!(
            check.contains("OK") && !check.contains("erasure unfinished"),
            "run {run}: {check}"
        );
        std::fs::remove_dir_all(&home).unwrap();
    }
    eprintln!(
        "{RUNS} runs, a whole purge took {span:?}: killed before its first commit {untouched}, \
         with its erasure left unfinished {left_pending}, after it finished {finished}"
    );
    assert!(
        left_pending > 0,
        "some kill must land between the purge's commit and the end of its erasure"
    );
}

/// A case answered on 2026-10-12 whose resident left `phone`; its number.
fn answered(home: &Path, phone: &str) -> String {
    let out = bin_on(home, "2026-10-12")
        .args(["case", "add", "--content", "路灯坏了", "--phone", phone])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let number = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let out = bin_on(home, "2026-10-12")
        .args(["case", "classify", &number, "--category", "03"])
        .args(["--nature", "help", "--level", "on_site", "--note", "已答复"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    number
}

/// The desk as a purge killed right after its transaction leaves it: the case's resident
/// erased from the tables, the rest of the erasure listed and not done.
fn cut_short_purge(home: &Path, number: &str) {
    let mut store = Store::open(&home.join("desk/hf.db")).unwrap();
    let case = store.find_case(number).unwrap().case.id;
    store
        .record(
            case,
            vec![EventBody::Purged {
                before: common::date("2026-11-01"),
            }],
            "小王",
            at("2026-11-17 09:00"),
        )
        .unwrap();
}

fn file_holds(path: &Path, needle: &str) -> bool {
    std::fs::read(path)
        .unwrap()
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn an_unfinished_erasure_is_reported_by_check_and_finished_by_the_ui_and_the_next_write() {
    use common::pty::{F10, Session};
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    std::fs::create_dir_all(h.join("desk")).unwrap();
    let out = bin_on(h, "2026-10-01")
        .args(["init", "--station", "HF"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let first = "13900001111";
    let number = answered(h, first);
    let out = bin_on(h, "2026-11-16")
        .args(["backup", "--auto"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let backup = h.join("desk/backups/hf-2026-11-16.db");
    assert!(file_holds(&backup, first));
    cut_short_purge(h, &number);

    let check = ok(h, &["check"]);
    assert!(
        check.contains("erasure unfinished") && check.contains("hf-2026-11-16.db"),
        "{check}"
    );
    // `check` only says so: it changes nothing.
    assert!(file_holds(&backup, first));
    let json = ok(h, &["check", "--json"]);
    assert!(json.contains("\"erasure_left\":{\"cases\":1"), "{json}");

    // The terminal UI finishes it in the background and says so.
    let mut s = Session::start(
        h,
        &[
            "--db",
            "desk/hf.db",
            "--today",
            "2026-11-17",
            "--lang",
            "en",
        ],
        100,
        30,
    );
    s.wait_text("finished the erasure a cut-short purge left (1 case)");
    s.send(F10);
    assert!(s.wait_exit(std::time::Duration::from_secs(5)));
    assert!(!file_holds(&backup, first), "the backup is erased");
    let check = ok(h, &["check"]);
    assert!(!check.contains("erasure unfinished"), "{check}");

    // Cut short again, with a file a restore kept aside: the next command that writes
    // finishes it first, on stderr; its own output stays what scripts read.
    let second = "13900002222";
    let number = answered(h, second);
    let aside = h.join("desk/hf-before-restore-20261116-090000.db");
    ok(h, &["backup", "desk/hf-before-restore-20261116-090000.db"]);
    assert!(file_holds(&aside, second));
    cut_short_purge(h, &number);
    let out = bin(h)
        .args(["case", "add", "--content", "下一位"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("a purge was cut short: finishing its erasure first (1 case)")
            && said.contains("hf-before-restore-20261116-090000.db"),
        "{said}"
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.trim().starts_with("HF-20261117-"), "{printed}");
    assert!(!file_holds(&aside, second));
    for file in ["desk/hf.db", "desk/backups/hf-2026-11-16.db"] {
        assert!(!file_holds(&h.join(file), second), "{file}");
    }
}
