//! The self-service view (Alt-9): whether the page is served, its address with the day's
//! token, the same as a QR code in black and white half-blocks inside a quiet zone, and how
//! many residents registered themselves today.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::dialog;
use crate::i18n::Serve;
use crate::serve::qr::{QUIET, QUIET_MIN, QrMatrix};
use crate::tui::app::App;
use crate::tui::forms::self_service::SelfServiceView;
use crate::tui::layout;

fn word(app: &App, key: Serve) -> &'static str {
    app.texts.get(key)
}

/// Draws a QR code at (x, y): each cell `▀` with the upper module as its foreground and
/// the lower one as its background, black for dark and white for light.
pub fn draw_qr(buf: &mut Buffer, x: u16, y: u16, code: &QrMatrix, quiet: usize) {
    let colour = |dark: bool| if dark { Color::Black } else { Color::White };
    for (row, cells) in code.cells(quiet).iter().enumerate() {
        for (col, (top, bottom)) in cells.iter().enumerate() {
            let (cx, cy) = (x + col as u16, y + row as u16);
            if !buf.area.contains((cx, cy).into()) {
                continue;
            }
            buf[(cx, cy)]
                .set_symbol("\u{2580}")
                .set_style(Style::new().fg(colour(*top)).bg(colour(*bottom)));
        }
    }
}

/// The largest quiet zone with which the code fits `width` × `height`, if any.
fn quiet_that_fits(code: &QrMatrix, width: u16, height: u16) -> Option<usize> {
    [QUIET, QUIET_MIN].into_iter().find(|q| {
        let (w, h) = code.size(*q);
        w <= width as usize && h <= height as usize
    })
}

pub fn render(app: &App, view: &SelfServiceView, screen: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let area = layout::overlay_area(screen);
    let inner = dialog(
        buf,
        layout::dialog(area, area.width.min(100), area.height),
        word(app, Serve::Title),
        theme,
    );
    let mut text: Vec<Line> = Vec::new();
    let code = view.running.as_ref().and_then(|r| r.qr.as_ref());
    match &view.running {
        None => text.push(Line::styled(word(app, Serve::Off), theme.plain)),
        Some(running) if running.day != app.data.today => {
            text.push(Line::styled(word(app, Serve::Over), theme.error));
        }
        Some(running) => {
            text.push(Line::styled(word(app, Serve::On), theme.ok));
            text.push(Line::styled(
                format!("{} {}", word(app, Serve::Address), running.url),
                theme.key,
            ));
        }
    }
    let today = app.data.today;
    let mine = app
        .data
        .queue
        .iter()
        .filter(|r| r.case.self_registered && r.case.received_at.date() == today);
    let (n, m) = mine.fold((0, 0), |(n, m), r| {
        (n + 1, m + usize::from(r.case.to_confirm))
    });
    text.push(Line::styled(
        crate::fill!(app.texts, Serve::TodayCount, n = n, m = m),
        theme.dim,
    ));
    if let Some(problem) = &view.problem {
        text.push(Line::styled(problem.clone(), theme.error));
    }
    text.push(Line::styled(word(app, Serve::Keys), theme.dim));

    let Some(code) = code.filter(|_| view.running.as_ref().map(|r| r.day) == Some(today)) else {
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
        return;
    };
    // The code on the left and the words beside it when there is room; else the words
    // above the code.
    let beside = quiet_that_fits(code, inner.width.saturating_sub(24), inner.height);
    if let Some(quiet) = beside {
        let (w, _) = code.size(quiet);
        draw_qr(buf, inner.x, inner.y, code, quiet);
        let words = Rect {
            x: inner.x + w as u16 + 1,
            width: inner.width.saturating_sub(w as u16 + 1),
            ..inner
        };
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .render(words, buf);
        return;
    }
    let words_height = (text.len() as u16).min(inner.height);
    let below = Rect {
        y: inner.y + words_height,
        height: inner.height - words_height,
        ..inner
    };
    match quiet_that_fits(code, below.width, below.height) {
        Some(quiet) => {
            Paragraph::new(text)
                .wrap(Wrap { trim: false })
                .render(inner, buf);
            let (w, _) = code.size(quiet);
            let x = below.x + (below.width - w as u16) / 2;
            draw_qr(buf, x, below.y, code, quiet);
        }
        None => {
            text.push(Line::styled(word(app, Serve::TooSmall), theme.error));
            Paragraph::new(text)
                .wrap(Wrap { trim: false })
                .render(inner, buf);
        }
    }
}
