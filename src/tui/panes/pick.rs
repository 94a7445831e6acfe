//! The picking dialogs: a member for the roster, a filter for the board.

use crate::i18n::Ui;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::dialog;
use super::fields::picker_rows;
use crate::tui::app::App;
use crate::tui::forms::pick::PickDialog;
use crate::tui::layout;

pub fn render(app: &App, pick: &PickDialog, screen: Rect, buf: &mut Buffer) -> Option<Position> {
    let t = app.texts;
    let theme = &app.theme;
    let area = layout::popup(screen, 64, 16);
    let (title, label) = match pick {
        PickDialog::RosterMember(_) => (t.ui(Ui::FormRoster), t.ui(Ui::FieldDeputy)),
        PickDialog::BoardFilter(_) => (t.ui(Ui::FormFilter), t.ui(Ui::FilteredBy)),
    };
    let inner = dialog(buf, area, title, theme);
    let body = Rect {
        height: inner.height.saturating_sub(1),
        ..inner
    };
    let caret = match pick {
        PickDialog::RosterMember(p) => picker_rows(buf, body, label, p, true, "", t, theme),
        PickDialog::BoardFilter(p) => picker_rows(buf, body, label, p, true, "", t, theme),
    };
    if inner.height > 0 {
        let hint = crate::display::fit(t.ui(Ui::PickHint), inner.width as usize);
        buf.set_stringn(
            inner.x,
            inner.bottom() - 1,
            hint,
            inner.width as usize,
            theme.dim,
        );
    }
    caret
}
