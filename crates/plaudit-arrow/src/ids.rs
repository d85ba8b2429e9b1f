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

use crate::column::{Strs, cell, trim};

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
    ids: &'a IdCol,
    table: IdTable,
}

/// Ids of up to this many bytes are kept inside the table's slots.
const INLINE: usize = 16;

/// The bytes of an id of at most [`INLINE`] bytes as one little-endian number, zero-padded
/// (0 for a longer id). Read as two overlapping loads of 8, 4 or 1 bytes, which put the same
/// bytes in the same places, not copied into a buffer: a copy of a variable length is a
/// `memcpy` call per id, and a 1M-advocate evaluate resolves 14.6M rows.
#[inline]
fn inline_key(b: &[u8]) -> u128 {
    let n = b.len();
    let eight = |i: usize| {
        b.get(i..i + 8)
            .and_then(|s| <[u8; 8]>::try_from(s).ok())
            .map_or(0, |a| u128::from(u64::from_le_bytes(a)))
    };
    let four = |i: usize| {
        b.get(i..i + 4)
            .and_then(|s| <[u8; 4]>::try_from(s).ok())
            .map_or(0, |a| u128::from(u32::from_le_bytes(a)))
    };
    let one = |i: usize| b.get(i).map_or(0, |&x| u128::from(x));
    match n {
        0 => 0,
        1..=3 => one(0) | one(n / 2) << (8 * (n / 2)) | one(n - 1) << (8 * (n - 1)),
        4..=7 => four(0) | four(n - 4) << (8 * (n - 4)),
        8..=INLINE => eight(0) | eight(n - 8) << (8 * (n - 8)),
        _ => 0,
    }
}

/// One slot of [`IdTable`]: 32 bytes, two to a cache line.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    /// The id's bytes when it has at most [`INLINE`] of them, zero-padded, as one number
    /// (compared in two instructions, where an array compare may call `memcmp`).
    key: u128,
    /// The hash's high half.
    tag: u32,
    /// The id's length in bytes.
    len: u32,
    /// The advocate's row; `EMPTY` for a free slot.
    idx: u32,
}

const EMPTY: u32 = u32::MAX;

const FREE: Slot = Slot {
    key: 0,
    tag: 0,
    len: 0,
    idx: EMPTY,
};

/// An open-addressing table from id to advocate row whose slots hold short ids themselves.
///
/// Long rows come in any order, so each lookup lands on a random slot of a table larger
/// than the cache. A general hash map of `&str` misses the cache up to three times per
/// lookup (its control bytes, its bucket, and the id's bytes in the advocates' column);
/// this table misses once: the slot holds the hash and the id (ids are short: CRM keys of
/// 8 to 16 bytes), and linear probing reads the neighbour slot from the same or the next
/// line. `foldhash::HashMap<&str, u32>` took 60% of a shuffled 1M-advocate
/// `evaluate` (perf: `resolve` plus the `memcmp` of the key compare, 2.6 s of 4.4 s CPU);
/// this table took 40% of the samples (of ~3.3 s CPU), and 26% once each block of lookups
/// prefetches its slots before comparing any (`safe_arch::prefetch_t0`). The table is larger
/// than the cache, so each lookup still waits on memory; see `benches/README.md`.
#[derive(Debug)]
struct IdTable {
    slots: Vec<Slot>,
    mask: usize,
    hasher: foldhash::fast::FixedState,
}

/// An id as the table sees it: the hash of its bytes (integers as their 8 little-endian
/// bytes), its length, and the bytes themselves when short.
#[derive(Debug, Clone, Copy)]
struct Probe {
    hash: u64,
    key: u128,
    len: u32,
}

impl IdTable {
    fn with_capacity(n: usize) -> IdTable {
        // Load at most 1/2: short probe runs.
        let cap = (n.max(1) * 2).next_power_of_two();
        IdTable {
            slots: vec![FREE; cap],
            mask: cap - 1,
            hasher: foldhash::fast::FixedState::with_seed(0x706c_6175_6469_7421),
        }
    }

