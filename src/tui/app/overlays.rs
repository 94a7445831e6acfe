//! Input while a form, dialog, case detail or browsing list is open.

use super::App;
use crate::domain::event::EventBody;
use crate::tui::action::Command;
use crate::tui::effect::{Effect, Purpose};
use crate::tui::forms::browse::{CHARTS, SearchOutcome, UnitsOutcome};
use crate::tui::forms::confirm::{Confirm, OnYes};
use crate::tui::forms::holidays::HolidaysOutcome;
use crate::tui::forms::pick::{FilterKind, Picked};
use crate::tui::forms::{Input, classify, feedback, intake, supervise};
use crate::tui::layout::Pane;
use crate::tui::overlay::Overlay;

impl App {
    pub(super) fn on_overlay(&mut self, input: &Input) -> Vec<Effect> {
        let Some(overlay) = &mut self.overlay else {
            return Vec::new();
        };
        let record = |case, bodies, purpose| {
            vec![Effect::Record {
                case,
                bodies,
                purpose,
            }]
        };
        match overlay {
            Overlay::Intake(form) => match form.handle(input) {
                intake::Outcome::Save(new) => return vec![Effect::Register(new)],
                intake::Outcome::Lookup {
                    phone,
                    address,
                    content,
                } => {
                    return vec![Effect::FindDuplicates {
                        phone,
                        address,
                        content,
                    }];
                }
                intake::Outcome::Close => self.close_form(),
                intake::Outcome::Nothing => {}
            },
            Overlay::Classify(form) => match form.handle(input) {
                classify::Outcome::Save(bodies) => {
                    return record(form.record.case.id, bodies, Purpose::Classify);
                }
                classify::Outcome::Close => self.close_form(),
                classify::Outcome::Nothing => {}
            },
            Overlay::Feedback(form) => match form.handle(input) {
                feedback::Outcome::Save(bodies) => {
                    return record(form.record.case.id, bodies, Purpose::Feedback);
                }
                feedback::Outcome::Close => self.close_form(),
                feedback::Outcome::Nothing => {}
            },
            Overlay::Supervise(form) => match form.handle(input) {
                supervise::Outcome::Save(bodies) => {
                    return record(form.record.case.id, bodies, Purpose::Supervise);
                }
                supervise::Outcome::Close => self.close_form(),
                supervise::Outcome::Nothing => {}
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
            Overlay::Search(view) => match view.handle(input) {
                SearchOutcome::Run(query) => return vec![Effect::Search(query)],
                SearchOutcome::Open(id) => return vec![Effect::LoadDetail(id)],
                SearchOutcome::Close => self.overlay = None,
                SearchOutcome::Nothing => {}
            },
            Overlay::Units(view) => match view.handle(input) {
                UnitsOutcome::Save {
                    code,
                    contact,
                    phone,
                } => {
                    return vec![Effect::SaveUnit {
                        code,
                        contact,
                        phone,
                    }];
                }
                UnitsOutcome::Close => self.overlay = None,
                UnitsOutcome::Nothing => {}
            },
            Overlay::Holidays(view) => match view.handle(input) {
                HolidaysOutcome::Run(request) => return vec![Effect::Holidays(request)],
                HolidaysOutcome::Close => self.overlay = None,
                HolidaysOutcome::Nothing => {}
            },
            Overlay::Recurring(view) => match input {
                Input::Command(Command::Close) => self.overlay = None,
                Input::Command(c) => view.rows.step(view.items.len(), *c),
                _ => {}
            },
            Overlay::Statistics(view) => match input {
                Input::Command(Command::Close) => self.overlay = None,
                Input::Command(Command::NextPane | Command::Right | Command::Down) => {
                    view.page = (view.page + 1) % CHARTS
                }
                Input::Command(Command::PrevPane | Command::Left | Command::Up) => {
                    view.page = (view.page + CHARTS - 1) % CHARTS
                }
                _ => {}
            },
            Overlay::Duty(view) => match input {
                Input::Command(Command::Close) => self.overlay = None,
                Input::Command(c) => view.rows.step(view.records.len(), *c),
                _ => {}
            },
            Overlay::Projects(view) => match input {
                Input::Command(Command::Close) if view.open => view.open = false,
                Input::Command(Command::Close) => self.overlay = None,
                Input::Command(Command::Open) => view.open = !view.open,
                Input::Command(c) => view.rows.step(view.projects.len(), *c),
                _ => {}
            },
            Overlay::Detail(view) => match input {
                Input::Command(Command::Close) => self.overlay = self.behind_detail.take(),
                Input::Command(Command::Down) => view.scroll += 1,
                Input::Command(Command::Up) => view.scroll = view.scroll.saturating_sub(1),
                Input::Command(Command::PageDown) => view.scroll += 10,
                Input::Command(Command::PageUp) => view.scroll = view.scroll.saturating_sub(10),
                Input::Command(Command::First) => view.scroll = 0,
                Input::Command(Command::Reveal)
                    if view.record.resident.phone.is_some() && !view.revealed =>
                {
                    let case = view.record.case.id;
                    return record(case, vec![EventBody::Revealed {}], Purpose::Reveal);
                }
                Input::Command(
                    c @ (Command::Classify | Command::Feedback | Command::Supervise),
                ) => {
                    let (c, r) = (*c, view.record.clone());
                    self.came_from_detail = Some(r.case.id);
                    match c {
                        Command::Classify => self.open_classify(r),
                        Command::Feedback => self.open_feedback(r),
                        _ => self.open_supervise(r),
                    }
                    // Nothing opened (a message said why): stay on the details.
                    if !matches!(
                        self.overlay,
                        Some(Overlay::Classify(_) | Overlay::Feedback(_) | Overlay::Supervise(_))
                    ) {
                        self.came_from_detail = None;
                    }
                }
                Input::Command(c @ (Command::PrintReceipt | Command::PrintSlip)) => {
                    return vec![Effect::Print {
                        case: view.record.case.id,
                        slip: *c == Command::PrintSlip,
                    }];
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
                detail: String::new(),
                on_yes: OnYes::DiscardForm,
            });
        } else {
            self.overlay = None;
        }
    }
}
