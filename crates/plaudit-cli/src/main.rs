//! `plaudit`: the command-line face of the Plaudit rules engine.
//!
//! Exit status: 0 success, 2 bad input or usage (every problem listed as
//! `file:line: path: message`), 1 when the output cannot be written.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;

mod cli;
mod commands;
mod csv_in;
mod diag;
mod input;
mod output;
mod parquet_out;
mod program_report;
mod report;
mod stream_in;
mod table;
mod tables_in;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            failure.report();
            ExitCode::from(failure.exit_code())
        }
    }
}
