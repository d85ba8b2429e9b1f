//! JS values in and out.
//!
//! Inputs are plain JS objects. Each is handed to the core as the JSON text a JS caller
//! means by it (`JSON.stringify`: `undefined` fields are absent, as in any JSON API) and read
//! by the core's own parser, so a record is normalized, checked and reported on exactly as
//! in Rust and Python: every problem with its path. Measured, this is also the faster way in
//! (native `JSON.stringify` plus serde_json beat field-by-field serde-wasm-bindgen reads) and
//! keeps a second deserializer out of the `.wasm`.
//!
//! Outputs are plain objects built by serde-wasm-bindgen (maps as objects, `None` as
//! `null`): the same shape as the core's serde JSON, and faster than JSON text plus
//! `JSON.parse` for large results.

use chrono::NaiveDate;
use plaudit::check::Ask;
use plaudit::{
    ActivityKind, Advocate, CoverageTarget, ErrorCode, FieldError, Policy, RecordError, Request,
    Roster,
};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::Problems;

/// Converts a Rust value to a plain JS value shaped like its serde JSON.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Problems> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    value.serialize(&serializer).map_err(|e| {
        Problems::one(
            "",
            ErrorCode::InvalidValue,
            format!("the result could not be converted: {e}"),
        )
    })
}

/// A record type the API reads from a JS value, with the core's parser: normalized,
/// checked, and every problem reported with its path.
pub trait Record: Sized {
    /// Where the parser's paths start: `""` for one record, the list's name for a list
    /// (`advocates[3].nps`).
    const ROOT: &'static str = "";
    /// Parses JSON text.
    fn parse(json: &str) -> Result<Self, RecordError>;
}

#[wasm_bindgen(module = "/js/non-finite.js")]
extern "C" {
    /// The paths of NaN and infinite numbers in a value (js/non-finite.js), each ending in
    /// a NUL (one string crosses the boundary, not a list of them).
    #[wasm_bindgen(js_name = "nonFinitePaths")]
    fn non_finite_paths(value: &JsValue) -> String;
}

/// The numbers of `value` JSON cannot hold (NaN, the infinities), each `out_of_range` at its
/// path under `root`: invalid, never the absent value `JSON.stringify` makes of them (see
/// docs/rules.md, *One meaning of valid input*), as the core and the Python door report a
/// non-finite number. `json` is the value's JSON text: without a `null` in it, no number was
/// turned into one, and the value is not walked again.
fn non_finite(value: &JsValue, json: &str, root: &str) -> Vec<FieldError> {
    // A byte scan, not `str::contains` (its substring searcher costs ~2 KB of `.wasm`).
    if !json.as_bytes().windows(4).any(|w| w == b"null") {
        return Vec::new();
    }
    non_finite_paths(value)
        .split_terminator('\0')
        .take(plaudit::MAX_REPORTED_ERRORS)
        .map(|p| {
            let path = if p.is_empty() || root.is_empty() || p.starts_with('[') {
                format!("{root}{p}")
            } else {
                format!("{root}.{p}")
            };
            FieldError::new(
                path,
                ErrorCode::OutOfRange,
                "a non-finite number (NaN or an infinity) is not a number in range",
            )
        })
        .collect()
}

/// The non-finite numbers first, then the parser's problems except those at or under one of
/// them (where the JSON held `null`), capped as the core caps them.
fn with_non_finite(unreadable: Vec<FieldError>, found: Option<RecordError>) -> Problems {
    let found = found.map(|e| e.errors).unwrap_or_default();
    let hidden = |p: &str| {
        unreadable.iter().any(|u| {
            p.strip_prefix(u.path.as_str()).is_some_and(|rest| {
                u.path.is_empty()
                    || rest.is_empty()
                    || rest.starts_with('.')
                    || rest.starts_with('[')
            })
        })
    };
    let found: Vec<FieldError> = found.into_iter().filter(|e| !hidden(&e.path)).collect();
    let mut errors = unreadable;
    errors.extend(found);
    errors.truncate(plaudit::MAX_REPORTED_ERRORS);
    Problems { errors }
}

impl Record for Advocate {
    fn parse(json: &str) -> Result<Self, RecordError> {
        plaudit::parse_advocate(json)
    }
}

impl Record for Vec<Advocate> {
    const ROOT: &'static str = "advocates";
    fn parse(json: &str) -> Result<Self, RecordError> {
        plaudit::parse_advocates(json)
    }
}

impl Record for Request {
    fn parse(json: &str) -> Result<Self, RecordError> {
        plaudit::parse_request(json)
    }
}

impl Record for Roster {
    const ROOT: &'static str = "advocates";
    fn parse(json: &str) -> Result<Self, RecordError> {
        Roster::from_json(json)
    }
}

impl Record for Ask {
    fn parse(json: &str) -> Result<Self, RecordError> {
        plaudit::parse_ask(json, "")
    }
}

#[cfg(feature = "measure")]
impl Record for Vec<plaudit::Opportunity> {
    const ROOT: &'static str = "opportunities";
    fn parse(json: &str) -> Result<Self, RecordError> {
        plaudit::parse_opportunities(json)
    }
}

impl Record for Vec<CoverageTarget> {
    const ROOT: &'static str = "targets";
    fn parse(json: &str) -> Result<Self, RecordError> {
        plaudit::parse_json(json, "targets")
    }
}

/// Reads a raw JSON argument that the core judges itself (a half-filled request form):
/// `undefined` reads as `null`. With it, its non-finite numbers (`null` in the JSON).
pub fn raw(value: &JsValue, arg: &str) -> Result<(serde_json::Value, Vec<FieldError>), Problems> {
    if value.is_undefined() {
        return Ok((serde_json::Value::Null, Vec::new()));
    }
    let json = json_text(value, arg)?;
    let v = serde_json::from_str(&json)
        .map_err(|e| Problems::one(arg, ErrorCode::Syntax, e.to_string()))?;
    Ok((v, non_finite(value, &json, "")))
}

