//! Decisions that split and merge: any split of a roster by account into parts (some
//! empty), computed per part and merged, gives exactly (in serde JSON, byte for byte) what
//! the whole roster gives, for `rank` (several requests, counts and `max_per_account`),
//! `assign_tiers` and `coverage`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, NaiveDate};
use plaudit::{
    Activity, ActivityKind, ActivityStatus, Advocate, Consent, ConsentPurpose, ConsentStatus,
    CoverageTarget, Engine, ErrorCode, Policy, Request, Roster, Segment, Tier,
};
use proptest::prelude::*;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
}

fn at(n: i64) -> NaiveDate {
    as_of() + Duration::days(n)
}

/// (account (0: none), health, nps, industry, flags, activities as (kind, status, day,
/// solicited), current tier)
type Spec = (u8, u8, u8, u8, u8, Vec<(usize, usize, i64, bool)>, u8);

fn spec() -> impl Strategy<Value = Spec> {
    (
        0u8..7,
        60u8..101,
        5u8..11,
        0u8..3,
        0u8..16,
        proptest::collection::vec((0usize..10, 0usize..6, -500i64..120, any::<bool>()), 0..9),
        0u8..6,
    )
}

fn build(i: usize, s: &Spec) -> Advocate {
    let (account, health, nps, industry, flags, acts, current) = s;
    let flags = *flags;
    let mut a = Advocate::new(
        format!("a{i:03}"),
        NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
    );
    if *account > 0 {
        a.account_id = format!("acct-{account}");
    }
    a.industry = ["software", "retail", "financial_services"][usize::from(*industry)].into();
    a.segment = Some([Segment::Smb, Segment::MidMarket, Segment::Enterprise][i % 3]);
    a.country = ["US", "DE", "JP"][i % 3].into();
    a.products = vec![["crm", "erp", "bi"][i % 3].into()];
    a.health_score = f64::from(*health);
    a.nps = Some(i64::from(*nps));
    a.has_measurable_outcome = true;
    a.verified_on = Some(at(-30));
    a.preferences.public = flags & 1 == 0;
    a.erasure_requested = flags == 15;
    // A few advocates fall silent (inactive) or never engaged.
    a.engagements = if flags == 14 {
        vec![at(-700)]
    } else {
        vec![at(-20), at(-5)]
    };
    a.consents = ConsentPurpose::ALL
        .iter()
        .map(|&purpose| Consent {
            purpose,
            status: if flags == 13 && purpose == ConsentPurpose::Program {
                ConsentStatus::Withdrawn
            } else {
                ConsentStatus::Granted
            },
            on: if flags == 13 { at(-10) } else { at(-900) },
            expires: None,
        })
        .collect();
    a.activities = acts
        .iter()
        .map(|&(k, st, day, solicited)| Activity {
            kind: ActivityKind::ALL[k],
            date: at(day),
            status: ActivityStatus::ALL[st],
            solicited,
            topic: None,
            request_id: None,
            incentive: None,
            variant: None,
        })
        .collect();
    a.current_tier = match current {
        1 => Some(Tier::Platinum),
        2 => Some(Tier::Gold),
        3 => Some(Tier::Silver),
        _ => None,
    };
    // Ties on points are common: tier_since decides (none last), then the id.
    a.tier_since = matches!(current, 1 | 3).then(|| at(-i64::from(*current) * 40));
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
            "prospect": {"industry": "software", "country": "US", "products": ["crm", "erp"]},
            "count": 1}"#,
    )
    .unwrap();
    r.kind = kinds[kind % kinds.len()];
    r.needed_by = at(window);
    r.count = count;
    r
}

fn engine(max_per_account: u32, quota_min_roster: u32, account_cap: u32) -> Engine {
    let mut p = Policy::default();
    p.matching.max_per_account = max_per_account;
    p.matching.account_annual_cap = account_cap;
    p.tiers.quota_min_roster = quota_min_roster;
    Engine::new(p).unwrap()
}

