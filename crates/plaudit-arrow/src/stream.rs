//! A nested advocates table decided a part at a time: with its history in list columns (no
//! long tables to join), each advocate's row holds all there is to know about it, so the
//! table can be decided in parts as they arrive — a Parquet file read a batch at a time, a
//! chunked pyarrow or polars table — without first copying its chunks into one array per
//! column (which took three times the input's size for a chunked 1M-advocate table).
//!
//! Every cell means what it means when the table is read whole: each part goes through the
//! same door, its problems are named by their row in the whole table (`advocates[70000].nps`,
//! not `[4464]` of its part), a problem of a whole column (a wrong type) is reported once,
//! and an id that an earlier part held is a duplicate as it is within one part.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::BuildHasher;

use arrow_array::RecordBatch;
use arrow_array::cast::AsArray;
use plaudit::{Engine, ErrorCode, FieldError, RecordError};

use crate::{Options, Tables};

/// Advocates decided at a time when [`crate::evaluate`] is given a chunked nested table:
/// consecutive chunks are taken together up to this many rows (small chunks are joined, so
/// that a table of many tiny chunks does not pay the door's fixed costs per chunk).
pub const PART_ROWS: usize = 64 * 1024;

/// Decides a nested advocates table part by part (see the [module](self) docs).
///
/// ```
/// use std::sync::Arc;
/// use arrow_array::{ArrayRef, Date32Array, Float64Array, RecordBatch, StringArray};
/// use arrow_schema::{DataType, Field, Schema};
///
/// let part = |ids: Vec<&str>| {
///     let n = ids.len();
///     let cols: Vec<(&str, ArrayRef)> = vec![
///         ("id", Arc::new(StringArray::from(ids))),
///         ("customer_since", Arc::new(Date32Array::from(vec![18_000; n]))),
///         ("health_score", Arc::new(Float64Array::from(vec![90.0; n]))),
///     ];
///     let schema = Schema::new(
///         cols.iter().map(|(c, a)| Field::new(*c, a.data_type().clone(), true)).collect::<Vec<_>>(),
///     );
///     RecordBatch::try_new(Arc::new(schema), cols.into_iter().map(|(_, a)| a).collect()).unwrap()
/// };
/// let engine = plaudit::Engine::default();
/// let opts = plaudit_arrow::Options {
///     as_of: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
///     ignore_unknown_ids: false,
///     threads: 1,
///     shares: false,
/// };
/// let mut stream = plaudit_arrow::Stream::new(&engine, &opts);
/// let decided = stream.evaluate(&[part(vec!["a1", "a2"])]).unwrap();
/// assert_eq!(decided[0].num_rows(), 2);
/// // `a1` again, in a later part: a duplicate named by its row in the whole table.
/// assert!(stream.evaluate(&[part(vec!["a3", "a1"])]).is_none());
/// let problems = stream.finish().unwrap_err().errors;
/// assert_eq!(problems[0].path, "advocates[3].id");
/// assert_eq!(problems[0].message, "`a1` is already used by advocates[0]");
/// ```
#[derive(Debug)]
pub struct Stream<'e> {
    engine: &'e Engine,
    opts: Options,
    seen: SeenIds,
    problems: Vec<FieldError>,
    rows: usize,
}

impl<'e> Stream<'e> {
    /// A stream deciding with `engine` as [`crate::evaluate`] does with `opts`
    /// ([`Options::shares`] cannot apply to a part: it is ignored).
    pub fn new(engine: &'e Engine, opts: &Options) -> Self {
        Stream {
            engine,
            opts: Options {
                shares: false,
                ..opts.clone()
            },
            seen: SeenIds::default(),
            problems: Vec::new(),
            rows: 0,
        }
    }

    /// Decides the next advocates of the table (`batches`, one part: their rows follow the
    /// rows of the parts before, and they share one schema). Gives the decisions, one row per
    /// advocate in input order, or `None` once any problem has been found, in this part or
    /// an earlier one: the part is then only checked, so that [`Stream::finish`] reports
    /// every problem.
    pub fn evaluate(&mut self, batches: &[RecordBatch]) -> Option<Vec<RecordBatch>> {
        let first = self.rows;
        for b in batches {
            self.seen.check(b, self.rows, &mut self.problems);
            self.rows += b.num_rows();
        }
        let tables = Tables {
            advocates: batches.to_vec(),
            ..Default::default()
        };
        match crate::evaluate(self.engine, &tables, &self.opts) {
            Ok(decided) => self.problems.is_empty().then_some(decided),
            Err(e) => {
                add(&mut self.problems, e.errors, first);
                None
            }
        }
    }

