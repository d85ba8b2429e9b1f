//! Advocate ids and the join of long rows to advocates.
//!
//! Long tables are joined to the advocates table by id. The usual layouts are cheap: rows
//! grouped by advocate cost one comparison per row (same id as the previous row), and rows
//! in the advocates' order one more per advocate (the next advocate's id). Sorted advocate
//! ids are searched (galloping forward from the last match); anything else goes through a
//! hash index, built once and only when needed.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

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
            let c = arrow_cast::cast(a, &DataType::Int64).map_err(|e| {
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

/// The advocates' ids, ready for joins.
#[derive(Debug)]
pub struct AdvocateIds<'a> {
    keys: Keys<'a>,
    sorted: bool,
    map: OnceLock<Map<'a>>,
    searches: AtomicUsize,
}

#[derive(Debug)]
enum Keys<'a> {
    Str(Vec<&'a str>),
    Int(&'a [i64]),
}

#[derive(Debug)]
enum Map<'a> {
    Str(foldhash::HashMap<&'a str, u32>),
    Int(foldhash::HashMap<i64, u32>),
}

/// How many searches of sorted ids before a hash index pays for itself.
const SEARCH_BUDGET: usize = 50_000;

impl<'a> AdvocateIds<'a> {
    /// Checks the ids (present, unique) and prepares the join. Problems are reported by row.
    pub fn new(ids: &'a IdCol, errors: &mut Vec<FieldError>) -> AdvocateIds<'a> {
        let keys = match ids {
            IdCol::Str(s) => Keys::Str(
                (0..s.len())
                    .map(|i| match s.get(i) {
                        Some(v) => v,
                        None => {
                            if errors.len() < plaudit::MAX_REPORTED_ERRORS {
                                errors.push(FieldError::new(
                                    cell("advocates", i, "id"),
                                    ErrorCode::Required,
                                    "must not be null",
                                ));
                            }
                            ""
                        }
                    })
                    .collect(),
            ),
            IdCol::Int(a) => {
                if a.null_count() > 0 {
                    for i in (0..a.len())
                        .filter(|&i| a.is_null(i))
                        .take(plaudit::MAX_REPORTED_ERRORS)
                    {
                        errors.push(FieldError::new(
                            cell("advocates", i, "id"),
                            ErrorCode::Required,
                            "must not be null",
                        ));
                    }
                }
                Keys::Int(a.values())
            }
        };
        let sorted = match &keys {
            Keys::Str(k) => k.windows(2).all(|w| w[0] < w[1]),
            Keys::Int(k) => k.windows(2).all(|w| w[0] < w[1]),
        };
        let ids = AdvocateIds {
            keys,
            sorted,
            map: OnceLock::new(),
            searches: AtomicUsize::new(0),
        };
        if !sorted {
            // Unsorted ids need the index anyway; building it finds duplicates.
            let dups = ids.build_map();
            for (i, first) in dups.into_iter().take(plaudit::MAX_REPORTED_ERRORS) {
                errors.push(FieldError::new(
                    cell("advocates", i, "id"),
                    ErrorCode::DuplicateId,
                    format!("`{}` is already used by advocates[{first}]", ids.display(i)),
                ));
            }
        }
        ids
    }

    fn display(&self, i: usize) -> String {
        match &self.keys {
            Keys::Str(k) => k[i].to_owned(),
            Keys::Int(k) => k[i].to_string(),
        }
    }

    /// Builds the hash index; returns `(row, first row)` of every duplicate.
    fn build_map(&self) -> Vec<(usize, usize)> {
        let mut dups = Vec::new();
        let _ = self.map.get_or_init(|| match &self.keys {
            Keys::Str(k) => {
                let mut m =
                    foldhash::HashMap::with_capacity_and_hasher(k.len(), Default::default());
                for (i, key) in k.iter().enumerate() {
                    if let Some(&first) = m.get(key) {
                        dups.push((i, first as usize));
                    } else {
                        m.insert(*key, i as u32);
                    }
                }
                Map::Str(m)
            }
            Keys::Int(k) => {
                let mut m =
                    foldhash::HashMap::with_capacity_and_hasher(k.len(), Default::default());
                for (i, key) in k.iter().enumerate() {
                    if let Some(&first) = m.get(key) {
                        dups.push((i, first as usize));
                    } else {
                        m.insert(*key, i as u32);
                    }
                }
                Map::Int(m)
            }
        });
        dups
    }

    fn map(&self) -> &Map<'a> {
        if self.map.get().is_none() {
            let _ = self.build_map();
        }
        match self.map.get() {
            Some(m) => m,
            // `build_map` always initializes; this arm only satisfies the type checker.
            None => unreachable_map(),
        }
    }

    /// Number of advocates.
    pub fn len(&self) -> usize {
        match &self.keys {
            Keys::Str(k) => k.len(),
            Keys::Int(k) => k.len(),
        }
    }

    /// Whether there are no advocates.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Resolves the advocate of every row of `col` in `rows` (paths say `row + shift`), appending to `out` (`u32::MAX`
    /// for an unknown or null id, after reporting it in `errors` unless `ignore_unknown`).
    pub fn resolve(
        &self,
        col: &IdCol,
        rows: std::ops::Range<usize>,
        at: &Target<'_>,
        out: &mut Vec<u32>,
        errors: &mut Vec<FieldError>,
    ) {
        let Target {
            table,
            field,
            shift,
            ignore_unknown,
        } = *at;
        match (&self.keys, col) {
            (Keys::Str(keys), IdCol::Str(s)) => match s {
                Strs::Utf8(a) => self.resolve_with(
                    keys,
                    rows,
                    |i| a.is_valid(i).then(|| a.value(i)),
                    Map::str,
                    shift,
                    table,
                    field,
                    ignore_unknown,
                    out,
                    errors,
                ),
                Strs::Large(a) => self.resolve_with(
                    keys,
                    rows,
                    |i| a.is_valid(i).then(|| a.value(i)),
                    Map::str,
                    shift,
                    table,
                    field,
                    ignore_unknown,
                    out,
                    errors,
                ),
                Strs::View(a) => self.resolve_with(
                    keys,
                    rows,
                    |i| a.is_valid(i).then(|| a.value(i)),
                    Map::str,
                    shift,
                    table,
                    field,
                    ignore_unknown,
                    out,
                    errors,
                ),
            },
            (Keys::Int(keys), IdCol::Int(a)) => self.resolve_with(
                keys,
                rows,
                |i| a.is_valid(i).then(|| a.value(i)),
                Map::int,
                shift,
                table,
                field,
                ignore_unknown,
                out,
                errors,
            ),
            _ => {
                if errors.len() < plaudit::MAX_REPORTED_ERRORS {
                    errors.push(FieldError::new(
                        format!("{table}.{field}"),
                        ErrorCode::InvalidType,
                        format!(
                            "{} ids do not join the {} ids of `advocates`",
                            col.kind(),
                            match self.keys {
                                Keys::Str(_) => "string",
                                Keys::Int(_) => "integer",
                            }
                        ),
                    ));
                }
                out.extend(rows.map(|_| u32::MAX));
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn resolve_with<K: Key>(
        &self,
        keys: &[K],
        rows: std::ops::Range<usize>,
        key_at: impl Fn(usize) -> Option<K>,
        lookup: impl Fn(&Map<'a>, K) -> Option<u32>,
        shift: usize,
        table: &str,
        field: &str,
        ignore_unknown: bool,
        out: &mut Vec<u32>,
        errors: &mut Vec<FieldError>,
    ) {
        let n = keys.len();
        let mut prev: Option<(K, u32)> = None;
        for row in rows {
            let Some(k) = key_at(row) else {
                if errors.len() < plaudit::MAX_REPORTED_ERRORS {
                    errors.push(FieldError::new(
                        cell(table, row + shift, field),
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
            let hint = prev.map(|(_, i)| i as usize);
            let mut found = None;
            // The next few advocates: rows in the advocates' order.
            if let Some(p) = hint {
                let ahead = &keys[(p + 1).min(n)..n.min(p + 5)];
                found = ahead
                    .iter()
                    .position(|&x| x.same(k))
                    .map(|j| (p + 1 + j) as u32);
            }
            if found.is_none() {
                found = if self.sorted
                    && self.searches.fetch_add(1, Ordering::Relaxed) < SEARCH_BUDGET
                {
                    search_sorted(keys, k, hint)
                } else {
                    lookup(self.map(), k)
                };
            }
            match found {
                Some(i) => {
                    prev = Some((k, i));
                    out.push(i);
                }
                None => {
                    if !ignore_unknown && errors.len() < plaudit::MAX_REPORTED_ERRORS {
                        errors.push(FieldError::new(
                            cell(table, row + shift, field),
                            ErrorCode::InvalidValue,
                            format!("`{k}` is not an id in `advocates`"),
                        ));
                    }
                    out.push(u32::MAX);
                }
            }
        }
    }
}

/// An id of a long row, compared with the advocates' ids once or a few times per row.
trait Key: Copy + Ord + std::fmt::Display {
    /// Whether the two ids are equal.
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

/// Galloping search forward from the hint (rows sorted like the advocates), else binary.
fn search_sorted<K: Copy + Ord>(keys: &[K], k: K, hint: Option<usize>) -> Option<u32> {
    let (mut lo, mut hi) = (0usize, keys.len());
    if let Some(p) = hint {
        if p < keys.len() && keys[p] < k {
            lo = p + 1;
            let mut step = 1usize;
            while lo + step < keys.len() && keys[lo + step] < k {
                lo += step;
                step *= 2;
            }
            hi = (lo + step + 1).min(keys.len());
        } else {
            hi = p.min(keys.len());
        }
    }
    let slice = &keys[lo..hi];
    slice.binary_search(&k).ok().map(|j| (lo + j) as u32)
}

impl<'a> Map<'a> {
    fn str(&self, k: &str) -> Option<u32> {
        match self {
            Map::Str(m) => m.get(k).copied(),
            Map::Int(_) => None,
        }
    }
    fn int(&self, k: i64) -> Option<u32> {
        match self {
            Map::Int(m) => m.get(&k).copied(),
            Map::Str(_) => None,
        }
    }
}

fn unreachable_map<'a, 'b>() -> &'b Map<'a> {
    static EMPTY: OnceLock<Map<'static>> = OnceLock::new();
    EMPTY.get_or_init(|| Map::Int(foldhash::HashMap::default()))
}
