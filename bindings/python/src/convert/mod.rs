//! Python objects in, core types out, and core results back to Python.
//!
//! Records are read straight from Python objects with serde ([`de::PyDe`]), then normalized
//! and validated by the core: one code path with the Rust and wasm faces. Only when a record
//! is bad is it turned into JSON text and handed to the core's parser, whose job is to find
//! **every** bad field with its path (`advocates[3].nps`), so the three faces report the same
//! problems. Results go back through their serde form (dicts, lists, strings for dates).
//!
//! Adding a core operation takes one [`Record`] impl for a new input type (if any) and one
//! call to [`to_py`] for its result.

pub mod de;
pub mod ser;

use chrono::NaiveDate;
use plaudit::{Advocate, ErrorCode, FieldError, RecordError, Request};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDate, PyDateAccess, PyDict, PyFloat, PyInt, PyList, PyString};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::errors::Error;
use de::{PyDe, type_name};

/// A record type the core parses and validates: how to finish one read from Python, and
/// the core's own text parser for the complete error report.
pub trait Record: DeserializeOwned + Sized {
    /// Normalizes and validates, appending problems under `path`.
    fn finish(&mut self, path: &str, errors: &mut Vec<FieldError>);
    /// The core's parser for JSON text (one record, paths from the root).
    fn parse_one(json: &str) -> Result<Self, RecordError>;
    /// The core's judgement of one item of a list, as its list parser gives it (the same
    /// problems in the same order), paths from the item.
    fn judge(json: &str) -> Result<(), RecordError> {
        Self::parse_one(json).map(|_| ())
    }
    /// The id that must be unique in a list, if any.
    fn id(&self) -> Option<&str>;
}

impl Record for Advocate {
    fn finish(&mut self, path: &str, errors: &mut Vec<FieldError>) {
        self.normalize();
        self.validate_into(path, errors);
    }
    fn parse_one(json: &str) -> Result<Self, RecordError> {
        plaudit::parse_advocate(json)
    }
    fn judge(json: &str) -> Result<(), RecordError> {
        one_of_list(json, "advocates", |list| {
            plaudit::parse_advocates(list).map(|_| ())
        })
    }
    fn id(&self) -> Option<&str> {
        Some(&self.id)
    }
}

impl Record for Request {
    fn finish(&mut self, path: &str, errors: &mut Vec<FieldError>) {
        self.normalize();
        self.validate_into(path, errors);
    }
    fn parse_one(json: &str) -> Result<Self, RecordError> {
        plaudit::parse_request(json)
    }
    fn id(&self) -> Option<&str> {
        None
    }
}

impl Record for plaudit::Opportunity {
    fn finish(&mut self, path: &str, errors: &mut Vec<FieldError>) {
        self.normalize();
        self.validate_into(path, errors);
    }
    fn parse_one(json: &str) -> Result<Self, RecordError> {
        plaudit::parse_json::<plaudit::Opportunity>(json, "")
    }
    fn judge(json: &str) -> Result<(), RecordError> {
        one_of_list(json, "opportunities", |list| {
            plaudit::parse_opportunities(list).map(|_| ())
        })
    }
    fn id(&self) -> Option<&str> {
        Some(&self.id)
    }
}

/// The core's list parser (`parse`, paths under `name[0]`) over a list of the one item
/// `json`, paths made relative to the item.
fn one_of_list(
    json: &str,
    name: &str,
    parse: impl FnOnce(&str) -> Result<(), RecordError>,
) -> Result<(), RecordError> {
    let prefix = format!("{name}[0]");
    parse(&format!("[{json}]")).map_err(|mut e| {
        for fe in &mut e.errors {
            if let Some(rest) = fe.path.strip_prefix(prefix.as_str()) {
                fe.path = rest.strip_prefix('.').unwrap_or(rest).to_owned();
            }
        }
        e
    })
}

