//! The generator's contract: deterministic, random-access, valid, and shaped like a real
//! advocacy program (distribution targets measured with the default engine).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use chrono::NaiveDate;
use plaudit::dates::day;
use plaudit::{ActivityKind, ActivityStatus, Engine, LifecycleState, Policy};
use plaudit_synth::{
    ACTIVITY_COLUMNS, ADVOCATE_COLUMNS, CONSENT_COLUMNS, CsvSinks, CsvWriter, DISRUPTION_COLUMNS,
    ENGAGEMENT_COLUMNS, SynthConfig, advocate, advocates, requests, write_csv, write_jsonl,
};

fn config(n: usize, seed: u64) -> SynthConfig {
    SynthConfig {
        advocates: n,
        seed,
        ..SynthConfig::default()
    }
}

fn jsonl(c: &SynthConfig) -> Vec<u8> {
    let mut out = Vec::new();
    write_jsonl(c, &mut out).unwrap();
    out
}

fn csv_set(c: &SynthConfig) -> CsvSinks<Vec<u8>> {
    let sinks = CsvSinks {
        advocates: Vec::new(),
        activities: Vec::new(),
        engagements: Vec::new(),
        consents: Vec::new(),
        disruptions: Vec::new(),
    };
    write_csv(c, sinks).unwrap()
}

/// FNV-1a, to pin the output without a dependency.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

// ---------------------------------------------------------------------------------------
// Determinism and random access

#[test]
fn same_seed_gives_identical_bytes() {
    let c = config(1500, 11);
    assert_eq!(jsonl(&c), jsonl(&c));
    let (a, b) = (csv_set(&c), csv_set(&c));
    assert_eq!(a.advocates, b.advocates);
    assert_eq!(a.activities, b.activities);
    assert_eq!(a.engagements, b.engagements);
    assert_eq!(a.consents, b.consents);
    assert_eq!(a.disruptions, b.disruptions);
    assert_eq!(requests(&c, 50), requests(&c, 50));
}

#[test]
fn different_seed_gives_different_data() {
    let (a, b) = (jsonl(&config(200, 1)), jsonl(&config(200, 2)));
    assert_ne!(a, b);
    // Not just a shifted copy: most records differ.
    let la: HashSet<&[u8]> = a.split(|c| *c == b'\n').collect();
    let same = b.split(|c| *c == b'\n').filter(|l| la.contains(l)).count();
    assert!(same <= 2, "{same} identical lines");
    assert_ne!(requests(&config(0, 1), 5), requests(&config(0, 2), 5));
}

/// The output is pinned: any change to the generator or to the random stream shows here.
/// Every platform (x86, ARM, wasm) must produce the same digest. When the data changes on
/// purpose, update the digest and say so in the commit.
#[test]
fn output_is_pinned() {
    let c = config(300, 2026);
    assert_eq!(
        format!("{:016x}", fnv(&jsonl(&c))),
        "3c83bb92b9d031f1",
        "generated data changed"
    );
    let r = serde_json::to_vec(&requests(&c, 20)).unwrap();
    assert_eq!(format!("{:016x}", fnv(&r)), "0dad60fa1b198657");
}

#[test]
fn random_access_equals_iteration() {
    let c = config(2000, 5);
    let all: Vec<_> = advocates(&c).collect();
    assert_eq!(all.len(), 2000);
    for i in [0, 1, 129, 130, 131, 777, 1999] {
        assert_eq!(all[i], advocate(&c, i), "index {i}");
    }
    // Backwards and in any order: no hidden state.
    for i in (0..2000).rev().step_by(37) {
        assert_eq!(all[i], advocate(&c, i));
    }
}

#[test]
fn an_advocate_does_not_depend_on_the_roster_size() {
    let small: Vec<_> = advocates(&config(50, 9)).collect();
    let large: Vec<_> = advocates(&config(5000, 9)).take(50).collect();
    assert_eq!(small, large);
}

