//! `plaudit rank`: a roster against one request.

use std::io::Write;

use crate::cli::RankArgs;
use crate::diag::Failure;
use crate::input;
use crate::output::{OutputFormat, write_document};

use super::pending;

/// Runs `rank`.
pub fn run(args: &RankArgs) -> Result<(), Failure> {
    let engine = super::engine(&args.engine)?;
    let request = input::read_text(&args.request)?;
    let as_of = super::as_of(&args.engine, &engine, &args.output);
    let advocates = input::read_all(&args.roster)?;
    let ranking = pending::rank(&engine, advocates, &request, as_of)?;
    let mut sink = args.output.open()?;
    match args.output.format() {
        OutputFormat::Table | OutputFormat::Csv => {
            let text = crate::report::ranking(&ranking, args.output.style());
            sink.write_all(text.as_bytes())?;
        }
        f => write_document(&mut sink, f, &ranking)?,
    }
    sink.commit()
}
