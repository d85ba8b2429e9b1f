//! Loading a policy document: syntax, types, unknown keys and semantic checks, every problem
//! collected with its key path (and, for TOML, line and column).
//!
//! The document is merged onto the default policy (objects key by key, every other value
//! replaced), so any key may be given alone: `[tiers.gold] max_share = 0.25` keeps the rest of
//! the gold rule.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::{POLICY_VERSION, Policy};
use crate::error::{ErrorCode, FieldError, PolicyError};

/// Largest weight accepted in any weighted mean (weights are relative: only ratios matter).
pub const MAX_WEIGHT: f64 = 1e6;

/// Byte spans of keys in the source text, by key path.
#[cfg(feature = "toml")]
type Spans = HashMap<String, std::ops::Range<usize>>;

#[cfg(feature = "toml")]
pub(super) fn from_toml(text: &str) -> Result<Policy, PolicyError> {
    let table: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            let mut fe = FieldError::new("", ErrorCode::Syntax, e.message().trim().to_owned());
            if let Some(span) = e.span() {
                let (l, c) = line_col(text, span.start);
                fe = fe.at(l, c);
            }
            return Err(PolicyError { errors: vec![fe] });
        }
    };
    let mut spans = Spans::new();
    if let Ok(doc) = toml::de::DeTable::parse(text) {
        collect_spans(doc.get_ref(), "", &mut spans);
    }
    let mut errors = Vec::new();
    let value = toml_to_json(toml::Value::Table(table), "", &mut errors);
    let result = load_value(value, &mut errors);
    locate(&mut errors, text, &spans);
    finish(result, errors)
}

pub(super) fn from_json(text: &str) -> Result<Policy, PolicyError> {
    let value: Value = serde_json::from_str(text).map_err(|e| PolicyError {
        errors: crate::input::parse::syntax_error(&e, "").errors,
    })?;
    from_value(value)
}

pub(super) fn from_value(value: Value) -> Result<Policy, PolicyError> {
    let mut errors = Vec::new();
    let result = load_value(value, &mut errors);
    finish(result, errors)
}

fn finish(result: Option<Policy>, errors: Vec<FieldError>) -> Result<Policy, PolicyError> {
    match result {
        Some(p) if errors.is_empty() => Ok(p),
        _ => Err(PolicyError {
            errors: if errors.is_empty() {
                vec![FieldError::new(
                    "",
                    ErrorCode::InvalidValue,
                    "could not be read",
                )]
            } else {
                errors
            },
        }),
    }
}

/// Merges, reads, reports unknown keys and type errors, normalizes and checks.
fn load_value(value: Value, errors: &mut Vec<FieldError>) -> Option<Policy> {
    if !value.is_object() {
        errors.push(FieldError::new(
            "",
            ErrorCode::InvalidType,
            "a policy must be a table (an object)",
        ));
        return None;
    }
    let mut merged = serde_json::to_value(Policy::default()).unwrap_or(Value::Null);
    merge(&mut merged, value);
    // Unknown keys first: they are usually the cause of everything else.
    let (policy, type_errors) =
        crate::input::parse::from_value_lenient::<Policy>(merged.clone(), "");
    // Unknown keys are looked for past the values of the wrong type (reading stops at the
    // first one): each is put back to its default first.
    if !type_errors.is_empty() {
        let defaults = serde_json::to_value(Policy::default()).unwrap_or(Value::Null);
        for e in &type_errors {
            reset_to_default(&mut merged, &defaults, &e.path);
        }
    }
    // Capped as records' problems are: a document of typos must not produce a report as big.
    let cap = crate::input::parse::MAX_REPORTED_ERRORS;
    for segs in crate::input::trace::ignored::<Policy>(&merged)
        .into_iter()
        .take(cap)
    {
        errors.push(FieldError::new(
            crate::input::parse::path_string("", &segs),
            ErrorCode::UnknownKey,
            "unknown key",
        ));
    }
    let before = errors.len();
    errors.extend(type_errors);
    errors.truncate(cap);
    let mut policy = policy?;
    policy.normalize();
    if errors.len() == before {
        errors.extend(check(&policy));
    }
    Some(policy)
}

