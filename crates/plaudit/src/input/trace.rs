//! A deserializer over a JSON value that remembers *where* it failed and which keys the
//! target type ignored.
//!
//! It reads a [`serde_json::Value`] exactly as serde_json's own `&Value` deserializer does
//! (same visitor calls, so the same error messages), and also keeps the path of the value
//! being read. When a visitor fails, the path of the innermost failing value is kept; when a
//! value is skipped (`deserialize_ignored_any`, what derived structs do with unknown keys), its
//! path is recorded. One deserializer does the work of `serde_path_to_error` and
//! `serde_ignored` together, which matters for the size of the WebAssembly build: each of
//! those wraps every visitor of every record type a second time.

use std::cell::RefCell;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, Error as _, MapAccess, SeqAccess, Unexpected,
    VariantAccess, Visitor,
};
use serde_json::{Error, Map, Value};

/// One step of a path into a JSON value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Seg {
    /// An array element.
    Index(usize),
    /// An object member.
    Key(String),
}

/// The paths seen while deserializing.
#[derive(Default)]
struct Track {
    /// The path of the value being read.
    here: Vec<Seg>,
    /// Where the first (innermost) failure happened.
    failed_at: Option<Vec<Seg>>,
    /// The paths of skipped values, when asked for.
    ignored: Option<Vec<Vec<Seg>>>,
}

/// A failure with the path of the value that caused it.
pub(crate) struct Failure {
    pub path: Vec<Seg>,
    pub error: Error,
}

/// Deserializes `T` from `value`. On failure, the path of the innermost failing value.
pub(crate) fn deserialize<T: de::DeserializeOwned>(value: &Value) -> Result<T, Failure> {
    let track = RefCell::new(Track::default());
    let result = T::deserialize(At {
        v: value,
        t: &track,
    });
    // A failure no child noted happened at the root.
    result.map_err(|error| Failure {
        path: track.into_inner().failed_at.unwrap_or_default(),
        error,
    })
}

/// The paths of the values `T` does not read (unknown keys), in document order. Type errors
/// are not reported here (see [`deserialize`]); reading goes on as far as it can.
pub(crate) fn ignored<T: de::DeserializeOwned>(value: &Value) -> Vec<Vec<Seg>> {
    let track = RefCell::new(Track {
        ignored: Some(Vec::new()),
        ..Track::default()
    });
    let _ = T::deserialize(At {
        v: value,
        t: &track,
    });
    track.into_inner().ignored.unwrap_or_default()
}

/// A value at the tracked path.
#[derive(Clone, Copy)]
struct At<'de> {
    v: &'de Value,
    t: &'de RefCell<Track>,
}

impl<'de> At<'de> {
    fn unexpected(self) -> Unexpected<'de> {
        match self.v {
            Value::Null => Unexpected::Unit,
            Value::Bool(b) => Unexpected::Bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    Unexpected::Unsigned(u)
                } else if let Some(i) = n.as_i64() {
                    Unexpected::Signed(i)
                } else {
                    Unexpected::Float(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => Unexpected::Str(s),
            Value::Array(_) => Unexpected::Seq,
            Value::Object(_) => Unexpected::Map,
        }
    }

    /// Reads a child value with `seg` pushed on the path.
    fn child<S: DeserializeSeed<'de>>(
        self,
        seg: Seg,
        v: &'de Value,
        seed: S,
    ) -> Result<S::Value, Error> {
        self.t.borrow_mut().here.push(seg);
        let r = seed.deserialize(At { v, t: self.t });
        let mut t = self.t.borrow_mut();
        if r.is_err() && t.failed_at.is_none() {
            t.failed_at = Some(t.here.clone());
        }
        t.here.pop();
        r
    }

    fn seq<V: Visitor<'de>>(self, items: &'de [Value], visitor: V) -> Result<V::Value, Error> {
        let mut access = Items {
            at: self,
            items,
            next: 0,
        };
        let out = visitor.visit_seq(&mut access)?;
        if access.next == items.len() {
            Ok(out)
        } else {
            Err(Error::invalid_length(
                items.len(),
                &"fewer elements in array",
            ))
        }
    }

    fn map<V: Visitor<'de>>(
        self,
        map: &'de Map<String, Value>,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let mut access = Members {
            at: self,
            iter: map.iter(),
            value: None,
            read: 0,
        };
        let out = visitor.visit_map(&mut access)?;
        if access.read == map.len() {
            Ok(out)
        } else {
            Err(Error::invalid_length(map.len(), &"fewer elements in map"))
        }
    }
}

