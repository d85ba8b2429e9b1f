//! Runs every shared test vector in `tests/vectors/*.json` (repo root). The Python and wasm
//! suites run the same files and must produce the same JSON.
//!
//! `PLAUDIT_BLESS=1 cargo test -p plaudit --test vectors` rewrites the `expected` outputs
//! of cases that have none (new cases); review them before committing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use plaudit::check::Ask;
use plaudit::{CoverageTarget, Engine, Policy, Roster};
use serde_json::{Value, json};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors")
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

fn errors(e: &plaudit::RecordError) -> Value {
    json!({ "errors": to_value(&e.errors) })
}

/// Runs one case: the op's output as JSON (or `{"errors": [...]}` for bad input).
pub fn run(case: &Value) -> Value {
    let engine = match case.get("policy") {
        None | Some(Value::Null) => Engine::default(),
        Some(p) => match Policy::from_value(p.clone()).and_then(Engine::new) {
            Ok(e) => e,
            Err(e) => return json!({ "errors": to_value(&e.errors) }),
        },
    };
    let as_of: chrono::NaiveDate = case["as_of"]
        .as_str()
        .unwrap_or("2026-01-01")
        .parse()
        .unwrap();
    let input = &case["input"];
    let advocate = || plaudit::parse_advocate(&input["advocate"].to_string());
    let roster = || Roster::from_json(&input["advocates"].to_string());
    let op = case["op"].as_str().unwrap();
    let out = match op {
        "eligibility" => advocate().map(|a| match input.get("kind").and_then(Value::as_str) {
            Some(k) => to_value(&engine.eligibility_for(
                &a,
                as_of,
                plaudit::ActivityKind::parse(k).unwrap(),
            )),
            None => to_value(&engine.eligibility(&a, as_of)),
        }),
        "lifecycle" => advocate().map(|a| to_value(&engine.lifecycle(&a, as_of))),
        "check" => advocate().map(|a| {
            let ask: Ask = serde_json::from_value(input["ask"].clone()).unwrap();
            to_value(&engine.check(&a, &ask, as_of))
        }),
        "evaluate" => advocate().map(|a| to_value(&engine.evaluate(&a, as_of))),
        "rank" => roster().and_then(|r| {
            plaudit::parse_request(&input["request"].to_string())
                .map(|q| to_value(&engine.rank(&q, &r, as_of)))
        }),
        "tiers" => roster().map(|r| to_value(&engine.assign_tiers(&r, as_of))),
        "coverage" => roster().map(|r| {
            let targets: Vec<CoverageTarget> =
                serde_json::from_value(input["targets"].clone()).unwrap();
            to_value(&engine.coverage(&r, &targets, as_of))
        }),
        "measure" => {
            plaudit::parse_opportunities(&input["opportunities"].to_string()).and_then(|deals| {
                let roster = match input.get("advocates") {
                    None | Some(Value::Null) => None,
                    Some(_) => Some(roster()?),
                };
                let day = |i: usize| input["period"][i].as_str().unwrap().parse().unwrap();
                engine
                    .measure(&deals, roster.as_ref(), (day(0), day(1)), as_of)
                    .map(|m| to_value(&m))
            })
        }
        "validate_request" => Ok(to_value(&engine.validate_request(&input["request"]))),
        "parse_advocates" => Ok(
            match plaudit::parse_advocates(&input["advocates"].to_string()) {
                Ok(list) => json!({ "advocates": list.len() }),
                Err(e) => errors(&e),
            },
        ),
        other => panic!("unknown op `{other}`"),
    };
    let out = out.unwrap_or_else(|e| errors(&e));
    // Read back from its own text, as the expectation is read from the file: floats then
    // compare by their shortest decimal text, whatever serde_json's parser rounds it to.
    serde_json::from_str(&out.to_string()).unwrap()
}

#[test]
fn every_vector_gives_its_expected_output() {
    let bless = std::env::var_os("PLAUDIT_BLESS").is_some();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut total = 0;
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let mut cases: Vec<Value> = serde_json::from_str(&text).unwrap();
        let mut changed = false;
        for case in &mut cases {
            total += 1;
            let got = run(case);
            match case.get("expected") {
                Some(want) if !want.is_null() => {
                    if *want != got {
                        failures.push(format!(
                            "{}: {}\n  want {}\n  got  {}",
                            file.file_name().unwrap().to_string_lossy(),
                            case["name"],
                            want,
                            got
                        ));
                    }
                }
                _ if bless => {
                    case["expected"] = got;
                    changed = true;
                }
                _ => failures.push(format!(
                    "{}: {} has no expected output",
                    file.display(),
                    case["name"]
                )),
            }
        }
        if changed {
            std::fs::write(file, serde_json::to_string_pretty(&cases).unwrap() + "\n").unwrap();
        }
    }
    assert!(total >= 1, "no vectors found in {}", dir().display());
    assert!(
        failures.is_empty(),
        "{} of {total} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn output_is_canonical_bytes() {
    // The same case serialized twice gives the same bytes (no map-order or float noise).
    for file in std::fs::read_dir(dir()).unwrap() {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
        let cases: Vec<Value> = serde_json::from_str(&text).unwrap();
        for case in cases.iter().take(3) {
            assert_eq!(run(case).to_string(), run(case).to_string());
        }
    }
}