    /// Advocates given so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Whether the problems found fill the list reported ([`plaudit::MAX_REPORTED_ERRORS`]):
    /// later parts could add none.
    pub fn is_full(&self) -> bool {
        self.problems.len() >= plaudit::MAX_REPORTED_ERRORS
    }

    /// The end of the table: `Ok` when every part was decided, else every problem found (at
    /// most [`plaudit::MAX_REPORTED_ERRORS`]), named by their row in the whole table.
    pub fn finish(self) -> Result<(), RecordError> {
        RecordError::from_errors(self.problems)
    }
}

/// Adds the problems of a part whose first advocate is table row `first`.
fn add(problems: &mut Vec<FieldError>, part: Vec<FieldError>, first: usize) {
    for mut e in part {
        e.path = shifted(&e.path, first);
        e.message = shifted(&e.message, first);
        // A column's problem (`advocates.nps`) is the same in every part, and an id held by
        // an earlier part and twice in this one is a duplicate of the earlier row, as the
        // whole table says (not of its twin): each said once.
        if problems
            .iter()
            .any(|x| x.path == e.path && x.code == e.code)
        {
            continue;
        }
        if problems.len() < plaudit::MAX_REPORTED_ERRORS {
            problems.push(e);
        }
    }
}

/// `text` with every `advocates[i]` of a part renamed to its table row `advocates[first + i]`.
fn shifted(text: &str, first: usize) -> String {
    const AT: &str = "advocates[";
    if first == 0 || !text.contains(AT) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(p) = rest.find(AT) {
        let (head, tail) = rest.split_at(p + AT.len());
        out.push_str(head);
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        match tail[..digits].parse::<usize>() {
            Ok(i) if tail[digits..].starts_with(']') => out.push_str(&(i + first).to_string()),
            _ => out.push_str(&tail[..digits]),
        }
        rest = &tail[digits..];
    }
    out.push_str(rest);
    out
}

/// The ids of the parts read so far, as 128-bit hashes of their trimmed text (how the door
/// compares ids) with the table row that first held each: ~32 bytes an advocate, where the
/// ids themselves would take their length and a string's overhead. Two different ids share
/// a hash with a probability of about 2⁻¹²⁸ per pair (≈10⁻²⁵ over 10M advocates).
#[derive(Debug, Default)]
struct SeenIds {
    rows: HashMap<u128, u32, foldhash::fast::RandomState>,
}

impl SeenIds {
    /// Reports, at their table row, the advocates of `batch` (table rows from `first`) whose
    /// id an earlier part already held. Duplicates within the part, null ids and id columns
    /// of a wrong type are the door's to report.
    fn check(&mut self, batch: &RecordBatch, first: usize, problems: &mut Vec<FieldError>) {
        let Some(col) = batch.column_by_name("id") else {
            return;
        };
        let Ok(text) = arrow_cast::cast(col, &arrow_schema::DataType::Utf8) else {
            return;
        };
        let Some(text) = text.as_string_opt::<i32>() else {
            return;
        };
        let (a, b) = (
            foldhash::fast::FixedState::with_seed(0x7061_7273_6564_2031),
            foldhash::fast::FixedState::with_seed(0x6964_7320_7365_656e),
        );
        let mut found = Vec::new();
        for (i, id) in text.iter().enumerate() {
            let Some(id) = id.map(str::trim) else {
                continue;
            };
            let key = u128::from(a.hash_one(id)) << 64 | u128::from(b.hash_one(id));
            let row = first + i;
            match self.rows.entry(key) {
                // Held by an earlier part (a duplicate within this part is the door's).
                Entry::Occupied(o) if (*o.get() as usize) < first => {
                    found.push(FieldError::new(
                        format!("advocates[{row}].id"),
                        ErrorCode::DuplicateId,
                        format!("`{id}` is already used by advocates[{}]", o.get()),
                    ));
                }
                Entry::Occupied(_) => {}
                Entry::Vacant(v) => {
                    v.insert(u32::try_from(row).unwrap_or(u32::MAX));
                }
            }
        }
        add(problems, found, 0);
    }
}

