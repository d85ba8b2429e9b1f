//! `plaudit tiers`: tier assignment and the mix against the targets.

use serde_json::Value;

use crate::cli::RosterCommand;
use crate::diag::Failure;
use crate::input;

/// Runs `tiers`.
pub fn run(args: &RosterCommand) -> Result<(), Failure> {
    let engine = super::engine(&args.engine)?;
    let as_of = super::as_of(&args.engine, &engine, &args.output);
    let roster = input::read_all(&args.roster)?.roster()?;
    let tiers = engine.assign_tiers(&roster, as_of);
    if args.output.format() == crate::output::OutputFormat::Parquet {
        let v = serde_json::to_value(&tiers).map_err(crate::output::json_io)?;
        let batch =
            crate::parquet_out::rows_batch(super::items(&v, "advocates"), &FIELDS, &FIELDS)?;
        return crate::parquet_out::write_all(args.output.open()?, batch.schema(), &[batch]);
    }
    super::emit(&args.output, &tiers, crate::report::tiers, rows)
}

/// The columns of the CSV and Parquet rows, one per advocate.
const FIELDS: [&str; 9] = [
    "id",
    "lifecycle",
    "tier",
    "computed",
    "points",
    "in_base",
    "in_grace",
    "over_share",
    "touch",
];

/// CSV: one row per advocate.
fn rows(v: &Value) -> (Vec<&'static str>, Vec<Vec<String>>) {
    (
        FIELDS.to_vec(),
        super::flat(super::items(v, "advocates"), &FIELDS),
    )
}
