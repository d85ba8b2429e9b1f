//! Deserialization that reports **every** bad field, not only the first.
//!
//! The fast path is plain serde. When it fails, the input is read into a JSON value and
//! deserialized again and again: each failure is recorded with its path, the bad value is
//! replaced by a placeholder of the expected type, and the next failure is looked for. The
//! placeholders only let the search go on; a record with any error is never returned.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{ErrorCode, FieldError, RecordError};
use crate::input::dates::clip;
use crate::input::trace::Seg;

/// At most this many problems are reported for one input.
pub const MAX_REPORTED_ERRORS: usize = 100;

/// Deserializes JSON text, reporting every bad field under `root` (e.g. `advocates`). Keeps going: returns the placeholder-filled value (when one
/// could be built) with every problem found, so that semantic checks can add theirs.
pub(crate) fn from_json_str_lenient<T: DeserializeOwned>(
    json: &str,
    root: &str,
) -> (Option<T>, Vec<FieldError>) {
    #[cfg(feature = "fast-json")]
    {
        let mut de = serde_json::Deserializer::from_str(json);
        if let Ok(v) = T::deserialize(&mut de) {
            if de.end().is_ok() {
                return (Some(v), Vec::new());
            }
        }
    }
    match serde_json::from_str::<Value>(json) {
        Ok(value) => lenient(value, root, &beyond_64_bits(json)),
        Err(e) => (None, syntax_error(&e, root).errors),
    }
}

/// The values of the integer literals of `json` (digits only, no fraction or exponent) that
/// no 64-bit integer holds. serde_json reads them as floats, which a whole-number field
/// would call a wrong type; they are whole numbers out of range, as a Python int of the
/// same value is. Only scanned when a text failed to read, so it costs nothing when valid.
fn beyond_64_bits(json: &str) -> Vec<f64> {
    let bytes = json.as_bytes();
    let mut found = Vec::new();
    let (mut i, mut in_string) = (0, false);
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if b == b'"' {
            in_string = true;
            i += 1;
            continue;
        }
        if b == b'-' || b.is_ascii_digit() {
            let start = i;
            while i < bytes.len()
                && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
            {
                i += 1;
            }
            let literal = &json[start..i];
            let whole = !literal.contains(['.', 'e', 'E']);
            if whole && literal.parse::<i64>().is_err() && literal.parse::<u64>().is_err() {
                if let Ok(v) = literal.parse::<f64>() {
                    found.push(v);
                }
            }
            continue;
        }
        i += 1;
    }
    found
}

/// The value at `segs` under `root`.
fn value_at<'v>(root: &'v Value, segs: &[Seg]) -> Option<&'v Value> {
    segs.iter().try_fold(root, |v, seg| match (seg, v) {
        (Seg::Index(i), Value::Array(a)) => a.get(*i),
        (Seg::Key(k), Value::Object(m)) => m.get(k),
        _ => None,
    })
}

/// Parses any input type of this crate (an ask, coverage targets, a kind table...) from JSON
/// text, reporting every bad field with its path under `root`. The record types have their
/// own parsers with semantic checks ([`parse_advocate`](crate::parse_advocate) and friends);
/// this is the one the bindings use for the small argument types.
///
/// ```
/// let err = plaudit::parse_json::<plaudit::check::Ask>(r#"{"kind": "talk", "date": "2026-02-30"}"#, "ask")
///     .unwrap_err();
/// let paths: Vec<&str> = err.errors.iter().map(|e| e.path.as_str()).collect();
/// assert_eq!(paths, ["ask.date", "ask.kind"]);
/// ```
pub fn parse_json<T: DeserializeOwned>(json: &str, root: &str) -> Result<T, RecordError> {
    match from_json_str_lenient(json, root) {
        (Some(v), errors) if errors.is_empty() => Ok(v),
        (_, errors) if errors.is_empty() => Err(RecordError {
            errors: vec![FieldError::new(
                root,
                ErrorCode::InvalidValue,
                "could not be read",
            )],
        }),
        (_, errors) => Err(RecordError { errors }),
    }
}

