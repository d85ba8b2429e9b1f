//! A loop to run under a profiler (`perf record`), outside criterion:
//!
//! ```sh
//! cargo build -p plaudit-benches --profile bench --example profile
//! perf record -g target/release/examples/profile rank 100000 50
//! ```
//!
//! Operations: `rank N ITERS`, `evaluate ITEMS ITERS`, `check ITEMS ITERS`, `measure N ITERS`,
//! `measure_columns N ITERS` (the same deals pushed into `plaudit::Columns` once, outside the
//! timed calls, as a table door fills them), `measure_compact N ITERS` (the same, the result
//! kept compact as the table door keeps it; `measure*` prints the thread's CPU time per call, from `/proc/thread-self/schedstat`, as
//! the machine is shared and wall time says more about the load than the code).

use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;

use plaudit::{Engine, Roster};
use plaudit_benches::{advocate_with_history, as_of, columns, opportunities, request, synthetic};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let op = args.get(1).map_or("rank", String::as_str);
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let iters: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(20);
    let engine = Engine::default();
    match op {
        "rank" => {
            let roster = match Roster::new(synthetic(n)) {
                Ok(r) => r,
                Err(e) => return eprintln!("synthetic roster is invalid: {e}"),
            };
            let req = request();
            // The first call for a date computes the roster's state for that date.
            let t = Instant::now();
            let r = black_box(engine.rank(black_box(&req), &roster, as_of()));
            let first = t.elapsed();
            println!(
                "{:?} request: {} matched, {} excluded ({} with a next date)",
                req.kind,
                r.summary.matched,
                r.summary.excluded,
                r.excluded
                    .iter()
                    .filter(|x| x.next_available_on.is_some())
                    .count()
            );
            let t = Instant::now();
            for _ in 0..iters {
                black_box(engine.rank(black_box(&req), &roster, as_of()));
            }
            println!(
                "rank {n}: first call of the day {first:?}, then {:?} per call",
                t.elapsed() / iters as u32
            );
            if std::env::var_os("COLD").is_some() {
                let t = Instant::now();
                for _ in 0..iters {
                    roster.clear_cache();
                    black_box(engine.rank(black_box(&req), &roster, as_of()));
                }
                println!(
                    "rank {n}: first call of the day {:?}",
                    t.elapsed() / iters as u32
                );
            }
        }
        "evaluate" => {
            let a = advocate_with_history(n);
            let t = Instant::now();
            for _ in 0..iters {
                black_box(engine.evaluate(black_box(&a), as_of()));
            }
            println!(
                "evaluate {n} items: {:?} per call",
                t.elapsed() / iters as u32
            );
        }
        "check" => {
            let a = advocate_with_history(n);
            let ask = plaudit::check::Ask {
                kind: plaudit::ActivityKind::ReferenceCall,
                date: as_of() + chrono::Duration::days(21),
                incentive: None,
                topic: None,
            };
            let t = Instant::now();
            for _ in 0..iters {
                black_box(engine.check(black_box(&a), &ask, as_of()));
            }
            println!("check {n} items: {:?} per call", t.elapsed() / iters as u32);
        }
        "measure_compact" => {
            let deals = opportunities(n);
            let cols = columns(&deals);
            let from = NaiveDate::from_ymd_opt(2025, 4, 1).unwrap_or_default();
            let to = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap_or_default();
            for _ in 0..iters {
                // The columns move into the result: a copy for each call, made outside.
                let c = cols.clone();
                let (cpu0, t) = (thread_cpu_ns(), Instant::now());
                let m = black_box(engine.measure_compact(c, None, (from, to), to));
                let (cpu1, wall) = (thread_cpu_ns(), t.elapsed());
                drop(m);
                let cpu2 = thread_cpu_ns();
                println!(
                    "{op} {n}: cpu {:.3} s (wall {:.3} s), drop {:.3} s",
                    secs(cpu1 - cpu0),
                    wall.as_secs_f64(),
                    secs(cpu2 - cpu1)
                );
            }
        }
        "measure" | "measure_columns" => {
            let deals = opportunities(n);
            let cols = (op == "measure_columns").then(|| columns(&deals));
            let from = NaiveDate::from_ymd_opt(2025, 4, 1).unwrap_or_default();
            let to = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap_or_default();
            for _ in 0..iters {
                let (cpu0, all0, t) = (thread_cpu_ns(), process_cpu_s(), Instant::now());
                let m = black_box(match &cols {
                    Some(c) => engine.measure_columns(black_box(c), None, (from, to), to),
                    None => engine.measure(black_box(&deals), None, (from, to), to),
                });
                let (cpu1, all1, wall) = (thread_cpu_ns(), process_cpu_s(), t.elapsed());
                drop(m);
                let cpu2 = thread_cpu_ns();
                // With the `parallel` feature the work runs on rayon's threads too: the
                // process's CPU time (all threads, 10 ms ticks) says what it costs.
                println!(
                    "{op} {n}: cpu {:.3} s (wall {:.3} s, process cpu {:.2} s), drop {:.3} s",
                    secs(cpu1 - cpu0),
                    wall.as_secs_f64(),
                    all1 - all0,
                    secs(cpu2 - cpu1)
                );
            }
        }
        other => eprintln!("unknown operation {other}: rank, evaluate, check or measure"),
    }
}

/// CPU time of the whole process (every thread) in seconds, from `/proc/self/stat` (0 where
/// it is missing).
fn process_cpu_s() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (in parentheses): utime and stime are the 12th and 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|x| x.parse().ok())
        .collect();
    f.iter().sum::<f64>() / 100.0
}

/// CPU time of this thread in nanoseconds (0 where `/proc` is missing).
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

#[allow(clippy::cast_precision_loss)]
fn secs(ns: u64) -> f64 {
    ns as f64 / 1e9
}
