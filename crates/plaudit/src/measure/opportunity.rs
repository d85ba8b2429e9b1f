//! The `Opportunity` record: a deal from the CRM, with the advocacy used on it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::ErrorCode as codes;
use crate::error::{FieldError, RecordError};
use crate::input::keys::normalize_key;
use crate::input::records::{ActivityKind, MAX_ID_CHARS, MAX_LIST_ITEMS, Segment, join};
use crate::macros::string_enum;

string_enum! {
    /// Where a deal stands.
    pub enum Stage {
        /// Still being worked (or closed after `as_of`, which measurement treats as open).
        Open => "open",
        /// Closed and won.
        Won => "won",
        /// Closed and lost.
        Lost => "lost",
    }
}

string_enum! {
    /// Where a deal came from.
    pub enum SourceKind {
        /// Referred by a customer; with an `advocate_id`, sourced by that advocate.
        Referral => "referral",
        /// The prospect came in on its own.
        Inbound => "inbound",
        /// Sales reached out.
        Outbound => "outbound",
        /// Through a partner.
        Partner => "partner",
        /// From an event.
        Event => "event",
        /// Anything else.
        Other => "other",
    }
}

/// The source of a deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Source {
    /// What kind of source.
    pub kind: SourceKind,
    /// The advocate who referred the deal (for `referral`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advocate_id: Option<String>,
}

/// Advocacy used on a deal: a reference call, a case study or review shared, a referral...
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Touch {
    /// The advocate (need not be in the roster: deals outlive rosters).
    pub advocate_id: String,
    /// The kind of advocacy.
    pub kind: ActivityKind,
    /// When it happened.
    #[serde(with = "crate::input::dates::req")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub on: NaiveDate,
    /// `false` for unprompted advocacy, which weighs more in `linear` attribution.
    /// Default: true.
    #[serde(default = "default_true")]
    pub solicited: bool,
}

fn default_true() -> bool {
    true
}

/// A deal the CRM holds (see docs/measurement.md, *Inputs*).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Opportunity {
    /// Unique within an input, 1..=128 characters.
    pub id: String,
    /// The prospect's company.
    #[serde(default)]
    pub account_id: String,
    /// When the deal was created.
    #[serde(with = "crate::input::dates::req")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub created_on: NaiveDate,
    /// When it closed: required for `won` and `lost`, absent for `open`.
    #[serde(default, with = "crate::input::dates::opt")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub closed_on: Option<NaiveDate>,
    /// Open, won or lost.
    pub stage: Stage,
    /// The amount, `>= 0`, in `currency`; counted exactly in minor units (two digits),
    /// rounded half away from zero on the decimal as written.
    pub amount: f64,
    /// ISO 4217 code, upper case; absent: `measurement.currency`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Unqualified deals are left out of every figure. Default: true.
    #[serde(default = "default_true")]
    pub qualified: bool,
    /// Company size segment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<Segment>,
    /// Industry key (normalized).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// ISO 3166-1 alpha-2 country (normalized to upper case); its region is derived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Product keys (normalized).
    #[serde(default)]
    pub products: Vec<String>,
    /// Where the deal came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Advocacy used on the deal.
    #[serde(default)]
    pub touches: Vec<Touch>,
}

/// Largest accepted amount (in major units): a thousand billion keeps every sum of minor
/// units far inside 64 bits.
pub const MAX_AMOUNT: f64 = 1e12;
/// Most touches accepted per opportunity.
pub const MAX_TOUCHES: usize = 10_000;

impl Opportunity {
    /// A minimal open deal: the given id, created on `created_on`, amount 0.
    pub fn new(id: impl Into<String>, created_on: NaiveDate) -> Self {
        Opportunity {
            id: id.into(),
            account_id: String::new(),
            created_on,
            closed_on: None,
            stage: Stage::Open,
            amount: 0.0,
            currency: None,
            qualified: true,
            segment: None,
            industry: None,
            country: None,
            products: Vec::new(),
            source: None,
            touches: Vec::new(),
        }
    }

