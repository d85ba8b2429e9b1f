//! Long tables (one row per activity, engagement, consent or disruption) read into compact
//! rows and grouped by advocate (compressed sparse rows: `offsets[i]..offsets[i + 1]` are
//! the rows of advocate `i`, in input order).

use arrow_array::{ArrayRef, RecordBatch};
use plaudit::{
    ActivityKind, ActivityStatus, ConsentPurpose, ConsentStatus, DisruptionKind, ErrorCode,
    FieldError, IncentiveKind,
};

use crate::column::{Bools, Codes, Days, Floats, Problems, Strs, find, push_limited};
use crate::ids::{AdvocateIds, IdCol};

/// The advocate-id column of long tables (`id` is accepted too).
pub const ADVOCATE_ID: &str = "advocate_id";

/// Rows grouped by advocate.
#[derive(Debug, Default)]
pub struct Groups<R> {
    /// `offsets[i]..offsets[i + 1]` index `rows` for advocate `i`.
    pub offsets: Vec<u32>,
    /// The rows, grouped.
    pub rows: Vec<R>,
}

impl<R> Groups<R> {
    /// Empty groups for `n` advocates.
    pub fn empty(n: usize) -> Self {
        Groups {
            offsets: vec![0; n + 1],
            rows: Vec::new(),
        }
    }

    /// The rows of advocate `i`.
    #[inline]
    pub fn of(&self, i: usize) -> &[R] {
        &self.rows[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// One long table's columns, read once; `row(i)` builds a compact row.
pub trait LongRows: Sized + Sync {
    /// The compact row.
    type Row: Copy + Send + Sync;
    /// Reads the columns of one batch.
    fn columns(batch: &RecordBatch, table: &str, errors: &mut Problems)
    -> Result<Self, FieldError>;
    /// The compact row at `i` of the batch; `src` is its row number in the whole table.
    fn row(&self, i: usize, src: u32, table: &str, errors: &mut Problems) -> Self::Row;
}

fn col<'b>(batch: &'b RecordBatch, name: &str) -> Option<&'b ArrayRef> {
    find(batch.schema_ref(), name).map(|i| batch.column(i))
}

fn required<'b>(
    batch: &'b RecordBatch,
    table: &str,
    name: &str,
) -> Result<&'b ArrayRef, FieldError> {
    col(batch, name).ok_or_else(|| {
        FieldError::new(
            format!("{table}.{name}"),
            ErrorCode::MissingField,
            "column is required",
        )
    })
}

fn missing(errors: &mut Problems, table: &str, src: u32, field: &str) {
    push_limited(
        errors,
        format!("{table}[{src}].{field}"),
        ErrorCode::MissingField,
        "is required",
    );
}

