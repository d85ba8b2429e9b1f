//! Boundaries of eligibility (docs/rules.md#eligibility-and-readiness), lifecycle (#lifecycle) and the precise points (#precise-points),
//! records parsing and policy loading.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use plaudit::{
    Activity, ActivityKind, ActivityStatus, Advocate, Consent, ConsentPurpose, ConsentStatus,
    Engine, ErrorCode, LifecycleState, Policy, Reason,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// An advocate who passes every gate as of 2026-06-01.
fn good() -> Advocate {
    let mut a = Advocate::new("adv-1", d("2024-01-15"));
    a.account_id = "acme".into();
    a.health_score = 90.0;
    a.nps = Some(10);
    a.nps_on = Some(d("2026-01-10"));
    a.has_measurable_outcome = true;
    a.engagements = vec![d("2026-05-20")];
    a
}

fn engine() -> Engine {
    Engine::default()
}

fn reasons(a: &Advocate, as_of: &str) -> Vec<Reason> {
    engine().eligibility(a, d(as_of)).reasons.to_vec()
}

#[test]
fn a_good_advocate_passes_every_gate() {
    let e = engine().eligibility(&good(), d("2026-06-01"));
    assert!(e.eligible, "{e:?}");
    assert!(e.reasons.is_empty());
}

#[test]
fn health_79_fails_80_passes() {
    let mut a = good();
    a.health_score = 79.0;
    assert_eq!(reasons(&a, "2026-06-01"), vec![Reason::HealthBelowMinimum]);
    a.health_score = 79.99;
    assert_eq!(reasons(&a, "2026-06-01"), vec![Reason::HealthBelowMinimum]);
    a.health_score = 80.0;
    assert!(reasons(&a, "2026-06-01").is_empty());
}

#[test]
fn tenure_11_fails_12_passes_with_month_end_clamping() {
    let mut a = good();
    a.customer_since = d("2025-01-31");
    // 2025-01-31 + 12 months = 2026-01-31: one day short is 11 months.
    let e = engine().eligibility(&a, d("2026-01-30"));
    assert_eq!(e.tenure_months, 11);
    assert!(e.reasons.contains(Reason::TenureBelowMinimum));
    let e = engine().eligibility(&a, d("2026-01-31"));
    assert_eq!(e.tenure_months, 12);
    assert!(!e.reasons.contains(Reason::TenureBelowMinimum));
    // 2025-01-31 + 1 month clamps to 2025-02-28.
    assert_eq!(engine().eligibility(&a, d("2025-02-28")).tenure_months, 1);
    assert_eq!(engine().eligibility(&a, d("2025-02-27")).tenure_months, 0);
}

#[test]
fn tenure_before_customer_since_is_negative_and_fails() {
    let mut a = good();
    a.customer_since = d("2026-07-01");
    let e = engine().eligibility(&a, d("2026-06-01"));
    assert_eq!(e.tenure_months, -1);
    assert!(e.reasons.contains(Reason::TenureBelowMinimum));
    assert_eq!(e.readiness.components.tenure, 0.0);
}

#[test]
fn nps_8_is_not_a_promoter_9_is() {
    let mut a = good();
    a.nps = Some(8);
    assert_eq!(reasons(&a, "2026-06-01"), vec![Reason::NotPromoter]);
    a.nps = Some(9);
    assert!(reasons(&a, "2026-06-01").is_empty());
}

#[test]
fn nps_365_days_old_is_fresh_366_is_missing_only() {
    let mut a = good();
    a.nps = Some(3);
    a.nps_on = Some(d("2025-06-01"));
    // 365 days: fresh, so a low NPS is `not_promoter`.
    assert_eq!(reasons(&a, "2026-06-01"), vec![Reason::NotPromoter]);
    // 366 days: stale, so `nps_missing` only, never also `not_promoter` (docs/rules.md#nps-age).
    assert_eq!(reasons(&a, "2026-06-02"), vec![Reason::NpsMissing]);
    a.nps = None;
    assert_eq!(reasons(&a, "2026-06-01"), vec![Reason::NpsMissing]);
}

#[test]
fn nps_without_date_is_taken_at_face_value() {
    let mut a = good();
    a.nps_on = None;
    assert!(reasons(&a, "2030-01-01").is_empty());
}

