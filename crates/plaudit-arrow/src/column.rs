//! Typed views of input columns, each built once per column (vectorized), so the per-row
//! loops only index plain vectors. Every Arrow flavour a DataFrame library hands out is
//! accepted: `string` / `large_string` / `string_view` / dictionary (pandas and polars
//! categoricals), `date32` / `date64` / `timestamp` / ISO strings for dates, any integer or
//! float for numbers.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float64Type, Int64Type, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt32Type,
};
use arrow_array::{Array, ArrayRef, BooleanArray, Float64Array, ListArray};
use arrow_buffer::NullBuffer;
use arrow_schema::{DataType, Field, TimeUnit};
use plaudit::dates::Day;
use plaudit::{ErrorCode, FieldError};

/// Day number (chrono's `num_days_from_ce`) of 1970-01-01, the Arrow date epoch.
pub const EPOCH_DAY: Day = 719_163;

/// Day number of 0001-01-01, the first date the JSON door reads (`YYYY-MM-DD`, years
/// 1..=9999: year 0 exists for chrono but for no Python or JS calendar).
const FIRST_DAY: Day = 1;
/// Day number of 9999-12-31, the last.
const LAST_DAY: Day = 3_652_059;

/// A column-level problem: where (the column, or a row's field) and what.
pub type Problems = Vec<FieldError>;

/// `table[row].field`, the path of one cell.
pub fn cell(table: &str, row: usize, field: &str) -> String {
    format!("{table}[{row}].{field}")
}

fn col_path(table: &str, field: &str) -> String {
    format!("{table}.{field}")
}

fn wrong_type(table: &str, field: &str, dt: &DataType, expected: &str) -> FieldError {
    FieldError::new(
        col_path(table, field),
        ErrorCode::InvalidType,
        format!("column of Arrow type `{dt}` is not {expected}"),
    )
}

fn is_string_type(dt: &DataType) -> bool {
    matches!(
        dt,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
    )
}

/// Strings of any flavour (dictionaries are decoded into a view array, which copies no
/// string data).
#[derive(Debug, Clone)]
pub enum Strs {
    /// `string`
    Utf8(arrow_array::StringArray),
    /// `large_string`
    Large(arrow_array::LargeStringArray),
    /// `string_view` (polars)
    View(arrow_array::StringViewArray),
}

impl Strs {
    /// A string view of `a`, or why not.
    pub fn new(a: &ArrayRef, table: &str, field: &str) -> Result<Strs, FieldError> {
        let dt = a.data_type();
        let a = match dt {
            DataType::Dictionary(_, v) if is_string_type(v) => {
                arrow_cast::cast(a, &DataType::Utf8View).map_err(|e| {
                    FieldError::new(
                        col_path(table, field),
                        ErrorCode::InvalidType,
                        e.to_string(),
                    )
                })?
            }
            DataType::Null => arrow_array::new_null_array(&DataType::Utf8, a.len()),
            _ => Arc::clone(a),
        };
        if let Some(s) = a.as_string_opt::<i32>() {
            return Ok(Strs::Utf8(s.clone()));
        }
        if let Some(s) = a.as_string_opt::<i64>() {
            return Ok(Strs::Large(s.clone()));
        }
        if let Some(s) = a.as_string_view_opt() {
            return Ok(Strs::View(s.clone()));
        }
        Err(wrong_type(table, field, dt, "a string"))
    }

