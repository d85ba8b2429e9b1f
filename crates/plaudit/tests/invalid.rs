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
    let mut bad = Vec::new();
    let cases = load(file);
    assert!(!cases.is_empty(), "{file} has no cases");
    for case in &cases {
        let text = match case.get("text") {
            Some(t) => t.as_str().unwrap().to_owned(),
            None => case["input"].to_string(),
        };
        let (want, have) = (expected(case), got(&door(&text)));
        if case.get("pending").is_some() {
            // A known defect: it must still fail, so that its mark goes once it is fixed.
            if want == have {
                bad.push(format!(
                    "{file}: {}: passes now: remove its `pending` mark",
                    case["name"]
                ));
            }
            continue;
        }
        if want != have {
            bad.push(format!(
                "{file}: {}: expected {want:?}, got {have:?}",
                case["name"]
            ));
        }
    }
    bad
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
    bad.extend(run("targets.json", |t| {
        errors_of(plaudit::parse_json::<CoverageTarget>(t, ""))
    }));
    bad.extend(run("policies.json", |t| {
        Policy::from_json(t)
            .err()
            .map(|e| e.errors)
            .unwrap_or_default()
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
