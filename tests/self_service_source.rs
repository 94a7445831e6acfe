//! Sources as they happened (issue 21, item 4): a resident who registers on the station's page
//! is 扫码登记 (`self_service`), never 流动接待, in the details, the lists, the report and its
//! 统计范围; a file from before, whose page registrations were written as `mobile` with the
//! self-registered flag, reads them as `self_service` after the upgrade, its signed events
//! untouched. Through the real binary.

mod common;

use std::path::Path;

use common::served::{Served, TODAY, bin, cases, desk, get, hidden, post};
use liaison::domain::case::Source;
use liaison::store::{NewCase, Store};

fn said(db: &Path, lang: &str, args: &[&str]) -> String {
    let out = bin()
        .args([
            "--db",
            db.to_str().unwrap(),
            "--today",
            TODAY,
            "--lang",
            lang,
        ])
        .args(args)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{args:?}: {text}");
    text
}

/// The month's Markdown report.
fn report(db: &Path, out: &str) -> String {
    said(
        db,
        "zh",
        &[
            "report",
            "--month",
            "2026-11",
            "--format",
            "md",
            "--out",
            db.parent().unwrap().join(out).to_str().unwrap(),
        ],
    );
    std::fs::read_to_string(db.parent().unwrap().join(out)).unwrap()
}

