//! Personal numbers typed into free text: `我的电话13912345678，请回电`, a landline in a reply,
//! an ID card number in a note. They are masked wherever the resident's phone is masked, and
//! erased by the retention purge.
//!
//! Found: mainland mobiles (11 digits, 1[3-9]…, with or without +86, spaces or dashes), landlines
//! with their area code (0510-85201234, 010 6512 3456), and resident ID numbers (GB 11643: 17
//! digits and a check digit, which must be right: an 18-digit order number is not an ID card).
//! Digits typed full-width by an IME (１３９…) count as digits. A number inside a longer run of
//! digits or letters (an account, a code) is not taken apart.

use std::borrow::Cow;
use std::ops::Range;

use super::phone::mask;

/// What a number in text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    Mobile,
    Landline,
    IdCard,
}

/// A personal number found in text: its byte range and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub range: Range<usize>,
    pub kind: NumberKind,
    /// The number as ASCII digits (an ID card's check may be `X`), separators dropped.
    pub digits: String,
    /// The closing parenthesis after an area code written `(010) …`: the opening one stays
    /// in the text before the range, so a replacement puts this one back after the code.
    pub closer: Option<char>,
}

fn digit_value(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10),
        _ => None,
    }
}

fn is_separator(c: char) -> bool {
    matches!(c, '-' | ' ' | '－' | '\u{3000}' | ')' | '）')
}

/// What may open a number: `+86 …`, `(010) …`.
fn is_opener(c: char) -> bool {
    matches!(c, '+' | '(' | '（')
}

/// A run of digits with single separators between them, and an `X` that may end an ID card.
struct Run {
    range: Range<usize>,
    digits: String,
    /// The run ended with an ID card's check letter.
    letter_x: bool,
    /// The area code stood in parentheses (`(010) 6512 3456`): the closing one.
    closer: Option<char>,
}

/// The most groups a number is written in: `+86 139 1234 5678`, `320205 19800101 1232`. A
/// longer chain of digit groups is a list of figures, not one number.
const MAX_GROUPS: usize = 4;

fn runs(text: &str) -> Vec<Run> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let starts_run = digit_value(c).is_some()
            || (is_opener(c)
                && chars
                    .get(i + 1)
                    .is_some_and(|(_, n)| digit_value(*n).is_some()));
        let glued = i > 0 && {
            let prev = chars[i - 1].1;
            prev.is_ascii_alphanumeric() || digit_value(prev).is_some()
        };
        if !starts_run || glued {
            i += 1;
            continue;
        }
        let mut digits = String::new();
        let mut end = start;
        let mut j = if is_opener(c) { i + 1 } else { i };
        let mut letter_x = false;
        let mut groups = 1;
        // The parenthesis of an area code stays outside the number, in the text: masking
        // then never joins the number to digits before it.
        let closer = match c {
            '(' => Some(')'),
            '（' => Some('）'),
            _ => None,
        };
        let start = if closer.is_some() {
            chars[i + 1].0
        } else {
            start
        };
        while j < chars.len() {
            let (at, ch) = chars[j];
            if let Some(d) = digit_value(ch) {
                digits.push(d);
                end = at + ch.len_utf8();
                j += 1;
            } else if is_separator(ch) && !digits.is_empty() {
                // One separator, or `) ` after an area code, between groups of digits.
                let next = if matches!(ch, ')' | '）')
                    && chars.get(j + 1).is_some_and(|(_, n)| *n == ' ')
                {
                    j + 2
                } else {
                    j + 1
                };
                if chars
                    .get(next)
                    .is_none_or(|(_, n)| digit_value(*n).is_none())
                {
                    break;
                }
                groups += 1;
                j = next;
            } else if matches!(ch, 'X' | 'x' | 'Ｘ' | 'ｘ') && digits.len() == 17 {
                letter_x = true;
                end = at + ch.len_utf8();
                j += 1;
                break;
            } else {
                break;
            }
        }
        // A run glued to letters or digits after it is part of something longer.
        let glued_after = chars
            .get(j)
            .is_some_and(|(_, n)| n.is_ascii_alphanumeric() || digit_value(*n).is_some());
        if !glued_after && groups <= MAX_GROUPS {
            out.push(Run {
                range: start..end,
                digits,
                letter_x,
                closer,
            });
        }
        i = j.max(i + 1);
    }
    out
}

