//! The real program in a pseudo-terminal: `target/release/liaison --db F --today 2026-11-17`
//! started in a private home, watched until a text is on its screen, and quit with F10.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const BINARY: &str = env!("CARGO_BIN_EXE_liaison");
/// What the first screen shows once the board is drawn.
pub const BOARD_TITLE: &str = "督办看板";
const F10: &str = "\x1b[21~";

/// A started program.
pub struct Running {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    shown: Arc<Mutex<Option<Instant>>>,
    reading: Option<std::thread::JoinHandle<()>>,
    started: Instant,
    pub pid: u32,
    _home: tempfile::TempDir,
}

/// Starts the program on `db` in a `cols`×`rows` terminal; `watch` is the text whose first
/// appearance [`Running::shown`] reports.
pub fn start(db: &Path, cols: u16, rows: u16, watch: &'static str) -> Running {
    let home = tempfile::tempdir().expect("a private home");
    let pair = native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(BINARY);
    cmd.args([
        "--db".as_ref(),
        db.as_os_str(),
        "--today".as_ref(),
        super::TODAY.as_ref(),
    ]);
    cmd.cwd(home.path());
    for var in ["LIAISON_DB", "LIAISON_TODAY", "LIAISON_LANG", "NO_COLOR"] {
        cmd.env_remove(var);
    }
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", home.path());
    cmd.env("XDG_DATA_HOME", home.path().join("data"));
    cmd.env("XDG_CONFIG_HOME", home.path().join("config"));
    cmd.env("LIAISON_CONFIG", home.path().join("config.toml"));
    cmd.env("LIAISON_OPERATOR", super::OPERATOR);
    let started = Instant::now();
    let child = pair.slave.spawn_command(cmd).expect("liaison starts");
    drop(pair.slave);
    let pid = child.process_id().expect("a process id");
    let reader = pair.master.try_clone_reader().expect("a reader");
    let writer = pair.master.take_writer().expect("a writer");
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        std::num::NonZero::new(rows).expect("rows"),
        std::num::NonZero::new(cols).expect("cols"),
        0,
    )));
    let shown = Arc::new(Mutex::new(None::<Instant>));
    let reading = read_screen(
        pair.master,
        reader,
        Arc::clone(&parser),
        Arc::clone(&shown),
        watch,
    );
    Running {
        child,
        writer,
        parser,
        shown,
        reading: Some(reading),
        started,
        pid,
        _home: home,
    }
}

/// Feeds the terminal's output to the parser and notes when `watch` first shows.
fn read_screen(
    master: Box<dyn MasterPty + Send>,
    mut reader: Box<dyn Read + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    shown: Arc<Mutex<Option<Instant>>>,
    watch: &'static str,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let _master = master; // keep the terminal open while reading
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            let mut parser = parser.lock().unwrap();
            parser.process(&buf[..n]);
            let mut shown = shown.lock().unwrap();
            if shown.is_none() && parser.screen().contents().contains(watch) {
                *shown = Some(Instant::now());
            }
        }
    })
}

impl Running {
    /// From the spawn until the watched text was first on screen; panics if the program
    /// exits first or nothing shows within `limit`.
    pub fn shown(&mut self, limit: Duration) -> Duration {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(at) = *self.shown.lock().unwrap() {
                return at - self.started;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "liaison exited ({status:?}) before its first screen; the screen:\n{}",
                    self.screen()
                );
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("timed out waiting for the first screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    pub fn started(&self) -> Instant {
        self.started
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Quits with F10 and waits for a clean exit.
    pub fn quit(mut self) {
        self.writer.write_all(F10.as_bytes()).expect("F10 sent");
        self.writer.flush().expect("F10 sent");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => {
                    assert!(status.success(), "liaison quit with {status:?}");
                    break;
                }
                _ if Instant::now() > deadline => {
                    let _ = self.child.kill();
                    panic!("liaison did not quit on F10");
                }
                _ => std::thread::sleep(Duration::from_millis(5)),
            }
        }
        if let Some(reading) = self.reading.take() {
            let _ = reading.join();
        }
    }
}
