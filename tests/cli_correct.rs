//! 更正 (issue 21, item 1) through the real binary: a corrected name on the next receipt, slip
//! and report ledger, the old values masked in the timeline and gone from the file after a
//! purge, bad input refused with nothing written.

mod common;

use std::path::Path;

use common::{dump_file, liaison};

const OLD_NAME: &str = "欧阳明月";
const NEW_NAME: &str = "欧阳明玥";
const OLD_PHONE: &str = "13812345678";
const NEW_PHONE: &str = "13900001111";

fn run(h: &Path, today: &str, args: &[&str]) -> (bool, String) {
    let out = liaison(h)
        .args(["--lang", "zh", "--db", "x.db", "--today", today])
        .args(args)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said)
}

fn ok(h: &Path, today: &str, args: &[&str]) -> String {
    let (ok, said) = run(h, today, args);
    assert!(ok, "{args:?}: {said}");
    said
}

/// Whether the database file (or its write-ahead log) holds `needle`, byte for byte.
fn file_holds(h: &Path, needle: &str) -> bool {
    ["x.db", "x.db-wal"].iter().any(|f| {
        std::fs::read(h.join(f))
            .is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
    })
}

/// A case registered on 11-03 with a misspelt name and a wrong phone, handed to a unit.
fn desk_with_a_handed_case() -> (tempfile::TempDir, String) {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(h, "2026-11-03", &["init", "--station", "HF"]);
    let number = ok(
        h,
        "2026-11-03",
        &[
            "case",
            "add",
            "--content",
            "楼道灯坏了一个月",
            "--name",
            OLD_NAME,
            "--phone",
            OLD_PHONE,
            "--address",
            "和风花园3幢201室",
        ],
    )
    .trim()
    .to_string();
    ok(
        h,
        "2026-11-03",
        &[
            "case",
            "classify",
            &number,
            "--category",
            "03",
            "--nature",
            "help",
            "--level",
            "street",
        ],
    );
    (home, number)
}

