//! What leaves the desk in files and messages: personal numbers typed into free text masked in
//! every output, markup in what residents said shown and never run, line breaks kept in files,
//! workbooks that print, the demo kept out of real files, and errors that say what and where.

mod common;

use std::io::Read;
use std::path::Path;

use common::liaison;
use liaison::domain::numbers_in_text::id_check;

/// Runs the binary on `desk.db` in `h`; returns (success, stdout, stderr).
fn run(h: &Path, args: &[&str]) -> (bool, String, String) {
    let mut all = vec!["--db", "desk.db", "--today", "2026-11-17"];
    all.extend_from_slice(args);
    let out = liaison(h).args(&all).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(h: &Path, args: &[&str]) -> String {
    let (success, out, err) = run(h, args);
    assert!(success, "{args:?}: {err}");
    out
}

const MOBILE: &str = "13912345678";
const LANDLINE: &str = "0510-85201234";
/// A bank card (UnionPay, Luhn passes).
const CARD: &str = "6222021234567890128";
/// An express order number: 18 digits, no region, no birth date, no card.
const ORDER: &str = "202611171234567890";

fn ids() -> (String, String) {
    let first = "32020519800101123";
    let good = format!("{first}{}", id_check(first).unwrap());
    let wrong = format!("{first}{}", if good.ends_with('1') { '2' } else { '1' });
    (good, wrong)
}

/// A desk with one case whose texts hold a mobile, a landline, an ID number and one mistyped
/// (wrong check digit), a bank card, an order number, markup and a line break, handed to a unit
/// and answered by it.
fn desk() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    let (good, wrong) = ids();
    ok(h, &["init", "--station", "HF"]);
    let content = format!(
        "我的电话{MOBILE}，家里座机{LANDLINE}，身份证{good}，另一张写成{wrong}，\
         卡号{CARD}，快递单{ORDER}。\n\
         <img src=x onerror=alert(1)> [点我](javascript:alert(1))\n第三行"
    );
    let number = ok(
        h,
        &["case", "add", "--content", &content, "--name", "王小红"],
    )
    .trim()
    .to_string();
    ok(
        h,
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
            "--note",
            &format!("请联系{MOBILE}"),
        ],
    );
    ok(
        h,
        &[
            "case",
            "reply",
            &number,
            "--text",
            &format!("已电话{LANDLINE}联系，已修复"),
        ],
    );
    (dir, number)
}

fn xlsx_sheet_xml(path: &Path, sheet: usize) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{sheet}.xml"))
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn numbers_typed_into_free_text_are_masked_in_every_output() {
    let (dir, number) = desk();
    let h = dir.path();
    let (good, wrong) = ids();
    let mut outputs = vec![
        ("cases", ok(h, &["cases"])),
        ("cases --json", ok(h, &["cases", "--json"])),
        ("case show", ok(h, &["case", "show", &number])),
        (
            "case show --json",
            ok(h, &["case", "show", &number, "--json"]),
        ),
        ("search", ok(h, &["search", "电话", "--json"])),
        ("receipt", ok(h, &["receipt", &number])),
        (
            "receipt html",
            ok(h, &["receipt", &number, "--format", "html"]),
        ),
        ("slip", ok(h, &["slip", &number])),
    ];
    ok(
        h,
        &[
            "report", "--month", "2026-11", "--format", "md", "--out", "r.md",
        ],
    );
    ok(
        h,
        &[
            "report", "--month", "2026-11", "--format", "csv", "--out", "r-csv",
        ],
    );
    ok(
        h,
        &[
            "report", "--month", "2026-11", "--format", "xlsx", "--out", "r.xlsx",
        ],
    );
    outputs.push((
        "report md",
        std::fs::read_to_string(h.join("r.md")).unwrap(),
    ));
    outputs.push((
        "report csv",
        std::fs::read_to_string(h.join("r-csv/ledger.csv")).unwrap(),
    ));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(h.join("r.xlsx")).unwrap()).unwrap();
    let mut strings = String::new();
    zip.by_name("xl/sharedStrings.xml")
        .unwrap()
        .read_to_string(&mut strings)
        .unwrap();
    outputs.push(("report xlsx", strings));
    let landline_digits = LANDLINE.replace('-', "");
    for (what, text) in &outputs {
        for secret in [
            MOBILE,
            LANDLINE,
            landline_digits.as_str(),
            good.as_str(),
            wrong.as_str(),
            CARD,
        ] {
            assert!(!text.contains(secret), "{what} shows {secret}:\n{text}");
        }
    }
    // Masked as phones are, the mistyped ID number too; the order number is no one's.
    let cases = &outputs[1].1;
    assert!(
        cases.contains("139****5678") && cases.contains("0510-****1234"),
        "{cases}"
    );
    assert!(
        cases.contains(&format!("320205********{}", &good[14..])),
        "{cases}"
    );
    assert!(
        cases.contains(&format!("320205********{}", &wrong[14..])),
        "{cases}"
    );
    assert!(cases.contains("6222***********0128"), "{cases}");
    assert!(cases.contains(ORDER), "{cases}");
    // An explicit reveal shows them, and is logged.
    let revealed = ok(h, &["cases", "--json", "--reveal"]);
    assert!(
        revealed.contains(MOBILE) && revealed.contains(&good) && revealed.contains(CARD),
        "{revealed}"
    );
    let shown = ok(h, &["case", "show", &number]);
    assert!(
        shown.contains("查看号码"),
        "the reveal is in the timeline: {shown}"
    );
}

