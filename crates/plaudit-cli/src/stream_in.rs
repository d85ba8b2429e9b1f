//! A nested Parquet roster read a batch at a time: the advocates file alone (its history in
//! list columns, or none) needs no join, so `plaudit evaluate` decides it batch by batch
//! while the next batch is decoded, and memory stays flat however many advocates the file
//! holds (reading a 10M-advocate file whole took 15.7 GB). Every cell means what it means
//! when the file is read whole: the batches go through the table door's `Stream`, which
//! names problems by their row in the whole file and holds an id seen in an earlier batch a
//! duplicate, as it is within one.

use std::path::PathBuf;

use arrow_array::RecordBatch;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use plaudit::{FieldError, RecordError};

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

    /// Calls `each` with every batch in file order, decoding the next batch on another
    /// thread meanwhile; stops when `each` returns false.
    pub fn for_each(
        &self,
        mut each: impl FnMut(RecordBatch) -> Result<bool, Failure>,
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
            for batch in rx {
                if !each(batch?)? {
                    break;
                }
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
