//! The header: station, today and its reception day, the operator, the day's counts.

use crate::i18n::Ui;
use chrono::Datelike;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::display::fit;
use crate::tui::kit::View;

pub struct Header<'a> {
    pub view: &'a View<'a>,
    pub operator: &'a str,
}

impl Widget for Header<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let view = self.view;
        let t = view.texts;
        let theme = view.theme;
        let data = view.data;
        let today = data.today;
        let weekday = t.weekday(today.weekday());
        let reception = match data.reception {
            // The demo is set up as a reception day, whatever day it is: it says so instead
            // of claiming today is the third Tuesday.
            _ if data.demo => Span::styled(format!("[{}]", t.ui(Ui::DemoDay)), theme.warn),
            Some(r) if r.date == today => {
                Span::styled(format!("[{}]", t.ui(Ui::ReceptionToday)), theme.ok)
            }
            Some(r) => Span::styled(
                format!("{} {}", t.ui(Ui::NextReception), r.date),
                theme.plain,
            ),
            None => Span::styled(t.ui(Ui::NoReception).to_string(), theme.dim),
        };
        // The operator and the day come first; the station's name takes what is left.
        // Nobody named (the operator's default name is the word itself): the word alone.
        let operator = if self.operator == t.ui(Ui::Operator) {
            Span::raw(self.operator.to_string())
        } else {
            Span::raw(format!("{} {}", t.ui(Ui::Operator), fit(self.operator, 16)))
        };
        let day = Span::raw(format!("{} {} {}", t.ui(Ui::Today), today, weekday));
        let fixed = [&day, &reception, &operator]
            .iter()
            .map(|s| s.width() + 2)
            .sum::<usize>();
        let room = (area.width as usize).saturating_sub(fixed);
        let mut first = vec![];
        if room >= 4 {
            first.push(Span::styled(
                fit(t.label(&data.refs.desk), room),
                theme.title_focused,
            ));
            first.push(Span::raw("  "));
        }
        first.extend([day, Span::raw("  "), reception, Span::raw("  "), operator]);
        let c = data.counts;
        let overdue_style = if c.overdue > 0 {
            theme.overdue
        } else {
            theme.plain
        };
        let mut second = vec![
            Span::raw(format!("{} ", t.ui(Ui::Waiting))),
            Span::styled(c.waiting.to_string(), theme.key),
        ];
        if c.carried > 0 {
            second.push(Span::styled(
                crate::fill!(t, Ui::OfEarlierDays, n = c.carried),
                theme.warn,
            ));
        }
        second.extend([
            Span::raw(format!("   {} ", t.ui(Ui::ReceivedToday))),
            Span::styled(c.received_today.to_string(), theme.key),
            Span::raw(format!("   {} ", t.ui(Ui::Overdue))),
            Span::styled(c.overdue.to_string(), overdue_style),
            Span::raw(format!("   {}", data.now.format("%H:%M"))),
        ]);
        // Never cut without a sign (a long language, a narrow window).
        crate::tui::kit::draw::fit_line(Line::from(first), area.width)
            .render(Rect { height: 1, ..area }, buf);
        if area.height > 1 {
            crate::tui::kit::draw::fit_line(Line::from(second), area.width).render(
                Rect {
                    y: area.y + 1,
                    height: 1,
                    ..area
                },
                buf,
            );
        }
    }
}
