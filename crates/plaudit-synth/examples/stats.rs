//! Prints the distributions of a generated roster, as measured by the default engine.
//!
//! `cargo run --release -p plaudit-synth --example stats -- [ADVOCATES] [SEED]`

use std::collections::{BTreeMap, HashSet};

use plaudit::dates::day;
use plaudit::{ActivityStatus, Engine, LifecycleState};
use plaudit_synth::{SynthConfig, advocates};

fn main() {
    let mut args = std::env::args().skip(1);
    let n = args.next().and_then(|s| s.parse().ok()).unwrap_or(50_000);
    let seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(42);
    let config = SynthConfig {
        advocates: n,
        seed,
        ..SynthConfig::default()
    };
    let engine = Engine::default();
    let as_of = config.as_of;
    let today = day(as_of);
    let policy = engine.policy();
    let opt_in: HashSet<&str> = policy
        .consent
        .opt_in_countries
        .iter()
        .map(String::as_str)
        .collect();

    let (mut eligible, mut acts, mut engs, mut cons) = (0usize, 0usize, 0usize, 0usize);
    let mut states: BTreeMap<&str, usize> = BTreeMap::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut last_year: BTreeMap<usize, usize> = BTreeMap::new();
    let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
    let mut accounts = HashSet::new();
    let (mut in_opt_in, mut future, mut requested, mut stale, mut tiers) = (0, 0, 0, 0, 0);
    let (mut erased, mut left, mut restricted, mut disrupted) = (0, 0, 0, 0);
    let started = std::time::Instant::now();
    for a in advocates(&config) {
        let e = engine.eligibility(&a, as_of);
        eligible += usize::from(e.eligible);
        for r in e.reasons.iter() {
            *reasons.entry(r.as_str().to_owned()).or_default() += 1;
        }
        let state = engine.lifecycle(&a, as_of).state;
        *states.entry(state.as_str()).or_default() += 1;
        acts += a.activities.len();
        engs += a.engagements.len();
        cons += a.consents.len();
        accounts.insert(a.account_id.clone());
        in_opt_in += usize::from(opt_in.contains(a.country.as_str()));
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
        *last_year.entry(counted.min(6)).or_default() += 1;
        for x in &a.activities {
            *statuses.entry(x.status.as_str()).or_default() += 1;
            future += usize::from(day(x.date) > today);
            requested += usize::from(x.status == ActivityStatus::Requested);
        }
        stale += usize::from(a.verified_on.is_none_or(|v| today - day(v) > 365));
        tiers += usize::from(a.current_tier.is_some());
        erased += usize::from(a.erasure_requested);
        left += usize::from(a.left_company);
        restricted += usize::from(a.publicity_restricted);
        disrupted += usize::from(!a.disruptions.is_empty());
        let _ = LifecycleState::Active;
    }
    let secs = started.elapsed().as_secs_f64();
    let pct = |x: usize| 100.0 * x as f64 / n as f64;
    let avg = |x: usize| x as f64 / n as f64;
    println!("{n} advocates, seed {seed}, as of {as_of} ({secs:.2} s incl. evaluation)");
    println!("eligible: {:.1}%", pct(eligible));
    println!(
        "per advocate: activities {:.2}, engagements {:.2}, consents {:.2}",
        avg(acts),
        avg(engs),
        avg(cons)
    );
    println!(
        "advocates per account: {:.2}",
        n as f64 / accounts.len() as f64
    );
    println!("opt-in countries: {:.1}%", pct(in_opt_in));
    println!("lifecycle: {states:?}");
    println!("failed gates: {reasons:?}");
    println!("counted activities in the last year (6 = at the cap): {last_year:?}");
    println!("activity statuses: {statuses:?}");
    println!(
        "future-dated activities {future}, requested {requested}; profile stale {:.1}%",
        pct(stale)
    );
    println!(
        "current_tier set {:.1}%, erasure {:.1}%, left {:.1}%, publicity restricted {:.1}%, disrupted {:.1}%",
        pct(tiers),
        pct(erased),
        pct(left),
        pct(restricted),
        pct(disrupted)
    );
}
