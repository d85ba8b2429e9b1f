//! `plaudit generate`: synthetic advocates from plaudit-synth, the generator the benches,
//! tests and demo use. JSON Lines and JSON stream; CSV writes the five-file set. With
//! `--opportunities N`, deals on the same roster instead (JSON Lines, JSON, or the long
//! form `opportunities.csv` + `touches.csv`). Parquet writes the long tables (history rows
//! shuffled, as a CRM exports them) or one nested advocates file, a row group at a time.

use std::io::Write;
use std::path::Path;

use plaudit_synth::{CSV_FILES, CsvSinks, OPPORTUNITY_CSV_FILES, SynthConfig};

use crate::cli::{GenerateArgs, GenerateFormat};
use crate::diag::Failure;
use crate::output::{Sink, json_io};
use crate::parquet_out::ParquetWriter;

/// Runs `generate`.
pub fn run(args: &GenerateArgs) -> Result<(), Failure> {
    let mut config = SynthConfig::new(args.advocates, args.seed, args.as_of);
    let format = args
        .format
        .unwrap_or_else(|| match crate::input::from_extension(&args.out) {
            Some(crate::input::InputFormat::Json) => GenerateFormat::Json,
            Some(crate::input::InputFormat::Csv) => GenerateFormat::Csv,
            Some(crate::input::InputFormat::Parquet) => GenerateFormat::Parquet,
            _ if args.nested => GenerateFormat::Parquet,
            _ if args.out != "-" && Path::new(&args.out).is_dir() => GenerateFormat::Csv,
            _ => GenerateFormat::Jsonl,
        });
    if (args.nested || args.grouped) && format != GenerateFormat::Parquet
        || format == GenerateFormat::Parquet
            && (args.requests.is_some() || args.opportunities.is_some())
    {
        return Err(Failure::usage(
            "Parquet writes advocates only; --nested and --grouped go with --format parquet",
        ));
    }
    if let Some(n) = args.requests {
        config.requests = n;
        let mut sink = Sink::open(&args.out)?;
        if format == GenerateFormat::Json {
            let requests = plaudit_synth::requests(&config, n);
            crate::output::write_document(&mut sink, crate::output::OutputFormat::Json, &requests)?;
        } else {
            plaudit_synth::write_requests_jsonl(&config, &mut sink)?;
        }
        return sink.commit();
    }
    if let Some(n) = args.opportunities {
        config.opportunities = n;
        return opportunities(&config, format, &args.out);
    }
    match format {
        GenerateFormat::Jsonl => {
            let mut sink = Sink::open(&args.out)?;
            plaudit_synth::write_jsonl(&config, &mut sink)?;
            sink.commit()
        }
        GenerateFormat::Json => {
            let mut sink = Sink::open(&args.out)?;
            sink.write_all(b"[")?;
            for (i, a) in plaudit_synth::advocates(&config).enumerate() {
                sink.write_all(if i == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut sink, &a).map_err(json_io)?;
            }
            sink.write_all(b"\n]\n")?;
            sink.commit()
        }
        GenerateFormat::Csv => csv_set(&config, &args.out),
        GenerateFormat::Parquet if args.nested => parquet_nested(&config, &args.out),
        GenerateFormat::Parquet => parquet_long(&config, &args.out, args.grouped),
    }
}

/// Advocates per row group of the generated Parquet files.
const GROUP: usize = 64 * 1024;

/// The advocates of each row group: `lo..hi` index ranges (one empty range for an empty
/// roster, so the files still carry their columns).
fn groups(n: usize) -> Vec<(usize, usize)> {
    if n == 0 {
        return vec![(0, 0)];
    }
    (0..n)
        .step_by(GROUP)
        .map(|lo| (lo, (lo + GROUP).min(n)))
        .collect()
}

/// Advocates `lo..hi` as Arrow tables of `shape`, generated on every core.
fn encoded(
    config: &SynthConfig,
    (lo, hi): (usize, usize),
    shape: plaudit_arrow::encode::Shape,
    pool: &rayon::ThreadPool,
) -> Result<plaudit_arrow::Tables, Failure> {
    use rayon::prelude::*;
    let advocates: Vec<plaudit::Advocate> = pool.install(|| {
        (lo..hi)
            .into_par_iter()
            .map(|i| plaudit_synth::advocate(config, i))
            .collect()
    });
    let mut enc = plaudit_arrow::encode::Encoder::new(shape);
    advocates.iter().for_each(|a| enc.push(a));
    enc.finish()
        .map_err(|e| Failure::Io(format!("cannot build the tables: {e}")))
}