/// Converts a JSON syntax error into a located `syntax` problem.
pub(crate) fn syntax_error(e: &serde_json::Error, root: &str) -> RecordError {
    let line = u32::try_from(e.line()).unwrap_or(u32::MAX);
    let column = u32::try_from(e.column()).unwrap_or(u32::MAX);
    let msg = e.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_owned();
    RecordError {
        errors: vec![FieldError::new(root, ErrorCode::Syntax, msg).at(line, column)],
    }
}

/// Deserializes a JSON value, collecting every bad field under `root`. When every bad value
/// could be replaced by a placeholder, the placeholder-filled value is returned too, so that
/// semantic checks can run on the rest of the record (its placeholders are never used as
/// data: the errors are returned alongside).
pub(crate) fn from_value_lenient<T: DeserializeOwned>(
    value: Value,
    root: &str,
) -> (Option<T>, Vec<FieldError>) {
    lenient(value, root, &[])
}

/// [`from_value_lenient`], knowing which floats of `value` were integer literals beyond 64
/// bits in the text it was read from.
fn lenient<T: DeserializeOwned>(
    mut value: Value,
    root: &str,
    beyond_64_bits: &[f64],
) -> (Option<T>, Vec<FieldError>) {
    let mut errors: Vec<FieldError> = Vec::new();
    let mut attempts: HashMap<Vec<Seg>, usize> = HashMap::new();
    // Each round fixes one value; a value gets at most `CANDIDATES + 1` tries.
    for _ in 0..MAX_REPORTED_ERRORS * 8 {
        let crate::input::trace::Failure {
            path: mut segs,
            error,
        } = match crate::input::trace::deserialize::<T>(&value) {
            Ok(v) => return (Some(v), errors),
            Err(e) => e,
        };
        let raw = error.to_string();
        let (code, message) = if let Some(field) = missing_field(&raw) {
            segs.push(Seg::Key(field.to_owned()));
            (ErrorCode::MissingField, "is required".to_owned())
        } else if raw.starts_with("invalid type: floating point")
            && value_at(&value, &segs)
                .and_then(Value::as_f64)
                .is_some_and(|v| beyond_64_bits.contains(&v))
        {
            (
                ErrorCode::OutOfRange,
                "is a whole number beyond the 64-bit integers".to_owned(),
            )
        } else {
            classify(&raw)
        };
        let tries = attempts.entry(segs.clone()).or_insert(0);
        let path = path_string(root, &segs);
        let inside_reported = errors.iter().any(|e| is_within(&path, &e.path));
        if *tries == 0 && !inside_reported {
            errors.push(FieldError::new(path, code, message));
            if errors.len() >= MAX_REPORTED_ERRORS {
                break;
            }
        }
        let Some(candidate) = candidate(&raw, *tries) else {
            break;
        };
        *tries += 1;
        if !set_at(&mut value, &segs, candidate) {
            break;
        }
    }
    (None, errors)
}

pub(crate) fn path_string(root: &str, segs: &[Seg]) -> String {
    let mut s = root.to_owned();
    for seg in segs {
        match seg {
            Seg::Index(i) => {
                s.push('[');
                s.push_str(&i.to_string());
                s.push(']');
            }
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
        }
    }
    s
}

/// Whether `path` is a strict descendant of `parent` (`a.b[0].c` is within `a.b`).
pub(crate) fn is_within(path: &str, parent: &str) -> bool {
    path.len() > parent.len()
        && path.starts_with(parent)
        && (parent.is_empty() || matches!(path.as_bytes()[parent.len()], b'.' | b'['))
}

fn missing_field(raw: &str) -> Option<&str> {
    raw.strip_prefix("missing field `")?.split('`').next()
}

