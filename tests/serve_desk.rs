//! The self-service page from the desk's side: Alt-9 starts the server in the desk's
//! process, the QR code drawn on the screen decodes back to the address shown, a phone's
//! submission appears in the live queue marked "to confirm" (and a repeat of a waiting case
//! is pointed out), the call confirms it; and the site's refusals that need a clock or a
//! broken file: the day over, a full disk, a read-only file.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use common::tui::{Desk, desk, rows};
use liaison::clock::Clock;
use liaison::serve::Activity;
use liaison::serve::http::{Method, Request};
use liaison::serve::site::Site;
use liaison::store::Store;
use liaison::tui::action::{Action, Command};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

/// The QR code on the screen, read back with a decoder as a phone's camera would.
fn decode_screen(terminal: &Terminal<TestBackend>) -> Option<String> {
    let buf = terminal.backend().buffer();
    let is_module = |x: u16, y: u16| {
        let c = &buf[(x, y)];
        c.symbol() == "\u{2580}"
            && matches!(c.fg, Color::Black | Color::White)
            && matches!(c.bg, Color::Black | Color::White)
    };
    let cells: Vec<(u16, u16)> = (0..buf.area.height)
        .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
        .filter(|&(x, y)| is_module(x, y))
        .collect();
    let x0 = cells.iter().map(|c| c.0).min()?;
    let x1 = cells.iter().map(|c| c.0).max()?;
    let y0 = cells.iter().map(|c| c.1).min()?;
    let y1 = cells.iter().map(|c| c.1).max()?;
    // Each cell is two modules, one above the other; each module 6×6 pixels here.
    const SCALE: usize = 6;
    let (cols, rows) = ((x1 - x0 + 1) as usize, (y1 - y0 + 1) as usize * 2);
    let dark = |mx: usize, my: usize| {
        let c = &buf[(x0 + mx as u16, y0 + (my / 2) as u16)];
        let colour = if my.is_multiple_of(2) { c.fg } else { c.bg };
        colour == Color::Black
    };
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(cols * SCALE, rows * SCALE, |x, y| {
            if dark(x / SCALE, y / SCALE) { 0 } else { 255 }
        });
    let grids = image.detect_grids();
    grids.first()?.decode().ok().map(|(_, text)| text)
}

fn get(url: &str) -> (u16, String) {
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest.split_once('/').unwrap();
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    let status = text.split(' ').nth(1).unwrap().parse().unwrap();
    (status, text)
}

fn post(host: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "POST /submit HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    let status = text.split(' ').nth(1).unwrap().parse().unwrap();
    (status, text)
}

fn started(width: u16, height: u16) -> (Desk, String) {
    let mut d = desk(width, height);
    d.runner.serve_listen = Some("127.0.0.1:0".into());
    d.command(Command::SelfService);
    d.command(Command::ServeToggle);
    let url = d
        .runner
        .server
        .as_ref()
        .expect("Enter started the server")
        .url()
        .to_string();
    (d, url)
}

#[test]
fn the_code_on_the_screen_decodes_to_the_address_shown_and_opens_the_form() {
    for (width, height) in [(80, 24), (120, 40)] {
        let (mut d, url) = started(width, height);
        let terminal = d.draw();
        let screen = rows(&terminal).join("\n");
        assert!(
            screen.contains(&url),
            "{width}x{height}: the address is shown\n{screen}"
        );
        assert_eq!(
            decode_screen(&terminal).as_deref(),
            Some(url.as_str()),
            "{width}x{height}"
        );
        let (status, page) = get(&url);
        assert_eq!(status, 200);
        assert!(page.contains("name=\"content\""));
        // Esc leaves it running; Alt-9 shows the same address.
        d.command(Command::Close);
        assert!(d.runner.server.is_some());
        d.command(Command::SelfService);
        assert_eq!(decode_screen(&d.draw()).as_deref(), Some(url.as_str()));
        // A new code: the old address is refused at once.
        d.command(Command::NewToken);
        let new = d.runner.server.as_ref().unwrap().url().to_string();
        assert_ne!(new, url);
        assert_eq!(get(&url).0, 403);
        assert_eq!(decode_screen(&d.draw()).as_deref(), Some(new.as_str()));
        // Enter stops it.
        d.command(Command::ServeToggle);
        assert!(d.runner.server.is_none());
        assert!(
            TcpStream::connect(new.trim_start_matches("http://").split('/').next().unwrap())
                .is_err()
        );
    }
}

