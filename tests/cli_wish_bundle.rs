//! 微心愿 arriving at the home by bundle (issue 25, item 1): a desk's wishes, added, claimed
//! and fulfilled, travel with its bundle and appear in the home's `wish list` (masked); the
//! home cannot withdraw a station's wish (refused with the reason, nothing written); a purge at
//! the desk erases the same wish's people at the home; a bundle whose wishes break the rules
//! is refused whole.

mod common;

use std::path::Path;

use common::{approve_cli, desk_key, dump_file, liaison, reseal, written_bundle};
use serde_json::Value;

fn run(h: &Path, db: &str, today: &str, lang: &str, args: &[&str]) -> (bool, String, Vec<u8>) {
    let out = liaison(h)
        .args(["--lang", lang, "--db", db, "--today", today])
        .args(args)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said, out.stdout)
}

fn ok(h: &Path, db: &str, today: &str, args: &[&str]) -> (String, Vec<u8>) {
    let (done, said, stdout) = run(h, db, today, "zh", args);
    assert!(done, "{db} {args:?}: {said}");
    (said, stdout)
}

fn wishes(h: &Path, db: &str) -> Vec<Value> {
    ok(h, db, "2026-11-30", &["wish", "list", "--json"])
        .0
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn export(h: &Path, today: &str, out: &str) -> std::path::PathBuf {
    let (_, stdout) = ok(h, "HF.db", today, &["bundle", "export", "--out", out]);
    written_bundle(h, &stdout)
}

#[test]
fn a_desks_wishes_arrive_at_the_home_and_stay_the_desks() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(h, "HF.db", "2026-11-01", &["init", "--station", "HF"]);
    ok(h, "XA.db", "2026-11-01", &["init", "--station", "XA"]);
    approve_cli(h, "XA.db", "HF.db");

    // A case, so that the bundle has events; and three wishes.
    ok(
        h,
        "HF.db",
        "2026-11-02",
        &["case", "add", "--content", "路灯坏了"],
    );
    for content in ["助行器", "书包", "修水龙头"] {
        ok(
            h,
            "HF.db",
            "2026-11-02",
            &[
                "wish",
                "add",
                "--content",
                content,
                "--name",
                "钱桂英",
                "--phone",
                "13812345678",
            ],
        );
    }
    ok(
        h,
        "HF.db",
        "2026-11-03",
        &["wish", "claim", "HF-W-20261102-001", "--by", "D02"],
    );
    ok(
        h,
        "HF.db",
        "2026-11-03",
        &[
            "wish",
            "claim",
            "HF-W-20261102-002",
            "--volunteer",
            "欧阳志远",
        ],
    );
    ok(
        h,
        "HF.db",
        "2026-11-05",
        &["wish", "fulfil", "HF-W-20261102-001", "--note", "已送到"],
    );
    let bundle = export(h, "2026-11-05", "usb1");
    ok(
        h,
        "XA.db",
        "2026-11-05",
        &["bundle", "import", bundle.to_str().unwrap()],
    );

    let at_home = wishes(h, "XA.db");
    let at_desk = wishes(h, "HF.db");
    assert_eq!(at_home, at_desk);
    assert_eq!(at_home.len(), 3);
    assert_eq!(at_home[0]["state"], "fulfilled");
    assert_eq!(at_home[1]["volunteer"], "欧***");
    assert_eq!(at_home[1]["resident"]["phone"], "138****5678");
    let table = ok(h, "XA.db", "2026-11-05", &["wish", "list"]).0;
    assert!(
        table.contains("HF-W-20261102-003") && !table.contains("13812345678"),
        "{table}"
    );
    ok(h, "XA.db", "2026-11-05", &["check"]);
    // The home's report counts them (from the log it received), apart from the cases.
    ok(
        h,
        "XA.db",
        "2026-11-30",
        &[
            "report", "--month", "2026-11", "--format", "csv", "--out", "r",
        ],
    );
    let sheet = std::fs::read_to_string(h.join("r/wishes.csv")).unwrap();
    assert!(sheet.lines().any(|l| l == "微心愿：登记,3"), "{sheet}");
    assert!(sheet.lines().any(|l| l == "微心愿：圆梦,1"), "{sheet}");

    // The home may not withdraw a station's wish (only the desk that registered it does):
    // refused with the reason, nothing written.
    let before = dump_file(&h.join("XA.db"));
    for (lang, reason) in [
        ("zh", "微心愿 HF-W-20261102-003 属于 HF，本站不能更改"),
        (
            "en",
            "wish HF-W-20261102-003 belongs to HF: this desk cannot change it",
        ),
    ] {
        let (done, said, _) = run(
            h,
            "XA.db",
            "2026-11-06",
            lang,
            &[
                "wish",
                "withdraw",
                "HF-W-20261102-003",
                "--reason",
                "搬走了",
            ],
        );
        assert!(!done && said.contains(reason), "{said}");
    }
    assert_eq!(dump_file(&h.join("XA.db")), before);

    // The desk goes on: its next bundle brings the rest, once; then a purge there erases the
    // same people here.
    ok(
        h,
        "HF.db",
        "2026-11-06",
        &["wish", "claim", "HF-W-20261102-003", "--by", "R11"],
    );
    ok(
        h,
        "HF.db",
        "2026-11-07",
        &["wish", "fulfil", "HF-W-20261102-002", "--note", "送到了"],
    );
    ok(
        h,
        "HF.db",
        "2026-11-07",
        &["case", "add", "--content", "垃圾清运"],
    );
    let bundle = export(h, "2026-11-07", "usb2");
    ok(
        h,
        "XA.db",
        "2026-11-07",
        &["bundle", "import", bundle.to_str().unwrap()],
    );
    assert_eq!(wishes(h, "XA.db"), wishes(h, "HF.db"));
    assert_eq!(wishes(h, "XA.db")[2]["member"], "R11");

    ok(
        h,
        "HF.db",
        "2026-11-30",
        &["purge", "--before", "2026-11-20", "--yes"],
    );
    ok(
        h,
        "HF.db",
        "2026-11-30",
        &["case", "add", "--content", "噪音"],
    );
    let bundle = export(h, "2026-11-30", "usb3");
    ok(
        h,
        "XA.db",
        "2026-11-30",
        &["bundle", "import", bundle.to_str().unwrap()],
    );
    let at_home = wishes(h, "XA.db");
    assert_eq!(at_home, wishes(h, "HF.db"));
    assert_eq!(at_home[1]["volunteer"], Value::Null);
    assert_eq!(at_home[1]["purged"], true);
    assert_eq!(
        at_home[2]["resident"]["name"], "钱**",
        "a claimed wish keeps its people"
    );
    let file = std::fs::read(h.join("XA.db")).unwrap();
    assert!(
        !file
            .windows("欧阳志远".len())
            .any(|w| w == "欧阳志远".as_bytes())
    );
    ok(h, "XA.db", "2026-11-30", &["check"]);
}

