//! Runs the shared invalid-input cases of `tests/invalid/` (see its README) through the Rust
//! door: each must give exactly its problems (code and path), whatever their order.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use plaudit::{CoverageTarget, FieldError, Policy};
use serde_json::Value;

fn folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/invalid")
}

fn load(file: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(folder().join(file)).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    doc["cases"].as_array().unwrap().clone()
}

type Pairs = Vec<(String, String)>;

fn expected(case: &Value) -> Pairs {
    let mut v: Pairs = case["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["code"].as_str().unwrap().to_owned(),
                e["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    v.sort();
    v
}

fn got(errors: &[FieldError]) -> Pairs {
    let mut v: Pairs = errors
        .iter()
        .map(|e| (e.code.as_str().to_owned(), e.path.clone()))
        .collect();
    v.sort();
    v
}

/// Runs every case of `file` through `door` (JSON text in, problems out); returns the
/// mismatches, one line each.
fn run(file: &str, door: impl Fn(&str) -> Vec<FieldError>) -> Vec<String> {
    run_door(file, "", 1, |c| got(&door(&text_of(c))))
}

/// The JSON text of a case: its `text` when it has one, else its `input` written out.
fn text_of(case: &Value) -> String {
    match case.get("text") {
        Some(t) => t.as_str().unwrap().to_owned(),
        None => case["input"].to_string(),
    }
}

/// Runs every case of `file` through the door named `name` (`validate`, `toml`; empty for the
/// first door of the file), which answers with sorted (code, path) pairs. A case skips the
/// door its `skip` names; a `pending` case, or a `{name}_pending` one naming `rust`, is a
/// known defect that must still fail, so that its mark goes once it is fixed. At least
/// `min_ran` cases must run.
fn run_door(file: &str, name: &str, min_ran: usize, door: impl Fn(&Value) -> Pairs) -> Vec<String> {
    let mut bad = Vec::new();
    let cases = load(file);
    assert!(!cases.is_empty(), "{file} has no cases");
    let mut ran = 0;
    for case in &cases {
        if !name.is_empty() && case["skip"].get(name).is_some() {
            continue;
        }
        let (want, have) = (expected(case), door(case));
        ran += 1;
        let pending = case.get("pending").is_some()
            || (!name.is_empty() && case[format!("{name}_pending")].get("rust").is_some());
        if pending {
            if want == have {
                bad.push(format!(
                    "{file} ({name}): {}: passes now: remove its pending mark",
                    case["name"]
                ));
            }
            continue;
        }
        if want != have {
            bad.push(format!(
                "{file} ({name}): {}: expected {want:?}, got {have:?}",
                case["name"]
            ));
        }
    }
    println!("{file} ({name}): {ran} of {} cases ran", cases.len());
    if ran < min_ran {
        bad.push(format!(
            "{file} ({name}): {ran} cases ran, fewer than {min_ran}"
        ));
    }
    bad
}

/// A form field (`/prospect/products/2`) as a record path (`prospect.products[2]`).
fn record_path(field: &str) -> String {
    let mut out = String::new();
    for part in field.split('/').skip(1) {
        if part.bytes().all(|b| b.is_ascii_digit()) && !part.is_empty() {
            out.push_str(&format!("[{part}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(part);
        }
    }
    out
}

/// The problems request validation (the form's checks) finds, as record codes and paths.
fn validated(case: &Value) -> Pairs {
    let request: Value = serde_json::from_str(&text_of(case)).unwrap();
    let verdict = plaudit::Engine::default().validate_request(&request);
    assert_eq!(verdict.ok, verdict.errors.is_empty());
    let mut v: Pairs = verdict
        .errors
        .iter()
        .map(|i| (i.code.to_string(), record_path(&i.field)))
        .collect();
    v.sort();
    v
}

fn errors_of<T>(r: Result<T, plaudit::RecordError>) -> Vec<FieldError> {
    r.err().map(|e| e.errors).unwrap_or_default()
}

#[test]
fn every_invalid_case_gives_its_problems_through_the_rust_door() {
    let mut bad = Vec::new();
    bad.extend(run("advocates.json", |t| {
        errors_of(plaudit::parse_advocate(t))
    }));
    bad.extend(run("rosters.json", |t| {
        errors_of(plaudit::Roster::from_json(t))
    }));
    bad.extend(run("requests.json", |t| {
        errors_of(plaudit::parse_request(t))
    }));
    bad.extend(run("asks.json", |t| errors_of(plaudit::parse_ask(t, ""))));
    bad.extend(run_door("requests.json", "validate", 30, validated));
    bad.extend(run("targets.json", |t| {
        errors_of(plaudit::parse_json::<CoverageTarget>(t, ""))
    }));
    bad.extend(run("policies.json", |t| {
        Policy::from_json(t)
            .err()
            .map(|e| e.errors)
            .unwrap_or_default()
    }));
    bad.extend(run_door("policies.json", "toml", 10, |c| {
        let text = c["toml"].as_str().unwrap();
        got(&Policy::from_toml(text)
            .err()
            .map(|e| e.errors)
            .unwrap_or_default())
    }));
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn there_are_at_least_150_cases() {
    let n: usize = [
        "advocates.json",
        "rosters.json",
        "requests.json",
        "asks.json",
        "targets.json",
        "policies.json",
    ]
    .iter()
    .map(|f| load(f).len())
    .sum();
    assert!(n >= 150, "{n}");
}