#[test]
fn review_asks_skip_the_nps_gate_only() {
    let mut a = good();
    a.nps = Some(2);
    a.health_score = 50.0;
    let e = engine().eligibility_for(&a, d("2026-06-01"), ActivityKind::Review);
    assert_eq!(e.reasons.to_vec(), vec![Reason::HealthBelowMinimum]);
    let e = engine().eligibility_for(&a, d("2026-06-01"), ActivityKind::CaseStudy);
    assert_eq!(
        e.reasons.to_vec(),
        vec![Reason::HealthBelowMinimum, Reason::NotPromoter]
    );
    let p = Policy::from_toml("[eligibility]\nreview_sentiment_neutral = false\n").unwrap();
    let strict = Engine::new(p).unwrap();
    let e = strict.eligibility_for(&a, d("2026-06-01"), ActivityKind::Review);
    assert!(e.reasons.contains(Reason::NotPromoter));
}

#[test]
fn measurable_outcome_gate_follows_the_policy() {
    let mut a = good();
    a.has_measurable_outcome = false;
    assert_eq!(reasons(&a, "2026-06-01"), vec![Reason::NoMeasurableOutcome]);
    let p = Policy::from_toml("[eligibility]\nrequire_measurable_outcome = false\n").unwrap();
    assert!(
        Engine::new(p)
            .unwrap()
            .eligibility(&a, d("2026-06-01"))
            .eligible
    );
}

#[test]
fn every_failing_gate_is_reported_sorted() {
    let mut a = good();
    a.health_score = 10.0;
    a.customer_since = d("2026-01-01");
    a.nps = Some(1);
    a.has_measurable_outcome = false;
    assert_eq!(
        reasons(&a, "2026-06-01"),
        vec![
            Reason::HealthBelowMinimum,
            Reason::NoMeasurableOutcome,
            Reason::NotPromoter,
            Reason::TenureBelowMinimum,
        ]
    );
}

#[test]
fn readiness_components_and_weights() {
    let mut a = good();
    a.health_score = 80.0;
    a.nps = Some(9);
    a.customer_since = d("2024-06-01"); // 24 months
    a.engagements = vec![d("2026-05-01"), d("2026-05-02"), d("2026-05-03")]; // 3 of 6
    a.influence = Some(plaudit::Influence::Leader);
    let e = engine().eligibility(&a, d("2026-06-01"));
    let c = &e.readiness.components;
    assert_eq!(c.health, 0.8);
    assert_eq!(c.nps, 0.9);
    assert_eq!(c.tenure, 0.6667);
    assert_eq!(c.engagement, 0.5);
    assert_eq!(c.outcome, 1.0);
    assert_eq!(c.influence, 0.75);
    // 0.30*0.8 + 0.25*0.9 + 0.10*(24/36) + 0.15*0.5 + 0.10*1 + 0.10*0.75 = 0.781667
    assert_eq!(e.readiness.score, 78.17);
}

fn lifecycle(a: &Advocate, as_of: &str) -> LifecycleState {
    engine().lifecycle(a, d(as_of)).state
}

fn bare() -> Advocate {
    Advocate::new("adv-2", d("2020-01-01"))
}

#[test]
fn no_touch_at_all_is_active() {
    assert_eq!(lifecycle(&bare(), "2026-06-01"), LifecycleState::Active);
}

#[test]
fn inactive_at_365_days_not_at_364() {
    let mut a = bare();
    a.engagements = vec![d("2025-06-01")];
    assert_eq!(lifecycle(&a, "2026-05-31"), LifecycleState::Active); // 364 days
    assert_eq!(lifecycle(&a, "2026-06-01"), LifecycleState::Inactive); // 365 days
}

#[test]
fn touches_include_completed_activities_and_grants_but_not_withdrawals_or_bookings() {
    let mut a = bare();
    a.engagements = vec![d("2025-01-01")];
    a.activities = vec![Activity {
        kind: ActivityKind::ReferenceCall,
        date: d("2025-12-01"),
        status: ActivityStatus::Scheduled,
        solicited: true,
        topic: None,
        request_id: None,
        incentive: None,
        variant: None,
    }];
    a.consents = vec![Consent {
        purpose: ConsentPurpose::Logo,
        status: ConsentStatus::Withdrawn,
        on: d("2025-12-01"),
        expires: None,
    }];
    assert_eq!(lifecycle(&a, "2026-06-01"), LifecycleState::Inactive);
    a.activities[0].status = ActivityStatus::Completed;
    assert_eq!(lifecycle(&a, "2026-06-01"), LifecycleState::Active);
    a.activities[0].status = ActivityStatus::Cancelled;
    a.consents[0].status = ConsentStatus::Granted;
    assert_eq!(lifecycle(&a, "2026-06-01"), LifecycleState::Active);
}