    /// The string at `i`, `None` when null.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&str> {
        match self {
            Strs::Utf8(a) => a.is_valid(i).then(|| a.value(i)),
            Strs::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Strs::View(a) => a.is_valid(i).then(|| a.value(i)),
        }
    }

    /// Asks the cache for what [`Strs::get`] of row `i` reads: its slot (offsets or view)
    /// when `data` is false, else the string's bytes, which needs the slot: ask for the slot
    /// some rows ahead, for the bytes later.
    #[inline]
    pub fn prefetch(&self, i: usize, data: bool) {
        match self {
            Strs::Utf8(a) if data => {
                let at = a.value_offsets().get(i).map_or(0, |&o| o as usize);
                prefetch(a.value_data().get(at));
            }
            Strs::Utf8(a) => prefetch(a.value_offsets().get(i)),
            Strs::Large(a) if data => {
                let at = a.value_offsets().get(i).map_or(0, |&o| o as usize);
                prefetch(a.value_data().get(at));
            }
            Strs::Large(a) => prefetch(a.value_offsets().get(i)),
            // Views hold strings of up to 12 bytes themselves.
            Strs::View(a) if data => {
                if let Some(v) = a.views().get(i).filter(|&&v| v as u32 > 12) {
                    let buffer = (*v >> 64) as u32 as usize;
                    let at = (*v >> 96) as u32 as usize;
                    prefetch(a.data_buffers().get(buffer).and_then(|b| b.get(at)));
                }
            }
            Strs::View(a) => prefetch(a.views().get(i)),
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Strs::Utf8(a) => a.len(),
            Strs::Large(a) => a.len(),
            Strs::View(a) => a.len(),
        }
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Asks the cache for the line holding `x`, without waiting for it, so that misses of
/// lookups in random order overlap (the workspace forbids `unsafe`: `safe_arch` wraps the
/// instruction).
#[inline]
pub fn prefetch<T>(x: Option<&T>) {
    #[cfg(target_arch = "x86_64")]
    if let Some(x) = x {
        safe_arch::prefetch_t0(x);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// `s` without leading and trailing whitespace, as [`str::trim`] gives it, at the cost of
/// two byte compares when it has none (nearly every id): the long-table joins trim every
/// row's id, 14.6M of them in a 1M-advocate evaluate, where `str::trim`'s char decoding was
/// ~1% of the samples.
#[inline]
pub fn trim(s: &str) -> &str {
    match s.as_bytes() {
        [first, .., last] if (b'!'..0x80).contains(first) && (b'!'..0x80).contains(last) => s,
        _ => s.trim(),
    }
}

/// Dates as day numbers; null where absent.
#[derive(Debug, Clone)]
pub struct Days {
    days: Vec<Day>,
    nulls: Option<NullBuffer>,
}

fn floor_div(x: i64, d: i64) -> i64 {
    x.div_euclid(d)
}

fn to_day(days_since_epoch: i64) -> Day {
    let d = days_since_epoch.saturating_add(i64::from(EPOCH_DAY));
    Day::try_from(d).unwrap_or(if d < 0 { Day::MIN } else { Day::MAX })
}

impl Days {
    /// Reads a date column: `date32`, `date64`, `timestamp` (the UTC date) or `YYYY-MM-DD`
    /// strings. Unparsable strings are reported by row.
    pub fn new(
        a: &ArrayRef,
        table: &str,
        field: &str,
        errors: &mut Problems,
    ) -> Result<Days, FieldError> {
        let dt = a.data_type().clone();
        let per_day = |unit: &TimeUnit| match unit {
            TimeUnit::Second => 86_400i64,
            TimeUnit::Millisecond => 86_400_000,
            TimeUnit::Microsecond => 86_400_000_000,
            TimeUnit::Nanosecond => 86_400_000_000_000,
        };
        let days: Vec<Day> = match &dt {
            DataType::Date32 => {
                let p = a.as_primitive::<Date32Type>();
                p.values()
                    .iter()
                    .map(|&d| d.saturating_add(EPOCH_DAY))
                    .collect()
            }
            DataType::Date64 => {
                let p = a.as_primitive::<Date64Type>();
                p.values()
                    .iter()
                    .map(|&ms| to_day(floor_div(ms, 86_400_000)))
                    .collect()
            }
            DataType::Timestamp(unit, _) => {
                let d = per_day(unit);
                let values: &[i64] = match unit {
                    TimeUnit::Second => a.as_primitive::<TimestampSecondType>().values(),
                    TimeUnit::Millisecond => a.as_primitive::<TimestampMillisecondType>().values(),
                    TimeUnit::Microsecond => a.as_primitive::<TimestampMicrosecondType>().values(),
                    TimeUnit::Nanosecond => a.as_primitive::<TimestampNanosecondType>().values(),
                };
                // A date is a day: a time of day other than midnight is not a date.
                for (i, &t) in values.iter().enumerate() {
                    if t.rem_euclid(d) != 0 && a.is_valid(i) {
                        push_limited(
                            errors,
                            cell(table, i, field),
                            ErrorCode::InvalidDate,
                            "expected a date, got a timestamp with a time of day",
                        );
                    }
                }
                values.iter().map(|&t| to_day(floor_div(t, d))).collect()
            }
            DataType::Null => vec![0; a.len()],
            _ => {
                let s = Strs::new(a, table, field).map_err(|_| {
                    wrong_type(
                        table,
                        field,
                        &dt,
                        "a date (date32, date64, timestamp or `YYYY-MM-DD` strings)",
                    )
                })?;
                let mut out = vec![0; s.len()];
                let mut last: Option<(&str, Day)> = None;
                for (i, slot) in out.iter_mut().enumerate() {
                    let Some(v) = s.get(i) else { continue };
                    if let Some((lv, ld)) = last {
                        if lv == v {
                            *slot = ld;
                            continue;
                        }
                    }
                    match plaudit::dates::parse_date(v) {
                        Ok(d) => {
                            *slot = plaudit::dates::day(d);
                            last = Some((v, *slot));
                        }
                        Err(m) => {
                            push_limited(errors, cell(table, i, field), ErrorCode::InvalidDate, m)
                        }
                    }
                }
                // Null the unparsable rows too: they are errors already.
                return Ok(Days {
                    days: out,
                    nulls: a.logical_nulls(),
                });
            }
        };
        // The JSON door reads years 1..=9999 only (`YYYY-MM-DD`): so do the tables.
        if !matches!(dt, DataType::Null) {
            for (i, &d) in days.iter().enumerate() {
                if !(FIRST_DAY..=LAST_DAY).contains(&d) && a.is_valid(i) {
                    push_limited(
                        errors,
                        cell(table, i, field),
                        ErrorCode::InvalidDate,
                        "expected a date between 0001-01-01 and 9999-12-31",
                    );
                }
            }
        }
        Ok(Days {
            days,
            nulls: if matches!(dt, DataType::Null) {
                Some(NullBuffer::new_null(a.len()))
            } else {
                a.logical_nulls()
            },
        })
    }

    /// The day at `i`, `None` when null.
    #[inline]
    pub fn get(&self, i: usize) -> Option<Day> {
        match &self.nulls {
            Some(n) if n.is_null(i) => None,
            _ => Some(self.days[i]),
        }
    }
}

/// Adds a problem unless the report is already full.
pub fn push_limited(
    errors: &mut Problems,
    path: String,
    code: ErrorCode,
    message: impl Into<String>,
) {
    if errors.len() < plaudit::MAX_REPORTED_ERRORS {
        errors.push(FieldError::new(path, code, message));
    }
}

/// A unit enum column as one byte per row (`NONE` when null): dictionaries are decoded once
/// per distinct value, plain strings parsed once per distinct name.
#[derive(Debug, Clone)]
pub struct Codes {
    codes: Vec<u8>,
}

/// How many distinct names a plain-string enum column remembers (more than any enum has).
const SEEN: usize = 16;

/// A name as its length and its first and last eight bytes (zero-padded): equal keys mean
/// equal names when the names have at most 16 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct NameKey {
    len: usize,
    head: u64,
    tail: u64,
}

impl NameKey {
    #[inline]
    fn of(s: &str) -> NameKey {
        let b = s.as_bytes();
        let word = |part: &[u8]| {
            let mut w = [0u8; 8];
            let n = part.len().min(8);
            w[..n].copy_from_slice(&part[..n]);
            u64::from_le_bytes(w)
        };
        NameKey {
            len: b.len(),
            head: word(b),
            tail: word(&b[b.len().saturating_sub(8)..]),
        }
    }

    /// Whether the key holds every byte of the name.
    #[inline]
    fn exact(&self) -> bool {
        self.len <= 16
    }
}

impl Codes {
    /// The null code.
    pub const NONE: u8 = u8::MAX;
    /// The code of a name that is not one (reported when read).
    pub const BAD: u8 = u8::MAX - 1;

    /// Reads an enum column with `parse` (the core's `T::parse`), reporting unknown names by
    /// row with the accepted names.
    pub fn new(
        a: &ArrayRef,
        table: &str,
        field: &str,
        parse: impl Fn(&str) -> Option<u8>,
        accepted: &str,
        errors: &mut Problems,
    ) -> Result<Codes, FieldError> {
        let bad = |i: usize, v: &str, errors: &mut Problems| {
            push_limited(
                errors,
                cell(table, i, field),
                ErrorCode::InvalidValue,
                format!("`{v}` is not one of {accepted}"),
            );
        };
        if let DataType::Dictionary(_, v) = a.data_type() {
            if is_string_type(v) {
                if let Some(dict) = a.as_any_dictionary_opt() {
                    let values = Strs::new(dict.values(), table, field)?;
                    let table_codes: Vec<Option<u8>> = (0..values.len())
                        .map(|j| values.get(j).and_then(&parse))
                        .collect();
                    let keys = arrow_cast::cast(dict.keys(), &DataType::UInt32).map_err(|e| {
                        FieldError::new(
                            col_path(table, field),
                            ErrorCode::InvalidType,
                            e.to_string(),
                        )
                    })?;
                    let keys = keys.as_primitive::<UInt32Type>();
                    let mut codes = vec![Self::NONE; a.len()];
                    for (i, slot) in codes.iter_mut().enumerate() {
                        if keys.is_null(i) {
                            continue;
                        }
                        let k = keys.value(i) as usize;
                        match table_codes.get(k).copied().flatten() {
                            Some(c) => *slot = c,
                            None => {
                                *slot = Self::BAD;
                                bad(i, values.get(k).unwrap_or(""), errors)
                            }
                        }
                    }
                    return Ok(Codes { codes });
                }
            }
        }
        let s = Strs::new(a, table, field)?;
        let mut codes = vec![Self::NONE; s.len()];
        // An enum column holds a handful of distinct names: each is parsed once.
        // Names are compared as their length and two words (exact up to 16 bytes), not with
        // a `memcmp` call per candidate: that call was 4-5% of a nested 1M evaluate's CPU.
        let mut seen: Vec<(NameKey, &str, u8)> = Vec::with_capacity(SEEN);
        for (i, slot) in codes.iter_mut().enumerate() {
            let Some(v) = s.get(i) else { continue };
            let key = NameKey::of(v);
            if let Some(&(_, _, c)) = seen
                .iter()
                .find(|(k, s, _)| *k == key && (key.exact() || *s == v))
            {
                *slot = c;
                continue;
            }
            match parse(v) {
                Some(c) => {
                    *slot = c;
                    if seen.len() < SEEN {
                        seen.push((key, v, c));
                    }
                }
                None => {
                    *slot = Self::BAD;
                    bad(i, v, errors)
                }
            }
        }
        Ok(Codes { codes })
    }

    /// The code at `i`, `None` when null or bad.
    #[inline]
    pub fn get(&self, i: usize) -> Option<u8> {
        let c = self.codes[i];
        (c < Self::BAD).then_some(c)
    }

    /// Whether the cell at `i` is null (a bad name is not: it was reported already).
    #[inline]
    pub fn is_null(&self, i: usize) -> bool {
        self.codes[i] == Self::NONE
    }
}

/// Numbers as `f64` (any integer or float type); null where absent.
#[derive(Debug, Clone)]
pub struct Floats(Float64Array);

impl Floats {
    /// Reads a numeric column.
    pub fn new(a: &ArrayRef, table: &str, field: &str) -> Result<Floats, FieldError> {
        let dt = a.data_type();
        if !(dt.is_numeric() || matches!(dt, DataType::Null)) {
            return Err(wrong_type(table, field, dt, "numeric"));
        }
        let c = arrow_cast::cast(a, &DataType::Float64).map_err(|e| {
            FieldError::new(
                col_path(table, field),
                ErrorCode::InvalidType,
                e.to_string(),
            )
        })?;
        c.as_primitive_opt::<Float64Type>()
            .map(|p| Floats(p.clone()))
            .ok_or_else(|| wrong_type(table, field, dt, "numeric"))
    }

    /// The number at `i`, `None` when null.
    #[inline]
    pub fn get(&self, i: usize) -> Option<f64> {
        self.0.is_valid(i).then(|| self.0.value(i))
    }

    /// The parts as one column (each part read as numbers first, so their Arrow types may
    /// differ); `None` when there are none or they cannot be joined.
    pub fn concat(parts: &[Floats]) -> Option<Floats> {
        match parts {
            [] => None,
            [one] => Some(one.clone()),
            _ => {
                let refs: Vec<&dyn Array> = parts.iter().map(|p| &p.0 as &dyn Array).collect();
                let joined = arrow_select::concat::concat(&refs).ok()?;
                joined
                    .as_primitive_opt::<Float64Type>()
                    .cloned()
                    .map(Floats)
            }
        }
    }

    /// Asks the cache for the number at `i` (see [`prefetch`]).
    #[inline]
    pub fn prefetch(&self, i: usize) {
        prefetch(self.0.values().get(i));
    }
}

/// Whole numbers as `i64`: integer columns, or float columns holding whole numbers (pandas
/// turns an integer column with missing values into floats with NaN; NaN reads as null).
#[derive(Debug, Clone)]
pub struct Ints {
    values: Vec<i64>,
    valid: Vec<bool>,
}

impl Ints {
    /// Reads a whole-number column, reporting fractional values by row.
    pub fn new(
        a: &ArrayRef,
        table: &str,
        field: &str,
        errors: &mut Problems,
    ) -> Result<Ints, FieldError> {
        let dt = a.data_type();
        if dt.is_integer() || matches!(dt, DataType::Null) {
            // `safe: false`: a `uint64` beyond `i64` is an error, never a silent null.
            let options = arrow_cast::CastOptions {
                safe: false,
                ..Default::default()
            };
            let c = arrow_cast::cast_with_options(a, &DataType::Int64, &options).map_err(|e| {
                FieldError::new(
                    col_path(table, field),
                    ErrorCode::InvalidType,
                    e.to_string(),
                )
            })?;
            let p = c
                .as_primitive_opt::<Int64Type>()
                .ok_or_else(|| wrong_type(table, field, dt, "an integer"))?;
            return Ok(Ints {
                values: p.values().to_vec(),
                valid: (0..p.len()).map(|i| p.is_valid(i)).collect(),
            });
        }
        if dt.is_floating() {
            let f = Floats::new(a, table, field)?;
            let n = a.len();
            let mut values = vec![0i64; n];
            let mut valid = vec![false; n];
            for i in 0..n {
                match f.get(i) {
                    Some(x) if x.is_nan() => {}
                    Some(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => {
                        values[i] = x as i64;
                        valid[i] = true;
                    }
                    Some(x) => push_limited(
                        errors,
                        cell(table, i, field),
                        ErrorCode::InvalidType,
                        format!("{x} is not a whole number"),
                    ),
                    None => {}
                }
            }
            return Ok(Ints { values, valid });
        }
        Err(wrong_type(table, field, dt, "an integer"))
    }

    /// The number at `i`, `None` when null.
    #[inline]
    pub fn get(&self, i: usize) -> Option<i64> {
        self.valid[i].then(|| self.values[i])
    }
}

/// Booleans; null where absent. A boolean column holds booleans: strings or numbers are
/// refused (a cast would read `"maybe"` as null, an absent `false`), as JSON refuses them.
#[derive(Debug, Clone)]
pub struct Bools(BooleanArray);

impl Bools {
    /// Reads a boolean column.
    pub fn new(a: &ArrayRef, table: &str, field: &str) -> Result<Bools, FieldError> {
        let dt = a.data_type();
        if !matches!(dt, DataType::Boolean | DataType::Null) {
            return Err(wrong_type(table, field, dt, "boolean"));
        }
        let c = arrow_cast::cast(a, &DataType::Boolean)
            .map_err(|_| wrong_type(table, field, dt, "boolean"))?;
        c.as_boolean_opt()
            .map(|b| Bools(b.clone()))
            .ok_or_else(|| wrong_type(table, field, dt, "boolean"))
    }

    /// The value at `i`, `None` when null.
    #[inline]
    pub fn get(&self, i: usize) -> Option<bool> {
        self.0.is_valid(i).then(|| self.0.value(i))
    }
}

/// Lists of strings (`list<string>` and its large / view flavours).
#[derive(Debug, Clone)]
pub struct StrLists {
    lists: ListArray,
    values: Strs,
}

impl StrLists {
    /// Reads a list-of-strings column.
    pub fn new(a: &ArrayRef, table: &str, field: &str) -> Result<StrLists, FieldError> {
        let dt = a.data_type();
        // A list of strings, or nothing: a cast would read a text cell as a one-item list
        // and numbers as their digits, where a record refuses both as a wrong type.
        let item = match dt {
            DataType::List(f)
            | DataType::LargeList(f)
            | DataType::ListView(f)
            | DataType::LargeListView(f)
            | DataType::FixedSizeList(f, _) => Some(f.data_type()),
            DataType::Null => None,
            _ => return Err(wrong_type(table, field, dt, "a list of strings")),
        };
        let strings = |t: &DataType| {
            is_string_type(t)
                || matches!(t, DataType::Null)
                || matches!(t, DataType::Dictionary(_, v) if is_string_type(v))
        };
        if item.is_some_and(|t| !strings(t)) {
            return Err(wrong_type(table, field, dt, "a list of strings"));
        }
        let target = DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true)));
        let c = arrow_cast::cast(a, &target)
            .map_err(|_| wrong_type(table, field, dt, "a list of strings"))?;
        let lists = c
            .as_list_opt::<i32>()
            .ok_or_else(|| wrong_type(table, field, dt, "a list of strings"))?
            .clone();
        let values = Strs::new(lists.values(), table, field)?;
        Ok(StrLists { lists, values })
    }

    /// Whether row `i` holds a list (not null).
    pub fn is_valid(&self, i: usize) -> bool {
        self.lists.is_valid(i)
    }

    /// The strings of row `i` (none when the list is null); null items are skipped.
    pub fn get(&self, i: usize) -> impl Iterator<Item = &str> + '_ {
        let range = if self.lists.is_valid(i) {
            let o = self.lists.value_offsets();
            (o[i] as usize)..(o[i + 1] as usize)
        } else {
            0..0
        };
        range.filter_map(move |j| self.values.get(j))
    }
}

