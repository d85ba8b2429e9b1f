//! # plaudit-arrow
//!
//! Plaudit's table door: Arrow record batches from any producer (pyarrow, polars, DuckDB,
//! Parquet and IPC readers, Spark's `mapInArrow`) read into the core's records, or scored
//! straight into Arrow record batches of decisions, on every core.
//!
//! Two input shapes, told apart by column type:
//! - **long**: an advocates table (one row per advocate, columns named like the record
//!   fields; `preferences_activities`, `preferences_public`, `reference_frequency` for the
//!   preferences) and activities / engagements / consents / disruptions tables keyed by
//!   `advocate_id`, **rows in any order**;
//! - **nested**: one advocates table whose `activities`, `consents`, `disruptions` columns
//!   are lists of structs (an activity's `incentive` a struct or flat `incentive_*` fields),
//!   `engagements` a list of dates, and `preferences` a struct.
//!
//! Every cell means what the JSON record parser makes of it: a null is an absent value, so a
//! null in a required column is `missing`; problems are reported all at once (up to
//! [`plaudit::MAX_REPORTED_ERRORS`]) with their path, and a bad column hides no other
//! problem. A cell is named by the path the JSON door gives the same record:
//! `advocates[3].nps` (row 3 of the advocates table), `advocates[3].consents[1].on` (the
//! second consent of advocate row 3: nested in its list, or its second row of the long
//! consents table in table order, that row then given in the message, "consents row 17",
//! counted over all the table's batches), `advocates[3].preferences.activities[0]` and
//! `advocates[3].activities[0].incentive.value` (flat columns named as the record's fields).
//! A long row whose advocate is unknown keeps its table row (`consents[17].advocate_id`); a
//! whole column is named as a column (`advocates.health_score`, `activities.kind`).
//!
//! The work runs on a rayon pool of [`Options::threads`] threads (one thread: the calling
//! thread, with no pool): the long tables are
//! grouped by advocate (a hash lookup per row, then a parallel counting sort; see
//! [`long`]), then each thread fills one reusable `Advocate` per row and asks the core
//! (through an `Evaluator`) exactly as the per-record API does, so the two paths cannot
//! disagree.
//!
//! The other way, [`encode::Encoder`] writes records as batches of either shape, a chunk at
//! a time (what `plaudit generate -f parquet` streams into Parquet files).
//!
//! ```
//! use std::sync::Arc;
//! use arrow_array::{ArrayRef, Date32Array, Float64Array, RecordBatch, StringArray};
//! use arrow_schema::{DataType, Field, Schema};
//!
//! let day = |y, m, d| {
//!     let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
//!     (chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap() - epoch).num_days() as i32
//! };
//! let batch = |fields: Vec<(&str, ArrayRef)>| {
//!     let schema = Schema::new(
//!         fields.iter().map(|(n, a)| Field::new(*n, a.data_type().clone(), true)).collect::<Vec<_>>(),
//!     );
//!     RecordBatch::try_new(Arc::new(schema), fields.into_iter().map(|(_, a)| a).collect()).unwrap()
//! };
//! let advocates = batch(vec![
//!     ("id", Arc::new(StringArray::from(vec!["a1", "a2"]))),
//!     ("customer_since", Arc::new(Date32Array::from(vec![day(2020, 1, 1), day(2025, 12, 1)]))),
//!     ("health_score", Arc::new(Float64Array::from(vec![90.0, 70.0]))),
//! ]);
//! // Engagement rows in any order, keyed by `advocate_id`.
//! let engagements = batch(vec![
//!     ("advocate_id", Arc::new(StringArray::from(vec!["a2", "a1", "a2"]))),
//!     ("date", Arc::new(Date32Array::from(vec![day(2026, 2, 1), day(2026, 1, 5), day(2026, 2, 20)]))),
//! ]);
//! let tables = plaudit_arrow::Tables {
//!     advocates: vec![advocates],
//!     engagements: Some(vec![engagements]),
//!     ..Default::default()
//! };
//! let opts = plaudit_arrow::Options {
//!     as_of: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
//!     ignore_unknown_ids: false,
//!     threads: 0,
//!     shares: false,
//! };
//! let records = plaudit_arrow::records(&tables, &opts).unwrap();
//! assert_eq!(records[1].engagements.len(), 2);
//!
//! let engine = plaudit::Engine::default();
//! let decisions = plaudit_arrow::evaluate(&engine, &tables, &opts).unwrap();
//! assert_eq!(decisions.iter().map(|b| b.num_rows()).sum::<usize>(), 2);
//! assert_eq!(decisions[0].schema().field(0).name(), "id");
//! ```