#[test]
fn markup_in_what_residents_said_is_shown_not_run_and_line_breaks_stay() {
    let (dir, number) = desk();
    let h = dir.path();
    ok(
        h,
        &[
            "report", "--month", "2026-11", "--format", "md", "--out", "r.md",
        ],
    );
    let md = std::fs::read_to_string(h.join("r.md")).unwrap();
    assert!(!md.contains("<img") && md.contains("&lt;img"), "{md}");
    assert!(!md.contains("](javascript:"), "{md}");
    assert!(
        md.contains("\\[点我\\]\\(javascript:alert\\(1\\)\\)"),
        "{md}"
    );
    assert!(
        md.contains("<br>第三行"),
        "the line break is a break in the cell: {md}"
    );
    for doc in [
        ok(h, &["receipt", &number, "--format", "html"]),
        ok(h, &["slip", &number, "--format", "html"]),
    ] {
        assert!(
            !doc.contains("<img") && doc.contains("&lt;img src=x"),
            "{doc}"
        );
        assert!(doc.contains("<br>\n第三行"), "{doc}");
    }
    let text = ok(h, &["receipt", &number]);
    assert!(text.lines().any(|l| l.trim() == "第三行"), "{text}");
    ok(
        h,
        &[
            "report", "--month", "2026-11", "--format", "csv", "--out", "r-csv",
        ],
    );
    let csv = std::fs::read_to_string(h.join("r-csv/ledger.csv")).unwrap();
    assert!(
        csv.contains("\n<img src=x onerror=alert(1)> [点我](javascript:alert(1))\n第三行\""),
        "{csv}"
    );
}

#[test]
fn the_workbook_prints_on_a4_with_dates_as_dates_and_columns_that_fit() {
    let (dir, _) = desk();
    let h = dir.path();
    ok(
        h,
        &[
            "report", "--month", "2026-11", "--format", "xlsx", "--out", "r.xlsx",
        ],
    );
    // The ledger is the fifth sheet.
    let xml = xlsx_sheet_xml(&h.join("r.xlsx"), 5);
    assert!(xml.contains("orientation=\"landscape\""), "{xml}");
    assert!(xml.contains("paperSize=\"9\""), "{xml}");
    assert!(xml.contains("fitToHeight=\"0\""), "{xml}");
    assert!(xml.contains("<pane ySplit=\"2\""), "frozen header: {xml}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(h.join("r.xlsx")).unwrap()).unwrap();
    let mut book = String::new();
    zip.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut book)
        .unwrap();
    assert!(
        book.contains("_xlnm.Print_Titles"),
        "the header repeats on paper: {book}"
    );
    // Widths follow the text: the content column is at its widest, wrapped.
    assert!(xml.contains("width=\"30.7109375\""), "{xml}");
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(h.join("r.xlsx")).unwrap();
    let ledger = wb.worksheet_range("台账").unwrap();
    let row: Vec<&Data> = ledger.rows().nth(2).unwrap().iter().collect();
    assert!(
        matches!(row[2], Data::DateTime(_)),
        "received at is a date-time: {:?}",
        row[2]
    );
    assert!(
        matches!(row[13], Data::DateTime(_)),
        "the due date is a date: {:?}",
        row[13]
    );
}

