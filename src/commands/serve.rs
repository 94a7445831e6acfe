//! `liaison serve`: the self-service page on the station's Wi-Fi, from the command line. It
//! prints the page's address with the day's token and its QR code, then what happens (a
//! case number per registration, the reason of each refusal, never a resident's data),
//! until Enter is pressed (`new` + Enter makes a new token first).

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

use anyhow::Result;

use super::context::Context;
use crate::i18n::{Lang, Serve, TextKey, Texts};
use crate::serve::qr::{QUIET, QrMatrix};
use crate::serve::{Activity, ServeOptions, Server, address};

/// What a line typed at the command asks for.
enum Typed {
    Stop,
    NewToken,
}

fn say(lang: Lang, key: Serve) -> &'static str {
    key.text(lang)
}

pub fn run(ctx: &Context, listen: Option<&str>, new_token: bool) -> Result<ExitCode> {
    let listen = address::listen_address(listen)?;
    // Serving writes: an erasure a killed purge left is finished first.
    drop(super::open_store_to_write(ctx)?);
    let db = ctx.db()?;
    let mut server = Server::start(ServeOptions {
        db,
        listen,
        clock: ctx.clock,
        new_token,
    })?;
    let lang = ctx.lang;
    let mut out = std::io::stdout().lock();
    announce(&mut out, lang, &server)?;
    let (lines, typed) = channel();
    // Lines typed at the command; the end of the input (a service without a terminal)
    // changes nothing: the server then runs until it is stopped.
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            let what = match line.trim() {
                "new" | "n" => Typed::NewToken,
                _ => Typed::Stop,
            };
            if lines.send(what).is_err() {
                break;
            }
        }
    });
    let mut day_over = false;
    loop {
        match typed.recv_timeout(Duration::from_millis(500)) {
            Ok(Typed::Stop) => break,
            Ok(Typed::NewToken) => {
                server.new_token()?;
                announce(&mut out, lang, &server)?;
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {}
        }
        for activity in server.activity() {
            report(&mut out, lang, ctx, &activity)?;
        }
        if !day_over && ctx.clock.today() != server.day() {
            day_over = true;
            writeln!(out, "{}", say(lang, Serve::DayOver))?;
        }
        out.flush()?;
    }
    server.stop();
    writeln!(out, "{}", say(lang, Serve::Stopped))?;
    Ok(ExitCode::SUCCESS)
}

/// The address, its QR code, where it listens and how to stop.
fn announce(out: &mut impl Write, lang: Lang, server: &Server) -> Result<()> {
    writeln!(out, "{} {}", say(lang, Serve::Started), server.url())?;
    if let Some(code) = QrMatrix::encode(server.url()) {
        let colour = std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        for line in code.lines(QUIET, colour) {
            writeln!(out, "{line}")?;
        }
    }
    writeln!(
        out,
        "{}",
        say(lang, Serve::Listening)
            .replace("{addr}", &server.addr().to_string())
            .replace("{day}", &server.day().to_string())
    )?;
    writeln!(out, "{}", say(lang, Serve::StopHint))?;
    out.flush()?;
    Ok(())
}

fn report(out: &mut impl Write, lang: Lang, ctx: &Context, activity: &Activity) -> Result<()> {
    let time = ctx.clock.now().format("%H:%M:%S");
    match activity {
        Activity::Registered { number } => writeln!(
            out,
            "{time} {}",
            crate::fill!(Texts::of(lang), Serve::Registered, number = number)
        )?,
        Activity::Refused { reason } => writeln!(
            out,
            "{time} {}",
            crate::fill!(
                Texts::of(lang),
                Serve::Refused,
                reason = Serve::by_key(&format!("why_{reason}")).map_or("?", |k| k.text(lang))
            )
        )?,
        Activity::Failed { error } => writeln!(
            out,
            "{time} {}",
            crate::fill!(Texts::of(lang), Serve::Failed, error = error)
        )?,
    }
    Ok(())
}