#[test]
fn a_phone_submission_is_in_the_queue_marked_and_a_repeat_is_pointed_out() {
    let (mut d, url) = started(120, 40);
    let host = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let token = url.rsplit('/').next().unwrap();
    let (status, _) = post(
        &host,
        &format!(
            "t={token}&n=AAAAAAAAAAAAAAAA&content=%E6%83%B3%E9%97%AE%E5%85%BB%E8%80%81%E8%A1%A5%E8%B4%B4&name=%E5%91%A8%E6%A1%82%E8%8A%B3"
        ),
    );
    assert_eq!(status, 200);
    // The desk's loop sees another connection's write through the data version and reads
    // again; here the reload is asked for directly.
    d.command(Command::Close);
    d.command(Command::Refresh);
    let screen = rows(&d.draw()).join("\n");
    assert!(
        screen.contains("09:30 扫码待核  0分钟   周桂芳"),
        "the case is in the queue, marked:\n{screen}"
    );

    // The same matter registered again from a second phone: pointed out.
    let (status, _) = post(
        &host,
        &format!(
            "t={token}&n=BBBBBBBBBBBBBBBB&content=%E6%83%B3%E9%97%AE%E5%85%BB%E8%80%81%E8%A1%A5%E8%B4%B4"
        ),
    );
    assert_eq!(status, 200);
    d.command(Command::Refresh);
    let screen = rows(&d.draw()).join("\n");
    let first = d
        .app
        .data
        .queue
        .iter()
        .find(|r| r.resident.name.as_deref() == Some("周桂芳"))
        .unwrap();
    let number = first.case.number.rsplit('-').next().unwrap();
    assert!(
        screen
            .lines()
            .any(|l| l.contains(&format!("疑与{number}重复"))),
        "{screen}"
    );

    // Called to a deputy: confirmed, the mark goes.
    let record = d
        .app
        .data
        .queue
        .iter()
        .find(|r| r.resident.name.as_deref() == Some("周桂芳"))
        .unwrap()
        .clone();
    d.select(Command::FocusQueue, &record.case.number);
    d.command(Command::Call);
    let screen = rows(&d.draw()).join("\n");
    let queue_no = record.case.number.rsplit('-').next().unwrap();
    assert!(
        screen.contains(&format!("{queue_no} 09:30 接待中")),
        "{screen}"
    );
    assert!(
        !screen.contains(&format!("{queue_no} 09:30 扫码待核")),
        "{screen}"
    );
    let called = d.db.store.case(record.case.id).unwrap().unwrap();
    assert!(called.case.self_registered && !called.case.to_confirm);
    // Quitting the desk stops the server.
    d.act(Action::Command(Command::Quit));
    assert!(d.app.quit);
    d.runner.server.take().unwrap().stop();
    assert!(TcpStream::connect(&host).is_err());
}

fn request(body: &str) -> Request {
    Request {
        method: Method::Post,
        path: "/submit".into(),
        query: String::new(),
        content_type: Some("application/x-www-form-urlencoded".into()),
        host: Some("192.168.1.20:8080".into()),
        origin: Some("http://192.168.1.20:8080".into()),
        body: body.as_bytes().to_vec(),
        peer: [192, 168, 1, 34].into(),
    }
}

fn cases(store: &Store) -> i64 {
    store
        .connection()
        .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn after_the_day_a_full_disk_or_a_read_only_file_nothing_is_registered() {
    let db = common::initialised("HF");
    let day = common::date("2026-11-17");
    let mut store = Store::open(&db.path).unwrap();
    let token = store
        .keep_day_token(
            day,
            "TOKENTOKENTOKENA",
            false,
            common::at("2026-11-17 08:00"),
        )
        .unwrap();
    let body = format!("t={token}&n=FORMFORMFORMFORM&content=%E8%B7%AF%E7%81%AF&name=%E7%8E%8B");

    // The day the server was started for is over: refused, nothing registered.
    let (tx, rx) = sync_channel(16);
    let next_day = Clock::frozen(common::at("2026-11-18 00:01"));
    let mut site = Site::new(Store::open(&db.path).unwrap(), next_day, day, tx).unwrap();
    let answer = site.handle(&request(&body), Instant::now());
    assert_eq!(answer.status, 410);
    assert_eq!(cases(&db.store), 0);
    assert_eq!(
        rx.try_recv().unwrap(),
        Activity::Refused { reason: "closed" }
    );

    // A full disk: the resident keeps the input and is asked to retry; nothing registered.
    let (tx, rx) = sync_channel(16);
    let clock = Clock::frozen(common::at("2026-11-17 10:00"));
    let full = Store::open(&db.path).unwrap();
    let pages: i64 = full
        .connection()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    full.connection()
        .execute_batch(&format!("PRAGMA max_page_count = {pages}"))
        .unwrap();
    let mut site = Site::new(full, clock, day, tx).unwrap();
    let long = format!("{body}&address=x&content={}", "%E5%AD%97".repeat(2000));
    let answer = site.handle(&request(&long), Instant::now());
    assert_eq!(answer.status, 503);
    let page = String::from_utf8(answer.body).unwrap();
    assert!(page.contains("value=\"王\""), "the input is kept");
    assert!(page.contains("cannot save") || page.contains("暂时无法保存"));
    assert!(
        !page.contains("full"),
        "the desk's reason stays at the desk"
    );
    assert_eq!(cases(&db.store), 0);
    match rx.try_recv().unwrap() {
        Activity::Failed { error } => assert!(!error.contains('王'), "{error}"),
        other => panic!("{other:?}"),
    }

    // A read-only file.
    let (tx, _rx) = sync_channel(16);
    let read_only = Store::open(&db.path).unwrap();
    read_only
        .connection()
        .execute_batch("PRAGMA query_only = ON")
        .unwrap();
    let mut site = Site::new(read_only, clock, day, tx).unwrap();
    assert_eq!(site.handle(&request(&body), Instant::now()).status, 503);
    assert_eq!(cases(&db.store), 0);

    // The same file writable again: the same form registers once, a second tap answers
    // with the same number.
    let (tx, _rx) = sync_channel(16);
    let mut site = Site::new(Store::open(&db.path).unwrap(), clock, day, tx).unwrap();
    let first = site.handle(&request(&body), Instant::now());
    let again = site.handle(&request(&body), Instant::now() + Duration::from_millis(30));
    assert_eq!((first.status, again.status), (200, 200));
    assert_eq!(first.body, again.body);
    assert_eq!(cases(&db.store), 1);
}
