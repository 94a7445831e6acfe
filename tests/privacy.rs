//! Phones show as 138****1234 everywhere except an explicit, logged reveal: every command's
//! output, every file it writes and every screen is searched for the residents' full numbers.

mod common;

use std::path::Path;

use common::liaison;
use common::tui::{desk, text};
use liaison::tui::action::{Action, Command};
use rusqlite::Connection;

const TODAY: &str = "2026-11-17";

/// Every full phone number in the file.
fn phones(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT DISTINCT phone FROM residents WHERE phone IS NOT NULL")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn reveals(conn: &Connection) -> i64 {
    conn.query_row(
        "SELECT count(*) FROM case_events WHERE kind = 'revealed'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

fn leaks<'a>(text: &str, phones: &'a [String]) -> Vec<&'a String> {
    phones
        .iter()
        .filter(|p| text.contains(p.as_str()))
        .collect()
}

/// The text of every file under `dir` (workbooks through their cells).
fn files_text(dir: &Path) -> String {
    let mut out = String::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else if p.extension().is_some_and(|e| e == "xlsx") {
            use calamine::{Reader, Xlsx, open_workbook};
            let mut book: Xlsx<_> = open_workbook(&p).unwrap();
            for name in book.sheet_names() {
                let range = book.worksheet_range(&name).unwrap();
                for row in range.rows() {
                    for cell in row {
                        out.push_str(&cell.to_string());
                        out.push('\t');
                    }
                }
            }
        } else if p
            .extension()
            .is_none_or(|e| e != "db" && e != "db-wal" && e != "db-shm")
        {
            out.push_str(&String::from_utf8_lossy(&std::fs::read(&p).unwrap()));
        }
    }
    out
}