/// Puts the value at `path` (`a.b[2].c`) back to its value in `defaults`, or drops it when
/// the defaults have none there.
fn reset_to_default(value: &mut Value, defaults: &Value, path: &str) {
    let mut segs: Vec<Result<usize, &str>> = Vec::new();
    for part in path.split('.') {
        let mut pieces = part.split('[');
        if let Some(key) = pieces.next().filter(|k| !k.is_empty()) {
            segs.push(Err(key));
        }
        for i in pieces {
            match i.trim_end_matches(']').parse::<usize>() {
                Ok(i) => segs.push(Ok(i)),
                Err(_) => return,
            }
        }
    }
    let Some((last, parents)) = segs.split_last() else {
        return;
    };
    let (mut v, mut d) = (value, Some(defaults));
    for seg in parents {
        let next = match (seg, v) {
            (Ok(i), Value::Array(a)) => a.get_mut(*i),
            (Err(k), Value::Object(o)) => o.get_mut(*k),
            _ => None,
        };
        let Some(next) = next else { return };
        d = d.and_then(|d| match seg {
            Ok(i) => d.get(*i),
            Err(k) => d.get(*k),
        });
        v = next;
    }
    let default = d.and_then(|d| match last {
        Ok(i) => d.get(*i),
        Err(k) => d.get(*k),
    });
    match (last, v, default) {
        (Ok(i), Value::Array(a), Some(x)) => {
            if let Some(slot) = a.get_mut(*i) {
                *slot = x.clone();
            }
        }
        (Ok(i), Value::Array(a), None) if *i < a.len() => {
            a.remove(*i);
        }
        (Err(k), Value::Object(o), Some(x)) => {
            o.insert((*k).to_owned(), x.clone());
        }
        (Err(k), Value::Object(o), None) => {
            o.remove(*k);
        }
        _ => {}
    }
}

/// Deep merge: objects key by key, anything else replaced.
fn merge(base: &mut Value, over: Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) if slot.is_object() && v.is_object() => merge(slot, v),
                    _ => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (slot, over) => *slot = over,
    }
}

#[cfg(feature = "toml")]
fn toml_to_json(v: toml::Value, path: &str, errors: &mut Vec<FieldError>) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => match serde_json::Number::from_f64(f) {
            Some(n) => Value::Number(n),
            None => {
                errors.push(FieldError::new(
                    path,
                    ErrorCode::OutOfRange,
                    format!("{f} is not a finite number"),
                ));
                Value::Null
            }
        },
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(
            a.into_iter()
                .enumerate()
                .map(|(i, v)| toml_to_json(v, &format!("{path}[{i}]"), errors))
                .collect(),
        ),
        toml::Value::Table(t) => Value::Object(
            t.into_iter()
                .map(|(k, v)| {
                    let p = crate::input::records::join(path, &k);
                    (k, toml_to_json(v, &p, errors))
                })
                .collect(),
        ),
    }
}

#[cfg(feature = "toml")]
fn collect_spans(table: &toml::de::DeTable<'_>, path: &str, spans: &mut Spans) {
    for (k, v) in table.iter() {
        let p = crate::input::records::join(path, k.get_ref());
        spans.insert(p.clone(), k.span());
        collect_value_spans(v, &p, spans);
    }
}

#[cfg(feature = "toml")]
fn collect_value_spans(v: &toml::Spanned<toml::de::DeValue<'_>>, path: &str, spans: &mut Spans) {
    match v.get_ref() {
        toml::de::DeValue::Table(t) => collect_spans(t, path, spans),
        toml::de::DeValue::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                let p = format!("{path}[{i}]");
                spans.insert(p.clone(), item.span());
                collect_value_spans(item, &p, spans);
            }
        }
        _ => {}
    }
}

/// Adds line and column to every error whose path (or nearest parent) has a span.
#[cfg(feature = "toml")]
fn locate(errors: &mut [FieldError], text: &str, spans: &Spans) {
    let lines = LineIndex::new(text);
    for e in errors.iter_mut() {
        let mut p = e.path.as_str();
        loop {
            if let Some(span) = spans.get(p) {
                let (l, c) = lines.line_col(text, span.start);
                e.line = Some(l);
                e.column = Some(c);
                break;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => break,
            }
        }
    }
}

