//! Matching and ranking (docs/rules.md#matching-and-ranking, #account-cap, #near-misses).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use plaudit::{
    Activity, ActivityKind, ActivityStatus, Advocate, Consent, ConsentPurpose, ConsentStatus,
    Engine, Policy, Reason, Request, Roster, Segment,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const AS_OF: &str = "2026-06-01";

fn adv(id: &str) -> Advocate {
    let mut a = Advocate::new(id, d("2022-01-10"));
    a.account_id = format!("acct-{id}");
    a.industry = "financial_services".into();
    a.segment = Some(Segment::Enterprise);
    a.country = "US".into();
    a.languages = vec!["en".into()];
    a.products = vec!["analytics".into(), "billing".into()];
    a.use_cases = vec!["reporting".into()];
    a.health_score = 90.0;
    a.nps = Some(10);
    a.nps_on = Some(d("2026-03-01"));
    a.has_measurable_outcome = true;
    a.verified_on = Some(d("2026-01-15"));
    a.preferences.public = true;
    a.engagements = vec![d("2026-05-01"), d("2026-05-20")];
    a.consents = ConsentPurpose::ALL
        .iter()
        .map(|&purpose| Consent {
            purpose,
            status: ConsentStatus::Granted,
            on: d("2025-01-01"),
            expires: None,
        })
        .collect();
    a
}

fn act(kind: ActivityKind, date: &str, status: ActivityStatus) -> Activity {
    Activity {
        kind,
        date: d(date),
        status,
        solicited: true,
        topic: None,
        request_id: None,
        incentive: None,
        variant: None,
    }
}

fn request() -> Request {
    plaudit::parse_request(
        r#"{"id": "q1", "kind": "reference_call", "requested_on": "2026-06-01", "needed_by": "2026-06-20",
            "prospect": {"industry": "financial_services", "segment": "enterprise", "country": "US",
                         "products": ["analytics", "billing"], "use_cases": ["reporting"], "language": "en"},
            "count": 3}"#,
    )
    .unwrap()
}

fn rank(list: Vec<Advocate>, req: &Request) -> plaudit::Ranking {
    Engine::default().rank(req, &Roster::new(list).unwrap(), d(AS_OF))
}

#[test]
fn a_perfect_fit_scores_100_on_profile_components() {
    let r = rank(vec![adv("a")], &request());
    let m = &r.matches[0];
    assert_eq!(m.components.industry, 1.0);
    assert_eq!(m.components.segment, 1.0);
    assert_eq!(m.components.region, 1.0);
    assert_eq!(m.components.products, 1.0);
    assert_eq!(m.components.use_cases, 1.0);
    assert_eq!(m.components.freshness, 1.0); // never used, full capacity
    assert_eq!(m.earliest_on, d("2026-06-01"));
    assert!(m.score > 95.0 && m.score <= 100.0);
}

#[test]
fn component_partial_scores() {
    let mut a = adv("a");
    a.segment = Some(Segment::MidMarket); // adjacent: 0.5
    a.country = "CA".into(); // same region AMER: 0.5
    a.products = vec!["analytics".into(), "crm".into()]; // {analytics} / {analytics, billing, crm}
    a.industry = "insurance".into();
    let mut b = adv("b");
    b.segment = Some(Segment::Smb); // two steps: 0
    b.country = "DE".into(); // other region: 0
    let policy =
        Policy::from_toml("[matching.related_industries]\nfinancial_services = ['insurance']\n")
            .unwrap();
    let r =
        Engine::new(policy)
            .unwrap()
            .rank(&request(), &Roster::new(vec![a, b]).unwrap(), d(AS_OF));
    let get = |id: &str| r.matches.iter().find(|m| &*m.id == id).unwrap().components;
    let ca = get("a");
    assert_eq!(
        (ca.industry, ca.segment, ca.region, ca.products),
        (0.5, 0.5, 0.5, 0.3333)
    );
    let cb = get("b");
    assert_eq!((cb.segment, cb.region), (0.0, 0.0));
}

