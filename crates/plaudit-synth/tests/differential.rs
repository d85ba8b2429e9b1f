//! The batch path and the per-record path agree: `Engine::evaluate_roster` (a roster's
//! packed layout, buffers reused across advocates) gives, for 100,000 generated advocates,
//! exactly the JSON `Engine::evaluate` gives for each advocate alone; and `rank` over the
//! same roster never contradicts `check` on a single advocate.

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
                    assert_eq!(c.reasons, x.reasons, "{name}: {}", x.id);
                }
            }
        }
    }
}
