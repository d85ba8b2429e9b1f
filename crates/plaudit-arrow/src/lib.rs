//! Batch scoring from Arrow tables, in the long format a data scientist holds: one row per
//! advocate, and one row per activity / engagement / consent / disruption joined by
//! `advocate_id`. The result is one row per advocate.
//!
//! The work runs without the GIL, on every core: long tables are read in parallel pieces,
//! grouped by advocate, then each thread fills one reusable `Advocate` per row and asks the
//! core (through an `Evaluator`, whose buffers are reused too), exactly as the per-record
//! API does (so the two paths cannot disagree).

pub mod advocates;
pub mod column;
pub mod ids;
pub mod long;
pub mod output;

use arrow_array::{Array, RecordBatch};
use chrono::NaiveDate;
use plaudit::{Engine, FieldError, RecordError};

use advocates::{
    ActivityStrings, AdvocateCols, Dates, History, fill, locate, scratch, whole_column,
};
use column::Problems;
use ids::AdvocateIds;
use long::{ActivityCols, ConsentCols, DisruptionCols, EngagementCols, Groups, LongRows, group};
use output::Out;

/// The input tables, as Arrow record batches.
#[derive(Debug, Default)]
pub struct Tables {
    /// One row per advocate.
    pub advocates: Vec<RecordBatch>,
    /// One row per activity.
    pub activities: Option<Vec<RecordBatch>>,
    /// One row per engagement.
    pub engagements: Option<Vec<RecordBatch>>,
    /// One row per consent record.
    pub consents: Option<Vec<RecordBatch>>,
    /// One row per disruption.
    pub disruptions: Option<Vec<RecordBatch>>,
}

/// How to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The date of the decisions.
    pub as_of: NaiveDate,
    /// Skip long rows whose advocate is not in the advocates table (else they are errors).
    pub ignore_unknown_ids: bool,
    /// Worker threads; 0 for one per core.
    pub threads: usize,
}

/// Pieces of the advocates per worker thread when scoring (see [`evaluate`]).
const PIECES_PER_THREAD: usize = 8;

/// Below this many advocates per thread, more threads do not pay.
const MIN_PER_THREAD: usize = 20_000;

fn threads_for(n: usize, requested: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let t = if requested == 0 { cores } else { requested };
    t.clamp(1, (n / MIN_PER_THREAD).max(1))
}

fn fail(errors: Problems) -> Result<(), RecordError> {
    let mut errors = errors;
    errors.truncate(plaudit::MAX_REPORTED_ERRORS);
    RecordError::from_errors(errors)
}

/// The tables read and grouped by advocate: what every batch operation starts from.
struct Read {
    cols: AdvocateCols,
    id_array: arrow_array::ArrayRef,
    history: History,
    n: usize,
}

