//! `Engine::evaluate` for one advocate with 20 history items (budget: median ≤ 1 µs),
//! and with 200 for scale.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use plaudit::Engine;
use plaudit_benches::{advocate_with_history, as_of};

fn evaluate(c: &mut Criterion) {
    let engine = Engine::default();
    let mut g = c.benchmark_group("evaluate");
    for items in [20, 200] {
        let a = advocate_with_history(items);
        g.bench_with_input(BenchmarkId::from_parameter(items), &a, |b, a| {
            b.iter(|| engine.evaluate(black_box(a), as_of()));
        });
    }
    g.finish();
    let a = advocate_with_history(20);
    c.bench_function("eligibility/20", |b| {
        b.iter(|| engine.eligibility(black_box(&a), as_of()))
    });
}

criterion_group!(benches, evaluate);
criterion_main!(benches);
