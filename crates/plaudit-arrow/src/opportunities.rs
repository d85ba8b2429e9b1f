//! Opportunities through the table door: an opportunities table (one row per deal, columns
//! named like the record's fields; the source as a `source` struct or flat `source_kind` /
//! `source_advocate_id` columns) with its touches either nested (a `touches` column, a list
//! of structs) or long (a touches table keyed by `opportunity_id`, rows in any order).
//!
//! Every cell means what the JSON door makes of it: a null is an absent value (so a null in
//! a required column is `missing_field`), and problems are reported all at once with the
//! path of their cell, the path the JSON door gives them: `opportunities[3].amount`,
//! `opportunities[3].touches[1].on`. In the long shape a bad cell of row 17 of the touches
//! table (over all its batches), the second touch of opportunity row 3, is
//! `opportunities[3].touches[1].on` too, its row kept in the message ("touches row 17"); a
//! row whose opportunity is unknown (an unknown or null `opportunity_id`) keeps its table
//! path (`touches[17].opportunity_id`).

use std::borrow::Cow;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, BooleanArray, ListArray, RecordBatch};
use arrow_schema::DataType;
use chrono::NaiveDate;
use plaudit::dates::Day;
use plaudit::{
    ActivityKind, ErrorCode, FieldError, Opportunity, RecordError, Segment, Source, SourceKind,
    Stage, Touch,
};
use rayon::prelude::*;

use crate::advocates::whole_column;
use crate::column::{Bools, Codes, Days, Floats, Problems, StrLists, Strs, cell, push_limited};
use crate::ids::IdCol;

mod columns;

const T: &str = "opportunities";
const TOUCHES: &str = "touches";

/// The opportunity tables, as Arrow record batches.
#[derive(Debug, Default, Clone)]
pub struct OpportunityTables {
    /// One row per opportunity; touches nested in a `touches` list column, or in
    /// [`OpportunityTables::touches`].
    pub opportunities: Vec<RecordBatch>,
    /// One row per touch, keyed by `opportunity_id`, rows in any order.
    pub touches: Option<Vec<RecordBatch>>,
}

fn accepted<V: std::fmt::Display>(all: &[V]) -> String {
    all.iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn pos<V: Copy + PartialEq>(all: &[V], v: Option<V>) -> Option<u8> {
    v.and_then(|v| all.iter().position(|x| *x == v))
        .map(|p| p as u8)
}

fn code<V: Copy>(c: &Codes, i: usize, all: &[V]) -> Option<V> {
    c.get(i).and_then(|k| all.get(k as usize).copied())
}

fn missing(errors: &mut Problems, path: String) {
    push_limited(errors, path, ErrorCode::MissingField, "is required");
}

/// The value of a required cell (`field` of row `i` of `table`), or `placeholder` after
/// reporting the cell as missing.
fn required<V>(
    value: Option<V>,
    errors: &mut Problems,
    (table, i, field): (&str, usize, &str),
    placeholder: V,
) -> V {
    value.unwrap_or_else(|| {
        missing(errors, cell(table, i, field));
        placeholder
    })
}

/// The ids of an id column as text (integer ids are written in decimal).
fn id_at(c: &IdCol, i: usize) -> Option<Cow<'_, str>> {
    match c {
        IdCol::Str(s) => s.get(i).map(Cow::Borrowed),
        IdCol::Int(a) => a.is_valid(i).then(|| a.value(i).to_string().into()),
    }
}

/// Field `name` of a struct column, null wherever the struct itself is null.
fn struct_field(a: &ArrayRef, name: &str) -> Option<ArrayRef> {
    let s = a.as_struct_opt()?;
    let child = s.column_by_name(name)?;
    match s.nulls() {
        Some(n) if n.null_count() > 0 => {
            let is_null = BooleanArray::new(!n.inner(), None);
            arrow_select::nullif::nullif(child, &is_null).ok()
        }
        _ => Some(child.clone()),
    }
}

/// The touch columns: `advocate_id`, `kind`, `on` and optionally `solicited`.
struct TouchCols {
    advocate_id: Option<IdCol>,
    kind: Option<Codes>,
    on: Option<Days>,
    solicited: Option<Bools>,
}

