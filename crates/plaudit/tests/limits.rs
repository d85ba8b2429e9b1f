//! Input limits (issue 8): deep nesting, long strings and long lists give clear errors with
//! the field's path, never a crash or an unbounded allocation.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use plaudit::records::{MAX_HISTORY_ITEMS, MAX_ID_CHARS, MAX_KEY_CHARS};
use plaudit::{Policy, Roster, parse_advocate, parse_request};

fn deep(n: usize) -> String {
    format!("{}{}", "[".repeat(n), "]".repeat(n))
}

#[test]
fn deeply_nested_json_is_an_error_with_a_path() {
    for n in [200, 10_000, 1_000_000] {
        let arr = deep(n);
        let text = format!(
            r#"{{"id": "a", "customer_since": "2020-01-01", "health_score": 80, "products": {arr}}}"#
        );
        let e = parse_advocate(&text).unwrap_err();
        assert!(!e.errors.is_empty(), "{n}");
        let e = parse_request(&format!(r#"{{"kind": {arr}}}"#)).unwrap_err();
        assert!(!e.errors.is_empty(), "{n}");
        let e = Policy::from_json(&format!(r#"{{"fatigue": {arr}}}"#)).unwrap_err();
        assert!(!e.errors.is_empty(), "{n}");
        let e = Roster::from_json(&arr).unwrap_err();
        assert_eq!(e.errors.len(), 1, "{n}");
        assert!(e.to_string().contains("recursion limit exceeded"), "{e}");
        assert_eq!(e.errors[0].path, "advocates");
    }
}

#[test]
fn deeply_nested_toml_is_an_error() {
    for n in [200, 10_000, 100_000] {
        let text = format!("[fatigue]\nannual_cap = {}", deep(n));
        let e = Policy::from_toml(&text).unwrap_err();
        assert!(!e.errors.is_empty(), "{n}");
        let text = format!("x = {}", "{ a = ".repeat(n) + &"}".repeat(n));
        let e = Policy::from_toml(&text).unwrap_err();
        assert!(!e.errors.is_empty(), "{n}");
    }
}

#[test]
fn history_lists_are_limited_per_advocate_with_the_list_path() {
    let many = vec![r#""2026-01-01""#; MAX_HISTORY_ITEMS + 1].join(",");
    let text = format!(
        r#"{{"id": "a", "customer_since": "2020-01-01", "health_score": 80, "engagements": [{many}]}}"#
    );
    let e = parse_advocate(&text).unwrap_err();
    assert_eq!(e.errors.len(), 1);
    assert_eq!(e.errors[0].path, "engagements");
    assert_eq!(e.errors[0].code.as_str(), "too_many");
    let ok = vec![r#""2026-01-01""#; MAX_HISTORY_ITEMS].join(",");
    let text = format!(
        r#"{{"id": "a", "customer_since": "2020-01-01", "health_score": 80, "engagements": [{ok}]}}"#
    );
    assert!(parse_advocate(&text).is_ok());
}

#[test]
fn long_strings_are_refused_with_their_path() {
    let id = "x".repeat(MAX_ID_CHARS + 1);
    let e = parse_advocate(&format!(
        r#"{{"id": "{id}", "customer_since": "2020-01-01", "health_score": 80}}"#
    ))
    .unwrap_err();
    assert_eq!(
        (e.errors[0].path.as_str(), e.errors[0].code.as_str()),
        ("id", "too_long")
    );
    let key = "k".repeat(MAX_KEY_CHARS + 1);
    let e = parse_advocate(&format!(
        r#"{{"id": "a", "customer_since": "2020-01-01", "health_score": 80, "industry": "{key}"}}"#
    ))
    .unwrap_err();
    assert_eq!(
        (e.errors[0].path.as_str(), e.errors[0].code.as_str()),
        ("industry", "too_long")
    );
}