fn read(tables: &Tables, opts: &Options) -> Result<Read, RecordError> {
    let mut errors: Problems = Vec::new();
    let cols = AdvocateCols::new(&tables.advocates, &mut errors).map_err(one)?;
    let id_array = whole_column(&tables.advocates, "id")
        .map_err(one)?
        .ok_or_else(|| {
            one(FieldError::new(
                "advocates.id",
                plaudit::ErrorCode::MissingField,
                "column is required",
            ))
        })?;
    let ids = AdvocateIds::new(&cols.id, &mut errors);
    fail(std::mem::take(&mut errors))?;
    let n = ids.len();
    let threads = threads_for(n.max(long_rows(tables) / 8), opts.threads);
    let ignore = opts.ignore_unknown_ids;

    // The long tables are read and grouped at the same time: each starts with a serial
    // column read (enum names parsed, dates converted) that the others' work overlaps.
    fn grouped<C: LongRows>(
        t: &Option<Vec<RecordBatch>>,
        name: &str,
        ids: &AdvocateIds<'_>,
        ignore: bool,
        threads: usize,
    ) -> (Groups<C::Row>, Problems) {
        let mut errors = Vec::new();
        let g = match t {
            Some(b) => group::<C>(b, name, ids, ignore, threads, &mut errors),
            None => Groups::empty(ids.len()),
        };
        (g, errors)
    }
    fn lost<R>(n: usize) -> (Groups<R>, Problems) {
        (Groups::empty(n), vec![worker_failed()])
    }
    let ids = &ids;
    let ((activities, e1), (engagements, e2), (consents, e3), (disruptions, e4)) =
        std::thread::scope(|s| {
            let a = s.spawn(|| {
                grouped::<ActivityCols>(&tables.activities, "activities", ids, ignore, threads)
            });
            let e = s.spawn(|| {
                grouped::<EngagementCols>(&tables.engagements, "engagements", ids, ignore, threads)
            });
            let c = s.spawn(|| {
                grouped::<ConsentCols>(&tables.consents, "consents", ids, ignore, threads)
            });
            let d =
                grouped::<DisruptionCols>(&tables.disruptions, "disruptions", ids, ignore, threads);
            (
                a.join().unwrap_or_else(|_| lost(n)),
                e.join().unwrap_or_else(|_| lost(n)),
                c.join().unwrap_or_else(|_| lost(n)),
                d,
            )
        });
    // Problems in table order, as reading them one after another would give.
    for e in [e1, e2, e3, e4] {
        errors.extend(e);
    }
    errors.truncate(plaudit::MAX_REPORTED_ERRORS);
    let history = History {
        activities,
        activity_strings: match &tables.activities {
            Some(b) => ActivityStrings::new(b).map_err(one)?,
            None => ActivityStrings::default(),
        },
        engagements,
        consents,
        disruptions,
    };
    fail(errors)?;
    Ok(Read {
        cols,
        id_array,
        history,
        n,
    })
}

impl Read {
    /// Fills, normalizes and validates the advocates of rows `rows` one by one (one reusable
    /// `Advocate`), handing each valid one to `visit`; returns the problems found (paths
    /// like `activities[17].date`).
    fn each(
        &self,
        rows: std::ops::Range<usize>,
        dates: &Dates,
        mut visit: impl FnMut(&plaudit::Advocate),
    ) -> Problems {
        let mut a = scratch();
        let mut errs: Problems = Vec::new();
        let mut found: Vec<FieldError> = Vec::new();
        for i in rows {
            fill(&mut a, &self.cols, &self.history, dates, i, &mut errs);
            a.normalize();
            found.clear();
            a.validate_into("", &mut found);
            for mut e in found.drain(..) {
                if errs.len() < plaudit::MAX_REPORTED_ERRORS {
                    locate(&mut e, i, &self.history);
                    errs.push(e);
                }
            }
            visit(&a);
        }
        errs
    }
}

impl Read {
    /// The advocates as a roster (validated, ids unique).
    fn roster(&self, opts: &Options) -> Result<plaudit::Roster, RecordError> {
        let dates = Dates::around(opts.as_of);
        let mut advocates = Vec::with_capacity(self.n);
        let errs = self.each(0..self.n, &dates, |a| advocates.push(a.clone()));
        fail(errs)?;
        plaudit::Roster::new(advocates)
    }
}

/// The advocates of the tables as a roster (validated, ids unique), to rank against many
/// times.
pub fn roster(tables: &Tables, opts: &Options) -> Result<plaudit::Roster, RecordError> {
    read(tables, opts)?.roster(opts)
}