/// The index of the column called `name`, also accepting the dotted spelling that
/// `pandas.json_normalize` gives nested fields (`preferences.public` for
/// `preferences_public`).
pub fn find(schema: &arrow_schema::Schema, name: &str) -> Option<usize> {
    let fields = schema.fields();
    fields.iter().position(|f| f.name() == name).or_else(|| {
        fields
            .iter()
            .position(|f| f.name().contains('.') && f.name().replace('.', "_") == name)
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Arc;

    use super::*;

    /// The quick trim gives what `str::trim` gives, on both sides of its shortcut: ASCII
    /// ends that are and are not whitespace (`!` is the first byte it keeps, DEL the last),
    /// Unicode whitespace and non-ASCII ends, one-byte and empty ids.
    #[test]
    fn trim_is_str_trim() {
        let cases = [
            "",
            " ",
            "a",
            " a",
            "a ",
            "!",
            "~",
            "\u{7f}",
            "adv-0000001",
            " adv-1 ",
            "\tadv\n",
            "!x!",
            " x!",
            "!x ",
            "\u{a0}adv",
            "adv\u{a0}",
            "\u{3000}x\u{3000}",
            "é",
            "éx",
            "xé",
            "\u{2028}",
            "a\u{85}",
            "\u{1f600}",
            "\u{b}x",
            "x\u{c}",
        ];
        for s in cases {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
        for b in 0u8..0x80 {
            let c = char::from(b);
            for s in [format!("{c}x"), format!("x{c}"), c.to_string()] {
                assert_eq!(trim(&s), s.trim(), "{s:?}");
            }
        }
    }

    /// Names that share their length, first and last eight bytes but differ inside (only
    /// possible beyond 16 bytes) are told apart; short ones by their key alone.
    #[test]
    fn enum_names_are_told_apart_whatever_their_length() {
        let names = [
            "aaaaaaaa-x-bbbbbbbb",
            "aaaaaaaa-y-bbbbbbbb",
            "ab",
            "ab\u{0}",
            "exactly-16-bytes",
            "exactly-16-bytez",
            "",
        ];
        let rows: Vec<&str> = (0..60)
            .map(|i| names[(i * 7 + i / 3) % names.len()])
            .collect();
        let a: ArrayRef = Arc::new(arrow_array::StringArray::from(rows.clone()));
        let mut errors = Vec::new();
        let parse = |s: &str| names.iter().position(|n| *n == s).map(|p| p as u8);
        let codes = Codes::new(&a, "t", "f", parse, "", &mut errors).unwrap();
        assert!(errors.is_empty());
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(codes.get(i), parse(r), "row {i}: {r:?}");
        }
    }
}