/// Small argument types (asks, coverage targets): every problem reported with its path, as
/// the core's own readers report them (an ask's incentive is checked too).
macro_rules! plain_record {
    ($t:ty, $finish:expr, $parse:expr) => {
        impl Record for $t {
            fn finish(&mut self, path: &str, errors: &mut Vec<FieldError>) {
                $finish(self, path, errors)
            }
            fn parse_one(json: &str) -> Result<Self, RecordError> {
                $parse(json)
            }
            fn id(&self) -> Option<&str> {
                None
            }
        }
    };
}

plain_record!(
    plaudit::check::Ask,
    |a: &mut plaudit::check::Ask, path: &str, errors: &mut Vec<FieldError>| a
        .validate_into(path, errors),
    |json: &str| plaudit::parse_ask(json, "")
);
plain_record!(
    plaudit::CoverageTarget,
    |_: &mut plaudit::CoverageTarget, _: &str, _: &mut Vec<FieldError>| {},
    |json: &str| plaudit::parse_json::<plaudit::CoverageTarget>(json, "")
);

/// Reads one record. Paths start at the record, as in the core: its fields
/// (`incentive.value`), and the record itself (`""`) when the value is not a mapping at all;
/// `name`, the argument's name, is in that message.
pub fn record<T: Record>(obj: &Bound<'_, PyAny>, name: &str) -> Result<T, Error> {
    read_record(obj, name).map_err(|e| e.at(obj, ""))
}

fn read_record<T: Record>(obj: &Bound<'_, PyAny>, name: &str) -> Result<T, Error> {
    if !is_mapping(obj) {
        // The path is the record's root (""), as for its fields (`incentive.value`) and in
        // every other door; the message names the argument.
        return Err(Error::record(
            "",
            ErrorCode::InvalidType,
            format!(
                "`{name}`: expected a dict, got Python `{}`",
                de::type_name(obj)
            ),
        ));
    }
    let first = match T::deserialize(PyDe::new(obj)) {
        Ok(mut r) => {
            let mut errors = Vec::new();
            r.finish("", &mut errors);
            return match RecordError::from_errors(errors) {
                Ok(()) => Ok(r),
                Err(e) => Err(e.into()),
            };
        }
        Err(e) => e,
    };
    let mut errors = problems_of(obj, "", |json| T::parse_one(json).map(|_| ()));
    if errors.is_empty() {
        // The core accepts what the Python reader refused: report the reader's reason.
        errors.push(FieldError::new("", ErrorCode::InvalidValue, first.0));
    }
    Err(RecordError { errors }.into())
}

/// Reads a list of records (paths `name[i].field`), checking unique ids.
pub fn records<T: Record>(obj: &Bound<'_, PyAny>, name: &str) -> Result<Vec<T>, Error> {
    read_records(obj, name).map_err(|e| e.at(obj, name))
}

