//! Helpers shared by the fuzz targets.

/// C0, DEL and C1 control characters (the same set `domain::text` calls control).
pub fn is_control(c: char) -> bool {
    c.is_control()
}

/// Characters that reorder a line (what `domain::text` drops as bidi controls).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c as u32, 0x200e | 0x200f | 0x202a..=0x202e | 0x2066..=0x2069 | 0x061c)
}

/// Panics naming the first control character of `s` other than an allowed newline.
pub fn assert_no_controls(what: &str, s: &str, newline_ok: bool) {
    if let Some(c) = s
        .chars()
        .find(|&c| is_control(c) && !(newline_ok && c == '\n'))
    {
        panic!("{what}: control character {c:?} in {s:?}");
    }
}

/// Splits `data` at the first NUL byte: (before, after). No NUL: (all, empty).
pub fn split_nul(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

/// Whether a JSON value holds a floating-point number anywhere (serde_json's default float
/// parser is not exact, so such values may not round-trip bit for bit).
pub fn has_float(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Number(n) => n.is_f64(),
        serde_json::Value::Array(a) => a.iter().any(has_float),
        serde_json::Value::Object(o) => o.values().any(has_float),
        _ => false,
    }
}

/// Whether a known failure is to be tolerated in this run: `LIAISON_FUZZ_KNOWN` holds a
/// comma-separated list of names (see README.md), so a target can keep exploring past a bug
/// that has been reported but not fixed yet. Unset, every check is enforced.
pub fn known(name: &str) -> bool {
    static KNOWN: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    KNOWN
        .get_or_init(|| {
            std::env::var("LIAISON_FUZZ_KNOWN")
                .unwrap_or_default()
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .iter()
        .any(|k| k == name)
}