    /// Normalizes ids (trimmed), industry and product keys, and the country (upper case).
    /// Currency codes are not case-folded: `usd` is an error, not `USD`.
    pub fn normalize(&mut self) {
        trim(&mut self.id);
        trim(&mut self.account_id);
        if let Some(i) = &mut self.industry {
            if let std::borrow::Cow::Owned(k) = normal_key(i) {
                *i = k;
            }
        }
        for p in &mut self.products {
            if let std::borrow::Cow::Owned(k) = normal_key(p) {
                *p = k;
            }
        }
        if let Some(c) = &mut self.country {
            if let std::borrow::Cow::Owned(k) = normal_country(c) {
                *c = k;
            }
        }
        for t in &mut self.touches {
            trim(&mut t.advocate_id);
        }
        if let Some(a) = self.source.as_mut().and_then(|s| s.advocate_id.as_mut()) {
            trim(a);
        }
    }

    /// The amount in minor units (two digits), rounded half away from zero on the decimal
    /// as written: `1.005` is 101 units, though binary floating point holds 1.00499999...
    /// `None` for a negative, non-finite or too large amount.
    pub fn amount_units(&self) -> Option<i64> {
        units_of(self.amount)
    }

    /// Checks every field, appending each problem with its path under `path` (e.g.
    /// `opportunities[3]`). Call after [`Opportunity::normalize`].
    pub fn validate_into(&self, path: &str, errors: &mut Vec<FieldError>) {
        let head = Head {
            id: &self.id,
            stage: self.stage,
            created_on: self.created_on,
            closed_on: self.closed_on,
            amount: self.amount,
            currency: self.currency.as_deref(),
            country: self.country.as_deref(),
            industry: self.industry.as_deref(),
            source_advocate: self.source.as_ref().and_then(|s| s.advocate_id.as_deref()),
        };
        check(
            &head,
            &self.products,
            (
                self.touches.len(),
                self.touches.iter().map(|t| t.advocate_id.as_str()),
            ),
            path,
            errors,
        );
    }
}

/// The fields of a deal that are checked one by one, normalized: what a record and a row
/// of [`super::Columns`] are both checked on (one meaning for both doors).
pub(crate) struct Head<'a> {
    pub id: &'a str,
    pub stage: Stage,
    pub created_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub amount: f64,
    pub currency: Option<&'a str>,
    pub country: Option<&'a str>,
    pub industry: Option<&'a str>,
    pub source_advocate: Option<&'a str>,
}

/// Checks a deal: its fields, its product keys, its number of touches (`touches`) and the
/// advocate ids `touch_ids` of its touches (none when the caller knows them valid),
/// appending each problem with its path under `path`.
pub(crate) fn check<'t>(
    head: &Head<'_>,
    products: &[impl AsRef<str>],
    (touches, touch_ids): (usize, impl Iterator<Item = &'t str>),
    path: &str,
    errors: &mut Vec<FieldError>,
) {
    let p = |f: &str| join(path, f);
    check_id(head.id, || p("id"), errors);
    match (head.stage, head.closed_on) {
        (Stage::Open, Some(c)) => errors.push(FieldError::new(
            p("closed_on"),
            codes::InvalidRange,
            format!("{c} is set on an open opportunity"),
        )),
        (Stage::Won | Stage::Lost, None) => errors.push(FieldError::new(
            p("closed_on"),
            codes::MissingField,
            format!("is required for a `{}` opportunity", head.stage),
        )),
        (_, Some(c)) if c < head.created_on => errors.push(FieldError::new(
            p("closed_on"),
            codes::InvalidRange,
            format!("{c} is before `created_on` ({})", head.created_on),
        )),
        _ => {}
    }
    if !(head.amount.is_finite() && (0.0..=MAX_AMOUNT).contains(&head.amount)) {
        errors.push(FieldError::new(
            p("amount"),
            codes::OutOfRange,
            format!(
                "{} must be a finite number in 0..={MAX_AMOUNT}",
                head.amount
            ),
        ));
    }
    if let Some(c) = head.currency {
        if !crate::policy::is_currency(c) {
            errors.push(FieldError::new(
                p("currency"),
                codes::InvalidCurrency,
                format!("`{c}` is not an ISO 4217 code (three upper-case letters)"),
            ));
        }
    }
    if let Some(c) = head.country {
        if !crate::input::geo::is_country(c) {
            errors.push(FieldError::new(
                p("country"),
                codes::InvalidCountry,
                format!("`{c}` is not an ISO 3166-1 alpha-2 country code"),
            ));
        }
    }
    if let Some(i) = head.industry {
        if i.is_empty() {
            errors.push(FieldError::new(
                p("industry"),
                codes::Required,
                "must not be empty",
            ));
        }
    }
    if products.len() > MAX_LIST_ITEMS {
        errors.push(FieldError::new(
            p("products"),
            codes::TooMany,
            format!("{} items is more than {MAX_LIST_ITEMS}", products.len()),
        ));
    }
    for (i, k) in products.iter().enumerate() {
        if k.as_ref().is_empty() {
            errors.push(FieldError::new(
                format!("{}[{i}]", p("products")),
                codes::Required,
                "must not be empty",
            ));
        }
    }
    if let Some(a) = head.source_advocate {
        check_id(a, || p("source.advocate_id"), errors);
    }
    if touches > MAX_TOUCHES {
        errors.push(FieldError::new(
            p("touches"),
            codes::TooMany,
            format!("{touches} items is more than {MAX_TOUCHES}"),
        ));
    }
    for (i, t) in touch_ids.enumerate() {
        check_id(t, || format!("{}[{i}].advocate_id", p("touches")), errors);
    }
}