#[test]
fn ids_are_unique_and_ordered() {
    let ids: Vec<String> = advocates(&config(3000, 3)).map(|a| a.id).collect();
    let set: HashSet<&String> = ids.iter().collect();
    assert_eq!(set.len(), ids.len());
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn requests_are_random_access_prefixes() {
    let c = config(1000, 4);
    let long = requests(&c, 40);
    assert_eq!(&long[..10], &requests(&c, 10)[..]);
    assert!(requests(&c, 0).is_empty());
}

// ---------------------------------------------------------------------------------------
// Validity

#[test]
fn every_advocate_is_valid_over_20k() {
    for a in advocates(&config(20_000, 77)) {
        if let Err(e) = a.validate() {
            panic!("{}: {e}", a.id);
        }
    }
}

#[test]
fn advocates_are_normalized_and_round_trip_through_json() {
    for a in advocates(&config(2000, 8)) {
        let mut n = a.clone();
        n.normalize();
        assert_eq!(n, a, "{} changes when normalized", a.id);
        let text = serde_json::to_string(&a).unwrap();
        let back = plaudit::parse_advocate(&text).unwrap();
        assert_eq!(back, a);
    }
}

#[test]
fn histories_are_sorted_and_within_the_customer_relationship() {
    let c = config(5000, 21);
    for a in advocates(&c) {
        assert!(a.engagements.windows(2).all(|w| w[0] <= w[1]), "{}", a.id);
        assert!(a.activities.windows(2).all(|w| w[0].date <= w[1].date));
        assert!(a.consents.windows(2).all(|w| w[0].on <= w[1].on));
        assert!(a.customer_since < c.as_of);
        for x in &a.activities {
            assert!(
                x.date >= a.customer_since,
                "{} activity before customer_since",
                a.id
            );
            if x.status == ActivityStatus::Requested {
                assert!(
                    x.date <= c.as_of,
                    "a requested ask is dated when it was asked"
                );
            }
        }
        if let Some(on) = a.nps_on {
            assert!(on <= c.as_of);
        }
    }
}

#[test]
fn histories_follow_the_default_caps_and_compliance() {
    let policy = Policy::default();
    let regulated: HashSet<&str> = policy
        .compliance
        .regulated_industries
        .iter()
        .map(String::as_str)
        .collect();
    for a in advocates(&config(5000, 31)) {
        let counted: Vec<_> = a
            .activities
            .iter()
            .filter(|x| {
                policy.kinds.get(x.kind).counts_toward_cap
                    && matches!(
                        x.status,
                        ActivityStatus::Completed | ActivityStatus::Scheduled
                    )
            })
            .collect();
        // No 365-day window holds more than the annual cap (6), nor a kind over its cap.
        for x in &counted {
            let end = day(x.date);
            let in_window: Vec<_> = counted
                .iter()
                .filter(|y| day(y.date) > end - 365 && day(y.date) <= end)
                .collect();
            assert!(in_window.len() <= 6, "{} over the annual cap", a.id);
            if let Some(cap) = policy.kinds.get(x.kind).cap {
                let same = in_window.iter().filter(|y| y.kind == x.kind).count();
                assert!(same <= cap as usize, "{} over the {} cap", a.id, x.kind);
            }
        }
        for x in &a.activities {
            if let Some(i) = &x.incentive {
                assert_ne!(
                    x.kind,
                    ActivityKind::Review,
                    "reviews are never incentivized"
                );
                if regulated.contains(a.industry.as_str()) {
                    assert!(!i.kind.is_monetary(), "{}: monetary in regulated", a.id);
                }
            }
        }
    }
}

#[test]
fn every_request_is_valid() {
    let c = config(10_000, 13);
    let policy = Policy::default();
    for r in requests(&c, 2000) {
        let mut errors = Vec::new();
        r.validate_into("", &mut errors);
        assert!(errors.is_empty(), "{}: {errors:?}", r.id);
        let lead = i64::from(policy.kinds.get(r.kind).lead_time_days);
        let days = (r.needed_by - r.requested_on).num_days();
        assert!(days >= lead && days <= 365, "{}: {days} days", r.id);
        assert!(r.requested_on <= c.as_of);
        if r.kind == ActivityKind::Review {
            assert!(r.incentive.is_none());
        }
        let text = serde_json::to_string(&r).unwrap();
        assert_eq!(plaudit::parse_request(&text).unwrap(), r);
    }
}

// ---------------------------------------------------------------------------------------
// Distributions (50k advocates, default engine, as of the config's date)

struct Stats {
    n: usize,
    eligible: usize,
    activities: usize,
    engagements: usize,
    consents: usize,
    states: HashMap<LifecycleState, usize>,
    /// Advocates by counted activities in the window ending at `as_of` (6 = at the cap).
    last_year: [usize; 7],
    accounts: usize,
    opt_in: usize,
    future_bookings: usize,
    requested: usize,
    declined_or_no_response: usize,
    industries: usize,
    products: usize,
    use_cases: usize,
    countries: usize,
}

fn stats() -> &'static Stats {
    static STATS: OnceLock<Stats> = OnceLock::new();
    STATS.get_or_init(|| {
        let c = config(50_000, 42);
        let engine = Engine::default();
        let policy = engine.policy();
        let today = day(c.as_of);
        let mut s = Stats {
            n: c.advocates,
            eligible: 0,
            activities: 0,
            engagements: 0,
            consents: 0,
            states: HashMap::new(),
            last_year: [0; 7],
            accounts: 0,
            opt_in: 0,
            future_bookings: 0,
            requested: 0,
            declined_or_no_response: 0,
            industries: 0,
            products: 0,
            use_cases: 0,
            countries: 0,
        };
        let mut accounts = HashSet::new();
        let (mut ind, mut prod, mut uc, mut ctry) = (
            HashSet::new(),
            HashSet::new(),
            HashSet::new(),
            HashSet::new(),
        );
        for a in advocates(&c) {
            s.eligible += usize::from(engine.eligibility(&a, c.as_of).eligible);
            *s.states
                .entry(engine.lifecycle(&a, c.as_of).state)
                .or_default() += 1;
            s.activities += a.activities.len();
            s.engagements += a.engagements.len();
            s.consents += a.consents.len();
            let counted = a
                .activities
                .iter()
                .filter(|x| {
                    let d = day(x.date);
                    policy.kinds.get(x.kind).counts_toward_cap
                        && matches!(
                            x.status,
                            ActivityStatus::Completed | ActivityStatus::Scheduled
                        )
                        && d <= today
                        && d > today - 365
                })
                .count();
            s.last_year[counted.min(6)] += 1;
            s.opt_in += usize::from(policy.consent.opt_in_countries.contains(&a.country));
            for x in &a.activities {
                s.future_bookings += usize::from(day(x.date) > today);
                s.requested += usize::from(x.status == ActivityStatus::Requested);
                s.declined_or_no_response += usize::from(matches!(
                    x.status,
                    ActivityStatus::Declined | ActivityStatus::NoResponse
                ));
            }
            accounts.insert(a.account_id.clone());
            ind.insert(a.industry.clone());
            prod.extend(a.products.iter().cloned());
            uc.extend(a.use_cases.iter().cloned());
            ctry.insert(a.country.clone());
        }
        s.accounts = accounts.len();
        (s.industries, s.products, s.use_cases, s.countries) =
            (ind.len(), prod.len(), uc.len(), ctry.len());
        s
    })
}

