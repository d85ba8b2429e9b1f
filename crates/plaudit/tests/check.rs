//! `check` (docs/rules.md#consent-and-compliance, #fatigue-and-tiers, #rules-beyond-the-seeds): each code on both sides of its boundary, a brute-force oracle
//! for `next_available_on`, and a booking simulation that never breaks a cap or a gap.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, NaiveDate};
use plaudit::check::Ask;
use plaudit::{
    Activity, ActivityKind, ActivityStatus, Advocate, Consent, ConsentPurpose, ConsentStatus,
    Disruption, DisruptionKind, Engine, Incentive, IncentiveKind, Reason,
};
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn base() -> NaiveDate {
    d("2026-01-01")
}

fn at(n: i64) -> NaiveDate {
    base() + Duration::days(n)
}

fn adv() -> Advocate {
    let mut a = Advocate::new("a", d("2020-01-01"));
    a.country = "US".into();
    a.health_score = 90.0;
    a.nps = Some(10);
    a.has_measurable_outcome = true;
    a.verified_on = Some(d("2025-12-01"));
    a.preferences.public = true;
    a.preferences.activities = Some(ActivityKind::ALL.to_vec());
    a.engagements = vec![d("2025-12-15")];
    a.consents = ConsentPurpose::ALL
        .iter()
        .map(|&purpose| Consent {
            purpose,
            status: ConsentStatus::Granted,
            on: d("2024-01-01"),
            expires: None,
        })
        .collect();
    a
}

fn act(kind: ActivityKind, date: NaiveDate, status: ActivityStatus) -> Activity {
    Activity {
        kind,
        date,
        status,
        solicited: true,
        topic: None,
        request_id: None,
        incentive: None,
        variant: None,
    }
}

fn ask(kind: ActivityKind, date: NaiveDate) -> Ask {
    Ask {
        kind,
        date,
        incentive: None,
        topic: None,
    }
}

/// The check's reasons as of the ask date, with the advocate's last engagement and
/// verification moved to just before that date, so lifecycle codes stay out of capacity tests.
fn reasons(a: &Advocate, ask: &Ask) -> Vec<Reason> {
    let mut a = a.clone();
    a.engagements = vec![ask.date - Duration::days(10)];
    a.verified_on = Some(ask.date - Duration::days(20));
    Engine::default().check(&a, ask, ask.date).reasons.to_vec()
}

use ActivityKind::*;
use ActivityStatus::*;

#[test]
fn annual_cap_5_allows_6_blocks_in_any_window_containing_the_date() {
    let mut a = adv();
    a.activities = (0..5)
        .map(|i| act(Referral, at(i * 10), Completed))
        .collect();
    assert!(reasons(&a, &ask(Referral, at(100))).is_empty());
    a.activities.push(act(Referral, at(60), Scheduled));
    assert_eq!(
        reasons(&a, &ask(Referral, at(100))),
        vec![Reason::AnnualCapReached]
    );
    // The first activity (day 0) leaves the window ending at day 365; six remain in windows
    // containing day 364, so the next date is 365 + the 6th-latest... here day 365.
    let c = Engine::default().check(&a, &ask(Referral, at(100)), at(100));
    assert_eq!(c.next_available_on, Some(at(365)));
    assert!(reasons(&a, &ask(Referral, at(365))).is_empty());
    assert_eq!(
        reasons(&a, &ask(Referral, at(364))),
        vec![Reason::AnnualCapReached]
    );
}

#[test]
fn a_booking_may_not_push_a_future_window_over_the_cap() {
    let mut a = adv();
    // Six bookings in the coming year: an ask today would make seven in the window ending
    // at day 300, though the window ending today is empty.
    a.activities = (0..6)
        .map(|i| act(Referral, at(100 + i * 30), Scheduled))
        .collect();
    assert_eq!(
        reasons(&a, &ask(Referral, at(0))),
        vec![Reason::AnnualCapReached]
    );
    // The six bookings span days 100..=250: a window holding all six and the ask must end on
    // day 250 or later, so it reaches back no further than day 250 - 364.
    assert_eq!(
        reasons(&a, &ask(Referral, at(250 - 364))),
        vec![Reason::AnnualCapReached]
    );
    assert!(reasons(&a, &ask(Referral, at(250 - 365))).is_empty());
}

