//! Parquet output: Arrow record batches into a [`Sink`] (so a file is still written whole
//! or not at all, and special files are never replaced).

use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use serde_json::Value;

use crate::diag::Failure;
use crate::output::Sink;

/// Rows per row group: a reader decodes row groups in parallel, so a file of a million rows
/// has a few dozen.
pub const ROW_GROUP_ROWS: usize = 64 * 1024;

fn write_error(e: impl std::fmt::Display) -> Failure {
    Failure::Io(format!("cannot write the Parquet output: {e}"))
}

/// A Parquet file being written, batch by batch.
pub struct ParquetWriter {
    w: ArrowWriter<Sink>,
}

impl std::fmt::Debug for ParquetWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ParquetWriter")
    }
}

impl ParquetWriter {
    /// A writer of `schema` into `sink` (snappy, the codec every reader has).
    pub fn new(sink: Sink, schema: SchemaRef) -> Result<Self, Failure> {
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .build();
        let w = ArrowWriter::try_new(sink, schema, Some(props)).map_err(write_error)?;
        Ok(ParquetWriter { w })
    }

    /// Appends rows.
    pub fn write(&mut self, batch: &RecordBatch) -> Result<(), Failure> {
        self.w.write(batch).map_err(write_error)
    }

    /// Ends the current row group (the next rows start a new one).
    pub fn end_row_group(&mut self) -> Result<(), Failure> {
        self.w.flush().map_err(write_error)
    }

    /// Finishes the file and publishes it.
    pub fn finish(self) -> Result<(), Failure> {
        self.close()?.commit()
    }

    /// Finishes the file, to be published later ([`Sink::commit`]).
    pub fn close(self) -> Result<Sink, Failure> {
        self.w.into_inner().map_err(write_error)
    }
}

/// Writes `batches` (all of `schema`) to `sink` as one Parquet file and publishes it.
pub fn write_all(sink: Sink, schema: SchemaRef, batches: &[RecordBatch]) -> Result<(), Failure> {
    let mut w = ParquetWriter::new(sink, schema)?;
    for b in batches {
        w.write(b)?;
    }
    w.finish()
}

/// One row per JSON object of `items`, the fields `fields` (dotted paths) as columns named
/// `names`, typed from the values (numbers, booleans, strings, lists): the Parquet form of
/// the rows a command writes as CSV.
pub fn rows_batch(
    items: &[Value],
    fields: &[&str],
    names: &[&str],
) -> Result<RecordBatch, Failure> {
    let rows: Vec<Value> = items
        .iter()
        .map(|x| {
            Value::Object(
                names
                    .iter()
                    .zip(fields)
                    .map(|(n, f)| {
                        let v = crate::output::at(x, f).cloned().unwrap_or(Value::Null);
                        ((*n).to_owned(), v)
                    })
                    .collect(),
            )
        })
        .collect();
    let inferred = arrow_json::reader::infer_json_schema_from_iterator(rows.iter().map(Ok))
        .map_err(write_error)?;
    // Every column, in the order given, even when no row has a value in it (then strings).
    let schema = arrow_schema::Schema::new(
        names
            .iter()
            .map(|n| match inferred.field_with_name(n) {
                Ok(f) => f.clone(),
                Err(_) => arrow_schema::Field::new(*n, arrow_schema::DataType::Utf8, true),
            })
            .collect::<Vec<_>>(),
    );
    let schema = Arc::new(schema);
    let mut decoder = arrow_json::ReaderBuilder::new(schema.clone())
        .with_batch_size(rows.len().max(1))
        .build_decoder()
        .map_err(write_error)?;
    decoder.serialize(&rows).map_err(write_error)?;
    Ok(decoder
        .flush()
        .map_err(write_error)?
        .unwrap_or_else(|| RecordBatch::new_empty(schema)))
}
