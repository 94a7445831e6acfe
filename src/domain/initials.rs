//! Pinyin initials, so that `zsm` finds 张三明 without switching the IME to Chinese.
//!
//! A surname is read as surnames are, which is often not the character's usual reading (覃
//! is Qín, 曾 Zēng, 单 Shàn, 解 Xiè, 仇 Qiú, 区 Ōu, 查 Zhā): a person's initials hold every
//! reading of the surname, so `qjg` and `tjg` both find 覃建国.

use pinyin::{ToPinyin, ToPinyinMulti};

/// The lowercase initials of a name: Han characters by their pinyin, ASCII letters and digits
/// as they are, anything else dropped.
pub fn initials(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(p) = c.to_pinyin() {
            out.push_str(p.first_letter());
        }
    }
    out
}

/// The initials of a person's name: one spelling per reading of the surname (its first
/// character), the rest by the usual reading, separated by spaces: `qjg tjg` for 覃建国.
pub fn person_initials(name: &str) -> String {
    let mut chars = name.trim().chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let rest = initials(chars.as_str());
    let mut firsts: Vec<&str> = match first.to_pinyin_multi() {
        Some(readings) => readings.into_iter().map(|p| p.first_letter()).collect(),
        None => vec![],
    };
    firsts.sort_unstable();
    firsts.dedup();
    if firsts.is_empty() {
        return initials(name);
    }
    firsts
        .iter()
        .map(|f| format!("{f}{rest}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a query typed at a picker matches an entry: by a prefix of any of its initials
/// (alternatives separated by spaces), by a substring of the name, or by a prefix of the code.
pub fn matches(query: &str, code: &str, name: &str, name_initials: &str) -> bool {
    let q = query.trim();
    if q.is_empty() {
        return true;
    }
    let lower = q.to_lowercase();
    code.to_lowercase().starts_with(&lower)
        || name_initials
            .split(' ')
            .any(|alternative| alternative.starts_with(&lower))
        || name.contains(q)
        || name.to_lowercase().contains(&lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_of_names() {
        assert_eq!(initials("张三明"), "zsm");
        assert_eq!(initials("水电气与市政设施"), "sdqyszss");
        assert_eq!(initials("A座3号"), "az3h");
    }

    #[test]
    fn a_surname_by_every_reading() {
        // 覃 is read Tán usually, Qín as a surname.
        let qin = person_initials("覃建国");
        assert!(matches("q", "R36", "覃建国", &qin), "{qin}");
        assert!(matches("qjg", "R36", "覃建国", &qin), "{qin}");
        assert!(matches("tjg", "R36", "覃建国", &qin), "{qin}");
        // Each by its surname reading: 曾 Zēng, 单 Shàn, 解 Xiè, 仇 Qiú, 区 Ōu, 查 Zhā.
        for (name, surname) in [
            ("曾明", "z"),
            ("单红", "s"),
            ("解放", "x"),
            ("仇军", "q"),
            ("区华", "o"),
            ("查文", "z"),
        ] {
            let i = person_initials(name);
            assert!(matches(surname, "M", name, &i), "{name}: {i}");
        }
        // The given name keeps its usual reading, and plain names are unchanged.
        assert_eq!(person_initials("张三明"), "zsm");
        assert_eq!(person_initials(""), "");
        assert_eq!(person_initials("Li Lei"), "lilei");
    }

    #[test]
    fn matching() {
        assert!(matches("zsm", "M01", "张三明", "zsm"));
        assert!(matches("zs", "M01", "张三明", "zsm"));
        assert!(matches("三明", "M01", "张三明", "zsm"));
        assert!(matches("03", "03", "水电气与市政设施", "sdqyszss"));
        assert!(!matches("ls", "M01", "张三明", "zsm"));
        assert!(matches("", "M01", "张三明", "zsm"));
    }
}