#[test]
fn community_leadership_does_not_count() {
    let mut a = adv();
    a.activities = (0..6)
        .map(|i| act(CommunityLeadership, at(i), Completed))
        .collect();
    assert!(reasons(&a, &ask(Referral, at(10))).is_empty());
}

#[test]
fn kind_caps_case_study_1_testimonial_3() {
    let mut a = adv();
    a.activities = vec![act(CaseStudy, at(0), Completed)];
    assert_eq!(
        reasons(&a, &ask(CaseStudy, at(364))),
        vec![Reason::KindCapReached, Reason::TooSoon]
    );
    assert!(reasons(&a, &ask(CaseStudy, at(365))).is_empty());
    let mut t = adv();
    t.activities = (0..3)
        .map(|i| Activity {
            topic: Some(format!("t{i}")),
            ..act(Testimonial, at(i * 60), Completed)
        })
        .collect();
    let mut q = ask(Testimonial, at(200));
    q.topic = Some("new".into());
    assert_eq!(reasons(&t, &q), vec![Reason::KindCapReached]);
    t.activities.pop();
    assert!(reasons(&t, &q).is_empty());
    q.topic = Some("t1".into());
    assert_eq!(reasons(&t, &q), vec![Reason::TestimonialTopicRepeat]);
}

#[test]
fn reference_call_gap_follows_the_stated_frequency() {
    let mut a = adv();
    a.activities = vec![act(ReferenceCall, at(0), Completed)];
    assert_eq!(
        reasons(&a, &ask(ReferenceCall, at(90))),
        vec![Reason::TooSoon]
    );
    assert!(reasons(&a, &ask(ReferenceCall, at(91))).is_empty());
    a.preferences.reference_frequency = Some(plaudit::ReferenceFrequency::Monthly);
    assert_eq!(
        reasons(&a, &ask(ReferenceCall, at(29))),
        vec![Reason::TooSoon]
    );
    assert!(reasons(&a, &ask(ReferenceCall, at(30))).is_empty());
    // Gaps apply to bookings in the future too.
    assert_eq!(
        reasons(&a, &ask(ReferenceCall, at(-29))),
        vec![Reason::TooSoon]
    );
}

#[test]
fn response_fatigue_two_of_last_three_rest_90_days() {
    let mut a = adv();
    a.activities = vec![
        act(Referral, at(-50), Completed),
        act(ReferenceCall, at(-40), Declined),
        act(Referral, at(-30), NoResponse),
    ];
    let c = Engine::default().check(&a, &ask(Referral, at(59)), at(59));
    assert_eq!(c.reasons.to_vec(), vec![Reason::DecliningRequests]);
    assert_eq!(c.next_available_on, Some(at(60)));
    assert!(reasons(&a, &ask(Referral, at(60))).is_empty());
    // One bad answer of the last three is fine.
    a.activities[1].status = Completed;
    assert!(reasons(&a, &ask(Referral, at(0))).is_empty());
}

#[test]
fn soft_lock_13_days_blocks_14_does_not_and_ages_into_no_response() {
    let mut a = adv();
    a.activities = vec![act(ReferenceCall, at(0), Requested)];
    let e = Engine::default();
    assert_eq!(
        e.check(&a, &ask(Referral, at(13)), at(13)).reasons.to_vec(),
        vec![Reason::PendingRequest]
    );
    assert!(
        e.check(&a, &ask(Referral, at(14)), at(14))
            .reasons
            .is_empty()
    );
    // Aged: counts as no_response; with one more decline, the advocate rests.
    a.activities.push(act(Referral, at(5), Declined));
    assert_eq!(
        e.check(&a, &ask(Referral, at(20)), at(20)).reasons.to_vec(),
        vec![Reason::DecliningRequests]
    );
}

#[test]
fn consent_opt_in_and_opt_out_countries() {
    let mut a = adv();
    a.consents.retain(|c| c.purpose != ConsentPurpose::Program);
    assert!(
        reasons(&a, &ask(Referral, at(0))).is_empty(),
        "US presumes program"
    );
    a.country = "DE".into();
    let c = Engine::default().check(&a, &ask(Referral, at(0)), at(0));
    assert_eq!(c.reasons.to_vec(), vec![Reason::ConsentMissing]);
    assert_eq!(c.missing_consents, vec![ConsentPurpose::Program]);
    assert_eq!(c.next_available_on, None);
}