#[cfg(feature = "toml")]
fn line_col(text: &str, offset: usize) -> (u32, u32) {
    LineIndex::new(text).line_col(text, offset)
}

/// Where each line starts, found once: locating many errors must not rescan the text for
/// each (a policy with 100,000 unknown keys would take minutes).
#[cfg(feature = "toml")]
struct LineIndex(Vec<usize>);

#[cfg(feature = "toml")]
impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex(starts)
    }

    /// 1-based line and column (in characters) of a byte offset.
    fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let line = self.0.partition_point(|&s| s <= offset).max(1);
        let start = self.0.get(line - 1).copied().unwrap_or(0);
        let col = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(col).unwrap_or(u32::MAX),
        )
    }
}

impl Policy {
    /// Puts set-like lists in a canonical form (sorted, deduplicated, keys normalized) so that
    /// equal rules give equal fingerprints. Loading does this; call it after editing a policy
    /// in code.
    pub fn normalize(&mut self) {
        use crate::input::keys::normalize_key;
        fn sort_dedup<T: Ord>(v: &mut Vec<T>) {
            v.sort();
            v.dedup();
        }
        for c in &mut self.consent.opt_in_countries {
            *c = c.trim().to_ascii_uppercase();
        }
        sort_dedup(&mut self.consent.opt_in_countries);
        sort_dedup(&mut self.consent.explicit_purposes);
        for i in &mut self.compliance.regulated_industries {
            *i = normalize_key(i);
        }
        sort_dedup(&mut self.compliance.regulated_industries);
        self.compliance.incentive_limits = std::mem::take(&mut self.compliance.incentive_limits)
            .into_iter()
            .map(|(k, v)| (k.trim().to_ascii_uppercase(), v))
            .collect();
        self.regions = std::mem::take(&mut self.regions)
            .into_iter()
            .map(|(r, mut list)| {
                for c in &mut list {
                    *c = c.trim().to_ascii_uppercase();
                }
                sort_dedup(&mut list);
                (r.trim().to_owned(), list)
            })
            .collect();
        let mut related: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, list) in std::mem::take(&mut self.matching.related_industries) {
            let mut list: Vec<String> = list.iter().map(|s| normalize_key(s)).collect();
            sort_dedup(&mut list);
            related.entry(normalize_key(&k)).or_default().extend(list);
        }
        for list in related.values_mut() {
            sort_dedup(list);
        }
        self.matching.related_industries = related;
        for kind in crate::input::records::ActivityKind::ALL {
            let row = self.kinds.get_mut(*kind);
            sort_dedup(&mut row.consents);
            for a in &mut row.approvals {
                *a = normalize_key(a);
            }
            sort_dedup(&mut row.approvals);
        }
        self.compliance.regulated_approval = normalize_key(&self.compliance.regulated_approval);
    }
}

