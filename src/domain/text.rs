//! Text from residents, files and other terminals: normalised on the way in, neutralised on
//! the way out.
//!
//! Input keeps what a person could mean (letters, CJK, emoji, newlines in multi-line fields)
//! and drops what only a terminal would act on (escape sequences and other control
//! characters). Display replaces anything that could still move the cursor or reorder a line.

use std::borrow::Cow;

/// Limits on stored text, in characters.
pub mod limits {
    pub const NAME: usize = 40;
    pub const PHONE: usize = 20;
    pub const ADDRESS: usize = 120;
    pub const CONTENT: usize = 2000;
    pub const NOTE: usize = 1000;
}

/// Text longer than a field's limit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} is {len} characters long; the limit is {limit}")]
pub struct TooLong {
    pub field: &'static str,
    pub len: usize,
    pub limit: usize,
}

/// Cleans typed or pasted text: line endings unified, tabs to spaces, escape sequences and
/// other control characters removed, surrounding blanks trimmed. Newlines survive only in
/// multi-line fields.
pub fn normalize(input: &str, multiline: bool) -> String {
    clean(input, multiline).trim().to_string()
}

/// [`normalize`] without the trimming: for text that lands in the middle of a field (a
/// paste), where its surrounding blanks may be meant.
pub fn clean(input: &str, multiline: bool) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(if multiline { '\n' } else { ' ' });
            }
            '\n' => out.push(if multiline { '\n' } else { ' ' }),
            '\t' => out.push(' '),
            '\u{1b}' => skip_escape_sequence(&mut chars),
            c if is_control(c) || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Normalises and checks the length; `None` for text that is empty after cleaning.
pub fn clean_optional(
    input: &str,
    field: &'static str,
    limit: usize,
    multiline: bool,
) -> Result<Option<String>, TooLong> {
    let text = normalize(input, multiline);
    let len = text.chars().count();
    if len > limit {
        return Err(TooLong { field, len, limit });
    }
    Ok((!text.is_empty()).then_some(text))
}

/// What a Chinese IME in full-width mode types for ASCII (`２`, `０３`, `ｓｄｑ`, `－`): the
/// character meant. Other characters are returned as they are.
pub fn half_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        other => other,
    }
}

/// [`half_width`] over a text; borrowed when nothing changes.
pub fn half_width_text(text: &str) -> Cow<'_, str> {
    if text.chars().all(|c| half_width(c) == c) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().map(half_width).collect())
    }
}

