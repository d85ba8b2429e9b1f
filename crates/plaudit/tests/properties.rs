//! Property tests for the foundations: determinism, monotonic gates, a panic-free parser.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use plaudit::{Advocate, Engine, Reason};
use proptest::prelude::*;

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Duration::days(n)
}

fn advocate() -> impl Strategy<Value = Advocate> {
    (
        0i64..2500,
        0.0f64..=100.0,
        proptest::option::of(0i64..=10),
        proptest::option::of(0i64..2500),
        any::<bool>(),
        proptest::collection::vec(0i64..2500, 0..20),
    )
        .prop_map(|(since, health, nps, nps_on, outcome, engagements)| {
            let mut a = Advocate::new("p", day(since));
            a.health_score = health;
            a.nps = nps;
            a.nps_on = nps_on.map(day);
            a.has_measurable_outcome = outcome;
            a.engagements = engagements.into_iter().map(day).collect();
            a
        })
}

/// Advocates near the gates, so that many pass them.
fn near_eligible() -> impl Strategy<Value = Advocate> {
    (
        0i64..1500,
        70.0f64..=100.0,
        7i64..=10,
        proptest::option::of(1200i64..1600),
        proptest::collection::vec(1400i64..1600, 0..10),
    )
        .prop_map(|(since, health, nps, nps_on, engagements)| {
            let mut a = Advocate::new("p", day(since));
            a.health_score = health;
            a.nps = Some(nps);
            a.nps_on = nps_on.map(day);
            a.has_measurable_outcome = true;
            a.engagements = engagements.into_iter().map(day).collect();
            a
        })
}

proptest! {
    #[test]
    fn evaluation_is_deterministic(a in advocate(), as_of in 0i64..2600) {
        let e = Engine::default();
        let as_of = day(as_of);
        let first = serde_json::to_string(&(e.eligibility(&a, as_of), e.lifecycle(&a, as_of))).unwrap();
        let again = serde_json::to_string(&(e.eligibility(&a, as_of), e.lifecycle(&a, as_of))).unwrap();
        prop_assert_eq!(&first, &again);
        // A fresh engine and a clone decide alike.
        let other = Engine::default().clone();
        let third = serde_json::to_string(&(other.eligibility(&a, as_of), other.lifecycle(&a, as_of))).unwrap();
        prop_assert_eq!(first, third);
    }

    #[test]
    fn raising_health_tenure_or_nps_never_makes_eligible_ineligible(
        a in near_eligible(),
        as_of in 1500i64..1600,
        more_health in 0.0f64..=100.0,
        earlier in 0i64..1000,
        more_nps in 0i64..=10,
    ) {
        let e = Engine::default();
        let as_of = day(as_of);
        let before = e.eligibility(&a, as_of);
        prop_assume!(before.eligible);
        let mut b = a.clone();
        b.health_score = (a.health_score + more_health).min(100.0);
        b.customer_since = a.customer_since - chrono::Duration::days(earlier);
        b.nps = a.nps.map(|n| (n + more_nps).min(10));
        let after = e.eligibility(&b, as_of);
        prop_assert!(after.eligible, "{:?}", after.reasons);
        prop_assert!(after.readiness.score >= before.readiness.score);
    }

    #[test]
    fn gates_match_their_definitions(a in advocate(), as_of in 0i64..2600) {
        let e = Engine::default();
        let as_of_d = day(as_of);
        let r = e.eligibility(&a, as_of_d).reasons;
        prop_assert_eq!(r.contains(Reason::HealthBelowMinimum), a.health_score < 80.0);
        prop_assert_eq!(r.contains(Reason::NoMeasurableOutcome), !a.has_measurable_outcome);
        prop_assert!(!(r.contains(Reason::NpsMissing) && r.contains(Reason::NotPromoter)));
        let months = plaudit::tenure_months(a.customer_since, as_of_d);
        prop_assert_eq!(r.contains(Reason::TenureBelowMinimum), months < 12);
    }

    #[test]
    fn arbitrary_json_never_panics_the_parser(s in "\\PC{0,200}") {
        let _ = plaudit::parse_advocates(&s);
        let _ = plaudit::parse_advocate(&s);
        let _ = plaudit::parse_request(&s);
        let _ = plaudit::Policy::from_text(&s);
    }

    #[test]
    fn arbitrary_json_values_never_panic_the_parser(v in json_value(3)) {
        let text = v.to_string();
        let _ = plaudit::parse_advocate(&text);
        let _ = plaudit::parse_advocates(&format!("[{text}]"));
        let _ = plaudit::parse_request(&text);
        let _ = plaudit::Policy::from_json(&text);
    }

    #[test]
    fn near_valid_advocates_never_panic(
        fields in proptest::collection::btree_map(
            prop_oneof![
                Just("id"), Just("customer_since"), Just("health_score"), Just("nps"),
                Just("nps_on"), Just("segment"), Just("country"), Just("activities"),
                Just("consents"), Just("engagements"), Just("preferences"), Just("languages"),
            ],
            json_value(2),
            0..12,
        )
    ) {
        let obj: serde_json::Map<String, serde_json::Value> =
            fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        let text = serde_json::Value::Object(obj).to_string();
        if let Err(e) = plaudit::parse_advocate(&text) {
            prop_assert!(!e.errors.is_empty());
            prop_assert!(e.errors.len() <= plaudit::MAX_REPORTED_ERRORS);
        }
    }
}

fn json_value(depth: u32) -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        prop_oneof![
            Just("2026-01-01".to_owned()),
            Just("granted".to_owned()),
            Just("reference_call".to_owned()),
            Just("completed".to_owned()),
            Just("program".to_owned()),
            "\\PC{0,12}",
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(depth, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("kind".to_owned()),
                    Just("date".to_owned()),
                    Just("status".to_owned()),
                    Just("purpose".to_owned()),
                    Just("on".to_owned()),
                    Just("id".to_owned()),
                    "[a-z_]{1,8}",
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}
