//! Times `evaluate` and `roster` over Arrow IPC files (`advocates.arrow`, `activities.arrow`,
//! `engagements.arrow`, `consents.arrow`, and `nested.arrow` for the nested shape) in a
//! directory, as `bindings/python/bench/bench_table.py --ipc DIR` writes them:
//!
//!     cargo run --release -p plaudit-arrow --example time_ipc -- DIR [repeat]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

fn read(path: &std::path::Path) -> Option<Vec<arrow_array::RecordBatch>> {
    let f = std::fs::File::open(path).ok()?;
    let r = arrow_ipc::reader::FileReader::try_new(f, None).ok()?;
    Some(r.map(|b| b.unwrap()).collect())
}

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("a directory"));
    let repeat: usize = std::env::args()
        .nth(2)
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let tables = plaudit_arrow::Tables {
        advocates: read(&dir.join("advocates.arrow")).expect("advocates.arrow"),
        activities: read(&dir.join("activities.arrow")),
        engagements: read(&dir.join("engagements.arrow")),
        consents: read(&dir.join("consents.arrow")),
        disruptions: None,
    };
    let opts = plaudit_arrow::Options {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        ignore_unknown_ids: false,
        threads: 0,
        shares: false,
    };
    let engine = plaudit::Engine::default();
    let best = |what: &str, f: &dyn Fn()| {
        let mut best = f64::INFINITY;
        for _ in 0..repeat {
            let t0 = Instant::now();
            f();
            best = best.min(t0.elapsed().as_secs_f64());
        }
        println!("{what}: {best:.3} s (best of {repeat})");
    };
    best("evaluate, long tables", &|| {
        plaudit_arrow::evaluate(&engine, &tables, &opts).unwrap();
    });
    if let Some(nested) = read(&dir.join("nested.arrow")) {
        let nested = plaudit_arrow::Tables {
            advocates: nested,
            ..Default::default()
        };
        best("evaluate, nested", &|| {
            plaudit_arrow::evaluate(&engine, &nested, &opts).unwrap();
        });
    }
    best("roster, long tables", &|| {
        plaudit_arrow::roster(&tables, &opts).unwrap();
    });
}