#[test]
fn a_page_registration_is_self_service_in_the_details_the_list_and_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    let served = Served::start(&db, TODAY, &[]);
    let form = get(served.addr, &format!("/{}", served.token()));
    let fields = [
        ("t", served.token()),
        ("n", hidden(&form.body, "n")),
        ("lang", "zh".into()),
        ("name", "王小红".into()),
        ("phone", "13812345678".into()),
        ("address", "和风雅苑3幢201室".into()),
        ("content", "小区路灯坏了三个月".into()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(post(served.addr, &fields).status, 200);
    assert!(served.stop().success());
    // And one the operator received outdoors: 流动接待 stays what it is.
    let db_text = db.to_str().unwrap();
    let out = bin()
        .args(["--db", db_text, "--today", TODAY, "case", "add"])
        .args(["--content", "议事亭：垃圾桶满了", "--source", "mobile"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");

    let listed = cases(&db);
    let sources: Vec<&str> = listed
        .iter()
        .map(|c| c["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["self_service", "mobile"]);
    let shown = said(&db, "zh", &["case", "show", "HF-20261117-001"]);
    assert!(shown.contains("扫码登记"), "{shown}");
    assert!(!shown.contains("流动接待"), "{shown}");
    let shown = said(&db, "en", &["case", "show", "HF-20261117-001"]);
    assert!(shown.contains("self-service"), "{shown}");

    let md = report(&db, "r.md");
    assert!(md.contains("| 来源：扫码登记 | 1 |"), "{md}");
    assert!(md.contains("| 来源：流动接待 | 1 |"), "{md}");
    assert!(
        md.contains("来信和扫码登记意见"),
        "the scope names it:\n{md}"
    );
    let ledger = md
        .lines()
        .find(|l| l.starts_with("| HF-20261117-001 "))
        .unwrap();
    assert!(ledger.contains("| 扫码登记 |"), "{ledger}");

    // The desk cannot claim the page's source for a case it types in.
    let out = bin()
        .args(["--db", db_text, "--today", TODAY, "case", "add"])
        .args(["--content", "路灯", "--source", "self_service"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("只由扫码登记页面写入"), "{err}");
    assert_eq!(cases(&db).len(), 2, "nothing registered");
}

#[test]
fn an_old_style_page_registration_reads_as_self_service_after_the_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    // What a desk before this version wrote for a page registration: source `mobile` on the
    // signed event and on the row, the self-registered flag on both; the file from before the
    // migrations that brought the new source.
    {
        let mut store = Store::open(&db).unwrap();
        let new = NewCase {
            content: "小区路灯坏了三个月".into(),
            name: "王小红".into(),
            source: Some(Source::Mobile),
            self_registered: true,
            ..NewCase::default()
        };
        let at =
            chrono::NaiveDateTime::parse_from_str("2026-11-16 09:00", "%Y-%m-%d %H:%M").unwrap();
        store.register(&new, "扫码登记", at).unwrap();
        let conn = store.connection();
        conn.execute("UPDATE cases SET source = 'mobile'", [])
            .unwrap();
        let version: i64 = conn
            .query_row("SELECT user_version FROM pragma_user_version", [], |r| {
                r.get(0)
            })
            .unwrap();
        // Four migrations back: 0016 (this source), 0017 (applied manifests), 0018 (wishes)
        // and 0019 (free space), whose tables a desk of that version did not have either.
        conn.execute_batch(
            "DROP TABLE applied_manifests; DROP TABLE wish_events; DROP TABLE wish_people; \
             DROP TABLE wishes; DROP TABLE wish_erasing; DROP TABLE free_space;",
        )
        .unwrap();
        conn.pragma_update(None, "user_version", version - 4)
            .unwrap();
    }
    let payload = || -> String {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row(
            "SELECT payload FROM case_events WHERE kind = 'registered'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let signed = payload();
    assert!(signed.contains(r#""source":"mobile""#), "{signed}");

    // The upgrade brings the row to what its replay says, and the check agrees.
    said(&db, "zh", &["check"]);
    let listed = cases(&db);
    assert_eq!(listed[0]["source"], "self_service");
    assert_eq!(listed[0]["self_registered"], true);
    let shown = said(&db, "zh", &["case", "show", "HF-20261116-001"]);
    assert!(
        shown.contains("扫码登记") && !shown.contains("流动接待"),
        "{shown}"
    );
    let md = report(&db, "r.md");
    assert!(md.contains("| 来源：扫码登记 | 1 |"), "{md}");
    assert!(md.contains("| 来源：流动接待 | 0 |"), "{md}");
    assert_eq!(payload(), signed, "no signed event is rewritten");
}

/// The roll-up: a station's page registrations (one written before 扫码登记 had a source of
/// its own, one after) and a withdrawn registration reach the home as they are at the desk.
#[test]
fn the_home_reads_the_bundle_as_the_desk_does() {
    use common::{approve_cli, liaison, written_bundle};
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let run = |db: &str, args: &[&str]| {
        let out = liaison(h)
            .args(["--db", db, "--today", "2026-11-17"])
            .args(args)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{args:?}: {text}");
        out.stdout
    };
    run("home.db", &["init", "--station", "XA"]);
    run("HF.db", &["init", "--station", "HF"]);
    {
        let mut store = Store::open(&h.join("HF.db")).unwrap();
        for source in [Source::Mobile, Source::SelfService] {
            let new = NewCase {
                content: "小区路灯坏了三个月".into(),
                source: Some(source),
                self_registered: true,
                ..NewCase::default()
            };
            let at = chrono::NaiveDateTime::parse_from_str("2026-11-16 09:00", "%Y-%m-%d %H:%M")
                .unwrap();
            store.register(&new, "扫码登记", at).unwrap();
        }
    }
    run("HF.db", &["case", "add", "--content", "走错了，登记错了"]);
    run(
        "HF.db",
        &["case", "withdraw", "HF-20261117-001", "--reason", "mistake"],
    );
    let out = run("HF.db", &["bundle", "export", "--out", "usb"]);
    let bundle = written_bundle(h, &out);
    approve_cli(h, "home.db", "HF.db");
    run("home.db", &["bundle", "import", bundle.to_str().unwrap()]);

    let at_home = common::cases_json(h, "home.db", "2026-11-17");
    let seen: Vec<(&str, &str)> = at_home
        .iter()
        .map(|c| (c["source"].as_str().unwrap(), c["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        seen,
        [
            ("self_service", "queued"),
            ("self_service", "queued"),
            ("walk_in", "withdrawn")
        ]
    );
    run("home.db", &["check"]);
    run(
        "home.db",
        &[
            "report", "--month", "2026-11", "--format", "md", "--out", "home.md",
        ],
    );
    let md = std::fs::read_to_string(h.join("home.md")).unwrap();
    for line in [
        "| 登记数 | 3 |",
        "| 受理数 | 2 |",
        "| 撤销数 | 1 |",
        "| 来源：扫码登记 | 2 |",
        "| 来源：流动接待 | 0 |",
        "| 来源：来访 | 0 |",
    ] {
        assert!(md.contains(line), "{line}:\n{md}");
    }
}