fn share(x: usize) -> f64 {
    x as f64 / stats().n as f64
}

fn within(x: f64, target: f64, tolerance: f64) -> bool {
    (x - target).abs() <= target * tolerance
}

#[test]
fn about_a_third_are_eligible() {
    let e = share(stats().eligible);
    assert!((0.28..=0.40).contains(&e), "eligible share {e}");
}

#[test]
fn averages_per_advocate_hit_the_targets() {
    let s = stats();
    let per = |x: usize| x as f64 / s.n as f64;
    assert!(
        within(per(s.activities), 4.0, 0.2),
        "activities {}",
        per(s.activities)
    );
    assert!(
        within(per(s.engagements), 8.0, 0.2),
        "engagements {}",
        per(s.engagements)
    );
    assert!(
        within(per(s.consents), 2.6, 0.2),
        "consents {}",
        per(s.consents)
    );
}

#[test]
fn most_are_lightly_used_and_a_few_are_at_the_cap() {
    let s = stats();
    let light: usize = s.last_year[..4].iter().sum();
    assert!(
        share(light) >= 0.80,
        "0-3 activities in the last year: {}",
        share(light)
    );
    let at_cap = share(s.last_year[6]);
    assert!((0.005..=0.05).contains(&at_cap), "at the cap: {at_cap}");
    assert!(s.last_year[4] > 0 && s.last_year[5] > 0);
}

