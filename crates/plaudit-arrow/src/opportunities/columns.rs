//! Deals straight from the Arrow columns into [`plaudit::Columns`]: no `Opportunity`
//! record and no `String` per touch. Only tables without any problem go this way; at the
//! first problem the records path (`opportunities`) reads the tables again and reports
//! every problem with its path, as it always has, so both paths mean the same.

use arrow_array::Array;
use arrow_buffer::NullBuffer;
use plaudit::{AdvocateNumbers, Columns, NumberedTouch, OpportunityRef, TouchRef};

use super::{
    ActivityKind, IdCol, OpportunityCols, OpportunityTables, RecordBatch, Segment, SourceKind,
    Stage, TOUCHES, TouchCols, code, date, id_at, nested_touches, whole_column,
};

/// Where the touches are.
enum Touches {
    /// The lists, the nulls of their items, the item columns.
    Nested(arrow_array::ListArray, Option<NullBuffer>, TouchCols),
    Long(Numbered),
    None,
}

/// The long touches, their advocates numbered in table order.
struct Numbered {
    /// The advocates of the touches, numbered in the touches table's order.
    advocates: AdvocateNumbers,
    /// The opportunity row of each touch row, in pieces of rows in table order.
    owners: Vec<Vec<u32>>,
    /// The advocate number of each touch row.
    numbers: Vec<u32>,
    /// The touch cells.
    cells: TouchCols,
}

