//! The home's station scorecard through the binary: a home built from two stations' demo
//! years by bundles, its figures counted again by hand from the home's file, the rubric's
//! minimum and overrides, a bad rubric refused, and the one-page workbook.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{liaison, written_bundle};
use serde_json::Value;

const TODAY: &str = "2026-12-06";

/// Runs the binary at `db` under `h`, in English, on `today`.
fn run(h: &Path, db: &str, today: &str, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--lang", "en", "--db", db, "--today", today];
    all.extend_from_slice(args);
    liaison(h).args(&all).output().unwrap()
}

fn ok(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Two stations' demo years (different seeds), carried to a new home by their bundles.
fn home(h: &Path) {
    ok(run(
        h,
        "home.db",
        "2026-11-01",
        &["init", "--station", "XA"],
    ));
    for (station, seed) in [("HF", "7"), ("XY1", "11")] {
        let db = format!("{station}.db");
        ok(run(
            h,
            &db,
            "2026-11-17",
            &[
                "demo",
                "--station",
                station,
                "--cases",
                "700",
                "--years",
                "1",
                "--seed",
                seed,
            ],
        ));
        wishes(h, &db, if station == "HF" { 2 } else { 1 });
        common::approve_cli(h, "home.db", &db);
        let out = ok(run(
            h,
            &db,
            "2026-11-18",
            &["bundle", "export", "--all", "--out", "usb"],
        ));
        let bundle = written_bundle(h, out.as_bytes());
        ok(run(
            h,
            "home.db",
            "2026-11-18",
            &["bundle", "import", bundle.to_str().unwrap()],
        ));
    }
}

/// Three wishes at the station's desk: all claimed by a volunteer but one, `fulfilled` of
/// them fulfilled.
fn wishes(h: &Path, db: &str, fulfilled: usize) {
    let mut numbers = Vec::new();
    for content in ["助行器一台", "书包一个", "修理漏水的水龙头"] {
        let said = ok(run(
            h,
            db,
            "2026-11-17",
            &[
                "wish",
                "add",
                "--content",
                content,
                "--name",
                "王秀英",
                "--phone",
                "13812341234",
                "--address",
                "幸福里小区3栋2单元",
            ],
        ));
        let number = said
            .split_whitespace()
            .find(|w| w.contains("-W-"))
            .unwrap_or_else(|| panic!("a number in {said}"))
            .trim_matches(|c: char| !c.is_ascii_alphanumeric())
            .to_string();
        numbers.push(number);
    }
    for number in &numbers[..2] {
        ok(run(
            h,
            db,
            "2026-11-17",
            &["wish", "claim", number, "--volunteer", "李明华"],
        ));
    }
    for number in &numbers[..fulfilled] {
        ok(run(
            h,
            db,
            "2026-11-17",
            &[
                "wish",
                "fulfil",
                number,
                "--note",
                "已送到",
                "--date",
                "2026-11-17",
            ],
        ));
    }
}

fn scorecard(h: &Path, extra: &[&str]) -> Vec<Value> {
    scorecard_of(h, "home.db", extra)
}

fn scorecard_of(h: &Path, db: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["scorecard", "--year", "2026", "--json"];
    args.extend_from_slice(extra);
    ok(run(h, db, TODAY, &args))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn row<'a>(rows: &'a [Value], code: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["figures"]["code"] == code)
        .unwrap_or_else(|| panic!("{code} in {rows:?}"))
}

