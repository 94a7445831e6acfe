//! A resident who registered on their own phone may also be in the queue already: typed in
//! by the operator a moment before, or registered twice from two phones. The queue points
//! such a case out, naming the waiting case it may repeat; the operator decides.

use super::similarity::{NEAR_DUPLICATE, similarity};

/// A case waiting at the desk, as far as the comparison needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting<'a> {
    pub number: &'a str,
    pub phone: Option<&'a str>,
    pub content: &'a str,
}

/// The first of `waiting` that the self-registered `case` may repeat: the same phone, or
/// nearly the same words.
pub fn repeats<'a>(
    case: Waiting<'_>,
    waiting: impl IntoIterator<Item = Waiting<'a>>,
) -> Option<&'a str> {
    waiting
        .into_iter()
        .find(|w| {
            w.number != case.number
                && ((case.phone.is_some() && w.phone == case.phone)
                    || similarity(case.content, w.content) >= NEAR_DUPLICATE)
        })
        .map(|w| w.number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_phone_or_the_same_words() {
        let at_desk = [
            Waiting {
                number: "HF-20261117-001",
                phone: Some("13900001111"),
                content: "菜场门口的垃圾桶满了没人清",
            },
            Waiting {
                number: "HF-20261117-002",
                phone: None,
                content: "我们小区的路灯坏了快三个月了",
            },
        ];
        let same_words = Waiting {
            number: "HF-20261117-003",
            phone: Some("13812345678"),
            content: "小区路灯坏了三个月",
        };
        assert_eq!(repeats(same_words, at_desk), Some("HF-20261117-002"));
        let same_phone = Waiting {
            number: "HF-20261117-004",
            phone: Some("13900001111"),
            content: "想问问养老补贴怎么申请",
        };
        assert_eq!(repeats(same_phone, at_desk), Some("HF-20261117-001"));
        let other = Waiting {
            number: "HF-20261117-005",
            phone: None,
            content: "想问问养老补贴怎么申请",
        };
        assert_eq!(repeats(other, at_desk), None);
        assert_eq!(repeats(at_desk[0], at_desk), None, "not itself");
    }
}
