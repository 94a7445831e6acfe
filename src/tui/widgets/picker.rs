//! Picking one entry of a list by typing: a code prefix (`03`), pinyin initials (`zsm`) or
//! any part of the name (`三明`).

use super::text_field::TextField;
use crate::domain::category::{Category, Unit};
use crate::domain::initials::{initials, matches};
use crate::domain::member::Member;
use crate::domain::station::Station;

/// An entry a picker can offer.
pub trait Pickable {
    fn code(&self) -> &str;
    fn label(&self) -> &str;
    /// Pinyin initials of the label.
    fn initials(&self) -> String;
    /// The label as shown in a language: reference data by its English name in English.
    fn shown<'a>(&'a self, _texts: &crate::i18n::Texts) -> &'a str {
        self.label()
    }
}

impl Pickable for Category {
    fn shown<'a>(&'a self, texts: &crate::i18n::Texts) -> &'a str {
        texts.label(self)
    }
    fn code(&self) -> &str {
        &self.code
    }
    fn label(&self) -> &str {
        &self.name
    }
    fn initials(&self) -> String {
        self.initials.clone()
    }
}

impl Pickable for Member {
    fn code(&self) -> &str {
        &self.id
    }
    fn label(&self) -> &str {
        &self.name
    }
    fn initials(&self) -> String {
        self.initials.clone()
    }
}

impl Pickable for Unit {
    fn shown<'a>(&'a self, texts: &crate::i18n::Texts) -> &'a str {
        texts.label(self)
    }
    fn code(&self) -> &str {
        &self.code
    }
    fn label(&self) -> &str {
        &self.name
    }
    fn initials(&self) -> String {
        initials(&self.name)
    }
}

impl Pickable for Station {
    fn shown<'a>(&'a self, texts: &crate::i18n::Texts) -> &'a str {
        texts.label(self)
    }
    fn code(&self) -> &str {
        &self.code
    }
    fn label(&self) -> &str {
        &self.name
    }
    fn initials(&self) -> String {
        initials(&self.name)
    }
}

/// Characters a picker's query holds: enough for any name, code or initials.
pub const QUERY_LIMIT: usize = 20;

#[derive(Debug, Clone)]
pub struct Picker<T> {
    pub query: TextField,
    items: Vec<T>,
    /// Indices of the items matching the query, in list order.
    matches: Vec<usize>,
    /// Position of the highlighted match.
    selected: usize,
    /// The item picked, if any.
    chosen: Option<usize>,
    /// Cached initials, one per item.
    initials: Vec<String>,
}

impl<T: Pickable> Picker<T> {
    pub fn new(items: Vec<T>) -> Picker<T> {
        let initials = items.iter().map(Pickable::initials).collect();
        let mut p = Picker {
            query: TextField::strict(QUERY_LIMIT, false),
            matches: Vec::new(),
            selected: 0,
            chosen: None,
            items,
            initials,
        };
        p.refilter();
        p
    }

    /// Recomputes the matches after the query changed. Full-width letters and digits from an
    /// IME (`０３`, `ｚｓｍ`) match as the ASCII they stand for.
    pub fn refilter(&mut self) {
        let q = crate::domain::text::half_width_text(self.query.text());
        let q = q.as_ref();
        self.matches = (0..self.items.len())
            .filter(|&i| {
                let item = &self.items[i];
                matches(q, item.code(), item.label(), &self.initials[i])
            })
            .collect();
        // An exact code or name wins the highlight: `03` selects 03, not 0301.
        let q = q.trim();
        self.selected = self
            .matches
            .iter()
            .position(|&i| self.items[i].code().eq_ignore_ascii_case(q))
            .or_else(|| {
                self.matches
                    .iter()
                    .position(|&i| self.items[i].label() == q)
            })
            .unwrap_or(0);
    }

    pub fn matches(&self) -> impl Iterator<Item = &T> {
        self.matches.iter().map(|&i| &self.items[i])
    }

    pub fn match_count(&self) -> usize {
        self.matches.len()
    }

    pub fn selected_index(&self) -> usize {
        self.selected
    }

    pub fn highlighted(&self) -> Option<&T> {
        self.matches.get(self.selected).map(|&i| &self.items[i])
    }

    pub fn up(&mut self) {
        self.selected = self.selected.saturating_sub(1);
    }

    pub fn down(&mut self) {
        if self.selected + 1 < self.matches.len() {
            self.selected += 1;
        }
    }

    /// Picks the highlighted match; returns it.
    pub fn choose(&mut self) -> Option<&T> {
        let index = *self.matches.get(self.selected)?;
        self.chosen = Some(index);
        self.query.clear();
        self.refilter();
        Some(&self.items[index])
    }

    /// Picks an item by code (a suggestion pre-filled by the form).
    pub fn choose_code(&mut self, code: &str) -> bool {
        match self.items.iter().position(|i| i.code() == code) {
            Some(index) => {
                self.chosen = Some(index);
                true
            }
            None => false,
        }
    }

    pub fn chosen(&self) -> Option<&T> {
        self.chosen.map(|i| &self.items[i])
    }

    pub fn clear_choice(&mut self) {
        self.chosen = None;
    }

    pub fn items(&self) -> &[T] {
        &self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets;

    #[test]
    fn picks_members_by_initials_and_categories_by_code() {
        let mut p = Picker::new(assets::network().members);
        p.query.paste("zsm").unwrap();
        p.refilter();
        assert_eq!(p.highlighted().unwrap().name, "张三明");
        assert_eq!(p.choose().unwrap().name, "张三明");
        assert!(p.query.is_empty());
        // 覃 is Qín as a surname (Tán otherwise): both find 覃建国.
        for query in ["qjg", "tjg"] {
            p.query.clear();
            p.query.paste(query).unwrap();
            p.refilter();
            assert_eq!(p.highlighted().unwrap().name, "覃建国", "{query}");
        }

        let mut c = Picker::new(assets::taxonomy().categories);
        c.query.paste("03").unwrap();
        c.refilter();
        assert_eq!(c.highlighted().unwrap().code, "03");
        assert!(c.match_count() >= 3, "03, 0301, 0302");
        c.query.clear();
        c.query.paste("ldzm").unwrap();
        c.refilter();
        assert_eq!(c.highlighted().unwrap().code, "0301");
        c.query.clear();
        c.query.paste("０３").unwrap();
        c.refilter();
        assert_eq!(c.highlighted().unwrap().code, "03", "full-width digits");
        c.query.clear();
        c.query.paste("微心愿").unwrap();
        c.refilter();
        assert_eq!(c.highlighted().unwrap().code, "1501");
    }
}