#[test]
fn absent_prospect_fields_score_zero_for_everyone() {
    let mut q = request();
    q.prospect.segment = None;
    q.prospect.country = None;
    q.prospect.products.clear();
    let r = rank(vec![adv("a")], &q);
    let c = r.matches[0].components;
    assert_eq!((c.segment, c.region, c.products), (0.0, 0.0, 0.0));
}

#[test]
fn every_advocate_is_matched_or_excluded_once_with_all_reasons() {
    let mut low = adv("low");
    low.health_score = 10.0;
    low.nps = Some(3);
    let mut gone = adv("gone");
    gone.erasure_requested = true;
    let mut shy = adv("shy");
    shy.preferences.activities = Some(vec![ActivityKind::Referral]);
    let r = rank(vec![adv("ok"), low, gone, shy], &request());
    assert_eq!(r.summary.matched + r.summary.excluded, 4);
    let reasons = |id: &str| {
        r.excluded
            .iter()
            .find(|e| &*e.id == id)
            .unwrap()
            .reasons
            .to_vec()
    };
    assert_eq!(
        reasons("low"),
        vec![Reason::HealthBelowMinimum, Reason::NotPromoter]
    );
    assert_eq!(reasons("gone"), vec![Reason::Erased]);
    assert_eq!(reasons("shy"), vec![Reason::NotWilling]);
    assert_eq!(r.summary.by_reason.get(&Reason::NotPromoter), Some(&1));
    assert_eq!(r.matches.len(), 1);
}

#[test]
fn excluded_accounts_and_the_prospects_own_account() {
    let mut q = request();
    q.exclude_accounts = vec!["acct-b".into()];
    q.prospect.account_id = Some("acct-a".into());
    let r = rank(vec![adv("a"), adv("b"), adv("c")], &q);
    let ex: Vec<&str> = r.excluded.iter().map(|e| &*e.id).collect();
    assert_eq!(ex, vec!["a", "b"]);
    assert!(
        r.excluded
            .iter()
            .all(|e| e.reasons.to_vec() == vec![Reason::ExcludedAccount])
    );
}

#[test]
fn language_mismatch_only_when_required() {
    let mut q = request();
    q.prospect.language = Some("es".into());
    assert_eq!(rank(vec![adv("a")], &q).matches.len(), 1);
    q.language_required = true;
    let r = rank(vec![adv("a")], &q);
    assert_eq!(
        r.excluded[0].reasons.to_vec(),
        vec![Reason::LanguageMismatch]
    );
}

#[test]
fn diversity_one_per_account_in_the_top_list() {
    let mut b = adv("b");
    b.account_id = "acct-a".into();
    let r = rank(vec![adv("a"), b, adv("c")], &request());
    let ids: Vec<&str> = r.matches.iter().map(|m| &*m.id).collect();
    assert_eq!(ids, vec!["a", "c"]);
    assert_eq!(r.summary.matched, 3);
}

#[test]
fn ties_break_on_readiness_then_fewer_activities_then_id() {
    let mut busy = adv("a-busy");
    busy.activities = vec![act(
        ActivityKind::Referral,
        "2025-12-01",
        ActivityStatus::Completed,
    )];
    // Without the freshness component the three tie on score and readiness.
    let policy = Policy::from_toml("[matching.weights]\nfreshness = 0\n").unwrap();
    let roster = Roster::new(vec![adv("c"), adv("b"), busy]).unwrap();
    let r = Engine::new(policy)
        .unwrap()
        .rank(&request(), &roster, d(AS_OF));
    let ids: Vec<&str> = r.matches.iter().map(|m| &*m.id).collect();
    assert_eq!(ids, vec!["b", "c", "a-busy"]);
}

#[test]
fn earliest_on_moves_past_a_gap() {
    // Quarterly gap of 91 days from a call on 2026-03-15: allowed from 2026-06-14.
    let mut a = adv("a");
    a.activities = vec![act(
        ActivityKind::ReferenceCall,
        "2026-03-15",
        ActivityStatus::Completed,
    )];
    let r = rank(vec![a.clone()], &request());
    assert_eq!(r.matches[0].earliest_on, d("2026-06-14"));
    // Outside the window: a near miss with its date.
    let mut q = request();
    q.needed_by = d("2026-06-13");
    let r = rank(vec![a], &q);
    assert!(r.matches.is_empty());
    assert_eq!(r.excluded[0].reasons.to_vec(), vec![Reason::TooSoon]);
    assert_eq!(r.near_misses.len(), 1);
    assert_eq!(r.near_misses[0].next_available_on, Some(d("2026-06-14")));
}