/// A key normalized as [`Opportunity::normalize`] normalizes industry and product keys.
pub(crate) fn normal_key(s: &str) -> std::borrow::Cow<'_, str> {
    if crate::input::keys::is_normal(s) {
        s.into()
    } else {
        normalize_key(s).into()
    }
}

/// A country normalized as [`Opportunity::normalize`] normalizes it (upper case).
pub(crate) fn normal_country(c: &str) -> std::borrow::Cow<'_, str> {
    if c.bytes().any(|b| !b.is_ascii_uppercase()) {
        c.trim().to_ascii_uppercase().into()
    } else {
        c.into()
    }
}

fn trim(s: &mut String) {
    let t = s.trim();
    if t.len() != s.len() {
        *s = t.to_owned();
    }
}

/// Whether `id` passes [`check_id`].
pub(crate) fn id_ok(id: &str) -> bool {
    !id.is_empty() && (id.len() <= MAX_ID_CHARS || id.chars().count() <= MAX_ID_CHARS)
}

fn check_id(id: &str, path: impl Fn() -> String, errors: &mut Vec<FieldError>) {
    if id.is_empty() {
        errors.push(FieldError::new(
            path(),
            codes::Required,
            "must not be empty",
        ));
    } else if id.len() > MAX_ID_CHARS {
        let n = id.chars().count();
        if n > MAX_ID_CHARS {
            errors.push(FieldError::new(
                path(),
                codes::TooLong,
                format!("{n} characters is longer than {MAX_ID_CHARS}"),
            ));
        }
    }
}

/// Minor units of an amount, half away from zero on its shortest decimal form.
pub(crate) fn units_of(amount: f64) -> Option<i64> {
    if !(amount.is_finite() && (0.0..=MAX_AMOUNT).contains(&amount)) {
        return None;
    }
    let x = amount * 100.0;
    let f = x - x.floor();
    // Far from a half, the product rounds the same way as the decimal digits do (the error
    // of the product is below 1e-3 in this range).
    if (f - 0.5).abs() > 1e-6 {
        #[allow(clippy::cast_possible_truncation)]
        return Some(crate::input::numbers::round(x) as i64);
    }
    // Near a half: round the digits of the shortest round-trip decimal, which is the
    // number as written (`1.005` prints as `1.005`).
    let text = format!("{amount}");
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut units: i64 = int.parse().ok()?;
    let mut digits = frac.bytes().map(|b| i64::from(b - b'0'));
    for _ in 0..2 {
        units = units * 10 + digits.next().unwrap_or(0);
    }
    if digits.next().is_some_and(|d| d >= 5) {
        units += 1;
    }
    Some(units)
}

