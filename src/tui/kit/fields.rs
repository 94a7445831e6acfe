//! Drawing form fields: a label column, then the field. Each text field reports where its
//! caret is, so the real terminal cursor (and the IME's candidate window) can sit there.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use crate::display::{fit, pad};
use crate::i18n::{Texts, Ui};
use crate::tui::layout::LABEL_WIDTH;
use crate::tui::theme::Theme;
use crate::tui::widgets::picker::{Pickable, Picker};
use crate::tui::widgets::text_field::TextField;

/// Splits a row into its label and field parts, and draws the label.
fn label(buf: &mut Buffer, row: Rect, text: &str, focused: bool, theme: &Theme) -> Rect {
    let style = if focused { theme.key } else { theme.plain };
    buf.set_stringn(
        row.x,
        row.y,
        pad(text, LABEL_WIDTH as usize),
        LABEL_WIDTH as usize,
        style,
    );
    Rect {
        x: row.x + LABEL_WIDTH + 1,
        width: row.width.saturating_sub(LABEL_WIDTH + 1),
        ..row
    }
}

/// A single-line text field; returns the caret when focused.
pub fn text_row(
    buf: &mut Buffer,
    row: Rect,
    name: &str,
    field: &TextField,
    focused: bool,
    theme: &Theme,
) -> Option<Position> {
    let area = label(buf, Rect { height: 1, ..row }, name, focused, theme);
    let style = if focused {
        theme.field_focused
    } else {
        theme.field
    };
    buf.set_style(area, style);
    let (shown, caret) = field.visible_line(area.width);
    buf.set_stringn(
        area.x,
        area.y,
        fit(shown, area.width as usize),
        area.width as usize,
        style,
    );
    focused.then(|| Position::new(area.x + caret.min(area.width.saturating_sub(1)), area.y))
}

/// A multi-line text field over the rows of `rect`; returns the caret when focused.
pub fn text_block(
    buf: &mut Buffer,
    rect: Rect,
    name: &str,
    field: &TextField,
    focused: bool,
    theme: &Theme,
) -> Option<Position> {
    let area = label(buf, rect, name, focused, theme);
    let style = if focused {
        theme.field_focused
    } else {
        theme.field
    };
    buf.set_style(area, style);
    let (lines, (row, col)) = field.wrapped(area.width);
    let height = area.height.max(1) as usize;
    let first = row.saturating_sub(height - 1);
    for (i, line) in lines.iter().enumerate().skip(first).take(height) {
        let y = area.y + (i - first) as u16;
        buf.set_stringn(
            area.x,
            y,
            fit(line, area.width as usize),
            area.width as usize,
            style,
        );
    }
    focused.then(|| {
        Position::new(
            area.x + col.min(area.width.saturating_sub(1)),
            area.y + (row - first) as u16,
        )
    })
}

