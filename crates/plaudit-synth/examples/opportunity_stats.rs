//! Prints the shape of generated opportunities, and the headline KPIs over the twelve months
//! ending at `as_of` computed by hand with the measurement's counting rules (default
//! lookback of 90 days, qualified deals only).
//!
//! `cargo run --release -p plaudit-synth --example opportunity_stats -- [OPPORTUNITIES] [ADVOCATES] [SEED]`

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate};
use plaudit::ActivityKind;
use plaudit::{Opportunity, SourceKind, Stage};
use plaudit_synth::{LOOKBACK_DAYS, SynthConfig, opportunity};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let advocates: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(n / 2);
    let seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(42);
    let config = SynthConfig {
        advocates,
        opportunities: n,
        seed,
        ..SynthConfig::default()
    };
    let as_of = config.as_of;
    let from = as_of - Duration::days(364);
    let in_period = |d: NaiveDate| d >= from && d <= as_of;

    let started = std::time::Instant::now();
    let all: Vec<Opportunity> = (0..n).map(|k| opportunity(&config, k)).collect();
    let elapsed = started.elapsed();

    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    let mut stages: BTreeMap<&str, usize> = BTreeMap::new();
    let mut currencies: BTreeMap<&str, usize> = BTreeMap::new();
    let mut sources: BTreeMap<&str, usize> = BTreeMap::new();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut per_advocate: HashMap<&str, usize> = HashMap::new();
    let (mut qualified, mut referrers, mut touches, mut counting, mut unsolicited) =
        (0, 0, 0, 0, 0);
    for o in &all {
        *stages.entry(o.stage.as_str()).or_default() += 1;
        *currencies
            .entry(o.currency.as_deref().unwrap_or(""))
            .or_default() += 1;
        let s = o.source.as_ref().map_or("(none)", |s| s.kind.as_str());
        *sources.entry(s).or_default() += 1;
        referrers += usize::from(o.source.as_ref().is_some_and(|s| s.advocate_id.is_some()));
        qualified += usize::from(o.qualified);
        for t in &o.touches {
            touches += 1;
            counting += usize::from(counts(o, t.on, as_of));
            unsolicited += usize::from(!t.solicited);
            *kinds.entry(t.kind.as_str()).or_default() += 1;
            *per_advocate.entry(t.advocate_id.as_str()).or_default() += 1;
        }
    }
    println!("{n} opportunities, roster of {advocates}, seed {seed}, as of {as_of}");
    println!(
        "generated in {elapsed:.2?} ({:.2} µs each)",
        elapsed.as_secs_f64() * 1e6 / n as f64
    );
    let show = |name: &str, m: &BTreeMap<&str, usize>, total: usize| {
        let parts: Vec<String> = m
            .iter()
            .map(|(k, v)| format!("{k} {:.1}%", pct(*v, total)))
            .collect();
        println!("{name}: {}", parts.join(", "));
    };
    show("stage", &stages, n);
    show("currency", &currencies, n);
    show("source", &sources, n);
    println!(
        "referrals naming an advocate: {:.1}% of deals",
        pct(referrers, n)
    );
    println!("qualified: {:.1}%", pct(qualified, n));
    println!(
        "touches: {:.2} per deal ({touches}), {:.1}% counting, {:.1}% unsolicited",
        touches as f64 / n as f64,
        pct(counting, touches),
        pct(unsolicited, touches)
    );
    show("touch kinds", &kinds, touches);
    let mut load: Vec<usize> = per_advocate.values().copied().collect();
    load.sort_unstable_by(|a, b| b.cmp(a));
    let top = load.iter().take(advocates.div_ceil(20)).sum::<usize>();
    println!(
        "advocates on deals: {} of {advocates}; the busiest 5% of the roster carry {:.1}% of touches",
        load.len(),
        pct(top, touches)
    );

    // KPIs over qualified deals, period = the twelve months ending at as_of.
    let q: Vec<&Opportunity> = all.iter().filter(|o| o.qualified).collect();
    let created: Vec<&Opportunity> = q
        .iter()
        .copied()
        .filter(|o| in_period(o.created_on))
        .collect();
    let infl = created.iter().filter(|o| influenced(o, as_of)).count();
    println!("\nKPIs, period {from} .. {as_of}:");
    println!(
        "influenced_share: {:.3}",
        infl as f64 / created.len() as f64
    );
    for seg in ["enterprise", "mid_market", "smb"] {
        let s: Vec<_> = created
            .iter()
            .filter(|o| o.segment.is_some_and(|x| x.as_str() == seg))
            .collect();
        let i = s.iter().filter(|o| influenced(o, as_of)).count();
        println!("  {seg}: {:.3}", i as f64 / s.len() as f64);
    }
    let usd = |o: &&&Opportunity| o.currency.as_deref() == Some("USD");
    let pipeline: f64 = created.iter().filter(usd).map(|o| o.amount).sum();
    let referred: f64 = created
        .iter()
        .filter(usd)
        .filter(|o| {
            o.source
                .as_ref()
                .is_some_and(|s| s.kind == SourceKind::Referral)
        })
        .map(|o| o.amount)
        .sum();
    println!("referral_pipeline_share (USD): {:.3}", referred / pipeline);
    let closed: Vec<&Opportunity> = q
        .iter()
        .copied()
        .filter(|o| o.stage != Stage::Open && o.closed_on.is_some_and(in_period))
        .collect();
    let rate = |f: &dyn Fn(&Opportunity) -> bool| {
        let c: Vec<_> = closed.iter().filter(|o| f(o)).collect();
        c.iter().filter(|o| o.stage == Stage::Won).count() as f64 / c.len() as f64
    };
    let with = rate(&|o| influenced(o, as_of));
    let without = rate(&|o| !influenced(o, as_of));
    println!(
        "win_rate_with {with:.3}, win_rate_without {without:.3}, win_rate_lift {:.3}",
        with / without - 1.0
    );
    let reference = rate(&|o| {
        o.touches
            .iter()
            .any(|t| t.kind == ActivityKind::ReferenceCall && counts(o, t.on, as_of))
    });
    println!("reference_close_rate: {reference:.3}");
    let median = |f: &dyn Fn(&Opportunity) -> bool| {
        let mut c: Vec<i64> = closed
            .iter()
            .filter(|o| o.stage == Stage::Won && f(o))
            .filter_map(|o| o.closed_on.map(|d| (d - o.created_on).num_days()))
            .collect();
        c.sort_unstable();
        let m = c.len() / 2;
        if c.len() % 2 == 0 {
            (c[m - 1] + c[m]) as f64 / 2.0
        } else {
            c[m] as f64
        }
    };
    let (a, b) = (
        median(&|o| influenced(o, as_of)),
        median(&|o| !influenced(o, as_of)),
    );
    println!(
        "median won cycle: influenced {a} days, not {b} days; cycle_reduction {:.3}",
        1.0 - a / b
    );
}

fn counts(o: &Opportunity, on: NaiveDate, as_of: NaiveDate) -> bool {
    on >= o.created_on - Duration::days(i64::from(LOOKBACK_DAYS))
        && on <= o.closed_on.unwrap_or(as_of)
        && on <= as_of
}

fn influenced(o: &Opportunity, as_of: NaiveDate) -> bool {
    o.touches.iter().any(|t| counts(o, t.on, as_of))
        || o.source
            .as_ref()
            .is_some_and(|s| s.kind == SourceKind::Referral && s.advocate_id.is_some())
}