impl TouchCols {
    /// Reads the touch columns found by `get`; cell paths are `touches[src].field`.
    fn new(
        get: impl Fn(&str) -> Result<Option<ArrayRef>, FieldError>,
        errors: &mut Problems,
    ) -> Result<TouchCols, FieldError> {
        let kinds = accepted(ActivityKind::ALL);
        Ok(TouchCols {
            advocate_id: get("advocate_id")?
                .map(|a| IdCol::new(&a, TOUCHES, "advocate_id"))
                .transpose()?,
            kind: get("kind")?
                .map(|a| {
                    Codes::new(
                        &a,
                        TOUCHES,
                        "kind",
                        |s| pos(ActivityKind::ALL, ActivityKind::parse(s)),
                        &kinds,
                        errors,
                    )
                })
                .transpose()?,
            on: get("on")?
                .map(|a| Days::new(&a, TOUCHES, "on", errors))
                .transpose()?,
            solicited: get("solicited")?
                .map(|a| Bools::new(&a, TOUCHES, "solicited"))
                .transpose()?,
        })
    }

    /// The touch of row `i` (placeholders where a cell is bad, after reporting it).
    fn touch(&self, i: usize, errors: &mut Problems) -> Touch {
        let advocate_id = required(
            self.advocate_id.as_ref().and_then(|c| id_at(c, i)),
            errors,
            (TOUCHES, i, "advocate_id"),
            Cow::Borrowed(""),
        );
        // A kind that is there but unknown is reported already: `None` then.
        let kind = required(
            self.kind
                .as_ref()
                .filter(|c| !c.is_null(i))
                .map(|c| code(c, i, ActivityKind::ALL)),
            errors,
            (TOUCHES, i, "kind"),
            None,
        );
        let on = required(
            self.on.as_ref().and_then(|d| d.get(i)),
            errors,
            (TOUCHES, i, "on"),
            crate::column::EPOCH_DAY,
        );
        Touch {
            advocate_id: advocate_id.into_owned(),
            kind: kind.unwrap_or(ActivityKind::ReferenceCall),
            on: date(on),
            solicited: self
                .solicited
                .as_ref()
                .and_then(|b| b.get(i))
                .unwrap_or(true),
        }
    }
}

fn date(d: Day) -> NaiveDate {
    plaudit::dates::date(d)
}

/// Every opportunity column the table may carry (`id`, `created_on`, `stage` and `amount`
/// are required; unknown columns are ignored, as unknown record fields are).
struct OpportunityCols {
    id: Option<IdCol>,
    account_id: Option<Strs>,
    created_on: Option<Days>,
    closed_on: Option<Days>,
    stage: Option<Codes>,
    amount: Option<Floats>,
    currency: Option<Strs>,
    qualified: Option<Bools>,
    segment: Option<Codes>,
    industry: Option<Strs>,
    country: Option<Strs>,
    products: Option<StrLists>,
    source_kind: Option<Codes>,
    source_advocate_id: Option<IdCol>,
    /// Whether the source came as a struct column (its null rows are absent sources).
    source_valid: Option<arrow_buffer::NullBuffer>,
}

