//! Personal numbers typed into free text: `我的电话13912345678，请回电`, a landline in a reply,
//! an ID card number in a note. They are masked wherever the resident's phone is masked, and
//! erased by the retention purge.
//!
//! Found: mainland mobiles (11 digits, 1[3-9]…, with or without +86, spaces or dashes), landlines
//! with their area code (0510-85201234, 010 6512 3456), resident ID numbers (18 characters with a
//! real region and birth date, even when one digit is mistyped and the check character is wrong)
//! and bank cards (16–19 digits passing the Luhn check; see `identity_numbers`). Digits typed
//! full-width by an IME (１３９…) count as digits. A number inside a longer run of digits or
//! letters (an account, a code) is not taken apart.

use std::borrow::Cow;
use std::ops::Range;

pub use super::identity_numbers::id_check;
use super::identity_numbers::{is_bank_card, looks_like_id};
use super::phone::mask;

/// What a number in text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    Mobile,
    Landline,
    IdCard,
    BankCard,
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
    /// How many digits each group holds (`139 1234 5678`: 3, 4, 4).
    groups: Vec<usize>,
}

/// The most groups a number is written in: `+86 139 1234 5678`, `320205 19800101 1232`. A
/// longer chain of digit groups is a list of figures, not one number...
const MAX_GROUPS: usize = 4;
/// ...but for a 19-digit bank card written in fours: `6222 0212 3456 7890 128`.
const CARD_GROUPS: usize = 5;

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
        let mut groups = vec![0];
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
                if let Some(group) = groups.last_mut() {
                    *group += 1;
                }
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
                groups.push(0);
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
        if !glued_after && groups.len() <= CARD_GROUPS {
            out.push(Run {
                range: start..end,
                digits,
                letter_x,
                closer,
                groups,
            });
        }
        i = j.max(i + 1);
    }
    out
}

