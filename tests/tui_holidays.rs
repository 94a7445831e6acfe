//! The holiday table per year in the terminal UI (F12) and the import of a notice with its
//! preview, at 80×24, through the app's one update function and the real effects.

mod common;

use common::tui::{desk, text};
use liaison::tui::action::{Action, Command};
use liaison::tui::layers::holidays::Holidays;

fn fixture(name: &str) -> String {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/notices")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn the_table_per_year_then_a_notice_previewed_and_loaded() {
    let mut d = desk(80, 24);
    d.command(Command::Holidays);
    let screen = text(&d.draw());
    assert!(screen.contains("节假日安排"), "{screen}");
    assert!(
        screen.contains("2026") && screen.contains("已载入通知"),
        "{screen}"
    );
    assert!(
        screen.contains("2027") && screen.contains("暂按法定节日"),
        "{screen}"
    );

    // A garbled notice: refused, naming its line; nothing is loaded.
    d.act(Action::Paste(fixture("garble-weekday.txt")));
    d.command(Command::Confirm);
    let screen = text(&d.draw());
    assert!(screen.contains("第 9 行"), "{screen}");

    d.command(Command::ClearField);
    d.act(Action::Paste(fixture("made-up-2027.txt")));
    d.command(Command::Confirm);
    let screen = text(&d.draw());
    assert!(
        screen.contains("春节  放假 2027-02-05..02-11（共7天）；调休上班 2027-02-20 周六"),
        "{screen}"
    );
    assert!(screen.contains("Ctrl-S"), "{screen}");
    // Closing the preview keeps the view; Ctrl-S after a new preview loads.
    d.command(Command::Close);
    assert!(d.app.top::<Holidays>().is_some());
    d.command(Command::Confirm);
    d.command(Command::Save);
    let screen = text(&d.draw());
    assert!(screen.contains("已载入 2027 年通知"), "{screen}");
    let years = d
        .runner
        .store
        .holiday_years(common::date("2026-11-17"))
        .unwrap();
    assert_eq!(
        years.iter().find(|y| y.year == 2027).map(|y| y.status),
        Some(liaison::domain::calendar::YearStatus::Loaded)
    );
    d.command(Command::Close);
    assert!(d.app.layers.is_empty());
}