#[test]
fn a_corrected_name_is_on_the_next_documents_and_the_old_one_gone_after_purge() {
    let (home, number) = desk_with_a_handed_case();
    let h = home.path();
    let said = ok(
        h,
        "2026-11-04",
        &[
            "case", "correct", &number, "--name", NEW_NAME, "--phone", NEW_PHONE,
        ],
    );
    assert!(said.contains("更正"), "{said}");
    assert!(
        !said.contains(OLD_PHONE) && !said.contains(NEW_PHONE),
        "{said}"
    );

    // The timeline says what changed, the phones masked as everywhere.
    let shown = ok(h, "2026-11-04", &["case", "show", &number]);
    assert!(
        shown.contains(&format!("姓名 {OLD_NAME} → {NEW_NAME}")),
        "{shown}"
    );
    assert!(shown.contains("电话 138****5678 → 139****1111"), "{shown}");
    assert!(!shown.contains(OLD_PHONE), "{shown}");
    assert!(shown.contains(&format!("来访人: {NEW_NAME}")), "{shown}");
    let json = ok(h, "2026-11-04", &["case", "show", &number, "--json"]);
    assert!(
        !json.contains(OLD_PHONE) && !json.contains(NEW_PHONE),
        "{json}"
    );
    assert!(json.contains(r#""before":"138****5678""#), "{json}");

    // The receipt and the slip printed now read the corrected name, and say they were corrected.
    let receipt = ok(h, "2026-11-04", &["receipt", &number]);
    assert!(receipt.contains(NEW_NAME), "{receipt}");
    assert!(!receipt.contains(OLD_NAME), "{receipt}");
    assert!(
        receipt.contains("本件已于2026年11月04日更正（姓名、电话），以本件为准"),
        "{receipt}"
    );
    let slip = ok(h, "2026-11-04", &["slip", &number]);
    assert!(
        slip.contains(NEW_NAME) && !slip.contains(OLD_NAME),
        "{slip}"
    );
    assert!(slip.contains("本件已于2026年11月04日更正"), "{slip}");

    // The month's ledger carries the corrected name.
    ok(
        h,
        "2026-11-04",
        &[
            "report", "--month", "2026-11", "--format", "csv", "--out", "nov",
        ],
    );
    let ledger = std::fs::read_dir(h.join("nov"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("ledger"))
        .expect("a ledger file");
    let ledger = std::fs::read_to_string(ledger).unwrap();
    assert!(ledger.contains(NEW_NAME), "{ledger}");
    assert!(!ledger.contains(OLD_NAME), "{ledger}");

    // Search follows the corrected name.
    let found = ok(h, "2026-11-04", &["search", "明玥", "--json"]);
    assert!(found.contains(&number), "{found}");
    let found = ok(h, "2026-11-04", &["search", "明月", "--json"]);
    assert!(!found.contains(&number), "{found}");

    // Before the purge the correction keeps the old values in the file: the test can fail.
    assert!(file_holds(h, OLD_NAME) && file_holds(h, OLD_PHONE));

    ok(
        h,
        "2026-11-05",
        &["case", "reply", &number, "--text", "已修复路灯"],
    );
    ok(
        h,
        "2026-11-05",
        &[
            "case",
            "callback",
            &number,
            "--satisfaction",
            "satisfied",
            "--resolved",
            "yes",
        ],
    );
    ok(
        h,
        "2026-12-06",
        &["purge", "--before", "2026-11-10", "--yes"],
    );
    for gone in [OLD_NAME, NEW_NAME, OLD_PHONE, NEW_PHONE, "3幢201"] {
        assert!(!file_holds(h, gone), "{gone} is still in the file");
    }
    // The correction is still in the log, with nothing personal left in it.
    let conn = rusqlite::Connection::open(h.join("x.db")).unwrap();
    let payload: String = conn
        .query_row(
            "SELECT payload FROM case_events WHERE kind = 'corrected'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(payload, r#"{"name":{},"phone":{}}"#);
    let shown = ok(h, "2026-12-06", &["case", "show", &number]);
    assert!(shown.contains("姓名 - → -"), "{shown}");
    // A purged case is not corrected again (that would bring personal data back).
    let (ok_, said) = run(
        h,
        "2026-12-06",
        &["case", "correct", &number, "--name", OLD_NAME],
    );
    assert!(!ok_, "{said}");
    assert!(said.contains("个人信息已按期清除"), "{said}");
}

#[test]
fn bad_corrections_are_refused_with_nothing_written() {
    let (home, number) = desk_with_a_handed_case();
    let h = home.path();
    let before = dump_file(&h.join("x.db"));
    let refused: &[(&[&str], &str)] = &[
        (&["--phone", "12345"], "不是电话号码"),
        (&[], "至少给出"),
        (&["--name", OLD_NAME], "没有要更正的内容"),
        (
            &["--name", OLD_NAME, "--phone", OLD_PHONE],
            "没有要更正的内容",
        ),
        (&["--content", " \u{1b}[2J "], "不能为空"),
        (&["--name", NEW_NAME, "--phone", "138"], "不是电话号码"),
    ];
    for (args, says) in refused {
        let mut all = vec!["case", "correct", number.as_str()];
        all.extend_from_slice(args);
        let (ok_, said) = run(h, "2026-11-04", &all);
        assert!(!ok_, "{args:?} was accepted: {said}");
        assert!(said.contains(says), "{args:?}: {said}");
        assert_eq!(dump_file(&h.join("x.db")), before, "{args:?} wrote");
    }
    // In English too.
    let out = liaison(h)
        .args(["--lang", "en", "--db", "x.db", "--today", "2026-11-04"])
        .args(["case", "correct", &number, "--name", OLD_NAME])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to correct"));
    // Control characters are cleaned, as at registration.
    ok(
        h,
        "2026-11-04",
        &[
            "case",
            "correct",
            &number,
            "--content",
            "楼道\u{1b}[31m灯坏了两个月",
        ],
    );
    let shown = ok(h, "2026-11-04", &["case", "show", &number]);
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
    assert!(
        shown.contains("反映内容 楼道灯坏了一个月 → 楼道"),
        "{shown}"
    );
}

/// The home takes the correction in the desk's next bundle: its copy of the resident follows.
#[test]
fn a_correction_travels_to_the_home() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let at = |db: &str, args: &[&str]| {
        let out = liaison(h)
            .args(["--lang", "zh", "--db", db, "--today", "2026-11-03"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    at("home.db", &["init", "--station", "XA"]);
    at("HF.db", &["init", "--station", "HF"]);
    common::approve_cli(h, "home.db", "HF.db");
    let number = String::from_utf8(at(
        "HF.db",
        &["case", "add", "--content", "楼道灯坏了", "--name", OLD_NAME],
    ))
    .unwrap()
    .trim()
    .to_string();
    let first = at("HF.db", &["bundle", "export", "--out", "b1"]);
    at(
        "home.db",
        &[
            "bundle",
            "import",
            common::written_bundle(h, &first).to_str().unwrap(),
        ],
    );
    at("HF.db", &["case", "correct", &number, "--name", NEW_NAME]);
    let second = at("HF.db", &["bundle", "export", "--out", "b2"]);
    at(
        "home.db",
        &[
            "bundle",
            "import",
            common::written_bundle(h, &second).to_str().unwrap(),
        ],
    );
    let cases = common::cases_json(h, "home.db", "2026-11-03");
    let case = cases
        .iter()
        .find(|c| c["number"] == number.as_str())
        .unwrap();
    assert_eq!(case["resident"]["name"], NEW_NAME, "{case}");
}
