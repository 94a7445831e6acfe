//! The workbook: one sheet per table, counts as numbers, rates as percentages.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::{Cell, Table};

/// Sheet names shown in Excel, by table id.
fn sheet_name(id: &str) -> &'static str {
    match id {
        "summary" => "汇总",
        "stations" => "各站",
        "units" => "承办单位",
        "deputies" => "代表履职",
        "ledger" => "台账",
        "activities" => "活动",
        _ => "说明",
    }
}

pub fn workbook(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let rate = Format::new().set_num_format("0.0%");
    let decimal = Format::new().set_num_format("0.0");
    for table in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(table.id))?;
        sheet.write_string_with_format(0, 0, &table.title, &bold)?;
        for (c, h) in table.header.iter().enumerate() {
            sheet.write_string_with_format(1, c as u16, h, &bold)?;
            let width = if table.id == "notes" && c == 1 {
                90.0
            } else if c == 0 {
                22.0
            } else {
                14.0
            };
            sheet.set_column_width(c as u16, width)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 2;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(t) => {
                        sheet.write_string(r, c, crate::domain::text::for_display(t).as_ref())?
                    }
                    Cell::Count(n) => sheet.write_number(r, c, *n)?,
                    Cell::Rate(Some(v)) => sheet.write_number_with_format(r, c, *v, &rate)?,
                    Cell::Number(Some(v)) => sheet.write_number_with_format(r, c, *v, &decimal)?,
                    Cell::Rate(None) | Cell::Number(None) => sheet.write_string(r, c, "-")?,
                };
            }
        }
        sheet.set_freeze_panes(2, 0)?;
    }
    book.save_to_buffer()
}
