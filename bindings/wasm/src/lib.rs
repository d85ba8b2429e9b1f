//! # plaudit-wasm
//!
//! The Plaudit rules engine for browsers and Node, through wasm-bindgen: the same decisions
//! as the Rust core, byte for byte, with a camelCase API over plain JS objects.
//!
//! ```js
//! import { Engine, PlauditError } from "plaudit";
//! const engine = new Engine({ eligibility: { min_health_score: 70 } });
//! engine.eligibility(advocate, "2026-03-01");   // { eligible, reasons, readiness, ... }
//! ```
//!
//! This crate only converts: arguments in (`convert`), the core call, the result out, and
//! bad input thrown as a `PlauditError` (`error`). The rules are all in `plaudit`; no wasm
//! attribute is in the core. TypeScript types for every input and output are generated from
//! the core's JSON Schemas by `build.rs`.

mod convert;
mod engine;
mod error;

use plaudit::{Advocate, Request};
use wasm_bindgen::prelude::*;

pub use engine::{Engine, Roster};
pub use error::Problems;

#[wasm_bindgen(typescript_custom_section)]
const TYPES_TS: &str = include_str!(concat!(env!("OUT_DIR"), "/types.d.ts"));

/// The policy's JSON Schema, generated from the core at build time.
const POLICY_SCHEMA: &str = include_str!(concat!(env!("OUT_DIR"), "/policy.schema.json"));

/// The JSON Schema (2020-12) of a policy document, for editors and settings UIs.
#[wasm_bindgen(
    js_name = "policySchema",
    unchecked_return_type = "Record<string, unknown>"
)]
pub fn policy_schema() -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(POLICY_SCHEMA)
}

/// Reads a request (docs/rules.md#records) as the core does: normalized (keys in `snake_case`, country
/// upper case, language lower case) and checked field by field. Throws a `PlauditError`
/// listing every bad field with its path (`prospect.country`, `count`, `needed_by`, ...).
///
/// Policy rules on requests (lead times, incentive warnings) are `Engine.validateRequest`'s.
#[wasm_bindgen(js_name = "parseRequest", unchecked_return_type = "Request")]
pub fn parse_request(
    #[wasm_bindgen(unchecked_param_type = "RequestInput")] request: JsValue,
) -> Result<JsValue, Problems> {
    convert::to_js(&convert::record::<Request>(request, "request")?)
}

/// Reads one advocate as the core does (normalized, checked); throws a `PlauditError` with
/// every bad field.
#[wasm_bindgen(js_name = "parseAdvocate", unchecked_return_type = "Advocate")]
pub fn parse_advocate(
    #[wasm_bindgen(unchecked_param_type = "AdvocateInput")] advocate: JsValue,
) -> Result<JsValue, Problems> {
    convert::to_js(&convert::record::<Advocate>(advocate, "advocate")?)
}

/// Reads a list of advocates (paths `advocates[3].nps`), checking that ids are unique.
#[wasm_bindgen(js_name = "parseAdvocates", unchecked_return_type = "Advocate[]")]
pub fn parse_advocates(
    #[wasm_bindgen(unchecked_param_type = "AdvocateInput[]")] advocates: JsValue,
) -> Result<JsValue, Problems> {
    convert::to_js(&convert::record::<Vec<Advocate>>(advocates, "advocates")?)
}
