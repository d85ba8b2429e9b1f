//! The nested shape: one advocates table whose `activities`, `consents` and `disruptions`
//! columns are lists of structs (the long tables' columns, without `advocate_id`) and whose
//! `engagements` column is a list of dates — a nested Parquet file, DuckDB's and polars'
//! list columns, what Spark's `mapInArrow` hands over.
//!
//! A list column is grouped already: advocate `i` owns the list values
//! `offsets[i]..offsets[i + 1]`. The values are read with the long tables' column readers
//! (one batch, the struct's fields as columns) and their rows placed straight into
//! [`Groups`], with no id to look up.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, BooleanArray, ListArray, RecordBatch, RecordBatchOptions};
use arrow_schema::{DataType, Field, Schema};
use plaudit::{ErrorCode, FieldError};

use crate::column::Problems;
use crate::long::{Groups, LongRows};

/// The names of the history columns that may come nested.
pub const HISTORY: [&str; 4] = ["activities", "engagements", "consents", "disruptions"];

/// Whether `dt` is a list type (the nested shape of a history column).
pub fn is_list(dt: &DataType) -> bool {
    matches!(
        dt,
        DataType::List(_)
            | DataType::LargeList(_)
            | DataType::ListView(_)
            | DataType::LargeListView(_)
            | DataType::FixedSizeList(_, _)
    )
}

/// One nested history column: its lists (32-bit offsets) and their values as a batch.
#[derive(Debug)]
pub struct Nested {
    lists: ListArray,
    /// The values, one row per history record.
    pub values: RecordBatch,
}

fn wrong(table: &str, dt: &DataType, expected: &str) -> FieldError {
    FieldError::new(
        format!("advocates.{table}"),
        ErrorCode::InvalidType,
        format!("column of Arrow type `{dt}` is not {expected}"),
    )
}

impl Nested {
    /// Reads the nested column `table` (`activities`...). Engagements may be a list of
    /// dates (or date strings); the others are lists of structs.
    pub fn new(a: &ArrayRef, table: &str) -> Result<Nested, FieldError> {
        let dt = a.data_type();
        let expected = if table == "engagements" {
            "a list of dates"
        } else {
            "a list of structs"
        };
        let lists = match dt {
            DataType::List(_) => a.as_list::<i32>().clone(),
            _ => {
                let item = match dt {
                    DataType::LargeList(f)
                    | DataType::ListView(f)
                    | DataType::LargeListView(f)
                    | DataType::FixedSizeList(f, _) => f.clone(),
                    _ => return Err(wrong(table, dt, expected)),
                };
                let c = arrow_cast::cast(a, &DataType::List(item))
                    .map_err(|_| wrong(table, dt, expected))?;
                c.as_list_opt::<i32>()
                    .ok_or_else(|| wrong(table, dt, expected))?
                    .clone()
            }
        };
        let values = lists.values();
        let batch = match values.data_type() {
            DataType::Struct(_) => {
                // Struct fields of a record (an activity's `incentive`) become the long
                // table's flat columns (`incentive_kind`, `incentive_value`...).
                let s = values.as_struct();
                let mut fields: Vec<Field> = Vec::new();
                let mut columns: Vec<ArrayRef> = Vec::new();
                for (f, c) in s.fields().iter().zip(s.columns()) {
                    match c.as_struct_opt() {
                        Some(inner) => {
                            for (g, d) in inner.fields().iter().zip(inner.columns()) {
                                let d = match inner.nulls() {
                                    Some(n) if n.null_count() > 0 => {
                                        let is_null = BooleanArray::new(!n.inner(), None);
                                        arrow_select::nullif::nullif(d, &is_null).map_err(|e| {
                                            FieldError::new(
                                                format!("advocates.{table}"),
                                                ErrorCode::InvalidType,
                                                e.to_string(),
                                            )
                                        })?
                                    }
                                    _ => d.clone(),
                                };
                                fields.push(Field::new(
                                    format!("{}_{}", f.name(), g.name()),
                                    d.data_type().clone(),
                                    true,
                                ));
                                columns.push(d);
                            }
                        }
                        None => {
                            fields.push(f.as_ref().clone().with_nullable(true));
                            columns.push(c.clone());
                        }
                    }
                }
                RecordBatch::try_new_with_options(
                    Arc::new(Schema::new(fields)),
                    columns,
                    &RecordBatchOptions::new().with_row_count(Some(s.len())),
                )
            }
            // Lists that are all empty carry no item type worth the name.
            DataType::Null => RecordBatch::try_new_with_options(
                Arc::new(Schema::empty()),
                Vec::new(),
                &RecordBatchOptions::new().with_row_count(Some(values.len())),
            ),
            _ if table == "engagements" => RecordBatch::try_new(
                Arc::new(Schema::new(vec![Field::new(
                    "date",
                    values.data_type().clone(),
                    true,
                )])),
                vec![values.clone()],
            ),
            other => {
                return Err(wrong(
                    table,
                    &DataType::List(Arc::new(Field::new_list_field(other.clone(), true))),
                    expected,
                ));
            }
        }
        .map_err(|e| {
            FieldError::new(
                format!("advocates.{table}"),
                ErrorCode::InvalidType,
                e.to_string(),
            )
        })?;
        Ok(Nested {
            lists,
            values: batch,
        })
    }