#[test]
fn future_touches_are_ignored() {
    let mut a = bare();
    a.engagements = vec![d("2025-01-01"), d("2026-07-01")];
    assert_eq!(lifecycle(&a, "2026-06-01"), LifecycleState::Inactive);
}

fn days_before(as_of: &str, n: i64) -> NaiveDate {
    d(as_of) - chrono::Duration::days(n)
}

#[test]
fn at_risk_when_twice_recent_equals_prior_not_one_above() {
    let as_of = "2026-06-01";
    let mut a = bare();
    // prior window (as_of-120, as_of-60]: 4 events, several on one day.
    let prior = vec![
        days_before(as_of, 60),
        days_before(as_of, 60),
        days_before(as_of, 119),
        days_before(as_of, 90),
    ];
    // recent window (as_of-60, as_of]: 2 events -> 2 x 2 = 4 = prior: at risk.
    a.engagements = prior.clone();
    a.engagements
        .extend([days_before(as_of, 59), days_before(as_of, 0)]);
    let l = engine().lifecycle(&a, d(as_of));
    assert_eq!((l.recent_engagements, l.prior_engagements), (2, 4));
    assert_eq!(l.state, LifecycleState::AtRisk);
    // One more recent event: 2 x 3 = 6 > 4: active.
    a.engagements.push(days_before(as_of, 1));
    assert_eq!(lifecycle(&a, as_of), LifecycleState::Active);
}

#[test]
fn at_risk_needs_two_prior_events() {
    let as_of = "2026-06-01";
    let mut a = bare();
    a.engagements = vec![days_before(as_of, 70)];
    assert_eq!(lifecycle(&a, as_of), LifecycleState::Active);
    a.engagements.push(days_before(as_of, 80));
    assert_eq!(lifecycle(&a, as_of), LifecycleState::AtRisk);
    // Events 120 days back are outside the prior window.
    a.engagements = vec![days_before(as_of, 120), days_before(as_of, 80)];
    assert_eq!(lifecycle(&a, as_of), LifecycleState::Active);
}

fn consent(purpose: ConsentPurpose, status: ConsentStatus, on: &str) -> Consent {
    Consent {
        purpose,
        status,
        on: d(on),
        expires: None,
    }
}

#[test]
fn opt_out_by_latest_record_and_same_day_withdrawal_wins() {
    use ConsentPurpose::Program;
    use ConsentStatus::{Granted, Withdrawn};
    let mut a = bare();
    a.engagements = vec![d("2026-05-01")];
    a.consents = vec![
        consent(Program, Granted, "2026-01-01"),
        consent(Program, Withdrawn, "2026-02-01"),
    ];
    assert_eq!(lifecycle(&a, "2026-06-01"), LifecycleState::OptedOut);
    // A later grant wins.
    a.consents.push(consent(Program, Granted, "2026-03-01"));
    assert_eq!(lifecycle(&a, "2026-06-01"), LifecycleState::Active);
    // Same day: the withdrawal wins, in any record order.
    a.consents.push(consent(Program, Withdrawn, "2026-03-01"));
    assert_eq!(lifecycle(&a, "2026-06-01"), LifecycleState::OptedOut);
    a.consents.reverse();
    assert_eq!(lifecycle(&a, "2026-06-01"), LifecycleState::OptedOut);
    // A future withdrawal does not opt anyone out yet.
    let mut b = bare();
    b.consents = vec![
        consent(Program, Granted, "2026-01-01"),
        consent(Program, Withdrawn, "2026-07-01"),
    ];
    assert_eq!(lifecycle(&b, "2026-06-01"), LifecycleState::Active);
    assert_eq!(lifecycle(&b, "2026-07-01"), LifecycleState::OptedOut);
}