#[test]
fn consent_expiry_and_same_day_withdrawal() {
    let mut a = adv();
    for c in &mut a.consents {
        if c.purpose == ConsentPurpose::ReferenceContact {
            c.expires = Some(at(10));
        }
    }
    assert!(reasons(&a, &ask(ReferenceCall, at(9))).is_empty());
    assert_eq!(
        reasons(&a, &ask(ReferenceCall, at(10))),
        vec![Reason::ConsentMissing]
    );
    let mut b = adv();
    b.consents.push(Consent {
        purpose: ConsentPurpose::Quote,
        status: ConsentStatus::Withdrawn,
        on: d("2024-01-01"),
        expires: None,
    });
    assert_eq!(
        reasons(&b, &ask(Testimonial, at(0))),
        vec![Reason::ConsentMissing]
    );
}

#[test]
fn incentives() {
    let e = Engine::default();
    let mut a = adv();
    let gift = |v: f64| {
        Some(Incentive {
            kind: IncentiveKind::GiftCard,
            value: v,
            currency: Some("USD".into()),
        })
    };
    let mut q = ask(CaseStudy, at(0));
    q.incentive = gift(74.0);
    let c = e.check(&a, &q, at(0));
    assert!(c.allowed);
    assert_eq!(c.warnings.to_vec(), vec![Reason::IncentiveBelowFairValue]);
    assert_eq!(c.disclosures.to_vec(), vec![Reason::MaterialConnection]);
    q.incentive = gift(75.0);
    assert!(e.check(&a, &q, at(0)).warnings.is_empty());
    a.industry = "healthcare".into();
    let c = e.check(&a, &q, at(0));
    assert_eq!(c.reasons.to_vec(), vec![Reason::RegulatedIncentive]);
    assert_eq!(c.approvals, vec!["compliance", "customer", "legal", "pr"]);
    q.incentive = Some(Incentive {
        kind: IncentiveKind::Donation,
        value: 100.0,
        currency: None,
    });
    assert!(e.check(&a, &q, at(0)).allowed);
    let mut r = ask(Review, at(0));
    r.incentive = q.incentive.clone();
    assert_eq!(reasons(&a, &r), vec![Reason::ReviewIncentiveForbidden]);
    let limited = Engine::new(
        plaudit::Policy::from_toml("[compliance.incentive_limits]\nUS = 50\n").unwrap(),
    )
    .unwrap();
    let mut q2 = ask(ReferenceCall, at(0));
    q2.incentive = Some(Incentive {
        kind: IncentiveKind::Swag,
        value: 50.0,
        currency: None,
    });
    assert!(limited.check(&adv(), &q2, at(0)).allowed);
    q2.incentive = Some(Incentive {
        kind: IncentiveKind::Swag,
        value: 50.01,
        currency: None,
    });
    assert_eq!(
        limited.check(&adv(), &q2, at(0)).reasons.to_vec(),
        vec![Reason::IncentiveOverLimit]
    );
}

#[test]
fn disruption_buffer_14_days() {
    let mut a = adv();
    a.disruptions = vec![Disruption {
        kind: DisruptionKind::Escalation,
        from: at(0),
        to: Some(at(10)),
    }];
    let c = Engine::default().check(&a, &ask(Referral, at(5)), at(5));
    assert_eq!(c.reasons.to_vec(), vec![Reason::DisruptionWindow]);
    assert_eq!(c.next_available_on, Some(at(25)));
    assert_eq!(
        reasons(&a, &ask(Referral, at(24))),
        vec![Reason::DisruptionWindow]
    );
    assert!(reasons(&a, &ask(Referral, at(25))).is_empty());
    a.disruptions[0].to = None;
    assert_eq!(
        Engine::default()
            .check(&a, &ask(Referral, at(500)), at(5))
            .next_available_on,
        None
    );
}

