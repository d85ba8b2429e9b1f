//! `plaudit rank`: a roster against one request.

use plaudit::Request;
use serde_json::Value;

use crate::cli::RankArgs;
use crate::diag::{Diagnostic, Failure};
use crate::input;
use crate::output::{OutputArgs, OutputFormat};

/// Runs `rank`.
pub fn run(args: &RankArgs) -> Result<(), Failure> {
    let engine = super::engine(&args.engine)?;
    let request = read_request(&args.request)?;
    let as_of = super::as_of(&args.engine, &engine, &args.output);
    let roster = input::read_all(&args.roster)?.roster()?;
    let ranking = engine.rank(&request, &roster, as_of);
    if args.output.format() == OutputFormat::Parquet {
        // One row per advocate, as the table door's rank gives it.
        let ids: arrow_array::StringArray = roster
            .advocates()
            .iter()
            .map(|a| Some(a.id.as_str()))
            .collect();
        let batch = plaudit_arrow::output::rank_batch(&roster, &ranking, std::sync::Arc::new(ids))
            .map_err(|e| Failure::Io(format!("cannot build the ranking: {e}")))?;
        return crate::parquet_out::write_all(args.output.open()?, batch.schema(), &[batch]);
    }
    if args.output.format() == OutputFormat::Jsonl {
        return write_lines(&args.output, &ranking);
    }
    super::emit(&args.output, &ranking, crate::report::ranking, rows)
}

/// JSON Lines: one line per advocate, matches first (best first, with `rank`), then the
/// near misses, then every exclusion; each line carries its `status`, the request id and
/// the policy fingerprint, so it stands alone (`jq 'select(.status == "matched")'`).
fn write_lines(output: &OutputArgs, ranking: &plaudit::Ranking) -> Result<(), Failure> {
    use std::io::Write;
    let v = serde_json::to_value(ranking).map_err(crate::output::json_io)?;
    let mut sink = output.open()?;
    let groups = [
        ("matched", "matches"),
        ("near_miss", "near_misses"),
        ("excluded", "excluded"),
    ];
    for (status, path) in groups {
        for (i, item) in super::items(&v, path).iter().enumerate() {
            let mut line = serde_json::Map::new();
            line.insert("status".into(), Value::from(status));
            if status == "matched" {
                line.insert("rank".into(), Value::from(i + 1));
            }
            line.insert(
                "request_id".into(),
                Value::from(ranking.request_id.as_str()),
            );
            line.insert("policy".into(), Value::from(ranking.policy.as_str()));
            if let Value::Object(fields) = item {
                line.extend(fields.iter().map(|(k, x)| (k.clone(), x.clone())));
            }
            serde_json::to_writer(&mut sink, &line).map_err(crate::output::json_io)?;
            sink.write_all(b"\n")?;
        }
    }
    sink.commit()
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