/// Reads a record argument named `arg`.
pub fn record<T: Record>(value: JsValue, arg: &str) -> Result<T, Problems> {
    let json = json_text(&value, arg)?;
    let parsed = T::parse(&json);
    let unreadable = non_finite(&value, &json, T::ROOT);
    if unreadable.is_empty() {
        return parsed.map_err(Problems::from);
    }
    Err(with_non_finite(unreadable, parsed.err()))
}

/// `JSON.stringify(value)`: the JSON text a JS caller means by a plain object.
pub fn json_text(value: &JsValue, arg: &str) -> Result<String, Problems> {
    if value.is_undefined() {
        return Err(Problems::one(arg, ErrorCode::MissingField, "is required"));
    }
    match js_sys::JSON::stringify(value) {
        Ok(s) => s
            .as_string()
            .ok_or_else(|| not_json(arg, "it has no JSON form")),
        Err(e) => Err(not_json(
            arg,
            &js_sys::Error::from(e)
                .message()
                .as_string()
                .unwrap_or_default(),
        )),
    }
}

fn not_json(arg: &str, why: &str) -> Problems {
    Problems::one(
        arg,
        ErrorCode::InvalidType,
        format!("must be plain JSON data: {why}"),
    )
}

/// Reads a policy argument: absent (the defaults), a plain object, or JSON text; TOML text
/// too with the `toml` feature (the Node package; the browser package leaves the TOML
/// parser out to stay within its size budget).
pub fn policy(value: Option<JsValue>) -> Result<Option<Policy>, Problems> {
    let Some(value) = value.filter(|v| !v.is_null() && !v.is_undefined()) else {
        return Ok(None);
    };
    match value.as_string() {
        Some(text) => policy_text(&text).map(Some),
        None => {
            let json = json_text(&value, "policy")?;
            let unreadable = non_finite(&value, &json, "");
            match Policy::from_json(&json) {
                Ok(p) if unreadable.is_empty() => Ok(Some(p)),
                Ok(_) => Err(with_non_finite(unreadable, None)),
                Err(e) => Err(with_non_finite(
                    unreadable,
                    Some(RecordError { errors: e.errors }),
                )),
            }
        }
    }
}

#[cfg(feature = "toml")]
fn policy_text(text: &str) -> Result<Policy, Problems> {
    Ok(Policy::from_text(text)?)
}

#[cfg(not(feature = "toml"))]
fn policy_text(text: &str) -> Result<Policy, Problems> {
    if text.trim_start().starts_with('{') {
        Ok(Policy::from_json(text)?)
    } else {
        Err(Problems::one(
            "policy",
            ErrorCode::InvalidType,
            "TOML text is read by the Node package and the Rust crate; in the browser pass \
             the policy as an object or as JSON text",
        ))
    }
}

/// Reads a text argument: anything but a string (a number, a `Date`, an object, a Symbol) is
/// an `invalid_type` problem, never a trap.
fn text(value: &JsValue, arg: &str, what: &str) -> Result<String, Problems> {
    value.as_string().ok_or_else(|| {
        Problems::one(
            arg,
            ErrorCode::InvalidType,
            format!(
                "expected {what} as a string, got {}",
                value.js_typeof().as_string().unwrap_or_default()
            ),
        )
    })
}

/// Reads a date argument (`YYYY-MM-DD`).
pub fn date(value: &JsValue, arg: &str) -> Result<NaiveDate, Problems> {
    if value.is_undefined() || value.is_null() {
        return Err(Problems::one(arg, ErrorCode::MissingField, "is required"));
    }
    let s = text(value, arg, "a date `YYYY-MM-DD`")?;
    plaudit::dates::parse_date(&s).map_err(|m| Problems::one(arg, ErrorCode::InvalidDate, m))
}

/// Reads a period argument `{from, to}` (two dates; problems at `period.from`, `period.to`).
#[cfg(feature = "measure")]
pub fn period(value: &JsValue, arg: &str) -> Result<(NaiveDate, NaiveDate), Problems> {
    if value.is_undefined() || value.is_null() {
        return Err(Problems::one(arg, ErrorCode::MissingField, "is required"));
    }
    if !value.is_object() {
        return Err(Problems::one(
            arg,
            ErrorCode::InvalidType,
            "expected an object `{from, to}`",
        ));
    }
    let field = |name: &str| {
        let v = js_sys::Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
        date(&v, &format!("{arg}.{name}"))
    };
    match (field("from"), field("to")) {
        (Ok(from), Ok(to)) => Ok((from, to)),
        (Err(mut a), Err(b)) => {
            a.errors.extend(b.errors);
            Err(a)
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// Reads an optional activity-kind argument.
pub fn kind(value: Option<JsValue>, arg: &str) -> Result<Option<ActivityKind>, Problems> {
    let Some(value) = value.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(None);
    };
    let s = text(&value, arg, "an activity kind")?;
    match ActivityKind::parse(&s) {
        Some(k) => Ok(Some(k)),
        None => {
            let names: Vec<&str> = ActivityKind::ALL.iter().map(|k| k.as_str()).collect();
            Err(Problems::one(
                arg,
                ErrorCode::InvalidValue,
                format!("`{}` is not one of {}", clip(&s), names.join(", ")),
            ))
        }
    }
}

/// Shortens user input quoted in a message.
fn clip(s: &str) -> String {
    const MAX: usize = 64;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut}…")
    }
}
