//! Long tables (one row per activity, engagement, consent or disruption) read into compact
//! rows and grouped by advocate, whatever the order of the rows.
//!
//! Grouping is a parallel counting sort on the advocates' dense indexes (see `ids`): the
//! table is cut into pieces, each piece resolves its ids (one hash lookup per row), counts
//! its rows per *part* (a run of consecutive advocates small enough for the cache), and
//! writes them into one exactly sized bucket per part. Each part then gathers its buckets
//! in piece order, counts rows per advocate and scatters them into its own slice. Nothing
//! is sorted and no id is compared beyond the lookup; rows of one advocate keep their input
//! order.

use arrow_array::{ArrayRef, RecordBatch};
use plaudit::{
    ActivityKind, ActivityStatus, ConsentPurpose, ConsentStatus, DisruptionKind, ErrorCode,
    FieldError, IncentiveKind,
};

use crate::column::{Bools, Codes, Days, Floats, Problems, Strs, find, push_limited};
use crate::ids::{AdvocateIds, IdCol};

/// The advocate-id column of long tables (`id` is accepted too).
pub const ADVOCATE_ID: &str = "advocate_id";

/// Rows grouped by advocate, in parts of consecutive advocates.
#[derive(Debug)]
pub struct Groups<R> {
    /// Advocates per part (the last part may hold fewer).
    per: usize,
    parts: Vec<Part<R>>,
    /// The rows came nested in the advocates table (paths name `advocates[i].<table>[k]`).
    pub nested: bool,
}

/// The rows of advocates `k * per .. (k + 1) * per`, as compressed sparse rows.
#[derive(Debug)]
struct Part<R> {
    /// `offsets[j]..offsets[j + 1]` index `rows` for the part's advocate `j`.
    offsets: Vec<u32>,
    rows: Vec<R>,
}

impl<R> Groups<R> {
    /// Empty groups (no rows for any advocate).
    pub fn empty() -> Self {
        Groups {
            per: 1,
            parts: Vec::new(),
            nested: false,
        }
    }

    /// Groups from parts of `per` advocates, each `(offsets, rows)`.
    pub fn from_parts(per: usize, parts: Vec<(Vec<u32>, Vec<R>)>, nested: bool) -> Self {
        Groups {
            per: per.max(1),
            parts: parts
                .into_iter()
                .map(|(offsets, rows)| Part { offsets, rows })
                .collect(),
            nested,
        }
    }