#[test]
fn lifecycle_has_every_state_in_realistic_shares() {
    let s = stats();
    let st = |x: LifecycleState| share(s.states.get(&x).copied().unwrap_or(0));
    assert!(st(LifecycleState::Active) >= 0.65, "{:?}", s.states);
    assert!((0.04..=0.15).contains(&st(LifecycleState::AtRisk)));
    assert!((0.04..=0.15).contains(&st(LifecycleState::Inactive)));
    assert!((0.01..=0.06).contains(&st(LifecycleState::OptedOut)));
    assert!((0.001..=0.02).contains(&st(LifecycleState::Erased)));
}

#[test]
fn history_mixes_outcomes_and_bookings() {
    let s = stats();
    assert!(share(s.future_bookings) > 0.1, "future bookings");
    assert!(share(s.requested) > 0.02, "recent unanswered asks");
    assert!(
        share(s.declined_or_no_response) > 0.3,
        "declines and silence"
    );
}

#[test]
fn accounts_countries_and_vocabularies() {
    let s = stats();
    let per_account = s.n as f64 / s.accounts as f64;
    assert!((1.2..=1.4).contains(&per_account), "{per_account}");
    assert!(
        (0.25..=0.45).contains(&share(s.opt_in)),
        "opt-in {}",
        share(s.opt_in)
    );
    assert_eq!(s.industries, 15);
    assert_eq!(s.products, 12);
    assert_eq!(s.use_cases, 15);
    assert!(s.countries >= 25);
}

#[test]
fn knobs_move_the_distributions() {
    let c = SynthConfig {
        advocates: 10_000,
        eligible_share: 0.5,
        mean_activities: 2.0,
        mean_engagements: 4.0,
        ..config(0, 6)
    };
    let engine = Engine::default();
    let (mut e, mut act, mut eng) = (0usize, 0usize, 0usize);
    for a in advocates(&c) {
        e += usize::from(engine.eligibility(&a, c.as_of).eligible);
        act += a.activities.len();
        eng += a.engagements.len();
    }
    let n = c.advocates as f64;
    assert!((0.45..=0.55).contains(&(e as f64 / n)), "{}", e as f64 / n);
    assert!(within(act as f64 / n, 2.0, 0.2), "{}", act as f64 / n);
    assert!(within(eng as f64 / n, 4.0, 0.25), "{}", eng as f64 / n);
}

#[test]
fn extreme_knobs_still_give_valid_advocates() {
    for (share, acts, engs, days) in [
        (0.0, 0.0, 0.0, 0),
        (1.0, 1e9, 1e9, 36_500),
        (f64::NAN, f64::NAN, f64::INFINITY, -5),
        (-1.0, -3.0, 0.5, 1),
    ] {
        let c = SynthConfig {
            advocates: 40,
            eligible_share: share,
            mean_activities: acts,
            mean_engagements: engs,
            history_days: days,
            ..config(0, 1)
        };
        for a in advocates(&c) {
            assert!(
                a.validate().is_ok(),
                "{share} {acts} {engs} {days}: {}",
                a.id
            );
        }
        let mut errors = Vec::new();
        requests(&c, 5)
            .iter()
            .for_each(|r| r.validate_into("", &mut errors));
        assert!(errors.is_empty());
    }
}

