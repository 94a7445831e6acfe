//! 接待队列: the residents waiting (those left from an earlier day first, marked with their
//! day), those being received, then those finished today; how long each has waited and who
//! has them. When the list is longer than the pane, its last row names the newest arrival.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::domain::case::Status;
use crate::domain::phone::mask;
use crate::domain::self_registered::{Waiting, repeats};
use crate::i18n::{Serve, Ui};
use crate::store::CaseRecord;
use crate::tui::kit::View;
use crate::tui::kit::draw::{cell, empty, list, rest, split_title, title_bar};
use crate::tui::kit::labels::{queue_number, status_style, waited};
use crate::tui::layout::Pane;
use crate::tui::main::MainScreen;

pub struct QueuePane<'a> {
    pub view: &'a View<'a>,
    pub main: &'a MainScreen,
    pub focused: bool,
}

/// What the comparison with waiting cases needs of a case.
fn shape(r: &CaseRecord) -> Waiting<'_> {
    Waiting {
        number: &r.case.number,
        phone: r.resident.phone.as_deref(),
        content: &r.case.content,
    }
}

impl QueuePane<'_> {
    /// The title's note: how many wait (from earlier days), and whom Enter calls to.
    fn note(&self) -> String {
        let view = self.view;
        let main = self.main;
        let t = view.texts;
        let c = view.data.counts;
        let mut note = format!("{} {}", t.ui(Ui::Waiting), c.waiting);
        if c.carried > 0 {
            note.push_str(&crate::fill!(t, Ui::OfEarlierDays, n = c.carried));
        }
        if let Some(r) = main.case_in(view.data, Pane::Queue)
            && r.case.status == Status::Queued
            && let Ok(row) = main.call_target(view.data, &r)
        {
            let to = crate::fill!(t, Ui::CallToNote, deputy = &row.member.name);
            note = format!("{to}  {note}");
        }
        note
    }

    fn line(&self, r: &CaseRecord, wide: bool, width: u16, number: usize) -> Line<'static> {
        let view = self.view;
        let t = view.texts;
        let theme = view.theme;
        let c = &r.case;
        let carried = view.data.is_carried(r);
        let (when, when_style) = if carried {
            (c.received_at.format("%m-%d").to_string(), theme.warn)
        } else {
            (c.received_at.format("%H:%M").to_string(), theme.dim)
        };
        let wait = match c.status {
            Status::Queued => waited(t, c.received_at, view.data.now),
            Status::Receiving => c
                .deputy
                .as_deref()
                .and_then(|d| view.data.refs.member(d))
                .map(|m| m.name.clone())
                .unwrap_or_default(),
            _ => String::new(),
        };
        // A resident who registered on their phone waits "to confirm" until called.
        let (status, status_style) = if c.to_confirm && c.status == Status::Queued {
            (self.serve_word(Serve::Mark), theme.key)
        } else {
            (t.name(c.status), status_style(theme, c.status))
        };
        let mut cells = vec![
            cell(queue_number(&c.number), number, theme.key),
            cell(&when, 6, when_style),
            cell(status, 10, status_style),
            cell(&wait, 8, theme.plain),
            cell(r.resident.name.as_deref().unwrap_or("-"), 9, theme.plain),
        ];
        if wide {
            let phone = r.resident.phone.as_deref().map(mask).unwrap_or_default();
            cells.push(cell(&phone, 13, theme.dim));
        }
        let masked = crate::domain::numbers_in_text::mask_numbers(&c.content);
        let content = match self.repeats(r) {
            Some(number) => {
                let said = crate::fill!(
                    self.view.texts,
                    Serve::SameAs,
                    number = queue_number(number)
                );
                let columns = unicode_width::UnicodeWidthStr::width(said.as_str()) + 1;
                cells.push(cell(&said, columns, theme.warn));
                rest(&cells, &masked, width, theme.plain)
            }
            None => rest(&cells, &masked, width, theme.plain),
        };
        cells.push(content);
        Line::from(cells)
    }

    fn serve_word(&self, key: Serve) -> &'static str {
        self.view.texts.get(key)
    }

    /// The waiting case a self-registered one to confirm may repeat.
    fn repeats(&self, r: &CaseRecord) -> Option<&str> {
        if !r.case.to_confirm {
            return None;
        }
        let waiting = self.view.data.queue.iter().filter(|w| {
            w.case.status.is_at_desk()
                && (w.case.received_at, &w.case.number) < (r.case.received_at, &r.case.number)
        });
        repeats(shape(r), waiting.map(shape))
    }
}

impl Widget for QueuePane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let view = self.view;
        let main = self.main;
        let t = view.texts;
        let theme = view.theme;
        let (title, body) = split_title(area);
        title_bar(
            buf,
            title,
            t.ui(Ui::PaneQueue),
            &self.note(),
            self.focused,
            theme,
        );
        let queue = &view.data.queue;
        if queue.is_empty() {
            empty(buf, body, t.ui(Ui::EmptyQueue), theme);
            return;
        }
        let wide = body.width >= 70;
        // The number a resident holds, whole: `007`, and on a second desk or after a restore
        // `2A007`.
        let number = queue
            .iter()
            .map(|r| crate::display::width(queue_number(&r.case.number)) + 1)
            .fold(4, usize::max);
        let i = Pane::Queue.index();
        // The newest arrival, named on the last row while it is scrolled out of sight.
        let window = crate::tui::kit::draw::list_window(queue.len(), body.height as usize);
        let newest = queue
            .iter()
            .enumerate()
            .filter(|(_, r)| r.case.status == Status::Queued)
            .max_by_key(|(_, r)| (r.case.received_at, r.case.number.clone()))
            .filter(|(at, _)| *at >= main.scroll[i] + window || *at < main.scroll[i]);
        let note = newest.map(|(_, r)| {
            crate::fill!(
                t,
                Ui::Newest,
                number = queue_number(&r.case.number),
                resident = r.resident.name.as_deref().unwrap_or("-"),
                waited = &waited(t, r.case.received_at, view.data.now)
            )
        });
        list(
            buf,
            body,
            queue.len(),
            main.scroll[i],
            Some(main.selected[i]),
            self.focused,
            view,
            |k| self.line(&queue[k], wide, body.width, number),
            note,
        );
    }
}
