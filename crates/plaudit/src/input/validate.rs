//! Request validation (docs/rules.md#request-validation): the browser form calls this on every keystroke, so it works
//! on a raw JSON value (a half-filled form is normal input) and allocates little.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ErrorCode, FieldError};
use crate::input::dates::{day, parse_date};
use crate::input::records::{
    ActivityKind, IncentiveKind, MAX_NOTES_CHARS, MAX_REQUEST_COUNT, Request, Segment,
};
use crate::policy::Policy;

/// One problem in a request: a JSON-pointer-like field path (`/prospect/country`), a stable
/// code, and a message for the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Issue {
    /// JSON-pointer-like path of the field.
    pub field: Cow<'static, str>,
    /// Stable code (see `docs/reasons.md` and the list in [`crate::Engine::validate_request`]).
    pub code: Cow<'static, str>,
    /// Message for the person filling the form.
    pub message: String,
}

/// The verdict on a request: `ok` when there are no errors (warnings do not block).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequestValidation {
    /// No errors.
    pub ok: bool,
    /// Problems that block the request, in form order.
    pub errors: Vec<Issue>,
    /// Things to reconsider; they do not block.
    pub warnings: Vec<Issue>,
}

/// A required field left empty, with the code `rank` gives it: `missing_field` when the key
/// is absent, `invalid_type` when it is null, `blank` (what `rank` says of the text) when it
/// holds blank text. A value of another type was reported already.
fn empty(
    v: &Value,
    key: &str,
    field: &'static str,
    (blank, hint): (&'static str, &str),
    errors: &mut Vec<Issue>,
) {
    let code = match v.get(key) {
        None => "missing_field",
        Some(Value::Null) => "invalid_type",
        Some(Value::String(s)) if s.trim().is_empty() => blank,
        Some(_) => return,
    };
    errors.push(issue(field, code, hint.to_owned()));
}

fn issue(field: &'static str, code: &'static str, message: String) -> Issue {
    Issue {
        field: Cow::Borrowed(field),
        code: Cow::Borrowed(code),
        message,
    }
}

fn str_field<'v>(
    v: &'v Value,
    key: &str,
    field: &'static str,
    errors: &mut Vec<Issue>,
) -> Option<&'v str> {
    match v.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(s.trim()),
        Some(_) => {
            errors.push(issue(field, "invalid_type", "must be text".to_owned()));
            None
        }
    }
}

fn date_field(
    v: &Value,
    key: &str,
    field: &'static str,
    errors: &mut Vec<Issue>,
) -> Option<NaiveDate> {
    let s = str_field(v, key, field, errors)?;
    match parse_date(s) {
        Ok(d) => Some(d),
        Err(m) => {
            errors.push(issue(field, "invalid_date", m));
            None
        }
    }
}

fn number_field(v: &Value, key: &str, field: &'static str, errors: &mut Vec<Issue>) -> Option<f64> {
    match v.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => match s.trim().parse::<f64>() {
            Ok(x) if x.is_finite() => Some(x),
            _ => {
                errors.push(issue(
                    field,
                    "invalid_type",
                    format!("`{}` is not a number", crate::input::dates::clip(s)),
                ));
                None
            }
        },
        Some(_) => {
            errors.push(issue(field, "invalid_type", "must be a number".to_owned()));
            None
        }
    }
}

/// The problems `rank` would find in the request (its reading as a record and the record's
/// own checks) on fields the form checks above left silent: the form accepts exactly what
/// ranking accepts. A form has no request id yet (it is given on submission), so only an
/// absent `id` is let through.
fn record_problems(v: &Value, errors: &mut Vec<Issue>) {
    let (request, mut found) = crate::input::parse::from_value_lenient::<Request>(v.clone(), "");
    if let Some(mut r) = request {
        r.normalize();
        let mut more = Vec::new();
        r.validate_into("", &mut more);
        crate::input::records::merge_errors(&mut found, more);
    }
    for e in found {
        if e.path == "id" && e.code == ErrorCode::MissingField {
            continue;
        }
        let field = pointer(&e.path);
        if errors.iter().any(|x| x.field == field) {
            continue;
        }
        errors.push(Issue {
            field: Cow::Owned(field),
            code: Cow::Borrowed(e.code.as_str()),
            message: e.message,
        });
    }
}

/// A record path (`prospect.products[2]`) as a form field path (`/prospect/products/2`).
fn pointer(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 1);
    for part in path.split('.') {
        for (i, piece) in part.split('[').enumerate() {
            if i == 0 && piece.is_empty() && part.starts_with('[') {
                continue;
            }
            out.push('/');
            out.push_str(piece.trim_end_matches(']'));
        }
    }
    out
}