#[test]
fn near_misses_only_when_every_reason_is_lifted_by_time() {
    let mut soon = adv("soon");
    soon.activities = vec![act(
        ActivityKind::ReferenceCall,
        "2026-05-20",
        ActivityStatus::Completed,
    )];
    let mut low = adv("low");
    low.activities = soon.activities.clone();
    low.health_score = 10.0;
    let mut q = request();
    q.needed_by = d("2026-06-10");
    let r = rank(vec![soon, low], &q);
    let ids: Vec<&str> = r.near_misses.iter().map(|e| &*e.id).collect();
    assert_eq!(ids, vec!["soon"]);
    let off = Policy::from_toml("[matching]\nnear_misses = false\n").unwrap();
    let r = Engine::new(off)
        .unwrap()
        .rank(&q, &Roster::new(vec![adv("x")]).unwrap(), d(AS_OF));
    assert!(r.near_misses.is_empty());
}

#[test]
fn account_cap_11_allows_12_blocks() {
    let make = |n: usize| -> Vec<Advocate> {
        let mut list: Vec<Advocate> = (0..n)
            .map(|i| {
                let mut a = adv(&format!("c{i:02}"));
                a.account_id = "big".into();
                a.activities = vec![act(
                    ActivityKind::Referral,
                    &format!("2026-0{}-0{}", 1 + i % 5, 1 + i / 5),
                    ActivityStatus::Completed,
                )];
                a
            })
            .collect();
        let mut fresh = adv("fresh");
        fresh.account_id = "big".into();
        list.push(fresh);
        list
    };
    let mut q = request();
    q.kind = ActivityKind::Referral;
    let r = rank(make(11), &q);
    assert!(r.matches.iter().any(|m| &*m.id == "fresh"));
    let r = rank(make(12), &q);
    let fresh = r.excluded.iter().find(|e| &*e.id == "fresh").unwrap();
    assert_eq!(fresh.reasons.to_vec(), vec![Reason::AccountCapReached]);
}

#[test]
fn output_does_not_depend_on_roster_order() {
    let list: Vec<Advocate> = (0..12)
        .map(|i| {
            let mut a = adv(&format!("a{i}"));
            a.health_score = 70.0 + f64::from(i) * 2.5;
            a.account_id = format!("acct-{}", i % 4);
            a
        })
        .collect();
    let mut rev = list.clone();
    rev.reverse();
    let x = serde_json::to_string(&rank(list, &request())).unwrap();
    let y = serde_json::to_string(&rank(rev, &request())).unwrap();
    assert_eq!(x, y);
}

/// The per-account limit may skip past the first candidates in score order: 150 advocates of
/// one account outscore the rest, and only one of them may be returned.
#[test]
fn account_limits_reach_past_the_best_hundred() {
    let mut list: Vec<Advocate> = (0..150)
        .map(|n| {
            let mut a = adv(&format!("big-{n:03}"));
            a.account_id = "acct-big".into();
            a
        })
        .collect();
    for n in 0..3 {
        let mut a = adv(&format!("small-{n}"));
        a.products = vec!["crm".into()]; // a worse fit than every `big` advocate
        list.push(a);
    }
    let r = rank(list, &request());
    let ids: Vec<&str> = r.matches.iter().map(|m| &*m.id).collect();
    assert_eq!(ids, ["big-000", "small-0", "small-1"]);
    assert!(r.matches[0].score > r.matches[1].score);
    assert_eq!(r.summary.matched, 153);
}

fn disrupted(id: &str, from: &str, to: Option<&str>) -> Advocate {
    let mut a = adv(id);
    a.disruptions = vec![plaudit::Disruption {
        kind: plaudit::DisruptionKind::ProductMigration,
        from: d(from),
        to: to.map(d),
    }];
    a
}

