//! Taking the terminal and giving it back, also when something panics.

use std::io::{self, Stdout, Write};
use std::path::PathBuf;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Raw mode, the alternate screen and bracketed paste; the panic hook restores them and
/// writes the report to `panic_dir`.
pub fn enter(panic_dir: PathBuf) -> io::Result<Term> {
    install_panic_hook(panic_dir);
    enable_raw_mode()?;
    let mut out = io::stdout();
    if let Err(e) = execute!(out, EnterAlternateScreen, EnableBracketedPaste) {
        let _ = disable_raw_mode();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(out))
}

/// Gives the terminal back as it was.
pub fn leave() -> io::Result<()> {
    let mut out = io::stdout();
    let raw = disable_raw_mode();
    execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    )?;
    out.flush()?;
    raw
}

fn install_panic_hook(dir: PathBuf) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = leave();
        let report = format!(
            "liaison {} panicked at {}\n{info}\n\n{}\n",
            env!("CARGO_PKG_VERSION"),
            chrono::Local::now().format("%Y-%m-%d %H:%M:%S"),
            std::backtrace::Backtrace::force_capture()
        );
        let path = dir.join(format!(
            "liaison-panic-{}.txt",
            chrono::Local::now().format("%Y%m%d-%H%M%S")
        ));
        match std::fs::write(&path, &report) {
            Ok(()) => eprintln!(
                "liaison stopped on an internal error. Everything saved before is safe.\nReport written to {}",
                path.display()
            ),
            Err(_) => eprintln!("{report}"),
        }
        previous(info);
    }));
}
