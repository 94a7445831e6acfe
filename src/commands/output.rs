//! Writing to the terminal or a pipe: buffered, neutralised, aligned by display width.

use std::io::{self, BufWriter, Stdout, Write};

use unicode_width::UnicodeWidthStr;

use crate::domain::text::for_display;

/// Buffered standard output.
pub fn stdout() -> BufWriter<Stdout> {
    BufWriter::new(io::stdout())
}

pub use crate::display::{fit, pad};

/// The column names of a table, as the text of `key` lists them (separated by `|`).
pub fn header(texts: &crate::i18n::Texts, key: crate::i18n::Cli) -> Vec<&'static str> {
    texts.get(key).split('|').collect()
}

/// Writes rows as aligned columns; the last column is left unpadded.
pub fn table(
    out: &mut impl Write,
    header: &[&str],
    rows: &[Vec<String>],
    max: &[usize],
) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            let w = for_display(cell)
                .width()
                .min(max.get(i).copied().unwrap_or(usize::MAX));
            widths[i] = widths[i].max(w);
        }
    }
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    line(out, &header, &widths, max)?;
    for row in rows {
        line(out, row, &widths, max)?;
    }
    Ok(())
}

/// A table written row by row as the rows come, for lists of any length: the columns have
/// the widths of their limits (or their header's, if wider), since the rows to come are not
/// known yet.
pub struct StreamedTable<'a> {
    widths: Vec<usize>,
    max: &'a [usize],
}

impl<'a> StreamedTable<'a> {
    /// Writes the header.
    pub fn start(out: &mut impl Write, header: &[&str], max: &'a [usize]) -> io::Result<Self> {
        let widths: Vec<usize> = header
            .iter()
            .enumerate()
            .map(|(i, h)| h.width().max(max.get(i).copied().unwrap_or(0)))
            .collect();
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        line(out, &header, &widths, max)?;
        Ok(StreamedTable { widths, max })
    }

    pub fn row(&self, out: &mut impl Write, cells: &[String]) -> io::Result<()> {
        line(out, cells, &self.widths, self.max)
    }
}

/// One line of a table: each cell padded to its column, the last one fitted to its limit.
fn line(out: &mut impl Write, cells: &[String], widths: &[usize], max: &[usize]) -> io::Result<()> {
    let last = cells.len().saturating_sub(1);
    let text: Vec<String> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i == last {
                fit(c, max.get(i).copied().unwrap_or(usize::MAX))
            } else {
                pad(c, widths[i])
            }
        })
        .collect();
    writeln!(out, "{}", text.join("  ").trim_end())
}
