//! Drawing pieces every pane and layer is made of: title bars, cells that never run into the
//! next, lists with a line for what is out of sight, dialogs with ASCII frames.

use crate::i18n::Ui;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::view::View;
use crate::display::{fit, pad};
use crate::tui::theme::Theme;

/// Borders drawn with ASCII only: box-drawing characters are of ambiguous width and break
/// the layout on CJK consoles that draw them two columns wide.
pub const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

/// A pane's title bar, highlighted when the pane has the focus, with an optional note at
/// the right.
pub fn title_bar(
    buf: &mut Buffer,
    area: Rect,
    title: &str,
    note: &str,
    focused: bool,
    theme: &Theme,
) {
    if area.height == 0 {
        return;
    }
    let style = if focused {
        theme.title_focused
    } else {
        theme.title
    };
    let row = Rect { height: 1, ..area };
    buf.set_style(row, style);
    let text = format!(" {title} ");
    buf.set_stringn(
        row.x,
        row.y,
        fit(&text, row.width as usize),
        row.width as usize,
        style,
    );
    let note = fit(
        note,
        (row.width as usize).saturating_sub(crate::display::width(&text) + 2),
    );
    let note_width = crate::display::width(&note) as u16;
    if note_width > 0 && note_width + 1 < row.width {
        buf.set_stringn(
            row.right() - note_width - 1,
            row.y,
            &note,
            note_width as usize,
            style,
        );
    }
}

/// A cell of a row: text fitted to a width, with a style. The last column stays blank, so a
/// text that fills its cell never runs into the next one (a four-character name, +1027).
pub fn cell(text: &str, width: usize, style: Style) -> Span<'static> {
    Span::styled(pad(&fit(text, width.saturating_sub(1)), width), style)
}