pub mod advocates;
pub mod column;
pub mod encode;
pub mod ids;
pub mod long;
pub mod measurement;
pub mod nested;
pub mod opportunities;
pub mod output;
mod paths;
pub mod stream;
mod threads;

use arrow_array::RecordBatch;
use chrono::NaiveDate;
use plaudit::{Engine, FieldError, RecordError};

use advocates::{ActivityCells, AdvocateCols, Dates, History, fill, locate, scratch, whole_column};
use column::Problems;
use ids::AdvocateIds;
use long::{ActivityCols, ConsentCols, DisruptionCols, EngagementCols, Groups, LongRows, group};
use nested::Nested;
use output::Out;
use threads::join;

pub use opportunities::{OpportunityTables, measure, opportunities};
pub use stream::Stream;

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
    /// The date of the decisions ([`evaluate`], [`rank`]); records and rosters do not
    /// depend on it.
    pub as_of: NaiveDate,
    /// Skip long rows whose advocate is not in the advocates table (else they are errors).
    pub ignore_unknown_ids: bool,
    /// Worker threads; 0 for one per core, 1 for the calling thread alone (no pool is built).
    pub threads: usize,
    /// Also give each advocate's tier once the population shares apply to the whole table
    /// (an `assigned_tier` column after `tier`).
    pub shares: bool,
}

/// Advocates per piece of scoring work: small enough that a thread slowed down (by a busy
/// core, or by advocates with long histories) does not hold the others up at the end.
const SCORE_PIECE: usize = 8_192;

fn fail(errors: Problems) -> Result<(), RecordError> {
    let mut errors = errors;
    errors.truncate(plaudit::MAX_REPORTED_ERRORS);
    RecordError::from_errors(errors)
}

/// The tables read and grouped by advocate: what every batch operation starts from.
struct Read {
    /// Problems found while reading the columns and grouping the rows; the rows' own
    /// problems are added to them, so that every problem is reported at once.
    problems: Problems,
    cols: AdvocateCols,
    id_array: arrow_array::ArrayRef,
    history: History,
    n: usize,
}