impl OpportunityCols {
    fn new(batches: &[RecordBatch], errors: &mut Problems) -> Result<Self, FieldError> {
        let source = whole_column(batches, "source")?.filter(|a| a.as_struct_opt().is_some());
        let get = |name: &str| whole_column(batches, name);
        let source_col = |name: &str| -> Result<Option<ArrayRef>, FieldError> {
            match &source {
                Some(s) => Ok(struct_field(s, name)),
                None => get(&format!("source_{name}")),
            }
        };
        let stages = accepted(Stage::ALL);
        let segments = accepted(Segment::ALL);
        let sources = accepted(SourceKind::ALL);
        let strs = |name: &str| -> Result<Option<Strs>, FieldError> {
            get(name)?.map(|a| Strs::new(&a, T, name)).transpose()
        };
        let days = |name: &str, errors: &mut Problems| -> Result<Option<Days>, FieldError> {
            get(name)?
                .map(|a| Days::new(&a, T, name, errors))
                .transpose()
        };
        Ok(OpportunityCols {
            id: get("id")?.map(|a| IdCol::new(&a, T, "id")).transpose()?,
            account_id: strs("account_id")?,
            created_on: days("created_on", errors)?,
            closed_on: days("closed_on", errors)?,
            stage: get("stage")?
                .map(|a| {
                    Codes::new(
                        &a,
                        T,
                        "stage",
                        |s| pos(Stage::ALL, Stage::parse(s)),
                        &stages,
                        errors,
                    )
                })
                .transpose()?,
            amount: get("amount")?
                .map(|a| Floats::new(&a, T, "amount"))
                .transpose()?,
            currency: strs("currency")?,
            qualified: get("qualified")?
                .map(|a| Bools::new(&a, T, "qualified"))
                .transpose()?,
            segment: get("segment")?
                .map(|a| {
                    Codes::new(
                        &a,
                        T,
                        "segment",
                        |s| pos(Segment::ALL, Segment::parse(s)),
                        &segments,
                        errors,
                    )
                })
                .transpose()?,
            industry: strs("industry")?,
            country: strs("country")?,
            products: get("products")?
                .map(|a| StrLists::new(&a, T, "products"))
                .transpose()?,
            source_kind: source_col("kind")?
                .map(|a| {
                    Codes::new(
                        &a,
                        T,
                        "source.kind",
                        |s| pos(SourceKind::ALL, SourceKind::parse(s)),
                        &sources,
                        errors,
                    )
                })
                .transpose()?,
            source_advocate_id: source_col("advocate_id")?
                .map(|a| IdCol::new(&a, T, "source.advocate_id"))
                .transpose()?,
            source_valid: source.as_ref().map(|s| {
                s.logical_nulls()
                    .unwrap_or_else(|| arrow_buffer::NullBuffer::new_valid(s.len()))
            }),
        })
    }

    /// The opportunity of row `i` without its touches (placeholders where a cell is bad,
    /// after reporting it).
    fn opportunity(&self, i: usize, errors: &mut Problems) -> Opportunity {
        let id = required(
            self.id.as_ref().and_then(|c| id_at(c, i)),
            errors,
            (T, i, "id"),
            Cow::Borrowed(""),
        )
        .into_owned();
        let created_on = required(
            self.created_on.as_ref().and_then(|d| d.get(i)).map(date),
            errors,
            (T, i, "created_on"),
            NaiveDate::MIN,
        );
        // A stage that is there but unknown is reported already: `None` then.
        let stage = required(
            self.stage
                .as_ref()
                .filter(|c| !c.is_null(i))
                .map(|c| code(c, i, Stage::ALL)),
            errors,
            (T, i, "stage"),
            None,
        );
        let amount = required(
            self.amount.as_ref().and_then(|f| f.get(i)),
            errors,
            (T, i, "amount"),
            0.0,
        );
        let closed_on = self.closed_on.as_ref().and_then(|d| d.get(i)).map(date);
        let mut o = Opportunity::new(id, created_on);
        // A bad stage is reported already: the placeholder keeps `closed_on` from being
        // reported too.
        o.stage = stage.unwrap_or(if closed_on.is_some() {
            Stage::Won
        } else {
            Stage::Open
        });
        o.closed_on = closed_on;
        o.amount = amount;
        if let Some(s) = self.account_id.as_ref().and_then(|c| c.get(i)) {
            o.account_id = s.to_owned();
        }
        o.currency = self
            .currency
            .as_ref()
            .and_then(|c| c.get(i))
            .map(str::to_owned);
        o.qualified = self
            .qualified
            .as_ref()
            .and_then(|b| b.get(i))
            .unwrap_or(true);
        o.segment = self.segment.as_ref().and_then(|c| code(c, i, Segment::ALL));
        o.industry = self
            .industry
            .as_ref()
            .and_then(|c| c.get(i))
            .map(str::to_owned);
        o.country = self
            .country
            .as_ref()
            .and_then(|c| c.get(i))
            .map(str::to_owned);
        if let Some(p) = &self.products {
            o.products = p.get(i).map(str::to_owned).collect();
        }
        o.source = self.source(i, errors);
        o
    }