#[test]
fn no_command_output_or_written_file_holds_a_full_phone() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    liaison(h)
        .args(["--db", "d.db", "--today", TODAY, "demo", "--cases", "400"])
        .assert()
        .success();
    let phones = phones(&h.join("d.db"));
    assert!(phones.len() > 50);
    let numbers: Vec<String> = {
        let out = liaison(h)
            .args(["--db", "d.db", "--today", TODAY, "cases", "--json"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .take(40)
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["number"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    std::fs::create_dir(h.join("out")).unwrap();
    let mut commands: Vec<Vec<String>> = [
        "cases",
        "cases --json",
        "cases --overdue",
        "supervise",
        "supervise --json",
        "recurring --months 36",
        "recurring --months 36 --json",
        "duty --year 2026",
        "duty --year 2026 --json",
        "units",
        "report --month 2026-10 --format xlsx --out out/r.xlsx",
        "report --month 2026-10 --format csv --out out/csv",
        "report --month 2026-10 --format md --out out/r.md",
        "slip --day 2026-11-10",
        "slip --day 2026-11-10 --format html --out out/slips.html",
        "check",
    ]
    .iter()
    .map(|c| c.split(' ').map(String::from).collect())
    .collect();
    for n in &numbers {
        commands.push(vec!["case".into(), "show".into(), n.clone()]);
        commands.push(vec![
            "case".into(),
            "show".into(),
            n.clone(),
            "--json".into(),
        ]);
        commands.push(vec!["receipt".into(), n.clone()]);
        commands.push(vec![
            "receipt".into(),
            n.clone(),
            "--format".into(),
            "html".into(),
        ]);
    }
    // Searching by a full phone finds the case but prints the number masked.
    for p in phones.iter().take(10) {
        commands.push(vec!["search".into(), p.clone()]);
        commands.push(vec!["search".into(), p.clone(), "--json".into()]);
        commands.push(vec!["search".into(), p[7..].to_string()]);
    }
    let mut ran = 0;
    for args in &commands {
        let out = liaison(h)
            .args(["--db", "d.db", "--today", TODAY])
            .args(args)
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            leaks(&all, &phones).is_empty(),
            "`{}` printed a full phone:\n{all}",
            args.join(" ")
        );
        ran += 1;
    }
    let written = files_text(&h.join("out"));
    assert!(
        written.contains("****"),
        "the written files show masked phones"
    );
    assert!(
        leaks(&written, &phones).is_empty(),
        "a written file holds a full phone"
    );
    assert!(ran > 100);
    // What is written holds residents' names: private to the desk's user.
    let mut stack: Vec<_> = std::fs::read_dir(h.join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    while let Some(p) = stack.pop() {
        assert!(
            !liaison::platform::is_shared(&p).unwrap(),
            "{} is readable by others",
            p.display()
        );
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        }
    }

    // The reveal shows them, and is logged first.
    let out = liaison(h)
        .args([
            "--db", "d.db", "--today", TODAY, "cases", "--json", "--reveal",
        ])
        .output()
        .unwrap();
    let revealed = String::from_utf8(out.stdout).unwrap();
    assert!(!leaks(&revealed, &phones).is_empty());
    assert!(reveals(&Connection::open(h.join("d.db")).unwrap()) > 0);
    // The table form logs one reveal per case with a phone, and prints one header.
    let (before, closed_with_phone) = {
        let conn = Connection::open(h.join("d.db")).unwrap();
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM cases c JOIN residents r ON r.case_id = c.id \
                 WHERE c.status = 'closed' AND r.phone IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (reveals(&conn), n)
    };
    assert!(closed_with_phone > 0);
    let out = liaison(h)
        .args([
            "--db", "d.db", "--today", TODAY, "cases", "--status", "closed", "--reveal",
        ])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        table.lines().filter(|l| l.starts_with("编号")).count(),
        1,
        "{table}"
    );
    assert_eq!(
        reveals(&Connection::open(h.join("d.db")).unwrap()) - before,
        closed_with_phone
    );
    // And the report's unmasked ledger records a reveal for each case it shows.
    liaison(h)
        .args([
            "--db", "d.db", "--today", TODAY, "report", "--month", "2026-10",
        ])
        .args(["--format", "csv", "--out", "unmasked", "--unmasked"])
        .assert()
        .success();
    assert!(!leaks(&files_text(&h.join("unmasked")), &phones).is_empty());
}

#[test]
fn no_screen_shows_a_full_phone_until_the_logged_reveal() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut d = desk(w, h);
        let phones = phones(&d.db.path);
        assert!(!phones.is_empty());
        let mut screens: Vec<(String, String)> = Vec::new();
        let mut look = |d: &common::tui::Desk, name: &str| {
            screens.push((name.to_string(), text(&d.draw())));
        };
        look(&d, "main");
        for pane in [
            Command::FocusDuty,
            Command::FocusQueue,
            Command::FocusClassify,
            Command::FocusBoard,
        ] {
            d.command(pane);
            look(&d, &format!("{pane:?}"));
            d.command(Command::Open);
            look(&d, &format!("{pane:?} opened"));
            d.command(Command::Close);
        }
        d.command(Command::Search);
        d.act(Action::Paste(phones[0][7..].to_string()));
        d.command(Command::Open);
        look(&d, "search by the last four digits");
        d.command(Command::Close);
        d.command(Command::Close);
        // A full number typed as the query stays in the query line (the operator typed
        // it); the results show it masked.
        d.command(Command::Search);
        d.act(Action::Paste(phones[0].clone()));
        d.command(Command::Open);
        let results: String = text(&d.draw())
            .lines()
            .filter(|l| l.contains("HF-"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(results.contains("****"), "{results}");
        let full_phone_results = ("search results by full phone".to_string(), results);
        d.command(Command::Close);
        d.command(Command::Statistics);
        look(&d, "statistics");
        d.command(Command::Close);
        screens.push(full_phone_results);
        for (name, screen) in &screens {
            assert!(
                leaks(screen, &phones).is_empty(),
                "{name} at {w}x{h} shows a full phone:\n{screen}"
            );
        }
        // Ctrl-R on the queue: logged, then shown.
        d.command(Command::FocusQueue);
        d.command(Command::Open);
        let before = reveals(d.runner.store.connection());
        d.command(Command::Reveal);
        let shown = text(&d.draw());
        assert!(
            !leaks(&shown, &phones).is_empty(),
            "the reveal shows the number:\n{shown}"
        );
        let after = reveals(d.runner.store.connection());
        assert_eq!(after, before + 1);
    }
}
