//! Running the real binary in a pseudo-terminal and reading its screen.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

pub const F1: &str = "\x1bOP";
pub const F2: &str = "\x1bOQ";
pub const F3: &str = "\x1bOR";
pub const F4: &str = "\x1bOS";
pub const F5: &str = "\x1b[15~";
pub const F7: &str = "\x1b[18~";
pub const F8: &str = "\x1b[19~";
pub const F10: &str = "\x1b[21~";
pub const ENTER: &str = "\r";
pub const TAB: &str = "\t";
pub const ESC: &str = "\x1b";
pub const CTRL_S: &str = "\x13";
pub const CTRL_E: &str = "\x05";
pub const CTRL_K: &str = "\x0b";
pub const CTRL_O: &str = "\x0f";
pub const CTRL_R: &str = "\x12";
pub const CTRL_T: &str = "\x14";
pub const CTRL_U: &str = "\x15";
pub const CTRL_W: &str = "\x17";
pub const BACKSPACE: &str = "\x7f";
pub const INSERT: &str = "\x1b[2~";
pub const HOME: &str = "\x1b[H";
pub const END: &str = "\x1b[F";
pub const DOWN: &str = "\x1b[B";
pub const UP: &str = "\x1b[A";

pub struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Everything the program wrote, for checks on raw output.
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
}

impl Session {
    /// Starts `liaison ARGS` in a `cols`×`rows` terminal with a private home.
    pub fn start(home: &Path, args: &[&str], cols: u16, rows: u16) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_liaison"));
        cmd.args(args);
        cmd.cwd(home);
        for var in ["LIAISON_DB", "LIAISON_TODAY", "LIAISON_LANG", "NO_COLOR"] {
            cmd.env_remove(var);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home);
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("LIAISON_CONFIG", home.join("config.toml"));
        cmd.env("LIAISON_OPERATOR", "小王");
        let child = pair.slave.spawn_command(cmd).expect("liaison starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZero::new(rows).expect("rows"),
            std::num::NonZero::new(cols).expect("cols"),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (Arc::clone(&parser), Arc::clone(&raw));
        std::thread::spawn(move || {
            let _master = pair.master; // keep the terminal open while reading
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Session {
            parser,
            raw,
            writer,
            child,
        }
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // Let each key arrive on its own, as typing does.
        std::thread::sleep(Duration::from_millis(60));
    }

    /// Types text one character at a time (what an IME commits arrives like this too).
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let mut b = [0u8; 4];
            self.writer
                .write_all(c.encode_utf8(&mut b).as_bytes())
                .unwrap();
        }
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(100));
    }

    /// Sends text as a bracketed paste.
    pub fn paste(&mut self, text: &str) {
        self.send(&format!("\x1b[200~{text}\x1b[201~"));
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// One row of the screen as text.
    pub fn line(&self, row: u16) -> String {
        self.screen()
            .lines()
            .nth(row as usize)
            .unwrap_or_default()
            .to_string()
    }

    /// What one cell of the screen shows (empty for the second half of a wide character).
    pub fn cell(&self, row: u16, col: u16) -> String {
        let parser = self.parser.lock().unwrap();
        parser
            .screen()
            .cell(row, col)
            .map(|c| c.contents().to_string())
            .unwrap_or_default()
    }

    pub fn cursor(&self) -> (u16, u16) {
        self.parser.lock().unwrap().screen().cursor_position()
    }

    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Waits until the screen satisfies `check`; panics with the screen after `timeout`.
    pub fn wait_for(
        &self,
        what: &str,
        timeout: Duration,
        check: impl Fn(&str) -> bool,
    ) -> Duration {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if check(&screen) {
                return start.elapsed();
            }
            if start.elapsed() > timeout {
                panic!("timed out waiting for {what}; the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Waits until the screen has stopped changing (a frame arrives in pieces).
    pub fn settle(&self) {
        let mut last = self.screen();
        for _ in 0..100 {
            std::thread::sleep(Duration::from_millis(60));
            let now = self.screen();
            if now == last {
                return;
            }
            last = now;
        }
    }

    pub fn wait_text(&self, text: &str) -> Duration {
        self.wait_for(text, Duration::from_secs(10), |s| s.contains(text))
    }

    /// Waits for the program to end; returns whether it succeeded.
    pub fn wait_exit(&mut self, timeout: Duration) -> bool {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            if start.elapsed() > timeout {
                let _ = self.child.kill();
                panic!("liaison did not exit; the screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
        }
    }
}