fn targets() -> Vec<CoverageTarget> {
    let t = |kind, industry: Option<&str>, segment, region: Option<&str>, product: Option<&str>| {
        CoverageTarget {
            name: None,
            kind,
            industry: industry.map(str::to_owned),
            segment,
            region: region.map(str::to_owned),
            product: product.map(str::to_owned),
            needed: 3,
        }
    };
    vec![
        t(
            ActivityKind::ReferenceCall,
            Some("Software"),
            None,
            None,
            None,
        ),
        t(
            ActivityKind::CaseStudy,
            None,
            Some(Segment::Enterprise),
            Some("EMEA"),
            None,
        ),
        t(ActivityKind::Review, None, None, None, Some("CRM")),
    ]
}

/// The roster split into `n` parts: every account goes whole to one part (`seed` decides
/// which); advocates without an account go anywhere.
fn split(list: &[Advocate], n: usize, seed: &[u8]) -> Vec<Roster> {
    let mut parts: Vec<Vec<Advocate>> = vec![Vec::new(); n];
    for (i, a) in list.iter().enumerate() {
        let key = if a.account_id.is_empty() {
            seed.get(i % seed.len().max(1)).copied().unwrap_or(0) as usize + i
        } else {
            let acc: usize = a.account_id.trim_start_matches("acct-").parse().unwrap();
            seed.get(acc % seed.len().max(1)).copied().unwrap_or(0) as usize
        };
        parts[key % n].push(a.clone());
    }
    parts.into_iter().map(|p| Roster::new(p).unwrap()).collect()
}

fn json<T: serde::Serialize>(x: &T) -> String {
    serde_json::to_string(x).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn parts_merged_equal_the_whole(
        specs in proptest::collection::vec(spec(), 0..40),
        n in 1usize..=5,
        seed in proptest::collection::vec(any::<u8>(), 1..8),
        requests in proptest::collection::vec((0usize..4, 0i64..200, 1u32..8), 1..4),
        max_per_account in 1u32..4,
        quota in prop_oneof![Just(1u32), 5u32..20, Just(100u32)],
        account_cap in prop_oneof![Just(12u32), 1u32..4],
        exclusions in any::<bool>(),
    ) {
        let engine = engine(max_per_account, quota, account_cap);
        let list: Vec<Advocate> = specs.iter().enumerate().map(|(i, s)| build(i, s)).collect();
        let whole = Roster::new(list.clone()).unwrap();
        let parts = split(&list, n, &seed);

        for &(kind, window, count) in &requests {
            let req = request(kind, window, count);
            let want = engine.rank(&req, &whole, as_of());
            let mut partials: Vec<_> = parts
                .iter()
                .map(|p| engine.rank_partial(&req, p, as_of(), exclusions))
                .collect();
            // Partials travel between processes as JSON.
            let text = json(&partials);
            partials = serde_json::from_str(&text).unwrap();
            partials.reverse();
            let got = engine.merge_rankings(&req, &partials).unwrap();
            if exclusions {
                prop_assert_eq!(json(&got), json(&want));
            } else {
                prop_assert!(got.excluded.is_empty());
                let mut want = want;
                want.excluded.clear();
                prop_assert_eq!(json(&got), json(&want));
            }
            // What a part sends does not grow with the part: at most `count` of each list.
            for p in &partials {
                prop_assert!(p.matches.len() <= count as usize);
                prop_assert!(p.near_misses.len() <= count as usize);
            }
        }

        let rows: Vec<_> = parts
            .iter()
            .rev()
            .flat_map(|p| engine.tier_rows(p, as_of()))
            .collect();
        let rows = serde_json::from_str(&json(&rows)).unwrap();
        prop_assert_eq!(
            json(&engine.assign_tier_rows(rows).unwrap()),
            json(&engine.assign_tiers(&whole, as_of()))
        );

        let targets = targets();
        let partials: Vec<_> = parts
            .iter()
            .map(|p| engine.coverage_partial(p, &targets, as_of()))
            .collect();
        let partials: Vec<plaudit::PartialPortfolio> =
            serde_json::from_str(&json(&partials)).unwrap();
        prop_assert_eq!(
            json(&engine.merge_coverage(&targets, &partials).unwrap()),
            json(&engine.coverage(&whole, &targets, as_of()))
        );
    }
}