fn classify(run: &Run) -> Option<(NumberKind, String)> {
    let d = run.digits.as_str();
    if run.letter_x || d.len() == 18 {
        let (first, check) = if run.letter_x {
            (d, 'X')
        } else {
            (&d[..17], d.chars().last()?)
        };
        if looks_like_id(first) {
            let mut all = first.to_string();
            all.push(check);
            return Some((NumberKind::IdCard, all));
        }
        if run.letter_x {
            return None;
        }
    }
    if is_bank_card(d) {
        return Some((NumberKind::BankCard, d.to_string()));
    }
    if run.groups.len() > MAX_GROUPS {
        return None;
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
            // Five groups are a card written in fours, or figures in a list.
            if run.groups.len() > MAX_GROUPS && !written_in_fours(&run.groups) {
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

/// `6222 0212 3456 7890 128`: fours, and what is left at the end.
fn written_in_fours(groups: &[usize]) -> bool {
    groups
        .split_last()
        .is_some_and(|(last, fours)| (1..=4).contains(last) && fours.iter().all(|g| *g == 4))
}

fn replace(text: &str, with: impl Fn(&Found, &str) -> String) -> Cow<'_, str> {
    let found = find_numbers(text);
    if found.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in &found {
        out.push_str(&text[at..f.range.start]);
        out.push_str(&with(f, &text[f.range.clone()]));
        at = f.range.end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// The text with its personal numbers masked as phones are everywhere: `139****5678`,
/// `0510-****1234`, an ID card as `320205********1234`, a bank card as `6222***********0128`.
pub fn mask_numbers(text: &str) -> Cow<'_, str> {
    replace(text, |f, written| {
        let masked = match f.kind {
            NumberKind::Mobile | NumberKind::Landline => mask(&f.digits),
            NumberKind::IdCard => format!("{}********{}", &f.digits[..6], &f.digits[14..]),
            NumberKind::BankCard => {
                let n = f.digits.len();
                format!(
                    "{}{}{}",
                    &f.digits[..4],
                    "*".repeat(n - 8),
                    &f.digits[n - 4..]
                )
            }
        };
        format!("{}{}", lead(f, written), with_closer(f, masked))
    })
}

/// What was written before the number proper (`+`, `+86 `, `86`): masking keeps it, so the
/// masked number never joins the digits before it, and masking again finds nothing new.
fn lead<'a>(f: &Found, written: &'a str) -> &'a str {
    let digits_in = |t: &str| t.chars().filter(|c| digit_value(*c).is_some()).count();
    let mut skip = digits_in(written).saturating_sub(digits_in(&f.digits));
    let mut end = 0;
    let mut after_prefix = false;
    for (at, c) in written.char_indices() {
        let digit = digit_value(c).is_some();
        if digit && skip == 0 {
            break;
        }
        if digit {
            skip -= 1;
            after_prefix = skip == 0;
        } else if after_prefix && !is_separator(c) {
            break;
        }
        end = at + c.len_utf8();
    }
    &written[..end]
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
    replace(text, |f, _| {
        let stars: String = f
            .digits
            .chars()
            .map(|c| if c == '-' { '-' } else { '*' })
            .collect();
        with_closer(f, stars)
    })
}

/// The fewest digits a personal number found here has: a landline's area code and seven
/// digits (a mobile has 11, an ID card 17 and its check, a bank card 16).
const FEWEST_DIGITS: usize = 10;

/// A cheap test that lets the purge skip a stored event without parsing it: `false` only
/// when no text in `raw` (a text, or the JSON it is stored in) can hold a personal number.
/// A number is at least ten digits, each at most two characters from the next (one
/// separator, or `) ` after an area code), and JSON writes every such character as itself;
/// a `\u` escape (which another encoder may use for any of them) answers `true`.
pub fn may_hold_number(raw: &str) -> bool {
    let (mut chain, mut gap) = (0usize, usize::MAX);
    let mut escape = false;
    for c in raw.chars() {
        if escape && c == 'u' {
            return true;
        }
        escape = c == '\\';
        if digit_value(c).is_some() {
            chain = if gap <= 2 { chain + 1 } else { 1 };
            if chain >= FEWEST_DIGITS {
                return true;
            }
            gap = 0;
        } else {
            gap = gap.saturating_add(1);
        }
    }
    false
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

    #[test]
    fn may_hold_number_is_true_for_every_text_a_number_is_found_in() {
        let (id, wrong_id) = id_numbers();
        let texts = [
            "电话13912345678".to_string(),
            "+86 139 1234 5678，请回电".into(),
            "(010) 6512 3456".into(),
            "（０１０）６５１２３４５６".into(),
            "0510-85201234".into(),
            "１３９１２３４５６７８".into(),
            format!("身份证{id}"),
            format!("身份证{wrong_id}"),
            "32020519800101123X".into(),
            "卡号 6222 0212 3456 7890 128".into(),
            "第一行\n13912345678".into(),
        ];
        let found = texts.iter().filter(|t| has_numbers(t)).count();
        assert!(found >= 8, "only {found} of the texts hold a number");
        for text in &texts {
            assert!(may_hold_number(text), "{text}");
            let json = serde_json::json!({ "text": text }).to_string();
            assert!(may_hold_number(&json), "{json}");
        }
        // Escaped digits, as another encoder may write them.
        assert!(may_hold_number(r#"{"text":"\u0031\u0033"}"#));
    }

    #[test]
    fn may_hold_number_is_false_for_dates_and_short_figures() {
        for raw in [
            "",
            r#"{"due_date":"2024-03-05","reason":"等待 12 个工作日"}"#,
            "2024-03-05 到 2024-03-10",
            "门牌 123 号 4 单元 567 室",
            "第一行\n第二行",
        ] {
            assert!(!may_hold_number(raw), "{raw}");
        }
    }

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
            "打 +86 139****5678 找我"
        );
        assert_eq!(mask_numbers("8613912345678"), "86139****5678");
        // Found by fuzzing: the `+` went with the number, and the masked mobile then joined
        // the digits before it into a landline on a second masking.
        let text = "0205120-+19651965196";
        assert_eq!(mask_numbers(text), "0205120-+196****5196");
        assert_eq!(mask_numbers(&mask_numbers(text)), mask_numbers(text));
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
    fn id_numbers_are_found_by_region_and_birth_date_whatever_their_check() {
        let (good, wrong) = id_numbers();
        for id in [&good, &wrong] {
            let text = format!("身份证{id}。");
            assert_eq!(
                mask_numbers(&text),
                format!("身份证320205********{}。", &id[14..])
            );
            assert_eq!(erase_numbers(&text), "身份证******************。");
        }
        // The issue's own example: one digit mistyped.
        assert_eq!(
            mask_numbers("我的身份证号320214198001011234"),
            "我的身份证号320214********1234"
        );
        assert_eq!(
            mask_numbers("身份证 320214 19800101 1234"),
            "身份证 320214********1234"
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
    fn eighteen_digits_without_a_region_or_a_birth_date_are_no_id() {
        for order in [
            "订单202611171234567890",     // starts with a date: no province 20
            "快递单号320214198013011234", // a 13th month
            "流水号990214198001011233",   // no province 99 (nor Luhn)
            "单号3202141980010112X",      // 19 characters
            "日期2026-11-17至2026-12-01", // dates
            "合计20261117元",
        ] {
            assert_eq!(mask_numbers(order), order, "{order}");
        }
    }

    #[test]
    fn bank_cards_pass_luhn() {
        assert_eq!(
            mask_numbers("卡号6222021234567890128，户名王小红"),
            "卡号6222***********0128，户名王小红"
        );
        assert_eq!(
            mask_numbers("卡号 6222 0212 3456 7890 128"),
            "卡号 6222***********0128"
        );
        assert_eq!(mask_numbers("4111-1111-1111-1111"), "4111********1111");
        assert_eq!(
            erase_numbers("卡号4111111111111111"),
            "卡号****************"
        );
        let found = find_numbers("卡号4111111111111111");
        assert_eq!(found[0].kind, NumberKind::BankCard);
        for not in [
            "卡号4111111111111112",          // Luhn fails
            "订单号2026111700000020",        // a date first; no card network
            "运单号8000000000000003",        // Luhn passes, no card network
            "数量 4 1111 2222 3333 4440",    // five groups, not in fours
            "账户 6222 0212 3456 7890 12 8", // six groups
        ] {
            assert_eq!(mask_numbers(not), not, "{not}");
        }
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
