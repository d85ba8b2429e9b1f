//! Advocate ids and the join of long rows to advocates.
//!
//! Every advocate id gets a dense index (its row in the advocates table) once, in one hash
//! pass over the advocates. A long row then costs one hash lookup, in whatever order the
//! rows come (a CRM exports them by date or by row id); a row with the same id as the row
//! before it (rows grouped by advocate) reuses that row's index without a lookup.

use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;
use plaudit::{ErrorCode, FieldError};

use crate::column::{Strs, cell};

/// An id column: strings (any flavour) or integers.
#[derive(Debug, Clone)]
pub enum IdCol {
    /// String ids.
    Str(Strs),
    /// Integer ids (any integer type, read as `i64`).
    Int(arrow_array::Int64Array),
}

impl IdCol {
    /// Reads an id column.
    pub fn new(a: &ArrayRef, table: &str, field: &str) -> Result<IdCol, FieldError> {
        if a.data_type().is_integer() {
            // `safe: false`: a `uint64` id beyond `i64` is an error, never a null.
            let options = arrow_cast::CastOptions {
                safe: false,
                ..Default::default()
            };
            let c = arrow_cast::cast_with_options(a, &DataType::Int64, &options).map_err(|e| {
                FieldError::new(
                    format!("{table}.{field}"),
                    ErrorCode::InvalidType,
                    e.to_string(),
                )
            })?;
            if let Some(p) = c.as_primitive_opt::<Int64Type>() {
                return Ok(IdCol::Int(p.clone()));
            }
        }
        Strs::new(a, table, field).map(IdCol::Str).map_err(|_| {
            FieldError::new(
                format!("{table}.{field}"),
                ErrorCode::InvalidType,
                format!(
                    "column of Arrow type `{}` is not a string or integer id",
                    a.data_type()
                ),
            )
        })
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            IdCol::Str(s) => s.len(),
            IdCol::Int(a) => a.len(),
        }
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn kind(&self) -> &'static str {
        match self {
            IdCol::Str(_) => "string",
            IdCol::Int(_) => "integer",
        }
    }
}

/// The advocates' ids, indexed.
#[derive(Debug)]
pub struct AdvocateIds<'a> {
    n: usize,
    map: Map<'a>,
}

#[derive(Debug)]
enum Map<'a> {
    Str(foldhash::HashMap<&'a str, u32>),
    Int(foldhash::HashMap<i64, u32>),
}

fn null_id(errors: &mut Vec<FieldError>, i: usize) {
    if errors.len() < plaudit::MAX_REPORTED_ERRORS {
        errors.push(FieldError::new(
            cell("advocates", i, "id"),
            ErrorCode::Required,
            "must not be null",
        ));
    }
}

fn duplicate(errors: &mut Vec<FieldError>, i: usize, first: u32, id: &dyn std::fmt::Display) {
    if errors.len() < plaudit::MAX_REPORTED_ERRORS {
        errors.push(FieldError::new(
            cell("advocates", i, "id"),
            ErrorCode::DuplicateId,
            format!("`{id}` is already used by advocates[{first}]"),
        ));
    }
}

