//! Deals straight from the Arrow columns into [`plaudit::Columns`]: no `Opportunity`
//! record and no `String` per touch. Only tables without any problem go this way; at the
//! first problem the records path (`opportunities`) reads the tables again and reports
//! every problem with its path, as it always has, so both paths mean the same.

use arrow_array::Array;
use arrow_buffer::NullBuffer;
use plaudit::{Columns, OpportunityRef, TouchRef};

use super::{
    ActivityKind, Grouped, IdCol, OpportunityCols, OpportunityTables, RecordBatch, Segment,
    SourceKind, Stage, TOUCHES, TouchCols, code, date, id_at, nested_touches, whole_column,
};

/// Where the touches are.
enum Touches {
    /// The lists, the nulls of their items, the item columns.
    Nested(arrow_array::ListArray, Option<NullBuffer>, TouchCols),
    Long(Grouped, TouchCols),
    None,
}

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
    let long = |ids: Option<&IdCol>| -> Option<Option<(Grouped, TouchCols)>> {
        match &tables.touches {
            Some(touch_batches) => group(ids, n, touch_batches).map(Some),
            None => Some(None),
        }
    };
    let read = || {
        let mut errors = Vec::new();
        let cols = OpportunityCols::new(batches, &mut errors).ok()?;
        crate::trace(t0, "(opportunity cells read)");
        errors.is_empty().then_some(cols)
    };
    let (cols, grouped) = if n >= halves {
        // The grouping reads only the id column: its own copy of it.
        let ids = whole_column(batches, "id")
            .ok()?
            .map(|a| IdCol::new(&a, super::T, "id"))
            .transpose()
            .ok()?;
        crate::threads::join(read, || long(ids.as_ref()))
    } else {
        let cols = read();
        let grouped = long(cols.as_ref().and_then(|c| c.id.as_ref()));
        (cols, grouped)
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
        (None, Some((grouped, tc))) => Touches::Long(grouped, tc),
        (None, None) => Touches::None,
    };
    let tc = match &touches {
        Touches::Nested(_, _, tc) | Touches::Long(_, tc) => Some(tc),
        Touches::None => None,
    };
    if !errors.is_empty() || tc.is_some_and(|t| matches!(t.advocate_id, Some(IdCol::Int(_)))) {
        return None;
    }
    let total = match &touches {
        Touches::Nested(lists, _, _) => lists.values().len(),
        Touches::Long(g, _) => g.order.len(),
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
    let mut columns = Columns::with_capacity(room.0, room.1);
    let mut read: Vec<Read<'_>> = Vec::with_capacity(BLOCK);
    let mut buffer: Vec<TouchRef<'_>> = Vec::new();
    let mut products: Vec<&str> = Vec::new();
    let mut start = rows.start;
    while start < rows.end {
        let end = (start + BLOCK).min(rows.end);
        read.clear();
        buffer.clear();
        products.clear();
        if let Touches::Long(g, tc) = touches {
            ahead(tc, g.order.get(g.start[start]..g.start[end]).unwrap_or(&[]));
        }
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
        columns.push_all(&block);
        drop(block);
        if !columns.is_valid() {
            return None;
        }
        start = end;
    }
    Some(columns)
}

