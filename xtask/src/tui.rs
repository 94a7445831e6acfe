//! The terminal UI of an unpacked archive, in tmux: the demo's first screen comes up, F1
//! opens the help, Esc closes it, F10 quits with status 0.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::runner::{Runner, output_of};

/// A tmux server of our own (its own socket), killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.args(["-L", &self.socket, "-f", "/dev/null"]);
        cmd
    }

    fn screen(&self) -> Result<String> {
        output_of(self.cmd().args(["capture-pane", "-p", "-t", "smoke"]))
    }

    fn keys(&self, key: &str) -> Result<()> {
        output_of(self.cmd().args(["send-keys", "-t", "smoke", key])).map(drop)
    }

    /// Waits until the screen shows `text`; the screen as it was when it did.
    fn wait_for(&self, text: &str, timeout: Duration) -> Result<String> {
        let started = Instant::now();
        loop {
            let screen = self.screen()?;
            if screen.contains(text) {
                return Ok(screen);
            }
            if started.elapsed() > timeout {
                bail!("after {timeout:?} the screen still does not show `{text}`:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").output();
    }
}

/// What the check looks for, in the language it runs in.
pub struct Expect {
    pub lang: &'static str,
    /// On the first screen (the hint bar names F1).
    pub first: &'static str,
    /// In the help overlay.
    pub help: &'static str,
}

pub const CHINESE: Expect = Expect {
    lang: "zh",
    first: "F1 帮助",
    help: "帮助 --",
};

/// English, and lines that survive Wine's console, which misplaces wide characters and the
/// text after them: the hint bar's `F10 quit`, and the help's first heading, which starts its
/// line (a key further down, such as F5's, moves off the first page as keys are added).
pub const ENGLISH_UNDER_WINE: Expect = Expect {
    lang: "en",
    first: "F10 quit",
    help: "queue pane",
};

/// Runs the TUI on a demo database in `work`, at 100×30; returns the transcript's lines.
pub fn smoke(runner: &Runner, bin: &Path, work: &Path, expect: &Expect) -> Result<Vec<String>> {
    let tmux = Tmux {
        socket: format!("liaison-dist-{}", std::process::id()),
    };
    let args = [
        "--lang",
        expect.lang,
        "--demo",
        "--db",
        "tui-demo.db",
        "--today",
        "2026-11-17",
    ];
    let mut program = runner.command(bin);
    program.args(args);
    let line = shell_line(&program, work);
    output_of(
        tmux.cmd()
            .args(["new-session", "-d", "-s", "smoke", "-x", "100", "-y", "30"])
            .arg(&line),
    )
    .context("cannot start tmux")?;
    // The binary by its name: the transcript goes into release notes, not this machine's paths.
    let mut shown = Command::new(bin.file_name().unwrap_or(bin.as_os_str()));
    shown.args(args);
    let mut lines = vec![format!(
        "  tmux 100x30: {}",
        crate::runner::describe(&shown)
    )];
    let slow = Duration::from_secs(90);
    let first = tmux.wait_for(expect.first, slow)?;
    lines.push(format!(
        "  first screen: {}",
        first.lines().next().unwrap_or("").trim_end()
    ));
    tmux.keys("F1")?;
    tmux.wait_for(expect.help, slow)?;
    lines.push(format!(
        "  F1: the help shows `{}`",
        expect.help.trim_end_matches([' ', '-'])
    ));
    tmux.keys("Escape")?;
    tmux.wait_for(expect.first, slow)?;
    tmux.keys("F10")?;
    let last = tmux.wait_for("[exit ", slow)?;
    let status = last
        .lines()
        .find(|l| l.contains("[exit "))
        .unwrap_or_default()
        .trim()
        .to_string();
    if status != "[exit 0]" {
        bail!("F10 ended the program with {status}:\n{last}");
    }
    lines.push(format!("  F10: quit, {status}"));
    Ok(lines)
}

/// The shell line tmux runs: in `work`, the program with its environment, then its exit
/// status printed and the pane kept open to read it.
fn shell_line(cmd: &Command, work: &Path) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let mut words = vec![
        "cd".to_string(),
        quote(&work.to_string_lossy()),
        "&&".into(),
        "env".into(),
    ];
    for var in [
        "LIAISON_DB",
        "LIAISON_TODAY",
        "LIAISON_LANG",
        "LIAISON_OPERATOR",
        "LIAISON_CONFIG",
    ] {
        words.push(format!("-u {var}"));
    }
    for (k, v) in crate::smoke::private_env(work) {
        words.push(quote(&format!("{k}={}", v.to_string_lossy())));
    }
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            words.push(quote(&format!(
                "{}={}",
                k.to_string_lossy(),
                v.to_string_lossy()
            )));
        }
    }
    words.push(quote(&cmd.get_program().to_string_lossy()));
    words.extend(cmd.get_args().map(|a| quote(&a.to_string_lossy())));
    format!("{}; echo \"[exit $?]\"; sleep 600", words.join(" "))
}
