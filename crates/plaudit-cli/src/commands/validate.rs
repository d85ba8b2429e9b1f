//! `plaudit validate`: a request checked as the browser form checks it.

use std::io::Write;

use serde_json::Value;

use crate::cli::ValidateArgs;
use crate::diag::{Diagnostic, Failure};
use crate::input;
use crate::output::{OutputFormat, write_document};

use super::pending;

/// Runs `validate`; exit 2 when the request has errors (warnings alone pass).
pub fn run(args: &ValidateArgs) -> Result<(), Failure> {
    let engine = super::engine(&args.engine)?;
    let name = input::display_name(&args.request);
    let text = input::read_text(&args.request)?;
    let request: Value = serde_json::from_str(&text).map_err(|e| {
        let m = e.to_string();
        Failure::input(Diagnostic {
            line: Some(e.line() as u64),
            column: u32::try_from(e.column()).ok(),
            ..Diagnostic::file(&name, m.split(" at line ").next().unwrap_or(&m).to_owned())
        })
    })?;
    let validation = pending::validate_request(&engine, &request)?;
    let ok = validation
        .get("ok")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let mut sink = args.output.open()?;
    match args.output.format() {
        OutputFormat::Table | OutputFormat::Csv => {
            let text = crate::report::validation(&name, &validation, args.output.style());
            sink.write_all(text.as_bytes())?;
        }
        f => write_document(&mut sink, f, &validation)?,
    }
    sink.commit()?;
    if ok {
        Ok(())
    } else {
        Err(Failure::Input {
            problems: Vec::new(),
            more: 0,
            withheld: false,
        })
    }
}
