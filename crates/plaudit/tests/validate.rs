//! Request validation (docs/rules.md#request-validation): each error and warning on both sides of its boundary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use plaudit::Engine;
use serde_json::{Value, json};

fn form(patch: Value) -> Value {
    let mut base = json!({
        "kind": "reference_call", "requested_on": "2026-06-01", "needed_by": "2026-06-20",
        "prospect": {"industry": "retail", "segment": "smb", "country": "US", "language": "en"},
        "count": 1
    });
    if let (Some(b), Some(p)) = (base.as_object_mut(), patch.as_object()) {
        for (k, v) in p {
            b.insert(k.clone(), v.clone());
        }
    }
    base
}

type Pairs = Vec<(String, String)>;

fn codes(v: &Value) -> (Pairs, Pairs) {
    let r = Engine::default().validate_request(v);
    assert_eq!(r.ok, r.errors.is_empty());
    let f = |l: &[plaudit::Issue]| {
        l.iter()
            .map(|i| (i.field.to_string(), i.code.to_string()))
            .collect()
    };
    (f(&r.errors), f(&r.warnings))
}

fn errs(v: Value) -> Pairs {
    codes(&v).0
}

fn e(field: &str, code: &str) -> (String, String) {
    (field.to_owned(), code.to_owned())
}

#[test]
fn a_complete_request_is_valid() {
    assert_eq!(codes(&form(json!({}))), (vec![], vec![]));
}

/// The form without `key`.
fn without(key: &str) -> Value {
    let mut v = form(json!({}));
    if let Some(o) = v.as_object_mut() {
        o.remove(key);
    }
    v
}

/// A required field left empty gets the code `rank` gives it: absent, null and blank differ.
#[test]
fn an_empty_required_field_has_the_code_rank_gives_it() {
    assert_eq!(errs(without("kind")), vec![e("/kind", "missing_field")]);
    assert_eq!(
        errs(without("requested_on")),
        vec![e("/requested_on", "missing_field")]
    );
    assert_eq!(
        errs(without("needed_by")),
        vec![e("/needed_by", "missing_field")]
    );
    assert_eq!(
        errs(form(json!({"requested_on": null}))),
        vec![e("/requested_on", "invalid_type")]
    );
    assert_eq!(
        errs(form(json!({"requested_on": " "}))),
        vec![e("/requested_on", "invalid_date")]
    );
    for (key, code) in [("kind", "invalid_value"), ("needed_by", "invalid_date")] {
        let blank = errs(form(json!({ key: "" })));
        assert_eq!(blank, vec![e(&format!("/{key}"), code)]);
    }
}

#[test]
fn kind_is_required_and_known() {
    assert_eq!(
        errs(form(json!({"kind": null}))),
        vec![e("/kind", "invalid_type")]
    );
    assert_eq!(
        errs(form(json!({"kind": ""}))),
        vec![e("/kind", "invalid_value")]
    );
    assert_eq!(
        errs(form(json!({"kind": "podcast"}))),
        vec![e("/kind", "invalid_value")]
    );
    assert_eq!(
        errs(form(json!({"kind": 3}))),
        vec![e("/kind", "invalid_type")]
    );
}

#[test]
fn dates_are_required_well_formed_and_ordered() {
    assert_eq!(
        errs(form(json!({"needed_by": null}))),
        vec![e("/needed_by", "invalid_type")]
    );
    assert_eq!(
        errs(form(json!({"needed_by": "2026-06-31"}))),
        vec![e("/needed_by", "invalid_date")]
    );
    assert_eq!(
        errs(form(json!({"needed_by": "2026-05-31"}))),
        vec![e("/needed_by", "invalid_range")]
    );
    // Same day is fine for a kind without lead time.
    assert_eq!(
        errs(form(json!({"kind": "referral", "needed_by": "2026-06-01"}))),
        vec![]
    );
}

#[test]
fn lead_time_boundaries_per_kind() {
    // case study: 30 days; reference call: 3 days.
    assert_eq!(
        errs(form(
            json!({"kind": "case_study", "needed_by": "2026-06-30"})
        )),
        vec![e("/needed_by", "lead_time_too_short")]
    );
    assert_eq!(
        errs(form(
            json!({"kind": "case_study", "needed_by": "2026-07-01"})
        )),
        vec![]
    );
    assert_eq!(
        errs(form(json!({"needed_by": "2026-06-03"}))),
        vec![e("/needed_by", "lead_time_too_short")]
    );
    assert_eq!(errs(form(json!({"needed_by": "2026-06-04"}))), vec![]);
}