    fn source(&self, i: usize, errors: &mut Problems) -> Option<Source> {
        if self.source_valid.as_ref().is_some_and(|v| v.is_null(i)) {
            return None;
        }
        let advocate_id = self
            .source_advocate_id
            .as_ref()
            .and_then(|c| id_at(c, i))
            .map(Cow::into_owned);
        let kind = match &self.source_kind {
            Some(c) if !c.is_null(i) => code(c, i, SourceKind::ALL),
            _ => {
                // A struct row or an advocate without a kind is a source without its kind.
                if self.source_valid.is_some() || advocate_id.is_some() {
                    missing(errors, cell(T, i, "source.kind"));
                }
                return None;
            }
        };
        Some(Source {
            kind: kind.unwrap_or(SourceKind::Other),
            advocate_id,
        })
    }
}

/// Where each touch of the long table goes: `order` lists the touch rows grouped by
/// opportunity (opportunity `i` owns `order[start[i]..start[i + 1]]`), each opportunity's
/// in table order.
struct Grouped {
    start: Vec<usize>,
    order: Vec<u32>,
}

/// Groups the long touches by opportunity with a counting sort on the opportunities' rows.
fn group_long(
    batches: &[RecordBatch],
    ids: &[&str],
    errors: &mut Problems,
) -> Result<(Grouped, TouchCols), FieldError> {
    let get = |name: &str| whole_column(batches, name);
    let n: usize = batches.iter().map(RecordBatch::num_rows).sum();
    if n == 0 {
        // No touch (an empty table may come without a batch, hence without columns).
        let cols = TouchCols::new(|_| Ok(None), errors)?;
        let grouped = Grouped {
            start: vec![0; ids.len() + 1],
            order: Vec::new(),
        };
        return Ok((grouped, cols));
    }
    let key = get("opportunity_id")?.ok_or_else(|| {
        FieldError::new(
            "touches.opportunity_id",
            ErrorCode::MissingField,
            "column is required",
        )
    })?;
    let key = IdCol::new(&key, TOUCHES, "opportunity_id")?;
    let mut index: foldhash::HashMap<&str, u32> = foldhash::HashMap::default();
    index.reserve(ids.len());
    for (i, id) in ids.iter().enumerate() {
        index.entry(crate::column::trim(id)).or_insert(i as u32);
    }
    let mut owner: Vec<u32> = Vec::with_capacity(n);
    let mut prev: Option<(&str, u32)> = None;
    for r in 0..n {
        let Some(k) = id_at(&key, r) else {
            push_limited(
                errors,
                cell(TOUCHES, r, "opportunity_id"),
                ErrorCode::Required,
                "must not be null",
            );
            owner.push(u32::MAX);
            continue;
        };
        // Rows grouped by opportunity reuse the row before's lookup.
        if let (Some((pk, pi)), Cow::Borrowed(b)) = (prev, &k) {
            if pk == *b {
                owner.push(pi);
                continue;
            }
        }
        match index.get(crate::column::trim(&k)) {
            Some(&i) => {
                if let Cow::Borrowed(b) = k {
                    prev = Some((b, i));
                }
                owner.push(i);
            }
            None => {
                push_limited(
                    errors,
                    cell(TOUCHES, r, "opportunity_id"),
                    ErrorCode::InvalidValue,
                    format!("`{k}` is not an id in `opportunities`"),
                );
                owner.push(u32::MAX);
            }
        }
    }
    let mut start = vec![0usize; ids.len() + 1];
    for &o in &owner {
        if let Some(s) = start.get_mut(o as usize + 1) {
            *s += 1;
        }
    }
    for i in 0..ids.len() {
        start[i + 1] += start[i];
    }
    let mut next = start.clone();
    let mut order = vec![0u32; start[ids.len()]];
    for (r, &o) in owner.iter().enumerate() {
        if let Some(slot) = next.get_mut(o as usize) {
            order[*slot] = r as u32;
            *slot += 1;
        }
    }
    for name in ["advocate_id", "kind", "on"] {
        if get(name)?.is_none() {
            return Err(FieldError::new(
                format!("{TOUCHES}.{name}"),
                ErrorCode::MissingField,
                "column is required",
            ));
        }
    }
    let cols = TouchCols::new(get, errors)?;
    Ok((Grouped { start, order }, cols))
}

