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
    super::emit(&args.output, &tiers, crate::report::tiers, rows)
}

/// CSV: one row per advocate.
fn rows(v: &Value) -> (Vec<&'static str>, Vec<Vec<String>>) {
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
    (
        FIELDS.to_vec(),
        super::flat(super::items(v, "advocates"), &FIELDS),
    )
}
