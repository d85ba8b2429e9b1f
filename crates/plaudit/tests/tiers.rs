//! Tiers (docs/rules.md#fatigue-and-tiers): thresholds, the window, demotion grace, population shares.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use plaudit::{Activity, ActivityKind, ActivityStatus, Advocate, Engine, Roster, Tier};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn act(kind: ActivityKind, date: &str) -> Activity {
    Activity {
        kind,
        date: d(date),
        status: ActivityStatus::Completed,
        solicited: true,
        topic: None,
        request_id: None,
        incentive: None,
        variant: None,
    }
}

fn with(id: &str, acts: Vec<Activity>) -> Advocate {
    let mut a = Advocate::new(id, d("2020-01-01"));
    a.health_score = 90.0;
    a.engagements = vec![d("2026-05-01")];
    a.activities = acts;
    a
}

fn tier(acts: Vec<Activity>) -> Tier {
    Engine::default()
        .tier(&with("x", acts), d("2026-06-01"))
        .tier
}

use ActivityKind::*;

#[test]
fn community_silver_gold_thresholds() {
    assert_eq!(tier(vec![]), Tier::Community);
    assert_eq!(tier(vec![act(ReferenceCall, "2026-01-01")]), Tier::Silver);
    assert_eq!(
        tier(vec![
            act(ReferenceCall, "2026-01-01"),
            act(Referral, "2026-02-01")
        ]),
        Tier::Gold
    );
}

#[test]
fn platinum_needs_four_and_a_high_commitment_one() {
    let three_plus_high = vec![
        act(CaseStudy, "2025-08-01"),
        act(ReferenceCall, "2026-01-01"),
        act(Referral, "2026-02-01"),
    ];
    assert_eq!(tier(three_plus_high.clone()), Tier::Gold);
    let mut four = three_plus_high;
    four.push(act(Referral, "2026-03-01"));
    assert_eq!(tier(four), Tier::Platinum);
    let four_low = vec![
        act(ReferenceCall, "2025-08-01"),
        act(ReferenceCall, "2026-01-01"),
        act(Referral, "2026-02-01"),
        act(Referral, "2026-03-01"),
    ];
    assert_eq!(tier(four_low), Tier::Gold);
}

#[test]
fn only_completed_counted_kinds_inside_the_window_count() {
    // Window ending 2026-06-01: (2025-06-01, 2026-06-01].
    assert_eq!(
        tier(vec![act(ReferenceCall, "2025-06-01")]),
        Tier::Community
    );
    assert_eq!(tier(vec![act(ReferenceCall, "2025-06-02")]), Tier::Silver);
    assert_eq!(
        tier(vec![act(ReferenceCall, "2026-06-02")]),
        Tier::Community
    );
    assert_eq!(
        tier(vec![act(CommunityLeadership, "2026-01-01")]),
        Tier::Community
    );
    let mut scheduled = act(ReferenceCall, "2026-03-01");
    scheduled.status = ActivityStatus::Scheduled;
    assert_eq!(tier(vec![scheduled]), Tier::Community);
}

#[test]
fn demotion_grace_90_days() {
    // Gold as of 2026-03-03 (two calls inside its window), silver now.
    let mut a = with(
        "g",
        vec![
            act(ReferenceCall, "2025-05-01"),
            act(ReferenceCall, "2025-09-01"),
        ],
    );
    a.current_tier = Some(Tier::Gold);
    let st = Engine::default().tier(&a, d("2026-06-01"));
    assert_eq!(st.computed, Tier::Silver);
    assert_eq!(st.tier, Tier::Gold);
    assert!(st.in_grace);
    // 90 days before 2026-08-01 is 2026-05-03: only one call then, so grace gives silver.
    let st = Engine::default().tier(&a, d("2026-08-01"));
    assert_eq!(st.tier, Tier::Silver);
    // Grace never lifts above the current tier.
    a.current_tier = Some(Tier::Silver);
    assert_eq!(
        Engine::default().tier(&a, d("2026-06-01")).tier,
        Tier::Silver
    );
    // Promotion is immediate.
    a.current_tier = Some(Tier::Community);
    a.activities.push(act(Referral, "2026-05-01"));
    assert_eq!(Engine::default().tier(&a, d("2026-06-01")).tier, Tier::Gold);
}