/// The nested `touches` column: its lists and the columns of its structs.
fn nested_touches(
    a: &ArrayRef,
    errors: &mut Problems,
) -> Result<(ListArray, TouchCols), FieldError> {
    let wrong = || {
        FieldError::new(
            "opportunities.touches",
            ErrorCode::InvalidType,
            format!(
                "column of Arrow type `{}` is not a list of structs",
                a.data_type()
            ),
        )
    };
    let lists = match a.data_type() {
        DataType::List(_) => a.as_list::<i32>().clone(),
        DataType::LargeList(f)
        | DataType::ListView(f)
        | DataType::LargeListView(f)
        | DataType::FixedSizeList(f, _) => {
            let c = arrow_cast::cast(a, &DataType::List(Arc::clone(f))).map_err(|_| wrong())?;
            c.as_list_opt::<i32>().ok_or_else(wrong)?.clone()
        }
        _ => return Err(wrong()),
    };
    let values = lists.values().clone();
    let cols = match values.data_type() {
        DataType::Struct(_) => TouchCols::new(
            |name| Ok(values.as_struct().column_by_name(name).cloned()),
            errors,
        )?,
        // Lists that are all empty carry no item type worth the name.
        DataType::Null => TouchCols::new(|_| Ok(None), errors)?,
        _ => return Err(wrong()),
    };
    Ok((lists, cols))
}

/// Rewrites `touches[src]...` to `opportunities[i].touches[k]...` for nested touches.
fn locate_nested(lists: &ListArray, path: &mut String) {
    let Some(rest) = path.strip_prefix("touches") else {
        return;
    };
    if let Some((num, tail)) = rest.strip_prefix('[').and_then(|r| r.split_once(']')) {
        if let Ok(src) = num.parse::<usize>() {
            let o = lists.value_offsets();
            let i = o.partition_point(|&x| x as usize <= src).saturating_sub(1);
            let k = src.saturating_sub(o.get(i).map_or(0, |&x| x as usize));
            *path = format!("opportunities[{i}].touches[{k}]{tail}");
            return;
        }
    }
    *path = format!("opportunities.{path}");
}

/// Rows of opportunities per piece of work.
const PIECE: usize = 16_384;

