//! Errors for bad input: every problem collected, each with a code, a field path and a
//! message. Decisions are never errors; see [`crate::Reason`] for those.

use serde::{Deserialize, Serialize};

use crate::macros::string_enum;

string_enum! {
    /// Stable code of an input problem.
    pub enum ErrorCode {
        /// The text is not well-formed JSON or TOML.
        Syntax => "syntax",
        /// A value has the wrong JSON type.
        InvalidType => "invalid_type",
        /// A value is not one of the accepted names.
        InvalidValue => "invalid_value",
        /// A required field is absent.
        MissingField => "missing_field",
        /// A required value is empty.
        Required => "required",
        /// A date is not `YYYY-MM-DD`.
        InvalidDate => "invalid_date",
        /// A number is outside its range.
        OutOfRange => "out_of_range",
        /// Two fields contradict each other (an end before a start, weights summing to 0).
        InvalidRange => "invalid_range",
        /// A string is too long.
        TooLong => "too_long",
        /// A list or input is larger than the engine accepts.
        TooMany => "too_many",
        /// Not an ISO 3166-1 alpha-2 country code.
        InvalidCountry => "invalid_country",
        /// Not an ISO 639-1 language code.
        InvalidLanguage => "invalid_language",
        /// Not an ISO 4217 currency code.
        InvalidCurrency => "invalid_currency",
        /// Two records share an id.
        DuplicateId => "duplicate_id",
        /// A policy key that the schema does not know (a typo must never pass silently).
        UnknownKey => "unknown_key",
        /// The policy `version` is not supported.
        UnsupportedVersion => "unsupported_version",
    }
}

/// One problem in the input: where, what, and a human message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FieldError {
    /// Path of the field, e.g. `advocates[3].consents[0].on`; empty for the whole input.
    pub path: String,
    /// Stable code.
    pub code: ErrorCode,
    /// Lowercase human message; user input in backticks.
    pub message: String,
    /// 1-based line in the source text, when known (TOML and JSON text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column in the source text, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

impl FieldError {
    /// A problem at `path`.
    pub fn new(path: impl Into<String>, code: ErrorCode, message: impl Into<String>) -> Self {
        FieldError {
            path: path.into(),
            code,
            message: message.into(),
            line: None,
            column: None,
        }
    }

    /// The same problem with a source position.
    pub fn at(mut self, line: u32, column: u32) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, "{l}:{c}: ")?;
        }
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

fn write_all(f: &mut std::fmt::Formatter<'_>, errors: &[FieldError]) -> std::fmt::Result {
    for (i, e) in errors.iter().enumerate() {
        if i > 0 {
            f.write_str("\n")?;
        }
        write!(f, "{e}")?;
    }
    Ok(())
}

/// Bad records: every problem found, in input order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct RecordError {
    /// All problems (never empty).
    pub errors: Vec<FieldError>,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write_all(f, &self.errors)
    }
}

impl RecordError {
    /// `Ok(())` when `errors` is empty, else the error holding them all.
    pub fn from_errors(errors: Vec<FieldError>) -> Result<(), RecordError> {
        if errors.is_empty() {
            Ok(())
        } else {
            Err(RecordError { errors })
        }
    }

    /// A single problem.
    pub fn single(path: impl Into<String>, code: ErrorCode, message: impl Into<String>) -> Self {
        RecordError {
            errors: vec![FieldError::new(path, code, message)],
        }
    }
}

/// A bad policy: every problem found, each with its key path and, for TOML, line and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct PolicyError {
    /// All problems (never empty).
    pub errors: Vec<FieldError>,
}

impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write_all(f, &self.errors)
    }
}

impl PolicyError {
    /// `Ok(())` when `errors` is empty, else the error holding them all.
    pub fn from_errors(errors: Vec<FieldError>) -> Result<(), PolicyError> {
        if errors.is_empty() {
            Ok(())
        } else {
            Err(PolicyError { errors })
        }
    }
}