#[test]
fn willingness_public_comfort_publicity_and_left_company() {
    let mut a = adv();
    a.preferences.activities = None;
    assert!(reasons(&a, &ask(Referral, at(0))).is_empty());
    assert_eq!(reasons(&a, &ask(Speaking, at(0))), vec![Reason::NotWilling]);
    a.preferences.activities = Some(vec![Speaking]);
    a.preferences.public = false;
    assert_eq!(
        reasons(&a, &ask(Speaking, at(0))),
        vec![Reason::NotComfortablePublic]
    );
    a.preferences.public = true;
    a.publicity_restricted = true;
    assert_eq!(
        reasons(&a, &ask(Speaking, at(0))),
        vec![Reason::PublicityRestricted]
    );
    let mut b = adv();
    b.left_company = true;
    assert_eq!(
        reasons(&b, &ask(Referral, at(0))),
        vec![Reason::LeftCompany]
    );
}

#[test]
fn reviews_skip_the_nps_gate_and_stale_profiles_warn() {
    let mut a = adv();
    a.nps = Some(2);
    assert!(reasons(&a, &ask(Review, at(0))).is_empty());
    assert_eq!(
        reasons(&a, &ask(Referral, at(0))),
        vec![Reason::NotPromoter]
    );
    // verified 2025-12-01: 365 days later is fresh, 366 stale.
    let e = Engine::default();
    let fresh = e.check(&adv(), &ask(Referral, d("2026-12-01")), d("2026-12-01"));
    assert!(!fresh.warnings.contains(Reason::ProfileStale));
    let stale = e.check(&adv(), &ask(Referral, d("2026-12-02")), d("2026-12-02"));
    assert!(stale.warnings.contains(Reason::ProfileStale));
}

#[test]
fn an_opted_out_or_erased_advocate_is_never_allowed() {
    let mut a = adv();
    a.consents.push(Consent {
        purpose: ConsentPurpose::Program,
        status: ConsentStatus::Withdrawn,
        on: at(-1),
        expires: None,
    });
    assert!(reasons(&a, &ask(Referral, at(0))).contains(&Reason::OptedOut));
    a.erasure_requested = true;
    assert_eq!(reasons(&a, &ask(Referral, at(0))), vec![Reason::Erased]);
}

fn history() -> impl Strategy<Value = Vec<(usize, usize, i64)>> {
    proptest::collection::vec((0usize..10, 0usize..6, -400i64..400), 0..14)
}

fn build(h: &[(usize, usize, i64)]) -> Advocate {
    let mut a = adv();
    a.activities = h
        .iter()
        .map(|&(k, s, day)| Activity {
            topic: Some(format!("t{}", day.rem_euclid(3))),
            ..act(ActivityKind::ALL[k], at(day), ActivityStatus::ALL[s])
        })
        .collect();
    a
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// `next_available_on` is the first allowed day, found by checking every day in turn.
    #[test]
    fn next_available_on_matches_a_day_by_day_search(h in history(), kind in 0usize..10, from in -100i64..300) {
        let a = build(&h);
        let e = Engine::default();
        let kind = ActivityKind::ALL[kind];
        let as_of = at(0);
        let c = e.check(&a, &ask(kind, at(from)), as_of);
        // Rows are dated before day 400; a window, cap or gap over them ends within a
        // year and a half after that.
        let slow = (from..1000).find(|&n| e.check(&a, &ask(kind, at(n)), as_of).allowed);
        let only_time = c.reasons.iter().all(Reason::lifted_by_time);
        if only_time {
            prop_assert_eq!(c.next_available_on, slow.map(at));
        } else {
            prop_assert_eq!(c.next_available_on, None);
        }
        prop_assert_eq!(c.allowed, c.reasons.is_empty());
    }
}

/// One engine for every case of a property (see `evaluate_next_dates_are_the_checks`).
static KEPT: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();