/// Makes any text safe to put on a terminal line: control characters become visible caret
/// notation (`^[`), newlines and tabs become spaces, bidirectional overrides are dropped.
/// Joiners and variation selectors are dropped too: they make a terminal draw several
/// characters as one of a width no column count can predict, which would shift the layout.
pub fn for_display(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| {
        is_control(c) || is_bidi_control(c) || is_shaping(c) || matches!(c, '\n' | '\t' | '\r')
    }) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' | '\t' | '\r' => out.push(' '),
            c if is_bidi_control(c) || is_shaping(c) => {}
            c if (c as u32) < 0x20 => {
                out.push('^');
                out.push(char::from(b'@' + c as u8));
            }
            '\u{7f}' => out.push_str("^?"),
            c if is_control(c) => out.push('?'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Makes text safe to put in a file (CSV, a workbook, HTML, Markdown): what only a terminal
/// or a text viewer would act on is dropped (escape sequences, other control characters,
/// bidirectional overrides), but the line breaks and tabs a resident's words hold are kept;
/// each format escapes its own syntax. Compare [`for_display`], which makes one terminal line.
pub fn for_file(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| (is_control(c) && !matches!(c, '\n' | '\t')) || is_bidi_control(c))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            '\u{1b}' => skip_escape_sequence(&mut chars),
            c if is_control(c) || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether a name or title from an imported file is clean: no control or bidirectional
/// characters (a title travels to every station's screens and printouts).
pub fn is_clean_line(text: &str) -> bool {
    !text
        .chars()
        .any(|c| is_control(c) || is_bidi_control(c) || c == '\n')
}

/// C0, DEL and C1 control characters.
fn is_control(c: char) -> bool {
    matches!(c as u32, 0x00..=0x1f | 0x7f..=0x9f)
}

/// Zero-width joiners and variation selectors, which glue characters into one glyph.
fn is_shaping(c: char) -> bool {
    matches!(c as u32, 0x200d | 0xfe00..=0xfe0f | 0xe0100..=0xe01ef)
}

/// Characters that reorder text on a line (right-to-left marks, embeddings, isolates).
fn is_bidi_control(c: char) -> bool {
    matches!(c as u32, 0x200e | 0x200f | 0x202a..=0x202e | 0x2066..=0x2069 | 0x061c)
}

/// Drops the rest of an ANSI escape sequence after ESC: CSI (`ESC [ … final`), OSC and other
/// string sequences (`ESC ] … BEL|ST`), or a single following character.
fn skip_escape_sequence(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => {
            for c in chars.by_ref() {
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    break;
                }
            }
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            while let Some(c) = chars.next() {
                if c == '\u{7}' {
                    break;
                }
                if c == '\u{1b}' {
                    if chars.peek() == Some(&'\\') {
                        chars.next();
                    }
                    break;
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escape_sequences_and_controls() {
        assert_eq!(normalize("路灯\u{1b}[31m坏了\u{1b}[0m", false), "路灯坏了");
        assert_eq!(normalize("\u{1b}]0;title\u{7}标题", false), "标题");
        assert_eq!(normalize("a\u{0}b\u{7}c\u{9b}d", false), "abcd");
        assert_eq!(normalize("一\r\n二\n三", true), "一\n二\n三");
        assert_eq!(normalize("一\r\n二", false), "一 二");
        assert_eq!(normalize("  \u{202e}abc  ", false), "abc");
    }

    #[test]
    fn keeps_what_people_type() {
        let s = "王小红 😀 e\u{301} 小区路灯";
        assert_eq!(normalize(s, false), s);
    }

    #[test]
    fn display_neutralises_everything() {
        assert_eq!(for_display("a\u{1b}[2Jb"), "a^[[2Jb");
        assert_eq!(for_display("x\ny\tz"), "x y z");
        assert_eq!(for_display("\u{202e}abc"), "abc");
        assert!(matches!(for_display("普通文本"), Cow::Borrowed(_)));
    }

    #[test]
    fn files_keep_line_breaks_but_nothing_a_terminal_acts_on() {
        assert_eq!(
            for_file("第一行\r\n第二行\r第三行"),
            "第一行\n第二行\n第三行"
        );
        assert_eq!(for_file("a\u{1b}[2Jb\u{202e}c\u{7}"), "abc");
        assert_eq!(for_file("列1\t列2"), "列1\t列2");
        assert!(matches!(for_file("一\n二"), Cow::Borrowed(_)));
        assert!(is_clean_line("2027年节假日安排"));
        assert!(!is_clean_line("标题\u{1b}[31m"));
        assert!(!is_clean_line("标题\u{202e}"));
        assert!(!is_clean_line("a\u{0}b"));
    }

    #[test]
    fn full_width_ascii_is_read_as_ascii() {
        assert_eq!(half_width_text("０３"), "03");
        assert_eq!(half_width_text("ｓｄｑ　２"), "sdq 2");
        assert_eq!(half_width('－'), '-');
        assert_eq!(half_width('路'), '路');
        assert!(matches!(half_width_text("路灯03"), Cow::Borrowed(_)));
    }

    #[test]
    fn limits_are_named() {
        let long = "字".repeat(limits::NAME + 1);
        let err = clean_optional(&long, "name", limits::NAME, false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "name is 41 characters long; the limit is 40"
        );
        assert_eq!(clean_optional("  ", "name", 5, false).unwrap(), None);
    }
}
