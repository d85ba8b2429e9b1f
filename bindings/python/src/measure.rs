//! `plaudit._plaudit.MeasurementTables`: a measurement kept on the Rust side, so that its
//! Arrow tables (per advocate, per opportunity, KPIs, breakdowns) are built by the table
//! door's writers, column by column, rather than from Python dicts.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// A measurement's Arrow tables.
#[pyclass(module = "plaudit._plaudit", name = "MeasurementTables", frozen)]
#[derive(Debug)]
pub struct PyMeasurement {
    pub(crate) measurement: plaudit::Measurement,
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
    /// One row per advocate and currency credited (see `Measurement.per_advocate_table`).
    fn per_advocate<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        table(
            py,
            plaudit_arrow::measurement::per_advocate(&self.measurement),
        )
    }

    /// One row per influenced opportunity (see `Measurement.per_opportunity_table`).
    fn per_opportunity<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        table(
            py,
            plaudit_arrow::measurement::per_opportunity(&self.measurement),
        )
    }

    /// One row per KPI (see `Measurement.kpis_table`).
    fn kpis<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        table(py, plaudit_arrow::measurement::kpis(&self.measurement))
    }

    /// The KPI rows of every breakdown (see `Measurement.breakdowns_table`).
    fn breakdowns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        table(
            py,
            plaudit_arrow::measurement::breakdowns(&self.measurement),
        )
    }
}
