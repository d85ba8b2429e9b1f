//! Generation speed: advocates per second (single thread), as records and as JSON Lines.
//!
//! Run with `cargo bench -p plaudit-synth --bench generate`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use plaudit_synth::{SynthConfig, advocates, write_jsonl};
use std::hint::black_box;

const N: usize = 10_000;

fn generate(c: &mut Criterion) {
    let config = SynthConfig {
        advocates: N,
        ..SynthConfig::default()
    };
    let mut g = c.benchmark_group("generate");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(20);
    g.bench_function("advocates_10k", |b| {
        b.iter(|| {
            let mut items = 0usize;
            for a in advocates(black_box(&config)) {
                items += a.activities.len() + a.engagements.len() + a.consents.len();
            }
            black_box(items)
        })
    });
    g.bench_function("jsonl_10k", |b| {
        let mut out = Vec::with_capacity(N * 3000);
        b.iter(|| {
            out.clear();
            write_jsonl(black_box(&config), &mut out).ok();
            black_box(out.len())
        })
    });
    g.finish();
}

criterion_group!(benches, generate);
criterion_main!(benches);
