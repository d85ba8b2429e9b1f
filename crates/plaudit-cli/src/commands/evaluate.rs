//! `plaudit evaluate`: one decision per advocate, streamed in chunks (read a chunk, decide
//! it on every core, write it in input order), so memory stays flat however long a JSON
//! Lines or CSV input is. Parquet and Arrow inputs go through the table door; Parquet output
//! has the table door's columns (`id`, `eligible`, `reasons`, `readiness`, `lifecycle`,
//! `tenure_months`, `counted_12m`, `remaining`, `tier`, `next_available_on`).

use std::sync::Arc;

use plaudit::{Advocate, Engine, Evaluation};
use rayon::prelude::*;

use crate::cli::EvaluateArgs;
use crate::diag::Failure;
use crate::input;
use crate::output::{
    Column, OutputFormat, RecordWriter, lifecycle_tone, plain, reasons_tone, verdict,
};
use crate::parquet_out::ParquetWriter;
use crate::table::Align;

/// Advocates decided together: enough to keep every core busy, few enough for flat memory
/// (16,384 held 177 MB at 1M advocates; an evaluation weighs more than its advocate).
const CHUNK: usize = 4 * 1024;

const COLUMNS: &[Column] = &[
    Column {
        header: "id",
        path: "id",
        align: Align::Left,
        tone: plain,
    },
    Column {
        header: "lifecycle",
        path: "lifecycle.state",
        align: Align::Left,
        tone: lifecycle_tone,
    },
    Column {
        header: "eligible",
        path: "eligibility.eligible",
        align: Align::Left,
        tone: verdict,
    },
    Column {
        header: "readiness",
        path: "eligibility.readiness.score",
        align: Align::Right,
        tone: plain,
    },
    Column {
        header: "tier",
        path: "tier.tier",
        align: Align::Left,
        tone: plain,
    },
    Column {
        header: "used",
        path: "capacity.counted_in_window",
        align: Align::Right,
        tone: plain,
    },
    Column {
        header: "remaining",
        path: "capacity.remaining",
        align: Align::Right,
        tone: plain,
    },
    Column {
        header: "reference_call_on",
        path: "next_available.reference_call",
        align: Align::Left,
        tone: plain,
    },
    Column {
        header: "excluded",
        path: "excluded",
        align: Align::Left,
        tone: reasons_tone,
    },
    Column {
        header: "gates",
        path: "eligibility.reasons",
        align: Align::Left,
        tone: reasons_tone,
    },
    Column {
        header: "warnings",
        path: "warnings",
        align: Align::Left,
        tone: plain,
    },
];

/// Runs `evaluate`.
pub fn run(args: &EvaluateArgs) -> Result<(), Failure> {
    let engine = super::engine(&args.engine)?;
    let as_of = super::as_of(&args.engine, &engine, &args.output);
    let parquet = args.output.format() == OutputFormat::Parquet;
    if parquet {
        if let Some(s) = crate::stream_in::open(&args.roster)? {
            return stream(&engine, as_of, args, &s);
        }
        if let Some(t) = crate::tables_in::open(&args.roster)? {
            // Tables in, tables out: the door decides and builds the columns on every core.
            let sink = args.output.open()?;
            let t0 = std::time::Instant::now();
            let opts = crate::tables_in::door_options(args.roster.threads, Some(as_of));
            let batches = plaudit_arrow::evaluate(&engine, &t.tables, &opts)
                .map_err(|e| t.failure(&e, args.roster.max_errors))?;
            let id_type = plaudit_arrow::id_type(&t.tables).unwrap_or(arrow_schema::DataType::Utf8);
            let schema = batches
                .first()
                .map_or_else(|| plaudit_arrow::schema(&id_type, false), |b| b.schema());
            crate::tables_in::trace(t0, "decided");
            let written = crate::parquet_out::write_all(sink, schema, &batches);
            crate::tables_in::trace(t0, "written");
            return written;
        }
    }
    let source = input::open(&args.roster)?;
    let mut out = if parquet {
        Writer::Parquet(Box::new(ParquetWriter::new(
            args.output.open()?,
            plaudit_arrow::schema(&arrow_schema::DataType::Utf8, false),
        )?))
    } else {
        Writer::Records(Box::new(RecordWriter::new(&args.output, COLUMNS)?))
    };
    let mut chunk = Chunk {
        engine: &engine,
        as_of,
        pool: input::pool(args.roster.threads)?,
        advocates: Vec::with_capacity(CHUNK),
    };
    input::for_each(source, &args.roster, |a, _| {
        chunk.advocates.push(a);
        if chunk.advocates.len() == CHUNK {
            chunk.flush(&mut out)?;
        }
        Ok(())
    })?;
    chunk.flush(&mut out)?;
    out.finish()
}