impl<'de> Deserializer<'de> for At<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.v {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else {
                    visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => self.seq(items, visitor),
            Value::Object(map) => self.map(map, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.v {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.v {
            Value::String(s) => visitor.visit_enum(Variant {
                at: self,
                name: s,
                value: None,
            }),
            Value::Object(map) => {
                let mut it = map.iter();
                match (it.next(), it.next()) {
                    (Some((name, value)), None) => visitor.visit_enum(Variant {
                        at: self,
                        name,
                        value: Some(value),
                    }),
                    _ => Err(Error::invalid_value(
                        Unexpected::Map,
                        &"map with a single key",
                    )),
                }
            }
            _ => Err(Error::invalid_type(self.unexpected(), &"string or map")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let mut t = self.t.borrow_mut();
        let here = t.here.clone();
        if let Some(ignored) = t.ignored.as_mut() {
            ignored.push(here);
        }
        drop(t);
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// The elements of an array.
struct Items<'de> {
    at: At<'de>,
    items: &'de [Value],
    next: usize,
}

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let Some(v) = self.items.get(self.next) else {
            return Ok(None);
        };
        let i = self.next;
        self.next += 1;
        self.at.child(Seg::Index(i), v, seed).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

/// The members of an object.
struct Members<'de> {
    at: At<'de>,
    iter: serde_json::map::Iter<'de>,
    value: Option<(&'de String, &'de Value)>,
    read: usize,
}

impl<'de> MapAccess<'de> for Members<'de> {
    type Error = Error;

    fn next_key_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let Some((k, v)) = self.iter.next() else {
            return Ok(None);
        };
        self.read += 1;
        self.value = Some((k, v));
        let key: de::value::BorrowedStrDeserializer<'de, Error> =
            de::value::BorrowedStrDeserializer::new(k);
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        match self.value.take() {
            Some((k, v)) => self.at.child(Seg::Key(k.clone()), v, seed),
            None => Err(Error::custom("value is missing")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// An enum variant: a string, or an object with one key.
struct Variant<'de> {
    at: At<'de>,
    name: &'de str,
    value: Option<&'de Value>,
}

impl<'de> EnumAccess<'de> for Variant<'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), Error> {
        let name = de::value::BorrowedStrDeserializer::<Error>::new(self.name);
        Ok((seed.deserialize(name)?, self))
    }
}

impl<'de> VariantAccess<'de> for Variant<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.value {
            None | Some(Value::Null) => Ok(()),
            Some(v) => Err(Error::invalid_type(
                At { v, t: self.at.t }.unexpected(),
                &"unit",
            )),
        }
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Error> {
        match self.value {
            Some(v) => self.at.child(Seg::Key(self.name.to_owned()), v, seed),
            None => Err(Error::invalid_type(
                Unexpected::UnitVariant,
                &"newtype variant",
            )),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Some(v) => self
                .at
                .child(Seg::Key(self.name.to_owned()), v, Seeded(visitor)),
            None => Err(Error::invalid_type(
                Unexpected::UnitVariant,
                &"tuple variant",
            )),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.value {
            Some(v) => self
                .at
                .child(Seg::Key(self.name.to_owned()), v, Seeded(visitor)),
            None => Err(Error::invalid_type(
                Unexpected::UnitVariant,
                &"struct variant",
            )),
        }
    }
}

/// A visitor used as a seed: reads the value with `deserialize_any`.
struct Seeded<V>(V);

impl<'de, V: Visitor<'de>> DeserializeSeed<'de> for Seeded<V> {
    type Value = V::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        d.deserialize_any(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::ask::Ask;
    use crate::{Advocate, Policy, Request};
    use serde_json::json;
    use std::collections::BTreeMap;

    /// Same value or same error message as serde_json's own `&Value` deserializer.
    fn same_as_serde_json<T: de::DeserializeOwned + PartialEq + std::fmt::Debug>(v: &Value) {
        let ours = deserialize::<T>(v).map_err(|f| f.error.to_string());
        let theirs = T::deserialize(v).map_err(|e| e.to_string());
        assert_eq!(ours, theirs, "{v}");
    }

    fn path(v: &Value) -> String {
        let f = deserialize::<Vec<Advocate>>(v).expect_err("an error");
        crate::input::parse::path_string("advocates", &f.path)
    }

    #[test]
    fn reads_and_fails_exactly_like_serde_json() {
        let ask = json!({"kind": "case_study", "date": "2026-03-01",
            "incentive": {"kind": "gift_card", "value": 50, "currency": "USD"}});
        same_as_serde_json::<Ask>(&ask);
        for bad in [
            json!(null),
            json!(7),
            json!("case_study"),
            json!([]),
            json!(["case_study", "2026-03-01"]),
            json!(["case_study", "2026-03-01", null, null, 1]),
            json!({"kind": "talk", "date": "2026-03-01"}),
            json!({"kind": 3, "date": "2026-03-01"}),
            json!({"kind": {"case_study": 1}, "date": "2026-03-01"}),
            json!({"kind": {"a": 1, "b": 2}, "date": "2026-03-01"}),
            json!({"kind": "case_study", "date": "2026-02-30"}),
            json!({"kind": "case_study", "date": 20260301}),
            json!({"kind": "case_study"}),
            json!({"kind": "case_study", "date": "2026-03-01", "incentive": {"kind": "cash", "value": "1"}}),
            json!({"kind": "case_study", "date": "2026-03-01", "incentive": {"kind": "cash", "value": -1.5}}),
            json!({"kind": "case_study", "date": "2026-03-01", "topic": ["x"]}),
        ] {
            same_as_serde_json::<Ask>(&bad);
        }
        for n in [
            json!(-1),
            json!(1.5),
            json!(u64::MAX),
            json!(i64::MIN),
            json!(true),
            json!("1"),
        ] {
            same_as_serde_json::<u32>(&n);
            same_as_serde_json::<i64>(&n);
            same_as_serde_json::<f64>(&n);
            same_as_serde_json::<Option<u8>>(&n);
            same_as_serde_json::<BTreeMap<String, u8>>(&json!({"a": n}));
            same_as_serde_json::<(u8,)>(&json!([n]));
        }
    }

    #[test]
    fn the_path_is_the_innermost_failing_value() {
        let ok = json!({"id": "a", "customer_since": "2020-01-01", "health_score": 80});
        let mut bad = ok.clone();
        bad["activities"] = json!([{"kind": "case_study", "date": "2021-01-01", "status": "completed"},
            {"kind": "case_study", "date": "2021-01-01", "status": "later"}]);
        assert_eq!(path(&json!([ok, bad])), "advocates[1].activities[1].status");
        let mut bad = ok.clone();
        bad["customer_since"] = json!("2020-13-01");
        assert_eq!(path(&json!([ok, ok, bad])), "advocates[2].customer_since");
        // A missing field fails at the object that lacks it.
        assert_eq!(path(&json!([ok, {"id": "b"}])), "advocates[1]");
        assert_eq!(path(&json!({"id": "b"})), "advocates");
        assert_eq!(path(&json!(ok)), "advocates");
        assert!(deserialize::<Vec<Advocate>>(&json!([ok])).is_ok());
    }

    #[test]
    fn skipped_values_are_reported_with_their_paths() {
        let v = json!({"id": "r", "kind": "case_study", "requested_on": "2026-01-01",
            "needed_by": "2026-03-01", "colour": "red",
            "prospect": {"industry": "retail", "size": {"employees": 3}}});
        let found: Vec<String> = ignored::<Request>(&v)
            .iter()
            .map(|p| crate::input::parse::path_string("", p))
            .collect();
        assert_eq!(found, ["colour", "prospect.size"]);
        let p = json!({"caps": {"annual": 6}, "fatigue": {"monthly": 1},
            "kinds": {"case_study": {"cap": 2, "x": 0}}});
        let found: Vec<String> = ignored::<Policy>(&p)
            .iter()
            .map(|p| crate::input::parse::path_string("", p))
            .collect();
        assert_eq!(found, ["caps", "fatigue.monthly", "kinds.case_study.x"]);
        // Nothing is reported unless asked for.
        assert!(deserialize::<Request>(&v).is_ok());
    }

    /// JSON values built from the record types' own keys and values, so that most of them
    /// reach deep into the deserializers before something is wrong.
    fn near_records() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        const KEYS: &[&str] = &[
            "id",
            "customer_since",
            "health_score",
            "nps",
            "nps_on",
            "activities",
            "kind",
            "date",
            "status",
            "consents",
            "purpose",
            "on",
            "expires",
            "engagements",
            "preferences",
            "public",
            "segment",
            "country",
            "incentive",
            "value",
            "currency",
            "topic",
            "prospect",
            "industry",
            "requested_on",
            "needed_by",
            "count",
            "fatigue",
            "annual_cap",
            "kinds",
            "case_study",
            "cap",
            "x",
        ];
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-3i64..200).prop_map(Value::from),
            Just(json!(1.5)),
            Just(json!(u64::MAX)),
            prop::sample::select(vec![
                "2026-03-01",
                "2026-02-30",
                "case_study",
                "completed",
                "granted",
                "program",
                "US",
                "mid_market",
                "gift_card",
                "a",
                "",
            ])
            .prop_map(|s| Value::String(s.to_owned())),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(prop::sample::select(KEYS), inner, 0..7).prop_map(
                    |m| { Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()) }
                ),
            ]
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]

        #[test]
        fn any_value_reads_as_serde_json_reads_it(v in near_records()) {
            same_as_serde_json::<Advocate>(&v);
            same_as_serde_json::<Request>(&v);
            same_as_serde_json::<Ask>(&v);
            same_as_serde_json::<Vec<Advocate>>(&Value::Array(vec![v.clone()]));
            let ours = deserialize::<Policy>(&v).map(|p| p.canonical_json()).map_err(|f| f.error.to_string());
            let theirs = <Policy as serde::Deserialize>::deserialize(&v).map(|p| p.canonical_json()).map_err(|e| e.to_string());
            proptest::prop_assert_eq!(ours, theirs);
        }
    }
}
