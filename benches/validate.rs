//! `Engine::validate_request` on a form's JSON as it is typed: a complete valid request and
//! a half-filled one with several problems (it runs on every keystroke in the browser).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use plaudit::Engine;
use serde_json::json;

fn validate(c: &mut Criterion) {
    let engine = Engine::default();
    let valid = json!({
        "id": "req-1", "kind": "reference_call", "requested_on": "2026-03-01",
        "needed_by": "2026-03-20", "count": 3,
        "prospect": {"industry": "fintech", "segment": "enterprise", "country": "DE",
                     "products": ["payments", "ledger"], "use_cases": ["reconciliation"],
                     "language": "de"},
        "notes": "Board wants a peer in payments."
    });
    let half = json!({
        "kind": "case_study", "requested_on": "2026-03-01", "needed_by": "2026-03-06",
        "count": 0, "prospect": {"country": "Germany", "segment": "huge"}
    });
    let mut g = c.benchmark_group("validate_request");
    g.bench_function("valid", |b| {
        b.iter(|| engine.validate_request(black_box(&valid)))
    });
    g.bench_function("half_filled", |b| {
        b.iter(|| engine.validate_request(black_box(&half)))
    });
    g.finish();
}

criterion_group!(benches, validate);
criterion_main!(benches);
