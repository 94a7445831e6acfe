//! Pinyin initials, so that `zsm` finds 张三明 without switching the IME to Chinese.

use pinyin::ToPinyin;

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

/// Whether a query typed at a picker matches an entry: by initials prefix, by a substring of
/// the name, or by a prefix of the code.
pub fn matches(query: &str, code: &str, name: &str, name_initials: &str) -> bool {
    let q = query.trim();
    if q.is_empty() {
        return true;
    }
    let lower = q.to_lowercase();
    code.to_lowercase().starts_with(&lower) || name_initials.starts_with(&lower) || name.contains(q)
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
    fn matching() {
        assert!(matches("zsm", "M01", "张三明", "zsm"));
        assert!(matches("zs", "M01", "张三明", "zsm"));
        assert!(matches("三明", "M01", "张三明", "zsm"));
        assert!(matches("03", "03", "水电气与市政设施", "sdqyszss"));
        assert!(!matches("ls", "M01", "张三明", "zsm"));
        assert!(matches("", "M01", "张三明", "zsm"));
    }
}
