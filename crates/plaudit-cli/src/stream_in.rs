//! A nested Parquet roster read a batch at a time: the advocates file alone (its history in
//! list columns, or none) needs no join, so `plaudit evaluate` decides it batch by batch
//! while the next batch is decoded, and memory stays flat however many advocates the file
//! holds (reading a 10M-advocate file whole took 15.7 GB). Every cell means what it means
//! when the file is read whole: each batch goes through the same table door, its problems
//! are named by their row in the whole file, and an id seen in an earlier batch is a
//! duplicate as it is within one.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::PathBuf;

use arrow_array::RecordBatch;
use arrow_array::cast::AsArray;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use plaudit::{ErrorCode, FieldError, RecordError};

use crate::diag::Failure;
use crate::input::{InputFormat, RosterArgs, display_name};
use crate::tables_in::{TableInput, cannot, format_of, locate, open_file};

/// Advocates decided at a time (the Parquet reader's batch).
const BATCH_ROWS: usize = 64 * 1024;

/// A nested Parquet roster to read in batches.
#[derive(Debug)]
pub struct Stream {
    path: PathBuf,
    rows: usize,
}

/// The roster of `args` as a stream, when it is one Parquet file (no long history files)
/// of more than one batch; `None` otherwise (the input is read whole, or is not a table).
pub fn open(args: &RosterArgs) -> Result<Option<Stream>, Failure> {
    let Some(files) = locate(args)? else {
        return Ok(None);
    };
    let [Some(path), None, None, None, None] = files else {
        return Ok(None);
    };
    if format_of(&path, args.input_format) != Some(InputFormat::Parquet) {
        return Ok(None);
    }
    let builder = ParquetRecordBatchReaderBuilder::try_new(open_file(&path)?)
        .map_err(|e| cannot(&path, "Parquet", e))?;
    let rows = usize::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0);
    Ok((rows > BATCH_ROWS).then_some(Stream { path, rows }))
}

impl Stream {
    /// Number of advocates in the file.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Calls `each` with every batch in file order and the file row of its first advocate,
    /// decoding the next batch on another thread meanwhile; stops when `each` returns false.
    pub fn for_each(
        &self,
        mut each: impl FnMut(usize, RecordBatch) -> Result<bool, Failure>,
    ) -> Result<(), Failure> {
        let path = &self.path;
        let reader = ParquetRecordBatchReaderBuilder::try_new(open_file(path)?)
            .map_err(|e| cannot(path, "Parquet", e))?
            .with_batch_size(BATCH_ROWS)
            .build()
            .map_err(|e| cannot(path, "Parquet", e))?;
        // One batch waits decoded while one is decided: two batches in memory at most.
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        std::thread::scope(|scope| {
            scope.spawn(move || {
                for batch in reader {
                    let batch = batch.map_err(|e| cannot(path, "Parquet", e));
                    let failed = batch.is_err();
                    // The receiver gone (the caller stopped): nothing more to decode.
                    if tx.send(batch).is_err() || failed {
                        break;
                    }
                }
            });
            let mut first = 0;
            for batch in rx {
                let batch = batch?;
                let n = batch.num_rows();
                if !each(first, batch)? {
                    break;
                }
                first += n;
            }
            Ok(())
        })
    }

    /// The problems as the CLI lists them, on this file.
    pub fn failure(&self, errors: Vec<FieldError>, limit: usize) -> Failure {
        let input = TableInput {
            tables: plaudit_arrow::Tables::default(),
            files: [
                Some(display_name(&self.path.to_string_lossy())),
                None,
                None,
                None,
                None,
            ],
        };
        input.failure(&RecordError { errors }, limit)
    }
}

/// The problems of a streamed file: those of each batch, named by file row; a problem of a
/// whole column (a wrong type) once, not once per batch.
#[derive(Debug, Default)]
pub struct Problems {
    /// The problems, in file order, at most `plaudit::MAX_REPORTED_ERRORS`.
    pub errors: Vec<FieldError>,
}

impl Problems {
    /// Adds the problems of the batch whose first advocate is file row `first`.
    pub fn add(&mut self, batch: Vec<FieldError>, first: usize) {
        for mut e in batch {
            e.path = shifted(&e.path, first);
            e.message = shifted(&e.message, first);
            let column = !e.path.contains('[');
            if column
                && self
                    .errors
                    .iter()
                    .any(|x| x.path == e.path && x.code == e.code)
            {
                continue;
            }
            if self.errors.len() < plaudit::MAX_REPORTED_ERRORS {
                self.errors.push(e);
            }
        }
    }

    /// Whether no problem was found.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// Whether more problems would not be listed.
    pub fn full(&self) -> bool {
        self.errors.len() >= plaudit::MAX_REPORTED_ERRORS
    }
}

/// `text` with every `advocates[i]` of a batch renamed to its file row `advocates[first + i]`.
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

/// The ids of the batches read so far, as 128-bit hashes of their trimmed text (how the door
/// compares ids) with the file row that first held each: ~32 bytes an advocate, where the
/// ids themselves would take their length and a string's overhead.
#[derive(Debug, Default)]
pub struct Ids {
    seen: HashMap<u128, u32, foldhash::fast::RandomState>,
}

impl Ids {
    /// Reports, at their file row, the advocates of `batch` (file rows from `first`) whose
    /// id an earlier batch already held. Duplicates within the batch, null ids and id
    /// columns of a wrong type are the door's to report.
    pub fn check(&mut self, batch: &RecordBatch, first: usize, problems: &mut Problems) {
        use std::hash::BuildHasher;
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
            match self.seen.entry(key) {
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
        problems.add(found, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::shifted;

    #[test]
    fn rows_of_a_batch_are_renamed_to_rows_of_the_file() {
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
