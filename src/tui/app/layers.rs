//! Input while something is open over the main screen: the question, the help or the form
//! on top takes it and says what it needs ([`Outcome`]); this is where the app does it.

use super::{App, Notice};
use crate::i18n::Ui;
use crate::tui::action::Command;
use crate::tui::effect::Effect;
use crate::tui::forms::confirm::{Confirm, OnYes};
use crate::tui::forms::{Input, Outcome};
use crate::tui::layout::Pane;
use crate::tui::overlay::Overlay;

/// Which of the open things an outcome came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    Confirm,
    Help,
    Form,
}

impl App {
    pub(super) fn on_layer(&mut self, input: &Input) -> Vec<Effect> {
        let (layer, outcome) = if let Some(confirm) = &mut self.confirm {
            (
                Layer::Confirm,
                crate::tui::forms::Form::handle(confirm, input),
            )
        } else if let Some(help) = &mut self.help {
            (Layer::Help, crate::tui::forms::Form::handle(help, input))
        } else if let Some(overlay) = &mut self.overlay {
            (Layer::Form, overlay.form_mut().handle(input))
        } else {
            return Vec::new();
        };
        self.settle(layer, outcome)
    }

    fn settle(&mut self, layer: Layer, outcome: Outcome) -> Vec<Effect> {
        match outcome {
            Outcome::Stay => {}
            Outcome::Run(effects) => return effects,
            Outcome::Close => match layer {
                Layer::Confirm => self.confirm = None,
                Layer::Help => self.help = None,
                Layer::Form => self.close_form(),
            },
            Outcome::Finish(effects) => {
                self.close_layer(layer);
                return effects;
            }
            Outcome::Refused { field, problem } => {
                self.notice = Some(Notice {
                    text: problem.at_field(self.texts, self.texts.ui(field)),
                    error: true,
                });
            }
            Outcome::Say(key) => self.say(key, true),
            Outcome::Yes(on_yes) => {
                self.confirm = None;
                return self.answer_yes(on_yes);
            }
            Outcome::Filter(filter) => {
                self.overlay = None;
                self.board_filter = filter;
                self.selected[Pane::Board.index()] = 0;
                self.scroll[Pane::Board.index()] = 0;
            }
            Outcome::Follow(command, record) => {
                let id = record.case.id;
                self.came_from_detail = Some(id);
                match command {
                    Command::Classify => self.open_classify(*record),
                    Command::Feedback => self.open_feedback(*record),
                    _ => self.open_supervise(*record),
                }
                // Nothing opened (a message said why): stay on the details.
                if matches!(self.overlay, Some(Overlay::Detail(_))) {
                    self.came_from_detail = None;
                }
            }
        }
        Vec::new()
    }

    fn close_layer(&mut self, layer: Layer) {
        match layer {
            Layer::Confirm => self.confirm = None,
            Layer::Help => self.help = None,
            Layer::Form => self.overlay = None,
        }
    }

    fn answer_yes(&mut self, on_yes: OnYes) -> Vec<Effect> {
        match on_yes {
            OnYes::Quit => self.quit = true,
            OnYes::DiscardForm => self.overlay = None,
            OnYes::RemoveMember(id) => return vec![Effect::RemoveMember(id)],
            OnYes::BulkUrge => return self.bulk_urge(),
        }
        Vec::new()
    }

    /// Esc on a form: asks first when something typed would be lost. The details go back to
    /// the search they were opened from.
    pub(super) fn close_form(&mut self) {
        if matches!(self.overlay, Some(Overlay::Detail(_))) {
            self.overlay = self.behind_detail.take();
        } else if self.overlay.as_ref().is_some_and(Overlay::is_dirty) {
            self.confirm = Some(Confirm {
                question: Ui::ConfirmDiscard,
                detail: String::new(),
                on_yes: OnYes::DiscardForm,
            });
        } else {
            self.overlay = None;
        }
    }
}
