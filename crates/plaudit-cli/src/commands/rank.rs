//! `plaudit rank`: a roster against one request.

use plaudit::Request;
use serde_json::Value;

use crate::cli::RankArgs;
use crate::diag::{Diagnostic, Failure};
use crate::input;

/// Runs `rank`.
pub fn run(args: &RankArgs) -> Result<(), Failure> {
    let engine = super::engine(&args.engine)?;
    let request = read_request(&args.request)?;
    let as_of = super::as_of(&args.engine, &engine, &args.output);
    let roster = input::read_all(&args.roster)?.roster()?;
    let ranking = engine.rank(&request, &roster, as_of);
    super::emit(&args.output, &ranking, crate::report::ranking, rows)
}

/// Reads and checks a request, every problem named with its file and field path.
pub fn read_request(path: &str) -> Result<Request, Failure> {
    let name = input::display_name(path);
    let text = input::read_text(path)?;
    plaudit::parse_request(&text).map_err(|e| Failure::Input {
        problems: e
            .errors
            .iter()
            .map(|fe| Diagnostic::from_field(&name, None, "", fe))
            .collect(),
        more: 0,
        withheld: false,
    })
}

/// CSV: one row per advocate — matched (with rank, score and components), near miss or
/// excluded (with reasons).
fn rows(v: &Value) -> (Vec<&'static str>, Vec<Vec<String>>) {
    const HEADER: [&str; 16] = [
        "status",
        "rank",
        "id",
        "score",
        "tier",
        "earliest_on",
        "next_available_on",
        "industry",
        "segment",
        "region",
        "products",
        "use_cases",
        "readiness",
        "freshness",
        "reasons",
        "warnings",
    ];
    let mut out = Vec::new();
    for (i, m) in super::items(v, "matches").iter().enumerate() {
        let mut r = vec!["matched".to_owned(), (i + 1).to_string()];
        r.extend(
            super::flat(
                std::slice::from_ref(m),
                &[
                    "id",
                    "score",
                    "tier",
                    "earliest_on",
                    "next_available_on",
                    "components.industry",
                    "components.segment",
                    "components.region",
                    "components.products",
                    "components.use_cases",
                    "components.readiness",
                    "components.freshness",
                    "reasons",
                    "warnings",
                ],
            )
            .concat(),
        );
        out.push(r);
    }
    for (status, path) in [("near_miss", "near_misses"), ("excluded", "excluded")] {
        for x in super::items(v, path) {
            let mut r = vec![status.to_owned(), String::new()];
            r.extend(super::flat(std::slice::from_ref(x), &["id"]).concat());
            r.extend([String::new(), String::new(), String::new()]);
            r.extend(super::flat(std::slice::from_ref(x), &["next_available_on"]).concat());
            r.extend(std::iter::repeat_n(String::new(), 7));
            r.extend(super::flat(std::slice::from_ref(x), &["reasons"]).concat());
            r.push(String::new());
            out.push(r);
        }
    }
    (HEADER.to_vec(), out)
}