impl Numbered {
    /// The touches of the opportunity rows `deals`, in the order of those rows, and where
    /// the touches of each start (one more: the end): a counting sort of the rows of
    /// `deals` (each half of the deals sorts its own touches, on its own thread).
    ///
    /// The sort is radix-partitioned: the rows are first dealt, in table order, into
    /// buckets of [`BUCKET`] consecutive deals (a few hundred streams written in order),
    /// then each bucket is sorted by deal where its deals' places fit in the cache. A
    /// plain counting sort writes each row to a random place of the whole half (a cache
    /// miss per row): 55-62 ms a half for 1M deals and 3M touches, against 41-46 ms so.
    fn touches(&self, deals: &std::ops::Range<usize>) -> Option<(Vec<u32>, Vec<NumberedTouch>)> {
        let first = u32::try_from(deals.start).ok()?;
        let n = deals.len();
        // The deal of `o` among `deals`, if it is one of them.
        let local = |o: u32| Some(o.wrapping_sub(first) as usize).filter(|&k| k < n);
        let buckets = n.div_ceil(BUCKET).max(1);
        let mut bucket_start = vec![0usize; buckets + 1];
        for &o in self.owners.iter().flatten() {
            if let Some(k) = local(o) {
                bucket_start[k / BUCKET + 1] += 1;
            }
        }
        for b in 0..buckets {
            bucket_start[b + 1] += bucket_start[b];
        }
        let total = bucket_start[buckets];
        let placeholder = NumberedTouch {
            advocate: u32::MAX,
            on: 0,
            kind: ActivityKind::ReferenceCall,
            solicited: true,
        };
        // Each row with its deal, by bucket, in table order within each (every place is
        // written once: each row's place was counted).
        let mut dealt = vec![(0u32, placeholder); total];
        let mut next = bucket_start.clone();
        let tc = &self.cells;
        // (No touch row: no touch column either.)
        let (kind, on) = (tc.kind.as_ref(), tc.on.as_ref());
        for (r, &o) in self.owners.iter().flatten().enumerate() {
            if let Some(k) = local(o) {
                let slot = next.get_mut(k / BUCKET)?;
                *dealt.get_mut(*slot)? = (
                    k as u32,
                    NumberedTouch {
                        advocate: *self.numbers.get(r)?,
                        kind: code(kind?, r, ActivityKind::ALL)?,
                        on: on?.get(r)?,
                        solicited: tc.solicited.as_ref().and_then(|b| b.get(r)).unwrap_or(true),
                    },
                );
                *slot += 1;
            }
        }
        drop(next);
        // Then by deal: the rows of a bucket go to its deals' places, which are together.
        let mut start = vec![0u32; n + 1];
        for &(k, _) in &dealt {
            start[k as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut next = start.clone();
        let mut touches = vec![placeholder; total];
        for &(k, t) in &dealt {
            let slot = next.get_mut(k as usize)?;
            *touches.get_mut(*slot as usize)? = t;
            *slot += 1;
        }
        Some((start, touches))
    }
}

/// Deals per bucket of [`Numbered::touches`]' first pass: a bucket's places (about 3
/// touches a deal, 12 bytes each) and their counters fit in the cache.
const BUCKET: usize = 2048;

/// Deals at least this many are filled in two halves on two threads, then joined.
const HALVES: usize = 65_536;

/// The opportunities of the tables as columns, or `None` when a cell or a deal has a
/// problem (or a touch's advocate ids are integers, which the records path writes out).
///
/// With a long touches table, the touches are grouped by deal while the opportunity
/// columns are read; the deals are then filled in two halves (through `crate::threads`,
/// as every parallel step of the door), joined.
pub(super) fn columns(tables: &OpportunityTables) -> Option<Columns> {
    columns_in_halves_from(tables, HALVES)
}

/// [`columns`], in two halves from `halves` deals.
fn columns_in_halves_from(tables: &OpportunityTables, halves: usize) -> Option<Columns> {
    let t0 = std::time::Instant::now();
    let batches = &tables.opportunities;
    let n: usize = batches.iter().map(RecordBatch::num_rows).sum();
    let read = || {
        let mut errors = Vec::new();
        let cols = OpportunityCols::new(batches, &mut errors).ok()?;
        crate::trace(t0, "(opportunity cells read)");
        errors.is_empty().then_some(cols)
    };
    let (cols, grouped) = match &tables.touches {
        // The numbering of the touches' advocates (one pass in table order) starts at
        // once; the other thread reads the opportunity cells, then joins the touches to
        // their deals (in pieces, which the first thread shares once it is done).
        Some(touch_batches) if n >= halves => {
            let (numbered, (cols, owners)) = crate::threads::join(
                || numbered(touch_batches),
                || {
                    let cols = read();
                    // The join reads only the id column: its own copy of it.
                    let ids = whole_column(batches, "id")
                        .ok()
                        .flatten()
                        .and_then(|a| IdCol::new(&a, super::T, "id").ok());
                    let owners = ids.and_then(|ids| owners(&ids, touch_batches));
                    (cols, owners)
                },
            );
            (cols, grouped(owners, numbered).map(Some))
        }
        Some(touch_batches) => {
            let cols = read();
            let ids = cols.as_ref().and_then(|c| c.id.as_ref());
            let (owners, numbered) = crate::threads::join(
                || ids.and_then(|ids| owners(ids, touch_batches)),
                || numbered(touch_batches),
            );
            (cols, grouped(owners, numbered).map(Some))
        }
        None => (read(), Some(None)),
    };
    let (cols, grouped) = (cols?, grouped?);
    crate::trace(t0, "opportunity cells read, touches grouped");
    let required = [
        cols.id.is_some(),
        cols.created_on.is_some(),
        cols.stage.is_some(),
        cols.amount.is_some(),
    ];
    if n > 0 && required.contains(&false) {
        return None;
    }
    let mut errors = Vec::new();
    let nested = whole_column(batches, TOUCHES).ok()?;
    let touches = match (nested, grouped) {
        (Some(_), Some(_)) => return None,
        (Some(a), None) => {
            let (lists, tc) = nested_touches(&a, &mut errors).ok()?;
            let valid = lists.values().logical_nulls();
            Touches::Nested(lists, valid, tc)
        }
        (None, Some(numbered)) => Touches::Long(numbered),
        (None, None) => Touches::None,
    };
    let tc = match &touches {
        Touches::Nested(_, _, tc) => Some(tc),
        Touches::Long(_) | Touches::None => None,
    };
    if !errors.is_empty() || tc.is_some_and(|t| matches!(t.advocate_id, Some(IdCol::Int(_)))) {
        return None;
    }
    let total = match &touches {
        Touches::Nested(lists, _, _) => lists.values().len(),
        Touches::Long(l) => l.numbers.len(),
        Touches::None => 0,
    };
    let columns = if n >= halves {
        let half = n / 2;
        let (first, second) = crate::threads::join(
            || fill(&cols, &touches, 0..half, (n, total)),
            || fill(&cols, &touches, half..n, (n - half, total / 2)),
        );
        crate::trace(t0, "deals filled in two halves");
        let mut first = first?;
        first.append(second?);
        crate::trace(t0, "halves joined");
        first
    } else {
        fill(&cols, &touches, 0..n, (n, total))?
    };
    if !columns.is_valid() {
        return None;
    }
    columns.check().ok()?;
    crate::trace(t0, "deals checked");
    Some(columns)
}

/// Deals pushed together (their touches' advocates are looked up together).
const BLOCK: usize = 64;

/// A deal of a block, read, before it is pushed.
struct Read<'a> {
    id: std::borrow::Cow<'a, str>,
    source_advocate: Option<std::borrow::Cow<'a, str>>,
    source: Option<SourceKind>,
    stage: Stage,
    created_on: chrono::NaiveDate,
    closed_on: Option<chrono::NaiveDate>,
    amount: f64,
    currency: Option<&'a str>,
    qualified: bool,
    segment: Option<Segment>,
    industry: Option<&'a str>,
    country: Option<&'a str>,
    products: std::ops::Range<usize>,
    touches: std::ops::Range<usize>,
}

/// The deals of `rows` as columns (room made for `room` deals and touches), pushed in
/// blocks; `None` at the first problem.
fn fill(
    cols: &OpportunityCols,
    touches: &Touches,
    rows: std::ops::Range<usize>,
    room: (usize, usize),
) -> Option<Columns> {
    let t0 = std::time::Instant::now();
    let long = match touches {
        Touches::Long(l) => Some((l, l.touches(&rows)?)),
        _ => None,
    };
    crate::trace(t0, "(a half's touches put in order)");
    let mut columns = match &long {
        Some((l, (_, t))) => {
            Columns::with_advocates(l.advocates.clone(), room.0, room.1.max(t.len()))
        }
        None => Columns::with_capacity(room.0, room.1),
    };
    let mut read: Vec<Read<'_>> = Vec::with_capacity(BLOCK);
    let mut buffer: Vec<TouchRef<'_>> = Vec::new();
    let mut products: Vec<&str> = Vec::new();
    let mut start = rows.start;
    while start < rows.end {
        let end = (start + BLOCK).min(rows.end);
        read.clear();
        buffer.clear();
        products.clear();
        for i in start..end {
            read.push(deal(cols, touches, i, &mut buffer, &mut products)?);
        }
        // Borrowing this block's reads: made for each block.
        let block: Vec<OpportunityRef<'_>> = read
            .iter()
            .map(|r| OpportunityRef {
                id: &r.id,
                created_on: r.created_on,
                closed_on: r.closed_on,
                stage: r.stage,
                amount: r.amount,
                currency: r.currency,
                qualified: r.qualified,
                segment: r.segment,
                industry: r.industry,
                country: r.country,
                products: products.get(r.products.clone()).unwrap_or(&[]),
                source: r.source.map(|k| (k, r.source_advocate.as_deref())),
                touches: buffer.get(r.touches.clone()).unwrap_or(&[]),
            })
            .collect();
        match &long {
            Some((_, (at, t))) => {
                for (o, i) in block.iter().zip(start - rows.start..) {
                    let (from, to) = (*at.get(i)? as usize, *at.get(i + 1)? as usize);
                    columns.push_numbered(o, t.get(from..to)?);
                }
            }
            None => columns.push_all(&block),
        }
        drop(block);
        if !columns.is_valid() {
            return None;
        }
        start = end;
    }
    Some(columns)
}

/// Deal `i`, its products and touches appended to `products` and `buffer`; `None` at the
/// first problem.
fn deal<'a>(
    cols: &'a OpportunityCols,
    touches: &'a Touches,
    i: usize,
    buffer: &mut Vec<TouchRef<'a>>,
    products: &mut Vec<&'a str>,
) -> Option<Read<'a>> {
    let id = id_at(cols.id.as_ref()?, i)?;
    let stage = cols.stage.as_ref().filter(|c| !c.is_null(i))?;
    let source_advocate = cols.source_advocate_id.as_ref().and_then(|c| id_at(c, i));
    let source = source(cols, i, source_advocate.as_deref())?.map(|(k, _)| k);
    let first_product = products.len();
    if let Some(p) = &cols.products {
        products.extend(p.get(i));
    }
    let first_touch = buffer.len();
    match touches {
        Touches::Nested(lists, valid, tc) => {
            if lists.is_valid(i) {
                let o = lists.value_offsets();
                for src in o[i] as usize..o[i + 1] as usize {
                    if valid.as_ref().is_some_and(|v| v.is_null(src)) {
                        return None;
                    }
                    buffer.push(touch(tc, src)?);
                }
            }
        }
        // Pushed as numbers.
        Touches::Long(_) | Touches::None => {}
    }
    Some(Read {
        id,
        source,
        stage: code(stage, i, Stage::ALL)?,
        created_on: date(cols.created_on.as_ref()?.get(i)?),
        closed_on: cols.closed_on.as_ref().and_then(|d| d.get(i)).map(date),
        amount: cols.amount.as_ref()?.get(i)?,
        currency: cols.currency.as_ref().and_then(|c| c.get(i)),
        qualified: cols
            .qualified
            .as_ref()
            .and_then(|b| b.get(i))
            .unwrap_or(true),
        segment: cols.segment.as_ref().and_then(|c| code(c, i, Segment::ALL)),
        industry: cols.industry.as_ref().and_then(|c| c.get(i)),
        country: cols.country.as_ref().and_then(|c| c.get(i)),
        products: first_product..products.len(),
        touches: first_touch..buffer.len(),
        source_advocate,
    })
}

