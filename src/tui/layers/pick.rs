//! Small picking dialogs: a member for today's roster (Insert in the duty pane), a filter for
//! the supervision board (Ctrl-F). Typing narrows by code, pinyin initials or any part of the
//! name; with nothing matching, a line says so.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use crate::domain::member::Member;
use crate::i18n::Ui;
use crate::store::BoardFilter;
use crate::tui::action::Command;
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::kit::draw::dialog;
use crate::tui::kit::fields::picker_rows;
use crate::tui::kit::input::{Edit, edit_picker};
use crate::tui::kit::layer::text_contexts;
use crate::tui::kit::{Hint, Input, Layer, Outcome, View};
use crate::tui::layout;
use crate::tui::widgets::picker::{Pickable, Picker};

/// A filter of the supervision board as the picker offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterItem {
    /// `None`: everything.
    pub filter: Option<BoardFilter>,
    pub code: String,
    pub label: String,
    initials: String,
}

impl FilterItem {
    pub fn new(filter: Option<BoardFilter>, code: &str, label: &str) -> FilterItem {
        FilterItem {
            filter,
            code: code.to_string(),
            label: label.to_string(),
            initials: crate::domain::initials::initials(label),
        }
    }
}

impl Pickable for FilterItem {
    fn code(&self) -> &str {
        &self.code
    }
    fn label(&self) -> &str {
        &self.label
    }
    fn initials(&self) -> String {
        self.initials.clone()
    }
}

/// What a picking dialog asks for.
#[derive(Debug, Clone)]
pub enum Pick {
    RosterMember(Picker<Member>),
    BoardFilter(Picker<FilterItem>),
}

impl Pick {
    /// The `ui` key of the query's label.
    fn label(&self) -> Ui {
        match self {
            Pick::RosterMember(_) => Ui::FieldDeputy,
            Pick::BoardFilter(_) => Ui::FilteredBy,
        }
    }

    fn matches(&self) -> usize {
        match self {
            Pick::RosterMember(p) => p.match_count(),
            Pick::BoardFilter(p) => p.match_count(),
        }
    }
}

impl Layer for Pick {
    fn contexts(&self) -> Vec<Context> {
        text_contexts()
    }

    fn hints(&self, _view: &View) -> Vec<Hint> {
        vec![
            Hint::new(Command::Confirm, 0).when(self.matches() > 0),
            Hint::new(Command::Close, 1),
        ]
    }

    fn handle(&mut self, input: &Input, _view: &View) -> Outcome {
        if matches!(input, Input::Command(Command::Close)) {
            return Outcome::Close;
        }
        let label = self.label();
        let edit = match self {
            Pick::RosterMember(p) => edit_picker(p, input),
            Pick::BoardFilter(p) => edit_picker(p, input),
        };
        match (edit, &*self) {
            (Edit::Chosen, Pick::RosterMember(p)) => match p.chosen() {
                Some(m) => Outcome::Pop(vec![Effect::AddMember(m.id.clone())]),
                None => Outcome::Stay,
            },
            (Edit::Chosen, Pick::BoardFilter(p)) => match p.chosen() {
                Some(f) => Outcome::Filter(f.filter.clone()),
                None => Outcome::Stay,
            },
            (Edit::Refused(problem), _) => Outcome::Refused {
                field: label,
                problem,
            },
            _ => Outcome::Stay,
        }
    }

    fn render(&self, view: &View, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        let t = view.texts;
        let theme = view.theme;
        let title = match self {
            Pick::RosterMember(_) => t.ui(Ui::FormRoster),
            Pick::BoardFilter(_) => t.ui(Ui::FormFilter),
        };
        let inner = dialog(buf, layout::popup(screen, 64, 16), title, theme);
        let body = Rect {
            height: inner.height.saturating_sub(1),
            ..inner
        };
        let label = t.ui(self.label());
        let caret = match self {
            Pick::RosterMember(p) => picker_rows(buf, body, label, p, true, "", t, theme),
            Pick::BoardFilter(p) => picker_rows(buf, body, label, p, true, "", t, theme),
        };
        if inner.height > 0 {
            let w = inner.width as usize;
            let hint = crate::display::fit(t.ui(Ui::PickHint), w);
            buf.set_stringn(inner.x, inner.bottom() - 1, hint, w, theme.dim);
        }
        caret
    }
}