    #[inline]
    fn probe(&self, bytes: &[u8]) -> Probe {
        use std::hash::BuildHasher;
        Probe {
            hash: self.hasher.hash_one(bytes),
            key: inline_key(bytes),
            len: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
        }
    }

    /// The position of the probe's first slot.
    #[inline]
    fn home(&self, p: &Probe) -> usize {
        p.hash as usize & self.mask
    }

    /// Asks the cache for the probe's first slot, without waiting for it: a block of
    /// lookups issues all its misses before it compares anything, so they overlap.
    #[inline]
    fn prefetch(&self, pos: usize) {
        crate::column::prefetch(self.slots.get(pos));
    }

    /// The row of the id (`bytes`, probed as `p`), or the free slot where it would go.
    /// `long_eq` compares an id longer than [`INLINE`] bytes with the advocate at a row.
    #[inline]
    fn find(
        &self,
        p: &Probe,
        bytes: &[u8],
        long_eq: impl Fn(u32, &[u8]) -> bool,
    ) -> Result<u32, usize> {
        let tag = (p.hash >> 32) as u32;
        let mut pos = self.home(p);
        loop {
            let slot = self.slots.get(pos).copied().unwrap_or(FREE);
            if slot.idx == EMPTY {
                return Err(pos);
            }
            if slot.tag == tag
                && slot.len == p.len
                && slot.key == p.key
                && (p.len as usize <= INLINE || long_eq(slot.idx, bytes))
            {
                return Ok(slot.idx);
            }
            pos = (pos + 1) & self.mask;
        }
    }

    #[inline]
    fn insert_at(&mut self, pos: usize, p: &Probe, idx: u32) {
        if let Some(s) = self.slots.get_mut(pos) {
            *s = Slot {
                key: p.key,
                tag: (p.hash >> 32) as u32,
                len: p.len,
                idx,
            };
        }
    }
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
        let mut table = IdTable::with_capacity(n);
        match ids {
            // Ids are compared as the records hold them: trimmed (`" a1 "` is `a1`).
            IdCol::Str(s) => index(&mut table, ids, n, |i| s.get(i).map(trim), errors),
            IdCol::Int(a) => index(
                &mut table,
                ids,
                n,
                |i| a.is_valid(i).then(|| a.value(i)),
                errors,
            ),
        }
        AdvocateIds { n, ids, table }
    }

    /// The advocate row of an id given as its bytes.
    #[inline]
    fn lookup(&self, bytes: &[u8]) -> Option<u32> {
        let p = self.table.probe(bytes);
        self.table
            .find(&p, bytes, |j, b| {
                key_bytes(self.ids, j as usize).is_some_and(|k| *k == *b)
            })
            .ok()
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
        match (self.ids, col) {
            (IdCol::Str(_), IdCol::Str(s)) => match s {
                Strs::Utf8(a) => resolve_with(
                    self,
                    rows,
                    |i| a.is_valid(i).then(|| trim(a.value(i))),
                    at,
                    out,
                    errors,
                ),
                Strs::Large(a) => resolve_with(
                    self,
                    rows,
                    |i| a.is_valid(i).then(|| trim(a.value(i))),
                    at,
                    out,
                    errors,
                ),
                Strs::View(a) => resolve_with(
                    self,
                    rows,
                    |i| a.is_valid(i).then(|| trim(a.value(i))),
                    at,
                    out,
                    errors,
                ),
            },
            (IdCol::Int(_), IdCol::Int(a)) => resolve_with(
                self,
                rows,
                |i| a.is_valid(i).then(|| a.value(i)),
                at,
                out,
                errors,
            ),
            (mine, _) => {
                if errors.len() < plaudit::MAX_REPORTED_ERRORS {
                    errors.push(FieldError::new(
                        format!("{}.{}", at.table, at.field),
                        ErrorCode::InvalidType,
                        format!(
                            "{} ids do not join the {} ids of `advocates`",
                            col.kind(),
                            mine.kind()
                        ),
                    ));
                }
                out.extend(rows.map(|_| u32::MAX));
            }
        }
    }
}

