//! `plaudit._plaudit.MeasurementTables`: a measurement kept on the Rust side, so that its
//! Arrow tables (per advocate, per opportunity, KPIs, breakdowns) are built by the table
//! door's writers, column by column, rather than from Python dicts, and its long row lists
//! become Python dicts only when they are asked for.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// A measurement's Arrow tables.
#[pyclass(module = "plaudit._plaudit", name = "MeasurementTables", frozen)]
#[derive(Debug)]
pub struct PyMeasurement {
    pub(crate) measurement: Native,
}

/// The measurement kept: whole (from records), or compact (from tables: its rows are
/// written as tables straight from the ids measured).
#[derive(Debug)]
pub(crate) enum Native {
    Whole(Box<plaudit::Measurement>),
    Compact(Box<plaudit::CompactMeasurement>),
}

impl Native {
    /// Everything but the rows (the whole measurement's row lists are there too).
    fn summary(&self) -> &plaudit::Measurement {
        match self {
            Native::Whole(m) => m,
            Native::Compact(c) => c.summary(),
        }
    }
}

fn table<'py>(
    py: Python<'py>,
    batch: Result<arrow_array::RecordBatch, arrow_schema::ArrowError>,
) -> PyResult<Bound<'py, PyAny>> {
    let batch = batch.map_err(|e| PyValueError::new_err(e.to_string()))?;
    let schema = batch.schema();
    pyo3_arrow::PyTable::try_new(vec![batch], schema)?.into_pyarrow(py)
}

#[pymethods]
impl PyMeasurement {
    /// The serde form of `per_advocate` or `per_opportunity` (a list of dicts), made on
    /// first access to that attribute of `Measurement`.
    fn rows<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        match (name, &self.measurement) {
            ("per_advocate", Native::Whole(m)) => crate::convert::to_py_many(py, &m.per_advocate),
            ("per_advocate", Native::Compact(c)) => {
                crate::convert::to_py_many(py, &c.per_advocate())
            }
            ("per_opportunity", Native::Whole(m)) => {
                crate::convert::to_py_many(py, &m.per_opportunity)
            }
            ("per_opportunity", Native::Compact(c)) => {
                crate::convert::to_py_many(py, &c.per_opportunity())
            }
            _ => Err(PyValueError::new_err(format!(
                "`{name}` is not a row list of a measurement (`per_advocate`, `per_opportunity`)"
            ))),
        }
    }

    /// One row per advocate and currency credited (see `Measurement.per_advocate_table`).
    fn per_advocate<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        table(
            py,
            match &self.measurement {
                Native::Whole(m) => plaudit_arrow::measurement::per_advocate(m),
                Native::Compact(c) => plaudit_arrow::measurement::per_advocate_compact(c),
            },
        )
    }

    /// One row per influenced opportunity (see `Measurement.per_opportunity_table`).
    fn per_opportunity<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        table(
            py,
            match &self.measurement {
                Native::Whole(m) => plaudit_arrow::measurement::per_opportunity(m),
                Native::Compact(c) => plaudit_arrow::measurement::per_opportunity_compact(c),
            },
        )
    }

    /// One row per KPI (see `Measurement.kpis_table`).
    fn kpis<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        table(
            py,
            plaudit_arrow::measurement::kpis(self.measurement.summary()),
        )
    }

    /// The KPI rows of every breakdown (see `Measurement.breakdowns_table`).
    fn breakdowns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        table(
            py,
            plaudit_arrow::measurement::breakdowns(self.measurement.summary()),
        )
    }
}
