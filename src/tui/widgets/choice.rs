//! One of a few fixed options, picked with Left/Right or a digit, shown by their labels.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice<T: 'static> {
    options: &'static [T],
    index: Option<usize>,
    /// How each option is shown, in the desk's language.
    labels: Vec<String>,
}

impl<T: Copy + PartialEq> Choice<T> {
    pub fn new(options: &'static [T], initial: Option<T>) -> Choice<T> {
        Choice {
            options,
            index: initial.and_then(|v| options.iter().position(|o| *o == v)),
            labels: Vec::new(),
        }
    }

    /// The options' labels, in their order.
    pub fn labelled(mut self, label: impl Fn(T) -> String) -> Choice<T> {
        self.labels = self.options.iter().map(|o| label(*o)).collect();
        self
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The position of the chosen option.
    pub fn index(&self) -> Option<usize> {
        self.index
    }

    pub fn value(&self) -> Option<T> {
        self.index.map(|i| self.options[i])
    }

    pub fn options(&self) -> &'static [T] {
        self.options
    }

    pub fn set(&mut self, value: T) {
        self.index = self.options.iter().position(|o| *o == value);
    }

    /// Picks by digit, 1 for the first option (a full-width ２ as 2); false when the
    /// character is no digit of an option.
    pub fn pick_digit(&mut self, digit: char) -> bool {
        match crate::domain::text::half_width(digit)
            .to_digit(10)
            .map(|d| d as usize)
        {
            Some(d) if (1..=self.options.len()).contains(&d) => {
                self.index = Some(d - 1);
                true
            }
            _ => false,
        }
    }

    pub fn next(&mut self) {
        self.index = Some(self.index.map_or(0, |i| (i + 1) % self.options.len()));
    }

    pub fn prev(&mut self) {
        let n = self.options.len();
        self.index = Some(self.index.map_or(n - 1, |i| (i + n - 1) % n));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::Level;

    #[test]
    fn digits_and_arrows() {
        let mut c = Choice::new(Level::ALL, Some(Level::Street));
        assert_eq!(c.value(), Some(Level::Street));
        assert!(c.pick_digit('1'));
        assert_eq!(c.value(), Some(Level::OnSite));
        assert!(!c.pick_digit('9'));
        assert!(c.pick_digit('３'));
        assert_eq!(c.value(), Some(Level::District));
        assert!(c.pick_digit('1'));
        c.prev();
        assert_eq!(c.value(), Some(Level::Decline));
        c.next();
        assert_eq!(c.value(), Some(Level::OnSite));
    }
}