fn classify(raw: &str) -> (ErrorCode, String) {
    if raw.starts_with("expected a date") {
        (ErrorCode::InvalidDate, raw.to_owned())
    } else if let Some(rest) = raw.strip_prefix("unknown variant ") {
        (
            ErrorCode::InvalidValue,
            format!(
                "{} is not one of {}",
                first_ticked(rest),
                expected_list(raw)
            ),
        )
    } else if raw.starts_with("invalid type")
        || raw.starts_with("invalid value: map")
        || raw.starts_with("invalid value: sequence")
    {
        // An object or a list where a name is expected (`{"kind": {}}`) is a wrong type, not a
        // value out of range.
        (
            ErrorCode::InvalidType,
            raw.replacen("invalid type: ", "", 1)
                .replacen("invalid value: ", "", 1),
        )
    } else if raw.starts_with("invalid value") {
        (
            ErrorCode::OutOfRange,
            raw.replacen("invalid value: ", "", 1),
        )
    } else {
        (ErrorCode::InvalidValue, raw.to_owned())
    }
}

fn first_ticked(s: &str) -> String {
    let mut it = s.splitn(3, '`');
    it.next();
    format!("`{}`", clip(it.next().unwrap_or("")))
}

fn expected_list(raw: &str) -> String {
    let rest = raw.split_once("expected ").map_or("", |(_, rest)| rest);
    rest.strip_prefix("one of ").unwrap_or(rest).to_owned()
}

/// The `n`-th placeholder to try for a value that failed with `raw`.
fn candidate(raw: &str, n: usize) -> Option<Value> {
    if n > 8 {
        return None;
    }
    if raw.starts_with("unknown variant") {
        if let Some((_, rest)) = raw.split_once("expected ") {
            if let Some(v) = rest.split('`').nth(1) {
                return Some(Value::String(v.to_owned()));
            }
        }
    }
    [
        Value::String("1970-01-01".to_owned()),
        Value::from(0),
        Value::Bool(false),
        Value::Array(Vec::new()),
        Value::Object(serde_json::Map::new()),
        Value::Null,
    ]
    .into_iter()
    .nth(n)
}

fn set_at(root: &mut Value, segs: &[Seg], new: Value) -> bool {
    let Some((last, parents)) = segs.split_last() else {
        return false;
    };
    let mut cur = root;
    for seg in parents {
        cur = match (seg, cur) {
            (Seg::Index(i), Value::Array(a)) => match a.get_mut(*i) {
                Some(v) => v,
                None => return false,
            },
            (Seg::Key(k), Value::Object(m)) => match m.get_mut(k) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    match (last, cur) {
        (Seg::Index(i), Value::Array(a)) => match a.get_mut(*i) {
            Some(slot) => {
                *slot = new;
                true
            }
            None => false,
        },
        (Seg::Key(k), Value::Object(m)) => {
            m.insert(k.clone(), new);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn only_integer_literals_beyond_64_bits_are_found() {
        let text = r#"{"s": "99999999999999999999", "esc": "\"1e99999999999999999999",
            "u64max": 18446744073709551615, "i64min": -9223372036854775808,
            "over": 18446744073709551616, "under": -9223372036854775809,
            "float": 1e30, "frac": 99999999999999999999.0}"#;
        assert_eq!(
            beyond_64_bits(text),
            vec![18_446_744_073_709_551_616.0, -9_223_372_036_854_775_809.0]
        );
    }

    #[test]
    fn a_list_is_not_a_record_and_a_huge_integer_is_out_of_range() {
        let err = crate::parse_advocate(
            r#"{"id": "a", "customer_since": "2020-01-01", "health_score": 90,
                "preferences": [], "nps": 100000000000000000000000000000}"#,
        )
        .unwrap_err();
        let mut got: Vec<(&str, &str)> = err
            .errors
            .iter()
            .map(|e| (e.code.as_str(), e.path.as_str()))
            .collect();
        got.sort();
        assert_eq!(
            got,
            [("invalid_type", "preferences"), ("out_of_range", "nps")]
        );
        // `1e30` is a float: a wrong type for a whole number, as `3.0` is.
        let err = crate::parse_advocate(
            r#"{"id": "a", "customer_since": "2020-01-01", "health_score": 90, "nps": 1e30}"#,
        )
        .unwrap_err();
        assert_eq!(err.errors[0].code.as_str(), "invalid_type");
    }
}
