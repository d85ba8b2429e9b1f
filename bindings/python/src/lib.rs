//! Python bindings for Plaudit: the native module `plaudit._plaudit`.
//!
//! The package `plaudit` (in `python/plaudit`) is the public face: it wraps this module's
//! dict results in typed, immutable objects and defines the exception classes. This crate
//! only converts types, maps errors and releases the GIL; every rule lives in the core.
#![forbid(unsafe_code)]

pub mod convert;
pub mod engine;
pub mod errors;
pub mod exclusions;
pub mod measure;
pub mod roster;

use pyo3::prelude::*;

/// The batch paths fill and drop hundreds of megabytes per call (grouped long rows, the
/// output columns): mimalloc keeps freed memory for the next call instead of returning it
/// to the system, which would hand it back as fresh pages to zero again.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use crate::convert::to_py;
use crate::errors::guard;

/// The JSON Schema of the policy document, as a dict.
#[pyfunction]
fn policy_schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    to_py(py, &plaudit::Policy::json_schema())
}

/// Parses, normalizes and validates a list of advocate dicts (unique ids), returning their
/// normalized serde form; raises `RecordError` listing every bad field
/// (`advocates[3].nps`).
#[pyfunction]
fn parse_advocates<'py>(
    py: Python<'py>,
    advocates: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let list: Vec<plaudit::Advocate> = guard(py, || convert::records(advocates, "advocates"))?;
    crate::convert::to_py_many(py, &list)
}

/// The native module.
#[pymodule]
fn _plaudit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("POLICY_VERSION", plaudit::policy::POLICY_VERSION)?;
    m.add_class::<engine::PyEngine>()?;
    m.add_class::<roster::PyRoster>()?;
    m.add_class::<exclusions::PyExclusions>()?;
    m.add_class::<measure::PyMeasurement>()?;
    m.add_function(wrap_pyfunction!(policy_schema, m)?)?;
    m.add_function(wrap_pyfunction!(parse_advocates, m)?)?;
    Ok(())
}
