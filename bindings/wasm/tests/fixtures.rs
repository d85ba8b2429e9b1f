//! The binding's own vectors (tests/fixtures/*.json, the shared vector format) checked
//! against the native core, so the Node suite that runs them through the `.wasm` is a
//! differential test: native Rust and WebAssembly must agree byte for byte.
//!
//! `PLAUDIT_BLESS=1 cargo test -p plaudit-wasm --test fixtures` rewrites `expected`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use plaudit::{ActivityKind, Engine, Policy};
use serde_json::{Value, json};

fn run(case: &Value) -> Value {
    let engine = match case.get("policy") {
        Some(p) => Engine::new(Policy::from_value(p.clone()).unwrap()).unwrap(),
        None => Engine::default(),
    };
    let as_of = case["as_of"].as_str().unwrap().parse().unwrap();
    let input = &case["input"];
    let advocate = || plaudit::parse_advocate(&input["advocate"].to_string()).unwrap();
    match case["op"].as_str().unwrap() {
        "eligibility" => {
            let a = advocate();
            let e = match input.get("kind").and_then(Value::as_str) {
                Some(k) => engine.eligibility_for(&a, as_of, ActivityKind::parse(k).unwrap()),
                None => engine.eligibility(&a, as_of),
            };
            serde_json::to_value(e).unwrap()
        }
        "lifecycle" => serde_json::to_value(engine.lifecycle(&advocate(), as_of)).unwrap(),
        "parse_advocates" => match plaudit::parse_advocates(&input["advocates"].to_string()) {
            Ok(list) => json!({ "advocates": list.len() }),
            Err(e) => json!({ "errors": e.errors }),
        },
        op => panic!("no native runner for op `{op}`"),
    }
}

#[test]
fn fixtures_match_the_native_core() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let bless = std::env::var_os("PLAUDIT_BLESS").is_some();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut cases: Vec<Value> = serde_json::from_str(&text).unwrap();
        for case in &mut cases {
            let actual = run(case);
            if bless {
                case["expected"] = actual;
            } else {
                assert_eq!(
                    actual,
                    case["expected"],
                    "{}: {}",
                    file.display(),
                    case["name"]
                );
            }
        }
        if bless {
            let mut out = serde_json::to_string_pretty(&cases).unwrap();
            out.push('\n');
            std::fs::write(&file, out).unwrap();
        }
    }
}