fn read(tables: &Tables, opts: &Options) -> Result<Read, RecordError> {
    let mut errors: Problems = Vec::new();
    let t0 = std::time::Instant::now();
    let cols = match AdvocateCols::new(&tables.advocates, &mut errors) {
        Ok(cols) => cols,
        Err(e) => {
            // Without ids no row can be read: the column problems are all there is to say.
            errors.insert(0, e);
            errors.truncate(plaudit::MAX_REPORTED_ERRORS);
            return Err(RecordError { errors });
        }
    };
    trace(t0, "advocate columns");
    let id_array = whole_column(&tables.advocates, "id")
        .map_err(one)?
        .ok_or_else(|| {
            one(FieldError::new(
                "advocates.id",
                plaudit::ErrorCode::MissingField,
                "column is required",
            ))
        })?;
    // Id problems (null, duplicate) do not stop the reading: a duplicate's rows go to the
    // first advocate of that id, and every other problem of the table is still reported.
    let ids = AdvocateIds::new(&cols.id, &mut errors);
    trace(t0, "ids indexed");
    let id_array = trimmed(id_array).map_err(|e| one(internal(e)))?;
    let n = ids.len();
    let ignore = opts.ignore_unknown_ids;

    // History columns nested in the advocates table (lists), where the long table is absent.
    let mut nested: Vec<Option<Nested>> = Vec::with_capacity(4);
    for (name, long) in nested::HISTORY.iter().zip([
        &tables.activities,
        &tables.engagements,
        &tables.consents,
        &tables.disruptions,
    ]) {
        let column = whole_column(&tables.advocates, name).unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        // A history column that is not a list is a wrong type, never an unknown column
        // quietly ignored (a record with `"consents": "x"` is refused too). A problem with
        // one history is reported and that history read as absent: it hides no other.
        if let Some(a) = &column {
            let dt = a.data_type();
            if !nested::is_list(dt) && !matches!(dt, arrow_schema::DataType::Null) {
                errors.push(FieldError::new(
                    format!("advocates.{name}"),
                    plaudit::ErrorCode::InvalidType,
                    format!("column of Arrow type `{dt}` is not a list"),
                ));
            }
        }
        let column = column.filter(|a| nested::is_list(a.data_type()));
        nested.push(match column {
            Some(_) if long.is_some() => {
                errors.push(FieldError::new(
                    format!("advocates.{name}"),
                    plaudit::ErrorCode::InvalidValue,
                    format!("`{name}` is given twice: nested in `advocates` and as a table"),
                ));
                None
            }
            Some(a) => Nested::new(&a, name).map_err(|e| errors.push(e)).ok(),
            None => None,
        });
    }
    let [n_act, n_eng, n_con, n_dis] = <[Option<Nested>; 4]>::try_from(nested)
        .map_err(|_| one(internal("four history columns")))?;
    // Without a long table the index has done its work (null and duplicate ids): its
    // slots (32 bytes each, 64 MB at 1M advocates) are freed before the history is grouped.
    let long_tables = [
        &tables.activities,
        &tables.engagements,
        &tables.consents,
        &tables.disruptions,
    ];
    let ids = long_tables.iter().any(|t| t.is_some()).then_some(ids);

    fn grouped<C: LongRows>(
        t: &Option<Vec<RecordBatch>>,
        nested: &Option<Nested>,
        name: &str,
        ids: Option<&AdvocateIds<'_>>,
        ignore: bool,
    ) -> (Groups<C::Row>, Problems) {
        let mut errors = Vec::new();
        let g = match (t, nested, ids) {
            (_, Some(n), _) => n.group::<C>(name, &mut errors),
            (Some(b), None, Some(ids)) => group::<C>(b, name, ids, ignore, &mut errors),
            // No history, or (never: the index is kept whenever a long table is given) a
            // long table without its index.
            _ => Groups::empty(),
        };
        (g, errors)
    }
    let ids = ids.as_ref();
    // The long tables are grouped at the same time: each starts with a serial column read
    // (enum names parsed, dates converted) that the others' work overlaps.
    let (((activities, e1), (engagements, e2)), ((consents, e3), (disruptions, e4))) = join(
        || {
            join(
                || grouped::<ActivityCols>(&tables.activities, &n_act, "activities", ids, ignore),
                || {
                    grouped::<EngagementCols>(
                        &tables.engagements,
                        &n_eng,
                        "engagements",
                        ids,
                        ignore,
                    )
                },
            )
        },
        || {
            join(
                || grouped::<ConsentCols>(&tables.consents, &n_con, "consents", ids, ignore),
                || {
                    grouped::<DisruptionCols>(
                        &tables.disruptions,
                        &n_dis,
                        "disruptions",
                        ids,
                        ignore,
                    )
                },
            )
        },
    );
    trace(t0, "long tables grouped");
    // Problems in table order, as reading them one after another would give; those of a
    // known advocate's long row at its record path.
    for (mut e, name, long, nested) in [
        (e1, "activities", &tables.activities, &n_act),
        (e2, "engagements", &tables.engagements, &n_eng),
        (e3, "consents", &tables.consents, &n_con),
        (e4, "disruptions", &tables.disruptions, &n_dis),
    ] {
        if let (Some(batches), None, Some(ids)) = (long, nested, ids) {
            paths::locate_long(&mut e, name, batches, ids);
        }
        errors.extend(e);
    }
    let activity_cells = match (&tables.activities, &n_act) {
        (_, Some(n)) => ActivityCells::new(std::slice::from_ref(&n.values)),
        (Some(b), None) => ActivityCells::new(b),
        (None, None) => Ok(ActivityCells::default()),
    };
    let activity_cells = activity_cells.unwrap_or_else(|e| {
        errors.push(e);
        ActivityCells::default()
    });
    errors.truncate(plaudit::MAX_REPORTED_ERRORS);
    let history = History {
        activities,
        activity_cells,
        engagements,
        consents,
        disruptions,
    };
    Ok(Read {
        problems: errors,
        cols,
        id_array,
        history,
        n,
    })
}