/// One of a few options, the chosen one highlighted, with the digits that pick them.
pub fn choice_row(
    buf: &mut Buffer,
    row: Rect,
    name: &str,
    options: &[&str],
    chosen: Option<usize>,
    focused: bool,
    theme: &Theme,
) {
    let area = label(buf, Rect { height: 1, ..row }, name, focused, theme);
    let cap = option_cap(options, area.width as usize);
    let mut spans = Vec::new();
    for (i, option) in options.iter().enumerate() {
        let style = if Some(i) == chosen {
            if focused {
                theme.selected
            } else {
                theme.title_focused
            }
        } else {
            theme.plain
        };
        spans.push(Span::styled(format!("{}", i + 1), theme.key));
        spans.push(Span::styled(fit(option, cap), style));
        spans.push(Span::raw(" "));
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

/// The widest an option's label may be for every option to show in `width` columns (each
/// with its digit and a space): the longest labels are shortened first, ending in `…`, so
/// that every choice keeps its digit and a readable start instead of the row being cut.
fn option_cap(options: &[&str], width: usize) -> usize {
    let widths: Vec<usize> = options.iter().map(|o| crate::display::width(o)).collect();
    let longest = widths.iter().copied().max().unwrap_or(0);
    let marks: usize = (1..=options.len()).map(|i| i.to_string().len() + 1).sum();
    let room = width.saturating_sub(marks);
    let total = |cap: usize| widths.iter().map(|w| (*w).min(cap)).sum::<usize>();
    (1..=longest)
        .rev()
        .find(|cap| total(*cap) <= room)
        .unwrap_or(1)
}

/// A picker: the query (with the caret) and the chosen entry on the first row, the matches
/// below it while focused (the last row saying how many more are above and below, in the
/// language of `texts`). Returns the caret when focused.
#[allow(clippy::too_many_arguments)]
pub fn picker_rows<T: Pickable>(
    buf: &mut Buffer,
    rect: Rect,
    name: &str,
    picker: &Picker<T>,
    focused: bool,
    none: &str,
    texts: &Texts,
    theme: &Theme,
) -> Option<Position> {
    if rect.height == 0 {
        return None;
    }
    let first = Rect { height: 1, ..rect };
    let area = label(buf, first, name, focused, theme);
    let chosen = picker
        .chosen()
        .map(|c| format!("{} {}", c.code(), c.shown(texts)))
        .unwrap_or_else(|| none.to_string());
    if !focused {
        buf.set_stringn(
            area.x,
            area.y,
            fit(&chosen, area.width as usize),
            area.width as usize,
            theme.plain,
        );
        return None;
    }
    let query_width = 10.min(area.width);
    let query = Rect {
        width: query_width,
        ..area
    };
    buf.set_style(query, theme.field_focused);
    let (shown, caret) = picker.query.visible_line(query_width);
    buf.set_stringn(
        query.x,
        query.y,
        fit(shown, query_width as usize),
        query_width as usize,
        theme.field_focused,
    );
    let rest = area.width.saturating_sub(query_width + 1) as usize;
    buf.set_stringn(
        query.right() + 1,
        area.y,
        fit(&chosen, rest),
        rest,
        theme.dim,
    );
    let list = Rect {
        x: area.x,
        y: rect.y + 1,
        width: area.width,
        height: rect.height.saturating_sub(1),
    };
    draw_matches(buf, list, picker, texts, theme);
    Some(Position::new(
        query.x + caret.min(query_width.saturating_sub(1)),
        query.y,
    ))
}

/// A picker's matches, scrolled to keep the highlight visible; a last row says how many
/// are out of sight. With none, a line says so.
fn draw_matches<T: Pickable>(
    buf: &mut Buffer,
    list: Rect,
    picker: &Picker<T>,
    texts: &Texts,
    theme: &Theme,
) {
    let height = list.height as usize;
    if height == 0 {
        return;
    }
    let count = picker.match_count();
    if count == 0 {
        let text = texts.ui(Ui::NoMatch);
        let w = list.width as usize;
        buf.set_stringn(list.x, list.y, fit(text, w), w, theme.dim);
        return;
    }
    let shown = if count > height { height - 1 } else { height };
    let selected = picker.selected_index();
    let skip = selected.saturating_sub(shown.saturating_sub(1));
    let hidden = count.saturating_sub(skip + shown);
    if shown < height && (skip > 0 || hidden > 0) {
        let mut parts = Vec::new();
        if skip > 0 {
            parts.push(crate::fill!(texts, Ui::MoreAbove, n = skip));
        }
        if hidden > 0 {
            parts.push(crate::fill!(texts, Ui::MoreBelow, n = hidden));
        }
        buf.set_stringn(
            list.x,
            list.bottom() - 1,
            fit(&parts.join("  "), list.width as usize),
            list.width as usize,
            theme.dim,
        );
    }
    for (i, item) in picker.matches().enumerate().skip(skip).take(shown) {
        let y = list.y + (i - skip) as u16;
        let style = if i == selected {
            theme.selected
        } else {
            theme.plain
        };
        let text = pad(
            &format!("{:<5}{}", item.code(), item.shown(texts)),
            list.width as usize,
        );
        buf.set_stringn(list.x, y, text, list.width as usize, style);
    }
}

/// A problem under a field, in the error style.
pub fn problem_row(buf: &mut Buffer, row: Rect, text: &str, theme: &Theme) {
    let area = Rect {
        x: row.x + LABEL_WIDTH + 1,
        width: row.width.saturating_sub(LABEL_WIDTH + 1),
        height: 1,
        ..row
    };
    buf.set_stringn(
        area.x,
        area.y,
        fit(text, area.width as usize),
        area.width as usize,
        theme.error,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(options: &[&str], width: u16) -> String {
        let area = Rect::new(0, 0, LABEL_WIDTH + 1 + width, 1);
        let mut buf = Buffer::empty(area);
        choice_row(
            &mut buf,
            area,
            "x",
            options,
            None,
            false,
            &Theme::monochrome(),
        );
        let text: String = (0..area.width)
            .map(|x| buf[(x, 0)].symbol().to_string())
            .collect();
        text[(LABEL_WIDTH as usize + 1)..].trim_end().to_string()
    }

    #[test]
    fn every_choice_keeps_its_digit_when_the_row_is_narrow() {
        let five = [
            "very satisfied",
            "satisfied",
            "fairly satisfied",
            "dissatisfied",
            "very dissatisfied",
        ];
        let wide = row(&five, 90);
        assert_eq!(
            wide,
            "1very satisfied 2satisfied 3fairly satisfied 4dissatisfied 5very dissatisfied"
        );
        let narrow = row(&five, 63);
        assert!(narrow.contains("5very"), "{narrow}");
        assert!(narrow.ends_with('…'), "{narrow}");
        assert!(narrow.contains("2satisfied "), "{narrow}");
        assert!(crate::display::width(&narrow) <= 63, "{narrow}");
    }
}
