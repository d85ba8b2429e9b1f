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
    super::emit(&args.output, &portfolio, crate::report::portfolio, rows)
}

/// CSV: one row per target.
fn rows(v: &Value) -> (Vec<&'static str>, Vec<Vec<String>>) {
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
    (
        HEADER.to_vec(),
        super::flat(super::items(v, "coverage"), &FIELDS),
    )
}