#[test]
fn precedence_erased_opted_out_inactive_at_risk() {
    use ConsentPurpose::Program;
    let as_of = "2026-06-01";
    let mut a = bare();
    a.engagements = vec![d("2024-01-01")];
    a.consents = vec![consent(Program, ConsentStatus::Withdrawn, "2024-01-01")];
    a.erasure_requested = true;
    let l = engine().lifecycle(&a, d(as_of));
    assert_eq!(l.state, LifecycleState::Erased);
    assert_eq!(l.latest_touch, None);
    a.erasure_requested = false;
    assert_eq!(lifecycle(&a, as_of), LifecycleState::OptedOut);
    a.consents.clear();
    assert_eq!(lifecycle(&a, as_of), LifecycleState::Inactive);
    assert!(LifecycleState::Inactive.excludes());
    assert!(!LifecycleState::AtRisk.excludes());
}

#[test]
fn a_record_with_five_bad_fields_reports_all_five() {
    let json = r#"[{"id": "ok", "customer_since": "2020-01-01", "health_score": 90},
        {"id": "bad", "customer_since": "2020-02-30", "health_score": 101, "nps": 11,
         "segment": "huge", "country": "XX", "crm_column": "ignored"}]"#;
    let err = plaudit::parse_advocates(json).unwrap_err();
    let paths: Vec<(&str, ErrorCode)> = err
        .errors
        .iter()
        .map(|e| (e.path.as_str(), e.code))
        .collect();
    assert_eq!(
        paths,
        vec![
            ("advocates[1].country", ErrorCode::InvalidCountry),
            ("advocates[1].customer_since", ErrorCode::InvalidDate),
            ("advocates[1].health_score", ErrorCode::OutOfRange),
            ("advocates[1].nps", ErrorCode::OutOfRange),
            ("advocates[1].segment", ErrorCode::InvalidValue),
        ],
        "{err}"
    );
    let text = err.to_string();
    assert!(
        text.contains("advocates[1].nps: 11 is out of range 0..=10"),
        "{text}"
    );
    assert!(
        text.contains(
            "advocates[1].customer_since: expected a date `YYYY-MM-DD`, got `2020-02-30`"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "advocates[1].segment: `huge` is not one of `smb`, `mid_market`, `enterprise`"
        ),
        "{text}"
    );
}

#[test]
fn missing_fields_and_wrong_types_are_named() {
    let err = plaudit::parse_advocates(r#"[{"health_score": "high", "activities": [{"kind": "reference_call", "date": "2026-01-01"}]}]"#)
        .unwrap_err();
    let paths: Vec<&str> = err.errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "advocates[0].activities[0].status",
            "advocates[0].customer_since",
            "advocates[0].health_score",
            "advocates[0].id",
        ],
        "{err}"
    );
    assert_eq!(err.errors[0].code, ErrorCode::MissingField);
    assert_eq!(err.errors[2].code, ErrorCode::InvalidType);
    assert_eq!(err.errors[2].message, "string \"high\", expected f64");
}

#[test]
fn duplicate_ids_are_reported() {
    let json = r#"[{"id": "a", "customer_since": "2020-01-01", "health_score": 90},
                   {"id": " a ", "customer_since": "2020-01-01", "health_score": 90}]"#;
    let err = plaudit::parse_advocates(json).unwrap_err();
    assert_eq!(
        err.to_string(),
        "advocates[1].id: `a` is already used by advocates[0]"
    );
}

#[test]
fn syntax_errors_have_line_and_column() {
    let err = plaudit::parse_advocates("[\n{\"id\": }").unwrap_err();
    assert_eq!(err.errors.len(), 1);
    assert_eq!(err.errors[0].code, ErrorCode::Syntax);
    assert_eq!(err.errors[0].line, Some(2));
}

#[test]
fn keys_are_normalized() {
    let a = plaudit::parse_advocate(
        r#"{"id": " x1 ", "customer_since": "2020-01-01", "health_score": 90,
            "industry": " Financial Services", "products": ["Analytics Cloud"], "country": "de",
            "languages": ["DE"], "persona": "VP Customer-Success"}"#,
    )
    .unwrap();
    assert_eq!(a.id, "x1");
    assert_eq!(a.industry, "financial_services");
    assert_eq!(a.products, vec!["analytics_cloud"]);
    assert_eq!(a.country, "DE");
    assert_eq!(a.languages, vec!["de"]);
    assert_eq!(a.persona.as_deref(), Some("vp_customer_success"));
}