fn accepted<T: std::fmt::Display>(all: &[T]) -> String {
    all.iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An engagement: a date.
#[derive(Debug, Clone, Copy)]
pub struct EngagementRow {
    /// Its day, `Day::MIN` when bad (the call fails then).
    pub day: i32,
}

/// Engagement columns: `date`.
#[derive(Debug)]
pub struct EngagementCols {
    date: Days,
}

impl LongRows for EngagementCols {
    type Row = EngagementRow;
    fn columns(b: &RecordBatch, t: &str, errors: &mut Problems) -> Result<Self, FieldError> {
        Ok(EngagementCols {
            date: Days::new(required(b, t, "date")?, t, "date", errors)?,
        })
    }
    #[inline]
    fn row(&self, i: usize, src: u32, t: &str, errors: &mut Problems) -> EngagementRow {
        let day = self.date.get(i).unwrap_or_else(|| {
            missing(errors, t, src, "date");
            i32::MIN
        });
        EngagementRow { day }
    }
}

/// An activity; strings (topic, request id, incentive currency) stay in their columns and
/// are read by `src` when the record is built.
#[derive(Debug, Clone, Copy)]
pub struct ActivityRow {
    /// Its day.
    pub day: i32,
    /// Kind code (index in `ActivityKind::ALL`).
    pub kind: u8,
    /// Status code.
    pub status: u8,
    /// `solicited` (defaults to true).
    pub solicited: bool,
    /// Incentive kind code, `Codes::NONE` without one.
    pub incentive: u8,
    /// Row number in the whole table.
    pub src: u32,
    /// Incentive value.
    pub incentive_value: f64,
}

/// Activity columns: `kind`, `date`, `status`, and optionally `solicited`, `topic`,
/// `request_id`, `incentive_kind`, `incentive_value`, `incentive_currency`.
#[derive(Debug)]
pub struct ActivityCols {
    date: Days,
    kind: Codes,
    status: Codes,
    solicited: Option<Bools>,
    incentive_kind: Option<Codes>,
    incentive_value: Option<Floats>,
}

fn code_of<T: Copy + PartialEq>(all: &[T], v: Option<T>) -> Option<u8> {
    v.and_then(|v| all.iter().position(|x| *x == v))
        .map(|p| p as u8)
}

impl LongRows for ActivityCols {
    type Row = ActivityRow;
    fn columns(b: &RecordBatch, t: &str, errors: &mut Problems) -> Result<Self, FieldError> {
        let kinds = accepted(ActivityKind::ALL);
        let statuses = accepted(ActivityStatus::ALL);
        let incentives = accepted(IncentiveKind::ALL);
        Ok(ActivityCols {
            date: Days::new(required(b, t, "date")?, t, "date", errors)?,
            kind: Codes::new(
                required(b, t, "kind")?,
                t,
                "kind",
                |s| code_of(ActivityKind::ALL, ActivityKind::parse(s)),
                &kinds,
                errors,
            )?,
            status: Codes::new(
                required(b, t, "status")?,
                t,
                "status",
                |s| code_of(ActivityStatus::ALL, ActivityStatus::parse(s)),
                &statuses,
                errors,
            )?,
            solicited: col(b, "solicited")
                .map(|a| Bools::new(a, t, "solicited"))
                .transpose()?,
            incentive_kind: col(b, "incentive_kind")
                .map(|a| {
                    Codes::new(
                        a,
                        t,
                        "incentive_kind",
                        |s| code_of(IncentiveKind::ALL, IncentiveKind::parse(s)),
                        &incentives,
                        errors,
                    )
                })
                .transpose()?,
            incentive_value: col(b, "incentive_value")
                .map(|a| Floats::new(a, t, "incentive_value"))
                .transpose()?,
        })
    }
    #[inline]
    fn row(&self, i: usize, src: u32, t: &str, errors: &mut Problems) -> ActivityRow {
        let day = self.date.get(i).unwrap_or_else(|| {
            missing(errors, t, src, "date");
            i32::MIN
        });
        let kind = self.kind.get(i).unwrap_or_else(|| {
            missing(errors, t, src, "kind");
            0
        });
        let status = self.status.get(i).unwrap_or_else(|| {
            missing(errors, t, src, "status");
            0
        });
        let incentive = self
            .incentive_kind
            .as_ref()
            .and_then(|c| c.get(i))
            .unwrap_or(Codes::NONE);
        ActivityRow {
            day,
            kind,
            status,
            solicited: self
                .solicited
                .as_ref()
                .and_then(|s| s.get(i))
                .unwrap_or(true),
            incentive,
            src,
            incentive_value: self
                .incentive_value
                .as_ref()
                .and_then(|v| v.get(i))
                .unwrap_or(0.0),
        }
    }
}

/// A consent record.
#[derive(Debug, Clone, Copy)]
pub struct ConsentRow {
    /// `on`.
    pub on: i32,
    /// `expires`, `i32::MIN` when absent.
    pub expires: i32,
    /// Purpose code.
    pub purpose: u8,
    /// Status code.
    pub status: u8,
    /// Row number in the whole table.
    pub src: u32,
}

/// Consent columns: `purpose`, `status`, `on`, and optionally `expires`.
#[derive(Debug)]
pub struct ConsentCols {
    purpose: Codes,
    status: Codes,
    on: Days,
    expires: Option<Days>,
}

impl LongRows for ConsentCols {
    type Row = ConsentRow;
    fn columns(b: &RecordBatch, t: &str, errors: &mut Problems) -> Result<Self, FieldError> {
        let purposes = accepted(ConsentPurpose::ALL);
        let statuses = accepted(ConsentStatus::ALL);
        Ok(ConsentCols {
            purpose: Codes::new(
                required(b, t, "purpose")?,
                t,
                "purpose",
                |s| code_of(ConsentPurpose::ALL, ConsentPurpose::parse(s)),
                &purposes,
                errors,
            )?,
            status: Codes::new(
                required(b, t, "status")?,
                t,
                "status",
                |s| code_of(ConsentStatus::ALL, ConsentStatus::parse(s)),
                &statuses,
                errors,
            )?,
            on: Days::new(required(b, t, "on")?, t, "on", errors)?,
            expires: col(b, "expires")
                .map(|a| Days::new(a, t, "expires", errors))
                .transpose()?,
        })
    }
    #[inline]
    fn row(&self, i: usize, src: u32, t: &str, errors: &mut Problems) -> ConsentRow {
        ConsentRow {
            on: self.on.get(i).unwrap_or_else(|| {
                missing(errors, t, src, "on");
                i32::MIN
            }),
            expires: self
                .expires
                .as_ref()
                .and_then(|e| e.get(i))
                .unwrap_or(i32::MIN),
            purpose: self.purpose.get(i).unwrap_or_else(|| {
                missing(errors, t, src, "purpose");
                0
            }),
            status: self.status.get(i).unwrap_or_else(|| {
                missing(errors, t, src, "status");
                0
            }),
            src,
        }
    }
}

/// A disruption window.
#[derive(Debug, Clone, Copy)]
pub struct DisruptionRow {
    /// `from`.
    pub from: i32,
    /// `to`, `i32::MIN` when open-ended.
    pub to: i32,
    /// Kind.
    pub kind: DisruptionKind,
    /// Row number in the whole table.
    pub src: u32,
}

/// Disruption columns: `kind`, `from`, and optionally `to`.
#[derive(Debug)]
pub struct DisruptionCols {
    kind: Strs,
    from: Days,
    to: Option<Days>,
}

impl LongRows for DisruptionCols {
    type Row = DisruptionRow;
    fn columns(b: &RecordBatch, t: &str, errors: &mut Problems) -> Result<Self, FieldError> {
        Ok(DisruptionCols {
            kind: Strs::new(required(b, t, "kind")?, t, "kind")?,
            from: Days::new(required(b, t, "from")?, t, "from", errors)?,
            to: col(b, "to")
                .map(|a| Days::new(a, t, "to", errors))
                .transpose()?,
        })
    }
    #[inline]
    fn row(&self, i: usize, src: u32, t: &str, errors: &mut Problems) -> DisruptionRow {
        // Unknown kinds read as `other`, as in the records.
        let kind = match self.kind.get(i) {
            Some(s) => {
                use serde::Deserialize;
                let de = serde::de::value::StrDeserializer::<serde::de::value::Error>::new(s);
                DisruptionKind::deserialize(de).unwrap_or(DisruptionKind::Other)
            }
            None => {
                missing(errors, t, src, "kind");
                DisruptionKind::Other
            }
        };
        DisruptionRow {
            from: self.from.get(i).unwrap_or_else(|| {
                missing(errors, t, src, "from");
                i32::MIN
            }),
            to: self.to.as_ref().and_then(|e| e.get(i)).unwrap_or(i32::MIN),
            kind,
            src,
        }
    }
}

/// One piece of work: rows `start..end` of batch `batch`, whose first row is row `base` of
/// the whole table.
#[derive(Debug, Clone, Copy)]
struct Piece {
    batch: usize,
    start: usize,
    end: usize,
    base: usize,
}

fn pieces(batches: &[RecordBatch], parts: usize) -> Vec<Vec<Piece>> {
    let total: usize = batches.iter().map(|b| b.num_rows()).sum();
    let per = total.div_ceil(parts.max(1)).max(1);
    let mut out: Vec<Vec<Piece>> = vec![Vec::new(); parts.max(1)];
    let (mut part, mut filled, mut base) = (0usize, 0usize, 0usize);
    for (bi, b) in batches.iter().enumerate() {
        let mut start = 0;
        while start < b.num_rows() {
            let take = (b.num_rows() - start).min(per - filled);
            out[part].push(Piece {
                batch: bi,
                start,
                end: start + take,
                base: base + start,
            });
            start += take;
            filled += take;
            if filled == per && part + 1 < out.len() {
                part += 1;
                filled = 0;
            }
        }
        base += b.num_rows();
    }
    out
}

/// Reads a long table and groups its rows by advocate, on `threads` threads.
pub fn group<C: LongRows>(
    batches: &[RecordBatch],
    table: &str,
    ids: &AdvocateIds<'_>,
    ignore_unknown: bool,
    threads: usize,
    errors: &mut Problems,
) -> Groups<C::Row> {
    let n = ids.len();
    // Columns per batch, read once (vectorized).
    let mut cols: Vec<(IdCol, C)> = Vec::with_capacity(batches.len());
    let mut base = 0usize;
    for b in batches {
        let before = errors.len();
        let id = match col(b, ADVOCATE_ID).or_else(|| col(b, "id")) {
            Some(a) => IdCol::new(a, table, ADVOCATE_ID),
            None => Err(FieldError::new(
                format!("{table}.{ADVOCATE_ID}"),
                ErrorCode::MissingField,
                "column is required",
            )),
        };
        let columns = C::columns(b, table, errors);
        for e in &mut errors[before..] {
            shift_row(&mut e.path, table, base);
        }
        base += b.num_rows();
        match (id, columns) {
            (Ok(id), Ok(c)) => cols.push((id, c)),
            (Err(e), _) | (_, Err(e)) => {
                errors.push(e);
                return Groups::empty(n);
            }
        }
    }
    let t0 = std::time::Instant::now();
    let trace = |what: &str| crate::trace(t0, &format!("{table} {what}"));
    trace("columns");
    let work = pieces(batches, threads);
    let results: Vec<(Vec<u32>, Vec<C::Row>, Problems)> = std::thread::scope(|s| {
        let handles: Vec<_> = work
            .iter()
            .map(|ps| {
                let cols = &cols;
                s.spawn(move || {
                    let len: usize = ps.iter().map(|p| p.end - p.start).sum();
                    let mut adv = Vec::with_capacity(len);
                    let mut rows = Vec::with_capacity(len);
                    let mut errs = Vec::new();
                    let mut resolved = Vec::new();
                    for p in ps {
                        let (idc, c) = &cols[p.batch];
                        let shift = p.base - p.start;
                        resolved.clear();
                        let at = crate::ids::Target {
                            table,
                            field: ADVOCATE_ID,
                            shift,
                            ignore_unknown,
                        };
                        ids.resolve(idc, p.start..p.end, &at, &mut resolved, &mut errs);
                        for (i, &a) in (p.start..p.end).zip(&resolved) {
                            if a != u32::MAX {
                                adv.push(a);
                                rows.push(c.row(i, (i + shift) as u32, table, &mut errs));
                            }
                        }
                    }
                    (adv, rows, errs)
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    trace("rows");
    // The first piece's vectors grow to take the others' rows (its copy is saved).
    let total: usize = results.iter().map(|r| r.0.len()).sum();
    let mut results = results.into_iter();
    let (mut adv, mut rows, first_errors) = results.next().unwrap_or_default();
    adv.reserve(total - adv.len());
    rows.reserve(total - rows.len());
    let mut found = vec![first_errors];
    for (a, r, e) in results {
        adv.extend(a);
        rows.extend(r);
        found.push(e);
    }
    for x in found.into_iter().flatten() {
        if errors.len() < plaudit::MAX_REPORTED_ERRORS {
            errors.push(x);
        }
    }
    trace("merged");
    let g = csr(n, &adv, rows);
    trace("grouped");
    g
}

/// Shifts the row number in `table[row].field` by `by` (column readers count batch rows).
fn shift_row(path: &mut String, table: &str, by: usize) {
    if by == 0 {
        return;
    }
    let Some(rest) = path.strip_prefix(table).and_then(|r| r.strip_prefix('[')) else {
        return;
    };
    let Some((num, tail)) = rest.split_once(']') else {
        return;
    };
    if let Ok(n) = num.parse::<usize>() {
        *path = format!("{table}[{}]{tail}", n + by);
    }
}

/// Groups `rows` by their advocate `adv` (a counting sort, skipped when already grouped).
fn csr<R: Copy>(n: usize, adv: &[u32], rows: Vec<R>) -> Groups<R> {
    let mut offsets = vec![0u32; n + 1];
    for &a in adv {
        offsets[a as usize + 1] += 1;
    }
    for i in 0..n {
        offsets[i + 1] += offsets[i];
    }
    if adv.windows(2).all(|w| w[0] <= w[1]) {
        return Groups { offsets, rows };
    }
    scatter(n, adv, &rows, offsets)
}

fn scatter<R: Copy>(n: usize, adv: &[u32], rows: &[R], offsets: Vec<u32>) -> Groups<R> {
    let Some(&first) = rows.first() else {
        return Groups {
            offsets,
            rows: Vec::new(),
        };
    };
    let mut out = vec![first; rows.len()];
    let mut next: Vec<u32> = offsets[..n].to_vec();
    for (r, &a) in rows.iter().zip(adv) {
        let slot = &mut next[a as usize];
        out[*slot as usize] = *r;
        *slot += 1;
    }
    Groups { offsets, rows: out }
}
