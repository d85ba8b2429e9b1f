//! `plaudit validate`: a request checked as the browser form checks it.

use serde_json::Value;

use crate::cli::ValidateArgs;
use crate::diag::Failure;
use crate::input;

/// Runs `validate`; exit 2 when the request has errors (warnings alone pass).
pub fn run(args: &ValidateArgs) -> Result<(), Failure> {
    let engine = super::engine(&args.engine)?;
    let name = input::display_name(&args.request);
    let request: Value = super::read_json(&args.request, "")?;
    let validation = engine.validate_request(&request);
    super::emit(
        &args.output,
        &validation,
        |v, style| crate::report::validation(&name, v, style),
        rows,
    )?;
    if validation.ok {
        Ok(())
    } else {
        Err(Failure::Input {
            problems: Vec::new(),
            more: 0,
            withheld: false,
        })
    }
}

/// CSV: one row per error or warning.
fn rows(v: &Value) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let mut out = Vec::new();
    for (severity, path) in [("error", "errors"), ("warning", "warnings")] {
        for mut r in super::flat(super::items(v, path), &["field", "code", "message"]) {
            r.insert(0, severity.to_owned());
            out.push(r);
        }
    }
    (vec!["severity", "field", "code", "message"], out)
}
