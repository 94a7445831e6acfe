//! The State Council's notices for 2022–2026 as published, read to exactly the table shipped
//! in `assets/holidays.toml`; their GBK, full-width and ASCII variants; and garbled texts
//! refused, naming the line.

use std::path::PathBuf;

use liaison::assets;
use liaison::domain::holidays::Notice;
use liaison::domain::notice_text::{NoticeFileError, Problem, parse_notice_text, read_notices};
use liaison::formats::decode;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/notices")
        .join(name);
    decode(&std::fs::read(&path).unwrap()).unwrap()
}

fn shipped(year: i32) -> Notice {
    assets::holiday_notices()
        .into_iter()
        .find(|n| n.year == year)
        .unwrap()
}

#[test]
fn each_published_notice_reads_to_the_shipped_table() {
    for year in 2022..=2026 {
        let text = fixture(&format!("{year}.txt"));
        let notice = parse_notice_text(&text).unwrap_or_else(|e| panic!("{year}: {e}"));
        assert_eq!(notice, shipped(year), "{year}");
    }
}

#[test]
fn gbk_full_width_and_ascii_variants_read_the_same() {
    for (file, year) in [
        ("2023-gbk.txt", 2023),
        ("2025-gbk.txt", 2025),
        ("2022-fullwidth.txt", 2022),
        ("2024-ascii.txt", 2024),
    ] {
        let raw = std::fs::read(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/notices")
                .join(file),
        )
        .unwrap();
        if file.contains("gbk") {
            assert!(std::str::from_utf8(&raw).is_err(), "{file} is really GBK");
        }
        let notice = parse_notice_text(&fixture(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(notice, shipped(year), "{file}");
    }
}

#[test]
fn the_advice_to_rest_on_new_years_eve_is_not_a_day_off() {
    let notice = parse_notice_text(&fixture("2024.txt")).unwrap();
    assert!(
        !notice
            .days
            .iter()
            .any(|d| d.date.to_string() == "2024-02-09")
    );
}

fn refused(file: &str) -> liaison::domain::notice_text::TextError {
    parse_notice_text(&fixture(file)).expect_err(file)
}

#[test]
fn an_impossible_date_is_refused_naming_its_line() {
    let err = refused("garble-impossible-date.txt");
    assert_eq!(err.line, Some(7), "{err}");
    assert!(
        matches!(&err.problem, Problem::BadDate(d) if d == "2月30日"),
        "{err}"
    );
    assert!(err.to_string().contains("二、春节"), "{err}");
}

#[test]
fn a_missing_festival_is_refused() {
    let err = refused("garble-missing-festival.txt");
    assert_eq!(err.problem, Problem::MissingFestival("端午节"), "{err}");
}

#[test]
fn a_range_that_runs_backwards_is_refused() {
    let err = refused("garble-backwards.txt");
    assert_eq!(err.line, Some(7), "{err}");
    assert!(matches!(err.problem, Problem::Backwards { .. }), "{err}");
}

#[test]
fn a_weekday_that_disagrees_with_its_date_is_refused() {
    let err = refused("garble-weekday.txt");
    assert_eq!(err.line, Some(9), "{err}");
    assert!(err.to_string().contains("2026-05-09 is a Sat"), "{err}");
}

#[test]
fn a_line_broken_in_transit_is_refused() {
    let err = refused("garble-broken-line.txt");
    assert_eq!(err.line, Some(8), "{err}");
    assert!(matches!(err.problem, Problem::Unreadable(_)), "{err}");
}

#[test]
fn mojibake_is_refused() {
    let err = refused("garble-mojibake.txt");
    assert_eq!(err.problem, Problem::NoTitle, "{err}");
}

#[test]
fn a_make_up_day_on_a_weekday_is_refused_naming_its_line() {
    // 2026-01-05 is a Monday: no weekend to work.
    let text = fixture("2026.txt").replace("1月4日（周日）上班", "1月5日上班");
    let err = parse_notice_text(&text).unwrap_err();
    assert_eq!(err.line, Some(6), "{err}");
    assert!(err.to_string().contains("not a weekend"), "{err}");
}

#[test]
fn a_second_notice_in_the_same_text_is_refused() {
    let text = format!("{}\n{}", fixture("2025.txt"), fixture("2026.txt"));
    let err = parse_notice_text(&text).unwrap_err();
    assert!(
        matches!(
            err.problem,
            Problem::SecondNotice {
                first: 2025,
                found: 2026
            }
        ),
        "{err}"
    );
}

#[test]
fn a_festival_line_twice_is_refused() {
    let text = fixture("2026.txt").replace(
        "　　三、清明节",
        "　　二、春节：2月16日放假，共1天。\n　　三、清明节",
    );
    let err = parse_notice_text(&text).unwrap_err();
    assert_eq!(err.problem, Problem::FestivalTwice("春节"), "{err}");
}

#[test]
fn toml_and_text_are_told_apart() {
    let toml = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/holidays.toml"),
    )
    .unwrap();
    assert_eq!(read_notices(&toml).unwrap().len(), 5);
    assert_eq!(
        read_notices(&fixture("2026.txt")).unwrap(),
        vec![shipped(2026)]
    );
    assert!(matches!(
        read_notices(&fixture("garble-weekday.txt")),
        Err(NoticeFileError::Text(_))
    ));
}