#[test]
fn a_bundle_whose_wishes_break_the_rules_is_refused_whole() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(h, "HF.db", "2026-11-01", &["init", "--station", "HF"]);
    ok(h, "XA.db", "2026-11-01", &["init", "--station", "XA"]);
    approve_cli(h, "XA.db", "HF.db");
    ok(
        h,
        "HF.db",
        "2026-11-02",
        &["case", "add", "--content", "路灯坏了"],
    );
    ok(
        h,
        "HF.db",
        "2026-11-02",
        &["wish", "add", "--content", "书包"],
    );
    let bundle = export(h, "2026-11-02", "usb");
    let file = bundle.join("wishes.jsonl");
    let original = std::fs::read_to_string(&file).unwrap();
    let key = desk_key(&h.join("HF.db"));
    let before = dump_file(&h.join("XA.db"));
    for (from, to, says) in [
        (
            "\"station\":\"HF\"",
            "\"station\":\"XY2\"",
            "a desk sends only its own station's wishes",
        ),
        ("HF-W-", "XY2-W-", "is not a wish number of HF"),
        (
            "\"kind\":\"registered\"",
            "\"kind\":\"fulfilled\"",
            "wishes.jsonl",
        ),
    ] {
        std::fs::write(&file, original.replacen(from, to, 1)).unwrap();
        reseal(&bundle, &key);
        let (done, said, _) = run(
            h,
            "XA.db",
            "2026-11-02",
            "en",
            &["bundle", "import", bundle.to_str().unwrap()],
        );
        assert!(!done && said.contains(says), "{from}: {said}");
        assert_eq!(dump_file(&h.join("XA.db")), before, "{from}");
    }
    std::fs::write(&file, original).unwrap();
    reseal(&bundle, &key);
    ok(
        h,
        "XA.db",
        "2026-11-02",
        &["bundle", "import", bundle.to_str().unwrap()],
    );
    assert_eq!(wishes(h, "XA.db").len(), 1);
}
