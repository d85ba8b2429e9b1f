//! `Engine::rank` over prepared synthetic rosters of 100k and 1M advocates (budgets: median
//! ≤ 10 ms and ≤ 100 ms, one thread), and the time to build a 1M roster.
//!
//! A roster keeps the request-independent state of the latest date it was ranked for:
//! `rank` measures a request on a day the roster has already seen (every request of a day
//! after the first), `rank_first_of_day` the first request of a day (the state computed
//! within the call).

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
        g.bench_with_input(BenchmarkId::new("rank", n), &roster, |b, r| {
            b.iter(|| engine.rank(black_box(&req), black_box(r), as_of()));
        });
        g.bench_with_input(BenchmarkId::new("rank_first_of_day", n), &roster, |b, r| {
            b.iter(|| {
                r.clear_cache();
                engine.rank(black_box(&req), black_box(r), as_of())
            });
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