/// Tier rows split any way (not only by account) still give the whole's tiers, on a roster
/// large enough for the default share threshold.
#[test]
fn tier_rows_of_any_split_give_the_whole_assignment() {
    let engine = Engine::default();
    let mut next = {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        }
    };
    let list: Vec<Advocate> = (0..600)
        .map(|i| {
            let acts = (0..next(7))
                .map(|_| {
                    (
                        next(10) as usize,
                        next(2) as usize,
                        -(next(400) as i64),
                        next(2) == 0,
                    )
                })
                .collect();
            let s: Spec = (1, 80, 9, 0, next(16) as u8, acts, next(6) as u8);
            build(i, &s)
        })
        .collect();
    let whole = engine.assign_tiers(&Roster::new(list.clone()).unwrap(), as_of());
    assert!(whole.shares_enforced);
    assert!(whole.mix.iter().any(|m| m.fell > 0), "the cascade must run");
    let mut rows = Vec::new();
    for chunk in list.chunks(97) {
        rows.extend(engine.tier_rows(&Roster::new(chunk.to_vec()).unwrap(), as_of()));
    }
    rows.reverse();
    assert_eq!(json(&engine.assign_tier_rows(rows).unwrap()), json(&whole));
}

#[test]
fn merging_names_the_part_of_another_policy_or_request() {
    let list: Vec<Advocate> = (0..4)
        .map(|i| build(i, &(1, 90, 10, 0, 0, vec![], 0)))
        .collect();
    let roster = Roster::new(list).unwrap();
    let (a, b) = (engine(1, 100, 12), engine(2, 100, 12));
    let req = request(0, 60, 2);
    let mut other = req.clone();
    other.id = "other".into();
    let parts = vec![
        a.rank_partial(&req, &roster, as_of(), false),
        b.rank_partial(&req, &roster, as_of(), false),
        a.rank_partial(&other, &roster, as_of(), false),
    ];
    let err = a.merge_rankings(&req, &parts).unwrap_err();
    let paths: Vec<&str> = err.errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["parts[1].policy", "parts[2].request_id"]);

    let rows = [a.tier_rows(&roster, as_of()), a.tier_rows(&roster, as_of())].concat();
    let err = a.assign_tier_rows(rows).unwrap_err();
    assert_eq!(err.errors.len(), 4);
    assert!(err.errors.iter().all(|e| e.code == ErrorCode::DuplicateId));

    let t = targets();
    let part = b.coverage_partial(&roster, &t, as_of());
    let err = a
        .merge_coverage(&t, std::slice::from_ref(&part))
        .unwrap_err();
    assert_eq!(err.errors[0].path, "parts[0].policy");
    let err = b.merge_coverage(&t[..1], &[part]).unwrap_err();
    assert_eq!(err.errors[0].path, "parts[0].coverage");
}

/// No part at all: the empty roster's answers.
#[test]
fn no_parts_merge_to_the_empty_roster() {
    let engine = Engine::default();
    let empty = Roster::new(Vec::new()).unwrap();
    let req = request(1, 90, 3);
    assert_eq!(
        json(&engine.merge_rankings(&req, &[]).unwrap()),
        json(&engine.rank(&req, &empty, as_of()))
    );
    assert_eq!(
        json(&engine.assign_tier_rows(Vec::new()).unwrap()),
        json(&engine.assign_tiers(&empty, as_of()))
    );
    let t = targets();
    assert_eq!(
        json(&engine.merge_coverage(&t, &[]).unwrap()),
        json(&engine.coverage(&empty, &t, as_of()))
    );
}