/// Range and cross-field checks; every problem, with its key path.
pub(super) fn check(p: &Policy) -> Vec<FieldError> {
    let mut c = Checker { errors: Vec::new() };
    if p.version != POLICY_VERSION {
        c.push(
            "version",
            ErrorCode::UnsupportedVersion,
            format!(
                "{} is not supported; the only version is {POLICY_VERSION}",
                p.version
            ),
        );
    }
    let e = &p.eligibility;
    c.range(
        "eligibility.min_health_score",
        e.min_health_score,
        0.0,
        100.0,
    );
    c.range(
        "eligibility.promoter_min_nps",
        f64::from(e.promoter_min_nps),
        0.0,
        10.0,
    );

    let r = &p.readiness;
    c.weights("readiness.weights", &r.weights.pairs());
    c.at_least("readiness.tenure_full_months", r.tenure_full_months, 1);
    c.at_least(
        "readiness.engagement_window_days",
        r.engagement_window_days,
        1,
    );
    c.at_least(
        "readiness.engagement_full_count",
        r.engagement_full_count,
        1,
    );
    let s = &r.influence_scores;
    for (name, v) in [
        ("follower", s.follower),
        ("practitioner", s.practitioner),
        ("leader", s.leader),
        ("thought_leader", s.thought_leader),
    ] {
        c.range(&format!("readiness.influence_scores.{name}"), v, 0.0, 1.0);
    }

    let l = &p.lifecycle;
    c.at_least("lifecycle.archive_after_days", l.archive_after_days, 1);
    c.at_least("lifecycle.at_risk_window_days", l.at_risk_window_days, 1);
    if !(l.at_risk_drop > 0.0 && l.at_risk_drop <= 1.0) {
        c.push(
            "lifecycle.at_risk_drop",
            ErrorCode::OutOfRange,
            format!("{} is out of range (0, 1]", l.at_risk_drop),
        );
    }
    c.at_least("lifecycle.at_risk_min_prior", l.at_risk_min_prior, 1);

    let f = &p.fatigue;
    c.at_least("fatigue.window_days", f.window_days, 1);
    c.at_most("fatigue.window_days", f.window_days, 3660);
    c.at_least("fatigue.annual_cap", f.annual_cap, 1);
    c.at_most("fatigue.annual_cap", f.annual_cap, 1000);
    c.at_least("fatigue.response_lookback", f.response_lookback, 1);
    c.at_most("fatigue.response_lookback", f.response_lookback, 100);
    if f.response_declines < 1 || f.response_declines > f.response_lookback {
        c.push(
            "fatigue.response_declines",
            ErrorCode::InvalidRange,
            format!(
                "{} must be between 1 and `response_lookback` ({})",
                f.response_declines, f.response_lookback
            ),
        );
    }
    for (name, v) in [
        ("monthly", f.reference_call_gap_days.monthly),
        ("quarterly", f.reference_call_gap_days.quarterly),
        ("semiannual", f.reference_call_gap_days.semiannual),
        ("annual", f.reference_call_gap_days.annual),
    ] {
        c.at_most(&format!("fatigue.reference_call_gap_days.{name}"), v, 3660);
    }
    c.at_most("fatigue.response_rest_days", f.response_rest_days, 3660);
    c.at_most("fatigue.request_lock_days", f.request_lock_days, 3660);

    for kind in crate::input::records::ActivityKind::ALL {
        let row = p.kinds.get(*kind);
        let base = format!("kinds.{}", kind.as_str());
        if !(row.effort_hours.is_finite() && row.effort_hours >= 0.0) {
            c.push(
                &format!("{base}.effort_hours"),
                ErrorCode::OutOfRange,
                format!("{} must be a finite number >= 0", row.effort_hours),
            );
        }
        if let Some(cap) = row.cap {
            c.at_most(&format!("{base}.cap"), cap, 1000);
        }
        c.at_most(&format!("{base}.min_gap_days"), row.min_gap_days, 3660);
        c.at_most(&format!("{base}.lead_time_days"), row.lead_time_days, 3660);
    }

    for (i, code) in p.consent.opt_in_countries.iter().enumerate() {
        c.country(&format!("consent.opt_in_countries[{i}]"), code);
    }

    let co = &p.compliance;
    for (code, v) in &co.incentive_limits {
        let path = format!("compliance.incentive_limits.{code}");
        c.country(&path, code);
        if !(v.is_finite() && *v >= 0.0) {
            c.push(
                &path,
                ErrorCode::OutOfRange,
                format!("{v} must be a finite number >= 0"),
            );
        }
    }
    if !(co.fair_value_per_hour.is_finite() && co.fair_value_per_hour >= 0.0) {
        c.push(
            "compliance.fair_value_per_hour",
            ErrorCode::OutOfRange,
            format!("{} must be a finite number >= 0", co.fair_value_per_hour),
        );
    }
    if co.regulated_approval.is_empty() {
        c.push(
            "compliance.regulated_approval",
            ErrorCode::Required,
            "must not be empty",
        );
    }
    c.at_most(
        "compliance.disruption_buffer_days",
        co.disruption_buffer_days,
        3660,
    );

    let t = &p.tiers;
    let mut prev_min: Option<(&str, u32)> = None;
    for (name, rule) in [
        ("platinum", &t.platinum),
        ("gold", &t.gold),
        ("silver", &t.silver),
    ] {
        let base = format!("tiers.{name}");
        c.at_least(&format!("{base}.min_activities"), rule.min_activities, 1);
        c.range(&format!("{base}.min_share"), rule.min_share, 0.0, 1.0);
        c.range(&format!("{base}.max_share"), rule.max_share, 0.0, 1.0);
        if rule.min_share > rule.max_share {
            c.push(
                &format!("{base}.min_share"),
                ErrorCode::InvalidRange,
                format!(
                    "{} is above `max_share` ({})",
                    rule.min_share, rule.max_share
                ),
            );
        }
        if let Some((upper, upper_min)) = prev_min {
            if rule.min_activities > upper_min {
                c.push(
                    &format!("{base}.min_activities"),
                    ErrorCode::InvalidRange,
                    format!(
                        "{} is above `tiers.{upper}.min_activities` ({upper_min})",
                        rule.min_activities
                    ),
                );
            }
        }
        prev_min = Some((name, rule.min_activities));
    }
    for (name, v) in [
        ("commitment_points.low", t.commitment_points.low),
        ("commitment_points.moderate", t.commitment_points.moderate),
        ("commitment_points.high", t.commitment_points.high),
        ("unsolicited_multiplier", t.unsolicited_multiplier),
    ] {
        if !(v.is_finite() && v >= 0.0) {
            c.push(
                &format!("tiers.{name}"),
                ErrorCode::OutOfRange,
                format!("{v} must be a finite number >= 0"),
            );
        }
    }

    let m = &p.matching;
    c.weights("matching.weights", &m.weights.pairs());
    c.at_least("matching.freshness_full_days", m.freshness_full_days, 1);
    c.at_least("matching.max_per_account", m.max_per_account, 1);
    c.at_least("matching.account_annual_cap", m.account_annual_cap, 1);

    let mut seen: HashMap<&str, &str> = HashMap::new();
    for (region, list) in &p.regions {
        if region.is_empty() {
            c.push(
                "regions",
                ErrorCode::Required,
                "a region name must not be empty",
            );
        }
        for (i, code) in list.iter().enumerate() {
            let path = format!("regions.{region}[{i}]");
            c.country(&path, code);
            if let Some(first) = seen.insert(code.as_str(), region.as_str()) {
                c.push(
                    &path,
                    ErrorCode::InvalidRange,
                    format!("`{code}` is already in region `{first}`"),
                );
            }
        }
    }

    super::measurement::check(&p.measurement, &mut c.errors);

    c.errors
}

struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    fn push(&mut self, path: &str, code: ErrorCode, message: impl Into<String>) {
        self.errors.push(FieldError::new(path, code, message));
    }
    fn range(&mut self, path: &str, v: f64, lo: f64, hi: f64) {
        if !(v.is_finite() && v >= lo && v <= hi) {
            self.push(
                path,
                ErrorCode::OutOfRange,
                format!("{v} is out of range {lo}..={hi}"),
            );
        }
    }
    fn at_least(&mut self, path: &str, v: u32, lo: u32) {
        if v < lo {
            self.push(
                path,
                ErrorCode::OutOfRange,
                format!("{v} must be at least {lo}"),
            );
        }
    }
    fn at_most(&mut self, path: &str, v: u32, hi: u32) {
        if v > hi {
            self.push(
                path,
                ErrorCode::OutOfRange,
                format!("{v} must be at most {hi}"),
            );
        }
    }
    fn weights(&mut self, path: &str, pairs: &[(&str, f64)]) {
        let mut sum = 0.0;
        for (name, w) in pairs {
            // Bounded so that sums and products of weights stay finite (1e308 twice is
            // infinite, and every score would be null).
            if !(w.is_finite() && *w >= 0.0) {
                self.push(
                    &format!("{path}.{name}"),
                    ErrorCode::OutOfRange,
                    format!("{w} must be a finite number >= 0"),
                );
            } else if *w > MAX_WEIGHT {
                self.push(
                    &format!("{path}.{name}"),
                    ErrorCode::OutOfRange,
                    format!("{w} must be at most {MAX_WEIGHT}"),
                );
            } else {
                sum += w;
            }
        }
        if sum <= 0.0 {
            self.push(
                path,
                ErrorCode::InvalidRange,
                "the weights must sum to more than 0",
            );
        }
    }
    fn country(&mut self, path: &str, code: &str) {
        if !crate::input::geo::is_country(code) {
            self.push(
                path,
                ErrorCode::InvalidCountry,
                format!("`{code}` is not an ISO 3166-1 alpha-2 country code"),
            );
        }
    }
}
