//! Two terminals on one file: every registration lands with its own number, nobody sees a
//! busy error, and a form being filled keeps its input while the other terminal writes.

mod common;

use std::path::Path;
use std::thread;
use std::time::Duration;

use common::pty::{CTRL_S, F2, Session, TAB};
use common::{case_numbers, liaison};
use liaison::store::Store;

/// The sequence part of each number (`HF-20261117-007` → 7), all on one day.
fn sequences(numbers: &[String]) -> Vec<u32> {
    let mut seqs: Vec<u32> = numbers
        .iter()
        .map(|n| n.rsplit('-').next().unwrap().parse().unwrap())
        .collect();
    seqs.sort_unstable();
    seqs
}

/// The two desks' numbers are exactly the file's, one per sequence 1..=1000, and the file
/// checks out.
fn all_landed(home: &Path, desks: Vec<thread::JoinHandle<Vec<String>>>) {
    let mut numbers: Vec<String> = desks
        .into_iter()
        .flat_map(|d| {
            d.join()
                .expect("every registration succeeded, no busy error")
        })
        .collect();
    numbers.sort();
    assert_eq!(numbers, case_numbers(home, "desk.db"));
    assert_eq!(sequences(&numbers), (1..=1000).collect::<Vec<_>>());
    liaison(home)
        .args(["--db", "desk.db", "check"])
        .assert()
        .success();
}

fn init(home: &Path) {
    liaison(home)
        .args(["--db", "desk.db", "init", "--station", "HF"])
        .assert()
        .success();
}

#[test]
fn two_connections_register_500_each_with_unique_numbers() {
    let home = tempfile::tempdir().unwrap();
    init(home.path());
    let path = home.path().join("desk.db");
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 17)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let desks: Vec<_> = ["小王", "小李"]
        .into_iter()
        .map(|operator| {
            let path = path.clone();
            thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                (0..500)
                    .map(|i| {
                        let intake = common::intake(&format!("{operator}登记的第{i}件"));
                        store.register(&intake, operator, now).unwrap().case.number
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    all_landed(home.path(), desks);
}

#[test]
#[ignore = "long"]
fn two_processes_register_500_each_without_a_busy_error() {
    let home = tempfile::tempdir().unwrap();
    init(home.path());
    let desks: Vec<_> = ["小王", "小李"]
        .into_iter()
        .map(|operator| {
            let dir = home.path().to_path_buf();
            thread::spawn(move || {
                (0..500)
                    .map(|i| {
                        let out = liaison(&dir)
                            .env("LIAISON_OPERATOR", operator)
                            .args(["--db", "desk.db", "--today", "2026-11-17"])
                            .args(["case", "add", "--content"])
                            .arg(format!("{operator}登记的第{i}件"))
                            .output()
                            .unwrap();
                        let stderr = String::from_utf8_lossy(&out.stderr);
                        assert!(out.status.success() && stderr.is_empty(), "{stderr}");
                        String::from_utf8(out.stdout).unwrap().trim().to_string()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    all_landed(home.path(), desks);
}

#[test]
fn a_form_being_filled_keeps_its_input_while_another_terminal_writes() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    init(h);
    let mut s = Session::start(h, &["--db", "desk.db", "--today", "2026-11-17"], 100, 30);
    s.wait_text("接待队列");
    s.send(F2);
    s.wait_text("登记来访");
    s.type_text("王小红");
    for _ in 0..4 {
        s.send(TAB);
    }
    s.type_text("小区路灯坏了");
    // The other terminal registers ten cases meanwhile.
    for i in 0..10 {
        liaison(h)
            .args(["--db", "desk.db", "--today", "2026-11-17", "case", "add"])
            .args(["--content", &format!("另一台登记的第{i}件")])
            .assert()
            .success();
    }
    // The watcher sees the writes (twice a second) and reloads behind the form.
    thread::sleep(Duration::from_millis(1500));
    let screen = s.screen();
    assert!(
        screen.contains("登记来访") && screen.contains("王小红"),
        "{screen}"
    );
    assert!(screen.contains("小区路灯坏了"), "{screen}");
    s.type_text("三个月");
    s.send(CTRL_S);
    s.wait_text("已保存 HF-20261117-011");
    let numbers = case_numbers(h, "desk.db");
    assert_eq!(numbers.len(), 11);
    let out = liaison(h)
        .args([
            "--db",
            "desk.db",
            "case",
            "show",
            "HF-20261117-011",
            "--json",
        ])
        .output()
        .unwrap();
    let case: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(case["content"], "小区路灯坏了三个月");
    assert_eq!(case["resident"]["name"], "王小红");
}

/// The POSIX locks this process holds on `path`'s file, as the kernel lists them.
///
/// `/proc/locks` is not read atomically: while other processes lock and unlock (the other
/// tests), a line can be skipped between two reads. So it is read several times and the
/// lines seen are joined; a lock that is really gone is in none of the reads.
#[cfg(target_os = "linux")]
fn locks_held_on(path: &Path) -> Vec<String> {
    use std::os::unix::fs::MetadataExt;
    let inode = format!(":{} ", std::fs::metadata(path).unwrap().ino());
    let pid = format!(" {} ", std::process::id());
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..20 {
        for line in std::fs::read_to_string("/proc/locks").unwrap().lines() {
            if line.contains(&pid) && line.contains(&inode) {
                // Drop the line's running number; keep kind, mode and byte range.
                seen.insert(line.split_once(':').unwrap().1.trim().to_string());
            }
        }
    }
    seen.into_iter().collect()
}

/// The desk opens its file a second time at start (the quick check and the daily backup).
/// Opening the file outside SQLite would drop the desk's own locks on it; another program
/// closing the file afterwards could then delete the write-ahead log under the running desk,
/// and every save shown as saved would go into a log nobody else sees and a crash would
/// take away. The second open leaves the desk's locks as they were.
#[cfg(target_os = "linux")]
#[test]
fn the_start_up_check_leaves_the_desks_locks_alone() {
    let mut db = common::initialised("HF");
    let now = common::at("2026-11-17 09:00");
    db.store
        .register(&common::intake("登记在检查之前"), "小王", now)
        .unwrap();
    let held = locks_held_on(&db.path);
    assert!(
        !held.is_empty(),
        "an open connection in WAL mode holds a shared lock on the file"
    );
    let checked = liaison::tui::housekeeping::run(db.path.clone(), common::date("2026-11-17"));
    assert_eq!(checked.check, Ok(()));
    assert!(
        matches!(checked.backup, Some(Ok(_))),
        "{:?}",
        checked.backup
    );
    assert_eq!(locks_held_on(&db.path), held);
    // So does any later open of a file that is already open.
    drop(Store::open(&db.path).unwrap());
    assert_eq!(locks_held_on(&db.path), held);
    let later = db
        .store
        .register(&common::intake("登记在第二次打开之后"), "小王", now)
        .unwrap();
    assert!(case_numbers(db.dir.path(), "liaison.db").contains(&later.case.number));
}