    /// The advocate and position in its list of value row `src`.
    fn owner(&self, src: usize) -> (usize, usize) {
        let o = self.lists.value_offsets();
        let i = o.partition_point(|&x| x as usize <= src).saturating_sub(1);
        (i, src.saturating_sub(o.get(i).map_or(0, |&x| x as usize)))
    }

    /// Rewrites a path of the flattened values (`activities[17].date`, `activities.date`)
    /// to the cell of the advocates table it came from
    /// (`advocates[3].activities[1].date`, `advocates.activities.date`).
    pub fn locate(&self, table: &str, path: &mut String) {
        let Some(rest) = path.strip_prefix(table) else {
            return;
        };
        if let Some(rest) = rest.strip_prefix('[') {
            if let Some((num, tail)) = rest.split_once(']') {
                if let Ok(src) = num.parse::<usize>() {
                    let (i, k) = self.owner(src);
                    *path = crate::paths::record_path(table, i, k, tail);
                    return;
                }
            }
        }
        *path = format!("advocates.{path}");
    }

    /// Reads the values and groups them by advocate (each advocate's list, in list order).
    pub fn group<C: LongRows>(&self, table: &str, errors: &mut Problems) -> Groups<C::Row> {
        let o = self.lists.value_offsets();
        let used = (0..self.lists.len()).any(|i| self.lists.is_valid(i) && o[i] != o[i + 1]);
        if !used {
            return Groups::from_parts(1, Vec::new(), true);
        }
        let before = errors.len();
        let groups = match C::columns(&self.values, table, errors) {
            Ok(c) => self.rows(&c, table, errors),
            Err(e) => {
                errors.push(e);
                Groups::empty()
            }
        };
        for e in &mut errors[before..] {
            self.locate(table, &mut e.path);
        }
        groups
    }

    fn rows<C: LongRows>(&self, c: &C, table: &str, errors: &mut Problems) -> Groups<C::Row> {
        let n = self.lists.len();
        let per = crate::long::PART_ADVOCATES;
        let o = self.lists.value_offsets();
        let parts: Vec<(Vec<u32>, Vec<C::Row>, Problems)> =
            crate::threads::map(0..n.div_ceil(per), |k| {
                let lo = k * per;
                let hi = (lo + per).min(n);
                let mut offsets = Vec::with_capacity(hi - lo + 1);
                // Room for every value of the part's lists (null lists and records aside),
                // so the rows are never moved as they grow.
                let values = |i: usize| o.get(i).map_or(0, |&x| x as usize);
                let mut rows = Vec::with_capacity(values(hi).saturating_sub(values(lo)));
                let mut errs = Vec::new();
                offsets.push(0u32);
                for i in lo..hi {
                    if self.lists.is_valid(i) {
                        for src in o[i] as usize..o[i + 1] as usize {
                            if self.values.num_rows() > src && self.struct_valid(src) {
                                rows.push(c.row(src, src as u32, table, &mut errs));
                            } else if errs.len() < plaudit::MAX_REPORTED_ERRORS {
                                errs.push(FieldError::new(
                                    format!("{table}[{src}]"),
                                    ErrorCode::InvalidType,
                                    "must not be null",
                                ));
                            }
                        }
                    }
                    offsets.push(rows.len() as u32);
                }
                (offsets, rows, errs)
            });
        let mut out = Vec::with_capacity(parts.len());
        for (offsets, rows, errs) in parts {
            for e in errs {
                if errors.len() < plaudit::MAX_REPORTED_ERRORS {
                    errors.push(e);
                }
            }
            out.push((offsets, rows));
        }
        Groups::from_parts(per, out, true)
    }

    /// Whether list value `src` is a record (a null struct is not).
    fn struct_valid(&self, src: usize) -> bool {
        self.lists.values().is_valid(src)
    }
}
