//! An editable text with a caret, measured in display columns: a CJK character is two
//! columns wide, a combining mark none. The caret moves and deletes by grapheme cluster, what
//! people see as one character: 👍🏽 is one step, and e with a combining acute (é) goes
//! whole. Single-line fields scroll horizontally; multi-line fields wrap at the field's
//! width, never inside a cluster.

use unicode_segmentation::UnicodeSegmentation;

use crate::display;
use crate::domain::text::{clean, normalize};

/// Why typed or pasted text was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The field cannot hold that much (in characters): `capacity` is what it holds at most.
    Full { capacity: usize, limit: usize },
}

/// A text being edited. Its `limit` is what a save accepts; the field itself holds more (its
/// capacity), so that a paste a little over the limit lands whole and the operator cuts it
/// down, told by how much, instead of losing it. Fields where more means nothing (a search, a
/// number of days) hold no more than their limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextField {
    text: String,
    /// Byte index of the caret, always on a grapheme cluster boundary.
    cursor: usize,
    limit: usize,
    capacity: usize,
    multiline: bool,
    /// What the text was before each change, the last one last (Ctrl-Z takes it back). A run
    /// of typed characters is one change, as a word typed is one thing to take back.
    undo: Vec<(String, usize)>,
    /// The last change was a typed character (the next one joins its undo step).
    typing: bool,
}

/// Changes Ctrl-Z can take back in one field.
const UNDO_STEPS: usize = 64;

impl TextField {
    /// A field whose text may run over `limit` while it is edited (a save refuses it then).
    pub fn new(limit: usize, multiline: bool) -> TextField {
        TextField {
            text: String::new(),
            cursor: 0,
            limit,
            capacity: (limit * 2).max(limit + 40),
            multiline,
            undo: Vec::new(),
            typing: false,
        }
    }

    /// A field that takes no more than `limit` characters at all.
    pub fn strict(limit: usize, multiline: bool) -> TextField {
        TextField {
            capacity: limit,
            ..TextField::new(limit, multiline)
        }
    }

    pub fn with_text(mut self, text: &str) -> TextField {
        self.text = normalize(text, self.multiline);
        self.cursor = self.text.len();
        self
    }

    /// Keeps what the text is now, before a change (`typing`: a typed character, which
    /// joins the run of characters typed before it).
    fn remember(&mut self, typing: bool) {
        if typing && self.typing {
            return;
        }
        self.typing = typing;
        if self.undo.len() == UNDO_STEPS {
            self.undo.remove(0);
        }
        self.undo.push((self.text.clone(), self.cursor));
    }