/// One Parquet file of advocates with their history in list columns, streamed a row group
/// at a time (memory holds one group, whatever the roster's size).
fn parquet_nested(config: &SynthConfig, out: &str) -> Result<(), Failure> {
    if out == "-" || Path::new(out).is_dir() {
        return Err(Failure::usage(
            "--nested writes one Parquet file: name it with --out FILE.parquet",
        ));
    }
    let pool = crate::input::pool(0)?;
    let mut sink = Some(Sink::open(out)?);
    let mut writer: Option<ParquetWriter> = None;
    for range in groups(config.advocates) {
        let t = encoded(config, range, plaudit_arrow::encode::Shape::Nested, &pool)?;
        for b in &t.advocates {
            let w = match (&mut writer, sink.take()) {
                (Some(w), _) => w,
                (None, Some(s)) => writer.insert(ParquetWriter::new(s, b.schema())?),
                (None, None) => return Err(Failure::Io("the output was lost".into())),
            };
            w.write(b)?;
            w.end_row_group()?;
        }
    }
    match writer {
        Some(w) => w.finish(),
        None => Err(Failure::Io("nothing was generated".into())),
    }
}

/// The long tables as five Parquet files in a directory: advocates in index order, history
/// rows shuffled (unless `grouped`) exactly as the CSV set's shuffled order
/// (`plaudit_synth::shuffled_order`). The history is held in memory (as Arrow columns) to
/// shuffle it; each file is renamed into place only when all five are complete.
fn parquet_long(config: &SynthConfig, out: &str, grouped: bool) -> Result<(), Failure> {
    if out == "-" || Path::new(out).extension().is_some_and(|e| e == "parquet") {
        return Err(Failure::usage(
            "--format parquet writes five files: name a directory with --out DIR (or use --nested for one file)",
        ));
    }
    let dir = out_dir(out)?;
    let pool = crate::input::pool(0)?;
    let open = |name: &str| Sink::open(&dir.join(format!("{name}.parquet")).to_string_lossy());
    let mut advocates: Option<ParquetWriter> = None;
    let mut sink = Some(open("advocates")?);
    let mut history: [Vec<arrow_array::RecordBatch>; 4] = Default::default();
    for range in groups(config.advocates) {
        let t = encoded(config, range, plaudit_arrow::encode::Shape::Long, &pool)?;
        for b in &t.advocates {
            let w = match (&mut advocates, sink.take()) {
                (Some(w), _) => w,
                (None, Some(s)) => advocates.insert(ParquetWriter::new(s, b.schema())?),
                (None, None) => return Err(Failure::Io("the output was lost".into())),
            };
            w.write(b)?;
            w.end_row_group()?;
        }
        for (h, batches) in
            history
                .iter_mut()
                .zip([t.activities, t.engagements, t.consents, t.disruptions])
        {
            h.extend(batches.unwrap_or_default());
        }
    }
    let mut done = vec![
        advocates
            .ok_or_else(|| Failure::Io("nothing was generated".into()))?
            .close()?,
    ];
    for (k, (name, batches)) in crate::tables_in::TABLES[1..]
        .iter()
        .zip(history)
        .enumerate()
    {
        done.push(shuffled_table(config, k, &batches, grouped, open(name)?)?);
    }
    for s in done {
        s.commit()?;
    }
    Ok(())
}