fn read_records<T: Record>(obj: &Bound<'_, PyAny>, name: &str) -> Result<Vec<T>, Error> {
    let items: Vec<Bound<'_, PyAny>> = match list_items(obj) {
        Some(items) => items?,
        None => {
            return Err(Error::record(
                name,
                ErrorCode::InvalidType,
                format!(
                    "expected a list of dicts, got Python `{}`",
                    de::type_name(obj)
                ),
            ));
        }
    };
    let mut out = Vec::with_capacity(items.len());
    let mut index = Vec::with_capacity(items.len());
    // Problems with the index of their item, so that they come out in list order as the
    // core's list parser gives them.
    let mut tagged: Vec<(usize, FieldError)> = Vec::new();
    let mut errors = Vec::new();
    for (i, item) in items.iter().enumerate() {
        // A long list (a roster of dicts) must not swallow Ctrl-C: the GIL is held here, so
        // pending signals are checked between chunks (KeyboardInterrupt propagates).
        if i % 1024 == 1023 {
            obj.py().check_signals()?;
        }
        let path = format!("{name}[{i}]");
        if !is_mapping(item) {
            tagged.push((
                i,
                FieldError::new(
                    path,
                    ErrorCode::InvalidType,
                    format!("expected a dict, got Python `{}`", type_name(item)),
                ),
            ));
            continue;
        }
        match T::deserialize(PyDe::new(item)) {
            Ok(mut r) => {
                r.finish(&path, &mut errors);
                if !errors.is_empty() && tagged.len() < plaudit::MAX_REPORTED_ERRORS {
                    // Reported as the core's list parser reports the item (its order).
                    let found = item_problems(item, &path, T::judge);
                    let found = if found.is_empty() {
                        std::mem::take(&mut errors)
                    } else {
                        found
                    };
                    tagged.extend(found.into_iter().map(|e| (i, e)));
                }
                errors.clear();
                out.push(r);
                index.push(i);
            }
            // An item the reader refused: the core's parser judges that item alone, under
            // the item's path (its problems cost what the item costs, never a second reading
            // of the list), while there is room in the report.
            Err(e) => {
                if tagged.len() < plaudit::MAX_REPORTED_ERRORS {
                    let mut found = item_problems(item, &path, T::judge);
                    if found.is_empty() {
                        // The core accepts what the Python reader refused: its reason.
                        found.push(FieldError::new(path.clone(), ErrorCode::InvalidValue, e.0));
                    }
                    tagged.extend(found.into_iter().map(|e| (i, e)));
                }
            }
        }
    }
    let mut seen: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
    for (r, &i) in out.iter().zip(&index) {
        if let Some(id) = r.id() {
            match seen.entry(id) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    tagged.push((
                        i,
                        FieldError::new(
                            format!("{name}[{i}].id"),
                            ErrorCode::DuplicateId,
                            format!("`{id}` is already used by {name}[{}]", first.get()),
                        ),
                    ));
                }
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(i);
                }
            }
        }
    }
    if tagged.is_empty() {
        return Ok(out);
    }
    // Every problem, in list order (stable: an item's own problems keep their order).
    tagged.sort_by_key(|(i, _)| *i);
    let mut errors: Vec<FieldError> = tagged.into_iter().map(|(_, e)| e).collect();
    errors.truncate(plaudit::MAX_REPORTED_ERRORS);
    Err(RecordError { errors }.into())
}

/// The problems of list item `item` at `path`, as the core judges it (`judge`, paths from
/// the item) together with the Python values JSON cannot hold, all under `path`.
fn item_problems(
    item: &Bound<'_, PyAny>,
    path: &str,
    judge: impl FnOnce(&str) -> Result<(), RecordError>,
) -> Vec<FieldError> {
    problems_of(item, path, judge)
        .into_iter()
        .map(|mut fe| {
            fe.path = under(path, &fe.path);
            fe
        })
        .collect()
}

/// `path` joined under `root` (`advocates[3]` and `nps` give `advocates[3].nps`); a path
/// already under `root` is kept.
fn under(root: &str, path: &str) -> String {
    if path.is_empty() {
        root.to_owned()
    } else if path.starts_with(root) {
        path.to_owned()
    } else if path.starts_with('[') {
        format!("{root}{path}")
    } else {
        format!("{root}.{path}")
    }
}

fn list_items<'py>(obj: &Bound<'py, PyAny>) -> Option<PyResult<Vec<Bound<'py, PyAny>>>> {
    if obj.is_instance_of::<PyString>() || is_mapping(obj) {
        return None;
    }
    let iter = obj.try_iter().ok()?;
    Some(iter.collect())
}

fn is_mapping(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyDict>() || obj.cast::<pyo3::types::PyMapping>().is_ok()
}

/// Every problem of a value: the Python values JSON cannot hold, by path (`root` first),
/// and the core parser's findings on the equivalent JSON (paths as the parser gives them),
/// except those at or under a value already reported, which the JSON holds as `null`.
fn problems_of(
    obj: &Bound<'_, PyAny>,
    root: &str,
    parse: impl FnOnce(&str) -> Result<(), RecordError>,
) -> Vec<FieldError> {
    let mut unsupported = Vec::new();
    let mut path = root.to_owned();
    let json = py_to_value(obj, &mut path, &mut unsupported).to_string();
    let found = parse(&json).err().map(|e| e.errors).unwrap_or_default();
    let hidden = |p: &str| {
        unsupported.iter().any(|u: &FieldError| {
            let full = under(root, p);
            full == u.path
                || full
                    .strip_prefix(u.path.as_str())
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        })
    };
    let found: Vec<FieldError> = found.into_iter().filter(|e| !hidden(&e.path)).collect();
    let mut out = unsupported;
    out.extend(found);
    out
}