/// The source of row `i` (`Some(None)`: no source), `None` for a source without its kind.
fn source<'a>(
    cols: &OpportunityCols,
    i: usize,
    advocate_id: Option<&'a str>,
) -> Option<Option<(SourceKind, Option<&'a str>)>> {
    if cols.source_valid.as_ref().is_some_and(|v| v.is_null(i)) {
        return Some(None);
    }
    match &cols.source_kind {
        Some(c) if !c.is_null(i) => Some(Some((code(c, i, SourceKind::ALL)?, advocate_id))),
        // A struct row or an advocate without a kind is a source without its kind.
        _ if cols.source_valid.is_some() || advocate_id.is_some() => None,
        _ => Some(None),
    }
}

/// The touch of row `src`, `None` when a required cell is missing.
fn touch(tc: &TouchCols, src: usize) -> Option<TouchRef<'_>> {
    let advocate_id = match tc.advocate_id.as_ref()? {
        IdCol::Str(s) => s.get(src)?,
        IdCol::Int(_) => return None,
    };
    let kind = tc.kind.as_ref().filter(|c| !c.is_null(src))?;
    Some(TouchRef {
        advocate_id,
        kind: code(kind, src, ActivityKind::ALL)?,
        on: date(tc.on.as_ref()?.get(src)?),
        solicited: tc
            .solicited
            .as_ref()
            .and_then(|b| b.get(src))
            .unwrap_or(true),
    })
}

