//! The Rust door of the every-door differential test (see `tests/doors/README.md`): reads
//! the inputs `tests/doors/make_cases.py` wrote into a folder and writes what the core
//! decides about them to `expected.json` there, for the other doors to match.
//!
//! ```text
//! cargo run -p plaudit --example doors -- DIR
//! ```

use std::path::PathBuf;

use plaudit::{Engine, Roster};
use serde_json::{Value, json};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).ok_or("usage: doors DIR")?);
    let read = |name: &str| std::fs::read_to_string(dir.join(name));
    let meta: Value = serde_json::from_str(&read("cases.json")?)?;
    let as_of = chrono::NaiveDate::parse_from_str(
        meta["as_of"].as_str().ok_or("cases.json: as_of")?,
        "%Y-%m-%d",
    )?;
    let engine = Engine::default();

    let roster = Roster::from_json(&read("advocates.json")?)?;
    let evaluate: Vec<Value> = roster
        .advocates()
        .iter()
        .map(|a| serde_json::to_value(engine.evaluate(a, as_of)))
        .collect::<Result<_, _>>()?;

    let mut rank = Vec::new();
    for line in read("requests.jsonl")?
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let request = plaudit::parse_request(line)?;
        rank.push(serde_json::to_value(engine.rank(&request, &roster, as_of))?);
    }

    // Each mutant through the JSON text door: its problems, or none.
    let mut mutants = Vec::new();
    for m in meta["mutants"].as_array().ok_or("cases.json: mutants")? {
        let errors = match plaudit::parse_advocate(&m["advocate"].to_string()) {
            Ok(_) => Vec::new(),
            Err(e) => e
                .errors
                .iter()
                .map(|f| json!({"code": f.code.as_str(), "path": f.path}))
                .collect(),
        };
        mutants.push(json!({"name": m["name"], "errors": errors}));
    }

    let out = json!({"evaluate": evaluate, "rank": rank, "mutants": mutants});
    std::fs::write(
        dir.join("expected.json"),
        serde_json::to_string(&out)? + "\n",
    )?;
    Ok(())
}
