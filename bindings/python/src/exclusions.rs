//! `plaudit._plaudit.Exclusions`: a ranking's exclusions, kept in Rust until asked for.
//!
//! Over a large roster most advocates are excluded from any one request (~900k of 1M), and
//! making a Python dict per exclusion costs ten times the ranking itself. A request answers
//! with its matches and counts at once; the exclusions come as a list of dicts or as one
//! Arrow table only when read.

use std::sync::Arc;

use arrow_array::builder::{Date32Builder, ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use chrono::NaiveDate;
use pyo3::prelude::*;

use crate::convert::to_py_many;

/// A ranking's exclusions, in id order.
#[pyclass(module = "plaudit._plaudit", name = "Exclusions", frozen)]
#[derive(Debug)]
pub struct PyExclusions {
    pub(crate) rows: Vec<plaudit::Exclusion>,
}

/// Days from 1970-01-01, Arrow's `date32`.
fn days(d: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN);
    i32::try_from(d.signed_duration_since(epoch).num_days()).unwrap_or(i32::MAX)
}

impl PyExclusions {
    /// The exclusions as one record batch: `id`, `reasons` (list of codes),
    /// `next_available_on` (date, null unless time lifts every reason).
    fn batch(&self) -> Result<RecordBatch, arrow_schema::ArrowError> {
        let n = self.rows.len();
        let mut ids = StringBuilder::with_capacity(n, n * 12);
        let mut reasons = ListBuilder::with_capacity(StringBuilder::new(), n)
            .with_field(Field::new("item", DataType::Utf8, false));
        let mut next = Date32Builder::with_capacity(n);
        for e in &self.rows {
            ids.append_value(&*e.id);
            for r in e.reasons.iter() {
                reasons.values().append_value(r.as_str());
            }
            reasons.append(true);
            next.append_option(e.next_available_on.map(days));
        }
        let columns: Vec<ArrayRef> = vec![
            Arc::new(ids.finish()),
            Arc::new(reasons.finish()),
            Arc::new(next.finish()),
        ];
        RecordBatch::try_new(Arc::new(schema()), columns)
    }
}

/// The exclusions table's schema.
fn schema() -> Schema {
    Schema::new(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new(
            "reasons",
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, false))),
            false,
        ),
        Field::new("next_available_on", DataType::Date32, true),
    ])
}

#[pymethods]
impl PyExclusions {
    /// The number of excluded advocates.
    fn __len__(&self) -> usize {
        self.rows.len()
    }

    /// Every exclusion as a dict (`id`, `reasons`, `next_available_on?`), in id order.
    fn to_list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_many(py, &self.rows)
    }

    /// Every exclusion as a row of a `pyarrow.Table`, in id order.
    fn to_arrow<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let batch = self
            .batch()
            .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
        let schema = batch.schema();
        pyo3_arrow::PyTable::try_new(vec![batch], schema)?.into_pyarrow(py)
    }

    fn __repr__(&self) -> String {
        format!("Exclusions({} advocates)", self.rows.len())
    }
}