#[test]
fn policy_toml_errors_collect_every_problem_with_line_and_column() {
    let text = "version = 1\n[fatigue]\nannual_cap = 0\nanual_cap = 4\n\n[tiers.gold]\nmin_share = 0.5\nmax_share = 0.3\n\n[matching.weights]\nindustry = -1\n";
    let err = Policy::from_toml(text).unwrap_err();
    let lines: Vec<String> = err.errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        lines,
        vec![
            "4:1: fatigue.anual_cap: unknown key",
            "3:1: fatigue.annual_cap: 0 must be at least 1",
            "7:1: tiers.gold.min_share: 0.5 is above `max_share` (0.3)",
            "11:1: matching.weights.industry: -1 must be a finite number >= 0",
        ]
    );
}

#[test]
fn policy_type_errors_and_syntax_errors() {
    let err = Policy::from_toml("[fatigue]\nannual_cap = \"six\"\n").unwrap_err();
    assert_eq!(err.errors[0].path, "fatigue.annual_cap");
    assert_eq!(err.errors[0].code, ErrorCode::InvalidType);
    assert_eq!(
        (err.errors[0].line, err.errors[0].column),
        (Some(2), Some(1))
    );
    let err = Policy::from_toml("[fatigue\n").unwrap_err();
    assert_eq!(err.errors[0].code, ErrorCode::Syntax);
    assert_eq!(err.errors[0].line, Some(1));
    let err = Policy::from_json(r#"{"kinds": {"case_study": {"capp": 2}}}"#).unwrap_err();
    assert_eq!(err.to_string(), "kinds.case_study.capp: unknown key");
    let err = Policy::from_json(r#"{"version": 2}"#).unwrap_err();
    assert_eq!(err.errors[0].code, ErrorCode::UnsupportedVersion);
}

#[test]
fn partial_overrides_keep_the_rest_of_a_row() {
    let p =
        Policy::from_toml("[kinds.case_study]\ncap = 2\n[tiers.gold]\nmax_share = 0.25\n").unwrap();
    assert_eq!(p.kinds.case_study.cap, Some(2));
    assert_eq!(p.kinds.case_study.min_gap_days, 365);
    assert_eq!(p.tiers.gold.max_share, 0.25);
    assert_eq!(p.tiers.gold.min_share, 0.15);
    let p = Policy::from_toml("[kinds.testimonial]\ncap = 0\n").unwrap();
    assert_eq!(p.kinds.testimonial.cap, None);
}

#[test]
fn fingerprint_is_stable_across_formats_order_and_defaults() {
    let default_fp = Policy::default().fingerprint();
    assert!(default_fp.starts_with("sha256:") && default_fp.len() == 23);
    assert_eq!(Policy::from_toml("").unwrap().fingerprint(), default_fp);
    assert_eq!(
        Policy::from_toml("version = 1\n[fatigue]\nannual_cap = 6\n")
            .unwrap()
            .fingerprint(),
        default_fp
    );
    let a = Policy::from_toml("[compliance]\nregulated_industries = ['pharma', 'Healthcare']\n")
        .unwrap();
    let b = Policy::from_json(
        r#"{"compliance": {"regulated_industries": ["healthcare", "pharma", "pharma"]}}"#,
    )
    .unwrap();
    assert_eq!(a.fingerprint(), b.fingerprint());
    assert_ne!(a.fingerprint(), default_fp);
    assert_eq!(Engine::default().fingerprint(), default_fp);
}

#[test]
fn example_policy_is_the_default_policy() {
    let text = include_str!("../../../examples/policy.toml");
    let p = Policy::from_toml(text).unwrap();
    assert_eq!(p.fingerprint(), Policy::default().fingerprint());
    assert_eq!(p, {
        let mut d = Policy::default();
        d.normalize();
        d
    });
}

#[test]
fn default_policy_is_valid_and_roundtrips_through_json() {
    let p = Policy::default();
    p.validate().unwrap();
    let back = Policy::from_json(&p.canonical_json()).unwrap();
    assert_eq!(back.fingerprint(), p.fingerprint());
}

#[test]
fn engine_is_send_and_sync() {
    fn assert<T: Send + Sync>() {}
    assert::<Engine>();
}