#[test]
fn count_range_1_to_10() {
    assert_eq!(
        errs(form(json!({"count": 0}))),
        vec![e("/count", "out_of_range")]
    );
    assert_eq!(errs(form(json!({"count": 1}))), vec![]);
    assert_eq!(errs(form(json!({"count": 10}))), vec![]);
    assert_eq!(
        errs(form(json!({"count": 11}))),
        vec![e("/count", "out_of_range")]
    );
    // A fraction is a wrong type, as ranking reads it (not a range).
    assert_eq!(
        errs(form(json!({"count": 2.5}))),
        vec![e("/count", "invalid_type")]
    );
    // Ranking reads a count as a whole number: text or a float is not one.
    assert_eq!(
        errs(form(json!({"count": "3"}))),
        vec![e("/count", "invalid_type")]
    );
    assert_eq!(
        errs(form(json!({"count": 3.0}))),
        vec![e("/count", "invalid_type")]
    );
    assert_eq!(errs(form(json!({"count": 3}))), vec![]);
    assert_eq!(
        errs(form(json!({"count": "three"}))),
        vec![e("/count", "invalid_type")]
    );
}

#[test]
fn prospect_codes() {
    let p = |patch: Value| {
        let mut pr = json!({"industry": "retail"});
        for (k, v) in patch.as_object().unwrap() {
            pr[k] = v.clone();
        }
        errs(form(json!({ "prospect": pr })))
    };
    assert_eq!(
        p(json!({"segment": "huge"})),
        vec![e("/prospect/segment", "invalid_value")]
    );
    assert_eq!(p(json!({"segment": "enterprise"})), vec![]);
    assert_eq!(
        p(json!({"country": "U5"})),
        vec![e("/prospect/country", "invalid_country")]
    );
    assert_eq!(
        p(json!({"country": "XK"})),
        vec![e("/prospect/country", "invalid_country")]
    );
    assert_eq!(p(json!({"country": "DE"})), vec![]);
    assert_eq!(
        p(json!({"language": "english"})),
        vec![e("/prospect/language", "invalid_language")]
    );
    assert_eq!(p(json!({"language": "de"})), vec![]);
}

#[test]
fn notes_up_to_2000_characters() {
    assert_eq!(errs(form(json!({"notes": "é".repeat(2000)}))), vec![]);
    assert_eq!(
        errs(form(json!({"notes": "é".repeat(2001)}))),
        vec![e("/notes", "too_long")]
    );
}

#[test]
fn reviews_may_not_carry_an_incentive() {
    let inc = json!({"kind": "gift_card", "value": 25, "currency": "USD"});
    assert_eq!(
        errs(form(json!({"kind": "review", "incentive": inc}))),
        vec![e("/incentive", "review_incentive_forbidden")]
    );
    assert_eq!(errs(form(json!({"kind": "review"}))), vec![]);
}

#[test]
fn incentive_below_fair_value_warns() {
    // case study: 3 effort hours x 25 = 75.
    let at = |value: f64| {
        codes(&form(
            json!({"kind": "case_study", "needed_by": "2026-08-01",
        "incentive": {"kind": "gift_card", "value": value}}),
        ))
        .1
    };
    assert_eq!(
        at(74.99),
        vec![e("/incentive/value", "incentive_below_fair_value")]
    );
    assert_eq!(at(75.0), vec![]);
}

#[test]
fn needed_by_more_than_a_year_out_warns() {
    assert_eq!(codes(&form(json!({"needed_by": "2027-06-01"}))).1, vec![]);
    assert_eq!(
        codes(&form(json!({"needed_by": "2027-06-02"}))).1,
        vec![e("/needed_by", "needed_by_far_out")]
    );
}

#[test]
fn non_objects_never_panic() {
    for v in [
        json!(null),
        json!(3),
        json!("x"),
        json!([1]),
        json!({"prospect": 3, "incentive": []}),
    ] {
        let r = Engine::default().validate_request(&v);
        assert!(!r.ok);
    }
}

