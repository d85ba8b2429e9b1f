//! Generates, from the core's JSON Schemas, the TypeScript declarations of every input and
//! output of the JS API (`$OUT_DIR/types.d.ts`, embedded in the package's `.d.ts`) and the
//! policy's JSON Schema (`$OUT_DIR/policy.schema.json`, returned by `policySchema()`), so
//! schemars never ships in the `.wasm`.
//!
//! A new core operation adds its argument types to `INPUTS` and its result type to
//! `OUTPUTS`.

#[path = "build/typescript.rs"]
mod typescript;

use std::error::Error;
use std::path::PathBuf;

use typescript::Root;

fn root<T: schemars::JsonSchema>(generator: &mut schemars::SchemaGenerator) {
    generator.subschema_for::<T>();
}

/// Types the API reads (described as serde reads them).
const INPUTS: &[Root] = &[
    root::<plaudit::Advocate>,
    root::<plaudit::Request>,
    root::<plaudit::Policy>,
    root::<plaudit::ActivityKind>,
    root::<plaudit::check::Ask>,
    root::<plaudit::CoverageTarget>,
    root::<plaudit::Opportunity>,
];

/// Types the API returns (described as serde writes them).
const OUTPUTS: &[Root] = &[
    root::<plaudit::Eligibility>,
    root::<plaudit::Lifecycle>,
    root::<plaudit::FieldError>,
    root::<plaudit::Advocate>,
    root::<plaudit::Request>,
    root::<plaudit::Policy>,
    root::<plaudit::Evaluation>,
    root::<plaudit::check::Check>,
    root::<plaudit::TierStatus>,
    root::<plaudit::RequestValidation>,
    root::<plaudit::Ranking>,
    root::<plaudit::TierAssignment>,
    root::<plaudit::Portfolio>,
    root::<plaudit::Measurement>,
];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=build/typescript.rs");
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    let types = typescript::declarations(INPUTS, OUTPUTS)?;
    std::fs::write(out.join("types.d.ts"), types)?;
    let schema = serde_json::to_string(&plaudit::Policy::json_schema())?;
    std::fs::write(out.join("policy.schema.json"), schema)?;
    Ok(())
}
