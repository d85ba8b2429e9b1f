//! An ask for `check`: a kind on a date, with an optional incentive and topic, parsed and
//! validated like every record (every problem with its path).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::input::records::{ActivityKind, Incentive};

/// An ask: a kind on a date, optionally with an incentive and (for testimonials) a topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self")]
#[cfg_attr(feature = "schema", schemars(rename = "Ask"))]
pub struct Ask {
    /// What is asked for.
    pub kind: ActivityKind,
    /// The date of the activity.
    #[serde(with = "crate::input::dates::req")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub date: NaiveDate,
    /// The incentive offered.
    #[serde(default)]
    pub incentive: Option<Incentive>,
    /// The topic (testimonials may not repeat one within a window).
    #[serde(default)]
    pub topic: Option<String>,
}

impl Ask {
    /// Checks the ask's own fields (the incentive's value and currency, the topic's length),
    /// appending problems under `path`.
    pub fn validate_into(&self, path: &str, errors: &mut Vec<crate::FieldError>) {
        if let Some(inc) = &self.incentive {
            inc.validate_into(&crate::input::records::join(path, "incentive"), errors);
        }
        if let Some(t) = &self.topic {
            let len = t.chars().count();
            if len > crate::input::records::MAX_KEY_CHARS {
                errors.push(crate::FieldError::new(
                    crate::input::records::join(path, "topic"),
                    crate::ErrorCode::TooLong,
                    format!(
                        "{len} characters is longer than {}",
                        crate::input::records::MAX_KEY_CHARS
                    ),
                ));
            }
        }
    }
}

/// Parses an ask from JSON text and checks it, reporting every problem with its path under
/// `root` (`ask.incentive.currency`), as records are.
///
/// ```
/// let err = plaudit::parse_ask(
///     r#"{"kind": "case_study", "date": "2026-03-01", "incentive": {"kind": "cash", "value": -100, "currency": "dollars"}}"#,
///     "ask",
/// )
/// .unwrap_err();
/// let paths: Vec<&str> = err.errors.iter().map(|e| e.path.as_str()).collect();
/// assert_eq!(paths, ["ask.incentive.currency", "ask.incentive.value"]);
/// ```
pub fn parse_ask(json: &str, root: &str) -> Result<Ask, crate::RecordError> {
    let (ask, mut errors) = crate::input::parse::from_json_str_lenient::<Ask>(json, root);
    let Some(ask) = ask else {
        return Err(crate::RecordError { errors });
    };
    let mut more = Vec::new();
    ask.validate_into(root, &mut more);
    crate::input::records::merge_errors(&mut errors, more);
    crate::RecordError::from_errors(errors)?;
    Ok(ask)
}

crate::macros::objects_only!(Ask);
