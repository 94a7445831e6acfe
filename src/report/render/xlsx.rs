//! The workbook, as offices print it: one sheet per table; counts as numbers, rates as
//! percentages, dates as dates; columns as wide as their text (CJK counted double), long text
//! wrapped; the header frozen on screen and repeated on every printed page; landscape A4,
//! fitted to the page's width.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::{Cell, Table};
use crate::domain::text::for_file;

/// The widest a column of short text (names, units) grows, in character widths.
const MAX_WIDTH: f64 = 40.0;
/// The width of a column of long text (what residents said, replies), which wraps in it.
const TEXT_WIDTH: f64 = 30.0;
/// The height of one line of text in a row, in points, and the most lines a row grows to.
const ROW_HEIGHT: f64 = 15.0;
const MAX_LINES: usize = 12;

/// The lines a cell's text takes in a column `width` wide.
fn lines_in(cell: &Cell, width: f64) -> usize {
    let Cell::Text(t) = cell else { return 1 };
    let usable = (width - 1.0).max(1.0);
    for_file(t)
        .split('\n')
        .map(|line| ((line.width() as f64) / usable).ceil().max(1.0) as usize)
        .sum()
}

/// Excel's paper size code for A4.
const A4: u8 = 9;

/// The display width of a cell's text (its longest line), as Excel's column units count:
/// one per Latin character, two per CJK one.
fn width(cell: &Cell) -> f64 {
    match cell {
        Cell::Text(t) => for_file(t)
            .lines()
            .map(UnicodeWidthStr::width)
            .max()
            .unwrap_or(0) as f64,
        Cell::DateTime(_) => 16.0,
        Cell::Date(_) => 10.0,
        other => other.text().width() as f64,
    }
}

/// Column widths from the header and every row; whether each column's text wraps.
fn columns(table: &Table) -> Vec<(f64, bool)> {
    (0..table.header.len())
        .map(|c| {
            let header = table.header[c].width() as f64;
            let widest = table
                .rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(width)
                .fold(header, f64::max);
            if widest + 2.0 > MAX_WIDTH {
                (TEXT_WIDTH, true)
            } else {
                ((widest + 2.0).max(6.0), false)
            }
        })
        .collect()
}

struct Formats {
    title: Format,
    header: Format,
    text: Format,
    wrapped: Format,
    /// An undefined figure: `-`, where the numbers stand.
    none: Format,
    rate: Format,
    decimal: Format,
    fine: Format,
    date: Format,
    datetime: Format,
}

impl Formats {
    fn new() -> Formats {
        let top = Format::new().set_align(FormatAlign::Top);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_border_bottom(FormatBorder::Thin)
                .set_background_color("#E7E6E6"),
            text: top.clone(),
            wrapped: top.clone().set_text_wrap(),
            none: top.clone().set_align(FormatAlign::Right),
            rate: top.clone().set_num_format("0.0%"),
            decimal: top.clone().set_num_format("0.0"),
            fine: top.clone().set_num_format("0.00"),
            date: top.clone().set_num_format("yyyy-mm-dd"),
            datetime: top.set_num_format("yyyy-mm-dd hh:mm"),
        }
    }
}

pub fn workbook(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let f = Formats::new();
    for table in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(table.sheet)?;
        write_sheet(sheet, table, &f)?;
    }
    book.save_to_buffer()
}

