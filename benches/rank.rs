//! `Engine::rank` over prepared synthetic rosters of 100k and 1M advocates (budgets: median
//! ≤ 10 ms and ≤ 100 ms, one thread), and the time to build a 1M roster.

use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use plaudit::{Engine, Roster};
use plaudit_benches::{as_of, request, synthetic};

fn rank(c: &mut Criterion) {
    let engine = Engine::default();
    let req = request();
    let sizes: &[usize] = if std::env::var_os("PLAUDIT_BENCH_SMALL").is_some() {
        &[10_000]
    } else {
        &[100_000, 1_000_000]
    };
    let mut g = c.benchmark_group("rank");
    g.sample_size(10);
    for &n in sizes {
        let roster = match Roster::new(synthetic(n)) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("synthetic roster is invalid: {e}");
                return;
            }
        };
        g.bench_with_input(BenchmarkId::from_parameter(n), &roster, |b, r| {
            b.iter(|| engine.rank(black_box(&req), black_box(r), as_of()));
        });
    }
    g.finish();

    let mut g = c.benchmark_group("roster_build");
    g.sample_size(10);
    let n = *sizes.last().unwrap_or(&10_000);
    let advocates = synthetic(n);
    g.bench_function(BenchmarkId::from_parameter(n), |b| {
        b.iter_batched(|| advocates.clone(), Roster::new, BatchSize::LargeInput);
    });
    g.finish();
}

criterion_group!(benches, rank);
criterion_main!(benches);
