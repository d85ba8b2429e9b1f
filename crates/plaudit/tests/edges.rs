//! Bad input that must never decide: policies whose numbers overflow, errors that hide other
//! errors, and reports that cost more than the input.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use plaudit::Policy;

fn problems(toml: &str) -> Vec<(String, String)> {
    Policy::from_toml(toml)
        .unwrap_err()
        .errors
        .iter()
        .map(|e| (e.path.clone(), e.code.as_str().to_owned()))
        .collect()
}

fn p(path: &str, code: &str) -> (String, String) {
    (path.to_owned(), code.to_owned())
}

#[test]
fn weights_are_bounded_so_scores_stay_finite() {
    assert_eq!(
        problems("[matching.weights]\nindustry = 1e308\nsegment = 1e308\n"),
        vec![
            p("matching.weights.industry", "out_of_range"),
            p("matching.weights.segment", "out_of_range"),
        ]
    );
    assert_eq!(
        problems("[readiness.weights]\nhealth = 1000000.5\n"),
        vec![p("readiness.weights.health", "out_of_range")]
    );
    assert!(Policy::from_toml("[readiness.weights]\nhealth = 1000000\n").is_ok());
    assert!(
        Policy::from_json(r#"{"matching": {"weights": {"industry": 1e6, "segment": 1e6}}}"#)
            .is_ok()
    );
}

#[test]
fn an_unknown_key_beside_a_type_error_is_reported_too() {
    // The type error comes first in reading order; the typo after it must still be found.
    assert_eq!(
        problems("[fatigue]\nannual_cap = \"six\"\n\n[tiers]\ngrace_dayz = 3\n"),
        vec![
            p("tiers.grace_dayz", "unknown_key"),
            p("fatigue.annual_cap", "invalid_type"),
        ]
    );
    let json =
        Policy::from_json(r#"{"fatigue": {"annual_cap": "six", "anual_cap": 4}}"#).unwrap_err();
    let mut paths: Vec<&str> = json.errors.iter().map(|e| e.path.as_str()).collect();
    paths.sort_unstable();
    assert_eq!(paths, ["fatigue.annual_cap", "fatigue.anual_cap"]);
}

#[test]
fn many_unknown_keys_are_capped_and_located() {
    let mut text = String::from("[fatigue]\n");
    for i in 0..20_000 {
        text.push_str(&format!("typo_{i} = 1\n"));
    }
    let err = Policy::from_toml(&text).unwrap_err();
    assert_eq!(err.errors.len(), plaudit::MAX_REPORTED_ERRORS);
    assert!(err.errors.iter().all(|e| e.code.as_str() == "unknown_key"));
    // Every one keeps its line: key `typo_i` sits on line i + 2, column 1.
    for e in &err.errors {
        let i: u32 = e.path.trim_start_matches("fatigue.typo_").parse().unwrap();
        assert_eq!((e.line, e.column), (Some(i + 2), Some(1)), "{}", e.path);
    }
    // A few keys are all listed.
    let err = Policy::from_toml("[fatigue]\na = 1\nb = 2\n").unwrap_err();
    assert_eq!(err.errors.len(), 2);
}

#[test]
fn columns_count_characters_after_multibyte_text() {
    let err = Policy::from_toml("# é\n[fatigue]\n  \"é\" = 1\n").unwrap_err();
    assert_eq!(
        (err.errors[0].line, err.errors[0].column),
        (Some(3), Some(3))
    );
}

#[test]
fn dates_are_years_1_to_9999_in_and_out() {
    let adv = |date: &str| {
        plaudit::parse_advocate(&format!(
            r#"{{"id": "a", "customer_since": "2020-01-01", "health_score": 90, "engagements": ["{date}"]}}"#
        ))
    };
    let err = adv("0000-01-02").unwrap_err();
    assert_eq!(err.errors[0].path, "engagements[0]");
    assert!(adv("0001-01-01").is_ok());
    assert!(adv("9999-12-31").is_ok());
    // A next date past 9999-12-31 is none: no door could name it. The advocate passes every
    // gate; only the case study's one-a-year rule blocks, and it lifts in year 10000.
    let consents: Vec<String> = ["program", "public_name", "logo", "quote"]
        .iter()
        .map(|p| format!(r#"{{"purpose": "{p}", "status": "granted", "on": "9999-01-01"}}"#))
        .collect();
    let a = plaudit::parse_advocate(&format!(
        r#"{{"id": "a", "customer_since": "2020-01-01", "health_score": 90, "nps": 10,
            "has_measurable_outcome": true, "country": "US", "preferences": {{"public": true}},
            "engagements": ["9999-11-20"], "consents": [{}],
            "activities": [{{"kind": "case_study", "date": "9999-12-01", "status": "completed"}}]}}"#,
        consents.join(",")
    ))
    .unwrap();
    let engine = plaudit::Engine::default();
    let ask = |kind: plaudit::ActivityKind, date: &str| plaudit::check::Ask {
        kind,
        date: date.parse().unwrap(),
        incentive: None,
        topic: None,
    };
    let as_of = "9999-12-02".parse().unwrap();
    let c = engine.check(
        &a,
        &ask(plaudit::ActivityKind::CaseStudy, "9999-12-02"),
        as_of,
    );
    assert!(!c.allowed);
    assert!(c.reasons.all_lifted_by_time(), "{:?}", c.reasons);
    assert_eq!(c.next_available_on, None);
    // A gap that ends inside the calendar still gives its date.
    let c = engine.check(
        &a,
        &ask(plaudit::ActivityKind::Referral, "9999-12-02"),
        as_of,
    );
    assert!(c.allowed, "{:?}", c.reasons);
    assert_eq!(c.next_available_on, Some("9999-12-02".parse().unwrap()));
}

/// Erased means erased: every operation gives the id, the lifecycle `erased` and, where a
/// reason list exists, `erased` alone — no score, count, points, flag, tier or date.
#[test]
fn an_erased_advocate_leaves_nothing_but_its_id() {
    use serde_json::json;
    let text = r#"{"id": "gone", "customer_since": "2015-01-01", "health_score": 99, "nps": 10,
        "has_measurable_outcome": true, "current_tier": "gold", "tier_since": "2025-01-01",
        "erasure_requested": true, "engagements": ["2026-02-01"],
        "activities": [{"kind": "case_study", "date": "2026-01-10", "status": "completed"}]}"#;
    let a = plaudit::parse_advocate(text).unwrap();
    let engine = plaudit::Engine::default();
    let as_of = "2026-03-01".parse().unwrap();
    let to = |v: &dyn erased_json::Json| v.json();
    assert_eq!(
        to(&engine.eligibility(&a, as_of)),
        json!({"eligible": false, "reasons": ["erased"]})
    );
    assert_eq!(
        to(&engine.eligibility_for(&a, as_of, plaudit::ActivityKind::Review)),
        json!({"eligible": false, "reasons": ["erased"]})
    );
    assert_eq!(to(&engine.tier(&a, as_of)), json!({"lifecycle": "erased"}));
    let roster = plaudit::Roster::new(vec![a.clone()]).unwrap();
    let tiers = engine.assign_tiers(&roster, as_of);
    assert_eq!(
        to(&tiers.advocates[0]),
        json!({"id": "gone", "lifecycle": "erased"})
    );
    let ev = to(&engine.evaluate(&a, as_of));
    assert_eq!(ev["excluded"], json!(["erased"]));
    for key in ["eligibility", "tier", "capacity"] {
        assert!(ev.get(key).is_none(), "{key}: {ev}");
    }
    // The same advocate not erased has all of it.
    let mut kept = a.clone();
    kept.erasure_requested = false;
    let e = to(&engine.eligibility(&kept, as_of));
    assert!(
        e.get("readiness").is_some() && e.get("tenure_months").is_some(),
        "{e}"
    );
    let t = to(&engine.tier(&kept, as_of));
    assert!(
        t.get("points").is_some() && t.get("lifecycle").is_none(),
        "{t}"
    );
    let roster = plaudit::Roster::new(vec![kept]).unwrap();
    let row = to(&engine.assign_tiers(&roster, as_of).advocates[0]);
    for key in ["points", "in_base", "in_grace", "over_share", "tier"] {
        assert!(row.get(key).is_some(), "{key}: {row}");
    }
}

mod erased_json {
    /// Any result as its JSON value.
    pub trait Json {
        fn json(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap()
        }
    }
}
