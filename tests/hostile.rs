//! Hostile input: escape sequences, control characters, right-to-left marks, emoji and
//! combining marks, invalid bytes, and text far over its limit. The screen never executes a
//! sequence, the layout holds, imports refuse what is wrong and never panic, and over-long
//! input is refused with its limit named.

mod common;

use common::tui::{desk, rows};
use liaison::display::{fit, pad, wrap};
use liaison::domain::text::{for_display, limits, normalize};
use liaison::formats::{csv, decode, units::parse_units};
use liaison::tui::action::{Action, Command};
use liaison::tui::forms::intake::IntakeForm;
use predicates::prelude::*;
use proptest::prelude::*;
use unicode_width::UnicodeWidthStr;

/// Pieces an attacker, a confused spreadsheet or a careless paste could bring.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ,.]{0,8}",
        "[\u{4e00}-\u{9fa5}]{0,6}",
        "[\u{0}-\u{1f}\u{7f}-\u{9f}]{1,3}",
        prop::sample::select(vec![
            "\u{1b}[2J",
            "\u{1b}]0;pwned\u{7}",
            "\u{1b}]52;c;cHduZWQ=\u{7}",
            "\u{1b}[31;1m",
            "\u{1b}[6n",
            "\u{1b}P1$r\u{1b}\\",
            "\u{9b}31m",
            "\u{1b}",
            "\u{202e}",
            "\u{200f}",
            "\u{2066}",
            "\u{61c}",
            "👨‍👩‍👧",
            "🏮",
            "e\u{301}",
            "\u{301}",
            "\u{fe0f}",
            "\u{200b}",
            "\r\n",
            "\t",
            "\n",
        ])
        .prop_map(String::from),
    ]
}

fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..14).prop_map(|p| p.concat())
}

fn is_dangerous(c: char) -> bool {
    matches!(c as u32, 0x00..=0x1f | 0x7f..=0x9f | 0x200e | 0x200f | 0x202a..=0x202e | 0x2066..=0x2069 | 0x061c)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn display_helpers_neutralise_and_fit(s in hostile(), w in 0usize..60) {
        prop_assert!(!for_display(&s).chars().any(is_dangerous));
        let fitted = fit(&s, w);
        prop_assert!(!fitted.chars().any(is_dangerous));
        prop_assert!(fitted.width() <= w, "{fitted:?} wider than {w}");
        prop_assert_eq!(pad(&s, w).width(), w);
        for row in wrap(&s, w.max(2)) {
            prop_assert!(row.width() <= w.max(2));
            prop_assert!(!row.chars().any(is_dangerous));
        }
    }

    #[test]
    fn typed_text_is_cleaned_once_and_for_all(s in hostile()) {
        for multiline in [false, true] {
            let clean = normalize(&s, multiline);
            prop_assert!(!clean.chars().any(|c| is_dangerous(c) && !(multiline && c == '\n')));
            prop_assert_eq!(normalize(&clean, multiline), clean.clone());
        }
    }

    #[test]
    fn any_bytes_decode_or_are_refused_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(text) = decode(&bytes) {
            let _ = csv::parse(&text);
            let _ = parse_units(&text);
            let _ = liaison::domain::holidays::parse_notices(&text);
        }
    }

    #[test]
    fn imported_units_hold_only_clean_text(
        name in hostile(), contact in hostile(), code in "[A-Z]{1,3}"
    ) {
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let text = format!("code,name,tier,contact\n{code},{},street,{}\n", quote(&name), quote(&contact));
        if let Ok(units) = parse_units(&text) {
            for u in units {
                prop_assert!(!u.name.chars().any(is_dangerous));
                prop_assert!(u.name.chars().count() <= limits::ADDRESS);
                let contact = u.contact.unwrap_or_default();
                prop_assert!(!contact.chars().any(is_dangerous));
                prop_assert!(contact.chars().count() <= limits::NAME);
            }
        }
    }

    #[test]
    fn holiday_notices_from_any_text_never_panic(s in hostile(), year in 1900i32..2200) {
        let text = format!("[[notice]]\nyear = {year}\ntitle = \"{}\"\nholidays = [\"{year}-10-01\"]\n", s.replace(['\\', '"'], ""));
        let _ = liaison::domain::holidays::parse_notices(&text);
    }
}