/// Converts a Python value to JSON, reporting values JSON cannot hold by path (where the
/// JSON holds `null`). NaN and the infinities are numbers out of range (`out_of_range`), in
/// any field: invalid, never an absent value (see docs/rules.md, *One meaning of valid
/// input*), as the core reports a non-finite number given to a Rust record.
pub fn py_to_value(
    obj: &Bound<'_, PyAny>,
    path: &mut String,
    errors: &mut Vec<FieldError>,
) -> Value {
    py_to_value_at(obj, path, errors, 0)
}

/// NaN or an infinity at `path`: out of range, as the core says of a non-finite number.
fn non_finite(path: &str, x: f64) -> FieldError {
    FieldError::new(
        path,
        ErrorCode::OutOfRange,
        format!("{x} is not a finite number"),
    )
}

/// Deepest nesting of lists and mappings accepted, as in JSON text (serde_json's limit): no
/// record is nested more than a few levels, and a deeper value must not exhaust the stack.
pub const MAX_DEPTH: usize = 128;

fn py_to_value_at(
    obj: &Bound<'_, PyAny>,
    path: &mut String,
    errors: &mut Vec<FieldError>,
    depth: usize,
) -> Value {
    if depth > MAX_DEPTH {
        errors.push(FieldError::new(
            path.clone(),
            ErrorCode::TooMany,
            format!("nested more than {MAX_DEPTH} levels deep"),
        ));
        return Value::Null;
    }
    if obj.is_none() {
        return Value::Null;
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Value::String(s.to_string_lossy().into_owned());
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Value::Bool(b.is_true());
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Value::from(i);
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Value::from(u);
        }
        errors.push(FieldError::new(
            path.clone(),
            ErrorCode::OutOfRange,
            "integer is out of the 64-bit range",
        ));
        return Value::Null;
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let x = f.value();
        return match serde_json::Number::from_f64(x) {
            Some(n) => Value::Number(n),
            None => {
                errors.push(non_finite(path, x));
                Value::Null
            }
        };
    }
    if let Ok(d) = obj.cast::<PyDate>() {
        return Value::String(de::iso_date(d));
    }
    if is_mapping(obj) {
        let mut map = serde_json::Map::new();
        let items = match obj.cast::<PyDict>() {
            Ok(d) => d.items(),
            Err(_) => match obj.call_method0("items").and_then(|i| {
                i.try_iter()?
                    .collect::<PyResult<Vec<_>>>()
                    .and_then(|v| PyList::new(obj.py(), v))
            }) {
                Ok(l) => l,
                Err(e) => {
                    errors.push(FieldError::new(
                        path.clone(),
                        ErrorCode::InvalidType,
                        format!("could not read the mapping: {e}"),
                    ));
                    return Value::Null;
                }
            },
        };
        for item in items.iter() {
            let Ok((k, v)) = item.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>() else {
                continue;
            };
            let key = match k.cast::<PyString>() {
                Ok(s) => s.to_string_lossy().into_owned(),
                Err(_) => {
                    errors.push(FieldError::new(
                        path.clone(),
                        ErrorCode::InvalidType,
                        format!("key of Python type `{}` is not a string", type_name(&k)),
                    ));
                    continue;
                }
            };
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&key);
            let value = py_to_value_at(&v, path, errors, depth + 1);
            path.truncate(len);
            map.insert(key, value);
        }
        return Value::Object(map);
    }
    if let Some(Ok(items)) = list_items(obj) {
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            out.push(py_to_value_at(item, path, errors, depth + 1));
            path.truncate(len);
        }
        return Value::Array(out);
    }
    // numpy scalars and other number-likes.
    if let Ok(i) = obj
        .call_method0("__index__")
        .and_then(|i| i.extract::<i64>())
    {
        return Value::from(i);
    }
    if let Ok(f) = obj
        .call_method0("__float__")
        .and_then(|f| f.extract::<f64>())
    {
        return match serde_json::Number::from_f64(f) {
            Some(n) => Value::Number(n),
            None => {
                errors.push(non_finite(path, f));
                Value::Null
            }
        };
    }
    errors.push(FieldError::new(
        path.clone(),
        ErrorCode::InvalidType,
        format!("Python `{}` is not a JSON-like value", type_name(obj)),
    ));
    Value::Null
}

