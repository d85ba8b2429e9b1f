//! `Engine::check` for one advocate and one ask, over history lengths 20, 200 and 2,000
//! (budget: median ≤ 1 µs at 20 items; cost no worse than linear in history length).

use std::hint::black_box;

use chrono::Duration;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use plaudit::check::Ask;
use plaudit::{ActivityKind, Engine};
use plaudit_benches::{advocate_with_history, as_of};

fn check(c: &mut Criterion) {
    let engine = Engine::default();
    let mut g = c.benchmark_group("check");
    for items in [20, 200, 2000] {
        let a = advocate_with_history(items);
        g.throughput(Throughput::Elements(items as u64));
        for (label, kind) in [
            ("referral", ActivityKind::Referral),
            ("reference_call", ActivityKind::ReferenceCall),
        ] {
            let ask = Ask {
                kind,
                date: as_of() + Duration::days(21),
                incentive: None,
                topic: None,
            };
            g.bench_with_input(BenchmarkId::new(label, items), &a, |b, a| {
                b.iter(|| engine.check(black_box(a), black_box(&ask), as_of()));
            });
        }
    }
    g.finish();
}

criterion_group!(benches, check);
criterion_main!(benches);