proptest! {
    // Each case sets up a desk with its own database: fewer cases, same pieces.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn pasted_text_never_reaches_the_screen_as_a_sequence(s in hostile()) {
        let mut d = desk(80, 24);
        let plain = rows(&d.draw());
        d.command(Command::NewCase);
        let empty_form = rows(&d.draw());
        // Into every text field: name, phone, address, then content.
        for field in 0..5 {
            d.act(Action::Paste(s.clone()));
            if field < 4 {
                d.command(Command::NextField);
            }
        }
        d.act(Action::Paste(s.clone()));
        let screen = d.draw();
        let buffer = screen.backend().buffer();
        for cell in buffer.content() {
            prop_assert!(!cell.symbol().chars().any(is_dangerous), "{:?}", cell.symbol());
        }
        let shown = rows(&screen);
        // The frame holds: the header and the key hints stay where they were.
        prop_assert_eq!(&shown[0], &empty_form[0]);
        prop_assert_eq!(shown.last(), empty_form.last());
        prop_assert_eq!(shown.len(), plain.len());
        for row in &shown {
            prop_assert!(row.width() <= 80, "{row:?}");
        }
    }
}

#[test]
fn a_hundred_thousand_characters_are_refused_with_the_limit_named() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    common::liaison(h)
        .args(["--db", "d.db", "init", "--station", "HF"])
        .assert()
        .success();
    // 100,000 characters (ASCII: one argument may hold at most 128 KiB on Linux).
    let huge = "a".repeat(100_000);
    common::liaison(h)
        .args(["--db", "d.db", "case", "add", "--content", &huge])
        .assert()
        .failure()
        .stderr(predicate::str::contains(limits::CONTENT.to_string()));
    common::liaison(h)
        .args([
            "--db",
            "d.db",
            "case",
            "add",
            "--content",
            "路灯",
            "--name",
            &huge,
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains(limits::NAME.to_string()));
    common::liaison(h)
        .args(["--db", "d.db", "cases", "--json"])
        .assert()
        .success()
        .stdout("");

    // A units file with a name of 100,000 characters: refused, its limit named.
    std::fs::write(h.join("units.csv"), format!("code,name\nQX,{huge}\n")).unwrap();
    common::liaison(h)
        .args(["--db", "d.db", "units", "import", "units.csv"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(limits::ADDRESS.to_string()));

    // Pasted into the form: refused whole, the limit on screen, the form still usable.
    let mut d = desk(80, 24);
    d.command(Command::NewCase);
    for _ in 0..4 {
        d.command(Command::NextField);
    }
    d.act(Action::Paste(huge));
    let form = d.app.top::<IntakeForm>().expect("the form stays open");
    assert_eq!(form.spec.content.text(), "");
    let screen = rows(&d.draw()).join("\n");
    assert!(screen.contains(&limits::CONTENT.to_string()), "{screen}");
    d.type_text("路灯坏了");
    d.command(Command::Save);
    assert!(d.app.layers.is_empty());
}

#[test]
fn invalid_bytes_in_imported_files_are_refused_by_name() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    common::liaison(h)
        .args(["--db", "d.db", "init", "--station", "HF"])
        .assert()
        .success();
    // Neither UTF-8 nor GB18030: a stray continuation byte, then a truncated sequence.
    std::fs::write(h.join("units.csv"), b"code,name\nQX,\x80\x81\xff\xfe\n").unwrap();
    common::liaison(h)
        .args(["--db", "d.db", "units", "import", "units.csv"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("units.csv"));
    std::fs::write(
        h.join("h.toml"),
        b"[[notice]]\nyear = 2027\ntitle = \"\xff\xfe\"\n",
    )
    .unwrap();
    common::liaison(h)
        .args(["--db", "d.db", "holidays", "import", "h.toml"])
        .assert()
        .failure();
}

#[test]
fn escape_sequences_in_stored_text_are_shown_not_run() {
    use common::pty::{ENTER, Session};
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    common::liaison(h)
        .args(["--db", "d.db", "init", "--station", "HF"])
        .assert()
        .success();
    common::liaison(h)
        .args([
            "--db",
            "d.db",
            "--today",
            "2026-11-17",
            "case",
            "add",
            "--content",
            "路灯坏了",
            "--name",
            "王小红",
        ])
        .assert()
        .success();
    // Text that reached the file without passing a desk's cleaning (an old import, a hand
    // edit): a title change, a clipboard write, a screen clear, a cursor report request,
    // a right-to-left override.
    let evil = "路灯\u{1b}]0;pwned\u{7}\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{1b}[6n\u{202e}坏了";
    let conn = rusqlite::Connection::open(h.join("d.db")).unwrap();
    conn.execute("UPDATE cases SET content = ?1", [evil])
        .unwrap();
    conn.execute("UPDATE residents SET name = ?1", ["王\u{1b}[31m小红"])
        .unwrap();
    drop(conn);
    let mut s = Session::start(h, &["--db", "d.db", "--today", "2026-11-17"], 80, 24);
    s.wait_text("接待队列");
    s.send(ENTER);
    std::thread::sleep(std::time::Duration::from_millis(500));
    let raw = s.raw();
    let raw = String::from_utf8_lossy(&raw);
    for sequence in [
        "\u{1b}]0;pwned",
        "\u{1b}]52;",
        "\u{1b}[6n",
        "\u{202e}",
        "\u{1b}[31m小红",
    ] {
        assert!(!raw.contains(sequence), "{sequence:?} reached the terminal");
    }
    let screen = s.screen();
    assert!(screen.contains("接待队列"), "{screen}");
    assert!(screen.contains("^["), "shown as caret notation:\n{screen}");
}

/// A station's bundle re-sealed after its text was changed, with the desk's own key (someone
/// holding the desk's file): the signature holds, but no liaison desk writes such text, so
/// the home refuses it and stays as it was.
#[test]
fn resigned_bundles_with_hostile_text_are_refused() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let run = |args: &[&str]| common::liaison(h).args(args).assert();
    run(&["--db", "hf.db", "init", "--station", "HF"]).success();
    run(&["--db", "home.db", "init", "--station", "XA"]).success();
    common::approve_cli(h, "home.db", "hf.db");
    run(&[
        "--db",
        "hf.db",
        "case",
        "add",
        "--content",
        "路灯坏了",
        "--name",
        "王小红",
    ])
    .success();
    let out = run(&["--db", "hf.db", "bundle", "export", "--out", "."]).success();
    let bundle = common::written_bundle(h, &out.get_output().stdout);
    let key = common::desk_key(&h.join("hf.db"));
    let original: Vec<(String, Vec<u8>)> = ["events.jsonl", "residents.jsonl", "manifest.json"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read(bundle.join(f)).unwrap()))
        .collect();
    let resign = |file: &str, from: &str, to: &str| {
        for (name, bytes) in &original {
            std::fs::write(bundle.join(name), bytes).unwrap();
        }
        let path = bundle.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from));
        std::fs::write(&path, text.replace(from, to)).unwrap();
        common::reseal(&bundle, &key);
    };
    let cases = || {
        let out = common::liaison(h)
            .args(["--db", "home.db", "cases", "--json"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let name = bundle.file_name().unwrap().to_string_lossy().to_string();
    let import = || run(&["--db", "home.db", "bundle", "import", &name]);
    for (file, from, to, says) in [
        (
            "events.jsonl",
            "路灯坏了",
            "路灯\\u001b[2J坏了",
            "control characters",
        ),
        (
            "events.jsonl",
            "路灯坏了",
            &"长".repeat(2001),
            "limit is 2000",
        ),
        (
            "events.jsonl",
            "\"actor\":\"",
            "\"actor\":\"\\u001b]0;x\\u0007",
            "control characters",
        ),
        (
            "residents.jsonl",
            "王小红",
            "王\\u001b[31m小红",
            "not clean text",
        ),
        ("residents.jsonl", "王小红", &"王".repeat(41), "limit is 40"),
        (
            "residents.jsonl",
            "\"phone\":null",
            "\"phone\":\"call me\"",
            "not a phone number",
        ),
    ] {
        resign(file, from, to);
        import().failure().stderr(predicate::str::contains(says));
        assert_eq!(cases(), "", "nothing of a refused bundle is kept");
    }
    // A manifest claiming trillions of events: refused by comparison, not by allocating.
    resign("events.jsonl", "路灯坏了", "路灯坏了");
    let manifest = std::fs::read_to_string(bundle.join("manifest.json")).unwrap();
    let mut m: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    m["ranges"][0]["to"] = serde_json::json!(4_000_000_000_000i64);
    std::fs::write(bundle.join("manifest.json"), m.to_string()).unwrap();
    common::reseal(&bundle, &key);
    import().failure().stderr(predicate::str::contains(
        "do not match the ranges A1–A4000000000000",
    ));
    std::fs::write(bundle.join("manifest.json"), manifest).unwrap();
    import().success();
    assert!(cases().contains("路灯坏了"));
}