/// A core result as Python: its serde form (the same JSON every face produces), written
/// straight into Python objects.
pub fn to_py<'py, T: Serialize>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    ser::to_py(py, v).map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.0))
}

/// [`to_py`] for a result that may hold a million small objects (a ranking's exclusions, a
/// roster's tiers): Python's cyclic garbage collector is paused while they are made. Each
/// new dict and list counts toward its thresholds, so making a million of them would run
/// hundreds of collections, each walking the objects made so far; these objects hold no
/// cycles, and the collector resumes (if it was running) as soon as they are made. The GIL
/// is held throughout, so no other Python code runs meanwhile.
pub fn to_py_many<'py, T: Serialize>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    let gc = py.import(pyo3::intern!(py, "gc"))?;
    let was_enabled = gc
        .call_method0(pyo3::intern!(py, "isenabled"))?
        .is_truthy()?;
    if was_enabled {
        gc.call_method0(pyo3::intern!(py, "disable"))?;
    }
    let out = to_py(py, v);
    if was_enabled {
        gc.call_method0(pyo3::intern!(py, "enable"))?;
    }
    out
}

/// A date argument: `datetime.date` (or `datetime.datetime`, its date) or `YYYY-MM-DD`.
pub fn date_arg(obj: &Bound<'_, PyAny>, name: &str) -> Result<NaiveDate, Error> {
    read_date(obj, name).map_err(|e| e.at(obj, name))
}

fn read_date(obj: &Bound<'_, PyAny>, name: &str) -> Result<NaiveDate, Error> {
    if let Ok(d) = obj.cast::<PyDate>() {
        return NaiveDate::from_ymd_opt(
            d.get_year(),
            u32::from(d.get_month()),
            u32::from(d.get_day()),
        )
        .ok_or_else(|| Error::record(name, ErrorCode::InvalidDate, "is not a valid date"));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let s = s.to_cow()?;
        return plaudit::dates::parse_date(&s)
            .map_err(|m| Error::record(name, ErrorCode::InvalidDate, m));
    }
    Err(Error::record(
        name,
        ErrorCode::InvalidType,
        format!(
            "expected a `datetime.date` or a `YYYY-MM-DD` string, got Python `{}`",
            type_name(obj)
        ),
    ))
}

/// An optional activity-kind argument.
pub fn kind_arg(
    obj: Option<&Bound<'_, PyAny>>,
    name: &str,
) -> Result<Option<plaudit::ActivityKind>, Error> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    read_kind(obj, name).map(Some).map_err(|e| e.at(obj, name))
}

fn read_kind(obj: &Bound<'_, PyAny>, name: &str) -> Result<plaudit::ActivityKind, Error> {
    let s = obj
        .cast::<PyString>()
        .map_err(|_| {
            Error::record(
                name,
                ErrorCode::InvalidType,
                format!("expected a string, got Python `{}`", type_name(obj)),
            )
        })?
        .to_cow()?;
    plaudit::ActivityKind::parse(&s).ok_or_else(|| {
        let all: Vec<String> = plaudit::ActivityKind::ALL
            .iter()
            .map(|k| format!("`{k}`"))
            .collect();
        Error::record(
            name,
            ErrorCode::InvalidValue,
            format!("`{}` is not one of {}", s, all.join(", ")),
        )
    })
}
