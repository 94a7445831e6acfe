//! CSV: one file per table, UTF-8 with a byte-order mark so that Excel on a Chinese Windows
//! desk opens it correctly.

use super::Table;

/// The CSV text of a table (with the BOM).
pub fn table_csv(table: &Table) -> String {
    let mut out = String::from("\u{feff}");
    line(&mut out, table.header.iter().map(String::as_str));
    for row in &table.rows {
        let cells: Vec<String> = row.iter().map(|c| c.text()).collect();
        line(&mut out, cells.iter().map(String::as_str));
    }
    out
}

fn line<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    let quoted: Vec<String> = cells.map(quote).collect();
    out.push_str(&quoted.join(","));
    out.push_str("\r\n");
}

/// Quotes a field when it needs it; a leading `=`, `+`, `-` or `@` is defused so that a
/// resident's words never run as a spreadsheet formula.
fn quote(field: &str) -> String {
    // Line breaks inside a field stay (quoted); a spreadsheet shows them as in the register.
    let safe = crate::domain::text::for_file(field);
    let mut field = safe.into_owned();
    let minus_formula = field.starts_with('-') && field.len() > 1 && field.parse::<f64>().is_err();
    if field.starts_with(['=', '+', '@']) || minus_formula {
        field.insert(0, '\'');
    }
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_formulas() {
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("说\"明\""), "\"说\"\"明\"\"\"");
        assert_eq!(quote("=1+1"), "'=1+1");
        assert_eq!(quote("-5"), "-5");
        assert_eq!(quote("-x"), "'-x");
        assert_eq!(quote("-"), "-");
        assert_eq!(quote("第一行\n第二行"), "\"第一行\n第二行\"");
        assert_eq!(quote("a\u{1b}[31mb"), "ab");
    }
}
