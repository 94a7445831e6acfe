//! The main screen, under every layer: the header, the four panes (side by side, or as tabs
//! when narrow), which pane has the focus, each pane's selection, the board's filter and the
//! member picked for the next call. Its commands answer as a layer's do, with an
//! [`Outcome`]: a form to open over it, effects to run.

mod calling;
mod hints;
mod lists;
mod open;
pub mod panes;

pub use calling::NoCall;
pub use lists::Selected;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::domain::case::CaseId;
use crate::domain::event::EventBody;
use crate::i18n::Ui;
use crate::store::BoardFilter;
use crate::tui::action::Command;
use crate::tui::effect::{Effect, Purpose};
use crate::tui::keymap::Context;
use crate::tui::kit::{Answer, Input, Outcome, View};
use crate::tui::layers::confirm::Confirm;
use crate::tui::layout::{self, Pane};
use crate::tui::snapshot::Snapshot;

#[derive(Debug, Clone)]
pub struct MainScreen {
    pub focus: Pane,
    /// Selected row and first visible row of each pane, by [`Pane::index`].
    pub selected: [usize; 4],
    pub scroll: [usize; 4],
    pub board_filter: Option<BoardFilter>,
    /// The member the operator picked in the duty pane to receive the next resident called;
    /// `None` lets the call go to the free member who has received the fewest today.
    pub duty_choice: Option<String>,
    /// Who is at the keyboard, in the header.
    pub operator: String,
    /// The window.
    pub size: Rect,
}

impl MainScreen {
    pub fn new(operator: String, size: Rect) -> MainScreen {
        MainScreen {
            focus: Pane::Queue,
            selected: [0; 4],
            scroll: [0; 4],
            board_filter: None,
            duty_choice: None,
            operator,
            size,
        }
    }

