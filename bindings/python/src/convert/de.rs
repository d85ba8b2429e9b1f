//! A serde `Deserializer` reading Python objects directly (no JSON text): dicts as maps and
//! structs, lists and tuples as sequences, `str`, `int`, `float`, `bool`, `None`, and
//! `datetime.date` (or `datetime.datetime`, its date part) as an ISO `YYYY-MM-DD` string, so
//! the core's date fields accept dates and ISO strings alike. Any other mapping (e.g. a
//! pandas row) is read through its `items()`; numpy scalars through `__index__` /
//! `__float__`.
//!
//! Kept hand-written rather than `pythonize` (0.30, measured 2026-12-06 with this module and
//! `ser.rs` swapped for it, release wheels, `time.process_time` best of ten rounds of 5,000
//! calls): `evaluate(dict)` with 20 history items took 21.6-21.9 µs of CPU with pythonize
//! against 14.0-14.4 µs here, over the 20 µs budget; and pythonize reads `True` as a number,
//! a string as a list of characters and refuses `datetime.date`: 12 of the shared
//! invalid-input cases and 4 other tests of the suite changed answer.

use std::fmt;

use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyDate, PyDateAccess, PyDict, PyFloat, PyInt, PyIterator, PyList, PyMapping,
    PySequence, PyString, PyTuple,
};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

/// A deserialization failure (the message only; the path is added by the caller).
#[derive(Debug)]
pub struct DeError(pub String);

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError(msg.to_string())
    }
}

impl From<PyErr> for DeError {
    fn from(e: PyErr) -> Self {
        DeError(format!("could not read the value: {e}"))
    }
}

/// Reads one Python object.
#[derive(Debug, Clone, Copy)]
pub struct PyDe<'a, 'py> {
    obj: &'a Bound<'py, PyAny>,
}

impl<'a, 'py> PyDe<'a, 'py> {
    /// A deserializer over `obj`.
    pub fn new(obj: &'a Bound<'py, PyAny>) -> Self {
        PyDe { obj }
    }
}

/// `YYYY-MM-DD` of a `datetime.date` (a `datetime.datetime` gives its date).
pub fn iso_date(d: &Bound<'_, PyDate>) -> String {
    let (y, m, day) = (d.get_year(), d.get_month(), d.get_day());
    format!("{y:04}-{m:02}-{day:02}")
}

/// The Python type name of `obj`, for messages.
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

fn unsupported(obj: &Bound<'_, PyAny>) -> DeError {
    DeError(format!(
        "invalid type: Python `{}` is not a JSON-like value",
        type_name(obj)
    ))
}

impl<'de> de::Deserializer<'de> for PyDe<'_, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let obj = self.obj;
        if let Ok(s) = obj.cast::<PyString>() {
            return match s.to_cow()? {
                std::borrow::Cow::Borrowed(b) => v.visit_str(b),
                std::borrow::Cow::Owned(o) => v.visit_string(o),
            };
        }
        if let Ok(d) = obj.cast::<PyDict>() {
            return v.visit_map(DictAccess::new(d));
        }
        if obj.is_none() {
            return v.visit_unit();
        }
        if let Ok(b) = obj.cast::<PyBool>() {
            return v.visit_bool(b.is_true());
        }
        if obj.is_instance_of::<PyInt>() {
            return match obj.extract::<i64>() {
                Ok(i) => v.visit_i64(i),
                Err(_) => match obj.extract::<u64>() {
                    Ok(u) => v.visit_u64(u),
                    Err(_) => Err(DeError(
                        "invalid value: integer is out of the 64-bit range".to_owned(),
                    )),
                },
            };
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            return v.visit_f64(f.value());
        }
        if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
            return v.visit_seq(ListAccess::new(obj)?);
        }
        if let Ok(d) = obj.cast::<PyDate>() {
            return v.visit_string(iso_date(d));
        }
        any_other(obj, v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        // NaN is not an absent value: it is read as a number, which the record's checks (or
        // the reading of a whole number) refuse at its path.
        if self.obj.is_none() {
            v.visit_none()
        } else {
            v.visit_some(self)
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        // Every enum in the records is a unit enum spelled as a string.
        match self.obj.cast::<PyString>() {
            Ok(s) => {
                let s = s.to_cow()?;
                let name: &str = &s;
                v.visit_enum(name.into_deserializer())
            }
            Err(_) => Err(DeError(format!(
                "invalid type: Python `{}`, expected a string",
                type_name(self.obj)
            ))),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, DeError> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        // Unknown fields are ignored without being read (CRM exports carry many columns).
        v.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// Mappings other than dict, numpy scalars, and anything else.
fn any_other<'de, V: Visitor<'de>>(obj: &Bound<'_, PyAny>, v: V) -> Result<V::Value, DeError> {
    if let Ok(m) = obj.cast::<PyMapping>() {
        let items = m.items()?;
        let dict = PyDict::new(obj.py());
        for item in items.iter() {
            let (k, val): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            dict.set_item(k, val)?;
        }
        return v.visit_map(DictAccess::new(&dict));
    }
    let py = obj.py();
    // numpy scalars: integers have `__index__`, floats `__float__`, booleans `__bool__` only.
    let tname = type_name(obj);
    if tname == "bool_" || tname == "bool" {
        return v.visit_bool(obj.is_truthy()?);
    }
    if obj.hasattr(pyo3::intern!(py, "__index__"))? {
        if let Ok(i) = obj.call_method0(pyo3::intern!(py, "__index__")) {
            return PyDe::new(&i).deserialize_any_dyn(v);
        }
    }
    if obj.hasattr(pyo3::intern!(py, "__float__"))? && !obj.is_instance_of::<PyString>() {
        if let Ok(f) = obj.call_method0(pyo3::intern!(py, "__float__")) {
            return PyDe::new(&f).deserialize_any_dyn(v);
        }
    }
    if obj.cast::<PySequence>().is_ok() {
        return v.visit_seq(ListAccess::new(obj)?);
    }
    Err(unsupported(obj))
}

impl PyDe<'_, '_> {
    fn deserialize_any_dyn<'de, V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_any(self, v)
    }
}

struct DictAccess<'py> {
    iter: pyo3::types::dict::BoundDictIterator<'py>,
    value: Option<Bound<'py, PyAny>>,
}

impl<'py> DictAccess<'py> {
    fn new(d: &Bound<'py, PyDict>) -> Self {
        DictAccess {
            iter: d.clone().into_iter(),
            value: None,
        }
    }
}

impl<'de> MapAccess<'de> for DictAccess<'_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match self.iter.next() {
            None => Ok(None),
            Some((k, v)) => {
                self.value = Some(v);
                if !k.is_instance_of::<PyString>() {
                    return Err(DeError(format!(
                        "invalid type: key of Python type `{}`, expected a string key",
                        type_name(&k)
                    )));
                }
                seed.deserialize(PyDe::new(&k)).map(Some)
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        match self.value.take() {
            Some(v) => seed.deserialize(PyDe::new(&v)),
            None => Err(DeError("a map value was read twice".to_owned())),
        }
    }
}

struct ListAccess<'py> {
    iter: Bound<'py, PyIterator>,
}

impl<'py> ListAccess<'py> {
    fn new(seq: &Bound<'py, PyAny>) -> Result<Self, DeError> {
        Ok(ListAccess {
            iter: seq.try_iter()?,
        })
    }
}

impl<'de> SeqAccess<'de> for ListAccess<'_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.iter.next() {
            None => Ok(None),
            Some(item) => seed.deserialize(PyDe::new(&item?)).map(Some),
        }
    }
}
