//! The interface's state and the one place it changes: [`App::update`]. Keys become actions
//! in [`App::on_key`]; updates return the effects (database work) for the loop to run.
//! The results of those effects are taken in `results.rs`, list movement in `lists.rs`.

mod lists;
mod results;

use std::sync::Arc;

use ratatui::crossterm::event::{KeyEvent, KeyEventKind};
use ratatui::layout::Rect;

use super::action::{Action, Command};
use super::effect::{Effect, Purpose};
use super::forms::Input;
use super::forms::classify::{self, ClassifyForm};
use super::forms::confirm::{Confirm, OnYes};
use super::forms::intake::{self, IntakeForm};
use super::forms::pick::{FilterItem, FilterKind, PickDialog, Picked};
use super::keymap::{Context, Key, KeyName, Keymap};
use super::layout::{self, Pane};
use super::overlay::{HelpView, Overlay};
use super::snapshot::Snapshot;
use super::theme::Theme;
use super::widgets::picker::Picker;
use crate::domain::case::{CaseId, Status};
use crate::domain::event::EventBody;
use crate::i18n::Texts;
use crate::store::CaseRecord;

/// A one-line message under the panes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub texts: &'static Texts,
    pub keymap: Keymap,
    pub theme: Theme,
    pub data: Snapshot,
    pub operator: String,
    pub focus: Pane,
    /// Selected row and first visible row of each pane, by [`Pane::index`].
    pub selected: [usize; 4],
    pub scroll: [usize; 4],
    pub board_filter: Option<FilterItem>,
    pub overlay: Option<Overlay>,
    pub help: Option<HelpView>,
    pub confirm: Option<Confirm>,
    pub notice: Option<Notice>,
    pub size: Rect,
    pub quit: bool,
    /// Something changed since the last frame.
    pub dirty: bool,
    /// The next detail view to open with the phone revealed (its reveal was just logged).
    reveal_next: Option<CaseId>,
}

impl App {
    pub fn new(
        texts: &'static Texts,
        keymap: Keymap,
        theme: Theme,
        data: Snapshot,
        operator: String,
        size: Rect,
    ) -> App {
        let notice = (!keymap.problems.is_empty()).then(|| Notice {
            text: format!(
                "{}: {}",
                texts.ui("keys_problem"),
                keymap.problems.join("; ")
            ),
            error: true,
        });
        App {
            texts,
            keymap,
            theme,
            data,
            operator,
            focus: Pane::Queue,
            selected: [0; 4],
            scroll: [0; 4],
            board_filter: None,
            overlay: None,
            help: None,
            confirm: None,
            notice,
            size,
            quit: false,
            dirty: true,
            reveal_next: None,
        }
    }