fn platinum(id: &str, extra_unsolicited: bool) -> Advocate {
    let mut acts = vec![
        act(CaseStudy, "2025-09-01"),
        act(ReferenceCall, "2025-10-01"),
        act(Referral, "2025-12-01"),
        act(Referral, "2026-02-01"),
    ];
    if extra_unsolicited {
        acts[3].solicited = false;
    }
    with(id, acts)
}

#[test]
fn shares_cap_platinum_and_cascade() {
    // 100 advocates, 8 platinum by the rule: floor(0.05 x 100) = 5 stay.
    let mut list: Vec<Advocate> = (0..8).map(|i| platinum(&format!("p{i}"), i == 7)).collect();
    list.extend((0..92).map(|i| with(&format!("c{i:02}"), vec![])));
    let roster = Roster::new(list).unwrap();
    let t = Engine::default().assign_tiers(&roster, d("2026-06-01"));
    assert!(t.shares_enforced);
    assert_eq!(t.base, 100);
    let plat: Vec<&str> = t
        .advocates
        .iter()
        .filter(|a| a.tier == Some(Tier::Platinum))
        .map(|a| a.id.as_str())
        .collect();
    // p7 has the most points (an unsolicited activity); then ties keep the smaller id.
    assert_eq!(plat, vec!["p0", "p1", "p2", "p3", "p7"]);
    let fallen: Vec<&str> = t
        .advocates
        .iter()
        .filter(|a| a.over_share == Some(true))
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(fallen, vec!["p4", "p5", "p6"]);
    assert!(
        t.advocates
            .iter()
            .filter(|a| a.over_share == Some(true))
            .all(|a| a.tier == Some(Tier::Gold))
    );
    assert_eq!(t.mix[0].count, 5);
    assert_eq!(t.mix[0].fell, 3);
}

#[test]
fn shares_are_not_enforced_under_quota_min_roster() {
    let list: Vec<Advocate> = (0..8).map(|i| platinum(&format!("p{i}"), false)).collect();
    let roster = Roster::new(list).unwrap();
    let t = Engine::default().assign_tiers(&roster, d("2026-06-01"));
    assert!(!t.shares_enforced);
    assert_eq!(t.mix[0].count, 8);
}

#[test]
fn tie_keeps_the_earlier_tier_since_none_last() {
    let mut list: Vec<Advocate> = (0..6).map(|i| platinum(&format!("p{i}"), false)).collect();
    // Equal points: p0 has no tier_since, so it falls first; p5 is the earliest.
    for (i, a) in list.iter_mut().enumerate() {
        a.current_tier = Some(Tier::Platinum);
        a.tier_since = match i {
            0 => None,
            5 => Some(d("2024-01-01")),
            _ => Some(d("2025-01-01")),
        };
    }
    list.extend((0..94).map(|i| with(&format!("c{i:02}"), vec![])));
    let t = Engine::default().assign_tiers(&Roster::new(list).unwrap(), d("2026-06-01"));
    let fallen: Vec<&str> = t
        .advocates
        .iter()
        .filter(|a| a.over_share == Some(true))
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(fallen, vec!["p0"]);
}

#[test]
fn excluded_advocates_are_not_in_the_base() {
    let mut a = platinum("gone", false);
    a.erasure_requested = true;
    let t = Engine::default().assign_tiers(
        &Roster::new(vec![a, with("b", vec![])]).unwrap(),
        d("2026-06-01"),
    );
    assert_eq!(t.base, 1);
    let gone = t.advocates.iter().find(|a| a.id == "gone").unwrap();
    assert_eq!(gone.tier, None);
    assert_eq!(
        serde_json::to_string(gone).unwrap(),
        r#"{"id":"gone","lifecycle":"erased"}"#
    );
}
