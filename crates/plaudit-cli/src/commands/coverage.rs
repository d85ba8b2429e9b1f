//! `plaudit coverage`: the portfolio view for program managers.

use plaudit::CoverageTarget;
use serde_json::Value;

use crate::cli::CoverageArgs;
use crate::diag::Failure;
use crate::input;

/// Runs `coverage`.
pub fn run(args: &CoverageArgs) -> Result<(), Failure> {
    let engine = super::engine(&args.engine)?;
    let text = crate::input::read_text(&args.targets)?;
    let targets: Vec<CoverageTarget> = plaudit::parse_json(&text, "targets")
        .map_err(|e| super::record_failure(&crate::input::display_name(&args.targets), &e))?;
    let as_of = super::as_of(&args.engine, &engine, &args.output);
    let roster = input::read_all(&args.roster)?.roster()?;
    let portfolio = engine.coverage(&roster, &targets, as_of);
    if args.output.format() == crate::output::OutputFormat::Parquet {
        let v = serde_json::to_value(&portfolio).map_err(crate::output::json_io)?;
        let batch = crate::parquet_out::rows_batch(super::items(&v, "coverage"), &FIELDS, &HEADER)?;
        return crate::parquet_out::write_all(args.output.open()?, batch.schema(), &[batch]);
    }
    let shown = if args.all { usize::MAX } else { FIRST_ROWS };
    super::emit(
        &args.output,
        &portfolio,
        |v, style| report(v, style, shown),
        rows,
    )
}

/// Enrollment candidates a table lists without `--all` (a roster can have thousands).
const FIRST_ROWS: usize = 20;

/// The table report: a summary line, then the portfolio with at most `shown` enrollment
/// candidates.
fn report(v: &Value, style: crate::table::Style, shown: usize) -> String {
    let n = |k: &str| v.get(k).and_then(Value::as_u64).unwrap_or(0);
    let targets = super::items(v, "coverage");
    let short = targets
        .iter()
        .filter(|t| t.get("gap").and_then(Value::as_u64).unwrap_or(0) > 0)
        .count();
    let mut s = format!(
        "{} advocates, {} in the base (not erased, opted out or inactive); {short} of {} targets short; {} enrollment candidates\n\n",
        n("advocates"),
        n("base"),
        targets.len(),
        super::items(v, "enrollment").len(),
    );
    s.push_str(&crate::report::portfolio_with(v, style, shown));
    s
}

/// Where the columns of a target's row are (CSV and Parquet).
const FIELDS: [&str; 10] = [
    "target.name",
    "target.kind",
    "target.industry",
    "target.segment",
    "target.region",
    "target.product",
    "target.needed",
    "in_segment",
    "available",
    "gap",
];
/// The columns' names.
const HEADER: [&str; 10] = [
    "name",
    "kind",
    "industry",
    "segment",
    "region",
    "product",
    "needed",
    "in_segment",
    "available",
    "gap",
];

/// CSV: one row per target.
fn rows(v: &Value) -> (Vec<&'static str>, Vec<Vec<String>>) {
    (
        HEADER.to_vec(),
        super::flat(super::items(v, "coverage"), &FIELDS),
    )
}