/// One history table written in the shuffled order of its rows (or as generated).
fn shuffled_table(
    config: &SynthConfig,
    k: usize,
    batches: &[arrow_array::RecordBatch],
    grouped: bool,
    sink: Sink,
) -> Result<Sink, Failure> {
    let schema = batches
        .first()
        .map(arrow_array::RecordBatch::schema)
        .ok_or_else(|| Failure::Io("nothing was generated".into()))?;
    let mut w = ParquetWriter::new(sink, schema)?;
    if grouped {
        for b in batches {
            w.write(b)?;
        }
        return w.close();
    }
    // Row `r` of the table in advocate order is row `r - starts[b]` of batch `b`.
    let mut starts = Vec::with_capacity(batches.len());
    let mut total = 0usize;
    for b in batches {
        starts.push(total);
        total += b.num_rows();
    }
    let order = plaudit_synth::shuffled_order(config, k, total);
    let refs: Vec<&arrow_array::RecordBatch> = batches.iter().collect();
    let mut at: Vec<(usize, usize)> = Vec::with_capacity(crate::parquet_out::ROW_GROUP_ROWS);
    for part in order.chunks(crate::parquet_out::ROW_GROUP_ROWS) {
        at.clear();
        at.extend(part.iter().map(|&r| {
            let r = r as usize;
            let b = starts.partition_point(|&s| s <= r) - 1;
            (b, r - starts[b])
        }));
        let rows = arrow_select::interleave::interleave_record_batch(&refs, &at)
            .map_err(|e| Failure::Io(format!("cannot shuffle the rows: {e}")))?;
        w.write(&rows)?;
    }
    w.close()
}

/// The directory of a CSV set. It is made when absent (as `mkdir` would), never its
/// parents: a typo in a path must not leave a tree of directories behind.
fn out_dir(out: &str) -> Result<&Path, Failure> {
    let dir = Path::new(out);
    if !dir.is_dir() {
        std::fs::create_dir(dir).map_err(|e| {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "its parent directory does not exist".to_owned(),
                _ => e.to_string(),
            };
            Failure::Io(format!("cannot create the directory {out}: {why}"))
        })?;
    }
    Ok(dir)
}

/// The CSV set into a directory: each file written to a temporary file and renamed into
/// place only when all five are complete.
fn csv_set(config: &SynthConfig, out: &str) -> Result<(), Failure> {
    if out == "-" {
        return Err(Failure::usage(
            "--format csv writes five files: name a directory with --out DIR",
        ));
    }
    let dir = out_dir(out)?;
    let [a, b, c, d, e] = CSV_FILES.map(|name| Sink::open(&dir.join(name).to_string_lossy()));
    let sinks = CsvSinks {
        advocates: a?,
        activities: b?,
        engagements: c?,
        consents: d?,
        disruptions: e?,
    };
    let sinks = plaudit_synth::write_csv(config, sinks)
        .map_err(|e| Failure::Io(format!("cannot write the CSV set: {e}")))?;
    for s in [
        sinks.advocates,
        sinks.activities,
        sinks.engagements,
        sinks.consents,
        sinks.disruptions,
    ] {
        s.commit()?;
    }
    Ok(())
}

/// Opportunities on the roster of `config`: JSON Lines, a JSON array, or the long form.
fn opportunities(config: &SynthConfig, format: GenerateFormat, out: &str) -> Result<(), Failure> {
    match format {
        GenerateFormat::Parquet => Err(Failure::usage("Parquet writes advocates only")),
        GenerateFormat::Jsonl => {
            let mut sink = Sink::open(out)?;
            plaudit_synth::write_opportunities_jsonl(config, &mut sink)?;
            sink.commit()
        }
        GenerateFormat::Json => {
            let mut sink = Sink::open(out)?;
            sink.write_all(b"[")?;
            for k in 0..config.opportunities {
                sink.write_all(if k == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut sink, &plaudit_synth::opportunity(config, k))
                    .map_err(json_io)?;
            }
            sink.write_all(b"\n]\n")?;
            sink.commit()
        }
        GenerateFormat::Csv => {
            if out == "-" {
                return Err(Failure::usage(
                    "--format csv writes two files: name a directory with --out DIR",
                ));
            }
            let dir = out_dir(out)?;
            let [a, b] =
                OPPORTUNITY_CSV_FILES.map(|name| Sink::open(&dir.join(name).to_string_lossy()));
            let (a, b) = plaudit_synth::write_opportunities_csv(config, a?, b?)
                .map_err(|e| Failure::Io(format!("cannot write the opportunities: {e}")))?;
            a.commit()?;
            b.commit()
        }
    }
}
