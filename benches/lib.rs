//! Shared fixtures for the criterion benches: advocates with a chosen history length and
//! synthetic rosters from `plaudit-synth` (the generator the demo and the tests use).

use chrono::{Duration, NaiveDate};
use plaudit::{
    Activity, ActivityKind, ActivityStatus, Advocate, Consent, ConsentPurpose, ConsentStatus,
    Segment, Source, SourceKind, Stage, Touch,
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

/// A seeded xorshift: `next(n)` is in `0..n`.
fn rng(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut s = seed;
    move |n| {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s % n
    }
}

/// `n` opportunities, ~3 touches each on average, ids and touches in shuffled order.
/// The `measure` bench and the `profile` example share it.
pub fn opportunities(n: usize) -> Vec<plaudit::Opportunity> {
    let mut r = rng(0x9E37_79B9_7F4A_7C15);
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    let days = |d: u64| start + chrono::Duration::days(i64::try_from(d).unwrap_or(0));
    let industries = [
        "software",
        "retail",
        "healthcare",
        "financial_services",
        "manufacturing",
    ];
    let countries = ["US", "CA", "DE", "FR", "GB", "JP", "AU", "BR", "IN", "AQ"];
    let products = ["analytics", "billing", "crm", "payments"];
    let kinds = [
        ActivityKind::ReferenceCall,
        ActivityKind::CaseStudy,
        ActivityKind::Review,
        ActivityKind::Referral,
    ];
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, r(i as u64 + 1) as usize);
    }
    order
        .into_iter()
        .map(|i| {
            let created = r(540);
            let stage = match r(10) {
                0..=3 => Stage::Won,
                4..=6 => Stage::Lost,
                _ => Stage::Open,
            };
            let mut o = plaudit::Opportunity::new(format!("opp-{i:07}"), days(created));
            o.stage = stage;
            if stage != Stage::Open {
                o.closed_on = Some(days(created + 5 + r(150)));
            }
            o.amount = (r(20_000_000) as f64) / 100.0;
            o.currency = (r(10) == 0).then(|| "EUR".to_owned());
            o.qualified = r(20) != 0;
            o.segment = Some(Segment::ALL[r(3) as usize]);
            o.industry = Some(industries[r(5) as usize].to_owned());
            o.country = Some(countries[r(10) as usize].to_owned());
            o.products = (0..r(3))
                .map(|_| products[r(4) as usize].to_owned())
                .collect();
            if r(8) == 0 {
                o.source = Some(Source {
                    kind: SourceKind::Referral,
                    advocate_id: (r(2) == 0).then(|| format!("adv-{:06}", r(100_000))),
                });
            }
            o.touches = (0..r(7))
                .map(|_| Touch {
                    advocate_id: format!("adv-{:06}", r(100_000)),
                    kind: kinds[r(4) as usize],
                    on: days((created + r(200)).saturating_sub(90)),
                    solicited: r(5) != 0,
                })
                .collect();
            o
        })
        .collect()
}

/// The deals of [`opportunities`] pushed into [`plaudit::Columns`], as a table door fills
/// them (the `measure_columns` operation of the `profile` example).
pub fn columns(deals: &[plaudit::Opportunity]) -> plaudit::Columns {
    let touches = deals.iter().map(|o| o.touches.len()).sum();
    let mut c = plaudit::Columns::with_capacity(deals.len(), touches);
    let mut buffer = Vec::new();
    for o in deals {
        buffer.clear();
        buffer.extend(o.touches.iter().map(|t| plaudit::TouchRef {
            advocate_id: &t.advocate_id,
            kind: t.kind,
            on: t.on,
            solicited: t.solicited,
        }));
        let products: Vec<&str> = o.products.iter().map(String::as_str).collect();
        c.push(&plaudit::OpportunityRef {
            products: &products,
            touches: &buffer,
            ..plaudit::OpportunityRef::of(o)
        });
    }
    c
}