/// A row's last cell: the text fitted (with `…` when cut) to what is left of `width` after
/// the cells before it.
pub fn rest(cells: &[Span<'_>], text: &str, width: u16, style: Style) -> Span<'static> {
    let used: usize = cells.iter().map(|c| c.width()).sum();
    Span::styled(fit(text, (width as usize).saturating_sub(used)), style)
}

/// [`rest`] for what a resident said: phone and ID numbers in it are masked, as on every
/// list (a logged reveal in the details shows them).
pub fn said_rest(cells: &[Span<'_>], said: &str, width: u16, style: Style) -> Span<'static> {
    rest(
        cells,
        &crate::domain::numbers_in_text::mask_numbers(said),
        width,
        style,
    )
}

/// A line cut to `width` columns, ending in `…` (in the style of the span it cuts) when it
/// does not fit: a row never loses its end without a sign.
pub fn fit_line(line: Line<'_>, width: u16) -> Line<'static> {
    let width = width as usize;
    let style = line.style;
    if line.width() <= width {
        let spans: Vec<Span<'static>> = line
            .spans
            .into_iter()
            .map(|s| Span::styled(s.content.into_owned(), s.style))
            .collect();
        return Line::from(spans).style(style);
    }
    let mut left = width;
    let mut spans = Vec::new();
    for span in line.spans {
        let w = span.width();
        if w < left {
            left -= w;
            spans.push(Span::styled(span.content.into_owned(), span.style));
            continue;
        }
        // The span that runs over (or fills the rest while more follows): as much as fits
        // with the ellipsis.
        let cut = if w > left {
            fit(&span.content, left)
        } else {
            fit(&format!("{}…", span.content), left)
        };
        spans.push(Span::styled(cut, span.style));
        break;
    }
    Line::from(spans).style(style)
}

/// How many rows of a list of `len` a pane of `height` rows shows: a list longer than the
/// pane keeps its last row for the line saying how many are hidden.
pub fn list_window(len: usize, height: usize) -> usize {
    if len > height {
        height.saturating_sub(1).max(1)
    } else {
        height
    }
}

/// A list in a pane: rows `scroll..` of `len`, made by `line`, the selected one highlighted
/// (fully when the pane has the focus). A list longer than the pane gives its last row to a
/// line saying how many rows are hidden above and below, followed by `note`.
#[allow(clippy::too_many_arguments)]
pub fn list<'a>(
    buf: &mut Buffer,
    area: Rect,
    len: usize,
    scroll: usize,
    selected: Option<usize>,
    focused: bool,
    view: &View,
    line: impl Fn(usize) -> Line<'a>,
    note: Option<String>,
) {
    let height = area.height as usize;
    let window = list_window(len, height);
    let scroll = scroll.min(len.saturating_sub(window));
    let shown = (scroll..len.min(scroll + window)).map(line).collect();
    let selected = selected.map_or(usize::MAX, |s| s.wrapping_sub(scroll));
    let body = Rect {
        height: window.min(height) as u16,
        ..area
    };
    rows(buf, body, shown, selected, 0, focused, view.theme);
    if len > height && height > 1 {
        let below = len - scroll - window.min(len - scroll);
        let t = view.texts;
        let mut parts = Vec::new();
        if scroll > 0 {
            parts.push(crate::fill!(t, Ui::MoreAbove, n = scroll));
        }
        if below > 0 {
            parts.push(crate::fill!(t, Ui::MoreBelow, n = below));
        }
        parts.extend(note);
        let text = format!("  {}", parts.join("  "));
        let y = area.bottom() - 1;
        buf.set_stringn(
            area.x,
            y,
            fit(&text, area.width as usize),
            area.width as usize,
            view.theme.dim,
        );
    }
}

/// A list of ready lines in an overlay, scrolled to keep `selected` in sight, with the same
/// "more above / below" row as the panes.
pub fn scrolled(
    buf: &mut Buffer,
    area: Rect,
    lines: Vec<Line<'_>>,
    selected: usize,
    focused: bool,
    view: &View,
) {
    let window = list_window(lines.len(), area.height as usize);
    let scroll = selected.saturating_sub(window.saturating_sub(1));
    list(
        buf,
        area,
        lines.len(),
        scroll,
        Some(selected),
        focused,
        view,
        |k| lines[k].clone(),
        None,
    );
}

/// Draws rows in `area` from `scroll`; the selected one is highlighted fully in a focused
/// pane and marked more quietly in the others.
pub fn rows(
    buf: &mut Buffer,
    area: Rect,
    lines: Vec<Line<'_>>,
    selected: usize,
    scroll: usize,
    focused: bool,
    theme: &Theme,
) {
    let highlight = if focused {
        theme.selected
    } else {
        theme.selected_quiet
    };
    for (i, line) in lines
        .into_iter()
        .enumerate()
        .skip(scroll)
        .take(area.height as usize)
    {
        let y = area.y + (i - scroll) as u16;
        let row = Rect {
            y,
            height: 1,
            ..area
        };
        let line = fit_line(line, row.width);
        if i == selected {
            buf.set_style(row, highlight);
            // The highlight wins over each cell's own colour, or dim text would vanish in it.
            let spans: Vec<_> = line
                .spans
                .into_iter()
                .map(|span| {
                    let style = span.style.patch(highlight);
                    span.style(style)
                })
                .collect();
            buf.set_line(row.x, y, &Line::from(spans), row.width);
        } else {
            buf.set_line(row.x, y, &line, row.width);
        }
    }
}

/// A message in the middle of an empty list, on as many rows as it needs (the last one
/// ending in `…` if even they are too few).
pub fn empty(buf: &mut Buffer, area: Rect, text: &str, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    let width = area.width.saturating_sub(2) as usize;
    let mut rows = crate::display::wrap(text, width);
    let room = area.height as usize;
    if rows.len() > room {
        let rest = rows.split_off(room - 1).join("");
        rows.push(fit(&format!("{rest}…"), width));
    }
    let top = area.y + (area.height - rows.len() as u16) / 2;
    for (i, row) in rows.iter().enumerate() {
        let row = fit(row, width);
        buf.set_stringn(area.x + 1, top + i as u16, &row, width, theme.dim);
    }
}

/// Clears a region for something drawn over it, both halves of any wide character it cuts
/// included: a character left standing half outside would be drawn whole by the terminal and
/// cover the region's first column (a dialog's border).
pub fn clear(buf: &mut Buffer, area: Rect) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    for y in area.top()..area.bottom() {
        if area.x > buf.area.x {
            let left = &mut buf[(area.x - 1, y)];
            if unicode_width::UnicodeWidthStr::width(left.symbol()) > 1 {
                left.set_symbol(" ");
            }
        }
    }
    Clear.render(area, buf);
}

/// Clears a dialog's region and draws its frame; returns the inside.
pub fn dialog(buf: &mut Buffer, area: Rect, title: &str, theme: &Theme) -> Rect {
    clear(buf, area);
    let block = Block::bordered()
        .border_set(ASCII_BORDER)
        .title(Line::from(Span::styled(
            format!(" {} ", fit(title, area.width.saturating_sub(6) as usize)),
            theme.title_focused,
        )));
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// Splits a pane into its title row and its body.
pub fn split_title(area: Rect) -> (Rect, Rect) {
    let title = Rect {
        height: area.height.min(1),
        ..area
    };
    let body = Rect {
        y: area.y + title.height,
        height: area.height.saturating_sub(title.height),
        ..area
    };
    (title, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_too_long_ends_in_an_ellipsis() {
        let line = Line::from(vec![Span::raw("编号 "), Span::raw("小区路灯坏了三个月")]);
        assert_eq!(
            fit_line(line.clone(), 40).to_string(),
            "编号 小区路灯坏了三个月"
        );
        assert_eq!(fit_line(line.clone(), 12).to_string(), "编号 小区路…");
        assert_eq!(fit_line(line, 5).to_string(), "编号…");
    }
}
