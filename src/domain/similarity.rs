//! Near-duplicate Chinese text: character bigrams, not words. Chinese has no spaces, and two
//! residents describing the same broken street lamp share runs of characters (路灯, 坏了),
//! whatever words they wrap around them.

use std::collections::HashSet;

/// Scores at or above this are offered as possible duplicates.
pub const NEAR_DUPLICATE: f64 = 0.45;

/// The set of adjacent character pairs, ignoring punctuation, spaces and case. A text of a
/// single character is represented by that character alone.
pub fn bigrams(text: &str) -> HashSet<(char, char)> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    match chars.len() {
        0 => HashSet::new(),
        1 => HashSet::from([(chars[0], chars[0])]),
        _ => chars.windows(2).map(|w| (w[0], w[1])).collect(),
    }
}

/// How alike two texts are, from 0 (nothing in common) to 1 (the same characters).
pub fn similarity(a: &str, b: &str) -> f64 {
    score(&bigrams(a), &bigrams(b))
}

/// Below this many bigrams a text is too short to judge by containment.
const SHORT: usize = 5;

/// Characters that carry grammar rather than the matter (particles, pronouns, common
/// adverbs): 我们小区的… and …坏了快三个月了 say nothing about *what* is broken.
const FUNCTION_CHARS: &str =
    "的了们我你他她它是在有和与很都也就还又再这那吗呢吧啊着过把被给对从到得地要想请快好";

/// How much a shared pair of characters says about two texts meaning the same matter: a
/// pair with a function character (们小, 坏了) counts a fifth of one of content (路灯).
fn weight(pair: &(char, char)) -> f64 {
    if FUNCTION_CHARS.contains(pair.0) || FUNCTION_CHARS.contains(pair.1) {
        0.2
    } else {
        1.0
    }
}

fn total(set: &HashSet<(char, char)>) -> f64 {
    set.iter().map(weight).sum()
}

/// The share of the shorter text's bigrams found in the longer one, each weighed by what it
/// says ([`weight`]): one resident says in ten characters what another says in thirty, and
/// they still mean the same lamp, while 我们小区的电梯坏了三个月了 shares mostly grammar with
/// 我们小区的路灯坏了快三个月了. Very short texts use the Dice coefficient instead, so that a
/// two-word note does not match everything that contains it.
pub fn score(a: &HashSet<(char, char)>, b: &HashSet<(char, char)>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common: f64 = a.intersection(b).map(weight).sum();
    let (ta, tb) = (total(a), total(b));
    if a.len().min(b.len()) >= SHORT {
        common / ta.min(tb)
    } else {
        2.0 * common / (ta + tb)
    }
}

/// The place of an address: the compound or street before the building and room numbers
/// (`和风雅苑3幢201室` → `和风雅苑`). `None` when too little is left to mean a place.
pub fn place(address: &str) -> Option<String> {
    let stop = |c: char| {
        c.is_ascii_digit() || "0123456789一二三四五六七八九十幢栋号楼单元室#-—（(".contains(c)
    };
    let head: String = address.trim().chars().take_while(|c| !stop(*c)).collect();
    let head = head.trim().to_string();
    (head.chars().count() >= 2).then_some(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_near_duplicates_score_high() {
        let a = "小区路灯坏了三个月";
        assert_eq!(similarity(a, a), 1.0);
        let reworded = "我们小区的路灯坏了快三个月了，晚上很黑";
        assert!(
            similarity(a, reworded) >= NEAR_DUPLICATE,
            "{}",
            similarity(a, reworded)
        );
        let longer = "小区路灯坏了三个月，晚上出门不安全，希望尽快修好。";
        assert!(similarity("我们小区的路灯坏了快三个月了", longer) >= NEAR_DUPLICATE);
        let other_lamp = "12幢门前路灯每天白天亮着，晚上反而不亮，浪费电。";
        assert!(
            similarity(a, other_lamp) < NEAR_DUPLICATE,
            "{}",
            similarity(a, other_lamp)
        );
        assert!(
            similarity("路灯", longer) < NEAR_DUPLICATE,
            "a short note does not match all"
        );
        let unrelated = "楼道堆放杂物存在消防隐患";
        assert!(similarity(a, unrelated) < 0.1);
        assert_eq!(similarity("", a), 0.0);
    }

    #[test]
    fn the_same_matter_ranks_above_texts_that_share_only_grammar() {
        let typed = "我们小区的路灯坏了快三个月了";
        let ranked = |texts: &[&str]| {
            let mut scored: Vec<(f64, String)> = texts
                .iter()
                .map(|t| (similarity(typed, t), t.to_string()))
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0));
            scored
        };
        let short = "小区路灯坏了三个月";
        let long = "小区路灯坏了三个月，晚上出门不安全，希望尽快修好。";
        let lift = "我们小区的电梯坏了三个月了";
        let road = "小区门口的路面坏了好几个月了，我们出行不便";
        let scored = ranked(&[road, lift, long, short]);
        let order: Vec<&str> = scored.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(order, vec![short, long, lift, road], "{scored:?}");
        assert!(similarity(typed, road) < NEAR_DUPLICATE, "{scored:?}");
        assert!(similarity(typed, long) >= NEAR_DUPLICATE, "{scored:?}");
    }

    #[test]
    fn punctuation_and_spacing_do_not_matter() {
        assert_eq!(similarity("路灯，坏了！", "路灯 坏了"), 1.0);
        assert_eq!(similarity("灯", "灯"), 1.0);
    }

    #[test]
    fn places_are_compounds() {
        assert_eq!(place("和风雅苑3幢201室").as_deref(), Some("和风雅苑"));
        assert_eq!(place("新安花苑五区12栋").as_deref(), Some("新安花苑"));
        assert_eq!(place("清源里（东门）").as_deref(), Some("清源里"));
        assert_eq!(place("3幢"), None);
    }
}
