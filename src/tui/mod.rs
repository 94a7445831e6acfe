//! The terminal face: one [`app::App`] state changed only by `App::update`, the main screen
//! with a stack of layers over it (forms, dialogs, views), and a loop that blocks on input,
//! runs effects, and watches the file for other terminals' writes.
//!
//! From the top down: `app` (the compositor) uses `main` (the main screen and its panes),
//! `layers` and `forms` (one per file), which are made of `kit` (the layer, the form kit, the
//! view context, the drawing pieces); below them `keymap`, `action`, `effect` (what is asked
//! of the database, and the code that does it), `snapshot`, `widgets`.

pub mod action;
pub mod app;
pub mod effect;
pub mod forms;
pub mod housekeeping;
pub mod keymap;
pub mod kit;
pub mod layers;
pub mod layout;
pub mod main;
pub mod snapshot;
pub mod terminal;
pub mod theme;
pub mod ui;
pub mod widgets;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Result;
use chrono::Timelike;
use ratatui::crossterm::event::{self, Event};
use ratatui::layout::Rect;

use action::Action;
use app::App;
use effect::{Effect, Runner};
use keymap::Keymap;

use crate::clock::Clock;
use crate::i18n::{Lang, Texts};
use crate::store::Store;

/// How often the file is asked whether another terminal wrote to it.
const WATCH_INTERVAL: Duration = Duration::from_millis(500);

/// Settings the interface starts with.
pub struct Options {
    pub lang: Lang,
    pub clock: Clock,
    pub actor: String,
    pub key_overrides: std::collections::BTreeMap<String, Vec<String>>,
    /// Where a panic report goes.
    pub report_dir: PathBuf,
    /// Where the self-service page listens, if not on the LAN address.
    pub serve_listen: Option<String>,
}

/// Runs the interface until the operator quits.
pub fn run(store: Store, options: Options) -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        crate::refuse!(crate::i18n::Error::NeedsTerminal);
    }
    let texts = Texts::of(options.lang);
    let keymap = Keymap::load(&options.key_overrides);
    let mut runner = Runner::new(store, options.clock, options.actor.clone(), texts);
    runner.serve_listen = options.serve_listen;
    let snapshot = runner.snapshot()?;
    let checks = housekeeping::start(runner.store.path().to_path_buf(), options.clock.today());
    let mut terminal = terminal::enter(options.report_dir)?;
    let size = terminal
        .size()
        .map(|s| Rect::new(0, 0, s.width, s.height))
        .unwrap_or_default();
    let mut app = App::new(
        texts,
        keymap,
        theme::Theme::from_env(),
        snapshot,
        options.actor,
        size,
    );
    let result = event_loop(&mut terminal, &mut app, &mut runner, &checks);
    // Quitting while the day's backup runs leaves no half-written copy behind; a submission
    // being saved on the self-service page is committed and answered, or not written.
    checks.stop();
    if let Some(server) = runner.server.take() {
        server.stop();
    }
    terminal::leave()?;
    result
}

fn event_loop(
    terminal: &mut terminal::Term,
    app: &mut App,
    runner: &mut Runner,
    checks: &housekeeping::Checks,
) -> Result<()> {
    let mut version = runner.store.data_version()?;
    let mut next_watch = Instant::now() + WATCH_INTERVAL;
    let mut minute = runner.clock.now().minute();
    while !app.quit {
        if app.dirty {
            terminal.draw(|frame| ui::render(app, frame))?;
            app.dirty = false;
        }
        let wait = next_watch.saturating_duration_since(Instant::now());
        if event::poll(wait)? {
            let action = match event::read()? {
                Event::Key(key) => app.on_key(&key),
                Event::Paste(text) => Some(Action::Paste(text)),
                Event::Resize(w, h) => Some(Action::Resize(w, h)),
                _ => None,
            };
            if let Some(action) = action {
                dispatch(app, runner, action);
            }
            continue;
        }
        // Quiet: see whether another terminal wrote, whether the minute turned, and whether
        // the start-up checks are done.
        next_watch = Instant::now() + WATCH_INTERVAL;
        if let Some(found) = checks.try_found() {
            dispatch(app, runner, Action::Housekeeping(found));
        }
        let now = runner.store.data_version()?;
        if now != version {
            version = now;
            runner.invalidate();
            let done = runner.run(Effect::Reload);
            dispatch(app, runner, Action::Done(Box::new(done)));
        }
        let clock = runner.clock.now();
        if clock.minute() != minute {
            minute = clock.minute();
            dispatch(app, runner, Action::Tick(clock));
        }
    }
    Ok(())
}

/// Feeds an action to the app and runs the effects it asks for, feeding their results back.
fn dispatch(app: &mut App, runner: &mut Runner, action: Action) {
    let mut pending = vec![action];
    while let Some(action) = pending.pop() {
        let effects = app.update(action);
        // Results go back in the order the effects were asked for.
        for effect in effects.into_iter().rev() {
            let done = runner.run(effect);
            pending.push(Action::Done(Box::new(done)));
        }
    }
}
