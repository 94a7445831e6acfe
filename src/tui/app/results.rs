//! Taking the result of an effect: close the form that saved, show the message, reload.

use super::{App, Notice};
use crate::tui::effect::{Done, Effect, Purpose};
use crate::tui::layout::Pane;
use crate::tui::overlay::{DetailView, Overlay};

impl App {
    pub(super) fn done(&mut self, done: Done) -> Vec<Effect> {
        match done {
            Done::Registered(Ok(record)) => {
                self.overlay = None;
                self.notice = Some(Notice {
                    text: format!("{} {}", self.texts.ui("saved"), record.case.number),
                    error: false,
                });
                self.focus = Pane::Queue;
                // The new case is the last of today's queue once reloaded.
                self.selected[Pane::Queue.index()] = self.data.queue.len();
                vec![Effect::Reload]
            }
            Done::Registered(Err(reason)) => {
                if let Some(Overlay::Intake(form)) = &mut self.overlay {
                    form.save_failed(reason.clone());
                }
                self.notice = Some(Notice {
                    text: format!("{}: {reason}", self.texts.ui("save_failed")),
                    error: true,
                });
                Vec::new()
            }
            Done::Recorded {
                purpose,
                result: Ok(case),
            } => {
                match purpose {
                    Purpose::Call => self.say("called", false),
                    Purpose::Classify => {
                        self.overlay = None;
                        self.notice = Some(Notice {
                            text: format!("{} {}", self.texts.ui("classified"), case.number),
                            error: false,
                        });
                    }
                    Purpose::Reveal => {
                        self.say("revealed", false);
                        self.reveal_next = Some(case.id);
                        return vec![Effect::LoadDetail(case.id), Effect::Reload];
                    }
                }
                vec![Effect::Reload]
            }
            Done::Recorded {
                purpose,
                result: Err(reason),
            } => {
                if let (Purpose::Classify, Some(Overlay::Classify(form))) =
                    (purpose, &mut self.overlay)
                {
                    form.save_failed(reason.clone());
                }
                self.notice = Some(Notice {
                    text: reason,
                    error: true,
                });
                Vec::new()
            }
            Done::Roster { message, result } => {
                match result {
                    Ok(()) => self.say(message, false),
                    Err(reason) => {
                        self.notice = Some(Notice {
                            text: reason,
                            error: true,
                        })
                    }
                }
                vec![Effect::Reload]
            }
            Done::Detail(Ok((record, events))) => {
                let id = record.case.id;
                let (revealed, scroll) = match &self.overlay {
                    Some(Overlay::Detail(v)) if v.record.case.id == id => (v.revealed, v.scroll),
                    _ => (false, 0),
                };
                let revealed = revealed || self.reveal_next.take() == Some(id);
                let view = DetailView {
                    record,
                    events,
                    revealed,
                    scroll,
                };
                self.overlay = Some(Overlay::Detail(Box::new(view)));
                Vec::new()
            }
            Done::Detail(Err(reason)) | Done::Reloaded(Err(reason)) => {
                self.notice = Some(Notice {
                    text: reason,
                    error: true,
                });
                Vec::new()
            }
            Done::Reloaded(Ok(snapshot)) => {
                self.data = *snapshot;
                self.clamp();
                Vec::new()
            }
        }
    }
}