/// The form accepts exactly what `rank` accepts: whatever the record's reading rejects is an
/// error here too, with its path.
#[test]
fn validation_agrees_with_ranking() {
    let inc = |patch: Value| {
        let mut i = json!({"kind": "swag", "value": 100, "currency": "USD"});
        for (k, v) in patch.as_object().unwrap() {
            i[k] = v.clone();
        }
        errs(form(json!({ "incentive": i })))
    };
    assert_eq!(inc(json!({})), vec![]);
    assert_eq!(
        inc(json!({"currency": "dollars"})),
        vec![e("/incentive/currency", "invalid_currency")]
    );
    assert_eq!(inc(json!({"currency": "EUR"})), vec![]);
    assert_eq!(
        inc(json!({"value": -100})),
        vec![e("/incentive/value", "out_of_range")]
    );
    assert_eq!(inc(json!({"value": 0})), vec![]);
    assert_eq!(
        errs(form(json!({"deal_value": -1}))),
        vec![e("/deal_value", "out_of_range")]
    );
    assert_eq!(errs(form(json!({"deal_value": 0}))), vec![]);
    assert_eq!(
        errs(form(json!({"exclude_accounts": [1]}))),
        vec![e("/exclude_accounts/0", "invalid_type")]
    );
    assert_eq!(
        errs(form(json!({"min_tier": "bronze"}))),
        vec![e("/min_tier", "invalid_value")]
    );
    // A draft has no id yet; a wrong one is still wrong.
    assert_eq!(errs(form(json!({"id": "q1"}))), vec![]);
    assert_eq!(errs(form(json!({"id": 7}))), vec![e("/id", "invalid_type")]);
    // Whatever validation accepts, ranking accepts.
    for patch in [
        json!({}),
        json!({"deal_value": 5}),
        json!({"incentive": {"kind": "swag", "value": 0, "currency": "EUR"}}),
    ] {
        let mut v = form(patch);
        assert!(Engine::default().validate_request(&v).ok);
        v["id"] = json!("q1");
        assert!(plaudit::parse_request(&v.to_string()).is_ok(), "{v}");
    }
}

#[test]
fn an_ask_for_check_is_validated_with_paths() {
    let err = plaudit::parse_ask(
        r#"{"kind": "case_study", "date": "2026-03-01",
            "incentive": {"kind": "cash", "value": -100, "currency": "dollars"}}"#,
        "ask",
    )
    .unwrap_err();
    let got: Vec<(&str, &str)> = err
        .errors
        .iter()
        .map(|e| (e.path.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("ask.incentive.currency", "invalid_currency"),
            ("ask.incentive.value", "out_of_range")
        ]
    );
    assert!(
        plaudit::parse_ask(
            r#"{"kind": "case_study", "date": "2026-03-01",
                "incentive": {"kind": "cash", "value": 0, "currency": "USD"}}"#,
            "ask",
        )
        .is_ok()
    );
}

/// A number the caller's form held that JSON cannot (NaN, an infinity): the binding passes
/// it as unreadable at its path, `null` in the value.
fn with_unreadable(v: &Value, paths: &[&str]) -> (Pairs, Pairs, bool) {
    let unreadable: Vec<plaudit::FieldError> = paths
        .iter()
        .map(|p| {
            plaudit::FieldError::new(*p, plaudit::ErrorCode::OutOfRange, "NaN is not a number")
        })
        .collect();
    let r = Engine::default().validate_request_with(v, &unreadable);
    let f = |l: &[plaudit::Issue]| {
        l.iter()
            .map(|i| (i.field.to_string(), i.code.to_string()))
            .collect()
    };
    (f(&r.errors), f(&r.warnings), r.ok)
}

#[test]
fn an_unreadable_number_is_out_of_range_at_its_field_in_place_of_the_null() {
    // deal_value null alone is absent (valid); unreadable, it is the one error.
    let v = form(json!({"deal_value": null}));
    assert_eq!(errs(v.clone()), vec![]);
    assert_eq!(
        with_unreadable(&v, &["deal_value"]),
        (vec![e("/deal_value", "out_of_range")], vec![], false)
    );
    // incentive.value null is a wrong type for the form; unreadable, only out_of_range.
    let inc = form(json!({"incentive": {"kind": "swag", "value": null, "currency": "USD"}}));
    assert_eq!(
        errs(inc.clone()),
        vec![e("/incentive/value", "invalid_type")]
    );
    assert_eq!(
        with_unreadable(&inc, &["incentive.value"]).0,
        vec![e("/incentive/value", "out_of_range")]
    );
    // Problems elsewhere are kept, after it; a field only sharing a prefix is not hidden.
    let both = form(json!({"deal_value": null, "count": 0, "notes": 5}));
    assert_eq!(
        with_unreadable(&both, &["deal_value"]).0,
        vec![
            e("/deal_value", "out_of_range"),
            e("/count", "out_of_range"),
            e("/notes", "invalid_type")
        ]
    );
    let prefix = form(json!({"incentive": {"kind": "swag", "value": null, "currency": "USD"}}));
    assert_eq!(
        with_unreadable(&prefix, &["incentive.val"]).0,
        vec![
            e("/incentive/val", "out_of_range"),
            e("/incentive/value", "invalid_type")
        ]
    );
    // Under an unreadable field nothing else is reported; the whole request unreadable is
    // the one error.
    assert_eq!(
        with_unreadable(&inc, &["incentive"]).0,
        vec![e("/incentive", "out_of_range")]
    );
    assert_eq!(
        with_unreadable(&Value::Null, &[""]).0,
        vec![e("", "out_of_range")]
    );
    // Nothing unreadable: the form's own verdict.
    assert_eq!(with_unreadable(&v, &[]), (vec![], vec![], true));
}
