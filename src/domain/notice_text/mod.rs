//! The State Council's holiday notice as it is published: the text copied from the
//! government's website (国务院办公厅关于YYYY年部分节假日安排的通知), read into a [`Notice`].
//!
//! ```text
//! 国务院办公厅关于2026年部分节假日安排的通知
//! …
//! 二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
//! 2月14日（周六）、2月28日（周六）上班。
//! ```
//!
//! Read: full-width or ASCII digits and punctuation, spaces anywhere, `（周六）` or
//! `（星期六）` (checked against the date), ranges within a month (`4月4日至6日`), across
//! months (`1月27日至2月2日`) or years (`2022年12月31日至2023年1月2日`), `放假`, `放假调休`,
//! `放假公休`, `补休` (extra days off), `上班` (make-up working days), `共N天` and `放假N天`
//! (checked against the range), `与周末连休`, `不调休`, and the advice to rest on 除夕 (ignored:
//! it is not a day off). Lines of prose (the addressees, the closing paragraph, the date) are
//! skipped; a festival line, or any line that names a date with 放假/上班/补休, must be read
//! whole or the text is refused, naming the line. All seven festivals of the law must have
//! their line.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

mod tokens;

use self::tokens::{Token, rest_text, tokens};
use super::holidays::{Festival, Notice, NoticeError, build_notice, off_range, parse_notices};
use super::statutory::FESTIVALS;

/// Why a notice's text was refused: the line (1-based) and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{problem}", where_(*.line, .text))]
pub struct TextError {
    /// `None` when the problem is the text as a whole (no title, a festival missing).
    pub line: Option<usize>,
    /// The line as it was given, trimmed.
    pub text: String,
    pub problem: Problem,
}

