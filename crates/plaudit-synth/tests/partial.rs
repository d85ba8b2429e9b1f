//! Decisions that split and merge, on realistic data: 20,000 generated advocates split by
//! account into 1..=5 parts (some empty, in several ways), computed per part and merged,
//! give exactly (serde JSON, byte for byte) what the whole roster gives, for every generated
//! request, the tiers and the coverage.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use chrono::NaiveDate;
use plaudit::{ActivityKind, CoverageTarget, Engine, Policy, Roster, Segment};
use plaudit_synth::{SynthConfig, advocates, requests};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
}

macro_rules! json {
    ($x:expr) => {
        serde_json::to_string(&$x).unwrap()
    };
}

#[test]
fn parts_of_a_generated_roster_merge_to_the_whole() {
    let config = SynthConfig::new(20_000, 17, as_of());
    let list: Vec<_> = advocates(&config).collect();
    let whole = Roster::new(list.clone()).unwrap();
    let mut p = Policy::default();
    p.matching.max_per_account = 2;
    let engines = [Engine::default(), Engine::new(p).unwrap()];
    let reqs = requests(&config, 8);
    let targets = vec![
        CoverageTarget {
            name: None,
            kind: ActivityKind::ReferenceCall,
            industry: None,
            segment: Some(Segment::Enterprise),
            region: Some("EMEA".into()),
            product: None,
            needed: 40,
        },
        CoverageTarget {
            name: None,
            kind: ActivityKind::CaseStudy,
            industry: None,
            segment: None,
            region: None,
            product: None,
            needed: 400,
        },
    ];
    for (n, salt) in [(1usize, 0u64), (2, 1), (5, 2), (5, 3)] {
        // Parts by a hash of the account: with 5 parts and salt 3 one part is left empty.
        let part_of = |account: &str| {
            let mut h = DefaultHasher::new();
            (account, salt).hash(&mut h);
            let k = (h.finish() % n as u64) as usize;
            if salt == 3 && k == 0 { 1 % n } else { k }
        };
        let mut split: Vec<Vec<_>> = vec![Vec::new(); n];
        for a in &list {
            split[part_of(&a.account_id)].push(a.clone());
        }
        let parts: Vec<Roster> = split.into_iter().map(|p| Roster::new(p).unwrap()).collect();
        for engine in &engines {
            for req in &reqs {
                let partials: Vec<_> = parts
                    .iter()
                    .map(|p| engine.rank_partial(req, p, as_of(), true))
                    .collect();
                assert_eq!(
                    json!(engine.merge_rankings(req, &partials).unwrap()),
                    json!(engine.rank(req, &whole, as_of())),
                    "{n} parts, salt {salt}, request {}",
                    req.id
                );
            }
            let rows = parts
                .iter()
                .flat_map(|p| engine.tier_rows(p, as_of()))
                .collect();
            assert_eq!(
                json!(engine.assign_tier_rows(rows).unwrap()),
                json!(engine.assign_tiers(&whole, as_of()))
            );
            let partials: Vec<_> = parts
                .iter()
                .map(|p| engine.coverage_partial(p, &targets, as_of()))
                .collect();
            assert_eq!(
                json!(engine.merge_coverage(&targets, &partials).unwrap()),
                json!(engine.coverage(&whole, &targets, as_of()))
            );
        }
    }
}