/// Indexes the ids of rows `0..n` (`key_at` reads one), a block at a time: the block's
/// first slots are asked of the cache before any is filled, so their misses overlap.
fn index<K: Key>(
    table: &mut IdTable,
    ids: &IdCol,
    n: usize,
    key_at: impl Fn(usize) -> Option<K>,
    errors: &mut Vec<FieldError>,
) {
    let long_eq = |j: u32, b: &[u8]| key_bytes(ids, j as usize).is_some_and(|k| *k == *b);
    let mut probes = [None; BLOCK];
    let mut start = 0;
    while start < n {
        let end = (start + BLOCK).min(n);
        for (p, i) in probes.iter_mut().zip(start..end) {
            *p = key_at(i).map(|k| k.with_bytes(|b| table.probe(b)));
            if let Some(p) = p {
                table.prefetch(table.home(p));
            }
        }
        for (p, i) in probes.iter().zip(start..end) {
            let (Some(p), Some(k)) = (p, key_at(i)) else {
                null_id(errors, i);
                continue;
            };
            k.with_bytes(|b| match table.find(p, b, long_eq) {
                Ok(first) => duplicate(errors, i, first, &k),
                Err(pos) => table.insert_at(pos, p, i as u32),
            });
        }
        start = end;
    }
}

/// The bytes of the advocate id at row `i` (integers as 8 little-endian bytes).
fn key_bytes(ids: &IdCol, i: usize) -> Option<std::borrow::Cow<'_, [u8]>> {
    match ids {
        IdCol::Str(s) => s
            .get(i)
            .map(|k| std::borrow::Cow::Borrowed(trim(k).as_bytes())),
        IdCol::Int(a) => a
            .is_valid(i)
            .then(|| std::borrow::Cow::Owned(a.value(i).to_le_bytes().to_vec())),
    }
}

/// Rows looked up together: their first slots are prefetched before any is compared, so
/// the cache misses of a block overlap (a lookup's miss no longer waits for the previous
/// one's).
const BLOCK: usize = 64;

/// What the first pass over a block found for one row.
#[derive(Clone, Copy)]
enum Step {
    /// A null id.
    Null,
    /// The same id as the row before it.
    Same,
    /// An id to look up: its probe (its first slot is being fetched).
    Look(Probe),
}