fn where_(line: Option<usize>, text: &str) -> String {
    match line {
        Some(n) => format!("line {n} `{text}`: "),
        None => String::new(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error(
        "no title: copy the notice from its title on (国务院办公厅关于YYYY年部分节假日安排的通知)"
    )]
    NoTitle,
    #[error("a notice for {found} starts here, after the one for {first}: import one at a time")]
    SecondNotice { first: i32, found: i32 },
    #[error("`{0}` is not a date")]
    BadDate(String),
    #[error("the range runs backwards: {from} to {to}")]
    Backwards { from: NaiveDate, to: NaiveDate },
    #[error("{date} is a {actual}, the text says {written}")]
    WrongWeekday {
        date: NaiveDate,
        actual: Weekday,
        written: String,
    },
    #[error("the text says {said} days, but {from} to {to} is {days} days")]
    WrongCount {
        said: u32,
        days: i64,
        from: NaiveDate,
        to: NaiveDate,
    },
    #[error("cannot read `{0}`")]
    Unreadable(String),
    #[error("`{0}` is not one of the festivals of the law ({list})", list = FESTIVALS.join("、"))]
    UnknownFestival(String),
    #[error("{0} has a second line")]
    FestivalTwice(&'static str),
    #[error("no line for {0}: the text is incomplete")]
    MissingFestival(&'static str),
    #[error("{0}")]
    Notice(NoticeError),
}

/// Why a notice file (TOML or the published text) was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoticeFileError {
    #[error(transparent)]
    Toml(#[from] NoticeError),
    #[error(transparent)]
    Text(#[from] TextError),
}

/// Reads a holiday file: the TOML format of `assets/holidays.toml` when it holds a
/// `[[notice]]` table, else the notice's published text.
pub fn read_notices(text: &str) -> Result<Vec<Notice>, NoticeFileError> {
    if text.contains("[[notice]]") {
        Ok(parse_notices(text)?)
    } else {
        Ok(vec![parse_notice_text(text)?])
    }
}

/// Reads the published text of one notice.
pub fn parse_notice_text(text: &str) -> Result<Notice, TextError> {
    let lines: Vec<(usize, &str, String)> = text
        .lines()
        .enumerate()
        .map(|(i, raw)| (i + 1, raw.trim(), normalize(raw)))
        .collect();
    let whole = |problem| TextError {
        line: None,
        text: String::new(),
        problem,
    };
    let (year, title) = find_title(&lines)?.ok_or_else(|| whole(Problem::NoTitle))?;
    let mut festivals: Vec<(usize, &str, Festival)> = Vec::new();
    let mut seen: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (number, raw, line) in &lines {
        let at = |problem| TextError {
            line: Some(*number),
            text: raw.to_string(),
            problem,
        };
        let Some((names, body)) = festival_head(line).map_err(at)? else {
            if looks_like_an_arrangement(line) {
                return Err(at(Problem::Unreadable(line.clone())));
            }
            continue;
        };
        for name in &names {
            if seen.insert(name, *number).is_some() {
                return Err(at(Problem::FestivalTwice(name)));
            }
        }
        let mut festival = read_body(year, body).map_err(at)?;
        festival.name = names.join("、");
        festivals.push((*number, raw, festival));
    }
    if let Some(missing) = FESTIVALS.iter().find(|f| !seen.contains_key(*f)) {
        return Err(whole(Problem::MissingFestival(missing)));
    }
    // Checks across festivals (a day named twice, a make-up day on a weekday…) name the line
    // of the festival that holds the day.
    let line_of = |festival: &str, date: Option<NaiveDate>| {
        festivals
            .iter()
            .find(|(_, _, f)| {
                f.name == festival
                    || date.is_some_and(|d| f.off.contains(&d) || f.work.contains(&d))
            })
            .map(|(n, raw, _)| (*n, raw.to_string()))
    };
    let list: Vec<Festival> = festivals.iter().map(|(_, _, f)| f.clone()).collect();
    build_notice(year, &title, list).map_err(|e| {
        let (line, text) = match &e {
            NoticeError::WorkdayNotWeekend { festival, date, .. }
            | NoticeError::OutOfYear { festival, date, .. } => line_of(festival, Some(*date)),
            NoticeError::Twice { date, .. } => line_of("", Some(*date)),
            _ => None,
        }
        .map_or((None, String::new()), |(n, t)| (Some(n), t));
        TextError {
            line,
            text,
            problem: Problem::Notice(e),
        }
    })
}

/// One line, as the parser reads it: full-width forms to ASCII, every space and invisible
/// character out, the ideographic full stop to `.`.
pub fn normalize(line: &str) -> String {
    line.chars()
        .filter_map(|c| {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '。' | '｡' => '.',
                '〜' => '~',
                '—' | '–' => '-',
                _ => c,
            };
            let invisible = matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}');
            (!c.is_whitespace() && !c.is_control() && !invisible).then_some(c)
        })
        .collect()
}

/// The year and title from the title line (国务院办公厅关于YYYY年部分节假日安排的通知). The
/// page's metadata may repeat the title; a second notice's is refused.
fn find_title(lines: &[(usize, &str, String)]) -> Result<Option<(i32, String)>, TextError> {
    const MARK: &str = "年部分节假日安排的通知";
    let mut found: Option<(i32, String)> = None;
    for (number, raw, line) in lines {
        let Some(at) = line.find(MARK) else { continue };
        let digits: String = line[..at]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let Ok(year) = digits.parse::<i32>() else {
            continue;
        };
        let start = line[..at].find("国务院").unwrap_or(at - digits.len());
        let title = line[start..at + MARK.len()].to_string();
        match &found {
            Some((first, _)) if *first != year => {
                return Err(TextError {
                    line: Some(*number),
                    text: raw.to_string(),
                    problem: Problem::SecondNotice {
                        first: *first,
                        found: year,
                    },
                });
            }
            Some(_) => {}
            None => found = Some((year, title)),
        }
    }
    Ok(found)
}

/// A festival line's names and the rest of the line: `二、春节：…` or `春节:…`. `None` for
/// any other line; an enumerated line with a name the law does not know is refused.
fn festival_head(line: &str) -> Result<Option<(Vec<&'static str>, &str)>, Problem> {
    let rest = strip_enumerator(line);
    let enumerated = rest.len() != line.len();
    let Some((head, body)) = rest.split_once(':') else {
        return Ok(None);
    };
    let mut names = Vec::new();
    for part in head.split(['、', ',']) {
        match FESTIVALS.iter().find(|f| **f == part) {
            Some(f) => names.push(*f),
            None if enumerated => return Err(Problem::UnknownFestival(part.to_string())),
            None => return Ok(None),
        }
    }
    Ok(Some((names, body)))
}

/// Strips `一、`, `十二.`, `(三)`, `3、`, `3.` from the start of a line.
fn strip_enumerator(line: &str) -> &str {
    const NUMERALS: &str = "一二三四五六七八九十";
    let inner = line.strip_prefix('(').and_then(|l| {
        let end = l.find(')')?;
        let n = &l[..end];
        (!n.is_empty()
            && n.chars()
                .all(|c| NUMERALS.contains(c) || c.is_ascii_digit()))
        .then(|| &l[end + 1..])
    });
    if let Some(rest) = inner {
        return rest;
    }
    let numeral_end = line
        .char_indices()
        .find(|(_, c)| !(NUMERALS.contains(*c) || c.is_ascii_digit()))
        .map_or(line.len(), |(i, _)| i);
    if numeral_end == 0 {
        return line;
    }
    let rest = &line[numeral_end..];
    rest.strip_prefix('、')
        .or_else(|| rest.strip_prefix('.'))
        .unwrap_or(line)
}

/// A line outside any festival's that still arranges days: a date with 放假, 上班 or 补休.
fn looks_like_an_arrangement(line: &str) -> bool {
    let has_date = tokens(line).iter().any(|t| matches!(t, Token::Date(..)));
    has_date && ["放假", "上班", "补休"].iter().any(|k| line.contains(k))
}

/// A festival line's arrangement: its days off and make-up working days.
fn read_body(year: i32, body: &str) -> Result<Festival, Problem> {
    let tokens = tokens(body);
    let unreadable = |i: usize| Problem::Unreadable(rest_text(&tokens[i.min(tokens.len())..]));
    let mut festival = Festival {
        name: String::new(),
        off: Vec::new(),
        work: Vec::new(),
    };
    // The stretch that `共N天` or `放假N天` counts.
    let mut last_off: Option<(NaiveDate, NaiveDate)> = None;
    let mut i = 0;
    while i < tokens.len() {
        if let Some((said, next)) = count_at(&tokens, i) {
            let (from, to) = last_off.ok_or_else(|| unreadable(i))?;
            let days = (to - from).num_days() + 1;
            if i64::from(said) != days {
                return Err(Problem::WrongCount {
                    said,
                    days,
                    from,
                    to,
                });
            }
            i = next;
            continue;
        }
        match &tokens[i] {
            Token::Date(..) => {
                let (dates, range, next) = date_group(year, &tokens, i)?;
                i = next;
                let Some(Token::Word(verb)) = tokens.get(i) else {
                    return Err(unreadable(i));
                };
                match verb.as_str() {
                    v if is_off_verb(v) && (range || dates.len() == 1) => {
                        let (from, to) = (dates[0], dates[dates.len() - 1]);
                        let days = off_range(year, "", from, to).map_err(|e| match e {
                            NoticeError::Reversed { from, to, .. } => {
                                Problem::Backwards { from, to }
                            }
                            other => Problem::Notice(other),
                        })?;
                        festival.off.extend(days);
                        last_off = Some((from, to));
                    }
                    "上班" if !range => festival.work.extend(dates),
                    "补休" if !range => festival.off.extend(dates),
                    _ => return Err(unreadable(i)),
                }
                i += 1;
            }
            Token::Sep | Token::Stop | Token::Note(_) => i += 1,
            Token::Word(w) if matches!(w.as_str(), "与周末连休" | "不调休" | "调休") => {
                i += 1
            }
            // 鼓励…安排职工在除夕(2月9日)休息: advice, not a day off.
            Token::Word(w) if w.starts_with("鼓励") => {
                while i < tokens.len() && tokens[i] != Token::Stop {
                    i += 1;
                }
            }
            _ => return Err(unreadable(i)),
        }
    }
    if festival.off.is_empty() {
        return Err(Problem::Unreadable(body.to_string()));
    }
    Ok(festival)
}

fn is_off_verb(word: &str) -> bool {
    matches!(word, "放假" | "放假调休" | "放假公休")
}

/// `共N天` at `i`, or `N天` right after the verb (`放假1天`): the number and the next token.
fn count_at(tokens: &[Token], i: usize) -> Option<(u32, usize)> {
    match (tokens.get(i), tokens.get(i + 1)) {
        (Some(Token::Word(w)), Some(Token::Days(n))) if w == "共" => Some((*n, i + 2)),
        (Some(Token::Days(n)), _)
            if i > 0 && matches!(&tokens[i - 1], Token::Word(w) if is_off_verb(w)) =>
        {
            Some((*n, i + 1))
        }
        _ => None,
    }
}

/// Dates from `i` on: a range (`1月31日至2月6日`: two dates, `true`) or a list
/// (`1月29日(星期六)、1月30日`), each checked against the weekday written after it. Returns
/// the index after the group.
fn date_group(
    year: i32,
    tokens: &[Token],
    mut i: usize,
) -> Result<(Vec<NaiveDate>, bool, usize), Problem> {
    let mut dates = Vec::new();
    let mut range = false;
    loop {
        let Some(Token::Date(y, m, d)) = tokens.get(i) else {
            return Err(Problem::Unreadable(rest_text(
                &tokens[i.min(tokens.len())..],
            )));
        };
        let date = resolve(year, dates.last().copied(), *y, *m, *d)?;
        i += 1;
        if let Some(Token::Note(note)) = tokens.get(i) {
            check_weekday(date, note)?;
            i += 1;
        }
        dates.push(date);
        match (tokens.get(i), tokens.get(i + 1)) {
            (Some(Token::Word(w)), Some(Token::Date(..)))
                if w == "至" && !range && dates.len() == 1 =>
            {
                range = true;
                i += 1;
            }
            (Some(Token::Sep), Some(Token::Date(..))) if !range => i += 1,
            _ => break,
        }
    }
    Ok((dates, range, i))
}

/// A written date: the year defaults to the notice's, a day alone (`至6日`) takes the
/// previous date's month and year.
fn resolve(
    year: i32,
    previous: Option<NaiveDate>,
    y: Option<i32>,
    m: Option<u32>,
    d: u32,
) -> Result<NaiveDate, Problem> {
    let written = format!(
        "{}{}{d}日",
        y.map(|y| format!("{y}年")).unwrap_or_default(),
        m.map(|m| format!("{m}月")).unwrap_or_default()
    );
    let (y, m) = match (y, m, previous) {
        (Some(y), Some(m), _) => (y, m),
        (None, Some(m), _) => (year, m),
        (None, None, Some(p)) => (p.year(), p.month()),
        _ => return Err(Problem::BadDate(written)),
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or(Problem::BadDate(written))
}

const WEEKDAYS: [(char, Weekday); 8] = [
    ('一', Weekday::Mon),
    ('二', Weekday::Tue),
    ('三', Weekday::Wed),
    ('四', Weekday::Thu),
    ('五', Weekday::Fri),
    ('六', Weekday::Sat),
    ('日', Weekday::Sun),
    ('天', Weekday::Sun),
];

/// A weekday written after a date (`星期六`, `周六`, `礼拜六`, among lunar notes) must be the
/// date's: a mismatch is a typo in the date or a garbled text.
fn check_weekday(date: NaiveDate, note: &str) -> Result<(), Problem> {
    for part in note.split(['、', ',']) {
        let Some(c) = ["星期", "礼拜", "周"]
            .iter()
            .find_map(|p| part.strip_prefix(p))
            .and_then(|rest| {
                let mut chars = rest.chars();
                let c = chars.next()?;
                chars.next().is_none().then_some(c)
            })
        else {
            continue;
        };
        let Some((_, weekday)) = WEEKDAYS.iter().find(|(w, _)| *w == c) else {
            return Err(Problem::Unreadable(format!("({note})")));
        };
        if *weekday != date.weekday() {
            return Err(Problem::WrongWeekday {
                date,
                actual: date.weekday(),
                written: part.to_string(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "国务院办公厅关于2030年部分节假日安排的通知\n";

    fn lines(festivals: &str) -> String {
        let mut text = HEAD.to_string();
        let mut seen = festivals.to_string();
        for f in FESTIVALS {
            if !seen.contains(&format!("{f}：")) {
                let line = match f {
                    "元旦" => "元旦：1月1日放假，共1天。\n",
                    "春节" => "春节：2月2日至8日放假调休，共7天。\n",
                    "清明节" => "清明节：4月5日放假，共1天。\n",
                    "劳动节" => "劳动节：5月1日至5日放假调休，共5天。\n",
                    "端午节" => "端午节：6月5日放假，共1天。\n",
                    "中秋节" => "中秋节：9月12日放假，共1天。\n",
                    _ => "国庆节：10月1日至7日放假调休，共7天。\n",
                };
                seen.push_str(line);
            }
        }
        text.push_str(&seen);
        text
    }

    #[test]
    fn normalises_full_width_and_spaces() {
        assert_eq!(
            normalize("  一、元旦：１月１日（星期六） 放假。"),
            "一、元旦:1月1日(星期六)放假."
        );
    }

    #[test]
    fn a_range_across_months_and_make_up_days() {
        let text = lines(
            "春节：1月27日至2月2日放假调休，共7天。1月26日（星期六）、2月9日（星期六）上班。\n",
        );
        let n = parse_notice_text(&text).unwrap();
        let spring: Vec<_> = n.days.iter().filter(|d| d.name == "春节").collect();
        assert_eq!(spring.len(), 9);
        assert_eq!(spring[0].date.to_string(), "2030-01-26");
    }

    #[test]
    fn a_wrong_weekday_names_the_line() {
        let text = lines("春节：2月2日至8日放假调休，共7天。1月26日（星期日）上班。\n");
        let err = parse_notice_text(&text).unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(matches!(err.problem, Problem::WrongWeekday { .. }), "{err}");
    }

    #[test]
    fn make_up_and_extra_days_off() {
        let text = lines(
            "国庆节：10月1日至7日放假调休，共7天。10月8日（星期二）补休。9月29日（星期日）上班。\n",
        );
        let n = parse_notice_text(&text).unwrap();
        assert!(n.days.iter().any(|d| d.date.to_string() == "2030-10-08"));
    }

    #[test]
    fn stray_text_in_a_festival_line_is_refused() {
        let text = lines("劳动节：5月1日至5日放假调休，共5天，另行通知。\n");
        let err = parse_notice_text(&text).unwrap_err();
        assert!(matches!(err.problem, Problem::Unreadable(_)), "{err}");
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn a_count_that_disagrees_is_refused() {
        let text = lines("劳动节：5月1日至5日放假调休，共4天。\n");
        let err = parse_notice_text(&text).unwrap_err();
        assert!(
            matches!(
                err.problem,
                Problem::WrongCount {
                    said: 4,
                    days: 5,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn enumerators() {
        assert_eq!(strip_enumerator("一、元旦:"), "元旦:");
        assert_eq!(strip_enumerator("十二.元旦:"), "元旦:");
        assert_eq!(strip_enumerator("(三)元旦:"), "元旦:");
        assert_eq!(strip_enumerator("3、元旦:"), "元旦:");
        assert_eq!(strip_enumerator("元旦:"), "元旦:");
        assert_eq!(strip_enumerator("2022年"), "2022年");
    }
}