/// The station's figures of 2026 counted by hand from the home's file: the case rows as
/// they stand today, the latest call-back of each case, the roster, the activities, and the
/// reception days `calendar --json` gives.
fn by_hand(h: &Path, db: &str, station: &str) -> [u64; 10] {
    let conn = rusqlite::Connection::open(h.join(db)).unwrap();
    let one = |sql: &str| -> u64 {
        conn.query_row(sql, [station], |r| r.get::<_, i64>(0))
            .unwrap()
            .try_into()
            .unwrap()
    };
    let of_year = "FROM cases WHERE station = ?1 AND received_at >= '2026' \
                   AND received_at < '2027' AND status != 'withdrawn'";
    let received = one(&format!("SELECT count(*) {of_year}"));
    let finished = one(&format!(
        "SELECT count(*) {of_year} AND status IN ('answered', 'declined', 'closed')"
    ));
    let on_time = one(&format!(
        "SELECT count(*) {of_year} AND (status IN ('answered', 'declined') \
         OR (status = 'closed' AND (replied_on IS NULL OR due_date IS NULL OR replied_on <= due_date)))"
    ));
    let latest = "(SELECT e.payload FROM case_events e WHERE e.case_id = cases.id \
                  AND e.kind = 'called_back' ORDER BY e.seq DESC LIMIT 1)";
    let called_back = one(&format!(
        "SELECT count(*) {of_year} AND {latest} IS NOT NULL"
    ));
    let satisfied = one(&format!(
        "SELECT count(*) {of_year} AND json_extract({latest}, '$.satisfaction') \
         IN ('very_satisfied', 'satisfied', 'basic')"
    ));
    let days: Vec<String> = ok(run(
        h,
        "home.db",
        TODAY,
        &["calendar", "--year", "2026", "--json"],
    ))
    .lines()
    .map(|l| {
        serde_json::from_str::<Value>(l).unwrap()["date"]
            .as_str()
            .unwrap()
            .to_string()
    })
    .filter(|d| d.as_str() <= TODAY)
    .collect();
    let mut present = 0;
    let mut held = 0;
    for day in &days {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM roster WHERE station = ?1 AND date = ?2 \
                 AND checked_in_at IS NOT NULL",
                [station, day.as_str()],
                |r| r.get(0),
            )
            .unwrap();
        present += n as u64;
        held += u64::from(n > 0);
    }
    let activities = one(
        "SELECT count(*) FROM activities WHERE station = ?1 AND date BETWEEN '2026-01-01' AND '2026-12-31'",
    );
    let volunteers = one(
        "SELECT count(*) FROM activity_members m JOIN activities a ON a.id = m.activity \
         WHERE a.station = ?1 AND a.kind = 'volunteer' AND a.date BETWEEN '2026-01-01' AND '2026-12-31'",
    );
    let wishes = one(
        "SELECT count(*) FROM wish_events e JOIN wishes w ON w.id = e.wish_id \
         WHERE w.station = ?1 AND e.kind = 'fulfilled' AND e.at >= '2026' AND e.at < '2027'",
    );
    [
        received,
        finished,
        on_time,
        called_back,
        satisfied,
        held,
        present,
        activities,
        volunteers,
        wishes,
    ]
}

fn figures(row: &Value) -> [u64; 10] {
    let f = &row["figures"];
    [
        "cases_received",
        "finished",
        "finished_on_time",
        "called_back",
        "satisfied",
        "reception_days_held",
        "members_present",
        "activities",
        "volunteer_attendances",
        "wishes_fulfilled",
    ]
    .map(|k| f[k].as_u64().unwrap_or_else(|| panic!("{k} in {f}")))
}

#[test]
fn the_demo_at_the_home_shows_a_scorecard() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    ok(run(
        h,
        "demo.db",
        TODAY,
        &["demo", "--station", "XA", "--cases", "3000", "--years", "1"],
    ));
    let rows = scorecard_of(h, "demo.db", &[]);
    assert_eq!(rows.len(), 11, "every station but the home");
    let busy: Vec<&Value> = rows
        .iter()
        .filter(|r| {
            let f = &r["figures"];
            f["reception_days_held"].as_u64() > Some(0)
                && f["activities"].as_u64() > Some(0)
                && f["cases_received"].as_u64() > Some(50)
        })
        .collect();
    assert!(busy.len() >= 8, "{rows:?}");
    let scores: BTreeSet<String> = rows
        .iter()
        .map(|r| format!("{:.1}", r["score"].as_f64().unwrap()))
        .collect();
    assert!(scores.len() >= 5, "the stations differ: {scores:?}");
    for r in &rows {
        let code = r["figures"]["code"].as_str().unwrap();
        assert_eq!(figures(r), by_hand(h, "demo.db", code), "{code}");
        // No bundle came: the home's own demo.
        assert_eq!(r["figures"]["last_bundle"], Value::Null);
    }
    // The stations' wishes are at the home as their bundles would have brought them: the
    // wishes fulfilled differ from station to station, and agree with what `wish list`
    // says was fulfilled this year.
    let listed = fulfilled_listed(h, "demo.db");
    let wishes: Vec<u64> = rows
        .iter()
        .map(|r| r["figures"]["wishes_fulfilled"].as_u64().unwrap())
        .collect();
    for r in &rows {
        let code = r["figures"]["code"].as_str().unwrap();
        let n = r["figures"]["wishes_fulfilled"].as_u64().unwrap();
        assert_eq!(n, listed.get(code).copied().unwrap_or(0), "{code}");
    }
    assert!(
        wishes.iter().filter(|&&n| n > 0).count() >= 8,
        "most stations fulfilled wishes: {wishes:?}"
    );
    assert!(
        wishes.iter().collect::<BTreeSet<_>>().len() >= 3,
        "the stations differ: {wishes:?}"
    );
    ok(run(h, "demo.db", TODAY, &["check"]));
}