#[test]
fn the_demo_never_goes_into_a_real_desks_file() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    ok(h, &["init", "--station", "HF"]);
    let before = common::dump_file(&h.join("desk.db"));
    let (success, _, err) = run(h, &["demo"]);
    assert!(
        !success && err.contains("演示数据绝不写入终端的正式文件"),
        "{err}"
    );
    assert_eq!(common::dump_file(&h.join("desk.db")), before);
    let (success, _, err) = run(h, &["--demo"]);
    assert!(!success && err.contains("存有正式数据"), "{err}");
    // A file made for it, or one that holds nothing yet, takes the demo.
    std::fs::write(h.join("empty.db"), b"").unwrap();
    liaison(h)
        .args(["--db", "empty.db", "--today", "2026-11-17", "demo"])
        .assert()
        .success();
}

#[test]
fn errors_say_what_and_where_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    // An empty file: not set up, and left empty.
    std::fs::write(h.join("desk.db"), b"").unwrap();
    let (success, _, err) = run(h, &["cases"]);
    assert!(!success && err.contains("尚未初始化"), "{err}");
    assert_eq!(std::fs::metadata(h.join("desk.db")).unwrap().len(), 0);
    // Set up there, the file is made private, as a new one would be.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(h.join("desk.db"), std::fs::Permissions::from_mode(0o644))
            .unwrap();
        ok(h, &["init", "--station", "HF"]);
        let mode = std::fs::metadata(h.join("desk.db"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }
    // A directory where the file should be.
    std::fs::create_dir(h.join("adir")).unwrap();
    let out = liaison(h).args(["--db", "adir", "cases"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("adir 是目录"), "{err}");
    // A schema version set back by hand: named, without SQL, nothing changed.
    std::fs::copy(h.join("desk.db"), h.join("old.db")).unwrap();
    {
        let conn = rusqlite::Connection::open(h.join("old.db")).unwrap();
        conn.pragma_update(None, "user_version", 3).unwrap();
    }
    let before = common::dump_file(&h.join("old.db"));
    let out = liaison(h)
        .args(["--db", "old.db", "cases"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("schema version (3) does not match its tables"),
        "{err}"
    );
    assert!(!err.contains("CREATE"), "{err}");
    assert_eq!(common::dump_file(&h.join("old.db")), before);
    // A phone of zeros is no phone.
    let (success, _, err) = run(
        h,
        &["case", "add", "--content", "x", "--phone", "00000000000"],
    );
    assert!(!success && err.contains("不是电话号码"), "{err}");
    // Holiday notices whose title or names hold control or bidirectional characters.
    std::fs::write(
        h.join("bad.toml"),
        "[[notice]]\nyear = 2027\ntitle = \"2027\\u001b[31m\\u202e\"\n[[notice.festival]]\nname = \"元旦\"\nfrom = \"2027-01-01\"\n",
    )
    .unwrap();
    let (success, _, err) = run(h, &["holidays", "import", "bad.toml", "--yes"]);
    assert!(!success && err.contains("控制字符或双向字符"), "{err}");
}

/// A small tmpfs mounted (as root) for the read-only-medium and full-disk cases, unmounted
/// when dropped.
struct Mount(std::path::PathBuf);

impl Mount {
    fn tmpfs(at: &Path, size: &str) -> Option<Mount> {
        std::fs::create_dir_all(at).ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Mount(at.to_path_buf()))
    }

    fn read_only(&self) -> bool {
        std::process::Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_backup_on_a_read_only_medium_is_checked_and_restored_from() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    ok(h, &["init", "--station", "HF"]);
    let number = ok(h, &["case", "add", "--content", "备份前"])
        .trim()
        .to_string();
    let Some(usb) = Mount::tmpfs(&h.join("usb"), "8m") else {
        eprintln!(
            "notice: cannot mount a tmpfs here (not root?); the read-only medium is not exercised"
        );
        return;
    };
    ok(h, &["backup", "usb/bk.db"]);
    // A copy of a live file, in write-ahead-log mode, as people copy them by hand.
    std::fs::copy(h.join("desk.db"), h.join("usb/live.db")).unwrap();
    assert!(usb.read_only(), "remount read-only");
    for file in ["usb/bk.db", "usb/live.db"] {
        let out = liaison(h)
            .args(["--db", file, "check", "--full"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    ok(h, &["case", "add", "--content", "备份后"]);
    let said = ok(h, &["restore", "usb/live.db", "--yes"]);
    assert!(said.contains("检查：正常"), "{said}");
    assert_eq!(common::case_numbers(h, "desk.db"), [number]);
}

#[test]
fn a_report_that_fails_on_a_full_disk_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    ok(h, &["init", "--station", "HF"]);
    // Varied text, so that the workbook's compression does not make it small.
    for i in 0..40u32 {
        let text: String = (0..900u32)
            .filter_map(|k| char::from_u32(0x4e00 + (i * 977 + k * 131) % 8000))
            .collect();
        ok(h, &["case", "add", "--content", &text]);
    }
    let Some(_disk) = Mount::tmpfs(&h.join("small"), "32k") else {
        eprintln!("notice: cannot mount a tmpfs here (not root?); the full disk is not exercised");
        return;
    };
    for (format, out) in [
        ("xlsx", "small/r.xlsx"),
        ("md", "small/r.md"),
        ("csv", "small/r-csv"),
    ] {
        let (success, _, err) = run(
            h,
            &[
                "report", "--month", "2026-11", "--format", format, "--out", out,
            ],
        );
        assert!(!success, "{format}: the disk should be full");
        assert!(err.contains("无法写入"), "{format}: {err}");
        let left: Vec<_> = std::fs::read_dir(h.join("small")).unwrap().collect();
        assert!(left.is_empty(), "{format} left {left:?}");
    }
}

/// `ok` on another business day.
fn ok_on(h: &Path, today: &str, args: &[&str]) -> String {
    let mut all = vec!["--db", "desk.db", "--today", today];
    all.extend_from_slice(args);
    let out = liaison(h).args(&all).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn id_numbers_mistyped_and_bank_cards_in_free_text_are_purged_and_order_numbers_stay() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    let (_, wrong) = ids();
    ok(h, &["init", "--station", "HF"]);
    let number = ok_on(
        h,
        "2026-10-12",
        &[
            "case",
            "add",
            "--content",
            &format!("身份证{wrong}，卡号 6222 0212 3456 7890 128，快递单{ORDER}"),
        ],
    )
    .trim()
    .to_string();
    ok_on(
        h,
        "2026-10-12",
        &[
            "case",
            "classify",
            &number,
            "--category",
            "12",
            "--nature",
            "consult",
            "--level",
            "on_site",
            "--note",
            &format!("已告知，退款到卡{CARD}"),
        ],
    );
    let shown = ok(h, &["case", "show", &number]);
    assert!(
        !shown.contains(&wrong) && !shown.contains(CARD) && !shown.contains("7890 128"),
        "{shown}"
    );
    assert!(shown.contains(ORDER), "{shown}");
    assert!(
        !common::files_holding(h, CARD).is_empty(),
        "the file holds the card before"
    );

    let said = ok(h, &["purge", "--before", "2026-11-01", "--yes"]);
    for secret in [wrong.as_str(), CARD, "6222 0212 3456 7890 128"] {
        assert_eq!(
            common::files_holding(h, secret),
            Vec::<String>::new(),
            "{secret}: {said}"
        );
    }
    let revealed = ok(h, &["cases", "--json", "--reveal"]);
    assert!(
        revealed.contains("身份证******************")
            && revealed.contains("卡号 *******************，"),
        "{revealed}"
    );
    assert!(
        revealed.contains(ORDER),
        "an order number is no one's: {revealed}"
    );
}
