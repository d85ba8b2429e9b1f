//! `Engine::measure` over 1M opportunities with ~3M touches, generated in shuffled order:
//! attribution, KPIs and breakdowns (budget: ≤ 0.5 s). No roster: the roster figures are
//! the population loops the other benches measure.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use plaudit::records::ActivityKind;
use plaudit::{Engine, Opportunity, Segment, Source, SourceKind, Stage, Touch};

/// A seeded xorshift: `next(n)` is in `0..n`.
fn rng(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut s = seed;
    move |n| {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s % n
    }
}

/// `n` opportunities, ~3 touches each on average, ids and touches in shuffled order.
pub fn opportunities(n: usize) -> Vec<Opportunity> {
    let mut r = rng(0x9E37_79B9_7F4A_7C15);
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    let days = |d: u64| start + chrono::Duration::days(i64::try_from(d).unwrap_or(0));
    let industries = [
        "software",
        "retail",
        "healthcare",
        "financial_services",
        "manufacturing",
    ];
    let countries = ["US", "CA", "DE", "FR", "GB", "JP", "AU", "BR", "IN", "AQ"];
    let products = ["analytics", "billing", "crm", "payments"];
    let kinds = [
        ActivityKind::ReferenceCall,
        ActivityKind::CaseStudy,
        ActivityKind::Review,
        ActivityKind::Referral,
    ];
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, r(i as u64 + 1) as usize);
    }
    order
        .into_iter()
        .map(|i| {
            let created = r(540);
            let stage = match r(10) {
                0..=3 => Stage::Won,
                4..=6 => Stage::Lost,
                _ => Stage::Open,
            };
            let mut o = Opportunity::new(format!("opp-{i:07}"), days(created));
            o.stage = stage;
            if stage != Stage::Open {
                o.closed_on = Some(days(created + 5 + r(150)));
            }
            o.amount = (r(20_000_000) as f64) / 100.0;
            o.currency = (r(10) == 0).then(|| "EUR".to_owned());
            o.qualified = r(20) != 0;
            o.segment = Some(Segment::ALL[r(3) as usize]);
            o.industry = Some(industries[r(5) as usize].to_owned());
            o.country = Some(countries[r(10) as usize].to_owned());
            o.products = (0..r(3))
                .map(|_| products[r(4) as usize].to_owned())
                .collect();
            if r(8) == 0 {
                o.source = Some(Source {
                    kind: SourceKind::Referral,
                    advocate_id: (r(2) == 0).then(|| format!("adv-{:06}", r(100_000))),
                });
            }
            o.touches = (0..r(7))
                .map(|_| Touch {
                    advocate_id: format!("adv-{:06}", r(100_000)),
                    kind: kinds[r(4) as usize],
                    on: days((created + r(200)).saturating_sub(90)),
                    solicited: r(5) != 0,
                })
                .collect();
            o
        })
        .collect()
}

fn measure(c: &mut Criterion) {
    let engine = Engine::default();
    let deals = opportunities(1_000_000);
    let touches: usize = deals.iter().map(|o| o.touches.len()).sum();
    eprintln!("{} opportunities, {touches} touches", deals.len());
    let from = NaiveDate::from_ymd_opt(2025, 4, 1).unwrap_or_default();
    let to = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap_or_default();
    let mut g = c.benchmark_group("measure");
    g.sample_size(10);
    g.bench_function("1M", |b| {
        b.iter(|| engine.measure(black_box(&deals), None, (from, to), to))
    });
    g.finish();
}

criterion_group!(benches, measure);
criterion_main!(benches);
