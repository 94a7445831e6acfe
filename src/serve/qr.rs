//! The page's address as a QR code drawn with text: two modules a character cell, the upper
//! one as the cell's foreground through `▀` and the lower one as its background, inside a
//! light quiet zone, so that it scans from a phone on any terminal's colours.

use qrcode::{EcLevel, QrCode};

/// The quiet zone around a code, in modules, as the standard asks.
pub const QUIET: usize = 4;
/// A narrower one, for windows too short for the standard's.
pub const QUIET_MIN: usize = 2;

/// A QR code's modules, `true` for dark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    pub width: usize,
    dark: Vec<bool>,
}

/// One character cell: its upper and lower module, `true` for dark.
pub type HalfCell = (bool, bool);

impl QrMatrix {
    /// The code of a text, with medium error correction (a screen photographed at an angle
    /// loses some modules); low when medium would not fit a small code.
    pub fn encode(text: &str) -> Option<QrMatrix> {
        let code = QrCode::with_error_correction_level(text, EcLevel::M)
            .ok()
            .filter(|c| c.width() <= 37)
            .or_else(|| QrCode::with_error_correction_level(text, EcLevel::L).ok())?;
        Some(QrMatrix {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == qrcode::Color::Dark)
                .collect(),
        })
    }

    /// Whether the module at (x, y) is dark; outside the code (the quiet zone) it is light.
    pub fn is_dark(&self, x: isize, y: isize) -> bool {
        let w = self.width as isize;
        (0..w).contains(&x) && (0..w).contains(&y) && self.dark[(y * w + x) as usize]
    }

    /// Columns and rows the code takes with a quiet zone of `quiet` modules.
    pub fn size(&self, quiet: usize) -> (usize, usize) {
        let side = self.width + 2 * quiet;
        (side, side.div_ceil(2))
    }

    /// The cells, row by row, with a quiet zone of `quiet` modules on every side.
    pub fn cells(&self, quiet: usize) -> Vec<Vec<HalfCell>> {
        let (side, rows) = self.size(quiet);
        let q = quiet as isize;
        (0..rows as isize)
            .map(|row| {
                (0..side as isize)
                    .map(|col| {
                        let x = col - q;
                        let top = 2 * row - q;
                        (self.is_dark(x, top), self.is_dark(x, top + 1))
                    })
                    .collect()
            })
            .collect()
    }

    /// Lines for a terminal, drawn in black on white with ANSI colours (`colour`), or, when
    /// colours are off, with the light modules as the glyphs' ink (a dark background).
    pub fn lines(&self, quiet: usize, colour: bool) -> Vec<String> {
        self.cells(quiet)
            .into_iter()
            .map(|row| {
                let mut line = String::new();
                for (top, bottom) in row {
                    if colour {
                        let fg = if top { 30 } else { 97 };
                        let bg = if bottom { 40 } else { 107 };
                        line.push_str(&format!("\u{1b}[{fg};{bg}m\u{2580}"));
                    } else {
                        line.push(match (top, bottom) {
                            (true, true) => ' ',
                            (false, true) => '\u{2580}',
                            (true, false) => '\u{2584}',
                            (false, false) => '\u{2588}',
                        });
                    }
                }
                if colour {
                    line.push_str("\u{1b}[0m");
                }
                line
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_address_makes_a_small_code() {
        let m = QrMatrix::encode("http://192.168.100.200:8080/ABCDEFGHIJKLMNOP").unwrap();
        assert!(m.width <= 37, "version 5 at most: {}", m.width);
        let (cols, rows) = m.size(QUIET);
        assert_eq!(cols, m.width + 8);
        assert!(rows <= 23, "{rows} rows");
        let cells = m.cells(QUIET);
        assert_eq!(cells.len(), rows);
        // The quiet zone is light; the finder's corner is dark.
        assert_eq!(cells[0][0], (false, false));
        assert_eq!(cells[2][QUIET], (true, true));
        let plain = m.lines(QUIET, false);
        assert!(plain[0].chars().all(|c| c == '\u{2588}'));
    }
}
