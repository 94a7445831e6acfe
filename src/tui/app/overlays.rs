//! Input while a form, dialog or case detail is open.

use super::App;
use crate::domain::event::EventBody;
use crate::tui::action::Command;
use crate::tui::effect::{Effect, Purpose};
use crate::tui::forms::Input;
use crate::tui::forms::classify;
use crate::tui::forms::confirm::{Confirm, OnYes};
use crate::tui::forms::intake;
use crate::tui::forms::pick::{FilterKind, Picked};
use crate::tui::layout::Pane;
use crate::tui::overlay::Overlay;

impl App {
    pub(super) fn on_overlay(&mut self, input: &Input) -> Vec<Effect> {
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

    pub(super) fn close_form(&mut self) {
        if self.overlay.as_ref().is_some_and(Overlay::is_dirty) {
            self.confirm = Some(Confirm {
                question: "confirm_discard",
                on_yes: OnYes::DiscardForm,
            });
        } else {
            self.overlay = None;
        }
    }
}