/// The request runs 2026-06-01 ..= 2026-06-20; the buffer is 14 days.
#[test]
fn a_disruption_touching_any_day_of_the_request_excludes_for_the_whole_request() {
    // Ends (with buffer) on 2026-06-01, the first day: excluded, next is the day after.
    let ends_on_first = disrupted("ends_first", "2026-05-01", Some("2026-05-18"));
    // Ends (with buffer) on 2026-05-31, the day before: matched on the first day.
    let ends_before = disrupted("ends_before", "2026-05-01", Some("2026-05-17"));
    // Starts on the last day: excluded, although 06-01 ..= 06-19 are free.
    let starts_last = disrupted("starts_last", "2026-06-20", Some("2026-06-25"));
    // Starts the day after the last day: matched.
    let starts_after = disrupted("starts_after", "2026-06-21", None);
    // Open-ended, started long ago: excluded, never available again.
    let forever = disrupted("forever", "2025-01-01", None);
    let mut q = request();
    q.count = 10;
    let r = rank(
        vec![
            ends_on_first,
            ends_before,
            starts_last,
            starts_after,
            forever,
        ],
        &q,
    );
    let mut matched: Vec<&str> = r.matches.iter().map(|m| &*m.id).collect();
    matched.sort_unstable();
    assert_eq!(matched, vec!["ends_before", "starts_after"]);
    for m in &r.matches {
        assert_eq!(m.earliest_on, d("2026-06-01"));
    }
    let ex = |id: &str| r.excluded.iter().find(|e| &*e.id == id).unwrap();
    assert_eq!(
        ex("ends_first").reasons.to_vec(),
        vec![Reason::DisruptionWindow]
    );
    assert_eq!(ex("ends_first").next_available_on, Some(d("2026-06-02")));
    assert_eq!(
        ex("starts_last").reasons.to_vec(),
        vec![Reason::DisruptionWindow]
    );
    assert_eq!(ex("starts_last").next_available_on, Some(d("2026-07-10")));
    assert_eq!(
        ex("forever").reasons.to_vec(),
        vec![Reason::DisruptionWindow]
    );
    assert_eq!(ex("forever").next_available_on, None);
    assert_eq!(
        r.summary
            .by_reason
            .iter()
            .find(|(x, _)| **x == Reason::DisruptionWindow)
            .map(|(_, n)| *n),
        Some(3)
    );
}

fn coverage_available(list: Vec<Advocate>, kind: ActivityKind) -> u32 {
    let target: plaudit::CoverageTarget =
        serde_json::from_value(serde_json::json!({"kind": kind, "needed": 1})).unwrap();
    let p = Engine::default().coverage(&Roster::new(list).unwrap(), &[target], d(AS_OF));
    p.coverage[0].available
}

#[test]
fn coverage_counts_only_advocates_rank_could_match_account_cap_included() {
    // Twelve counted activities of one account in the window: its other advocates are not
    // available; eleven leave room.
    let make = |n: usize| -> Vec<Advocate> {
        let mut list: Vec<Advocate> = (0..n)
            .map(|i| {
                let mut a = adv(&format!("c{i:02}"));
                a.account_id = "big".into();
                a.health_score = 10.0; // not eligible: only its history counts
                a.activities = vec![act(
                    ActivityKind::Referral,
                    &format!("2026-0{}-0{}", 1 + i % 5, 1 + i / 5),
                    ActivityStatus::Completed,
                )];
                a
            })
            .collect();
        let mut fresh = adv("fresh");
        fresh.account_id = "big".into();
        list.push(fresh);
        list
    };
    assert_eq!(coverage_available(make(11), ActivityKind::Referral), 1);
    assert_eq!(coverage_available(make(12), ActivityKind::Referral), 0);
    // A disruption on the as-of date: not available; ended (with buffer) the day before: is.
    let on = disrupted("on", "2026-05-01", Some("2026-05-18"));
    let before = disrupted("before", "2026-05-01", Some("2026-05-17"));
    assert_eq!(coverage_available(vec![on], ActivityKind::Referral), 0);
    assert_eq!(coverage_available(vec![before], ActivityKind::Referral), 1);
}
