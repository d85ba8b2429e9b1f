//! [`KindMap`]: a value per activity kind, kept in a fixed array.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::input::records::ActivityKind;

const KINDS: usize = ActivityKind::ALL.len();

/// A map from [`ActivityKind`] to `V`: one slot per kind, no allocation, iterated and
/// serialized in kind order (the order of [`ActivityKind::ALL`], which is also the kinds'
/// `Ord`, so it serializes exactly as a `BTreeMap<ActivityKind, V>` would).
///
/// ```
/// use plaudit::{ActivityKind, KindMap};
/// let mut m = KindMap::new();
/// m.insert(ActivityKind::Review, 2);
/// m.insert(ActivityKind::ReferenceCall, 1);
/// assert_eq!(m.get(ActivityKind::Review), Some(&2));
/// assert_eq!(m.len(), 2);
/// assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"reference_call":1,"review":2}"#);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct KindMap<V> {
    slots: [Option<V>; KINDS],
}

impl<V> KindMap<V> {
    /// An empty map.
    pub const fn new() -> Self {
        KindMap {
            slots: [const { None }; KINDS],
        }
    }

    /// The value for `kind`, if any.
    #[inline]
    pub fn get(&self, kind: ActivityKind) -> Option<&V> {
        self.slots[kind as usize].as_ref()
    }

    /// The value for `kind`, mutably.
    #[inline]
    pub fn get_mut(&mut self, kind: ActivityKind) -> Option<&mut V> {
        self.slots[kind as usize].as_mut()
    }

    /// Sets the value for `kind`, returning the one it replaces.
    #[inline]
    pub fn insert(&mut self, kind: ActivityKind, value: V) -> Option<V> {
        self.slots[kind as usize].replace(value)
    }

    /// Removes the value for `kind`, returning it.
    pub fn remove(&mut self, kind: ActivityKind) -> Option<V> {
        self.slots[kind as usize].take()
    }

    /// Whether `kind` has a value.
    pub fn contains_key(&self, kind: ActivityKind) -> bool {
        self.slots[kind as usize].is_some()
    }

    /// Number of kinds with a value.
    pub fn len(&self) -> usize {
        self.slots.iter().filter(|s| s.is_some()).count()
    }

    /// Whether no kind has a value.
    pub fn is_empty(&self) -> bool {
        self.slots.iter().all(Option::is_none)
    }

    /// The kinds with a value and their values, in kind order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (ActivityKind, &V)> + Clone + '_ {
        ActivityKind::ALL
            .iter()
            .zip(&self.slots)
            .filter_map(|(&k, v)| v.as_ref().map(|v| (k, v)))
    }

    /// The kinds with a value, in kind order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = ActivityKind> + Clone + '_ {
        self.iter().map(|(k, _)| k)
    }

    /// The values, in kind order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + Clone + '_ {
        self.slots.iter().flatten()
    }
}

impl<V> Default for KindMap<V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<V: fmt::Debug> fmt::Debug for KindMap<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<V> FromIterator<(ActivityKind, V)> for KindMap<V> {
    /// Later values for a kind replace earlier ones.
    fn from_iter<I: IntoIterator<Item = (ActivityKind, V)>>(iter: I) -> Self {
        let mut m = KindMap::new();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

impl<V> Extend<(ActivityKind, V)> for KindMap<V> {
    fn extend<I: IntoIterator<Item = (ActivityKind, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<V: Serialize> Serialize for KindMap<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(&k, v)?;
        }
        map.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for KindMap<V> {
    /// A map keyed by kind names; a repeated kind keeps its last value (as a `BTreeMap`).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Map<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Map<V> {
            type Value = KindMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map keyed by activity kind")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut m = KindMap::new();
                while let Some((k, v)) = access.next_entry::<ActivityKind, V>()? {
                    m.insert(k, v);
                }
                Ok(m)
            }
        }
        d.deserialize_map(Map(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Every subset of kinds, inserted in a scrambled order: the same iteration and JSON as
    /// a `BTreeMap`, and the JSON reads back.
    #[test]
    fn answers_as_a_btree_map() -> Result<(), serde_json::Error> {
        for set in 0u32..(1 << KINDS) {
            let mut m = KindMap::new();
            let mut b = BTreeMap::new();
            for i in (0..KINDS).map(|i| (i * 7) % KINDS) {
                if set & (1 << i) != 0 {
                    let k = ActivityKind::ALL[i];
                    assert_eq!(m.insert(k, i), b.insert(k, i));
                }
            }
            assert_eq!(m.len(), b.len());
            assert_eq!(m.is_empty(), b.is_empty());
            assert!(m.iter().eq(b.iter().map(|(&k, v)| (k, v))));
            assert!(m.iter().rev().eq(b.iter().rev().map(|(&k, v)| (k, v))));
            let json = serde_json::to_string(&m)?;
            assert_eq!(json, serde_json::to_string(&b)?);
            assert_eq!(serde_json::from_str::<KindMap<usize>>(&json)?, m);
            for &k in ActivityKind::ALL {
                assert_eq!(m.get(k), b.get(&k));
                assert_eq!(m.contains_key(k), b.contains_key(&k));
            }
        }
        Ok(())
    }

    #[test]
    fn repeated_and_unknown_kinds() {
        let m: KindMap<u8> =
            serde_json::from_str(r#"{"review": 1, "review": 2}"#).unwrap_or_default();
        assert_eq!(m.get(ActivityKind::Review), Some(&2));
        assert!(serde_json::from_str::<KindMap<u8>>(r#"{"podcast": 1}"#).is_err());
        let mut m = m;
        assert_eq!(m.remove(ActivityKind::Review), Some(2));
        assert!(m.is_empty());
        assert_eq!(format!("{m:?}"), "{}");
    }
}
