//! Properties of `rank` and `assign_tiers` over random rosters (docs/rules.md#fatigue-and-tiers, #matching-and-ranking, #account-cap, #near-misses):
//! deterministic and independent of roster order; every advocate matched or excluded exactly
//! once; no match breaks the advocate's own rules on its `earliest_on`; near misses are never
//! matches and are allowed on their `next_available_on`; no tier exceeds its share; and a
//! booking simulation never takes an account over its cap in any 365-day window.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};
use plaudit::check::Ask;
use plaudit::{
    Activity, ActivityKind, ActivityStatus, Advocate, Consent, ConsentPurpose, ConsentStatus,
    Engine, Request, Roster, Segment, Tier,
};
use proptest::prelude::*;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
}

fn at(n: i64) -> NaiveDate {
    as_of() + Duration::days(n)
}

/// (account, health, nps, industry, activities as (kind, status, day offset))
type Spec = (u8, u8, u8, u8, Vec<(usize, usize, i64)>);

fn spec() -> impl Strategy<Value = Spec> {
    (
        0u8..4,
        60u8..101,
        5u8..11,
        0u8..3,
        proptest::collection::vec((0usize..10, 0usize..6, -500i64..120), 0..8),
    )
}

fn build(i: usize, s: &Spec) -> Advocate {
    let (account, health, nps, industry, acts) = s;
    let mut a = Advocate::new(
        format!("a{i:02}"),
        NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
    );
    a.account_id = format!("acct-{account}");
    a.industry = ["software", "retail", "financial_services"][usize::from(*industry)].into();
    a.segment = Some(Segment::MidMarket);
    a.country = if i % 3 == 0 { "DE".into() } else { "US".into() };
    a.health_score = f64::from(*health);
    a.nps = Some(i64::from(*nps));
    a.has_measurable_outcome = true;
    a.verified_on = Some(at(-30));
    a.preferences.public = true;
    a.engagements = vec![at(-20), at(-5)];
    a.consents = ConsentPurpose::ALL
        .iter()
        .map(|&purpose| Consent {
            purpose,
            status: ConsentStatus::Granted,
            on: at(-900),
            expires: None,
        })
        .collect();
    a.activities = acts
        .iter()
        .map(|&(k, st, day)| Activity {
            kind: ActivityKind::ALL[k],
            date: at(day),
            status: ActivityStatus::ALL[st],
            solicited: true,
            topic: None,
            request_id: None,
            incentive: None,
            variant: None,
        })
        .collect();
    a
}

fn request(kind: usize, window: i64, count: u32) -> Request {
    let kinds = [
        ActivityKind::ReferenceCall,
        ActivityKind::Referral,
        ActivityKind::CaseStudy,
        ActivityKind::Review,
    ];
    let mut r: Request = plaudit::parse_request(
        r#"{"id": "q", "kind": "referral", "requested_on": "2026-06-01", "needed_by": "2026-09-01",
            "prospect": {"industry": "software", "country": "US"}, "count": 1}"#,
    )
    .unwrap();
    r.kind = kinds[kind % kinds.len()];
    r.needed_by = at(window);
    r.count = count;
    r
}

