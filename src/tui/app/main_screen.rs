//! Commands on the main screen: the panes, and the forms and dialogs they open.

use crate::i18n::Ui;
use std::sync::Arc;

use super::{App, Notice};
use crate::domain::event::EventBody;
use crate::domain::handling::supervision_event;
use crate::domain::ladder::position;
use crate::store::CaseRecord;
use crate::tui::action::Command;
use crate::tui::effect::{Effect, Purpose};
use crate::tui::forms::Input;
use crate::tui::forms::browse::UnitsView;
use crate::tui::forms::classify::ClassifyForm;
use crate::tui::forms::confirm::{Confirm, OnYes};
use crate::tui::forms::detail::classifiable;
use crate::tui::forms::feedback::FeedbackForm;
use crate::tui::forms::holidays::HolidaysRequest;
use crate::tui::forms::intake::IntakeForm;
use crate::tui::forms::pick::{FilterItem, FilterKind, PickDialog};
use crate::tui::forms::self_service::ServeRequest;
use crate::tui::forms::supervise::SuperviseForm;
use crate::tui::layout::{self, Pane};
use crate::tui::overlay::Overlay;
use crate::tui::widgets::picker::Picker;

impl App {
    pub(super) fn on_main(&mut self, input: &Input) -> Vec<Effect> {
        let Input::Command(command) = input else {
            return Vec::new();
        };
        match command {
            Command::NewCase => self.open_intake(),
            Command::Classify => match self.selected_case() {
                Some(record) => self.open_classify(record),
                None => self.say(Ui::NothingSelected, true),
            },
            Command::Refresh => {
                self.say(Ui::Reloaded, false);
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
            Command::Open => match self.selected_case() {
                Some(record) => return vec![Effect::LoadDetail(record.case.id)],
                None => self.say(Ui::NothingSelected, true),
            },
            Command::Up => self.move_selection(-1),
            Command::Down => self.move_selection(1),
            Command::PageUp => self.move_selection(-(self.page() as i64)),
            Command::PageDown => self.move_selection(self.page() as i64),
            Command::First => self.move_selection(i64::MIN / 2),
            Command::Last => self.move_selection(i64::MAX / 2),
            Command::Unpick if self.duty_choice.take().is_some() => {
                self.say(Ui::ChoiceCleared, false)
            }
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
                        question: Ui::ConfirmRemove,
                        detail: String::new(),
                        on_yes: OnYes::RemoveMember(id),
                    });
                }
            }
            Command::Call => return self.call_selected(),
            Command::Reveal => match self.selected_case() {
                Some(record) => {
                    let id = record.case.id;
                    // One read: the reveal is logged and the details load with it.
                    let nothing_hidden = record.resident.phone.is_none()
                        && !crate::domain::numbers_in_text::case_holds_numbers(&record.case);
                    return vec![if nothing_hidden {
                        Effect::LoadDetail(id)
                    } else {
                        Effect::Reveal(id)
                    }];
                }
                None => self.say(Ui::NothingSelected, true),
            },
            Command::Filter => self.open_filter(),
            Command::Feedback => match self.selected_case() {
                Some(record) => self.open_feedback(record),
                None => self.say(Ui::NothingSelected, true),
            },
            Command::Supervise => match self.selected_case() {
                Some(record) => self.open_supervise(record),
                None => self.say(Ui::NothingSelected, true),
            },
            Command::BulkUrge => {
                let due = self.steps_due_today().len();
                if due == 0 {
                    self.say(Ui::BulkNone, false);
                } else {
                    self.confirm = Some(Confirm {
                        question: Ui::ConfirmBulk,
                        detail: crate::fill!(self.texts, Ui::BulkCount, n = due),
                        on_yes: OnYes::BulkUrge,
                    });
                }
            }
            Command::Search => self.overlay = Some(Overlay::Search(Box::default())),
            Command::Units => {
                let units = self.data.refs.taxonomy.units.clone();
                self.overlay = Some(Overlay::Units(Box::new(UnitsView::new(units))));
            }
            Command::Recurring => return vec![Effect::LoadRecurring],
            Command::Statistics => return vec![Effect::LoadStatistics],
            Command::Desks => return vec![Effect::LoadDesks],
            Command::DutyRecords => return vec![Effect::LoadDuty],
            Command::Projects => return vec![Effect::LoadProjects],
            Command::SelfService => {
                self.overlay = Some(Overlay::SelfService(Box::default()));
                return vec![Effect::Serve(ServeRequest::Status)];
            }
            Command::Holidays => {
                self.overlay = Some(Overlay::Holidays(Box::default()));
                return vec![Effect::Holidays(HolidaysRequest::Years)];
            }
            Command::PrintReceipt | Command::PrintSlip => match self.selected_case() {
                Some(record) if *command == Command::PrintSlip && record.case.unit.is_none() => {
                    self.say(Ui::PrintNothing, true)
                }
                Some(record) => {
                    return vec![Effect::Print {
                        case: record.case.id,
                        slip: *command == Command::PrintSlip,
                    }];
                }
                None => self.say(Ui::NothingSelected, true),
            },
            _ => {}
        }
        self.pick_on_move(*command);
        Vec::new()
    }

    /// Moving in the duty pane picks the member who receives the next resident called.
    fn pick_on_move(&mut self, command: Command) {
        let moves = matches!(
            command,
            Command::Up
                | Command::Down
                | Command::PageUp
                | Command::PageDown
                | Command::First
                | Command::Last
        );
        if self.focus == Pane::Duty && moves {
            self.duty_choice = self.selected_duty().map(|r| r.member.id.clone());
        }
    }

    pub(super) fn say(&mut self, key: Ui, error: bool) {
        self.notice = Some(Notice {
            text: self.texts.ui(key).to_string(),
            error,
        });
    }

    /// A blank intake form. The receiving deputy is the member the operator picked in the
    /// duty pane, if any and here; otherwise left to the operator (or to the call).
    fn open_intake(&mut self) {
        let on_duty: Vec<_> = self
            .data
            .roster
            .iter()
            .filter(|r| r.entry.is_present())
            .map(|r| r.member.clone())
            .collect();
        let mut form = IntakeForm::new(on_duty);
        if let Some(id) = &self.duty_choice {
            form.deputy.choose_code(id);
        }
        form.content_width = layout::form_field_width(self.size);
        self.overlay = Some(Overlay::Intake(Box::new(form)));
    }

    pub(super) fn open_classify(&mut self, record: CaseRecord) {
        if !classifiable(record.case.status) {
            self.say(Ui::NotClassifiable, true);
            return;
        }
        let form = ClassifyForm::new(record, Arc::clone(&self.data.refs), self.data.today);
        self.overlay = Some(Overlay::Classify(Box::new(form)));
    }

    pub(super) fn open_feedback(&mut self, record: CaseRecord) {
        match FeedbackForm::new(record, Arc::clone(&self.data.refs), self.data.today) {
            Some(form) => self.overlay = Some(Overlay::Feedback(Box::new(form))),
            None => self.say(Ui::NoFeedback, true),
        }
    }

    pub(super) fn open_supervise(&mut self, record: CaseRecord) {
        let holidays = &self.data.refs.calendar.holidays;
        match position(&record.case, self.data.today, holidays) {
            Some(p) => {
                let form = SuperviseForm::new(record, p, holidays.clone(), self.data.today);
                self.overlay = Some(Overlay::Supervise(Box::new(form)));
            }
            None => self.say(Ui::NotSupervised, true),
        }
    }

    /// The board's cases whose ladder step is due and not yet recorded.
    pub(super) fn steps_due_today(&self) -> Vec<(crate::domain::case::CaseId, EventBody)> {
        self.board_rows()
            .into_iter()
            .filter_map(|row| {
                row.position
                    .action_due
                    .map(|step| (row.record.case.id, supervision_event(step, None)))
            })
            .collect()
    }

    pub(super) fn bulk_urge(&mut self) -> Vec<Effect> {
        let batch = self
            .steps_due_today()
            .into_iter()
            .map(|(id, body)| (id, vec![body]))
            .collect();
        vec![Effect::RecordEach {
            batch,
            purpose: Purpose::BulkUrge,
        }]
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
            self.texts.ui(Ui::FilterAll),
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
            let name = refs
                .taxonomy
                .unit(code)
                .map_or(code, |u| self.texts.label(u));
            items.push(FilterItem::new(FilterKind::Unit, code, name));
        }
        if refs.scope().is_none() {
            for s in &refs.stations {
                items.push(FilterItem::new(
                    FilterKind::Station,
                    &s.code,
                    self.texts.label(s),
                ));
            }
        }
        self.overlay = Some(Overlay::Pick(Box::new(PickDialog::BoardFilter(
            Picker::new(items),
        ))));
    }
}