impl Read {
    /// Fills, normalizes and validates the advocates of rows `rows` one by one (one reusable
    /// `Advocate`), handing each valid one to `visit`; returns the problems found (paths
    /// like `advocates[3].activities[1].date`).
    fn each(
        &self,
        rows: std::ops::Range<usize>,
        dates: &Dates,
        mut visit: impl FnMut(&plaudit::Advocate),
    ) -> Problems {
        let mut a = scratch();
        let mut errs: Problems = Vec::new();
        let mut found: Vec<FieldError> = Vec::new();
        let end = rows.end;
        // Long activities come in any order: their strings are fetched a few advocates
        // ahead, slots first, bytes once the slots are in (see `History::prefetch_cells`).
        // Nested ones are already in advocate order.
        let ahead = !self.history.activities.nested;
        for i in rows {
            if ahead && i + AHEAD < end {
                self.history.prefetch_cells(i + AHEAD, false);
            }
            if ahead && i + AHEAD / 2 < end {
                self.history.prefetch_cells(i + AHEAD / 2, true);
            }
            let start = errs.len();
            fill(&mut a, &self.cols, &self.history, dates, i, &mut errs);
            a.normalize();
            found.clear();
            a.validate_into("", &mut found);
            for mut e in found.drain(..) {
                if errs.len() < plaudit::MAX_REPORTED_ERRORS {
                    locate(&mut e, i, &self.history);
                    // A cell that could not be read holds a placeholder: what the rules say
                    // of it (or of what it holds) is no second problem, as in the JSON door.
                    if !covered(&e.path, &self.problems) && !covered(&e.path, &errs[start..]) {
                        errs.push(e);
                    }
                }
            }
            visit(&a);
        }
        errs
    }

    /// Pieces of scoring work, in advocate order.
    fn pieces(&self) -> Vec<std::ops::Range<usize>> {
        (0..self.n.div_ceil(SCORE_PIECE).max(1))
            .map(|k| (k * SCORE_PIECE).min(self.n)..((k + 1) * SCORE_PIECE).min(self.n))
            .collect()
    }

    /// The advocates as records (normalized and validated), in input order.
    fn records(&self, as_of: NaiveDate) -> Result<Vec<plaudit::Advocate>, RecordError> {
        let dates = Dates::for_rows(as_of, self.n);
        let done: Vec<(Vec<plaudit::Advocate>, Problems)> = threads::map(self.pieces(), |r| {
            let mut out = Vec::with_capacity(r.len());
            let errs = self.each(r, &dates, |a| out.push(a.clone()));
            (out, errs)
        });
        let mut advocates = Vec::with_capacity(self.n);
        let mut errors: Problems = self.problems.clone();
        for (a, e) in done {
            advocates.extend(a);
            errors.extend(e);
        }
        fail(errors)?;
        Ok(advocates)
    }
}

/// How many advocates ahead of the one being built its activities' strings are fetched.
const AHEAD: usize = 16;