/// The parts [`crate::evaluate`] decides a table in, when it can: a nested table (no long
/// table) of more than one batch, all of one schema, without population shares (which need
/// every advocate at once). Consecutive batches are taken together up to [`PART_ROWS`] rows.
pub(crate) fn parts(tables: &Tables, opts: &Options) -> Option<Vec<std::ops::Range<usize>>> {
    let t = tables;
    let long = t.activities.is_some()
        || t.engagements.is_some()
        || t.consents.is_some()
        || t.disruptions.is_some();
    let batches = &t.advocates;
    if long || opts.shares || batches.len() < 2 {
        return None;
    }
    let schema = batches[0].schema_ref();
    if batches.iter().any(|b| b.schema_ref() != schema) {
        return None;
    }
    let mut parts = Vec::new();
    let (mut start, mut rows) = (0, 0);
    for (i, b) in batches.iter().enumerate() {
        rows += b.num_rows();
        if rows >= PART_ROWS {
            parts.push(start..i + 1);
            (start, rows) = (i + 1, 0);
        }
    }
    if start < batches.len() {
        parts.push(start..batches.len());
    }
    (parts.len() > 1).then_some(parts)
}

/// [`crate::evaluate`] of a table in `parts`.
pub(crate) fn evaluate(
    engine: &Engine,
    tables: &Tables,
    opts: &Options,
    parts: Vec<std::ops::Range<usize>>,
) -> Result<Vec<RecordBatch>, RecordError> {
    let mut stream = Stream::new(engine, opts);
    let mut out = Vec::new();
    for r in parts {
        let Some(batches) = tables.advocates.get(r) else {
            continue;
        };
        if let Some(decided) = stream.evaluate(batches) {
            out.extend(decided);
        }
        if stream.is_full() {
            break;
        }
    }
    stream.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::sync::Arc;

    use arrow_array::{ArrayRef, RecordBatch, StringArray};
    use arrow_schema::{DataType, Field, Schema};

    use super::{PART_ROWS, parts, shifted};
    use crate::{Options, Tables};

    fn ids(n: usize, ty: DataType) -> RecordBatch {
        let a: ArrayRef = Arc::new(StringArray::from(vec!["a"; n]));
        let a = arrow_cast::cast(&a, &ty).unwrap();
        RecordBatch::try_new(
            Arc::new(Schema::new(vec![Field::new("id", ty, true)])),
            vec![a],
        )
        .unwrap()
    }

    fn opts(shares: bool) -> Options {
        Options {
            as_of: chrono::NaiveDate::MIN,
            ignore_unknown_ids: false,
            threads: 1,
            shares,
        }
    }

    #[test]
    fn chunks_are_taken_together_up_to_a_part() {
        let k = PART_ROWS / 4;
        let sizes = [k, k, k, k, 3 * k, 2 * k, 5, 4 * k, 1];
        let t = Tables {
            advocates: sizes.iter().map(|&n| ids(n, DataType::Utf8)).collect(),
            ..Default::default()
        };
        assert_eq!(parts(&t, &opts(false)), Some(vec![0..4, 4..6, 6..8, 8..9]));
        // Shares need the whole population; one part is the whole table.
        assert_eq!(parts(&t, &opts(true)), None);
        let small = Tables {
            advocates: vec![ids(k, DataType::Utf8), ids(k, DataType::Utf8)],
            ..Default::default()
        };
        assert_eq!(parts(&small, &opts(false)), None);
        // Long tables are joined to the whole advocates table; chunks of two schemas are
        // read as the whole table reads them.
        let long = Tables {
            advocates: t.advocates.clone(),
            consents: Some(Vec::new()),
            ..Default::default()
        };
        assert_eq!(parts(&long, &opts(false)), None);
        let mixed = Tables {
            advocates: vec![
                ids(PART_ROWS, DataType::Utf8),
                ids(PART_ROWS, DataType::LargeUtf8),
            ],
            ..Default::default()
        };
        assert_eq!(parts(&mixed, &opts(false)), None);
    }

    #[test]
    fn rows_of_a_part_are_renamed_to_rows_of_the_table() {
        assert_eq!(shifted("advocates[3].nps", 100), "advocates[103].nps");
        assert_eq!(
            shifted("`a` is already used by advocates[0] and advocates[12]", 5),
            "`a` is already used by advocates[5] and advocates[17]"
        );
        assert_eq!(shifted("advocates.nps", 5), "advocates.nps");
        assert_eq!(shifted("advocates[x]", 5), "advocates[x]");
        assert_eq!(shifted("advocates[3].nps", 0), "advocates[3].nps");
    }
}