fn write_sheet(sheet: &mut Worksheet, table: &Table, f: &Formats) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, 0, for_file(&table.title).as_ref(), &f.title)?;
    let columns = columns(table);
    for (c, h) in table.header.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, h, &f.header)?;
        sheet.set_column_width(c as u16, columns[c].0)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 2;
        // Spreadsheet programs do not grow a row for wrapped text on their own: the row is
        // made as tall as its longest wrapped cell.
        let lines = row
            .iter()
            .zip(&columns)
            .map(|(cell, (w, _))| lines_in(cell, *w))
            .max()
            .unwrap_or(1);
        if lines > 1 {
            sheet.set_row_height(r, ROW_HEIGHT * lines.min(MAX_LINES) as f64)?;
        }
        for (c, cell) in row.iter().enumerate() {
            let wraps = columns[c].1;
            let c = c as u16;
            match cell {
                Cell::Text(t) => {
                    let text = for_file(t);
                    let format = if wraps || text.contains('\n') {
                        &f.wrapped
                    } else {
                        &f.text
                    };
                    sheet.write_string_with_format(r, c, text.as_ref(), format)?
                }
                Cell::Count(n) => sheet.write_number_with_format(r, c, *n, &f.text)?,
                Cell::Rate(Some(v)) => sheet.write_number_with_format(r, c, *v, &f.rate)?,
                Cell::Number(Some(v)) => sheet.write_number_with_format(r, c, *v, &f.decimal)?,
                Cell::Fine(Some(v)) => sheet.write_number_with_format(r, c, *v, &f.fine)?,
                Cell::Rate(None) | Cell::Number(None) | Cell::Fine(None) => {
                    sheet.write_string_with_format(r, c, "-", &f.none)?
                }
                Cell::Date(Some(d)) => sheet.write_datetime_with_format(r, c, d, &f.date)?,
                Cell::Date(None) => sheet.write_blank(r, c, &f.text)?,
                Cell::DateTime(t) => sheet.write_datetime_with_format(r, c, t, &f.datetime)?,
            };
        }
    }
    // On screen the header stays; on paper it heads every page.
    sheet.set_freeze_panes(2, 0)?;
    sheet.set_repeat_rows(1, 1)?;
    sheet.set_landscape();
    sheet.set_paper_size(A4);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    sheet.set_header(format!("&L{}", table.title.replace('&', "&&")));
    sheet.set_footer("&C&P / &N");
    Ok(())
}

/// One table on one sheet that prints on one A4 page (landscape, fitted both ways), with the
/// definitions of its figures below it, each across the table's width.
pub fn one_page(table: &Table, notes_title: &str, notes: &[String]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let f = Formats::new();
    let sheet = book.add_worksheet();
    sheet.set_name(table.sheet)?;
    write_sheet(sheet, table, &f)?;
    // Columns of figures as narrow as their values: their long names wrap in the header,
    // so the page is scaled down less to fit.
    let mut wrapped_header = false;
    let mut widths = Vec::new();
    for (c, (w, _)) in columns(table).into_iter().enumerate() {
        let cells = table.rows.iter().filter_map(|r| r.get(c));
        let values = (cells.clone().map(width).fold(4.0, f64::max) + 2.0).max(8.0);
        if values < w && !cells.clone().any(|cell| matches!(cell, Cell::Text(_))) {
            sheet.set_column_width(c as u16, values)?;
            wrapped_header = true;
            widths.push(values);
        } else {
            widths.push(w);
        }
    }
    if wrapped_header {
        sheet.set_row_height(1, ROW_HEIGHT * 3.0)?;
    }
    let last = table.header.len().saturating_sub(1) as u16;
    let mut row = table.rows.len() as u32 + 3;
    sheet.write_string_with_format(row, 0, for_file(notes_title).as_ref(), &f.header)?;
    row += 1;
    // The whole width of the table, in character widths, for the height of each note.
    let width: f64 = widths.iter().sum();
    for note in notes {
        let text = for_file(note).into_owned();
        let lines = lines_in(&Cell::Text(text.clone()), width).min(MAX_LINES);
        if last > 0 {
            sheet.merge_range(row, 0, row, last, &text, &f.wrapped)?;
        } else {
            sheet.write_string_with_format(row, 0, &text, &f.wrapped)?;
        }
        sheet.set_row_height(row, ROW_HEIGHT * lines as f64)?;
        row += 1;
    }
    sheet.set_print_fit_to_pages(1, 1);
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_as_wide_as_their_text_and_long_text_wraps() {
        let table = Table {
            id: "ledger",
            sheet: "台账",
            title: "台账".into(),
            header: vec!["编号".into(), "承办单位".into(), "反映内容".into()],
            rows: vec![vec![
                Cell::Text("HF-20261117-001".into()),
                Cell::Text("新安街道市政设施管理所".into()),
                Cell::Text("路灯坏了".repeat(20)),
            ]],
        };
        let cols = columns(&table);
        assert_eq!(cols[0], (17.0, false));
        // Eleven CJK characters: 22 columns, plus the margin.
        assert_eq!(cols[1], (24.0, false));
        assert_eq!(cols[2], (TEXT_WIDTH, true));
        // Eighty CJK characters in 29 usable columns: six lines; a line break adds one.
        assert_eq!(lines_in(&table.rows[0][2], TEXT_WIDTH), 6);
        assert_eq!(lines_in(&Cell::Text("一\n二".into()), TEXT_WIDTH), 2);
        assert_eq!(lines_in(&Cell::Count(3), 4.0), 1);
    }
}
