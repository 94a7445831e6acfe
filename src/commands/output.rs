//! Writing to the terminal or a pipe: buffered, neutralised, aligned by display width.

use std::io::{self, BufWriter, Stdout, Write};

use unicode_width::UnicodeWidthStr;

use crate::domain::text::for_display;

/// Buffered standard output.
pub fn stdout() -> BufWriter<Stdout> {
    BufWriter::new(io::stdout())
}

/// Text made safe for a terminal and cut to `width` display columns (with `…` when cut).
pub fn fit(text: &str, width: usize) -> String {
    let safe = for_display(text);
    if safe.width() <= width {
        return safe.into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in safe.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Text padded with spaces to `width` display columns (cut first if longer).
pub fn pad(text: &str, width: usize) -> String {
    let mut s = fit(text, width);
    let w = s.width();
    s.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    s
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
    let line = |out: &mut dyn Write, cells: &[String]| -> io::Result<()> {
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
    };
    line(
        out,
        &header.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
    )?;
    for row in rows {
        line(out, row)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_by_display_width() {
        assert_eq!(fit("小区路灯坏了三个月", 8), "小区路…");
        assert_eq!(pad("王", 4), "王  ");
        assert_eq!(fit("a\u{1b}[2Jb", 20), "a^[[2Jb");
    }
}