/// Asks the cache for the cells of the long touch rows `rows` (in table order, so at
/// random) before they are read: one pass of reads that do not depend on one another, so
/// their misses overlap, then the ids' bytes, whose place the first pass brought in.
fn ahead(tc: &TouchCols, rows: &[u32]) {
    let ids = match &tc.advocate_id {
        Some(IdCol::Str(s)) => Some(s),
        _ => None,
    };
    let mut seen = 0u32;
    for &r in rows {
        let r = r as usize;
        if let Some(s) = ids {
            s.prefetch(r, false);
        }
        seen ^= tc.kind.as_ref().and_then(|c| c.get(r)).map_or(0, u32::from);
        seen ^= tc
            .on
            .as_ref()
            .and_then(|d| d.get(r))
            .map_or(0, i32::unsigned_abs);
    }
    std::hint::black_box(seen);
    if let Some(s) = ids {
        for &r in rows {
            s.prefetch(r as usize, true);
        }
    }
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
        Touches::Long(g, tc) => {
            for &src in &g.order[g.start[i]..g.start[i + 1]] {
                buffer.push(touch(tc, src as usize)?);
            }
        }
        Touches::None => {}
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

/// Touch rows resolved per task of [`group`] (a task is taken by whichever thread is free).
const RESOLVE_PIECE: usize = 1 << 19;

/// The long touches grouped by opportunity (a counting sort on the opportunities' rows),
/// joined on the table door's id table (short ids compared inside its slots); `None` at
/// the first problem: a null, unknown or mistyped `opportunity_id`, an id used twice, a
/// missing column.
///
/// The touch cells are read while the rows are joined, and the join runs in pieces, so a
/// thread that is done with the opportunity columns takes part of it.
fn group(ids: Option<&IdCol>, n: usize, batches: &[RecordBatch]) -> Option<(Grouped, TouchCols)> {
    let get = |name: &str| whole_column(batches, name);
    let m: usize = batches.iter().map(RecordBatch::num_rows).sum();
    if m == 0 {
        let mut errors = Vec::new();
        let cols = TouchCols::new(|_| Ok(None), &mut errors).ok()?;
        let start = vec![0; n + 1];
        return Some((
            Grouped {
                start,
                order: Vec::new(),
            },
            cols,
        ));
    }
    let cells = || {
        for name in ["advocate_id", "kind", "on"] {
            get(name).ok()??;
        }
        let mut errors = Vec::new();
        let cols = TouchCols::new(get, &mut errors).ok()?;
        errors.is_empty().then_some(cols)
    };
    let (grouped, cols) = crate::threads::join(|| order(ids?, n, batches, m), cells);
    Some((grouped?, cols?))
}

/// The touch rows (`m` of them) in the order of their opportunities' rows (`n`), see
/// [`group`].
fn order(ids: &IdCol, n: usize, batches: &[RecordBatch], m: usize) -> Option<Grouped> {
    let t0 = std::time::Instant::now();
    let mut errors = Vec::new();
    let index = crate::ids::AdvocateIds::new(ids, &mut errors);
    if !errors.is_empty() {
        return None;
    }
    crate::trace(t0, "(touches: deal ids indexed)");
    let key = IdCol::new(
        &whole_column(batches, "opportunity_id").ok()??,
        TOUCHES,
        "opportunity_id",
    )
    .ok()?;
    let at = crate::ids::Target {
        table: TOUCHES,
        field: "opportunity_id",
        shift: 0,
        ignore_unknown: false,
    };
    // The owner of every row, resolved in pieces; `None` for a piece with a problem.
    let resolve = |rows: std::ops::Range<usize>| {
        let mut owner = Vec::with_capacity(rows.len());
        let mut errors = Vec::new();
        index.resolve(&key, rows, &at, &mut owner, &mut errors);
        (errors.is_empty() && !owner.contains(&u32::MAX)).then_some(owner)
    };
    let pieces: Vec<Option<Vec<u32>>> = crate::threads::map(0..m.div_ceil(RESOLVE_PIECE), |p| {
        resolve(p * RESOLVE_PIECE..((p + 1) * RESOLVE_PIECE).min(m))
    });
    crate::trace(t0, "(touches: deal ids resolved)");
    drop(index);
    let mut start = vec![0usize; n + 1];
    for piece in &pieces {
        for &o in piece.as_ref()? {
            *start.get_mut(o as usize + 1)? += 1;
        }
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut next = start.clone();
    let mut order = vec![0u32; m];
    let rows = pieces.iter().flatten().flatten();
    for (r, &o) in rows.enumerate() {
        let slot = next.get_mut(o as usize)?;
        *order.get_mut(*slot)? = r as u32;
        *slot += 1;
    }
    crate::trace(t0, "(touches: grouped)");
    Some(Grouped { start, order })
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
        let engine = plaudit::Engine::default();
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        let measure = |c: &Columns| {
            let m = engine
                .measure_columns(c, None, (d("2026-01-01"), d("2026-03-31")), d("2026-04-01"))
                .unwrap();
            serde_json::to_string(&m).unwrap()
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
