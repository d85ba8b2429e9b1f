//! Errors crossing into Python: `plaudit.PolicyError` and `plaudit.RecordError` (both also
//! `ValueError`) carrying every problem as `{path, code, message, line?, column?, input?}`,
//! and a guard that turns a Rust panic into `plaudit.PlauditError` instead of letting it
//! through.
//!
//! `input` is the offending Python value, found by walking the argument the error is about
//! along the problem's path; it is left out when the path leads nowhere (a missing field, a
//! cell of an Arrow table, a line of TOML text). The Python class derives `loc` from `path`
//! and truncates `input` for display.
//!
//! The exception classes are plain Python (`plaudit/_errors.py`), so users can subclass and
//! pickle them; this module looks them up once and raises them.

use std::panic::{AssertUnwindSafe, catch_unwind};

use plaudit::{ErrorCode, FieldError, PolicyError, RecordError};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyMapping, PySequence, PyString, PyType};

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

/// One problem as the dict `.errors()` returns (`loc` is added by the Python class).
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

/// The argument an error is about: its Python value and the path prefix its problems carry
/// (`advocates` for `advocates[3].nps`; empty when paths start inside the value).
#[derive(Debug)]
pub struct Root {
    value: Py<PyAny>,
    prefix: String,
}

fn raise(
    py: Python<'_>,
    kind: Kind,
    message: String,
    errors: &[FieldError],
    root: Option<&Root>,
) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let list = PyList::empty(py);
        for e in errors {
            let d = field_error_dict(py, e)?;
            if let Some(v) = root.and_then(|r| offending(r.value.bind(py), &r.prefix, &e.path)) {
                d.set_item("input", v)?;
            }
            list.append(d)?;
        }
        Ok(PyErr::from_type(
            class(py, kind)?,
            (message.clone(), list.unbind()),
        ))
    };
    // The classes live in the package; if it cannot be imported, still say what was wrong.
    build().unwrap_or_else(|_| PyValueError::new_err(message.clone()))
}

/// The value at `path` inside `root`, whose problems' paths start with `prefix`; `None`
/// when the path is not under the prefix or leads to nothing (a missing key, an index past
/// the end, a key into a list).
fn offending<'py>(root: &Bound<'py, PyAny>, prefix: &str, path: &str) -> Option<Bound<'py, PyAny>> {
    let rest = path.strip_prefix(prefix)?;
    let rest = if prefix.is_empty() {
        rest
    } else if let Some(r) = rest.strip_prefix('.') {
        r
    } else if rest.is_empty() || rest.starts_with('[') {
        rest
    } else {
        return None; // `advocatesX`: another name sharing the prefix
    };
    let mut value = root.clone();
    for step in steps(rest)? {
        value = match step {
            Step::Key(k) => {
                if value.is_instance_of::<PyString>() || value.is_instance_of::<PyList>() {
                    return None;
                }
                match value.cast::<PyDict>() {
                    Ok(d) => d.get_item(k).ok()??,
                    Err(_) => value.cast::<PyMapping>().ok()?.get_item(k).ok()?,
                }
            }
            Step::Index(i) => {
                if value.is_instance_of::<PyString>() || value.cast::<PyMapping>().is_ok() {
                    return None;
                }
                value.cast::<PySequence>().ok()?.get_item(i).ok()?
            }
        };
    }
    Some(value)
}

/// One step of a path: a key or a list index.
#[derive(Debug, PartialEq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The steps of a path (`consents[0].on` → `consents`, `0`, `on`); `None` if malformed.
fn steps(path: &str) -> Option<Vec<Step<'_>>> {
    let mut out = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            out.push(Step::Index(r[..end].parse().ok()?));
            rest = &r[end + 1..];
        } else {
            let r = rest.strip_prefix('.').unwrap_or(rest);
            let end = r.find(['.', '[']).unwrap_or(r.len());
            if end == 0 {
                return None;
            }
            out.push(Step::Key(&r[..end]));
            rest = &r[end..];
        }
    }
    Some(out)
}

/// `plaudit.RecordError` with every problem.
pub fn record_error(py: Python<'_>, e: &RecordError) -> PyErr {
    raise(py, Kind::Record, e.to_string(), &e.errors, None)
}

/// `plaudit.PolicyError` with every problem.
pub fn policy_error(py: Python<'_>, e: &PolicyError) -> PyErr {
    raise(py, Kind::Policy, e.to_string(), &e.errors, None)
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
    /// A record or policy error about one argument, with its value (for each problem's
    /// `input`).
    At(Box<Error>, Root),
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

    /// This error about the argument `value`, whose problems' paths start with `prefix`
    /// (the innermost argument wins: an error already placed keeps its place).
    pub fn at(self, value: &Bound<'_, PyAny>, prefix: &str) -> Self {
        match self {
            Error::Record(_) | Error::Policy(_) => Error::At(
                Box::new(self),
                Root {
                    value: value.clone().unbind(),
                    prefix: prefix.to_owned(),
                },
            ),
            other => other,
        }
    }

    /// The Python exception.
    pub fn into_py(self, py: Python<'_>) -> PyErr {
        match self {
            Error::Record(e) => record_error(py, &e),
            Error::Policy(e) => policy_error(py, &e),
            Error::Py(e) => e,
            Error::At(inner, root) => match *inner {
                Error::Record(e) => raise(py, Kind::Record, e.to_string(), &e.errors, Some(&root)),
                Error::Policy(e) => raise(py, Kind::Policy, e.to_string(), &e.errors, Some(&root)),
                other => other.into_py(py),
            },
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
                None,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Step, steps};

    #[test]
    fn paths_split_into_keys_and_indices() {
        assert_eq!(steps(""), Some(vec![]));
        assert_eq!(
            steps("[3].consents[0].on"),
            Some(vec![
                Step::Index(3),
                Step::Key("consents"),
                Step::Index(0),
                Step::Key("on")
            ])
        );
        assert_eq!(steps("nps"), Some(vec![Step::Key("nps")]));
        assert_eq!(steps("a[x]"), None);
        assert_eq!(steps("a..b"), None);
    }
}
