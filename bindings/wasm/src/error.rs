//! Bad input becomes a thrown `PlauditError` (js/plaudit-error.js), a real `Error` subclass
//! with `code`, `path`, `message` and `errors` (every problem). Decisions are never errors.

use plaudit::{ErrorCode, FieldError, PolicyError, RecordError};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/plaudit-error.js")]
extern "C" {
    /// The JS class thrown for bad input.
    #[wasm_bindgen(extends = js_sys::Error)]
    #[derive(Debug, Clone)]
    pub type PlauditError;

    #[wasm_bindgen(constructor)]
    fn new(message: &str, code: &str, path: &str, errors: JsValue) -> PlauditError;

    /// The class itself (a class is a function), re-exported by the package so callers can
    /// `instanceof` it. Typed by js/plaudit-error.d.ts: wasm-bindgen would type a re-exported
    /// type import as `unknown`.
    #[wasm_bindgen(js_name = "PlauditError", reexport, skip_typescript)]
    fn plaudit_error_class();
}

#[wasm_bindgen(typescript_custom_section)]
const PLAUDIT_ERROR_TS: &str = include_str!("../js/plaudit-error.d.ts");

/// Every problem found in one call's input, in the core's order. Thrown as a
/// `PlauditError` when it crosses into JS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems {
    /// Never empty.
    pub errors: Vec<FieldError>,
}

impl Problems {
    /// One problem.
    pub fn one(path: &str, code: ErrorCode, message: impl Into<String>) -> Self {
        Problems {
            errors: vec![FieldError::new(path, code, message)],
        }
    }

    /// The first problem's code (the error's `code`).
    pub fn code(&self) -> ErrorCode {
        self.errors
            .first()
            .map_or(ErrorCode::InvalidValue, |e| e.code)
    }

    /// The first problem's path (the error's `path`).
    pub fn path(&self) -> &str {
        self.errors.first().map_or("", |e| e.path.as_str())
    }

    /// The problems as a request form's verdict (`ok: false`, one error each; the path of
    /// the whole request is the empty field).
    pub fn as_validation(&self) -> plaudit::RequestValidation {
        plaudit::RequestValidation {
            ok: false,
            errors: self
                .errors
                .iter()
                .map(|e| plaudit::Issue {
                    field: std::borrow::Cow::Borrowed(""),
                    code: std::borrow::Cow::Borrowed(e.code.as_str()),
                    message: e.message.clone(),
                })
                .collect(),
            warnings: Vec::new(),
        }
    }

    /// Every problem, one per line, as the core prints them.
    pub fn message(&self) -> String {
        RecordError {
            errors: self.errors.clone(),
        }
        .to_string()
    }
}

impl From<RecordError> for Problems {
    fn from(e: RecordError) -> Self {
        Problems { errors: e.errors }
    }
}

impl From<PolicyError> for Problems {
    fn from(e: PolicyError) -> Self {
        Problems { errors: e.errors }
    }
}

impl From<Problems> for JsValue {
    fn from(p: Problems) -> JsValue {
        let errors = crate::convert::to_js(&p.errors).unwrap_or(JsValue::NULL);
        PlauditError::new(&p.message(), p.code().as_str(), p.path(), errors).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_problem_gives_code_and_path_and_message_lists_all() {
        let p = Problems::from(RecordError {
            errors: vec![
                FieldError::new("count", ErrorCode::OutOfRange, "0 is out of range 1..=10"),
                FieldError::new("prospect.country", ErrorCode::InvalidCountry, "`XX` is bad"),
            ],
        });
        assert_eq!(p.code(), ErrorCode::OutOfRange);
        assert_eq!(p.path(), "count");
        assert_eq!(
            p.message(),
            "count: 0 is out of range 1..=10\nprospect.country: `XX` is bad"
        );
    }
}