#[inline]
fn resolve_with<K: Key>(
    ids: &AdvocateIds<'_>,
    rows: std::ops::Range<usize>,
    key_at: impl Fn(usize) -> Option<K>,
    at: &Target<'_>,
    out: &mut Vec<u32>,
    errors: &mut Vec<FieldError>,
) {
    let table = &ids.table;
    let long_eq = |j: u32, b: &[u8]| key_bytes(ids.ids, j as usize).is_some_and(|k| *k == *b);
    let mut prev: Option<K> = None;
    let mut last = u32::MAX;
    let mut steps = [Step::Null; BLOCK];
    let mut start = rows.start;
    while start < rows.end {
        let end = (start + BLOCK).min(rows.end);
        // Pass 1: hash every id of the block and load its first slot.
        for (step, row) in steps.iter_mut().zip(start..end) {
            *step = match key_at(row) {
                None => Step::Null,
                Some(k) if prev.is_some_and(|p| p.same(k)) => Step::Same,
                Some(k) => {
                    prev = Some(k);
                    let probe = k.with_bytes(|b| table.probe(b));
                    table.prefetch(table.home(&probe));
                    Step::Look(probe)
                }
            };
        }
        // Pass 2, in row order: finish each lookup and report problems.
        for (step, row) in steps.iter().zip(start..end) {
            let found = match *step {
                Step::Null => {
                    if errors.len() < plaudit::MAX_REPORTED_ERRORS {
                        errors.push(FieldError::new(
                            cell(at.table, row + at.shift, at.field),
                            ErrorCode::Required,
                            "must not be null",
                        ));
                    }
                    out.push(u32::MAX);
                    continue;
                }
                Step::Same if last != u32::MAX => Some(last),
                Step::Same => key_at(row).and_then(|k| k.with_bytes(|b| ids.lookup(b))),
                // Short ids are compared inside the slot: the row's bytes are read again
                // only for a long one.
                Step::Look(probe) if probe.len as usize <= INLINE => {
                    table.find(&probe, &[], long_eq).ok()
                }
                Step::Look(probe) => {
                    key_at(row).and_then(|k| k.with_bytes(|b| table.find(&probe, b, long_eq).ok()))
                }
            };
            match found {
                Some(i) => {
                    last = i;
                    out.push(i);
                }
                None => {
                    last = u32::MAX;
                    if !at.ignore_unknown && errors.len() < plaudit::MAX_REPORTED_ERRORS {
                        let k = key_at(row).map_or_else(String::new, |k| k.to_string());
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
        start = end;
    }
}

/// An id of a long row.
trait Key: Copy + Eq + std::fmt::Display {
    /// Whether the two ids are equal (the shortcut for rows grouped by advocate).
    fn same(self, other: Self) -> bool;
    /// Calls `f` with the id's bytes (as the table keys it).
    fn with_bytes<T>(self, f: impl FnOnce(&[u8]) -> T) -> T;
}

impl Key for i64 {
    #[inline]
    fn same(self, other: i64) -> bool {
        self == other
    }
    #[inline]
    fn with_bytes<T>(self, f: impl FnOnce(&[u8]) -> T) -> T {
        f(&self.to_le_bytes())
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
    #[inline]
    fn with_bytes<T>(self, f: impl FnOnce(&[u8]) -> T) -> T {
        f(self.as_bytes())
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Arc;

    use arrow_array::{Int64Array, StringArray, StringViewArray};
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn inline_keys_are_the_bytes_zero_padded() {
        let text: Vec<u8> = (1..=20u8).map(|b| b.wrapping_mul(41) | 0x80).collect();
        for n in 0..=20 {
            let mut key = [0u8; INLINE];
            if let Some(k) = key.get_mut(..n) {
                k.copy_from_slice(&text[..n]);
            }
            assert_eq!(
                inline_key(&text[..n]),
                u128::from_le_bytes(key),
                "{n} bytes"
            );
        }
    }

    fn target(ignore_unknown: bool) -> Target<'static> {
        Target {
            table: "activities",
            field: "advocate_id",
            shift: 0,
            ignore_unknown,
        }
    }

    /// Ids short and long (beyond the inline 16 bytes), with shared prefixes.
    fn id() -> impl Strategy<Value = String> {
        prop_oneof![
            (0u32..60).prop_map(|i| format!("adv-{i:07}")),
            (0u32..60).prop_map(|i| format!("a-customer-id-longer-than-sixteen-{i}")),
            "[a-z]{0,3}",
        ]
    }

    proptest! {
        /// Every long row resolves to the row of its id in the advocates (the first, when
        /// duplicated), in any order; unknown and null ids are reported by row, in order.
        #[test]
        fn resolves_like_a_hash_map(
            advocates in prop::collection::vec(prop::option::weighted(0.95, id()), 0..80),
            rows in prop::collection::vec(prop::option::weighted(0.9, id()), 0..300),
            view in any::<bool>(),
        ) {
            let adv: ArrayRef = Arc::new(StringArray::from(advocates.clone()));
            let col = IdCol::new(&adv, "advocates", "id").unwrap();
            let mut errors = Vec::new();
            let ids = AdvocateIds::new(&col, &mut errors);
            let mut first: HashMap<&str, u32> = HashMap::new();
            let mut want_errors = Vec::new();
            for (i, a) in advocates.iter().enumerate() {
                match a {
                    None => want_errors.push((format!("advocates[{i}].id"), ErrorCode::Required)),
                    Some(a) if first.contains_key(a.as_str()) => {
                        want_errors.push((format!("advocates[{i}].id"), ErrorCode::DuplicateId));
                    }
                    Some(a) => {
                        first.insert(a, i as u32);
                    }
                }
            }
            let got: Vec<_> = errors.iter().map(|e| (e.path.clone(), e.code)).collect();
            want_errors.truncate(plaudit::MAX_REPORTED_ERRORS);
            prop_assert_eq!(got, want_errors);

            let long: ArrayRef = if view {
                Arc::new(StringViewArray::from(rows.clone()))
            } else {
                Arc::new(StringArray::from(rows.clone()))
            };
            let long = IdCol::new(&long, "activities", "advocate_id").unwrap();
            let (mut out, mut errors) = (Vec::new(), Vec::new());
            ids.resolve(&long, 0..rows.len(), &target(false), &mut out, &mut errors);
            let mut want_errors = Vec::new();
            let want: Vec<u32> = rows
                .iter()
                .enumerate()
                .map(|(r, k)| match k {
                    None => {
                        want_errors.push((format!("activities[{r}].advocate_id"), ErrorCode::Required));
                        u32::MAX
                    }
                    Some(k) => first.get(k.as_str()).copied().unwrap_or_else(|| {
                        want_errors.push((format!("activities[{r}].advocate_id"), ErrorCode::InvalidValue));
                        u32::MAX
                    }),
                })
                .collect();
            want_errors.truncate(plaudit::MAX_REPORTED_ERRORS);
            prop_assert_eq!(&out, &want);
            let got: Vec<_> = errors.iter().map(|e| (e.path.clone(), e.code)).collect();
            prop_assert_eq!(got, want_errors);

            // Ignoring unknown ids reports only the nulls.
            let (mut out, mut errors) = (Vec::new(), Vec::new());
            ids.resolve(&long, 0..rows.len(), &target(true), &mut out, &mut errors);
            prop_assert_eq!(&out, &want);
            prop_assert!(errors.iter().all(|e| e.code == ErrorCode::Required));
        }

        /// Integer ids join integer ids, whatever their values.
        #[test]
        fn integer_ids_resolve(
            advocates in prop::collection::hash_set(any::<i64>(), 0..60),
            picks in prop::collection::vec(any::<prop::sample::Index>(), 0..200),
            unknown in any::<i64>(),
        ) {
            let advocates: Vec<i64> = advocates.into_iter().collect();
            let adv: ArrayRef = Arc::new(Int64Array::from(advocates.clone()));
            let col = IdCol::new(&adv, "advocates", "id").unwrap();
            let mut errors = Vec::new();
            let ids = AdvocateIds::new(&col, &mut errors);
            prop_assert!(errors.is_empty());
            let mut rows: Vec<i64> = picks
                .iter()
                .filter(|_| !advocates.is_empty())
                .map(|p| advocates[p.index(advocates.len())])
                .collect();
            let known = advocates.contains(&unknown);
            rows.push(unknown);
            let long: ArrayRef = Arc::new(Int64Array::from(rows.clone()));
            let long = IdCol::new(&long, "activities", "advocate_id").unwrap();
            let (mut out, mut errors) = (Vec::new(), Vec::new());
            ids.resolve(&long, 0..rows.len(), &target(false), &mut out, &mut errors);
            for (r, k) in rows.iter().enumerate() {
                let want = advocates.iter().position(|a| a == k).map_or(u32::MAX, |p| p as u32);
                prop_assert_eq!(out[r], want);
            }
            prop_assert_eq!(errors.len(), usize::from(!known));
        }
    }

    #[test]
    fn string_ids_do_not_join_integer_ids() {
        let adv: ArrayRef = Arc::new(Int64Array::from(vec![1, 2]));
        let col = IdCol::new(&adv, "advocates", "id").unwrap();
        let ids = AdvocateIds::new(&col, &mut Vec::new());
        let long: ArrayRef = Arc::new(StringArray::from(vec!["1"]));
        let long = IdCol::new(&long, "activities", "advocate_id").unwrap();
        let (mut out, mut errors) = (Vec::new(), Vec::new());
        ids.resolve(&long, 0..1, &target(false), &mut out, &mut errors);
        assert_eq!(out, [u32::MAX]);
        assert_eq!(errors[0].path, "activities.advocate_id");
        assert_eq!(errors[0].code, ErrorCode::InvalidType);
    }
}
