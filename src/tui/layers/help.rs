//! F1: every binding of the screen it was opened from, generated from the keymap (what cannot
//! run there now greyed out), then "how do I" answers for the tasks done outside the screen:
//! backups, restoring, bundles, the month's report, a day's slips.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use crate::display::{pad, wrap};
use crate::i18n::Ui;
use crate::tui::action::Command;
use crate::tui::keymap::{Context, join_keys};
use crate::tui::kit::draw::{dialog, list, list_window};
use crate::tui::kit::input::scroll_text;
use crate::tui::kit::{Hint, Input, Layer, Outcome, View};
use crate::tui::layout;

/// The "how do I" answers, a question and its answer each.
pub const HOW_TO: &[(Ui, Ui)] = &[
    (Ui::HowtoBackupQ, Ui::HowtoBackupA),
    (Ui::HowtoRestoreQ, Ui::HowtoRestoreA),
    (Ui::HowtoBundlesQ, Ui::HowtoBundlesA),
    (Ui::HowtoReportQ, Ui::HowtoReportA),
    (Ui::HowtoSlipsQ, Ui::HowtoSlipsA),
];

#[derive(Debug, Clone)]
pub struct Help {
    /// The key contexts of the screen it was opened from.
    pub stack: Vec<Context>,
    /// Commands of that screen that could not run when it was opened.
    pub disabled: Vec<Command>,
    pub scroll: usize,
}

impl Help {
    /// Where the lines go on a screen: inside the dialog, a column in.
    fn area(screen: Rect) -> Rect {
        let outer = layout::popup(screen, 76, screen.height);
        Rect {
            x: outer.x + 2,
            y: outer.y + 1,
            width: outer.width.saturating_sub(3),
            height: outer.height.saturating_sub(2),
        }
    }

    /// Every line of the help at `width` columns.
    fn lines(&self, view: &View, width: usize) -> Vec<Line<'static>> {
        let t = view.texts;
        let theme = view.theme;
        let mut lines: Vec<Line> = vec![Line::from(Span::styled(
            t.ui(Ui::HowtoBelow).to_string(),
            theme.dim,
        ))];
        for problem in &view.keymap.problems {
            lines.push(Line::from(Span::styled(
                format!("! {problem}"),
                theme.error,
            )));
        }
        let mut current = None;
        for (context, command, keys) in view.keymap.visible(&self.stack) {
            if current != Some(context) {
                current = Some(context);
                lines.push(Line::from(Span::styled(
                    t.name(context).to_string(),
                    theme.title,
                )));
            }
            let (key_style, label_style) = if self.disabled.contains(&command) {
                (theme.disabled, theme.disabled)
            } else {
                (theme.key, theme.plain)
            };
            lines.push(Line::from(vec![
                Span::styled(pad(&join_keys(&keys), 24), key_style),
                Span::styled(t.name(command).to_string(), label_style),
            ]));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            t.ui(Ui::HowtoTitle).to_string(),
            theme.title,
        )));
        for (question, answer) in HOW_TO {
            lines.push(Line::from(Span::styled(
                t.ui(*question).to_string(),
                theme.key,
            )));
            for row in wrap(t.ui(*answer), width.saturating_sub(2)) {
                lines.push(Line::from(Span::styled(format!("  {row}"), theme.plain)));
            }
        }
        lines
    }
}

impl Layer for Help {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Help, Context::List, Context::App]
    }

    fn hints(&self, _view: &View) -> Vec<Hint> {
        vec![Hint::new(Command::Close, 0)]
    }

    fn handle(&mut self, input: &Input, view: &View) -> Outcome {
        let Input::Command(command) = input else {
            return Outcome::Stay;
        };
        if *command == Command::Close {
            return Outcome::Close;
        }
        scroll_text(&mut self.scroll, *command);
        // No further than the last page, so that Up after End moves at once.
        let area = Help::area(view.size);
        let len = self.lines(view, area.width as usize).len();
        let last = len.saturating_sub(list_window(len, area.height as usize));
        self.scroll = self.scroll.min(last);
        Outcome::Stay
    }

    fn render(&self, view: &View, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        dialog(
            buf,
            layout::popup(screen, 76, screen.height),
            view.texts.ui(Ui::HelpTitle),
            view.theme,
        );
        let area = Help::area(screen);
        let lines = self.lines(view, area.width as usize);
        let window = list_window(lines.len(), area.height as usize);
        let scroll = self.scroll.min(lines.len().saturating_sub(window));
        list(
            buf,
            area,
            lines.len(),
            scroll,
            None,
            false,
            view,
            |k| lines[k].clone(),
            None,
        );
        None
    }
}