    /// The key contexts active now, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        if self.confirm.is_some() {
            return vec![Context::Confirm, Context::App];
        }
        if self.help.is_some() {
            return vec![Context::Help, Context::List, Context::App];
        }
        if let Some(overlay) = &self.overlay {
            return overlay.contexts();
        }
        let pane = match self.focus {
            Pane::Duty => Context::Duty,
            Pane::Queue => Context::Queue,
            Pane::Classify => Context::ClassifyList,
            Pane::Board => Context::Board,
        };
        vec![pane, Context::List, Context::Main, Context::App]
    }

    /// Maps a key to an action: a bound command, or a character typed into a field.
    pub fn on_key(&self, event: &KeyEvent) -> Option<Action> {
        // Windows reports releases too; only presses (and repeats) act.
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let key = Key::from_event(event)?;
        let stack = self.contexts();
        if let Some(command) = self.keymap.lookup(&stack, key) {
            return Some(Action::Command(command));
        }
        match key.code {
            // AltGr arrives as Ctrl+Alt on Windows: still a character.
            KeyName::Char(c) if stack.contains(&Context::Text) && (key.ctrl == key.alt) => {
                Some(Action::Insert(c))
            }
            _ => None,
        }
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        self.dirty = true;
        match action {
            Action::Resize(width, height) => {
                self.size = Rect::new(0, 0, width, height);
                self.clamp();
                self.resize_forms();
                Vec::new()
            }
            Action::Tick(now) => {
                self.data.now = now;
                Vec::new()
            }
            Action::Done(done) => self.done(*done),
            Action::Command(Command::Quit) => self.request_quit(),
            Action::Command(Command::Help) if self.help.is_none() && self.confirm.is_none() => {
                self.help = Some(HelpView {
                    stack: self.contexts(),
                    scroll: 0,
                });
                Vec::new()
            }
            other => {
                let input = match other {
                    Action::Command(c) => Input::Command(c),
                    Action::Insert(c) => Input::Insert(c),
                    Action::Paste(p) => Input::Paste(p),
                    _ => return Vec::new(),
                };
                if matches!(input, Input::Command(_)) && self.confirm.is_none() {
                    self.notice = None;
                }
                if self.confirm.is_some() {
                    self.on_confirm(&input)
                } else if self.help.is_some() {
                    self.on_help(&input);
                    Vec::new()
                } else if self.overlay.is_some() {
                    self.on_overlay(&input)
                } else {
                    self.on_main(&input)
                }
            }
        }
    }

    fn request_quit(&mut self) -> Vec<Effect> {
        if self.overlay.as_ref().is_some_and(Overlay::is_dirty) {
            self.confirm = Some(Confirm {
                question: "confirm_quit",
                on_yes: OnYes::Quit,
            });
        } else {
            self.quit = true;
        }
        Vec::new()
    }

    fn on_confirm(&mut self, input: &Input) -> Vec<Effect> {
        let Some(confirm) = self.confirm.clone() else {
            return Vec::new();
        };
        match input {
            Input::Command(Command::Yes) => {
                self.confirm = None;
                match confirm.on_yes {
                    OnYes::Quit => self.quit = true,
                    OnYes::DiscardForm => self.overlay = None,
                    OnYes::RemoveMember(id) => return vec![Effect::RemoveMember(id)],
                }
            }
            Input::Command(Command::No) => self.confirm = None,
            _ => {}
        }
        Vec::new()
    }

    fn on_help(&mut self, input: &Input) {
        let Some(help) = &mut self.help else { return };
        match input {
            Input::Command(Command::Close) => self.help = None,
            Input::Command(Command::Down) => help.scroll += 1,
            Input::Command(Command::Up) => help.scroll = help.scroll.saturating_sub(1),
            Input::Command(Command::PageDown) => help.scroll += 10,
            Input::Command(Command::PageUp) => help.scroll = help.scroll.saturating_sub(10),
            Input::Command(Command::First) => help.scroll = 0,
            _ => {}
        }
    }

    fn on_overlay(&mut self, input: &Input) -> Vec<Effect> {
        let Some(overlay) = &mut self.overlay else {
            return Vec::new();
        };
        match overlay {
            Overlay::Intake(form) => match form.handle(input) {
                intake::Outcome::Save(new) => return vec![Effect::Register(new)],
                intake::Outcome::Close => self.close_form(),
                intake::Outcome::Nothing => {}
            },
            Overlay::Classify(form) => match form.handle(input) {
                classify::Outcome::Save(bodies) => {
                    let case = form.record.case.id;
                    return vec![Effect::Record {
                        case,
                        bodies,
                        purpose: Purpose::Classify,
                    }];
                }
                classify::Outcome::Close => self.close_form(),
                classify::Outcome::Nothing => {}
            },
            Overlay::Pick(dialog) => match dialog.handle(input) {
                Picked::Close => self.overlay = None,
                Picked::Member(id) => {
                    self.overlay = None;
                    return vec![Effect::AddMember(id)];
                }
                Picked::Filter(item) => {
                    self.overlay = None;
                    self.board_filter = (item.kind != FilterKind::All).then_some(item);
                    self.selected[Pane::Board.index()] = 0;
                    self.scroll[Pane::Board.index()] = 0;
                }
                Picked::Nothing => {}
            },
            Overlay::Detail(view) => match input {
                Input::Command(Command::Close) => self.overlay = None,
                Input::Command(Command::Down) => view.scroll += 1,
                Input::Command(Command::Up) => view.scroll = view.scroll.saturating_sub(1),
                Input::Command(Command::PageDown) => view.scroll += 10,
                Input::Command(Command::PageUp) => view.scroll = view.scroll.saturating_sub(10),
                Input::Command(Command::First) => view.scroll = 0,
                Input::Command(Command::Reveal) => {
                    let case = view.record.case.id;
                    if view.record.resident.phone.is_some() && !view.revealed {
                        return vec![Effect::Record {
                            case,
                            bodies: vec![EventBody::Revealed {}],
                            purpose: Purpose::Reveal,
                        }];
                    }
                }
                Input::Command(Command::Classify) => {
                    let record = view.record.clone();
                    self.open_classify(record);
                }
                _ => {}
            },
        }
        Vec::new()
    }

    fn close_form(&mut self) {
        if self.overlay.as_ref().is_some_and(Overlay::is_dirty) {
            self.confirm = Some(Confirm {
                question: "confirm_discard",
                on_yes: OnYes::DiscardForm,
            });
        } else {
            self.overlay = None;
        }
    }

    fn on_main(&mut self, input: &Input) -> Vec<Effect> {
        let Input::Command(command) = input else {
            return Vec::new();
        };
        match command {
            Command::NewCase => self.open_intake(),
            Command::Classify => match self.selected_case() {
                Some(record) => self.open_classify(record),
                None => self.say("nothing_selected", true),
            },
            Command::Refresh => {
                self.say("reloaded", false);
                return vec![Effect::Reload];
            }
            Command::FocusDuty => self.focus = Pane::Duty,
            Command::FocusQueue => self.focus = Pane::Queue,
            Command::FocusClassify => self.focus = Pane::Classify,
            Command::FocusBoard => self.focus = Pane::Board,
            Command::NextPane | Command::PrevPane => {
                let step = if *command == Command::NextPane { 1 } else { 3 };
                self.focus = Pane::ALL[(self.focus.index() + step) % 4];
            }
            Command::Open => {
                if let Some(record) = self.selected_case() {
                    return vec![Effect::LoadDetail(record.case.id)];
                }
            }
            Command::Up => self.move_selection(-1),
            Command::Down => self.move_selection(1),
            Command::PageUp => self.move_selection(-(self.page() as i64)),
            Command::PageDown => self.move_selection(self.page() as i64),
            Command::First => self.move_selection(i64::MIN / 2),
            Command::Last => self.move_selection(i64::MAX / 2),
            Command::TogglePresence => {
                if let Some(row) = self.selected_duty() {
                    let present = !row.entry.is_present();
                    return vec![Effect::Presence {
                        member: row.member.id.clone(),
                        present,
                    }];
                }
            }
            Command::AddMember => self.open_roster_picker(),
            Command::RemoveMember => {
                if let Some(row) = self.selected_duty() {
                    let id = row.member.id.clone();
                    self.confirm = Some(Confirm {
                        question: "confirm_remove",
                        on_yes: OnYes::RemoveMember(id),
                    });
                }
            }
            Command::Call => return self.call_selected(),
            Command::Reveal => {
                if let Some(record) = self.selected_case() {
                    if record.resident.phone.is_none() {
                        return vec![Effect::LoadDetail(record.case.id)];
                    }
                    return vec![Effect::Record {
                        case: record.case.id,
                        bodies: vec![EventBody::Revealed {}],
                        purpose: Purpose::Reveal,
                    }];
                }
            }
            Command::Filter => self.open_filter(),
            _ => {}
        }
        Vec::new()
    }

    fn say(&mut self, key: &str, error: bool) {
        self.notice = Some(Notice {
            text: self.texts.ui(key).to_string(),
            error,
        });
    }

    fn open_intake(&mut self) {
        let on_duty: Vec<_> = self
            .data
            .roster
            .iter()
            .filter(|r| r.entry.is_present())
            .map(|r| r.member.clone())
            .collect();
        let preselected = self
            .selected_duty()
            .filter(|r| r.entry.is_present())
            .map(|r| r.member.id.clone());
        let mut form = IntakeForm::new(on_duty, preselected.as_deref());
        form.content_width = layout::form_field_width(self.size);
        self.overlay = Some(Overlay::Intake(Box::new(form)));
    }

    fn open_classify(&mut self, record: CaseRecord) {
        if !matches!(
            record.case.status,
            Status::Queued | Status::Receiving | Status::Returned
        ) {
            self.say("not_classifiable", true);
            return;
        }
        let form = ClassifyForm::new(record, Arc::clone(&self.data.refs), self.data.today);
        self.overlay = Some(Overlay::Classify(Box::new(form)));
    }

    fn open_roster_picker(&mut self) {
        let refs = &self.data.refs;
        let on_roster: Vec<&str> = self
            .data
            .roster
            .iter()
            .map(|r| r.member.id.as_str())
            .collect();
        // A station's own members first, then everyone else of the street.
        let mut members: Vec<_> = refs
            .members
            .iter()
            .filter(|m| !on_roster.contains(&m.id.as_str()))
            .cloned()
            .collect();
        members.sort_by_key(|m| m.station != refs.desk.code);
        let dialog = PickDialog::RosterMember(Picker::new(members));
        self.overlay = Some(Overlay::Pick(Box::new(dialog)));
    }

    fn open_filter(&mut self) {
        let refs = &self.data.refs;
        let mut items = vec![FilterItem::new(
            FilterKind::All,
            "*",
            self.texts.ui("filter_all"),
        )];
        let mut units: Vec<&str> = self
            .data
            .board
            .iter()
            .filter_map(|r| r.record.case.unit.as_deref())
            .collect();
        units.sort();
        units.dedup();
        for code in units {
            let name = refs.taxonomy.unit(code).map_or(code, |u| u.name.as_str());
            items.push(FilterItem::new(FilterKind::Unit, code, name));
        }
        if refs.scope().is_none() {
            for s in &refs.stations {
                items.push(FilterItem::new(FilterKind::Station, &s.code, &s.name));
            }
        }
        self.overlay = Some(Overlay::Pick(Box::new(PickDialog::BoardFilter(
            Picker::new(items),
        ))));
    }

    fn call_selected(&mut self) -> Vec<Effect> {
        let Some(record) = self.selected_case() else {
            self.say("nothing_selected", true);
            return Vec::new();
        };
        if record.case.status != Status::Queued {
            return vec![Effect::LoadDetail(record.case.id)];
        }
        // The deputy named at intake receives, if here; else the one selected in the duty pane.
        let named = record.case.deputy.as_deref().filter(|d| {
            self.data
                .roster
                .iter()
                .any(|r| r.member.id == *d && r.entry.is_present())
        });
        let deputy = named.map(str::to_string).or_else(|| {
            self.selected_duty()
                .filter(|r| r.entry.is_present())
                .map(|r| r.member.id.clone())
        });
        let Some(deputy) = deputy else {
            self.say("no_deputy_present", true);
            return Vec::new();
        };
        vec![Effect::Record {
            case: record.case.id,
            bodies: vec![EventBody::Called { deputy }],
            purpose: Purpose::Call,
        }]
    }

    fn resize_forms(&mut self) {
        if let Some(Overlay::Intake(form)) = &mut self.overlay {
            form.content_width = layout::form_field_width(self.size);
        }
    }
}