    /// The key contexts while nothing is open over it, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        let pane = match self.focus {
            Pane::Duty => Context::Duty,
            Pane::Queue => Context::Queue,
            Pane::Classify => Context::ClassifyList,
            Pane::Board => Context::Board,
        };
        vec![pane, Context::List, Context::Main, Context::App]
    }

    /// A command while nothing is open over the main screen.
    pub fn handle(&mut self, input: &Input, view: &View) -> Outcome {
        let Input::Command(command) = input else {
            return Outcome::Stay;
        };
        let data = view.data;
        let selected = self.selected_case(data);
        match command {
            Command::NewCase => self.open_intake(view),
            Command::Classify | Command::Feedback | Command::Supervise | Command::Correct => {
                match selected {
                    Some(record) => crate::tui::forms::follow(*command, record, view),
                    None => Outcome::Say(Ui::NothingSelected),
                }
            }
            Command::Refresh => Outcome::Tell(Ui::Reloaded, vec![Effect::Reload]),
            Command::FocusDuty => self.focus(Pane::Duty),
            Command::FocusQueue => self.focus(Pane::Queue),
            Command::FocusClassify => self.focus(Pane::Classify),
            Command::FocusBoard => self.focus(Pane::Board),
            Command::NextPane | Command::PrevPane => {
                let step = if *command == Command::NextPane { 1 } else { 3 };
                self.focus(Pane::ALL[(self.focus.index() + step) % 4])
            }
            Command::Open => match selected {
                Some(record) => Outcome::Run(vec![Effect::LoadDetail(record.case.id)]),
                None => Outcome::Say(Ui::NothingSelected),
            },
            Command::Up => self.moved(data, -1),
            Command::Down => self.moved(data, 1),
            Command::PageUp => self.moved(data, -(self.page(data) as i64)),
            Command::PageDown => self.moved(data, self.page(data) as i64),
            Command::First => self.moved(data, i64::MIN / 2),
            Command::Last => self.moved(data, i64::MAX / 2),
            Command::Unpick if self.duty_choice.take().is_some() => {
                Outcome::Tell(Ui::ChoiceCleared, Vec::new())
            }
            Command::TogglePresence => match self.selected_duty(data) {
                Some(row) => Outcome::Run(vec![Effect::Presence {
                    member: row.member.id.clone(),
                    present: !row.entry.is_present(),
                }]),
                None => Outcome::Stay,
            },
            Command::AddMember => self.open_roster_picker(view),
            Command::RemoveMember => match self.selected_duty(data) {
                Some(row) => Outcome::Push(Box::new(Confirm::new(
                    Ui::ConfirmRemove,
                    Answer::Run(vec![Effect::RemoveMember(row.member.id.clone())]),
                ))),
                None => Outcome::Stay,
            },
            Command::Call => match self.call_selected(data) {
                Ok(outcome) => outcome,
                Err(no) => Outcome::Refusal(MainScreen::no_call_text(view.texts, data, &no)),
            },
            Command::Reveal => match selected {
                Some(record) => {
                    let id = record.case.id;
                    // One read: the reveal is logged and the details load with it.
                    let nothing_hidden = record.resident.phone.is_none()
                        && !crate::domain::numbers_in_text::case_holds_numbers(&record.case);
                    Outcome::Run(vec![if nothing_hidden {
                        Effect::LoadDetail(id)
                    } else {
                        Effect::Reveal(id)
                    }])
                }
                None => Outcome::Say(Ui::NothingSelected),
            },
            Command::Withdraw => match selected {
                Some(record) if record.case.status.is_at_desk() => Outcome::Push(Box::new(
                    crate::tui::layers::withdraw::Withdraw::new(&record, &data.queue),
                )),
                Some(_) => Outcome::Say(Ui::WithdrawOnlyAtDesk),
                None => Outcome::Say(Ui::NothingSelected),
            },
            Command::Filter => self.open_filter(view),
            Command::BulkUrge => self.ask_bulk_urge(view),
            Command::PrintReceipt | Command::PrintSlip => match selected {
                Some(record) if *command == Command::PrintSlip && record.case.unit.is_none() => {
                    Outcome::Say(Ui::PrintNothing)
                }
                Some(record) => Outcome::Run(vec![Effect::Print {
                    case: record.case.id,
                    slip: *command == Command::PrintSlip,
                }]),
                None => Outcome::Say(Ui::NothingSelected),
            },
            other => self.open_view(*other, view),
        }
    }

    fn focus(&mut self, pane: Pane) -> Outcome {
        self.focus = pane;
        Outcome::Stay
    }

    /// Moving in the duty pane picks the member who receives the next resident called.
    fn moved(&mut self, data: &Snapshot, step: i64) -> Outcome {
        self.move_selection(data, step);
        if self.focus == Pane::Duty {
            self.duty_choice = self.selected_duty(data).map(|r| r.member.id.clone());
        }
        Outcome::Stay
    }

    /// The board's cases whose ladder step is due and not yet recorded (under the filter:
    /// what the operator sees is what Ctrl-U records).
    pub fn steps_due_today(&self, data: &Snapshot) -> Vec<(CaseId, EventBody)> {
        self.board_rows(data)
            .into_iter()
            .filter_map(|row| row.step_due(None).map(|body| (row.record.case.id, body)))
            .collect()
    }

    /// Ctrl-U: asks before recording every step due today, saying how many.
    fn ask_bulk_urge(&self, view: &View) -> Outcome {
        let due = self.steps_due_today(view.data);
        if due.is_empty() {
            return Outcome::Tell(Ui::BulkNone, Vec::new());
        }
        let detail = crate::fill!(view.texts, Ui::BulkCount, n = due.len());
        let batch = due.into_iter().map(|(id, body)| (id, vec![body])).collect();
        let yes = Answer::Run(vec![Effect::RecordEach {
            batch,
            purpose: Purpose::BulkUrge,
        }]);
        Outcome::Push(Box::new(Confirm::new(Ui::ConfirmBulk, yes).detail(detail)))
    }

    /// Draws the header and the panes (the status and hint lines are the app's).
    pub fn render(&self, view: &View, area: Rect, buf: &mut Buffer) {
        let screen = layout::screen(area, self.focus);
        panes::header::Header {
            view,
            operator: &self.operator,
        }
        .render(screen.header, buf);
        if let Some(tabs) = screen.tabs {
            self.draw_tabs(view, tabs, buf);
        }
        for (pane, rect) in &screen.panes {
            let focused = *pane == self.focus;
            let main = self;
            match pane {
                Pane::Duty => panes::duty::DutyPane {
                    view,
                    main,
                    focused,
                }
                .render(*rect, buf),
                Pane::Queue => panes::queue::QueuePane {
                    view,
                    main,
                    focused,
                }
                .render(*rect, buf),
                Pane::Classify => panes::classify_list::ClassifyListPane {
                    view,
                    main,
                    focused,
                }
                .render(*rect, buf),
                Pane::Board => panes::board::BoardPane {
                    view,
                    main,
                    focused,
                }
                .render(*rect, buf),
            }
        }
    }

    fn draw_tabs(&self, view: &View, area: Rect, buf: &mut Buffer) {
        let mut spans = Vec::new();
        for (i, pane) in Pane::ALL.iter().enumerate() {
            let style = if *pane == self.focus {
                view.theme.title_focused
            } else {
                view.theme.title
            };
            spans.push(Span::styled(
                format!(" {} {} ", i + 1, view.texts.ui(pane.title_key())),
                style,
            ));
            spans.push(Span::raw(" "));
        }
        buf.set_line(area.x, area.y, &Line::from(spans), area.width);
    }
}
