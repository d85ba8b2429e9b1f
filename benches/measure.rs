//! `Engine::measure` over 1M opportunities with ~3M touches, generated in shuffled order:
//! attribution, KPIs and breakdowns (budget: ≤ 0.5 s). No roster: the roster figures are
//! the population loops the other benches measure.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use plaudit::Engine;
use plaudit_benches::opportunities;

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
