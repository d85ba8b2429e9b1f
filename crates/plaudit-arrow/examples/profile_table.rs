//! `evaluate` (or building a roster) over Arrow IPC files, in a loop to run under a profiler (`perf record`):
//!
//! ```sh
//! cargo build -p plaudit-arrow --release --example profile_table
//! target/release/examples/profile_table DIR [long|nested] [ITERS] [THREADS] [evaluate|roster]
//! target/release/examples/profile_table DIR measure [ITERS] [THREADS]
//! ```
//!
//! `DIR` holds `advocates`, `activities`, `engagements`, `consents` and `disruptions` tables
//! (long) or a `nested` one, each as Parquet (`.parquet`) or Arrow IPC (`.arrow`): the long
//! set is what `plaudit generate -n 1000000 -f parquet -o DIR` writes (rows shuffled, as a
//! CRM exports them), the nested one `plaudit generate -n 1000000 --nested -o
//! DIR/nested.parquet`. With `measure`, `DIR` holds `opportunities` and `touches` tables (what
//! `python bindings/python/bench/bench_measure.py --keep DIR` writes) and the call is
//! `plaudit_arrow::opportunities::measure_compact`. Prints each call's wall time and the
//! process's CPU time (the machine may be shared).

use std::fs::File;
use std::path::Path;
use std::time::Instant;

use arrow_array::RecordBatch;
use plaudit::Engine;
use plaudit_arrow::{Options, Tables};

/// The batches of `DIR/NAME.parquet` or `DIR/NAME.arrow`, if either exists.
fn table(dir: &Path, name: &str) -> Result<Option<Vec<RecordBatch>>, Box<dyn std::error::Error>> {
    let parquet = dir.join(format!("{name}.parquet"));
    if parquet.exists() {
        let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
            File::open(parquet)?,
        )?
        .with_batch_size(batch_rows())
        .build()?;
        return Ok(Some(reader.collect::<Result<_, _>>()?));
    }
    let ipc = dir.join(format!("{name}.arrow"));
    ipc.exists().then(|| read(&ipc)).transpose()
}

/// Rows per batch read from Parquet: `PLAUDIT_BATCH_ROWS`, else 65,536 (pyarrow's
/// `read_table` hands over a batch per row group, up to 1,048,576 rows).
fn batch_rows() -> usize {
    std::env::var("PLAUDIT_BATCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(65_536)
}

fn read(path: &Path) -> Result<Vec<RecordBatch>, Box<dyn std::error::Error>> {
    let file = File::open(path)?;
    match arrow_ipc::reader::FileReader::try_new(file, None) {
        Ok(r) => Ok(r.collect::<Result<_, _>>()?),
        Err(_) => {
            let r = arrow_ipc::reader::StreamReader::try_new(File::open(path)?, None)?;
            Ok(r.collect::<Result<_, _>>()?)
        }
    }
}

fn cpu_seconds() -> f64 {
    // utime + stime of the process, in clock ticks (100 per second on Linux).
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit(')').next()?.to_owned();
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(f64::NAN)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = Path::new(args.get(1).map_or("/tmp/arrow-1m-shuffled", String::as_str));
    let shape = args.get(2).map_or("long", String::as_str);
    let iters: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(5);
    let threads: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(0);
    // `evaluate` (the default) or `roster` (what `Roster.from_tables` does).
    let what = args.get(5).map_or("evaluate", String::as_str);
    if shape == "measure" {
        return measure(dir, iters, threads);
    }
    let tables = if shape == "nested" {
        Tables {
            advocates: table(dir, "nested")?.ok_or("no nested.parquet or nested.arrow")?,
            activities: None,
            engagements: None,
            consents: None,
            disruptions: None,
        }
    } else {
        Tables {
            advocates: table(dir, "advocates")?.ok_or("no advocates.parquet or .arrow")?,
            activities: table(dir, "activities")?,
            engagements: table(dir, "engagements")?,
            consents: table(dir, "consents")?,
            disruptions: table(dir, "disruptions")?,
        }
    };
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).ok_or("date")?;
    let opts = Options {
        as_of,
        ignore_unknown_ids: false,
        threads,
        shares: false,
    };
    let engine = Engine::default();
    for _ in 0..iters {
        let (t, c) = (Instant::now(), cpu_seconds());
        // What was built is dropped after the timing (a roster is kept to rank against).
        let mut keep = None;
        let rows: usize = if what == "roster" {
            keep.insert(plaudit_arrow::roster(&tables, &opts)?).len()
        } else {
            let out = plaudit_arrow::evaluate(&engine, &tables, &opts)?;
            out.iter().map(RecordBatch::num_rows).sum()
        };
        println!(
            "{shape}: {rows} rows in {:.3} s wall, {:.2} s CPU",
            t.elapsed().as_secs_f64(),
            cpu_seconds() - c
        );
        drop(keep);
    }
    Ok(())
}

/// `measure_compact` over `DIR/opportunities` and `DIR/touches`, `iters` times.
fn measure(dir: &Path, iters: usize, threads: usize) -> Result<(), Box<dyn std::error::Error>> {
    use plaudit_arrow::opportunities::{OpportunityTables, measure_compact};
    let tables = OpportunityTables {
        opportunities: table(dir, "opportunities")?.ok_or("no opportunities.parquet or .arrow")?,
        touches: table(dir, "touches")?,
    };
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).ok_or("date");
    let (period, as_of) = ((day(2025, 4, 1)?, day(2026, 3, 31)?), day(2026, 3, 31)?);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let engine = Engine::default();
    for _ in 0..iters {
        let (t, c) = (Instant::now(), cpu_seconds());
        let m = pool.install(|| measure_compact(&engine, &tables, None, period, as_of))?;
        let wall = t.elapsed().as_secs_f64();
        println!(
            "measure: {} advocates credited in {wall:.3} s wall, {:.2} s CPU",
            m.advocate_rows().len(),
            cpu_seconds() - c
        );
    }
    Ok(())
}