/// Touch rows resolved per task of [`owners`] (a task is taken by whichever thread is free).
const RESOLVE_PIECE: usize = 1 << 19;

/// The long touches grouped by opportunity (a counting sort on the opportunities' rows,
/// joined on the table door's id table, short ids compared inside its slots) and numbered:
/// the [`owners`] of the rows and their cells [`numbered`]; `None` at the first problem:
/// a null, unknown or mistyped `opportunity_id`, an id used twice, a missing column or
/// cell, an integer advocate id. The counting sort is left to [`Numbered::touches`], per
/// half of the deals.
fn grouped(
    owners: Option<Vec<Vec<u32>>>,
    numbered: Option<(TouchCols, AdvocateNumbers, Vec<u32>)>,
) -> Option<Numbered> {
    let (owners, (cells, advocates, numbers)) = (owners?, numbered?);
    u32::try_from(numbers.len()).ok()?;
    Some(Numbered {
        advocates,
        owners,
        numbers,
        cells,
    })
}

/// The touch cells, and the rows' advocates numbered in the table's order.
fn numbered(batches: &[RecordBatch]) -> Option<(TouchCols, AdvocateNumbers, Vec<u32>)> {
    let m: usize = batches.iter().map(RecordBatch::num_rows).sum();
    let mut errors = Vec::new();
    if m == 0 {
        let cols = TouchCols::new(|_| Ok(None), &mut errors).ok()?;
        return Some((cols, AdvocateNumbers::new(), Vec::new()));
    }
    // The advocate ids are read a batch at a time (see `number`): not copied into one
    // column, as the cells are.
    let ids = crate::advocates::column_parts(batches, "advocate_id")?;
    for name in ["kind", "on"] {
        crate::advocates::column_parts(batches, name)?;
    }
    let cells = |name: &str| match name {
        "advocate_id" => Ok(None),
        _ => whole_column(batches, name),
    };
    let cols = TouchCols::new(cells, &mut errors).ok()?;
    errors.is_empty().then_some(())?;
    let (advocates, numbers) = number(&ids, m)?;
    Some((cols, advocates, numbers))
}