    /// The rows of advocate `i`.
    #[inline]
    pub fn of(&self, i: usize) -> &[R] {
        let Some(p) = self.parts.get(i / self.per) else {
            return &[];
        };
        let j = i % self.per;
        match (p.offsets.get(j), p.offsets.get(j + 1)) {
            (Some(&a), Some(&b)) => p.rows.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.parts.iter().map(|p| p.rows.len()).sum()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
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

/// An activity; strings (topic, request id, variant, incentive currency) and the incentive's
/// value stay in their columns and are read by `src` when the record is built: 16 bytes a
/// row (24 with the value), and every row is written twice while the table is grouped.
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
    /// Which of the row's optional strings are present ([`ActivityRow::TOPIC`], ...): a
    /// record is built with one lookup per present string, not one per string column.
    pub strings: u8,
}

impl ActivityRow {
    /// `topic` is present.
    pub const TOPIC: u8 = 1;
    /// `request_id` is present.
    pub const REQUEST_ID: u8 = 2;
    /// `incentive_currency` is present.
    pub const CURRENCY: u8 = 4;
    /// `variant` is present.
    pub const VARIANT: u8 = 8;
}

/// Where an optional string column has values: `None` when the column is absent, else its
/// logical nulls (`None` inside: no nulls).
type Presence = Option<Option<arrow_buffer::NullBuffer>>;

fn presence(b: &RecordBatch, name: &str) -> Presence {
    col(b, name).map(|a| a.logical_nulls())
}

#[inline]
fn present(p: &Presence, i: usize) -> bool {
    match p {
        None => false,
        Some(None) => true,
        Some(Some(n)) => n.is_valid(i),
    }
}

/// Activity columns: `kind`, `date`, `status`, and optionally `solicited`, `topic`,
/// `request_id`, `variant`, `incentive_kind`, `incentive_value`, `incentive_currency`.
#[derive(Debug)]
pub struct ActivityCols {
    date: Days,
    kind: Codes,
    status: Codes,
    solicited: Option<Bools>,
    incentive_kind: Option<Codes>,
    /// Topic, request id, incentive currency, variant (read when the record is built).
    strings: [Presence; 4],
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
        let cols = ActivityCols {
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
            strings: ["topic", "request_id", "incentive_currency", "variant"]
                .map(|name| presence(b, name)),
        };
        // The value is read when the record is built (`ActivityCells`); its type is checked
        // here, after the columns before it, as the table's other columns are.
        if let Some(a) = col(b, "incentive_value") {
            Floats::new(a, t, "incentive_value")?;
        }
        Ok(cols)
    }
    #[inline]
    fn row(&self, i: usize, src: u32, t: &str, errors: &mut Problems) -> ActivityRow {
        let day = self.date.get(i).unwrap_or_else(|| {
            missing(errors, t, src, "date");
            i32::MIN
        });
        let kind = self.kind.get(i).unwrap_or_else(|| {
            if self.kind.is_null(i) {
                missing(errors, t, src, "kind");
            }
            0
        });
        let status = self.status.get(i).unwrap_or_else(|| {
            if self.status.is_null(i) {
                missing(errors, t, src, "status");
            }
            0
        });
        let incentive = self
            .incentive_kind
            .as_ref()
            .and_then(|c| c.get(i))
            .unwrap_or(Codes::NONE);
        let mut strings = 0;
        for (bit, p) in [
            ActivityRow::TOPIC,
            ActivityRow::REQUEST_ID,
            ActivityRow::CURRENCY,
            ActivityRow::VARIANT,
        ]
        .into_iter()
        .zip(&self.strings)
        {
            if present(p, i) {
                strings |= bit;
            }
        }
        ActivityRow {
            day,
            kind,
            status,
            strings,
            solicited: self
                .solicited
                .as_ref()
                .and_then(|s| s.get(i))
                .unwrap_or(true),
            incentive,
            src,
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
                if self.purpose.is_null(i) {
                    missing(errors, t, src, "purpose");
                }
                0
            }),
            status: self.status.get(i).unwrap_or_else(|| {
                if self.status.is_null(i) {
                    missing(errors, t, src, "status");
                }
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

/// Rows per piece: enough to amortize a piece's buckets, few enough to spread the work.
const PIECE_ROWS: usize = 1 << 18;

/// Advocates per part: a part's offsets and rows stay in the cache while they are scattered.
pub const PART_ADVOCATES: usize = 1 << 14;

fn pieces(batches: &[RecordBatch]) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut base = 0usize;
    for (bi, b) in batches.iter().enumerate() {
        let mut start = 0;
        while start < b.num_rows() {
            let end = (start + PIECE_ROWS).min(b.num_rows());
            out.push(Piece {
                batch: bi,
                start,
                end,
                base: base + start,
            });
            start = end;
        }
        base += b.num_rows();
    }
    out
}

/// Rows of one piece for one part, each with its advocate.
type Bucket<R> = Vec<(u32, R)>;

/// One piece's rows, bucketed by part, with the advocate of each row.
struct Buckets<R> {
    parts: Vec<Bucket<R>>,
    errors: Problems,
}

/// Reads a long table and groups its rows by advocate (on the current rayon pool).
pub fn group<C: LongRows>(
    batches: &[RecordBatch],
    table: &str,
    ids: &AdvocateIds<'_>,
    ignore_unknown: bool,
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
                return Groups::empty();
            }
        }
    }
    let t0 = std::time::Instant::now();
    let trace = |what: &str| crate::trace(t0, &format!("{table} {what}"));
    trace("columns");
    let per = PART_ADVOCATES;
    let n_parts = n.div_ceil(per).max(1);
    // Counting and bucketing, piece by piece.
    let buckets: Vec<Buckets<C::Row>> = crate::threads::map(&pieces(batches), |p| {
        let (idc, c) = &cols[p.batch];
        let shift = p.base - p.start;
        let mut errs = Vec::new();
        let mut adv = Vec::with_capacity(p.end - p.start);
        let at = crate::ids::Target {
            table,
            field: ADVOCATE_ID,
            shift,
            ignore_unknown,
        };
        ids.resolve(idc, p.start..p.end, &at, &mut adv, &mut errs);
        let mut count = vec![0usize; n_parts];
        for &a in &adv {
            if a != u32::MAX {
                count[a as usize / per] += 1;
            }
        }
        let mut parts: Vec<Bucket<C::Row>> = count.into_iter().map(Vec::with_capacity).collect();
        for (i, &a) in (p.start..p.end).zip(&adv) {
            if a != u32::MAX {
                let row = c.row(i, (i + shift) as u32, table, &mut errs);
                parts[a as usize / per].push((a, row));
            }
        }
        Buckets {
            parts,
            errors: errs,
        }
    });
    trace("bucketed");
    // Each part takes its lists from every piece (in piece order) and frees them once its
    // rows are scattered, so the buckets shrink as the grouped rows grow: the peak holds
    // the buckets, not the buckets and the grouped rows (a 1M-advocate `evaluate` from
    // long tables in one batch peaked at 1.34 GB before, 1.22 GB after).
    let mut lists: Vec<(usize, Vec<Bucket<C::Row>>)> = (0..n_parts)
        .map(|k| (k, Vec::with_capacity(buckets.len())))
        .collect();
    let mut bucket_errors = Vec::with_capacity(buckets.len());
    for b in buckets {
        for ((_, to), list) in lists.iter_mut().zip(b.parts) {
            to.push(list);
        }
        bucket_errors.push(b.errors);
    }
    // Each part: rows per advocate counted, then scattered, pieces in input order.
    let parts: Vec<Part<C::Row>> = crate::threads::map(lists, |(k, lists)| {
        let lo = k * per;
        let len = per.min(n.saturating_sub(lo));
        let mut offsets = vec![0u32; len + 1];
        let mut first = None;
        for list in &lists {
            for (a, r) in list {
                offsets[*a as usize - lo + 1] += 1;
                first.get_or_insert(*r);
            }
        }
        for j in 0..len {
            offsets[j + 1] += offsets[j];
        }
        let Some(first) = first else {
            return Part {
                offsets,
                rows: Vec::new(),
            };
        };
        let mut rows = vec![first; offsets[len] as usize];
        let mut next: Vec<u32> = offsets[..len].to_vec();
        for list in lists {
            for (a, r) in list {
                let slot = &mut next[a as usize - lo];
                rows[*slot as usize] = r;
                *slot += 1;
            }
        }
        Part { offsets, rows }
    });
    trace("grouped");
    for errs in bucket_errors {
        for x in errs {
            if errors.len() < plaudit::MAX_REPORTED_ERRORS {
                errors.push(x);
            }
        }
    }
    Groups {
        per,
        parts,
        nested: false,
    }
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