/// Parses a JSON array of opportunities (paths read `opportunities[3].touches[0].on`),
/// normalizes and validates each and checks that ids are unique. Every problem is reported.
///
/// ```
/// let err = plaudit::parse_opportunities(r#"[
///   {"id": "o1", "created_on": "2026-01-05", "stage": "won", "amount": 100},
///   {"id": "o2", "created_on": "2026-01-05", "stage": "open", "amount": -1, "currency": "usd",
///    "touches": [{"advocate_id": "a1", "kind": "reference_call", "on": "2026-02-30"}]}
/// ]"#).unwrap_err();
/// let paths: Vec<&str> = err.errors.iter().map(|e| e.path.as_str()).collect();
/// assert_eq!(paths, [
///     "opportunities[0].closed_on",
///     "opportunities[1].amount",
///     "opportunities[1].currency",
///     "opportunities[1].touches[0].on",
/// ]);
/// ```
pub fn parse_opportunities(json: &str) -> Result<Vec<Opportunity>, RecordError> {
    let (list, mut errors) =
        crate::input::parse::from_json_str_lenient::<Vec<Opportunity>>(json, "opportunities");
    match list {
        Some(mut list) => {
            check_opportunities(&mut list, std::mem::take(&mut errors), |_| {})?;
            Ok(list)
        }
        None => Err(RecordError { errors }),
    }
}

/// Normalizes and validates opportunities read by another door (the table door), as
/// [`parse_opportunities`] does: `found` are the problems met reading the values (their
/// records hold placeholders there), `relocate` rewrites the path of a validation problem
/// (`opportunities[3].touches[1].on`) to the cell the value came from. A validation problem
/// at or inside a path already in `found` is left out; problems are sorted by path.
pub fn check_opportunities(
    list: &mut [Opportunity],
    found: Vec<FieldError>,
    relocate: impl Fn(&mut FieldError),
) -> Result<(), RecordError> {
    let mut errors = found;
    for o in list.iter_mut() {
        o.normalize();
    }
    let mut more = Vec::new();
    validate_all(list, &mut more);
    for e in &mut more {
        relocate(e);
    }
    crate::input::records::merge_errors(&mut errors, more);
    RecordError::from_errors(errors)
}

/// Validates every opportunity and checks ids are unique (paths `opportunities[i]...`).
pub(crate) fn validate_all(list: &[Opportunity], errors: &mut Vec<FieldError>) {
    if any_invalid(list) {
        report_invalid(list, errors);
        if errors.len() >= crate::MAX_REPORTED_ERRORS {
            return;
        }
    }
    duplicates(list.iter().map(|o| o.id.as_str()), errors);
}

/// Whether any opportunity has a problem (no path is built; with the `parallel` feature,
/// on rayon's pool).
fn any_invalid(list: &[Opportunity]) -> bool {
    let bad = |o: &Opportunity| {
        let mut found = Vec::new();
        o.validate_into("", &mut found);
        !found.is_empty()
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        list.par_iter().any(bad)
    }
    #[cfg(not(feature = "parallel"))]
    {
        list.iter().any(bad)
    }
}

/// Every problem of every opportunity, with its path.
fn report_invalid(list: &[Opportunity], errors: &mut Vec<FieldError>) {
    let mut found = Vec::new();
    for (i, o) in list.iter().enumerate() {
        // Paths are built only for a record with a problem (a million valid deals build
        // none).
        o.validate_into("", &mut found);
        if !found.is_empty() {
            found.clear();
            o.validate_into(&format!("opportunities[{i}]"), errors);
        }
        if errors.len() >= crate::MAX_REPORTED_ERRORS {
            return;
        }
    }
}

/// Ids used twice (paths `opportunities[i].id`).
pub(crate) fn duplicates<'a>(
    ids: impl ExactSizeIterator<Item = &'a str>,
    errors: &mut Vec<FieldError>,
) {
    // A fast hash: the ids are the caller's own data, in a pure call.
    let mut seen: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    seen.reserve(ids.len());
    for (i, id) in ids.enumerate() {
        if let Some(first) = seen.insert(id, i) {
            seen.insert(id, first);
            errors.push(FieldError::new(
                format!("opportunities[{i}].id"),
                codes::DuplicateId,
                format!("`{id}` is already used by opportunities[{first}]"),
            ));
        }
    }
}