/// The advocate numbers of the `m` touch rows (their ids in `ids`, a column per batch),
/// in table order; `None` at a null or integer advocate id (the records path writes
/// integer ids out).
fn number(ids: &[arrow_array::ArrayRef], m: usize) -> Option<(AdvocateNumbers, Vec<u32>)> {
    let t0 = std::time::Instant::now();
    let mut advocates = AdvocateNumbers::new();
    let mut numbers = Vec::with_capacity(m);
    for part in ids {
        let IdCol::Str(ids) = IdCol::new(part, TOUCHES, "advocate_id").ok()? else {
            return None;
        };
        let want = numbers.len() + ids.len();
        advocates.extend((0..ids.len()).map_while(|r| ids.get(r)), &mut numbers);
        (numbers.len() == want).then_some(())?;
    }
    crate::trace(t0, "(touches: advocates numbered)");
    (numbers.len() == m).then_some((advocates, numbers))
}

/// The opportunity row of each touch row, in pieces of at most [`RESOLVE_PIECE`] rows of
/// one batch, in table order (see [`grouped`]).
fn owners(ids: &IdCol, batches: &[RecordBatch]) -> Option<Vec<Vec<u32>>> {
    let t0 = std::time::Instant::now();
    if batches.iter().all(|b| b.num_rows() == 0) {
        return Some(Vec::new());
    }
    let mut errors = Vec::new();
    let index = crate::ids::AdvocateIds::new(ids, &mut errors);
    if !errors.is_empty() {
        return None;
    }
    crate::trace(t0, "(touches: deal ids indexed)");
    let keys = crate::advocates::column_parts(batches, "opportunity_id")?;
    let at = crate::ids::Target {
        table: TOUCHES,
        field: "opportunity_id",
        shift: 0,
        ignore_unknown: false,
    };
    // Each batch's key column is read where it is (not copied into one column).
    let pieces: Vec<(usize, std::ops::Range<usize>)> = keys
        .iter()
        .enumerate()
        .flat_map(|(b, k)| {
            (0..k.len().div_ceil(RESOLVE_PIECE))
                .map(move |p| (b, p * RESOLVE_PIECE..((p + 1) * RESOLVE_PIECE).min(k.len())))
        })
        .collect();
    // The owner of every row of a piece; `None` for a piece with a problem.
    let resolve = |(b, rows): (usize, std::ops::Range<usize>)| {
        let key = IdCol::new(keys.get(b)?, TOUCHES, "opportunity_id").ok()?;
        let mut owner = Vec::with_capacity(rows.len());
        let mut errors = Vec::new();
        index.resolve(&key, rows, &at, &mut owner, &mut errors);
        (errors.is_empty() && !owner.contains(&u32::MAX)).then_some(owner)
    };
    let pieces: Vec<Option<Vec<u32>>> = crate::threads::map(pieces, resolve);
    crate::trace(t0, "(touches: deal ids resolved)");
    pieces.into_iter().collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{ArrayRef, Date32Array, Float64Array, StringArray};

    use super::*;

    fn batch(cols: Vec<(&str, ArrayRef)>) -> RecordBatch {
        RecordBatch::try_from_iter(cols).unwrap()
    }

    /// The measurement of `c` with the default policy over `[from, to, as_of]`.
    fn measured(c: &Columns, [from, to, as_of]: [&str; 3]) -> plaudit::Measurement {
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        plaudit::Engine::default()
            .measure_columns(c, None, (d(from), d(to)), d(as_of))
            .unwrap()
    }

    #[test]
    fn many_deals_with_touches_in_any_order_measure_as_their_records() {
        // Enough deals for many buckets of the radix-partitioned sort in each half, the
        // touches' rows in a scrambled order, over three batches.
        let (deals, rows) = (9_000usize, 30_000usize);
        let mix = |i: usize, k: u64| {
            let x = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ k;
            (x ^ (x >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9) >> 20
        };
        let base = 20_454; // 2026-01-01
        let opps = batch(vec![
            (
                "id",
                Arc::new(StringArray::from_iter_values(
                    (0..deals).map(|i| format!("o{i:05}")),
                )) as ArrayRef,
            ),
            (
                "created_on",
                Arc::new(Date32Array::from_iter_values(
                    (0..deals).map(|i| base + (mix(i, 1) % 120) as i32),
                )),
            ),
            (
                "closed_on",
                Arc::new(Date32Array::from_iter_values(
                    (0..deals).map(|i| base + 150 + (mix(i, 2) % 60) as i32),
                )),
            ),
            (
                "stage",
                Arc::new(StringArray::from_iter_values(
                    (0..deals).map(|i| ["won", "lost", "won"][(mix(i, 3) % 3) as usize]),
                )),
            ),
            (
                "amount",
                Arc::new(Float64Array::from_iter_values(
                    (0..deals).map(|i| (mix(i, 4) % 100_000) as f64 / 100.0),
                )),
            ),
        ]);
        let owner = |r: usize| (mix(r, 5) % deals as u64) as usize;
        let touches = batch(vec![
            (
                "opportunity_id",
                Arc::new(StringArray::from_iter_values(
                    (0..rows).map(|r| format!("o{:05}", owner(r))),
                )) as ArrayRef,
            ),
            (
                "advocate_id",
                Arc::new(StringArray::from_iter_values(
                    (0..rows).map(|r| format!("a{}", mix(r, 6) % 700)),
                )),
            ),
            (
                "kind",
                Arc::new(StringArray::from_iter_values((0..rows).map(|r| {
                    ["reference_call", "review", "case_study"][(mix(r, 7) % 3) as usize]
                }))),
            ),
            (
                "on",
                // Some touches fall outside their deal's window, so not every one counts.
                Arc::new(Date32Array::from_iter_values(
                    (0..rows).map(|r| base - 100 + (mix(r, 8) % 300) as i32),
                )),
            ),
        ]);
        let tables = OpportunityTables {
            opportunities: vec![opps],
            touches: Some(vec![
                touches.slice(0, 7_000),
                touches.slice(7_000, 20_000),
                touches.slice(27_000, 3_000),
            ]),
        };
        let measure = |c: &Columns| {
            let m = measured(c, ["2026-01-01", "2026-12-31", "2027-01-01"]);
            assert!(m.per_advocate.len() > 600, "{}", m.per_advocate.len());
            serde_json::to_string(&m).unwrap()
        };
        let records = super::super::opportunities(&tables).unwrap();
        let expected = measure(&Columns::from_checked(&records));
        for halves in [0, usize::MAX] {
            let c = columns_in_halves_from(&tables, halves).unwrap();
            assert_eq!(measure(&c), expected, "halves from {halves}");
        }
    }

    #[test]
    fn deals_filled_in_two_halves_measure_as_in_one() {
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let day = |s: &str| {
            let d: chrono::NaiveDate = s.parse().unwrap();
            i32::try_from((d - epoch).num_days()).unwrap()
        };
        let ids = ["o3", "o1", "o5", "o2", "o4"];
        let opps = batch(vec![
            ("id", Arc::new(StringArray::from(ids.to_vec())) as ArrayRef),
            (
                "created_on",
                Arc::new(Date32Array::from(vec![day("2026-01-10"); 5])),
            ),
            (
                "closed_on",
                // The last deal is open: no close.
                Arc::new(Date32Array::from(vec![
                    Some(day("2026-02-10")),
                    Some(day("2026-02-10")),
                    Some(day("2026-02-10")),
                    Some(day("2026-02-10")),
                    None,
                ])),
            ),
            (
                "stage",
                Arc::new(StringArray::from(vec!["won", "lost", "won", "won", "open"])),
            ),
            (
                "amount",
                Arc::new(Float64Array::from(vec![10.0, 20.0, 30.5, 7.0, 1.0])),
            ),
            (
                "currency",
                Arc::new(StringArray::from(vec![
                    Some("EUR"),
                    None,
                    Some("USD"),
                    Some("EUR"),
                    None,
                ])),
            ),
            (
                "industry",
                Arc::new(StringArray::from(vec![
                    Some("software"),
                    None,
                    Some("retail"),
                    Some("software"),
                    None,
                ])),
            ),
        ]);
        let owners = ["o5", "o1", "o3", "o3", "o2", "o5", "o4"];
        let advocates = ["c", "a", "b", "a", "c", "a", "d"];
        let touches = batch(vec![
            (
                "opportunity_id",
                Arc::new(StringArray::from(owners.to_vec())) as ArrayRef,
            ),
            (
                "advocate_id",
                Arc::new(StringArray::from(advocates.to_vec())),
            ),
            ("kind", Arc::new(StringArray::from(vec!["review"; 7]))),
            (
                "on",
                Arc::new(Date32Array::from(vec![day("2026-01-20"); 7])),
            ),
        ]);
        let tables = OpportunityTables {
            opportunities: vec![opps],
            touches: Some(vec![touches]),
        };
        let measure = |c: &Columns| {
            serde_json::to_string(&measured(c, ["2026-01-01", "2026-03-31", "2026-04-01"])).unwrap()
        };
        let whole = measure(&columns_in_halves_from(&tables, usize::MAX).unwrap());
        assert!(
            whole.contains("\"EUR\"") && whole.contains("\"d\""),
            "{whole}"
        );
        // The records path, which reads every touch row by row, means the same.
        let records = super::super::opportunities(&tables).unwrap();
        assert_eq!(measure(&Columns::from_checked(&records)), whole);
        for halves in [0, 1, 2, 5] {
            let c = columns_in_halves_from(&tables, halves).unwrap();
            assert_eq!(c.len(), 5);
            assert_eq!(measure(&c), whole, "halves from {halves}");
        }
        // Touches in several batches (read a batch at a time), one of them empty.
        let one = &tables.touches.as_ref().unwrap()[0];
        let batched = OpportunityTables {
            opportunities: tables.opportunities.clone(),
            touches: Some(vec![one.slice(0, 3), one.slice(3, 0), one.slice(3, 4)]),
        };
        for halves in [0, 2, usize::MAX] {
            let c = columns_in_halves_from(&batched, halves).unwrap();
            assert_eq!(measure(&c), whole, "batched, halves from {halves}");
        }
        // A touch without its kind, in either half, sends the tables down the records path
        // (which names its cell).
        for bad in 0..owners.len() {
            let kinds: Vec<Option<&str>> = (0..owners.len())
                .map(|r| (r != bad).then_some("review"))
                .collect();
            let good = &tables.touches.as_ref().unwrap()[0];
            let kind = good.schema().index_of("kind").unwrap();
            let mut cols = good.columns().to_vec();
            cols[kind] = Arc::new(StringArray::from(kinds));
            let schema = good.schema();
            let names = schema.fields().iter().map(|f| f.name().as_str());
            let touches = batch(names.zip(cols).collect());
            let broken = OpportunityTables {
                opportunities: tables.opportunities.clone(),
                touches: Some(vec![touches]),
            };
            for halves in [0, 1, 2, 5, usize::MAX] {
                assert!(
                    columns_in_halves_from(&broken, halves).is_none(),
                    "row {bad}"
                );
            }
            let e = super::super::opportunities(&broken).unwrap_err();
            assert!(
                e.errors.iter().any(|e| e.path.ends_with(".kind")),
                "row {bad}: {e:?}"
            );
        }
    }
}
