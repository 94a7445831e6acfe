//! Fitting text into terminal columns: neutralised first, then cut or padded by display
//! width (a CJK character takes two columns). Shared by the command line and the UI.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::domain::text::for_display;

/// Display columns of text as it would be shown.
pub fn width(text: &str) -> usize {
    for_display(text).width()
}

/// Text made safe for a terminal and cut to `width` columns, ending in `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    let safe = for_display(text);
    if safe.width() <= width {
        return safe.into_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in safe.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Text fitted and padded with spaces to exactly `width` columns.
pub fn pad(text: &str, width: usize) -> String {
    let mut s = fit(text, width);
    let w = s.width();
    s.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    s
}

/// Punctuation that does not begin a line in Chinese typesetting (避头点): a row that would
/// start with it takes the character before it along.
pub fn no_line_start(c: char) -> bool {
    "，。、；：？！）」』》〉】〕”’…,.;:?!)]}%".contains(c)
}

/// Cuts text into rows of at most `width` display columns, keeping its own line breaks. A
/// row never starts with a comma or a full stop (see [`no_line_start`]).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(2);
    let mut rows = Vec::new();
    for line in text.split('\n') {
        let safe = for_display(line);
        let mut row: Vec<char> = Vec::new();
        let mut used = 0;
        for c in safe.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > width {
                // Carry the last character along with the punctuation, if the row keeps one;
                // a word of letters goes to the next row whole, if the row has a space
                // before it (English is not cut inside a word).
                let mut carried: Vec<char> = Vec::new();
                if no_line_start(c) && row.len() > 1 {
                    // With the punctuation just before it (`）。`), and the character those follow.
                    while row.len() > 1
                        && let Some(last) = row.pop()
                    {
                        carried.insert(0, last);
                        if !no_line_start(last) {
                            break;
                        }
                    }
                } else if c.is_ascii_alphanumeric()
                    && let Some(space) = row.iter().rposition(|r| *r == ' ')
                    && space > 0
                    && row[space + 1..].iter().all(char::is_ascii_alphanumeric)
                {
                    carried = row.split_off(space + 1);
                    row.pop();
                }
                rows.push(row.drain(..).collect::<String>());
                used = 0;
                for p in carried {
                    used += p.width().unwrap_or(0);
                    row.push(p);
                }
                // A space at a break starts no row.
                if c == ' ' && row.is_empty() {
                    continue;
                }
            }
            row.push(c);
            used += w;
        }
        rows.push(row.into_iter().collect());
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_by_display_width() {
        assert_eq!(fit("小区路灯坏了三个月", 8), "小区路…");
        assert_eq!(pad("王", 4), "王  ");
        assert_eq!(pad("小区路灯", 5), "小区…");
        assert_eq!(fit("a\u{1b}[2Jb", 20), "a^[[2Jb");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn wraps_by_display_width() {
        assert_eq!(wrap("一二三四五", 4), vec!["一二", "三四", "五"]);
        assert_eq!(wrap("ab\n一二", 3), vec!["ab", "一", "二"]);
    }

    #[test]
    fn english_is_not_cut_inside_a_word() {
        let rows = wrap("we will call you back before the deadline", 12);
        assert_eq!(
            rows,
            vec!["we will call", "you back", "before the", "deadline"]
        );
        // A word longer than the row is cut, as it must be.
        assert_eq!(wrap("a verylongwordindeed", 6)[1], "verylo");
    }

    #[test]
    fn a_comma_never_starts_a_wrapped_row() {
        let rows = wrap("小区路灯坏了，晚上很黑。", 12);
        assert_eq!(rows, vec!["小区路灯坏", "了，晚上很", "黑。"]);
        for row in wrap("一二三四五，六七八九十。一二三四五，", 10) {
            assert!(!row.starts_with('，') && !row.starts_with('。'), "{row}");
            assert!(width(&row) <= 10, "{row}");
        }
    }

    #[test]
    fn a_bracket_and_full_stop_go_to_the_next_row_together() {
        // `）` fills the row and `。` overflows: neither starts the next row.
        let rows = wrap("一二三四）。五", 10);
        assert_eq!(rows, vec!["一二三", "四）。五"]);
        for row in wrap("备份（保留最近 14 份）。随时另备一份（例如存到 U 盘）。", 9)
        {
            assert!(!row.starts_with(no_line_start), "{row}");
            assert!(width(&row) <= 9, "{row}");
        }
    }
}
