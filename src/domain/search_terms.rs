//! What the search index holds of a case's texts, and what a word of a query asks of it.
//!
//! Chinese has no spaces between words and people search by one or two characters (a
//! surname, 灯), so the index holds every character and every pair of neighbouring
//! characters of the content, the name and the address, in order:
//!
//! - one character is looked up among the characters;
//! - two are one pair;
//! - three or more are their pairs in a row (a phrase: `雨水井` is `雨水` followed by `水井`),
//!   which matches exactly the texts holding those characters together.
//!
//! Each term is the lowercase hexadecimal code point of a character (`灯` is `706f`), a pair
//! two of them joined by `x` (`路灯` is `8defx706f`), so that the index's tokenizer
//! (SQLite's `ascii`, which splits on spaces) sees every term whole whatever the text holds.
//! Letters are folded to lowercase. Blanks and control characters separate runs: no pair
//! spans them, and a [`BREAK`] term keeps a phrase from running on from one run, or one
//! field, into the next.

/// Separates runs of text in both columns; never the term of a character or a pair.
pub const BREAK: &str = "zz";

/// The index terms of a case's texts: the `chars` and `pairs` columns, space-separated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Terms {
    pub chars: String,
    pub pairs: String,
}

impl Terms {
    /// The terms of the given texts (content, name, address), one after the other.
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Terms {
        let mut terms = Terms::default();
        for text in texts {
            for run in runs(text) {
                terms.push_run(&run);
            }
        }
        terms
    }

    fn push_run(&mut self, run: &[char]) {
        for (i, &c) in run.iter().enumerate() {
            push_term(&mut self.chars, &char_term(c));
            if let Some(&next) = run.get(i + 1) {
                push_term(&mut self.pairs, &pair_term(c, next));
            }
        }
        push_term(&mut self.chars, BREAK);
        push_term(&mut self.pairs, BREAK);
    }
}

/// The full-text query (SQLite FTS5 syntax) for a word of a search: its character, its
/// pair, or its pairs as a phrase. `None` for a word with nothing to look for.
pub fn word_query(word: &str) -> Option<String> {
    let chars: Vec<char> = word.chars().filter(|&c| !separates(c)).map(fold).collect();
    match chars.as_slice() {
        [] => None,
        [c] => Some(format!("chars : \"{}\"", char_term(*c))),
        _ => {
            let pairs: Vec<String> = chars.windows(2).map(|w| pair_term(w[0], w[1])).collect();
            Some(format!("pairs : \"{}\"", pairs.join(" ")))
        }
    }
}

/// The query for several words: each must match (in the content, the name or the address).
pub fn words_query<'a>(words: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let parts: Vec<String> = words.into_iter().filter_map(word_query).collect();
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

/// Whether a text holds a word as the index finds it: within one run, letters folded. Used
/// for cases not indexed yet. A word with nothing to look for is found everywhere, as
/// [`words_query`] leaves it out.
pub fn holds(texts: &[&str], word: &str) -> bool {
    let wanted: Vec<char> = word.chars().filter(|&c| !separates(c)).map(fold).collect();
    wanted.is_empty()
        || texts.iter().any(|text| {
            runs(text)
                .iter()
                .any(|run| run.windows(wanted.len()).any(|w| w == wanted.as_slice()))
        })
}

/// The runs of a text between blanks and control characters, folded.
fn runs(text: &str) -> Vec<Vec<char>> {
    text.split(separates)
        .filter(|run| !run.is_empty())
        .map(|run| run.chars().map(fold).collect())
        .collect()
}

fn separates(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// Lowercase where that is one character (`A` → `a`); other characters as they are.
fn fold(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

fn char_term(c: char) -> String {
    format!("{:x}", c as u32)
}

fn pair_term(a: char, b: char) -> String {
    format!("{:x}x{:x}", a as u32, b as u32)
}

fn push_term(column: &mut String, term: &str) {
    if !column.is_empty() {
        column.push(' ');
    }
    column.push_str(term);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_pairs_and_breaks() {
        let t = Terms::of(["路灯 坏", "王A"]);
        assert_eq!(t.chars, "8def 706f zz 574f zz 738b 61 zz");
        assert_eq!(t.pairs, "8defx706f zz zz 738bx61 zz");
    }

    #[test]
    fn queries_of_one_two_and_more_characters() {
        assert_eq!(word_query("灯").as_deref(), Some("chars : \"706f\""));
        assert_eq!(word_query("路灯").as_deref(), Some("pairs : \"8defx706f\""));
        assert_eq!(
            word_query("雨水井").as_deref(),
            Some("pairs : \"96e8x6c34 6c34x4e95\"")
        );
        assert_eq!(word_query("A").as_deref(), Some("chars : \"61\""));
        assert_eq!(word_query("\u{7}"), None);
        assert_eq!(
            words_query(["路灯", "坏"]).as_deref(),
            Some("pairs : \"8defx706f\" AND chars : \"574f\"")
        );
        assert_eq!(words_query([" "]), None);
    }

    #[test]
    fn holding_a_word_as_the_index_does() {
        let texts = ["小区路灯 坏了", "王A"];
        assert!(holds(&texts, "路灯"));
        assert!(holds(&texts, "王a"));
        assert!(holds(&texts, "坏了"));
        assert!(!holds(&texts, "灯坏"), "not across a blank");
        assert!(!holds(&texts, "灯王"), "not across fields");
        assert!(holds(&texts, "\u{7}"));
    }

    #[test]
    fn every_term_is_one_token_of_the_ascii_tokenizer() {
        // Whatever the text, terms are made of [0-9a-fxz] only.
        let t = Terms::of(["a-b.c，😀\u{301}é \u{1b}[31m", "İ"]);
        for term in t.chars.split(' ').chain(t.pairs.split(' ')) {
            assert!(
                !term.is_empty() && term.chars().all(|c| "0123456789abcdefxz".contains(c)),
                "{term:?}"
            );
        }
    }
}
