//! `plaudit tiers`: tier assignment and the mix against the targets.

use std::io::Write;

use crate::cli::RosterCommand;
use crate::diag::Failure;
use crate::input;
use crate::output::{OutputFormat, write_document};

use super::pending;

/// Runs `tiers`.
pub fn run(args: &RosterCommand) -> Result<(), Failure> {
    let engine = super::engine(&args.engine)?;
    let as_of = super::as_of(&args.engine, &engine, &args.output);
    let advocates = input::read_all(&args.roster)?;
    let tiers = pending::tiers(&engine, advocates, as_of)?;
    let mut sink = args.output.open()?;
    match args.output.format() {
        OutputFormat::Table | OutputFormat::Csv => {
            let text = crate::report::tiers(&tiers, args.output.style());
            sink.write_all(text.as_bytes())?;
        }
        f => write_document(&mut sink, f, &tiers)?,
    }
    sink.commit()
}