/// Validates a reference request as a form holds it (docs/rules.md#request-validation).
///
/// Errors: `missing_field` (absent), `invalid_type` (null) or `invalid_value` (blank or
/// unknown) for the kind, the same or `invalid_date` for the dates (the codes `rank` gives),
/// `invalid_range` (`needed_by` before `requested_on`), `lead_time_too_short`, `out_of_range` (count, a negative deal or
/// incentive value; a non-finite one through `Engine::validate_request_with`), `invalid_value`
/// (segment, incentive kind), `invalid_country`, `invalid_language`, `too_long` (notes),
/// `review_incentive_forbidden`, `invalid_type`. Warnings: `incentive_below_fair_value`,
/// `needed_by_far_out` (more than a year after `requested_on`).
///
pub(crate) fn validate_request(policy: &Policy, v: &Value) -> RequestValidation {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    if !v.is_object() {
        errors.push(issue(
            "",
            "invalid_type",
            "a request must be an object".to_owned(),
        ));
        return RequestValidation {
            ok: false,
            errors,
            warnings,
        };
    }

    let kind = match str_field(v, "kind", "/kind", &mut errors) {
        None => {
            empty(
                v,
                "kind",
                "/kind",
                ("invalid_value", "choose an activity kind"),
                &mut errors,
            );
            None
        }
        Some(s) => match ActivityKind::parse(s) {
            Some(k) => Some(k),
            None => {
                errors.push(issue(
                    "/kind",
                    "invalid_value",
                    format!("`{}` is not an activity kind", crate::input::dates::clip(s)),
                ));
                None
            }
        },
    };

    let requested_on = date_field(v, "requested_on", "/requested_on", &mut errors);
    if requested_on.is_none() && !errors.iter().any(|e| e.field == "/requested_on") {
        empty(
            v,
            "requested_on",
            "/requested_on",
            ("invalid_date", "enter the request date"),
            &mut errors,
        );
    }
    let needed_by = date_field(v, "needed_by", "/needed_by", &mut errors);
    if needed_by.is_none() && !errors.iter().any(|e| e.field == "/needed_by") {
        empty(
            v,
            "needed_by",
            "/needed_by",
            ("invalid_date", "enter the date it is needed by"),
            &mut errors,
        );
    }
    if let (Some(r), Some(n)) = (requested_on, needed_by) {
        let days = i64::from(day(n)) - i64::from(day(r));
        if days < 0 {
            errors.push(issue(
                "/needed_by",
                "invalid_range",
                format!("{n} is before the request date {r}"),
            ));
        } else {
            if let Some(k) = kind {
                let lead = policy.kind(k).lead_time_days;
                if days < i64::from(lead) {
                    errors.push(issue(
                        "/needed_by",
                        "lead_time_too_short",
                        format!(
                            "a {} needs {lead} days of lead time; this leaves {days}",
                            k.as_str().replace('_', " ")
                        ),
                    ));
                }
            }
            if days > 365 {
                warnings.push(issue(
                    "/needed_by",
                    "needed_by_far_out",
                    format!("{days} days out: more than a year ahead"),
                ));
            }
        }
    }

    if let Some(c) = number_field(v, "count", "/count", &mut errors) {
        // A fraction is no count at all, as `rank` reads it (a wrong type, not a range).
        if c.fract() != 0.0 {
            errors.push(issue(
                "/count",
                "invalid_type",
                format!("{c} is not a whole number"),
            ));
        } else if c < 1.0 || c > f64::from(MAX_REQUEST_COUNT) {
            errors.push(issue(
                "/count",
                "out_of_range",
                format!("{c} is out of range 1..={MAX_REQUEST_COUNT}"),
            ));
        }
    }

    match v.get("prospect") {
        None | Some(Value::Null) => {}
        Some(p) if p.is_object() => {
            if let Some(s) = str_field(p, "segment", "/prospect/segment", &mut errors) {
                if Segment::parse(s).is_none() {
                    errors.push(issue(
                        "/prospect/segment",
                        "invalid_value",
                        format!(
                            "`{}` is not one of `smb`, `mid_market`, `enterprise`",
                            crate::input::dates::clip(s)
                        ),
                    ));
                }
            }
            if let Some(s) = str_field(p, "country", "/prospect/country", &mut errors) {
                if !crate::input::geo::is_country(s) {
                    errors.push(issue(
                        "/prospect/country",
                        "invalid_country",
                        format!(
                            "`{}` is not an ISO 3166-1 alpha-2 country code",
                            crate::input::dates::clip(s)
                        ),
                    ));
                }
            }
            if let Some(s) = str_field(p, "language", "/prospect/language", &mut errors) {
                if !crate::input::geo::is_language(s) {
                    errors.push(issue(
                        "/prospect/language",
                        "invalid_language",
                        format!(
                            "`{}` is not an ISO 639-1 language code",
                            crate::input::dates::clip(s)
                        ),
                    ));
                }
            }
        }
        Some(_) => errors.push(issue(
            "/prospect",
            "invalid_type",
            "must be an object".to_owned(),
        )),
    }

    match v.get("incentive") {
        None | Some(Value::Null) => {}
        Some(inc) if inc.is_object() => {
            let ikind = str_field(inc, "kind", "/incentive/kind", &mut errors);
            if let Some(s) = ikind {
                if IncentiveKind::parse(s).is_none() {
                    errors.push(issue(
                        "/incentive/kind",
                        "invalid_value",
                        format!(
                            "`{}` is not an incentive kind",
                            crate::input::dates::clip(s)
                        ),
                    ));
                }
            }
            let value = number_field(inc, "value", "/incentive/value", &mut errors);
            if let Some(x) = value {
                if x < 0.0 {
                    errors.push(issue(
                        "/incentive/value",
                        "out_of_range",
                        format!("{x} must be >= 0"),
                    ));
                }
            }
            if kind == Some(ActivityKind::Review) && !policy.compliance.review_incentives_allowed {
                errors.push(issue(
                    "/incentive",
                    "review_incentive_forbidden",
                    "reviews may not be incentivized (review-site terms)".to_owned(),
                ));
            } else if let (Some(k), Some(x)) = (kind, value) {
                let fair = policy.compliance.fair_value_per_hour * policy.kind(k).effort_hours;
                if x >= 0.0 && x < fair {
                    warnings.push(issue(
                        "/incentive/value",
                        "incentive_below_fair_value",
                        format!("{x} is below the fair value of {fair} for this activity"),
                    ));
                }
            }
        }
        Some(_) => errors.push(issue(
            "/incentive",
            "invalid_type",
            "must be an object".to_owned(),
        )),
    }

    if let Some(n) = str_field(v, "notes", "/notes", &mut errors) {
        let len = n.chars().count();
        if len > MAX_NOTES_CHARS {
            errors.push(issue(
                "/notes",
                "too_long",
                format!("{len} characters is longer than {MAX_NOTES_CHARS}"),
            ));
        }
    }

    record_problems(v, &mut errors);

    RequestValidation {
        ok: errors.is_empty(),
        errors,
        warnings,
    }
}

