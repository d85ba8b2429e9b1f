//! Normalization of string keys (industries, products, use cases, personas, topics).

/// Normalizes a key: trimmed, lowercase ASCII `snake_case`. Runs of characters other than
/// letters and digits become one `_`; leading and trailing `_` are dropped. Non-ASCII
/// letters are kept (lowercased).
///
/// ```
/// assert_eq!(plaudit::normalize_key("  Financial Services "), "financial_services");
/// assert_eq!(plaudit::normalize_key("Health-Care/Pharma"), "health_care_pharma");
/// assert_eq!(plaudit::normalize_key("already_snake"), "already_snake");
/// ```
pub fn normalize_key(s: &str) -> String {
    let t = s.trim();
    if is_normal(t) {
        return t.to_owned();
    }
    let mut out = String::with_capacity(t.len());
    let mut pending_sep = false;
    for ch in t.chars() {
        if ch.is_alphanumeric() {
            if pending_sep && !out.is_empty() {
                out.push('_');
            }
            pending_sep = false;
            out.extend(ch.to_lowercase());
        } else {
            pending_sep = true;
        }
    }
    out
}

/// Whether `s` is already a normalized key (so normalizing would not change it).
pub fn is_normal(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b[0] != b'_'
        && b[b.len() - 1] != b'_'
        && !s.contains("__")
        && b.iter()
            .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
}