/// Scalars that pass or fail the gates, the public comfort and the willingness, and
/// consents granted, withdrawn or expiring.
fn profile() -> impl Strategy<Value = (f64, Option<i64>, u16, bool, u8)> {
    (
        prop_oneof![Just(90.0), Just(40.0)],
        prop_oneof![Just(Some(10)), Just(Some(5)), Just(None)],
        0u16..1024,
        any::<bool>(),
        0u8..4,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// `evaluate` gives, for every kind the advocate is willing to do, what `check` gives
    /// for an ask of that kind on the as-of date: the same next available date (`null`
    /// when a reason time does not lift blocks it), and no entry for the other kinds.
    #[test]
    fn evaluate_next_dates_are_the_checks(h in history(), p in profile(), as_of in -30i64..200) {
        let (health, nps, willing, public, consent) = p;
        let mut a = build(&h);
        a.health_score = health;
        a.nps = nps;
        a.preferences.public = public;
        a.preferences.activities = Some(
            ActivityKind::ALL.iter().enumerate()
                .filter(|(i, _)| willing & (1 << i) != 0)
                .map(|(_, &k)| k)
                .collect(),
        );
        match consent {
            0 => {}
            1 => a.consents[0].status = ConsentStatus::Withdrawn,
            2 => a.consents.iter_mut().for_each(|c| c.expires = Some(at(60))),
            _ => a.consents.retain(|c| c.purpose == ConsentPurpose::Program),
        }
        let e = Engine::default();
        let as_of = at(as_of);
        let ev = e.evaluate(&a, as_of);
        // An engine that served every earlier case (its working buffers reused) answers as
        // a fresh one.
        let kept = KEPT.get_or_init(Engine::default);
        prop_assert_eq!(&kept.evaluate(&a, as_of), &ev);
        for &kind in ActivityKind::ALL {
            let ask = Ask { topic: Some("t1".into()), ..ask(kind, at(7)) };
            prop_assert_eq!(kept.check(&a, &ask, as_of), e.check(&a, &ask, as_of));
        }
        // Rows in date order take the sorted fast paths: the same report.
        let mut sorted = a.clone();
        sorted.activities.sort_by_key(|x| x.date);
        prop_assert_eq!(&e.evaluate(&sorted, as_of), &ev);
        for &kind in ActivityKind::ALL {
            let c = e.check(&a, &ask(kind, as_of), as_of);
            if c.reasons.contains(Reason::Erased) || c.reasons.contains(Reason::NotWilling) {
                prop_assert!(ev.next_available.get(kind).is_none(), "{:?}", kind);
            } else {
                prop_assert_eq!(
                    ev.next_available.get(kind).map(|n| n.0),
                    Some(c.next_available_on),
                    "{:?}: {:?}", kind, c.reasons
                );
            }
        }
    }
}

const SEQUENCES: usize = 10_000;

/// Book whenever `check` allows, over 10,000 random sequences: no 365-day window ever holds
/// more than 6 counted activities, no kind exceeds its cap, no gap is broken.
#[test]
fn booking_simulation_never_breaks_a_cap_or_gap() {
    let e = Engine::default();
    let policy = e.policy().clone();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..SEQUENCES {
        let mut a = adv();
        for _ in 0..12 {
            let kind = ActivityKind::ALL[(next() % 10) as usize];
            let day = (next() % 900) as i64;
            let mut q = ask(kind, at(day));
            q.topic = Some(format!("t{}", next() % 4));
            if e.check(&a, &q, at(day)).allowed {
                a.activities.push(Activity {
                    topic: q.topic.clone(),
                    ..act(kind, at(day), Scheduled)
                });
            }
        }
        let counted: Vec<&Activity> = a
            .activities
            .iter()
            .filter(|x| policy.kind(x.kind).counts_toward_cap)
            .collect();
        // A window holding the most activities can always be slid to end on one of them.
        let ends: Vec<NaiveDate> = a.activities.iter().map(|x| x.date).collect();
        for end in ends {
            let in_window = |x: &&&Activity| {
                let n = (x.date - end).num_days();
                n <= 0 && n > -365
            };
            assert!(
                counted.iter().filter(in_window).count() <= 6,
                "{:?}",
                a.activities
            );
            for kind in ActivityKind::ALL {
                if let Some(cap) = policy.kind(*kind).cap {
                    let n = a
                        .activities
                        .iter()
                        .filter(|x| x.kind == *kind)
                        .filter(|x| {
                            let n = (x.date - end).num_days();
                            n <= 0 && n > -365
                        })
                        .count();
                    assert!(n <= cap as usize);
                }
            }
        }
        for x in &a.activities {
            for y in &a.activities {
                if std::ptr::eq(x, y) || x.kind != y.kind {
                    continue;
                }
                let mut gap = i64::from(policy.kind(x.kind).min_gap_days);
                if x.kind == ReferenceCall {
                    gap = gap.max(91);
                }
                assert!((x.date - y.date).num_days().abs() >= gap);
            }
        }
    }
}