#[test]
fn as_of_moves_the_whole_history() {
    let early = SynthConfig {
        as_of: NaiveDate::from_ymd_opt(2024, 1, 15).unwrap(),
        ..config(2000, 42)
    };
    let engine = Engine::default();
    let e = advocates(&early)
        .filter(|a| engine.eligibility(a, early.as_of).eligible)
        .count();
    assert!((0.28..=0.40).contains(&(e as f64 / 2000.0)));
    assert!(advocates(&early).all(|a| a.customer_since < early.as_of));
}

// ---------------------------------------------------------------------------------------
// CSV

fn read(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(bytes);
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

#[test]
fn csv_has_the_documented_columns_and_every_child_row() {
    let c = config(800, 17);
    let out = csv_set(&c);
    let all: Vec<_> = advocates(&c).collect();
    let cases = [
        (&out.advocates, ADVOCATE_COLUMNS, all.len()),
        (
            &out.activities,
            ACTIVITY_COLUMNS,
            all.iter().map(|a| a.activities.len()).sum(),
        ),
        (
            &out.engagements,
            ENGAGEMENT_COLUMNS,
            all.iter().map(|a| a.engagements.len()).sum(),
        ),
        (
            &out.consents,
            CONSENT_COLUMNS,
            all.iter().map(|a| a.consents.len()).sum(),
        ),
        (
            &out.disruptions,
            DISRUPTION_COLUMNS,
            all.iter().map(|a| a.disruptions.len()).sum(),
        ),
    ];
    for (bytes, columns, rows) in cases {
        let (header, body) = read(bytes);
        assert_eq!(header, columns);
        assert_eq!(body.len(), rows);
    }
}

#[test]
fn csv_cells_carry_the_record() {
    let c = config(300, 23);
    let out = csv_set(&c);
    let all: Vec<_> = advocates(&c).collect();
    let (header, rows) = read(&out.advocates);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (a, row) in all.iter().zip(&rows) {
        assert_eq!(row[col("id")], a.id);
        assert_eq!(row[col("products")], a.products.join(";"));
        assert_eq!(row[col("languages")], a.languages.join(";"));
        assert_eq!(
            row[col("health_score")].parse::<f64>().unwrap(),
            a.health_score
        );
        assert_eq!(
            row[col("customer_since")],
            a.customer_since.format("%Y-%m-%d").to_string()
        );
        assert_eq!(
            row[col("nps")],
            a.nps.map(|n| n.to_string()).unwrap_or_default()
        );
        let kinds: Vec<&str> = a
            .preferences
            .activities
            .iter()
            .flatten()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(row[col("preferences.activities")], kinds.join(";"));
    }
    // Child rows follow their advocate, in the advocate's order.
    let (h, acts) = read(&out.activities);
    let expected: Vec<(String, String, String)> = all
        .iter()
        .flat_map(|a| {
            a.activities.iter().map(|x| {
                (
                    a.id.clone(),
                    x.kind.as_str().to_owned(),
                    x.status.as_str().to_owned(),
                )
            })
        })
        .collect();
    let (i, k, s) = (
        h.iter().position(|x| x == "advocate_id").unwrap(),
        h.iter().position(|x| x == "kind").unwrap(),
        h.iter().position(|x| x == "status").unwrap(),
    );
    let got: Vec<_> = acts
        .iter()
        .map(|r| (r[i].clone(), r[k].clone(), r[s].clone()))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn csv_writer_accepts_any_advocate() {
    let mut a = plaudit::Advocate::new(
        "odd, \"quoted\" id",
        NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
    );
    a.health_score = 81.5;
    let sinks = CsvSinks {
        advocates: Vec::new(),
        activities: Vec::new(),
        engagements: Vec::new(),
        consents: Vec::new(),
        disruptions: Vec::new(),
    };
    let mut w = CsvWriter::new(sinks).unwrap();
    w.write(&a).unwrap();
    let out = w.finish().unwrap();
    let (_, rows) = read(&out.advocates);
    assert_eq!(rows[0][0], "odd, \"quoted\" id");
    assert_eq!(rows[0][11], "81.5");
    assert_eq!(read(&out.activities).1.len(), 0);
}