    /// Takes back the last change (Ctrl-Z); false when there is none.
    pub fn undo(&mut self) -> bool {
        self.typing = false;
        match self.undo.pop() {
            Some((text, cursor)) => {
                self.text = text;
                self.cursor = cursor;
                true
            }
            None => false,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Byte index of the caret in [`TextField::text`].
    pub fn caret(&self) -> usize {
        self.cursor
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn is_multiline(&self) -> bool {
        self.multiline
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The number of characters when there are more than a save accepts.
    pub fn over_limit(&self) -> Option<usize> {
        let n = self.chars();
        (n > self.limit).then_some(n)
    }

    pub fn chars(&self) -> usize {
        self.text.chars().count()
    }

    fn full(&self) -> Refused {
        Refused::Full {
            capacity: self.capacity,
            limit: self.limit,
        }
    }

    /// Types one character. Control characters are ignored (a newline only in multi-line
    /// fields); a character beyond the field's capacity is refused.
    pub fn insert(&mut self, c: char) -> Result<(), Refused> {
        if c == '\n' && !self.multiline || c != '\n' && c.is_control() {
            return Ok(());
        }
        if self.chars() + 1 > self.capacity {
            return Err(self.full());
        }
        // A new line ends the word typed before it.
        self.remember(c != '\n' && !c.is_whitespace());
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
        Ok(())
    }

    /// Pastes text: escape sequences and control characters are dropped, newlines kept only
    /// in multi-line fields. A paste the field cannot hold is refused whole.
    pub fn paste(&mut self, raw: &str) -> Result<(), Refused> {
        let clean = clean_paste(raw, self.multiline);
        if self.chars() + clean.chars().count() > self.capacity {
            return Err(self.full());
        }
        self.remember(false);
        self.text.insert_str(self.cursor, &clean);
        self.cursor += clean.len();
        Ok(())
    }

    pub fn clear(&mut self) {
        if !self.text.is_empty() {
            self.remember(false);
        }
        self.text.clear();
        self.cursor = 0;
    }

    /// The start of the grapheme cluster before the caret.
    fn previous_boundary(&self) -> Option<usize> {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map(|(i, _)| i)
    }

    /// The end of the grapheme cluster after the caret.
    fn next_boundary(&self) -> Option<usize> {
        self.text[self.cursor..]
            .graphemes(true)
            .next()
            .map(|g| self.cursor + g.len())
    }

    pub fn left(&mut self) {
        self.typing = false;
        if let Some(at) = self.previous_boundary() {
            self.cursor = at;
        }
    }

    pub fn right(&mut self) {
        self.typing = false;
        if let Some(at) = self.next_boundary() {
            self.cursor = at;
        }
    }

    /// Start of the current line (of the text, not the wrapped row).
    pub fn line_start(&mut self) {
        self.cursor = self.text[..self.cursor].rfind('\n').map_or(0, |i| i + 1);
    }

    pub fn line_end(&mut self) {
        self.cursor = self.text[self.cursor..]
            .find('\n')
            .map_or(self.text.len(), |i| self.cursor + i);
    }

    /// Deletes the grapheme cluster before the caret, whole.
    pub fn delete_back(&mut self) {
        if let Some(at) = self.previous_boundary() {
            self.remember(false);
            self.text.replace_range(at..self.cursor, "");
            self.cursor = at;
        }
    }

    /// Deletes the grapheme cluster after the caret, whole.
    pub fn delete_forward(&mut self) {
        if let Some(end) = self.next_boundary() {
            self.remember(false);
            self.text.replace_range(self.cursor..end, "");
        }
    }

    /// Moves the caret one wrapped row up or down at the same column, as far as possible.
    /// Returns false when there is no row in that direction (the form moves focus instead).
    pub fn vertical(&mut self, width: u16, down: bool) -> bool {
        let rows = wrap(&self.text, width);
        let (row, col) = locate(&self.text, &rows, self.cursor);
        let target = if down { row + 1 } else { row.wrapping_sub(1) };
        let Some(&(start, end)) = rows.get(target) else {
            return false;
        };
        let mut used = 0;
        let mut at = start;
        for (i, g) in self.text[start..end].grapheme_indices(true) {
            let w = display::width(g);
            if used + w > col {
                break;
            }
            used += w;
            at = start + i + g.len();
        }
        self.cursor = at;
        true
    }

    /// Display columns from the start of the text to the caret (single-line fields), summed
    /// character by character as the field draws them: a whole-string width counts an
    /// emoji sequence (`❤\u{FE0F}`, a ZWJ family) as one glyph and would disagree.
    /// Measured as the screen draws it: neutralised text by grapheme, so an emoji with a
    /// skin tone (👍🏽) is two columns, not four, and ❤ with its dropped selector one.
    pub fn cursor_column(&self) -> usize {
        display::width(&self.text[..self.cursor])
    }

    /// What a single-line field of `width` columns shows, and the caret's column in it:
    /// scrolled so that the caret stays visible.
    pub fn visible_line(&self, width: u16) -> (&str, u16) {
        let width = width.max(1) as usize;
        let caret = self.cursor_column();
        if caret < width {
            return (&self.text, caret as u16);
        }
        // Drop clusters from the left until the caret fits, keeping one column for it.
        // (Measured again each time: a width is not a sum over characters.) Ends at the
        // caret at the latest, where the column is 0.
        let mut start = 0;
        for (i, g) in self.text[..self.cursor].grapheme_indices(true) {
            if display::width(&self.text[start..self.cursor]) < width {
                break;
            }
            start = i + g.len();
        }
        (
            &self.text[start..],
            display::width(&self.text[start..self.cursor]) as u16,
        )
    }

    /// The wrapped rows of a multi-line field `width` columns wide, and the caret's
    /// (row, column).
    pub fn wrapped(&self, width: u16) -> (Vec<&str>, (usize, u16)) {
        let rows = wrap(&self.text, width);
        let (row, col) = locate(&self.text, &rows, self.cursor);
        let lines = rows.iter().map(|&(s, e)| &self.text[s..e]).collect();
        (lines, (row, col as u16))
    }
}

/// Pasted text made safe: terminal escapes and control characters dropped, line endings
/// unified, newlines turned to spaces in a single-line field. Unlike typed text, a paste is
/// not trimmed: it lands in the middle of what is there.
fn clean_paste(raw: &str, multiline: bool) -> String {
    clean(raw, multiline)
}

/// Wraps text into rows of at most `width` columns: (start, end) byte ranges, newlines
/// excluded, cut between grapheme clusters. An empty text, or a text ending in a newline,
/// has an empty last row. A row never starts with a comma or a full stop: the cluster before
/// it goes along.
fn wrap(text: &str, width: u16) -> Vec<(usize, usize)> {
    let width = width.max(2) as usize;
    let mut rows = Vec::new();
    let mut start = 0;
    let mut used = 0;
    // The previous cluster of the row being filled: (byte index, width).
    let mut last: Option<(usize, usize)> = None;
    for (i, g) in text.grapheme_indices(true) {
        if g == "\n" {
            rows.push((start, i));
            start = i + 1;
            used = 0;
            last = None;
            continue;
        }
        let w = display::width(g);
        let first = g.chars().next().unwrap_or(' ');
        // Keep the last column free for the caret at the end of a full row.
        if used + w >= width {
            match last {
                Some((at, lw)) if display::no_line_start(first) && at > start => {
                    rows.push((start, at));
                    start = at;
                    used = lw;
                }
                _ => {
                    rows.push((start, i));
                    start = i;
                    used = 0;
                }
            }
        }
        used += w;
        last = Some((i, w));
    }
    rows.push((start, text.len()));
    rows
}

/// The (row, column) of a byte position in wrapped rows.
fn locate(text: &str, rows: &[(usize, usize)], cursor: usize) -> (usize, usize) {
    for (row, &(start, end)) in rows.iter().enumerate() {
        let last = row + 1 == rows.len();
        let next_start = rows.get(row + 1).map(|r| r.0);
        // A caret at a wrap point belongs to the next row.
        let inside = cursor >= start
            && (cursor < end || (cursor == end && (last || next_start != Some(end))));
        if inside {
            return (row, display::width(&text[start..cursor]));
        }
    }
    (rows.len() - 1, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_caret_moves_by_two_columns() {
        let mut f = TextField::new(40, false);
        for c in "王小红".chars() {
            f.insert(c).unwrap();
        }
        assert_eq!(f.cursor_column(), 6);
        f.left();
        assert_eq!(f.cursor_column(), 4);
        f.insert('a').unwrap();
        assert_eq!(f.text(), "王小a红");
        assert_eq!(f.cursor_column(), 5);
        f.delete_back();
        f.delete_back();
        assert_eq!(f.text(), "王红");
        assert_eq!(f.cursor_column(), 2);
    }

    #[test]
    fn the_caret_steps_and_deletes_by_grapheme_cluster() {
        // 👍🏽 (thumb + skin tone) is one step; e + U+0301 goes whole.
        let mut f = TextField::new(40, false);
        f.paste("a👍🏽e\u{301}b").unwrap();
        f.left();
        f.left();
        assert_eq!(f.cursor_column(), 3, "before é, after 👍🏽");
        f.delete_back();
        assert_eq!(f.text(), "ae\u{301}b");
        f.delete_forward();
        assert_eq!(f.text(), "ab");
        // Typed one code point at a time, the mark joins its letter and leaves with it.
        let mut f = TextField::new(40, false);
        for c in "e\u{301}".chars() {
            f.insert(c).unwrap();
        }
        f.delete_back();
        assert_eq!(f.text(), "");
        // A family (ZWJ sequence) and a flag are one step each.
        let mut f = TextField::new(40, false);
        f.paste("\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{1F1E8}\u{1F1F3}")
            .unwrap();
        f.left();
        f.left();
        assert_eq!(f.cursor_column(), 0);
        f.right();
        f.delete_forward();
        assert_eq!(f.text(), "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}");
    }

    #[test]
    fn a_wrapped_row_never_cuts_a_cluster() {
        let f = TextField::new(100, true).with_text("ab👍🏽cd");
        // At 4 columns (one kept for the caret) the thumb cannot join "ab": it moves whole.
        let (rows, _) = f.wrapped(4);
        assert_eq!(rows, vec!["ab", "👍🏽c", "d"]);
        let mut f = TextField::new(100, true).with_text("ab👍🏽cd");
        f.line_start();
        assert!(f.vertical(4, true));
        assert_eq!(f.wrapped(4).1, (1, 0));
    }

    #[test]
    fn a_skin_toned_emoji_is_two_columns_as_drawn() {
        let mut f = TextField::new(40, false);
        for c in "李👍🏽A".chars() {
            f.insert(c).unwrap();
        }
        // What the terminal shows: 李 (2) + 👍🏽 (2, one glyph) + A (1).
        let drawn = ratatui::text::Line::from(f.text()).width();
        assert_eq!(drawn, 5);
        assert_eq!(f.visible_line(20), (f.text(), 5));
        // Scrolled: the caret is still right after the A.
        let (shown, caret) = f.visible_line(4);
        assert_eq!(usize::from(caret), display::width(shown));
        // ❤ followed by its emoji selector is drawn as ❤ alone (the selector is dropped for
        // the terminal): one column.
        let mut f = TextField::new(40, false);
        f.paste("❤\u{fe0f}A").unwrap();
        assert_eq!(f.visible_line(20).1, 2);
        let mut f = TextField::new(40, true);
        f.paste("❤\u{fe0f}A").unwrap();
        assert_eq!(f.wrapped(20).1, (0, 2));
    }

    #[test]
    fn emoji_sequences_keep_the_caret_inside_the_field() {
        // Found by fuzzing: the caret was measured as whole strings (a sequence is one
        // glyph) but scrolled by characters; it left the field, or underflowed.
        let mut f = TextField::new(40, false);
        f.paste(&"❤\u{fe0f}".repeat(10)).unwrap();
        let (shown, caret) = f.visible_line(10);
        assert!(usize::from(caret) < 10, "caret {caret}");
        assert!(!shown.is_empty());
        let mut f = TextField::new(40, false);
        f.paste("👨\u{200d}👩a").unwrap();
        for width in 0..6 {
            let (_, caret) = f.visible_line(width);
            assert!(caret <= width.max(1), "width {width}: caret {caret}");
        }
    }

    #[test]
    fn a_paste_ending_in_an_escape_is_dropped_cleanly() {
        // A lone ESC at the end once swallowed the guard character the cleaning relied on.
        let mut f = TextField::new(20, false);
        f.paste("ab\u{1b}").unwrap();
        f.paste("\u{1b}").unwrap();
        f.paste("\u{1b}]0;x").unwrap();
        assert_eq!(f.text(), "ab");
        f.paste(" c ").unwrap();
        assert_eq!(f.text(), "ab c ");
    }

    #[test]
    fn strict_limits_refuse_input_and_pastes() {
        let mut f = TextField::strict(3, false);
        f.paste("一二").unwrap();
        assert_eq!(f.insert('三'), Ok(()));
        let full = Refused::Full {
            capacity: 3,
            limit: 3,
        };
        assert_eq!(f.insert('四'), Err(full.clone()));
        f.clear();
        assert_eq!(f.paste("一二三四"), Err(full));
        assert!(f.is_empty(), "a refused paste changes nothing");
    }

    #[test]
    fn text_over_the_limit_is_held_and_measured_up_to_the_capacity() {
        let mut f = TextField::new(2000, true);
        f.paste(&"字".repeat(2100)).unwrap();
        assert_eq!(f.over_limit(), Some(2100));
        f.delete_back();
        assert_eq!(f.over_limit(), Some(2099));
        let mut g = TextField::new(2000, true);
        assert!(g.paste(&"字".repeat(4001)).is_err(), "beyond the capacity");
        assert!(g.is_empty());
        g.paste(&"字".repeat(2000)).unwrap();
        assert_eq!(g.over_limit(), None);
        g.insert('字').unwrap();
        assert_eq!(g.over_limit(), Some(2001));
    }

    #[test]
    fn pastes_are_cleaned() {
        let mut f = TextField::new(100, false);
        f.paste("路灯\u{1b}[31m坏了\r\n三个月\u{7}").unwrap();
        assert_eq!(f.text(), "路灯坏了 三个月");
        let mut m = TextField::new(100, true);
        m.paste("一\r\n二 ").unwrap();
        assert_eq!(m.text(), "一\n二 ");
        let mut s = TextField::new(100, false);
        s.insert('\n').unwrap();
        s.insert('\u{1b}').unwrap();
        assert!(s.is_empty());
    }

    #[test]
    fn single_line_scrolls_to_keep_the_caret_visible() {
        let f = TextField::new(100, false).with_text("一二三四五六七八");
        let (shown, caret) = f.visible_line(8);
        assert!(caret < 8);
        assert!(shown.ends_with("八"));
        assert_eq!(display::width(shown) as u16, caret);
    }

    #[test]
    fn multi_line_wraps_by_width() {
        let f = TextField::new(100, true).with_text("小区路灯坏了三个月\n晚上");
        let (rows, caret) = f.wrapped(10);
        assert_eq!(rows, vec!["小区路灯", "坏了三个", "月", "晚上"]);
        assert_eq!(caret, (3, 4));
        let mut f = f;
        assert!(f.vertical(10, false));
        let (_, caret) = f.wrapped(10);
        assert_eq!(caret, (2, 2));
        assert!(f.vertical(10, false));
        assert!(f.vertical(10, false));
        assert_eq!(f.wrapped(10).1, (0, 2));
        assert!(!f.vertical(10, false), "no row above the first");
    }

    #[test]
    fn a_comma_never_starts_a_wrapped_row_of_the_field() {
        let mut f = TextField::new(100, true).with_text("路灯坏了，很黑");
        let (rows, caret) = f.wrapped(9);
        assert_eq!(rows, vec!["路灯坏", "了，很黑"]);
        assert_eq!(caret, (1, 8));
        for _ in 0..3 {
            f.left();
        }
        assert_eq!(f.wrapped(9).1, (1, 2));
        assert!(f.vertical(9, false));
        assert_eq!(f.wrapped(9).1, (0, 2), "the caret moves up within the rows");
    }

    #[test]
    fn caret_after_a_full_row_is_on_the_next_row() {
        let f = TextField::new(100, true).with_text("一二三四");
        let (rows, caret) = f.wrapped(9);
        assert_eq!(rows, vec!["一二三四"]);
        assert_eq!(caret, (0, 8));
        let f = TextField::new(100, true).with_text("一二三四五");
        let (rows, caret) = f.wrapped(9);
        assert_eq!(rows, vec!["一二三四", "五"]);
        assert_eq!(caret, (1, 2));
    }

    #[test]
    fn ctrl_z_takes_back_a_cleared_field_and_a_word_at_a_time() {
        let mut f = TextField::new(2000, true);
        f.paste(&"字".repeat(2000)).unwrap();
        f.clear();
        assert!(f.is_empty());
        assert!(f.undo());
        assert_eq!(f.chars(), 2000, "Ctrl-U is not the end of 2000 characters");
        let mut g = TextField::new(40, false);
        for c in "路灯 坏了".chars() {
            g.insert(c).unwrap();
        }
        g.delete_back();
        assert_eq!(g.text(), "路灯 坏");
        assert!(g.undo());
        assert_eq!(g.text(), "路灯 坏了");
        assert!(g.undo());
        assert_eq!(g.text(), "路灯 ", "the word typed goes back whole");
        assert!(g.undo());
        assert!(g.undo());
        assert_eq!(g.text(), "");
        assert!(!g.undo(), "nothing more to take back");
    }

    #[test]
    fn combining_marks_and_emoji() {
        let f = TextField::new(100, false).with_text("e\u{301}😀");
        assert_eq!(f.cursor_column(), 3);
    }
}
