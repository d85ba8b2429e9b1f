//! `plaudit coverage`: the portfolio view for program managers.

use std::io::Write;

use crate::cli::CoverageArgs;
use crate::diag::Failure;
use crate::input;
use crate::output::{OutputFormat, write_document};

use super::pending;

/// Runs `coverage`.
pub fn run(args: &CoverageArgs) -> Result<(), Failure> {
    let engine = super::engine(&args.engine)?;
    let targets = input::read_text(&args.targets)?;
    let as_of = super::as_of(&args.engine, &engine, &args.output);
    let advocates = input::read_all(&args.roster)?;
    let portfolio = pending::coverage(&engine, advocates, &targets, as_of)?;
    let mut sink = args.output.open()?;
    match args.output.format() {
        OutputFormat::Table | OutputFormat::Csv => {
            let text = crate::report::portfolio(&portfolio, args.output.style());
            sink.write_all(text.as_bytes())?;
        }
        f => write_document(&mut sink, f, &portfolio)?,
    }
    sink.commit()
}
