//! A person's name as lists show it: the surname kept, the rest starred (`王秀英` →
//! `王**`), so that a list read over the shoulder names nobody. Used for wishes' residents
//! and volunteers.

/// The masked form: the first character and one star for each other; a name of one
/// character is all star.
pub fn mask_name(name: &str) -> String {
    let n = name.chars().count();
    match name.chars().next() {
        None => String::new(),
        Some(_) if n == 1 => "*".into(),
        Some(first) => {
            let mut out = String::with_capacity(name.len());
            out.push(first);
            out.extend(std::iter::repeat_n('*', n - 1));
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_surname_only() {
        assert_eq!(mask_name("王秀英"), "王**");
        assert_eq!(mask_name("李明"), "李*");
        assert_eq!(mask_name("张"), "*");
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_name("Anna Lee"), "A*******");
    }
}
