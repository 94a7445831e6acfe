//! Markdown: one document with a section per table.

use super::Table;

pub fn document(title: &str, tables: &[Table]) -> String {
    let mut out = format!("# {title}\n");
    for table in tables {
        out.push_str(&format!("\n## {}\n\n", table.title));
        out.push_str(&row(table.header.iter().map(String::as_str)));
        out.push_str(&row(table.header.iter().map(|_| "---")));
        for r in &table.rows {
            let cells: Vec<String> = r.iter().map(|c| c.text()).collect();
            out.push_str(&row(cells.iter().map(String::as_str)));
        }
    }
    out
}

fn row<'a>(cells: impl Iterator<Item = &'a str>) -> String {
    let cells: Vec<String> = cells.map(cell).collect();
    format!("| {} |\n", cells.join(" | "))
}

/// A cell's text made inert: HTML is shown as text, link, image and emphasis syntax is
/// escaped, and line breaks become `<br>` (a table row is one line).
fn cell(text: &str) -> String {
    let safe = crate::domain::text::for_file(text);
    let mut out = String::with_capacity(safe.len());
    for c in safe.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("<br>"),
            '|' | '[' | ']' | '(' | ')' | '!' | '*' | '_' | '`' | '\\' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_a_cell_is_shown_not_run() {
        assert_eq!(
            cell("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert\\(1\\)&gt;"
        );
        assert_eq!(
            cell("[点我](javascript:alert(1))"),
            "\\[点我\\]\\(javascript:alert\\(1\\)\\)"
        );
        assert_eq!(cell("a|b\n第二行"), "a\\|b<br>第二行");
        assert_eq!(cell("普通文本"), "普通文本");
    }
}
