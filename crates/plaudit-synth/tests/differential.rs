//! The batch path and the per-record path agree: `Engine::evaluate_roster` (a roster's
//! packed layout, buffers reused across advocates) and an `Evaluator` give, for 100,000
//! generated advocates, exactly the JSON `Engine::evaluate` gives for each advocate alone; and `rank` over the
//! same roster never contradicts `check` on a single advocate; and a roster that kept the
//! state of earlier calls ranks exactly as a fresh one.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use plaudit::check::Ask;
use plaudit::{Engine, Policy, Reason, Roster};
use plaudit_synth::{SynthConfig, advocates, requests};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
}

/// Default policy, and one that moves the country and industry tables the batch path
/// precomputes (opt-in countries, regulated industries, incentive limits).
fn engines() -> Vec<(&'static str, Engine)> {
    let mut p = Policy::default();
    p.consent.opt_in_countries = vec!["US".into(), "CA".into(), "DE".into()];
    p.compliance.regulated_industries = vec!["fintech".into(), "retail".into()];
    p.compliance.incentive_limits.insert("US".into(), 50.0);
    vec![
        ("default", Engine::default()),
        ("variant", Engine::new(p).unwrap()),
    ]
}

#[test]
fn evaluate_roster_equals_evaluate_per_record_on_100k() {
    let config = SynthConfig::new(100_000, 7, as_of());
    let mut list: Vec<_> = advocates(&config).collect();
    // Input order is not id order: the batch walks id order and must still pair each
    // evaluation with its advocate.
    list.reverse();
    let roster = Roster::new(list).unwrap();
    for ((name, engine), date) in engines()
        .into_iter()
        .zip([as_of(), as_of() + chrono::Duration::days(200)])
    {
        {
            let batch = engine.evaluate_roster(&roster, date);
            assert_eq!(batch.len(), roster.len());
            let mut ids: Vec<&str> = roster.advocates().iter().map(|a| a.id.as_str()).collect();
            ids.sort_unstable();
            for (e, id) in batch.iter().zip(ids) {
                assert_eq!(e.id, id, "{name}: batch is not in id order");
                let a = roster.get(id).unwrap();
                let one = engine.evaluate(a, date);
                assert_eq!(
                    serde_json::to_string(e).unwrap(),
                    serde_json::to_string(&one).unwrap(),
                    "{name}, {date}: {id}"
                );
            }
        }
        // An evaluator reuses its buffers from one advocate to the next: nothing of one
        // advocate may reach the next one's report.
        let mut ev = engine.evaluator(date);
        for a in roster.advocates() {
            assert_eq!(
                ev.evaluate(a),
                engine.evaluate(a, date),
                "{name}, {date}: {}",
                a.id
            );
        }
    }
}

#[test]
fn rank_over_100k_agrees_with_check_per_record() {
    let config = SynthConfig::new(100_000, 11, as_of());
    let roster = Roster::new(advocates(&config).collect()).unwrap();
    let request_only = [
        Reason::ExcludedAccount,
        Reason::LanguageMismatch,
        Reason::TierBelowMinimum,
        Reason::AccountCapReached,
    ];
    for (name, engine) in engines() {
        for req in requests(&config, 6) {
            let r = engine.rank(&req, &roster, as_of());
            assert_eq!(r.summary.matched + r.summary.excluded, 100_000);
            let ask = |date| Ask {
                kind: req.kind,
                date,
                incentive: req.incentive.clone(),
                topic: None,
            };
            for m in &r.matches {
                let a = roster.get(&m.id).unwrap();
                let c = engine.check(a, &ask(m.earliest_on), as_of());
                assert!(
                    c.allowed,
                    "{name}: match {} not allowed: {:?}",
                    m.id, c.reasons
                );
            }
            // Exclusions decided on the first day of the request's window, by the
            // advocate's own rules alone, give check's reasons on that day.
            for x in r.excluded.iter().step_by(37) {
                if request_only.iter().any(|&q| x.reasons.contains(q)) {
                    continue;
                }
                let a = roster.get(&x.id).unwrap();
                let c = engine.check(a, &ask(req.requested_on), as_of());
                if c.reasons.all_lifted_by_time() && !c.reasons.is_empty() {
                    // Lifted by time: rank looked further into the window and may add the
                    // reasons of later days.
                    assert!(
                        c.reasons.iter().all(|q| x.reasons.contains(q)),
                        "{name}: {} check {:?} rank {:?}",
                        x.id,
                        c.reasons,
                        x.reasons
                    );
                } else {
                    // A disruption excludes from a request when it touches any day of the
                    // request's window; check looks at the first day alone.
                    let mut day_one = c.reasons;
                    if x.reasons.contains(Reason::DisruptionWindow)
                        && !c.reasons.contains(Reason::DisruptionWindow)
                    {
                        let touched = (0..=(req.needed_by - req.requested_on).num_days())
                            .map(|d| req.requested_on + chrono::Days::new(d as u64))
                            .any(|d| {
                                engine
                                    .check(a, &ask(d), as_of())
                                    .reasons
                                    .contains(Reason::DisruptionWindow)
                            });
                        assert!(
                            touched,
                            "{name}: {} excluded for a disruption no day of the window has",
                            x.id
                        );
                        day_one.insert(Reason::DisruptionWindow);
                    }
                    assert_eq!(day_one, x.reasons, "{name}: {}", x.id);
                }
            }
        }
    }
}

/// A roster keeps the request-independent state of the latest date and policy it was ranked
/// for: whatever came before (other dates, other policies, other kinds, other threads), a
/// ranking equals the one a fresh roster gives.
#[test]
fn a_roster_that_kept_earlier_state_ranks_as_a_fresh_one() {
    let config = SynthConfig::new(20_000, 5, as_of());
    let roster = Roster::new(advocates(&config).collect()).unwrap();
    let engines = engines();
    let reqs = requests(&config, 12);
    let dates = [as_of(), as_of() + chrono::Duration::days(45)];
    let json = |r: &plaudit::Ranking| serde_json::to_string(r).unwrap();
    // Interleaved: the same date and policy twice in a row (kept), then another date, then
    // another policy (replaced), with every request kind.
    for (n, req) in reqs.iter().enumerate() {
        for (e, date) in [(0, 0), (0, 0), (0, 1), (1, 1), (0, 0), (1, 0)] {
            let (name, engine) = &engines[(e + n) % 2];
            let date = dates[(date + n) % 2];
            let kept = engine.rank(req, &roster, date);
            let fresh = engine.rank(req, &roster.clone(), date);
            assert_eq!(json(&kept), json(&fresh), "{name}, {date}, request {n}");
        }
    }
    // Two threads ranking the same roster for different dates.
    let fresh: Vec<Vec<String>> = dates
        .iter()
        .map(|&d| {
            reqs.iter()
                .map(|q| json(&engines[0].1.rank(q, &roster.clone(), d)))
                .collect()
        })
        .collect();
    std::thread::scope(|s| {
        for (t, &d) in dates.iter().enumerate() {
            let (roster, engine, reqs, fresh) = (&roster, &engines[0].1, &reqs, &fresh);
            s.spawn(move || {
                for _ in 0..3 {
                    for (q, want) in reqs.iter().zip(&fresh[t]) {
                        assert_eq!(&json(&engine.rank(q, roster, d)), want, "thread {t}");
                    }
                }
            });
        }
    });
    roster.clear_cache();
    assert_eq!(
        json(&engines[1].1.rank(&reqs[0], &roster, dates[1])),
        json(&engines[1].1.rank(&reqs[0], &roster.clone(), dates[1]))
    );
}