/// GB 11643's check character of the first 17 digits.
pub fn id_check(first17: &str) -> Option<char> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    if first17.len() != 17 {
        return None;
    }
    let sum = first17
        .chars()
        .zip(WEIGHTS)
        .try_fold(0u32, |s, (c, w)| Some(s + c.to_digit(10)? * w))?;
    Some(CHECK[(sum % 11) as usize])
}

fn classify(run: &Run) -> Option<(NumberKind, String)> {
    let d = run.digits.as_str();
    if run.letter_x || d.len() == 18 {
        let (first, check) = if run.letter_x {
            (d, 'X')
        } else {
            (&d[..17], d.chars().last()?)
        };
        return (id_check(first) == Some(check)).then(|| {
            let mut all = first.to_string();
            all.push(check);
            (NumberKind::IdCard, all)
        });
    }
    let mobile = |m: &str| {
        let b = m.as_bytes();
        b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
    };
    if mobile(d) {
        return Some((NumberKind::Mobile, d.to_string()));
    }
    if let Some(rest) = d.strip_prefix("86")
        && mobile(rest)
    {
        return Some((NumberKind::Mobile, rest.to_string()));
    }
    let b = d.as_bytes();
    if b.first() == Some(&b'0') && b.get(1).is_some_and(|c| (b'1'..=b'9').contains(c)) {
        let area = if b[1] == b'1' || b[1] == b'2' { 3 } else { 4 };
        let local = d.get(area..)?;
        if (7..=8).contains(&local.len()) && !local.starts_with(['0', '1']) {
            return Some((NumberKind::Landline, format!("{}-{local}", &d[..area])));
        }
    }
    None
}

/// Every personal number in `text`, in order.
pub fn find_numbers(text: &str) -> Vec<Found> {
    runs(text)
        .into_iter()
        .filter_map(|run| {
            let (kind, digits) = classify(&run)?;
            // Parentheses only ever hold an area code: for anything else, the number was not
            // what it looked like.
            if run.closer.is_some() && kind != NumberKind::Landline {
                return None;
            }
            Some(Found {
                range: run.range,
                kind,
                digits,
                closer: run.closer,
            })
        })
        .collect()
}

fn replace(text: &str, with: impl Fn(&Found) -> String) -> Cow<'_, str> {
    let found = find_numbers(text);
    if found.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in &found {
        out.push_str(&text[at..f.range.start]);
        out.push_str(&with(f));
        at = f.range.end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// The text with its personal numbers masked as phones are everywhere: `139****5678`,
/// `0510-****1234`, an ID card as `320205********1234`.
pub fn mask_numbers(text: &str) -> Cow<'_, str> {
    replace(text, |f| {
        let masked = match f.kind {
            NumberKind::Mobile | NumberKind::Landline => mask(&f.digits),
            NumberKind::IdCard => format!("{}********{}", &f.digits[..6], &f.digits[14..]),
        };
        with_closer(f, masked)
    })
}

/// `(010) …` masked reads `(010)****3456`: the closing parenthesis goes back after the code.
fn with_closer(f: &Found, replaced: String) -> String {
    match (f.closer, replaced.split_once('-')) {
        (Some(closer), Some((area, local))) => format!("{area}{closer}{local}"),
        _ => replaced,
    }
}

/// The text with its personal numbers erased for good (the retention purge): every digit
/// becomes `*`, so the sentence still reads (`我的电话***********，请回电`).
pub fn erase_numbers(text: &str) -> Cow<'_, str> {
    replace(text, |f| {
        let stars: String = f
            .digits
            .chars()
            .map(|c| if c == '-' { '-' } else { '*' })
            .collect();
        with_closer(f, stars)
    })
}