/// Scores every advocate: one batch per worker, in advocate order.
pub fn evaluate(
    engine: &Engine,
    tables: &Tables,
    opts: &Options,
) -> Result<Vec<RecordBatch>, RecordError> {
    let t0 = std::time::Instant::now();
    let read = read(tables, opts)?;
    trace(t0, "read and grouped");
    let n = read.n;
    let threads = threads_for(n, opts.threads);
    let dates = Dates::around(opts.as_of);
    // Several pieces per thread, taken in turn: a thread slowed down (by a busy core, or
    // by advocates with long histories) does not hold the others up at the end.
    let pieces = if threads > 1 {
        threads * PIECES_PER_THREAD
    } else {
        1
    };
    let per = n.div_ceil(pieces).max(1);
    let mut ranges: Vec<std::ops::Range<usize>> = (0..pieces)
        .map(|t| (t * per).min(n)..((t + 1) * per).min(n))
        .filter(|r| !r.is_empty())
        .collect();
    if ranges.is_empty() {
        ranges.push(0..0);
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, Result<RecordBatch, Problems>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads.min(ranges.len()))
            .map(|_| {
                let (read, dates, ranges, next) = (&read, &dates, &ranges, &next);
                s.spawn(move || {
                    let mut evaluator = engine.evaluator(opts.as_of);
                    let mut done = Vec::new();
                    loop {
                        let p = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(r) = ranges.get(p) else {
                            return done;
                        };
                        let mut out = Out::with_capacity(r.len());
                        let errs = read.each(r.clone(), dates, |a| {
                            out.push(&evaluator.evaluate(a));
                        });
                        let batch = if errs.is_empty() {
                            out.finish(read.id_array.slice(r.start, r.len()))
                                .map_err(|e| vec![internal(e)])
                        } else {
                            Err(errs)
                        };
                        done.push((p, batch));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|_| vec![(0, Err(vec![worker_failed()]))])
            })
            .collect()
    });
    // Batches (and problems) in advocate order.
    done.sort_by_key(|(p, _)| *p);
    let results = done.into_iter().map(|(_, r)| r);
    trace(t0, "evaluated");
    let mut batches = Vec::with_capacity(ranges.len());
    let mut errors: Problems = Vec::new();
    for r in results {
        match r {
            Ok(b) => batches.push(b),
            Err(e) => errors.extend(e),
        }
    }
    fail(errors)?;
    Ok(batches)
}

/// Ranks every advocate of the tables for `request` (ranking as `Engine::rank`): one row per advocate, in
/// input order (see [`output::rank_batch`]).
pub fn rank(
    engine: &Engine,
    tables: &Tables,
    opts: &Options,
    request: &plaudit::Request,
) -> Result<RecordBatch, RecordError> {
    let read = read(tables, opts)?;
    let roster = read.roster(opts)?;
    let ranking = engine.rank(request, &roster, opts.as_of);
    output::rank_batch(&roster, &ranking, read.id_array.clone()).map_err(|e| one(internal(e)))
}

/// With `PLAUDIT_TRACE` set, prints the time since `t0` of a phase to stderr.
pub(crate) fn trace(t0: std::time::Instant, what: &str) {
    if std::env::var_os("PLAUDIT_TRACE").is_some() {
        eprintln!("plaudit: {what} at {:?}", t0.elapsed());
    }
}

/// The problem reported when a worker thread panicked (the core never does).
fn worker_failed() -> FieldError {
    internal("internal error: a worker thread failed")
}

fn internal(e: impl std::fmt::Display) -> FieldError {
    FieldError::new("", plaudit::ErrorCode::InvalidValue, e.to_string())
}

fn long_rows(t: &Tables) -> usize {
    [&t.activities, &t.engagements, &t.consents, &t.disruptions]
        .iter()
        .filter_map(|b| b.as_ref())
        .flat_map(|b| b.iter().map(|x| x.num_rows()))
        .sum()
}

fn one(e: FieldError) -> RecordError {
    RecordError { errors: vec![e] }
}

/// The output schema for an id column of `id_type` (for empty results).
pub fn schema(id_type: &arrow_schema::DataType) -> arrow_schema::SchemaRef {
    Out::schema(id_type)
}

/// The id column's type in the advocates table.
pub fn id_type(tables: &Tables) -> Option<arrow_schema::DataType> {
    tables
        .advocates
        .first()
        .and_then(|b| column::find(b.schema_ref(), "id").map(|i| b.column(i).data_type().clone()))
}