/// A nested Parquet roster decided batch by batch (see `stream_in`): what reading it whole
/// gives, in flat memory. Nothing is written when any advocate is invalid.
fn stream(
    engine: &Engine,
    as_of: chrono::NaiveDate,
    args: &EvaluateArgs,
    s: &crate::stream_in::Stream,
) -> Result<(), Failure> {
    let opts = crate::tables_in::door_options(args.roster.threads, Some(as_of));
    let mut sink = Some(args.output.open()?);
    let mut out: Option<ParquetWriter> = None;
    let mut door = plaudit_arrow::Stream::new(engine, &opts);
    let progress = input::Progress::count(s.rows().div_ceil(1 << 16) as u64, "deciding");
    s.for_each(|batch| {
        // Once a problem is found, the rest is only checked.
        if let Some(batches) = door.evaluate(std::slice::from_ref(&batch)) {
            for b in &batches {
                let w = match (&mut out, sink.take()) {
                    (Some(w), _) => w,
                    (None, Some(sink)) => out.insert(ParquetWriter::new(sink, b.schema())?),
                    (None, None) => return Err(Failure::Io("the output is gone".into())),
                };
                w.write(b)?;
            }
        }
        progress.inc();
        Ok(!door.is_full())
    })?;
    progress.finish();
    if let Err(e) = door.finish() {
        return Err(s.failure(e.errors, args.roster.max_errors));
    }
    match (out, sink) {
        (Some(w), _) => w.finish(),
        (None, Some(sink)) => crate::parquet_out::write_all(
            sink,
            plaudit_arrow::schema(&arrow_schema::DataType::Utf8, false),
            &[],
        ),
        (None, None) => Err(Failure::Io("the output is gone".into())),
    }
}

/// Advocates read but not yet decided.
struct Chunk<'e> {
    engine: &'e Engine,
    as_of: chrono::NaiveDate,
    pool: rayon::ThreadPool,
    advocates: Vec<Advocate>,
}

impl Chunk<'_> {
    /// Decides the chunk on every core and writes the decisions in input order.
    fn flush(&mut self, out: &mut Writer) -> Result<(), Failure> {
        if self.advocates.is_empty() {
            return Ok(());
        }
        let (engine, as_of) = (self.engine, self.as_of);
        let decisions: Vec<Evaluation> = self.pool.install(|| {
            self.advocates
                .par_iter()
                .map_init(|| engine.evaluator(as_of), |e, a| e.evaluate(a))
                .collect()
        });
        out.write(&self.advocates, &decisions)?;
        self.advocates.clear();
        Ok(())
    }
}

/// Where decisions go.
enum Writer {
    Records(Box<RecordWriter>),
    Parquet(Box<ParquetWriter>),
}

impl Writer {
    fn write(&mut self, advocates: &[Advocate], decisions: &[Evaluation]) -> Result<(), Failure> {
        match self {
            Writer::Records(w) => decisions.iter().try_for_each(|d| w.write(d)),
            Writer::Parquet(w) => {
                let mut cols = plaudit_arrow::output::Out::with_capacity(decisions.len());
                decisions.iter().for_each(|d| cols.push(d));
                let ids: arrow_array::StringArray =
                    advocates.iter().map(|a| Some(a.id.as_str())).collect();
                let batch = cols
                    .finish(Arc::new(ids))
                    .map_err(|e| Failure::Io(format!("cannot build the decisions: {e}")))?;
                w.write(&batch)
            }
        }
    }

    fn finish(self) -> Result<(), Failure> {
        match self {
            Writer::Records(w) => w.finish(),
            Writer::Parquet(w) => w.finish(),
        }
    }
}