/// Whether the text holds a personal number.
pub fn has_numbers(text: &str) -> bool {
    !find_numbers(text).is_empty()
}

/// Whether a case's own texts (what was said, the answer, the unit's reply) hold one.
pub fn case_holds_numbers(case: &super::case::Case) -> bool {
    [
        Some(&case.content),
        case.answer.as_ref(),
        case.reply.as_ref(),
    ]
    .into_iter()
    .flatten()
    .any(|t| has_numbers(t))
}

/// The first phone (mobile or landline) typed into a text, as the phone field stores it, and
/// where it stands: what the intake form offers to move into the phone field.
pub fn first_phone(text: &str) -> Option<Found> {
    find_numbers(text)
        .into_iter()
        .find(|f| matches!(f.kind, NumberKind::Mobile | NumberKind::Landline))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid ID number (check digit computed), and one with a wrong check digit.
    fn id_numbers() -> (String, String) {
        let first = "32020519800101123";
        let good = format!("{first}{}", id_check(first).unwrap());
        let wrong = if good.ends_with('1') { '2' } else { '1' };
        (good, format!("{first}{wrong}"))
    }

    #[test]
    fn mobiles_in_text_are_masked_and_erased() {
        let text = "我的电话13912345678，请回电";
        assert_eq!(mask_numbers(text), "我的电话139****5678，请回电");
        assert_eq!(erase_numbers(text), "我的电话***********，请回电");
        assert_eq!(
            mask_numbers("打 +86 139-1234-5678 找我"),
            "打 139****5678 找我"
        );
        assert_eq!(
            mask_numbers("手机１３９１２３４５６７８"),
            "手机139****5678"
        );
        assert_eq!(mask_numbers("139 1234 5678"), "139****5678");
    }

    #[test]
    fn landlines_need_their_area_code() {
        assert_eq!(mask_numbers("电话0510-85201234"), "电话0510-****1234");
        assert_eq!(mask_numbers("(010) 6512 3456"), "(010)****3456");
        assert_eq!(mask_numbers("电话（0510）85201234"), "电话（0510）****1234");
        assert_eq!(
            erase_numbers("电话（0510）85201234"),
            "电话（****）********"
        );
        // A chain of five groups is a list of figures, not a number.
        assert_eq!(mask_numbers("1 2 139 1234 5678"), "1 2 139 1234 5678");
        assert_eq!(mask_numbers("北京010 65123456"), "北京010-****3456");
        // A bare eight-digit run could be a date or an amount: left alone.
        for other in ["20261117", "85201234", "共12345678元", "0000-00000000"] {
            assert_eq!(mask_numbers(other), other);
        }
    }

    #[test]
    fn id_cards_need_their_check_digit() {
        let (good, wrong) = id_numbers();
        let text = format!("身份证{good}。");
        assert_eq!(
            mask_numbers(&text),
            format!("身份证320205********{}。", &good[14..])
        );
        assert_eq!(
            mask_numbers(&format!("订单{wrong}")),
            format!("订单{wrong}")
        );
        // With X as its check character.
        let first = (0..1000)
            .map(|n| format!("32020519800101{n:03}"))
            .find(|f| id_check(f) == Some('X'))
            .unwrap();
        assert_eq!(
            erase_numbers(&format!("{first}x号")),
            "******************号"
        );
    }

    #[test]
    fn numbers_inside_longer_codes_stay() {
        for text in [
            "账号6222021234567890123",
            "A13912345678",
            "13912345678a",
            "139123456789",
            "单号13912345678901",
        ] {
            assert_eq!(mask_numbers(text), text, "{text}");
        }
        assert!(has_numbers("两个号码13912345678和13812345678"));
        assert_eq!(
            mask_numbers("两个号码13912345678和13812345678"),
            "两个号码139****5678和138****5678"
        );
        assert!(matches!(mask_numbers("没有号码"), Cow::Borrowed(_)));
    }
}