impl crate::Engine {
    /// Validates a request as a form holds it (docs/rules.md#request-validation); see [`RequestValidation`].
    ///
    /// ```
    /// let engine = plaudit::Engine::default();
    /// let v = engine.validate_request(&serde_json::json!({
    ///     "kind": "case_study", "requested_on": "2026-03-01", "needed_by": "2026-03-06",
    ///     "prospect": {"industry": "retail", "country": "U5"}
    /// }));
    /// assert!(!v.ok);
    /// let codes: Vec<_> = v.errors.iter().map(|e| (e.field.as_ref(), e.code.as_ref())).collect();
    /// assert_eq!(codes, [("/needed_by", "lead_time_too_short"), ("/prospect/country", "invalid_country")]);
    /// ```
    pub fn validate_request(&self, request: &Value) -> RequestValidation {
        validate_request(self.policy(), request)
    }

    /// Validates a request as [`validate_request`](Self::validate_request) does, for a form
    /// whose caller held numbers JSON cannot hold (NaN, the infinities, an integer beyond 64
    /// bits): a binding finds them while converting its value to `request` (where it puts
    /// `null`) and passes them as `unreadable`, with their record paths. Each is an error of
    /// its field, first, in place of whatever the form finds at or under that field, so the
    /// form gives the code and path `rank` gives for the same value.
    ///
    /// ```
    /// use plaudit::{ErrorCode, FieldError};
    /// let engine = plaudit::Engine::default();
    /// // A form holding `deal_value: NaN` reaches the core as `null`.
    /// let request = serde_json::json!({
    ///     "kind": "case_study", "requested_on": "2026-03-01", "needed_by": "2026-04-01",
    ///     "prospect": {"industry": "retail", "country": "US"}, "deal_value": null
    /// });
    /// let nan = FieldError::new("deal_value", ErrorCode::OutOfRange, "NaN is not a number");
    /// let v = engine.validate_request_with(&request, &[nan]);
    /// assert!(!v.ok);
    /// assert_eq!((v.errors[0].field.as_ref(), v.errors[0].code.as_ref()), ("/deal_value", "out_of_range"));
    /// assert!(engine.validate_request(&request).ok);
    /// ```
    pub fn validate_request_with(
        &self,
        request: &Value,
        unreadable: &[FieldError],
    ) -> RequestValidation {
        let mut verdict = validate_request(self.policy(), request);
        if unreadable.is_empty() {
            return verdict;
        }
        let fields: Vec<String> = unreadable.iter().map(|e| field_of(&e.path)).collect();
        let hidden = |issue: &Issue| {
            fields.iter().any(|f| {
                issue
                    .field
                    .strip_prefix(f.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/') || f.is_empty())
            })
        };
        verdict.errors.retain(|i| !hidden(i));
        verdict.warnings.retain(|i| !hidden(i));
        let mut errors: Vec<Issue> = unreadable
            .iter()
            .zip(fields)
            .map(|(e, field)| Issue {
                field: Cow::Owned(field),
                code: Cow::Borrowed(e.code.as_str()),
                message: e.message.clone(),
            })
            .collect();
        errors.append(&mut verdict.errors);
        RequestValidation {
            ok: false,
            errors,
            warnings: verdict.warnings,
        }
    }
}

/// The form field of a record path; the whole request (`""`) is the empty field.
fn field_of(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        pointer(path)
    }
}
