//! The engine operations this tool needs that are not in the core yet. Each is one small
//! function, replaced by the core call once it lands; none re-implements a rule.

use chrono::NaiveDate;
use plaudit::{Advocate, Eligibility, Engine, Lifecycle};
use serde::Serialize;
use serde_json::Value;

use crate::diag::Failure;

/// Until `Engine::evaluate` lands: the lifecycle and eligibility the core decides today.
#[derive(Debug, Serialize)]
pub struct Evaluation {
    id: String,
    lifecycle: Lifecycle,
    eligibility: Eligibility,
    fingerprint: String,
}

/// `Engine::evaluate`.
pub fn evaluate(engine: &Engine, a: &Advocate, as_of: NaiveDate) -> Evaluation {
    Evaluation {
        id: a.id.clone(),
        lifecycle: engine.lifecycle(a, as_of),
        eligibility: engine.eligibility(a, as_of),
        fingerprint: engine.fingerprint().to_owned(),
    }
}

fn missing(what: &str) -> Failure {
    Failure::Io(format!(
        "this build of plaudit does not have `{what}` yet (it lands with the core's next release)"
    ))
}

/// `Engine::check`.
pub fn check(_: &Engine, _: &Advocate, _ask: &Value, _: NaiveDate) -> Result<Value, Failure> {
    Err(missing("Engine::check"))
}

/// `Engine::rank`.
pub fn rank(_: &Engine, _: Vec<Advocate>, _request: &str, _: NaiveDate) -> Result<Value, Failure> {
    Err(missing("Engine::rank"))
}

/// `Engine::assign_tiers`.
pub fn tiers(_: &Engine, _: Vec<Advocate>, _: NaiveDate) -> Result<Value, Failure> {
    Err(missing("Engine::assign_tiers"))
}

/// `Engine::coverage`.
pub fn coverage(
    _: &Engine,
    _: Vec<Advocate>,
    _targets: &str,
    _: NaiveDate,
) -> Result<Value, Failure> {
    Err(missing("Engine::coverage"))
}

/// `Engine::validate_request`.
pub fn validate_request(_: &Engine, _request: &Value) -> Result<Value, Failure> {
    Err(missing("Engine::validate_request"))
}
