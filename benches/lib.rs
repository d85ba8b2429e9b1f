//! Shared fixtures for the criterion benches: advocates with a chosen history length and
//! synthetic rosters from `plaudit-synth` (the generator the demo and the tests use).

use chrono::{Duration, NaiveDate};
use plaudit::{
    Activity, ActivityKind, ActivityStatus, Advocate, Consent, ConsentPurpose, ConsentStatus,
};

/// The date every bench evaluates as of.
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default()
}

/// An eligible advocate with `items` history items: activities of every kind and status
/// spread over the last three years (with a few bookings ahead), one engagement per activity
/// and a granted consent for every purpose. The realistic worst case for `check`: many
/// counted activities, mixed kinds, topics on every testimonial.
pub fn advocate_with_history(items: usize) -> Advocate {
    let mut a = Advocate::new("adv-bench", as_of() - Duration::days(2000));
    a.account_id = "acct-1".into();
    a.industry = "fintech".into();
    a.country = "US".into();
    a.health_score = 91.0;
    a.nps = Some(10);
    a.nps_on = Some(as_of() - Duration::days(40));
    a.has_measurable_outcome = true;
    a.verified_on = Some(as_of() - Duration::days(30));
    a.preferences.public = true;
    a.preferences.activities = Some(ActivityKind::ALL.to_vec());
    a.consents = ConsentPurpose::ALL
        .iter()
        .map(|&purpose| Consent {
            purpose,
            status: ConsentStatus::Granted,
            on: as_of() - Duration::days(900),
            expires: None,
        })
        .collect();
    let span = 1095_i64;
    let n = items.max(1) as i64;
    a.activities = (0..n)
        .map(|i| {
            let k = ActivityKind::ALL[(i as usize * 7) % ActivityKind::ALL.len()];
            let s = ActivityStatus::ALL[(i as usize * 3) % ActivityStatus::ALL.len()];
            Activity {
                kind: k,
                date: as_of() - Duration::days(span - (span + 60) * i / n),
                status: s,
                solicited: true,
                topic: Some(format!("topic-{}", i % 5)),
                request_id: None,
                incentive: None,
                variant: None,
            }
        })
        .collect();
    a.engagements = a.activities.iter().map(|x| x.date).collect();
    a
}

/// `n` synthetic advocates (seed 42, as of [`as_of`]).
pub fn synthetic(n: usize) -> Vec<Advocate> {
    plaudit_synth::advocates(&plaudit_synth::SynthConfig::new(n, 42, as_of())).collect()
}

/// A reference-call request from the synthetic generator's sample.
pub fn request() -> plaudit::Request {
    let cfg = plaudit_synth::SynthConfig::new(10, 42, as_of());
    let mut r = plaudit_synth::requests(&cfg, 8);
    let i = r
        .iter()
        .position(|x| x.kind == ActivityKind::ReferenceCall)
        .unwrap_or(0);
    r.swap_remove(i)
}
