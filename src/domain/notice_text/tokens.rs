//! Cutting a normalised line of a notice into what the reader looks at: dates (with their
//! year and month when written), `N天`, the notes in parentheses after a date, separators and
//! words.

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token {
    /// Year, month, day as written; the year and month may be left out.
    Date(Option<i32>, Option<u32>, u32),
    /// `N天`.
    Days(u32),
    /// What stands between parentheses after a date: `星期六`, `农历除夕、周二`.
    Note(String),
    /// `、` or `,`.
    Sep,
    /// `.` or `;`.
    Stop,
    Word(String),
    /// Digits that are neither a date nor a number of days.
    Stray(String),
}

pub(super) fn tokens(body: &str) -> Vec<Token> {
    let chars: Vec<char> = body.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut pending: (Option<i32>, Option<u32>) = (None, None);
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let digits: String = chars[start..i].iter().collect();
            let value: Option<u32> = digits.parse().ok().filter(|_| digits.len() <= 4);
            match (chars.get(i), value) {
                (Some('年'), Some(v)) => {
                    pending.0 = Some(v as i32);
                    i += 1;
                    continue;
                }
                (Some('月'), Some(v)) => {
                    pending.1 = Some(v);
                    i += 1;
                    continue;
                }
                (Some('日'), Some(v)) => {
                    out.push(Token::Date(pending.0, pending.1, v));
                    pending = (None, None);
                    i += 1;
                    continue;
                }
                (Some('天'), Some(v)) => {
                    i += 1;
                    out.push(Token::Days(v));
                }
                _ => out.push(Token::Stray(digits)),
            }
            pending = (None, None);
            continue;
        }
        if pending != (None, None) {
            // `2024年` or `1月` not followed by a day.
            out.push(Token::Stray(format!("{pending:?}")));
            pending = (None, None);
        }
        match c {
            '(' => {
                let end = chars[i..].iter().position(|c| *c == ')').map(|p| i + p);
                let end = end.unwrap_or(chars.len());
                out.push(Token::Note(chars[i + 1..end].iter().collect()));
                i = end + 1;
                continue;
            }
            '、' | ',' => out.push(Token::Sep),
            '.' | ';' => out.push(Token::Stop),
            _ => {
                let start = i;
                while i < chars.len() && !is_break(chars[i]) {
                    i += 1;
                }
                out.push(Token::Word(chars[start..i].iter().collect()));
                continue;
            }
        }
        i += 1;
    }
    if pending != (None, None) {
        out.push(Token::Stray(format!("{pending:?}")));
    }
    out
}

fn is_break(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '(' | '、' | ',' | '.' | ';')
}

/// The text from a token on, for an error message.
pub(super) fn rest_text(tokens: &[Token]) -> String {
    tokens
        .iter()
        .map(|t| match t {
            Token::Date(y, m, d) => format!(
                "{}{}{d}日",
                y.map(|y| format!("{y}年")).unwrap_or_default(),
                m.map(|m| format!("{m}月")).unwrap_or_default()
            ),
            Token::Days(n) => format!("{n}天"),
            Token::Note(n) => format!("({n})"),
            Token::Sep => "、".into(),
            Token::Stop => ".".into(),
            Token::Word(w) | Token::Stray(w) => w.clone(),
        })
        .collect()
}