impl<'a> AdvocateIds<'a> {
    /// Checks the ids (present, unique) and indexes them. Problems are reported by row.
    pub fn new(ids: &'a IdCol, errors: &mut Vec<FieldError>) -> AdvocateIds<'a> {
        let n = ids.len();
        let map = match ids {
            IdCol::Str(s) => {
                let mut m = foldhash::HashMap::with_capacity_and_hasher(n, Default::default());
                for i in 0..n {
                    // Ids are compared as the records hold them: trimmed (`" a1 "` is `a1`).
                    let Some(key) = s.get(i).map(str::trim) else {
                        null_id(errors, i);
                        continue;
                    };
                    if let Some(&first) = m.get(key) {
                        duplicate(errors, i, first, &key);
                    } else {
                        m.insert(key, i as u32);
                    }
                }
                Map::Str(m)
            }
            IdCol::Int(a) => {
                let mut m = foldhash::HashMap::with_capacity_and_hasher(n, Default::default());
                for (i, &key) in a.values().iter().enumerate() {
                    if a.is_null(i) {
                        null_id(errors, i);
                    } else if let Some(&first) = m.get(&key) {
                        duplicate(errors, i, first, &key);
                    } else {
                        m.insert(key, i as u32);
                    }
                }
                Map::Int(m)
            }
        };
        AdvocateIds { n, map }
    }

    /// Number of advocates.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether there are no advocates.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Resolves the advocate of every row of `col` in `rows` (paths say `row + shift`),
    /// appending to `out` (`u32::MAX` for an unknown or null id, after reporting it in
    /// `errors` unless `ignore_unknown`).
    pub fn resolve(
        &self,
        col: &IdCol,
        rows: std::ops::Range<usize>,
        at: &Target<'_>,
        out: &mut Vec<u32>,
        errors: &mut Vec<FieldError>,
    ) {
        match (&self.map, col) {
            (Map::Str(m), IdCol::Str(s)) => match s {
                Strs::Utf8(a) => resolve_with(
                    m,
                    rows,
                    |i| a.is_valid(i).then(|| a.value(i).trim()),
                    at,
                    out,
                    errors,
                ),
                Strs::Large(a) => resolve_with(
                    m,
                    rows,
                    |i| a.is_valid(i).then(|| a.value(i).trim()),
                    at,
                    out,
                    errors,
                ),
                Strs::View(a) => resolve_with(
                    m,
                    rows,
                    |i| a.is_valid(i).then(|| a.value(i).trim()),
                    at,
                    out,
                    errors,
                ),
            },
            (Map::Int(m), IdCol::Int(a)) => resolve_with(
                m,
                rows,
                |i| a.is_valid(i).then(|| a.value(i)),
                at,
                out,
                errors,
            ),
            (map, _) => {
                if errors.len() < plaudit::MAX_REPORTED_ERRORS {
                    errors.push(FieldError::new(
                        format!("{}.{}", at.table, at.field),
                        ErrorCode::InvalidType,
                        format!(
                            "{} ids do not join the {} ids of `advocates`",
                            col.kind(),
                            match map {
                                Map::Str(_) => "string",
                                Map::Int(_) => "integer",
                            }
                        ),
                    ));
                }
                out.extend(rows.map(|_| u32::MAX));
            }
        }
    }
}

#[inline]
fn resolve_with<K: Key>(
    map: &foldhash::HashMap<K, u32>,
    rows: std::ops::Range<usize>,
    key_at: impl Fn(usize) -> Option<K>,
    at: &Target<'_>,
    out: &mut Vec<u32>,
    errors: &mut Vec<FieldError>,
) {
    let mut prev: Option<(K, u32)> = None;
    for row in rows {
        let Some(k) = key_at(row) else {
            if errors.len() < plaudit::MAX_REPORTED_ERRORS {
                errors.push(FieldError::new(
                    cell(at.table, row + at.shift, at.field),
                    ErrorCode::Required,
                    "must not be null",
                ));
            }
            out.push(u32::MAX);
            continue;
        };
        if let Some((pk, pi)) = prev {
            if pk.same(k) {
                out.push(pi);
                continue;
            }
        }
        match map.get(&k) {
            Some(&i) => {
                prev = Some((k, i));
                out.push(i);
            }
            None => {
                if !at.ignore_unknown && errors.len() < plaudit::MAX_REPORTED_ERRORS {
                    errors.push(FieldError::new(
                        cell(at.table, row + at.shift, at.field),
                        ErrorCode::InvalidValue,
                        format!("`{k}` is not an id in `advocates`"),
                    ));
                }
                out.push(u32::MAX);
            }
        }
    }
}

/// An id of a long row.
trait Key: Copy + Eq + std::hash::Hash + std::fmt::Display {
    /// Whether the two ids are equal (the shortcut for rows grouped by advocate).
    fn same(self, other: Self) -> bool;
}

impl Key for i64 {
    #[inline]
    fn same(self, other: i64) -> bool {
        self == other
    }
}

impl Key for &str {
    /// Ids are short: 8 to 16 bytes compare as two (overlapping) words, inline, rather than
    /// through a call to `memcmp`.
    #[inline]
    fn same(self, other: &str) -> bool {
        let (a, b) = (self.as_bytes(), other.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        let word = |x: &[u8], at: usize| {
            x.get(at..at + 8)
                .and_then(|w| <[u8; 8]>::try_from(w).ok())
                .map(u64::from_le_bytes)
        };
        let n = a.len();
        if (8..=16).contains(&n) {
            return word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8);
        }
        a == b
    }
}

/// Where long rows come from, for their error paths.
#[derive(Debug, Clone, Copy)]
pub struct Target<'t> {
    /// The table's name (`activities`).
    pub table: &'t str,
    /// The id column's name.
    pub field: &'t str,
    /// Added to batch row numbers to give table row numbers.
    pub shift: usize,
    /// Skip rows whose id is unknown instead of reporting them.
    pub ignore_unknown: bool,
}
