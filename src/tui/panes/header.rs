//! The header: station, today and its reception day, the operator, the day's counts.

use chrono::Datelike;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::display::fit;
use crate::tui::app::App;

pub struct Header<'a>(pub &'a App);

const WEEKDAYS_ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

impl Widget for Header<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.0;
        let t = app.texts;
        let theme = &app.theme;
        let data = &app.data;
        let today = data.today;
        let weekday = match app.texts.lookup("ui", "today") {
            Some("今天") => {
                WEEKDAYS_ZH[today.weekday().num_days_from_monday() as usize].to_string()
            }
            _ => today.format("%a").to_string(),
        };
        let reception = match data.reception {
            Some(r) if r.date == today => {
                Span::styled(format!("[{}]", t.ui("reception_today")), theme.ok)
            }
            Some(r) => Span::styled(
                format!("{} {}", t.ui("next_reception"), r.date),
                theme.plain,
            ),
            None => Span::styled(t.ui("no_reception").to_string(), theme.dim),
        };
        let first = Line::from(vec![
            Span::styled(fit(&data.refs.desk.name, 30), theme.title_focused),
            Span::raw("  "),
            Span::raw(format!("{} {} {}  ", t.ui("today"), today, weekday)),
            reception,
            Span::raw(format!("  {} {}", t.ui("operator"), fit(&app.operator, 12))),
        ]);
        let c = data.counts;
        let overdue_style = if c.overdue > 0 {
            theme.overdue
        } else {
            theme.plain
        };
        let second = Line::from(vec![
            Span::raw(format!("{} ", t.ui("waiting"))),
            Span::styled(c.waiting.to_string(), theme.key),
            Span::raw(format!("   {} ", t.ui("received_today"))),
            Span::styled(c.received_today.to_string(), theme.key),
            Span::raw(format!("   {} ", t.ui("overdue"))),
            Span::styled(c.overdue.to_string(), overdue_style),
            Span::raw(format!("   {}", data.now.format("%H:%M"))),
        ]);
        first.render(Rect { height: 1, ..area }, buf);
        if area.height > 1 {
            second.render(
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