fn ask(kind: ActivityKind, date: NaiveDate) -> Ask {
    Ask {
        kind,
        date,
        incentive: None,
        topic: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn rank_is_deterministic_complete_and_sound(
        specs in proptest::collection::vec(spec(), 0..14),
        kind in 0usize..4,
        window in 0i64..200,
        count in 1u32..6,
        rotate in 0usize..14,
    ) {
        let engine = Engine::default();
        let list: Vec<Advocate> = specs.iter().enumerate().map(|(i, s)| build(i, s)).collect();
        let req = request(kind, window, count);
        let r = engine.rank(&req, &Roster::new(list.clone()).unwrap(), as_of());

        // Independent of the roster's order, and deterministic.
        let mut moved = list.clone();
        if !moved.is_empty() {
            let k = rotate % moved.len();
            moved.rotate_left(k);
            moved.reverse();
        }
        let again = engine.rank(&req, &Roster::new(moved).unwrap(), as_of());
        prop_assert_eq!(serde_json::to_string(&r).unwrap(), serde_json::to_string(&again).unwrap());

        // Every advocate matched or excluded, exactly once.
        let excluded: BTreeSet<&str> = r.excluded.iter().map(|e| &*e.id).collect();
        prop_assert_eq!(excluded.len(), r.excluded.len());
        prop_assert_eq!(r.summary.matched as usize + r.excluded.len(), list.len());
        prop_assert!(r.matches.len() <= count as usize);
        for m in &r.matches {
            prop_assert!(!excluded.contains(&*m.id));
            // No match breaks the advocate's own rules (caps, gaps, consent...) on its date.
            let a = list.iter().find(|a| a.id == *m.id).unwrap();
            let c = engine.check(a, &ask(req.kind, m.earliest_on), as_of());
            prop_assert!(c.allowed, "{} on {}: {:?}", m.id, m.earliest_on, c.reasons);
            prop_assert!(m.earliest_on >= req.requested_on && m.earliest_on <= req.needed_by);
        }
        // Near misses are excluded, never matched, and allowed on their date.
        let matched: BTreeSet<&str> = r.matches.iter().map(|m| &*m.id).collect();
        for n in &r.near_misses {
            prop_assert!(excluded.contains(&*n.id));
            prop_assert!(!matched.contains(&*n.id));
            let next = n.next_available_on.unwrap();
            prop_assert!(next > req.needed_by);
            let a = list.iter().find(|a| a.id == *n.id).unwrap();
            let c = engine.check(a, &ask(req.kind, next), as_of());
            prop_assert!(c.allowed, "near miss {} on {}: {:?}", n.id, next, c.reasons);
        }
    }

    #[test]
    fn no_tier_exceeds_its_share_on_a_large_roster(
        specs in proptest::collection::vec(spec(), 50..90),
    ) {
        let engine = Engine::default();
        let policy = engine.policy().clone();
        let list: Vec<Advocate> = specs.iter().enumerate().map(|(i, s)| build(i, s)).collect();
        let t = engine.assign_tiers(&Roster::new(list).unwrap(), as_of());
        let base = f64::from(t.base);
        if base >= f64::from(policy.tiers.quota_min_roster) {
            for (tier, rule) in [(Tier::Platinum, &policy.tiers.platinum), (Tier::Gold, &policy.tiers.gold), (Tier::Silver, &policy.tiers.silver)] {
                let n = t.advocates.iter().filter(|x| x.tier == Some(tier)).count() as f64;
                prop_assert!(n <= (rule.max_share * base).floor(), "{tier:?}: {n} of {base}");
            }
        }
    }
}

const SEQUENCES: usize = 10_000;

/// Book the best match whenever `rank` returns one, over 10,000 random sequences:
/// no account ever holds more than `account_annual_cap` counted activities in
/// any 365-day window.
#[test]
fn account_cap_simulation_never_exceeds_the_cap() {
    let engine = Engine::default();
    let policy = engine.policy().clone();
    let cap = policy.matching.account_annual_cap as usize;
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut booked_any = 0usize;
    for _ in 0..SEQUENCES {
        // Eight advocates in two accounts, each with up to three past counted activities.
        let mut list: Vec<Advocate> = (0..8)
            .map(|i| {
                let past: Vec<(usize, usize, i64)> = (0..next() % 4)
                    .map(|_| (1, 0, -((next() % 360) as i64) - 1))
                    .collect();
                let mut a = build(i, &((i % 2) as u8, 95, 10, 0, past));
                a.country = "US".into();
                a
            })
            .collect();
        for _ in 0..6 {
            let start = (next() % 200) as i64;
            let mut req = request(1, start + 30, 1);
            req.requested_on = at(start);
            let r = engine.rank(&req, &Roster::new(list.clone()).unwrap(), as_of());
            if let Some(m) = r.matches.first() {
                let a = list.iter_mut().find(|a| a.id == *m.id).unwrap();
                a.activities.push(Activity {
                    kind: req.kind,
                    date: m.earliest_on,
                    status: ActivityStatus::Scheduled,
                    solicited: true,
                    topic: None,
                    request_id: None,
                    incentive: None,
                    variant: None,
                });
                booked_any += 1;
            }
        }
        for account in ["acct-0", "acct-1"] {
            let days: Vec<NaiveDate> = list
                .iter()
                .filter(|a| a.account_id == account)
                .flat_map(|a| a.activities.iter())
                .filter(|x| {
                    matches!(
                        x.status,
                        ActivityStatus::Completed | ActivityStatus::Scheduled
                    )
                })
                .filter(|x| policy.kind(x.kind).counts_toward_cap)
                .map(|x| x.date)
                .collect();
            for &end in &days {
                let n = days
                    .iter()
                    .filter(|&&d| d <= end && (end - d).num_days() < 365)
                    .count();
                assert!(n <= cap, "{account}: {n} in the window ending {end}");
            }
        }
    }
    assert!(booked_any > SEQUENCES, "the simulation must actually book");
}