/// Whether `path` is, or is inside, the path of one of `problems`.
fn covered(path: &str, problems: &[FieldError]) -> bool {
    problems.iter().any(|p| {
        path.strip_prefix(p.path.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
    })
}

/// The date the readers convert days around when no decision date is given (any date gives
/// the same records; dates far from it are converted by arithmetic instead of a lookup).
fn reader_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The advocates of the tables as records (normalized and validated), in input order.
pub fn records(tables: &Tables, opts: &Options) -> Result<Vec<plaudit::Advocate>, RecordError> {
    threads::run(opts.threads, || read(tables, opts)?.records(reader_date()))
}

/// The advocates of the tables as a roster (validated, ids unique), to rank against many
/// times.
pub fn roster(tables: &Tables, opts: &Options) -> Result<plaudit::Roster, RecordError> {
    threads::run(opts.threads, || {
        // The door has normalized and validated every record (on every core) and checked
        // the ids: the roster need not do it again, one record after another.
        let t0 = std::time::Instant::now();
        let read = read(tables, opts)?;
        let records = read.records(reader_date())?;
        trace(t0, "records built");
        // The grouped history is freed while the records are prepared.
        let ((), roster) = join(move || drop(read), || prepared(records));
        trace(t0, "roster prepared");
        roster
    })
}

/// Records the door checked as a roster, prepared on the door's threads.
fn prepared(records: Vec<plaudit::Advocate>) -> Result<plaudit::Roster, RecordError> {
    plaudit::Roster::from_validated_on(records, &|jobs| {
        threads::map(jobs, |job| job());
    })
}

/// Scores every advocate: one row per advocate, in input order, as batches of consecutive
/// advocates (see [`schema`] for the columns).
///
/// With [`Options::shares`], an `assigned_tier` column follows `tier`: the tier once the
/// population shares are applied to the whole table (as `Engine::assign_tiers`), where
/// `tier` is each advocate's own tier (demotion grace included, no shares).
///
/// A nested table of many batches (no long tables, no shares) is decided a part of
/// [`stream::PART_ROWS`] advocates at a time, as a [`Stream`] does: its chunks are never
/// copied into one array per column.
pub fn evaluate(
    engine: &Engine,
    tables: &Tables,
    opts: &Options,
) -> Result<Vec<RecordBatch>, RecordError> {
    if let Some(parts) = stream::parts(tables, opts) {
        return stream::evaluate(engine, tables, opts, parts);
    }
    threads::run(opts.threads, || {
        let t0 = std::time::Instant::now();
        let read = read(tables, opts)?;
        trace(t0, "read and grouped");
        let dates = Dates::for_rows(opts.as_of, read.n);
        let pieces = read.pieces();
        let done: Vec<Result<RecordBatch, Problems>> = threads::map_init(
            &pieces,
            || engine.evaluator(opts.as_of),
            |evaluator, r| {
                let mut out = Out::with_capacity(r.len());
                let errs = read.each(r.clone(), &dates, |a| {
                    out.push(&evaluator.evaluate(a));
                });
                if errs.is_empty() {
                    out.finish(read.id_array.slice(r.start, r.len()))
                        .map_err(|e| vec![internal(e)])
                } else {
                    Err(errs)
                }
            },
        );
        trace(t0, "evaluated");
        let mut batches = Vec::with_capacity(done.len());
        let mut errors: Problems = read.problems.clone();
        for r in done {
            match r {
                Ok(b) => batches.push(b),
                Err(e) => errors.extend(e),
            }
        }
        fail(errors)?;
        if opts.shares {
            let assigned = assigned_tiers(engine, &read, opts.as_of)?;
            batches = output::with_assigned(batches, &assigned).map_err(|e| one(internal(e)))?;
        }
        Ok(batches)
    })
}

/// The tier of every advocate (input order) once the population shares apply.
fn assigned_tiers(
    engine: &Engine,
    read: &Read,
    as_of: NaiveDate,
) -> Result<Vec<Option<plaudit::Tier>>, RecordError> {
    let roster = prepared(read.records(as_of)?)?;
    let assignment = engine.assign_tiers(&roster, as_of);
    let by_id: foldhash::HashMap<&str, Option<plaudit::Tier>> = assignment
        .advocates
        .iter()
        .map(|a| (a.id.as_str(), a.tier))
        .collect();
    Ok(roster
        .advocates()
        .iter()
        .map(|a| by_id.get(a.id.as_str()).copied().flatten())
        .collect())
}

/// Ranks every advocate of the tables for `request` (ranking as `Engine::rank`): one row per
/// advocate, in input order (see [`output::rank_batch`]).
pub fn rank(
    engine: &Engine,
    tables: &Tables,
    opts: &Options,
    request: &plaudit::Request,
) -> Result<RecordBatch, RecordError> {
    threads::run(opts.threads, || {
        let read = read(tables, opts)?;
        let roster = prepared(read.records(opts.as_of)?)?;
        let ranking = engine.rank(request, &roster, opts.as_of);
        output::rank_batch(&roster, &ranking, read.id_array.clone()).map_err(|e| one(internal(e)))
    })
}

/// The id column as the decisions name advocates: string ids trimmed, as records hold them
/// (`" a1 "` is `a1`), in the column's own Arrow type; the column itself (no copy) when no
/// id has spaces to trim, or for integer ids.
fn trimmed(ids: arrow_array::ArrayRef) -> Result<arrow_array::ArrayRef, arrow_schema::ArrowError> {
    use arrow_array::Array;
    use arrow_array::cast::AsArray;
    use arrow_schema::DataType;
    let dt = ids.data_type().clone();
    let stringy = match &dt {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => true,
        DataType::Dictionary(_, v) => {
            matches!(
                **v,
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
            )
        }
        _ => false,
    };
    if !stringy {
        return Ok(ids);
    }
    let text = arrow_cast::cast(&ids, &DataType::Utf8)?;
    let text = text.as_string::<i32>();
    if !text
        .iter()
        .flatten()
        .any(|v| crate::column::trim(v).len() != v.len())
    {
        return Ok(ids);
    }
    let clean: arrow_array::StringArray = text.iter().map(|v| v.map(str::trim)).collect();
    arrow_cast::cast(&clean, &dt)
}

/// With `PLAUDIT_TRACE` set, prints the time since `t0` of a phase, and the memory held, to stderr.
pub(crate) fn trace(t0: std::time::Instant, what: &str) {
    if std::env::var_os("PLAUDIT_TRACE").is_some() {
        // The process's resident and peak memory where the system tells them (Linux).
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let kb = |key: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .map_or("?", |v| v.trim().trim_end_matches(" kB"))
                .to_owned()
        };
        eprintln!(
            "plaudit: {what} at {:?} (rss {} kB, peak {} kB)",
            t0.elapsed(),
            kb("VmRSS:"),
            kb("VmHWM:")
        );
    }
}

fn internal(e: impl std::fmt::Display) -> FieldError {
    FieldError::new("", plaudit::ErrorCode::InvalidValue, e.to_string())
}

fn one(e: FieldError) -> RecordError {
    RecordError { errors: vec![e] }
}

/// The schema of [`evaluate`]'s result for an id column of `id_type` (for empty results):
/// `id`, `eligible`, `reasons`, `readiness`, `lifecycle`, `tenure_months`, `counted_12m`,
/// `remaining`, `tier` (the advocate's own tier), `assigned_tier` (with `shares` only) and
/// `next_available_on`.
pub fn schema(id_type: &arrow_schema::DataType, shares: bool) -> arrow_schema::SchemaRef {
    if shares {
        output::with_assigned_schema(&Out::schema(id_type))
    } else {
        Out::schema(id_type)
    }
}

/// The id column's type in the advocates table.
pub fn id_type(tables: &Tables) -> Option<arrow_schema::DataType> {
    tables
        .advocates
        .first()
        .and_then(|b| column::find(b.schema_ref(), "id").map(|i| b.column(i).data_type().clone()))
}