/// Per station, the wishes `wish list --json` says were fulfilled in 2026.
fn fulfilled_listed(h: &Path, db: &str) -> std::collections::BTreeMap<String, u64> {
    let mut out = std::collections::BTreeMap::new();
    for line in ok(run(h, db, TODAY, &["wish", "list", "--json"])).lines() {
        let w: Value = serde_json::from_str(line).unwrap();
        if w["state"] == "fulfilled"
            && w["fulfilled_on"]
                .as_str()
                .is_some_and(|d| d.starts_with("2026"))
        {
            *out.entry(w["station"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    out
}

#[test]
fn the_scorecard_of_a_demo_year_is_what_a_count_by_hand_says() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    home(h);
    let rows = scorecard(h, &[]);
    for station in ["HF", "XY1"] {
        let r = row(&rows, station);
        let hand = by_hand(h, "home.db", station);
        assert_eq!(figures(r), hand, "{station}");
        // The desk's own demo wishes and those added by hand came with its bundles.
        let at_desk = fulfilled_listed(h, &format!("{station}.db"));
        let added = if station == "HF" { 2 } else { 1 };
        assert!(at_desk[station] > added, "{at_desk:?}");
        assert_eq!(hand[9], at_desk[station], "wishes fulfilled");
        assert!(
            hand[0] > 100 && hand[5] >= 3 && hand[7] > 10,
            "{station}: {hand:?}"
        );
        assert_eq!(
            r["figures"]["reception_days_due"], 11,
            "December's is on the 15th"
        );
        assert_eq!(r["figures"]["months"], 12);
        assert_eq!(r["figures"]["members"], 6);
        let rate = hand[2] as f64 / hand[1] as f64;
        assert!((r["on_time_rate"].as_f64().unwrap() - rate).abs() < 1e-9);
        assert!(
            r["figures"]["last_bundle"]
                .as_str()
                .unwrap()
                .starts_with("2026-11-18")
        );
        assert!(r["stars"].as_u64().unwrap() >= 1);
    }
    // A reception day moved by hand (as the home's calendar holds it for the station): the
    // day it moved to is the one due, and nobody checked in then, so October was not held.
    let set = |date: Option<&str>| {
        let mut store = liaison::store::Store::open(&h.join("home.db")).unwrap();
        store
            .set_reception_day("HF", 2026, 10, date.map(common::date), Some("社区活动"))
            .unwrap();
    };
    set(Some("2026-10-22"));
    let moved = scorecard(h, &[]);
    let held = |rows: &[Value]| row(rows, "HF")["figures"]["reception_days_held"].as_u64();
    assert_eq!(held(&moved), held(&rows).map(|n| n - 1));
    assert_eq!(row(&moved, "HF")["figures"]["reception_days_due"], 11);
    set(None);
    assert_eq!(held(&scorecard(h, &[])), held(&rows));

    // The stations that sent nothing: no bundle, nothing counted, ranked below.
    let quiet = row(&rows, "JX");
    assert_eq!(quiet["figures"]["last_bundle"], Value::Null);
    assert_eq!(quiet["on_time_rate"], Value::Null);
    let ranks: Vec<u64> = rows.iter().map(|r| r["rank"].as_u64().unwrap()).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    let scores: Vec<f64> = rows.iter().map(|r| r["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(row(&rows, "HF")["rank"].as_u64().unwrap() <= 2);
    assert!(
        rows.iter().all(|r| r["figures"]["code"] != "XA"),
        "not the home itself"
    );

    // The table says where every figure comes from, in both languages.
    let text = ok(run(h, "home.db", TODAY, &["scorecard", "--year", "2026"]));
    assert!(
        text.contains("On-time rate: The report's on-time rate"),
        "{text}"
    );
    assert!(text.contains("Rubric: the shipped rubric"), "{text}");
    let zh = liaison(h)
        .args([
            "--db",
            "home.db",
            "--today",
            TODAY,
            "scorecard",
            "--year",
            "2026",
        ])
        .output()
        .unwrap();
    let zh = ok(zh);
    assert!(zh.contains("满意率：月报表的满意率"), "{zh}");
    assert!(zh.contains("和风社区人大代表联络站"), "{zh}");

    // A station's desk does not rank its neighbours.
    let out = run(h, "HF.db", TODAY, &["scorecard", "--year", "2026"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("made at the home"));

    rates_and_rubrics(h, &rows);
    pane(h, &rows);
}

/// The pane at the home (Alt-S), at 80×24 in English and 120×40 in Chinese: the stations in
/// the command's order with its scores; F1 names the key; a station's desk is told it is the
/// home's.
fn pane(h: &Path, rows: &[Value]) {
    use common::pty::{ESC, F1, F10, Session};
    use std::time::Duration;
    let first = rows[0]["figures"]["code"].as_str().unwrap();
    let score = format!("{:.1}", rows[0]["score"].as_f64().unwrap());
    let mut s = Session::start(
        h,
        &["--lang", "en", "--db", "home.db", "--today", TODAY],
        80,
        24,
    );
    s.wait_text("F1");
    s.send(F1);
    s.wait_text("main screen");
    // F1 lists the key among the main screen's, a page or two down.
    for _ in 0..8 {
        if s.screen().contains("station scorecard") {
            break;
        }
        s.send("\x1b[6~"); // PageDown
        s.settle();
    }
    let help = s.screen();
    assert!(
        help.lines()
            .any(|l| l.contains("Alt-S") && l.contains("station scorecard")),
        "{help}"
    );
    s.send(ESC);
    s.settle();
    s.send("\x1bs"); // Alt-S
    s.wait_text("Station scorecard 2026, to 2026-12-06");
    s.settle();
    let screen = s.screen();
    let line = screen
        .lines()
        .find(|l| l.contains(&format!(" {first} ")))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(
        line.trim_start_matches(['|', ' ']).starts_with('1'),
        "{screen}"
    );
    assert!(line.contains(&score), "{screen}");
    assert!(screen.contains("rates on 10+ cases"), "{screen}");
    s.send(F10);
    assert!(s.wait_exit(Duration::from_secs(10)));

    let mut s = Session::start(h, &["--db", "home.db", "--today", TODAY], 120, 40);
    s.wait_text("F1");
    s.send("\x1bs");
    s.wait_text("站点星级评定 2026");
    s.settle();
    let screen = s.screen();
    assert!(screen.contains("和风社区人大代表联络站"), "{screen}");
    assert!(screen.contains("数据包"), "{screen}");
    s.send(F10);
    assert!(s.wait_exit(Duration::from_secs(10)));

    let mut s = Session::start(
        h,
        &["--lang", "en", "--db", "HF.db", "--today", TODAY],
        80,
        24,
    );
    s.wait_text("F1");
    s.send("\x1bs");
    s.wait_text("the station scorecard is made at the home");
    s.send(F10);
    assert!(s.wait_exit(Duration::from_secs(10)));
}

/// Rates hidden below the rubric's minimum; a rubric beside the database or named on the
/// command line changes the score; a bad one is refused and writes nothing.
fn rates_and_rubrics(h: &Path, shipped: &[Value]) {
    let hf = row(shipped, "HF");
    let finished = hf["figures"]["finished"].as_u64().unwrap();
    let called = hf["figures"]["called_back"].as_u64().unwrap();
    let rubric = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scorecard.toml"),
    )
    .unwrap();
    let write = |name: &str, text: &str| {
        std::fs::write(h.join(name), text).unwrap();
        name.to_string()
    };
    // Exactly at the minimum the on-time rate is shown; one case more it is not.
    let at = write(
        "at.toml",
        &rubric.replace("min_cases = 10", &format!("min_cases = {finished}")),
    );
    let r = scorecard(h, &["--rubric", &at]);
    assert!(row(&r, "HF")["on_time_rate"].is_f64());
    let above = write(
        "above.toml",
        &rubric.replace(
            "min_cases = 10",
            &format!("min_cases = {}", finished.max(called) + 1),
        ),
    );
    let r = scorecard(h, &["--rubric", &above]);
    let hidden = row(&r, "HF");
    assert_eq!(hidden["on_time_rate"], Value::Null);
    assert_eq!(hidden["satisfaction_rate"], Value::Null);
    // Its figures stay; the score rests on the rest.
    assert_eq!(hidden["figures"], hf["figures"]);
    assert_ne!(hidden["score"], hf["score"]);

    // Only reception days weigh: the score is the share of days held.
    let days_only = rubric
        .lines()
        .map(|l| match l.split_once(" = ") {
            Some((k, _)) if !l.contains('.') && k != "min_cases" && k != "reception_days" => {
                format!("{k} = 0")
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    write("scorecard.toml", &days_only);
    let r = scorecard(h, &[]);
    let f = &row(&r, "HF")["figures"];
    let share = 100.0 * f["reception_days_held"].as_f64().unwrap()
        / f["reception_days_due"].as_f64().unwrap();
    assert!((row(&r, "HF")["score"].as_f64().unwrap() - share).abs() < 1e-9);
    assert_ne!(row(&r, "HF")["score"], hf["score"]);
    std::fs::remove_file(h.join("scorecard.toml")).unwrap();

    // A bad rubric: refused, naming the file and the fault, and no workbook written.
    for (bad, says) in [
        (
            rubric.replace("activities = 10", "activities = -3"),
            "the weight activities",
        ),
        (rubric.replace("[stars]", "[star]"), "not valid TOML"),
        (
            rubric.replace("four = 75.0", "four = 95.0"),
            "star thresholds",
        ),
    ] {
        let path = write("bad.toml", &bad);
        let out = run(
            h,
            "home.db",
            TODAY,
            &[
                "scorecard",
                "--year",
                "2026",
                "--rubric",
                &path,
                "--xlsx",
                "card.xlsx",
            ],
        );
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("bad.toml") && err.contains(says), "{err}");
        assert!(!h.join("card.xlsx").exists());
    }
    let out = liaison(h)
        .args([
            "--db",
            "home.db",
            "--today",
            TODAY,
            "scorecard",
            "--rubric",
            "bad.toml",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("评分细则"));

    // The workbook: one sheet, written once.
    ok(run(
        h,
        "home.db",
        TODAY,
        &[
            "scorecard",
            "--year",
            "2026",
            "--quarter",
            "4",
            "--xlsx",
            "card.xlsx",
        ],
    ));
    let bytes = std::fs::read(h.join("card.xlsx")).unwrap();
    let mut book = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    assert!(
        book.by_name("xl/worksheets/sheet2.xml").is_err(),
        "one sheet"
    );
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut book.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    // Fitted to one page wide and one tall (1 is the default, left unwritten), A4 landscape.
    assert!(sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{sheet}");
    assert!(!sheet.contains("fitToHeight") && !sheet.contains("fitToWidth"));
    assert!(sheet.contains(r#"paperSize="9" orientation="landscape""#));
    let strings = {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut book.by_name("xl/sharedStrings.xml").unwrap(), &mut s)
            .unwrap();
        s
    };
    assert!(
        strings.contains("On-time rate: The report"),
        "the definitions beside it"
    );
    let again = run(
        h,
        "home.db",
        TODAY,
        &["scorecard", "--year", "2026", "--xlsx", "card.xlsx"],
    );
    assert!(!again.status.success());
    let quarter = scorecard(h, &["--quarter", "4"]);
    let months: BTreeSet<u64> = quarter
        .iter()
        .map(|r| r["figures"]["months"].as_u64().unwrap())
        .collect();
    assert_eq!(months, BTreeSet::from([3]));
}

#[test]
fn the_readme_defines_every_figure_of_the_scorecard() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let texts = liaison::i18n::Texts::of(liaison::i18n::Lang::Zh);
    let defined = liaison::report::render::scorecard::definitions(texts);
    assert_eq!(defined.len(), 11);
    for (term, definition) in defined {
        assert!(
            readme.contains(&format!("| {term} | {definition} |")),
            "README lacks the definition of {term}"
        );
    }
}
