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
    let cells: Vec<String> = cells
        .map(|c| crate::domain::text::for_display(c).replace('|', "\\|"))
        .collect();
    format!("| {} |\n", cells.join(" | "))
}
