//! Errors crossing into Python: `plaudit.PolicyError` and `plaudit.RecordError` (both also
//! `ValueError`) carrying every problem as `{path, code, message, line?, column?}`, and a
//! guard that turns a Rust panic into `plaudit.PlauditError` instead of letting it through.
//!
//! The exception classes are plain Python (`plaudit/_errors.py`), so users can subclass and
//! pickle them; this module looks them up once and raises them.

use std::panic::{AssertUnwindSafe, catch_unwind};

use plaudit::{ErrorCode, FieldError, PolicyError, RecordError};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyType};

/// Which Python class to raise.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Plaudit,
    Policy,
    Record,
}

impl Kind {
    fn class_name(self) -> &'static str {
        match self {
            Kind::Plaudit => "PlauditError",
            Kind::Policy => "PolicyError",
            Kind::Record => "RecordError",
        }
    }
}

fn class(py: Python<'_>, kind: Kind) -> PyResult<Bound<'_, PyType>> {
    static CLASSES: PyOnceLock<[Py<PyType>; 3]> = PyOnceLock::new();
    let classes = CLASSES.get_or_try_init(py, || -> PyResult<_> {
        let m = py.import("plaudit._errors")?;
        let get = |k: Kind| -> PyResult<Py<PyType>> {
            Ok(m.getattr(k.class_name())?.cast_into::<PyType>()?.unbind())
        };
        Ok([get(Kind::Plaudit)?, get(Kind::Policy)?, get(Kind::Record)?])
    })?;
    let i = match kind {
        Kind::Plaudit => 0,
        Kind::Policy => 1,
        Kind::Record => 2,
    };
    Ok(classes[i].bind(py).clone())
}

/// One problem as the dict `.errors()` returns.
pub fn field_error_dict<'py>(py: Python<'py>, e: &FieldError) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("path", &e.path)?;
    d.set_item("code", e.code.as_str())?;
    d.set_item("message", &e.message)?;
    if let Some(l) = e.line {
        d.set_item("line", l)?;
    }
    if let Some(c) = e.column {
        d.set_item("column", c)?;
    }
    Ok(d)
}

fn raise(py: Python<'_>, kind: Kind, message: String, errors: &[FieldError]) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let list = PyList::empty(py);
        for e in errors {
            list.append(field_error_dict(py, e)?)?;
        }
        Ok(PyErr::from_type(
            class(py, kind)?,
            (message.clone(), list.unbind()),
        ))
    };
    // The classes live in the package; if it cannot be imported, still say what was wrong.
    build().unwrap_or_else(|_| PyValueError::new_err(message.clone()))
}

/// `plaudit.RecordError` with every problem.
pub fn record_error(py: Python<'_>, e: &RecordError) -> PyErr {
    raise(py, Kind::Record, e.to_string(), &e.errors)
}

/// `plaudit.PolicyError` with every problem.
pub fn policy_error(py: Python<'_>, e: &PolicyError) -> PyErr {
    raise(py, Kind::Policy, e.to_string(), &e.errors)
}

/// A `RecordError` with one problem.
pub fn record_problem(
    py: Python<'_>,
    path: impl Into<String>,
    code: ErrorCode,
    message: impl Into<String>,
) -> PyErr {
    record_error(py, &RecordError::single(path, code, message))
}

/// Input-side failures of the binding, converted to Python exceptions at the boundary.
#[derive(Debug)]
pub enum Error {
    /// Bad records (or bad arguments such as `as_of`).
    Record(RecordError),
    /// A bad policy.
    Policy(PolicyError),
    /// A Python exception raised while reading the input (e.g. a failing `__arrow_c_stream__`).
    Py(PyErr),
}

impl From<RecordError> for Error {
    fn from(e: RecordError) -> Self {
        Error::Record(e)
    }
}

impl From<PolicyError> for Error {
    fn from(e: PolicyError) -> Self {
        Error::Policy(e)
    }
}

impl From<PyErr> for Error {
    fn from(e: PyErr) -> Self {
        Error::Py(e)
    }
}

impl Error {
    /// A record error with one problem.
    pub fn record(path: impl Into<String>, code: ErrorCode, message: impl Into<String>) -> Self {
        Error::Record(RecordError::single(path, code, message))
    }

    /// The Python exception.
    pub fn into_py(self, py: Python<'_>) -> PyErr {
        match self {
            Error::Record(e) => record_error(py, &e),
            Error::Policy(e) => policy_error(py, &e),
            Error::Py(e) => e,
        }
    }
}

/// Runs `f`, turning a Rust panic into `plaudit.PlauditError` (the last line of defence:
/// inputs are meant to give errors, never panics) and binding errors into their exceptions.
pub fn guard<T>(py: Python<'_>, f: impl FnOnce() -> Result<T, Error>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(e.into_py(py)),
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Err(raise(
                py,
                Kind::Plaudit,
                format!("internal error in plaudit (please report it): {what}"),
                &[],
            ))
        }
    }
}
