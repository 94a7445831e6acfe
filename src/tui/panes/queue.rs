//! 接待队列: the residents waiting (those left from an earlier day first, marked with their
//! day), those being received, then those finished today; how long each has waited and who
//! has them. When the list is longer than the pane, its last row names the newest arrival.

use chrono::NaiveDateTime;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::{cell, empty, list, rest, split_title, title_bar};
use crate::domain::case::Status;
use crate::domain::phone::mask;
use crate::domain::self_registered::{Waiting, repeats};
use crate::i18n::{Serve, Texts, Ui};
use crate::store::CaseRecord;
use crate::tui::app::App;
use crate::tui::layout::Pane;
use crate::tui::theme::Theme;

pub struct QueuePane<'a> {
    pub app: &'a App,
    pub focused: bool,
}

/// The queue number: the last digits of the case number (`007`).
pub fn queue_number(number: &str) -> &str {
    number.rsplit('-').next().unwrap_or(number)
}

pub fn status_style(theme: &Theme, status: Status) -> ratatui::style::Style {
    match status {
        Status::Queued => theme.warn,
        Status::Receiving => theme.key,
        Status::Answered | Status::Closed => theme.ok,
        Status::Returned => theme.error,
        _ => theme.plain,
    }
}

/// What the comparison with waiting cases needs of a case.
fn shape(r: &CaseRecord) -> Waiting<'_> {
    Waiting {
        number: &r.case.number,
        phone: r.resident.phone.as_deref(),
        content: &r.case.content,
    }
}

/// How long a resident has waited: minutes today, days since an earlier day.
pub fn waited(t: &Texts, received: NaiveDateTime, now: NaiveDateTime) -> String {
    let days = (now.date() - received.date()).num_days();
    if days > 0 {
        crate::fill!(t, Ui::DaysWaited, n = days)
    } else {
        let minutes = (now - received).num_minutes().max(0);
        crate::fill!(t, Ui::Minutes, n = minutes)
    }
}

impl QueuePane<'_> {
    /// The title's note: how many wait (from earlier days), and whom Enter calls to.
    fn note(&self) -> String {
        let app = self.app;
        let t = app.texts;
        let c = app.data.counts;
        let mut note = format!("{} {}", t.ui(Ui::Waiting), c.waiting);
        if c.carried > 0 {
            note.push_str(&crate::fill!(t, Ui::OfEarlierDays, n = c.carried));
        }
        if let Some(r) = app.case_in(Pane::Queue)
            && r.case.status == Status::Queued
            && let Ok(row) = app.call_target(&r)
        {
            let to = crate::fill!(t, Ui::CallToNote, deputy = &row.member.name);
            note = format!("{to}  {note}");
        }
        note
    }

    fn line(&self, r: &CaseRecord, wide: bool, width: u16) -> Line<'static> {
        let app = self.app;
        let t = app.texts;
        let theme = &app.theme;
        let c = &r.case;
        let carried = app.data.is_carried(r);
        let (when, when_style) = if carried {
            (c.received_at.format("%m-%d").to_string(), theme.warn)
        } else {
            (c.received_at.format("%H:%M").to_string(), theme.dim)
        };
        let wait = match c.status {
            Status::Queued => waited(t, c.received_at, app.data.now),
            Status::Receiving => c
                .deputy
                .as_deref()
                .and_then(|d| app.data.refs.member(d))
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
            cell(queue_number(&c.number), 4, theme.key),
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
                let said =
                    crate::fill!(self.app.texts, Serve::SameAs, number = queue_number(number));
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
        self.app.texts.get(key)
    }

    /// The waiting case a self-registered one to confirm may repeat.
    fn repeats(&self, r: &CaseRecord) -> Option<&str> {
        if !r.case.to_confirm {
            return None;
        }
        let waiting = self.app.data.queue.iter().filter(|w| {
            w.case.status.is_at_desk()
                && (w.case.received_at, &w.case.number) < (r.case.received_at, &r.case.number)
        });
        repeats(shape(r), waiting.map(shape))
    }
}

impl Widget for QueuePane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = app.texts;
        let theme = &app.theme;
        let (title, body) = split_title(area);
        title_bar(
            buf,
            title,
            t.ui(Ui::PaneQueue),
            &self.note(),
            self.focused,
            theme,
        );
        let queue = &app.data.queue;
        if queue.is_empty() {
            empty(buf, body, t.ui(Ui::EmptyQueue), theme);
            return;
        }
        let wide = body.width >= 70;
        let i = Pane::Queue.index();
        // The newest arrival, named on the last row while it is scrolled out of sight.
        let window = crate::tui::app::list_window(queue.len(), body.height as usize);
        let newest = queue
            .iter()
            .enumerate()
            .filter(|(_, r)| r.case.status == Status::Queued)
            .max_by_key(|(_, r)| (r.case.received_at, r.case.number.clone()))
            .filter(|(at, _)| *at >= app.scroll[i] + window || *at < app.scroll[i]);
        let note = newest.map(|(_, r)| {
            crate::fill!(
                t,
                Ui::Newest,
                number = queue_number(&r.case.number),
                resident = r.resident.name.as_deref().unwrap_or("-"),
                waited = &waited(t, r.case.received_at, app.data.now)
            )
        });
        list(
            buf,
            body,
            queue.len(),
            app.scroll[i],
            Some(app.selected[i]),
            self.focused,
            app,
            |k| self.line(&queue[k], wide, body.width),
            note,
        );
    }
}