/// The opportunities of the tables as records, normalized and validated (ids unique), in
/// input order; every problem is reported with the path of its cell.
pub fn opportunities(tables: &OpportunityTables) -> Result<Vec<Opportunity>, RecordError> {
    let one = |e: FieldError| RecordError { errors: vec![e] };
    let batches = &tables.opportunities;
    let n: usize = batches.iter().map(RecordBatch::num_rows).sum();
    let mut errors: Problems = Vec::new();
    let cols = OpportunityCols::new(batches, &mut errors).map_err(one)?;
    for (name, present) in [
        ("id", cols.id.is_some()),
        ("created_on", cols.created_on.is_some()),
        ("stage", cols.stage.is_some()),
        ("amount", cols.amount.is_some()),
    ] {
        if !present && n > 0 {
            errors.push(FieldError::new(
                format!("{T}.{name}"),
                ErrorCode::MissingField,
                "column is required",
            ));
        }
    }
    if !errors.is_empty() && errors.iter().any(|e| !e.path.contains('[')) {
        errors.truncate(plaudit::MAX_REPORTED_ERRORS);
        return Err(RecordError { errors });
    }

    let nested = whole_column(batches, TOUCHES).map_err(one)?;
    let nested = match (nested, &tables.touches) {
        (Some(_), Some(_)) => {
            return Err(one(FieldError::new(
                "opportunities.touches",
                ErrorCode::InvalidValue,
                "`touches` is given twice: nested in `opportunities` and as a table",
            )));
        }
        (Some(a), None) => Some(nested_touches(&a, &mut errors).map_err(one)?),
        (None, _) => None,
    };

    // Opportunities without touches, in parallel pieces.
    let pieces: Vec<(Vec<Opportunity>, Problems)> = (0..n.div_ceil(PIECE))
        .into_par_iter()
        .map(|k| {
            let rows = k * PIECE..((k + 1) * PIECE).min(n);
            let mut errs = Vec::new();
            let list: Vec<Opportunity> = rows.map(|i| cols.opportunity(i, &mut errs)).collect();
            (list, errs)
        })
        .collect();
    let mut list: Vec<Opportunity> = Vec::with_capacity(n);
    for (l, e) in pieces {
        list.extend(l);
        errors.extend(e);
    }

    let relocate_long: Option<(Vec<usize>, Vec<u32>)>;
    match (&nested, &tables.touches) {
        (Some((lists, tc)), _) => {
            relocate_long = None;
            let o = lists.value_offsets();
            let valid = lists.values().logical_nulls();
            let per: Vec<Problems> = list
                .par_chunks_mut(PIECE)
                .enumerate()
                .map(|(k, chunk)| {
                    let mut errs = Vec::new();
                    for (j, opp) in chunk.iter_mut().enumerate() {
                        let i = k * PIECE + j;
                        if !lists.is_valid(i) {
                            continue;
                        }
                        let range = o[i] as usize..o[i + 1] as usize;
                        opp.touches.reserve_exact(range.len());
                        for src in range {
                            if valid.as_ref().is_some_and(|v| v.is_null(src)) {
                                push_limited(
                                    &mut errs,
                                    format!("{TOUCHES}[{src}]"),
                                    ErrorCode::InvalidType,
                                    "must not be null",
                                );
                                continue;
                            }
                            opp.touches.push(tc.touch(src, &mut errs));
                        }
                    }
                    errs
                })
                .collect();
            errors.extend(per.into_iter().flatten());
            // Whole-column problems of the nested structs (`touches.kind`) too.
            for e in &mut errors {
                locate_nested(lists, &mut e.path);
            }
        }
        (None, Some(batches)) => {
            // The ids borrowed for the grouping only (no copy of a million strings).
            let ids: Vec<&str> = list.iter().map(|o| o.id.as_str()).collect();
            let grouped = group_long(batches, &ids, &mut errors);
            drop(ids);
            let (g, tc) = grouped.map_err(one)?;
            let per: Vec<Problems> = list
                .par_chunks_mut(PIECE)
                .enumerate()
                .map(|(k, chunk)| {
                    let mut errs = Vec::new();
                    for (j, opp) in chunk.iter_mut().enumerate() {
                        let i = k * PIECE + j;
                        let rows = &g.order[g.start[i]..g.start[i + 1]];
                        opp.touches.reserve_exact(rows.len());
                        for &src in rows {
                            opp.touches.push(tc.touch(src as usize, &mut errs));
                        }
                    }
                    errs
                })
                .collect();
            errors.extend(per.into_iter().flatten());
            locate_long_touches(&mut errors, &g.start, &g.order);
            relocate_long = Some((g.start, g.order));
        }
        (None, None) => relocate_long = None,
    }
    // Cell problems in path order, as the JSON door reports them.
    errors.sort_by(|a, b| by_cell(&a.path).cmp(&by_cell(&b.path)));
    errors.truncate(plaudit::MAX_REPORTED_ERRORS);

    plaudit::check_opportunities(&mut list, errors, |e| {
        // Long touches: `opportunities[i].touches[k]` is row `order[start[i] + k]` of the
        // touches table, named in the message.
        let Some((start, order)) = &relocate_long else {
            return;
        };
        let Some((i, k, _)) = split_touch_path(&e.path) else {
            return;
        };
        if let Some(&src) = start.get(i).and_then(|s| order.get(s + k)) {
            e.message = format!("{} ({TOUCHES} row {src})", e.message);
        }
    })?;
    Ok(list)
}

/// Rewrites the cell problems of long touch rows (`touches[17].on`) to the record path of
/// their touch (`opportunities[3].touches[1].on`), keeping the row in the message
/// ("touches row 17"), as the advocates' long tables do (see `paths.rs`). A row without its
/// opportunity (an unknown or null `opportunity_id`) is in no group: it keeps its table path.
///
/// `start` and `order` are the grouping (opportunity `i` owns the rows
/// `order[start[i]..start[i + 1]]`); only the bad rows are looked up, in one pass.
fn locate_long_touches(errors: &mut [FieldError], start: &[usize], order: &[u32]) {
    let mut wanted: foldhash::HashMap<u32, Option<usize>> = foldhash::HashMap::default();
    for e in errors.iter() {
        if let Some((row, _)) = crate::paths::table_row(&e.path, TOUCHES) {
            if let Ok(row) = u32::try_from(row) {
                wanted.insert(row, None);
            }
        }
    }
    if wanted.is_empty() {
        return;
    }
    for (at, row) in order.iter().enumerate() {
        if let Some(w) = wanted.get_mut(row) {
            *w = Some(at);
        }
    }
    for e in errors.iter_mut() {
        let Some((row, tail)) = crate::paths::table_row(&e.path, TOUCHES) else {
            continue;
        };
        let at = u32::try_from(row)
            .ok()
            .and_then(|r| wanted.get(&r).copied().flatten());
        let Some(at) = at else { continue };
        // The owner is the last opportunity whose rows start at or before `at` (an
        // opportunity without touches starts where the next one does).
        let i = start.partition_point(|&s| s <= at).saturating_sub(1);
        let k = at - start.get(i).copied().unwrap_or(0);
        e.path = format!("{T}[{i}].{TOUCHES}[{k}]{tail}");
        e.message = format!("{} ({TOUCHES} row {row})", e.message);
    }
}

/// `opportunities[i].touches[k]<tail>` as `(i, k, tail)`.
fn split_touch_path(path: &str) -> Option<(usize, usize, &str)> {
    let rest = path.strip_prefix("opportunities[")?;
    let (i, rest) = rest.split_once(']')?;
    let rest = rest.strip_prefix(".touches[")?;
    let (k, tail) = rest.split_once(']')?;
    Some((i.parse().ok()?, k.parse().ok()?, tail))
}

/// A sort key of a cell path: the table (opportunities first), the row numbers, the rest.
fn by_cell(path: &str) -> (bool, Vec<usize>, &str) {
    let mut rows = Vec::new();
    let mut rest = path;
    while let Some((_, after)) = rest.split_once('[') {
        let Some((num, tail)) = after.split_once(']') else {
            break;
        };
        match num.parse() {
            Ok(n) => rows.push(n),
            Err(_) => break,
        }
        rest = tail;
    }
    (!path.starts_with(T), rows, rest)
}

/// Measures the program over the opportunities of the tables (see `Engine::measure`).
pub fn measure(
    engine: &plaudit::Engine,
    tables: &OpportunityTables,
    roster: Option<&plaudit::Roster>,
    period: (NaiveDate, NaiveDate),
    as_of: NaiveDate,
) -> Result<plaudit::Measurement, RecordError> {
    // Tables without a problem go straight to the core's columns; otherwise the records
    // path reports every problem with its path.
    if let Some(columns) = columns::columns(tables) {
        return engine.measure_columns(&columns, roster, period, as_of);
    }
    let list = opportunities(tables)?;
    // `opportunities` has checked every record already.
    engine.measure_checked(&list, roster, period, as_of)
}

/// [`measure`], the result kept compact (see `Engine::measure_compact`): its per-advocate
/// and per-opportunity rows are written as tables straight from the ids measured
/// ([`crate::measurement::per_advocate_compact`],
/// [`crate::measurement::per_opportunity_compact`]), without a `String` per deal, credit or
/// advocate. The same figures and errors as [`measure`].
pub fn measure_compact(
    engine: &plaudit::Engine,
    tables: &OpportunityTables,
    roster: Option<&plaudit::Roster>,
    period: (NaiveDate, NaiveDate),
    as_of: NaiveDate,
) -> Result<plaudit::CompactMeasurement, RecordError> {
    let t0 = std::time::Instant::now();
    if let Some(columns) = columns::columns(tables) {
        crate::trace(t0, "opportunity columns read");
        let m = engine.measure_compact(columns, roster, period, as_of);
        crate::trace(t0, "measured");
        return m;
    }
    let list = opportunities(tables)?;
    // `opportunities` has checked every record already.
    engine.measure_compact(plaudit::Columns::from_checked(&list), roster, period, as_of)
}
